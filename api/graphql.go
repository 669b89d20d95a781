package api

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

	"pactgraph/graph"
)

// graphqlEndpoint guards /graphql before gqlgen sees a request: method,
// media type, URL and body size, readiness and the number of requests in
// flight; then it puts the request's State and deadline in its context and
// tidies gqlgen's answer (see finish).
func graphqlEndpoint(next http.Handler, opts Options) http.Handler {
	inFlight := make(chan struct{}, opts.MaxInFlight)
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if !admit(w, req, opts) {
			return
		}
		st := opts.Snapshots.acquire()
		if st == nil {
			writeError(w, graph.CodeUnavailable, "the index is still loading; try again shortly")
			return
		}
		defer opts.Snapshots.release(st)
		var leave sync.Once
		leaveInFlight := func() { leave.Do(func() { <-inFlight }) }
		select {
		case inFlight <- struct{}{}:
			defer leaveInFlight()
		case <-time.After(opts.QueueWait):
			writeError(w, graph.CodeUnavailable, "the server is busy; try again shortly")
			return
		case <-req.Context().Done():
			return
		}
		if !readRequest(w, req, opts) {
			return
		}
		ctx, cancel := context.WithTimeout(graph.WithState(req.Context(), st), opts.Timeout)
		defer cancel()
		ctx, heavy := graph.WithHeld(ctx)
		defer heavy.Release()
		rec := &recorder{header: w.Header(), status: http.StatusOK, body: answerBuffers.Get().(*bytes.Buffer)}
		defer putAnswerBuffer(rec.body)
		next.ServeHTTP(rec, req.WithContext(ctx))
		// The answer is complete in memory: the client's reading holds
		// neither a heavy-operation slot nor a place in flight.
		heavy.Release()
		leaveInFlight()
		finish(w, rec, acceptsGzip(req))
	})
}

// admit checks what can be refused before any work: the method, the URL,
// the media type and declared size of a POST, and the Accept header (read
// by its q-values, which gqlgen ignores).
func admit(w http.ResponseWriter, req *http.Request, opts Options) bool {
	switch req.Method {
	case http.MethodGet, http.MethodPost:
	case http.MethodOptions:
		w.Header().Set("Allow", "GET, POST, OPTIONS")
		w.WriteHeader(http.StatusNoContent)
		return false
	default:
		w.Header().Set("Allow", "GET, POST")
		writeError(w, CodeMethodNotAllowed, req.Method+" is not allowed: use GET or POST")
		return false
	}
	if len(req.URL.RawQuery) > opts.MaxURLBytes {
		writeError(w, CodeURITooLong,
			fmt.Sprintf("the URL is %d bytes; the most is %d: send long queries with POST", len(req.URL.RawQuery), opts.MaxURLBytes))
		return false
	}
	if req.Method == http.MethodPost {
		mt, params, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
		if cs, ok := params["charset"]; err == nil && ok && !strings.EqualFold(cs, "utf-8") {
			writeError(w, CodeUnsupportedMediaType,
				"send the request in UTF-8: Content-Type: application/json; charset=utf-8")
			return false
		}
		if err != nil || mt != "application/json" {
			writeError(w, CodeUnsupportedMediaType,
				"send the request as Content-Type: application/json")
			return false
		}
		if req.ContentLength > opts.MaxBodyBytes {
			refuseBody(w, req.Body, fmt.Sprintf("request body is %d bytes; the most is %d", req.ContentLength, opts.MaxBodyBytes))
			return false
		}
	}
	if accept := req.Header.Get("Accept"); accept != "" {
		chosen, refused := negotiate(accept)
		if refused {
			writeError(w, CodeNotAcceptable,
				"the answer is application/graphql-response+json or application/json; the Accept header refuses both")
			return false
		}
		if chosen != "" {
			req.Header.Set("Accept", chosen) // gqlgen takes the first type listed, whatever its q
		}
	}
	return true
}

// readRequest checks a GET's query string, or reads a POST's bounded body
// (a chunked body over the limit is refused with 413 like a declared one)
// and checks it; false when it has answered.
func readRequest(w http.ResponseWriter, req *http.Request, opts Options) bool {
	if req.Method == http.MethodGet {
		if msg := checkQueryString(req.URL.Query()); msg != "" {
			writeError(w, graph.CodeBadRequest, msg)
			return false
		}
		return true
	}
	raw := req.Body
	body, err := io.ReadAll(http.MaxBytesReader(w, raw, opts.MaxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			refuseBody(w, raw, fmt.Sprintf("request body is over %d bytes", opts.MaxBodyBytes))
			return false
		}
		writeError(w, graph.CodeBadRequest, "could not read the request body")
		return false
	}
	if msg := checkBody(body); msg != "" {
		writeError(w, graph.CodeBadRequest, msg)
		return false
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	return true
}

// recorder holds gqlgen's answer so that finish can tidy it.
type recorder struct {
	header http.Header
	status int
	body   *bytes.Buffer
}

// answerBuffers are recorders' buffers, reused from one answer to the
// next (growing one from nothing for each answer was 2 % of a search's
// allocations); one that grew past maxPooledAnswer is let go.
var answerBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPooledAnswer = 64 << 10

func putAnswerBuffer(b *bytes.Buffer) {
	if b.Cap() > maxPooledAnswer {
		return
	}
	b.Reset()
	answerBuffers.Put(b)
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
				if hideBody(errs) {
					resp["errors"], _ = json.Marshal(errs)
					changed = true
				}
				ext, _ := errs[0]["extensions"].(map[string]any)
				if ext["code"] == graph.CodeUnavailable {
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
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(&zipped)
		zw.Write(body)
		zw.Close()
		gzipWriters.Put(zw)
		body = zipped.Bytes()
		w.Header().Set("Content-Encoding", "gzip")
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// gzipWriters are reused from one answer to the next: a new writer
// allocates its compression tables, about a megabyte, every time.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed)
	return zw
}}

// hideBody rewords gqlgen's decoding errors, which quote the request body
// ("… body:{…}"): an error never echoes what was sent.
func hideBody(errs []map[string]any) bool {
	changed := false
	for _, e := range errs {
		if msg, _ := e["message"].(string); strings.Contains(msg, "could not be decoded") {
			e["message"] = "the request could not be decoded as a GraphQL request"
			changed = true
		}
	}
	return changed
}
