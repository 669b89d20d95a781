package search

import (
	"math"
	"strings"
	"unicode/utf8"

	index "github.com/blevesearch/bleve_index_api"
)

// dictionary answers questions about the index's words for one search:
// how many records hold a word, and what a word that none holds was
// probably meant to be. It holds one index reader; close it after use.
type dictionary struct {
	r     index.IndexReader
	words *wordList
	docs  float64
	vocab *vocab
	// lang is the language a search's words are understood in (its
	// unstemmed words and its text field); also are the other languages
	// it reads them in, whose words are not corrected either.
	lang *language
	also []*language
}

func (ix *Index) dictionary() (*dictionary, error) {
	r, err := ix.reader()
	if err != nil {
		return nil, err
	}
	n, _ := r.DocCount()
	v, err := ix.vocabulary(r)
	if err != nil {
		r.Close()
		return nil, err
	}
	return &dictionary{r: r, words: ix.words, docs: float64(max(n, 1)), vocab: v, lang: english}, nil
}

func (d *dictionary) Close() { d.r.Close() }

// docFreq is how many records hold term in field, remembered for the
// generation the dictionary reads.
func (d *dictionary) docFreq(field, term string) uint64 {
	if isSpellField(field) {
		return d.words.records(field, term)
	}
	if n, ok := d.vocab.freq(field, term); ok {
		return n
	}
	n := termCount(d.r, field, term)
	d.vocab.remember(field, term, n)
	return n
}

// weight is how much a word says about a record: its inverse document
// frequency among the unstemmed words, or among the text field's terms
// it is analysed into when those are commoner; a word no record holds in
// any form weighs most.
func (d *dictionary) weight(word string, analyzed []string) float64 {
	df := d.docFreq(d.lang.spell, word)
	for _, t := range analyzed {
		df = max(df, d.docFreq(d.lang.text, t))
	}
	return math.Log(1 + (d.docs-float64(df)+0.5)/(float64(df)+0.5))
}

// correction is the word an unknown word was probably meant to be: the most
// frequent indexed word within one edit (two for words of eight letters or
// more) that starts with the same letter, where swapping two neighbouring
// letters counts as one edit. Words of under four letters, and words the
// index holds, are left alone. Typing seldom gets the first letter wrong,
// and a short word a letter away from a common one is most often a word
// the corpus lacks ("pays" is not "days", "fits" not "its"), so the first
// letter is kept, as Lucene's and Elasticsearch's spelling suggesters do
// by default (a prefix length of one).
func (d *dictionary) correction(word string, analyzed []string) string {
	n := utf8.RuneCountInString(word)
	if n < 4 || strings.ContainsAny(word, "0123456789") || d.known(word, analyzed) {
		return ""
	}
	allowed := 1
	if n >= 8 {
		allowed = 2
	}
	// Levenshtein distance 2 covers a transposition; the Damerau distance
	// below decides.
	first, _ := utf8.DecodeRuneInString(word)
	best, bestDist, bestCount := "", allowed+1, uint64(0)
	err := d.words.near(d.lang.spell, word, 2, string(first), func(term string, count uint64) {
		dist := damerau(word, term)
		if dist > allowed || utf8.RuneCountInString(term) < 3 {
			return
		}
		if dist < bestDist || (dist == bestDist && (count > bestCount || (count == bestCount && term < best))) {
			best, bestDist, bestCount = term, dist, count
		}
	})
	if err != nil {
		return ""
	}
	return best
}

// known reports whether the index holds a word, or its analyzed form
// (spelled another way there: "defense" for "defence", "agreements"), in
// the search's language, or the word in another it reads.
func (d *dictionary) known(word string, analyzed []string) bool {
	if d.docFreq(d.lang.spell, word) > 0 {
		return true
	}
	for _, term := range analyzed {
		if d.docFreq(d.lang.text, term) > 0 {
			return true
		}
	}
	for _, l := range d.also {
		if d.docFreq(l.spell, word) > 0 {
			return true
		}
	}
	return false
}

// damerau is the optimal-string-alignment distance: insertions, deletions,
// substitutions and swaps of neighbouring letters each count one.
func damerau(a, b string) int {
	x, y := []rune(a), []rune(b)
	prev2 := make([]int, len(y)+1)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(y)]
}
