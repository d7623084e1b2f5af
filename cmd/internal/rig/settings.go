package rig

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Settings reads a program's environment variables strictly: an unset or
// blank variable keeps its default, a value that does not parse is
// recorded, and Err reports every one of them at once.
type Settings struct {
	getenv func(string) string
	errs   []error
}

// NewSettings reads from getenv (os.Getenv, or a map in tests).
func NewSettings(getenv func(string) string) *Settings { return &Settings{getenv: getenv} }

// Lookup returns a variable's trimmed value and whether it is set.
func (s *Settings) Lookup(name string) (string, bool) {
	v := strings.TrimSpace(s.getenv(name))
	return v, v != ""
}

// Refuse records a value that does not parse.
func (s *Settings) Refuse(name, value, want string) {
	s.errs = append(s.errs, fmt.Errorf("%s=%q: want %s", name, value, want))
}

// Positive reads a positive whole number into dst.
func (s *Settings) Positive(name string, dst *int) {
	if v, ok := s.Lookup(name); ok {
		if n, err := strconv.Atoi(v); err != nil || n <= 0 {
			s.Refuse(name, v, "a positive whole number")
		} else {
			*dst = n
		}
	}
}

// Duration reads a positive duration into dst.
func (s *Settings) Duration(name string, dst *time.Duration) {
	if v, ok := s.Lookup(name); ok {
		if d, err := time.ParseDuration(v); err != nil || d <= 0 {
			s.Refuse(name, v, "a positive duration such as 30s or 60m")
		} else {
			*dst = d
		}
	}
}

// String reads a free-form value into dst.
func (s *Settings) String(name string, dst *string) {
	if v, ok := s.Lookup(name); ok {
		*dst = v
	}
}

// Err lists every refused value, nil when there is none.
func (s *Settings) Err() error { return errors.Join(s.errs...) }
