package loader

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"pactgraph/search"
)

// TestProgress: a build with a reporter in its context reports every
// document read and every batch indexed, in order, ending each stage at its
// total; the index it builds is the same as without a reporter.
func TestProgress(t *testing.T) {
	docs := map[string]string{}
	for i := range 12 {
		// 12 documents of 100 paragraphs: 1,200 passages, two index batches.
		var b strings.Builder
		fmt.Fprintf(&b, "# Document %d\n\n", i)
		for j := range 100 {
			fmt.Fprintf(&b, "Paragraph %d of document %d on NATO and the UN.\n\n", j, i)
		}
		docs[fmt.Sprintf("doc%02d.md", i)] = b.String()
	}
	corpora := []Corpus{{Name: "fixture", FS: fixtureFS(t, docs)}}

	var reports []Progress
	ctx := WithProgress(context.Background(), func(p Progress) { reports = append(reports, p) })
	_, ix, st, err := Build(ctx, corpora, "")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if st.Records < 1200 {
		t.Fatalf("built %d records; want more than one batch", st.Records)
	}
	last := map[string]Progress{}
	var stages []string
	for _, p := range reports {
		prev, seen := last[p.Stage]
		if !seen {
			stages = append(stages, p.Stage)
		} else if p.Done < prev.Done || p.Total != prev.Total || p.Elapsed < prev.Elapsed {
			t.Errorf("report %+v after %+v: want Done and Elapsed to grow and Total to stay", p, prev)
		}
		last[p.Stage] = p
	}
	if strings.Join(stages, ",") != StageRead+","+StageIndex {
		t.Fatalf("stages reported: %v; want read, then index", stages)
	}
	if p := last[StageRead]; p.Done != 12 || p.Total != 12 {
		t.Errorf("last read report = %+v; want 12 of 12 documents", p)
	}
	if p := last[StageIndex]; p.Done != st.Records || p.Total != st.Records {
		t.Errorf("last index report = %+v; want %d of %d records", p, st.Records, st.Records)
	}
	// 12 documents + the first report; the index stage: 0, then each batch.
	wantIndex := 1 + (st.Records+search.BatchSize-1)/search.BatchSize
	if n := len(reports) - 13; n != wantIndex {
		t.Errorf("%d index reports; want %d (one per batch of %d, and the start)", n, wantIndex, search.BatchSize)
	}

	// The same corpus built without a reporter holds the same records.
	_, plain, _, err := Build(context.Background(), corpora, "")
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	n1, _ := ix.Count()
	n2, _ := plain.Count()
	if n1 != n2 {
		t.Errorf("records with a reporter = %d, without = %d", n1, n2)
	}
}
