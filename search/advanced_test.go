package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// guardBudget is how long a refused query may take: the guards run before
// Bleve, so anything near it means Bleve was asked to expand something.
const guardBudget = 300 * time.Millisecond

// advancedCorpus has many distinct terms, so that a wildcard, regexp or
// fuzzy expansion that slipped past the guards would have work to do.
func advancedCorpus() []Doc {
	docs := []Doc{
		passage("a", "bilateral security treaty"),
		passage("b", "bilateral trade"),
		{ID: "t1", Type: "AGREEMENT", Name: "Mutual Defense Treaty", Body: "a pact between two states",
			Kinds: []string{"BILATERAL"}, Signed: "1951-08-30T00:00:00Z", Decades: []int{1950},
			Obligations: []string{"DEFENSE", "NONAGGRESSION"}},
		{ID: "t2", Type: "AGREEMENT", Name: "North Atlantic Pact", Body: "a multilateral alliance",
			Kinds: []string{"MULTILATERAL"}, Signed: "1949-04-04T00:00:00Z"},
		{ID: "t3", Type: "AGREEMENT", Name: "Strategic Offensive Reductions", Body: "an agreement on arms",
			Kinds: []string{"BILATERAL"}, Signed: "2002-05-24T00:00:00Z"},
		{ID: "t4", Type: "AGREEMENT", Name: "Chemical Weapons Convention", Body: "agreements on chemical arms",
			Kinds: []string{"MULTILATERAL"}, Signed: "1993-01-13T00:00:00Z"},
		passage("c", "the treaty text mentions treaty twice"),
		{ID: "o1", Type: "PASSAGE", Heading: "Notes", Body: "a communique", Organizations: []string{"organization:nato"},
			Parties: []string{"USA", "GBR"}, Themes: []string{"arms-control"}, Document: "document:summit-notes"},
		passage("s", "xy ok go jp"),
	}
	for i := range 300 {
		docs = append(docs, passage(fmt.Sprintf("w%03d", i), fmt.Sprintf("aa%04d ab%04d ba%04d filler", i, i*7, i*13)))
	}
	return docs
}

func TestAdvancedGuards(t *testing.T) {
	ix := newIndex(t, advancedCorpus())
	tests := []struct {
		text string
		want []string // acceptable error kinds
	}{
		{"*", []string{"cost"}},
		{"*a*", []string{"cost"}},
		{"body:*", []string{"cost"}},
		{"a*", []string{"cost"}},
		{"ab*", []string{"cost"}},
		{"name:ab*", []string{"cost"}},
		{"?ab*", []string{"cost"}},
		{"agr?em*", []string{"cost"}},
		{"agreem?nt", []string{"cost"}},
		{"bilateral *a", []string{"cost"}},
		{"+bilateral +(trade OR a*)", []string{"cost"}},
		{"/.*/", []string{"cost", "query"}},
		{"/(a|aa)*b/", []string{"cost", "query"}},
		{"body:/[/", []string{"cost", "query"}},
		{"name:/a.*/", []string{"cost", "query"}},
		{"ab~2", []string{"cost"}},
		{"abcd~1", []string{"cost"}},
		{"abc~9", []string{"cost"}},
		{"multilateral~3", []string{"cost"}},
		{"name:ab~1", []string{"cost"}},
		// Five letters of text, but the analyzer splits them into one- and
		// two-letter terms, which are what the fuzzy match runs on.
		{"b-c-d-e-f~2", []string{"cost"}},
		{"xx-yy-zz~1", []string{"cost"}},
		{"_id:x", []string{"query"}},
		{"_all:x", []string{"query"}},
		{"secret:x", []string{"query"}},
		{"src:x", []string{"query"}},
		{"position:x", []string{"query"}},
		{"Name:treaty", []string{"query"}},
		{`secret:"a phrase"`, []string{"query"}},
		{"secret:>5", []string{"query"}},
		{"bilateral secret:x", []string{"query"}},
		{`name:"unclosed`, []string{"query"}},
		// Lucene's operators would silently mean something else here.
		{"nuclear AND deal", []string{"query"}},
		{"nuclear NOT iran", []string{"query"}},
		{"nuclear && deal", []string{"query"}},
		{"NOT iran", []string{"query"}},
		{"nuclear OR deal", []string{"nil"}},
		{"rock and roll", []string{"nil"}},
		{`"NOT a drill" AND`, []string{"query"}},
		{`"NOT a drill"`, []string{"nil"}},
		{"name:AND", []string{"nil"}},
		{"name:", []string{"query"}},
		// Bleve's parser forgives unbalanced parentheses; deep nesting
		// within the size limit must still answer quickly.
		{strings.Repeat("(", 1000), []string{"query", "nil"}},
		{strings.Repeat("(", 500) + "treaty" + strings.Repeat(")", 500), []string{"query", "nil"}},
		{strings.Repeat("x", 60*1024), []string{"input"}},
		{strings.Repeat("(", 200000), []string{"input"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%.30s", tt.text), func(t *testing.T) {
			before := ix.Lookups()
			start := time.Now()
			res, err := ix.Search(context.Background(), Query{Text: tt.text, Mode: Advanced, First: 10})
			elapsed := time.Since(start)
			if got := errKind(err); !slices.Contains(tt.want, got) {
				var hits []string
				if res != nil {
					hits = hitIDs(res.Hits)
				}
				t.Errorf("Search(ADVANCED %.40q) = %v, error %v (%s); want error of kind %v", tt.text, hits, err, got, tt.want)
			}
			if elapsed > guardBudget {
				t.Errorf("Search(ADVANCED %.40q) took %v; want under %v", tt.text, elapsed, guardBudget)
			}
			if n := ix.Lookups() - before; err != nil && n != 0 {
				t.Errorf("Search(ADVANCED %.40q) ran %d look-ups; want 0 (refused before Bleve)", tt.text, n)
			}
		})
	}
}

func TestAdvancedQueries(t *testing.T) {
	ix := newIndex(t, advancedCorpus())
	tests := []struct {
		text string
		want []string // as a set
	}{
		{"+bilateral -trade", []string{"a"}},
		{"bilateral", []string{"a", "b"}},
		{"bilateral -trade", []string{"a"}},
		{"name:treaty", []string{"t1"}},
		// body: searches a record's whole text, its name among it.
		{"body:treaty", []string{"a", "c", "t1"}},
		{"treaty", []string{"a", "c", "t1"}},
		{`"security treaty"`, []string{"a"}},
		{`body:"treaty security"`, []string{}},
		{"agreem*", []string{"t3", "t4"}},
		{"AGREEM*", []string{"t3", "t4"}},
		{"body:agr*", []string{"t3", "t4"}},
		{"multilaterl~1", []string{"t2"}},
		{"multilaterl", []string{}},
		{"kind:BILATERAL", []string{"t1", "t3"}},
		{"kind:BILATERAL +name:treaty", []string{"t1"}},
		// Keyword values are read as the filters read them: in any case,
		// ids with or without their type.
		{"kind:bilateral", []string{"t1", "t3"}},
		{"type:agreement", []string{"t1", "t2", "t3", "t4"}},
		{"decade:1950s", []string{"t1"}},
		{"parties:usa", []string{"o1"}},
		{`parties:"country:gbr"`, []string{"o1"}},
		{`organizations:"organization:nato"`, []string{"o1"}},
		{"themes:Arms-Control", []string{"o1"}},
		{"organizations:nato", []string{"o1"}},
		{"organizations:NATO", []string{"o1"}},
		{`organizations:organization\:nato`, []string{"o1"}},
		{"organizations:nat*", []string{"o1"}},
		{"organizations:organiz*", []string{"o1"}},
		{"document:summit-notes", []string{"o1"}},
		{"organizations:seato", []string{}},
		{"obligations:non-aggression", []string{"t1"}},
		{"obligations:defense", []string{"t1"}},
		{"century:1900s", []string{"t1"}},
		{"kind:BILAT*", []string{"t1", "t3"}},
		{"decade:1950", []string{"t1"}},
		{`signed:>="1990-01-01"`, []string{"t3", "t4"}},
		{`signed:<"1950-01-01"`, []string{"t2"}},
		{`+kind:MULTILATERAL +signed:>"1950-01-01"`, []string{"t4"}},
		{"(trade OR pact) -bilateral", []string{"t1", "t2"}},
		{"the", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Query{Text: tt.text, Mode: Advanced, First: MaxFirst})
			if err != nil {
				t.Fatalf("Search(ADVANCED %q) error = %v; want %v", tt.text, err, tt.want)
			}
			if got := sorted(hitIDs(res.Hits)); !slices.Equal(got, sorted(tt.want)) {
				t.Errorf("Search(ADVANCED %q) = %v; want %v", tt.text, got, sorted(tt.want))
			}
		})
	}
}

// language: takes a code in any case.
func TestAdvancedLanguageField(t *testing.T) {
	ix := newIndex(t, []Doc{
		{ID: "nl", Type: "PASSAGE", Heading: "Verdrag", Body: "het verdrag is gesloten tussen de partijen", Language: "nl"},
		{ID: "en", Type: "PASSAGE", Heading: "Treaty", Body: "the treaty was concluded between the parties", Language: "en"},
	})
	for _, text := range []string{"language:nl", "language:NL"} {
		res, err := ix.Search(context.Background(), Query{Text: text, Mode: Advanced, First: 10})
		if err != nil {
			t.Fatalf("Search(ADVANCED %q): %v", text, err)
		}
		if got := hitIDs(res.Hits); !slices.Equal(got, []string{"nl"}) {
			t.Errorf("Search(ADVANCED %q) = %v; want [nl]", text, got)
		}
	}
}

// A name match outranks a body match in ADVANCED mode too: unfielded terms
// are searched across the weighted text fields.
func TestAdvancedRanking(t *testing.T) {
	ix := newIndex(t, []Doc{
		{ID: "z-name", Type: "AGREEMENT", Name: "Treaty", Body: "signed in the capital city"},
		passage("a-body", "the treaty was signed in the capital city"),
	})
	res := mustSearch(t, ix, Query{Text: "treaty", Mode: Advanced})
	if got, want := hitIDs(res.Hits), []string{"z-name", "a-body"}; !slices.Equal(got, want) {
		t.Errorf("Search(ADVANCED %q) = %v; want %v", "treaty", got, want)
	}
}
