package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// The pager: one page of a plan's hits, sorted by score (the tier first)
// or by position, with a cursor on every hit, and the counts of the whole
// result. A page may span tiers; a cursor is the last hit's sort key, so
// paging on crosses them.

func (ix *Index) page(ctx context.Context, q *Query, p *plan) (*Result, error) {
	sortBy := []string{"-_score", "_id"}
	if q.Order == Position {
		sortBy = []string{fieldDocument, fieldPosition, "_id"}
	}
	fp := q.fingerprint()
	var after []string
	if q.After != "" {
		var err error
		if after, err = decodeCursor(q.After, fp, q.Order); err != nil {
			return nil, err
		}
	}
	run, partial := p.ranked, false
	if q.Order == Position {
		var err error
		if run, partial, err = ix.positionQuery(ctx, q, p); err != nil {
			return nil, err
		}
	}
	res, err := ix.run(ctx, q, run, sortBy, after, runOptions{size: q.First + 1, explain: q.Explain, facets: len(q.Facets) > 0})
	if err != nil {
		return nil, err
	}
	out := &Result{Total: int(res.Total), Facets: facetResults(q.Facets, res.Facets), Partial: partial}
	for i, h := range res.Hits {
		if i == q.First {
			out.HasNext = true
			break
		}
		hit, err := p.hit(h, q, fp)
		if err != nil {
			return nil, err
		}
		hit.Partial = hit.Partial || partial
		out.Hits = append(out.Hits, hit)
	}
	if q.Order == Position || p.ladder == nil {
		out.Complete = out.Total
		if partial {
			out.Complete = 0
		}
		return out, nil
	}
	return out, ix.countComplete(ctx, q, p, out)
}

// positionQuery is what a search ordered by position pages through: the
// complete records, or when there are none every record it accepts, all
// partial.
func (ix *Index) positionQuery(ctx context.Context, q *Query, p *plan) (run query.Query, partial bool, err error) {
	if p.ladder == nil {
		return p.complete, false, nil
	}
	res, err := ix.run(ctx, q, p.complete, nil, nil, runOptions{size: 0})
	if err != nil {
		return nil, false, err
	}
	if res.Total == 0 {
		return p.loose, true, nil
	}
	return p.complete, false, nil
}

// hit turns one Bleve match into a hit: its record, its own score, whether
// it is partial, and its cursor.
func (p *plan) hit(h *search.DocumentMatch, q *Query, fp uint32) (Hit, error) {
	hit := Hit{Score: h.Score}
	if err := hydrate(h.Fields, &hit); err != nil {
		return Hit{}, fmt.Errorf("read hit %s: %w", h.ID, err)
	}
	sortValues := slices.Clone(h.Sort)
	if q.Order != Position {
		sortValues[0] = strconv.FormatFloat(h.Score, 'g', -1, 64)
		if p.ladder != nil {
			hit.Score = ownScore(h.Score)
			hit.Partial = !p.ladder[p.ladder.tierOf(h.Score)].complete
		}
	}
	hit.Cursor = encodeCursor(fp, sortValues)
	if h.Expl != nil {
		hit.Explanation = flatten(h.Expl, 0, nil)
		if p.ladder != nil && q.Order != Position {
			// The tier orders the hits; the score reported is the hit's own.
			top := &hit.Explanation[0]
			top.Message = fmt.Sprintf("score %g within tier %d (the tier adds %d to order the hits)", hit.Score, p.ladder.tierOf(h.Score), int(h.Score-hit.Score))
			top.Value = hit.Score
		}
	}
	return hit, nil
}

// countComplete counts the complete records. On a first page that shows a
// partial hit, or shows every hit, the complete ones are all on it; else
// it takes a count, unless the caller reads no counts.
func (ix *Index) countComplete(ctx context.Context, q *Query, p *plan, out *Result) error {
	n := 0
	for _, h := range out.Hits {
		if !h.Partial {
			n++
		}
	}
	switch {
	case p.ladder[len(p.ladder)-1].complete:
		out.Complete = out.Total // every record the search accepts is complete
	case q.After == "" && (n < len(out.Hits) || !out.HasNext):
		out.Complete = n
	case q.NoCount:
		out.Complete = -1
		out.Partial = q.After == "" && len(out.Hits) > 0 && out.Hits[0].Partial
		return nil
	default:
		res, err := ix.run(ctx, q, p.complete, nil, nil, runOptions{size: 0})
		if err != nil {
			return err
		}
		out.Complete = int(res.Total)
	}
	out.Partial = out.Complete == 0
	return nil
}

// facetResults are the facets asked for, each bucket list by count, then
// value.
func facetResults(facets []Facet, res search.FacetResults) []FacetResult {
	var out []FacetResult
	for _, f := range facets {
		fr := FacetResult{Facet: f}
		if r := res[string(f)]; r != nil && r.Terms != nil {
			for _, t := range r.Terms.Terms() {
				fr.Buckets = append(fr.Buckets, Bucket{Value: t.Term, Count: t.Count})
			}
		}
		slices.SortFunc(fr.Buckets, func(a, b Bucket) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Value, b.Value))
		})
		out = append(out, fr)
	}
	return out
}
