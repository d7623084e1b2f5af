// Package harness runs the whole system for one integration test: its own
// PostgreSQL database, a worker on its own task queue and the API served
// over HTTP, every answer checked against the served OpenAPI document; with
// the helpers the area test packages under tests/ share.
package harness
