package search

import (
	"encoding/base64"
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// TestEncodeCursorAsJSON checks the hand-written cursor encoding against
// encoding/json, byte for byte, over random ids and scores: quotes,
// backslashes, control characters, HTML characters, line and paragraph
// separators, other Unicode and invalid UTF-8.
func TestEncodeCursorAsJSON(t *testing.T) {
	pieces := []string{"a", "Z", "0", ":", "\"", "\\", "\b", "\f", "\n", "\r", "\t", "\x00", "\x1f", "\x7f",
		"<", ">", "&", "\u2028", "\u2029", "é", "日本", "🙂", "\xff", "\xc3", "\xe2\x80", "passage:x-1", "1.5e+06"}
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 5000; n++ {
		after := make([]string, r.IntN(4))
		for i := range after {
			for k := r.IntN(8); k > 0; k-- {
				after[i] += pieces[r.IntN(len(pieces))]
			}
		}
		if r.IntN(20) == 0 {
			after = nil
		}
		fp := r.Uint32()
		want, _ := json.Marshal(cursor{Query: fp, After: after})
		got, err := base64.RawURLEncoding.DecodeString(encodeCursor(fp, after))
		if err != nil || string(got) != string(want) {
			t.Fatalf("encodeCursor(%d, %q) decodes to %s (%v); encoding/json writes %s", fp, after, got, err, want)
		}
	}
}
