package api_test

import (
	"net/http/httptest"
	"os"
	"testing"

	"pactgraph/api"
	"pactgraph/graph"
	"pactgraph/internal/testserver"
)

// served is the embedded corpus, built once for the package's tests.
var served *graph.State

func TestMain(m *testing.M) {
	served = testserver.MustBuiltin()
	os.Exit(m.Run())
}

// newServer serves the embedded corpus with introspection on.
func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	return testserver.Serve(t, served, api.Options{Introspection: true})
}
