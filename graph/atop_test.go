package graph_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"pactgraph/api"
	"pactgraph/graph"
	"pactgraph/internal/testserver"
	"pactgraph/loader"
)

// atopDir is where the ATOP v4.01 files are: PACTGRAPH_ATOP, else
// shared/data/atop-v4 beside the repository. They are research data, not
// shipped: without them the ATOP tests skip, saying so, unless they are
// required: when PACTGRAPH_ATOP names the directory, or on CI (which has
// the data).
func atopDir(t *testing.T) string {
	t.Helper()
	dir, given := os.LookupEnv("PACTGRAPH_ATOP")
	if !given {
		dir = filepath.Join("..", "..", "shared", "data", "atop-v4")
	}
	if _, err := os.Stat(filepath.Join(dir, "atop-alliance-level.csv")); err != nil {
		if given || os.Getenv("CI") != "" {
			t.Fatalf("the ATOP files are required and not at %s: %v", dir, err)
		}
		t.Skipf("SKIPPED: the ATOP goldens need the ATOP files, which are not at %s (they sit beside the repository, in shared/; set PACTGRAPH_ATOP to another directory)", dir)
	}
	return dir
}

// TestATOPGolden serves the embedded corpus with the real ATOP v4.01 files
// and runs the researcher queries of testdata/atop against their goldens
// (the first, atop_worked_example, is the README's ATOP example).
func TestATOPGolden(t *testing.T) {
	dir := atopDir(t)
	cat, ix, _, err := loader.Build(context.Background(), []loader.Corpus{loader.Builtin(), loader.Dir(dir)}, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	srv := testserver.Serve(t, &graph.State{Catalog: cat, Index: ix}, api.Options{})
	checkGoldens(t, srv, filepath.Join("testdata", "atop"))
}
