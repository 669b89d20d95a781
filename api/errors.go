package api

import (
	"encoding/json"
	"net/http"

	"pactgraph/graph"
)

// Error codes of the HTTP layer, in extensions.code beside graph's. They
// are part of the public contract.
const (
	CodeMethodNotAllowed     = "METHOD_NOT_ALLOWED"
	CodeURITooLong           = "URI_TOO_LONG"
	CodeHeadersTooLarge      = "HEADERS_TOO_LARGE"
	CodeNotAcceptable        = "NOT_ACCEPTABLE"
	CodeUnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
	CodeTooManyErrors        = "TOO_MANY_ERRORS"
	CodePayloadTooLarge      = "PAYLOAD_TOO_LARGE"
)

// statusOf is the one table from an error's code to the HTTP status of an
// answer the handler writes itself (a refusal before GraphQL execution, an
// export's error). GraphQL answers keep the status gqlgen gives (see
// finish).
var statusOf = map[string]int{
	graph.CodeBadRequest:     http.StatusBadRequest,
	graph.CodeBadUserInput:   http.StatusBadRequest,
	graph.CodeBadQuery:       http.StatusBadRequest,
	graph.CodeTooExpensive:   http.StatusBadRequest,
	CodeMethodNotAllowed:     http.StatusMethodNotAllowed,
	CodeNotAcceptable:        http.StatusNotAcceptable,
	CodePayloadTooLarge:      http.StatusRequestEntityTooLarge,
	CodeURITooLong:           http.StatusRequestURITooLong,
	CodeUnsupportedMediaType: http.StatusUnsupportedMediaType,
	CodeHeadersTooLarge:      http.StatusRequestHeaderFieldsTooLarge,
	graph.CodeInternal:       http.StatusInternalServerError,
	graph.CodeTimeout:        http.StatusServiceUnavailable,
	graph.CodeUnavailable:    http.StatusServiceUnavailable,
}

// statusFor is the HTTP status of an error code; 500 for a code not in the
// table.
func statusFor(code string) int {
	if s, ok := statusOf[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// writeError answers a request that never reached GraphQL execution, in the
// GraphQL response shape (no data key), with the status of its code; a 503
// says when to try again.
func writeError(w http.ResponseWriter, code, msg string) {
	writeErrors(w, code, map[string]any{"message": msg, "extensions": map[string]any{"code": code}})
}

// writeErrors answers with one error body of the GraphQL shape.
func writeErrors(w http.ResponseWriter, code string, body map[string]any) {
	st := statusFor(code)
	if st == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(st)
	json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{body}})
}
