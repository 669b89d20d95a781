package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"pactgraph/internal/testserver"

	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// TestTracingOff: with no OpenTelemetry variable, or with them saying no,
// there is no provider and shutdown does nothing.
func TestTracingOff(t *testing.T) {
	for _, vars := range []map[string]string{
		{},
		{"OTEL_SERVICE_NAME": "pactgraph", "OTEL_TRACES_SAMPLER": "always_on"},
		{"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"},
		{"OTEL_SDK_DISABLED": "true", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces"},
	} {
		tr, err := setupTracing(context.Background(), envOf(vars), slog.New(slog.DiscardHandler))
		if err != nil {
			t.Errorf("setupTracing(%v) = %v", vars, err)
			continue
		}
		if tr.provider != nil {
			t.Errorf("setupTracing(%v) made a tracer provider; want tracing off", vars)
		}
		if err := tr.shutdown(context.Background()); err != nil {
			t.Errorf("shutdown with tracing off = %v", err)
		}
		if got := tr.logAttrs(); len(got) != 2 || got[1] != false {
			t.Errorf("log attributes with tracing off = %v", got)
		}
	}
}

// TestTracingRefusesWhatItCannotDo: settings pactgraph cannot honour fail
// at start with a message that names them.
func TestTracingRefusesWhatItCannotDo(t *testing.T) {
	for _, tc := range []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4317", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"},
			"OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported"},
		{map[string]string{"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "grpc"},
			"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=grpc is not supported"},
		{map[string]string{"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "thrift"}, `OTEL_EXPORTER_OTLP_PROTOCOL="thrift"`},
		{map[string]string{"OTEL_TRACES_EXPORTER": "zipkin"}, "OTEL_TRACES_EXPORTER=zipkin"},
		{map[string]string{"OTEL_TRACES_EXPORTER": "otlp,console"}, "otlp only"},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "collector:4318"}, `OTEL_EXPORTER_OTLP_ENDPOINT="collector:4318"`},
		{map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "ftp://collector/v1/traces"}, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"},
	} {
		tr, err := setupTracing(context.Background(), envOf(tc.vars), slog.New(slog.DiscardHandler))
		if err == nil {
			tr.shutdown(context.Background())
			t.Errorf("setupTracing(%v) succeeded; want an error naming %q", tc.vars, tc.want)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("setupTracing(%v) = %q; want it to say %q", tc.vars, err, tc.want)
		}
	}
}

func TestTracesEndpoint(t *testing.T) {
	for _, tc := range []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{}, "http://localhost:4318/v1/traces"},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, "http://collector:4318/v1/traces"},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "https://otel.example.org/otlp/"}, "https://otel.example.org/otlp/v1/traces"},
		{map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/custom"}, "http://collector:4318/custom"},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://a:4318", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://b:4318/t"}, "http://b:4318/t"},
	} {
		u, err := tracesEndpoint(envOf(tc.vars))
		if err != nil || u.String() != tc.want {
			t.Errorf("tracesEndpoint(%v) = %v, %v; want %s", tc.vars, u, err, tc.want)
		}
	}
}

// collector is an OTLP/HTTP trace receiver that decodes what it is sent.
type collector struct {
	*httptest.Server
	mu       sync.Mutex
	requests []*coltracepb.ExportTraceServiceRequest
	types    []string
}

func newCollector(t *testing.T) *collector {
	c := &collector{}
	c.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		msg := &coltracepb.ExportTraceServiceRequest{}
		var err error
		switch ct := req.Header.Get("Content-Type"); {
		case req.Method != http.MethodPost || req.URL.Path != "/v1/traces":
			http.Error(w, "POST /v1/traces only", http.StatusNotFound)
			return
		case ct == "application/x-protobuf":
			err = proto.Unmarshal(body, msg)
		case ct == "application/json":
			err = protojson.Unmarshal(body, msg)
		default:
			http.Error(w, "unsupported content type "+ct, http.StatusUnsupportedMediaType)
			return
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		c.mu.Lock()
		c.requests = append(c.requests, msg)
		c.types = append(c.types, req.Header.Get("Content-Type"))
		c.mu.Unlock()
		w.Header().Set("Content-Type", req.Header.Get("Content-Type"))
		if req.Header.Get("Content-Type") == "application/json" {
			w.Write([]byte("{}"))
		}
	}))
	t.Cleanup(c.Close)
	return c
}

// received is every span sent so far, with its resource's attributes.
func (c *collector) received() ([]*tracepb.Span, map[string]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var spans []*tracepb.Span
	resource := map[string]string{}
	for _, r := range c.requests {
		for _, rs := range r.ResourceSpans {
			for _, kv := range rs.GetResource().GetAttributes() {
				resource[kv.Key] = kv.GetValue().GetStringValue()
			}
			for _, ss := range rs.ScopeSpans {
				spans = append(spans, ss.Spans...)
			}
		}
	}
	return spans, resource
}

func spanAttr(s *tracepb.Span, key string) *commonpb.AnyValue {
	for _, kv := range s.Attributes {
		if kv.Key == key {
			return kv.Value
		}
	}
	return nil
}

// TestTracingExportsOverOTLPHTTP runs the server as `pactgraph serve` does,
// with the variables pointing at a collector: the spans of a search arrive
// there, linked, under the configured service name, once serve has stopped
// and flushed them.
func TestTracingExportsOverOTLPHTTP(t *testing.T) {
	for _, protocol := range []string{"", "http/json"} {
		t.Run("protocol="+protocol, func(t *testing.T) {
			c := newCollector(t)
			t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", c.URL)
			t.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", protocol)
			t.Setenv("OTEL_TRACES_EXPORTER", "")
			t.Setenv("OTEL_SDK_DISABLED", "")
			t.Setenv("OTEL_SERVICE_NAME", "pactgraph-test")
			t.Setenv("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=test")
			t.Setenv("OTEL_TRACES_SAMPLER", "always_on")

			logs := &testserver.Buffer{}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- run(ctx, []string{"serve", "-addr", "127.0.0.1:0"}, io.Discard, logs) }()
			var addr string
			for deadline := time.Now().Add(10 * time.Second); addr == "" && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
				if m := listening.FindStringSubmatch(logs.String()); m != nil && strings.Contains(logs.String(), `"msg":"ready"`) {
					addr = m[1]
				}
			}
			if addr == "" {
				t.Fatalf("serve did not get ready:\n%s", logs)
			}
			if want := `"msg":"tracing","enabled":true,"exporter":"otlp","endpoint":"` + c.URL + `/v1/traces"`; !strings.Contains(logs.String(), want) {
				t.Errorf("log lacks %s:\n%s", want, logs)
			}
			resp, err := http.Post("http://"+addr+"/graphql", "application/json",
				bytes.NewReader([]byte(`{"query":"query Find { search(query: \"ANZUS\", first: 1) { totalCount } }"}`)))
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()

			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("serve = %v", err)
				}
			case <-time.After(15 * time.Second):
				t.Fatal("serve did not stop")
			}

			spans, resource := c.received()
			byName := map[string]*tracepb.Span{}
			for _, s := range spans {
				byName[s.Name] = s
			}
			httpSpan, op, search := byName["POST /graphql"], byName["query Find"], byName["search"]
			if httpSpan == nil || op == nil || search == nil {
				t.Fatalf("collector received %d spans %v; want POST /graphql, query Find and search", len(spans), byName)
			}
			if !bytes.Equal(op.ParentSpanId, httpSpan.SpanId) || !bytes.Equal(search.ParentSpanId, op.SpanId) ||
				!bytes.Equal(search.TraceId, httpSpan.TraceId) || len(httpSpan.ParentSpanId) != 0 {
				t.Errorf("parents: HTTP %s ← operation %s ← search %s; want them chained in one trace",
					hex.EncodeToString(httpSpan.SpanId), hex.EncodeToString(op.ParentSpanId), hex.EncodeToString(search.ParentSpanId))
			}
			if v := spanAttr(search, "pactgraph.search.total_hits"); v == nil || v.GetIntValue() < 1 {
				t.Errorf("search span's total_hits = %v; want at least 1", v)
			}
			if resource["service.name"] != "pactgraph-test" || resource["deployment.environment.name"] != "test" ||
				resource["telemetry.sdk.language"] != "go" {
				t.Errorf("resource = %v; want the service name and attributes of the environment", resource)
			}
			want := "application/x-protobuf"
			if protocol == "http/json" {
				want = "application/json"
			}
			c.mu.Lock()
			types := c.types
			c.mu.Unlock()
			for _, ct := range types {
				if ct != want {
					t.Errorf("exported as %s; want %s", ct, want)
				}
			}
		})
	}
}

// TestSearchPackageKnowsNoTracing holds that tracing stays in graph and
// main: the search package imports no OpenTelemetry.
func TestSearchPackageKnowsNoTracing(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "pactgraph/search").Output()
	if err != nil {
		t.Fatalf("go list -deps pactgraph/search: %v", err)
	}
	if strings.Contains(string(out), "go.opentelemetry.io") {
		t.Errorf("pactgraph/search depends on OpenTelemetry:\n%s", out)
	}
}
