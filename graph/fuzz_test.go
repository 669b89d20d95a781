package graph

import (
	"bytes"
	"net/http"
	"net/http/httptest"
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
	g := newOperationGuard(DefaultLimits, schema, 4, time.Second)
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

// FuzzHandler: any POST body gets a bounded JSON answer, never a panic or a
// 5xx, from the real handler (without an index: resolvers that need one are
// not reached by the document errors this explores, and those that are
// answer INTERNAL_SERVER_ERROR, which is still a bounded answer).
func FuzzHandler(f *testing.F) {
	for _, s := range guardSeeds {
		b := []byte(`{"query":` + quote(s) + `}`)
		f.Add(b)
	}
	f.Add([]byte(`[{"query":"{corpus{version}}"}]`))
	f.Add([]byte("\xff\xfe"))
	f.Add([]byte(`{"query":"{corpus{version}}","variables":{"n":1e12}}`))
	empty := &State{}
	h := NewHandler(Options{State: func() *State { return empty }})
	f.Fuzz(func(t *testing.T, body []byte) {
		req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 && rec.Code != http.StatusServiceUnavailable {
			if !bytes.Contains(rec.Body.Bytes(), []byte("INTERNAL_SERVER_ERROR")) {
				t.Fatalf("status %d: %s", rec.Code, rec.Body.Bytes())
			}
		}
		if rec.Body.Len() > 1<<20 {
			t.Fatalf("answer of %d bytes", rec.Body.Len())
		}
	})
}

func quote(s string) string {
	var b bytes.Buffer
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
