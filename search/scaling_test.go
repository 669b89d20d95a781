package search

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// BenchmarkTermLengthScaling doubles the length of one search term, in both
// modes, up to the 1 KiB text limit, and fails when the time grows more
// than 3× per doubling (Bleve's query-string parser is quadratic in term
// length; the limit keeps that bounded). Each size is reported as ns/op@N.
func BenchmarkTermLengthScaling(b *testing.B) {
	ix, err := Create(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Add(context.Background(), []Doc{{ID: "passage:d:1", Type: "PASSAGE", Body: "a treaty of alliance", Document: "document:d", Position: 1}}); err != nil {
		b.Fatal(err)
	}
	for _, mode := range []Mode{Simple, Advanced} {
		perOp := map[int]int64{}
		for n := 8; n <= MaxTextBytes; n *= 2 {
			q := Query{Text: strings.Repeat("a", n), Mode: mode, First: 10}
			b.Run(fmt.Sprintf("%s/n=%d", strings.ToLower(string(mode)), n), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if _, err := ix.Search(context.Background(), q); err != nil {
						b.Fatalf("%s search of %d bytes: %v", mode, n, err) // a fast failure is no time to measure
					}
				}
				perOp[n] = b.Elapsed().Nanoseconds() / int64(b.N)
			})
		}
		checkScaling(b, string(mode), perOp)
	}
}

// checkScaling fails when the time per operation grows more than 3× from
// one size to its double.
func checkScaling(b *testing.B, name string, perOp map[int]int64) {
	b.Helper()
	for n, t := range perOp {
		if half, ok := perOp[n/2]; ok && half > 0 && t > 3*half {
			b.Errorf("%s: n=%d took %dns per op, n=%d %dns: more than 3x per doubling", name, n/2, half, n, t)
		}
	}
}
