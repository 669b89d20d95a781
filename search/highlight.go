package search

import (
	"html"
	"strings"
	"unicode/utf16"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search"
	htmlFormat "github.com/blevesearch/bleve/v2/search/highlight/format/html"
	simpleFragmenter "github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
	simpleHighlighter "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
)

// The last step, on the page's hits alone: which of the search's terms
// each hit has, where (for highlights), and so how much of the search it
// covers. The scored query runs without term locations, which would cost
// for every record it matches; a page's few records are analyzed again
// here, with the index's own analyzer, so the offsets are the index's.

// highlightFields are the stored text fields highlights are drawn from,
// in the order they are reported.
var highlightFields = []string{fieldName, fieldAliases, fieldHeading, fieldBody}

// matcher says whether an analyzed term satisfies the search.
type matcher interface {
	matches(term string) bool
}

// termSet matches the terms of a SIMPLE search's clauses.
type termSet map[string]bool

func (s termSet) matches(term string) bool { return s[term] }

// fragmentSize is the length of a highlight fragment, in characters.
const fragmentSize = 200

var highlighter = simpleHighlighter.NewHighlighter(
	simpleFragmenter.NewFragmenter(fragmentSize),
	htmlFormat.NewFragmentFormatter("<mark>", "</mark>"),
	simpleHighlighter.DefaultSeparator)

// fieldValues are a record's text by field, each field's values in order.
func fieldValues(d *Doc) map[string][]string {
	v := map[string][]string{}
	if d.Name != "" {
		v[fieldName] = []string{d.Name}
	}
	if len(d.Aliases) > 0 {
		v[fieldAliases] = d.Aliases
	}
	if d.Heading != "" {
		v[fieldHeading] = []string{d.Heading}
	}
	if d.Body != "" {
		v[fieldBody] = []string{d.Body}
	}
	return v
}

// inspect analyzes a hit's text: the terms it holds (for coverage), and
// with highlight set its fragments with the matching terms marked.
func (ix *Index) inspect(d *Doc, m matcher, highlight bool) (found map[string]bool, hls []Highlight) {
	a := ix.bleve.Mapping().AnalyzerNamed(analyzerText)
	found = map[string]bool{}
	values := fieldValues(d)
	for _, field := range highlightFields {
		locations := search.TermLocationMap{}
		doc := document.NewDocument(d.ID)
		for i, value := range values[field] {
			var positions []uint64
			if field == fieldAliases {
				positions = []uint64{uint64(i)}
			}
			for _, tok := range a.Analyze([]byte(value)) {
				term := string(tok.Term)
				found[term] = true
				if highlight && m.matches(term) {
					locations.AddLocation(term, &search.Location{Pos: uint64(tok.Position), Start: uint64(tok.Start), End: uint64(tok.End), ArrayPositions: positions})
				}
			}
			doc.AddField(document.NewTextField(field, positions, []byte(value)))
		}
		if len(locations) > 0 {
			hls = append(hls, fragments(doc, field, locations)...)
		}
	}
	return found, hls
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

// tokensOf analyzes text as the index does.
func (ix *Index) tokensOf(text string) analysis.TokenStream {
	return ix.bleve.Mapping().AnalyzerNamed(analyzerText).Analyze([]byte(text))
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
