package export

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"pactgraph/corpus"
	"pactgraph/graph"
	"pactgraph/graph/model"
	"pactgraph/search"
)

// Export tables and formats.
const (
	TableSearch     = "search"
	TableAgreements = "agreements"
	FormatCSV       = "csv"
	FormatNDJSON    = "ndjson"
)

// MaxRows bounds one export; the limit parameter asks for fewer.
const MaxRows = 10000

// defaultPageSize is the hits a search export fetches per index look-up (and
// the rows an agreements export writes between two flushes).
const defaultPageSize = search.MaxFirst

// tableParams are the parameters each table takes: the HTTP query
// parameters, and the flags of `pactgraph export`.
var tableParams = map[string][]string{
	TableSearch: {"q", "mode", "types", "kind", "theme", "party", "organization", "agreement", "trend", "topic",
		"document", "decade", "century", "obligation", "textOf", "article", "language", "highlight", "limit", "spreadsheet"},
	TableAgreements: {"kind", "theme", "party", "organization", "obligation", "signedFrom", "signedTo", "activeOn",
		"rows", "limit", "spreadsheet"},
}

// Params lists the parameters an export table takes, in the order the
// documentation gives them; nil for an unknown table.
func Params(table string) []string { return slices.Clone(tableParams[table]) }

// Columns of each table.
var (
	searchColumns = []string{"rank", "id", "type", "score", "relevance", "partial", "title", "passage.document", "passage.heading",
		"passage.position", "passage.article", "passage.textOf", "passage.language", "fragment.field", "fragment", "fragment.text", "agreements.ids", "organizations.ids",
		"countries.codes", "trends.ids", "topics.ids"}
	agreementColumns = []string{"id", "name", "aliases", "kind", "signed", "inForce", "ended", "themes", "obligations",
		"organizations.ids", "parties.count", "parties.codes", "parties.names", "partyCount", "trends.ids", "atopId",
		"sources.urls", "summary", "note"}
	partyColumns = []string{"id", "name", "kind", "signed", "inForce", "ended", "party.code", "party.name", "party.role",
		"party.joined", "party.left", "party.obligations", "party.phase", "party.source"}
)

// Columns lists the columns of a table's export; rows is "agreement"
// or "party" for the agreements table (see the rows parameter).
func Columns(table, rows string) []string {
	switch {
	case table == TableSearch:
		return slices.Clone(searchColumns)
	case table == TableAgreements && rows == "party":
		return slices.Clone(partyColumns)
	case table == TableAgreements:
		return slices.Clone(agreementColumns)
	}
	return nil
}

// argNames renames the arguments that shared code names after the
// GraphQL fields to the export's parameters.
var argNames = map[string]string{
	"query": "q", "filter.organizations": "organization", "filter.signedFrom": "signedFrom",
	"filter.signedTo": "signedTo", "filter.activeOn": "activeOn",
}

func paramError(name, format string, args ...any) error {
	return &search.InputError{Arg: name, Msg: fmt.Sprintf(format, args...)}
}

// Parse reads an export's parameters. Every parameter is checked: an
// unknown one (a typo such as "parties") is refused rather than ignored.
// List parameters are repeatable and also take comma-separated values.
func Parse(table, format string, params url.Values) (*Job, error) {
	known, ok := tableParams[table]
	if !ok {
		return nil, paramError("table", "unknown export %q: exports are %s and %s", table, TableSearch, TableAgreements)
	}
	if format != FormatCSV && format != FormatNDJSON {
		return nil, paramError("format", "unknown format %q: give %s or %s", format, FormatCSV, FormatNDJSON)
	}
	names := make([]string, 0, len(params))
	for name := range params {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !slices.Contains(known, name) {
			return nil, paramError(name, "unknown parameter %q; %s exports take %s", name, table, strings.Join(known, ", "))
		}
	}
	p := paramReader{values: params}
	j := &Job{Table: table, Format: format, limit: MaxRows, PageSize: defaultPageSize}
	if s, ok := p.one("limit"); ok {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxRows {
			return nil, paramError("limit", "must be a number from 1 to %d, not %q", MaxRows, s)
		}
		j.limit = n
	}
	if s, ok := p.one("spreadsheet"); ok {
		b, err := strconv.ParseBool(s)
		switch {
		case err != nil:
			p.fail("spreadsheet", "must be true or false, not %q", s)
		case b && format != FormatCSV:
			p.fail("spreadsheet", "applies to CSV exports only")
		}
		j.spreadsheet = b
	}
	if table == TableSearch {
		j.parseSearch(&p)
	} else {
		j.parseAgreements(&p)
	}
	if p.err != nil {
		return nil, p.err
	}
	return j, nil
}

func (j *Job) parseSearch(p *paramReader) {
	q, _ := p.one("q")
	if strings.TrimSpace(q) == "" && p.err == nil {
		p.err = paramError("q", "give the search text, e.g. q=nuclear+deal")
	}
	a := graph.SearchArgs{Query: q}
	if s, ok := p.one("mode"); ok {
		m := model.SearchMode(strings.ToUpper(s))
		if !m.IsValid() {
			p.fail("mode", "must be SIMPLE or ADVANCED, not %q", s)
		}
		a.Mode = &m
	}
	for _, s := range p.list("types") {
		t := model.SearchType(strings.ToUpper(s))
		if !t.IsValid() {
			p.fail("types", "unknown type %q; types are %s", s, joinEnum(model.AllSearchType))
		}
		a.Types = append(a.Types, t)
	}
	f := &model.SearchFilter{
		Kinds: p.kinds("kind"), Themes: p.list("theme"), Parties: p.list("party"),
		Organizations: p.list("organization"), Agreements: p.list("agreement"), Trends: p.list("trend"),
		Topics: p.list("topic"), Documents: p.list("document"), Decades: p.ints("decade"),
		Centuries: p.ints("century"), Obligations: p.obligations("obligation"),
		TextOf: p.list("textOf"), Articles: p.list("article"),
	}
	a.Filter = f
	if s, ok := p.one("language"); ok {
		a.Language = &s
	}
	if s, ok := p.one("highlight"); ok {
		b, err := strconv.ParseBool(s)
		if err != nil {
			p.fail("highlight", "must be true or false, not %q", s)
		}
		a.Highlight = &b
	}
	j.search = a
}

func (j *Job) parseAgreements(p *paramReader) {
	f := &model.AgreementFilter{Themes: p.list("theme"), Parties: p.list("party"),
		Organizations: p.list("organization"), Obligations: p.obligations("obligation")}
	if kinds := p.kinds("kind"); len(kinds) > 1 {
		p.fail("kind", "give one kind, BILATERAL or MULTILATERAL")
	} else if len(kinds) == 1 {
		f.Kind = &kinds[0]
	}
	f.SignedFrom, f.SignedTo, f.ActiveOn = p.date("signedFrom"), p.date("signedTo"), p.date("activeOn")
	if s, ok := p.one("rows"); ok {
		switch s {
		case "agreement":
		case "party":
			j.perParty = true
		default:
			p.fail("rows", "must be agreement (one row per agreement) or party (one row per agreement and party), not %q", s)
		}
	}
	if p.err == nil {
		// The agreements field's own check (dates in order, ids of the
		// right type).
		if _, err := graph.AgreementQuery(f); err != nil {
			p.err = err
		}
	}
	j.filter = f
}

// paramReader reads parameters, keeping the first error.
type paramReader struct {
	values url.Values
	err    error
}

func (p *paramReader) fail(name, format string, args ...any) {
	if p.err == nil {
		p.err = paramError(name, format, args...)
	}
}

// one is a parameter given at most once.
func (p *paramReader) one(name string) (string, bool) {
	v := p.values[name]
	if len(v) > 1 {
		p.fail(name, "give it once, not %d times", len(v))
	}
	if len(v) == 0 {
		return "", false
	}
	return v[0], true
}

// list is a repeatable parameter whose values may also be comma-separated;
// repeated values count once, and a list holds at most as many as a
// GraphQL list argument (Limits.ListItems).
func (p *paramReader) list(name string) []string {
	var out []string
	for _, v := range p.values[name] {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
				out = append(out, s)
			}
			if len(out) > graph.DefaultLimits.ListItems {
				p.fail(name, "give at most %d values", graph.DefaultLimits.ListItems)
				return nil
			}
		}
	}
	return out
}

func (p *paramReader) ints(name string) []int {
	var out []int
	for _, s := range p.list(name) {
		n, err := strconv.Atoi(s)
		if err != nil {
			p.fail(name, "%q is not a year such as 1990", s)
			continue
		}
		out = append(out, n)
	}
	return out
}

func (p *paramReader) kinds(name string) []corpus.Kind {
	var out []corpus.Kind
	for _, s := range p.list(name) {
		k := corpus.Kind(strings.ToUpper(s))
		if k != corpus.Bilateral && k != corpus.Multilateral {
			p.fail(name, "must be BILATERAL or MULTILATERAL, not %q", s)
		}
		out = append(out, k)
	}
	return out
}

func (p *paramReader) obligations(name string) []corpus.Obligation {
	var out []corpus.Obligation
	for _, s := range p.list(name) {
		o := corpus.Obligation(strings.ToUpper(s))
		if !slices.Contains(corpus.Obligations, o) {
			p.fail(name, "unknown obligation %q; obligations are %s", s, joinEnum(corpus.Obligations))
		}
		out = append(out, o)
	}
	return out
}

func (p *paramReader) date(name string) *corpus.Date {
	s, ok := p.one(name)
	if !ok {
		return nil
	}
	d, err := corpus.ParseDate(s)
	if err != nil {
		p.fail(name, "%s", err.Error())
		return nil
	}
	return &d
}

func joinEnum[T ~string](values []T) string {
	s := make([]string, len(values))
	for i, v := range values {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
