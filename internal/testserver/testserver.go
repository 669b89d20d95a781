// Package testserver holds what the tests of several packages share: the
// embedded corpus built once per test binary, and the HTTP helpers post and
// get.
package testserver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"pactgraph/api"
	"pactgraph/graph"
	"pactgraph/loader"
)

var (
	builtinOnce  sync.Once
	builtinState *graph.State
	builtinErr   error
)

// Builtin is the embedded corpus, indexed in memory once per test binary
// and shared by its tests; a test must not close it.
func Builtin(t testing.TB) *graph.State {
	t.Helper()
	st, err := builtin()
	if err != nil {
		t.Fatalf("building the embedded corpus: %v", err)
	}
	return st
}

// MustBuiltin is Builtin for a TestMain; it panics when the build fails.
func MustBuiltin() *graph.State {
	st, err := builtin()
	if err != nil {
		panic("building the embedded corpus: " + err.Error())
	}
	return st
}

func builtin() (*graph.State, error) {
	builtinOnce.Do(func() {
		cat, ix, _, err := loader.Build(context.Background(), []loader.Corpus{loader.Builtin()}, "")
		builtinState, builtinErr = &graph.State{Catalog: cat, Index: ix}, err
	})
	return builtinState, builtinErr
}

// ManyHitsCount is how many passages of ManyHits mention "alliance": more
// than an export page holds.
const ManyHitsCount = 260

var (
	manyOnce  sync.Once
	manyState *graph.State
	manyErr   error
)

// ManyHits is a generated corpus in which ManyHitsCount passages mention
// "alliance", each with a score of its own, indexed once per test binary.
func ManyHits(t testing.TB) (*graph.State, int) {
	t.Helper()
	manyOnce.Do(func() {
		var doc strings.Builder
		doc.WriteString("# Alliances\n\n")
		for i := range ManyHitsCount {
			// Varied lengths give varied scores; ties fall back to the id.
			fmt.Fprintf(&doc, "Note %d on the alliance%s.\n\n", i, strings.Repeat(" and its members", i%7))
		}
		fsys := fstest.MapFS{"alliances.md": {Data: []byte(doc.String())}}
		cat, ix, _, err := loader.Build(context.Background(), []loader.Corpus{{Name: "generated", FS: fsys}}, "")
		manyState, manyErr = &graph.State{Catalog: cat, Index: ix}, err
	})
	if manyErr != nil {
		t.Fatalf("building the generated corpus: %v", manyErr)
	}
	return manyState, ManyHitsCount
}

// Serve starts the API handler on st with opts and closes it when the
// test ends; opts.Snapshots is filled in from st when left nil.
func Serve(t testing.TB, st *graph.State, opts api.Options) *httptest.Server {
	t.Helper()
	if opts.Snapshots == nil {
		opts.Snapshots = api.NewSnapshots(st)
	}
	srv := httptest.NewServer(api.NewHandler(opts))
	t.Cleanup(srv.Close)
	return srv
}

// Post runs one GraphQL request and returns the status and decoded body.
func Post(t testing.TB, srv *httptest.Server, query string, variables map[string]any) (int, map[string]any) {
	t.Helper()
	status, raw, err := Send(srv.URL, query, variables)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("response is not JSON (%v): %s", err, raw)
	}
	return status, out
}

// Decode runs one GraphQL request and decodes its answer into out.
func Decode(t testing.TB, srv *httptest.Server, query string, variables map[string]any, out any) {
	t.Helper()
	status, raw, err := Send(srv.URL, query, variables)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("response (%d) is not the JSON expected (%v): %.300s", status, err, raw)
	}
}

// Send posts one GraphQL request to base's /graphql and returns the
// status and the body. It does not fail the test, so that goroutines may
// call it.
func Send(base, query string, variables map[string]any) (int, []byte, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": variables})
	resp, err := http.Post(base+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, raw, fmt.Errorf("POST /graphql: reading the body: %w", err)
	}
	return resp.StatusCode, raw, nil
}

// Get sends GET path with the header fields given as name, value pairs,
// and returns the response with its body read. It takes no transparent
// gzip: the test sees what was sent.
func Get(t testing.TB, srv *httptest.Server, path string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: reading the body: %v", path, err)
	}
	return resp, body
}

// Buffer collects what goroutines write (a server's log lines, a
// process's output) for a test to read while they run.
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
