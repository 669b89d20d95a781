package api

import "testing"

// Accept is read by its q-values, not by the order of its list (issue 15).
func TestNegotiate(t *testing.T) {
	for _, tc := range []struct {
		accept, want string
		refused      bool
	}{
		{"application/graphql-response+json;q=0, application/json", mediaJSON, false},
		{"application/graphql-response+json; q=0.5, application/json", mediaJSON, false},
		{"application/json;q=0.2, application/graphql-response+json;q=0.9", mediaGraphQLResponse, false},
		{"application/graphql-response+json, application/json", mediaGraphQLResponse, false},
		{"application/json, application/graphql-response+json", mediaJSON, false},
		{"*/*", mediaJSON, false},
		{"text/html,application/xhtml+xml,*/*;q=0.8", mediaJSON, false},
		{"application/graphql-response+json, */*;q=0.1", mediaGraphQLResponse, false},
		{"application/json;q=0, application/graphql-response+json;q=0", "", true},
		{"*/*;q=0", "", true},
		{"text/plain", "", false},
	} {
		got, refused := negotiate(tc.accept)
		if got != tc.want || refused != tc.refused {
			t.Errorf("negotiate(%q) = %q, %v; want %q, %v", tc.accept, got, refused, tc.want, tc.refused)
		}
	}
	for params, want := range map[string]float64{"": 1, "q=0": 0, " q=0.5": 0.5, "level=1; Q=0.25": 0.25, "q=x": 0, "q=NaN": 0} {
		if got := qValue(params); got != want {
			t.Errorf("qValue(%q) = %v; want %v", params, got, want)
		}
	}
}
