package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"pactgraph/api"
	"pactgraph/graph"
)

// reloader runs the reloads SIGHUP asks for. Each runs within a time bound;
// a new one cancels the one in progress (the newest wins, and only it
// publishes), so that a reload that hangs never makes the later ones
// ignored; SIGTERM cancels it with the server's context. Its state is in
// /readyz's detail and /metrics (api.Reloads).
type reloader struct {
	timeout time.Duration
	status  *api.Reloads
	logger  *slog.Logger
	publish func(*graph.State)
	// build makes the new State and hands it to publish.
	build func(ctx context.Context, publish func(*graph.State)) error

	mu     sync.Mutex
	gen    int
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// trigger starts a reload, cancelling the one in progress.
func (r *reloader) trigger(ctx context.Context) {
	r.mu.Lock()
	if r.cancel != nil {
		r.cancel()
	}
	r.gen++
	gen := r.gen
	rctx, cancel := context.WithTimeout(ctx, r.timeout)
	r.cancel = cancel
	r.mu.Unlock()

	r.status.Start()
	r.logger.Info("reloading")
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		defer cancel()
		err := r.build(rctx, func(st *graph.State) {
			r.mu.Lock()
			defer r.mu.Unlock()
			if gen != r.gen {
				api.Discard(st) // a newer reload replaced this one, never published
				return
			}
			r.publish(st)
		})
		if err != nil && errors.Is(rctx.Err(), context.DeadlineExceeded) {
			err = fmt.Errorf("timed out after %s: %w", r.timeout, err)
		}
		r.mu.Lock()
		current := gen == r.gen
		r.mu.Unlock()
		if !current {
			return // the newer reload reports
		}
		r.status.Finish(err)
		if err != nil {
			r.logger.Error("reload failed; still serving the previous index", "err", err.Error())
		}
	}()
}

// wait waits for the reloads in progress to end.
func (r *reloader) wait() { r.wg.Wait() }

// waitAtMost waits for the reloads in progress to end, at most d: a
// reload that waits in the kernel (on a file that does not answer) cannot
// see its cancellation, and must not keep the process from exiting. It
// reports whether they ended.
func (r *reloader) waitAtMost(d time.Duration) bool {
	done := make(chan struct{})
	go func() { r.wg.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(d):
		r.logger.Warn("a reload did not end after its cancellation; exiting without it", "waited", d.String())
		return false
	}
}
