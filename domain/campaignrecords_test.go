package domain

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a validation error, got %v", err)
	}
	var out []string
	for _, f := range ve.Fields {
		out = append(out, f.Field)
	}
	return out
}

func TestSearchQuery(t *testing.T) {
	cases := map[string]string{
		"Spring":              "spring:*",
		"spring  MORT-gage!":  "spring:* & mort:* & gage:*",
		"a' | b & !c:* <-> d": "a:* & b:* & c:* & d:*",
		"Été 2026":            "été:* & 2026:*",
		"   ":                 "",
		"!!!":                 "",
	}
	for in, want := range cases {
		if got := SearchQuery(in); got != want {
			t.Errorf("SearchQuery(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCampaignCursor(t *testing.T) {
	c := CampaignCursor{Sort: "-start_date", Key: "2026-03-01", ID: "6f1c1a52-4f0e-4c59-9a55-0b7d2f1d2a10"}
	got, ok := DecodeCampaignCursor(c.Encode())
	if !ok || got != c {
		t.Fatalf("round trip: %+v %v", got, ok)
	}
	for _, bad := range []string{"", "***", "bm90LWpzb24",
		CampaignCursor{Sort: "budget", ID: c.ID}.Encode(), CampaignCursor{Sort: "name", ID: "x"}.Encode()} {
		if _, ok := DecodeCampaignCursor(bad); ok {
			t.Errorf("cursor %q accepted", bad)
		}
	}
}

func TestCampaignListParams(t *testing.T) {
	f, err := CampaignListParams{Q: "spring", Priority: "b", Stage: "planning"}.Filter()
	if err != nil {
		t.Fatal(err)
	}
	if f.Sort != (CampaignSort{Field: SortCreatedAt, Desc: true}) || f.Limit != DefaultPageLimit || f.Priority != "B" || f.Search != "spring:*" {
		t.Fatalf("defaults: %+v", f)
	}
	_, err = CampaignListParams{ManagerID: "x", Stage: "done", Priority: "Z", Sort: "size", Limit: "0", Cursor: "?"}.Filter()
	want := []string{"cursor", "limit", "manager_id", "priority", "sort", "stage"}
	if got := fieldsOf(t, err); len(got) != len(want) {
		t.Fatalf("fields %v, want %v", got, want)
	}
	cur := CampaignCursor{Sort: "name", Key: "a", ID: "6f1c1a52-4f0e-4c59-9a55-0b7d2f1d2a10"}.Encode()
	if _, err := (CampaignListParams{Sort: "-name", Cursor: cur}).Filter(); err == nil {
		t.Fatal("a cursor of another sort was accepted")
	}
	if f, err := (CampaignListParams{Sort: "name", Cursor: cur}).Filter(); err != nil || f.After == nil {
		t.Fatalf("cursor of the same sort: %+v %v", f, err)
	}
}

func TestCampaignApplyPatch(t *testing.T) {
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	in := CampaignInput{Name: "Old", Priority: "A", ManagerID: "6f1c1a52-4f0e-4c59-9a55-0b7d2f1d2a10", StartDate: &start, Security: "public"}
	patch := map[string]json.RawMessage{"name": json.RawMessage(`"New"`), "manager_id": json.RawMessage(`null`),
		"start_date": json.RawMessage(`"2026-04-02"`)}
	out, err := in.ApplyPatch(patch)
	if err != nil {
		t.Fatal(err)
	}
	if out.Name != "New" || out.ManagerID != "" || out.StartDate.Format(time.DateOnly) != "2026-04-02" || out.Priority != "A" {
		t.Fatalf("patched: %+v", out)
	}
	if in.Name != "Old" || !in.StartDate.Equal(start) {
		t.Fatal("the input was modified")
	}
	_, err = in.ApplyPatch(map[string]json.RawMessage{"stage": json.RawMessage(`"planning"`), "name": json.RawMessage(`5`),
		"color": json.RawMessage(`"red"`)})
	if got := fieldsOf(t, err); len(got) != 3 || got[0] != "color" || got[1] != "name" || got[2] != "stage" {
		t.Fatalf("fields: %v", got)
	}
}

func TestWorkflowRules(t *testing.T) {
	def := DefaultWorkflow()
	if err := def.KeepsStatuses([]string{"Targeted", "responded"}); err != nil {
		t.Fatalf("statuses match regardless of case: %v", err)
	}
	var ce *ConflictError
	if err := def.KeepsStatuses([]string{"Webinar", "Targeted"}); !errors.As(err, &ce) {
		t.Fatalf("a missing status in use: %v", err)
	}
	if err := def.CanReload(WorkflowTemplate{Version: 1}); err != ErrTemplateUnchanged {
		t.Fatalf("same version: %v", err)
	}
	if err := def.CanReload(WorkflowTemplate{Version: 2}); err != nil || !def.ReloadAvailable(2) || def.ReloadAvailable(1) {
		t.Fatalf("newer version: %v", err)
	}
	if StageCancelled.CanChangeWorkflow() == nil || StageCompleted.CanChangeWorkflow() != nil {
		t.Fatal("only a cancelled campaign's workflow is frozen")
	}
	if StageInProgress.CanDelete() == nil || StagePlanning.CanDelete() != nil || StageCompleted.CanDelete() != nil || StageCancelled.CanDelete() != nil {
		t.Fatal("only a campaign in progress cannot be deleted")
	}
	got := def.OrderStatusCounts([]StatusCount{{"Zeta", 1}, {"Interested", 2}, {"Targeted", 0}, {"Contacted", 3}, {"Alpha", 4}})
	want := []StatusCount{{"Contacted", 3}, {"Interested", 2}, {"Alpha", 4}, {"Zeta", 1}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestTeamMemberInput(t *testing.T) {
	role, err := TeamMemberInput{UserID: "6f1c1a52-4f0e-4c59-9a55-0b7d2f1d2a10", Role: " support "}.Validate()
	if err != nil || role != RoleSupport {
		t.Fatalf("%v %v", role, err)
	}
	var ce *ConflictError
	if _, err := (TeamMemberInput{UserID: "6f1c1a52-4f0e-4c59-9a55-0b7d2f1d2a10", Role: "manager"}).Validate(); !errors.As(err, &ce) {
		t.Fatalf("a second Manager: %v", err)
	}
	if got := fieldsOf(t, func() error { _, err := (TeamMemberInput{UserID: "x", Role: "boss"}).Validate(); return err }()); len(got) != 2 {
		t.Fatalf("fields %v", got)
	}
}

func TestOpportunityApplyPatch(t *testing.T) {
	o := Opportunity{Stage: "Prospecting", ExpectedRevenue: 10}
	out, err := o.ApplyPatch(map[string]json.RawMessage{"stage": json.RawMessage(`"closed won"`), "expected_revenue": json.RawMessage(`20.5`)})
	if err != nil || out.Stage != "Closed Won" || out.ExpectedRevenue != 20.5 || o.Stage != "Prospecting" {
		t.Fatalf("%+v %v", out, err)
	}
	o.Locked = true
	if _, err := o.ApplyPatch(map[string]json.RawMessage{"stage": json.RawMessage(`"Proposal"`)}); err != ErrOpportunityLocked {
		t.Fatalf("locked: %v", err)
	}
	if out, err := o.ApplyPatch(map[string]json.RawMessage{"locked": json.RawMessage(`false`)}); err != nil || out.Locked {
		t.Fatalf("unlock: %+v %v", out, err)
	}
	if _, err := o.ApplyPatch(map[string]json.RawMessage{"stage": json.RawMessage(`"Bogus"`)}); err == ErrOpportunityLocked || err == nil {
		t.Fatalf("invalid input is reported before the lock: %v", err)
	}
}
