package search

import (
	"context"
	"testing"
)

// A search that names an agreement whose text the index holds finds the
// passages of that text, which rarely write their treaty's name: in the
// search's language, as complete hits, and after the index is reopened.
func TestTextOfNamedAgreement(t *testing.T) {
	text := func(id, lang, article, heading, body string) Doc {
		d := passage(id, body)
		d.Language, d.Article, d.Heading, d.TextOf, d.Document = lang, article, heading, "agreement:ctbt", "document:ctbt"
		return d
	}
	docs := []Doc{
		{ID: "agreement:ctbt", Type: "AGREEMENT", Name: "Comprehensive Nuclear-Test-Ban Treaty", Aliases: []string{"CTBT"},
			Body: "A treaty that bans nuclear explosions; its verification regime includes on-site inspections."},
		text("passage:ctbt:1", "en", "I", "Basic obligations", "Each State Party undertakes not to carry out any nuclear weapon test explosion."),
		text("passage:ctbt:2", "en", "IV", "Request for an on-site inspection", "Each State Party has the right to request an on-site inspection."),
		text("passage:ctbt:3", "nl", "I", "Basisverplichtingen", "Iedere Staat die Partij is verbindt zich geen kernexplosie uit te voeren."),
		text("passage:ctbt:4", "en", "", "To the Treaty", "The Annexes to the Treaty form an integral part of it; see Article I."),
		passage("passage:notes:1", "Inspections on site were debated at length by the delegations."),
	}
	dir := t.TempDir()
	ix, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Add(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	if err := ix.SetSynonyms([][]string{{"Comprehensive Nuclear-Test-Ban Treaty", "CTBT"}}); err != nil {
		t.Fatal(err)
	}
	if err := ix.SetTexts(map[string][]string{"agreement:ctbt": {"Comprehensive Nuclear-Test-Ban Treaty", "CTBT"}}); err != nil {
		t.Fatal(err)
	}
	check := func(ix *Index, when string) {
		for _, tc := range []struct{ text, first string }{
			{"article 1 CTBT", "passage:ctbt:1"},
			{"CTBT on-site inspection", "passage:ctbt:2"},
			{"Comprehensive Nuclear-Test-Ban Treaty basic obligations", "passage:ctbt:1"},
		} {
			res := mustSearch(t, ix, Query{Text: tc.text, First: 5})
			if len(res.Hits) == 0 || res.Hits[0].Doc.ID != tc.first || res.Hits[0].Partial || res.Hits[0].Relevance != 1 {
				t.Errorf("%s, %q: hits %v (first partial %v); want %s first, complete", when, tc.text, hitIDs(res.Hits), len(res.Hits) > 0 && res.Hits[0].Partial, tc.first)
			}
			for _, h := range res.Hits {
				if h.Doc.Language == "nl" && !h.Partial {
					t.Errorf("%s, %q: the Dutch passage %s is a complete hit of an English search", when, tc.text, h.Doc.ID)
				}
			}
		}
	}
	check(ix, "built")
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	check(ro, "reopened")
	// Without the names, the passages of the text are not the treaty's.
	plain := newIndex(t, docs)
	if res := mustSearch(t, plain, Query{Text: "article 1 CTBT", First: 5}); len(res.Hits) > 0 && res.Hits[0].Doc.ID == "passage:ctbt:1" && !res.Hits[0].Partial {
		t.Errorf("without SetTexts, %q: %v complete; want the text's passages partial", "article 1 CTBT", hitIDs(res.Hits))
	}
}
