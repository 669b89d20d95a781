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
