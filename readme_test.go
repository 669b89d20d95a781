package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"

	"pactgraph/api"
	"pactgraph/corpus"
	"pactgraph/graph"
	"pactgraph/internal/testserver"
	"pactgraph/loader"
	"pactgraph/search"
)

var readmeExample = regexp.MustCompile("(?s)```graphql\n(.*?)```\\s*(?:```json\n(.*?)```)?")

// docExample is one GraphQL example of the documentation, with the answer
// shown after it (nil when none is shown).
type docExample struct {
	where        string // "docs/tour.md, example 3"
	query, shown []byte
}

// docExamples reads the GraphQL examples of the README and of every page
// of docs/.
func docExamples(t *testing.T) []docExample {
	t.Helper()
	pages, err := filepath.Glob(filepath.Join("docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	var out []docExample
	perPage := map[string]int{}
	readmeTreatyTexts := false
	for _, page := range append([]string{"README.md"}, pages...) {
		text, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for i, ex := range readmeExample.FindAllSubmatch(text, -1) {
			out = append(out, docExample{where: fmt.Sprintf("%s, example %d", page, i+1), query: ex[1], shown: ex[2]})
			perPage[page]++
			if page == "README.md" && ex[2] != nil && bytes.HasPrefix(ex[1], []byte("# corpus: builtin + treaty texts")) {
				readmeTreatyTexts = true
			}
		}
	}
	// The README shows two examples, one on the embedded corpus and one
	// on a researcher's treaty texts, the tour the rest; before the tour
	// moved to docs/ the README held 13.
	if perPage["README.md"] < 2 || perPage[filepath.Join("docs", "tour.md")] < 5 || len(out) < 13 {
		t.Fatalf("found GraphQL examples %v; want two in the README, the tour's in docs/tour.md, 13 or more in all", perPage)
	}
	if !readmeTreatyTexts {
		t.Fatal("the README shows no search over the treaty texts (# corpus: builtin + treaty texts …) with its answer")
	}
	return out
}

// TestReadmeExamples runs every GraphQL example in the README and in
// docs/ against the embedded corpus: none may fail, and where the page
// shows the answer, the server must give exactly that answer (numbers to
// two decimals).
func TestReadmeExamples(t *testing.T) {
	examples := docExamples(t)
	serveState := func(cat *corpus.Catalog, ix *search.Index) *httptest.Server {
		t.Cleanup(func() { ix.Close() })
		st := &graph.State{Catalog: cat, Index: ix}
		srv := httptest.NewServer(api.NewHandler(api.Options{Snapshots: api.NewSnapshots(st)}))
		t.Cleanup(srv.Close)
		return srv
	}
	// The embedded corpus is the index the package's tests share.
	cat, ix, err := loader.OpenIndex(prebuilt(t))
	if err != nil {
		t.Fatal(err)
	}
	builtin := serveState(cat, ix)
	var withATOP, withTexts *httptest.Server
	for _, ex := range examples {
		srv := builtin
		if bytes.HasPrefix(ex.query, []byte("# corpus: builtin + ATOP")) {
			// Examples on ATOP run where the research data sits beside the
			// repository (as in CI); the data is not shipped.
			dir := filepath.Join("..", "shared", "data", "atop-v4")
			if d := os.Getenv("PACTGRAPH_ATOP"); d != "" {
				dir = d
			}
			if _, err := os.Stat(dir); err != nil {
				t.Logf("%s needs the ATOP files at %s; not run", ex.where, dir)
				continue
			}
			if withATOP == nil {
				cat, ix, _, err := loader.Build(context.Background(), []loader.Corpus{loader.Builtin(), loader.Dir(dir)}, t.TempDir())
				if err != nil {
					t.Fatal(err)
				}
				withATOP = serveState(cat, ix)
			}
			srv = withATOP
		}
		if bytes.HasPrefix(ex.query, []byte("# corpus: builtin + treaty texts")) {
			if withTexts == nil && !skipWithoutTreatyTexts(t, ex.where) {
				cat, ix, _, err := loader.Build(context.Background(), treatyTextCorpora(), t.TempDir())
				if err != nil {
					t.Fatal(err)
				}
				withTexts = serveState(cat, ix)
			}
			if srv = withTexts; srv == nil {
				continue
			}
		}
		checkExample(t, srv, ex)
	}
}

// checkExample runs one example and compares its answer with the one shown.
func checkExample(t *testing.T, srv *httptest.Server, ex docExample) {
	t.Helper()
	status, raw, err := testserver.Send(srv.URL, string(ex.query), nil)
	if err != nil {
		t.Fatalf("%s: %v", ex.where, err)
	}
	var got map[string]any
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("%s: response (%d) is not JSON: %s", ex.where, status, raw)
	}
	wantsError := ex.shown != nil && bytes.Contains(ex.shown, []byte(`"errors"`))
	if got["errors"] != nil && !wantsError {
		t.Errorf("%s failed: %s\n%s", ex.where, raw, ex.query)
		return
	}
	if ex.shown == nil {
		return
	}
	var want map[string]any
	if err := json.Unmarshal(ex.shown, &want); err != nil {
		t.Fatalf("%s: the answer shown is not JSON: %v", ex.where, err)
	}
	if !reflect.DeepEqual(round2(got), round2(want)) {
		g, _ := json.MarshalIndent(round2(got), "", "  ")
		t.Errorf("%s: the server answers\n%s\nbut the page shows another answer; update it", ex.where, g)
	}
}

func round2(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = round2(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = round2(x)
		}
		return out
	case float64:
		return math.Round(v*100) / 100
	}
	return v
}

// treatyTextCorpora are the corpora of the worked example on a
// researcher's documents: the treaty texts and ATOP beside the repository
// (as in CI; they are not shipped) and examples/researcher, whose
// documents.json joins texts to their agreements.
func treatyTextCorpora() []loader.Corpus {
	return []loader.Corpus{loader.Builtin(), loader.Dir(filepath.Join("..", "shared", "data", "treaty-texts")),
		loader.Dir(filepath.Join("..", "shared", "data", "atop-v4")), loader.Dir(filepath.Join("examples", "researcher"))}
}

// skipWithoutTreatyTexts says SKIPPED and returns true when the data the
// worked example needs is not beside the repository; with
// PACTGRAPH_TREATY_TEXTS set (as in CI) that fails the test instead.
func skipWithoutTreatyTexts(t *testing.T, where string) bool {
	t.Helper()
	for _, need := range []string{"treaty-texts/nl-treaties", "treaty-texts/dfat-volume-21", "atop-v4/atop-alliance-level.csv"} {
		dir := filepath.Join("..", "shared", "data", filepath.FromSlash(need))
		if _, err := os.Stat(dir); err == nil {
			continue
		}
		why := fmt.Sprintf("%s needs the treaty texts and ATOP beside the repository, and %s is missing", where, dir)
		if env := os.Getenv("PACTGRAPH_TREATY_TEXTS"); env != "" {
			t.Fatalf("%s; PACTGRAPH_TREATY_TEXTS=%s requires it", why, env)
		}
		t.Logf("SKIPPED: %s; set PACTGRAPH_TREATY_TEXTS=require to make this a failure", why)
		return true
	}
	return false
}
