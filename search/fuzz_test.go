package search

import (
	"context"
	"errors"
	"testing"
	"time"
)

// FuzzSearchText: any search text, in either mode, is answered quickly with
// hits or with one of the package's own errors; never a panic, never a
// Bleve error, never an expansion that runs for seconds.
func FuzzSearchText(f *testing.F) {
	for _, s := range []string{
		"nato", "US-Japan", `"flexibility in terms"`, "-bilateral multilateral", "*", "*a*", "body:*",
		"/.*/", "/(a|aa)*b/", "a*", "ab~2", "abc~9", "multilaterl~1", `+-!(){}[]^"~*?:\/`, `"unclosed`,
		"field:/[/", "_id:x", "signed:>=\"1990-01-01\"", "kind:BILATERAL agreem*", "b-c-d-e-f~2", "\x00\u202e",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, text string, advanced bool) {
		ix := fuzzIndex(t)
		q := Query{Text: text, First: 10, Highlight: true, Facets: []Facet{FacetType, FacetKind}}
		if advanced {
			q.Mode = Advanced
		}
		start := time.Now()
		_, err := ix.Search(context.Background(), q)
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("Search(%q) took %v", text, d)
		}
		var inErr *InputError
		var qErr *QueryError
		var costErr *CostError
		if err != nil && !errors.As(err, &inErr) && !errors.As(err, &qErr) && !errors.As(err, &costErr) {
			t.Fatalf("Search(%q, advanced=%v) = %v; want hits or a package error", text, advanced, err)
		}
	})
}

var fuzzIx *Index

func fuzzIndex(t *testing.T) *Index {
	if fuzzIx != nil {
		return fuzzIx
	}
	ix, err := Create("") // in memory: the fuzzer runs many processes
	if err != nil {
		t.Fatal(err)
	}
	docs := []Doc{
		{ID: "agreement:a", Type: "AGREEMENT", Name: "North Atlantic Treaty", Aliases: []string{"Washington Treaty", "NATO"}, Body: "A collective defense agreement.", Kinds: []string{"MULTILATERAL"}, Signed: "1949-04-04T00:00:00Z"},
		{ID: "agreement:b", Type: "AGREEMENT", Name: "Treaty of Mutual Cooperation and Security", Aliases: []string{"US-Japan Security Treaty"}, Body: "Bilateral.", Kinds: []string{"BILATERAL"}, Signed: "1960-01-19T00:00:00Z"},
		{ID: "passage:d:1", Type: "PASSAGE", Heading: "Flexibility in Terms", Body: "Flexibility in terms refers to the ability of parties in bilateral agreements to adjust terms.", Document: "document:d", Position: 1},
		{ID: "passage:d:2", Type: "PASSAGE", Heading: "Multilateral", Body: "Multilateral agreements involve NATO’s members and the US–Japan alliance.", Document: "document:d", Position: 2},
	}
	if err := ix.Add(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	fuzzIx = ix
	return ix
}
