package search

import (
	"cmp"
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// pagingCorpus has passages in three documents, with positions that sort
// differently as numbers and as text (2 < 10), duplicate positions, equal
// scores (identical bodies), and entities that have no document.
func pagingCorpus() []Doc {
	var docs []Doc
	bodies := []string{
		"accord",
		"accord accord on trade",
		"an accord between two states on fisheries and shipping lanes",
		"accord accord accord",
		"regional accord",
		"regional accord", // the same body as the one before: equal scores
		"regional accord",
		"covenant on rights",
		"the covenant and the charter",
	}
	positions := []int{10, 2, 1, 2, 30, 7, 100}
	n := 0
	for d := 1; d <= 3; d++ {
		for i, pos := range positions {
			n++
			docs = append(docs, Doc{
				ID:       fmt.Sprintf("p%02d", n),
				Type:     "PASSAGE",
				Document: fmt.Sprintf("doc%d", 4-d), // ids and documents sort differently
				Position: pos,
				Body:     bodies[(n+i)%len(bodies)],
				Kinds:    []string{[]string{"BILATERAL", "MULTILATERAL"}[n%2]},
			})
		}
	}
	docs = append(docs,
		Doc{ID: "e-accord", Type: "AGREEMENT", Name: "Accord", Body: "an accord"},
		Doc{ID: "e-covenant", Type: "AGREEMENT", Name: "Covenant"},
		Doc{ID: "e-org", Type: "ORGANIZATION", Name: "League", Body: "a league of states"},
	)
	return docs
}

// walk pages through q with page size first, following the cursor of the
// last hit of each page, and returns the ids seen in order.
func walk(t *testing.T, ix *Index, q Query, first int) []string {
	t.Helper()
	var ids []string
	q.First = first
	q.After = ""
	for page := 1; ; page++ {
		if page > 200 {
			t.Fatalf("walk(%q, first %d): more than 200 pages", q.Text, first)
		}
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatalf("walk(%q, first %d) page %d: %v", q.Text, first, page, err)
		}
		if len(res.Hits) > first {
			t.Fatalf("walk(%q, first %d) page %d: %d hits", q.Text, first, page, len(res.Hits))
		}
		ids = append(ids, hitIDs(res.Hits)...)
		if res.HasNext != (len(ids) < res.Total) {
			t.Errorf("walk(%q, first %d) page %d: HasNext %v after %d of %d hits", q.Text, first, page, res.HasNext, len(ids), res.Total)
		}
		if !res.HasNext {
			return ids
		}
		if len(res.Hits) != first {
			t.Fatalf("walk(%q, first %d) page %d: %d hits with HasNext; want a full page", q.Text, first, page, len(res.Hits))
		}
		q.After = res.Hits[len(res.Hits)-1].Cursor
	}
}

func TestPagingWalk(t *testing.T) {
	ix := newIndex(t, pagingCorpus())
	queries := []struct {
		name string
		q    Query
	}{
		{"relevance", Query{Text: "accord", Order: Relevance}},
		{"relevance, two words", Query{Text: "regional accord"}},
		{"relevance, any-word fallback", Query{Text: "accord covenant"}},
		{"relevance, all records", Query{Text: ""}},
		{"relevance, filtered", Query{Text: "accord", Filter: Filter{Kinds: []string{"BILATERAL"}}}},
		{"position, all records", Query{Text: "", Order: Position}},
		{"position, passages", Query{Text: "", Order: Position, Types: []string{"PASSAGE"}}},
		{"position, text", Query{Text: "accord", Order: Position}},
	}
	for _, qq := range queries {
		t.Run(qq.name, func(t *testing.T) {
			all := mustSearch(t, ix, qq.q)
			want := hitIDs(all.Hits)
			if len(want) < 5 || all.HasNext {
				t.Fatalf("Search(%q) = %d hits, HasNext %v; the fixture needs 5 to 100", qq.q.Text, len(want), all.HasNext)
			}
			if len(want) != all.Total {
				t.Fatalf("Search(%q) = %d hits; Total %d", qq.q.Text, len(want), all.Total)
			}
			for _, first := range []int{1, 2, 3, 7} {
				if got := walk(t, ix, qq.q, first); !slices.Equal(got, want) {
					t.Errorf("walk(%q, first %d) = %v; want %v", qq.q.Text, first, got, want)
				}
			}
		})
	}
}

func TestPositionOrder(t *testing.T) {
	docs := pagingCorpus()
	ix := newIndex(t, docs)
	var passages []Doc
	for _, d := range docs {
		if d.Type == "PASSAGE" {
			passages = append(passages, d)
		}
	}
	slices.SortFunc(passages, func(a, b Doc) int {
		return cmp.Or(cmp.Compare(a.Document, b.Document), cmp.Compare(a.Position, b.Position), cmp.Compare(a.ID, b.ID))
	})
	want := docIDs(passages)
	res := mustSearch(t, ix, Query{Text: "", Order: Position, Types: []string{"PASSAGE"}})
	if got := hitIDs(res.Hits); !slices.Equal(got, want) {
		t.Errorf("Search(%q, POSITION) = %v; want %v", "", got, want)
	}
	// The same order holds when text selects some of them.
	var withAccord []string
	for _, d := range passages {
		if strings.Contains(d.Body, "accord") {
			withAccord = append(withAccord, d.ID)
		}
	}
	res = mustSearch(t, ix, Query{Text: "accord", Order: Position, Types: []string{"PASSAGE"}})
	if got := hitIDs(res.Hits); !slices.Equal(got, withAccord) {
		t.Errorf("Search(%q, POSITION) = %v; want %v", "accord", got, withAccord)
	}
}

func TestRelevanceOrderIsByScoreThenID(t *testing.T) {
	ix := newIndex(t, pagingCorpus())
	res := mustSearch(t, ix, Query{Text: "accord"})
	for i := 1; i < len(res.Hits); i++ {
		a, b := res.Hits[i-1], res.Hits[i]
		if a.Score < b.Score || (a.Score == b.Score && a.Doc.ID > b.Doc.ID) {
			t.Errorf("Search(%q): %s (%v) before %s (%v); want score desc then id asc", "accord", a.Doc.ID, a.Score, b.Doc.ID, b.Score)
		}
	}
}

func TestFirstAndHasNext(t *testing.T) {
	ix := newIndex(t, pagingCorpus())
	total := mustSearch(t, ix, Query{Text: "accord"}).Total
	tests := []struct {
		first    int
		wantHits int
		wantNext bool
	}{
		{1, 1, true},
		{total - 1, total - 1, true},
		{total, total, false},
		{total + 1, total, false},
		{MaxFirst, total, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.first), func(t *testing.T) {
			res := mustSearch(t, ix, Query{Text: "accord", First: tt.first})
			if len(res.Hits) != tt.wantHits || res.HasNext != tt.wantNext || res.Total != total {
				t.Errorf("Search(%q, first %d) = %d hits, HasNext %v, Total %d; want %d, %v, %d",
					"accord", tt.first, len(res.Hits), res.HasNext, res.Total, tt.wantHits, tt.wantNext, total)
			}
		})
	}
}

func TestCursorErrors(t *testing.T) {
	ix := newIndex(t, pagingCorpus())
	base := Query{Text: "accord", Mode: Simple, Order: Relevance, First: 2}
	page := mustSearch(t, ix, base)
	cursor := page.Hits[len(page.Hits)-1].Cursor
	posQ := Query{Text: "accord", Order: Position, First: 2}
	posPage := mustSearch(t, ix, posQ)
	posCursor := posPage.Hits[len(posPage.Hits)-1].Cursor
	fp := base.fingerprint()

	// The valid cursor works, also with another page size, highlights and
	// facets, which do not change the list.
	for _, q := range []Query{base, {Text: "accord", First: 5, Highlight: true, Facets: []Facet{FacetKind}}} {
		q.After = cursor
		if _, err := ix.Search(context.Background(), q); err != nil {
			t.Fatalf("Search(%q) with its own cursor: %v", q.Text, err)
		}
	}

	b64 := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name  string
		q     Query
		after string
	}{
		{"garbage", base, "!!not a cursor!!"},
		{"base64 of garbage", base, b64("hello")},
		{"empty json", base, b64("{}")},
		{"too long", base, b64(`{"q":1,"a":["` + strings.Repeat("x", 2000) + `"]}`)},
		{"another text", Query{Text: "covenant", First: 2}, cursor},
		{"another mode", Query{Text: "accord", Mode: Advanced, First: 2}, cursor},
		{"another filter", Query{Text: "accord", First: 2, Filter: Filter{Kinds: []string{"BILATERAL"}}}, cursor},
		{"another types", Query{Text: "accord", First: 2, Types: []string{"PASSAGE"}}, cursor},
		{"another order", Query{Text: "accord", First: 2, Order: Position}, cursor},
		{"position cursor on relevance", base, posCursor},
		{"one sort value", base, encodeCursor(fp, []string{"1.5"})},
		{"three sort values", base, encodeCursor(fp, []string{"1.5", "p01", "x"})},
		{"no sort values", base, encodeCursor(fp, nil)},
		// Forged scores: each would page from the start again.
		{"an infinite score", base, encodeCursor(fp, []string{"+Inf", "p01"})},
		{"a score that is not a number", base, encodeCursor(fp, []string{"NaN", "p01"})},
		{"a negative score", base, encodeCursor(fp, []string{"-1", "p01"})},
		{"a score that is a word", base, encodeCursor(fp, []string{"high", "p01"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.q
			q.After = tt.after
			before := ix.Lookups()
			_, err := ix.Search(context.Background(), q)
			if errKind(err) != "input" || inputErrorArg(err) != "after" {
				t.Errorf("Search(%q, after %.20q) error = %v (%s); want *InputError with Arg \"after\"", q.Text, tt.after, err, errKind(err))
			}
			if n := ix.Lookups() - before; n != 0 {
				t.Errorf("Search(%q) with a bad cursor ran %d look-ups; want 0", q.Text, n)
			}
		})
	}
}

func TestInputLimits(t *testing.T) {
	ix := newIndex(t, pagingCorpus())
	words := func(n int) string { return strings.TrimSpace(strings.Repeat("accord ", n)) }
	tests := []struct {
		name    string
		q       Query
		wantArg string // "" means no error
	}{
		{"first 0", Query{Text: "accord", First: 0}, "first"},
		{"first -1", Query{Text: "accord", First: -1}, "first"},
		{"first 101", Query{Text: "accord", First: 101}, "first"},
		{"first 1", Query{Text: "accord", First: 1}, ""},
		{"first 100", Query{Text: "accord", First: 100}, ""},
		{"1024 bytes", Query{Text: strings.Repeat("a", 1024), First: 10}, ""},
		{"1025 bytes", Query{Text: strings.Repeat("a", 1025), First: 10}, "query"},
		{"60 KB term", Query{Text: strings.Repeat("a", 60*1024), First: 10}, "query"},
		{"1025 bytes of multi-byte runes", Query{Text: strings.Repeat("é", 512) + "a", First: 10}, "query"},
		{"64 words", Query{Text: words(64), First: 10}, ""},
		{"65 words", Query{Text: words(65), First: 10}, "query"},
		{"65 words advanced", Query{Text: words(65), Mode: Advanced, First: 10}, "query"},
		{"invalid UTF-8", Query{Text: "accord \xff\xfe", First: 10}, "query"},
		{"invalid UTF-8 advanced", Query{Text: "name:\xc3", Mode: Advanced, First: 10}, "query"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ix.Search(context.Background(), tt.q)
			if tt.wantArg == "" {
				if err != nil {
					t.Errorf("Search(%.40q, first %d) error = %v; want none", tt.q.Text, tt.q.First, err)
				}
				return
			}
			if errKind(err) != "input" || inputErrorArg(err) != tt.wantArg {
				t.Errorf("Search(%.40q, first %d) error = %v (%s); want *InputError with Arg %q", tt.q.Text, tt.q.First, err, errKind(err), tt.wantArg)
			}
		})
	}
}
