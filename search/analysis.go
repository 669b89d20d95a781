package search

import (
	"bytes"
	"strings"
	gounicode "unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// Analysis parts of pactgraph's own: a tokenizer that also indexes
// hyphenated words joined ("self-defence" is also "selfdefence"), and a
// filter that folds British spellings into American ones ("defence" is
// "defense"), so either spelling finds both.
const (
	tokenizerCompound = "pactgraph_compound"
	filterSpelling    = "pactgraph_spelling"
	filterApostrophes = "pactgraph_apostrophes"
	filterAcronyms    = "pactgraph_acronyms"
	filterPairs       = "pactgraph_pairs"
)

func init() {
	registry.RegisterTokenizer(tokenizerCompound, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return compoundTokenizer{unicode.NewUnicodeTokenizer()}, nil
	})
	registry.RegisterTokenFilter(filterSpelling, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return spellingFilter{}, nil
	})
	registry.RegisterTokenFilter(filterApostrophes, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return apostropheFilter{}, nil
	})
	registry.RegisterTokenFilter(filterAcronyms, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return acronymFilter{}, nil
	})
	registry.RegisterTokenFilter(filterPairs, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return pairsFilter{}, nil
	})
}

// compoundTokenizer is the Unicode tokenizer, plus one extra token for two
// words joined by a hyphen or dash, at the first word's position.
type compoundTokenizer struct{ inner analysis.Tokenizer }

func (t compoundTokenizer) Tokenize(input []byte) analysis.TokenStream {
	toks := t.inner.Tokenize(input)
	out := make(analysis.TokenStream, 0, len(toks))
	for i, tok := range toks {
		out = append(out, tok)
		if i+1 < len(toks) && isJoiner(input[tok.End:toks[i+1].Start]) {
			next := toks[i+1]
			out = append(out, &analysis.Token{
				Start:    tok.Start,
				End:      next.End,
				Term:     append(append([]byte{}, tok.Term...), next.Term...),
				Position: tok.Position,
				Type:     tok.Type,
			})
		}
	}
	return out
}

// isJoiner reports whether the bytes between two words are one hyphen or
// dash.
func isJoiner(sep []byte) bool {
	s := string(sep)
	return s == "-" || s == "\u2010" || s == "\u2011" || s == "\u2013" || s == "\u2014"
}

// pairsFilter turns a stream of terms into the pairs of neighbours, each
// one term "a b" at the first's position; where stop words were taken out
// between two terms the pair holds a "_" for each ("a _ _ b"), as a
// phrase query would need the gap. A phrase's pairs, all found in one record, are the phrase there,
// near enough for ranking: the pairs field answers the proximity boost
// with a term look-up each, where a phrase query reads the positions of
// every record with the words (Elasticsearch's index_phrases).
type pairsFilter struct{}

func (pairsFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	if len(input) < 2 {
		return input[:0]
	}
	out := make(analysis.TokenStream, 0, len(input)-1)
	for i := 1; i < len(input); i++ {
		a, b := input[i-1], input[i]
		gap := b.Position - a.Position
		if gap < 1 {
			continue // terms at one position (none come from this chain)
		}
		term := make([]byte, 0, len(a.Term)+len(b.Term)+2*gap)
		term = append(term, a.Term...)
		for range gap - 1 {
			term = append(term, " _"...)
		}
		term = append(append(term, ' '), b.Term...)
		out = append(out, &analysis.Token{Term: term, Position: a.Position, Start: a.Start, End: b.End, Type: analysis.Shingle})
	}
	return out
}

// apostropheFilter folds curly, modifier and full-width apostrophes into
// the plain one inside terms, so "NATO’s" and "NATO's" index alike.
type apostropheFilter struct{}

var apostrophes = strings.NewReplacer("\u2019", "'", "\u2018", "'", "\u02bc", "'", "\uff07", "'")

func (apostropheFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if bytes.ContainsAny(tok.Term, "\u2019\u2018\u02bc\uff07") {
			tok.Term = []byte(apostrophes.Replace(string(tok.Term)))
		}
	}
	return input
}

// acronymFilter writes an acronym with full stops as one word: the
// Unicode tokenizer keeps "N.A.T.O" and "U.S" whole, and the archival
// cables write N.A.T.O. where the treaties write NATO, so the term is
// "NATO" either way. The offsets stay, so a highlight marks what the text
// says.
type acronymFilter struct{}

func (acronymFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if dottedAcronym(tok.Term) {
			tok.Term = bytes.ReplaceAll(tok.Term, []byte("."), nil)
		}
	}
	return input
}

// dottedAcronym reports whether term is single letters with a full stop
// between each two (and one after the last, or not): "U.S", "N.A.T.O.".
func dottedAcronym(term []byte) bool {
	letters := 0
	for i := 0; i < len(term); {
		r, n := utf8.DecodeRune(term[i:])
		if !gounicode.IsLetter(r) {
			return false
		}
		letters++
		i += n
		if i == len(term) {
			break
		}
		if term[i] != '.' {
			return false
		}
		i++
	}
	return letters >= 2
}

// spellingFilter rewrites British spellings to American ones, on
// lower-cased terms, before stemming.
type spellingFilter struct{}

func (spellingFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if us, ok := americanSpelling(string(tok.Term)); ok {
			tok.Term = []byte(us)
		}
	}
	return input
}

// britishWords are spellings that differ by more than a suffix rule.
var britishWords = map[string]string{
	"defence": "defense", "defences": "defenses", "offence": "offense", "offences": "offenses",
	"licence": "license", "licences": "licenses", "programme": "program", "programmes": "programs",
	"centre": "center", "centres": "centers", "theatre": "theater", "theatres": "theaters",
	"manoeuvre": "maneuver", "manoeuvres": "maneuvers", "sceptical": "skeptical", "grey": "gray",
	"fulfil": "fulfill", "fulfils": "fulfills", "enrol": "enroll", "catalogue": "catalog",
	"travelled": "traveled", "travelling": "traveling", "modelling": "modeling", "labelled": "labeled",
	"cancelled": "canceled", "counselling": "counseling", "signalled": "signaled",
	"analyse": "analyze", "analysed": "analyzed", "analyses": "analyzes", "analysing": "analyzing",
	"paralyse": "paralyze", "catalyse": "catalyze",
}

// ourWords take American -or for British -our.
var ourWords = []string{"labour", "behaviour", "favour", "honour", "neighbour", "rumour", "armour",
	"harbour", "endeavour", "vigour", "colour", "humour", "valour", "saviour", "splendour"}

// iseStems take -ize for British -ise (and -isation for -ization); only
// these, since many English words end in -ise by right (promise, exercise).
var iseStems = []string{"organ", "recogn", "real", "priorit", "author", "character", "civil",
	"critic", "emphas", "minim", "maxim", "mobil", "modern", "normal", "optim", "stabil",
	"standard", "summar", "util", "legitim", "militar", "special", "final", "formal", "harmon",
	"local", "institutional", "international", "democrat", "neutral", "synchron", "capital",
	"categor", "central", "decentral", "destabil", "global", "industrial", "liberal", "national",
	"privat", "rational", "revital", "sensit", "social", "weapon", "apolog", "jeopard", "stigmat",
	"finance", "mechan", "memor", "monopol", "polar", "radical", "subsid", "sympath", "terror"}

func americanSpelling(w string) (string, bool) {
	if us, ok := britishWords[w]; ok {
		return us, true
	}
	for _, our := range ourWords {
		if rest, ok := strings.CutPrefix(w, our); ok && (rest == "" || rest == "s" || rest == "ed" || rest == "ing" || rest == "able" || rest == "ite" || rest == "ites") {
			return our[:len(our)-2] + "r" + rest, true
		}
	}
	for _, suffix := range []string{"isation", "isations", "ise", "ised", "ises", "ising", "iser", "isers"} {
		stem, ok := strings.CutSuffix(w, suffix)
		if !ok {
			continue
		}
		for _, s := range iseStems {
			if stem == s {
				return stem + "iz" + suffix[2:], true
			}
		}
	}
	return w, false
}

// joinedWords is the compound form of a hyphenated word as the tokenizer
// indexes it ("US-Japan" → "usjapan"), or "" for a plain word.
func joinedWords(text string) string {
	if !bytes.ContainsAny([]byte(text), "-\u2010\u2011\u2013\u2014") {
		return ""
	}
	var b strings.Builder
	for _, r := range strings.ToLower(text) {
		if r == '-' || r == '\u2010' || r == '\u2011' || r == '\u2013' || r == '\u2014' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// normalizeName reduces a name or a whole query to its words, lower-cased
// and single-spaced, apostrophes and possessives folded, so that an entity
// named exactly what was typed can be found by one term.
func normalizeName(s string) string {
	out := make([]byte, 0, len(s)+1)
	start := 0 // where the word being read starts in out
	flush := func() {
		w := bytes.Trim(bytes.TrimSuffix(out[start:], []byte("'s")), "'")
		if len(w) == 0 {
			out = out[:start]
			return
		}
		n := copy(out[start:], w)
		out = append(out[:start+n], ' ')
		start = len(out)
	}
	for _, r := range s {
		r = gounicode.ToLower(r) // as strings.ToLower maps each rune
		switch {
		case r == '\'' || r == '\u2019' || r == '\u2018' || r == '\u02bc' || r == '\uff07':
			out = append(out, '\'')
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r > 127 && isLetterOrDigit(r):
			out = utf8.AppendRune(out, r)
		default:
			flush()
		}
	}
	flush()
	return string(bytes.TrimSuffix(out, []byte(" ")))
}

func isLetterOrDigit(r rune) bool { return gounicode.IsLetter(r) || gounicode.IsDigit(r) }
