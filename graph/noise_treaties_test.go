package graph_test

import (
	"context"
	"slices"
	"testing"

	"pactgraph/loader"
	"pactgraph/search"
)

// TestCrossLanguageNoiseTreaties measures the cross-language noise of the
// treaty judged set's queries (all of them English) over the bilingual
// treaty texts: how many of each query's top 10 hits are passages in
// another language, with every passage analysed as English (as before the
// index kept languages apart) and with each language in its own fields.
// The search reads a query in the language whose records hold its words,
// so none of these should be Dutch.
func TestCrossLanguageNoiseTreaties(t *testing.T) {
	dir := treatyTextsDir(t)
	queries := readTreatyQueries(t)
	l, err := loader.Load(context.Background(), []loader.Corpus{loader.Builtin(), loader.Dir(dir)})
	if err != nil {
		t.Fatal(err)
	}
	language := map[string]string{}
	asEnglish := slices.Clone(l.Docs)
	for i, d := range l.Docs {
		language[d.ID] = d.Language
		asEnglish[i].Language = ""
	}
	groups := l.Entities.SynonymGroups()
	apart, together := noiseIndex(t, l.Docs, groups), noiseIndex(t, asEnglish, groups)
	var before, after int
	for _, q := range queries {
		b := otherLanguageHits(t, together, q.relevanceQuery, language)
		a := otherLanguageHits(t, apart, q.relevanceQuery, language)
		if a > 0 || b > 0 {
			t.Logf("%s %q: %d other-language hits in the top 10 analysed as English, %d kept apart", q.ID, q.Query, b, a)
		}
		before, after = before+b, after+a
	}
	t.Logf("other-language passages in the top 10 of the %d English queries: %d analysed as English, %d with languages kept apart", len(queries), before, after)
	if after > 0 {
		t.Errorf("%d other-language passages in the top 10 of English queries; want none", after)
	}
}

// noiseIndex indexes docs in memory with the entities' synonyms, as
// loader.Build does.
func noiseIndex(t *testing.T, docs []search.Doc, groups [][]string) *search.Index {
	t.Helper()
	ix, err := search.Create("")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Add(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	if err := ix.SetSynonyms(groups); err != nil {
		t.Fatal(err)
	}
	return ix
}

// otherLanguageHits counts the top 10 hits of q, searched as the judged
// sets are, that are not English.
func otherLanguageHits(t *testing.T, ix *search.Index, q relevanceQuery, language map[string]string) int {
	t.Helper()
	res, err := ix.Search(context.Background(), search.Query{Text: q.Query, Types: q.Types, First: 10})
	if err != nil {
		t.Fatalf("Search(%q): %v", q.Query, err)
	}
	n := 0
	for _, h := range res.Hits {
		if language[h.Doc.ID] != "en" {
			n++
		}
	}
	return n
}
