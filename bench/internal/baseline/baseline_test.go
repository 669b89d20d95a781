package baseline

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"pactgraph/search"
)

var docs = []search.Doc{
	{ID: "passage:d:1", Type: "PASSAGE", Heading: "Alliances", Body: "A treaty of mutual defence binds the parties."},
	{ID: "passage:d:2", Type: "PASSAGE", Heading: "Control", Body: "Arms control and verification of weapons."},
	{ID: "agreement:x", Type: "AGREEMENT", Name: "Pact of Mutual Assistance", Aliases: []string{"PMA"}},
}

func TestRecords(t *testing.T) {
	got := Records(docs)
	if len(got) != 3 || got[0].Text != "Alliances\nA treaty of mutual defence binds the parties." || got[2].Text != "Pact of Mutual Assistance\nPMA" {
		t.Errorf("Records = %q", got)
	}
}

func TestSearch(t *testing.T) {
	idx, err := Build("", Records(docs))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	res, err := Search(context.Background(), idx, "mutual defences", 10)
	if err != nil {
		t.Fatal(err)
	}
	// The English analyzer stems "defences"; BM25 ranks the passage with
	// both words first, the agreement with one after it.
	if res.TotalCount != 2 || len(res.Hits) != 2 || res.Hits[0].ID != "passage:d:1" || res.Hits[1].ID != "agreement:x" {
		t.Fatalf("Search = %+v; want passage:d:1 then agreement:x", res)
	}
	if len(res.Hits[0].Highlights) == 0 || !strings.Contains(res.Hits[0].Highlights[0].Fragment, "<mark>defence</mark>") {
		t.Errorf("highlights = %+v; want defence marked", res.Hits[0].Highlights)
	}
	if res, _ := Search(context.Background(), idx, "mutual", 1); len(res.Hits) != 1 || res.TotalCount != 2 {
		t.Errorf("size 1: %+v; want one hit of two", res)
	}
	if idx.Mapping().(interface{ AnalyzerNameForPath(string) string }).AnalyzerNameForPath(Field) != "en" {
		t.Error("the text field is not analysed as English")
	}
}

func TestHandler(t *testing.T) {
	idx, err := Build("", Records(docs))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	h := Handler(idx)
	serve := func(method, target, body string) (int, Response) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(method, target, strings.NewReader(body)))
		var out Response
		json.Unmarshal(rec.Body.Bytes(), &out)
		return rec.Code, out
	}
	for _, c := range []struct{ method, target, body string }{
		{"POST", "/search", `{"query": "verification"}`},
		{"GET", "/search?q=verification&first=5", ""},
	} {
		status, out := serve(c.method, c.target, c.body)
		if status != http.StatusOK || out.TotalCount != 1 || len(out.Hits) != 1 || out.Hits[0].ID != "passage:d:2" || len(out.Hits[0].Highlights) == 0 {
			t.Errorf("%s %s = %d %+v; want passage:d:2 highlighted", c.method, c.target, status, out)
		}
	}
	for _, c := range []struct{ method, target, body string }{
		{"POST", "/search", `not json`}, {"POST", "/search", `{"query": " "}`},
		{"POST", "/search", `{"query": "x", "first": 1000}`}, {"GET", "/search?q=x&first=ten", ""},
	} {
		if status, out := serve(c.method, c.target, c.body); status != http.StatusBadRequest || out.Error == "" {
			t.Errorf("%s %s %s = %d %+v; want 400 with an error", c.method, c.target, c.body, status, out)
		}
	}
	if status, _ := serve("GET", "/readyz", ""); status != http.StatusOK {
		t.Errorf("/readyz = %d", status)
	}
}

func TestOpenOrBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "plain")
	calls := 0
	recs := func() ([]Record, error) { calls++; return Records(docs), nil }
	for i, wantBuilt := range []bool{true, false} {
		idx, built, err := OpenOrBuild(dir, recs)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := idx.DocCount()
		idx.Close()
		if built != wantBuilt || n != 3 || calls != 1 {
			t.Errorf("open %d: built %v, %d records, records asked %d times; want built %v, 3, once", i, built, n, calls, wantBuilt)
		}
	}
	failing := func() ([]Record, error) { return nil, errors.New("no corpus") }
	if _, _, err := OpenOrBuild(filepath.Join(t.TempDir(), "other"), failing); err == nil {
		t.Error("OpenOrBuild with failing records: no error")
	}
}
