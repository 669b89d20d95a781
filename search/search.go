package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Mode is how search text is read.
type Mode string

const (
	// Simple reads text as a search box does: words (all preferred, any
	// accepted), "quoted phrases" and -exclusions. It never fails on syntax.
	Simple Mode = "SIMPLE"
	// Advanced reads Bleve's query-string syntax, restricted to what is safe
	// and cheap to run.
	Advanced Mode = "ADVANCED"
)

// Order is how hits are ranked.
type Order string

const (
	// Relevance orders by score, ties broken by id.
	Relevance Order = "RELEVANCE"
	// Position orders passages by document and position in it.
	Position Order = "POSITION"
)

// Limits on one search.
const (
	MaxTextBytes = 1024
	MaxTerms     = 64
	MaxFirst     = 100
	maxBuckets   = 50
)

// Query is one search: text, filters, facets and a page.
type Query struct {
	Text      string
	Mode      Mode
	Types     []string // passage, agreement, organization, country, trend, topic; empty means all
	Filter    Filter
	Facets    []Facet
	First     int
	After     string // a cursor from a previous page of the same query
	Highlight bool
	Explain   bool // return each hit's score explanation
	Order     Order
	// Language, when given, reads the text in that language (a code of
	// Languages) and returns only that language's records.
	Language string
}

// Filter narrows a search. Values within one field match any of them;
// fields combine with AND.
type Filter struct {
	Kinds         []string
	Themes        []string
	Parties       []string
	Organizations []string
	Agreements    []string
	Countries     []string
	Trends        []string
	Topics        []string
	Documents     []string
	Decades       []int
	Obligations   []string
	Centuries     []int
	// AllCountries must all be among a record's countries (a dyad's
	// passages), where Countries needs any one.
	AllCountries []string
	// TextOf selects the passages of the texts of these agreements.
	TextOf []string
	// AgreementsOrTexts selects what Agreements does and the passages of
	// these agreements' texts besides.
	AgreementsOrTexts []string
	// Articles selects passages by the article they sit in.
	Articles []string
	// Meta must all be among a passage's document's front matter, each
	// "key=value".
	Meta []string
	// Languages selects records by their language code ("nl", "und").
	Languages []string
}

// Facet names a field to count values of.
type Facet string

const (
	FacetType         Facet = "type"
	FacetKind         Facet = "kind"
	FacetTheme        Facet = "theme"
	FacetParty        Facet = "party"
	FacetOrganization Facet = "organization"
	FacetDecade       Facet = "decade"
	FacetCountry      Facet = "country"
	FacetTrend        Facet = "trend"
	FacetTopic        Facet = "topic"
	FacetObligation   Facet = "obligation"
	FacetCentury      Facet = "century"
	FacetTextOf       Facet = "text_of"
	FacetLanguage     Facet = "language"
)

var facetFields = map[Facet]string{
	FacetType: fieldType, FacetKind: fieldKind, FacetTheme: fieldThemes, FacetParty: fieldParties,
	FacetOrganization: fieldOrganizations, FacetDecade: fieldDecade, FacetCountry: fieldCountries,
	FacetTrend: fieldTrends, FacetTopic: fieldTopics, FacetObligation: fieldObligations, FacetCentury: fieldCentury,
	FacetTextOf: fieldTextOf, FacetLanguage: fieldLanguage,
}

// Result is one page of hits.
type Result struct {
	Total   int
	Hits    []Hit
	HasNext bool
	Facets  []FacetResult
	// Partial is set when no record has every word of a SIMPLE search and
	// the hits have only some of them. (Hit.Partial marks each hit.)
	Partial bool
	// Complete counts the records with every word (of a long search, most
	// words); the Total−Complete others have only some and rank after them.
	Complete int
	// DidYouMean is the search text with its unknown words corrected, when
	// it has some that the corpus suggests a correction for.
	DidYouMean string
}

// Hit is one ranked record with its stored data.
type Hit struct {
	Doc    Doc
	Body   string
	Score  float64
	Cursor string
	// Relevance is the share of the search text the hit matches, each
	// word weighed by how rare it is: 1 when it has every word, near 0 when
	// it has only the common ones.
	Relevance float64
	// Partial marks a hit without every word of a SIMPLE search, or with a
	// quoted phrase's words apart; such hits rank after all the hits that
	// have them as asked.
	Partial     bool
	Highlights  []Highlight
	Explanation []ExplanationLine           // when asked for
	locations   search.FieldTermLocationMap // when the ranked query gathered them
}

// Highlight is a fragment of one field with matches marked <mark>…</mark>
// and everything else HTML-escaped; Text is the same fragment as plain text
// and Matches the marked spans in it.
type Highlight struct {
	Field    string
	Fragment string
	Text     string
	Matches  []Span
}

// Span is a range of a highlight's Text, in UTF-16 code units (the
// indexes of JavaScript strings): [Start, End).
type Span struct {
	Start, End int
}

// ExplanationLine is one node of a score's explanation, depth first.
type ExplanationLine struct {
	Depth   int
	Value   float64
	Message string
}

// FacetResult counts the values of one field over all hits.
type FacetResult struct {
	Facet   Facet
	Buckets []Bucket
}

// Bucket is one value of a facet and how many hits have it.
type Bucket struct {
	Value string
	Count int
}

// Search runs q and returns one page. It is the whole model in order: the
// text is understood, turned into clauses, a ladder and boosts (plan), run
// as one Bleve query, paged, and the page's hits inspected for highlights
// and coverage.
func (ix *Index) Search(ctx context.Context, q Query) (*Result, error) {
	if err := q.validate(); err != nil {
		return nil, err
	}
	// Punctuation can join words that the analyzer splits: count terms.
	// The query analyzer makes no term of less than a character, so a text
	// of at most MaxTerms characters needs no count.
	if utf8.RuneCountInString(q.Text) > MaxTerms {
		if n := len(ix.terms(q.Text)); n > MaxTerms {
			return nil, &InputError{Arg: "query", Msg: fmt.Sprintf("has %d terms; the most is %d", n, MaxTerms)}
		}
	}
	p, err := ix.plan(&q)
	if err != nil {
		return nil, err
	}
	out, err := ix.page(ctx, &q, p)
	if err != nil {
		return nil, err
	}
	if len(out.Hits) > 0 && (q.Highlight || len(p.clauses) > 0) {
		locations, kept, err := ix.locations(ctx, p, &q, out.Hits)
		if err != nil {
			return nil, err
		}
		var in inspector
		for i := range out.Hits {
			h := &out.Hits[i]
			found, hls := in.inspect(&h.Doc, locations[h.Doc.ID], kept, q.Highlight)
			h.Highlights = hls
			h.Relevance = p.coverage(found, ix.docThemeKeys(&h.Doc), h.Doc.Article, h.Doc.TextOf)
		}
	} else {
		for i := range out.Hits {
			out.Hits[i].Relevance = 1
		}
	}
	if len(p.corrections) > 0 {
		out.DidYouMean = corrected(q.Text, p.corrections)
	}
	return out, nil
}

// docThemeKeys are an entity's own themes as keys (a passage has none of
// its own).
func (ix *Index) docThemeKeys(d *Doc) map[string]bool {
	if d.Type == "PASSAGE" || len(d.Themes) == 0 {
		return nil
	}
	keys := make(map[string]bool, len(d.Themes))
	for _, t := range d.Themes {
		keys[ix.themeKey(t)] = true
	}
	return keys
}

// themeKey is a theme's words ("arms-control") analyzed and joined whole,
// as a search's are.
func (ix *Index) themeKey(slug string) string {
	if k, ok := ix.themeKeys.Load(slug); ok {
		return k.(string)
	}
	k := ix.termKey(strings.ReplaceAll(slug, "-", " "))
	ix.themeKeys.Store(slug, k)
	return k
}

// runOptions say what one look-up returns besides the ranked ids.
type runOptions struct {
	size                       int // hits to return; 0 counts only
	explain, facets, locations bool
}

func (ix *Index) run(ctx context.Context, q *Query, text query.Query, sortBy, after []string, o runOptions) (*bleve.SearchResult, error) {
	var full query.Query = text
	if filters := q.filterQueries(); len(filters) > 0 {
		b := query.NewBooleanQuery([]query.Query{text}, nil, nil)
		b.AddFilter(query.NewConjunctionQuery(filters))
		full = b
	}
	req := bleve.NewSearchRequestOptions(full, o.size, 0, o.explain)
	if o.size == 0 {
		req.Score = "none" // a count (and facets) needs no scores
	} else {
		req.SortBy(sortBy)
		if after != nil {
			req.SetSearchAfter(after)
		}
		req.IncludeLocations = o.locations
	}
	if o.facets {
		for _, f := range q.Facets {
			req.AddFacet(string(f), bleve.NewFacetRequest(facetFields[f], maxBuckets))
		}
	}
	ctx, err := ix.withBM25(ctx)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	ix.lookups.Add(1)
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		if q.Mode == Advanced {
			// The text's own structure made Bleve refuse it.
			return nil, &QueryError{Msg: err.Error()}
		}
		return nil, fmt.Errorf("search: %w", err)
	}
	if err := ix.loadStored(res.Hits); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return res, nil
}

func (q *Query) validate() error {
	if q.Mode == "" {
		q.Mode = Simple
	}
	if q.Order == "" {
		q.Order = Relevance
	}
	if q.First < 1 || q.First > MaxFirst {
		return &InputError{Arg: "first", Msg: fmt.Sprintf("must be between 1 and %d, not %d", MaxFirst, q.First)}
	}
	if len(q.Text) > MaxTextBytes {
		return &InputError{Arg: "query", Msg: fmt.Sprintf("is %d bytes; the most is %d", len(q.Text), MaxTextBytes)}
	}
	if !utf8.ValidString(q.Text) {
		return &InputError{Arg: "query", Msg: "is not valid UTF-8"}
	}
	if n := len(strings.Fields(q.Text)); n > MaxTerms {
		return &InputError{Arg: "query", Msg: fmt.Sprintf("has %d terms; the most is %d", n, MaxTerms)}
	}
	if q.Language != "" && !Analysed(q.Language) {
		return &InputError{Arg: "language", Msg: fmt.Sprintf("no analyser for language %q: give one of %s", q.Language, strings.Join(Languages(), ", "))}
	}
	for _, f := range q.Facets {
		if _, ok := facetFields[f]; !ok {
			return &InputError{Arg: "facets", Msg: fmt.Sprintf("unknown facet %q", f)}
		}
	}
	return nil
}

// filterQueries turns the filter and types into non-scoring term clauses.
func (q *Query) filterQueries() []query.Query {
	var out []query.Query
	anyOf := func(field string, values []string) {
		if len(values) == 0 {
			return
		}
		var terms []query.Query
		for _, v := range values {
			t := query.NewTermQuery(v)
			t.SetField(field)
			terms = append(terms, t)
		}
		if len(terms) == 1 {
			out = append(out, terms[0])
			return
		}
		out = append(out, query.NewDisjunctionQuery(terms))
	}
	f := q.Filter
	anyOf(fieldType, q.Types)
	anyOf(fieldKind, f.Kinds)
	anyOf(fieldThemes, f.Themes)
	anyOf(fieldParties, f.Parties)
	anyOf(fieldOrganizations, f.Organizations)
	anyOf(fieldAgreements, f.Agreements)
	anyOf(fieldCountries, f.Countries)
	anyOf(fieldTrends, f.Trends)
	anyOf(fieldTopics, f.Topics)
	anyOf(fieldDocument, f.Documents)
	var decades []string
	for _, d := range f.Decades {
		decades = append(decades, strconv.Itoa(d))
	}
	anyOf(fieldDecade, decades)
	anyOf(fieldObligations, f.Obligations)
	var centuries []string
	for _, c := range f.Centuries {
		centuries = append(centuries, strconv.Itoa(c))
	}
	anyOf(fieldCentury, centuries)
	for _, c := range f.AllCountries {
		anyOf(fieldCountries, []string{c})
	}
	anyOf(fieldTextOf, f.TextOf)
	if len(f.AgreementsOrTexts) > 0 {
		var either []query.Query
		for _, field := range []string{fieldAgreements, fieldTextOf} {
			for _, v := range f.AgreementsOrTexts {
				t := query.NewTermQuery(v)
				t.SetField(field)
				either = append(either, t)
			}
		}
		out = append(out, query.NewDisjunctionQuery(either))
	}
	anyOf(fieldArticle, f.Articles)
	for _, m := range f.Meta {
		anyOf(fieldMeta, []string{m})
	}
	anyOf(fieldLanguage, f.Languages)
	if q.Language != "" {
		anyOf(fieldLanguage, []string{q.Language})
	}
	return out
}

func hydrate(fields map[string]any, h *Hit) error {
	src, _ := fields[fieldSource].(string)
	if err := decodeRecord(src, &h.Doc); err != nil {
		return err
	}
	h.Body, _ = fields[fieldBody].(string)
	h.Doc.Body = h.Body
	return nil
}

// corrected rewrites text with each corrected word replaced.
func corrected(text string, corrections [][2]string) string {
	words := strings.Fields(text)
	for _, c := range corrections {
		typed := strings.Fields(c[0]) // one word, or two written as one
		for i := 0; i+len(typed) <= len(words); i++ {
			if slices.Equal(words[i:i+len(typed)], typed) {
				words = slices.Replace(words, i, i+len(typed), c[1])
				break
			}
		}
	}
	return strings.Join(words, " ")
}

// flatten lists e depth first. Bleve's messages name the record by its
// internal number, eight raw bytes ("weight(text:treaty in \x00…)"),
// which is not text: each line names it by its id instead.
func flatten(e *search.Explanation, depth int, out []ExplanationLine, internal, id string) []ExplanationLine {
	if e == nil {
		return out
	}
	msg := e.Message
	if internal != "" {
		msg = strings.ReplaceAll(msg, internal, id)
	}
	out = append(out, ExplanationLine{Depth: depth, Value: e.Value, Message: strings.ToValidUTF8(msg, "\uFFFD")})
	for _, c := range e.Children {
		if c != nil && len(out) < 500 {
			out = flatten(c, depth+1, out, internal, id)
		}
	}
	return out
}

// Get fetches records by id in one look-up, in the order asked; ids that
// name nothing are left out.
func (ix *Index) Get(ctx context.Context, ids []string) ([]Doc, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	req := bleve.NewSearchRequestOptions(query.NewDocIDQuery(ids), len(ids), 0, false)
	ix.lookups.Add(1)
	res, err := ix.bleve.SearchInContext(ctx, req)
	if err == nil {
		err = ix.loadStored(res.Hits)
	}
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, fmt.Errorf("get %d records: %w", len(ids), err)
	}
	byID := make(map[string]Doc, len(res.Hits))
	for _, h := range res.Hits {
		var hit Hit
		if err := hydrate(h.Fields, &hit); err != nil {
			return nil, fmt.Errorf("read record %s: %w", h.ID, err)
		}
		byID[h.ID] = hit.Doc
	}
	out := make([]Doc, 0, len(ids))
	for _, id := range ids {
		if d, ok := byID[id]; ok {
			out = append(out, d)
		}
	}
	return out, nil
}

// IsTimeout reports whether err is a search that ran out of time.
func IsTimeout(err error) bool {
	return errors.Is(err, context.DeadlineExceeded)
}
