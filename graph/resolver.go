package graph

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"pactgraph/corpus"
	"pactgraph/search"
)

//go:generate go tool gqlgen generate

// State is what one request reads: the catalog and the index of one build.
// A request keeps the State it started with, so a reload never mixes two
// builds in one response.
type State struct {
	Catalog *corpus.Catalog
	Index   *search.Index

	refs    atomic.Int64
	retired atomic.Bool
	closed  sync.Once
}

// Retire marks a State that a reload replaced: its index closes as soon as
// the last request that started on it ends.
func (s *State) Retire() {
	s.retired.Store(true)
	if s.refs.Load() == 0 {
		s.close()
	}
}

func (s *State) release() {
	if s.refs.Add(-1) == 0 && s.retired.Load() {
		s.close()
	}
}

func (s *State) close() {
	s.closed.Do(func() {
		if s.Index != nil {
			s.Index.Close()
		}
	})
}

// acquire takes the current State for one request; nil while none is
// ready. The check after counting the reference closes the window in which
// a reload could retire the State between load and use.
func acquire(load func() *State) *State {
	for try := 0; ; try++ {
		st := load()
		if st == nil {
			return nil
		}
		st.refs.Add(1)
		if try == 3 || load() == st {
			return st // three reloads in a row while taking it: use the newest
		}
		st.release()
	}
}

// Resolver is the root resolver. It holds dependencies only; the request's
// State comes from the context.
type Resolver struct {
	logger *slog.Logger
	// searchTimeout bounds each index search (Options.SearchTimeout); 0
	// leaves only the request's deadline.
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
