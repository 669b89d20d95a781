package search

import (
	"slices"
	"strings"
	"testing"
)

func TestDottedAcronym(t *testing.T) {
	for term, want := range map[string]bool{
		"U.S": true, "U.S.": true, "N.A.T.O": true, "N.A.T.O.": true, "u.s.s.r": true, "É.U": true,
		"Ph.D": false, "A": false, "A.": false, "1.2.3": false, "A..B": false, ".A.B": false, "": false, "US": false,
	} {
		if got := dottedAcronym([]byte(term)); got != want {
			t.Errorf("dottedAcronym(%q) = %v; want %v", term, got, want)
		}
	}
}

// TestAcronymsWithFullStops: an acronym written with full stops and one
// written without find each other, and the highlight marks the text as
// written.
func TestAcronymsWithFullStops(t *testing.T) {
	ix := newIndex(t, []Doc{
		passage("dotted", "the N.A.T.O. council met in Paris"),
		passage("plain", "a NATO summit in Lisbon"),
		passage("us1", "the U.S. position hardened"),
		passage("us2", "US forces withdrew"),
		passage("other", "a council of ministers"),
	})
	for text, want := range map[string][]string{
		"NATO":               {"dotted", "plain"},
		"N.A.T.O.":           {"dotted", "plain"},
		"n.a.t.o":            {"dotted", "plain"},
		"U.S.":               {"us1", "us2"},
		"US":                 {"us1", "us2"},
		`"N.A.T.O. council"`: {"dotted"},
	} {
		res := mustSearch(t, ix, Query{Text: text, Highlight: true})
		if got := sorted(hitIDs(complete(res))); !slices.Equal(got, sorted(want)) {
			t.Errorf("Search(%q) = %v; want %v", text, got, sorted(want))
		}
		for _, h := range res.Hits {
			if h.Doc.ID != "dotted" {
				continue
			}
			if len(h.Highlights) == 0 || !strings.Contains(h.Highlights[0].Fragment, "<mark>N.A.T.O</mark>") {
				t.Errorf("Search(%q) highlight of dotted = %v; want <mark>N.A.T.O</mark>", text, h.Highlights)
			}
		}
	}
}
