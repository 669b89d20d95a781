package loader

import (
	"context"
	"time"
)

// Stages of a build, as Progress reports them.
const (
	// StageRead is reading the documents and linking their passages; Done
	// and Total count documents.
	StageRead = "read"
	// StageIndex is adding records (passages and entities) to the index;
	// Done and Total count records.
	StageIndex = "index"
)

// Progress is how far a build has come in one stage.
type Progress struct {
	Stage       string // StageRead or StageIndex
	Done, Total int
	// Elapsed is the time spent in this stage so far.
	Elapsed time.Duration
}

type progressKey struct{}

// WithProgress returns a context that makes Build and WriteIndex call
// report as they work: after each document read, and after each batch of
// records indexed, always including the last one of a stage (Done ==
// Total). report runs on the building goroutine, so it should be quick;
// `pactgraph index` draws a progress line with it.
func WithProgress(ctx context.Context, report func(Progress)) context.Context {
	return context.WithValue(ctx, progressKey{}, report)
}

// progressOf returns the context's reporter for a stage starting now; a
// no-op when the context carries none.
func progressOf(ctx context.Context, stage string) func(done, total int) {
	report, _ := ctx.Value(progressKey{}).(func(Progress))
	if report == nil {
		return func(int, int) {}
	}
	start := time.Now()
	return func(done, total int) {
		report(Progress{Stage: stage, Done: done, Total: total, Elapsed: time.Since(start)})
	}
}
