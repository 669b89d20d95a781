package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"pactgraph/api"
	"pactgraph/corpus"
	"pactgraph/graph"
	"pactgraph/loader"
	"pactgraph/search"
)

var readmeExample = regexp.MustCompile("(?s)```graphql\n(.*?)```\\s*(?:```json\n(.*?)```)?")

// TestReadmeExamples runs every GraphQL example in the README against the
// embedded corpus: none may fail, and where the README shows the answer, the
// server must give exactly that answer (numbers to two decimals).
func TestReadmeExamples(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	examples := readmeExample.FindAllSubmatch(readme, -1)
	if len(examples) < 5 {
		t.Fatalf("found %d GraphQL examples in README.md; want the tour", len(examples))
	}
	serveState := func(cat *corpus.Catalog, ix *search.Index) *httptest.Server {
		t.Cleanup(func() { ix.Close() })
		st := &graph.State{Catalog: cat, Index: ix}
		srv := httptest.NewServer(api.NewHandler(api.Options{Snapshots: api.NewSnapshots(st)}))
		t.Cleanup(srv.Close)
		return srv
	}
	serve := func(corpora ...loader.Corpus) *httptest.Server {
		cat, ix, _, err := loader.Build(context.Background(), corpora, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return serveState(cat, ix)
	}
	// The embedded corpus is the index the package's tests share.
	cat, ix, err := loader.OpenIndex(prebuilt(t))
	if err != nil {
		t.Fatal(err)
	}
	builtin := serveState(cat, ix)
	var withATOP *httptest.Server

	for i, ex := range examples {
		query, shown := string(ex[1]), ex[2]
		srv := builtin
		if strings.HasPrefix(query, "# corpus: builtin + ATOP") {
			// Examples on ATOP run where the research data sits beside the
			// repository (as in CI); the data is not shipped.
			dir := filepath.Join("..", "shared", "data", "atop-v4")
			if d := os.Getenv("PACTGRAPH_ATOP"); d != "" {
				dir = d
			}
			if _, err := os.Stat(dir); err != nil {
				t.Logf("example %d needs the ATOP files at %s; not run", i+1, dir)
				continue
			}
			if withATOP == nil {
				withATOP = serve(loader.Builtin(), loader.Dir(dir))
			}
			srv = withATOP
		}
		body, _ := json.Marshal(map[string]string{"query": query})
		resp, err := http.Post(srv.URL+"/graphql", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var got map[string]any
		if err := json.Unmarshal(raw, &got); err != nil {
			t.Fatalf("example %d: response is not JSON: %s", i+1, raw)
		}
		wantsError := shown != nil && bytes.Contains(shown, []byte(`"errors"`))
		if got["errors"] != nil && !wantsError {
			t.Errorf("example %d failed: %s\n%s", i+1, raw, query)
			continue
		}
		if shown == nil {
			continue
		}
		var want map[string]any
		if err := json.Unmarshal(shown, &want); err != nil {
			t.Fatalf("example %d: the README's answer is not JSON: %v", i+1, err)
		}
		if !reflect.DeepEqual(round2(got), round2(want)) {
			g, _ := json.MarshalIndent(round2(got), "", "  ")
			t.Errorf("example %d: the server answers\n%s\nbut the README shows another answer; update README.md", i+1, g)
		}
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
