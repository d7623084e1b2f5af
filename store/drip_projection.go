package store

import (
	"context"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// DripEnrollmentRecord is a new enrollment as its workflow starts it.
type DripEnrollmentRecord struct {
	CampaignID string
	ContactID  string
	Enrollment int
	Origin     domain.DripOrigin
	Status     domain.DripStatus
	StartAt    time.Time
	Steps      []domain.DripStep
	DueAt      []time.Time
}

// RecordDripEnrollment writes a new enrollment and its pending steps,
// replacing the contact's previous enrollment in the campaign. Repeating it
// changes nothing.
func (s *Store) RecordDripEnrollment(ctx context.Context, r DripEnrollmentRecord) error {
	return s.execTx(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, q("upsert_drip_enrollment"), r.CampaignID, r.ContactID, r.Enrollment, r.Origin, r.Status, r.StartAt)
		if isForeignKeyViolation(err) {
			return domain.ErrNotFound
		}
		if err != nil {
			return err
		}
		batch := &pgx.Batch{}
		batch.Queue(q("delete_old_drip_steps"), r.CampaignID, r.ContactID, r.Enrollment)
		for i, st := range r.Steps {
			batch.Queue(q("insert_drip_step"), r.CampaignID, r.ContactID, i+1, r.Enrollment, st.Name, st.Action, r.DueAt[i])
		}
		return tx.SendBatch(ctx, batch).Close()
	})
}

// SetDripStatus writes an enrollment's new status at the given time. Removal
// also resets the steps' progress.
func (s *Store) SetDripStatus(ctx context.Context, campaignID, contactID string, enrollment int, status domain.DripStatus, at time.Time) error {
	return s.execTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, q("set_drip_status"), campaignID, contactID, enrollment, at, status); err != nil {
			return err
		}
		if status != domain.DripRemoved {
			return nil
		}
		_, err := tx.Exec(ctx, q("reset_drip_steps"), campaignID, contactID, enrollment)
		return err
	})
}

// SkipDripStep marks a pending step skipped.
func (s *Store) SkipDripStep(ctx context.Context, campaignID, contactID string, enrollment, step int) error {
	_, err := s.pool.Exec(ctx, q("skip_drip_step"), campaignID, contactID, enrollment, step)
	return err
}

// SetDripStepResult records what the last run of a step did with its
// message ("sent", "suppressed: unsubscribed", "failed: ...").
func (s *Store) SetDripStepResult(ctx context.Context, campaignID, contactID string, enrollment, step int, result string) error {
	_, err := s.pool.Exec(ctx, q("set_drip_step_result"), campaignID, contactID, enrollment, step, result)
	return err
}

// DripStepRun is one run of a drip step.
type DripStepRun struct {
	CampaignID string
	ContactID  string
	Enrollment int
	// Step is the 1-based step number; Run counts its runs from 1.
	Step int
	Run  int
	Def  domain.DripStep
	At   time.Time
}

// DripStepOutcome is what recording a step run produced.
type DripStepOutcome struct {
	// EmailKey and SMSKey name the outbox rows to deliver, if any.
	EmailKey string
	SMSKey   string
	DoneAt   time.Time
	// Stale is set when the enrollment was replaced meanwhile: nothing was written.
	Stale bool
}

// RecordDripStepRun records, in one transaction and under the run's
// idempotency key, the step's side effect (an outbox email, a task or an
// outbox SMS, with a contact activity) and marks the step done. Repeating it
// writes nothing new.
func (s *Store) RecordDripStepRun(ctx context.Context, r DripStepRun) (DripStepOutcome, error) {
	var out DripStepOutcome
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		var enrollment int
		var campaignName string
		var c domain.ContactProfile
		err := tx.QueryRow(ctx, q("lock_drip_enrollment"), r.CampaignID, r.ContactID).Scan(&enrollment, &campaignName,
			&c.ID, &c.FirstName, &c.LastName, &c.Email, &c.Phone, &c.Status, &c.CreatedAt, &c.PartnerType, &c.Tags)
		if err != nil {
			return notFound(err)
		}
		if enrollment != r.Enrollment {
			out.Stale = true
			return nil
		}
		key := domain.DripStepKey(r.CampaignID, r.ContactID, r.Enrollment, r.Step, r.Run)
		values := domain.DripMergeValues(c, campaignName)
		subject, body := domain.Merge(r.Def.Subject, values), domain.Merge(r.Def.Body, values)
		details := map[string]any{"step": r.Step, "run": r.Run, "step_name": r.Def.Name}
		var due *time.Time
		switch r.Def.Action {
		case domain.DripEmail:
			if c.Email == "" {
				details["skipped"] = "the contact has no email address"
				break
			}
			email := domain.RenderEmail(r.Def.Subject, r.Def.Body, values)
			subject = email.Subject
			details["to"], details["body"] = c.Email, email.Text
			if _, err := tx.Exec(ctx, q("insert_drip_outbox"), key, r.CampaignID, r.ContactID, c.Email, email.Subject, email.Text,
				domain.MessageID(key), email.HTML); err != nil {
				return err
			}
			out.EmailKey = key
		case domain.DripSMS:
			subject = r.Def.Name
			if c.Phone == "" {
				details["skipped"] = "the contact has no phone number"
				break
			}
			details["to"], details["body"] = c.Phone, body
			if _, err := tx.Exec(ctx, q("insert_sms"), key, r.CampaignID, r.ContactID, c.Phone, body); err != nil {
				return err
			}
			out.SMSKey = key
		case domain.DripTask:
			if r.Def.DueInDays > 0 {
				d := r.At.AddDate(0, 0, r.Def.DueInDays)
				due = &d
			}
		}
		if _, err := tx.Exec(ctx, q("insert_drip_activity"), key, r.ContactID, r.CampaignID, string(r.Def.Action),
			subject, details, due); err != nil {
			return err
		}
		err = tx.QueryRow(ctx, q("done_drip_step"), r.CampaignID, r.ContactID, r.Enrollment, r.Step, r.At, r.Run).Scan(&out.DoneAt)
		return notFound(err)
	})
	return out, err
}

// SMSMessage is one queued SMS.
type SMSMessage struct {
	Key    string
	To     string
	Body   string
	Status string
	// Suppressed is set by a claim that found the message's contact
	// refusing contact: the message is final ("suppressed") and not sent.
	Suppressed string
}

// ClaimSMS is ClaimEmails for text messages: those whose contact refuses
// contact come back already final, with the reason in Suppressed.
func (s *Store) ClaimSMS(ctx context.Context, c Claim, keys []string, limit int) ([]SMSMessage, error) {
	rows, err := s.pool.Query(ctx, SMSOutbox.query("claim"), keys, c.By, c.leaseMillis(), limit)
	if err != nil {
		return nil, err
	}
	msgs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (SMSMessage, error) {
		m := SMSMessage{Status: "sending"}
		err := r.Scan(&m.Key, &m.To, &m.Body, &m.Suppressed)
		if m.Suppressed != "" {
			m.Status = OutboxSuppressed
		}
		return m, err
	})
	sort.Slice(msgs, func(i, j int) bool { return msgs[i].Key < msgs[j].Key })
	return msgs, err
}

// ContactSMS lists every SMS queued for a contact, oldest first.
func (s *Store) ContactSMS(ctx context.Context, contactID string) ([]SMSMessage, error) {
	rows, err := s.pool.Query(ctx, q("list_sms_for_contact"), contactID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (SMSMessage, error) {
		var m SMSMessage
		err := r.Scan(&m.Key, &m.To, &m.Body, &m.Status)
		return m, err
	})
}
