package api_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pactgraph/api"
	"pactgraph/graph"
)

// handlerSeeds are the documents graph's FuzzOperationGuard starts from
// (graph/testdata/guard-seeds.graphql, one a line), and the empty one.
func handlerSeeds(f *testing.F) []string {
	f.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "graph", "testdata", "guard-seeds.graphql"))
	if err != nil {
		f.Fatal(err)
	}
	return append(strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n"), "")
}

// FuzzHandler: any POST body gets a bounded JSON answer, never a panic or a
// 5xx, from the real handler (without an index: resolvers that need one are
// not reached by the document errors this explores, and those that are
// answer INTERNAL_SERVER_ERROR, which is still a bounded answer).
func FuzzHandler(f *testing.F) {
	for _, s := range handlerSeeds(f) {
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
