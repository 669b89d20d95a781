package api

import (
	"sync"

	"pactgraph/graph"
)

// Snapshots holds the State being served (the catalog and index of one
// build) and counts the requests on each State: a request keeps the State
// it started with, and a State that a reload replaced closes its index as
// soon as the last request on it ends.
type Snapshots struct {
	mu      sync.Mutex
	current *graph.State
	refs    map[*graph.State]int
	retired map[*graph.State]bool
}

// NewSnapshots serves st from the start; nil serves nothing until Publish
// (the handler answers 503 meanwhile).
func NewSnapshots(st *graph.State) *Snapshots {
	return &Snapshots{current: st, refs: map[*graph.State]int{}, retired: map[*graph.State]bool{}}
}

// Publish serves st from now on; the State it replaces is retired.
func (s *Snapshots) Publish(st *graph.State) {
	s.mu.Lock()
	old := s.current
	s.current = st
	idle := old != nil && old != st && s.retire(old)
	s.mu.Unlock()
	if idle {
		Discard(old)
	}
}

// Current is the State being served; nil while none is ready.
func (s *Snapshots) Current() *graph.State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.current
}

// Close stops serving: the current State closes once its last request
// ends.
func (s *Snapshots) Close() {
	s.mu.Lock()
	old := s.current
	s.current = nil
	idle := old != nil && s.retire(old)
	s.mu.Unlock()
	if idle {
		Discard(old)
	}
}

// Discard closes a State that was never published (a reload that a newer
// one replaced).
func Discard(st *graph.State) {
	if st.Index != nil {
		st.Index.Close()
	}
}

// acquire takes the current State for one request; nil while none is
// ready. Every acquire that returns a State needs its release.
func (s *Snapshots) acquire() *graph.State {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.current != nil {
		s.refs[s.current]++
	}
	return s.current
}

func (s *Snapshots) release(st *graph.State) {
	s.mu.Lock()
	s.refs[st]--
	last := s.refs[st] == 0 && s.retired[st]
	if s.refs[st] == 0 {
		delete(s.refs, st)
		delete(s.retired, st)
	}
	s.mu.Unlock()
	if last {
		Discard(st) // outside the lock: closing an index takes a while
	}
}

// retire reports whether st has no request on it, to be closed at once;
// else it marks st to close when its last request ends. s.mu is held.
func (s *Snapshots) retire(st *graph.State) (idle bool) {
	if s.refs[st] == 0 {
		return true
	}
	s.retired[st] = true
	return false
}
