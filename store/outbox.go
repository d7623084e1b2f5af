package store

import (
	"context"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/drumbeat-crm/drumbeat/domain"
)

// OutboxMessage is one queued email.
type OutboxMessage struct {
	Key       string
	To        string
	Subject   string
	Body      string
	MessageID string
	// HTML is an optional HTML alternative of Body.
	HTML string
	// AttachmentIDs are documents whose attachment files go with the message.
	AttachmentIDs []string
	// BatchID is the lead batch of a lead email.
	BatchID string

	// What a claim reads besides: who the message is to and where it came
	// from (its unsubscribe link names them), its sender (empty: MAIL_FROM),
	// and why it was suppressed instead of claimed ("": it was claimed).
	ContactID      string
	LeadID         int64
	CampaignID     string
	DripCampaignID string
	FromName       string
	FromAddress    string
	ReplyTo        string
	Suppressed     string
	// TimeZone is the recipient's IANA zone ("": the default), SendWindow
	// when the message may reach it (nil: any time) and OverCap what
	// becomes of it past the frequency cap (domain.OverCapDefer or Skip).
	TimeZone   string
	SendWindow *domain.SendWindow
	OverCap    string
}

// Outbox names one of the keyed outboxes: emails or text messages. Both are
// claimed, renewed, marked and released the same way (queries/outbox.sql).
type Outbox string

const (
	// EmailOutbox holds every outgoing email.
	EmailOutbox Outbox = "outbox"
	// SMSOutbox holds every outgoing text message.
	SMSOutbox Outbox = "sms_outbox"
)

// OutboxSuppressed is the status of an email the suppression list or a
// missing consent kept from its recipient when it was claimed.
const OutboxSuppressed = "suppressed"

func (o Outbox) query(op string) string { return q(string(o) + "_" + op) }

// Claim is one sender's hold on outbox rows: By tells the holders apart, and
// each claim or renewal lasts Lease. A row whose claim expired can be
// claimed again by any sender.
type Claim struct {
	By    string
	Lease time.Duration
}

func (c Claim) leaseMillis() float64 { return float64(c.Lease) / float64(time.Millisecond) }

// ClaimEmails claims up to limit of the keyed emails that are pending (and
// due) or whose claim expired, and returns them in key order. Those another
// sender holds are left alone, and so are those due later. Those the
// suppression list or a missing consent keep from their recipient are
// returned too, already final, with the reason in Suppressed: they must not
// be sent.
func (s *Store) ClaimEmails(ctx context.Context, c Claim, keys []string, limit int) ([]OutboxMessage, error) {
	return s.claimEmails(ctx, EmailOutbox.query("claim"), keys, c.By, c.leaseMillis(), limit)
}

// ClaimDueEmails is the outbox sender's claim: up to limit pending emails
// whose due time has come, earliest first (see ClaimEmails).
func (s *Store) ClaimDueEmails(ctx context.Context, c Claim, limit int) ([]OutboxMessage, error) {
	return s.claimEmails(ctx, q("outbox_claim_due"), limit, c.By, c.leaseMillis())
}

func (s *Store) claimEmails(ctx context.Context, sql string, args ...any) ([]OutboxMessage, error) {
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	msgs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (OutboxMessage, error) {
		var m OutboxMessage
		err := r.Scan(&m.Key, &m.To, &m.Subject, &m.Body, &m.MessageID, &m.HTML, &m.AttachmentIDs,
			&m.ContactID, &m.LeadID, &m.CampaignID, &m.DripCampaignID, &m.BatchID, &m.FromName, &m.FromAddress,
			&m.ReplyTo, &m.Suppressed, &m.TimeZone, &m.SendWindow, &m.OverCap)
		return m, err
	})
	sort.Slice(msgs, func(i, j int) bool { return msgs[i].Key < msgs[j].Key })
	return msgs, err
}

// RenewClaims extends the claim on those of the keyed rows it still holds.
func (s *Store) RenewClaims(ctx context.Context, box Outbox, c Claim, keys []string) error {
	_, err := s.pool.Exec(ctx, box.query("renew"), keys, c.By, c.leaseMillis())
	return err
}

// Unsent returns those of the keyed rows neither sent nor failed yet
// (pending, or claimed by a sender), in key order.
func (s *Store) Unsent(ctx context.Context, box Outbox, keys []string) ([]string, error) {
	rows, err := s.pool.Query(ctx, box.query("unsent"), keys)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// MarkSent records that one message was accepted for delivery.
func (s *Store) MarkSent(ctx context.Context, box Outbox, key string) error {
	_, err := s.pool.Exec(ctx, box.query("sent"), key)
	return err
}

// Release hands back the claim on those of the keyed rows it still holds,
// with the reason: pending again (to be sent later), or failed for good when
// permanent.
func (s *Store) Release(ctx context.Context, box Outbox, c Claim, keys []string, reason string, permanent bool) error {
	_, err := s.pool.Exec(ctx, box.query("release"), keys, c.By, reason, permanent)
	return err
}

// OutboxCounts counts a campaign's sent, pending (claimed included) and failed emails.
func (s *Store) OutboxCounts(ctx context.Context, campaignID string) (sent, pending, failed int, err error) {
	err = s.pool.QueryRow(ctx, q("outbox_count_for_campaign"), campaignID).Scan(&sent, &pending, &failed)
	return
}
