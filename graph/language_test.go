package graph_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"pactgraph/internal/testserver"
)

// languageHits runs a search of the researcher corpus's passages and
// returns each hit as "id language", and the language facet's buckets as
// "value label count".
func languageHits(t *testing.T, args string) (hits, buckets []string) {
	t.Helper()
	srv := researcherServer(t)
	got := query(t, srv, `{ search(`+args+`, types: [PASSAGE], first: 20, highlight: false, facets: [LANGUAGE]) {
		edges { node { ... on Passage { id language } } }
		facets { buckets { value label count } } } }`)
	var data struct {
		Search struct {
			Edges []struct {
				Node struct{ ID, Language string }
			}
			Facets []struct {
				Buckets []struct {
					Value, Label string
					Count        int
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(got), &data); err != nil {
		t.Fatal(err)
	}
	for _, e := range data.Search.Edges {
		hits = append(hits, e.Node.ID+" "+e.Node.Language)
	}
	for _, b := range data.Search.Facets[0].Buckets {
		buckets = append(buckets, strings.Join([]string{b.Value, b.Label, strconv.Itoa(b.Count)}, " "))
	}
	return hits, buckets
}

// TestPassageLanguage: the bilingual treaty file's passages are English
// and Dutch by detection; the draft declared English in documents.json is
// English throughout.
func TestPassageLanguage(t *testing.T) {
	srv := researcherServer(t)
	got := query(t, srv, `{ agreement(id: "north-atlantic-treaty") { article(number: "5") { language text } } }`)
	var data struct {
		Agreement struct {
			Article []struct{ Language, Text string }
		}
	}
	if err := json.Unmarshal([]byte(got), &data); err != nil {
		t.Fatal(err)
	}
	var langs []string
	for _, p := range data.Agreement.Article {
		langs = append(langs, p.Language)
	}
	if strings.Join(langs, " ") != "en en nl" {
		t.Errorf("Article 5's passage languages = %v; want en en nl (the English text, then the Dutch)", langs)
	}
	if got := query(t, srv, `{ agreement(id: "anzus") { article(number: "4") { language } } }`); !strings.Contains(got, `"language":"en"`) {
		t.Errorf("ANZUS draft article 4 = %s; want en, as documents.json declares", got)
	}
}

// TestSearchLanguage: search(language:) reads the text in that language
// and returns only its records; without it, English words find English
// passages and Dutch words Dutch ones; the facet counts each language.
func TestSearchLanguage(t *testing.T) {
	tests := []struct {
		args    string
		hits    string // every hit's language
		buckets string
	}{
		{`query: "gewapende aanval", language: "nl"`, "nl", "nl Dutch 1"},
		{`query: "gewapende aanval"`, "nl", "nl Dutch 1"},
		{`query: "armed attack"`, "en", "en English 7"},
		{`query: "armed attack", language: "Dutch"`, "", ""},
		{`query: "aanval", filter: {languages: ["nl-NL"]}`, "nl", "nl Dutch 1"},
	}
	for _, tt := range tests {
		hits, buckets := languageHits(t, tt.args)
		for _, h := range hits {
			if !strings.HasSuffix(h, " "+tt.hits) {
				t.Errorf("search(%s) hit %s; want only %q passages", tt.args, h, tt.hits)
			}
		}
		if got := strings.Join(buckets, ", "); got != tt.buckets {
			t.Errorf("search(%s) language facet = %q; want %q", tt.args, got, tt.buckets)
		}
	}
}

// TestSearchLanguageErrors: a language the index has no analyser for, or
// a filter value that is no language code, is the caller's error.
func TestSearchLanguageErrors(t *testing.T) {
	srv := researcherServer(t)
	for args, argument := range map[string]string{
		`language: "xx"`:                     "language",
		`language: "und"`:                    "language",
		`language: ""`:                       "language",
		`filter: {languages: ["Klingon"]}`:   "filter.languages",
		`filter: {languages: ["en", "n l"]}`: "filter.languages",
	} {
		_, resp := testserver.Post(t, srv, `{ search(query: "treaty", `+args+`) { totalCount } }`, nil)
		errs, _ := resp["errors"].([]any)
		if len(errs) != 1 {
			t.Errorf("search(%s) = %v; want one error", args, resp)
			continue
		}
		ext, _ := errs[0].(map[string]any)["extensions"].(map[string]any)
		if ext["code"] != "BAD_USER_INPUT" || ext["argument"] != argument {
			t.Errorf("search(%s) error extensions = %v; want BAD_USER_INPUT on %s", args, ext, argument)
		}
	}
}
