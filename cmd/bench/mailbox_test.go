package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestMailboxTimesEachKind(t *testing.T) {
	var log bytes.Buffer
	m := newMailbox(&log)
	t0 := time.Now()
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	first := strings.ReplaceAll(subject(kind(1, "first")), "{{nameFirst}}", "P000001")
	m.add(at(1), []string{"b1@bench.example"}, first, "m1")
	m.add(at(2), []string{"b2@bench.example"}, first, "m2")
	m.add(at(3), []string{"b1@bench.example"}, first, "m1") // the same message again
	m.add(at(4), []string{"b1@bench.example"}, "Bench r1/batch for P000001", "m3")
	m.add(at(5), []string{"x@elsewhere.test"}, "Hello", "x1")

	assert.Equal(t, 2, m.count("r1/first"), "a repeat is not a new message")
	assert.Equal(t, 1, m.count("r1/batch"))
	assert.Zero(t, m.count("r2/first"))
	f, nth, ok := m.nth("r1/first", 2)
	assert.True(t, ok)
	assert.Equal(t, at(1), f)
	assert.Equal(t, at(2), nth)
	_, _, ok = m.nth("r1/first", 3)
	assert.False(t, ok, "not yet")
	assert.Equal(t, map[string]time.Time{"m3": at(4)}, m.arrived("r1/batch"))
	assert.Equal(t, 1, m.repeats())
	assert.Equal(t, 1, m.repeats("r1/first", "r1/batch"))
	assert.Zero(t, m.repeats("r1/batch"))
	assert.Equal(t, 1, m.count(""), "messages that are not the benchmark's")
	assert.Equal(t, 5, strings.Count(log.String(), "\n"), "every accepted message is logged")
}
