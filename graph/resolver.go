package graph

import (
	"context"
	"log/slog"
	"time"

	"pactgraph/corpus"
	"pactgraph/search"
)

//go:generate go tool gqlgen generate
//go:generate go run ./internal/genpatch generated.go

// State is what one request reads: the catalog and the index of one build.
// A request keeps the State it started with, so a reload never mixes two
// builds in one response (package api counts the requests on each).
type State struct {
	Catalog *corpus.Catalog
	Index   *search.Index
}

// Resolver is the root resolver. It holds dependencies only; the request's
// State comes from the context.
type Resolver struct {
	logger    *slog.Logger
	requestID func(context.Context) string
	// searchTimeout bounds each index search (ServerOptions.SearchTimeout);
	// 0 leaves only the request's deadline.
	searchTimeout time.Duration
}

type stateKey struct{}

// WithState returns ctx carrying st for the resolvers.
func WithState(ctx context.Context, st *State) context.Context {
	return context.WithValue(ctx, stateKey{}, st)
}

func stateOf(ctx context.Context) *State {
	st, _ := ctx.Value(stateKey{}).(*State)
	return st
}

func catalogOf(ctx context.Context) *corpus.Catalog { return stateOf(ctx).Catalog }
