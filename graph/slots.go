package graph

import (
	"context"
	"sync"
	"time"
)

// Slots is the one pool of heavy-operation slots: the operation guard takes
// one for each GraphQL operation of complexity HeavyComplexity or more, and
// each export takes one (it runs up to 100 searches), so that a crowd of
// big operations cannot starve the small ones of CPU.
type Slots struct {
	free chan struct{}
	wait time.Duration
}

// NewSlots makes a pool of n slots; Take waits up to wait for one.
func NewSlots(n int, wait time.Duration) *Slots {
	return &Slots{free: make(chan struct{}, n), wait: wait}
}

// Take takes a slot, waiting up to the pool's wait; ok is false when none
// freed up in time or ctx ended. release is safe to call more than once.
func (s *Slots) Take(ctx context.Context) (release func(), ok bool) {
	timer := time.NewTimer(s.wait)
	defer timer.Stop()
	select {
	case s.free <- struct{}{}:
		var once sync.Once
		return func() { once.Do(func() { <-s.free }) }, true
	case <-timer.C:
	case <-ctx.Done():
	}
	return nil, false
}

// InUse is the number of slots taken.
func (s *Slots) InUse() int { return len(s.free) }

// Held is where the guard leaves the heavy-operation slot a request takes,
// for the HTTP layer to give back when the request's work ends.
type Held struct{ release func() }

type heldKey struct{}

// WithHeld returns ctx in which the guard may take a slot for the request,
// and the Held to release it with.
func WithHeld(ctx context.Context) (context.Context, *Held) {
	h := &Held{}
	return context.WithValue(ctx, heldKey{}, h), h
}

// Release gives back the slot held, if any.
func (h *Held) Release() {
	if h.release != nil {
		h.release()
		h.release = nil
	}
}
