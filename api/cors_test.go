package api_test

import (
	"net/http/httptest"
	"testing"

	"pactgraph/api"
)

// A preflight for the headers Apollo Client and urql send, behind an auth
// gateway, is allowed (issue 15).
func TestCORSClientHeaders(t *testing.T) {
	h := api.NewHandler(api.Options{Snapshots: api.NewSnapshots(served), CORSOrigins: []string{"https://app.example.org"}})
	for _, headers := range []string{
		"authorization",
		"content-type,authorization,apollographql-client-name,apollographql-client-version",
		"x-apollo-operation-name, apollo-require-preflight",
		"traceparent, tracestate, baggage",
	} {
		req := httptest.NewRequest("OPTIONS", "/graphql", nil)
		req.Header.Set("Origin", "https://app.example.org")
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", headers)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Header().Get("Access-Control-Allow-Origin") != "https://app.example.org" {
			t.Errorf("preflight for %q: no Access-Control-Allow-Origin (%v)", headers, rec.Header())
		}
	}
}
