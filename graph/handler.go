package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
)

// Options configure the HTTP handler.
type Options struct {
	// State returns the catalog and index to serve; nil until they are
	// ready, and the handler answers 503 until then.
	State func() *State
	// Logger receives internal errors; nil discards them.
	Logger *slog.Logger
	// Introspection turns on __schema and __type queries.
	Introspection bool
	// MaxBodyBytes bounds a request body (default 128 KiB).
	MaxBodyBytes int64
	// Timeout bounds one GraphQL request, searches included (default 10 s).
	Timeout time.Duration
	// ParserTokenLimit bounds the tokens of one query document (default 5,000).
	ParserTokenLimit int
}

func (o *Options) defaults() {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = 128 << 10
	}
	if o.Timeout == 0 {
		o.Timeout = 10 * time.Second
	}
	if o.ParserTokenLimit == 0 {
		o.ParserTokenLimit = 5000
	}
}

// NewHandler serves pactgraph over HTTP: GraphQL at /graphql (GET and
// POST), the explorer at /, the schema at /schema.graphql, and /healthz and
// /readyz. server.go and the tests use the same handler.
func NewHandler(opts Options) http.Handler {
	opts.defaults()
	r := &Resolver{logger: opts.Logger}
	schema := NewExecutableSchema(Config{Resolvers: r})

	srv := handler.New(schema)
	srv.AddTransport(transport.Options{AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions}})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.SetParserTokenLimit(opts.ParserTokenLimit)
	if opts.Introspection {
		srv.Use(extension.Introspection{})
	} else {
		srv.SetDisableSuggestion(true)
	}
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	srv.SetErrorPresenter(r.presentError)
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		opts.Logger.ErrorContext(ctx, "panic in resolver", "panic", v, "stack", string(debug.Stack()))
		return &internalError{fmt.Errorf("panic: %v", v)}
	})

	mux := http.NewServeMux()
	mux.Handle("/graphql", graphqlEndpoint(srv, opts))
	mux.Handle("GET /{$}", playground.Handler("pactgraph", "/graphql"))
	mux.HandleFunc("GET /schema.graphql", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		formatter.NewFormatter(w, formatter.WithComments()).FormatSchema(schema.Schema())
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if opts.State() == nil {
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "loading")
			return
		}
		fmt.Fprintln(w, "ready")
	})
	return recoverHTTP(opts.Logger, mux)
}

// graphqlEndpoint puts the request's State and deadline in its context and
// bounds the body before gqlgen reads it.
func graphqlEndpoint(srv *handler.Server, opts Options) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.ContentLength > opts.MaxBodyBytes {
			writeError(w, http.StatusRequestEntityTooLarge, CodePayloadTooLarge,
				fmt.Sprintf("request body is %d bytes; the most is %d", req.ContentLength, opts.MaxBodyBytes))
			return
		}
		st := opts.State()
		if st == nil {
			w.Header().Set("Retry-After", "1")
			writeError(w, http.StatusServiceUnavailable, CodeUnavailable, "the index is still loading; try again shortly")
			return
		}
		if req.Body != nil && req.Body != http.NoBody {
			// Read the bounded body here, so that a chunked body over the
			// limit is refused with 413 like a declared one.
			body, err := io.ReadAll(http.MaxBytesReader(w, req.Body, opts.MaxBodyBytes))
			if err != nil {
				var tooLarge *http.MaxBytesError
				if errors.As(err, &tooLarge) {
					writeError(w, http.StatusRequestEntityTooLarge, CodePayloadTooLarge,
						fmt.Sprintf("request body is over %d bytes", opts.MaxBodyBytes))
					return
				}
				writeError(w, http.StatusBadRequest, CodeBadRequest, "could not read the request body")
				return
			}
			req.Body = io.NopCloser(bytes.NewReader(body))
		}
		ctx, cancel := context.WithTimeout(WithState(req.Context(), st), opts.Timeout)
		defer cancel()
		srv.ServeHTTP(w, req.WithContext(ctx))
	})
}

// writeError answers a request that never reached GraphQL execution, in the
// GraphQL response shape (no data key).
func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": msg, "extensions": map[string]any{"code": code}}},
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
				logger.ErrorContext(req.Context(), "panic in handler", "panic", v, "path", req.URL.Path, "stack", string(debug.Stack()))
				writeError(w, http.StatusInternalServerError, CodeInternal, "internal error")
			}
		}()
		next.ServeHTTP(w, req)
	})
}
