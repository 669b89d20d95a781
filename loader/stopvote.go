package loader

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/it"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	"github.com/blevesearch/bleve/v2/analysis/lang/pt"
)

// A passage of running text is mostly told by its function words before
// the trigram detector is asked: a word that is a stop word of exactly one
// of the languages the index analyses (Bleve's lists: "the" is English,
// "het" Dutch, "und" German) is a vote for it, and a passage whose votes
// go overwhelmingly to one language is in that language. Only where the
// votes are few or split does whatlanggo decide, which costs some fifty
// times as much (a map and a sort of every trigram of the text). The
// margins are set so that on the treaty texts, the essay and the generated
// corpus the vote never disagrees with whatlanggo (TestStopVoteAgrees).
const (
	// minVotes is the fewest function words the winning language needs.
	minVotes = 6
	// voteMargin is how many times the runner-up's votes the winner
	// needs.
	voteMargin = 8
)

// stopLanguages holds, for each word that is a stop word of exactly one
// language the index analyses, that language's place in voteCodes.
var voteCodes, stopLanguages = func() ([]string, map[string]int) {
	lists := []struct {
		code  string
		words []byte
	}{
		{"en", en.EnglishStopWords}, {"nl", nl.DutchStopWords}, {"fr", fr.FrenchStopWords},
		{"de", de.GermanStopWords}, {"es", es.SpanishStopWords}, {"it", it.ItalianStopWords},
		{"pt", pt.PortugueseStopWords},
	}
	codes := make([]string, len(lists))
	owner := map[string]int{}
	for i, l := range lists {
		codes[i] = l.code
		tm := analysis.NewTokenMap()
		if err := tm.LoadBytes(l.words); err != nil {
			panic(err) // the lists are compiled into Bleve
		}
		for w := range tm {
			if j, ok := owner[w]; ok && j != i {
				owner[w] = -1 // a stop word of two languages says nothing
			} else if !ok {
				owner[w] = i
			}
		}
	}
	for w, i := range owner {
		if i < 0 {
			delete(owner, w)
		}
	}
	return codes, owner
}()

// stopVote is the language text's function words name beyond doubt, or
// "" when they are too few or split.
func stopVote(text string) string {
	var votes [8]int
	var word [32]byte
	n := 0
	letters := 0
	count := func() {
		// One letter is an initial, a compass point or an elided
		// article, never a vote.
		if letters > 1 && n <= len(word) {
			if i, ok := stopLanguages[string(word[:n])]; ok {
				votes[i]++
			}
		}
		n, letters = 0, 0
	}
	for _, r := range text {
		if !unicode.IsLetter(r) && r != '\'' && r != '\u2019' {
			count()
			continue
		}
		if r == '\u2019' {
			r = '\''
		}
		r = unicode.ToLower(r)
		if n+utf8.RuneLen(r) > len(word) {
			n = len(word) + 1 // too long to be a function word
			continue
		}
		n += utf8.EncodeRune(word[n:], r)
		letters++
	}
	count()
	best, second := 0, 0
	for i := range voteCodes {
		if votes[i] > votes[best] {
			best = i
		}
	}
	for i := range voteCodes {
		if i != best && votes[i] > second {
			second = votes[i]
		}
	}
	if votes[best] >= minVotes && votes[best] >= voteMargin*second {
		return voteCodes[best]
	}
	return ""
}
