package graph

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// guardSeeds are documents of every shape the guard meets, one a line in
// testdata/guard-seeds.graphql (api's FuzzHandler sends them too), and the
// empty document.
func guardSeeds(f *testing.F) []string {
	f.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "guard-seeds.graphql"))
	if err != nil {
		f.Fatal(err)
	}
	return append(strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n"), "")
}

// FuzzOperationGuard: whatever the document, the guard answers without
// panicking, quickly, and a document it accepts stays within the limits.
func FuzzOperationGuard(f *testing.F) {
	for _, s := range guardSeeds(f) {
		f.Add(s, int64(7))
	}
	schema := NewExecutableSchema(Config{Resolvers: &Resolver{}}).Schema()
	g := newOperationGuard(DefaultLimits, schema, NewSlots(4, time.Second))
	f.Fuzz(func(t *testing.T, query string, n int64) {
		start := time.Now()
		gd := g.inspect(query)
		if gd.err == nil {
			if _, err := g.complexity(gd.doc, "", map[string]any{"n": float64(n)}); err != nil && err.Extensions["code"] != CodeComplexityLimit {
				t.Fatalf("complexity error without its code: %v", err)
			}
			m := &measurer{doc: gd.doc, memo: map[string]*shape{}}
			for _, op := range gd.doc.Operations {
				s, err := m.selectionSet(op.SelectionSet)
				if err != nil || s.fields > DefaultLimits.Selections || s.depth > DefaultLimits.Depth {
					t.Fatalf("accepted a document beyond the limits: %+v %v", s, err)
				}
			}
		}
		if d := time.Since(start); d > time.Second {
			t.Fatalf("the guard took %v", d)
		}
	})
}
