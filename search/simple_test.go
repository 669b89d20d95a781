package search

import (
	"context"
	"slices"
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
		{"quoted phrase in other order", `"treaty security"`, []string{}},
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
			if got := sorted(hitIDs(res.Hits)); !slices.Equal(got, sorted(tt.want)) {
				t.Errorf("Search(%q) = %v; want %v", tt.text, got, sorted(tt.want))
			}
			if res.Total != len(tt.want) {
				t.Errorf("Search(%q).Total = %d; want %d", tt.text, res.Total, len(tt.want))
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
		want []clause
	}{
		{"a b", []clause{{text: "a"}, {text: "b"}}},
		{`"a b" c`, []clause{{text: "a b", phrase: true}, {text: "c"}}},
		{`-a -"b c"`, []clause{{text: "a", exclude: true}, {text: "b c", phrase: true, exclude: true}}},
		{`"a b`, []clause{{text: "a b", phrase: true}}},
		{"- a", []clause{{text: "-"}, {text: "a"}}},
		{"  \t ", nil},
		{"us-japan", []clause{{text: "us-japan"}}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := parseSimple(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("parseSimple(%q) = %+v; want %+v", tt.in, got, tt.want)
			}
		})
	}
}
