package store

import (
	"context"
	"time"
)

// ReserveSends reserves the moments of the next n messages at perSecond
// messages a second across every sender of the deployment (send_rate, one
// row that every reservation moves on) and returns how long from now the
// first of them is; the others follow 1/perSecond apart.
func (s *Store) ReserveSends(ctx context.Context, n int, perSecond float64) (time.Duration, error) {
	var secs float64
	err := s.pool.QueryRow(ctx, q("reserve_sends"), n, perSecond).Scan(&secs)
	return time.Duration(secs * float64(time.Second)), err
}
