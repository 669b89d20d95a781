package search

import (
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
)

// A passage's context: what its document is called. A treaty's articles
// rarely write the treaty's name, so "extradition bombing political"
// could not tell the Terrorist Bombings Convention's article on political
// offences from the same article of another convention, and "article 52
// vienna convention" found the Vienna Convention's article 52 without the
// convention's words. Each English passage's text field holds, after its
// own text, the words of its document's names (its title and a subtitle,
// which the loader gives), so that a search's word is satisfied there too;
// highlights and proximity pairs leave them out. (A field of their own,
// matched as another alternative of each word, ranked a little better on
// dev but cost a tenth of a search at 10k passages, and the p99 target
// at 100k.)
//
// A name's word counts only where the document's own text seldom writes
// it: in at most a quarter of its passages. An essay titled "Bilateral and
// Multilateral Security Agreements" writes those words throughout, and its
// sections on multilateral agreements are not about bilateral ones because
// the title says both; a treaty's articles do not write "Vienna" or
// "bombings".

// contextShare is the largest share of a document's passages that may
// write a word of its names for the word to be their context.
const contextShare = 0.25

var (
	contextOnce     sync.Once
	contextAnalyzer analysis.Analyzer
)

// DocumentContext is the context of a document's passages: the words of
// names (its title, a subtitle) whose analysed term at most a quarter of
// texts (its passages' headings and bodies) hold, each name with the
// words it keeps. A text holds a term when a word of it starts with the
// term, lower-cased.
func DocumentContext(names []string, texts []string) []string {
	contextOnce.Do(func() {
		m, err := buildMapping()
		if err == nil {
			contextAnalyzer = m.AnalyzerNamed(analyzerQuery)
		}
	})
	if contextAnalyzer == nil || len(texts) == 0 {
		return nil
	}
	lower := make([]string, len(texts))
	for i, t := range texts {
		lower[i] = strings.ToLower(t)
	}
	share := map[string]bool{} // term → rare enough
	var out []string
	for _, name := range names {
		var kept []string
		for _, w := range strings.Fields(name) {
			// A word of several terms ("Noord-Atlantisch") is kept when
			// each is rare; a stop word or punctuation has none.
			tokens := contextAnalyzer.Analyze([]byte(w))
			rare := len(tokens) > 0
			for _, tok := range tokens {
				term := string(tok.Term)
				r, ok := share[term]
				if !ok {
					r = writtenBy(term, lower) <= contextShare*float64(len(texts))
					share[term] = r
				}
				rare = rare && r
			}
			if rare {
				kept = append(kept, w)
			}
		}
		if len(kept) > 0 {
			out = append(out, strings.Join(kept, " "))
		}
	}
	return out
}

// writtenBy is how many of texts (lower-cased) hold a word that starts
// with term.
func writtenBy(term string, texts []string) float64 {
	n := 0
	for _, t := range texts {
		for i := 0; ; {
			j := strings.Index(t[i:], term)
			if j < 0 {
				break
			}
			at := i + j
			if at == 0 || !isWordByte(t[at-1]) {
				n++
				break
			}
			i = at + 1
		}
	}
	return float64(n)
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80
}
