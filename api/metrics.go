package api

import (
	"time"

	"github.com/gin-gonic/gin"

	"github.com/drumbeat-crm/drumbeat/metrics"
)

// observeRequests records every answered request by its route template
// (c.FullPath, such as /api/v1/campaigns/:id), never by its raw path, so
// ids do not multiply the series. It runs first, so the time covers the
// whole chain.
func observeRequests(m *metrics.API) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		m.Observe(c.Request.Method, c.FullPath(), c.Writer.Status(), time.Since(start))
	}
}

// metricsRoutes serves GET /metrics (Prometheus, no token) beside the
// health checks, on the API's own listen address.
func metricsRoutes(r *gin.Engine, cfg Config) {
	if cfg.Metrics == nil {
		return
	}
	r.Use(observeRequests(cfg.Metrics))
	r.GET("/metrics", gin.WrapH(cfg.Metrics.Handler(cfg.Log)))
}
