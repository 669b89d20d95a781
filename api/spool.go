package api

import (
	"bytes"
	"errors"
	"net/http"
	"sync"
	"time"
)

// An export holds a heavy-operation slot while it searches and formats, not
// while a client reads: its bytes go to a spool in memory, the slot is given
// back, and the spool is then sent at the client's pace, as long as that
// pace keeps to a minimum rate. All spools together are bounded; an export
// that finds no room in the bound writes through instead, still under the
// minimum rate, so that a slow reader is cut rather than holding the slot.

const (
	// spoolBudget bounds the bytes of all spools at once.
	spoolBudget = 64 << 20
	sendChunk   = 64 << 10
)

// minWriteRate is the slowest a client may read an export, after
// writeGrace for the first bytes of each chunk (variables for the tests).
var (
	minWriteRate = 32 << 10 // bytes per second
	writeGrace   = 5 * time.Second
)

// budget is a count of bytes that spools may take.
type budget struct {
	mu   sync.Mutex
	left int
}

func (b *budget) take(n int) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if n > b.left {
		return false
	}
	b.left -= n
	return true
}

func (b *budget) give(n int) {
	b.mu.Lock()
	b.left += n
	b.mu.Unlock()
}

// spool keeps an export's bytes until the export is done, within a budget.
type spool struct {
	w        http.ResponseWriter
	rc       *http.ResponseController
	budget   *budget
	buf      bytes.Buffer
	reserved int
	direct   bool // out of budget: written through
}

func newSpool(w http.ResponseWriter, b *budget) *spool {
	return &spool{w: w, rc: http.NewResponseController(w), budget: b}
}

func (s *spool) Write(p []byte) (int, error) {
	if !s.direct {
		if s.budget.take(len(p)) {
			s.reserved += len(p)
			return s.buf.Write(p)
		}
		s.direct = true
		if err := s.send(); err != nil {
			return 0, err
		}
	}
	if err := s.sendBytes(p); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush sends what is written when writing through; a spool keeps it.
func (s *spool) Flush() error {
	if !s.direct {
		return nil
	}
	return s.flushClient()
}

// send writes out the spool and gives its bytes back to the budget.
func (s *spool) send() error {
	err := s.sendBytes(s.buf.Bytes())
	s.buf = bytes.Buffer{}
	s.budget.give(s.reserved)
	s.reserved = 0
	if err == nil {
		err = s.flushClient()
	}
	return err
}

// release gives back the spool's budget without sending (a failed export).
func (s *spool) release() {
	s.buf = bytes.Buffer{}
	s.budget.give(s.reserved)
	s.reserved = 0
}

// sendBytes writes p in chunks, each within a deadline that keeps the
// minimum rate.
func (s *spool) sendBytes(p []byte) error {
	for len(p) > 0 {
		n := min(len(p), sendChunk)
		deadline := time.Now().Add(writeGrace + time.Duration(n)*time.Second/time.Duration(minWriteRate))
		if err := s.rc.SetWriteDeadline(deadline); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return err
		}
		if _, err := s.w.Write(p[:n]); err != nil {
			return err
		}
		p = p[n:]
	}
	return nil
}

func (s *spool) flushClient() error {
	if err := s.rc.Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	return nil
}
