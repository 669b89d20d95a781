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

// TestDocFreqRemembered checks that a remembered document frequency is
// the index's own, and is asked again once the index has grown.
func TestDocFreqRemembered(t *testing.T) {
	ix := newIndex(t, []Doc{passage("c1", "cart one"), passage("c2", "cart two")})
	count := func() uint64 {
		d, err := ix.dictionary()
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		return d.docFreq(fieldSpell, "cart")
	}
	if a, b := count(), count(); a != 2 || b != 2 {
		t.Fatalf("docFreq(cart) = %d, then %d; want 2 both times", a, b)
	}
	if err := ix.Add(context.Background(), []Doc{passage("c3", "a cart")}); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 3 {
		t.Errorf("docFreq(cart) after a third record = %d; want 3 (not the remembered 2)", n)
	}
}
