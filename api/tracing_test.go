package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"pactgraph/api"
	"pactgraph/graph"
	"pactgraph/internal/testserver"
)

// tracedServer serves the embedded corpus with tracing into a recorder.
func tracedServer(t *testing.T) (*httptest.Server, *tracetest.SpanRecorder) {
	srv, rec, _ := tracedServerLog(t)
	return srv, rec
}

// tracedServerLog is tracedServer with its request log.
func tracedServerLog(t *testing.T) (*httptest.Server, *tracetest.SpanRecorder, *testserver.Buffer) {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	t.Cleanup(func() { tp.Shutdown(t.Context()) })
	log := &testserver.Buffer{}
	srv := httptest.NewServer(api.NewHandler(api.Options{
		Snapshots: api.NewSnapshots(served), Tracer: tp,
		Logger: slog.New(slog.NewJSONHandler(log, nil)),
	}))
	t.Cleanup(srv.Close)
	return srv, rec, log
}

// send posts a GraphQL request with extra headers and returns the decoded
// answer.
func send(t *testing.T, srv *httptest.Server, body map[string]any, header http.Header) map[string]any {
	t.Helper()
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	var got map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("answer is not JSON: %s", out)
	}
	return got
}

// ended waits until the recorder has n ended spans (the HTTP span ends
// just after the client has read the answer) and returns them by name.
func ended(t *testing.T, rec *tracetest.SpanRecorder, n int) map[string]sdktrace.ReadOnlySpan {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for len(rec.Ended()) < n && time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
	}
	spans := rec.Ended()
	byName := map[string]sdktrace.ReadOnlySpan{}
	var names []string
	for _, s := range spans {
		byName[s.Name()] = s
		names = append(names, s.Name())
	}
	if len(spans) != n {
		t.Fatalf("spans = %q; want %d", names, n)
	}
	return byName
}

func attrs(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

// TestTracingSpans: a search through the real handler gives an HTTP span,
// an operation span under it and a search span under that, with their
// attributes and without the search text or the variables.
func TestTracingSpans(t *testing.T) {
	srv, rec := tracedServer(t)
	const words = "Iran nuclear deal"
	got := send(t, srv, map[string]any{
		"query":         `query Find($q: String!) { search(query: $q, first: 2, facets: [KIND]) { totalCount edges { node { __typename } } } }`,
		"operationName": "Find",
		"variables":     map[string]any{"q": words},
	}, nil)
	total := got["data"].(map[string]any)["search"].(map[string]any)["totalCount"].(float64)

	spans := ended(t, rec, 3)
	httpSpan, op, search := spans["POST /graphql"], spans["query Find"], spans["search"]
	if httpSpan == nil || op == nil || search == nil {
		t.Fatalf("spans = %v; want POST /graphql, query Find and search", spans)
	}
	if httpSpan.SpanKind() != trace.SpanKindServer || httpSpan.Parent().IsValid() {
		t.Errorf("HTTP span: kind %v, parent %v; want a server root span", httpSpan.SpanKind(), httpSpan.Parent())
	}
	if a := attrs(httpSpan); a["http.route"].AsString() != "/graphql" || a["http.response.status_code"].AsInt64() != 200 ||
		a["http.request.method"].AsString() != "POST" {
		t.Errorf("HTTP span attributes = %v; want route /graphql, method POST, status 200", a)
	}
	if op.Parent().SpanID() != httpSpan.SpanContext().SpanID() || op.SpanContext().TraceID() != httpSpan.SpanContext().TraceID() {
		t.Errorf("operation span's parent = %v; want the HTTP span %v", op.Parent().SpanID(), httpSpan.SpanContext().SpanID())
	}
	if search.Parent().SpanID() != op.SpanContext().SpanID() {
		t.Errorf("search span's parent = %v; want the operation span %v", search.Parent().SpanID(), op.SpanContext().SpanID())
	}
	if a := attrs(op); a["graphql.operation.name"].AsString() != "Find" || a["graphql.operation.type"].AsString() != "query" {
		t.Errorf("operation span attributes = %v; want name Find, type query", a)
	}
	if op.Status().Code == codes.Error {
		t.Errorf("operation span status = %v; want not an error", op.Status())
	}
	var events []string
	for _, e := range op.Events() {
		events = append(events, e.Name)
	}
	if !slices.Equal(events, []string{"graphql.parse", "graphql.execute"}) {
		t.Errorf("operation span events = %q; want graphql.parse and graphql.execute", events)
	}
	if op.StartTime().After(events0(op)) || !search.StartTime().After(op.StartTime()) || search.EndTime().After(op.EndTime()) {
		t.Errorf("operation %v–%v, search %v–%v: want the search inside the operation, the operation from before parsing",
			op.StartTime(), op.EndTime(), search.StartTime(), search.EndTime())
	}
	a := attrs(search)
	if a["pactgraph.search.mode"].AsString() != "SIMPLE" || a["pactgraph.search.first"].AsInt64() != 2 ||
		a["pactgraph.search.hits"].AsInt64() != 2 || a["pactgraph.search.total_hits"].AsInt64() != int64(total) ||
		a["pactgraph.search.facets"].AsInt64() != 1 || a["pactgraph.search.partial"].AsBool() ||
		a["pactgraph.search.took_ms"].AsFloat64() <= 0 {
		t.Errorf("search span attributes = %v; want SIMPLE, first 2, 2 hits of %v, 1 facet, not partial, a time", a, total)
	}
	for _, s := range rec.Ended() {
		for _, kv := range s.Attributes() {
			if v := kv.Value.Emit(); strings.Contains(v, "Iran") || strings.Contains(v, "search(") {
				t.Errorf("span %s attribute %s = %q carries the request's text", s.Name(), kv.Key, v)
			}
		}
	}
}

func events0(s sdktrace.ReadOnlySpan) time.Time {
	if len(s.Events()) == 0 {
		return s.EndTime()
	}
	return s.Events()[0].Time
}

// TestTracingContinuesTraceparent: a request carrying a W3C traceparent
// joins the caller's trace.
func TestTracingContinuesTraceparent(t *testing.T) {
	srv, rec, log := tracedServerLog(t)
	const (
		traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
		spanID  = "00f067aa0ba902b7"
	)
	send(t, srv, map[string]any{"query": `{ search(query: "ANZUS", first: 1) { totalCount } }`},
		http.Header{"Traceparent": {"00-" + traceID + "-" + spanID + "-01"}})
	spans := ended(t, rec, 3)
	httpSpan := spans["POST /graphql"]
	if httpSpan == nil || spans["query"] == nil || spans["search"] == nil {
		t.Fatalf("spans = %v; want POST /graphql, query (anonymous) and search", spans)
	}
	if p := httpSpan.Parent(); p.TraceID().String() != traceID || p.SpanID().String() != spanID || !p.IsRemote() {
		t.Errorf("HTTP span's parent = %s/%s (remote %v); want the caller's %s/%s", p.TraceID(), p.SpanID(), p.IsRemote(), traceID, spanID)
	}
	for name, s := range spans {
		if s.SpanContext().TraceID().String() != traceID {
			t.Errorf("span %s is in trace %s; want the caller's %s", name, s.SpanContext().TraceID(), traceID)
		}
	}
	if _, ok := attrs(spans["query"])["graphql.operation.name"]; ok {
		t.Errorf("anonymous operation has a name attribute: %v", attrs(spans["query"]))
	}
	// The request's log line names the trace, so logs and traces join.
	if !strings.Contains(log.String(), `"trace_id":"`+traceID+`"`) {
		t.Errorf("request log lacks the trace id %s: %s", traceID, log.String())
	}
}

// TestTracingErrors: errors mark the operation span failed with their
// codes, whether the search refuses the text or the document does not
// validate, and never carry the messages (which quote the search text).
func TestTracingErrors(t *testing.T) {
	t.Run("search refused", func(t *testing.T) {
		srv, rec := tracedServer(t)
		send(t, srv, map[string]any{"query": `query Wild { search(query: "*nato*", mode: ADVANCED) { totalCount } }`}, nil)
		spans := ended(t, rec, 3)
		op, search := spans["query Wild"], spans["search"]
		if op == nil || search == nil {
			t.Fatalf("spans = %v; want query Wild and search", spans)
		}
		a := attrs(op)
		if op.Status().Code != codes.Error || op.Status().Description != graph.CodeTooExpensive ||
			!slices.Equal(a["pactgraph.graphql.error.codes"].AsStringSlice(), []string{graph.CodeTooExpensive}) ||
			a["pactgraph.graphql.error.count"].AsInt64() != 1 || a["error.type"].AsString() != graph.CodeTooExpensive {
			t.Errorf("operation span: status %v, attributes %v; want an error with code %s", op.Status(), a, graph.CodeTooExpensive)
		}
		if search.Status().Code != codes.Error || attrs(search)["error.type"].AsString() != graph.CodeTooExpensive ||
			attrs(search)["pactgraph.search.mode"].AsString() != "ADVANCED" {
			t.Errorf("search span: status %v, attributes %v; want an ADVANCED search failed with %s", search.Status(), attrs(search), graph.CodeTooExpensive)
		}
		for _, s := range rec.Ended() {
			for _, e := range s.Events() {
				if e.Name == "exception" {
					t.Errorf("span %s records an exception event %v; messages quote the search text", s.Name(), e.Attributes)
				}
			}
		}
	})
	t.Run("validation", func(t *testing.T) {
		srv, rec := tracedServer(t)
		send(t, srv, map[string]any{"query": `query Bad { nope }`}, nil)
		spans := ended(t, rec, 2)
		op := spans["GraphQL Operation"]
		if op == nil || spans["POST /graphql"] == nil {
			t.Fatalf("spans = %v; want POST /graphql and GraphQL Operation", spans)
		}
		a := attrs(op)
		if op.Status().Code != codes.Error || !slices.Equal(a["pactgraph.graphql.error.codes"].AsStringSlice(), []string{"GRAPHQL_VALIDATION_FAILED"}) {
			t.Errorf("operation span: status %v, attributes %v; want GRAPHQL_VALIDATION_FAILED", op.Status(), a)
		}
		if _, ok := a["graphql.operation.type"]; ok {
			t.Errorf("operation span has a type for a document that did not validate: %v", a)
		}
	})
}

// TestTracingRoutesAndProbes: spans are named by route, never by the raw
// URL, and the probes and the scrape get none.
func TestTracingRoutesAndProbes(t *testing.T) {
	srv, rec := tracedServer(t)
	for _, path := range []string{"/healthz", "/readyz", "/metrics", "/schema.graphql", "/no/such/page?q=secret"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	spans := ended(t, rec, 2)
	if spans["GET /schema.graphql"] == nil || spans["GET"] == nil {
		t.Errorf("spans = %v; want GET /schema.graphql and GET (an unrouted path), none for the probes", spans)
	}
}

// TestTracingOff: without Options.Tracer nothing traces, not even through
// the global provider, and the handler leaves the global alone.
func TestTracingOff(t *testing.T) {
	prev := otel.GetTracerProvider()
	t.Cleanup(func() { otel.SetTracerProvider(prev) })
	rec := tracetest.NewSpanRecorder()
	global := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	otel.SetTracerProvider(global)

	srv := newServer(t)
	send(t, srv, map[string]any{"query": `{ search(query: "ANZUS", first: 1) { totalCount } }`},
		http.Header{"Traceparent": {"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}})
	time.Sleep(20 * time.Millisecond)
	if n := len(rec.Ended()) + len(rec.Started()); n != 0 {
		t.Errorf("with tracing off, %d spans were recorded", n)
	}
	if otel.GetTracerProvider() != global {
		t.Error("NewHandler changed the global tracer provider")
	}
}
