package graph_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"pactgraph/graph"
	"pactgraph/loader"
)

// The researcher corpus (testdata/researcher) has the shapes of real
// researchers' files: archival cables with YAML front matter, a treaty
// file with headings that have no space after the hashes and Dutch beside
// English, and a draft treaty whose articles are plain lines.
var (
	researcherOnce  sync.Once
	researcherState *graph.State
	researcherErr   error
)

func researcherServer(t *testing.T) *httptest.Server {
	t.Helper()
	researcherOnce.Do(func() {
		cat, ix, _, err := loader.Build(context.Background(), []loader.Corpus{loader.Builtin(), loader.Dir("testdata/researcher")}, "")
		researcherState, researcherErr = &graph.State{Catalog: cat, Index: ix}, err
	})
	if researcherErr != nil {
		t.Fatal(researcherErr)
	}
	srv := httptest.NewServer(graph.NewHandler(graph.Options{State: func() *graph.State { return researcherState }}))
	t.Cleanup(srv.Close)
	return srv
}

// query posts a query that must succeed and returns its data as JSON.
func query(t *testing.T, srv *httptest.Server, q string) string {
	t.Helper()
	_, resp := post(t, srv, q, nil)
	if resp["errors"] != nil {
		t.Fatalf("%s: errors %v", q, resp["errors"])
	}
	out, _ := json.Marshal(resp["data"])
	return string(out)
}

func TestDocumentFrontMatter(t *testing.T) {
	srv := researcherServer(t)
	got := query(t, srv, `{ document(id: "document:cables-7-cablegram-from-gray-to-brown") { title date authors meta { key value scalar } } }`)
	want := `{"document":{"authors":[],"date":"1951-02-17","meta":[{"key":"doc_num","scalar":true,"value":"7"},` +
		`{"key":"naa_refs","scalar":false,"value":"[{\"naa_barcode\":101,\"naa_series\":\"A1838\",\"reference\":\"[NAA : A1838, 250/7]\"}]"},` +
		`{"key":"vol_title","scalar":true,"value":"Volume 99: A Pacific Pact"}],"title":"Cablegram from Gray to Brown"}}`
	if got != want {
		t.Errorf("document =\n%s\nwant\n%s", got, want)
	}
}

func TestSearchMetaFilter(t *testing.T) {
	srv := researcherServer(t)
	ids := func(filter string) string {
		got := query(t, srv, `{ search(query: "Monroe form", types: [PASSAGE], highlight: false, filter: `+filter+`) { edges { node { ... on Passage { id } } } } }`)
		var data struct {
			Search struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		json.Unmarshal([]byte(got), &data)
		var out []string
		for _, e := range data.Search.Edges {
			out = append(out, e.Node.ID)
		}
		return strings.Join(out, " ")
	}
	if got := ids(`{meta: [{key: "vol_title", value: "Volume 99: A Pacific Pact"}]}`); !strings.Contains(got, "cables-7") || !strings.Contains(got, "cables-8") {
		t.Errorf("vol_title filter = %q; want both cables", got)
	}
	if got := ids(`{meta: [{key: "vol_title", value: "Volume 99: A Pacific Pact"}, {key: "doc_num", value: "8"}]}`); got != "passage:cables-8-cablegram-from-brown-to-gray:2" {
		t.Errorf("vol_title and doc_num filter = %q; want cable 8's passage only", got)
	}
	if got := ids(`{meta: [{key: "naa_refs", value: "A1838"}]}`); got != "" {
		t.Errorf("a list's meta filter = %q; want nothing (only scalars are searchable)", got)
	}
}
