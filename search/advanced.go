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
// heading: search those alone.

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

// maxBoost bounds a boost in ADVANCED text (word^boost): a larger or
// non-finite one would overflow scores.
const maxBoost = 1000

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
	w := &advancedWalk{ix: ix}
	return w.walk(parsed)
}

// advancedWalk checks and rewrites a parsed query-string query.
type advancedWalk struct {
	ix      *Index
	clauses int
}

func (w *advancedWalk) walk(q query.Query) (query.Query, error) {
	w.clauses++
	if w.clauses > maxClauses {
		return nil, &CostError{Msg: fmt.Sprintf("more than %d clauses", maxClauses)}
	}
	if f, ok := q.(query.FieldableQuery); ok && f.Field() != "" && !advancedFields[f.Field()] {
		return nil, &QueryError{Msg: fmt.Sprintf("unknown field %q: use one of name, aliases, heading, body, type, kind, themes, parties, organizations, agreements, countries, trends, topics, decade, document, signed", f.Field())}
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
		return onText(q, &q.FieldVal, &q.Analyzer), nil
	case *query.WildcardQuery:
		return w.prefix(q)
	case *query.RegexpQuery:
		return nil, &CostError{Msg: "regular expressions are not supported; use a prefix (agreem*) or a fuzzy term (multilaterl~1)"}
	case *query.NumericRangeQuery, *query.DateRangeQuery, *query.DateRangeStringQuery, *query.MatchAllQuery, *query.MatchNoneQuery, *query.TermQuery:
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
	return onText(q, &q.FieldVal, &q.Analyzer), nil
}

// onText points a match or phrase query at the field it searches (words
// without a field, and body:, search the text field) with the query
// analyzer; one without a field is also weighed on name, aliases and
// heading.
func onText[Q any, P interface {
	*Q
	query.Query
	SetField(string)
}](q P, field, analyzer *string) query.Query {
	unfielded := *field == ""
	*field = textFieldFor(*field)
	if isTextField(*field) {
		*analyzer = analyzerQuery
	}
	if !unfielded {
		return q
	}
	return fieldWeighted(func(f string) query.Query {
		c := *q
		P(&c).SetField(f)
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
	field := textFieldFor(q.FieldVal)
	if isTextField(field) {
		prefix = strings.ToLower(strings.NewReplacer("\u2019", "'", "\u2018", "'").Replace(prefix))
	}
	make := func(field string) query.Query {
		p := query.NewPrefixQuery(prefix)
		p.SetField(field)
		p.SetBoost(q.Boost())
		return p
	}
	if q.FieldVal == "" {
		return fieldWeighted(make), nil
	}
	return make(field), nil
}

// fieldWeighted searches the text field, and adds the weighed score of
// the same query on a record's name, aliases and heading, as the boost
// table weighs them in a SIMPLE search.
func fieldWeighted(make func(field string) query.Query) query.Query {
	qs := []query.Query{make(fieldText)}
	for _, f := range []struct {
		name   string
		weight float64
	}{{fieldName, boosts.Name}, {fieldAliases, boosts.Alias}, {fieldHeading, boosts.Heading}} {
		q := make(f.name)
		if b, ok := q.(query.BoostableQuery); ok {
			b.SetBoost(b.Boost() * f.weight)
		}
		qs = append(qs, q)
	}
	return &sumQuery{Boosts: qs}
}

// textFieldFor is the index field a field name of ADVANCED text searches:
// words without a field, and body:, search the whole text.
func textFieldFor(field string) string {
	if field == "" || field == fieldBody {
		return fieldText
	}
	return field
}

func isTextField(f string) bool {
	return f == fieldText || f == fieldName || f == fieldAliases || f == fieldHeading
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
