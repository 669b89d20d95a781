package api

import (
	"fmt"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Reloads is the state of the index reloads (SIGHUP): one running, the
// last failure, the last success. /readyz shows it as detail and /metrics
// as series, so that a reload that fails or hangs is seen while the
// previous index keeps serving.
type Reloads struct {
	mu       sync.Mutex
	running  bool
	started  time.Time
	failures int
	lastErr  string
	failedAt time.Time
	okAt     time.Time
}

// Start records that a reload began.
func (r *Reloads) Start() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.running, r.started = true, time.Now()
}

// Finish records how a reload ended.
func (r *Reloads) Finish(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.running = false
	if err != nil {
		r.failures++
		r.lastErr, r.failedAt = err.Error(), time.Now()
		return
	}
	r.lastErr, r.okAt = "", time.Now()
}

// Detail is the line /readyz adds: "" when there is nothing to say.
func (r *Reloads) Detail() string {
	if r == nil {
		return ""
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.running:
		return fmt.Sprintf("reload: running for %s", time.Since(r.started).Round(time.Second))
	case r.lastErr != "":
		return fmt.Sprintf("reload: failed at %s, serving the previous index: %s", r.failedAt.UTC().Format(time.RFC3339), r.lastErr)
	}
	return ""
}

func (r *Reloads) read(f func(r *Reloads) float64) func() float64 {
	return func() float64 {
		r.mu.Lock()
		defer r.mu.Unlock()
		return f(r)
	}
}

// collectors are the reload series of /metrics.
func (r *Reloads) collectors() []prometheus.Collector {
	return []prometheus.Collector{
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "pactgraph_reload_running_seconds", Help: "How long the reload in progress has run; 0 when none runs.",
		}, r.read(func(r *Reloads) float64 {
			if !r.running {
				return 0
			}
			return time.Since(r.started).Seconds()
		})),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "pactgraph_reload_failures_total", Help: "Reloads that failed or timed out.",
		}, r.read(func(r *Reloads) float64 { return float64(r.failures) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "pactgraph_reload_failed", Help: "1 when the last reload failed (the previous index still serves).",
		}, r.read(func(r *Reloads) float64 {
			if r.lastErr != "" {
				return 1
			}
			return 0
		})),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "pactgraph_reload_last_success_timestamp_seconds", Help: "When the last reload succeeded (Unix time; 0 for never).",
		}, r.read(func(r *Reloads) float64 {
			if r.okAt.IsZero() {
				return 0
			}
			return float64(r.okAt.Unix())
		})),
	}
}
