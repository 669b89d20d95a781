package search

import (
	"fmt"
	"io/fs"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"

	"pactgraph/corpus"
)

// TestSharedAnalysisAsAnalysers: the one pass gives, term for term with
// positions and offsets, what the text, pairs and spelling analysers give
// each on its own, over the essay and texts made to try the corners
// (hyphens and dashes joining words, stop words inside and at the edges of
// compounds, possessives, curly apostrophes, British spellings).
func TestSharedAnalysisAsAnalysers(t *testing.T) {
	m, err := buildMapping()
	if err != nil {
		t.Fatal(err)
	}
	chains := newSharedChains(m)
	if chains == nil {
		t.Fatal("newSharedChains = nil: the English analysers no longer share their first steps, so every text is analysed three times")
	}
	texts := []string{
		"The US-Japan Treaty of Mutual Cooperation and Security",
		"NATO’s self-defence clause, and the UK’s a-bomb: an off-the-shelf, non-proliferation — arms-control deal.",
		"The Parties' organisation of the programme's defence centre analysed the labour of the armour.",
		"of the, and a-the in-of -dash- leading– trailing— ‘quoted’ words",
		"",
		"   ",
		"Article 5 (1949) 3-C 34.4-S co-operation",
	}
	essay, err := fs.ReadFile(corpus.Default, "security-agreements.txt")
	if err != nil {
		t.Fatalf("the embedded essay: %v", err)
	}
	texts = append(texts, strings.Split(string(essay), "\n")...)
	for _, text := range texts {
		got := chains.analyse([]byte(text))
		for _, c := range []struct {
			analyzer string
			stream   analysis.TokenStream
		}{{analyzerText, got.text}, {analyzerPairs, got.pairs}, {analyzerSpell, got.spell}} {
			want := m.AnalyzerNamed(c.analyzer).Analyze([]byte(text))
			if g, w := tokenLines(c.stream), tokenLines(want); g != w {
				t.Errorf("%s over %.60q:\none pass:\n%s\nthe analyser:\n%s", c.analyzer, text, g, w)
			}
		}
	}
}

func tokenLines(ts analysis.TokenStream) string {
	var b strings.Builder
	for _, t := range ts {
		fmt.Fprintf(&b, "%q@%d[%d:%d] ", t.Term, t.Position, t.Start, t.End)
	}
	return b.String()
}

// TestSharedAnalysisOncePerPiece: a record's text, pairs and spell fields
// share one pass per piece of its text (name, heading, body and alias
// here), with its name, heading and alias fields, although
// the filters lower-case the terms in the bytes of the field analysed
// first; each field indexes what its own analyser would; and no stream is
// kept once the last field has read it.
func TestSharedAnalysisOncePerPiece(t *testing.T) {
	m, err := buildMapping()
	if err != nil {
		t.Fatal(err)
	}
	d := passage("p1", "The US-Japan Treaty of Mutual Cooperation, a Self-Defence pact: a pact of defence.")
	d.Heading = "Case Studies: Successful Bilateral Agreements"
	d.Name = "Treaty of Mutual Cooperation"
	d.Aliases = []string{"US–Japan Security Treaty"}
	doc := document.NewDocument("p1")
	if err := m.MapDocument(doc, d.fields()); err != nil {
		t.Fatal(err)
	}
	newSharedChains(m).share(doc)
	var shared *sharedAnalysis
	views := 0
	for _, f := range doc.Fields {
		if wf, ok := f.(*wordsField); ok {
			// A spell field keeps its words for the word list, and gives
			// Bleve none.
			v, ok := wf.analyzer.(sharedView)
			if !ok {
				t.Fatalf("spell field over %q: analysed apart from the shared pass", wf.Value())
			}
			views++
			shared = v.s
			var want []string
			for _, tok := range m.AnalyzerNamed(analyzerSpell).Analyze(slices.Clone(wf.Value())) {
				if !slices.Contains(want, string(tok.Term)) { // each word once
					want = append(want, string(tok.Term))
				}
			}
			wf.Analyze()
			if !slices.Equal(wf.words, want) || len(want) == 0 {
				t.Errorf("spell field over %q: words %q; its analyser gives %q", wf.Value(), wf.words, want)
			}
			if wf.AnalyzedLength() != 0 || len(wf.AnalyzedTokenFrequencies()) != 0 {
				t.Errorf("spell field over %q gives Bleve terms", wf.Value())
			}
			continue
		}
		tf, ok := f.(*document.TextField)
		if !ok {
			continue
		}
		v, ok := tf.Analyzer().(sharedView)
		if !ok {
			continue
		}
		views++
		shared = v.s
		want := analysis.TokenFrequency(m.AnalyzerNamed(m.FieldAnalyzer(tf.Name())).Analyze(slices.Clone(tf.Value())), tf.ArrayPositions(), tf.Options())
		tf.Analyze()
		if got := tf.AnalyzedTokenFrequencies(); !reflect.DeepEqual(got, want) {
			t.Errorf("field %s over %q: indexed %v; its analyser gives %v", tf.Name(), tf.Value(), got, want)
		}
	}
	if views != 15 {
		t.Fatalf("%d fields share the pass; want 15 (text, pairs and spell, each over the name, heading, body and alias, and the name, heading and alias fields)", views)
	}
	if shared.passes != 4 {
		t.Errorf("%d passes for the record; want 4, one per piece", shared.passes)
	}
	if len(shared.pieces) != 0 {
		t.Errorf("%d pieces kept after every field read them; want none (a batch's records would hold every stream)", len(shared.pieces))
	}
}
