package search

import (
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"
)

// The boost table: every weight of the ranking, named, in one place.
// Within a tier of the ladder a record's score is BM25 over the text field
// (its name, aliases, heading and body) plus the boosts its record earns.
// Tune here, on the dev part of the judged sets only.
var boosts = struct {
	// A word found in a record's name, an alias, or a passage's heading:
	// BM25 of that field alone, weighed, on top of the text field's.
	Name, Alias, Heading float64

	// A clause satisfied by what a word was probably meant to be (a
	// spelling correction), or by another name or a paraphrase of the
	// words, scores a little below the words as typed.
	Correction, Alternative float64
	// A clause satisfied by a curated theme instead of the words.
	ThemeAlternative float64
	// A clause of an article reference ("article 52") satisfied by a
	// passage of that article, whatever its words, or by a text that
	// cites it; a clause of an agreement's name satisfied by a passage of
	// the agreement's text.
	Article, Citation, Text float64

	// Proximity: the content words side by side as typed.
	Phrase float64
	// A record named exactly what was typed.
	ExactName float64
	// A passage that defines the search ("Bilateral agreements
	// involve…"), and a record whose curated theme is the whole search.
	// Their key fields are padded (padKeys), and BM25's length
	// normalization takes about five sixths off a padded field's score;
	// the boosts give that back.
	Defines, Theme float64
}{
	Name: 2, Alias: 1.5, Heading: 4,
	Correction: 0.9, Alternative: 0.8, ThemeAlternative: 1, Article: 2, Citation: 0.5, Text: 1,
	Phrase:    0.5,
	ExactName: 16,
	Defines:   96, Theme: 48,
}

// boostQueries are the optional clauses that rank records within a tier,
// from what the search was understood as: in each language it reads, the
// words in headings and side by side; in English, the entities' names and
// the curated keys besides. A boost on a word that no record holds in its
// field is left out (see vocab).
func (ix *Index) boostQueries(r *reading, readers []reader, v *vocab) []query.Query {
	var out []query.Query
	add := func(field, term string, boost float64) {
		if v.has(field, term) {
			out = append(out, termOn(field, term, boost))
		}
	}
	var names, aliases []query.Query
	words := 0
	for _, l := range readers {
		for i, w := range r.words {
			if !w.content() || r.articleAt(i) != nil {
				continue // an article reference is no word of a heading or a name
			}
			terms := w.terms
			if l.language != readers[0].language {
				terms = l.terms(w.meant)
			}
			if l.language == english && len(terms) > 0 {
				words++
			}
			for _, t := range terms {
				if l.language == english {
					if v.has(fieldName, t) {
						names = append(names, termOn(fieldName, t, boosts.Name))
					}
					if v.has(fieldAliases, t) {
						aliases = append(aliases, termOn(fieldAliases, t, boosts.Alias))
					}
				}
				add(l.heading, t, boosts.Heading)
			}
		}
	}
	out = append(out, alternativeHeadings(r, readers[0], v, add)...)
	out = append(out, nameBoosts(names, words)...)
	out = append(out, nameBoosts(aliases, words)...)
	terms := readers[0].terms
	content := contentOf(r.together, terms)
	for _, l := range readers {
		if len(contentOf(r.together, l.terms)) > 1 {
			if pairs := ix.pairsQuery(l.language, strings.Join(r.together, " "), boosts.Phrase); pairs != nil {
				out = append(out, pairs)
			}
		}
	}
	if len(r.phrases) > 0 || len(content) == 0 || readers[0].language != english {
		return out
	}
	whole := strings.Join(r.together, " ")
	if exact := normalizeName(whole); exact != "" {
		add(fieldExact, exact, boosts.ExactName)
	}
	// A record named exactly another name of the whole search (the
	// Washington Treaty is the North Atlantic Treaty) ranks first too.
	for _, s := range r.spans {
		if r.coversAll(s) {
			for _, alt := range s.alternatives {
				add(fieldExact, normalizeName(alt), boosts.ExactName*boosts.Alternative)
			}
		}
	}
	if key := strings.Join(terms(whole), " "); key != "" {
		add(fieldDefines, key, boosts.Defines)
		add(fieldThemeKeys, key, boosts.Theme)
	}
	return out
}

// alternativeHeadings adds the heading boosts of the spans' alternatives,
// a little below the words': a section headed with what the search says
// in other words ("Challenges" for the drawbacks asked about) is where the
// answer is. An alternative of several words earns it as a phrase, in a
// heading that holds it whole: one generic word of another name ("treaty"
// of the Comprehensive Nuclear-Test-Ban Treaty) says nothing.
func alternativeHeadings(r *reading, main reader, v *vocab, add func(field, term string, boost float64)) []query.Query {
	var phrases []query.Query
	seen := map[string]bool{}
	for _, s := range r.spans {
		for _, alt := range s.alternatives {
			terms := main.terms(alt)
			key := strings.Join(terms, " ")
			if len(terms) == 0 || seen[key] {
				continue
			}
			seen[key] = true
			if len(terms) == 1 {
				add(main.heading, terms[0], boosts.Heading*boosts.Alternative)
				continue
			}
			if slices.ContainsFunc(terms, func(t string) bool { return !v.has(main.heading, t) }) {
				continue // no heading holds it whole
			}
			p := query.NewMatchPhraseQuery(alt)
			p.SetField(main.heading)
			p.Analyzer = main.query
			p.SetBoost(boosts.Heading * boosts.Alternative)
			phrases = append(phrases, p)
		}
	}
	return phrases
}

// nameBoosts are the boosts of a name field's words. For a search of
// several words a record earns them only when its name holds two of them:
// one generic word shared with a name ("armed attack" and the Treaty on
// Conventional Armed Forces) says little about the record.
func nameBoosts(qs []query.Query, words int) []query.Query {
	switch {
	case words < 2:
		return qs // one word: a name that holds it is boosted
	case len(qs) < 2:
		return nil // no name holds two of the words
	default:
		return []query.Query{&sumQuery{Boosts: qs, Min: 2}}
	}
}

// contentOf is the words of together that are searchable.
func contentOf(together []string, terms func(string) []string) []string {
	var out []string
	for _, w := range together {
		if len(terms(w)) > 0 {
			out = append(out, w)
		}
	}
	return out
}

func termOn(field, term string, boost float64) query.Query {
	t := query.NewTermQuery(term)
	t.SetField(field)
	t.SetBoost(boost)
	return t
}

// pairsQuery asks for all of text's neighbouring terms as pairs (see
// pairsFilter): the words side by side as typed, as a phrase query would,
// at the cost of a term look-up per pair.
func (ix *Index) pairsQuery(l *language, text string, boost float64) query.Query {
	a := ix.bleve.Mapping().AnalyzerNamed(l.pairsAnalyzer)
	var parts []query.Query
	for _, t := range a.Analyze([]byte(text)) {
		parts = append(parts, termOn(l.pairs, string(t.Term), boost))
	}
	switch len(parts) {
	case 0:
		return nil
	case 1:
		return parts[0]
	}
	return query.NewConjunctionQuery(parts)
}

// phraseOn asks for text as a phrase in a language's text field.
func phraseOn(l *language, text string, boost float64) query.Query {
	p := query.NewMatchPhraseQuery(text)
	p.SetField(l.text)
	p.Analyzer = l.query
	p.SetBoost(boost)
	return p
}
