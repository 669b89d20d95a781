package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"pactgraph/api"
)

// stuckWriter is a client that stops reading: its first Write blocks until
// the test lets it go.
type stuckWriter struct {
	header  http.Header
	writing chan struct{}
	release chan struct{}
	once    sync.Once
}

func newStuckWriter() *stuckWriter {
	return &stuckWriter{header: http.Header{}, writing: make(chan struct{}), release: make(chan struct{})}
}

func (s *stuckWriter) Header() http.Header { return s.header }
func (s *stuckWriter) WriteHeader(int)     {}
func (s *stuckWriter) Write(p []byte) (int, error) {
	s.once.Do(func() { close(s.writing) })
	<-s.release
	return len(p), nil
}

// heavyQuery is a page of 100 hits with a dozen fields each: over
// HeavyComplexity, so it takes a heavy-operation slot.
const heavyQuery = `{ search(query: "treaty", first: 100) { edges { cursor score relevance partial
  node { __typename ... on Passage { id heading text } } highlights { field fragment text } } } }`

func heavyRequest() *http.Request {
	body, _ := json.Marshal(map[string]any{"query": heavyQuery})
	req := httptest.NewRequest("POST", "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return req
}

// A client that stops reading an export or a large answer holds no
// heavy-operation slot: with one slot, the next export and the next heavy
// query still run (issue 15, item 6).
func TestSlowReaderHoldsNoSlot(t *testing.T) {
	for _, tc := range []struct {
		name string
		slow func() *http.Request
	}{
		{"export", func() *http.Request { return httptest.NewRequest("GET", "/export/agreements.csv", nil) }},
		{"graphql", heavyRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := api.NewHandler(api.Options{Snapshots: api.NewSnapshots(served), MaxHeavy: 1, QueueWait: 100 * time.Millisecond})
			stuck := newStuckWriter()
			done := make(chan struct{})
			go func() {
				defer close(done)
				h.ServeHTTP(stuck, tc.slow())
			}()
			select {
			case <-stuck.writing:
			case <-time.After(20 * time.Second):
				t.Fatal("the slow request never began writing")
			}
			defer func() { close(stuck.release); <-done }()

			for name, req := range map[string]*http.Request{
				"export":      httptest.NewRequest("GET", "/export/agreements.ndjson?limit=5", nil),
				"heavy query": heavyRequest(),
			} {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					t.Errorf("%s while a client reads nothing: %d %.200s; want 200", name, rec.Code, rec.Body)
				}
			}
		})
	}
}
