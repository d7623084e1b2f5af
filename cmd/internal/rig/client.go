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
	return &Client{base: base + "/api/v1", token: token, http: &http.Client{Timeout: 2 * time.Minute}, log: log}
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
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return &APIError{Method: method, Path: path, Status: resp.StatusCode, Body: string(raw)}
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(raw, out)
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
