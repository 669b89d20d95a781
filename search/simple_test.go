package search

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// simpleCorpus is shared by the SIMPLE mode tests. Each group of documents
// uses its own vocabulary so that the cases do not disturb one another.
var simpleCorpus = []Doc{
	passage("a", "bilateral security treaty"),
	passage("b", "bilateral trade"),
	passage("d", "treaty on maritime security"),
	passage("e", "The US–Japan alliance"),
	passage("f", "NATO's enlargement"),
	passage("g", "NATO summit"),
	passage("h", "NATO’s strategic concept"),
	passage("i", "the agreement was signed"),
	passage("j", "several agreements lapsed"),
	passage("k", "the treatment of prisoners"),
}

func TestSimpleSearch(t *testing.T) {
	ix := newIndex(t, simpleCorpus)
	tests := []struct {
		name string
		text string
		want []string // as a set
	}{
		{"all words preferred", "bilateral security", []string{"a"}},
		{"all words preferred, other order", "security bilateral", []string{"a"}},
		{"single word", "bilateral", []string{"a", "b"}},
		{"words never together fall back to any word", "trade maritime", []string{"b", "d"}},
		{"quoted phrase requires adjacency", `"security treaty"`, []string{"a"}},
		{"quoted phrase in other order falls back to its words", `"treaty security"`, []string{"a", "d"}},
		{"quoted phrase plus word", `"bilateral trade" bilateral`, []string{"b"}},
		{"minus excludes", "bilateral -trade", []string{"a"}},
		{"minus excludes a phrase", `treaty -"maritime security"`, []string{"a"}},
		{"only exclusions", "-nato -agreement -us -treatment -treaty", []string{"b"}},
		{"lone minus ignored", "bilateral - trade", []string{"b"}},
		{"unclosed quote runs to the end", `"bilateral security`, []string{"a"}},
		{"unclosed quote alone", `"`, []string{}},
		{"only question marks", "???", []string{}},
		{"only a stop word", "the", []string{}},
		{"only punctuation", `+-!(){}[]^"~*?:\/`, []string{}},
		{"stop words among words are ignored", "the treaty", []string{"a", "d"}},
		{"us is not a stop word", "us", []string{"e"}},
		{"US Japan", "US Japan", []string{"e"}},
		{"us-japan as one word", "us-japan", []string{"e"}},
		{"curly apostrophe finds straight and none", "NATO’s", []string{"f", "g", "h"}},
		{"straight apostrophe finds curly and none", "NATO's", []string{"f", "g", "h"}},
		{"no apostrophe finds possessives", "nato", []string{"f", "g", "h"}},
		{"modifier apostrophe", "NATOʼs", []string{"f", "g", "h"}},
		{"full-width apostrophe", "NATO＇s", []string{"f", "g", "h"}},
		{"capital S possessive", "NATO'S", []string{"f", "g", "h"}},
		{"stemming plural finds singular", "agreements", []string{"i", "j"}},
		{"stemming singular finds plural", "agreement", []string{"i", "j"}},
		{"case-insensitive", "BILATERAL SECURITY", []string{"a"}},
		{"no match", "zeppelin", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustSearch(t, ix, Query{Text: tt.text, Mode: Simple})
			if got := sorted(hitIDs(complete(res))); !slices.Equal(got, sorted(tt.want)) {
				t.Errorf("Search(%q) = %v; want %v", tt.text, got, sorted(tt.want))
			}
			if n := res.Complete; res.Partial && res.Total != len(tt.want) || !res.Partial && n != len(tt.want) {
				t.Errorf("Search(%q): Complete %d, Total %d, Partial %v; want %d matched", tt.text, n, res.Total, res.Partial, len(tt.want))
			}
		})
	}
}

// The zero Mode is SIMPLE: text that ADVANCED would reject still searches.
func TestSimpleIsDefaultMode(t *testing.T) {
	ix := newIndex(t, simpleCorpus)
	for _, text := range []string{`name:"unclosed`, "*", "/.*/", "secret:x", "ab~2"} {
		t.Run(text, func(t *testing.T) {
			if _, err := ix.Search(context.Background(), Query{Text: text, First: 10}); err != nil {
				t.Errorf("Search(%q) with default mode = %v; want no error", text, err)
			}
		})
	}
}

func TestParseSimple(t *testing.T) {
	tests := []struct {
		in   string
		want []piece
	}{
		{"a b", []piece{{text: "a"}, {text: "b"}}},
		{`"a b" c`, []piece{{text: "a b", phrase: true}, {text: "c"}}},
		{`-a -"b c"`, []piece{{text: "a", exclude: true}, {text: "b c", phrase: true, exclude: true}}},
		{`"a b`, []piece{{text: "a b", phrase: true}}},
		{"- a", []piece{{text: "-"}, {text: "a"}}},
		{"  \t ", nil},
		{"us-japan", []piece{{text: "us-japan"}}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := parseSimple(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("parseSimple(%q) = %+v; want %+v", tt.in, got, tt.want)
			}
		})
	}
}

// After the records with every word come those with only some, marked
// partial and ranked below all of the first; the counts, the facets and the
// pages cover both.
func TestPartialHitsFollowCompleteOnes(t *testing.T) {
	ix := newIndex(t, simpleCorpus)
	for _, text := range []string{"bilateral security", "bilateral trade", "bilateral trade security treaty", `"security treaty"`} {
		t.Run(text, func(t *testing.T) {
			all := mustSearch(t, ix, Query{Text: text, First: MaxFirst, Facets: []Facet{FacetType}})
			if all.Partial || all.Complete == 0 || all.Complete >= all.Total {
				t.Fatalf("Search(%q): Partial %v, Complete %d, Total %d; want some complete hits and some partial ones", text, all.Partial, all.Complete, all.Total)
			}
			if len(all.Hits) != all.Total || all.HasNext {
				t.Fatalf("Search(%q) = %d hits (HasNext %v); want all %d on one page", text, len(all.Hits), all.HasNext, all.Total)
			}
			for i, h := range all.Hits {
				if h.Partial != (i >= all.Complete) {
					t.Errorf("hit %d (%s) Partial = %v; want the first %d complete, the rest partial", i, h.Doc.ID, h.Partial, all.Complete)
				}
				if h.Partial && h.Relevance >= 1 && !strings.HasPrefix(text, `"`) { // a phrase's words apart cover it all
					t.Errorf("partial hit %s has Relevance %v; want < 1", h.Doc.ID, h.Relevance)
				}
			}
			counted := 0
			for _, f := range all.Facets {
				for _, b := range f.Buckets {
					counted += b.Count
				}
			}
			if counted != all.Total {
				t.Errorf("type facet counts %d records; want the total %d", counted, all.Total)
			}
			// Page by page, across the boundary between the tiers, the
			// same hits come in the same order, each once, and every page
			// counts the whole result.
			for first := 1; first <= 3; first++ {
				var got []string
				after := ""
				for page := 0; ; page++ {
					if page > all.Total {
						t.Fatalf("First %d: more pages than hits", first)
					}
					res := mustSearch(t, ix, Query{Text: text, First: first, After: after})
					if res.Total != all.Total || res.Complete != all.Complete {
						t.Errorf("First %d page %d: Total %d, Complete %d; want %d, %d", first, page, res.Total, res.Complete, all.Total, all.Complete)
					}
					got = append(got, hitIDs(res.Hits)...)
					if !res.HasNext {
						break
					}
					after = res.Hits[len(res.Hits)-1].Cursor
				}
				if want := hitIDs(all.Hits); !slices.Equal(got, want) {
					t.Errorf("First %d: pages gave %v; want %v", first, got, want)
				}
			}
		})
	}
}

// Among the hits without every word, those with more of the words come
// first, whatever their scores.
func TestPartialTiersByWordsMatched(t *testing.T) {
	ix := newIndex(t, []Doc{
		{ID: "all", Type: "PASSAGE", Heading: "Notes", Body: "alpha beta gamma in one note"},
		{ID: "two", Type: "PASSAGE", Heading: "Notes", Body: "alpha and beta, " + strings.Repeat("with many other words that make this passage long and its score low ", 8)},
		{ID: "one", Type: "TOPIC", Name: "Gamma", Aliases: []string{"Gamma rays"}, Body: "gamma gamma gamma"},
		{ID: "none", Type: "PASSAGE", Heading: "Notes", Body: "nothing here"},
	})
	res := mustSearch(t, ix, Query{Text: "alpha beta gamma", First: 10})
	if got := hitIDs(res.Hits); !slices.Equal(got, []string{"all", "two", "one"}) {
		t.Fatalf("Search = %v; want [all two one]", got)
	}
	if res.Complete != 1 || res.Total != 3 || !res.Hits[1].Partial || !res.Hits[2].Partial {
		t.Errorf("Complete %d, Total %d, partial flags %v %v; want 1, 3, true, true", res.Complete, res.Total, res.Hits[1].Partial, res.Hits[2].Partial)
	}
	// The order is the tiers', not the scores': "one" scores above "two".
	if res.Hits[2].Score <= res.Hits[1].Score {
		t.Errorf("score of one %v <= two %v: the test no longer shows tiers overriding scores", res.Hits[2].Score, res.Hits[1].Score)
	}
	// Paging one hit at a time crosses both tier boundaries.
	var got []string
	after := ""
	for range 5 {
		p := mustSearch(t, ix, Query{Text: "alpha beta gamma", First: 1, After: after})
		got = append(got, hitIDs(p.Hits)...)
		if !p.HasNext {
			break
		}
		after = p.Hits[0].Cursor
	}
	if !slices.Equal(got, []string{"all", "two", "one"}) {
		t.Errorf("paged one by one: %v; want [all two one]", got)
	}
}

// In a list of four keywords or more, the records with all of them come
// before those with three quarters, both complete; in a question the two
// rank together, by score.
func TestKeywordsBeforeMostKeywords(t *testing.T) {
	filler := strings.Repeat(" the fleet keeps watch over many distant harbours and routes. ", 15)
	long := strings.Join([]string{"naval", "patrols", "guard", "coastal", "waters"}, filler)
	ix := newIndex(t, []Doc{
		{ID: "all", Type: "PASSAGE", Heading: "Notes", Body: long},
		{ID: "most", Type: "PASSAGE", Heading: "Notes", Body: "naval patrols guard waters"},
		{ID: "none", Type: "PASSAGE", Heading: "Notes", Body: "nothing"},
	})
	res := mustSearch(t, ix, Query{Text: "naval patrols coastal waters"})
	if got := hitIDs(res.Hits); !slices.Equal(got, []string{"all", "most"}) {
		t.Fatalf("keywords: %v; want [all most]", got)
	}
	if res.Complete != 2 || res.Hits[0].Partial || res.Hits[1].Partial {
		t.Errorf("keywords: Complete %d, partial %v %v; want both complete", res.Complete, res.Hits[0].Partial, res.Hits[1].Partial)
	}
	// The short record scores higher: the order above is the tiers'.
	q := mustSearch(t, ix, Query{Text: "where do naval patrols guard coastal waters?"})
	if got := hitIDs(q.Hits); len(got) != 2 || got[0] != "most" {
		t.Errorf("question: %v; want [most all], by score", got)
	}
}
