package texts

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"pactgraph/search"
)

var docs = []search.Doc{
	{Name: "North Atlantic Treaty", Body: "The parties agree that an armed attack against one of them shall be considered an attack against them all."},
	{Heading: "Consultation", Body: "The parties will consult together whenever the territorial integrity of any of them is threatened."},
}

func TestGenerate(t *testing.T) {
	words, _ := vocabulary(docs)
	known := map[string]bool{}
	for _, w := range words {
		known[w] = true
	}
	for _, stop := range []string{"the", "of", "an", "is", "them", "be"} {
		if known[stop] {
			t.Errorf("vocabulary has the stop word %q", stop)
		}
	}
	got, err := Generate(docs, 200, 7)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	lengths := map[int]int{}
	for _, s := range got {
		ws := strings.Fields(s)
		lengths[len(ws)]++
		for _, w := range ws {
			if !known[w] {
				t.Fatalf("%q: %q is not a word of the records", s, w)
			}
		}
		if seen[s] {
			t.Fatalf("%q twice", s)
		}
		seen[s] = true
	}
	if len(got) != 200 || lengths[2] == 0 || lengths[3] == 0 || lengths[1]+lengths[2]+lengths[3] != 200 {
		t.Errorf("%d texts by word count %v; want 200 of 1–3 words", len(got), lengths)
	}
	again, _ := Generate(docs, 200, 7)
	other, _ := Generate(docs, 200, 8)
	if !slices.Equal(got, again) || slices.Equal(got, other) {
		t.Error("the same seed must give the same texts, another seed others")
	}
	if _, err := Generate(docs[:1], 5000, 1); err == nil {
		t.Error("5,000 distinct texts from one sentence of a dozen words: no error")
	}
	var buf bytes.Buffer
	if err := Write(&buf, got[:2]); err != nil || buf.String() != got[0]+"\n"+got[1]+"\n" {
		t.Errorf("Write = %q, %v", buf.String(), err)
	}
}
