package graph

import (
	"testing"
	"time"
)

var guardSeeds = []string{
	`{ corpus { version } }`,
	`{ search(query: "nato", first: 100) { edges { node { ... on Passage { agreements { mentions(first: 100) { totalCount } } } } } } }`,
	`{ __schema { types { fields { type { fields { type { name } } } } } } }`,
	`query ($n: Int) { search(query: "x", first: $n) { totalCount } }`,
	`{ a { ...F } } fragment F on T { ...G ...G } fragment G on T { x }`,
	`{ corpus { ...A } } fragment A on CorpusInfo { ...B } fragment B on CorpusInfo { ...A }`,
	`{ x: search(query: "0") { totalCount } y: search(query: "1") { totalCount } }`,
	`{ corpus @include(if: true) @skip(if: false) { version } }`,
	`{ nodes(ids: ["a", "b"]) { id } }`,
	`{{{{{{`,
	"",
}

// FuzzOperationGuard: whatever the document, the guard answers without
// panicking, quickly, and a document it accepts stays within the limits.
func FuzzOperationGuard(f *testing.F) {
	for _, s := range guardSeeds {
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
