package main

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// withProfiles serves Go's profiles under /debug/pprof/ beside h, to see
// where the API's time goes under load (PPROF=true only). They are answered
// to this machine alone: the API's address is public, and a profile shows
// the code's internals and costs CPU while it runs. The peer's own address
// is checked, not X-Forwarded-For, which a client can write. Everything
// else goes to h, so the API's own routes (and their OpenAPI document)
// stay as they are.
func withProfiles(h http.Handler) http.Handler {
	mux := http.NewServeMux()
	pprofRoutes(mux)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/debug/pprof/") && fromLoopback(r.RemoteAddr) {
			mux.ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// fromLoopback reports whether a peer address (host:port) is this machine.
func fromLoopback(remote string) bool {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		return false
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
