package api

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"mime"
	"net/http"
	"net/url"
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
		rec := &recorder{header: w.Header(), status: http.StatusOK}
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

// Bounds of the body read and thrown away after a 413, so that a client
// that writes its whole body before it reads (as Python's urllib does)
// gets to read the answer instead of a connection reset: as nginx's
// lingering close, up to drainBytes within drainTime.
const (
	drainBytes = 16 << 20
	drainTime  = 5 * time.Second
)

// refuseBody answers 413 and closes the connection after; drainUnread
// reads what is left of the body first.
func refuseBody(w http.ResponseWriter, _ io.Reader, msg string) {
	w.Header().Set("Connection", "close")
	writeError(w, CodePayloadTooLarge, msg)
}

// drainUnread serves next, then sends its answer and reads and discards
// the part of the request body it left unread (a body refused with 413,
// 415 or 405), within the bounds, so that the client reads the answer.
func drainUnread(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Body == nil || req.Body == http.NoBody {
			next.ServeHTTP(w, req)
			return
		}
		body := &trackedBody{ReadCloser: req.Body}
		req.Body = body
		next.ServeHTTP(w, req)
		if body.done {
			return
		}
		rc := http.NewResponseController(w)
		if rc.Flush() != nil {
			return // hijacked, or nothing to send on
		}
		rc.SetReadDeadline(time.Now().Add(drainTime))
		io.CopyN(io.Discard, body, drainBytes)
	})
}

// trackedBody notes when a request body has been read to its end.
type trackedBody struct {
	io.ReadCloser
	done bool
}

func (b *trackedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil {
		b.done = true
	}
	return n, err
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
	if msg := strictKeys(body, requestKeys); msg != "" {
		return msg
	}
	var params struct {
		Query         *json.RawMessage `json:"query"`
		OperationName *json.RawMessage `json:"operationName"`
		Variables     *json.RawMessage `json:"variables"`
		Extensions    *json.RawMessage `json:"extensions"`
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
	if !isType(params.Extensions, '{') {
		return "\"extensions\" must be an object"
	}
	return ""
}

// checkQueryString holds a GET request to the rules of a POST body: each
// parameter once, and variables and extensions strict JSON objects.
func checkQueryString(q url.Values) string {
	for _, k := range requestKeys {
		if len(q[k]) > 1 {
			return fmt.Sprintf("the parameter %q is given %d times: give it once", k, len(q[k]))
		}
	}
	for _, k := range []string{"variables", "extensions"} {
		v := strings.TrimSpace(q.Get(k))
		if v == "" {
			continue
		}
		if v[0] != '{' {
			return fmt.Sprintf("%q must be a JSON object", k)
		}
		if msg := strictKeys([]byte(v), nil); msg != "" {
			return k + ": " + msg
		}
	}
	return ""
}

// requestKeys are the keys of a GraphQL request object.
var requestKeys = []string{"query", "operationName", "variables", "extensions"}

// strictKeys refuses what Go's JSON decoding would take silently: a key
// twice in one object (the last would win) and a known top-level key in
// other capitals ("QUERY" would fill query). It names the key, never the
// body.
func strictKeys(body []byte, known []string) string {
	type object struct {
		keys      map[string]bool
		expectKey bool
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	var stack []*object // nil entries are arrays
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return ""
		}
		if err != nil {
			return "the request body is not valid JSON"
		}
		var top *object
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			if top != nil {
				top.expectKey = true // the container is top's value
			}
			var o *object
			if tok == json.Delim('{') {
				o = &object{keys: map[string]bool{}, expectKey: true}
			}
			stack = append(stack, o)
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			continue
		}
		if top == nil {
			continue
		}
		if !top.expectKey {
			top.expectKey = true
			continue
		}
		key, _ := tok.(string)
		top.expectKey = false
		if top.keys[key] {
			return fmt.Sprintf("the key %q appears twice in one object: give each key once", shortKey(key))
		}
		top.keys[key] = true
		if len(stack) == 1 {
			for _, k := range known {
				if key != k && strings.EqualFold(key, k) {
					return fmt.Sprintf("the key %q is not %q: request keys are case-sensitive", shortKey(key), k)
				}
			}
		}
	}
}

func shortKey(k string) string {
	if len(k) > 40 {
		return k[:40] + "…"
	}
	return k
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

// gzipMinBytes is the size from which an answer is compressed for clients
// that accept gzip: smaller ones gain nothing.
const gzipMinBytes = 1400

func acceptsGzip(req *http.Request) bool {
	for _, part := range strings.Split(req.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") && qValue(params) > 0 {
			return true
		}
	}
	return false
}

// qValue reads the weight among a header element's parameters ("q=0.5;
// x=y"): 1 when there is none, 0 when it cannot be read.
func qValue(params string) float64 {
	for _, p := range strings.Split(params, ";") {
		k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(strings.TrimSpace(k), "q") {
			q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || q < 0 || q > 1 || math.IsNaN(q) {
				return 0
			}
			return q
		}
	}
	return 1
}

// negotiate picks the answer's media type from an Accept header by its
// q-values. An exact type counts over a range (RFC 9110 12.5.1); on equal
// weights the type listed first wins, and a range alone means JSON, as
// gqlgen reads it. It returns "" with refused set when the header gives
// both types weight 0, and "" alone when it names neither (gqlgen decides).
func negotiate(accept string) (chosen string, refused bool) {
	type weight struct {
		q            float64
		exact, named bool
		at           int
	}
	var ws [2]weight // graphql-response+json, json
	for i, part := range strings.Split(accept, ",") {
		mt, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
		q := qValue(params)
		for j, ours := range []string{mediaGraphQLResponse, mediaJSON} {
			switch {
			case mt == ours:
				ws[j] = weight{q: q, exact: true, named: true, at: i}
			case (mt == "*/*" || mt == "application/*") && !ws[j].exact:
				if !ws[j].named || q > ws[j].q {
					ws[j] = weight{q: q, named: true, at: i}
				}
			}
		}
	}
	gr, js := ws[0], ws[1]
	switch {
	case !gr.named && !js.named:
		return "", false
	case gr.q == 0 && js.q == 0:
		return "", true
	case gr.q != js.q:
		if gr.q > js.q {
			return mediaGraphQLResponse, false
		}
		return mediaJSON, false
	case gr.exact && (!js.exact || gr.at < js.at):
		return mediaGraphQLResponse, false
	}
	return mediaJSON, false
}

const (
	mediaGraphQLResponse = "application/graphql-response+json"
	mediaJSON            = "application/json"
)
