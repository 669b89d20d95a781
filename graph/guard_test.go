package graph

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

func newTestGuard(maxHeavy int) *operationGuard {
	schema := NewExecutableSchema(Config{Resolvers: &Resolver{}}).Schema()
	return newOperationGuard(DefaultLimits, schema, NewSlots(maxHeavy, 20*time.Millisecond))
}

func TestGuardLimits(t *testing.T) {
	g := newTestGuard(4)
	for _, tc := range []struct {
		query, limit string
		actual       int
	}{
		{"{ corpus {" + strings.Repeat(" version", 501) + " } }", "selections", 502},
		{"{" + strings.Repeat(" corpus {", 16) + " version" + strings.Repeat(" }", 16) + " }", "depth", 17},
		{"{ corpus {" + strings.Repeat(" a: version", 31) + " } }", "aliases", 31},
		{"{" + strings.Repeat(" corpus { version }", 21) + " }", "rootFields", 21},
		{"{ corpus { version } }" + fragments(51), "fragments", 51},
	} {
		gd := g.inspect(tc.query)
		if gd.err == nil || gd.err.Extensions["limit"] != tc.limit || gd.err.Extensions["actual"] != tc.actual {
			t.Errorf("inspect(%.60q…) = %v; want the %s limit with actual %d", tc.query, gd.err, tc.limit, tc.actual)
		}
	}
	for _, ok := range []string{
		"{ corpus {" + strings.Repeat(" version", 499) + " } }",
		"{ corpus {" + strings.Repeat(" a: version", 30) + " } }",
		`{ search(query: "x", first: 100) { edges { node { ... on Passage { agreements { id name } } } } } }`,
	} {
		if gd := g.inspect(ok); gd.err != nil {
			t.Errorf("inspect(%.60q…) = %v; want it accepted", ok, gd.err)
		} else if _, err := g.complexity(gd.doc, "", nil); err != nil {
			t.Errorf("complexity(%.60q…) = %v; want it accepted", ok, err)
		}
	}
}

func fragments(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, " fragment F%d on CorpusInfo { version }", i)
	}
	return b.String()
}

func TestComplexityWeighsPages(t *testing.T) {
	g := newTestGuard(4)
	cost := func(q string, vars map[string]any) int {
		t.Helper()
		gd := g.inspect(q)
		if gd.err != nil {
			t.Fatal(gd.err)
		}
		c, _ := g.complexity(gd.doc, "", vars)
		return c
	}
	small := cost(`{ search(query: "x", first: 5) { edges { cursor } } }`, nil)
	big := cost(`{ search(query: "x", first: 50) { edges { cursor } } }`, nil)
	viaVar := cost(`query ($n: Int) { search(query: "x", first: $n) { edges { cursor } } }`, map[string]any{"n": float64(50)})
	defaulted := cost(`{ search(query: "x") { edges { cursor } } }`, nil)
	if big != viaVar || big <= small || defaulted <= small || defaulted >= big {
		t.Errorf("costs first:5 %d, first:50 %d, $n=50 %d, default(10) %d; want pages to weigh by size", small, big, viaVar, defaulted)
	}
	// An out-of-range page counts as 100: the resolver refuses it.
	if huge := cost(`{ search(query: "x", first: 99999999999) { edges { cursor } } }`, nil); huge != cost(`{ search(query: "x", first: 100) { edges { cursor } } }`, nil) {
		t.Errorf("first: 99999999999 costs %d; want the cost of 100", huge)
	}
}

// TestHeavyOperationsQueue: when every heavy slot is taken, a heavy
// operation waits briefly and then gets SERVICE_UNAVAILABLE (503), while a
// light one goes through.
func TestHeavyOperationsQueue(t *testing.T) {
	g := newTestGuard(1)
	hold, _ := g.heavy.Take(context.Background()) // the only slot is busy
	heavy := &graphql.RawParams{Query: `{ search(query: "x", first: 100) { edges { cursor score highlights { field fragment } node { ... on Passage { id text heading position agreements { id name kind summary } } } } } }`}
	light := &graphql.RawParams{Query: `{ corpus { version } }`}
	ctx, held := WithHeld(context.Background())
	if err := g.MutateOperationParameters(ctx, heavy); err == nil || err.Extensions["code"] != CodeUnavailable {
		t.Errorf("heavy operation with no free slot = %v; want SERVICE_UNAVAILABLE", err)
	}
	if err := g.MutateOperationParameters(ctx, light); err != nil {
		t.Errorf("light operation = %v; want it through", err)
	}
	hold() // the slot frees
	if err := g.MutateOperationParameters(ctx, heavy); err != nil || held.release == nil {
		t.Fatalf("heavy operation with a free slot = %v; want it through holding the slot", err)
	}
	if g.heavy.InUse() != 1 {
		t.Errorf("slots in use %d; want 1", g.heavy.InUse())
	}
	held.Release()
	if g.heavy.InUse() != 0 {
		t.Errorf("slots in use after the request ended %d; want 0", g.heavy.InUse())
	}
}

// BenchmarkGuardScaling doubles the input of the guard (fields, fragment
// levels, term length) from 8 to 1,024, each size a sub-benchmark, and
// fails when the time grows more than 3× per doubling, the mark of
// quadratic work.
func BenchmarkGuardScaling(b *testing.B) {
	g := newTestGuard(4)
	shapes := []struct {
		name  string
		shape func(n int) string
	}{
		{"fields", func(n int) string { return "{ corpus {" + strings.Repeat(" version", n) + " } }" }},
		{"fragment-levels", func(n int) string {
			var s strings.Builder
			fmt.Fprintf(&s, "{ corpus { ...F%d } } fragment F0 on CorpusInfo { version }", n)
			for i := 1; i <= n; i++ {
				fmt.Fprintf(&s, " fragment F%d on CorpusInfo { ...F%d ...F%d }", i, i-1, i-1)
			}
			return s.String()
		}},
		{"term-length", func(n int) string {
			return `{ search(query: "` + strings.Repeat("a", n) + `") { totalCount } }`
		}},
	}
	for _, sh := range shapes {
		perOp := map[int]int64{}
		for n := 8; n <= 1024; n *= 2 {
			q := sh.shape(n)
			b.Run(fmt.Sprintf("%s/n=%d", sh.name, n), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					g.inspect(q) // not through the cache: the work itself
				}
				perOp[n] = b.Elapsed().Nanoseconds() / int64(b.N)
			})
		}
		for n, t := range perOp {
			if half, ok := perOp[n/2]; ok && half > 0 && t > 3*half {
				b.Errorf("%s: n=%d took %dns per op, n=%d %dns: more than 3x per doubling", sh.name, n/2, half, n, t)
			}
		}
	}
}

// A search is weighed by what it does: its words, distinct facets,
// highlights and explanations, not only its page (issue 15, items 4, 5).
func TestSearchWeight(t *testing.T) {
	g := newTestGuard(4)
	words := func(n int) string { return strings.TrimSpace(strings.Repeat("misspelt ", n)) }
	weigh := func(query string, vars map[string]any) int {
		t.Helper()
		gd := g.inspect(query)
		if gd.err != nil {
			t.Fatalf("inspect(%s) = %v", query, gd.err)
		}
		cost, err := g.complexity(gd.doc, "", vars)
		if err != nil {
			t.Fatalf("complexity(%s) = %v", query, err)
		}
		return cost
	}
	cheap := weigh(`{ search(query: "nato treaty", first: 1) { totalCount } }`, nil)
	if cheap >= HeavyComplexity {
		t.Errorf("a two-word search weighs %d; want it below heavy (%d)", cheap, HeavyComplexity)
	}
	long := weigh(`query ($q: String!) { search(query: $q, first: 1) { totalCount } }`, map[string]any{"q": words(64)})
	if long < HeavyComplexity {
		t.Errorf("a 64-word search with first: 1 weighs %d; want heavy (%d or more)", long, HeavyComplexity)
	}
	facets := weigh(`{ search(query: "nato", first: 1, facets: [PARTY, KIND, DECADE, PARTY]) { totalCount } }`, nil)
	oneFacet := weigh(`{ search(query: "nato", first: 1, facets: [PARTY]) { totalCount } }`, nil)
	if facets-oneFacet != 2*facetWeight {
		t.Errorf("three distinct facets (one repeated) weigh %d more than one; want %d", facets-oneFacet, 2*facetWeight)
	}
	plain := weigh(`{ search(query: "nato", first: 100, highlight: false) { totalCount } }`, nil)
	explained := weigh(`{ search(query: "nato", first: 100, highlight: false, explain: true) { totalCount } }`, nil)
	highlighted := weigh(`{ search(query: "nato", first: 100) { totalCount } }`, nil)
	if explained-plain != 100*explainWeight || highlighted-plain != 100*highlightWeight {
		t.Errorf("explain adds %d and highlights %d for 100 hits; want %d and %d",
			explained-plain, highlighted-plain, 100*explainWeight, 100*highlightWeight)
	}
}
