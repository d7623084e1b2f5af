package store

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// ConvertLead turns a New or Qualifying lead into a contact (status Other,
// reusing the matched contact), in B2B mode also a company (reused by name),
// and optionally an opportunity; the lead becomes Qualified. Everything is
// written in one transaction with the lead's audit entry.
func (s *Store) ConvertLead(ctx context.Context, id int64, userID string, b2b bool, in domain.ConvertInput) (domain.ConvertResult, error) {
	var res domain.ConvertResult
	l, err := s.ChangeLead(ctx, id, userID, "convert", func(ctx context.Context, tx pgx.Tx, l *domain.Lead) error {
		res = domain.ConvertResult{}
		if err := domain.CheckConvert(*l); err != nil {
			return err
		}
		if b2b {
			if l.Company == "" {
				return &domain.ValidationError{Fields: []domain.FieldError{{Field: "company", Message: "the lead needs a company name in B2B mode"}}}
			}
			cid, created, err := companyFor(ctx, tx, *l)
			if err != nil {
				return err
			}
			res.CompanyID, res.CompanyCreated = cid, created
		}
		contactID := l.MatchedContactID
		if contactID != "" {
			if err := tx.QueryRow(ctx, q("get_contact_for_update"), contactID).Scan(&contactID); err != nil {
				return notFound(err)
			}
		} else {
			contactID = uuid.NewString()
			res.ContactCreated = true
			if _, err := tx.Exec(ctx, q("insert_contact_from_lead"), contactID, l.FirstName, l.LastName, "", "", "",
				nil, "", "", "", "", ""); err != nil {
				return err
			}
		}
		_, err := tx.Exec(ctx, q("move_lead_details_to_contact"), contactID, l.Email, l.Phone, l.Position,
			nullable(res.CompanyID), l.Address, l.AddressCity, !b2b, l.AddressState, l.AddressCountry, l.AddressZip,
			l.TimeZone, l.ConsentToContact)
		if err != nil {
			return err
		}
		res.ContactID = contactID
		if o := in.Opportunity; o != nil {
			res.OpportunityID = uuid.NewString()
			if _, err := tx.Exec(ctx, q("insert_lead_opportunity"), res.OpportunityID, contactID, nullable(res.CompanyID),
				l.ID, o.Kind, o.Template, o.Description); err != nil {
				return err
			}
		}
		now := time.Now()
		l.Status, l.ContactID, l.CompanyID, l.OpportunityID, l.ConvertedAt = domain.LeadQualified, contactID, res.CompanyID, res.OpportunityID, &now
		return nil
	})
	res.Lead = l
	return res, err
}

// companyFor finds the lead's company by name or creates it with the lead's address.
func companyFor(ctx context.Context, tx pgx.Tx, l domain.Lead) (string, bool, error) {
	var id string
	err := tx.QueryRow(ctx, q("company_by_name"), l.Company).Scan(&id)
	if err == nil {
		return id, false, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return "", false, err
	}
	id = uuid.NewString()
	tag, err := tx.Exec(ctx, q("insert_company"), id, l.Company, l.Address, l.AddressCity, l.AddressState, l.AddressCountry, l.AddressZip)
	if err != nil {
		return "", false, err
	}
	if tag.RowsAffected() == 0 {
		err = tx.QueryRow(ctx, q("company_by_name"), l.Company).Scan(&id)
		return id, false, err
	}
	return id, true, nil
}

// Company is a business that converted leads belong to in B2B mode.
type Company struct {
	ID, Name, Address, AddressCity, AddressState, AddressCountry, AddressZip string
}

// GetCompany reads one company.
func (s *Store) GetCompany(ctx context.Context, id string) (Company, error) {
	var c Company
	err := s.pool.QueryRow(ctx, q("get_company"), id).Scan(&c.ID, &c.Name, &c.Address, &c.AddressCity, &c.AddressState, &c.AddressCountry, &c.AddressZip)
	return c, notFound(err)
}

// ContactDetails is a contact with the details a converted lead brings.
type ContactDetails struct {
	domain.Contact
	Position, CompanyID, Address, AddressCity, AddressState, AddressCountry, AddressZip string
	// TimeZone and ConsentToContact are the contact's sending settings.
	TimeZone         string
	ConsentToContact bool
}

// GetContactDetails reads a contact with its address, position and company.
func (s *Store) GetContactDetails(ctx context.Context, id string) (ContactDetails, error) {
	var c ContactDetails
	err := s.pool.QueryRow(ctx, q("get_contact_details"), id).Scan(&c.ID, &c.FirstName, &c.LastName, &c.Email, &c.Phone,
		&c.Status, &c.Position, &c.CompanyID, &c.Address, &c.AddressCity, &c.AddressState, &c.AddressCountry, &c.AddressZip,
		&c.TimeZone, &c.ConsentToContact)
	return c, notFound(err)
}

// Opportunity is an opportunity as a lead conversion creates it.
type Opportunity struct {
	ID, ContactID, CompanyID    string
	LeadID                      int64
	Kind, Template, Description string
	Stage                       string
}

// GetConvertedOpportunity reads an opportunity with its lead-conversion details.
func (s *Store) GetConvertedOpportunity(ctx context.Context, id string) (Opportunity, error) {
	var o Opportunity
	err := s.pool.QueryRow(ctx, q("get_converted_opportunity"), id).Scan(&o.ID, &o.ContactID, &o.CompanyID, &o.LeadID, &o.Kind,
		&o.Template, &o.Description, &o.Stage)
	return o, notFound(err)
}
