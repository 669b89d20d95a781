package search

import (
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"
)

// The second step: what a search was understood as becomes clauses, one
// per word and one per quoted phrase. A clause is satisfied by any of its
// alternatives: the word's terms in the text field (which holds, for a
// passage, its context: what its document is called, context.go), the word written as
// one when it is hyphenated, another name or a paraphrase of the span it
// belongs to, a curated theme the span names, the article of a legal text
// it names ("article 52": the passages of that article), the text of an
// agreement it names ("CTBT": the passages of the treaty's text; texts.go),
// or the theme the whole search names.

// clause is one thing a hit is asked to have.
type clause struct {
	label    string          // the word as meant, or the "phrase"
	weight   float64         // how much it says about a record: its rarity
	terms    map[string]bool // analyzed terms that show it in a record's text
	themeKey string          // a theme key that satisfies it
	articles []string        // the article numbers whose passages satisfy it
	texts    []string        // the agreements whose texts' passages satisfy it
	query    query.Query     // any of its alternatives
}

// reader is a language a search reads its words in, with its query
// analyser (memoized for the search).
type reader struct {
	*language
	terms func(string) []string
}

// clauses builds the clauses of a reading: the words in the text field of
// the language the search is understood in (readers[0]), or in any other
// it reads. wholeTheme is the whole search as a theme key, when a record
// has that theme ("intelligence sharing").
func (ix *Index) clauses(r *reading, dict *dictionary, readers []reader, wholeTheme string) []clause {
	main := readers[0]
	var out []clause
	for i := range r.words {
		w := &r.words[i]
		if !w.content() {
			continue
		}
		c := clause{label: w.meant, weight: phraseWeight(dict, w.meant, main.terms), terms: map[string]bool{}}
		own := 1.0
		if w.fixed {
			own = boosts.Correction
		}
		var alts []query.Query
		if cited := r.articleAt(i); cited != nil {
			c.addWords(w.terms)
			alts = c.addArticle(r.words[cited.first].meant, cited.articles, readers, own)
		} else {
			alts = append(alts, c.addTerms(main.text, w.terms, own))

		}
		if len(w.joined) > 0 {
			alts = append(alts, c.addTerms(main.text, w.joined, own))
		}
		if len(w.derived) > 0 {
			alts = append(alts, c.addTerms(main.text, w.derived, own*boosts.Alternative))
		}
		for _, s := range r.spans {
			if i < s.first || i > s.last {
				continue
			}
			for _, alt := range s.alternatives {
				c.addWords(main.terms(alt))
				alts = append(alts, phraseOn(english, alt, boosts.Alternative))
			}
			if s.themeKey != "" {
				c.themeKey = s.themeKey
				alts = append(alts, termOn(fieldThemeKeys, s.themeKey, boosts.ThemeAlternative))
			}
		}
		for _, t := range r.texts {
			if i >= t.first && i <= t.last {
				for _, id := range t.ids {
					c.texts = append(c.texts, id)
					alts = append(alts, inLanguages(termOn(fieldTextOf, id, boosts.Text), readers))
				}
			}
		}
		if wholeTheme != "" {
			alts = append(alts, termOn(fieldThemeKeys, wholeTheme, boosts.ThemeAlternative))
		}
		for _, o := range readers[1:] {
			if t := o.terms(w.meant); len(t) > 0 {
				alts = append(alts, c.addTerms(o.text, t, own))
			}
		}
		c.query = anyOf(alts)
		out = append(out, c)
	}
	for _, p := range r.phrases {
		c := clause{label: `"` + p + `"`, weight: phraseWeight(dict, p, main.terms), terms: map[string]bool{}}
		var alts []query.Query
		for _, l := range readers {
			if t := l.terms(p); len(t) > 0 || len(alts) == 0 {
				c.addWords(t)
				alts = append(alts, phraseOn(l.language, p, 1))
			}
		}
		c.query = anyOf(alts)
		out = append(out, c)
	}
	return out
}

// addTerms notes terms as the clause's and returns the query that needs
// them all in a record's text.
func (c *clause) addTerms(field string, terms []string, boost float64) query.Query {
	c.addWords(terms)
	parts := make([]query.Query, len(terms))
	for i, t := range terms {
		parts[i] = termOn(field, t, boost)
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return query.NewConjunctionQuery(parts)
}

// addArticle notes the article a word of an article reference cites and
// returns the alternatives that stand for the reference: a text that
// cites it ("article 52", "article LII"), or the article itself, each one
// alternative however many ways the number is written.
func (c *clause) addArticle(word string, keys []string, readers []reader, boost float64) []query.Query {
	var cites, article []query.Query
	for _, key := range keys {
		cites = append(cites, phraseOn(readers[0].language, word+" "+key, boost*boosts.Citation))
		article = append(article, termOn(fieldArticle, key, boosts.Article))
	}
	c.articles = keys
	return []query.Query{anyOf(cites), inLanguages(anyOf(article), readers)}
}

func (c *clause) addWords(terms []string) {
	for _, t := range terms {
		c.terms[t] = true
	}
}

// inLanguages keeps q, an alternative that no language's words make (an
// article's number, a treaty's text), to the records of the languages the
// search reads: a record analysed in another language holds none of its
// words. (A record of a language without an analyser of its own is read
// as English, and kept when the search reads English.)
func inLanguages(q query.Query, readers []reader) query.Query {
	var others []query.Query
	for _, l := range languages {
		if !slices.ContainsFunc(readers, func(r reader) bool { return r.language == l }) && l != english {
			others = append(others, termOn(fieldLanguage, l.code, 0))
		}
	}
	if len(others) == 0 {
		return q
	}
	if !slices.ContainsFunc(readers, func(r reader) bool { return r.language == english }) {
		// Read in other languages alone: English records are out too,
		// and so are those of languages read as English.
		var codes []query.Query
		for _, r := range readers {
			codes = append(codes, termOn(fieldLanguage, r.code, 0))
		}
		return query.NewBooleanQuery([]query.Query{q, anyOf(codes)}, nil, nil)
	}
	return query.NewBooleanQuery([]query.Query{q}, nil, others)
}

func anyOf(qs []query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

// excludedQueries are what a record must not have, in each language the
// search reads: every word of one excluded piece, or an excluded phrase.
func excludedQueries(p piece, readers []reader) []query.Query {
	var out []query.Query
	for _, l := range readers {
		if p.phrase {
			out = append(out, phraseOn(l.language, p.text, 1))
			continue
		}
		m := query.NewMatchQuery(p.text)
		m.SetField(l.text)
		m.Analyzer = l.query
		m.SetOperator(query.MatchQueryOperatorAnd)
		out = append(out, m)
	}
	return out
}

// phraseWeight is the weight of a word or phrase: that of its words, each
// by its rarity in the index, as typed or as the search matches it (its
// analysed terms in the text field), whichever is the commoner: "renew"
// is as common as "renews", which it finds.
func phraseWeight(d *dictionary, text string, terms func(string) []string) float64 {
	var w float64
	for _, word := range strings.Fields(normalizeName(text)) {
		w += d.weight(word, terms(word))
	}
	return w
}
