package graph_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"pactgraph/api"
	"pactgraph/graph"
	"pactgraph/internal/testserver"
	"pactgraph/loader"
)

// atopWorkedExample is the README's ATOP example: every defense pact the US
// and Japan share, in force on 1 January 1970, with each side's
// obligations, where each fact came from, and the passages that discuss it.
const atopWorkedExample = `{
  agreements(filter: {parties: ["USA", "JPN"], obligations: [DEFENSE], activeOn: "1970-01-01"}) {
    totalCount
    edges {
      node {
        name
        signed
        inForce
        atop { version row asymmetric }
        parties { country { code } obligations provenance { origin detail url } }
        sources { url }
        mentions { edges { node { id heading } } }
      }
    }
  }
  dyad(a: "USA", b: "JPN") {
    agreements { agreement { name } periods { from to } aObligations bObligations asymmetric }
  }
}`

// TestATOPGolden serves the embedded corpus with the real ATOP v4.01 files
// beside the repository and checks the researcher queries on them.
func TestATOPGolden(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "data", "atop-v4")
	if d := os.Getenv("PACTGRAPH_ATOP"); d != "" {
		dir = d
	}
	if _, err := os.Stat(filepath.Join(dir, "atop-alliance-level.csv")); err != nil {
		t.Skipf("the ATOP files are not at %s (they sit beside the repository, in shared/; set PACTGRAPH_ATOP to another directory)", dir)
	}
	cat, ix, _, err := loader.Build(context.Background(), []loader.Corpus{loader.Builtin(), loader.Dir(dir)}, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	st := &graph.State{Catalog: cat, Index: ix}
	srv := httptest.NewServer(api.NewHandler(api.Options{Snapshots: api.NewSnapshots(st)}))
	defer srv.Close()
	for name, query := range map[string]string{
		"atop_worked_example": atopWorkedExample,
		"atop_timeline":       `{ timeline(interval: DECADE, filter: {signedTo: "1899"}) { start end bilateral multilateral total byObligation { obligation count } } }`,
		"atop_provenance":     `{ nato: agreement(id: "north-atlantic-treaty") { provenance { field provenance { origin detail url passage { id } } } } gen: agreement(id: "atop-1005") { provenance { field provenance { origin detail } } } }`,
		"atop_members_as_of":  `{ agreement(id: "atop-1005") { name members(asOf: "1815-01-10") { country { code name } obligations provenance { origin detail } } } }`,
		"atop_compare":        `{ compare(asOf: "2016-12-31", filter: {signedTo: "2016"}) { kind count medianMembers meanMembers medianDurationYears atopCoded obligations { obligation share } institutions { feature share } topics { id } } }`,
		"atop_active_1970":    `{ agreements(filter: {activeOn: "1970-01-01", obligations: [DEFENSE]}, first: 5) { totalCount edges { node { id name } } } }`,
		"atop_facets":         `{ search(query: "defense pact", types: [AGREEMENT], first: 1, highlight: false, facets: [OBLIGATION, CENTURY], filter: {obligations: [DEFENSE], centuries: [1900]}) { totalCount facets { field buckets { value label count } } } }`,
		"atop_search":         `{ search(query: "Prussia Austria-Hungary alliance", types: [AGREEMENT], first: 3, highlight: false) { totalCount edges { node { ... on Agreement { id name atopId } } } } }`,
	} {
		t.Run(name, func(t *testing.T) {
			status, resp := testserver.Post(t, srv, query, nil)
			got, _ := json.MarshalIndent(map[string]any{"status": status, "response": stable(resp)}, "", "  ")
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", name+".json")
			if *update {
				os.WriteFile(golden, got, 0o644)
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("no golden file (run with -update): %v", err)
			}
			if string(got) != string(want) {
				t.Errorf("response differs from %s:\n%s", golden, diff(string(want), string(got)))
			}
		})
	}
}
