package rig

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"
)

// Client calls Drumbeat's HTTP API as an operator's script would.
type Client struct {
	base  string
	token string
	http  *http.Client
	log   *slog.Logger
}

// NewClient returns a client of the API at base (without /api/v1).
func NewClient(base, token string, log *slog.Logger) *Client {
	// Keep a connection for each of many concurrent callers, as a browser's
	// or a load balancer's would be kept.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 64
	return &Client{base: base + "/api/v1", token: token, http: &http.Client{Timeout: 2 * time.Minute, Transport: tr}, log: log}
}

// APIError is an answer outside 2xx.
type APIError struct {
	Method, Path string
	Status       int
	Body         string
}

// Error implements error.
func (e *APIError) Error() string {
	return fmt.Sprintf("%s %s: %d %s", e.Method, e.Path, e.Status, e.Body)
}

// Do sends one request and decodes a 2xx JSON answer into out.
func (c *Client) Do(ctx context.Context, method, path string, body, out any) error {
	return c.send(ctx, method, path, body, false, func(raw io.Reader) error {
		if out == nil {
			// An answer nobody reads is still read to its end (so the
			// connection is kept), through io.Discard's pooled buffer: a
			// benchmark's clients share the machine with what they measure,
			// and growing a buffer for every page would take from it.
			_, err := io.Copy(io.Discard, raw)
			return err
		}
		b, err := io.ReadAll(raw)
		if err != nil {
			return err
		}
		return json.Unmarshal(b, out)
	})
}

// Stream GETs path and copies a 2xx answer to w as it arrives (a download
// of any size, without a timeout).
func (c *Client) Stream(ctx context.Context, path string, w io.Writer) error {
	return c.send(ctx, http.MethodGet, path, nil, true, func(body io.Reader) error {
		_, err := io.Copy(w, body)
		return err
	})
}

// send sends one request and hands a 2xx answer's body to read; a stream
// has no time limit.
func (c *Client) send(ctx context.Context, method, path string, body any, stream bool, read func(io.Reader) error) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	hc := c.http
	if stream {
		hc = &http.Client{Transport: c.http.Transport}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		raw, _ := io.ReadAll(resp.Body)
		return &APIError{Method: method, Path: path, Status: resp.StatusCode, Body: string(raw)}
	}
	return read(resp.Body)
}

// Call is Do, retried for up to two minutes while the API cannot answer
// (no connection, 5xx): a fault may make the API's own dependencies
// disappear for a while. Only requests that are safe to repeat use it.
func (c *Client) Call(ctx context.Context, method, path string, body, out any) error {
	deadline := time.Now().Add(2 * time.Minute)
	for {
		err := c.Do(ctx, method, path, body, out)
		ae, isAPI := err.(*APIError)
		if err == nil || (isAPI && ae.Status < 500) || time.Now().After(deadline) || ctx.Err() != nil {
			return err
		}
		c.log.Debug("API call failed; retrying", "method", method, "path", path, "err", err)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
}
