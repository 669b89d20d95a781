package search

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"
)

// clause is one part of SIMPLE search text: a word, a "quoted phrase", or
// either of them excluded with a leading minus.
type clause struct {
	text    string
	phrase  bool
	exclude bool
}

// parseSimple splits search-box text into clauses. It accepts anything: an
// unclosed quote runs to the end, a lone minus is ignored.
func parseSimple(s string) []clause {
	var out []clause
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		var c clause
		if r == '-' && i+1 < len(s) && !unicode.IsSpace(rune(s[i+1])) {
			c.exclude = true
			i++
		}
		if i < len(s) && s[i] == '"' {
			end := strings.IndexByte(s[i+1:], '"')
			if end < 0 {
				end = len(s) - i - 1
			}
			c.text, c.phrase = s[i+1:i+1+end], true
			i += end + 2
		} else {
			end := strings.IndexFunc(s[i:], unicode.IsSpace)
			if end < 0 {
				end = len(s) - i
			}
			c.text = s[i : i+end]
			i += end
		}
		out = append(out, c)
	}
	return out
}

// terms analyzes text as a query is analyzed; an empty result means the
// text holds nothing searchable (stop words, punctuation).
func (ix *Index) terms(text string) []string {
	a := ix.bleve.Mapping().AnalyzerNamed(analyzerQuery)
	var out []string
	for _, t := range a.Analyze([]byte(text)) {
		out = append(out, string(t.Term))
	}
	return out
}

// termKey is text analyzed as a query is and joined whole: "Bilateral
// agreements" and "bilateral agreement" have the same key.
func (ix *Index) termKey(text string) string {
	return strings.Join(ix.terms(text), " ")
}

// termKeys are the keys under which a defined term is found: its own, and
// for a term of three words or more, each with one modifier left out
// ("multilateral security agreements" is also "multilateral agreements").
func (ix *Index) termKeys(text string) []string {
	terms := ix.terms(text)
	if len(terms) == 0 {
		return nil
	}
	keys := []string{strings.Join(terms, " ")}
	if len(terms) >= 3 {
		for i := 1; i < len(terms)-1; i++ {
			keys = append(keys, strings.Join(append(slices.Clone(terms[:i]), terms[i+1:]...), " "))
		}
	}
	return keys
}

// acrossFields makes one query per text field, weighted, and matches any.
//
// Bleve scales a disjunction's score by the share of its parts that match,
// so a passage, which has no name or aliases, would lose half its score
// against an entity for want of fields. Passages and entities are therefore
// matched over their own fields: a passage's heading and body, an entity's
// name, aliases and body.
func acrossFields(make func(field string) query.Query) query.Query {
	branch := func(typeFilter query.Query, fields ...string) query.Query {
		var qs []query.Query
		for _, f := range textFields {
			if slices.Contains(fields, f.name) {
				q := make(f.name)
				q.(query.BoostableQuery).SetBoost(f.boost)
				qs = append(qs, q)
			}
		}
		b := query.NewBooleanQuery([]query.Query{query.NewDisjunctionQuery(qs)}, nil, nil)
		b.AddFilter(typeFilter)
		return b
	}
	typeIs := func(types ...string) query.Query {
		var qs []query.Query
		for _, t := range types {
			q := query.NewTermQuery(t)
			q.SetField(fieldType)
			qs = append(qs, q)
		}
		if len(qs) == 1 {
			return qs[0]
		}
		return query.NewDisjunctionQuery(qs)
	}
	// The entity branch names the entity types: "anything but a passage"
	// would walk every record.
	return query.NewDisjunctionQuery([]query.Query{
		branch(typeIs("PASSAGE"), fieldHeading, fieldBody),
		branch(typeIs("AGREEMENT", "ORGANIZATION", "COUNTRY", "TREND", "TOPIC"), fieldName, fieldAliases, fieldBody),
	})
}

func wordQuery(text string) query.Query {
	return acrossFields(func(field string) query.Query {
		m := query.NewMatchQuery(text)
		m.SetField(field)
		m.Analyzer = analyzerQuery
		m.SetOperator(query.MatchQueryOperatorAnd)
		return m
	})
}

func phraseQuery(text string) query.Query {
	return acrossFields(func(field string) query.Query {
		p := query.NewMatchPhraseQuery(text)
		p.SetField(field)
		p.Analyzer = analyzerQuery
		return p
	})
}

// boosted scales q's score by boost. Bleve reads the boost of leaf queries
// only (a term, a match, a phrase) and ignores it on a disjunction,
// conjunction or boolean query, so the factor is carried down to every
// leaf that scores.
func boosted(q query.Query, boost float64) query.Query {
	switch c := q.(type) {
	case *query.DisjunctionQuery:
		for _, d := range c.Disjuncts {
			boosted(d, boost)
		}
	case *query.ConjunctionQuery:
		for _, d := range c.Conjuncts {
			boosted(d, boost)
		}
	case *query.BooleanQuery:
		// Must and Should score; MustNot and the filter do not.
		for _, part := range []query.Query{c.Must, c.Should} {
			if part != nil {
				boosted(part, boost)
			}
		}
	case query.BoostableQuery:
		c.SetBoost(c.Boost() * boost)
	}
	return q
}

// definesBoost and themeBoost weigh a passage that defines the search and
// a record whose curated theme is the search. Their key fields are padded
// (padKeys), and BM25's length normalization takes about five sixths off a
// padded field's score; the boosts give that back (16 and 8 before).
const (
	definesBoost = 96
	themeBoost   = 48
)

// softAndWords is the number of words from which a search needs only three
// quarters of them (rounded up) in a record, not all.
const softAndWords = 4

// questionWords carry no subject in a question typed into a search box
// ("how do multilateral agreements make decisions?").
var questionWords = map[string]bool{
	"how": true, "why": true, "what": true, "which": true, "who": true, "whom": true, "where": true,
	"when": true, "does": true, "do": true, "did": true, "is": true, "are": true, "was": true,
	"were": true, "can": true, "could": true, "should": true, "would": true, "will": true,
	"tell": true, "describe": true, "explain": true, "me": true, "give": true, "list": true,
	"show": true, "find": true, "example": true, "examples": true,
}

// plan is what a search text was understood as: its clauses with their
// weights and terms (to measure how much of it a hit covers) and the
// spelling corrections made.
type plan struct {
	clauses     []planClause
	corrections [][2]string // typed word, correction
	themeKey    string      // the search as a theme's key, when a theme may match it whole
}

type planClause struct {
	themeKey string // a theme that satisfies the clause, when its words name one
	weight   float64
	terms    map[string]bool // analyzed terms any of which satisfies the clause
}

func (p *plan) add(weight float64, texts ...func() []string) {
	c := planClause{weight: weight, terms: map[string]bool{}}
	for _, f := range texts {
		for _, t := range f() {
			c.terms[t] = true
		}
	}
	p.clauses = append(p.clauses, c)
}

// textQueries builds the queries for q's text: levels, each accepting the
// records of the one before and more, the first complete ones (one level,
// or two for a long search), the others records with fewer of the words,
// the last any one of them. ADVANCED text, and text of one word, have a
// single level.
func (ix *Index) textQueries(q *Query) (levels []query.Query, complete int, p *plan, err error) {
	p = &plan{}
	if strings.TrimSpace(q.Text) == "" {
		return []query.Query{query.NewMatchAllQuery()}, 1, p, nil
	}
	if q.Mode == Advanced {
		all, err := ix.advancedQuery(q.Text)
		return []query.Query{all}, 1, p, err
	}
	dict, err := ix.dictionary()
	if err != nil {
		return nil, 0, nil, err
	}
	defer dict.Close()
	// terms analyzes each piece of text once, however many clauses ask.
	analyzed := map[string][]string{}
	terms := func(text string) []string {
		t, ok := analyzed[text]
		if !ok {
			t = ix.terms(text)
			analyzed[text] = t
		}
		return t
	}

	var words, phrases, excluded []query.Query
	var phraseWords []query.Query // the quoted phrases' words, one query each
	var nameParts []query.Query   // the words of the last name matched, one query each
	var seq []clause              // the positive words in order, stop words included
	for _, c := range parseSimple(q.Text) {
		switch {
		case c.exclude || c.phrase:
			if len(terms(c.text)) == 0 {
				continue
			}
			if c.exclude && c.phrase {
				excluded = append(excluded, phraseQuery(c.text))
			} else if c.exclude {
				excluded = append(excluded, wordQuery(c.text))
			} else {
				phrases = append(phrases, phraseQuery(c.text))
				p.add(phraseWeight(dict, c.text), func() []string { return terms(c.text) })
				for _, w := range strings.Fields(c.text) {
					if len(terms(w)) > 0 {
						phraseWords = append(phraseWords, wordQuery(w))
					}
				}
			}
		default:
			seq = append(seq, c)
		}
	}
	// Stop words carry nothing to match but still shape names ("Treaty of
	// Brussels"). Question words, and a lower-case "us" (the pronoun; the
	// country is "US"), count as stop words when other words remain.
	stopWord := make([]bool, len(seq))
	asked := make([]bool, len(seq))
	content := 0
	for i, c := range seq {
		stopWord[i] = len(terms(c.text)) == 0
		asked[i] = questionWords[strings.ToLower(c.text)] || c.text == "us"
		if !stopWord[i] && !asked[i] {
			content++
		}
	}
	for i := range seq {
		if asked[i] && content > 0 {
			stopWord[i] = true
		} else {
			asked[i] = false
		}
	}
	// Correct unknown words first, so that names and phrases are found in
	// what was meant.
	meant := make([]string, len(seq)) // each word as meant: corrected, or as typed
	fixes := make([]string, len(seq))
	var flat []string // the words for name matching, and the clause each comes from
	var owner []int
	for i, c := range seq {
		meant[i] = c.text
		norm := normalizeName(c.text)
		if !stopWord[i] && joinedWords(c.text) == "" {
			if fixed := dict.correction(norm, terms(c.text)); fixed != "" {
				fixes[i], meant[i] = fixed, fixed
				p.corrections = append(p.corrections, [2]string{c.text, fixed})
				norm = fixed
			}
		}
		if asked[i] {
			continue
		}
		for _, w := range strings.Fields(norm) {
			flat = append(flat, w)
			owner = append(owner, i)
		}
	}
	// The words as meant, for the side-by-side and exact-name boosts, from
	// the first word that is not a stop word to the last ("what is the
	// North Atlantic Treaty" → "North Atlantic Treaty").
	var together []string
	lo, hi := 0, len(seq)
	for lo < hi && stopWord[lo] {
		lo++
	}
	for hi > lo && stopWord[hi-1] {
		hi--
	}
	for i := lo; i < hi; i++ {
		if !asked[i] {
			together = append(together, meant[i])
		}
	}
	firstWord := map[int]int{}
	for f := len(owner) - 1; f >= 0; f-- {
		firstWord[owner[f]] = f
	}
	// span is the words of clauses i to last as meant, one query each, with
	// their weight and terms.
	span := func(i, last int) (parts []query.Query, weight float64, texts []func() []string) {
		for j := i; j <= last; j++ {
			if stopWord[j] {
				continue
			}
			w := meant[j]
			parts = append(parts, wordQuery(w))
			weight += phraseWeight(dict, w)
			texts = append(texts, func() []string { return terms(w) })
		}
		return parts, weight, texts
	}
	for i := 0; i < len(seq); {
		if f, ok := firstWord[i]; ok {
			n, alts := ix.synonyms.match(flat, f)
			if end := f + n; n > 0 && len(alts) > 0 && (end == len(flat) || owner[end] != owner[end-1]) {
				// A name: its words as meant, or any other name of the same
				// thing.
				last := owner[end-1]
				parts, weight, texts := span(i, last)
				alternatives := []query.Query{query.NewConjunctionQuery(parts)}
				for _, alt := range alts {
					alternatives = append(alternatives, boosted(phraseQuery(alt), 0.8))
					texts = append(texts, func() []string { return terms(alt) })
				}
				words = append(words, query.NewDisjunctionQuery(alternatives))
				nameParts = parts
				p.add(weight, texts...)
				i = last + 1
				continue
			}
			// Words that name a curated theme ("arms control"): the
			// words, or an agreement with that theme.
			for n := min(4, len(flat)-f); n >= 1; n-- {
				end := f + n
				if end < len(flat) && owner[end] == owner[end-1] {
					continue
				}
				key := ix.termKey(strings.Join(flat[f:end], " "))
				if key == "" || dict.docFreq(fieldThemeKeys, key) == 0 {
					continue
				}
				last := owner[end-1]
				parts, weight, texts := span(i, last)
				t := query.NewTermQuery(key)
				t.SetField(fieldThemeKeys)
				words = append(words, query.NewDisjunctionQuery([]query.Query{query.NewConjunctionQuery(parts), t}))
				p.add(weight, texts...)
				p.clauses[len(p.clauses)-1].themeKey = key
				i = last + 1
				break
			}
			if i > owner[f] {
				continue
			}
		}
		if stopWord[i] {
			i++
			continue
		}
		c := seq[i]
		var word query.Query
		var texts []func() []string
		weight := phraseWeight(dict, c.text)
		switch joined, fixed := joinedWords(c.text), fixes[i]; {
		case joined != "":
			word = query.NewDisjunctionQuery([]query.Query{wordQuery(c.text), wordQuery(joined)})
			texts = append(texts, func() []string { return terms(c.text) }, func() []string { return terms(joined) })
		case fixed != "":
			// A word no record holds: search what it was probably meant to
			// be, a little below an exact match.
			word = boosted(wordQuery(fixed), 0.9)
			texts = append(texts, func() []string { return terms(fixed) })
			weight = dict.weight(fixed)
		default:
			word = wordQuery(c.text)
			texts = append(texts, func() []string { return terms(c.text) })
		}
		words = append(words, word)
		p.add(weight, texts...)
		i++
	}
	typed := together
	if len(words)+len(phrases) == 0 {
		if len(excluded) == 0 {
			return []query.Query{query.NewMatchNoneQuery()}, 1, p, nil
		}
		return []query.Query{query.NewBooleanQuery([]query.Query{query.NewMatchAllQuery()}, nil, excluded)}, 1, p, nil
	}
	// The boosts every level adds, built once (Bleve builds its searchers
	// afresh for each use of a query, so the levels may share them).
	var boosts []query.Query
	if len(typed) > 1 {
		// The words side by side, as typed, rank above the same words
		// scattered through a passage.
		boosts = append(boosts, boosted(phraseQuery(strings.Join(typed, " ")), 2))
	}
	term := func(field, value string, boost float64) query.Query {
		t := query.NewTermQuery(value)
		t.SetField(field)
		return boosted(t, boost)
	}
	var themeTerm query.Query
	if len(phrases) == 0 {
		if exact := normalizeName(strings.Join(typed, " ")); exact != "" {
			// A record named exactly what was typed ranks first.
			boosts = append(boosts, term(fieldExact, exact, 16))
		}
		if key := ix.termKey(strings.Join(typed, " ")); key != "" {
			// A passage that defines what was searched for ("Bilateral
			// agreements involve…") ranks above those that use the words,
			// and so does an agreement with the search as its theme.
			p.themeKey = key
			themeTerm = term(fieldThemeKeys, key, themeBoost)
			boosts = append(boosts, term(fieldDefines, key, definesBoost), themeTerm)
		}
	}
	// An agreement whose curated theme is what was searched for
	// ("intelligence sharing", "counterterrorism") is a complete match,
	// whether or not its summary uses the words. The records with the theme
	// but not the words form a branch of their own, so that no record
	// matches both branches and the disjunction scales every score alike.
	orTheme := func(q query.Query) query.Query {
		if themeTerm == nil {
			return q
		}
		only := query.NewBooleanQuery([]query.Query{themeTerm}, nil, append([]query.Query{q}, excluded...))
		return query.NewDisjunctionQuery([]query.Query{q, only})
	}
	// atLeast accepts the records with at least n of the clauses, and every
	// quoted phrase (a phrase is never relaxed).
	required := phrases
	atLeast := func(clauses []query.Query, n int) query.Query {
		var l *query.BooleanQuery
		if n >= len(clauses) {
			l = query.NewBooleanQuery(append(append([]query.Query{}, clauses...), required...), nil, excluded)
		} else {
			some := query.NewDisjunctionQuery(clauses)
			some.SetMin(float64(n))
			l = query.NewBooleanQuery(append(append([]query.Query{}, required...), some), nil, excluded)
		}
		for _, b := range boosts {
			l.AddShould(b)
		}
		if l.Should != nil {
			l.SetMinShould(0)
		}
		return l
	}
	// The levels, each accepting more records than the one before: every
	// word; for a long search (often a question, which rarely has every
	// word in one passage) three quarters of them, which still count as
	// complete; then one word fewer, two fewer, and any one, whose records
	// rank after all the complete ones, those with more words first. So a
	// short list of complete matches is followed by the records that come
	// closest instead of ending.
	// A question's extra words ("why", dropped, but also "important",
	// "make") often paraphrase what a passage says otherwise, so for a
	// question three quarters of the words rank alike; in a list of
	// keywords every word was meant, and the records with all of them come
	// first.
	question := slices.Contains(asked, true)
	need := len(words)
	if len(words) >= softAndWords {
		need = (len(words)*3 + 3) / 4
	}
	switch {
	case need == len(words) || question:
		levels, complete = []query.Query{orTheme(atLeast(words, need))}, 1
	default:
		levels, complete = []query.Query{orTheme(atLeast(words, len(words))), orTheme(atLeast(words, need))}, 2
	}
	// A search that is one name of several words ("New START") relaxes
	// into those words: after the name come the records with most of them
	// ("START I").
	if len(words) == 1 && len(nameParts) > 1 {
		words, need = nameParts, len(nameParts)
	}
	// A quoted phrase is never relaxed among the complete records; after
	// them come the records with its words apart, then with some of them.
	if len(phrases) > 0 {
		words = append(slices.Clone(words), phraseWords...)
		need, required = len(words)+1, nil
	}
	if len(words) > 1 {
		var mins []int // at most three steps: one word fewer, two fewer, any
		for k := need - 1; k >= 1 && len(mins) < 2; k-- {
			mins = append(mins, k)
		}
		if mins[len(mins)-1] != 1 {
			mins = append(mins, 1)
		}
		for _, k := range mins {
			levels = append(levels, orTheme(atLeast(words, k)))
		}
	}
	return levels, complete, p, nil
}

// phraseWeight is the weight of a quoted phrase: that of its words.
func phraseWeight(d *dictionary, text string) float64 {
	var w float64
	for _, word := range strings.Fields(normalizeName(text)) {
		w += d.weight(word)
	}
	return w
}

// Fields that ADVANCED text may name with field:value.
var advancedFields = map[string]bool{
	fieldName: true, fieldAliases: true, fieldHeading: true, fieldBody: true,
	fieldType: true, fieldKind: true, fieldThemes: true, fieldParties: true,
	fieldOrganizations: true, fieldAgreements: true, fieldCountries: true, fieldTrends: true,
	fieldTopics: true, fieldDecade: true, fieldDocument: true, fieldSigned: true,
}

const (
	maxClauses     = 1024
	minPrefix      = 3
	minFuzzyLength = 5
	maxFuzziness   = 2
)

// advancedQuery parses Bleve's query-string syntax and checks every clause
// against pactgraph's rules before Bleve runs it: Bleve does not look at a
// deadline while it expands wildcards, so an expensive clause must never
// reach it.
func (ix *Index) advancedQuery(text string) (query.Query, error) {
	parsed, err := query.NewQueryStringQuery(text).Parse()
	if err != nil {
		msg := strings.ReplaceAll(err.Error(), "\n", "; ")
		pos, what := locateSyntaxError(text)
		if pos > 0 {
			msg = fmt.Sprintf("%s at character %d: %s", msg, pos, what)
		}
		return nil, &QueryError{Msg: msg, Position: pos}
	}
	clauses := 0
	var walk func(q query.Query) (query.Query, error)
	walk = func(q query.Query) (query.Query, error) {
		clauses++
		if clauses > maxClauses {
			return nil, &CostError{Msg: fmt.Sprintf("more than %d clauses", maxClauses)}
		}
		if f, ok := q.(query.FieldableQuery); ok && f.Field() != "" && !advancedFields[f.Field()] {
			return nil, &QueryError{Msg: fmt.Sprintf("unknown field %q: use one of name, aliases, heading, body, type, kind, themes, parties, organizations, agreements, countries, trends, topics, decade, document, signed", f.Field())}
		}
		switch q := q.(type) {
		case *query.BooleanQuery:
			for _, part := range []*query.Query{&q.Must, &q.Should, &q.MustNot} {
				if *part == nil {
					continue
				}
				w, err := walk(*part)
				if err != nil {
					return nil, err
				}
				*part = w
			}
			return q, nil
		case *query.ConjunctionQuery:
			for i := range q.Conjuncts {
				w, err := walk(q.Conjuncts[i])
				if err != nil {
					return nil, err
				}
				q.Conjuncts[i] = w
			}
			return q, nil
		case *query.DisjunctionQuery:
			for i := range q.Disjuncts {
				w, err := walk(q.Disjuncts[i])
				if err != nil {
					return nil, err
				}
				q.Disjuncts[i] = w
			}
			return q, nil
		case *query.MatchQuery:
			if q.Fuzziness < 0 {
				return nil, &QueryError{Msg: fmt.Sprintf("fuzziness ~%d on %q: use ~1 or ~2", q.Fuzziness, q.Match)}
			}
			if q.Fuzziness > 0 {
				if q.Fuzziness > maxFuzziness {
					return nil, &CostError{Msg: fmt.Sprintf("fuzziness ~%d on %q: the most is ~%d", q.Fuzziness, q.Match, maxFuzziness)}
				}
				// Fuzziness applies to each analyzed term, so each must be
				// long enough: "b-c-d-e-f~2" is five one-letter terms.
				for _, term := range ix.terms(q.Match) {
					if utf8.RuneCountInString(term) < minFuzzyLength {
						return nil, &CostError{Msg: fmt.Sprintf("fuzzy term %q: fuzzy matching needs terms of at least %d letters", q.Match, minFuzzyLength)}
					}
				}
			}
			if q.FieldVal == "" || isTextField(q.FieldVal) {
				q.Analyzer = analyzerQuery
			}
			if q.FieldVal == "" {
				return acrossFields(func(field string) query.Query {
					c := *q
					c.SetField(field)
					return &c
				}), nil
			}
			return q, nil
		case *query.MatchPhraseQuery:
			if q.FieldVal == "" || isTextField(q.FieldVal) {
				q.Analyzer = analyzerQuery
			}
			if q.FieldVal == "" {
				return acrossFields(func(field string) query.Query {
					c := *q
					c.SetField(field)
					return &c
				}), nil
			}
			return q, nil
		case *query.WildcardQuery:
			prefix, ok := strings.CutSuffix(q.Wildcard, "*")
			if !ok || strings.ContainsAny(prefix, "*?") {
				return nil, &CostError{Msg: fmt.Sprintf("wildcard %q: only a trailing * is allowed (e.g. agreem*)", q.Wildcard)}
			}
			if utf8.RuneCountInString(prefix) < minPrefix {
				return nil, &CostError{Msg: fmt.Sprintf("prefix %q: a prefix needs at least %d letters", q.Wildcard, minPrefix)}
			}
			return prefixQuery(prefix, q.FieldVal), nil
		case *query.RegexpQuery:
			return nil, &CostError{Msg: "regular expressions are not supported; use a prefix (agreem*) or a fuzzy term (multilaterl~1)"}
		case *query.NumericRangeQuery, *query.DateRangeQuery, *query.DateRangeStringQuery, *query.MatchAllQuery, *query.MatchNoneQuery, *query.TermQuery:
			return q, nil
		}
		return nil, &QueryError{Msg: fmt.Sprintf("unsupported clause %T", q)}
	}
	return walk(parsed)
}

// prefixQuery matches terms that start with prefix; in text fields the
// prefix is lower-cased as the index is.
func prefixQuery(prefix, field string) query.Query {
	make := func(field string) query.Query {
		p := prefix
		if isTextField(field) {
			p = strings.ToLower(strings.NewReplacer("\u2019", "'", "\u2018", "'").Replace(p))
		}
		q := query.NewPrefixQuery(p)
		q.SetField(field)
		return q
	}
	if field == "" {
		return acrossFields(make)
	}
	return make(field)
}

func isTextField(f string) bool {
	for _, t := range textFields {
		if t.name == f {
			return true
		}
	}
	return false
}

// locateSyntaxError finds where query-string text goes wrong, for the
// mistakes people make, since Bleve's parser says only "syntax error". It
// returns a 1-based character position and what is wrong there, or 0.
func locateSyntaxError(text string) (int, string) {
	runes := []rune(text)
	quote := -1
	for i, r := range runes {
		switch {
		case r == '\\':
			continue
		case r == '"':
			if quote < 0 {
				quote = i
			} else {
				quote = -1
			}
		}
	}
	if quote >= 0 {
		return quote + 1, "this quote is never closed"
	}
	inQuote := false
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		if r == '"' {
			inQuote = !inQuote
		}
		if inQuote {
			continue
		}
		next := rune(0)
		if i+1 < len(runes) {
			next = runes[i+1]
		}
		switch {
		case (r == '+' || r == '-') && (i == 0 || unicode.IsSpace(runes[i-1]) || runes[i-1] == '(') &&
			(next == 0 || unicode.IsSpace(next) || next == '+' || next == '-' || next == ')'):
			return i + 1, fmt.Sprintf("%q must stand right before a term (+must, -not)", r)
		case r == ':' && (next == 0 || unicode.IsSpace(next)):
			return i + 1, "a field name needs a value right after the colon (field:value)"
		case r == ':' && (next == '>' || next == '<'):
			j := i + 2
			if j < len(runes) && runes[j] == '=' {
				j++
			}
			if j >= len(runes) || unicode.IsSpace(runes[j]) {
				return j + 1, "a range needs a value (signed:>=\"1990-01-01\")"
			}
		case r == ':':
			for j := i + 1; j < len(runes) && !unicode.IsSpace(runes[j]); j++ {
				if runes[j] == '"' {
					break
				}
				if runes[j] == ':' {
					return j + 1, "a term has one field:value colon; quote values that contain one"
				}
			}
		}
	}
	return 0, ""
}
