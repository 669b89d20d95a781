package search

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// fileSegments is how many segments an on-disk index's root holds, and
// how many segment files its directory keeps.
func fileSegments(t *testing.T, ix *Index, dir string) (root, files int) {
	t.Helper()
	adv, err := ix.bleve.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	n, _ := adv.(*scorch.Scorch).StatsMap()["num_root_filesegments"].(uint64)
	zaps, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	return int(n), len(zaps)
}

// TestCompact: an index added in several batches holds a segment per
// batch; compacted, it holds one, keeps no file of the others, and
// answers every search as before.
func TestCompact(t *testing.T) {
	dir := t.TempDir()
	ix, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	words := []string{"alliance", "treaty", "defence", "pact", "nuclear", "accord"}
	var docs []Doc
	for i := range 3*BatchSize + 10 {
		body := fmt.Sprintf("%s %s number %d", words[i%len(words)], words[(i/len(words))%len(words)], i)
		docs = append(docs, passage(fmt.Sprintf("p%05d", i), body))
	}
	if err := ix.Add(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	// Scorch may have merged the batches' segments already, on disk or
	// as it wrote them; a record added alone is a segment of its own,
	// in memory until the persister writes it.
	adv, err := ix.bleve.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; rootSegments(adv.(*scorch.Scorch)) < 2; i++ {
		if i == 20 {
			t.Fatalf("%d batches left %d segments; the test needs several", 4+i, rootSegments(adv.(*scorch.Scorch)))
		}
		if err := ix.Add(context.Background(), []Doc{passage(fmt.Sprintf("q%02d", i), "alliance treaty")}); err != nil {
			t.Fatal(err)
		}
	}
	before := map[string][]string{}
	for _, text := range []string{"alliance treaty", "nuclear", "pact accord number"} {
		before[text] = hitIDs(mustSearch(t, ix, Query{Text: text, First: 50}).Hits)
	}
	if err := ix.Compact(context.Background()); err != nil {
		t.Fatalf("Compact: %v", err)
	}
	if root, files := fileSegments(t, ix, dir); root != 1 || files != 1 {
		t.Errorf("after Compact: %d segments in the root, %d segment files; want 1 and 1", root, files)
	}
	for text, want := range before {
		if got := hitIDs(mustSearch(t, ix, Query{Text: text, First: 50}).Hits); !slices.Equal(got, want) {
			t.Errorf("Search(%q) after Compact = %s; want %s", text, strings.Join(got, " "), strings.Join(want, " "))
		}
	}
}

// TestCompactInMemory: an index in memory is left as it is, at once.
func TestCompactInMemory(t *testing.T) {
	ix, err := Create("")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Add(context.Background(), []Doc{passage("a", "alliance")}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Compact(context.Background()); err != nil {
		t.Fatalf("Compact: %v", err)
	}
	if got := hitIDs(mustSearch(t, ix, Query{Text: "alliance"}).Hits); !slices.Equal(got, []string{"a"}) {
		t.Errorf("Search after Compact = %v; want [a]", got)
	}
}

// TestLanguagesCountedWhenCompacted: the records of each language are
// counted right in a compacted index on disk, where the counts of Bleve's
// dictionary went wrong (1 for the treaty texts' 1,590 Dutch records), and
// an English search with a word Dutch also holds ("of") was then read as
// Dutch.
func TestLanguagesCountedWhenCompacted(t *testing.T) {
	dir := t.TempDir()
	ix, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	want := map[string]int{"en": 0, "fr": 0, "nl": 0}
	// English records in every batch, Dutch ones from the second on, and
	// one French record: a code held by one record only is stored in
	// Bleve's "1-hit" form, and the dictionary then counted every code
	// after it as 1.
	for batch := range 4 {
		var docs []Doc
		if batch == 1 {
			f := passage("fr", "la dénonciation du traité par une des parties")
			f.Language = "fr"
			docs = append(docs, f)
		}
		for i := range 40 {
			d := passage(fmt.Sprintf("en%d-%d", batch, i), fmt.Sprintf("the denunciation of the treaty by one of the parties, number %d", i))
			d.Language = "en"
			docs = append(docs, d)
			if batch > 0 {
				n := passage(fmt.Sprintf("nl%d-%d", batch, i), fmt.Sprintf("de opzegging van het verdrag door een of meer van de partijen, nummer %d", i))
				n.Language = "nl"
				docs = append(docs, n)
			}
		}
		for _, d := range docs {
			want[d.Language]++
		}
		if err := ix.Add(context.Background(), docs); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Compact(context.Background()); err != nil {
		t.Fatal(err)
	}
	r, err := ix.reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	langs, counts := languagesIn(r)
	got := map[string]int{}
	for i, l := range langs {
		got[l.code] = int(counts[i])
	}
	if !maps.Equal(got, want) {
		t.Errorf("languages counted %v; want %v", got, want)
	}
	res := mustSearch(t, ix, Query{Text: "denunciation of the treaty"})
	if len(res.Hits) == 0 || !strings.HasPrefix(res.Hits[0].Doc.ID, "en") {
		t.Errorf("Search(%q) = %v; want the English records first", "denunciation of the treaty", hitIDs(res.Hits))
	}
}
