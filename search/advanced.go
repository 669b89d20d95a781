package search

import (
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"
)

// ADVANCED text is Bleve's query-string syntax, restricted to what is safe
// and cheap to run. Words without a field, and body:, search the text
// field (a record's name, aliases, heading and body); name:, aliases: and
// heading: search those alone. Text fields are read in each language the
// search reads (the one asked for, else every one the index holds), with
// that language's analyser; name: and aliases: are English.

// Fields that ADVANCED text may name with field:value.
var advancedFields = map[string]bool{
	fieldName: true, fieldAliases: true, fieldHeading: true, fieldBody: true,
	fieldType: true, fieldKind: true, fieldThemes: true, fieldParties: true,
	fieldOrganizations: true, fieldAgreements: true, fieldCountries: true, fieldTrends: true,
	fieldTopics: true, fieldDecade: true, fieldDocument: true, fieldSigned: true,
	fieldObligations: true, fieldCentury: true, fieldLanguage: true,
}

const (
	maxClauses     = 1024
	minPrefix      = 3
	minFuzzyLength = 5
	maxFuzziness   = 2
)

// maxBoost bounds a boost in ADVANCED text (word^boost): a larger or
// non-finite one would overflow scores.
const maxBoost = 1000

// advancedQuery parses Bleve's query-string syntax and checks every clause
// against pactgraph's rules before Bleve runs it: Bleve does not look at a
// deadline while it expands wildcards, so an expensive clause must never
// reach it.
func (ix *Index) advancedQuery(text string, langs []*language) (query.Query, error) {
	if pos, what := booleanOperator(text); pos > 0 {
		return nil, &QueryError{Msg: fmt.Sprintf("syntax error at character %d: %s", pos, what), Position: pos}
	}
	parsed, err := query.NewQueryStringQuery(text).Parse()
	if err != nil {
		msg := strings.ReplaceAll(err.Error(), "\n", "; ")
		pos, what := locateSyntaxError(text)
		if pos > 0 {
			msg = fmt.Sprintf("%s at character %d: %s", msg, pos, what)
		}
		return nil, &QueryError{Msg: msg, Position: pos}
	}
	w := &advancedWalk{ix: ix, langs: langs}
	return w.walk(parsed)
}

// advancedWalk checks and rewrites a parsed query-string query.
type advancedWalk struct {
	ix      *Index
	clauses int
	langs   []*language
}

func (w *advancedWalk) walk(q query.Query) (query.Query, error) {
	w.clauses++
	if w.clauses > maxClauses {
		return nil, &CostError{Msg: fmt.Sprintf("more than %d clauses", maxClauses)}
	}
	if f, ok := q.(query.FieldableQuery); ok && f.Field() != "" && !advancedFields[f.Field()] {
		return nil, &QueryError{Msg: fmt.Sprintf("unknown field %q: use one of name, aliases, heading, body, type, kind, themes, parties, organizations, agreements, countries, trends, topics, obligations, decade, century, document, language, signed", f.Field())}
	}
	if b, ok := q.(query.BoostableQuery); ok {
		if boost := b.Boost(); math.IsNaN(boost) || math.IsInf(boost, 0) || boost < 0 || boost > maxBoost {
			return nil, &QueryError{Msg: fmt.Sprintf("boost ^%g: a boost is a number from 0 to %d", boost, maxBoost)}
		}
	}
	switch q := q.(type) {
	case *query.BooleanQuery:
		for _, part := range []*query.Query{&q.Must, &q.Should, &q.MustNot} {
			if *part == nil {
				continue
			}
			rewritten, err := w.walk(*part)
			if err != nil {
				return nil, err
			}
			*part = rewritten
		}
		return q, nil
	case *query.ConjunctionQuery:
		return q, w.walkAll(q.Conjuncts)
	case *query.DisjunctionQuery:
		return q, w.walkAll(q.Disjuncts)
	case *query.MatchQuery:
		return w.match(q)
	case *query.MatchPhraseQuery:
		if q.FieldVal != "" && textTargets(q.FieldVal, w.langs) == nil {
			// A keyword field keeps no positions to read a phrase by:
			// a quoted value is one whole value.
			return termOn(q.FieldVal, keywordValue(q.FieldVal, q.MatchPhrase), q.Boost()), nil
		}
		return onText(q, &q.FieldVal, &q.Analyzer, w.langs), nil
	case *query.WildcardQuery:
		return w.prefix(q)
	case *query.RegexpQuery:
		return nil, &CostError{Msg: "regular expressions are not supported; use a prefix (agreem*) or a fuzzy term (multilaterl~1)"}
	case *query.TermQuery:
		q.Term = keywordValue(q.FieldVal, q.Term)
		return q, nil
	case *query.NumericRangeQuery, *query.DateRangeQuery, *query.DateRangeStringQuery, *query.MatchAllQuery, *query.MatchNoneQuery:
		return q, nil
	}
	return nil, &QueryError{Msg: fmt.Sprintf("unsupported clause %T", q)}
}

func (w *advancedWalk) walkAll(qs []query.Query) error {
	for i := range qs {
		rewritten, err := w.walk(qs[i])
		if err != nil {
			return err
		}
		qs[i] = rewritten
	}
	return nil
}

func (w *advancedWalk) match(q *query.MatchQuery) (query.Query, error) {
	if q.Fuzziness < 0 {
		return nil, &QueryError{Msg: fmt.Sprintf("fuzziness ~%d on %q: use ~1 or ~2", q.Fuzziness, q.Match)}
	}
	if q.Fuzziness > maxFuzziness {
		return nil, &CostError{Msg: fmt.Sprintf("fuzziness ~%d on %q: the most is ~%d", q.Fuzziness, q.Match, maxFuzziness)}
	}
	terms := w.ix.terms(q.Match)
	// Fuzziness applies to each analyzed term, so each must be long
	// enough: "b-c-d-e-f~2" is five one-letter terms.
	for _, term := range terms {
		if q.Fuzziness > 0 && utf8.RuneCountInString(term) < minFuzzyLength {
			return nil, &CostError{Msg: fmt.Sprintf("fuzzy term %q: fuzzy matching needs terms of at least %d letters", q.Match, minFuzzyLength)}
		}
	}
	q.Match = keywordValue(q.FieldVal, q.Match)
	return onText(q, &q.FieldVal, &q.Analyzer, w.langs), nil
}

// onText points a match or phrase query at the fields it searches (see
// textTargets), each with its language's query analyser.
func onText[Q any, P interface {
	*Q
	query.Query
	SetField(string)
}](q P, field, analyzer *string, langs []*language) query.Query {
	targets, unfielded := textTargets(*field, langs), *field == ""
	if targets == nil {
		return q // a keyword field
	}
	return weighted(targets, unfielded, func(t target) query.Query {
		*field, *analyzer = t.field, t.analyzer
		c := *q
		return P(&c)
	})
}

func (w *advancedWalk) prefix(q *query.WildcardQuery) (query.Query, error) {
	prefix, ok := strings.CutSuffix(q.Wildcard, "*")
	if !ok || strings.ContainsAny(prefix, "*?") {
		return nil, &CostError{Msg: fmt.Sprintf("wildcard %q: only a trailing * is allowed (e.g. agreem*)", q.Wildcard)}
	}
	if utf8.RuneCountInString(prefix) < minPrefix {
		return nil, &CostError{Msg: fmt.Sprintf("prefix %q: a prefix needs at least %d letters", q.Wildcard, minPrefix)}
	}
	targets := textTargets(q.FieldVal, w.langs)
	if targets == nil {
		targets = []target{{field: q.FieldVal, weight: 1}}
		prefix = keywordValue(q.FieldVal, prefix)
	} else {
		prefix = strings.ToLower(strings.NewReplacer("\u2019", "'", "\u2018", "'").Replace(prefix))
	}
	return weighted(targets, q.FieldVal == "", func(t target) query.Query {
		p := query.NewPrefixQuery(prefix)
		p.SetField(t.field)
		p.SetBoost(q.Boost())
		return p
	}), nil
}

// target is one field a query of ADVANCED text searches, with the query
// analyser of its language and the weight of the field.
type target struct {
	field, analyzer string
	weight          float64
}

// textTargets are the fields a field name of ADVANCED text searches, in
// each language: words without a field search the text field, and are
// weighed on a record's name, aliases and heading as the boost table
// weighs them in a SIMPLE search; body: searches the text field; heading:
// the heading field; name: and aliases: the English fields. nil for a
// keyword field.
func textTargets(field string, langs []*language) []target {
	var out []target
	for _, l := range langs {
		switch field {
		case "":
			out = append(out, target{l.text, l.query, 1})
			if l == english {
				out = append(out, target{fieldName, analyzerQuery, boosts.Name}, target{fieldAliases, analyzerQuery, boosts.Alias})
			}
			out = append(out, target{l.heading, l.query, boosts.Heading})
		case fieldBody:
			out = append(out, target{l.text, l.query, 1})
		case fieldHeading:
			out = append(out, target{l.heading, l.query, 1})
		}
	}
	if field == fieldName || field == fieldAliases {
		out = []target{{field, analyzerQuery, 1}}
	}
	return out
}

// weighted makes the query of each target, its boost times the target's
// weight: the sum of their scores for words without a field, else any of
// them (one query for one target).
func weighted(targets []target, unfielded bool, build func(target) query.Query) query.Query {
	qs := make([]query.Query, 0, len(targets))
	for _, t := range targets {
		q := build(t)
		if b, ok := q.(query.BoostableQuery); ok && t.weight != 1 {
			b.SetBoost(b.Boost() * t.weight)
		}
		qs = append(qs, q)
	}
	switch {
	case unfielded:
		return &sumQuery{Boosts: qs}
	case len(qs) == 1:
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

// booleanOperator finds an AND or a NOT written as Lucene's and
// Elasticsearch's query strings take them. Bleve's syntax has neither: it
// would read "nuclear AND deal" as either word and "nuclear NOT iran" as
// asking for Iran, so the text is refused with what to write instead. OR
// is what Bleve does anyway, and a word in quotes or after a field name is
// a word. It returns a 1-based character position and the advice, or 0.
func booleanOperator(text string) (int, string) {
	inQuote, start := false, -1
	runes := []rune(text)
	for i := 0; i <= len(runes); i++ {
		end := i == len(runes)
		if !end && runes[i] == '"' && (i == 0 || runes[i-1] != '\\') {
			inQuote = !inQuote
		}
		if !end && (inQuote || !unicode.IsSpace(runes[i])) {
			if start < 0 && !inQuote {
				start = i
			}
			continue
		}
		if start >= 0 {
			switch string(runes[start:i]) {
			case "AND", "&&":
				return start + 1, fmt.Sprintf("%q is not an operator in this syntax, where a word without + is optional: write +word for each word a hit must have (+nuclear +deal)", string(runes[start:i]))
			case "NOT":
				return start + 1, `"NOT" is not an operator in this syntax: write -word to leave out what has it (nuclear -iran)`
			}
		}
		start = -1
	}
	return 0, ""
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
