package store

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// transitionWork is one participant's status change whose actions must be recorded.
type transitionWork struct {
	campaign    domain.Campaign
	participant domain.Participant
	contact     domain.Contact
	transition  int
	actions     []domain.Action
	// printBatch is the batch process that lists the PDFs printed, if any.
	printBatch string
	// folder is the campaign's folder, whose page size and logo prints use.
	folder domain.Folder
	// window is the audience's send window for the emails of an audience
	// sweep (nil: the campaign's).
	window *domain.SendWindow
}

// writeActions records, in the caller's transaction, every action of each
// status change under its idempotency key: outbox rows for emails (a
// delayed one due when its delay has passed, for the outbox sender),
// activities for tasks, meetings, emails and printed documents, generated
// PDFs, opportunities and activity plans. The participants' delayed emails
// still waiting from the status they left are cancelled first.
func writeActions(ctx context.Context, tx pgx.Tx, work []transitionWork) error {
	if err := cancelDelayed(ctx, tx, work); err != nil {
		return err
	}
	var all []domain.Action
	for _, w := range work {
		all = append(all, w.actions...)
	}
	if len(work) == 0 || len(all) == 0 {
		return nil
	}
	docs, err := loadActionDocs(ctx, tx, work[0].campaign.FolderID, all)
	if err != nil {
		return err
	}
	folder, err := loadPrintFolder(ctx, tx, work[0].campaign.FolderID, all)
	if err != nil {
		return err
	}
	batch := &actionBatch{}
	for _, w := range work {
		w.folder = folder
		values := domain.MergeValues(w.contact, w.campaign.Name)
		for i, a := range w.actions {
			key := domain.ActionKey(w.campaign.ID, w.participant.ID, w.transition, i)
			queueAction(batch, w, a, key, values, docs)
		}
	}
	return batch.send(ctx, tx)
}

// cancelDelayed cancels the delayed emails still waiting for participants
// that change status: a delayed email follows the status that scheduled it.
func cancelDelayed(ctx context.Context, tx pgx.Tx, work []transitionWork) error {
	if len(work) == 0 {
		return nil
	}
	ids := make([]string, len(work))
	for i, w := range work {
		ids[i] = w.participant.ID
	}
	_, err := tx.Exec(ctx, q("cancel_delayed_emails"), work[0].campaign.ID, ids)
	return err
}

// outboxRow is one campaign email to queue.
type outboxRow struct {
	key, campaignID, participantID string
	contactID                      any // nil for a test recipient
	to                             string
	email                          domain.RenderedEmail
	attach                         []string
	// due is when a delayed email may go (nil: at once).
	due    *time.Time
	window *domain.SendWindow
}

func queueOutbox(batch *pgx.Batch, r outboxRow) {
	batch.Queue(q("insert_outbox"), r.key, r.campaignID, r.participantID, r.contactID, r.to, r.email.Subject,
		r.email.Text, domain.MessageID(r.key), r.attach, r.email.HTML, r.due, r.due != nil, r.window)
}

// actionDocs are the campaign folder's documents that actions name, by id.
type actionDocs map[string]domain.Document

// loadActionDocs reads the documents the actions name, from the campaign's
// folder only: a document elsewhere is treated as missing.
func loadActionDocs(ctx context.Context, tx pgx.Tx, folderID string, actions []domain.Action) (actionDocs, error) {
	docs := actionDocs{}
	var ids []string
	for _, a := range actions {
		for _, id := range append([]string{a.DocumentID}, a.Attachments...) {
			if domain.IsUUID(id) {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 || folderID == "" {
		return docs, nil
	}
	rows, err := tx.Query(ctx, q("folder_documents_by_ids"), ids, folderID)
	if err != nil {
		return nil, err
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (domain.Document, error) { return scanDocument(r) })
	for _, d := range list {
		docs[d.ID] = d
	}
	return docs, err
}

func queueAction(batch *actionBatch, w transitionWork, a domain.Action, key string, values map[string]string, docs actionDocs) {
	p := w.participant
	subject := domain.Merge(a.Subject, values)
	skip := func(kind, reason string) {
		batch.Queue(q("insert_activity"), key, p.ContactID, w.campaign.ID, p.ID, kind,
			nullable(p.OwnerID), subject, map[string]any{"skipped": reason}, nil)
	}
	switch a.Kind {
	case domain.ActionEmail:
		queueEmail(batch, w, a, key, values, docs)
	case domain.ActionTask, domain.ActionMeeting:
		var due *time.Time
		if a.DueInDays > 0 {
			d := p.StatusSince.AddDate(0, 0, a.DueInDays)
			due = &d
		}
		batch.activities = append(batch.activities, activityRow{key: key, contactID: p.ContactID, campaignID: w.campaign.ID,
			participantID: p.ID, kind: string(a.Kind), ownerID: p.OwnerID, subject: subject, details: map[string]any{"status": p.Status}, due: due})
	case domain.ActionOpportunity:
		batch.Queue(q("insert_opportunity"), key, p.ContactID, w.campaign.ID, subject, a.Revenue)
	case domain.ActionPrint:
		queuePrint(&batch.Batch, w, a, key, values, docs)
	case domain.ActionActivityPlan:
		if !domain.IsUUID(a.PlanTemplateID) {
			skip("activity_plan", "no such activity plan template")
			return
		}
		batch.Queue(q("insert_activity_plan"), a.PlanTemplateID, key, p.ContactID, w.campaign.ID, a.CoverageRole,
			nullable(p.OwnerID), p.ID)
	case domain.ActionSMS, domain.ActionPoints, domain.ActionEngagement:
		queueAudienceAction(&batch.Batch, w, a, key, values)
	}
	if p.Test {
		markTest(&batch.Batch, key)
	}
}

// queueEmail queues an email now: its subject and body come from the
// template document when one is set (the action's subject, if any, wins),
// its attachments from the folder's documents.
func queueEmail(batch *actionBatch, w transitionWork, a domain.Action, key string, values map[string]string, docs actionDocs) {
	p := w.participant
	subjectTpl, bodyTpl := a.Subject, a.Body
	if a.DocumentID != "" {
		doc, ok := docs[a.DocumentID]
		if !ok {
			batch.Queue(q("insert_activity"), key, p.ContactID, w.campaign.ID, p.ID, "email",
				nullable(p.OwnerID), domain.Merge(subjectTpl, values), map[string]any{"skipped": "the template document is not in the campaign's folder"}, nil)
			return
		}
		bodyTpl = doc.Body
		if subjectTpl == "" {
			subjectTpl = doc.Subject
		}
		if subjectTpl == "" {
			subjectTpl = doc.Name
		}
	}
	email := domain.RenderEmail(subjectTpl, bodyTpl, values)
	subject, body := email.Subject, email.Text
	var due *time.Time
	if a.DelaySeconds > 0 {
		at := p.StatusSince.Add(time.Duration(a.DelaySeconds) * time.Second)
		due = &at
	}
	if p.Test {
		queueTestEmail(&batch.Batch, w, key, email, due)
		return
	}
	if w.contact.Email == "" {
		batch.Queue(q("insert_activity"), key, p.ContactID, w.campaign.ID, p.ID, "email",
			nullable(p.OwnerID), subject, map[string]any{"skipped": "the contact has no email address"}, nil)
		return
	}
	attach := []string{}
	names := []string{}
	for _, id := range a.Attachments {
		if d, ok := docs[id]; ok && len(d.Attachment) > 0 {
			attach = append(attach, id)
			names = append(names, d.AttachmentName)
		}
	}
	batch.emails = append(batch.emails, outboxRow{key: key, campaignID: w.campaign.ID, participantID: p.ID, contactID: p.ContactID,
		to: w.contact.Email, email: email, attach: attach, due: due, window: w.window})
	details := map[string]any{"to": w.contact.Email, "body": body, "attachments": names}
	if due != nil {
		details["due_at"] = *due
	}
	batch.activities = append(batch.activities, activityRow{key: key, contactID: p.ContactID, campaignID: w.campaign.ID,
		participantID: p.ID, kind: "email", ownerID: p.OwnerID, subject: subject, details: details})
}

// pendingKeys lists the outbox keys of the given participants not yet sent
// (pending, or claimed by a sender that may still fail or die).
func pendingKeys(ctx context.Context, tx pgx.Tx, participantIDs []string) ([]string, error) {
	rows, err := tx.Query(ctx, q("pending_outbox_keys"), participantIDs)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// QueueDelayedEmail records a delayed email action whose timer fired and
// returns its outbox key. It returns "" when the participant has left the
// status that scheduled it since (a follow-up is only for those still there).
// Nothing new is written when it was recorded before.
func (s *Store) QueueDelayedEmail(ctx context.Context, c domain.Campaign, participantID string, transition, index int, a domain.Action) (string, error) {
	key := domain.ActionKey(c.ID, participantID, transition, index)
	err := s.execTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, q("lock_participant"), c.ID, participantID)
		if err != nil {
			return err
		}
		p, err := pgx.CollectExactlyOneRow(rows, scanLocked)
		if err != nil {
			return notFound(err)
		}
		if p.Transitions != transition {
			key = ""
			return nil
		}
		docs, err := loadActionDocs(ctx, tx, c.FolderID, []domain.Action{a})
		if err != nil {
			return err
		}
		w := transitionWork{campaign: c, participant: p.Participant, contact: p.contact(), transition: transition}
		batch := &actionBatch{}
		queueAction(batch, w, a, key, domain.MergeValues(w.contact, c.Name), docs)
		return batch.send(ctx, tx)
	})
	return key, err
}
