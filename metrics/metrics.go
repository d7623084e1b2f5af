// Package metrics holds Drumbeat's own Prometheus metrics and the registries
// the API and the worker serve at /metrics. Code that counts something (the
// activities, the API middleware) calls the small functions here and never
// imports Prometheus itself: every metric's name, help and labels live in
// this one file, so a dashboard has one place to look.
package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
)

const namespace = "drumbeat"

var (
	emailsSent = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: namespace, Name: "emails_sent_total",
		Help: "Emails the SMTP server accepted.",
	})
	emailsFailed = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Name: "emails_failed_total",
		Help: "Email deliveries that failed: kind=permanent (refused for good, not retried) or temporary (retried).",
	}, []string{"kind"})
	emailsSuppressed = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: namespace, Name: "emails_suppressed_total",
		Help: "Emails not sent because the address is on the suppression list or lacks consent.",
	})
	batchItemsDone = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: namespace, Name: "batch_items_done_total",
		Help: "Items of batch processes that got an outcome, by batch type.",
	}, []string{"type"})
	participantsInitiated = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: namespace, Name: "participants_initiated_total",
		Help: "Participants moved from Targeted to their first status by a campaign start or an audience sweep.",
	})
)

func init() {
	// Both kinds exist from the start, so a rate() over them works before
	// the first failure.
	emailsFailed.WithLabelValues("permanent")
	emailsFailed.WithLabelValues("temporary")
}

// EmailSent counts one email the SMTP server accepted.
func EmailSent() { emailsSent.Inc() }

// EmailFailed counts one failed delivery; permanent when the server refused
// it for good.
func EmailFailed(permanent bool) {
	kind := "temporary"
	if permanent {
		kind = "permanent"
	}
	emailsFailed.WithLabelValues(kind).Inc()
}

// EmailSuppressed counts one email left unsent because of the suppression
// list or missing consent.
func EmailSuppressed() { emailsSuppressed.Inc() }

// BatchItemsDone counts n items of a batch process of the given type that
// got their outcome.
func BatchItemsDone(batchType string, n int) {
	batchItemsDone.WithLabelValues(batchType).Add(float64(n))
}

// ParticipantsInitiated counts n participants moved out of Targeted.
func ParticipantsInitiated(n int) { participantsInitiated.Add(float64(n)) }

// workerCounters are the counters a worker's registry serves.
func workerCounters() []prometheus.Collector {
	return []prometheus.Collector{emailsSent, emailsFailed, emailsSuppressed, batchItemsDone, participantsInitiated}
}
