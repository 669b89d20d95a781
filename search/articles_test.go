package search

import (
	"slices"
	"testing"
)

func TestArticleKeys(t *testing.T) {
	cases := map[string][]string{
		"5": {"5", "V"}, "iv": {"IV", "4"}, " 52 ": {"52", "LII"}, "5bis": {"5BIS"}, "12A": {"12A"},
		"0": nil, "": nil, "IIII": {"IIII"}, "5/6": nil, "4000": {"4000"},
	}
	for in, want := range cases {
		if got := ArticleKeys(in); !slices.Equal(got, want) {
			t.Errorf("ArticleKeys(%q) = %q; want %q", in, got, want)
		}
	}
	for n := 1; n <= 3999; n++ {
		if got := FromRoman(roman(n)); got != n {
			t.Fatalf("FromRoman(roman(%d) = %q) = %d", n, roman(n), got)
		}
	}
	for _, s := range []string{"IIII", "VV", "IC", "iv", "", "MMMM", "XM"} {
		if got := FromRoman(s); got != 0 {
			t.Errorf("FromRoman(%q) = %d; want 0 (not written the usual way)", s, got)
		}
	}
}

func TestArticleNumber(t *testing.T) {
	cases := map[string][]string{
		"52": {"52", "LII"}, "52,": {"52", "LII"}, "5bis": {"5BIS"}, "iv": {"IV", "4"}, "VI.": {"VI", "6"}, "I": {"I", "1"},
		"mix": nil, "cd": {"CD", "400"}, "dc": nil, "12345": nil, "5abcd": nil, "5-6": nil, "treaty": nil, "": nil,
	}
	for in, want := range cases {
		if got := articleNumber(in); !slices.Equal(got, want) {
			t.Errorf("articleNumber(%q) = %q; want %q", in, got, want)
		}
	}
}

// A search that names an article finds the passages of that article,
// however its number is written, above passages that only cite it; the
// two words are not corrected, and an article passage covers them.
func TestArticleReference(t *testing.T) {
	art := func(id, article, heading, body string) Doc {
		d := passage(id, body)
		d.Article, d.Heading, d.Document = article, heading, "document:treaty"
		return d
	}
	ix := newIndex(t, []Doc{
		art("passage:treaty:1", "52", "Coercion of a State by the threat or use of force", "A treaty is void if its conclusion has been procured by the threat or use of force."),
		art("passage:treaty:2", "53", "Treaties conflicting with a peremptory norm", "A treaty is void if it conflicts with a peremptory norm; see article 52 on the threat of force."),
		art("passage:treaty:3", "IV", "Armed attack in the Pacific", "Each Party recognizes that an armed attack in the Pacific Area on any of the Parties would be dangerous."),
		art("passage:treaty:4", "I", "Basic obligations", "Each State Party undertakes not to carry out any nuclear weapon test explosion."),
		art("passage:treaty:5", "5", "Collective defence", "The Parties agree that an armed attack against one or more of them shall be considered an attack against them all."),
		passage("passage:essay:1", "Article 52 is often cited; the threat of force is discussed in many articles, and article 4 too."),
		passage("passage:essay:2", "An armed attack is a grave matter for every party to a treaty of alliance."),
	})
	cases := []struct {
		text  string
		first string
	}{
		{"article 52", "passage:treaty:1"},
		{"Article 52 threat of force", "passage:treaty:1"},
		{"art. 4 armed attack", "passage:treaty:3"},     // Arabic for Roman
		{"article iv armed attack", "passage:treaty:3"}, // lower case, not corrected
		{"Article I test explosion", "passage:treaty:4"},
		{"article V", "passage:treaty:5"},  // Roman for Arabic
		{"articel 52", "passage:treaty:1"}, // the article word corrected
	}
	for _, tc := range cases {
		res := mustSearch(t, ix, Query{Text: tc.text})
		if len(res.Hits) == 0 || res.Hits[0].Doc.ID != tc.first {
			t.Errorf("%q: hits %v; want %s first", tc.text, hitIDs(res.Hits), tc.first)
			continue
		}
		if h := res.Hits[0]; h.Partial || h.Relevance != 1 {
			t.Errorf("%q: first hit partial %v, relevance %v; want a complete hit that covers the search", tc.text, h.Partial, h.Relevance)
		}
	}
	// Not an article: a quoted phrase is its words, and "mix" is a word.
	if res := mustSearch(t, ix, Query{Text: `"article 52"`}); !slices.Contains(hitIDs(res.Hits), "passage:essay:1") || slices.Contains(hitIDs(res.Hits), "passage:treaty:1") {
		t.Errorf(`"article 52" quoted: hits %v; want the passages that hold the phrase only`, hitIDs(res.Hits))
	}
	p, err := ix.plan(&Query{Text: "article mix treaty"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range p.clauses {
		if len(c.articles) > 0 {
			t.Errorf("article mix treaty: clause %s is satisfied by article %q", c.label, c.articles)
		}
	}
}
