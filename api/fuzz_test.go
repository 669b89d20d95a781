package api_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"pactgraph/api"
	"pactgraph/graph"
)

// handlerSeeds are documents of every shape the guard sees (the seeds of
// graph's FuzzOperationGuard).
var handlerSeeds = []string{
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

// FuzzHandler: any POST body gets a bounded JSON answer, never a panic or a
// 5xx, from the real handler (without an index: resolvers that need one are
// not reached by the document errors this explores, and those that are
// answer INTERNAL_SERVER_ERROR, which is still a bounded answer).
func FuzzHandler(f *testing.F) {
	for _, s := range handlerSeeds {
		b := []byte(`{"query":` + quote(s) + `}`)
		f.Add(b)
	}
	f.Add([]byte(`[{"query":"{corpus{version}}"}]`))
	f.Add([]byte("\xff\xfe"))
	f.Add([]byte(`{"query":"{corpus{version}}","variables":{"n":1e12}}`))
	h := api.NewHandler(api.Options{Snapshots: api.NewSnapshots(&graph.State{})})
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
