package graph

import (
	"context"
	"errors"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"pactgraph/corpus"
	"pactgraph/search"
)

// Error codes in extensions.code. They are part of the public contract.
const (
	CodeBadUserInput         = "BAD_USER_INPUT"
	CodeBadRequest           = "BAD_REQUEST"
	CodeMethodNotAllowed     = "METHOD_NOT_ALLOWED"
	CodeURITooLong           = "URI_TOO_LONG"
	CodeHeadersTooLarge      = "HEADERS_TOO_LARGE"
	CodeNotAcceptable        = "NOT_ACCEPTABLE"
	CodeUnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
	CodeTooManyErrors        = "TOO_MANY_ERRORS"
	CodeBadQuery             = "BAD_QUERY"
	CodeNotFound             = "NOT_FOUND"
	CodeOperationLimit       = "OPERATION_LIMIT_EXCEEDED"
	CodeComplexityLimit      = "COMPLEXITY_LIMIT_EXCEEDED"
	CodeTooExpensive         = "SEARCH_TOO_EXPENSIVE"
	CodeTimeout              = "TIMEOUT"
	CodePayloadTooLarge      = "PAYLOAD_TOO_LARGE"
	CodeUnavailable          = "SERVICE_UNAVAILABLE"
	CodeInternal             = "INTERNAL_SERVER_ERROR"
	maxErrorMessageLength    = 500
)

// inputError is an argument the caller got wrong.
func inputError(arg, format string, args ...any) error {
	return &search.InputError{Arg: arg, Msg: fmt.Sprintf(format, args...)}
}

// presentError gives every error a stable code and a message for people;
// internal errors are logged and answered without their details.
func (r *Resolver) presentError(ctx context.Context, err error) *gqlerror.Error {
	gqlErr := graphql.DefaultErrorPresenter(ctx, err)
	if gqlErr.Extensions == nil {
		gqlErr.Extensions = map[string]any{}
	}
	var (
		inErr   *search.InputError
		qErr    *search.QueryError
		costErr *search.CostError
		dateErr *corpus.DateError
	)
	switch {
	case gqlErr.Extensions["code"] != nil:
		// gqlgen's own codes (parse and validation failures) stand.
	case errors.As(err, &inErr):
		gqlErr.Message = inErr.Error()
		gqlErr.Extensions["code"] = CodeBadUserInput
		gqlErr.Extensions["argument"] = inErr.Arg
	case errors.As(err, &qErr):
		gqlErr.Message = qErr.Error()
		gqlErr.Extensions["code"] = CodeBadQuery
		if qErr.Position > 0 {
			gqlErr.Extensions["position"] = qErr.Position
		}
	case errors.As(err, &costErr):
		gqlErr.Message = costErr.Error()
		gqlErr.Extensions["code"] = CodeTooExpensive
	case errors.As(err, new(*searchTimeoutError)):
		gqlErr.Message = err.Error()
		gqlErr.Extensions["code"] = CodeTimeout
	case errors.Is(err, context.DeadlineExceeded):
		gqlErr.Message = "the request took too long and was stopped"
		gqlErr.Extensions["code"] = CodeTimeout
	case errors.Is(err, context.Canceled):
		gqlErr.Message = "the request was cancelled"
		gqlErr.Extensions["code"] = CodeTimeout
	case errors.As(err, &dateErr):
		gqlErr.Message = dateErr.Error()
		gqlErr.Extensions["code"] = CodeBadUserInput
	case len(gqlErr.Path) == 0 && !isInternal(err):
		// A request-level error gqlgen raised without a code.
		gqlErr.Extensions["code"] = CodeBadRequest
	default:
		r.logger.ErrorContext(ctx, "internal error", "err", err, "path", gqlErr.Path.String(), "request_id", RequestID(ctx))
		gqlErr.Message = "internal error"
		gqlErr.Extensions["code"] = CodeInternal
	}
	if len(gqlErr.Message) > maxErrorMessageLength {
		gqlErr.Message = gqlErr.Message[:maxErrorMessageLength] + "…"
	}
	return gqlErr
}

// internalError marks an error as the server's fault.
type internalError struct{ err error }

func (e *internalError) Error() string { return e.err.Error() }
func (e *internalError) Unwrap() error { return e.err }

func isInternal(err error) bool {
	var ie *internalError
	return errors.As(err, &ie)
}

// ErrorCode is the stable code (extensions.code) of an error an export or
// a search returns: BAD_USER_INPUT, BAD_QUERY, SEARCH_TOO_EXPENSIVE,
// TIMEOUT, or INTERNAL_SERVER_ERROR for a fault of the server.
func ErrorCode(err error) string {
	var (
		inErr   *search.InputError
		qErr    *search.QueryError
		costErr *search.CostError
		dateErr *corpus.DateError
	)
	switch {
	case errors.As(err, &inErr), errors.As(err, &dateErr):
		return CodeBadUserInput
	case errors.As(err, &qErr):
		return CodeBadQuery
	case errors.As(err, &costErr):
		return CodeTooExpensive
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled),
		errors.As(err, new(*searchTimeoutError)):
		return CodeTimeout
	}
	return CodeInternal
}
