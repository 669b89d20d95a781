package main

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"pactgraph/api"
	"pactgraph/corpus"
	"pactgraph/graph"
)

// A reload that hangs is cancelled at its time bound and shows in /readyz
// and /metrics; a later SIGHUP is not ignored (issue 15, item 8).
func TestReloaderTimesOut(t *testing.T) {
	status := &api.Reloads{}
	var published []*graph.State
	var mu sync.Mutex
	rl := &reloader{timeout: 50 * time.Millisecond, status: status, logger: slog.New(slog.DiscardHandler),
		publish: func(st *graph.State) { mu.Lock(); published = append(published, st); mu.Unlock() }}
	rl.build = func(ctx context.Context, publish func(*graph.State)) error {
		<-ctx.Done() // stuck, as on a named pipe, until cancelled
		return ctx.Err()
	}
	rl.trigger(context.Background())
	rl.wait()
	if d := status.Detail(); !strings.Contains(d, "reload: failed") || !strings.Contains(d, "timed out after 50ms") {
		t.Errorf("after a stuck reload Detail() = %q; want a failure that timed out after 50ms", d)
	}

	st := &graph.State{}
	h := api.NewHandler(api.Options{Snapshots: api.NewSnapshots(st), Reloads: status})
	get := func(path string) string {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		b, _ := io.ReadAll(rec.Body)
		return string(b)
	}
	if body := get("/readyz"); !strings.HasPrefix(body, "ready\nreload: failed") {
		t.Errorf("/readyz = %q; want ready, then the failed reload", body)
	}
	metrics := get("/metrics")
	for _, want := range []string{"pactgraph_reload_failed 1", "pactgraph_reload_failures_total 1", "pactgraph_reload_running_seconds 0"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}

	// The next reload runs, succeeds and clears the failure.
	rl.build = func(ctx context.Context, publish func(*graph.State)) error {
		publish(&graph.State{})
		return nil
	}
	rl.trigger(context.Background())
	rl.wait()
	if d := status.Detail(); d != "" || len(published) != 1 {
		t.Errorf("after a good reload Detail() = %q, %d published; want \"\", 1", d, len(published))
	}
	if !strings.Contains(get("/metrics"), "pactgraph_reload_failed 0") {
		t.Errorf("/metrics still reports the reload failed")
	}
}

// A SIGHUP during a reload cancels it: the newest reload wins, and the one
// it replaced never publishes.
func TestReloaderNewestWins(t *testing.T) {
	status := &api.Reloads{}
	var mu sync.Mutex
	var published []string
	rl := &reloader{timeout: time.Minute, status: status, logger: slog.New(slog.DiscardHandler),
		publish: func(st *graph.State) { mu.Lock(); published = append(published, st.Catalog.Version); mu.Unlock() }}
	started := make(chan struct{})
	release := make(chan struct{})
	rl.build = func(ctx context.Context, publish func(*graph.State)) error {
		close(started)
		<-release // finishes its build only after the next SIGHUP
		publish(&graph.State{Catalog: catalogVersion("old")})
		return ctx.Err()
	}
	rl.trigger(context.Background())
	<-started
	rl.build = func(ctx context.Context, publish func(*graph.State)) error {
		publish(&graph.State{Catalog: catalogVersion("new")})
		return nil
	}
	rl.trigger(context.Background())
	close(release)
	rl.wait()
	if strings.Join(published, ",") != "new" {
		t.Errorf("published %v; want only the newest reload's state", published)
	}
	if d := status.Detail(); d != "" {
		t.Errorf("Detail() = %q; want \"\" (the newest reload succeeded)", d)
	}
}

func catalogVersion(v string) *corpus.Catalog {
	return corpus.NewCatalog(v, &corpus.Entities{}, nil)
}
