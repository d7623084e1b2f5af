package metrics

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// API is the API's request metrics and the registry that serves them.
type API struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewAPI registers the request metrics in a registry of their own.
func NewAPI() *API {
	labels := []string{"method", "route", "status"}
	a := &API{
		reg: newRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "http_requests_total",
			Help: "HTTP requests answered, by method, route template (/api/v1/campaigns/:id) and status.",
		}, labels),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by method, route template and status.",
			Buckets: prometheus.DefBuckets,
		}, labels),
	}
	a.reg.MustRegister(a.requests, a.duration)
	return a
}

// Observe records one answered request. route is the route template; an
// empty one (no route matched) is recorded as "unmatched", so random paths
// cannot multiply the series.
func (a *API) Observe(method, route string, status int, took time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	s := strconv.Itoa(status)
	a.requests.WithLabelValues(method, route, s).Inc()
	a.duration.WithLabelValues(method, route, s).Observe(took.Seconds())
}

// Handler serves the API's metrics.
func (a *API) Handler(log *slog.Logger) http.Handler { return Handler(a.reg, log) }
