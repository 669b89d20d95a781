package api

import (
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// Tracing. With Options.Tracer set, every request but the probes gets an
// HTTP server span; the GraphQL server (graph/tracing.go) puts a span per
// operation under it, and a span per index search under that.

// untracedPaths are the probes and the scrape: load balancers and
// Prometheus call them every few seconds, and their spans would be noise.
var untracedPaths = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// traceRequests gives every request but the probes an HTTP server span
// named by its route ("POST /graphql", never the raw URL), continuing the
// trace of an incoming W3C traceparent header. A nil provider returns next
// as it is.
func traceRequests(tp trace.TracerProvider, next http.Handler) http.Handler {
	if tp == nil {
		return next
	}
	routed := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if r := route(req.URL.Path); r != "other" {
			trace.SpanFromContext(req.Context()).SetAttributes(semconv.HTTPRoute(r))
		}
		next.ServeHTTP(w, req)
	})
	return otelhttp.NewHandler(routed, "",
		otelhttp.WithTracerProvider(tp),
		otelhttp.WithPropagators(propagation.TraceContext{}),
		// /metrics serves pactgraph's metrics; otelhttp's own would only
		// duplicate them.
		otelhttp.WithMeterProvider(noop.NewMeterProvider()),
		otelhttp.WithFilter(func(req *http.Request) bool { return !untracedPaths[req.URL.Path] }),
		otelhttp.WithSpanNameFormatter(httpSpanName))
}

// httpSpanName is "{method} {route}", or the method alone for a path no
// route claims, so that span names stay few.
func httpSpanName(_ string, req *http.Request) string {
	method := req.Method
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodConnect, http.MethodOptions, http.MethodTrace:
	default:
		method = "HTTP"
	}
	if r := route(req.URL.Path); r != "other" {
		return method + " " + r
	}
	return method
}
