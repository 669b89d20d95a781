package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// fullDoc sets every field, to check that a record round-trips.
var fullDoc = Doc{
	ID: "p-full", Type: "PASSAGE",
	Name: "Full", Aliases: []string{"Complete", "Whole"},
	Heading: "Article 5", HeadingPath: []string{"Part I", "Article 5"},
	Body:     "An armed attack against one <or more> of them & all.\nSecond line: “quoted” NATO’s.",
	Document: "nat-1949", Position: 42,
	Kinds: []string{"MULTILATERAL"}, Themes: []string{"defense"}, Parties: []string{"us", "fr"},
	Organizations: []string{"nato"}, Agreements: []string{"north-atlantic"}, Countries: []string{"us"},
	Trends: []string{"t"}, Topics: []string{"collective-defense"}, Decades: []int{1940},
	Signed: "1949-04-04T00:00:00Z",
}

func TestGet(t *testing.T) {
	ix := newIndex(t, []Doc{
		fullDoc,
		passage("a", "first body"),
		passage("b", "second body"),
		{ID: "e", Type: "AGREEMENT", Name: "No body"},
	})
	tests := []struct {
		name string
		ids  []string
		want []string
	}{
		{"order asked", []string{"b", "a"}, []string{"b", "a"}},
		{"other order", []string{"a", "p-full", "b"}, []string{"a", "p-full", "b"}},
		{"unknown ids skipped", []string{"nope", "b", "missing", "a"}, []string{"b", "a"}},
		{"only unknown", []string{"nope"}, []string{}},
		{"none", nil, []string{}},
		{"entity", []string{"e"}, []string{"e"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, err := ix.Get(context.Background(), tt.ids)
			if err != nil {
				t.Fatalf("Get(%q) error: %v", tt.ids, err)
			}
			if got := docIDs(docs); !slices.Equal(got, tt.want) {
				t.Errorf("Get(%q) = %v; want %v", tt.ids, got, tt.want)
			}
		})
	}

	t.Run("round trip", func(t *testing.T) {
		docs, err := ix.Get(context.Background(), []string{"p-full", "b", "e"})
		if err != nil {
			t.Fatalf("Get error: %v", err)
		}
		want := []Doc{fullDoc, passage("b", "second body"), {ID: "e", Type: "AGREEMENT", Name: "No body"}}
		if !reflect.DeepEqual(docs, want) {
			t.Errorf("Get(p-full, b, e) =\n%+v\nwant\n%+v", docs, want)
		}
	})

	t.Run("search hits hydrate the same", func(t *testing.T) {
		res := mustSearch(t, ix, Query{Text: "armed attack"})
		if len(res.Hits) != 1 {
			t.Fatalf("Search(%q) = %v; want [p-full]", "armed attack", hitIDs(res.Hits))
		}
		h := res.Hits[0]
		if !reflect.DeepEqual(h.Doc, fullDoc) || h.Body != fullDoc.Body {
			t.Errorf("Search(%q) hit = %+v, Body %q; want %+v", "armed attack", h.Doc, h.Body, fullDoc)
		}
	})
}

func TestCount(t *testing.T) {
	for _, n := range []int{0, 1, 5} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var docs []Doc
			for i := range n {
				docs = append(docs, passage(fmt.Sprintf("p%d", i), "text"))
			}
			ix := newIndex(t, docs)
			if got, err := ix.Count(); err != nil || got != n {
				t.Errorf("Count() = %d, %v; want %d", got, err, n)
			}
		})
	}
	t.Run("re-adding an id replaces it", func(t *testing.T) {
		ix := newIndex(t, []Doc{passage("a", "old words")})
		if err := ix.Add(context.Background(), []Doc{passage("a", "new words")}); err != nil {
			t.Fatalf("Add: %v", err)
		}
		if got, err := ix.Count(); err != nil || got != 1 {
			t.Errorf("Count() = %d, %v; want 1", got, err)
		}
		if res := mustSearch(t, ix, Query{Text: "old"}); len(res.Hits) != 0 {
			t.Errorf("Search(%q) = %v; want none", "old", hitIDs(res.Hits))
		}
	})
	t.Run("cancelled context", func(t *testing.T) {
		ix := newIndex(t, nil)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := ix.Add(ctx, []Doc{passage("a", "text")}); !errors.Is(err, context.Canceled) {
			t.Errorf("Add(cancelled) = %v; want context.Canceled", err)
		}
	})
}

// buildDir creates an index in a new directory, fills it and closes it.
func buildDir(t *testing.T, docs []Doc) string {
	t.Helper()
	dir := t.TempDir()
	ix, err := Create(dir)
	if err != nil {
		t.Fatalf("Create(%s): %v", dir, err)
	}
	if err := ix.Add(context.Background(), docs); err != nil {
		t.Fatalf("Add: %v", err)
	}
	if err := ix.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return dir
}

func TestOpen(t *testing.T) {
	t.Run("an index built by Create", func(t *testing.T) {
		dir := buildDir(t, simpleCorpus)
		ix, err := Open(dir)
		if err != nil {
			t.Fatalf("Open(%s): %v", dir, err)
		}
		defer ix.Close()
		if got, err := ix.Count(); err != nil || got != len(simpleCorpus) {
			t.Errorf("Count() = %d, %v; want %d", got, err, len(simpleCorpus))
		}
		res := mustSearch(t, ix, Query{Text: "bilateral security"})
		if got := hitIDs(complete(res)); !slices.Equal(got, []string{"a"}) {
			t.Errorf("Search(%q) on reopened index = %v; want [a]", "bilateral security", got)
		}
		// The analyzer comes back with the stored mapping: "us" is still
		// not a stop word and apostrophes still fold.
		for text, want := range map[string][]string{"us": {"e"}, "NATO’s": {"f", "g", "h"}} {
			res := mustSearch(t, ix, Query{Text: text})
			if got := sorted(hitIDs(res.Hits)); !slices.Equal(got, want) {
				t.Errorf("Search(%q) on reopened index = %v; want %v", text, got, want)
			}
		}
		if docs, err := ix.Get(context.Background(), []string{"a"}); err != nil || len(docs) != 1 || docs[0].Body != "bilateral security treaty" {
			t.Errorf("Get(a) on reopened index = %+v, %v; want the body back", docs, err)
		}
	})

	t.Run("two read-only opens at once", func(t *testing.T) {
		dir := buildDir(t, simpleCorpus)
		a, err := Open(dir)
		if err != nil {
			t.Fatalf("first Open(%s): %v", dir, err)
		}
		defer a.Close()
		b, err := Open(dir)
		if err != nil {
			t.Fatalf("second Open(%s): %v", dir, err)
		}
		defer b.Close()
		for _, ix := range []*Index{a, b} {
			if got := hitIDs(mustSearch(t, ix, Query{Text: "trade"}).Hits); !slices.Equal(got, []string{"b"}) {
				t.Errorf("Search(%q) = %v; want [b]", "trade", got)
			}
		}
	})

	t.Run("empty directory", func(t *testing.T) {
		dir := t.TempDir()
		_, err := Open(dir)
		if err == nil || !strings.Contains(err.Error(), "not a pactgraph index") || !strings.Contains(err.Error(), dir) {
			t.Errorf("Open(empty dir) = %v; want an error naming %s as not a pactgraph index", err, dir)
		}
	})

	t.Run("missing directory", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "nope")
		_, err := Open(dir)
		if err == nil || !strings.Contains(err.Error(), "not a pactgraph index") {
			t.Errorf("Open(missing dir) = %v; want not a pactgraph index", err)
		}
		if _, statErr := os.Stat(dir); !os.IsNotExist(statErr) {
			t.Errorf("Open(missing dir) created %s", dir)
		}
	})

	t.Run("a directory of other files", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("hello"), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), "not a pactgraph index") {
			t.Errorf("Open(dir of other files) = %v; want not a pactgraph index", err)
		}
	})

	// Create stores the mapping version in Bleve's internal storage, and no
	// exported function changes it, so the test reaches the Bleve index
	// inside Index to write another version, as an older build would have.
	versions := []struct {
		name  string
		write func(ix *Index) error
	}{
		{"older version", func(ix *Index) error {
			return ix.bleve.SetInternal([]byte("mapping_version"), []byte(fmt.Sprint(MappingVersion-1)))
		}},
		{"newer version", func(ix *Index) error {
			return ix.bleve.SetInternal([]byte("mapping_version"), []byte(fmt.Sprint(MappingVersion+1)))
		}},
		{"no version", func(ix *Index) error {
			return ix.bleve.DeleteInternal([]byte("mapping_version"))
		}},
	}
	for _, v := range versions {
		t.Run(v.name, func(t *testing.T) {
			dir := t.TempDir()
			ix, err := Create(dir)
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			if err := v.write(ix); err != nil {
				t.Fatalf("write version: %v", err)
			}
			if err := ix.Close(); err != nil {
				t.Fatalf("Close: %v", err)
			}
			got, err := Open(dir)
			if err == nil {
				got.Close()
				t.Fatalf("Open(index with %s) = nil error; want refusal", v.name)
			}
			if !strings.Contains(err.Error(), "mapping version") {
				t.Errorf("Open(index with %s) = %v; want a message mentioning mapping version", v.name, err)
			}
			// The refused index was closed: a second Open is refused the
			// same way instead of waiting on the lock.
			if _, err2 := Open(dir); err2 == nil || !strings.Contains(err2.Error(), "mapping version") {
				t.Errorf("second Open(index with %s) = %v; want the same refusal", v.name, err2)
			}
		})
	}

	t.Run("Create stores the current version", func(t *testing.T) {
		ix := newIndex(t, nil)
		v, err := ix.bleve.GetInternal([]byte("mapping_version"))
		if err != nil || string(v) != fmt.Sprint(MappingVersion) {
			t.Errorf("mapping_version = %q, %v; want %q", v, err, fmt.Sprint(MappingVersion))
		}
	})
}

// TestLookups counts the look-ups of each kind of search, the way a large
// index takes them: a search whose terms are in many records finds the
// page's term locations in one more look-up.
func TestLookups(t *testing.T) {
	ix := newIndex(t, simpleCorpus)
	ix.inlineMax = 0
	ctx := context.Background()
	steps := []struct {
		name string
		do   func() error
		want int64
	}{
		{"search", func() error { _, err := ix.Search(ctx, Query{Text: "bilateral", First: 10}); return err }, 2},
		// The records with every word, then those with some, in one
		// look-up that also counts the whole result; one more finds the
		// page's terms (for relevance and highlights).
		{"search with all words", func() error { _, err := ix.Search(ctx, Query{Text: "bilateral security", First: 10}); return err }, 2},
		// A page filled by the complete hits: the look-up that ranks them
		// counts them too.
		{"search with all words, a short page", func() error { _, err := ix.Search(ctx, Query{Text: "bilateral security", First: 1}); return err }, 2},
		// A tie that the page's end cuts through: one more look-up sorts
		// every match by id, so that the page holds the tie's first ids.
		{"search whose page ends in a tie", func() error { _, err := ix.Search(ctx, Query{Text: "treaty", First: 1}); return err }, 3},
		// Facets come with the hits.
		{"search with all words and facets", func() error {
			_, err := ix.Search(ctx, Query{Text: "bilateral security", First: 10, Facets: []Facet{FacetType}})
			return err
		}, 2},
		{"search with any-word fallback", func() error { _, err := ix.Search(ctx, Query{Text: "trade maritime", First: 10}); return err }, 2},
		{"search with no hits at all", func() error { _, err := ix.Search(ctx, Query{Text: "zeppelin blimp", First: 10}); return err }, 1},
		{"empty text", func() error { _, err := ix.Search(ctx, Query{Text: "", First: 10}); return err }, 1},
		{"stop words only", func() error { _, err := ix.Search(ctx, Query{Text: "the", First: 10}); return err }, 1},
		{"search with facets and highlights", func() error {
			_, err := ix.Search(ctx, Query{Text: "treaty", First: 2, Highlight: true, Facets: []Facet{FacetType, FacetKind}})
			return err
		}, 2},
		{"advanced search", func() error {
			_, err := ix.Search(ctx, Query{Text: "bilateral trade", Mode: Advanced, First: 10})
			return err
		}, 1},
		{"get", func() error { _, err := ix.Get(ctx, []string{"a", "b", "nope"}); return err }, 1},
		{"get nothing", func() error { _, err := ix.Get(ctx, nil); return err }, 0},
		{"refused search", func() error {
			if _, err := ix.Search(ctx, Query{Text: "x", First: 0}); err == nil {
				return errors.New("First 0 accepted")
			}
			return nil
		}, 0},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			before := ix.Lookups()
			if err := s.do(); err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			if got := ix.Lookups() - before; got != s.want {
				t.Errorf("%s: Lookups() grew by %d; want %d", s.name, got, s.want)
			}
		})
	}
}

// TestLookupsInline: a search whose terms are in few records gathers the
// page's term locations as it ranks, in one look-up, and highlights and
// relevance come out as the second look-up gives them.
func TestLookupsInline(t *testing.T) {
	ix := newIndex(t, simpleCorpus)
	ctx := context.Background()
	for _, q := range []Query{
		{Text: "bilateral security", First: 10, Highlight: true},
		{Text: "north atlantic treaty", First: 3, Highlight: true},
		{Text: "tready", First: 10, Highlight: true},
		{Text: `"security agreement" trade`, First: 10, Highlight: true},
	} {
		ix.inlineMax = inlineLocations
		before := ix.Lookups()
		inline, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if got := ix.Lookups() - before; got != 1 {
			t.Errorf("%q: %d look-ups; want 1", q.Text, got)
		}
		ix.inlineMax = 0
		apart, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(inline.Hits) == 0 || !reflect.DeepEqual(strip(inline.Hits), strip(apart.Hits)) {
			t.Errorf("%q: hits with locations gathered inline differ from those of a second look-up:\n%+v\n%+v", q.Text, strip(inline.Hits), strip(apart.Hits))
		}
	}
}

// strip leaves out what only the way a hit was found sets.
func strip(hits []Hit) []Hit {
	out := slices.Clone(hits)
	for i := range out {
		out[i].locations = nil
	}
	return out
}

func TestSearchContext(t *testing.T) {
	ix := newIndex(t, simpleCorpus)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, Query{Text: "bilateral", First: 10}); !errors.Is(err, context.Canceled) {
		t.Errorf("Search(cancelled) error = %v; want context.Canceled", err)
	}
	if _, err := ix.Get(ctx, []string{"a"}); !errors.Is(err, context.Canceled) {
		t.Errorf("Get(cancelled) error = %v; want context.Canceled", err)
	}
	if !IsTimeout(fmt.Errorf("wrapped: %w", context.DeadlineExceeded)) || IsTimeout(context.Canceled) {
		t.Errorf("IsTimeout: want true for DeadlineExceeded only")
	}
}

// The slow lifecycle tests run in parallel with each other: one waits for
// Open's lock timeout, the other for a stuck Add.

func TestOpenLocked(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ix, err := Create(dir)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	defer ix.Close()
	start := time.Now()
	got, err := Open(dir)
	if err == nil {
		got.Close()
		t.Fatalf("Open(%s) while Create holds it = nil error; want ErrLocked", dir)
	}
	if !errors.Is(err, ErrLocked) {
		t.Errorf("Open(%s) while Create holds it = %v; want ErrLocked", dir, err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Open(%s) while locked took %v; want within seconds", dir, d)
	}
}

func TestReadOnlyAdd(t *testing.T) {
	t.Parallel()
	dir := buildDir(t, simpleCorpus)
	ix, err := Open(dir)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	done := make(chan error, 1)
	go func() { done <- ix.Add(context.Background(), []Doc{passage("new", "text")}) }()
	select {
	case err := <-done:
		if err == nil {
			t.Errorf("Add on a read-only index = nil; want an error")
		}
		ix.Close()
	case <-time.After(time.Second):
		// Left open: Close would wait on the stuck batch.
		t.Errorf("Add on a read-only index did not return within 1s; want an error at once")
	}
}

// TestAddBatches: records added in several batches, each mapped while
// the one before is written, are all found and reported; a record whose
// id comes twice is the later one; a cancelled context stops Add with its
// error.
func TestAddBatches(t *testing.T) {
	t.Parallel()
	ix, err := Create("")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var docs []Doc
	for i := range 3*BatchSize + 10 {
		docs = append(docs, passage(fmt.Sprintf("p%05d", i), fmt.Sprintf("record number%d", i)))
	}
	docs[5] = passage("twice", "first wording alpha")
	docs = append(docs, passage("twice", "second wording omega"))
	var reports []int
	if err := ix.AddReporting(context.Background(), docs, func(n int) { reports = append(reports, n) }); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Count(); n != len(docs)-1 {
		t.Errorf("Count = %d; want %d", n, len(docs)-1)
	}
	if len(reports) != 4 || reports[3] != len(docs) || !slices.IsSorted(reports) {
		t.Errorf("reports %v; want four, growing to %d", reports, len(docs))
	}
	for _, i := range []int{0, BatchSize - 1, BatchSize, 2*BatchSize + 7, 3*BatchSize + 9} {
		if got := hitIDs(mustSearch(t, ix, Query{Text: fmt.Sprintf("number%d", i)}).Hits); !slices.Equal(got, []string{fmt.Sprintf("p%05d", i)}) {
			t.Errorf("search number%d = %v; want its record", i, got)
		}
	}
	if got := hitIDs(mustSearch(t, ix, Query{Text: "omega"}).Hits); !slices.Equal(got, []string{"twice"}) {
		t.Errorf("search omega = %v; want the later record of id twice", got)
	}
	if got := mustSearch(t, ix, Query{Text: "alpha"}).Hits; len(got) != 0 {
		t.Errorf("search alpha = %v; want nothing: the earlier record of id twice was replaced", hitIDs(got))
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := ix.Add(ctx, docs[:2*BatchSize]); !errors.Is(err, context.Canceled) {
		t.Errorf("Add with a cancelled context = %v; want context.Canceled", err)
	}
}
