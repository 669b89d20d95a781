package search

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// lengthsDocs are passages of different lengths that all hold "convoy",
// in more batches than one, with a vocabulary of some three thousand
// words that each batch mostly holds (so that Bleve's estimate, which
// counts a word once in each segment, depends on the segments).
func lengthsDocs() []Doc {
	words := []string{"alliance", "harbour", "garrison", "frigate", "escort", "airfield", "radar"}
	var docs []Doc
	for i := range BatchSize + 200 {
		n := 3 + i%40
		var b strings.Builder
		b.WriteString("convoy")
		for j := range n {
			fmt.Fprintf(&b, " %s%d", words[(i+j)%len(words)], (i*7+j*13)%430)
		}
		docs = append(docs, passage(fmt.Sprintf("p%05d", i), b.String()))
	}
	return docs
}

var fieldLengthRe = regexp.MustCompile(`fieldNorm\(field=text\), b=[0-9.]+, fieldLength=([0-9.]+), avgFieldLength=([0-9.]+)\)`)

// TestBM25AverageIsTheFieldsMean: the average length BM25 divides a
// record's text field by is the mean of the records' own lengths, as
// Bleve reads them back from its norms (Bleve's own estimate, distinct
// terms per record, comes to a few words here).
func TestBM25AverageIsTheFieldsMean(t *testing.T) {
	docs := lengthsDocs()
	ix := newIndex(t, docs)
	var avg, sum float64
	n := 0
	q := Query{Text: "convoy", First: 100, Explain: true}
	for {
		page := mustSearch(t, ix, q)
		for _, h := range page.Hits {
			for _, l := range h.Explanation {
				if m := fieldLengthRe.FindStringSubmatch(l.Message); m != nil {
					v, _ := strconv.ParseFloat(m[1], 64)
					sum += math.Round(v)
					avg, _ = strconv.ParseFloat(m[2], 64)
					n++
				}
			}
		}
		if !page.HasNext {
			break
		}
		q.After = page.Hits[len(page.Hits)-1].Cursor
	}
	if n != len(docs) {
		t.Fatalf("read %d records' text lengths; want %d", n, len(docs))
	}
	if want := math.Ceil(sum / float64(n)); avg != want {
		t.Errorf("avgFieldLength = %v; want the records' mean %v (rounded up, as Bleve does)", avg, want)
	}
}

// TestBM25SameOnDiskAndInMemory: the scores do not depend on how the
// index falls into segments: in memory in two batches' segments, and on
// disk merged into one, every hit scores the same.
func TestBM25SameOnDiskAndInMemory(t *testing.T) {
	docs := lengthsDocs()
	mem, err := Create("")
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	if err := mem.Add(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	disk, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := disk.Add(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
	if err := disk.Compact(context.Background()); err != nil {
		t.Fatal(err)
	}
	disk.Close()
	if disk, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	defer disk.Close()
	for _, text := range []string{"convoy", "convoy frigate20", "radar41 escort17 harbour8"} {
		a := mustSearch(t, mem, Query{Text: text, First: 20})
		b := mustSearch(t, disk, Query{Text: text, First: 20})
		if len(a.Hits) != len(b.Hits) {
			t.Fatalf("%q: %d hits in memory, %d on disk", text, len(a.Hits), len(b.Hits))
		}
		for i := range a.Hits {
			if a.Hits[i].Doc.ID != b.Hits[i].Doc.ID || math.Abs(a.Hits[i].Score-b.Hits[i].Score) > 1e-9 {
				t.Errorf("%q hit %d: %s %.6f in memory, %s %.6f on disk; want the same", text, i,
					a.Hits[i].Doc.ID, a.Hits[i].Score, b.Hits[i].Doc.ID, b.Hits[i].Score)
			}
		}
	}
}
