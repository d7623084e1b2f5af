package metrics

import (
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/uber-go/tally/v4"
	tallyprom "github.com/uber-go/tally/v4/prometheus"
	"go.temporal.io/sdk/client"
	sdktally "go.temporal.io/sdk/contrib/tally"
)

// TemporalHandler is a Temporal SDK metrics handler that reports into reg
// (temporal_workflow_task_execution_latency, temporal_activity_execution_latency,
// temporal_request, ...), the way Temporal recommends for the Go SDK: a
// tally scope with Prometheus naming over tally's Prometheus reporter.
// Close the returned closer when the client is closed; it flushes the scope.
func TemporalHandler(reg *prometheus.Registry, log *slog.Logger) (client.MetricsHandler, io.Closer) {
	reporter := tallyprom.NewReporter(tallyprom.Options{
		Registerer:       reg,
		DefaultTimerType: tallyprom.HistogramTimerType,
		OnRegisterError: func(err error) {
			log.Warn("Temporal metric not registered", "error", err)
		},
	})
	scope, closer := tally.NewRootScope(tally.ScopeOptions{
		CachedReporter:  reporter,
		Separator:       tallyprom.DefaultSeparator,
		SanitizeOptions: &sdktally.PrometheusSanitizeOptions,
	}, time.Second)
	return sdktally.NewMetricsHandler(sdktally.NewPrometheusNamingScope(scope)), closer
}

// Worker is what a worker process serves at /metrics: Drumbeat's counters,
// the outbox gauge and the Temporal SDK's metrics, in one registry.
type Worker struct {
	// Temporal is the metrics handler for the worker's Temporal client.
	Temporal client.MetricsHandler
	reg      *prometheus.Registry
	closer   io.Closer
	log      *slog.Logger
}

// NewWorker builds a worker's metrics; pending reads the outbox counts on
// each scrape (nil: no outbox gauge).
func NewWorker(pending OutboxPending, log *slog.Logger) *Worker {
	reg := NewWorkerRegistry(pending)
	h, closer := TemporalHandler(reg, log)
	return &Worker{Temporal: h, reg: reg, closer: closer, log: log}
}

// Handler serves the worker's metrics.
func (w *Worker) Handler() http.Handler { return Handler(w.reg, w.log) }

// Close flushes and stops the Temporal metrics scope.
func (w *Worker) Close() error { return w.closer.Close() }
