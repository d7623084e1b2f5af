// Package workertest runs a real Drumbeat worker for integration tests,
// against the Temporal dev server and SMTP sink that `make test` starts
// (TEMPORAL_ADDRESS, SMTP_URL, INBOX_URL), on a task queue of its own.
package workertest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"
	sdkworker "go.temporal.io/sdk/worker"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/drumbeat-crm/drumbeat/activities"
	"github.com/drumbeat-crm/drumbeat/domain"
	"github.com/drumbeat-crm/drumbeat/store"
	"github.com/drumbeat-crm/drumbeat/worker"
)

// Env is a running test worker.
type Env struct {
	Client    client.Client
	TaskQueue string
	Acts      *activities.Activities
	Worker    sdkworker.Worker
}

func need(t testing.TB, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		t.Fatalf("%s is not set: run the tests with `make test`, which starts PostgreSQL, Temporal and an SMTP sink", name)
	}
	return v
}

// quietLogger keeps the SDK's info chatter out of test output.
func quietLogger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// Dial connects to the test Temporal server; the client closes with the test.
func Dial(t testing.TB) client.Client {
	t.Helper()
	c, err := client.Dial(client.Options{HostPort: need(t, "TEMPORAL_ADDRESS"),
		Namespace: envOr("TEMPORAL_NAMESPACE", "default"), Logger: tlog.NewStructuredLogger(quietLogger())})
	if err != nil {
		t.Fatalf("connect to Temporal: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// NewTaskQueue returns a task queue name no other test uses.
func NewTaskQueue(prefix string) string {
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	return prefix + "-" + hex.EncodeToString(b)
}

// Start runs a worker with every workflow and activity on a fresh task queue.
// It stops with the test.
func Start(t testing.TB, st *store.Store, pageSize int) *Env {
	t.Helper()
	c := Dial(t)
	return StartOn(t, c, st, NewTaskQueue("test"), pageSize)
}

// StartOn runs one more worker on the given task queue.
func StartOn(t testing.TB, c client.Client, st *store.Store, queue string, pageSize int) *Env {
	t.Helper()
	return StartWith(t, c, st, queue, pageSize, nil)
}

// StartWith is StartOn with a hook that may wrap the worker's activities
// before it starts (to inject a failure, say).
func StartWith(t testing.TB, c client.Client, st *store.Store, queue string, pageSize int, hook func(*activities.Activities)) *Env {
	t.Helper()
	return StartWithOptions(t, c, st, queue, pageSize, worker.Options{}, hook)
}

// StartWithOptions is StartWith with the worker's options (its activity
// slots, say).
func StartWithOptions(t testing.TB, c client.Client, st *store.Store, queue string, pageSize int, opts worker.Options,
	hook func(*activities.Activities)) *Env {
	t.Helper()
	mailer, err := activities.NewSMTPMailer(need(t, "SMTP_URL"), "Drumbeat Tests <tests@drumbeat.local>", 4)
	if err != nil {
		t.Fatal(err)
	}
	acts := &activities.Activities{Store: st, Mailer: mailer, PageSize: pageSize, Log: quietLogger(),
		Starter: &worker.Starter{Client: c, TaskQueue: queue}, Unsubscribe: Unsubscribe}
	if hook != nil {
		hook(acts)
	}
	w := worker.New(c, queue, acts, opts)
	if err := w.Start(); err != nil {
		t.Fatalf("start worker: %v", err)
	}
	t.Cleanup(func() { w.Stop(); mailer.Close() })
	return &Env{Client: c, TaskQueue: queue, Acts: acts, Worker: w}
}

// Unsubscribe signs the unsubscribe links of every test worker; a test's
// API checks them with the same secret.
var Unsubscribe = domain.Unsubscribe{BaseURL: "http://drumbeat.test", Secret: []byte("workertest-unsubscribe-secret-0123456789abcdef")}

// Message is a message received by the test SMTP sink.
type Message struct {
	ID        int      `json:"id"`
	To        []string `json:"to"`
	Subject   string   `json:"subject"`
	MessageID string   `json:"message_id"`
	Text      string   `json:"text"`
	Raw       string   `json:"raw"`
}

// Inbox lists the messages the SMTP sink received for addresses ending in
// suffix (each test uses its own address suffix).
func Inbox(t testing.TB, suffix string) []Message {
	t.Helper()
	base := need(t, "INBOX_URL")
	resp, err := http.Get(strings.TrimRight(base, "/") + "/api/messages")
	if err != nil {
		t.Fatalf("read inbox: %v", err)
	}
	defer resp.Body.Close()
	var all []Message
	if err := json.NewDecoder(resp.Body).Decode(&all); err != nil {
		t.Fatalf("decode inbox: %v", err)
	}
	var out []Message
	for _, m := range all {
		for _, to := range m.To {
			if strings.HasSuffix(strings.ToLower(to), strings.ToLower(suffix)) {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

// Eventually polls cond every 100 ms until it returns true or the timeout
// passes, then fails with the last message cond gave.
func Eventually(t testing.TB, timeout time.Duration, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, msg := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("condition not met after %s: %s", timeout, msg)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// NewNamespace registers a namespace of its own on the test server and
// waits until it answers. It has none of Drumbeat's search attributes, like
// the namespace of a freshly installed cluster.
func NewNamespace(t testing.TB, c client.Client) string {
	t.Helper()
	ns := NewTaskQueue("ns")
	_, err := c.WorkflowService().RegisterNamespace(t.Context(), &workflowservice.RegisterNamespaceRequest{
		Namespace: ns, WorkflowExecutionRetentionPeriod: durationpb.New(24 * time.Hour)})
	if err != nil {
		t.Fatalf("register namespace: %v", err)
	}
	Eventually(t, 30*time.Second, func() (bool, string) {
		_, err := c.OperatorService().ListSearchAttributes(t.Context(), &operatorservice.ListSearchAttributesRequest{Namespace: ns})
		if err != nil {
			return false, "namespace not ready: " + err.Error()
		}
		return true, ""
	})
	return ns
}
