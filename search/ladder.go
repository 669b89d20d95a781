package search

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// The relaxation ladder: a SIMPLE search accepts every record with at
// least one of its clauses, and ranks them in tiers by how many they have.
// Each rung of the ladder is a tier: the records with every clause first,
// then (for a long search) with most of them, both complete; then, marked
// partial, those with one clause fewer, two fewer, and so on down to one.
// Within a tier, records rank by their BM25 score and the boost table.
//
// All of it is one Bleve query, scored once: the clauses' disjunction
// reports which of them each record has (tieredQuery), and the record's
// tier goes into its score above everything else.

// rung is one tier of the ladder: the records with at least min clauses
// (and fewer than the rung above asks).
type rung struct {
	min      int
	complete bool
}

// ladder is a search's rungs, strictest first.
type ladder []rung

// softAndClauses is the number of units (words, or names of several
// words) from which a search needs only
// three quarters of them (rounded up) in a complete record, not all: a
// long search (often a question) rarely has every word in one passage.
const softAndClauses = 4

// ladderFor makes the ladder of a search of n clauses. A question's
// complete records rank alike however many of its words they have (its
// extra words often paraphrase what a passage says otherwise); in a list
// of keywords every word was meant, and the records with all of them
// come first. A quoted phrase is never relaxed in a complete record.
//
// A name of several words is one unit: "North Atlantic Treaty
// Organization" needs all four words, however long.
func ladderFor(n, units int, question, phrase bool) ladder {
	need := n
	if units >= softAndClauses && !phrase {
		need = (3*n + 3) / 4
	}
	var l ladder
	if need < n && !question {
		l = append(l, rung{min: n, complete: true})
	}
	l = append(l, rung{min: need, complete: true})
	for k := need - 1; k >= 1; k-- {
		l = append(l, rung{min: k})
	}
	return l
}

// need is the fewest clauses of a complete record.
func (l ladder) need() int {
	need := l[0].min
	for _, r := range l {
		if r.complete {
			need = r.min
		}
	}
	return need
}

// tier is the rung of a record with k clauses.
func (l ladder) tier(k int) int {
	for t, r := range l {
		if k >= r.min {
			return t
		}
	}
	return len(l) - 1
}

// tierStep is what each tier above the last adds to a record's score. It
// is far above any BM25 score with boosts, which is held under
// maxRecordScore, so the tier always decides first.
const (
	tierStep       = 1 << 20
	maxRecordScore = tierStep / 2
)

// tieredQuery matches the records with at least Min of its clauses, and
// scores each as its tier above the sum of its clauses' and its boosts'
// scores. The boosts only add: a record that matches a boost and no
// clause is not a match. Clauses and boosts are one Bleve disjunction,
// whose score breakdown says which of them each record has, so a record
// is found and scored in one pass.
type tieredQuery struct {
	Clauses []query.Query `json:"clauses"`
	Boosts  []query.Query `json:"boosts,omitempty"`
	// Marks score nothing and count for nothing: they are there for the
	// term locations they report.
	Marks  []query.Query `json:"marks,omitempty"`
	Min    int           `json:"min"`
	Ladder ladder        `json:"-"`
}

func (q *tieredQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	if o.Score == "none" {
		// A count: the clauses alone decide what matches.
		d := query.NewDisjunctionQuery(q.Clauses)
		d.SetMin(float64(q.Min))
		return d.Searcher(ctx, r, m, o)
	}
	parts := append(append(slices.Clip(q.Clauses), q.Boosts...), q.Marks...)
	return breakdownSearcher(ctx, r, m, o, parts, min(q.Min, 1), scoring{
		counted: len(q.Clauses),
		need:    q.Min,
		score: func(k int, sum float64) float64 {
			return float64(len(q.Ladder)-q.Ladder.tier(k))*tierStep + min(sum, maxRecordScore)
		},
		explain: func(k int) string {
			return fmt.Sprintf("tier %d: %d of %d clauses", q.Ladder.tier(k), k, len(q.Clauses))
		},
	})
}

func (q *tieredQuery) MarshalJSON() ([]byte, error) {
	rungs := make([]string, len(q.Ladder))
	for i, r := range q.Ladder {
		rungs[i] = fmt.Sprintf("≥%d", r.min)
		if r.complete {
			rungs[i] += " complete"
		}
	}
	return json.Marshal(map[string]any{"tiered": map[string]any{"ladder": rungs, "min": q.Min, "clauses": q.Clauses, "boosts": q.Boosts, "marks": q.Marks}})
}

// sumQuery matches what any of its queries match and scores the sum of
// their scores. (Bleve's disjunction scales the sum by the share of its
// parts that match, which would weaken each boost by the number of the
// others.)
type sumQuery struct {
	Boosts []query.Query `json:"boosts"`
	// Min, when above 1, is how many of them a record needs to match.
	Min int `json:"min,omitempty"`
}

func (q *sumQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	return breakdownSearcher(ctx, r, m, o, q.Boosts, q.Min, scoring{
		counted: len(q.Boosts),
		need:    q.Min,
		score:   func(_ int, sum float64) float64 { return sum },
		explain: func(k int) string { return fmt.Sprintf("sum of %d boosts", k) },
	})
}

func (q *sumQuery) MarshalJSON() ([]byte, error) {
	if q.Min > 1 {
		return json.Marshal(map[string]any{"sum": q.Boosts, "min": q.Min})
	}
	return json.Marshal(map[string]any{"sum": q.Boosts})
}

// breakdownSearcher runs a disjunction of qs that reports each matching
// part's score, and scores each match by how many of the counted parts
// match (k) and the sum of all its parts' scores.
func breakdownSearcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o search.SearcherOptions,
	qs []query.Query, minParts int, sc scoring) (search.Searcher, error) {
	d := query.NewDisjunctionQuery(qs)
	d.SetMin(float64(minParts))
	d.RetrieveScoreBreakdown(true)
	s, err := d.Searcher(ctx, r, m, o)
	if err != nil {
		return nil, err
	}
	return &rescorer{Searcher: s, parts: len(qs), explaining: o.Explain, scoring: sc}, nil
}

// tierOf reads a hit's tier back from its final score.
func (l ladder) tierOf(score float64) int {
	t := len(l) - int(score/tierStep)
	return max(0, min(t, len(l)-1))
}

// ownScore is a hit's score without its tier: what the API reports.
func ownScore(score float64) float64 {
	return math.Mod(score, tierStep)
}

// rescorer scores the matches of a disjunction that reports its parts'
// scores (Bleve's score breakdown) anew, and passes over those with fewer
// counted parts than it needs.
type rescorer struct {
	search.Searcher
	parts      int // the disjunction's, in order
	explaining bool
	scoring
}

// scoring is how a rescorer scores a match: k of its first counted parts
// match (at least need of them), and the scores of all its matching parts
// sum to sum. explain says so when the search explains (only then: a
// message per match would cost more than the scoring).
type scoring struct {
	counted, need int
	score         func(k int, sum float64) float64
	explain       func(k int) string
}

func (s *rescorer) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		d, err := s.Searcher.Next(ctx)
		if d == nil || err != nil || s.apply(ctx, d) {
			return d, err
		}
	}
}

func (s *rescorer) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	d, err := s.Searcher.Advance(ctx, id)
	if d == nil || err != nil || s.apply(ctx, d) {
		return d, err
	}
	return s.Next(ctx)
}

// apply scores d, or reports false (and returns d to the pool) when it
// has too few counted parts.
func (s *rescorer) apply(ctx *search.SearchContext, d *search.DocumentMatch) bool {
	// The breakdown is read part by part, in the parts' order, so that a
	// record scores the same to the last bit every time; and emptied so,
	// since its map is handed on with d (a disjunction around this one
	// writes its own parts into it). Looking each part up costs less
	// than walking or clearing the map, whose capacity grows with the
	// largest disjunction it has served.
	var sum float64
	k, found, n := 0, 0, len(d.ScoreBreakdown)
	for i := 0; i < s.parts && found < n; i++ {
		v, ok := d.ScoreBreakdown[i]
		if !ok {
			continue
		}
		found++
		sum += v
		if i < s.counted {
			k++
		}
		delete(d.ScoreBreakdown, i)
	}
	if found < n {
		clear(d.ScoreBreakdown) // a part it did not ask for: never left behind
	}
	if k < s.need {
		ctx.DocumentMatchPool.Put(d)
		return false
	}
	score := s.score(k, sum)
	if s.explaining {
		var parts []*search.Explanation
		if d.Expl != nil {
			for _, c := range d.Expl.Children {
				if c != nil {
					parts = append(parts, c)
				}
			}
		}
		d.Expl = &search.Explanation{Value: score, Message: s.scoring.explain(k), Children: parts}
	}
	d.Score = score
	return true
}
