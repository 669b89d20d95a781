package search

import (
	"context"
	"fmt"
	"html"
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search"
	htmlFormat "github.com/blevesearch/bleve/v2/search/highlight/format/html"
	simpleFragmenter "github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
	simpleHighlighter "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
	"github.com/blevesearch/bleve/v2/search/query"
)

// The last step, on the page's hits alone: which of the search's terms
// each hit has, where (for highlights), and so how much of the search it
// covers. The scored query runs without term locations, which would cost
// for every record it matches; one more look-up asks the index for the
// locations in the page's few records, and Bleve's own highlighter draws
// the fragments from the stored text.

// highlightFields are the stored text fields highlights are drawn from,
// in the order they are reported.
var highlightFields = []string{fieldName, fieldAliases, fieldHeading, fieldBody}

// fragmentSize is the length of a highlight fragment, in characters.
const fragmentSize = 200

var highlighter = simpleHighlighter.NewHighlighter(
	simpleFragmenter.NewFragmenter(fragmentSize),
	htmlFormat.NewFragmentFormatter("<mark>", "</mark>"),
	simpleHighlighter.DefaultSeparator)

// textValue is one value of a record's text field: the field it comes
// from, and which of its values (an alias) it is.
type textValue struct {
	field string
	index int
	value string
}

// textValues are a record's text in the order the text field holds it
// (Doc.text), each value with where it comes from.
func textValues(d *Doc) []textValue {
	var out []textValue
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
// by record id: gathered by the ranked query (kept to the text field's
// terms, as locate asks), or asked for by locate.
func (ix *Index) locations(ctx context.Context, p *plan, q *Query, hits []Hit) (map[string]search.FieldTermLocationMap, error) {
	if !p.inline || q.Order == Position {
		return ix.locate(ctx, p, hits)
	}
	out := make(map[string]search.FieldTermLocationMap, len(hits))
	for _, h := range hits {
		for _, l := range p.readers {
			text := search.TermLocationMap{}
			for _, t := range p.terms {
				if locs := h.locations[l.text][t]; len(locs) > 0 {
					text[t] = locs
				}
			}
			if len(text) > 0 {
				if out[h.Doc.ID] == nil {
					out[h.Doc.ID] = search.FieldTermLocationMap{}
				}
				out[h.Doc.ID][l.text] = text
			}
		}
	}
	return out, nil
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

// inspect turns one hit's locations into the terms it holds (for
// coverage) and, with highlight set, its fragments.
func inspect(d *Doc, locations search.FieldTermLocationMap, highlight bool) (found map[string]bool, hls []Highlight) {
	found = map[string]bool{}
	byField := map[string]search.TermLocationMap{}
	values := textValues(d)
	for field, terms := range locations {
		for term, locs := range terms {
			found[term] = true
			for _, l := range locs {
				target, positions := field, l.ArrayPositions
				if isText(field) {
					if len(l.ArrayPositions) != 1 || int(l.ArrayPositions[0]) >= len(values) {
						continue
					}
					v := values[l.ArrayPositions[0]]
					target, positions = v.field, nil
					if v.field == fieldAliases {
						positions = []uint64{uint64(v.index)}
					}
				}
				if byField[target] == nil {
					byField[target] = search.TermLocationMap{}
				}
				byField[target].AddLocation(term, &search.Location{Pos: l.Pos, Start: l.Start, End: l.End, ArrayPositions: positions})
			}
		}
	}
	if !highlight {
		return found, nil
	}
	doc := document.NewDocument(d.ID)
	for _, v := range values {
		var positions []uint64
		if v.field == fieldAliases {
			positions = []uint64{uint64(v.index)}
		}
		doc.AddField(document.NewTextField(v.field, positions, []byte(v.value)))
	}
	for _, field := range highlightFields {
		if locs := byField[field]; len(locs) > 0 {
			hls = append(hls, fragments(doc, field, locs)...)
		}
	}
	return found, hls
}

// isText reports whether field is a language's text field, which holds a
// record's text values in the order textValues gives them.
func isText(field string) bool {
	return slices.ContainsFunc(languages, func(l *language) bool { return l.text == field })
}

// fragments draws the best fragment of one field, as Bleve's HTML
// highlighter does for a search with term locations.
func fragments(doc *document.Document, field string, locations search.TermLocationMap) []Highlight {
	dm := &search.DocumentMatch{Locations: search.FieldTermLocationMap{field: locations}}
	var out []Highlight
	for _, frag := range highlighter.BestFragmentsInField(dm, doc, field, 1) {
		if strings.Contains(frag, "<mark>") {
			text, spans := unmark(frag)
			out = append(out, Highlight{Field: field, Fragment: frag, Text: text, Matches: spans})
		}
	}
	return out
}

// coverage is the weighed share of the clauses that a hit's terms, or its
// themes, satisfy; a hit whose theme is the whole search covers it all.
func (p *plan) coverage(found map[string]bool, themes map[string]bool) float64 {
	if len(p.clauses) == 0 || p.wholeTheme != "" && themes[p.wholeTheme] {
		return 1
	}
	var total, matched float64
	for _, c := range p.clauses {
		total += c.weight
		ok := c.themeKey != "" && themes[c.themeKey]
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

// unmark turns a highlighted fragment into plain text and the spans that
// were marked, counted in UTF-16 code units.
func unmark(frag string) (string, []Span) {
	var text strings.Builder
	var spans []Span
	units := 0
	for len(frag) > 0 {
		open := strings.Index(frag, "<mark>")
		if open < 0 {
			open = len(frag)
		}
		plain := html.UnescapeString(frag[:open])
		text.WriteString(plain)
		units += utf16Len(plain)
		frag = frag[open:]
		if frag == "" {
			break
		}
		frag = frag[len("<mark>"):]
		end := strings.Index(frag, "</mark>")
		if end < 0 {
			end = len(frag)
		}
		marked := html.UnescapeString(frag[:end])
		text.WriteString(marked)
		spans = append(spans, Span{Start: units, End: units + utf16Len(marked)})
		units += utf16Len(marked)
		frag = strings.TrimPrefix(frag[end:], "</mark>")
	}
	return text.String(), spans
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
