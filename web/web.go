// Package web serves pactgraph's browser pages: the GraphQL explorer at /
// and the researchers' search page at /search. The pages are static files
// embedded in the binary; they talk to /graphql only.
package web

import (
	"net/http"

	"github.com/99designs/gqlgen/graphql/playground"
)

// Handler serves the pages. The API's own routes (/graphql, /metrics, ...)
// are claimed before it, so it sees every other path.
func Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /{$}", playground.Handler("pactgraph", "/graphql"))
	return mux
}
