package loader

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"pactgraph/corpus"
	"pactgraph/search"
)

// Paragraphs of treaty text in the languages the index analyses, of the
// length a paragraph of a treaty has.
var languageParagraphs = map[string]string{
	"en": "Each State Party shall take such measures as may be necessary to establish as criminal offences under its domestic law the offences set forth in this Convention.",
	"nl": "Iedere Staat die Partij is neemt de maatregelen die nodig zijn om de in dit Verdrag omschreven strafbare feiten naar zijn nationale recht strafbaar te stellen.",
	"fr": "Chaque État Partie adopte les mesures qui peuvent être nécessaires pour qualifier d'infractions pénales au regard de son droit interne les infractions visées par la présente Convention.",
	"de": "Jeder Vertragsstaat trifft die erforderlichen Maßnahmen, um die in diesem Übereinkommen genannten Straftaten nach seinem innerstaatlichen Recht als Straftaten zu umschreiben.",
	"es": "Cada Estado Parte adoptará las medidas que sean necesarias para tipificar como delito en su legislación interna los delitos enunciados en la presente Convención.",
	"it": "Ciascuno Stato Parte adotta le misure necessarie per qualificare come reati ai sensi del proprio diritto interno i reati previsti dalla presente Convenzione.",
	"pt": "Cada Estado Parte adotará as medidas necessárias para tipificar como infrações penais no seu direito interno as infrações previstas na presente Convenção.",
}

func TestDetectLanguage(t *testing.T) {
	for want, text := range languageParagraphs {
		if got := detectLanguage(text); got != want {
			t.Errorf("detectLanguage(%.40q…) = %q; want %q", text, got, want)
		}
	}
	for _, short := range []string{"", "SECRET", "Article 5", "[NAA : A5460, 217/6, iii]", "1951", "_1 Document 51."} {
		if got := detectLanguage(short); got != "" {
			t.Errorf("detectLanguage(%q) = %q; want \"\" (too short to tell)", short, got)
		}
	}
}

// TestDetectLanguageCoversTheTable: every language the index analyses is
// one the detector can tell.
func TestDetectLanguageCoversTheTable(t *testing.T) {
	var codes []string
	for _, code := range detectable {
		codes = append(codes, code)
	}
	slices.Sort(codes)
	want := search.Languages()
	slices.Sort(want)
	if !slices.Equal(codes, want) {
		t.Errorf("detected languages %v; the index analyses %v", codes, want)
	}
}

// TestDetectPassages: a passage too short to tell takes the language of
// the passage before it, else of the one after; a document of nothing but
// such passages is detected whole, or "und".
func TestDetectPassages(t *testing.T) {
	en, nl := languageParagraphs["en"], languageParagraphs["nl"]
	tests := []struct {
		texts []string
		want  []string
	}{
		{[]string{"SECRET", en, "_1 Document 51.", nl, "a) Verrekijkers;"}, []string{"en", "en", "en", "nl", "nl"}},
		{[]string{"Cablegram, London, 13 March 1951", "1439. TOP SECRET", en}, []string{"en", "en", "en"}},
		{[]string{"Artikel 5", "Verdrag"}, []string{"und", "und"}},
		{[]string{"The Parties agree that", "an armed attack against one", "of them is an attack on all."}, []string{"en", "en", "en"}},
		{nil, nil},
	}
	for _, tt := range tests {
		passages := make([]*corpus.Passage, len(tt.texts))
		for i, text := range tt.texts {
			passages[i] = &corpus.Passage{Text: text}
		}
		detectPassages(passages)
		var got []string
		for _, p := range passages {
			got = append(got, p.Language)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("detectPassages(%q) = %v; want %v", tt.texts, got, tt.want)
		}
	}
}

// TestDetectPassagesOnEveryCore: a document long enough to be detected on
// several cores gets, passage by passage, what detecting each alone gives.
func TestDetectPassagesOnEveryCore(t *testing.T) {
	var passages []*corpus.Passage
	var want []string
	for i := range 200 {
		code := []string{"en", "nl", "fr", "de", "es"}[i/20%5]
		passages = append(passages, &corpus.Passage{Text: languageParagraphs[code]})
		want = append(want, code)
	}
	detectPassages(passages)
	for i, p := range passages {
		if p.Language != want[i] {
			t.Fatalf("passage %d detected as %q; want %q", i, p.Language, want[i])
		}
	}
}

// TestDeclaredLanguage: a language in front matter or in documents.json
// is every passage's, whatever the text; one that names no language is
// reported, and the passages are detected.
func TestDeclaredLanguage(t *testing.T) {
	bilingual := "##Verdrag\n\n" + languageParagraphs["en"] + "\n\n####Verdrag\n\n" + languageParagraphs["nl"] + "\n"
	fsys := fstest.MapFS{
		"bilingual.md":    {Data: []byte(bilingual)},
		"declared.md":     {Data: []byte("---\nlanguage: nl\n---\n\n" + bilingual)},
		"named.md":        {Data: []byte("---\nlanguage: Dutch\n---\n\n" + languageParagraphs["en"] + "\n")},
		"tagged.md":       {Data: []byte("+++\nlanguage = \"en-GB\"\n+++\n\n" + languageParagraphs["nl"] + "\n")},
		"klingon.md":      {Data: []byte("---\nlanguage: Klingon\n---\n\n" + languageParagraphs["de"] + "\n")},
		"swedish.md":      {Data: []byte("---\nlanguage: sv\n---\n\nVarje konventionsstat ska vidta de åtgärder som behövs.\n")},
		"manifested.md":   {Data: []byte("---\nlanguage: en\n---\n\n" + languageParagraphs["fr"] + "\n")},
		"documents.json":  {Data: []byte(`{"documents": [{"path": "manifested.md", "language": "fra"}]}`)},
		"entities/x.json": {Data: []byte(`{}`)},
		"short.md":        {Data: []byte("GEHEIM.\n\n12 maart 1951.\n")},
	}
	l := load(t, Corpus{Name: "c", FS: fsys})
	want := map[string][]string{
		"bilingual":  {"en", "nl"},
		"declared":   {"nl", "nl"},
		"named":      {"nl"},
		"tagged":     {"en"},
		"klingon":    {"de"},
		"swedish":    {"sv"},
		"manifested": {"fr"},
		"short":      {"und", "und"},
	}
	got := passageLanguages(l)
	for doc, langs := range want {
		if !slices.Equal(got[doc], langs) {
			t.Errorf("passage languages of %s = %v; want %v (%v)", doc, got[doc], langs, got)
		}
	}
	docLanguage := map[string]string{"declared": "nl", "named": "nl", "tagged": "en", "klingon": "Klingon", "swedish": "sv", "manifested": "fr", "bilingual": ""}
	for id, lang := range docLanguage {
		if d := l.Catalog.Document("document:" + id); d == nil || d.Language != lang {
			t.Errorf("document %s language = %+v; want %q", id, d, lang)
		}
	}
	notices := strings.Join(l.Notices, "\n")
	for _, fragment := range []string{`c/klingon.md: language "Klingon" is not a language code`, `c/swedish.md: language "sv" has no analyser of its own`} {
		if !strings.Contains(notices, fragment) {
			t.Errorf("notices = %q; want one containing %q", notices, fragment)
		}
	}
}

// TestMixedOrUndetectableLanguage: a document whose passages mix
// languages so that none can be told, or hold no words to tell (numbers,
// archive references), is "und" throughout; a mixed passage among passages
// that can be told takes its neighbour's language. Every passage is
// loaded and indexed, and a search finds the "und" ones by their words
// and by the language filter.
func TestMixedOrUndetectableLanguage(t *testing.T) {
	en := languageParagraphs["en"]
	mixed := []string{
		"The Parties agree. De Partijen komen overeen. Les Parties conviennent. Die Vertragsparteien vereinbaren.",
		en[:60] + " " + languageParagraphs["nl"][:60],
	}
	for _, text := range mixed {
		if got := detectLanguage(text); got != "" {
			t.Fatalf("detectLanguage(%q) = %q; the fixture wants a passage that mixes languages beyond telling", text, got)
		}
	}
	fsys := fstest.MapFS{
		"mixed.md":      {Data: []byte(mixed[0] + "\n\n" + mixed[1] + "\n")},
		"references.md": {Data: []byte("1951.\n\nNo. 42.\n\n[NAA: A1838, 250/7]\n")},
		"english.md":    {Data: []byte(en + "\n\n" + mixed[0] + "\n\n" + en + "\n")},
	}
	corpora := []Corpus{{Name: "c", FS: fsys}}
	l := load(t, corpora...)
	want := map[string][]string{
		"mixed":      {"und", "und"},
		"references": {"und", "und", "und"},
		"english":    {"en", "en", "en"},
	}
	got := passageLanguages(l)
	for doc, langs := range want {
		if !slices.Equal(got[doc], langs) {
			t.Errorf("passage languages of %s = %v; want %v (every passage kept)", doc, got[doc], langs)
		}
	}
	_, ix, _, err := Build(context.Background(), corpora, "")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	und, err := ix.Search(context.Background(), search.Query{Types: []string{"PASSAGE"}, First: 20, Filter: search.Filter{Languages: []string{"und"}}})
	if err != nil {
		t.Fatal(err)
	}
	if und.Total != 5 {
		t.Errorf("passages indexed as und = %d; want the 5 of mixed.md and references.md", und.Total)
	}
	for text, doc := range map[string]string{"Vertragsparteien vereinbaren": "document:mixed", "A1838": "document:references"} {
		res, err := ix.Search(context.Background(), search.Query{Text: text, Types: []string{"PASSAGE"}, First: 5})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, h := range res.Hits {
			found = found || h.Doc.Document == doc && h.Doc.Language == "und"
		}
		if !found {
			t.Errorf("Search(%q) = %d hits; want the und passage of %s among them", text, len(res.Hits), doc)
		}
	}
}

// passageLanguages are the languages of each document's passages, in
// order, by the document's id without its prefix.
func passageLanguages(l *Loaded) map[string][]string {
	got := map[string][]string{}
	for _, d := range l.Docs {
		if d.Type == "PASSAGE" {
			doc := strings.TrimPrefix(d.Document, "document:")
			got[doc] = append(got[doc], d.Language)
		}
	}
	return got
}
