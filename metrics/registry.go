package metrics

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// newRegistry is a registry with the Go runtime and process metrics.
func newRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// Handler serves a registry in the Prometheus text format. A collector that
// fails (PostgreSQL not answering the outbox count, say) is logged and left
// out; the rest of the scrape still answers.
func Handler(reg *prometheus.Registry, log *slog.Logger) http.Handler {
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{
		ErrorHandling: promhttp.ContinueOnError,
		ErrorLog:      slogPrinter{log},
	})
}

type slogPrinter struct{ log *slog.Logger }

func (p slogPrinter) Println(v ...any) { p.log.Warn("metrics", "problem", v) }

// OutboxPending counts the messages waiting to be sent, by channel (email,
// sms). It is read from PostgreSQL on every scrape.
type OutboxPending func(ctx context.Context) (map[string]int, error)

// NewWorkerRegistry is the registry a worker serves: Drumbeat's counters,
// the outbox gauge read through pending, and the runtime metrics. The
// Temporal SDK's metrics join it through TemporalHandler.
func NewWorkerRegistry(pending OutboxPending) *prometheus.Registry {
	reg := newRegistry()
	reg.MustRegister(workerCounters()...)
	if pending != nil {
		reg.MustRegister(outboxCollector{pending: pending})
	}
	return reg
}

var outboxDesc = prometheus.NewDesc(namespace+"_outbox_pending",
	"Messages queued and not yet sent, by channel, read from PostgreSQL when scraped.", []string{"channel"}, nil)

// outboxCollector reads the pending counts on each scrape, so every worker
// reports the same current number and none keeps a stale copy.
type outboxCollector struct{ pending OutboxPending }

// Describe implements prometheus.Collector.
func (c outboxCollector) Describe(ch chan<- *prometheus.Desc) { ch <- outboxDesc }

// Collect implements prometheus.Collector.
func (c outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	counts, err := c.pending(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(outboxDesc, err)
		return
	}
	for channel, n := range counts {
		ch <- prometheus.MustNewConstMetric(outboxDesc, prometheus.GaugeValue, float64(n), channel)
	}
}
