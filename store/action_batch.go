package store

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// actionBatch holds the statements that record a set of actions. The
// emails, the bulk of any campaign-wide change, are gathered into one
// INSERT of outbox rows and one of their activities, written first; every
// other action is queued as a statement of its own after them. Each row is
// keyed by its action, and no other statement of the batch writes an
// email's key before its INSERT, so the order changes nothing but the
// number of statements (two for a page of 500 emails instead of a thousand).
type actionBatch struct {
	pgx.Batch
	emails     []outboxRow
	activities []activityRow
}

// activityRow is one activity to record (insert_activity).
type activityRow struct {
	key, contactID, campaignID, participantID, kind string
	ownerID                                         string // "" for none
	subject                                         string
	details                                         map[string]any
	due                                             *time.Time
}

// send runs the batch in tx.
func (b *actionBatch) send(ctx context.Context, tx pgx.Tx) error {
	all := &pgx.Batch{}
	if err := b.queueEmails(all); err != nil {
		return err
	}
	all.QueuedQueries = append(all.QueuedQueries, b.QueuedQueries...)
	if all.Len() == 0 {
		return nil
	}
	return tx.SendBatch(ctx, all).Close()
}

// queueEmails queues the gathered emails as one INSERT per table.
func (b *actionBatch) queueEmails(into *pgx.Batch) error {
	if n := len(b.emails); n > 0 {
		var (
			keys, campaigns, participants, tos, subjects, texts, ids, attach, htmls = cols(n), cols(n), cols(n), cols(n), cols(n), cols(n), cols(n), cols(n), cols(n)
			contacts, windows                                                       = make([]*string, n), make([]*string, n)
			dues                                                                    = make([]*time.Time, n)
		)
		for i, r := range b.emails {
			keys[i], campaigns[i], participants[i], tos[i] = r.key, r.campaignID, r.participantID, r.to
			if id, ok := r.contactID.(string); ok {
				contacts[i] = &id
			}
			subjects[i], texts[i], ids[i], htmls[i], dues[i] = r.email.Subject, r.email.Text, domain.MessageID(r.key), r.email.HTML, r.due
			attach[i] = strings.Join(r.attach, ",")
			if r.window != nil {
				w, err := json.Marshal(r.window)
				if err != nil {
					return err
				}
				text := string(w)
				windows[i] = &text
			}
		}
		into.Queue(q("insert_outbox_rows"), keys, campaigns, participants, contacts, tos, subjects, texts, ids, attach, htmls, dues, windows)
	}
	if n := len(b.activities); n > 0 {
		keys, contacts, campaigns, participants, kinds, subjects, details := cols(n), cols(n), cols(n), cols(n), cols(n), cols(n), cols(n)
		owners, dues := make([]*string, n), make([]*time.Time, n)
		for i, r := range b.activities {
			d, err := json.Marshal(r.details)
			if err != nil {
				return err
			}
			keys[i], contacts[i], campaigns[i], participants[i], kinds[i] = r.key, r.contactID, r.campaignID, r.participantID, r.kind
			subjects[i], details[i], dues[i] = r.subject, string(d), r.due
			if r.ownerID != "" {
				owners[i] = &b.activities[i].ownerID
			}
		}
		into.Queue(q("insert_activity_rows"), keys, contacts, campaigns, participants, kinds, owners, subjects, details, dues)
	}
	return nil
}

func cols(n int) []string { return make([]string, n) }
