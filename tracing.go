package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"path"
	"runtime/debug"
	"strings"
	"time"

	"github.com/go-logr/logr"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// tracing is what setupTracing made of the OpenTelemetry variables.
type tracing struct {
	// provider traces the HTTP handler; nil when tracing is off.
	provider trace.TracerProvider
	// endpoint and protocol say where spans go, for the log.
	endpoint, protocol string
	// shutdown sends the spans still buffered and stops the exporter.
	shutdown func(context.Context) error
}

// flushTimeout bounds the flush at exit, so that a collector that does not
// answer cannot hold the process (the exporter otherwise retries for a
// minute).
const flushTimeout = 5 * time.Second

// defaultTracesEndpoint is where OTLP/HTTP spans go when
// OTEL_TRACES_EXPORTER=otlp names no endpoint: the specification's default.
const defaultTracesEndpoint = "http://localhost:4318/v1/traces"

// setupTracing reads the standard OpenTelemetry variables through env (the
// process environment in serve). Tracing is off, with no provider, exporter
// or goroutine, unless OTEL_EXPORTER_OTLP_ENDPOINT or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set or OTEL_TRACES_EXPORTER is
// "otlp"; OTEL_TRACES_EXPORTER=none and OTEL_SDK_DISABLED=true turn it off
// whatever else is set. Spans go over OTLP/HTTP (http/protobuf, or
// http/json); asking for grpc, or for another exporter, is an error at start
// rather than a setting silently ignored.
//
// env decides whether tracing is on, where to and by which protocol. The
// OpenTelemetry SDK reads the rest itself from the process environment:
// OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (service.name defaults to
// pactgraph), OTEL_TRACES_SAMPLER and its _ARG, OTEL_BSP_*, and the
// exporter's OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT, _COMPRESSION and
// _CERTIFICATE (and their _TRACES_ forms).
//
// The OpenTelemetry SDK's own errors (a failed export, a bad sampler
// setting) go to logger, and so does a failed flush at shutdown. The
// returned tracing's shutdown is a no-op when tracing is off.
func setupTracing(ctx context.Context, env func(string) string, logger *slog.Logger) (*tracing, error) {
	off := &tracing{shutdown: func(context.Context) error { return nil }}
	if strings.EqualFold(strings.TrimSpace(env("OTEL_SDK_DISABLED")), "true") {
		return off, nil
	}
	on, err := tracesExporter(env)
	if err != nil || !on {
		return off, err
	}
	protocolVar, protocol := firstSet(env, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL")
	var encoding otlptracehttp.Encoding
	switch protocol {
	case "", "http/protobuf":
		protocol, encoding = "http/protobuf", otlptracehttp.EncodingProtobuf
	case "http/json":
		encoding = otlptracehttp.EncodingJSON
	case "grpc":
		return nil, fmt.Errorf("tracing: %s=grpc is not supported: pactgraph sends OTLP over HTTP; "+
			"set it to http/protobuf and point the endpoint at the collector's OTLP/HTTP port (4318)", protocolVar)
	default:
		return nil, fmt.Errorf("tracing: %s=%q: use http/protobuf or http/json", protocolVar, protocol)
	}
	endpoint, err := tracesEndpoint(env)
	if err != nil {
		return nil, err
	}

	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
		logger.Warn("tracing", "err", err.Error())
	}))
	otel.SetLogger(logr.FromSlogHandler(logger.Handler()))

	// The endpoint is given explicitly, so that the exporter sends where the
	// log says and follows the specification's default; its other settings
	// come from the environment.
	exp, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(endpoint.String()), otlptracehttp.WithEncoding(encoding))
	if err != nil {
		return nil, fmt.Errorf("tracing: %w", err)
	}
	attrs := []resource.Option{resource.WithAttributes(semconv.ServiceName("pactgraph"))}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		attrs = append(attrs, resource.WithAttributes(semconv.ServiceVersion(info.Main.Version)))
	}
	// Later options win: the environment's service name and attributes
	// override pactgraph's defaults.
	res, err := resource.New(ctx, append(attrs, resource.WithTelemetrySDK(), resource.WithFromEnv())...)
	if err != nil {
		exp.Shutdown(ctx)
		return nil, fmt.Errorf("tracing: OTEL_RESOURCE_ATTRIBUTES: %w", err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	redacted := *endpoint
	redacted.User, redacted.RawQuery, redacted.Fragment = nil, "", ""
	return &tracing{
		provider: tp,
		endpoint: redacted.String(),
		protocol: protocol,
		shutdown: func(ctx context.Context) error {
			ctx, cancel := context.WithTimeout(ctx, flushTimeout)
			defer cancel()
			err := tp.Shutdown(ctx)
			if err != nil {
				logger.Warn("tracing: flushing spans at exit", "err", err.Error())
			}
			return err
		},
	}, nil
}

// tracesExporter reads OTEL_TRACES_EXPORTER: whether spans are exported
// (over OTLP, the only exporter pactgraph has).
func tracesExporter(env func(string) string) (bool, error) {
	v := strings.TrimSpace(env("OTEL_TRACES_EXPORTER"))
	if v == "" {
		_, endpoint := firstSet(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")
		return endpoint != "", nil
	}
	on := false
	for e := range strings.SplitSeq(v, ",") {
		switch e = strings.TrimSpace(e); e {
		case "none":
			return false, nil
		case "otlp":
			on = true
		default:
			return false, fmt.Errorf("tracing: OTEL_TRACES_EXPORTER=%s: pactgraph exports spans with otlp only (or none)", v)
		}
	}
	return on, nil
}

// tracesEndpoint is the URL spans are posted to, as the specification
// derives it: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as it is, else
// OTEL_EXPORTER_OTLP_ENDPOINT with /v1/traces appended to its path, else
// http://localhost:4318/v1/traces.
func tracesEndpoint(env func(string) string) (*url.URL, error) {
	name, v := firstSet(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT")
	if v == "" {
		return url.Parse(defaultTracesEndpoint)
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("tracing: %s=%q: want an http or https URL such as http://collector:4318", name, v)
	}
	if name == "OTEL_EXPORTER_OTLP_ENDPOINT" {
		u.Path = path.Join("/", u.Path, "v1/traces")
		u.RawPath = ""
	}
	return u, nil
}

// firstSet is the first of the variables that is set, and its value.
func firstSet(env func(string) string, names ...string) (name, value string) {
	for _, n := range names {
		if v := strings.TrimSpace(env(n)); v != "" {
			return n, v
		}
	}
	return "", ""
}

// logAttrs describe tracing for the start-up log.
func (t *tracing) logAttrs() []any {
	if t.provider == nil {
		return []any{"enabled", false}
	}
	return []any{"enabled", true, "exporter", "otlp", "endpoint", t.endpoint, "protocol", t.protocol}
}
