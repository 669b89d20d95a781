package export

import (
	"bytes"
	"math"
	"testing"

	"pactgraph/graph"
)

// The export writers refuse a cell with a number that is not finite, as a
// fault of the server, and write nothing of its row.
func TestNonFiniteCellsRefused(t *testing.T) {
	for _, format := range []string{FormatCSV, FormatNDJSON} {
		var buf bytes.Buffer
		var rows rowWriter = &ndjsonRows{w: &buf}
		if format == FormatCSV {
			rows = newCSVRows(&buf)
		}
		rows.header([]string{"id", "score"})
		err := rows.row([]any{"x", math.Inf(1)})
		rows.flush()
		if graph.ErrorCode(err) != graph.CodeInternal || bytes.Contains(buf.Bytes(), []byte("Inf")) || bytes.Contains(buf.Bytes(), []byte("x")) {
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
	if _, err := Parse(TableAgreements, FormatNDJSON, map[string][]string{"spreadsheet": {"true"}}); err == nil {
		t.Errorf("spreadsheet=true on an NDJSON export = nil; want an error")
	}
}
