package domain

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fieldMessages maps each invalid field to its message.
func fieldMessages(t *testing.T, err error) map[string]string {
	t.Helper()
	var ve *ValidationError
	require.True(t, errors.As(err, &ve), "want a validation error, got %v", err)
	out := map[string]string{}
	for _, f := range ve.Fields {
		out[f.Field] = f.Message
	}
	return out
}

func TestUserInputNormalizesAndValidates(t *testing.T) {
	in := UserInput{Name: "  Ann  ", Email: " Ann@Example.TEST ", Privileges: []string{"Admin", " campaigns", "admin"}}
	in.Normalize()
	require.NoError(t, in.Validate())
	assert.Equal(t, "Ann", in.Name)
	assert.Equal(t, "ann@example.test", in.Email)
	assert.Equal(t, []string{PrivAdmin, PrivCampaigns}, in.Privileges)

	none := UserInput{Name: "Bo", Email: "bo@example.test"}
	none.Normalize()
	require.NoError(t, none.Validate())
	assert.Equal(t, []string{}, none.Privileges, "no privileges is an empty list, never null")

	short, long := "too short", strings.Repeat("x", MaxPasswordBytes+1)
	for _, tc := range []struct {
		in    UserInput
		field string
		msg   string
	}{
		{UserInput{Email: "a@x.test"}, "name", "is required"},
		{UserInput{Name: strings.Repeat("n", MaxUserNameLen+1), Email: "a@x.test"}, "name", "at most 200"},
		{UserInput{Name: "A"}, "email", "is required"},
		{UserInput{Name: "A", Email: "a,evil@x.test"}, "email", "must be one address"},
		{UserInput{Name: "A", Email: "a@x.test\r\nBcc: b@x.test"}, "email", "line breaks"},
		{UserInput{Name: "A", Email: "Ann <a@x.test>"}, "email", "must not contain spaces"},
		{UserInput{Name: "A", Email: "no-at-sign"}, "email", "not an email"},
		{UserInput{Name: "A", Email: strings.Repeat("a", 250) + "@x.test"}, "email", "at most 254"},
		{UserInput{Name: "A", Email: "a@x.test", Privileges: []string{"root"}}, "privileges", `"root" is not a privilege`},
		{UserInput{Name: "A", Email: "a@x.test", Password: &short}, "password", "at least 10"},
		{UserInput{Name: "A", Email: "a@x.test", Password: &long}, "password", "at most 72 bytes"},
	} {
		tc.in.Normalize()
		fields := fieldMessages(t, tc.in.Validate())
		assert.Contains(t, fields[tc.field], tc.msg, "%+v", tc.in)
	}
}

func TestUserPatchAppliesOnlyWhatItNames(t *testing.T) {
	u := User{ID: "u", Name: "Ann", Email: "ann@x.test", Privileges: []string{PrivCampaigns}, Active: true}
	off := false
	p := UserPatch{Active: &off}
	p.Normalize()
	require.NoError(t, p.Validate())
	got := p.Apply(u)
	assert.False(t, got.Active)
	assert.Equal(t, "Ann", got.Name)
	assert.Equal(t, []string{PrivCampaigns}, got.Privileges)

	privs := []string{"MARKETING"}
	name := "  Ann B "
	p = UserPatch{Privileges: &privs, Name: &name}
	p.Normalize()
	require.NoError(t, p.Validate())
	got = p.Apply(u)
	assert.Equal(t, "Ann B", got.Name)
	assert.Equal(t, []string{PrivMarketing}, got.Privileges)

	assert.Contains(t, fieldMessages(t, (&UserPatch{}).Validate())["body"], "at least one")
	bad := []string{"superuser"}
	assert.Contains(t, fieldMessages(t, (&UserPatch{Privileges: &bad}).Validate())["privileges"], "not a privilege")
	empty := ""
	assert.Contains(t, fieldMessages(t, (&UserPatch{Name: &empty}).Validate())["name"], "required")
}

func TestTheLastActiveAdministratorStays(t *testing.T) {
	admin := User{Email: "a@x.test", Privileges: []string{PrivAdmin}, Active: true}
	demoted := admin
	demoted.Privileges = []string{PrivCampaigns}
	deactivated := admin
	deactivated.Active = false
	var ce *ConflictError

	for _, after := range []User{demoted, deactivated} {
		err := CheckAdminsRemain(admin, after, 1)
		require.True(t, errors.As(err, &ce), "%+v", after)
		assert.Contains(t, ce.Reason, "last active administrator")
		assert.NoError(t, CheckAdminsRemain(admin, after, 2), "another administrator remains")
	}
	assert.NoError(t, CheckAdminsRemain(admin, admin, 1), "renaming the last administrator is fine")
	plain := User{Privileges: []string{PrivCampaigns}, Active: true}
	assert.NoError(t, CheckAdminsRemain(plain, User{Active: false}, 1), "deactivating a non-administrator")
	// An inactive administrator is no administrator: reactivating one adds one.
	assert.NoError(t, CheckAdminsRemain(deactivated, admin, 0))
}

func TestTokenInputAndWhoManagesTokens(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	future, past := now.Add(time.Hour), now.Add(-time.Second)
	in := TokenInput{Label: "  ci  ", ExpiresAt: &future}
	in.Normalize()
	require.NoError(t, in.Validate(now))
	assert.Equal(t, "ci", in.Label)
	require.NoError(t, (&TokenInput{}).Validate(now), "no expiry: never expires")

	assert.Contains(t, fieldMessages(t, (&TokenInput{ExpiresAt: &past}).Validate(now))["expires_at"], "in the future")
	assert.Contains(t, fieldMessages(t, (&TokenInput{ExpiresAt: &now}).Validate(now))["expires_at"], "in the future")
	assert.Contains(t, fieldMessages(t, (&TokenInput{Label: strings.Repeat("l", 101)}).Validate(now))["label"], "at most 100")

	admin := User{ID: "a", Privileges: []string{PrivAdmin}}
	ann := User{ID: "ann", Privileges: []string{PrivCampaigns}}
	assert.True(t, CanManageTokens(admin, "ann"))
	assert.True(t, CanManageTokens(ann, "ann"))
	assert.False(t, CanManageTokens(ann, "bo"))
	assert.False(t, CanManageTokens(ann, ""), "a token without owner (unknown) is nobody's")
	assert.False(t, CanManageTokens(User{}, ""))
}
