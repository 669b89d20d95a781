package graph

import (
	"errors"
	"math"
	"testing"

	"pactgraph/search"
)

// No number that is not finite reaches an encoder: the search refuses the
// result (BAD_QUERY); the export writers refuse the cell (export's
// TestNonFiniteCellsRefused).
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
}
