package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/rs/cors"
)

// withCORS answers preflights and marks answers for the origins allowed.
// gqlgen's OPTIONS transport answers preflights without CORS headers;
// rs/cors answers them, and marks the answers, itself.
func withCORS(endpoint http.Handler, origins []string) http.Handler {
	return sortedPreflight(cors.New(cors.Options{
		AllowedOrigins: origins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost},
		AllowedHeaders: corsHeaders,
		ExposedHeaders: []string{"X-Request-Id", "Retry-After"},
		MaxAge:         600,
	}).Handler(endpoint))
}

// corsHeaders are the request headers a browser may send from another
// origin: those of fetch, of an auth gateway (Authorization), of Apollo
// Client and urql (client name and version, operation name, preflight) and
// of W3C trace context. A preflight asking for any other is refused.
var corsHeaders = []string{"Content-Type", "Accept", "Authorization", "X-Request-Id",
	"Apollo-Require-Preflight", "Apollographql-Client-Name", "Apollographql-Client-Version",
	"X-Apollo-Operation-Name", "Traceparent", "Tracestate", "Baggage"}

// sortedPreflight writes a preflight's requested headers as browsers do,
// lower case and sorted: rs/cors refuses a list in any other order, which
// proxies and hand-written clients send ("Content-Type, Authorization").
func sortedPreflight(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if v := req.Header.Values("Access-Control-Request-Headers"); req.Method == http.MethodOptions && len(v) > 0 {
			var names []string
			for _, part := range strings.Split(strings.Join(v, ","), ",") {
				if name := strings.ToLower(strings.TrimSpace(part)); name != "" && !slices.Contains(names, name) {
					names = append(names, name)
				}
			}
			slices.Sort(names)
			req.Header.Set("Access-Control-Request-Headers", strings.Join(names, ","))
		}
		next.ServeHTTP(w, req)
	})
}
