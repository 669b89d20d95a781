package search

import (
	"slices"
	"testing"
)

func TestDocumentContext(t *testing.T) {
	essay := []string{
		"Bilateral agreements bind two states.", "Multilateral agreements bind many.", "Bilateral security pacts.",
		"Security agreements differ.", "Alliances last.",
	}
	treaty := []string{
		"None of the offences shall be regarded as a political offence.", "Each State Party shall adopt measures.",
		"The present Convention shall be open for signature.", "Disputes shall be settled by negotiation.",
		"This Convention enters into force.",
	}
	cases := []struct {
		names, texts, want []string
	}{
		// Words that many of the document's passages write are no context.
		{[]string{"Bilateral and Multilateral Security Agreements"}, essay, []string{"Multilateral"}},
		// A treaty's articles do not write its name; "Convention" they do.
		{[]string{"Verdrag inzake de bestrijding van terroristische bomaanslagen", "International Convention for the Suppression of Terrorist Bombings"}, treaty,
			[]string{"Verdrag inzake de bestrijding van terroristische bomaanslagen", "International Suppression Terrorist Bombings"}},
		{[]string{"The Treaty"}, nil, nil},
		{[]string{"of the and"}, treaty, nil},
	}
	for _, tc := range cases {
		if got := DocumentContext(tc.names, tc.texts); !slices.Equal(got, tc.want) {
			t.Errorf("DocumentContext(%q) = %q; want %q", tc.names, got, tc.want)
		}
	}
	// A word is written when a word of the text starts with its term:
	// "bombings" is written by "bombing", not by "carbomb".
	if n := writtenBy("bomb", []string{"a bombing", "carbomb", "bomb-proof", "the bomb"}); n != 3 {
		t.Errorf("writtenBy(bomb) = %v; want 3", n)
	}
}

// A search's word is satisfied by what a passage's document is called:
// the Bombings Convention's article on political offences, which does
// not write "bombing", is the complete hit for a question about bombings,
// above the same article of another convention; a Dutch passage's
// context is not an English search's.
func TestContextSatisfiesAWord(t *testing.T) {
	art := func(id, lang, doc string, context []string, body string) Doc {
		d := passage(id, body)
		d.Language, d.Document, d.Context = lang, doc, context
		return d
	}
	bombings := []string{"International Suppression Terrorist Bombings"}
	ix := newIndex(t, []Doc{
		art("passage:bombings:11", "en", "document:bombings", bombings, "None of the offences shall be regarded, for the purposes of extradition, as a political offence; a request may not be refused on that ground."),
		art("passage:prevention:20", "en", "document:prevention", []string{"Council Europe Prevention"}, "None of the offences shall be regarded, for the purposes of extradition, as a political offence; a request may not be refused on that ground."),
		art("passage:bombings:nl", "nl", "document:bombings", bombings, "Geen van de strafbare feiten wordt voor uitlevering beschouwd als een politiek delict."),
		passage("passage:essay:1", "Bombing campaigns and extradition were debated."),
	})
	res := mustSearch(t, ix, Query{Text: "can extradition for a bombing be refused as a political offence?", First: 5})
	if len(res.Hits) == 0 || res.Hits[0].Doc.ID != "passage:bombings:11" {
		t.Fatalf("hits %v; want the Bombings Convention's article first", hitIDs(res.Hits))
	}
	res = mustSearch(t, ix, Query{Text: "bombings political offence", First: 5})
	if h := res.Hits[0]; h.Doc.ID != "passage:bombings:11" || h.Partial || h.Relevance != 1 {
		t.Errorf("bombings political offence: first %s, partial %v, relevance %v; want the Bombings article, complete, relevance 1", h.Doc.ID, h.Partial, h.Relevance)
	}
	for _, h := range mustSearch(t, ix, Query{Text: "terrorist bombings", Language: "en", First: 5}).Hits {
		if h.Doc.Language == "nl" {
			t.Errorf("terrorist bombings: the Dutch passage %s matched by its English context", h.Doc.ID)
		}
	}
}
