package loader

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkReadDocument reads documents of one shape at two sizes: a
// linear reader takes four times as long for four times the bytes. The
// shapes are those that were quadratic: one long paragraph (splitting),
// list items under one introduction (text), and many <title>s (HTML).
func BenchmarkReadDocument(b *testing.B) {
	shapes := []struct {
		name, path string
		unit       string
	}{
		{"paragraph", "p.txt", "Word and word again, no end in sight "},
		{"list", "l.txt", "  - an item of the list\n\n"},
		{"titles", "t.html", "<title>t</title>"},
	}
	for _, sh := range shapes {
		for _, size := range []int{1 << 20, 4 << 20} {
			data := []byte("Title\n\nThe items:\n\n" + strings.Repeat(sh.unit, size/len(sh.unit)))
			b.Run(fmt.Sprintf("%s/%dMiB", sh.name, size>>20), func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					readDocument("d", sh.path, data)
				}
			})
		}
	}
}
