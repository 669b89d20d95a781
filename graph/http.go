package graph

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql/errcode"
)

// graphqlEndpoint guards /graphql before gqlgen sees a request: method,
// media type, URL and body size, readiness and the number of requests in
// flight; then it puts the request's State and deadline in its context and
// tidies gqlgen's answer (see finish).
func graphqlEndpoint(next http.Handler, opts Options) http.Handler {
	inFlight := make(chan struct{}, opts.MaxInFlight)
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		switch req.Method {
		case http.MethodGet, http.MethodPost:
		case http.MethodOptions:
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			w.WriteHeader(http.StatusNoContent)
			return
		default:
			w.Header().Set("Allow", "GET, POST")
			writeError(w, http.StatusMethodNotAllowed, CodeMethodNotAllowed, req.Method+" is not allowed: use GET or POST")
			return
		}
		if len(req.URL.RawQuery) > opts.MaxURLBytes {
			writeError(w, http.StatusRequestURITooLong, CodeURITooLong,
				fmt.Sprintf("the URL is %d bytes; the most is %d: send long queries with POST", len(req.URL.RawQuery), opts.MaxURLBytes))
			return
		}
		if req.Method == http.MethodPost {
			mt, _, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
			if err != nil || mt != "application/json" {
				writeError(w, http.StatusUnsupportedMediaType, CodeUnsupportedMediaType,
					"send the request as Content-Type: application/json")
				return
			}
			if req.ContentLength > opts.MaxBodyBytes {
				writeError(w, http.StatusRequestEntityTooLarge, CodePayloadTooLarge,
					fmt.Sprintf("request body is %d bytes; the most is %d", req.ContentLength, opts.MaxBodyBytes))
				return
			}
		}
		st := acquire(opts.State)
		if st == nil {
			w.Header().Set("Retry-After", "1")
			writeError(w, http.StatusServiceUnavailable, CodeUnavailable, "the index is still loading; try again shortly")
			return
		}
		defer st.release()
		var leave sync.Once
		leaveInFlight := func() { leave.Do(func() { <-inFlight }) }
		select {
		case inFlight <- struct{}{}:
			defer leaveInFlight()
		case <-time.After(opts.QueueWait):
			w.Header().Set("Retry-After", "1")
			writeError(w, http.StatusServiceUnavailable, CodeUnavailable, "the server is busy; try again shortly")
			return
		case <-req.Context().Done():
			return
		}
		if req.Method == http.MethodPost {
			// Read the bounded body here, so that a chunked body over the
			// limit is refused with 413 like a declared one.
			body, err := io.ReadAll(http.MaxBytesReader(w, req.Body, opts.MaxBodyBytes))
			if err != nil {
				var tooLarge *http.MaxBytesError
				if errors.As(err, &tooLarge) {
					writeError(w, http.StatusRequestEntityTooLarge, CodePayloadTooLarge,
						fmt.Sprintf("request body is over %d bytes", opts.MaxBodyBytes))
					return
				}
				writeError(w, http.StatusBadRequest, CodeBadRequest, "could not read the request body")
				return
			}
			if msg := checkBody(body); msg != "" {
				writeError(w, http.StatusBadRequest, CodeBadRequest, msg)
				return
			}
			req.Body = io.NopCloser(bytes.NewReader(body))
		}
		ctx, cancel := context.WithTimeout(WithState(req.Context(), st), opts.Timeout)
		defer cancel()
		ctx, heavy := withSlot(ctx)
		defer heavy.done()
		rec := &recorder{header: w.Header(), status: http.StatusOK}
		next.ServeHTTP(rec, req.WithContext(ctx))
		// The answer is complete in memory: the client's reading holds
		// neither a heavy-operation slot nor a place in flight.
		heavy.done()
		leaveInFlight()
		finish(w, rec, acceptsGzip(req))
	})
}

// checkBody refuses bodies that are not one GraphQL request object, with a
// short message that never echoes the body.
func checkBody(body []byte) string {
	body = bytes.TrimSpace(body)
	switch {
	case len(body) == 0:
		return "the request body is empty: send {\"query\": \"...\"}"
	case body[0] == '[':
		return "batched requests are not supported: send one {\"query\": \"...\"} object"
	case body[0] != '{':
		return "the request body must be a JSON object {\"query\": \"...\"}"
	}
	var params struct {
		Query         *json.RawMessage `json:"query"`
		OperationName *json.RawMessage `json:"operationName"`
		Variables     *json.RawMessage `json:"variables"`
	}
	if err := json.Unmarshal(body, &params); err != nil {
		return "the request body is not valid JSON"
	}
	isType := func(raw *json.RawMessage, first byte) bool {
		return raw == nil || string(*raw) == "null" || (len(*raw) > 0 && (*raw)[0] == first)
	}
	if !isType(params.Query, '"') {
		return "\"query\" must be a string"
	}
	if !isType(params.OperationName, '"') {
		return "\"operationName\" must be a string"
	}
	if !isType(params.Variables, '{') {
		return "\"variables\" must be an object"
	}
	return ""
}

// recorder holds gqlgen's answer so that finish can tidy it.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(status int)      { r.status = status }

// maxErrors bounds the errors of one response.
const maxErrors = 50

// finish writes gqlgen's answer with these corrections:
//   - a request that failed before execution has no "data" key (the GraphQL
//     spec says so; gqlgen writes "data": null);
//   - a document that cannot be parsed or validated, sent by a client that
//     accepts only application/json, is answered 200, as the GraphQL over
//     HTTP spec asks for legacy clients; limits stay 4xx whatever the client
//     accepts;
//   - at most 50 errors.
func finish(w http.ResponseWriter, rec *recorder, gzipOK bool) {
	body := rec.body.Bytes()
	status := rec.status
	if len(body) > 0 && body[0] == '{' && bytes.Contains(body, []byte(`"errors"`)) {
		var resp map[string]json.RawMessage
		if err := json.Unmarshal(body, &resp); err == nil {
			changed := false
			if status != http.StatusOK && string(resp["data"]) == "null" {
				delete(resp, "data")
				changed = true
			}
			var errs []map[string]any
			if json.Unmarshal(resp["errors"], &errs) == nil && len(errs) > 0 {
				if len(errs) > maxErrors {
					errs = append(errs[:maxErrors], map[string]any{
						"message":    fmt.Sprintf("%d more errors were left out", len(errs)-maxErrors),
						"extensions": map[string]any{"code": CodeTooManyErrors},
					})
					resp["errors"], _ = json.Marshal(errs)
					changed = true
				}
				ext, _ := errs[0]["extensions"].(map[string]any)
				if ext["code"] == CodeUnavailable {
					status = http.StatusServiceUnavailable
					w.Header().Set("Retry-After", "1")
				}
				legacy := strings.HasPrefix(rec.header.Get("Content-Type"), "application/json")
				if legacy && status == http.StatusUnprocessableEntity && ext["limit"] == nil &&
					(ext["code"] == errcode.ParseFailed || ext["code"] == errcode.ValidationFailed) {
					status = http.StatusOK
				}
			}
			if changed {
				body, _ = json.Marshal(resp)
			}
		}
	}
	w.Header().Add("Vary", "Accept-Encoding")
	if gzipOK && len(body) >= gzipMinBytes {
		var zipped bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&zipped, gzip.BestSpeed)
		zw.Write(body)
		zw.Close()
		body = zipped.Bytes()
		w.Header().Set("Content-Encoding", "gzip")
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// gzipMinBytes is the size from which an answer is compressed for clients
// that accept gzip: smaller ones gain nothing.
const gzipMinBytes = 1400

func acceptsGzip(req *http.Request) bool {
	for _, part := range strings.Split(req.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") && !strings.Contains(strings.ReplaceAll(params, " ", ""), "q=0") {
			return true
		}
	}
	return false
}

// writeError answers a request that never reached GraphQL execution, in the
// GraphQL response shape (no data key).
func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": msg, "extensions": map[string]any{"code": code}}},
	})
}
