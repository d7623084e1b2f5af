// Package domain holds Drumbeat's pure business rules: the types, state
// machines, validation, idempotency keys and merge tokens that every other
// layer shares. It performs no I/O and imports nothing else of Drumbeat.
package domain
