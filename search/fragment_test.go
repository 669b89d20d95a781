package search

import (
	"fmt"
	"html"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/search"
	htmlFormat "github.com/blevesearch/bleve/v2/search/highlight/format/html"
	simpleFragmenter "github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
	simpleHighlighter "github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
)

// bleveHighlighter is Bleve's own simple HTML highlighter, configured as
// the fragments are meant to match: the oracle of TestFragmentsAsBleve.
var bleveHighlighter = simpleHighlighter.NewHighlighter(
	simpleFragmenter.NewFragmenter(fragmentSize),
	htmlFormat.NewFragmentFormatter("<mark>", "</mark>"),
	simpleHighlighter.DefaultSeparator)

// TestFragmentsAsBleve draws fragments of random texts (several values,
// multi-byte characters, HTML's special characters, terms that repeat,
// texts shorter and far longer than a fragment) and checks each against
// Bleve's simple highlighter on the same locations: the same HTML, and
// the plain text and spans that the HTML reads as.
func TestFragmentsAsBleve(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		values, locs := randomField(rng)
		got, ok := bestFragment("f", values, locs)
		want, wantOK := bleveFragment(values, locs)
		if ok != wantOK || got.Fragment != want {
			t.Fatalf("case %d: values %q, locations %v:\ngot  %v %q\nwant %v %q", i, values, locs, ok, got.Fragment, wantOK, want)
		}
		if !ok {
			continue
		}
		text, spans := readMarks(want)
		if got.Text != text || !slices.Equal(got.Matches, spans) {
			t.Fatalf("case %d: %q reads as %q %v; got %q %v", i, want, text, spans, got.Text, got.Matches)
		}
	}
}

// TestFragmentOverlaps: a joined compound and its parts overlap; the
// marks join into one instead of one opening inside another.
func TestFragmentOverlaps(t *testing.T) {
	value := "the non-proliferation treaty"
	locs := []termAt{{0, 4, 7, 0}, {0, 4, 21, 1}, {0, 8, 21, 2}, {0, 22, 28, 3}}
	h, ok := bestFragment("body", []string{value}, locs)
	want := "the <mark>non-proliferation</mark> <mark>treaty</mark>"
	if !ok || h.Fragment != want || !slices.Equal(h.Matches, []Span{{4, 21}, {22, 28}}) {
		t.Errorf("bestFragment = %q %v; want %q", h.Fragment, h.Matches, want)
	}
}

var fragmentWords = []string{"pact", "défense", "NATO’s", "a", "<b>", "AT&T", "🛡", "\"q\"", "alliance", "of", "x"}

// randomField is one to three values of random words, with some of the
// words' places as term locations (sorted, apart, as the index gives).
func randomField(rng *rand.Rand) ([]string, []termAt) {
	var values []string
	var locs []termAt
	for v := range 1 + rng.IntN(3) {
		var b strings.Builder
		for w := range rng.IntN(120) {
			if w > 0 {
				b.WriteString(" ")
			}
			word := fragmentWords[rng.IntN(len(fragmentWords))]
			if rng.IntN(6) == 0 {
				locs = append(locs, termAt{value: v, start: b.Len(), end: b.Len() + len(word), term: rng.IntN(4)})
			}
			b.WriteString(word)
		}
		values = append(values, b.String())
	}
	return values, locs
}

// bleveFragment is the best fragment Bleve's highlighter draws of the
// values with terms at locs, and whether it marks a term.
func bleveFragment(values []string, locs []termAt) (string, bool) {
	doc := document.NewDocument("d")
	for v, value := range values {
		doc.AddField(document.NewTextField("f", []uint64{uint64(v)}, []byte(value)))
	}
	tlm := search.TermLocationMap{}
	for _, l := range locs {
		tlm.AddLocation(fmt.Sprint(l.term), &search.Location{Start: uint64(l.start), End: uint64(l.end), ArrayPositions: []uint64{uint64(l.value)}})
	}
	dm := &search.DocumentMatch{Locations: search.FieldTermLocationMap{"f": tlm}}
	frags := bleveHighlighter.BestFragmentsInField(dm, doc, "f", 1)
	if len(frags) == 0 || !strings.Contains(frags[0], "<mark>") {
		return "", false
	}
	return frags[0], true
}

// readMarks reads a highlighted fragment as plain text and the marked
// spans, in UTF-16 code units.
func readMarks(frag string) (string, []Span) {
	var text strings.Builder
	var spans []Span
	units := 0
	for frag != "" {
		before, rest, found := strings.Cut(frag, "<mark>")
		plain := html.UnescapeString(before)
		text.WriteString(plain)
		units += utf16Len(plain)
		if !found {
			break
		}
		marked, after, _ := strings.Cut(rest, "</mark>")
		marked = html.UnescapeString(marked)
		text.WriteString(marked)
		spans = append(spans, Span{Start: units, End: units + utf16Len(marked)})
		units += utf16Len(marked)
		frag = after
	}
	return text.String(), spans
}
