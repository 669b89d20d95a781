package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// The generated executor calls these where gqlgen's own code would cost
// every search more than pactgraph needs; graph/internal/genpatch puts them
// there when go generate ./graph runs.

// marshalSliceInOrder marshals the elements of a list one after another on
// the calling goroutine. The generated executor calls it where gqlgen would
// call graphql.MarshalSliceConcurrently: every
// resolver here reads memory, so a goroutine per element bought no overlap
// and cost stack growth and scheduling on every edge and highlight. Like
// gqlgen's, it gives each element a field context with its index, and turns
// a panic in one element into a null there and an error, leaving the others.
// The worker limit is ignored: one goroutine is the limit.
func marshalSliceInOrder(ctx context.Context, length int, _ int64, omitPanicHandler bool,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	ret := make(graphql.Array, length)
	for i := range length {
		childCtx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &i})
		if omitPanicHandler {
			ret[i] = marshalElement(childCtx, i)
			continue
		}
		ret[i] = marshalRecovering(childCtx, i, marshalElement)
	}
	return ret
}

// marshalRecovering marshals element i, answering null and recording the
// error if it panics.
func marshalRecovering(ctx context.Context, i int,
	marshalElement func(ctx context.Context, i int) graphql.Marshaler) (m graphql.Marshaler) {
	defer func() {
		if r := recover(); r != nil {
			graphql.AddError(ctx, graphql.Recover(ctx, r))
			m = graphql.Null
		}
	}()
	return marshalElement(ctx, i)
}

// newDeferredGroup starts an object's deferred group as
// graphql.NewDeferredGroup does, without its path: the path is read only
// when one of the object's fields is deferred (@defer), and working it out
// for every object marshalled (each edge, each highlight) cost a search
// about 2 % of its CPU. withDeferredPath adds it when the group is
// processed.
func newDeferredGroup(ctx context.Context) graphql.DeferredGroup {
	return graphql.DeferredGroup{
		FieldSet: graphql.NewFieldSet(nil),
		Defers:   make(map[string]*graphql.FieldSetView),
		Context:  ctx,
	}
}

// withDeferredPath is dg with the path of the object it was started for.
func withDeferredPath(dg graphql.DeferredGroup) graphql.DeferredGroup {
	dg.Path = graphql.GetPath(dg.Context)
	return dg
}
