package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"

	"github.com/drumbeat-crm/drumbeat/worker"
	"github.com/drumbeat-crm/drumbeat/worker/workertest"
)

// TestBinaryRefusesABadValue: the built binary stops on a refused value
// before it connects to anything, with exit code 2 and one line on
// standard error naming the variable and the form it accepts.
func TestBinaryRefusesABadValue(t *testing.T) {
	cases := []struct {
		command, name, value, line string
	}{
		{"worker", "SMTP_POOL", "abc", `drumbeat: SMTP_POOL="abc" is not valid: want a whole number from 1 to 100`},
		{"api", "PAGE_SIZE", "-1", `drumbeat: PAGE_SIZE="-1" is not valid: want a whole number from 1 to 10000`},
		{"migrate", "LOG_LEVEL", "loud", `drumbeat: LOG_LEVEL="loud" is not valid: want one of debug, info, warn, error`},
		{"worker", "WORKER_STOP_TIMEOUT", "30", `drumbeat: WORKER_STOP_TIMEOUT="30" is not valid: want a duration such as 30s, 2m or 1m30s`},
	}
	for _, tc := range cases {
		t.Run(tc.command+" "+tc.name, func(t *testing.T) {
			code, stdout, stderr := runBinary(t, map[string]string{tc.name: tc.value}, tc.command)
			assert.Equal(t, 2, code)
			assert.Empty(t, stdout)
			assert.Equal(t, tc.line+"\n", stderr)
		})
	}
}

// TestBinaryNeedsAnUnsubscribeSecret: the api and the worker refuse to
// start without UNSUBSCRIBE_SECRET (exit code 2, one line), and a short
// one is refused without being repeated; migrate needs none.
func TestBinaryNeedsAnUnsubscribeSecret(t *testing.T) {
	for _, command := range []string{"api", "worker"} {
		code, stdout, stderr := runBinary(t, map[string]string{"UNSUBSCRIBE_SECRET": ""}, command)
		assert.Equal(t, 2, code, command)
		assert.Empty(t, stdout)
		assert.True(t, strings.HasPrefix(stderr, "drumbeat: UNSUBSCRIBE_SECRET is not set: want at least 32 characters"), "%s: %s", command, stderr)
		assert.Equal(t, 1, strings.Count(stderr, "\n"), "one line")
	}
	code, _, stderr := runBinary(t, map[string]string{"UNSUBSCRIBE_SECRET": "hunter2-hunter2"}, "api")
	assert.Equal(t, 2, code)
	assert.Equal(t, "drumbeat: UNSUBSCRIBE_SECRET is not valid (15 characters): want at least 32 characters of random text (openssl rand -hex 32)\n", stderr)
	assert.NotContains(t, stderr, "hunter2")
}

// TestBinaryVersionAndHelp: --version prints the version given at build
// time; help COMMAND tells what a command reads, even when the environment
// holds a refused value; an unknown command is a usage error.
func TestBinaryVersionAndHelp(t *testing.T) {
	code, stdout, _ := runBinary(t, nil, "--version")
	assert.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(stdout, "drumbeat "+testVersion+" ("), stdout)
	assert.Contains(t, stdout, "go1.")

	code, stdout, _ = runBinary(t, map[string]string{"SMTP_POOL": "abc"}, "help", "worker")
	assert.Equal(t, 0, code)
	assert.Contains(t, stdout, "usage: drumbeat worker")
	assert.Contains(t, stdout, "WORKER_STOP_TIMEOUT")

	code, stdout, _ = runBinary(t, nil, "migrate", "--help")
	assert.Equal(t, 0, code)
	assert.Contains(t, stdout, "search attributes")

	code, _, stderr := runBinary(t, nil, "help", "launch")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, `unknown command "launch"`)
}

// TestMigrateCreatesSearchAttributes: `drumbeat migrate` against a
// namespace that lacks Drumbeat's search attributes creates them all as
// Keywords; running it again succeeds and changes nothing.
func TestMigrateCreatesSearchAttributes(t *testing.T) {
	c := workertest.Dial(t)
	ns := workertest.NewNamespace(t, c)
	env := map[string]string{"DATABASE_URL": testDatabaseURL(t), "TEMPORAL_NAMESPACE": ns}
	for run := 1; run <= 2; run++ {
		code, _, stderr := runBinary(t, env, "migrate")
		require.Equal(t, 0, code, "run %d:\n%s", run, stderr)
		resp, err := c.OperatorService().ListSearchAttributes(t.Context(), &operatorservice.ListSearchAttributesRequest{Namespace: ns})
		require.NoError(t, err)
		for _, name := range worker.SearchAttributeNames() {
			assert.Equal(t, enumspb.INDEXED_VALUE_TYPE_KEYWORD, resp.GetCustomAttributes()[name], "run %d: %s", run, name)
		}
		if run == 1 {
			assert.Contains(t, stderr, "created Temporal search attributes")
		} else {
			assert.Contains(t, stderr, "search attributes are in place")
		}
	}
}
