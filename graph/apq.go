package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// CodeBadPersistedQuery is a persisted-query request that cannot be served:
// a hash that does not match the query, or extension data of the wrong shape.
const CodeBadPersistedQuery = "PERSISTED_QUERY_INVALID"

func init() { errcode.RegisterErrorType(CodeBadPersistedQuery, errcode.KindProtocol) }

// persistedQueries is gqlgen's automatic persisted queries (Apollo's
// protocol) with a stable code on every error it can give.
type persistedQueries struct {
	extension.AutomaticPersistedQuery
}

func (p persistedQueries) MutateOperationParameters(ctx context.Context, raw *graphql.RawParams) *gqlerror.Error {
	err := p.AutomaticPersistedQuery.MutateOperationParameters(ctx, raw)
	if err != nil && err.Extensions["code"] == nil {
		errcode.Set(err, CodeBadPersistedQuery)
	}
	return err
}
