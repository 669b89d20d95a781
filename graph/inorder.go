package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// marshalSliceInOrder marshals the elements of a list one after another on
// the calling goroutine. The generated executor calls it where gqlgen would
// call graphql.MarshalSliceConcurrently (see graph/internal/inorder): every
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
