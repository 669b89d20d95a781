package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The first step of a SIMPLE search: the text is read into typed values
// before any query is built. A reading says what each word is (a stop
// word, a question word, a misspelling and its correction, a hyphenated
// compound) and which runs of words name something the corpus knows (an
// entity's name or alias, a synonym or paraphrase, a curated theme) with
// the other ways to say it.

// piece is one part of SIMPLE search text as typed: a word, a "quoted
// phrase", or either of them excluded with a leading minus.
type piece struct {
	text    string
	phrase  bool
	exclude bool
}

// parseSimple splits search-box text into pieces. It accepts anything: an
// unclosed quote runs to the end, a lone minus is a word of its own.
func parseSimple(s string) []piece {
	var out []piece
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		var p piece
		if r == '-' && i+1 < len(s) && !unicode.IsSpace(rune(s[i+1])) {
			p.exclude = true
			i++
		}
		if i < len(s) && s[i] == '"' {
			end := strings.IndexByte(s[i+1:], '"')
			if end < 0 {
				end = len(s) - i - 1
			}
			p.text, p.phrase = s[i+1:i+1+end], true
			i += end + 2
		} else {
			end := strings.IndexFunc(s[i:], unicode.IsSpace)
			if end < 0 {
				end = len(s) - i
			}
			p.text = s[i : i+end]
			i += end
		}
		out = append(out, p)
	}
	return out
}

// word is one positive word of the text, as typed and as understood.
type word struct {
	typed  string
	meant  string   // the word corrected, or as typed
	terms  []string // meant, analyzed as a query is
	joined []string // a hyphenated word also written as one ("selfdefense"), analyzed
	// derived are the terms of the word's derivational relatives the
	// index holds ("resolve": resolution's resolut; see derive.go).
	derived []string
	fixed   bool // meant is a spelling correction of typed
	named   bool // as typed, part of a run the corpus knows (a synonym, a name, "stake holder" as one word): not corrected
	// joinedAs is, on the first of two words that are one word only when
	// joined and corrected ("peace keepng"), that word ("peacekeeping").
	joinedAs string
	stop     bool // nothing of it is searchable (a stop word, punctuation)
	asked    bool // a question word ("how", "why") in a text with other words
	phrase   int  // 1 + the index of the quoted phrase it comes from; 0 for a word typed alone
}

// content reports whether the word is matched against records.
func (w *word) content() bool { return !w.stop && !w.asked }

// span is a run of words that names something the corpus knows, with the
// other ways to say it: an entity's other names, a synonym or paraphrase
// (alternatives, each searched as a phrase), a curated theme (a key of
// the themekeys field), or an article of a legal text (its number's keys
// in the article field; articles.go).
type span struct {
	first, last  int // word indexes, inclusive
	alternatives []string
	themeKey     string
	articles     []string
}

// reading is what a SIMPLE search text was understood as.
type reading struct {
	words       []word
	phrases     []string // quoted phrases, required of a complete hit
	excluded    []piece
	spans       []span
	texts       []textSpan  // names of agreements whose texts the index holds
	question    bool        // the text asks a question
	corrections [][2]string // typed word (or two, "peace keepng"), correction
	together    []string    // the content words as meant, in order, for the proximity and exact-name boosts
}

// units is the number of things the search asks for: each content word,
// except that a span of several words (a name) counts once.
func (r *reading) units() int {
	n := len(r.phrases)
	for i, w := range r.words {
		if w.content() && w.phrase == 0 {
			n++
		}
		for _, s := range r.spans {
			if i > s.first && i <= s.last && w.content() {
				n--
			}
		}
	}
	return n
}

// coversAll reports whether a span holds every content word of the search.
func (r *reading) coversAll(s span) bool {
	for i, w := range r.words {
		if w.content() && w.phrase == 0 && (i < s.first || i > s.last) {
			return false
		}
	}
	return len(r.phrases) == 0
}

// maxCorrections bounds the words one search corrects: each correction
// walks the index's fuzzy dictionary.
const maxCorrections = 8

// understand reads SIMPLE text. terms is the query analyzer (memoized by
// the caller); dict answers what the index holds.
func (ix *Index) understand(text string, dict *dictionary, terms func(string) []string) *reading {
	r := &reading{}
	for _, p := range parseSimple(text) {
		switch {
		case len(terms(p.text)) == 0:
			if !p.exclude && !p.phrase {
				r.words = append(r.words, word{typed: p.text, meant: p.text, stop: true})
			}
		case p.exclude:
			r.excluded = append(r.excluded, p)
		case p.phrase:
			r.phrases = append(r.phrases, p.text)
			for _, w := range strings.Fields(p.text) {
				r.words = append(r.words, word{typed: w, meant: w, terms: terms(w), stop: len(terms(w)) == 0, phrase: len(r.phrases)})
			}
		default:
			r.words = append(r.words, word{typed: p.text, meant: p.text, terms: terms(p.text)})
		}
	}
	r.markQuestion()
	r.markArticles()
	inEnglish := dict.lang == english // entity names, synonyms and themes are English
	var named []span
	if inEnglish {
		// What the corpus knows as typed is not corrected: "intel
		// sharing" is a synonym, not "inter sharing".
		r.markJoins(dict)
		named = ix.findSpans(r.words, dict, terms)
		for _, s := range named {
			for i := s.first; i <= s.last; i++ {
				r.words[i].named = true
			}
		}
	}
	r.correct(dict, terms)
	for i := range r.words {
		if j := joinedWords(r.words[i].meant); j != "" {
			r.words[i].joined = terms(j)
		}
	}
	r.together = r.typedTogether()
	if inEnglish {
		for i := range r.words {
			r.words[i].derived = derivedTerms(&r.words[i], dict, terms)
		}
		r.joinUnknown(dict)
		r.spans = named
		if len(r.corrections) > 0 {
			r.spans = ix.findSpans(r.words, dict, terms)
		}
	}
	r.spans = append(r.spans, r.articleSpans()...)
	if inEnglish {
		r.spans = append(r.spans, r.joinedSpans(dict)...)
		r.texts = ix.texts.find(r.words)
	}
	return r
}

// minJoined is the fewest letters of two words written as one that are
// looked up ("bio metric" → "biometric").
const minJoined = 6

// joinedSpans finds two neighbouring words that the corpus writes as one
// word ("peace keeping" → "peacekeeping", "bio metric" → "biometric",
// "non proliferation" → "nonproliferation", which the index holds for
// "non-proliferation"), outside the spans found already: each pair is a
// span whose alternative is the one word.
func (r *reading) joinedSpans(dict *dictionary) []span {
	var out []span
	for i := 0; i+1 < len(r.words); i++ {
		a, b := &r.words[i], &r.words[i+1]
		if r.inSpan(i) || r.inSpan(i+1) || !pairable(a, b) {
			continue
		}
		one := a.joinedAs
		if one == "" {
			one = joinable(a.meant, b.meant, dict)
		}
		if one != "" {
			out = append(out, span{first: i, last: i + 1, alternatives: []string{one}})
			i++ // a word joins one neighbour at most
		}
	}
	return out
}

// markJoins marks the neighbouring words that, as typed, are one word the
// corpus holds, before any is corrected: "stake holder" is "stakeholder",
// not "state older".
func (r *reading) markJoins(dict *dictionary) {
	for i := 0; i+1 < len(r.words); i++ {
		a, b := &r.words[i], &r.words[i+1]
		if !pairable(a, b) {
			continue
		}
		if one := joinable(a.typed, b.typed, dict); one != "" {
			a.named, b.named, a.joinedAs = true, true, one
			i++
		}
	}
}

// joinUnknown joins two neighbouring words of which one is neither known
// nor corrected alone, when the two written as one are a word the corpus
// holds within the edits a correction allows ("peace keepng" →
// "peacekeeping"), and longer than either word: a word that the edits
// reach by dropping a short one ("vs peacekeeping") is that word alone.
func (r *reading) joinUnknown(dict *dictionary) {
	unknown := func(w *word) bool { return !w.fixed && !dict.known(normalizeName(w.meant), w.terms) }
	for i := 0; i+1 < len(r.words); i++ {
		a, b := &r.words[i], &r.words[i+1]
		if !pairable(a, b) || a.named || b.named || !(unknown(a) || unknown(b)) {
			continue
		}
		first, second := normalizeName(a.meant), normalizeName(b.meant)
		one := dict.correction(first+second, nil)
		if n := utf8.RuneCountInString(one); n <= utf8.RuneCountInString(first) || n <= utf8.RuneCountInString(second) {
			continue // none, or one of the two alone
		}
		a.named, b.named, a.joinedAs = true, true, one
		r.corrections = append(r.corrections, [2]string{a.meant + " " + b.meant, one})
		i++
	}
}

// pairable reports whether two neighbouring words may be read as one: both
// content words typed outside quotes.
func pairable(a, b *word) bool {
	return a.content() && b.content() && a.phrase == 0 && b.phrase == 0
}

// joinable is two words written as one, when the corpus holds that word,
// or "".
func joinable(first, second string, dict *dictionary) string {
	one := normalizeName(first) + normalizeName(second)
	if strings.ContainsAny(one, " -") || utf8.RuneCountInString(one) < minJoined || dict.docFreq(dict.lang.spell, one) == 0 {
		return ""
	}
	return one
}

// typedTogether is the words as meant from the first content word to the
// last, stop words between them included ("what is the Treaty of
// Brussels" → "Treaty of Brussels"), question words and quoted phrases
// left out.
func (r *reading) typedTogether() []string {
	lo, hi := 0, len(r.words)
	for lo < hi && !r.words[lo].content() {
		lo++
	}
	for hi > lo && !r.words[hi-1].content() {
		hi--
	}
	var out []string
	for _, w := range r.words[lo:hi] {
		if !w.asked && w.phrase == 0 {
			out = append(out, w.meant)
		}
	}
	return out
}

// questionWords carry no subject in a question typed into a search box
// ("how do multilateral agreements make decisions?").
var questionWords = map[string]bool{
	"how": true, "why": true, "what": true, "which": true, "who": true, "whom": true, "where": true,
	"when": true, "does": true, "do": true, "did": true, "is": true, "are": true, "was": true,
	"were": true, "can": true, "could": true, "should": true, "would": true, "will": true,
	"tell": true, "describe": true, "explain": true, "me": true, "give": true, "list": true,
	"show": true, "find": true, "example": true, "examples": true,
}

// modalWords carry no subject in a question either ("what must each
// party do…"), but do in a statement ("treaties must be honoured").
var modalWords = map[string]bool{"must": true, "may": true, "might": true, "shall": true, "ought": true}

// markQuestion marks question words, a question's modal verbs, and a
// lower-case "us" (the pronoun; the country is "US"), as carrying nothing
// when other words remain.
func (r *reading) markQuestion() {
	for _, w := range r.words {
		if questionWords[strings.TrimRight(strings.ToLower(w.typed), "?!.,")] && w.phrase == 0 || strings.HasSuffix(w.typed, "?") {
			r.question = true
		}
	}
	content := 0
	for i := range r.words {
		w := &r.words[i]
		trimmed := strings.TrimRight(strings.ToLower(w.typed), "?!.,")
		w.asked = !w.stop && w.phrase == 0 && (questionWords[trimmed] || r.question && modalWords[trimmed] || w.typed == "us")
		if !w.stop && !w.asked {
			content++
		}
	}
	for i := range r.words {
		if content == 0 {
			r.words[i].asked = false
		}
	}
	if content == 0 {
		r.question = false
	}
}

// correct replaces each word the index does not hold by the word it was
// probably meant to be; a hyphenated word is corrected part by part
// ("decison-making" → "decision-making").
func (r *reading) correct(dict *dictionary, terms func(string) []string) {
	for i := range r.words {
		w := &r.words[i]
		if !w.content() || w.phrase > 0 || w.named || len(r.corrections) >= maxCorrections {
			continue
		}
		meant, ok := correctWord(w.typed, dict, terms)
		if !ok {
			continue
		}
		w.meant = meant
		w.terms = terms(w.meant)
		w.fixed = true
		r.corrections = append(r.corrections, [2]string{w.typed, w.meant})
	}
}

// correctWord corrects a word the index does not hold: part by part when
// it is hyphenated ("decison-making"), or else whole, written as one, when
// the corpus writes it so ("peace-keepng" → "peacekeeping").
func correctWord(typed string, dict *dictionary, terms func(string) []string) (string, bool) {
	parts := splitJoined(typed)
	changed, unknown := false, false
	for j, part := range parts {
		if fixed := dict.correction(normalizeName(part), terms(part)); fixed != "" {
			parts[j], changed = fixed, true
		} else if !dict.known(normalizeName(part), terms(part)) {
			unknown = true
		}
	}
	if unknown && len(parts) > 1 {
		joined := strings.Join(parts, "")
		if fixed := dict.correction(normalizeName(joined), terms(joined)); fixed != "" {
			return fixed, true
		}
	}
	return strings.Join(parts, "-"), changed
}

// splitJoined splits a word at its hyphens and dashes; a plain word is
// one part.
func splitJoined(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == '-' || r == '\u2010' || r == '\u2011' || r == '\u2013' || r == '\u2014'
	})
}

// contentTerms are the terms of the content words typed outside quotes,
// in order, and the word each comes from.
func contentTerms(words []word) (flat []string, owner []int) {
	for i, w := range words {
		if w.content() && w.phrase == 0 {
			for _, t := range w.terms {
				flat, owner = append(flat, t), append(owner, i)
			}
		}
	}
	return flat, owner
}

// maxThemeWords is the longest run of words looked up as a curated theme.
const maxThemeWords = 4

// findSpans finds, from left to right, the longest run of words at each
// word that names something: a synonym group's phrase (entity names and
// aliases, and the corpus's synonym lists) or a curated theme.
func (ix *Index) findSpans(words []word, dict *dictionary, terms func(string) []string) []span {
	flat, owner := contentTerms(words)
	boundary := func(end int) bool { return end == len(flat) || owner[end] != owner[end-1] }
	var spans []span
	for f := 0; f < len(flat); {
		if f > 0 && owner[f] == owner[f-1] {
			f++
			continue
		}
		if n, alts := ix.synonyms.match(flat, f); n > 0 && boundary(f+n) {
			spans = append(spans, span{first: owner[f], last: owner[f+n-1], alternatives: alts})
			f += n
			continue
		}
		found := false
		for n := min(maxThemeWords, len(flat)-f); n >= 1 && !found; n-- {
			if !boundary(f + n) {
				continue
			}
			key := strings.Join(flat[f:f+n], " ")
			if dict.docFreq(fieldThemeKeys, key) > 0 {
				spans = append(spans, span{first: owner[f], last: owner[f+n-1], themeKey: key})
				f += n
				found = true
			}
		}
		if !found {
			f++
		}
	}
	return spans
}
