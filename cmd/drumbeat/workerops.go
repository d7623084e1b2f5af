package main

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"sync/atomic"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/drumbeat-crm/drumbeat/metrics"
	"github.com/drumbeat-crm/drumbeat/store"
)

// workerOps is the worker's operations endpoint on METRICS_ADDR:
//
//	GET /metrics  Prometheus: Drumbeat's counters, the outbox gauge, the Temporal SDK's metrics
//	GET /healthz  200 while the process runs (liveness)
//	GET /readyz   200 while the worker polls and PostgreSQL and Temporal answer, else 503
//	GET /debug/pprof/...  Go's profiles, with PPROF=true only (see servePprof)
type workerOps struct {
	srv   *http.Server
	mux   *http.ServeMux
	ln    net.Listener
	ready atomic.Bool
	st    *store.Store
	tc    client.Client
}

func newWorkerOps(addr string, st *store.Store, tc client.Client, wm *metrics.Worker) *workerOps {
	mux := http.NewServeMux()
	o := &workerOps{st: st, tc: tc, mux: mux}
	mux.Handle("GET /metrics", wm.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeStatus(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", o.readyz)
	o.srv = &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	return o
}

// servePprof adds Go's profiles under /debug/pprof/ (CPU, heap,
// goroutines, ...), to see where a worker's time goes under load. They are
// off by default: a profile costs CPU while it runs and shows the code's
// internals to whoever reaches METRICS_ADDR.
func (o *workerOps) servePprof() { pprofRoutes(o.mux) }

// pprofRoutes adds Go's profiles under /debug/pprof/ to mux: the worker's
// operations endpoint and the API (withProfiles) serve the same ones.
func pprofRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
}

// listen binds the address first, so a port already taken stops the worker
// before it takes any work.
func (o *workerOps) listen() error {
	ln, err := net.Listen("tcp", o.srv.Addr)
	if err != nil {
		return err
	}
	o.ln = ln
	go func() {
		if err := o.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			slog.Error("metrics endpoint stopped", "error", err)
		}
	}()
	return nil
}

func (o *workerOps) setReady(v bool) { o.ready.Store(v) }

func (o *workerOps) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = o.srv.Shutdown(ctx)
}

func (o *workerOps) readyz(w http.ResponseWriter, r *http.Request) {
	if !o.ready.Load() {
		writeStatus(w, http.StatusServiceUnavailable, map[string]string{"status": "not polling"})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	if err := o.st.Ping(ctx); err != nil {
		writeStatus(w, http.StatusServiceUnavailable, map[string]string{"status": "PostgreSQL does not answer", "error": err.Error()})
		return
	}
	if _, err := o.tc.CheckHealth(ctx, &client.CheckHealthRequest{}); err != nil {
		writeStatus(w, http.StatusServiceUnavailable, map[string]string{"status": "Temporal does not answer", "error": err.Error()})
		return
	}
	writeStatus(w, http.StatusOK, map[string]string{"status": "ready"})
}

func writeStatus(w http.ResponseWriter, code int, body map[string]string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(body)
}
