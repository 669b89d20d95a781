package corpus

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SuggestionKind says what a suggestion names.
type SuggestionKind string

const (
	SuggestAgreement    SuggestionKind = "AGREEMENT"
	SuggestOrganization SuggestionKind = "ORGANIZATION"
	SuggestCountry      SuggestionKind = "COUNTRY"
	SuggestTrend        SuggestionKind = "TREND"
	SuggestTopic        SuggestionKind = "TOPIC"
	SuggestHeading      SuggestionKind = "HEADING"
)

// Suggestion is one completion of what a person is typing.
type Suggestion struct {
	Text   string         // the name, alias or heading that matched
	Kind   SuggestionKind //
	Target string         // the global id of the entity, or of the heading's document
	match  int            // 3 whole-text prefix, 2 word prefix, 1 within a typo
}

type suggestEntry struct {
	text, norm string
	words      []string
	kind       SuggestionKind
	target     string
}

var kindRank = map[SuggestionKind]int{
	SuggestAgreement: 0, SuggestOrganization: 0, SuggestCountry: 1, SuggestTrend: 2, SuggestTopic: 2, SuggestHeading: 3,
}

func (c *Catalog) suggestions() []suggestEntry {
	c.suggestOnce.Do(func() {
		add := func(kind SuggestionKind, target string, texts ...string) {
			for _, t := range texts {
				if n := foldText(t); n != "" {
					c.suggestList = append(c.suggestList, suggestEntry{text: t, norm: n, words: strings.Fields(n), kind: kind, target: target})
				}
			}
		}
		for _, a := range c.Agreements {
			add(SuggestAgreement, "agreement:"+a.ID, append([]string{a.Name}, a.Aliases...)...)
		}
		for _, o := range c.Organizations {
			add(SuggestOrganization, "organization:"+o.ID, append([]string{o.Name, o.Acronym}, o.Aliases...)...)
		}
		for _, x := range c.Countries {
			add(SuggestCountry, "country:"+x.Code, append([]string{x.Name}, x.Aliases...)...)
		}
		for _, t := range c.Trends {
			add(SuggestTrend, "trend:"+t.ID, append([]string{t.Name}, t.Aliases...)...)
		}
		for _, t := range c.Topics {
			add(SuggestTopic, "topic:"+t.ID, append([]string{t.Name}, t.Aliases...)...)
		}
		for _, d := range c.Documents {
			add(SuggestHeading, d.ID, d.Headings...)
		}
	})
	return c.suggestList
}

// Suggest completes prefix with entity names, aliases and headings: names
// that start with it first, then names with a word that starts with it,
// then (from the fifth letter on) names with a word that starts with it
// but for one typo (two from the ninth). One suggestion per entity or
// heading; at most n.
func (c *Catalog) Suggest(prefix string, n int) []Suggestion {
	p := foldText(prefix)
	if p == "" || n <= 0 {
		return nil
	}
	plen := utf8.RuneCountInString(p)
	typos := 0
	switch {
	case plen >= 9:
		typos = 2
	case plen > 4:
		typos = 1
	}
	best := map[string]Suggestion{}
	for _, e := range c.suggestions() {
		m := 0
		switch {
		case strings.HasPrefix(e.norm, p):
			m = 3
		case wordPrefix(e.words, e.norm, p):
			m = 2
		case typos > 0 && fuzzyWordPrefix(e.words, p, typos):
			m = 1
		}
		if m == 0 {
			continue
		}
		key := e.target
		if e.kind == SuggestHeading {
			key += "|" + e.text
		}
		s := Suggestion{Text: e.text, Kind: e.kind, Target: e.target, match: m}
		if old, ok := best[key]; !ok || compareSuggestions(s, old) < 0 {
			best[key] = s
		}
	}
	out := make([]Suggestion, 0, len(best))
	for _, s := range best {
		out = append(out, s)
	}
	slices.SortFunc(out, compareSuggestions)
	return out[:min(n, len(out))]
}

func compareSuggestions(a, b Suggestion) int {
	return cmp.Or(
		cmp.Compare(b.match, a.match),
		cmp.Compare(kindRank[a.Kind], kindRank[b.Kind]),
		cmp.Compare(len(a.Text), len(b.Text)),
		cmp.Compare(a.Text, b.Text),
		cmp.Compare(a.Target, b.Target),
	)
}

// wordPrefix reports whether the prefix starts at a word of the text (it
// may run on over several words: "security tre").
func wordPrefix(words []string, norm, p string) bool {
	for i := range words {
		if strings.HasPrefix(strings.Join(words[i:], " "), p) {
			return true
		}
	}
	return false
}

// fuzzyWordPrefix reports whether some word starts with p but for at most
// `typos` edits (a swap of neighbouring letters counts as one).
func fuzzyWordPrefix(words []string, p string, typos int) bool {
	pr := []rune(p)
	for _, w := range words {
		wr := []rune(w)
		// Compare p with the word's prefixes of nearby lengths.
		for l := len(pr) - typos; l <= len(pr)+typos; l++ {
			if l > 0 && l <= len(wr) && editsWithin(pr, wr[:l], typos) {
				return true
			}
		}
	}
	return false
}

// editsWithin reports whether a and b are at most k edits apart, counting
// a swap of neighbouring letters as one edit.
func editsWithin(a, b []rune, k int) bool {
	rows := [3][]int{make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)}
	for j := range rows[1] {
		rows[1][j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur, prev, prev2 := rows[(i+1)%3], rows[i%3], rows[(i+2)%3]
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, sub)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > k {
			return false
		}
	}
	return rows[(len(a)+1)%3][len(b)] <= k
}

// foldText lower-cases text and keeps its words, single-spaced, with
// apostrophes folded and other marks dropped.
func foldText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case r == '\'' || r == '\u2019':
		default:
			space = true
		}
	}
	return b.String()
}
