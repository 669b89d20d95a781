package loader

import (
	"encoding/json"
	"testing"
	"testing/fstest"

	"pactgraph/corpus"
)

// fixtureEntities is a small, valid set of entities whose names exercise
// the linker: short acronyms, names inside longer names, and names that
// are prefixes of other words.
func fixtureEntities() *corpus.Entities {
	src := []corpus.Source{{URL: "https://example.org/source"}}
	return &corpus.Entities{
		Countries: []*corpus.Country{
			{Code: "USA", Name: "United States", Aliases: []string{"US", "USA", "U.S.", "United States of America"}},
			{Code: "JPN", Name: "Japan"},
			{Code: "GBR", Name: "United Kingdom", Aliases: []string{"UK", "Britain"}},
			{Code: "ARE", Name: "United Arab Emirates", Aliases: []string{"UAE"}},
			{Code: "IRN", Name: "Iran", Aliases: []string{"Islamic Republic of Iran"}},
			{Code: "OMN", Name: "Oman"},
			{Code: "FRA", Name: "France"},
		},
		Organizations: []*corpus.Organization{
			{ID: "nato", Name: "North Atlantic Treaty Organization", Acronym: "NATO", Aliases: []string{"the Alliance"}, Summary: "s", Sources: src},
			{ID: "un", Name: "United Nations", Acronym: "UN", Aliases: []string{"U.N."}, Summary: "s", Sources: src},
			{ID: "unsc", Name: "United Nations Security Council", Acronym: "UNSC", Aliases: []string{"Security Council", "UN Security Council"},
				Parent: "un", Summary: "s", Sources: src},
			{ID: "p5-plus-1", Name: "P5+1", Aliases: []string{"E3/EU+3"}, Summary: "s", Sources: src},
			{ID: "eu", Name: "European Union", Acronym: "EU", Summary: "s", Sources: src},
		},
		Agreements: []*corpus.Agreement{
			{ID: "jcpoa", Name: "Joint Comprehensive Plan of Action", Aliases: []string{"JCPOA", "Iran nuclear deal"},
				Kind: corpus.Multilateral, Signed: &corpus.Date{Year: 2015, Month: 7, Day: 14},
				Parties: []corpus.Party{
					{Country: "IRN", Role: corpus.Participant}, {Country: "USA", Role: corpus.Participant},
					{Country: "GBR", Role: corpus.Participant}, {Country: "FRA", Role: corpus.Participant},
				},
				Organizations: []string{"p5-plus-1", "eu"}, Themes: []string{"nonproliferation"}, Summary: "s", Sources: src},
			{ID: "us-japan-security-treaty-1960", Name: "Treaty of Mutual Cooperation and Security between the United States and Japan",
				Aliases: []string{"Treaty of Mutual Cooperation and Security"}, Kind: corpus.Bilateral,
				Signed:  &corpus.Date{Year: 1960, Month: 1, Day: 19},
				Parties: []corpus.Party{{Country: "USA", Role: corpus.Founding}, {Country: "JPN", Role: corpus.Founding}},
				Themes:  []string{"collective-defense"}, Summary: "s", Sources: src},
			{ID: "uk-uae-defence-cooperation-accord", Name: "Defence Cooperation Accord between the United Kingdom and the United Arab Emirates",
				Aliases: []string{"UK-UAE Defence Cooperation Accord", "UK–UAE bilateral agreement"}, Kind: corpus.Bilateral,
				Signed:  &corpus.Date{Year: 1996},
				Parties: []corpus.Party{{Country: "GBR", Role: corpus.Founding}, {Country: "ARE", Role: corpus.Founding}},
				Summary: "s", Sources: src},
		},
		Trends: []*corpus.Trend{
			{ID: "ai", Name: "Artificial intelligence in security protocols", Description: "d", Aliases: []string{"artificial intelligence", "AI"}},
		},
		Topics: []*corpus.Topic{
			{ID: "flexibility", Name: "Flexibility in terms", Description: "d", Aliases: []string{"flexibility"},
				AppliesTo: []corpus.Kind{corpus.Bilateral}},
		},
	}
}

// entitiesJSON renders entities as one entity file.
func entitiesJSON(t *testing.T, e *corpus.Entities) []byte {
	t.Helper()
	data, err := json.MarshalIndent(map[string]any{
		"countries": e.Countries, "organizations": e.Organizations, "agreements": e.Agreements,
		"trends": e.Trends, "topics": e.Topics,
	}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// fixtureFS is a corpus with the fixture entities and the given documents
// (path → content).
func fixtureFS(t *testing.T, docs map[string]string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{"entities/fixture.json": {Data: entitiesJSON(t, fixtureEntities())}}
	for p, content := range docs {
		fsys[p] = &fstest.MapFile{Data: []byte(content)}
	}
	return fsys
}
