package baseline

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"pactgraph/search"
)

func TestHandler(t *testing.T) {
	ix, err := search.Create("")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	err = ix.Add(context.Background(), []search.Doc{
		{ID: "passage:d:1", Type: "PASSAGE", Heading: "Alliances", Body: "a treaty of mutual defence", Document: "document:d", Position: 1},
		{ID: "passage:d:2", Type: "PASSAGE", Heading: "Control", Body: "arms control and verification", Document: "document:d", Position: 2},
	})
	if err != nil {
		t.Fatal(err)
	}
	h := Handler(ix)
	serve := func(method, path, body string) (int, Response) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(method, path, strings.NewReader(body)))
		var out Response
		json.Unmarshal(rec.Body.Bytes(), &out)
		return rec.Code, out
	}
	status, out := serve("POST", "/search", `{"query": "mutual defence"}`)
	if status != http.StatusOK || out.TotalCount != 1 || len(out.Hits) != 1 || out.Hits[0].ID != "passage:d:1" ||
		out.Hits[0].Heading != "Alliances" || len(out.Hits[0].Highlights) == 0 {
		t.Errorf("search = %d %+v; want passage:d:1 with its heading and highlights", status, out)
	}
	status, out = serve("POST", "/search", `{"query": "control", "highlight": false, "facets": ["type"]}`)
	if status != http.StatusOK || len(out.Hits) != 1 || len(out.Hits[0].Highlights) != 0 || len(out.Facets) != 1 || out.Facets[0].Buckets[0].Value != "PASSAGE" {
		t.Errorf("unhighlighted faceted search = %d %+v", status, out)
	}
	for _, body := range []string{`not json`, `{"query": "*fence*", "mode": "ADVANCED"}`, `{"query": "x", "first": 1000}`} {
		if status, out := serve("POST", "/search", body); status != http.StatusBadRequest || out.Error == nil {
			t.Errorf("POST %s = %d %+v; want 400 with an error", body, status, out)
		}
	}
	if status, _ := serve("GET", "/readyz", ""); status != http.StatusOK {
		t.Errorf("/readyz = %d", status)
	}
}
