package search

import (
	"context"
	"slices"
	"testing"
)

// TestWordList checks the spell fields' word lists against the records:
// each word counted once per record that holds it, in the record's own
// language, the same read back from disk, with no postings in the index,
// and words within edits found by the automaton as a brute-force scan
// finds them.
func TestWordList(t *testing.T) {
	docs := []Doc{
		passage("w1", "Cart and cart again: the Cart."),
		{ID: "w2", Type: "PASSAGE", Heading: "Carts", Body: "A card, a cart."},
		{ID: "w3", Type: "AGREEMENT", Name: "Cartel Treaty", Aliases: []string{"CT"}},
		{ID: "w4", Type: "PASSAGE", Body: "Le traité de la carte et du chariot.", Language: "fr"},
	}
	dir := buildDir(t, docs)
	disk, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer disk.Close()
	memory, err := Create("")
	if err != nil {
		t.Fatal(err)
	}
	defer memory.Close()
	// In two Adds, so the second counts on from the first.
	if err := memory.Add(context.Background(), docs[:2]); err != nil {
		t.Fatal(err)
	}
	if err := memory.Add(context.Background(), docs[2:]); err != nil {
		t.Fatal(err)
	}
	fr := languageOf("fr")
	for name, ix := range map[string]*Index{"on disk": disk, "in memory": memory} {
		for _, tt := range []struct {
			field, word string
			want        uint64
		}{
			{fieldSpell, "cart", 2}, {fieldSpell, "carts", 1}, {fieldSpell, "card", 1},
			{fieldSpell, "cartel", 1}, {fieldSpell, "ct", 1}, {fieldSpell, "the", 1},
			{fieldSpell, "carte", 0}, {fieldSpell, "Cart", 0},
			{fr.spell, "carte", 1}, {fr.spell, "cart", 0},
		} {
			if got := ix.words.records(tt.field, tt.word); got != tt.want {
				t.Errorf("%s: records(%s, %q) = %d; want %d", name, tt.field, tt.word, got, tt.want)
			}
		}
		r, err := ix.reader()
		if err != nil {
			t.Fatal(err)
		}
		if n := termCount(r, fieldSpell, "cart"); n != 0 {
			t.Errorf("%s: the index holds postings of the spell field (cart in %d records)", name, n)
		}
		r.Close()

		all := []string{"again", "and", "card", "cart", "cartel", "carts", "ct", "the", "treaty"}
		for _, q := range []struct {
			word   string
			edits  int
			prefix string
		}{{"cart", 1, ""}, {"cart", 2, "c"}, {"crat", 2, "c"}, {"tretay", 2, "t"}, {"zzz", 1, ""}} {
			var got []string
			if err := ix.words.near(fieldSpell, q.word, q.edits, q.prefix, func(w string, n uint64) {
				if n != ix.words.records(fieldSpell, w) {
					t.Errorf("%s: near(%q) gives %q with %d records; records says %d", name, q.word, w, n, ix.words.records(fieldSpell, w))
				}
				got = append(got, w)
			}); err != nil {
				t.Fatal(err)
			}
			var want []string
			for _, w := range all {
				// Bleve's automata count a swap as one edit.
				if len(w) >= len(q.prefix) && w[:len(q.prefix)] == q.prefix && damerau(q.word, w) <= q.edits {
					want = append(want, w)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: near(%q, %d, %q) = %q; want %q", name, q.word, q.edits, q.prefix, got, want)
			}
		}
	}
}
