package graph

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"pactgraph/corpus"
	"pactgraph/graph/model"
	"pactgraph/search"
)

// Bounds of suggest.
const (
	maxSuggestions = 50
	maxPrefix      = 100
)

type searchArgs struct {
	query     string
	mode      *model.SearchMode
	types     []model.SearchType
	filter    *model.SearchFilter
	facets    []model.FacetField
	highlight *bool
	explain   *bool
	first     *int
	after     *string
	language  *string
}

// search runs the search field: one index look-up ranks the page and
// counts the whole result (totalCount, completeCount and facets), one more
// finds the page's highlights; every join of the hits afterwards reads the
// in-memory catalog.
func (r *Resolver) search(ctx context.Context, a searchArgs) (*model.SearchConnection, error) {
	if strings.TrimSpace(a.query) == "" {
		return nil, inputError("query", "must not be empty")
	}
	n, err := pageSize(a.first, 10)
	if err != nil {
		return nil, err
	}
	q := search.Query{Text: a.query, First: n, Highlight: a.highlight == nil || *a.highlight, Explain: a.explain != nil && *a.explain}
	if a.mode != nil && *a.mode == model.SearchModeAdvanced {
		q.Mode = search.Advanced
	}
	if a.after != nil {
		q.After = *a.after
	}
	for _, t := range a.types {
		q.Types = append(q.Types, string(t))
	}
	q.Filter = searchFilter(a.filter)
	if q.Language, q.Filter.Languages, err = searchLanguages(a); err != nil {
		return nil, err
	}
	a.facets = distinct(a.facets) // a facet asked twice is computed once
	for _, f := range a.facets {
		q.Facets = append(q.Facets, search.Facet(strings.ToLower(string(f))))
	}
	st := stateOf(ctx)
	start := time.Now()
	res, err := r.runSearch(ctx, st.Index, q)
	observeSearch(ctx, start)
	if err != nil {
		return nil, err
	}
	if err := finiteHits(res.Hits); err != nil {
		return nil, err
	}
	conn := &model.SearchConnection{TotalCount: res.Total, CompleteCount: res.Complete, Partial: res.Partial}
	if res.DidYouMean != "" {
		conn.DidYouMean = &res.DidYouMean
	}
	var cursors []string
	if conn.Edges, cursors, err = searchEdges(st.Catalog, res.Hits); err != nil {
		return nil, err
	}
	conn.PageInfo = pageInfo(cursors, res.HasNext, q.After != "")
	conn.Facets = make([]*model.Facet, len(res.Facets))
	for i, f := range res.Facets {
		field := a.facets[i]
		facet := &model.Facet{Field: field, Buckets: make([]*model.FacetBucket, len(f.Buckets))}
		for j, b := range f.Buckets {
			facet.Buckets[j] = &model.FacetBucket{Value: b.Value, Count: b.Count, Label: facetLabel(st.Catalog, field, b.Value)}
		}
		conn.Facets[i] = facet
	}
	return conn, nil
}

// searchEdges are a page's hits as edges, with their cursors. The page's
// edges, highlights and spans are each one allocation.
func searchEdges(c *corpus.Catalog, hits []search.Hit) ([]*model.SearchEdge, []string, error) {
	out, cursors := make([]*model.SearchEdge, 0, len(hits)), make([]string, 0, len(hits))
	edges := make([]model.SearchEdge, len(hits))
	nh, ns := 0, 0
	for _, h := range hits {
		nh += len(h.Highlights)
		for _, hl := range h.Highlights {
			ns += len(hl.Matches)
		}
	}
	highlights, spans := make([]model.Highlight, nh), make([]model.Span, ns)
	for k, h := range hits {
		node := searchNode(c, h.Doc)
		if node == nil {
			return nil, nil, &internalError{fmt.Errorf("search hit %s names nothing in the catalog", h.Doc.ID)}
		}
		edge := &edges[k]
		*edge = model.SearchEdge{Cursor: h.Cursor, Score: h.Score, Relevance: h.Relevance, Partial: h.Partial, Node: node,
			Highlights: make([]*model.Highlight, len(h.Highlights))}
		for i, hl := range h.Highlights {
			mh := &highlights[0]
			highlights = highlights[1:]
			*mh = model.Highlight{Field: hl.Field, Fragment: hl.Fragment, Text: hl.Text, Matches: make([]*model.Span, len(hl.Matches))}
			for j, m := range hl.Matches {
				spans[0] = model.Span{Start: m.Start, End: m.End}
				mh.Matches[j] = &spans[0]
				spans = spans[1:]
			}
			edge.Highlights[i] = mh
		}
		for _, line := range h.Explanation {
			edge.Explanation = append(edge.Explanation, &model.ExplanationLine{Depth: line.Depth, Value: line.Value, Message: line.Message})
		}
		out = append(out, edge)
		cursors = append(cursors, h.Cursor)
	}
	return out, cursors, nil
}

// searchFilter is the search field's filter as the index reads it: ids
// with their type prefix, country codes in capitals.
func searchFilter(f *model.SearchFilter) search.Filter {
	var out search.Filter
	if f == nil {
		return out
	}
	for _, k := range f.Kinds {
		out.Kinds = append(out.Kinds, string(k))
	}
	out.Themes = f.Themes
	for _, p := range f.Parties {
		out.Parties = append(out.Parties, countryCode(p))
	}
	out.Organizations = withPrefix(prefixOrganization, f.Organizations)
	// An agreement's own record, the passages that mention it and the
	// passages of its texts.
	out.AgreementsOrTexts = withPrefix(prefixAgreement, f.Agreements)
	out.Trends = withPrefix(prefixTrend, f.Trends)
	out.Topics = withPrefix(prefixTopic, f.Topics)
	out.Documents = withPrefix(prefixDocument, f.Documents)
	out.Decades = f.Decades
	out.Centuries = f.Centuries
	for _, o := range f.Obligations {
		out.Obligations = append(out.Obligations, string(o))
	}
	out.TextOf = withPrefix(prefixAgreement, f.TextOf)
	out.Articles = articleFilter(f.Articles)
	out.Meta = metaFilters(f.Meta)
	return out
}

// searchLanguages reads the search's language argument and its filter's
// languages as codes, each written as a code, a tag or a name. The
// argument must be a language the index analyses.
func searchLanguages(a searchArgs) (string, []string, error) {
	var asked string
	if a.language != nil {
		code, ok := corpus.LanguageCode(*a.language)
		if !ok || !search.Analysed(code) {
			return "", nil, inputError("language", "%q is not a language the index analyses: give one of %s", *a.language, strings.Join(search.Languages(), ", "))
		}
		asked = code
	}
	var filter []string
	if a.filter != nil {
		for _, l := range a.filter.Languages {
			code, ok := corpus.LanguageCode(l)
			if !ok {
				return "", nil, inputError("filter.languages", "%q is not a language code: give codes such as en, nl or und", l)
			}
			filter = append(filter, code)
		}
	}
	return asked, filter, nil
}

// runSearch runs one index search within the search deadline.
func (r *Resolver) runSearch(ctx context.Context, ix *search.Index, q search.Query) (*search.Result, error) {
	if r.searchTimeout <= 0 {
		return tracedSearch(ctx, ix, q)
	}
	sctx, cancel := context.WithTimeout(ctx, r.searchTimeout)
	defer cancel()
	res, err := tracedSearch(sctx, ix, q)
	if err != nil && search.IsTimeout(err) && ctx.Err() == nil {
		return res, &searchTimeoutError{limit: r.searchTimeout}
	}
	return res, err
}

// searchTimeoutError is a search that ran past its own deadline (the
// request's time was not yet spent): TIMEOUT, saying what to change.
type searchTimeoutError struct{ limit time.Duration }

func (e *searchTimeoutError) Error() string {
	return fmt.Sprintf("the search took longer than %s and was stopped: use fewer words, or narrow it with filters", e.limit)
}

// finiteHits refuses a result with a score that is not a finite number
// (boosts such as ^1e308 overflow it): JSON has no NaN or Infinity, so no
// encoder, GraphQL, CSV or NDJSON, may be handed one.
func finiteHits(hits []search.Hit) error {
	for _, h := range hits {
		ok := finite(h.Score) && finite(h.Relevance)
		for _, line := range h.Explanation {
			ok = ok && finite(line.Value)
		}
		if !ok {
			return &search.QueryError{Msg: "the boosts make scores too large to be numbers: give each boost a value such as ^2 or ^0.5"}
		}
	}
	return nil
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// distinct keeps the first of each value, in order.
func distinct[T comparable](list []T) []T {
	var out []T
	seen := make(map[T]bool, len(list))
	for _, v := range list {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// searchNode turns a hit into the object it stands for.
func searchNode(c *corpus.Catalog, d search.Doc) model.SearchResult {
	k := d.ID[strings.IndexByte(d.ID, ':')+1:]
	switch d.Type {
	case "PASSAGE":
		return passageOf(d)
	case "AGREEMENT":
		if a := c.Agreement(k); a != nil {
			return a
		}
	case "ORGANIZATION":
		if o := c.Organization(k); o != nil {
			return o
		}
	case "COUNTRY":
		if x := c.Country(k); x != nil {
			return x
		}
	case "TREND":
		if t := c.Trend(k); t != nil {
			return t
		}
	case "TOPIC":
		if t := c.Topic(k); t != nil {
			return t
		}
	}
	return nil
}

// facetLabel names a facet value for people: the country or organization
// behind a code or id, a decade as "1940s".
func facetLabel(c *corpus.Catalog, f model.FacetField, v string) *string {
	switch f {
	case model.FacetFieldParty:
		if x := c.Country(v); x != nil {
			return &x.Name
		}
	case model.FacetFieldOrganization:
		if o := c.Organization(key(v, prefixOrganization)); o != nil {
			return &o.Name
		}
	case model.FacetFieldTrend:
		if t := c.Trend(key(v, prefixTrend)); t != nil {
			return &t.Name
		}
	case model.FacetFieldTopic:
		if t := c.Topic(key(v, prefixTopic)); t != nil {
			return &t.Name
		}
	case model.FacetFieldTextOf:
		if a := c.Agreement(key(v, prefixAgreement)); a != nil {
			return &a.Name
		}
	case model.FacetFieldLanguage:
		if name := corpus.LanguageName(v); name != "" {
			return &name
		}
	case model.FacetFieldDecade:
		if y, err := strconv.Atoi(v); err == nil {
			s := strconv.Itoa(y) + "s"
			return &s
		}
	case model.FacetFieldCentury:
		if y, err := strconv.Atoi(v); err == nil {
			s := ordinal(y/100+1) + " century"
			return &s
		}
	}
	return nil
}

// ordinal writes 19 as "19th", 21 as "21st".
func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}
