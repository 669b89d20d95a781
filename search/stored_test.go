package search

import (
	"context"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// TestLoadStored: a hit's record is read at its document number; a number
// that holds another record, or none (the index changed after the search
// saw it), is found again by its id.
func TestLoadStored(t *testing.T) {
	ix := newIndex(t, []Doc{passage("a", "alpha pact"), passage("b", "beta pact")})
	res, err := ix.bleve.SearchInContext(context.Background(), bleve.NewSearchRequest(query.NewMatchAllQuery()))
	if err != nil || len(res.Hits) != 2 {
		t.Fatalf("match all = %v, %v; want 2 hits", res, err)
	}
	numberOf := map[string]index.IndexInternalID{}
	for _, h := range res.Hits {
		numberOf[h.ID] = h.IndexInternalID
	}
	outOfRange := make(index.IndexInternalID, 8)
	outOfRange.SetValue(1 << 40)
	for _, tc := range []struct {
		name, id string
		number   index.IndexInternalID
	}{
		{"its own number", "a", numberOf["a"]},
		{"another record's number", "a", numberOf["b"]},
		{"a number past the end", "b", outOfRange},
		{"no number", "b", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := &search.DocumentMatch{ID: tc.id, IndexInternalID: tc.number}
			if err := ix.loadStored([]*search.DocumentMatch{h}); err != nil {
				t.Fatalf("loadStored: %v", err)
			}
			var hit Hit
			if err := hydrate(h.Fields, &hit); err != nil {
				t.Fatalf("hydrate: %v", err)
			}
			want := map[string]string{"a": "alpha pact", "b": "beta pact"}[tc.id]
			if hit.Doc.ID != tc.id || hit.Body != want {
				t.Errorf("loaded %s %q; want %s %q", hit.Doc.ID, hit.Body, tc.id, want)
			}
		})
	}
	if err := ix.loadStored([]*search.DocumentMatch{{ID: "gone"}}); err == nil {
		t.Errorf("loadStored of a record not in the index: no error")
	}
}
