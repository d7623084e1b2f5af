package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// AddParticipants adds contacts to a campaign as Targeted participants owned
// by ownerID, skipping contacts already in it, and returns how many were added.
func (s *Store) AddParticipants(ctx context.Context, campaignID string, contactIDs []string, ownerID string) (int, error) {
	tag, err := s.pool.Exec(ctx, q("add_participants"), campaignID, contactIDs, nullable(ownerID))
	if err != nil {
		return 0, err
	}
	return int(tag.RowsAffected()), nil
}

// CountParticipants counts a campaign's participants.
func (s *Store) CountParticipants(ctx context.Context, campaignID string) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, q("count_participants"), campaignID).Scan(&n)
	return n, err
}

// ListParticipants returns up to limit participants after the given id.
func (s *Store) ListParticipants(ctx context.Context, campaignID, after string, limit int) ([]domain.Participant, error) {
	return s.listParticipants(ctx, q("list_participants"), campaignID, nullable(after), limit)
}

// ListParticipantsWithStatus returns up to limit participants in one status after the given id.
func (s *Store) ListParticipantsWithStatus(ctx context.Context, campaignID, status, after string, limit int) ([]domain.Participant, error) {
	return s.listParticipants(ctx, q("list_participants_with_status"), campaignID, nullable(after), limit, status)
}

// ParticipantsByIDs reads the campaign's participants among ids as they are
// now; an id no longer in the campaign is left out.
func (s *Store) ParticipantsByIDs(ctx context.Context, campaignID string, ids []string) ([]domain.Participant, error) {
	return s.listParticipants(ctx, q("participants_by_ids"), campaignID, ids)
}

func (s *Store) listParticipants(ctx context.Context, sql string, args ...any) ([]domain.Participant, error) {
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Participant, error) {
		var p domain.Participant
		err := r.Scan(&p.ID, &p.CampaignID, &p.ContactID, &p.OwnerID, &p.Status, &p.Transitions,
			&p.Version, &p.Test, &p.StatusSince, &p.FirstName, &p.LastName, &p.Email, &p.CreatedAt, &p.UnsubscribedAt)
		return p, err
	})
}

// GetParticipant reads one participant of a campaign.
func (s *Store) GetParticipant(ctx context.Context, campaignID, id string) (domain.Participant, error) {
	var p domain.Participant
	err := s.pool.QueryRow(ctx, q("get_participant"), campaignID, id).Scan(&p.ID, &p.CampaignID, &p.ContactID,
		&p.OwnerID, &p.Status, &p.Transitions, &p.Version, &p.Test, &p.StatusSince, &p.FirstName, &p.LastName, &p.Email, &p.CreatedAt,
		&p.UnsubscribedAt)
	return p, notFound(err)
}

// lockedParticipant is a participant row read for update, with its contact.
type lockedParticipant struct {
	domain.Participant
	Phone string
}

func scanLocked(r pgx.CollectableRow) (lockedParticipant, error) {
	var p lockedParticipant
	err := r.Scan(&p.ID, &p.CampaignID, &p.ContactID, &p.OwnerID, &p.Status, &p.Transitions,
		&p.Version, &p.Test, &p.StatusSince, &p.FirstName, &p.LastName, &p.Email, &p.CreatedAt, &p.Phone)
	return p, err
}

func (p lockedParticipant) contact() domain.Contact {
	return domain.Contact{ID: p.ContactID, FirstName: p.FirstName, LastName: p.LastName, Email: p.Email, Phone: p.Phone}
}

// StartPage is the outcome of one page of a campaign's bulk start.
type StartPage struct {
	// Participants are the page's participants as they are after the page.
	Participants []domain.Participant
	// EmailKeys are the outbox keys of the page still waiting to be sent.
	EmailKeys []string
	// LastID is the cursor for the next page; empty when the page was empty.
	LastID string
	// Initiated counts the participants this call moved to Contacted.
	Initiated int
}

// InitiatePage runs one page of the bulk campaign start in one transaction:
// it moves the page's Targeted participants to Contacted, records the
// Contacted actions (tasks, opportunities, outbox emails) under their
// idempotency keys, and returns the page with the emails still to send. A
// repeated page moves nobody twice and writes no action twice.
func (s *Store) InitiatePage(ctx context.Context, c domain.Campaign, after string, limit int) (StartPage, error) {
	return s.initiate(ctx, c, nil, q("lock_participant_page"), c.ID, nullable(after), limit)
}

// initiate runs the bulk start on the participants the query selects and
// locks (with their contacts, as scanLocked reads them); window, when set,
// is the send window of their emails (an audience's) instead of the
// campaign's.
func (s *Store) initiate(ctx context.Context, c domain.Campaign, window *domain.SendWindow, query string, args ...any) (StartPage, error) {
	var page StartPage
	contacted, ok := c.Workflow.Status(domain.StatusContacted)
	if !ok {
		return page, fmt.Errorf("campaign %s: workflow has no %s status", c.ID, domain.StatusContacted)
	}
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		page = StartPage{}
		rows, err := tx.Query(ctx, query, args...)
		if err != nil {
			return err
		}
		locked, err := pgx.CollectRows(rows, scanLocked)
		if err != nil || len(locked) == 0 {
			return err
		}
		ids := make([]string, len(locked))
		byID := make(map[string]int, len(locked))
		for i, p := range locked {
			ids[i] = p.ID
			byID[p.ID] = i
		}
		rows, err = tx.Query(ctx, q("initiate_participants"), c.ID, ids, contacted.Name, c.Version, c.VersionStatus == domain.VersionTest)
		if err != nil {
			return err
		}
		var work []transitionWork
		var printBatch string
		for rows.Next() {
			var id string
			var n int
			var since time.Time
			if err := rows.Scan(&id, &n, &since); err != nil {
				return err
			}
			p := &locked[byID[id]]
			p.Status, p.Transitions, p.StatusSince = contacted.Name, n, since
			p.Version, p.Test = c.Version, c.VersionStatus == domain.VersionTest
			work = append(work, transitionWork{campaign: c, participant: p.Participant, contact: p.contact(), transition: n,
				actions: contacted.Actions, window: window})
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(work) > 0 && hasPrint(contacted.Actions) {
			if printBatch, err = ensurePrintBatch(ctx, tx, c); err != nil {
				return err
			}
			for i := range work {
				work[i].printBatch = printBatch
			}
		}
		keys, pids, ns := make([]string, len(work)), make([]string, len(work)), make([]int32, len(work))
		for i, w := range work {
			keys[i], pids[i], ns[i] = domain.TransitionKey(c.ID, w.participant.ID, w.transition), w.participant.ID, int32(w.transition)
		}
		if _, err := tx.Exec(ctx, q("insert_status_log_bulk"), keys, c.ID, pids, ns, domain.StatusTargeted, contacted.Name); err != nil {
			return err
		}
		if err := writeActions(ctx, tx, work); err != nil {
			return err
		}
		page.Initiated = len(work)
		page.EmailKeys, err = pendingKeys(ctx, tx, ids)
		if err != nil {
			return err
		}
		for _, p := range locked {
			page.Participants = append(page.Participants, p.Participant)
		}
		page.LastID = ids[len(ids)-1]
		return nil
	})
	return page, err
}

// ApplyStatusParams describes one participant status change.
type ApplyStatusParams struct {
	Campaign      domain.Campaign
	ParticipantID string
	From, To      string
	// Transition is the number this change gets (previous count + 1).
	Transition int
	Actions    []domain.Action
	ActorID    string
}

// ApplyStatus records a participant's status change and the new status's
// actions in one transaction and returns the keys of the emails to send now.
// Applying the same change again (a retried activity) writes nothing new.
func (s *Store) ApplyStatus(ctx context.Context, p ApplyStatusParams) (domain.Participant, []string, error) {
	var out domain.Participant
	var keys []string
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, q("lock_participant"), p.Campaign.ID, p.ParticipantID)
		if err != nil {
			return err
		}
		cur, err := pgx.CollectExactlyOneRow(rows, scanLocked)
		if err != nil {
			return notFound(err)
		}
		switch {
		case cur.Transitions == p.Transition-1 && cur.Status == p.From:
			if err := tx.QueryRow(ctx, q("set_participant_status"), cur.ID, p.To, p.Transition).Scan(&cur.StatusSince); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, q("insert_status_log"), domain.TransitionKey(p.Campaign.ID, cur.ID, p.Transition),
				p.Campaign.ID, cur.ID, p.Transition, cur.Status, p.To, nullable(p.ActorID)); err != nil {
				return err
			}
			cur.Status, cur.Transitions = p.To, p.Transition
			w := transitionWork{campaign: p.Campaign, participant: cur.Participant, contact: cur.contact(), transition: p.Transition, actions: p.Actions}
			if err := writeActions(ctx, tx, []transitionWork{w}); err != nil {
				return err
			}
		case cur.Transitions >= p.Transition:
			// Applied already, by an earlier attempt of this activity, unless
			// another path (a batch whose signal has not reached the
			// participant's workflow yet) took that transition number for
			// another move: that one stands, and this change is refused.
			var from, to string
			err := tx.QueryRow(ctx, q("transition_status"), cur.ID, p.Transition).Scan(&from, &to)
			if err != nil && !errors.Is(err, pgx.ErrNoRows) {
				return err
			}
			if err == nil && (from != p.From || to != p.To) {
				return &domain.TransitionError{Entity: "participant", From: p.From, To: p.To,
					Reason: "the participant changed status concurrently (now " + cur.Status + ")"}
			}
		default:
			return &domain.TransitionError{Entity: "participant", From: cur.Status, To: p.To,
				Reason: "the participant changed status concurrently"}
		}
		out = cur.Participant
		keys, err = pendingKeys(ctx, tx, []string{cur.ID})
		return err
	})
	return out, keys, err
}

// RemoveParticipant deletes one participant of a campaign.
func (s *Store) RemoveParticipant(ctx context.Context, campaignID, participantID string) error {
	var n int
	err := s.pool.QueryRow(ctx, q("delete_participant"), campaignID, participantID).Scan(&n)
	if err == nil && n == 0 {
		return domain.ErrNotFound
	}
	return err
}

// Removed is what removing every participant of a campaign did.
type Removed struct {
	Count int
	// Initiated are the removed participants that had left Targeted (and so
	// may have a workflow to end).
	Initiated []string
}

// RemoveAllParticipants deletes every participant of a campaign.
func (s *Store) RemoveAllParticipants(ctx context.Context, campaignID string) (Removed, error) {
	var out Removed
	rows, err := s.pool.Query(ctx, q("delete_all_participants"), campaignID)
	if err != nil {
		return out, err
	}
	type row struct {
		ID     string
		Status string
	}
	all, err := pgx.CollectRows(rows, pgx.RowToStructByPos[row])
	if err != nil {
		return out, err
	}
	out.Count = len(all)
	for _, r := range all {
		if r.Status != domain.StatusTargeted {
			out.Initiated = append(out.Initiated, r.ID)
		}
	}
	return out, nil
}

func hasPrint(actions []domain.Action) bool {
	for _, a := range actions {
		if a.Kind == domain.ActionPrint {
			return true
		}
	}
	return false
}

// CountUnowned counts a campaign's Targeted participants without an owner
// (they cannot be initiated).
func (s *Store) CountUnowned(ctx context.Context, campaignID string) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, q("count_unowned"), campaignID).Scan(&n)
	return n, err
}

// MissingParticipants returns those of ids that are no longer participants of the campaign.
func (s *Store) MissingParticipants(ctx context.Context, campaignID string, ids []string) ([]string, error) {
	rows, err := s.pool.Query(ctx, q("missing_participants"), campaignID, ids)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
