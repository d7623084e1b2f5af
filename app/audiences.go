package app

import (
	"context"
	"time"

	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
)

// SettingsPatch changes a campaign's operational settings; a field left
// out (nil) keeps its value, and so does each sender field left out.
type SettingsPatch struct {
	TestRecipients          *[]string    `json:"test_recipients"`
	AudienceIntervalSeconds *int         `json:"audience_interval_seconds"`
	AudiencePaused          *bool        `json:"audience_paused"`
	Sender                  *SenderPatch `json:"sender"`
	// SendWindow replaces the send window; ClearSendWindow removes it (the
	// emails may then go at any time). Both at once is refused.
	SendWindow      *domain.SendWindow `json:"send_window"`
	ClearSendWindow bool               `json:"clear_send_window"`
	// OverCap is "defer" or "skip": what becomes of an email past the
	// frequency cap.
	OverCap *string `json:"over_cap"`
}

// SenderPatch changes who a campaign's emails come from.
type SenderPatch struct {
	FromName    *string `json:"from_name"`
	FromAddress *string `json:"from_address"`
	ReplyTo     *string `json:"reply_to"`
}

// apply returns cur with the patch's fields.
func (p SettingsPatch) apply(cur domain.CampaignSettings) domain.CampaignSettings {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	if p.TestRecipients != nil {
		cur.TestRecipients = *p.TestRecipients
	}
	if p.AudienceIntervalSeconds != nil {
		cur.AudienceIntervalSeconds = *p.AudienceIntervalSeconds
	}
	if p.AudiencePaused != nil {
		cur.AudiencePaused = *p.AudiencePaused
	}
	if p.Sender != nil {
		set(&cur.Sender.FromName, p.Sender.FromName)
		set(&cur.Sender.FromAddress, p.Sender.FromAddress)
		set(&cur.Sender.ReplyTo, p.Sender.ReplyTo)
	}
	if p.SendWindow != nil {
		cur.SendWindow = p.SendWindow
	}
	if p.ClearSendWindow {
		cur.SendWindow = nil
	}
	set(&cur.OverCap, p.OverCap)
	return cur
}

// UpdateSettings changes a campaign's test recipients, sender and audience
// schedule (interval, pause); the schedule follows at once. It returns the
// settings as stored.
func (s *Service) UpdateSettings(ctx context.Context, actor domain.User, campaignID string, patch SettingsPatch) (domain.CampaignSettings, error) {
	cur, err := s.st.GetCampaignSettings(ctx, campaignID)
	if err != nil {
		return cur, err
	}
	if patch.SendWindow != nil && patch.ClearSendWindow {
		var v domain.Validator
		v.Add("clear_send_window", "send either a send_window or clear_send_window, not both")
		return cur, v.Err()
	}
	in := patch.apply(cur)
	in.Normalize()
	if err := in.Validate(); err != nil {
		return cur, err
	}
	if err := s.st.SetCampaignSettings(ctx, campaignID, in); err != nil {
		return cur, err
	}
	s.SyncSchedule(ctx, campaignID)
	return s.st.GetCampaignSettings(ctx, campaignID)
}

// AudienceView is a campaign's audience (its current version's), whether it
// is processed now and every reason why not, and its schedule.
type AudienceView struct {
	Version     int                  `json:"version"`
	Audience    domain.Audience      `json:"audience"`
	Eligibility domain.Eligibility   `json:"eligibility"`
	Schedule    domain.ScheduleState `json:"schedule"`
}

// Audience shows the current version's audience with its eligibility
// (domain.AudienceEligibility) and its schedule, brought in line on the way.
func (s *Service) Audience(ctx context.Context, actor domain.User, campaignID string) (AudienceView, error) {
	camp, err := s.st.GetCampaign(ctx, campaignID)
	if err != nil {
		return AudienceView{}, err
	}
	v, err := s.st.CurrentVersion(ctx, campaignID)
	if err != nil {
		return AudienceView{}, err
	}
	sched, err := s.AudienceSchedule(ctx, campaignID)
	if err != nil {
		return AudienceView{}, err
	}
	return AudienceView{Version: v.Version, Audience: v.Audience, Schedule: sched,
		Eligibility: domain.AudienceEligibility(camp, v, sched.Running, time.Now())}, nil
}

// AudienceEdit is the current version's audience after an edit.
type AudienceEdit struct {
	Version  int             `json:"version"`
	Audience domain.Audience `json:"audience"`
	Warning  *EditWarning    `json:"warning,omitempty"`
}

// SetAudience replaces the current version's audience (Draft or Test only;
// an unknown customer group is refused). Group or filter changes apply
// from the schedule's next run; the schedule itself follows at once.
func (s *Service) SetAudience(ctx context.Context, actor domain.User, campaignID string, in domain.Audience) (AudienceEdit, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return AudienceEdit{}, err
	}
	if err := s.st.SetVersionAudience(ctx, campaignID, in); err != nil {
		return AudienceEdit{}, err
	}
	s.SyncSchedule(ctx, campaignID)
	v, w, err := s.editedVersion(ctx, campaignID)
	return AudienceEdit{Version: v.Version, Audience: v.Audience, Warning: w}, err
}

// AudiencePreview is one page of who a campaign's audience selects now,
// with how many it selects in all.
type AudiencePreview struct {
	Count      int                    `json:"count"`
	Items      []store.AudienceMember `json:"items"`
	NextCursor string                 `json:"next_cursor,omitempty"`
	Note       string                 `json:"note,omitempty"`
}

// PreviewAudience pages (limit, after a contact id) through who the current
// version's audience selects now, with the total count.
func (s *Service) PreviewAudience(ctx context.Context, actor domain.User, campaignID string, limit int, after string) (AudiencePreview, error) {
	out := AudiencePreview{Items: []store.AudienceMember{}}
	v, err := s.st.CurrentVersion(ctx, campaignID)
	if err != nil {
		return out, err
	}
	if v.Audience.Type == domain.AudienceNone {
		out.Note = "the campaign has no audience: set one with PUT .../audience"
		return out, nil
	}
	if out.Count, err = s.st.CountAudience(ctx, v.Audience); err != nil {
		return out, err
	}
	items, err := s.st.AudiencePage(ctx, campaignID, v.Audience, after, limit+1, nil)
	if err != nil {
		return out, err
	}
	if len(items) > limit {
		items = items[:limit]
		out.NextCursor = domain.IDCursor(items[limit-1].ContactID)
	}
	out.Items = append(out.Items, items...)
	return out, nil
}
