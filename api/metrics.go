package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"pactgraph/graph"
)

// metrics are what /metrics exposes, in a registry of the handler's own.
type metrics struct {
	registry   *prometheus.Registry
	requests   *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	operations *prometheus.CounterVec
	searches   prometheus.Histogram

	mu    sync.Mutex
	names map[string]bool // operation names seen, bounded
}

// maxOperationNames bounds the operation label: names beyond it count as
// "other", so that clients cannot grow the series without limit.
const maxOperationNames = 100

func newMetrics(snapshots *Snapshots) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pactgraph_http_requests_total", Help: "HTTP requests by route and status.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "pactgraph_http_request_duration_seconds", Help: "HTTP request duration by route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route"}),
		operations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pactgraph_graphql_operations_total", Help: "GraphQL operations by operation name and outcome.",
		}, []string{"operation", "outcome"}),
		searches: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "pactgraph_search_duration_seconds", Help: "Index searches, as the search field runs them.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}),
		names: map[string]bool{},
	}
	m.registry.MustRegister(m.requests, m.duration, m.operations, m.searches,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "pactgraph_index_documents", Help: "Records (passages and entities) in the index being served.",
		}, func() float64 {
			if st := snapshots.Current(); st != nil && st.Index != nil {
				n, _ := st.Index.Count()
				return float64(n)
			}
			return 0
		}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// route is the bounded label for a path.
func route(path string) string {
	switch path {
	case "/graphql", "/", "/schema.graphql", "/healthz", "/readyz", "/metrics",
		"/export/search.csv", "/export/search.ndjson", "/export/agreements.csv", "/export/agreements.ndjson",
		"/search", "/playground":
		return path
	}
	// The browser pages' routes, never their ids (a label per entity
	// would grow without bound).
	switch {
	case strings.HasPrefix(path, "/entity/"):
		return "/entity/{id}"
	case strings.HasPrefix(path, "/static/"):
		return "/static/{path}"
	}
	return "other"
}

// observe wraps a handler to count requests and time them.
func (m *metrics) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, req)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		r := route(req.URL.Path)
		m.requests.WithLabelValues(r, strconv.Itoa(sw.status)).Inc()
		m.duration.WithLabelValues(r).Observe(time.Since(start).Seconds())
	})
}

// operation counts one GraphQL response by operation name and outcome.
func (m *metrics) operation(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	name := "anonymous"
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		n := oc.OperationName
		if n == "" && oc.Operation != nil {
			n = oc.Operation.Name
		}
		if n != "" {
			name = m.bounded(n)
			noteOperation(ctx, n)
		}
	}
	outcome := "ok"
	if resp != nil && len(resp.Errors) > 0 {
		outcome = "error"
	}
	m.operations.WithLabelValues(name, outcome).Inc()
	return resp
}

func (m *metrics) bounded(name string) string {
	if !graph.PlainOperationName(name) {
		return "other"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.names[name] {
		if len(m.names) >= maxOperationNames {
			return "other"
		}
		m.names[name] = true
	}
	return name
}

// searchContext returns ctx in which graph reports each index search's
// time to the search histogram.
func (m *metrics) searchContext(ctx context.Context) context.Context {
	return graph.WithSearchObserver(ctx, func(d time.Duration) { m.searches.Observe(d.Seconds()) })
}
