package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// The last step, on the page's hits alone: which of the search's terms
// each hit has, where (for highlights), and so how much of the search it
// covers. The scored query runs without term locations, which would cost
// for every record it matches; one more look-up asks the index for the
// locations in the page's few records (unless the ranked query gathered
// them, see plan.inline), and the fragments are drawn from the record's
// own text (fragment.go).

// highlightFields are the stored text fields highlights are drawn from,
// in the order they are reported.
var highlightFields = []string{fieldName, fieldAliases, fieldHeading, fieldBody}

// fragmentSize is the length of a highlight fragment, in characters.
const fragmentSize = 200

// textValue is one value of a record's text field: the field it comes
// from, and which of its values (an alias) it is.
type textValue struct {
	field string
	index int
	value string
}

// inspector is what inspect keeps from one hit to the next, so that a
// page's hits share their scratch space.
type inspector struct {
	values  []textValue
	byField map[string][]termAt
	ids     map[string]int
}

func (in *inspector) reset(d *Doc) {
	in.values = appendTextValues(in.values[:0], d)
	if in.byField == nil {
		in.byField, in.ids = map[string][]termAt{}, map[string]int{}
	}
	for f, locs := range in.byField {
		in.byField[f] = locs[:0]
	}
	clear(in.ids)
}

// appendTextValues appends a record's text in the order the text field
// holds it (Doc.text), each value with where it comes from.
func appendTextValues(out []textValue, d *Doc) []textValue {
	for _, v := range []textValue{{fieldName, 0, d.Name}, {fieldHeading, 0, d.Heading}, {fieldBody, 0, d.Body}} {
		if v.value != "" {
			out = append(out, v)
		}
	}
	for i, a := range d.Aliases {
		if a != "" {
			out = append(out, textValue{fieldAliases, i, a})
		}
	}
	return out
}

// locations are where each of the page's hits holds the search's terms,
// by record id: gathered by the ranked query, or asked for by locate. The
// ranked query gathers every field's terms; kept then keeps the text
// fields' locations of the plan's terms, as locate asks (nil: all).
func (ix *Index) locations(ctx context.Context, p *plan, q *Query, hits []Hit) (map[string]search.FieldTermLocationMap, func(field, term string) bool, error) {
	if !p.inline || q.Order == Position {
		out, err := ix.locate(ctx, p, hits)
		return out, nil, err
	}
	out := make(map[string]search.FieldTermLocationMap, len(hits))
	for _, h := range hits {
		out[h.Doc.ID] = h.locations
	}
	kept := func(field, term string) bool {
		return slices.Contains(p.terms, term) && slices.ContainsFunc(p.readers, func(r reader) bool { return r.text == field })
	}
	return out, kept, nil
}

// locate asks the index where each of the page's hits holds what the
// search matched: the plan's terms (SIMPLE), or the query itself
// (ADVANCED). It returns the locations by record id.
func (ix *Index) locate(ctx context.Context, p *plan, hits []Hit) (map[string]search.FieldTermLocationMap, error) {
	ids := make([]string, len(hits))
	for i := range hits {
		ids[i] = hits[i].Doc.ID
	}
	matched := p.ranked
	if len(p.terms) > 0 {
		qs := make([]query.Query, 0, len(p.terms)*len(p.readers))
		for _, l := range p.readers {
			for _, t := range p.terms {
				qs = append(qs, termOn(l.text, t, 1))
			}
		}
		matched = query.NewDisjunctionQuery(qs)
	}
	req := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery(ids), matched}), len(ids), 0, false)
	req.IncludeLocations = true
	ix.lookups.Add(1)
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, fmt.Errorf("locate the terms of %d hits: %w", len(ids), err)
	}
	out := make(map[string]search.FieldTermLocationMap, len(res.Hits))
	for _, h := range res.Hits {
		out[h.ID] = h.Locations
	}
	return out, nil
}

// inspect turns one hit's locations (those kept keeps, or all when it is
// nil) into the terms it holds (for coverage) and, with highlight set, its
// fragments.
func (in *inspector) inspect(d *Doc, locations search.FieldTermLocationMap, kept func(field, term string) bool, highlight bool) (found map[string]bool, hls []Highlight) {
	found = map[string]bool{}
	in.reset(d)
	values, byField, ids := in.values, in.byField, in.ids
	for field, terms := range locations {
		for term, locs := range terms {
			if len(locs) == 0 || kept != nil && !kept(field, term) {
				continue
			}
			found[term] = true
			id, ok := ids[term]
			if !ok {
				id = len(ids)
				ids[term] = id
			}
			for _, l := range locs {
				if target, value, ok := sourceOf(field, l.ArrayPositions, values); ok {
					byField[target] = append(byField[target], termAt{value: value, start: int(l.Start), end: int(l.End), term: id})
				}
			}
		}
	}
	if !highlight {
		return found, nil
	}
	for _, field := range highlightFields {
		locs := byField[field]
		if len(locs) == 0 {
			continue
		}
		slices.SortFunc(locs, func(a, b termAt) int {
			return cmp.Or(cmp.Compare(a.value, b.value), cmp.Compare(a.start, b.start), cmp.Compare(a.end, b.end))
		})
		if h, ok := bestFragment(field, fieldValues(d, field), locs); ok {
			hls = append(hls, h)
		}
	}
	return found, hls
}

// sourceOf is the stored field and value a term location points into: a
// location in a text field names one of the record's text values (see
// appendTextValues); one in another field, that field's value.
func sourceOf(field string, positions search.ArrayPositions, values []textValue) (string, int, bool) {
	if isText(field) {
		if len(positions) != 1 || int(positions[0]) >= len(values) {
			return "", 0, false
		}
		v := values[positions[0]]
		return v.field, v.index, true
	}
	switch len(positions) {
	case 0:
		return field, 0, true
	case 1:
		return field, int(positions[0]), true
	}
	return "", 0, false
}

// isText reports whether field is a language's text field, which holds a
// record's text values in the order appendTextValues gives them.
func isText(field string) bool {
	return slices.ContainsFunc(languages, func(l *language) bool { return l.text == field })
}

// fieldValues are a record's values of one stored text field.
func fieldValues(d *Doc, field string) []string {
	switch field {
	case fieldName:
		return []string{d.Name}
	case fieldHeading:
		return []string{d.Heading}
	case fieldBody:
		return []string{d.Body}
	case fieldAliases:
		return d.Aliases
	}
	return nil
}

// coverage is the weighed share of the clauses that a hit's terms, or its
// themes, satisfy; a hit whose theme is the whole search covers it all.
func (p *plan) coverage(found map[string]bool, themes map[string]bool, article, textOf string) float64 {
	if len(p.clauses) == 0 || p.wholeTheme != "" && themes[p.wholeTheme] {
		return 1
	}
	var total, matched float64
	for _, c := range p.clauses {
		total += c.weight
		ok := c.themeKey != "" && themes[c.themeKey] || article != "" && slices.Contains(c.articles, article) ||
			textOf != "" && slices.Contains(c.texts, textOf)
		for t := range c.terms {
			if ok {
				break
			}
			ok = found[t]
		}
		if ok {
			matched += c.weight
		}
	}
	if total == 0 {
		return 1
	}
	return float64(int(matched/total*1000+0.5)) / 1000
}
