package graph_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"math"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"pactgraph/api"
	"pactgraph/graph"
	"pactgraph/internal/testserver"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// served is the embedded corpus, built once for the package's tests.
var served *graph.State

func TestMain(m *testing.M) {
	flag.Parse()
	served = testserver.MustBuiltin()
	os.Exit(m.Run())
}

// newServer serves the embedded corpus through the real HTTP handler, with
// introspection on.
func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	return testserver.Serve(t, served, api.Options{Introspection: true})
}

// stable rounds every number to four decimals so that goldens do not
// depend on the last bits of a score.
func stable(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = stable(x)
		}
	case []any:
		for i, x := range v {
			v[i] = stable(x)
		}
	case float64:
		return math.Round(v*1e4) / 1e4
	}
	return v
}

// TestGolden runs every query in testdata/queries through the real handler
// and compares the response with testdata/golden. Run with -update to
// rewrite the goldens after a deliberate change.
func TestGolden(t *testing.T) {
	checkGoldens(t, newServer(t), "testdata/queries")
}

// checkGoldens runs each query NAME.graphql of dir (with its variables
// from NAME.vars.json, if any) against srv and compares the status and
// response, numbers rounded, with testdata/golden/NAME.json; with -update
// it rewrites the goldens instead.
func checkGoldens(t *testing.T, srv *httptest.Server, dir string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.graphql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no queries in %s (%v)", dir, err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".graphql")
		t.Run(name, func(t *testing.T) {
			query, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var vars map[string]any
			if raw, err := os.ReadFile(strings.TrimSuffix(f, ".graphql") + ".vars.json"); err == nil {
				if err := json.Unmarshal(raw, &vars); err != nil {
					t.Fatalf("variables: %v", err)
				}
			}
			status, resp := testserver.Post(t, srv, string(query), vars)
			got, _ := json.MarshalIndent(map[string]any{"status": status, "response": stable(resp)}, "", "  ")
			got = append(got, '\n')
			golden := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("no golden file (run go test ./graph -run %s -update): %v", t.Name(), err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("response differs from %s (run with -update if the change is intended):\n%s", golden, diff(string(want), string(got)))
			}
		})
	}
}

// diff shows the first lines where two texts part.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n- " + wl + "\n+ " + gl
		}
	}
	return ""
}

// A facet asked for twice is computed and returned once (issue 15, item 4).
func TestSearchFacetsDeduplicated(t *testing.T) {
	srv := newServer(t)
	_, resp := testserver.Post(t, srv, `{ search(query: "treaty", facets: [PARTY, KIND, PARTY, PARTY]) { facets { field } } }`, nil)
	raw, _ := json.Marshal(resp)
	if !strings.Contains(string(raw), `"facets":[{"field":"PARTY"},{"field":"KIND"}]`) {
		t.Errorf("facets [PARTY, KIND, PARTY, PARTY] = %s; want PARTY then KIND, once each", raw)
	}
}

// Each search has its own deadline, and one that runs over answers TIMEOUT
// with what to change (issue 15, item 5).
func TestSearchDeadline(t *testing.T) {
	srv := httptest.NewServer(api.NewHandler(api.Options{Snapshots: api.NewSnapshots(served), SearchTimeout: time.Nanosecond}))
	defer srv.Close()
	_, resp := testserver.Post(t, srv, `{ search(query: "nuclear weapons treaty") { totalCount } }`, nil)
	raw, _ := json.Marshal(resp)
	if !strings.Contains(string(raw), `"code":"TIMEOUT"`) || !strings.Contains(string(raw), "the search took longer than 1ns") {
		t.Errorf("a search past its deadline = %s; want TIMEOUT saying the search took longer than 1ns", raw)
	}
}
