package app

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// triggerAnswerWait bounds how long a contact's create or change waits for
// its drip triggers' evaluation, to name the campaigns it started. The
// evaluation itself is a workflow and goes on regardless.
const triggerAnswerWait = 10 * time.Second

// SavedContact is a contact after a create or change, with the drip
// campaigns its trigger criteria started.
type SavedContact struct {
	domain.ContactProfile
	// DripsStarted lists the drip campaigns the trigger evaluation that
	// covers this change enrolled the contact in (changes made while an
	// evaluation runs share its next pass, and its answer). It is empty
	// when the evaluation did not answer in time; it still goes on.
	DripsStarted []string `json:"drips_started"`
}

// ListContacts is one keyset page of the contacts (never an erased one),
// searched and filtered as params say.
func (s *Service) ListContacts(ctx context.Context, actor domain.User, params domain.ContactListParams) (store.ContactPage, error) {
	f, err := params.Filter()
	if err != nil {
		return store.ContactPage{}, err
	}
	return s.st.ContactPage(ctx, f)
}

// CreateContact adds a contact (consenting to contact unless the input
// says otherwise) and enrolls it in the drip campaigns whose trigger
// criteria it meets.
func (s *Service) CreateContact(ctx context.Context, actor domain.User, in domain.ContactInput) (SavedContact, error) {
	p := domain.ContactProfile{Contact: domain.Contact{ID: uuid.NewString()}, ConsentToContact: true}
	in.Apply(&p)
	if err := domain.ValidateContact(p); err != nil {
		return SavedContact{}, err
	}
	p, err := s.st.CreateContactProfile(ctx, p)
	if err != nil {
		return SavedContact{}, err
	}
	return SavedContact{ContactProfile: p, DripsStarted: s.EnrollByTrigger(ctx, p)}, nil
}

// ChangeContact changes the fields the input names; a contact that comes
// to meet a drip campaign's trigger criteria is enrolled in it.
func (s *Service) ChangeContact(ctx context.Context, actor domain.User, id string, in domain.ContactInput) (SavedContact, error) {
	p, err := s.st.UpdateContactProfile(ctx, id, func(p *domain.ContactProfile) error {
		in.Apply(p)
		return domain.ValidateContact(*p)
	})
	if err != nil {
		return SavedContact{}, err
	}
	return SavedContact{ContactProfile: p, DripsStarted: s.EnrollByTrigger(ctx, p)}, nil
}

// EnrollByTrigger has the contact's profile evaluated against every active
// triggered drip campaign, in a workflow (DripTriggerWorkflow) rather than
// in the caller's request, and waits briefly for the campaigns it started.
// A trigger never restarts a running, paused or finished enrollment, and
// enrolls a removed one again (domain.DripTrigger.Enrolls). Failures are
// logged: the contact's change stands, and the evaluation, once started,
// is durable.
func (s *Service) EnrollByTrigger(ctx context.Context, p domain.ContactProfile) []string {
	// When no active campaign's criteria hold for the profile as saved,
	// there is nothing to evaluate: the workflow's first pass would read
	// this same answer from the same tables. Skipping it keeps a bulk load
	// of contacts that meet no trigger at the speed of its inserts. A
	// campaign activated later enrolls the contacts whose next change
	// meets it, as it would a contact evaluated a moment before.
	if camps, err := s.st.TriggeredDripCampaigns(ctx); err == nil && !anyTriggerMatches(camps, p) {
		return []string{}
	}
	started, err := s.wf.Drips.EnrollByTriggerNow(detached(ctx), p.ID, triggerAnswerWait)
	if err != nil {
		s.log.Warn("drip triggers not evaluated in time; the evaluation goes on", "contact", p.ID, "error", err)
	}
	if started == nil {
		started = []string{}
	}
	return started
}

// anyTriggerMatches reports whether the criteria of any of the campaigns
// hold for the profile.
func anyTriggerMatches(camps []domain.DripCampaign, p domain.ContactProfile) bool {
	for _, c := range camps {
		if c.Trigger != nil && c.Trigger.Matches(p) {
			return true
		}
	}
	return false
}
