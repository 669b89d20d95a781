package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"
)

// The pager: one page of a plan's hits, sorted by score (the tier first)
// or by position, with a cursor on every hit, and the counts of the whole
// result. A page may span tiers; a cursor is the last hit's sort key, so
// paging on crosses them.

func (ix *Index) page(ctx context.Context, q *Query, p *plan) (*Result, error) {
	fp := q.fingerprint()
	var after []string
	if q.After != "" {
		var err error
		if after, err = decodeCursor(q.After, fp, q.Order); err != nil {
			return nil, err
		}
	}
	var res *bleve.SearchResult
	var tally *collecting
	var partial bool
	var err error
	if q.Order == Position {
		res, partial, err = ix.pageByPosition(ctx, q, p, after)
	} else {
		res, tally, err = ix.pageByScore(ctx, q, p, after)
	}
	if err != nil {
		return nil, err
	}
	out := &Result{Total: int(res.Total), Facets: facetResults(q.Facets, res.Facets), Partial: partial}
	out.Hits = make([]Hit, 0, min(len(res.Hits), q.First))
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
	switch {
	case tally == nil || p.ladder == nil:
		out.Complete = out.Total
		if partial {
			out.Complete = 0
		}
	default:
		out.Complete = tally.complete
		out.Partial = out.Complete == 0
	}
	return out, nil
}

// pageByPosition runs a page in the order of the records' positions.
func (ix *Index) pageByPosition(ctx context.Context, q *Query, p *plan, after []string) (*bleve.SearchResult, bool, error) {
	run, partial, err := ix.positionQuery(ctx, q, p)
	if err != nil {
		return nil, false, err
	}
	sortBy := []string{fieldDocument, fieldPosition, "_id"}
	res, err := ix.run(ctx, q, run, sortBy, after, runOptions{size: q.First + 1, explain: q.Explain, facets: len(q.Facets) > 0})
	return res, partial, err
}

// pageByScore runs a page in the order of the hits' scores, ties in the
// order of their ids. Bleve sorts by score alone, which spares it reading
// the id of every match; the collecting handler pages after the cursor
// and counts the complete records on the way. Ties are then put in id
// order on the page; only a tie that the page's end cuts through needs
// the ids of every match, and a second look-up sorted by them.
func (ix *Index) pageByScore(ctx context.Context, q *Query, p *plan, after []string) (*bleve.SearchResult, *collecting, error) {
	tally := &collecting{ladder: p.ladder}
	if after != nil {
		tally.paged = true
		tally.afterScore, _ = strconv.ParseFloat(after[0], 64) // checked by decodeCursor
		tally.afterID = after[1]
	}
	opts := runOptions{size: q.First + 1, explain: q.Explain, facets: len(q.Facets) > 0, locations: p.inline}
	res, err := ix.run(context.WithValue(ctx, search.MakeDocumentMatchHandlerKey, search.MakeDocumentMatchHandler(tally.handler)), q, p.ranked, []string{"-_score"}, nil, opts)
	if err != nil {
		return nil, nil, err
	}
	if h := res.Hits; len(h) > q.First && h[q.First].Score == h[q.First-1].Score {
		opts.facets = false
		exact, err := ix.run(ctx, q, p.ranked, []string{"-_score", "_id"}, after, opts)
		if err != nil {
			return nil, nil, err
		}
		res.Hits = exact.Hits
		return res, tally, nil
	}
	slices.SortStableFunc(res.Hits, func(a, b *search.DocumentMatch) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.ID, b.ID))
	})
	return res, tally, nil
}

// collecting sees every match of a search sorted by score, in the
// collector: it counts the complete ones, and drops those at or before
// the cursor a page starts after.
type collecting struct {
	ladder     ladder
	complete   int
	paged      bool
	afterScore float64
	afterID    string
}

func (c *collecting) handler(sctx *search.SearchContext) (search.DocumentMatchHandler, bool, error) {
	next, loadID, err := collector.MakeTopNDocumentMatchHandler(sctx)
	if err != nil {
		return nil, false, err
	}
	return func(d *search.DocumentMatch) error {
		if d == nil {
			return next(d)
		}
		if c.ladder != nil && c.ladder[c.ladder.tierOf(d.Score)].complete {
			c.complete++
		}
		if c.paged && d.Score >= c.afterScore {
			if d.Score > c.afterScore {
				sctx.DocumentMatchPool.Put(d)
				return nil
			}
			id, err := sctx.IndexReader.ExternalID(d.IndexInternalID)
			if err != nil {
				return err
			}
			if id <= c.afterID {
				sctx.DocumentMatchPool.Put(d)
				return nil
			}
			d.ID = id
		}
		return next(d)
	}, loadID, nil
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
	hit := Hit{Score: h.Score, locations: h.Locations}
	if err := hydrate(h.Fields, &hit); err != nil {
		return Hit{}, fmt.Errorf("read hit %s: %w", h.ID, err)
	}
	var sortValues []string
	if q.Order == Position {
		sortValues = slices.Clone(h.Sort)
	} else {
		sortValues = []string{strconv.FormatFloat(h.Score, 'g', -1, 64), h.ID}
		if p.ladder != nil {
			hit.Score = ownScore(h.Score)
			hit.Partial = !p.ladder[p.ladder.tierOf(h.Score)].complete
		}
	}
	hit.Cursor = encodeCursor(fp, sortValues)
	if h.Expl != nil {
		hit.Explanation = flatten(h.Expl, 0, nil, string(h.IndexInternalID), h.ID)
		if p.ladder != nil && q.Order != Position {
			// The tier orders the hits; the score reported is the hit's own.
			top := &hit.Explanation[0]
			top.Message = fmt.Sprintf("score %g within tier %d (the tier adds %d to order the hits)", hit.Score, p.ladder.tierOf(h.Score), int(h.Score-hit.Score))
			top.Value = hit.Score
		}
	}
	return hit, nil
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
