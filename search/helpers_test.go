package search

import (
	"context"
	"errors"
	"slices"
	"testing"
)

// newIndex builds a real on-disk scorch index in a temporary directory from
// docs and closes it when the test ends.
func newIndex(t *testing.T, docs []Doc) *Index {
	t.Helper()
	ix, err := Create(t.TempDir())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	t.Cleanup(func() {
		if err := ix.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	if err := ix.Add(context.Background(), docs); err != nil {
		t.Fatalf("Add(%d docs): %v", len(docs), err)
	}
	return ix
}

// passage is a passage Doc with a body.
func passage(id, body string) Doc {
	return Doc{ID: id, Type: "PASSAGE", Body: body}
}

// mustSearch runs q and fails the test on error. A zero First means
// MaxFirst, so that tests about membership see every hit.
func mustSearch(t *testing.T, ix *Index, q Query) *Result {
	t.Helper()
	if q.First == 0 {
		q.First = MaxFirst
	}
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%q) error: %v", q.Text, err)
	}
	return res
}

// hitIDs is the ids of hits in order.
func hitIDs(hits []Hit) []string {
	ids := []string{}
	for _, h := range hits {
		ids = append(ids, h.Doc.ID)
	}
	return ids
}

// docIDs is the ids of docs in order.
func docIDs(docs []Doc) []string {
	ids := []string{}
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	return ids
}

// sorted returns a sorted copy, for comparing sets of ids.
func sorted(ids []string) []string {
	out := slices.Clone(ids)
	if out == nil {
		out = []string{}
	}
	slices.Sort(out)
	return out
}

// errKind names the error type the package returns: nil, input, query,
// cost or other.
func errKind(err error) string {
	var (
		ie *InputError
		qe *QueryError
		ce *CostError
	)
	switch {
	case err == nil:
		return "nil"
	case errors.As(err, &ie):
		return "input"
	case errors.As(err, &qe):
		return "query"
	case errors.As(err, &ce):
		return "cost"
	}
	return "other"
}

// inputErrorArg is the Arg of err when it is an *InputError, else "".
func inputErrorArg(err error) string {
	var ie *InputError
	if errors.As(err, &ie) {
		return ie.Arg
	}
	return ""
}

// complete is what a search matched in full: its hits with every word, or
// all of them when none has every word and the search fell back to any.
func complete(res *Result) []Hit {
	if res.Partial {
		return res.Hits
	}
	var out []Hit
	for _, h := range res.Hits {
		if !h.Partial {
			out = append(out, h)
		}
	}
	return out
}
