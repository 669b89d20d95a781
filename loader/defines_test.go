package loader

import (
	"context"
	"slices"
	"testing"
	"testing/fstest"

	"pactgraph/search"
)

func TestDefinedTerms(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Bilateral agreements involve two nations entering into a pact. On the other hand, multilateral agreements entail three or more countries.",
			[]string{"Bilateral agreements", "multilateral agreements"}},
		{"Bilateral agreements, as opposed to multilateral ones, involve only two parties agreeing on terms.", []string{"Bilateral agreements"}},
		{"Flexibility in terms refers to the ability of parties to adjust.", []string{"Flexibility in terms"}},
		{"The Five Eyes is the signals-intelligence alliance of five states.", []string{"Five Eyes"}},
		{"These agreements are essential. It is clear. Such pacts are rare.", nil},
		{"Secondly, bilateral agreements establish direct communication channels.", nil},
		{"1960 is the year of the treaty.", nil},
		{"A treaty is a written agreement. A treaty is binding.", []string{"treaty"}},
		{"Multilateral security agreements play a crucial role.", nil},
		{"", nil},
		// legal definitions, their terms in quotes
		{"2. “Cluster munition” means a conventional munition that is designed to disperse submunitions.", []string{"Cluster munition"}},
		{`(a) "force" means the personnel belonging to the land, sea or air armed services; (b) "civilian component" means the civilian personnel accompanying a force`,
			[]string{"force", "civilian component"}},
		{"For the purposes of this Convention, the expression ‘State or government facility’ includes any permanent facility.", []string{"State or government facility"}},
		{"1. “Funds”, means assets of every kind. 2. “Proceeds” shall mean any funds derived from an offence.", []string{"Funds", "Proceeds"}},
		{`He said "no" and left. The word "treaty" appears twice.`, nil},
	}
	for _, tt := range tests {
		if got := definedTerms(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("definedTerms(%q) = %q; want %q", tt.text, got, tt.want)
		}
	}
}

// TestDefinitionRanksFirst checks the whole way from a treaty's text to a
// search: the article that defines a term in quotes ranks first for the
// term, above the articles that only use it, more often and earlier.
func TestDefinitionRanksFirst(t *testing.T) {
	treaty := "# Convention on Widgets\n\n" +
		"## Article 1 General obligations\n\nEach State Party undertakes never to use widget dispensers, and never to develop, produce or stockpile widget dispensers. A widget dispenser shall not be transferred. Widget dispensers held shall be destroyed.\n\n" +
		"## Article 2 Definitions\n\nFor the purposes of this Convention:\n\n1. “Widget dispenser” means a container designed to release widgets, whether fixed or carried.\n\n" +
		"## Article 3 Destruction of widget dispensers\n\nEach State Party shall destroy all widget dispensers under its jurisdiction; widget dispensers retained for training are reported, and the widget dispensers destroyed are counted.\n"
	corpora := []Corpus{{Name: "widgets", FS: fstest.MapFS{"widgets.md": {Data: []byte(treaty)}}}}
	_, ix, _, err := Build(context.Background(), corpora, "")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, text := range []string{"widget dispenser", "what is a widget dispenser?"} {
		res, err := ix.Search(context.Background(), search.Query{Text: text, Types: []string{"PASSAGE"}, First: 3})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 || !slices.Contains(res.Hits[0].Doc.Defines, "Widget dispenser") {
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.Doc.Heading)
			}
			t.Errorf("%q: hits %q; want the definitions article first", text, got)
		}
	}
}
