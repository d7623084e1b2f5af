package store

import (
	"cmp"
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// SetParticipantOwner gives a participant another owner. Setting the same
// owner again changes nothing, so a retried activity is harmless.
func (s *Store) SetParticipantOwner(ctx context.Context, campaignID, participantID, ownerID string) error {
	tag, err := s.pool.Exec(ctx, q("set_participant_owner"), campaignID, participantID, ownerID)
	if isForeignKeyViolation(err) {
		return &domain.ValidationError{Fields: []domain.FieldError{{Field: "owner_id", Message: "no such user"}}}
	}
	if err == nil && tag.RowsAffected() == 0 {
		return domain.ErrNotFound
	}
	return err
}

// BulkStatusItem is one item of a bulk status change: a batch item naming a participant.
type BulkStatusItem struct {
	Seq           int
	ParticipantID string
}

// BulkStatusOutcome is what a bulk status change did for one item. Reason is
// set when the item was refused; Participant is the participant after the
// change otherwise.
type BulkStatusOutcome struct {
	Seq         int
	Participant domain.Participant
	Reason      string
}

// BulkStatusResult is the outcome of one page of a bulk status change.
type BulkStatusResult struct {
	Outcomes []BulkStatusOutcome
	// EmailKeys are the outbox keys of the changed participants still to send.
	EmailKeys []string
}

// versionDefs caches the workflow definitions of a campaign's versions.
type versionDefs map[int]domain.WorkflowDef

// of returns the definition of version n.
func (d versionDefs) of(ctx context.Context, tx pgx.Tx, campaignID string, n int) (domain.WorkflowDef, error) {
	if def, ok := d[n]; ok {
		return def, nil
	}
	v, err := scanVersion(tx.QueryRow(ctx, q("get_version"), campaignID, n))
	if err != nil {
		return domain.WorkflowDef{}, err
	}
	d[n] = v.Workflow
	return v.Workflow, nil
}

// BulkApplyStatus moves a page of participants to one status in one
// transaction, with the new status's actions, each change keyed by its batch
// item (domain.BatchKey): a retried page reports the items it already
// applied and writes nothing twice. An item the rules refuse gets a reason
// and changes nothing.
func (s *Store) BulkApplyStatus(ctx context.Context, c domain.Campaign, to, batchID, actorID string, items []BulkStatusItem) (BulkStatusResult, error) {
	var res BulkStatusResult
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		res = BulkStatusResult{}
		defs := versionDefs{c.Version: c.Workflow}
		keys := make([]string, len(items))
		var ids []string
		for i, it := range items {
			keys[i] = domain.BatchKey(batchID, it.Seq)
			if domain.IsUUID(it.ParticipantID) {
				ids = append(ids, it.ParticipantID)
			}
		}
		done := map[string]bool{}
		rows, err := tx.Query(ctx, q("status_log_keys"), keys)
		if err != nil {
			return err
		}
		applied, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return err
		}
		for _, k := range applied {
			done[k] = true
		}
		rows, err = tx.Query(ctx, q("lock_participants_by_ids"), c.ID, ids)
		if err != nil {
			return err
		}
		locked, err := pgx.CollectRows(rows, scanLocked)
		if err != nil {
			return err
		}
		byID := make(map[string]*lockedParticipant, len(locked))
		for i := range locked {
			byID[locked[i].ID] = &locked[i]
		}
		var work []transitionWork
		var changed []string
		// The page's moves are written two statements at a time (the
		// participants, their log lines) once the page is decided; a
		// participant named twice in one page is written before its second
		// item is decided, so that item sees the first move.
		var mv statusMoves
		flush := func() error {
			since, err := mv.write(ctx, tx, c.ID, actorID)
			if err != nil {
				return err
			}
			for i, at := range since {
				work[mv.work[i]].participant.StatusSince = at
				res.Outcomes[mv.outcome[i]].Participant.StatusSince = at
				byID[mv.ids[i]].StatusSince = at
			}
			mv = statusMoves{}
			return nil
		}
		for i, it := range items {
			out := BulkStatusOutcome{Seq: it.Seq}
			p, found := byID[it.ParticipantID]
			var target domain.ParticipantStatus
			ok := false
			if found {
				// Each participant moves by the definition of the version it runs.
				def, err := defs.of(ctx, tx, c.ID, cmp.Or(p.Version, c.Version))
				if err != nil {
					return err
				}
				target, ok = def.Status(to)
				if ok && !done[keys[i]] {
					if err := def.CanMove(p.Status, target.Name); err != nil {
						out.Reason = err.Error()
					}
				}
			}
			switch {
			case !found:
				out.Reason = "not a participant of this campaign"
			case done[keys[i]]:
				out.Participant = p.Participant
				changed = append(changed, p.ID)
			case !ok:
				out.Reason = "the campaign workflow has no status " + to
			default:
				if err := domain.CanChangeParticipantStatus(c.Stage, p.Status, target.Name); err != nil {
					out.Reason = err.Error()
				}
			}
			if found && out.Reason == "" && !done[keys[i]] {
				n := p.Transitions + 1
				mv.add(keys[i], p.ID, p.Status, target.Name, n, len(work), len(res.Outcomes))
				p.Status, p.Transitions = target.Name, n
				work = append(work, transitionWork{campaign: c, participant: p.Participant, contact: p.contact(), transition: n, actions: target.Actions})
				changed = append(changed, p.ID)
				out.Participant = p.Participant
			}
			res.Outcomes = append(res.Outcomes, out)
			if i+1 < len(items) && mv.has(items[i+1].ParticipantID) {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		if err := writeActions(ctx, tx, work); err != nil {
			return err
		}
		if len(changed) > 0 {
			res.EmailKeys, err = pendingKeys(ctx, tx, changed)
		}
		return err
	})
	return res, err
}

// CampaignStage reads a campaign's current stage.
func (s *Store) CampaignStage(ctx context.Context, id string) (domain.Stage, error) {
	var st domain.Stage
	err := s.pool.QueryRow(ctx, q("campaign_stage"), id).Scan(&st)
	return st, notFound(err)
}
