package search

import (
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"
)

// plan is a search ready to run: its queries, and the clauses and ladder
// they were built from.
type plan struct {
	ranked   query.Query // every record the search accepts, scored in the ladder's tiers
	complete query.Query // the complete records alone (counts, position order)
	loose    query.Query // every record the search accepts, without tiers (position order)
	ladder   ladder      // nil when the search has no tiers (ADVANCED, empty text)
	clauses  []clause
	readers  []reader // the languages a SIMPLE search reads its words in
	terms    []string // the clauses' terms, which highlights mark (none: ADVANCED, whose own query marks)
	// wholeTheme is the whole search as a curated theme's key, when some
	// record has that theme: such a record is a complete match.
	wholeTheme  string
	corrections [][2]string
	// inline says the ranked query finds the page's term locations itself
	// (a search with few matches, see inlineLocations); else one more
	// look-up finds them for the page alone.
	inline bool
}

// inlineLocations is the most records a search's terms may be in for
// the ranked query to gather term locations as it scores: for so few,
// that costs less than a second look-up.
const inlineLocations = 256

// plan builds the queries for q's text.
func (ix *Index) plan(q *Query) (*plan, error) {
	if strings.TrimSpace(q.Text) == "" {
		all := query.NewMatchAllQuery()
		return &plan{ranked: all, complete: all, loose: all}, nil
	}
	dict, err := ix.dictionary()
	if err != nil {
		return nil, err
	}
	defer dict.Close()
	if q.Mode == Advanced {
		aq, err := ix.advancedQuery(q.Text, ix.searchLanguages(q, dict, false))
		return &plan{ranked: aq, complete: aq, loose: aq}, err
	}
	p := &plan{readers: ix.readers(q, dict)}
	terms := p.readers[0].terms
	r := ix.understand(q.Text, dict, terms)
	if len(p.readers) > 1 && len(r.corrections) > 0 && ix.correctedIn(q, r, p.readers, dict) {
		// The words as corrected are the first language's alone.
		p.readers, dict.also = p.readers[:1], nil
	}
	p.corrections = r.corrections
	if key := strings.Join(terms(strings.Join(r.together, " ")), " "); dict.lang == english && len(r.phrases) == 0 && key != "" && dict.docFreq(fieldThemeKeys, key) > 0 {
		p.wholeTheme = key
	}
	p.clauses = ix.clauses(r, dict, p.readers, p.wholeTheme)
	var excluded []query.Query
	for _, e := range r.excluded {
		excluded = append(excluded, excludedQueries(e, p.readers)...)
	}
	seen := map[string]bool{}
	for _, c := range p.clauses {
		for t := range c.terms {
			if !seen[t] {
				seen[t] = true
				p.terms = append(p.terms, t)
			}
		}
	}
	slices.Sort(p.terms)
	var found uint64
	for _, t := range p.terms {
		for _, l := range p.readers {
			found += dict.docFreq(l.text, t)
		}
		if found > ix.inlineMax {
			break // enough to know
		}
	}
	p.inline = found <= ix.inlineMax
	if len(p.clauses) == 0 {
		var none query.Query = query.NewMatchNoneQuery()
		if len(excluded) > 0 {
			none = query.NewBooleanQuery([]query.Query{query.NewMatchAllQuery()}, nil, excluded)
		}
		p.ranked, p.complete, p.loose = none, none, none
		return p, nil
	}
	p.ladder = ladderFor(len(p.clauses), r.units(), r.question, len(r.phrases) > 0)
	p.build(ix.boostQueries(r, p.readers, dict.vocab), excluded)
	return p, nil
}

// readers are the languages a SIMPLE search reads its words in, each
// with its analyser; the dictionary is set to understand the words in the
// first.
func (ix *Index) readers(q *Query, dict *dictionary) []reader {
	var out []reader
	for _, l := range ix.searchLanguages(q, dict, true) {
		out = append(out, reader{l, memoize(func(s string) []string { return ix.analyze(l.query, s) })})
	}
	dict.lang = out[0].language
	for _, r := range out[1:] {
		dict.also = append(dict.also, r.language)
	}
	return out
}

// build makes the plan's queries: the records with at least one clause,
// ranked in tiers with the boosts; the complete records alone; and every
// record the search accepts, without tiers.
func (p *plan) build(boostQs, excluded []query.Query) {
	qs := make([]query.Query, len(p.clauses))
	for i, c := range p.clauses {
		qs[i] = c.query
	}
	ranked := &tieredQuery{Clauses: qs, Boosts: boostQs, Min: 1, Ladder: p.ladder}
	if p.inline {
		// Every term, anywhere in the text, as the second look-up would
		// find it. A clause that asks for a term alone reports where it
		// is; one that asks for it only inside a phrase or beside
		// another word does not, so a mark asks for it.
		reported := map[[2]string]bool{}
		for _, q := range qs {
			aloneTerms(q, reported)
		}
		for _, l := range p.readers {
			for _, t := range p.terms {
				if !reported[[2]string{l.text, t}] {
					ranked.Marks = append(ranked.Marks, termOn(l.text, t, 0))
				}
			}
		}
	}
	p.ranked = ranked
	if len(excluded) > 0 {
		p.ranked = &query.BooleanQuery{Must: p.ranked, MustNot: query.NewDisjunctionQuery(excluded)}
	}
	p.complete = query.NewBooleanQuery([]query.Query{atLeast(qs, p.ladder.need())}, nil, excluded)
	p.loose = query.NewBooleanQuery([]query.Query{atLeast(qs, 1)}, nil, excluded)
}

// aloneTerms adds to out the field and term of each term query that q
// matches wherever its term is: itself, or one of the parts of its
// (nested) disjunctions that need no other part.
func aloneTerms(q query.Query, out map[[2]string]bool) {
	switch q := q.(type) {
	case *query.TermQuery:
		out[[2]string{q.FieldVal, q.Term}] = true
	case *query.DisjunctionQuery:
		if q.Min > 1 {
			return // its parts match only beside others
		}
		for _, d := range q.Disjuncts {
			aloneTerms(d, out)
		}
	}
}

// atLeast matches the records with at least k of qs.
func atLeast(qs []query.Query, k int) query.Query {
	d := query.NewDisjunctionQuery(qs)
	d.SetMin(float64(k))
	return d
}

// memoize analyzes each piece of text once per search, however many
// steps ask.
func memoize(f func(string) []string) func(string) []string {
	seen := map[string][]string{}
	return func(s string) []string {
		t, ok := seen[s]
		if !ok {
			t = f(s)
			seen[s] = t
		}
		return t
	}
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
	for i := 1; len(terms) >= 3 && i < len(terms)-1; i++ {
		rest := append(append([]string{}, terms[:i]...), terms[i+1:]...)
		keys = append(keys, strings.Join(rest, " "))
	}
	return keys
}
