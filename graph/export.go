package graph

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"pactgraph/corpus"
	"pactgraph/graph/model"
	"pactgraph/search"
)

// Exports give search hits and agreements as tables, for notebooks,
// spreadsheets and scripts: CSV (RFC 4180, a header row, dotted column
// names, lists joined with ";") or NDJSON (one JSON object per line with
// the same keys, lists as arrays). The HTTP routes /export/{table}.{format}
// and `pactgraph export` share this code, so they give the same rows.
//
// A search export runs the search field's own code (Resolver.search) page
// by page, following the cursors, and writes each page as it comes: memory
// stays at one page whatever the export's size.

// Export tables and formats.
const (
	ExportSearch     = "search"
	ExportAgreements = "agreements"
	FormatCSV        = "csv"
	FormatNDJSON     = "ndjson"
)

// MaxExportRows bounds one export; the limit parameter asks for fewer.
const MaxExportRows = 10000

// exportPageSize is the hits a search export fetches per index look-up (and
// the rows an agreements export writes between two flushes).
const exportPageSize = search.MaxFirst

// exportParams are the parameters each table takes: the HTTP query
// parameters, and the flags of `pactgraph export`.
var exportParams = map[string][]string{
	ExportSearch: {"q", "mode", "types", "kind", "theme", "party", "organization", "agreement", "trend", "topic",
		"document", "decade", "century", "obligation", "textOf", "article", "highlight", "limit", "spreadsheet"},
	ExportAgreements: {"kind", "theme", "party", "organization", "obligation", "signedFrom", "signedTo", "activeOn",
		"rows", "limit", "spreadsheet"},
}

// ExportParams lists the parameters an export table takes, in the order the
// documentation gives them; nil for an unknown table.
func ExportParams(table string) []string { return slices.Clone(exportParams[table]) }

// Columns of each table.
var (
	searchColumns = []string{"rank", "id", "type", "score", "relevance", "partial", "title", "passage.document", "passage.heading",
		"passage.position", "passage.article", "passage.textOf", "fragment.field", "fragment", "fragment.text", "agreements.ids", "organizations.ids",
		"countries.codes", "trends.ids", "topics.ids"}
	agreementColumns = []string{"id", "name", "aliases", "kind", "signed", "inForce", "ended", "themes", "obligations",
		"organizations.ids", "parties.count", "parties.codes", "parties.names", "partyCount", "trends.ids", "atopId",
		"sources.urls", "summary", "note"}
	partyColumns = []string{"id", "name", "kind", "signed", "inForce", "ended", "party.code", "party.name", "party.role",
		"party.joined", "party.left", "party.obligations", "party.phase", "party.source"}
)

// ExportColumns lists the columns of a table's export; rows is "agreement"
// or "party" for the agreements table (see the rows parameter).
func ExportColumns(table, rows string) []string {
	switch {
	case table == ExportSearch:
		return slices.Clone(searchColumns)
	case table == ExportAgreements && rows == "party":
		return slices.Clone(partyColumns)
	case table == ExportAgreements:
		return slices.Clone(agreementColumns)
	}
	return nil
}

// ExportSummary says what an export wrote.
type ExportSummary struct {
	Rows    int  // rows written (without the header)
	Total   int  // rows the query has; more than Rows when limit cut it
	Partial bool // a search fell back to hits with only some of its words
}

// exportJob is one export, its parameters read and checked.
type exportJob struct {
	table, format string
	limit         int
	search        searchArgs
	filter        *model.AgreementFilter
	perParty      bool
	spreadsheet   bool // CSV cells that a spreadsheet would run as formulas are neutralised
	pageSize      int  // rows per page; exportPageSize unless a test sets it
	// afterPage, when set, runs after each page is written; an error it
	// returns stops the export (tests use it to break one midway).
	afterPage func(page int) error
}

// exportInfo is what an export knows when its first page is in.
type exportInfo struct {
	total   int
	partial bool
}

// errHeadOnly stops an export once its headers are known (a HEAD request).
var errHeadOnly = errors.New("head only")

// exportArgs renames the arguments that shared code names after the
// GraphQL fields to the export's parameters.
var exportArgs = map[string]string{
	"query": "q", "filter.organizations": "organization", "filter.signedFrom": "signedFrom",
	"filter.signedTo": "signedTo", "filter.activeOn": "activeOn",
}

func paramError(name, format string, args ...any) error {
	return &search.InputError{Arg: name, Msg: fmt.Sprintf(format, args...)}
}

// parseExport reads an export's parameters. Every parameter is checked: an
// unknown one (a typo such as "parties") is refused rather than ignored.
// List parameters are repeatable and also take comma-separated values.
func parseExport(table, format string, params url.Values) (*exportJob, error) {
	known, ok := exportParams[table]
	if !ok {
		return nil, paramError("table", "unknown export %q: exports are %s and %s", table, ExportSearch, ExportAgreements)
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
	j := &exportJob{table: table, format: format, limit: MaxExportRows, pageSize: exportPageSize}
	if s, ok := p.one("limit"); ok {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxExportRows {
			return nil, paramError("limit", "must be a number from 1 to %d, not %q", MaxExportRows, s)
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
	if table == ExportSearch {
		j.parseSearch(&p)
	} else {
		j.parseAgreements(&p)
	}
	if p.err != nil {
		return nil, p.err
	}
	return j, nil
}

func (j *exportJob) parseSearch(p *paramReader) {
	q, _ := p.one("q")
	if strings.TrimSpace(q) == "" && p.err == nil {
		p.err = paramError("q", "give the search text, e.g. q=nuclear+deal")
	}
	a := searchArgs{query: q}
	if s, ok := p.one("mode"); ok {
		m := model.SearchMode(strings.ToUpper(s))
		if !m.IsValid() {
			p.fail("mode", "must be SIMPLE or ADVANCED, not %q", s)
		}
		a.mode = &m
	}
	for _, s := range p.list("types") {
		t := model.SearchType(strings.ToUpper(s))
		if !t.IsValid() {
			p.fail("types", "unknown type %q; types are %s", s, joinEnum(model.AllSearchType))
		}
		a.types = append(a.types, t)
	}
	f := &model.SearchFilter{
		Kinds: p.kinds("kind"), Themes: p.list("theme"), Parties: p.list("party"),
		Organizations: p.list("organization"), Agreements: p.list("agreement"), Trends: p.list("trend"),
		Topics: p.list("topic"), Documents: p.list("document"), Decades: p.ints("decade"),
		Centuries: p.ints("century"), Obligations: p.obligations("obligation"),
		TextOf: p.list("textOf"), Articles: p.list("article"),
	}
	a.filter = f
	if s, ok := p.one("highlight"); ok {
		b, err := strconv.ParseBool(s)
		if err != nil {
			p.fail("highlight", "must be true or false, not %q", s)
		}
		a.highlight = &b
	}
	j.search = a
}

func (j *exportJob) parseAgreements(p *paramReader) {
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
		if _, err := agreementQuery(f); err != nil {
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
			if len(out) > DefaultLimits.ListItems {
				p.fail(name, "give at most %d values", DefaultLimits.ListItems)
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

// run writes the job's rows page by page. start is called once, when the
// first page is in and before any byte is written, and returns where the
// rows go; flush runs after each page. An error before start leaves the
// output untouched, so the HTTP handler can still choose the status; after
// it, an NDJSON export ends with an {"error": …} line.
func (j *exportJob) run(ctx context.Context, r *Resolver, start func(exportInfo) (io.Writer, error), flush func() error) (ExportSummary, bool, error) {
	x := &exportRun{job: j, ctx: ctx, start: start, flush: flush}
	var err error
	if j.table == ExportSearch {
		err = x.search(r)
	} else {
		err = x.agreements()
	}
	started := x.rows != nil
	if err != nil && started {
		if err := x.rows.fail(err); err == nil {
			flush()
		}
	}
	return x.sum, started, err
}

// exportRun is one export being written.
type exportRun struct {
	job   *exportJob
	ctx   context.Context
	start func(exportInfo) (io.Writer, error)
	flush func() error
	rows  rowWriter // nil until the first page is in
	sum   ExportSummary
}

// begin starts the output and writes the header.
func (x *exportRun) begin(info exportInfo) error {
	x.sum.Total, x.sum.Partial = info.total, info.partial
	w, err := x.start(info)
	if err != nil {
		return err
	}
	if x.job.format == FormatCSV {
		rows := newCSVRows(w)
		rows.spreadsheet = x.job.spreadsheet
		x.rows = rows
	} else {
		x.rows = &ndjsonRows{w: w}
	}
	rows := "agreement"
	if x.job.perParty {
		rows = "party"
	}
	return x.rows.header(ExportColumns(x.job.table, rows))
}

func (x *exportRun) row(values []any) error {
	x.sum.Rows++
	return x.rows.row(values)
}

// endPage flushes a page; the export stops here when its context ends.
func (x *exportRun) endPage(page int) error {
	if err := x.rows.flush(); err != nil {
		return err
	}
	if err := x.flush(); err != nil {
		return err
	}
	if x.job.afterPage != nil {
		if err := x.job.afterPage(page); err != nil {
			return err
		}
	}
	return x.ctx.Err()
}

// search writes a search's hits, one index look-up per page, following the
// cursors of the search field.
func (x *exportRun) search(r *Resolver) error {
	cat := stateOf(x.ctx).Catalog
	args := x.job.search
	for page := 0; ; page++ {
		n := min(x.job.pageSize, x.job.limit-x.sum.Rows)
		args.first = &n
		conn, err := r.search(x.ctx, args)
		if err != nil {
			return err
		}
		if page == 0 {
			if err := x.begin(exportInfo{total: conn.TotalCount, partial: conn.Partial}); err != nil {
				return err
			}
		}
		for _, e := range conn.Edges {
			if err := x.row(searchRow(cat, x.sum.Rows+1, e)); err != nil {
				return err
			}
		}
		if err := x.endPage(page); err != nil {
			return err
		}
		if !conn.PageInfo.HasNextPage || len(conn.Edges) == 0 || x.sum.Rows >= x.job.limit {
			return nil
		}
		args.after = conn.PageInfo.EndCursor
	}
}

// agreements writes the agreements of the filter, as the agreements field
// lists them, flushing every page size of rows.
func (x *exportRun) agreements() error {
	q, err := agreementQuery(x.job.filter)
	if err != nil {
		return err
	}
	cat := stateOf(x.ctx).Catalog
	list := cat.FindAgreements(q)
	total := len(list)
	if x.job.perParty {
		total = 0
		for _, a := range list {
			total += max(1, len(a.Parties))
		}
	}
	if err := x.begin(exportInfo{total: total}); err != nil {
		return err
	}
	page, inPage := 0, 0
agreements:
	for _, a := range list {
		rows := [][]any{agreementRow(cat, a)}
		if x.job.perParty {
			rows = partyRows(cat, a)
		}
		for _, row := range rows {
			if x.sum.Rows >= x.job.limit {
				break agreements
			}
			if err := x.row(row); err != nil {
				return err
			}
			if inPage++; inPage == x.job.pageSize {
				if err := x.endPage(page); err != nil {
					return err
				}
				page, inPage = page+1, 0
			}
		}
	}
	if inPage == 0 && page > 0 {
		return nil // the last page is flushed
	}
	return x.endPage(page)
}

// searchRow is one hit as a row of searchColumns. The linked entities are
// the ones the GraphQL fields of its type give: a passage's agreements,
// organizations and countries; an agreement's organizations, parties and
// trends; an organization's agreements and members; a country's agreements
// and organizations; a trend's agreements.
func searchRow(c *corpus.Catalog, rank int, e *model.SearchEdge) []any {
	var (
		id, typ, title, document, heading string
		article, textOf                   string
		position                          any
		agrs, orgs, codes, trs, tops      []string
	)
	switch n := e.Node.(type) {
	case *corpus.Passage:
		id, typ, heading, document, position = n.ID, "PASSAGE", n.Heading, n.Document, n.Position
		article, textOf = n.Article, n.TextOf
		title = n.Heading
		if d := c.Document(n.Document); title == "" && d != nil {
			title = d.Title
		}
		agrs = agreementIDs(agreements(c, n.Agreements))
		orgs = organizationIDs(organizations(c, n.Organizations))
		for _, x := range countries(c, n.Countries) {
			codes = append(codes, x.Code)
		}
		for _, t := range trends(c, n.Trends) {
			trs = append(trs, prefixTrend+t.ID)
		}
		for _, t := range topics(c, n.Topics) {
			tops = append(tops, prefixTopic+t.ID)
		}
	case *corpus.Agreement:
		id, typ, title = prefixAgreement+n.ID, "AGREEMENT", n.Name
		orgs = organizationIDs(organizations(c, n.Organizations))
		codes = partyCodes(n)
		for _, t := range c.TrendsOfAgreement(n.ID) {
			trs = append(trs, prefixTrend+t.ID)
		}
	case *corpus.Organization:
		id, typ, title = prefixOrganization+n.ID, "ORGANIZATION", n.Name
		agrs = agreementIDs(c.AgreementsOfOrganization(n.ID))
		for _, m := range n.Members {
			if !slices.Contains(codes, m.Country) {
				codes = append(codes, m.Country)
			}
		}
	case *corpus.Country:
		id, typ, title = prefixCountry+n.Code, "COUNTRY", n.Name
		agrs = agreementIDs(c.AgreementsOfCountry(n.Code))
		orgs = organizationIDs(c.OrganizationsOfCountry(n.Code))
	case *corpus.Trend:
		id, typ, title = prefixTrend+n.ID, "TREND", n.Name
		agrs = agreementIDs(c.AgreementsOfTrend(n.ID))
	case *corpus.Topic:
		id, typ, title = prefixTopic+n.ID, "TOPIC", n.Name
	}
	var field, fragment, text any
	if h := pickHighlight(e.Highlights); h != nil {
		field, fragment, text = h.Field, h.Fragment, h.Text
	}
	return []any{rank, id, typ, e.Score, e.Relevance, e.Partial, title, cellText(document), cellText(heading), position,
		cellText(article), cellText(textOf), field, fragment, text, agrs, orgs, codes, trs, tops}
}

// pickHighlight chooses the fragment a row shows: the body's, which has the
// most context, else the first one.
func pickHighlight(hs []*model.Highlight) *model.Highlight {
	for _, h := range hs {
		if h.Field == "body" {
			return h
		}
	}
	if len(hs) > 0 {
		return hs[0]
	}
	return nil
}

// agreementRow is one agreement as a row of agreementColumns; the parties
// are listed once each, in the agreement's order.
func agreementRow(c *corpus.Catalog, a *corpus.Agreement) []any {
	codes := partyCodes(a)
	names := make([]string, len(codes))
	for i, code := range codes {
		names[i] = countryName(c, code)
	}
	var trs []string
	for _, t := range c.TrendsOfAgreement(a.ID) {
		trs = append(trs, prefixTrend+t.ID)
	}
	urls := make([]string, len(a.Sources))
	for i, s := range a.Sources {
		urls[i] = s.URL
	}
	return []any{prefixAgreement + a.ID, a.Name, a.Aliases, string(a.Kind), cellDate(a.Signed), cellDate(a.InForce),
		cellDate(a.Ended), a.Themes, enumStrings(a.Obligations), organizationIDs(organizations(c, a.Organizations)),
		len(codes), codes, names, cellNumber(a.PartyCount), trs, cellNumber(a.AtopID), urls, cellText(a.Summary), cellText(a.Note)}
}

// partyRows are an agreement's rows of partyColumns: one per party entry
// (a membership span or an ATOP phase), as the parties field lists them;
// an agreement with no parties listed keeps one row with the party columns
// empty, so that every agreement of the filter appears.
func partyRows(c *corpus.Catalog, a *corpus.Agreement) [][]any {
	head := []any{prefixAgreement + a.ID, a.Name, string(a.Kind), cellDate(a.Signed), cellDate(a.InForce), cellDate(a.Ended)}
	parties := partiesOf(a)
	if len(parties) == 0 {
		return [][]any{append(slices.Clone(head), nil, nil, nil, nil, nil, []string{}, nil, nil)}
	}
	rows := make([][]any, len(parties))
	for i, p := range parties {
		rows[i] = append(slices.Clone(head), p.Country, countryName(c, p.Country), string(p.Role), cellDate(p.Joined),
			cellDate(p.Left), enumStrings(p.Obligations), cellNumber(p.Phase), cellText(p.Source))
	}
	return rows
}

func partyCodes(a *corpus.Agreement) []string {
	var codes []string
	for _, p := range a.Parties {
		if !slices.Contains(codes, p.Country) {
			codes = append(codes, p.Country)
		}
	}
	return codes
}

func countryName(c *corpus.Catalog, code string) string {
	if x := c.Country(code); x != nil {
		return x.Name
	}
	return code
}

func agreementIDs(list []*corpus.Agreement) []string {
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = prefixAgreement + a.ID
	}
	return out
}

func organizationIDs(list []*corpus.Organization) []string {
	out := make([]string, len(list))
	for i, o := range list {
		out[i] = prefixOrganization + o.ID
	}
	return out
}

func enumStrings[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

// cellText is a text cell that may be absent: empty in CSV, null in
// NDJSON; cellNumber and cellDate likewise.
func cellText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func cellNumber(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

func cellDate(d *corpus.Date) any {
	if d == nil || d.IsZero() {
		return nil
	}
	return d.String()
}

// rowWriter writes rows in one format.
type rowWriter interface {
	header(columns []string) error
	row(values []any) error
	flush() error
	// fail ends an export that broke after its first row.
	fail(err error) error
}

// csvRows writes RFC 4180 CSV: CRLF line ends, fields quoted where they
// need it. Values are written as they are; see README, Exports, on
// spreadsheets.
type csvRows struct {
	w           *csv.Writer
	record      []string
	spreadsheet bool
}

func newCSVRows(w io.Writer) *csvRows {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &csvRows{w: cw}
}

func (c *csvRows) header(columns []string) error { return c.w.Write(columns) }

func (c *csvRows) row(values []any) error {
	if err := finiteCells(values); err != nil {
		return err
	}
	c.record = c.record[:0]
	for _, v := range values {
		cell := csvCell(v)
		if c.spreadsheet {
			cell = neutralise(cell)
		}
		c.record = append(c.record, cell)
	}
	return c.w.Write(c.record)
}

func (c *csvRows) flush() error {
	c.w.Flush()
	return c.w.Error()
}

// fail has nothing to add: a CSV has no place for an error, so the HTTP
// handler cuts the connection instead of ending the body cleanly.
func (c *csvRows) fail(error) error { return c.flush() }

// neutralise keeps a spreadsheet from reading a cell as a formula: a cell
// that begins with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe (OWASP's advice for CSV injection), which spreadsheets hide.
func neutralise(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

func csvCell(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case []string:
		return strings.Join(v, ";")
	}
	return fmt.Sprint(v)
}

// finiteCells refuses a row with a number that is not finite: CSV would
// write "NaN", NDJSON invalid JSON; the search refuses such results first,
// so reaching here is a fault of the server.
func finiteCells(values []any) error {
	for _, v := range values {
		if f, ok := v.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
			return &internalError{fmt.Errorf("an export cell holds %v, which is not a finite number", f)}
		}
	}
	return nil
}

// ndjsonRows writes one JSON object per row, keys in column order, lists
// as arrays, absent values as null; <, > and & are written as they are.
type ndjsonRows struct {
	w       io.Writer
	columns []string
	buf     bytes.Buffer
}

func (n *ndjsonRows) header(columns []string) error {
	n.columns = columns
	return nil
}

func (n *ndjsonRows) row(values []any) error {
	if err := finiteCells(values); err != nil {
		return err
	}
	n.buf.Reset()
	n.buf.WriteByte('{')
	for i, v := range values {
		if i > 0 {
			n.buf.WriteByte(',')
		}
		n.value(n.columns[i])
		n.buf.WriteByte(':')
		if list, ok := v.([]string); ok && list == nil {
			v = []string{}
		}
		n.value(v)
	}
	n.buf.WriteString("}\n")
	_, err := n.w.Write(n.buf.Bytes())
	return err
}

func (n *ndjsonRows) value(v any) {
	enc := json.NewEncoder(&n.buf)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	n.buf.Truncate(n.buf.Len() - 1) // Encode's newline
}

func (n *ndjsonRows) flush() error { return nil }

// fail writes the last line of a broken export:
// {"error":{"message":…,"extensions":{"code":…}}}.
func (n *ndjsonRows) fail(err error) error {
	line, _ := json.Marshal(map[string]any{"error": exportErrorBody(err)})
	_, werr := n.w.Write(append(line, '\n'))
	return werr
}

// ErrorInfo is an error as the API words it.
type ErrorInfo struct {
	Code     string // extensions.code
	Argument string // the parameter at fault, for BAD_USER_INPUT; "" when none
	Message  string // for people; a fault of the server shows no details
}

// DescribeError words an error of an export or a search as the export
// routes answer it: a bad parameter is named as the HTTP parameter (and
// the flag of `pactgraph export`), not as the GraphQL argument.
func DescribeError(err error) ErrorInfo {
	info := ErrorInfo{Code: ErrorCode(err), Message: err.Error()}
	var inErr *search.InputError
	switch {
	case errors.As(err, &inErr):
		info.Argument = inErr.Arg
		if renamed, ok := exportArgs[inErr.Arg]; ok {
			info.Argument = renamed
		}
		info.Message = info.Argument + ": " + inErr.Msg
	case info.Code == CodeTimeout:
		info.Message = "the export took too long and was stopped; narrow it or lower limit"
	case info.Code == CodeInternal:
		info.Message = "internal error"
	}
	return info
}

// exportErrorBody is one error of the GraphQL response shape.
func exportErrorBody(err error) map[string]any {
	info := DescribeError(err)
	ext := map[string]any{"code": info.Code}
	if info.Argument != "" {
		ext["argument"] = info.Argument
	}
	return map[string]any{"message": info.Message, "extensions": ext}
}

// SearchVariables checks the parameters of a search export (q, mode,
// types, the filters, highlight) and returns them as the variables of the
// search field (query, mode, types, filter, highlight), for `pactgraph
// search` to send through the GraphQL handler.
func SearchVariables(params url.Values) (map[string]any, error) {
	j, err := parseExport(ExportSearch, FormatCSV, params)
	if err != nil {
		return nil, err
	}
	a := j.search
	vars := map[string]any{"query": a.query}
	if a.mode != nil {
		vars["mode"] = *a.mode
	}
	if len(a.types) > 0 {
		vars["types"] = a.types
	}
	if f, _ := json.Marshal(a.filter); string(f) != "{}" {
		vars["filter"] = json.RawMessage(f)
	}
	if a.highlight != nil {
		vars["highlight"] = *a.highlight
	}
	return vars, nil
}

// WriteExport writes one export of st to w: table ExportSearch or
// ExportAgreements, format FormatCSV or FormatNDJSON, params as the HTTP
// routes take them. It writes page by page and, after each page, calls
// w's Flush method when it has one. `pactgraph export` uses it; errors
// carry the API's codes (see ErrorCode).
func WriteExport(ctx context.Context, st *State, table, format string, params url.Values, w io.Writer) (ExportSummary, error) {
	j, err := parseExport(table, format, params)
	if err != nil {
		return ExportSummary{}, err
	}
	flush := func() error { return nil }
	if f, ok := w.(interface{ Flush() error }); ok {
		flush = f.Flush
	}
	start := func(exportInfo) (io.Writer, error) { return w, nil }
	sum, _, err := j.run(WithState(ctx, st), &Resolver{}, start, flush)
	return sum, err
}

// exporter serves the export routes.
type exporter struct {
	r    *Resolver
	opts Options
	m    *metrics
	// heavy is the operation guard's pool of slots for heavy operations:
	// an export runs up to 100 searches, so it takes one like a big query.
	heavy     chan struct{}
	heavyWait time.Duration
	spools    *budget // the bytes all exports may keep in memory at once
	// Tests set these: rows per page (0: exportPageSize), and a function
	// run after each page.
	pageSize  int
	afterPage func(page int) error
}

func newExporter(r *Resolver, opts Options, m *metrics, g *operationGuard) *exporter {
	return &exporter{r: r, opts: opts, m: m, heavy: g.heavy, heavyWait: g.heavyWait, spools: &budget{left: spoolBudget}}
}

var exportTypes = map[string]string{FormatCSV: "text/csv; charset=utf-8", FormatNDJSON: "application/x-ndjson"}

// handler serves GET (and HEAD) /export/{table}.{format}. Everything that
// can be refused is refused before the first byte, with the status and a
// GraphQL-shaped error body: a bad parameter or search text (400), the
// index still loading or the server busy (503). Once rows flow the status
// is sent; a failure then is logged, and ends an NDJSON body with an
// {"error": …} line and a CSV body by cutting the connection, so that no
// client takes a cut CSV for a whole one.
func (e *exporter) handler(table, format string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Method != http.MethodGet && req.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, CodeMethodNotAllowed, req.Method+" is not allowed: use GET")
			return
		}
		if len(req.URL.RawQuery) > e.opts.MaxURLBytes {
			writeError(w, http.StatusRequestURITooLong, CodeURITooLong,
				fmt.Sprintf("the URL is %d bytes; the most is %d", len(req.URL.RawQuery), e.opts.MaxURLBytes))
			return
		}
		params, err := url.ParseQuery(req.URL.RawQuery)
		if err != nil {
			writeError(w, http.StatusBadRequest, CodeBadRequest, "the query string cannot be read: "+err.Error())
			return
		}
		job, err := parseExport(table, format, params)
		if err != nil {
			writeExportError(w, http.StatusBadRequest, err)
			return
		}
		job.afterPage = e.afterPage
		if e.pageSize > 0 {
			job.pageSize = e.pageSize
		}
		st := acquire(e.opts.State)
		if st == nil {
			w.Header().Set("Retry-After", "1")
			writeError(w, http.StatusServiceUnavailable, CodeUnavailable, "the index is still loading; try again shortly")
			return
		}
		defer st.release()
		release, ok := e.acquireSlot(w, req)
		if !ok {
			return
		}
		defer release()
		ctx, cancel := context.WithTimeout(withMetrics(WithState(req.Context(), st), e.m), e.opts.Timeout)
		defer cancel()

		rc := http.NewResponseController(w)
		out := newSpool(w, e.spools)
		defer out.release()
		var zw *gzip.Writer
		start := func(info exportInfo) (io.Writer, error) {
			h := w.Header()
			h.Set("Content-Type", exportTypes[format])
			h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="pactgraph-%s.%s"`, table, format))
			h.Set("X-Total-Count", strconv.Itoa(info.total))
			if table == ExportSearch {
				h.Set("X-Search-Partial", strconv.FormatBool(info.partial))
			}
			h.Add("Vary", "Accept-Encoding")
			gz := acceptsGzip(req)
			if gz {
				h.Set("Content-Encoding", "gzip")
			}
			w.WriteHeader(http.StatusOK)
			switch {
			case req.Method == http.MethodHead:
				return nil, errHeadOnly
			case gz:
				zw, _ = gzip.NewWriterLevel(out, gzip.BestSpeed)
				return zw, nil
			}
			return out, nil
		}
		flush := func() error {
			if zw != nil {
				if err := zw.Flush(); err != nil {
					return err
				}
			}
			return out.Flush()
		}
		sum, started, err := job.run(ctx, e.r, start, flush)
		if zw != nil && (err == nil || (started && format == FormatNDJSON)) {
			zw.Close()
		}
		release() // the work is done: the client's reading holds no slot
		if started && (err == nil || format == FormatNDJSON) {
			if serr := out.send(); serr != nil {
				e.logDisconnect(ctx, table, serr)
				return
			}
		}
		switch {
		case errors.Is(err, errHeadOnly):
		case err == nil:
		case !started:
			code := ErrorCode(err)
			status := http.StatusBadRequest
			switch code {
			case CodeTimeout:
				status = http.StatusServiceUnavailable
			case CodeInternal:
				status = http.StatusInternalServerError
				e.opts.Logger.ErrorContext(ctx, "export failed", "table", table, "err", err.Error(), "request_id", RequestID(ctx))
			}
			if req.Context().Err() == nil {
				writeExportError(w, status, err)
			}
		case clientGone(req, err):
			e.logDisconnect(ctx, table, err)
		default:
			e.opts.Logger.ErrorContext(ctx, "export failed after streaming began", "table", table, "format", format,
				"rows", sum.Rows, "total", sum.Total, "code", ErrorCode(err), "err", err.Error(), "request_id", RequestID(ctx))
			if format == FormatNDJSON {
				return // the error line is sent; the body ends cleanly
			}
			out.send() // the rows before the failure, then the cut
			abortResponse(rc)
		}
	})
}

// acquireSlot takes a heavy-operation slot, or answers 503 when none frees
// up in time; release is safe to call more than once.
func (e *exporter) acquireSlot(w http.ResponseWriter, req *http.Request) (release func(), ok bool) {
	timer := time.NewTimer(e.heavyWait)
	defer timer.Stop()
	select {
	case e.heavy <- struct{}{}:
		var once sync.Once
		return func() { once.Do(func() { <-e.heavy }) }, true
	case <-timer.C:
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusServiceUnavailable, CodeUnavailable, "the server is busy with large operations; try again shortly")
	case <-req.Context().Done():
	}
	return nil, false
}

// logDisconnect notes an export its client stopped reading: the client's
// doing, not the server's fault, so not an error.
func (e *exporter) logDisconnect(ctx context.Context, table string, err error) {
	e.opts.Logger.InfoContext(ctx, "export not delivered: the client stopped reading", "table", table,
		"err", err.Error(), "request_id", RequestID(ctx))
}

// clientGone reports whether an export failed because its client left or
// read too slowly, which is no fault of the server's.
func clientGone(req *http.Request, err error) bool {
	return errors.Is(req.Context().Err(), context.Canceled) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, os.ErrDeadlineExceeded)
}

// abortResponse cuts the connection of a response that has begun, so that the
// client sees an incomplete body instead of a clean end.
func abortResponse(rc *http.ResponseController) {
	if conn, _, err := rc.Hijack(); err == nil {
		conn.Close()
		return
	}
	panic(http.ErrAbortHandler)
}

// writeExportError answers an export refused before its first byte, in
// the GraphQL error shape: {"errors":[{"message","extensions":{"code"}}]}.
func writeExportError(w http.ResponseWriter, status int, err error) {
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{exportErrorBody(err)}})
}
