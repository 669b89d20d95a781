package graph

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"pactgraph/search"
)

// No number that is not finite reaches an encoder: the search refuses the
// result (BAD_QUERY), and the export writers refuse the cell (issue 15,
// item 13).
func TestNonFiniteNeverEncoded(t *testing.T) {
	for name, h := range map[string]search.Hit{
		"NaN score":       {Score: math.NaN()},
		"+Inf score":      {Score: math.Inf(1)},
		"-Inf relevance":  {Score: 1, Relevance: math.Inf(-1)},
		"NaN explanation": {Score: 1, Explanation: []search.ExplanationLine{{Value: math.NaN()}}},
	} {
		var qErr *search.QueryError
		if err := finiteHits([]search.Hit{{Score: 1}, h}); !errors.As(err, &qErr) {
			t.Errorf("finiteHits(%s) = %v; want a QueryError (BAD_QUERY)", name, err)
		}
	}
	if err := finiteHits([]search.Hit{{Score: 3.5, Relevance: 1}}); err != nil {
		t.Errorf("finiteHits(finite) = %v; want nil", err)
	}
	for _, format := range []string{FormatCSV, FormatNDJSON} {
		var buf bytes.Buffer
		var rows rowWriter = &ndjsonRows{w: &buf}
		if format == FormatCSV {
			rows = newCSVRows(&buf)
		}
		rows.header([]string{"id", "score"})
		err := rows.row([]any{"x", math.Inf(1)})
		rows.flush()
		if !isInternal(err) || bytes.Contains(buf.Bytes(), []byte("Inf")) || bytes.Contains(buf.Bytes(), []byte("x")) {
			t.Errorf("%s row with +Inf = %v, wrote %q; want an internal error and no row", format, err, buf.Bytes())
		}
	}
}

// spreadsheet=true neutralises the cells a spreadsheet would run as
// formulas, and only those; without it cells are written as they are.
func TestSpreadsheetCells(t *testing.T) {
	cells := []any{"=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "\tx", "plain", "a=b", 3.5}
	for _, tc := range []struct {
		spreadsheet bool
		want        string
	}{
		{false, "\"=HYPERLINK(\"\"x\"\")\",+1,-2,@SUM(A1),\"\tx\",plain,a=b,3.5\r\n"},
		{true, "\"'=HYPERLINK(\"\"x\"\")\",'+1,'-2,'@SUM(A1),'\tx,plain,a=b,3.5\r\n"},
	} {
		var buf bytes.Buffer
		rows := newCSVRows(&buf)
		rows.spreadsheet = tc.spreadsheet
		rows.row(cells)
		rows.flush()
		if buf.String() != tc.want {
			t.Errorf("spreadsheet=%v row = %q; want %q", tc.spreadsheet, buf.String(), tc.want)
		}
	}
	if _, err := parseExport(ExportAgreements, FormatNDJSON, map[string][]string{"spreadsheet": {"true"}}); err == nil {
		t.Errorf("spreadsheet=true on an NDJSON export = nil; want an error")
	}
}
