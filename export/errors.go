package export

import (
	"encoding/json"
	"errors"
	"net/url"

	"pactgraph/graph"
	"pactgraph/search"
)

// ErrorInfo is an error as the API words it.
type ErrorInfo struct {
	Code     string // extensions.code
	Argument string // the parameter at fault, for BAD_USER_INPUT; "" when none
	Message  string // for people; a fault of the server shows no details
}

// DescribeError words an error of an export or a search as the export
// routes answer it: a bad parameter is named as the HTTP parameter (and
// the flag of `pactgraph export`), not as the GraphQL argument.
func DescribeError(err error) ErrorInfo {
	info := ErrorInfo{Code: graph.ErrorCode(err), Message: err.Error()}
	var inErr *search.InputError
	switch {
	case errors.As(err, &inErr):
		info.Argument = inErr.Arg
		if renamed, ok := argNames[inErr.Arg]; ok {
			info.Argument = renamed
		}
		info.Message = info.Argument + ": " + inErr.Msg
	case info.Code == graph.CodeTimeout:
		info.Message = "the export took too long and was stopped; narrow it or lower limit"
	case info.Code == graph.CodeInternal:
		info.Message = "internal error"
	}
	return info
}

// ErrorBody is one error of the GraphQL response shape.
func ErrorBody(err error) map[string]any {
	info := DescribeError(err)
	ext := map[string]any{"code": info.Code}
	if info.Argument != "" {
		ext["argument"] = info.Argument
	}
	return map[string]any{"message": info.Message, "extensions": ext}
}

// SearchVariables checks the parameters of a search export (q, mode,
// types, the filters, highlight) and returns them as the variables of the
// search field (query, mode, types, filter, highlight), for `pactgraph
// search` to send through the GraphQL handler.
func SearchVariables(params url.Values) (map[string]any, error) {
	j, err := Parse(TableSearch, FormatCSV, params)
	if err != nil {
		return nil, err
	}
	a := j.search
	vars := map[string]any{"query": a.Query}
	if a.Mode != nil {
		vars["mode"] = *a.Mode
	}
	if len(a.Types) > 0 {
		vars["types"] = a.Types
	}
	if f, _ := json.Marshal(a.Filter); string(f) != "{}" {
		vars["filter"] = json.RawMessage(f)
	}
	if a.Highlight != nil {
		vars["highlight"] = *a.Highlight
	}
	if a.Language != nil {
		vars["language"] = *a.Language
	}
	return vars, nil
}
