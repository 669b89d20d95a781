package graph

import (
	"context"
	"regexp"
	"slices"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"pactgraph/search"
)

// Tracing. With ServerOptions.Tracer set, the server traces two levels
// under the HTTP server span of package api, and no more: a span per
// GraphQL operation, and a span per index search under that. Resolver fields get no spans:
// gqlgen runs field middleware for every field of every hit, which would
// cost more than the search itself. Without a Tracer none of this is
// installed and a request pays nothing for it.
//
// Spans never carry what users typed: not the query text (its string
// literals are the search words), not the variables, not the error
// messages (they quote the search text); only operation names, types,
// error codes and counts.

// operationName is what an operation name may be in a metric label or a
// span: a plain GraphQL name of up to 64 characters.
var operationName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

// PlainOperationName reports whether name is a plain GraphQL name of up to
// 64 characters, fit for a metric label or a span.
func PlainOperationName(name string) bool { return operationName.MatchString(name) }

// tracerName is the instrumentation scope of pactgraph's own spans.
const tracerName = "pactgraph/graph"

// Attributes of the operation and search spans.
const (
	attrErrorCodes      = attribute.Key("pactgraph.graphql.error.codes")
	attrErrorCount      = attribute.Key("pactgraph.graphql.error.count")
	attrSearchMode      = attribute.Key("pactgraph.search.mode")
	attrSearchFirst     = attribute.Key("pactgraph.search.first")
	attrSearchFacets    = attribute.Key("pactgraph.search.facets")
	attrSearchHits      = attribute.Key("pactgraph.search.hits")
	attrSearchTotal     = attribute.Key("pactgraph.search.total_hits")
	attrSearchPartial   = attribute.Key("pactgraph.search.partial")
	attrSearchTook      = attribute.Key("pactgraph.search.took_ms")
	attrSearchCorrected = attribute.Key("pactgraph.search.corrected")
	attrSearchHighlight = attribute.Key("pactgraph.search.highlight")
)

// maxSpanErrorCodes bounds the distinct codes put on one span.
const maxSpanErrorCodes = 10

// operationTracer is the gqlgen extension that gives each GraphQL
// operation its span.
type operationTracer struct{ tracer trace.Tracer }

func newOperationTracer(tp trace.TracerProvider) operationTracer {
	return operationTracer{tracer: tp.Tracer(tracerName)}
}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = operationTracer{}

func (operationTracer) ExtensionName() string                   { return "OpenTelemetry" }
func (operationTracer) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptResponse spans one operation. The span starts when gqlgen began
// the operation, so it covers the persisted-query lookup, the guard (and
// its wait for a heavy-operation slot), parsing and validation as well as
// execution; the events "graphql.parse" and "graphql.execute" mark where
// parsing and execution began. Requests refused before execution (parse,
// validation and limit errors) get a span too, with their error codes.
func (t operationTracer) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	start := time.Now()
	var oc *graphql.OperationContext
	if graphql.HasOperationContext(ctx) {
		oc = graphql.GetOperationContext(ctx)
		if !oc.Stats.OperationStart.IsZero() {
			start = oc.Stats.OperationStart
		}
	}
	name, typ := operationOf(oc)
	attrs := make([]attribute.KeyValue, 0, 2)
	if name != "" {
		attrs = append(attrs, semconv.GraphQLOperationName(name))
	}
	if typ != "" {
		attrs = append(attrs, semconv.GraphQLOperationTypeKey.String(typ))
	}
	ctx, span := t.tracer.Start(ctx, operationSpanName(typ, name), trace.WithTimestamp(start), trace.WithAttributes(attrs...))
	defer span.End()
	resp := next(ctx)
	if !span.IsRecording() {
		return resp
	}
	if oc != nil {
		if at := oc.Stats.Parsing.Start; !at.IsZero() {
			span.AddEvent("graphql.parse", trace.WithTimestamp(at))
		}
		if at := oc.Stats.Validation.End; !at.IsZero() {
			span.AddEvent("graphql.execute", trace.WithTimestamp(at))
		}
	}
	if resp != nil && len(resp.Errors) > 0 {
		recordErrors(span, resp.Errors)
	}
	return resp
}

// operationOf names the operation: its name (only a plain GraphQL name of
// up to 64 characters, as the metrics accept) and its type, each "" when
// unknown, as when the document does not parse.
func operationOf(oc *graphql.OperationContext) (name, typ string) {
	if oc == nil {
		return "", ""
	}
	name = oc.OperationName
	if oc.Operation != nil {
		name = oc.Operation.Name
		switch oc.Operation.Operation {
		case ast.Query:
			typ = "query"
		case ast.Mutation:
			typ = "mutation"
		case ast.Subscription:
			typ = "subscription"
		}
	}
	if !PlainOperationName(name) {
		name = ""
	}
	return name, typ
}

// operationSpanName follows OpenTelemetry's GraphQL conventions: "query
// Search", "query" for an anonymous one, "GraphQL Operation" when the type is
// unknown.
func operationSpanName(typ, name string) string {
	switch {
	case typ == "":
		return "GraphQL Operation"
	case name == "":
		return typ
	}
	return typ + " " + name
}

// recordErrors marks the span failed with the response's distinct error
// codes (extensions.code), in order of first appearance, and their count.
func recordErrors(span trace.Span, errs gqlerror.List) {
	var codeList []string
	for _, e := range errs {
		c, _ := e.Extensions["code"].(string)
		if c != "" && !slices.Contains(codeList, c) && len(codeList) < maxSpanErrorCodes {
			codeList = append(codeList, c)
		}
	}
	span.SetAttributes(attrErrorCodes.StringSlice(codeList), attrErrorCount.Int(len(errs)))
	desc := "GraphQL errors"
	if len(codeList) > 0 {
		span.SetAttributes(semconv.ErrorTypeKey.String(codeList[0]))
		desc = codeList[0]
	}
	span.SetStatus(codes.Error, desc)
}

// tracedSearch runs one index search, inside a "search" span when the
// operation around it is traced and sampled. The span carries the shape of
// the search but not its text, and ends with the hits, the total and the
// time the index took, or the error's code.
func tracedSearch(ctx context.Context, ix *search.Index, q search.Query) (*search.Result, error) {
	parent := trace.SpanFromContext(ctx)
	if !parent.IsRecording() {
		return ix.Search(ctx, q)
	}
	mode := q.Mode
	if mode == "" {
		mode = search.Simple
	}
	ctx, span := parent.TracerProvider().Tracer(tracerName).Start(ctx, "search", trace.WithAttributes(
		attrSearchMode.String(string(mode)), attrSearchFirst.Int(q.First),
		attrSearchHighlight.Bool(q.Highlight), attrSearchFacets.Int(len(q.Facets))))
	defer span.End()
	start := time.Now()
	res, err := ix.Search(ctx, q)
	span.SetAttributes(attrSearchTook.Float64(float64(time.Since(start).Microseconds()) / 1000))
	if err != nil {
		c := ErrorCode(err)
		span.SetAttributes(semconv.ErrorTypeKey.String(c))
		span.SetStatus(codes.Error, c)
		return res, err
	}
	span.SetAttributes(attrSearchHits.Int(len(res.Hits)), attrSearchPartial.Bool(res.Partial),
		attrSearchCorrected.Bool(res.DidYouMean != ""))
	if res.Total >= 0 { // not counted when the caller reads no count
		span.SetAttributes(attrSearchTotal.Int(res.Total))
	}
	return res, nil
}
