package search

import (
	"context"
	"testing"
)

// TestVocabularyFollowsAdds: a heading word a later batch brings earns
// its boost, although a search before that batch read the vocabulary
// without it.
func TestVocabularyFollowsAdds(t *testing.T) {
	ix := newIndex(t, []Doc{passage("plain", "the pact was signed in spring")})
	if got := hitIDs(mustSearch(t, ix, Query{Text: "pact"}).Hits); len(got) != 1 {
		t.Fatalf("Search(pact) = %v; want the one passage", got)
	}
	headed := Doc{ID: "headed", Type: "PASSAGE", Heading: "Pact", Body: "the pact was signed in spring"}
	if err := ix.Add(context.Background(), []Doc{headed}); err != nil {
		t.Fatal(err)
	}
	res := mustSearch(t, ix, Query{Text: "pact"})
	if got := hitIDs(res.Hits); len(got) != 2 || got[0] != "headed" {
		t.Errorf("Search(pact) = %v; want the passage headed Pact first", got)
	}
	if !ix.vocabulary0(t).has(fieldHeading, "pact") {
		t.Errorf("the vocabulary after the second batch lacks the heading word")
	}
}

// vocabulary0 is the index's vocabulary as a search now reads it.
func (ix *Index) vocabulary0(t *testing.T) *vocab {
	t.Helper()
	d, err := ix.dictionary()
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	return d.vocab
}
