package search

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// A bilingual fixture in the shape of the treaty texts: an English text,
// its Dutch translation (with the Latin and the English loanwords that
// Dutch legal text keeps, and an English heading over a Dutch note), and
// a passage each in French, German and Spanish.
var bilingualCorpus = []Doc{
	{ID: "en:26", Type: "PASSAGE", Language: "en", Heading: "Pacta sunt servanda",
		Body: "Every treaty in force is binding upon the parties to it and must be performed by them in good faith."},
	{ID: "en:31", Type: "PASSAGE", Language: "en", Heading: "General rule of interpretation",
		Body: "A treaty shall be interpreted in good faith in accordance with the ordinary meaning to be given to the terms of the treaty."},
	{ID: "en:53", Type: "PASSAGE", Language: "en", Heading: "Treaties conflicting with a peremptory norm of general international law (jus cogens)",
		Body: "A treaty is void if, at the time of its conclusion, it conflicts with a peremptory norm of general international law."},
	{ID: "en:80", Type: "PASSAGE", Language: "en", Heading: "Registration and publication of treaties",
		Body: "Treaties shall, after their entry into force, be transmitted to the Secretariat of the United Nations for registration."},
	{ID: "en:iv", Type: "PASSAGE", Language: "en", Heading: "Seismological monitoring",
		Body: "Each State Party undertakes to cooperate in an international exchange of seismological data to assist in the verification of compliance."},
	{ID: "nl:26", Type: "PASSAGE", Language: "nl", Heading: "Pacta sunt servanda",
		Body: "Elk in werking getreden verdrag verbindt de partijen en moet door hen te goeder trouw ten uitvoer worden gelegd."},
	{ID: "nl:31", Type: "PASSAGE", Language: "nl", Heading: "Algemene uitleggingsregel",
		Body: "Een verdrag moet te goeder trouw worden uitgelegd overeenkomstig de gewone betekenis van de termen van het verdrag."},
	{ID: "nl:53", Type: "PASSAGE", Language: "nl", Heading: "Verdragen strijdig met een dwingende norm van algemeen volkenrecht (jus cogens)",
		Body: "Een verdrag is nietig indien het op het tijdstip van zijn sluiting strijdig is met een dwingende norm van algemeen volkenrecht."},
	{ID: "nl:80", Type: "PASSAGE", Language: "nl", Heading: "Registratie en publicatie van verdragen",
		Body: "Verdragen worden na hun inwerkingtreding toegezonden aan het Secretariaat van de Verenigde Naties ter registratie."},
	{ID: "nl:iv", Type: "PASSAGE", Language: "nl", Heading: "Seismological monitoring",
		Body: "Treedt in werking op een nader te bepalen tijdstip."},
	{ID: "en:src", Type: "PASSAGE", Language: "en", Heading: "Sources",
		Body: "The Dutch text is kept under verdrag/inzake/de/bestrijding/van/terroristische/bomaanslagen in the treaty database."},
	{ID: "nl:b1", Type: "PASSAGE", Language: "nl", Heading: "Verdrag inzake de bestrijding van terroristische bomaanslagen",
		Body: "De Staten die Partij zijn bij dit Verdrag, indachtig de doelstellingen en beginselen van het Handvest van de Verenigde Naties."},
	{ID: "fr:26", Type: "PASSAGE", Language: "fr", Body: "Tout traité en vigueur lie les parties et doit être exécuté par elles de bonne foi."},
	{ID: "de:26", Type: "PASSAGE", Language: "de", Body: "Ist ein Vertrag in Kraft, so bindet er die Vertragsparteien und ist von ihnen nach Treu und Glauben zu erfüllen."},
	{ID: "es:26", Type: "PASSAGE", Language: "es", Body: "Todo tratado en vigor obliga a las partes y debe ser cumplido por ellas de buena fe."},
	{ID: "agreement:vclt", Type: "AGREEMENT", Language: "en", Name: "Vienna Convention on the Law of Treaties",
		Body: "The treaty on treaties: how they are made, interpreted and ended."},
}

// languageOfID is a fixture record's language, from its id.
func languageOfID(id string) string {
	if code, _, ok := strings.Cut(id, ":"); ok && len(code) == 2 {
		return code
	}
	return "en"
}

// TestLanguageAnalysis: each language is stemmed by its own analyser, so
// a query in it finds the inflected forms of its words, and only in its
// own records.
func TestLanguageAnalysis(t *testing.T) {
	ix := newIndex(t, bilingualCorpus)
	tests := []struct {
		text, language string
		want           []string // as a set
	}{
		{"verdrag", "nl", []string{"nl:26", "nl:31", "nl:53", "nl:80", "nl:b1"}}, // "verdragen" too
		{"verdragen", "", []string{"nl:26", "nl:31", "nl:53", "nl:80", "nl:b1"}}, // Dutch without being told
		{"treaties", "nl", []string{}},
		{"traités", "fr", []string{"fr:26"}},
		{"Verträge", "de", []string{"de:26"}},
		{"tratados", "es", []string{"es:26"}},
		{"treaties registration", "en", []string{"en:80", "en:26", "en:31", "en:53", "en:src", "agreement:vclt"}},
	}
	for _, tt := range tests {
		res := mustSearch(t, ix, Query{Text: tt.text, Language: tt.language})
		if got := sorted(hitIDs(res.Hits)); !slices.Equal(got, sorted(tt.want)) {
			t.Errorf("Search(%q, language %q) = %v; want %v", tt.text, tt.language, got, sorted(tt.want))
		}
	}
}

// TestLanguageOfQuery: without a language, a search reads its words in
// the language whose records hold them.
func TestLanguageOfQuery(t *testing.T) {
	ix := newIndex(t, bilingualCorpus)
	for text, want := range map[string]string{
		"good faith":                    "en",
		"te goeder trouw":               "nl",
		"dwingende norm":                "nl",
		"jus cogens":                    "en", // in both: the language with the most records
		"seismologcal monitoring":       "en", // "monitoring" in both; the correction decides
		"bonne foi":                     "fr",
		"Treu und Glauben":              "de",
		"buena fe":                      "es",
		"Secretariaat Verenigde Naties": "nl",
		// An English record quotes the Dutch words; the Dutch records
		// hold them more.
		"bestrijding van terroristische bomaanslagen": "nl",
		"Secretariat of the United Nations":           "en",
	} {
		res := mustSearch(t, ix, Query{Text: text, First: 10})
		if len(res.Hits) == 0 {
			t.Errorf("Search(%q) found nothing; want %s records", text, want)
		}
		for _, h := range res.Hits {
			if got := languageOfID(h.Doc.ID); got != want {
				t.Errorf("Search(%q) hit %s is %s; want only %s", text, h.Doc.ID, got, want)
			}
		}
	}
}

// TestLanguageFilterAndFacet: the language argument returns only that
// language's records, the filter selects by language, and the facet
// counts them.
func TestLanguageFilterAndFacet(t *testing.T) {
	ix := newIndex(t, bilingualCorpus)
	res := mustSearch(t, ix, Query{Text: "", Facets: []Facet{FacetLanguage}})
	want := []Bucket{{"en", 7}, {"nl", 6}, {"de", 1}, {"es", 1}, {"fr", 1}}
	if got := res.Facets[0].Buckets; !slices.Equal(got, want) {
		t.Errorf("language facet = %v; want %v", got, want)
	}
	res = mustSearch(t, ix, Query{Text: "treaty", Language: "en", Types: []string{"PASSAGE"}, Facets: []Facet{FacetLanguage}})
	if got := res.Facets[0].Buckets; !slices.Equal(got, []Bucket{{"en", 5}}) {
		t.Errorf("Search(treaty, language en) facet = %v; want en 5", got)
	}
	res = mustSearch(t, ix, Query{Text: "Pacta sunt servanda", Filter: Filter{Languages: []string{"nl"}}})
	if got := hitIDs(res.Hits); !slices.Equal(got, []string{"nl:26"}) {
		t.Errorf("Search(pacta sunt servanda, filter nl) = %v; want [nl:26]", got)
	}
	res = mustSearch(t, ix, Query{Text: "", Filter: Filter{Languages: []string{"fr", "es"}}})
	if got := sorted(hitIDs(res.Hits)); !slices.Equal(got, []string{"es:26", "fr:26"}) {
		t.Errorf("filter languages fr, es = %v; want [es:26 fr:26]", got)
	}
	// A filter that names two languages finds the words in both.
	res = mustSearch(t, ix, Query{Text: "verdrag treaty", Filter: Filter{Languages: []string{"en", "nl"}}, Facets: []Facet{FacetLanguage}})
	if got := res.Facets[0].Buckets; len(got) != 2 || got[0].Value != "en" && got[1].Value != "en" {
		t.Errorf("Search(verdrag treaty, filter en nl) facet = %v; want en and nl buckets", got)
	}
	_, err := ix.Search(context.Background(), Query{Text: "treaty", First: 10, Language: "xx"})
	if ie, ok := err.(*InputError); !ok || ie.Arg != "language" {
		t.Errorf("Search(language xx) error = %v; want an InputError on language", err)
	}
}

// TestLanguageHighlightsAndAdvanced: a Dutch hit is highlighted where its
// Dutch words are, and ADVANCED text reads a language's fields when told.
func TestLanguageHighlightsAndAdvanced(t *testing.T) {
	ix := newIndex(t, bilingualCorpus)
	res := mustSearch(t, ix, Query{Text: "verdrag", Language: "nl", Highlight: true})
	h := hitByID(res, "nl:80")
	if h == nil || len(h.Highlights) == 0 {
		t.Fatalf("Search(verdrag, nl): nl:80 has no highlights: %+v", h)
	}
	if got := h.Highlights[0].Fragment; !strings.Contains(got, "<mark>verdragen</mark>") && !strings.Contains(got, "<mark>Verdragen</mark>") {
		t.Errorf("highlight of nl:80 = %q; want verdragen marked", got)
	}
	res = mustSearch(t, ix, Query{Text: "+body:verdrag +heading:registratie", Mode: Advanced, Language: "nl"})
	if got := hitIDs(res.Hits); !slices.Equal(got, []string{"nl:80"}) {
		t.Errorf("ADVANCED +body:verdrag +heading:registratie (nl) = %v; want [nl:80]", got)
	}
	res = mustSearch(t, ix, Query{Text: "goeder", Mode: Advanced})
	if got := sorted(hitIDs(res.Hits)); !slices.Equal(got, []string{"nl:26", "nl:31"}) {
		t.Errorf("ADVANCED goeder = %v; want the Dutch passages", got)
	}
}

// TestEnglishOnlyReadsEnglish: an index without records of another
// language reads every search in English alone, as it always has.
func TestEnglishOnlyReadsEnglish(t *testing.T) {
	ix := newIndex(t, natoCorpus)
	dict, err := ix.dictionary()
	if err != nil {
		t.Fatal(err)
	}
	defer dict.Close()
	q := Query{Text: "te goeder trouw"}
	if got := ix.readers(&q, dict); len(got) != 1 || got[0].language != english {
		t.Errorf("readers of an English index = %d, first %s; want English alone", len(got), got[0].code)
	}
}

// TestNoCrossLanguageNoise measures, on the bilingual fixture, how many of
// the top hits of English searches are Dutch: with the Dutch passages
// analysed as English (as before languages were kept apart) and with each
// language in its own fields.
func TestNoCrossLanguageNoise(t *testing.T) {
	queries := []string{"pacta sunt servanda", "jus cogens", "seismological monitoring", "seismologcal monitoring",
		"good faith", "registration of treaties", "peremptory norm"}
	asEnglish := slices.Clone(bilingualCorpus)
	for i := range asEnglish {
		asEnglish[i].Language = ""
	}
	count := func(ix *Index) int {
		n := 0
		for _, text := range queries {
			for _, h := range mustSearch(t, ix, Query{Text: text, First: 10}).Hits {
				if languageOfID(h.Doc.ID) != "en" {
					n++
				}
			}
		}
		return n
	}
	before, after := count(newIndex(t, asEnglish)), count(newIndex(t, bilingualCorpus))
	t.Logf("other-language hits in the top 10 of %d English searches: %d analysed as English, %d kept apart", len(queries), before, after)
	if before == 0 {
		t.Errorf("the fixture shows no noise even analysed as English: it measures nothing")
	}
	if after != 0 {
		t.Errorf("%d other-language hits in the top 10 of English searches; want 0", after)
	}
}
