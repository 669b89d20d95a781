package graph

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/ast"
	"go.opentelemetry.io/otel/trace"
)

// ServerOptions configure the GraphQL server.
type ServerOptions struct {
	// Logger receives every internal error; nil discards them.
	Logger *slog.Logger
	// RequestID names the request of a context in the log lines; nil
	// leaves it empty.
	RequestID func(context.Context) string
	// Introspection turns on __schema and __type queries.
	Introspection bool
	// SearchTimeout bounds each index search (0: only the request's
	// deadline), so that one search cannot spend the whole request's
	// time: one that runs over answers TIMEOUT.
	SearchTimeout time.Duration
	// Limits bound each operation (default DefaultLimits).
	Limits Limits
	// Heavy is the pool of heavy-operation slots (default 2 × GOMAXPROCS
	// slots, waited for 1 s).
	Heavy *Slots
	// Tracer, when set, gives each operation and each index search a span
	// (see tracing.go).
	Tracer trace.TracerProvider
}

// Server is gqlgen's server for pactgraph's schema, with its extensions:
// the query cache, automatic persisted queries, the operation guard,
// tracing, and the error presenter. The HTTP layer (package api) adds the
// transports and serves it.
type Server struct {
	*handler.Server
	schema *ast.Schema
}

// Schema is the executable schema's definition, for /schema.graphql.
func (s *Server) Schema() *ast.Schema { return s.schema }

// NewServer is the one constructor of the GraphQL server.
func NewServer(opts ServerOptions) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.RequestID == nil {
		opts.RequestID = func(context.Context) string { return "" }
	}
	if opts.Limits == (Limits{}) {
		opts.Limits = DefaultLimits
	}
	if opts.Heavy == nil {
		opts.Heavy = NewSlots(2*runtime.GOMAXPROCS(0), time.Second)
	}
	r := &Resolver{logger: opts.Logger, requestID: opts.RequestID, searchTimeout: opts.SearchTimeout}
	schema := NewExecutableSchema(Config{Resolvers: r})

	srv := handler.New(schema)
	srv.SetQueryCache(newSizedLRU(documentCacheBytes, documentSize[*ast.QueryDocument]))
	srv.SetParserTokenLimit(opts.Limits.Tokens)
	if opts.Introspection {
		srv.Use(extension.Introspection{})
	} else {
		srv.SetDisableSuggestion(true)
	}
	// The persisted-query extension fills in the query text first, then the
	// guard checks it before gqlgen parses and validates.
	srv.Use(persistedQueries{extension.AutomaticPersistedQuery{Cache: newSizedLRU(apqCacheBytes, apqSize)}})
	srv.Use(newOperationGuard(opts.Limits, schema.Schema(), opts.Heavy))
	if opts.Tracer != nil {
		srv.Use(newOperationTracer(opts.Tracer))
	}
	srv.SetErrorPresenter(r.presentError)
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		opts.Logger.ErrorContext(ctx, "panic in resolver", "panic", v, "request_id", opts.RequestID(ctx), "stack", string(debug.Stack()))
		return &internalError{fmt.Errorf("panic: %v", v)}
	})
	return &Server{Server: srv, schema: schema.Schema()}
}
