package search

import (
	"context"
	"encoding/json"
	"fmt"
	"math"

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
// scores each as its tier above the sum of its clauses' scores.
type tieredQuery struct {
	Clauses []query.Query `json:"clauses"`
	Min     int           `json:"min"`
	Ladder  ladder        `json:"-"`
}

func (q *tieredQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	return breakdownSearcher(ctx, r, m, o, q.Clauses, q.Min, func(k int, sum float64) (float64, string) {
		t := q.Ladder.tier(k)
		return float64(len(q.Ladder)-t)*tierStep + min(sum, maxRecordScore), fmt.Sprintf("tier %d: %d of %d clauses", t, k, len(q.Clauses))
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
	return json.Marshal(map[string]any{"tiered": map[string]any{"ladder": rungs, "min": q.Min, "clauses": q.Clauses}})
}

// sumQuery matches what any of its queries match and scores the sum of
// their scores. (Bleve's disjunction scales the sum by the share of its
// parts that match, which would weaken each boost by the number of the
// others.)
type sumQuery struct {
	Boosts []query.Query `json:"boosts"`
}

func (q *sumQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	return breakdownSearcher(ctx, r, m, o, q.Boosts, 0, func(k int, sum float64) (float64, string) {
		return sum, fmt.Sprintf("sum of %d boosts", k)
	})
}

func (q *sumQuery) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]any{"sum": q.Boosts})
}

// breakdownSearcher runs a disjunction of qs that reports each matching
// part's score, and scores each match by how many parts match (k) and the
// sum of their scores.
func breakdownSearcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, o search.SearcherOptions,
	qs []query.Query, minParts int, score func(k int, sum float64) (float64, string)) (search.Searcher, error) {
	d := query.NewDisjunctionQuery(qs)
	d.SetMin(float64(minParts))
	if o.Score == "none" {
		return d.Searcher(ctx, r, m, o)
	}
	d.RetrieveScoreBreakdown(true)
	s, err := d.Searcher(ctx, r, m, o)
	if err != nil {
		return nil, err
	}
	return &rescorer{Searcher: s, parts: len(qs), explain: o.Explain, score: score}, nil
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
// scores (Bleve's score breakdown) anew.
type rescorer struct {
	search.Searcher
	parts   int
	explain bool
	score   func(k int, sum float64) (float64, string)
}

func (s *rescorer) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	d, err := s.Searcher.Next(ctx)
	s.apply(d)
	return d, err
}

func (s *rescorer) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	d, err := s.Searcher.Advance(ctx, id)
	s.apply(d)
	return d, err
}

func (s *rescorer) apply(d *search.DocumentMatch) {
	if d == nil {
		return
	}
	// Summed in the parts' order, so that a record scores the same to the
	// last bit every time.
	var sum float64
	for i := range s.parts {
		sum += d.ScoreBreakdown[i]
	}
	k := len(d.ScoreBreakdown)
	clear(d.ScoreBreakdown) // read here, and by nothing after
	score, why := s.score(k, sum)
	if s.explain {
		var parts []*search.Explanation
		if d.Expl != nil {
			for _, c := range d.Expl.Children {
				if c != nil {
					parts = append(parts, c)
				}
			}
		}
		d.Expl = &search.Explanation{Value: score, Message: why, Children: parts}
	}
	d.Score = score
}
