package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestVerdict(t *testing.T) {
	pass := result{N: 10, SMTPPool: 4, Kills: 2, Mail: mailCounts{Expected: 20, Received: 36, Distinct: 20, Duplicates: 16}}
	assert.Empty(t, pass.failures(), "16 duplicates is within 2 x 4 x 2")
	var out bytes.Buffer
	pass.Print(&out)
	assert.Contains(t, out.String(), "| verdict ")
	assert.Contains(t, out.String(), "PASS")

	over := pass
	over.Mail.Duplicates = 17
	assert.Equal(t, []string{"17 duplicates > bound 16"}, over.failures())

	noKills := result{SMTPPool: 4, Mail: mailCounts{Duplicates: 1}}
	assert.Equal(t, []string{"1 duplicates > bound 0"}, noKills.failures(), "without worker kills or PostgreSQL restarts no duplicate is allowed")

	restart := result{SMTPPool: 4, Restarts: 1, Mail: mailCounts{Duplicates: 8}}
	assert.Empty(t, restart.failures(), "a PostgreSQL restart may leave the messages in flight unmarked: 8 is within 2 x 4 x 1")
	restart.Mail.Duplicates = 9
	assert.Equal(t, []string{"9 duplicates > bound 8"}, restart.failures())

	bad := pass
	bad.Mail.Lost, bad.Mail.Other, bad.Workflows = 1, 1, workflowCounts{Stuck: 2, Failed: 3}
	bad.NotInState = 4
	assert.Len(t, bad.failures(), 5)
	out.Reset()
	bad.Print(&out)
	assert.Contains(t, out.String(), "FAIL: ")
}
