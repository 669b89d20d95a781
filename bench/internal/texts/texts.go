// Package texts makes the search texts that speed is measured with: many
// distinct texts of one to three words drawn from a corpus's own words, so
// that no result cache and no repeated query can flatter a server. The same
// seed and records give the same list, for the Go benchmarks and for the
// load script's file alike.
package texts

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"

	"pactgraph/search"
)

// vocabulary counts the words of the records' names, headings and bodies
// that a search would use: letters only, three or more of them, and not an
// English stop word (those match nearly everything and are dropped by any
// English analyzer).
func vocabulary(docs []search.Doc) (words []string, counts []int) {
	stop := analysis.NewTokenMap()
	if err := stop.LoadBytes(en.EnglishStopWords); err != nil {
		panic(err) // Bleve's own list: cannot fail to parse
	}
	seen := map[string]int{}
	isSep := func(r rune) bool { return !unicode.IsLetter(r) }
	for _, d := range docs {
		for _, s := range []string{d.Name, d.Heading, d.Body} {
			for _, w := range strings.FieldsFunc(s, isSep) {
				w = strings.ToLower(w)
				if len([]rune(w)) < 3 || stop[w] {
					continue
				}
				seen[w]++
			}
		}
	}
	words = make([]string, 0, len(seen))
	for w := range seen {
		words = append(words, w)
	}
	sort.Strings(words) // map order is random; the list must not be
	counts = make([]int, len(words))
	for i, w := range words {
		counts[i] = seen[w]
	}
	return words, counts
}

// Generate returns n distinct texts of one to three words (as many of each
// length, before duplicates are dropped), each word drawn as often as it
// occurs in the records, so that common words come up as often as they
// would in the corpus. It fails if the records have too few words for n
// distinct texts.
func Generate(docs []search.Doc, n int, seed uint64) ([]string, error) {
	words, counts := vocabulary(docs)
	if len(words) == 0 {
		return nil, fmt.Errorf("texts: the records have no words")
	}
	cum := make([]int, len(counts))
	total := 0
	for i, c := range counts {
		total += c
		cum[i] = total
	}
	rng := rand.New(rand.NewPCG(seed, 0x7061637467726170)) // "pactgrap"
	draw := func() string {
		i, _ := slices.BinarySearch(cum, rng.IntN(total)+1)
		return words[i]
	}
	out := make([]string, 0, n)
	seen := make(map[string]bool, n)
	for tries := 0; len(out) < n; tries++ {
		if tries > 50*n {
			return nil, fmt.Errorf("texts: only %d distinct texts in %d tries; want %d", len(out), tries, n)
		}
		t := make([]string, 1+rng.IntN(3))
		for j := range t {
			t[j] = draw()
		}
		s := strings.Join(t, " ")
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out, nil
}

// Write writes texts one a line.
func Write(w io.Writer, texts []string) error {
	bw := bufio.NewWriter(w)
	for _, t := range texts {
		bw.WriteString(t)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
