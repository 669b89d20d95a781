package search

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"
)

var updateTrees = flag.Bool("update", false, "rewrite the query-tree goldens under testdata/querytree")

// TestQueryTrees keeps the Bleve query that a dozen representative texts
// become (query.DumpQuery of the ranked query), so that a change to the
// ranking model shows up as a reviewable diff. Run with -update to
// rewrite them after an intended change.
func TestQueryTrees(t *testing.T) {
	ix := newIndex(t, natoCorpus)
	if err := ix.SetSynonyms(natoSynonyms); err != nil {
		t.Fatal(err)
	}
	texts := map[string]string{
		"one_word":            "treaty",
		"two_words":           "north atlantic",
		"name":                "Washington Treaty",
		"long_keywords":       "treaty signed twelve states conference",
		"question":            "what is the Washington Treaty?",
		"quoted_phrase":       `"nuclear deal" collapsed`,
		"excluded":            "treaty -versailles",
		"misspelt":            "conferense",
		"misspelt_hyphenated": "non-proliferatoin treaty",
		"hyphenated":          "Non-Proliferation Treaty",
		"stop_words_only":     "the of",
		"advanced":            `name:treaty^2 OR confer*`,
		"article":             "article V collective defence",
	}
	for name, text := range texts {
		t.Run(name, func(t *testing.T) {
			mode := Simple
			if name == "advanced" {
				mode = Advanced
			}
			checkTree(t, ix, name, Query{Text: text, First: 10, Mode: mode})
		})
	}
}

// TestBilingualQueryTrees keeps the queries of searches over records in
// English and Dutch: one whose words are Dutch (read in Dutch alone), one
// no language holds (read in both), and one asked in Dutch.
func TestBilingualQueryTrees(t *testing.T) {
	ix := newIndex(t, bilingualCorpus)
	for name, q := range map[string]Query{
		"bilingual_dutch":     {Text: "verdragen te goeder trouw"},
		"bilingual_undecided": {Text: "whaling moratorium"},
		"bilingual_asked":     {Text: "treaty -void", Language: "nl"},
	} {
		t.Run(name, func(t *testing.T) {
			q.First = 10
			checkTree(t, ix, name, q)
		})
	}
}

// checkTree compares the ranked query q becomes with its golden.
func checkTree(t *testing.T, ix *Index, name string, q Query) {
	t.Helper()
	text := q.Text
	if err := q.validate(); err != nil {
		t.Fatal(err)
	}
	p, err := ix.plan(&q)
	if err != nil {
		t.Fatalf("plan(%q): %v", text, err)
	}
	dump, err := query.DumpQuery(ix.bleve.Mapping(), p.ranked)
	if err != nil {
		t.Fatalf("DumpQuery(%q): %v", text, err)
	}
	got := "# " + text + "\n" + dump + "\n"
	golden := filepath.Join("testdata", "querytree", name+".json")
	if *updateTrees {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("no golden (go test ./search -run QueryTrees -update): %v", err)
	}
	if string(want) != got {
		t.Errorf("query tree of %q differs from %s (run with -update if intended):\n%s", text, golden, firstDiff(string(want), got))
	}
}

// firstDiff shows the first line where two dumps part.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, la[i], lb[i])
		}
	}
	return "one dump is longer"
}
