package search

import "fmt"

// InputError is an argument the caller got wrong (a bad cursor, a page size
// out of range, a query text too long).
type InputError struct {
	Arg string
	Msg string
}

func (e *InputError) Error() string { return fmt.Sprintf("%s: %s", e.Arg, e.Msg) }

// QueryError is search text whose syntax is wrong or not allowed.
type QueryError struct {
	Msg      string
	Position int // 1-based character where the text goes wrong; 0 when unknown
}

func (e *QueryError) Error() string { return "query: " + e.Msg }

// CostError is a search refused because it would cost too much to run
// (a leading wildcard, a short prefix, too many clauses).
type CostError struct {
	Msg string
}

func (e *CostError) Error() string { return "query too expensive: " + e.Msg }
