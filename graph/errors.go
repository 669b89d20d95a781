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
	CodeBadUserInput      = "BAD_USER_INPUT"
	CodeBadRequest        = "BAD_REQUEST"
	CodeBadQuery          = "BAD_QUERY"
	CodeNotFound          = "NOT_FOUND"
	CodeOperationLimit    = "OPERATION_LIMIT_EXCEEDED"
	CodeComplexityLimit   = "COMPLEXITY_LIMIT_EXCEEDED"
	CodeTooExpensive      = "SEARCH_TOO_EXPENSIVE"
	CodeTimeout           = "TIMEOUT"
	CodeUnavailable       = "SERVICE_UNAVAILABLE"
	CodeInternal          = "INTERNAL_SERVER_ERROR"
	maxErrorMessageLength = 500
)

// The codes of the HTTP layer (package api) are in api/errors.go.

// inputError is an argument the caller got wrong.
func inputError(arg, format string, args ...any) error {
	return &search.InputError{Arg: arg, Msg: fmt.Sprintf(format, args...)}
}

// presentError gives every error a stable code (ErrorCode) and a message
// for people; internal errors are logged and answered without their
// details.
func (r *Resolver) presentError(ctx context.Context, err error) *gqlerror.Error {
	gqlErr := graphql.DefaultErrorPresenter(ctx, err)
	if gqlErr.Extensions == nil {
		gqlErr.Extensions = map[string]any{}
	}
	if gqlErr.Extensions["code"] != nil {
		return truncate(gqlErr) // gqlgen's own codes (parse and validation failures) stand
	}
	code := ErrorCode(err)
	switch {
	case code != CodeInternal:
		gqlErr.Message = errorMessage(err)
		gqlErr.Extensions["code"] = code
		var inErr *search.InputError
		var qErr *search.QueryError
		if errors.As(err, &inErr) {
			gqlErr.Extensions["argument"] = inErr.Arg
		} else if errors.As(err, &qErr) && qErr.Position > 0 {
			gqlErr.Extensions["position"] = qErr.Position
		}
	case len(gqlErr.Path) == 0 && !isInternal(err):
		// A request-level error gqlgen raised without a code.
		gqlErr.Extensions["code"] = CodeBadRequest
	default:
		r.logger.ErrorContext(ctx, "internal error", "err", err, "path", gqlErr.Path.String(), "request_id", r.requestID(ctx))
		gqlErr.Message = "internal error"
		gqlErr.Extensions["code"] = CodeInternal
	}
	return truncate(gqlErr)
}

// errorMessage words an error that is not the server's fault.
func errorMessage(err error) string {
	var (
		inErr   *search.InputError
		qErr    *search.QueryError
		costErr *search.CostError
		dateErr *corpus.DateError
	)
	switch {
	case errors.As(err, &inErr):
		return inErr.Error()
	case errors.As(err, &qErr):
		return qErr.Error()
	case errors.As(err, &costErr):
		return costErr.Error()
	case errors.As(err, new(*searchTimeoutError)):
		return err.Error()
	case errors.Is(err, context.DeadlineExceeded):
		return "the request took too long and was stopped"
	case errors.Is(err, context.Canceled):
		return "the request was cancelled"
	case errors.As(err, &dateErr):
		return dateErr.Error()
	}
	return err.Error()
}

func truncate(gqlErr *gqlerror.Error) *gqlerror.Error {
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

// ErrorCode is the stable code (extensions.code) of an error a field, an
// export or a search returns: BAD_USER_INPUT, BAD_QUERY, SEARCH_TOO_EXPENSIVE,
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
