package graph

import (
	"context"
	"time"
)

// The HTTP layer measures what graph does through hooks in the context:
// graph itself knows nothing of Prometheus or of requests.

type searchObserverKey struct{}

// WithSearchObserver returns ctx in which every index search a field runs
// reports how long it took to observe.
func WithSearchObserver(ctx context.Context, observe func(time.Duration)) context.Context {
	return context.WithValue(ctx, searchObserverKey{}, observe)
}

// observeSearch reports an index search that began at start.
func observeSearch(ctx context.Context, start time.Time) {
	if observe, ok := ctx.Value(searchObserverKey{}).(func(time.Duration)); ok {
		observe(time.Since(start))
	}
}
