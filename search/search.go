package search

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
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
	// NoCount skips counting the whole result (Total and Complete are -1)
	// for a caller that reads only the hits, such as the pages of an
	// export after its first.
	NoCount bool
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
)

var facetFields = map[Facet]string{
	FacetType: fieldType, FacetKind: fieldKind, FacetTheme: fieldThemes, FacetParty: fieldParties,
	FacetOrganization: fieldOrganizations, FacetDecade: fieldDecade, FacetCountry: fieldCountries,
	FacetTrend: fieldTrends, FacetTopic: fieldTopics, FacetObligation: fieldObligations, FacetCentury: fieldCentury,
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
	Explanation []ExplanationLine // when asked for
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

// textFields are searched by free text, with their weights: a name or an
// alias says more about a record than a word in its body.
var textFields = []struct {
	name  string
	boost float64
}{
	{fieldName, 4}, {fieldAliases, 3}, {fieldHeading, 2}, {fieldBody, 1},
}

// Search runs q and returns one page.
func (ix *Index) Search(ctx context.Context, q Query) (*Result, error) {
	if err := q.validate(); err != nil {
		return nil, err
	}
	if n := len(ix.terms(q.Text)); n > MaxTerms {
		// Punctuation can join words that the analyzer splits: count terms.
		return nil, &InputError{Arg: "query", Msg: fmt.Sprintf("has %d terms; the most is %d", n, MaxTerms)}
	}
	sortBy := []string{"-_score", "_id"}
	if q.Order == Position {
		sortBy = []string{fieldDocument, fieldPosition, "_id"}
	}
	fp := q.fingerprint()
	var after []string
	tier := 0
	if q.After != "" {
		var err error
		if tier, after, err = decodeCursor(q.After, fp, len(sortBy)); err != nil {
			return nil, err
		}
	}
	levels, completeLevels, plan, err := ix.textQueries(&q)
	if err != nil {
		return nil, err
	}
	// Hits come in tiers, one per level of the text's queries: the records
	// that have every word, ranked; for a long search then those with
	// three quarters of them (still complete); then, in a SIMPLE search of
	// several words, the records with one word fewer, then two fewer, then
	// any (each tier ranked, and after all of the one before). A page may
	// span tiers; a cursor remembers its tier. Ordered by position, the
	// complete records come in one tier, and the loosest query runs only
	// when there are none.
	text := levels[completeLevels-1] // every complete record
	anyText := levels[len(levels)-1] // the whole result
	locations := len(plan.clauses) > 0
	out := &Result{}
	tiers := []query.Query{levels[0]}
	complete := 1 // how many tiers hold complete records
	if q.Order == Relevance {
		// Each tier leaves out the one before it and the first (which may
		// hold records without the words, by their theme).
		for k := 1; k < len(levels); k++ {
			not := []query.Query{levels[k-1]}
			if k > 1 {
				not = append(not, levels[0])
			}
			tiers = append(tiers, query.NewBooleanQuery([]query.Query{levels[k]}, nil, not))
		}
		complete = completeLevels
	} else if len(levels) > 1 {
		tiers[0] = text
		res, err := ix.run(ctx, &q, text, sortBy, nil, runOptions{size: 0})
		if err != nil {
			return nil, err
		}
		if res.Total == 0 {
			tiers[0] = anyText
			out.Partial = true
		}
	}
	if tier >= len(tiers) {
		return nil, &InputError{Arg: "after", Msg: "not a cursor this API issued"}
	}
	var facets search.FacetResults
	totals := make([]int, len(tiers)) // each tier's count, -1 until known
	for t := range totals {
		totals[t] = -1
	}
	for t := tier; t < len(tiers) && len(out.Hits) < q.First && !out.HasNext; t++ {
		if t > tier {
			after = nil
		}
		want := q.First - len(out.Hits)
		res, err := ix.run(ctx, &q, tiers[t], sortBy, after, runOptions{
			size: want + 1, locations: locations, highlight: q.Highlight, explain: q.Explain, facets: len(tiers) == 1,
		})
		if err != nil {
			return nil, err
		}
		totals[t] = int(res.Total)
		if len(tiers) == 1 {
			facets = res.Facets
		}
		for i, h := range res.Hits {
			if i == want {
				out.HasNext = true
				break
			}
			hit := Hit{Score: h.Score, Partial: t >= complete || out.Partial}
			if err := hydrate(h.Fields, &hit); err != nil {
				return nil, fmt.Errorf("read hit %s: %w", h.ID, err)
			}
			sortValues := slices.Clone(h.Sort)
			if q.Order != Position {
				sortValues[0] = strconv.FormatFloat(h.Score, 'g', -1, 64)
			}
			hit.Cursor = encodeCursor(fp, t, sortValues)
			hit.Highlights = highlights(h.Fragments)
			hit.Relevance = plan.coverage(h.Locations, ix.docThemeKeys(&hit.Doc))
			if h.Expl != nil {
				hit.Explanation = flatten(h.Expl, 0, nil)
			}
			out.Hits = append(out.Hits, hit)
		}
	}
	sum := func(ts []int) (int, bool) {
		n := 0
		for _, x := range ts {
			if x < 0 {
				return 0, false
			}
			n += x
		}
		return n, true
	}
	switch {
	case len(tiers) == 1:
		out.Total = totals[0]
		if !out.Partial {
			out.Complete = out.Total
		}
	case q.NoCount:
		// Nobody reads the counts: no look-up for them.
		out.Total, out.Complete = -1, -1
		if totals[0] >= 0 {
			out.Partial = totals[0] == 0
		}
	default:
		all, known := sum(totals)
		if known && len(q.Facets) == 0 {
			out.Total = all
		} else {
			// The count and the facets are of the whole result, every
			// tier: the records the loosest query accepts.
			res, err := ix.run(ctx, &q, anyText, sortBy, nil, runOptions{size: 0, facets: true})
			if err != nil {
				return nil, err
			}
			out.Total, facets = int(res.Total), res.Facets
		}
		if n, known := sum(totals[:complete]); known {
			out.Complete = n
		} else {
			res, err := ix.run(ctx, &q, text, sortBy, nil, runOptions{size: 0})
			if err != nil {
				return nil, err
			}
			out.Complete = int(res.Total)
		}
		out.Partial = out.Complete == 0
	}
	if last := lastRun(totals); len(tiers) > 1 && !out.HasNext && len(out.Hits) == q.First && last+1 < len(tiers) {
		// The page ends with a tier: more follow when a later tier has
		// records.
		if seen, known := sum(totals[:last+1]); known && out.Total >= 0 {
			out.HasNext = out.Total > seen
		} else {
			res, err := ix.run(ctx, &q, query.NewBooleanQuery([]query.Query{anyText}, nil, []query.Query{levels[0], levels[last]}), sortBy, nil, runOptions{size: 0})
			if err != nil {
				return nil, err
			}
			out.HasNext = res.Total > 0
		}
	}
	if len(plan.corrections) > 0 {
		out.DidYouMean = corrected(q.Text, plan.corrections)
	}
	for _, f := range q.Facets {
		fr := FacetResult{Facet: f}
		if r := facets[string(f)]; r != nil && r.Terms != nil {
			for _, t := range r.Terms.Terms() {
				fr.Buckets = append(fr.Buckets, Bucket{Value: t.Term, Count: t.Count})
			}
		}
		slices.SortFunc(fr.Buckets, func(a, b Bucket) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Value, b.Value))
		})
		out.Facets = append(out.Facets, fr)
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

// lastRun is the last tier that was looked up.
func lastRun(totals []int) int {
	last := -1
	for t, n := range totals {
		if n >= 0 {
			last = t
		}
	}
	return last
}

// runOptions say what one look-up returns besides the ranked ids.
type runOptions struct {
	size                 int // hits to return; 0 counts only
	locations, highlight bool
	explain, facets      bool
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
		req.Fields = []string{fieldSource, fieldBody}
		req.IncludeLocations = o.locations
		if o.highlight {
			req.Highlight = bleve.NewHighlightWithStyle("html")
			for _, f := range textFields {
				req.Highlight.AddField(f.name)
			}
		}
	}
	if o.facets {
		for _, f := range q.Facets {
			req.AddFacet(string(f), bleve.NewFacetRequest(facetFields[f], maxBuckets))
		}
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
	return out
}

func hydrate(fields map[string]any, h *Hit) error {
	src, _ := fields[fieldSource].(string)
	if err := json.Unmarshal([]byte(src), &h.Doc); err != nil {
		return err
	}
	h.Body, _ = fields[fieldBody].(string)
	h.Doc.Body = h.Body
	return nil
}

func highlights(fragments map[string][]string) []Highlight {
	var out []Highlight
	for _, f := range textFields {
		for _, frag := range fragments[f.name] {
			if strings.Contains(frag, "<mark>") {
				text, spans := unmark(frag)
				out = append(out, Highlight{Field: f.name, Fragment: frag, Text: text, Matches: spans})
			}
		}
	}
	return out
}

// unmark turns a highlighted fragment into plain text and the spans that
// were marked, counted in UTF-16 code units.
func unmark(frag string) (string, []Span) {
	var text strings.Builder
	var spans []Span
	units := 0
	for len(frag) > 0 {
		open := strings.Index(frag, "<mark>")
		if open < 0 {
			open = len(frag)
		}
		plain := html.UnescapeString(frag[:open])
		text.WriteString(plain)
		units += utf16Len(plain)
		frag = frag[open:]
		if frag == "" {
			break
		}
		frag = frag[len("<mark>"):]
		end := strings.Index(frag, "</mark>")
		if end < 0 {
			end = len(frag)
		}
		marked := html.UnescapeString(frag[:end])
		text.WriteString(marked)
		spans = append(spans, Span{Start: units, End: units + utf16Len(marked)})
		units += utf16Len(marked)
		frag = strings.TrimPrefix(frag[end:], "</mark>")
	}
	return text.String(), spans
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// coverage is the weighed share of the plan's clauses that a hit's matched
// terms, or its themes, satisfy; a hit whose theme is the whole search
// covers it all.
func (p *plan) coverage(locations search.FieldTermLocationMap, themes map[string]bool) float64 {
	if len(p.clauses) == 0 || themes[p.themeKey] && p.themeKey != "" {
		return 1
	}
	var total, matched float64
	for _, c := range p.clauses {
		total += c.weight
		found := c.themeKey != "" && themes[c.themeKey]
		for field, terms := range locations {
			if !isTextField(field) {
				continue
			}
			for term := range terms {
				if c.terms[term] {
					found = true
					break
				}
			}
			if found {
				break
			}
		}
		if found {
			matched += c.weight
		}
	}
	if total == 0 {
		return 1
	}
	return math.Round(matched/total*1000) / 1000
}

// corrected rewrites text with each corrected word replaced.
func corrected(text string, corrections [][2]string) string {
	words := strings.Fields(text)
	for _, c := range corrections {
		for i, w := range words {
			if w == c[0] {
				words[i] = c[1]
				break
			}
		}
	}
	return strings.Join(words, " ")
}

func flatten(e *search.Explanation, depth int, out []ExplanationLine) []ExplanationLine {
	out = append(out, ExplanationLine{Depth: depth, Value: e.Value, Message: e.Message})
	for _, c := range e.Children {
		if c != nil && len(out) < 500 {
			out = flatten(c, depth+1, out)
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
	req.Fields = []string{fieldSource, fieldBody}
	ix.lookups.Add(1)
	res, err := ix.bleve.SearchInContext(ctx, req)
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
