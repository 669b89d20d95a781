package loader

import (
	"slices"
	"strings"
	"unicode"

	"pactgraph/corpus"
)

// token is one word of a text as the linker sees it.
type token struct {
	lower string
	orig  string
}

// tokenize splits text into words for linking: letters and digits make
// words; apostrophes inside a word keep it whole (curly or straight alike)
// and a possessive 's is dropped; hyphens, dashes and every other mark
// separate words, so "US–Japan" is two words and "NATO’s" is "NATO".
func tokenize(s string) []token {
	var out []token
	var cur []rune
	emit := func() {
		if len(cur) == 0 {
			return
		}
		w := strings.Trim(string(cur), "'")
		if p, ok := strings.CutSuffix(w, "'s"); ok {
			w = p
		} else if p, ok := strings.CutSuffix(w, "'S"); ok {
			w = p
		}
		if w != "" {
			out = append(out, token{lower: strings.ToLower(w), orig: w})
		}
		cur = cur[:0]
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			cur = append(cur, r)
		case r == '\'' || r == '\u2019' || r == '\u02bc' || r == '\uff07':
			if len(cur) > 0 {
				cur = append(cur, '\'')
			}
		default:
			emit()
		}
	}
	emit()
	return out
}

// EntityKind groups the entities a passage can mention.
type entityKind int

const (
	kindAgreement entityKind = iota
	kindOrganization
	kindCountry
	kindTrend
	kindTopic
)

// name is one way of writing an entity's name.
type name struct {
	tokens        []token
	caseSensitive bool
	kind          entityKind
	id            string
}

// linker finds the entities a text mentions by their names and aliases.
type linker struct {
	byFirst map[string][]*name
}

// caseSensitive reports whether an alias must match with its case: short
// all-capital acronyms, so "US" and "UN" never match "us" and "un".
func caseSensitive(alias string) bool {
	letters := 0
	for _, r := range alias {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters > 0 && letters <= 3
}

func newLinker(e *corpus.Entities) *linker {
	l := &linker{byFirst: map[string][]*name{}}
	add := func(kind entityKind, id string, names ...string) {
		for _, n := range names {
			toks := tokenize(n)
			if len(toks) == 0 {
				continue
			}
			l.byFirst[toks[0].lower] = append(l.byFirst[toks[0].lower],
				&name{tokens: toks, caseSensitive: caseSensitive(n), kind: kind, id: id})
		}
	}
	kinds := map[string]entityKind{"agreement": kindAgreement, "organization": kindOrganization,
		"country": kindCountry, "trend": kindTrend, "topic": kindTopic}
	for _, set := range e.Names() {
		add(kinds[set.Kind], set.ID, set.Names...)
	}
	return l
}

// links is what one passage mentions, as ids sorted within each kind.
type links [5][]string

type match struct {
	start, end int
	n          *name
}

// link finds every mention in text. Within one kind the longest name wins
// where names overlap ("UN Security Council" is the Council, not the UN
// and the Council); across kinds overlaps stand ("Iran nuclear deal" names
// the JCPOA and Iran).
func (l *linker) link(text string) links {
	toks := tokenize(text)
	var found []match
	for i := range toks {
		for _, n := range l.byFirst[toks[i].lower] {
			if n.matchesAt(toks, i) {
				found = append(found, match{i, i + len(n.tokens), n})
			}
		}
	}
	var out links
	for _, m := range found {
		covered := slices.ContainsFunc(found, func(o match) bool {
			return o.n.kind == m.n.kind && o.start <= m.start && o.end >= m.end && o.end-o.start > m.end-m.start
		})
		if !covered && !slices.Contains(out[m.n.kind], m.n.id) {
			out[m.n.kind] = append(out[m.n.kind], m.n.id)
		}
	}
	for i := range out {
		slices.Sort(out[i])
	}
	return out
}

func (n *name) matchesAt(toks []token, i int) bool {
	if i+len(n.tokens) > len(toks) {
		return false
	}
	for j, t := range n.tokens {
		got := toks[i+j]
		if got.lower != t.lower || (n.caseSensitive && got.orig != t.orig) {
			return false
		}
	}
	return true
}
