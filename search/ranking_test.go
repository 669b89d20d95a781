package search

import (
	"slices"
	"strings"
	"testing"
)

func TestRanking(t *testing.T) {
	// Ids are chosen so that the id tie-break alone would give the wrong
	// order: only the score can put the expected hit first.
	ix := newIndex(t, []Doc{
		{ID: "z-name", Type: "AGREEMENT", Name: "Treaty", Body: "signed in the capital city"},
		passage("a-body", "the treaty was signed in the capital city"),

		passage("b", "regional cooperation framework"),
		passage("a", "regional cooperation framework"),
		passage("c", "regional cooperation framework"),

		passage("z-phrase", "allies pledge collective defense against attack"),
		passage("a-scattered", "allies pledge defense against collective attack"),

		{ID: "z-heading", Type: "PASSAGE", Heading: "Sanctions", Body: "the council met often"},
		passage("a-sanctions-body", "the council met on sanctions"),
	})
	tests := []struct {
		name string
		text string
		want []string // in order
	}{
		{"name above body", "treaty", []string{"z-name", "a-body"}},
		{"heading above body", "sanctions", []string{"z-heading", "a-sanctions-body"}},
		{"score ties by id", "cooperation", []string{"a", "b", "c"}},
		{"exact phrase above scattered words", "collective defense", []string{"z-phrase", "a-scattered"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustSearch(t, ix, Query{Text: tt.text})
			if got := hitIDs(res.Hits); !slices.Equal(got, tt.want) {
				t.Errorf("Search(%q) = %v; want %v", tt.text, got, tt.want)
			}
			for i := 1; i < len(res.Hits); i++ {
				if res.Hits[i].Score > res.Hits[i-1].Score {
					t.Errorf("Search(%q): hit %d score %v above hit %d score %v", tt.text, i, res.Hits[i].Score, i-1, res.Hits[i-1].Score)
				}
			}
		})
	}
	t.Run("identical bodies score alike", func(t *testing.T) {
		res := mustSearch(t, ix, Query{Text: "cooperation"})
		for _, h := range res.Hits {
			if h.Score != res.Hits[0].Score {
				t.Errorf("Search(%q): %s score %v, %s score %v; want equal", "cooperation", h.Doc.ID, h.Score, res.Hits[0].Doc.ID, res.Hits[0].Score)
			}
		}
	})
}

func TestHighlights(t *testing.T) {
	ix := newIndex(t, []Doc{
		{
			ID: "x", Type: "AGREEMENT",
			Name:    "Security Treaty",
			Aliases: []string{"Mutual Security Pact"},
			Heading: "Security provisions",
			Body:    xBody,
		},
		passage("y", "a body about security only"),
		passage("z", "an unrelated passage"),
	})

	t.Run("fields, marks and escaping", func(t *testing.T) {
		res := mustSearch(t, ix, Query{Text: "security", Highlight: true})
		var x *Hit
		for i := range res.Hits {
			if res.Hits[i].Doc.ID == "x" {
				x = &res.Hits[i]
			}
		}
		if x == nil {
			t.Fatalf("Search(%q) = %v; want x among the hits", "security", hitIDs(res.Hits))
		}
		var fields []string
		for _, h := range x.Highlights {
			fields = append(fields, h.Field)
			if !strings.Contains(strings.ToLower(h.Fragment), "<mark>security</mark>") {
				t.Errorf("highlight %s = %q; want <mark>security</mark>", h.Field, h.Fragment)
			}
		}
		// Every text field with the word is highlighted, in the order
		// name, aliases, heading, body.
		if want := []string{"name", "aliases", "heading", "body"}; !slices.Equal(fields, want) {
			t.Errorf("Search(%q) highlight fields = %v; want %v", "security", fields, want)
		}
		for _, h := range x.Highlights {
			if h.Field != "body" {
				continue
			}
			for _, want := range []string{"&lt;script&gt;", "&amp;", "&lt;/script&gt;"} {
				if !strings.Contains(h.Fragment, want) {
					t.Errorf("body highlight = %q; want it to contain %q", h.Fragment, want)
				}
			}
			for _, bad := range []string{"<script>", "</script>", " & "} {
				if strings.Contains(h.Fragment, bad) {
					t.Errorf("body highlight = %q; want %q escaped", h.Fragment, bad)
				}
			}
		}
		if x.Body != xBody {
			t.Errorf("hit x Body = %q; want the raw stored body %q", x.Body, xBody)
		}
	})

	t.Run("body-only match highlights only body", func(t *testing.T) {
		res := mustSearch(t, ix, Query{Text: "body", Highlight: true})
		if got := hitIDs(res.Hits); !slices.Equal(got, []string{"y"}) {
			t.Fatalf("Search(%q) = %v; want [y]", "body", got)
		}
		hl := res.Hits[0].Highlights
		if len(hl) != 1 || hl[0].Field != "body" || !strings.Contains(hl[0].Fragment, "<mark>body</mark>") {
			t.Errorf("Search(%q) highlights = %+v; want one body fragment with <mark>body</mark>", "body", hl)
		}
	})

	t.Run("Highlight false gives none", func(t *testing.T) {
		res := mustSearch(t, ix, Query{Text: "security", Highlight: false})
		if len(res.Hits) == 0 {
			t.Fatalf("Search(%q) = no hits; want some", "security")
		}
		for _, h := range res.Hits {
			if h.Highlights != nil {
				t.Errorf("Search(%q, Highlight=false) hit %s highlights = %+v; want none", "security", h.Doc.ID, h.Highlights)
			}
		}
	})

	t.Run("match-all text gives no highlights", func(t *testing.T) {
		res := mustSearch(t, ix, Query{Text: "", Highlight: true})
		if len(res.Hits) != 3 {
			t.Fatalf("Search(%q) = %v; want 3 hits", "", hitIDs(res.Hits))
		}
		for _, h := range res.Hits {
			if len(h.Highlights) != 0 {
				t.Errorf("Search(%q) hit %s highlights = %+v; want none", "", h.Doc.ID, h.Highlights)
			}
		}
	})
}

// xBody holds markup that a highlight must escape.
const xBody = `<script>alert("x")</script> security & defense`

// TestHeadingInOtherWords checks that a section headed with another word
// for what a search asks (a synonym group's alternative) ranks above an
// overview that repeats the search's other words: "drawbacks of pacts"
// finds the section headed "Challenges of pacts".
func TestHeadingInOtherWords(t *testing.T) {
	ix := newIndex(t, []Doc{
		{ID: "a-overview", Type: "PASSAGE", Heading: "Pacts", Body: "pacts, pacts and more pacts bring challenges"},
		{ID: "z-section", Type: "PASSAGE", Heading: "Challenges of pacts", Body: "the challenges that pacts meet over the long years of their negotiation"},
	})
	want := []string{"z-section", "a-overview"}
	if err := ix.SetSynonyms([][]string{{"challenges", "drawbacks", "downsides"}}); err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{"drawbacks of pacts", "challenges of pacts"} {
		if got := hitIDs(mustSearch(t, ix, Query{Text: text}).Hits); !slices.Equal(got, want) {
			t.Errorf("Search(%q) = %v; want %v", text, got, want)
		}
	}
}
