package api

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/vektah/gqlparser/v2/formatter"
	"go.opentelemetry.io/otel/trace"

	"pactgraph/export"
	"pactgraph/graph"
)

// Options configure the HTTP handler.
type Options struct {
	// Snapshots holds the catalog and index to serve; until one is
	// published the handler answers 503. Nil serves nothing.
	Snapshots *Snapshots
	// Draining reports that the server is shutting down: /readyz answers 503
	// at once while in-flight requests finish. Nil means never.
	Draining func() bool
	// Logger receives one line per request and every internal error; nil
	// discards them.
	Logger *slog.Logger
	// Introspection turns on __schema and __type queries.
	Introspection bool
	// MaxBodyBytes bounds a request body (default 128 KiB).
	MaxBodyBytes int64
	// Timeout bounds one GraphQL request, searches included (default 10 s).
	Timeout time.Duration
	// SearchTimeout bounds each index search (default 5 s), so that one
	// search cannot spend the whole request's time: one that runs over
	// answers TIMEOUT.
	SearchTimeout time.Duration
	// MaxHeaderBytes bounds a request's header fields (default 64 KiB);
	// more answers 431 HEADERS_TOO_LARGE.
	MaxHeaderBytes int
	// MaxURLBytes bounds the query string of a GET (default 8 KiB).
	MaxURLBytes int
	// MaxInFlight bounds the GraphQL requests served at once (default 256);
	// a request that finds no room within QueueWait (default 1 s) gets 503.
	MaxInFlight int
	QueueWait   time.Duration
	// MaxHeavy bounds the heavy operations (complexity of
	// graph.HeavyComplexity or more, such as 100 highlighted hits with
	// joins, and exports) run at once (default 2 × GOMAXPROCS); beyond it
	// they queue for QueueWait, then 503.
	MaxHeavy int
	// Limits bound each operation (default graph.DefaultLimits).
	Limits graph.Limits
	// CORSOrigins are the browser origins allowed to call /graphql from
	// another site ("https://app.example.org", or "*"); none by default.
	CORSOrigins []string
	// Pages serves the browser pages (the explorer at /, the search page,
	// their static files) for every path the API does not claim; nil serves
	// gqlgen's playground at / and nothing else.
	Pages http.Handler
	// Reloads, when set, is the state of the index reloads, shown in
	// /readyz's detail and in /metrics.
	Reloads *Reloads
	// Tracer, when set, traces with OpenTelemetry: a span per HTTP request
	// (continuing an incoming traceparent), per GraphQL operation and per
	// index search (see tracing.go). Nil installs nothing.
	Tracer trace.TracerProvider
}

func (o *Options) defaults() {
	if o.Snapshots == nil {
		o.Snapshots = NewSnapshots(nil)
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Draining == nil {
		o.Draining = func() bool { return false }
	}
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = 128 << 10
	}
	if o.Timeout == 0 {
		o.Timeout = 10 * time.Second
	}
	if o.SearchTimeout == 0 {
		o.SearchTimeout = 5 * time.Second
	}
	if o.MaxHeaderBytes == 0 {
		o.MaxHeaderBytes = 64 << 10
	}
	if o.MaxURLBytes == 0 {
		o.MaxURLBytes = 8 << 10
	}
	if o.MaxInFlight == 0 {
		o.MaxInFlight = 256
	}
	if o.QueueWait == 0 {
		o.QueueWait = time.Second
	}
	if o.MaxHeavy == 0 {
		o.MaxHeavy = 2 * runtime.GOMAXPROCS(0)
	}
	if o.Limits == (graph.Limits{}) {
		o.Limits = graph.DefaultLimits
	}
}

// NewHandler serves pactgraph over HTTP: GraphQL at /graphql (GET and
// POST), the exports, the explorer at /, the schema at /schema.graphql,
// /metrics, and /healthz and /readyz. serve.go, the search command and the
// tests use the same handler.
func NewHandler(opts Options) http.Handler {
	opts.defaults()
	m := newMetrics(opts.Snapshots)
	if opts.Reloads != nil {
		m.registry.MustRegister(opts.Reloads.collectors()...)
	}
	// GraphQL operations and exports share one pool of heavy-operation
	// slots.
	heavy := graph.NewSlots(opts.MaxHeavy, opts.QueueWait)
	srv := newGraphQL(opts, m, heavy)

	mux := http.NewServeMux()
	var endpoint http.Handler = graphqlEndpoint(srv, opts)
	if len(opts.CORSOrigins) > 0 {
		endpoint = withCORS(endpoint, opts.CORSOrigins)
	}
	mux.Handle("/graphql", withSearchMetrics(m, endpoint))
	mux.Handle("GET /metrics", m.handler())
	exports := newExporter(opts, m, heavy)
	for _, table := range []string{export.TableSearch, export.TableAgreements} {
		for _, format := range []string{export.FormatCSV, export.FormatNDJSON} {
			mux.Handle("/export/"+table+"."+format, exports.handler(table, format))
		}
	}
	if opts.Pages != nil {
		mux.Handle("/", opts.Pages)
	} else {
		mux.Handle("GET /{$}", playground.Handler("pactgraph", "/graphql"))
	}
	mux.HandleFunc("GET /schema.graphql", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		formatter.NewFormatter(w, formatter.WithComments()).FormatSchema(srv.Schema())
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.Handle("GET /readyz", readiness(opts))
	return traceRequests(opts.Tracer, logRequests(opts.Logger, m.observe(drainUnread(limitHeaders(opts.MaxHeaderBytes, recoverHTTP(opts.Logger, mux))))))
}

// newGraphQL is graph's server with the GraphQL-over-HTTP transports and
// the operation metrics.
func newGraphQL(opts Options, m *metrics, heavy *graph.Slots) *graph.Server {
	srv := graph.NewServer(graph.ServerOptions{
		Logger: opts.Logger, RequestID: RequestID, Introspection: opts.Introspection,
		SearchTimeout: opts.SearchTimeout, Limits: opts.Limits, Heavy: heavy, Tracer: opts.Tracer,
	})
	srv.AddTransport(transport.Options{AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions}})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.AroundResponses(m.operation)
	return srv
}

// readiness answers /readyz: 503 while draining or loading, else ready
// with the reloads' detail.
func readiness(opts Options) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		switch {
		case opts.Draining():
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "shutting down")
			return
		case opts.Snapshots.Current() == nil:
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "loading")
			return
		}
		fmt.Fprintln(w, "ready")
		if d := opts.Reloads.Detail(); d != "" {
			fmt.Fprintln(w, d)
		}
	}
}

// limitHeaders answers 431 in JSON for header fields over max bytes.
func limitHeaders(max int, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		n := 0
		for k, vs := range req.Header {
			for _, v := range vs {
				n += len(k) + len(v) + 4 // ": " and CRLF
			}
		}
		if n > max {
			w.Header().Set("Connection", "close")
			writeError(w, CodeHeadersTooLarge,
				fmt.Sprintf("the header fields are %d bytes; the most is %d", n, max))
			return
		}
		next.ServeHTTP(w, req)
	})
}

// recoverHTTP turns a panic outside the resolvers into a 500 without
// internals.
func recoverHTTP(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				logger.ErrorContext(req.Context(), "panic in handler", "panic", v, "path", req.URL.Path,
					"request_id", RequestID(req.Context()), "stack", string(debug.Stack()))
				writeError(w, graph.CodeInternal, "internal error")
			}
		}()
		next.ServeHTTP(w, req)
	})
}

// withSearchMetrics times the index searches of the requests it serves.
func withSearchMetrics(m *metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		next.ServeHTTP(w, req.WithContext(m.searchContext(req.Context())))
	})
}
