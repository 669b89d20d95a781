package api

// Reading a request body within bounds, and the strict checks of a GraphQL
// request a POST body or a GET query string must pass.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

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
