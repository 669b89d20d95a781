package search

import (
	"slices"
	"testing"
)

// TestDerivedWords: a word finds its derivations that the stemmer leaves
// apart (a verb typed, the noun written), below the word as typed; words
// that only look like a derivation, or whose relative no text writes, do
// not.
func TestDerivedWords(t *testing.T) {
	ix := newIndex(t, []Doc{
		passage("resolution", "the resolution of disputes by arbitration"),
		passage("resolve", "parties resolve their disputes"),
		passage("seizure", "the seizure of funds"),
		passage("terrorism", "the financing of terrorism"),
		passage("extension", "an extension of the mandate"),
		passage("invasion", "the invasion was condemned"),
		passage("press", "a press conference in Canberra"),
		passage("pressure", "the pressure grew"),
		passage("tend", "states tend to agree"),
		passage("tension", "tension rose in the strait"),
	})
	for text, want := range map[string][]string{
		"resolve disputes":    {"resolution", "resolve"},
		"seizing funds":       {"seizure"},
		"terrorist financing": {"terrorism"},
		"extend the mandate":  {"extension"},
		"invaded":             {"invasion"},
		"pressure":            {"pressure"},
		"tension":             {"tension"},
		"tend":                {"tend"},
	} {
		res := mustSearch(t, ix, Query{Text: text})
		if got := sorted(hitIDs(complete(res))); !slices.Equal(got, sorted(want)) {
			t.Errorf("Search(%q) complete = %v; want %v", text, got, sorted(want))
		}
		// Each has every word of the search, by a relative if not as typed.
		for _, h := range res.Hits {
			if slices.Contains(want, h.Doc.ID) && h.Relevance < 0.999 {
				t.Errorf("Search(%q) hit %s relevance %.3f; want 1", text, h.Doc.ID, h.Relevance)
			}
		}
	}
	if got := firstID(mustSearch(t, ix, Query{Text: "resolve disputes"})); got != "resolve" {
		t.Errorf(`Search("resolve disputes") first = %q; want "resolve": the word as typed ranks above its derivation`, got)
	}
}

func TestBaseForms(t *testing.T) {
	for word, want := range map[string][]string{
		"seizing":  {"seizing", "seize", "seiz"},
		"resolved": {"resolved", "resolve", "resolv"},
		"treaties": {"treaties", "treaty"},
	} {
		got := baseForms(word)
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("baseForms(%q) = %v; want it to hold %q", word, got, w)
			}
		}
	}
	if got := baseForms("uses"); !slices.Equal(got, []string{"uses"}) {
		t.Errorf(`baseForms("uses") = %v; want only "uses": "us" is too short a base`, got)
	}
}
