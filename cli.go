package main

// The commands beside serve: search and export run in-process over the same
// corpus flags as serve; index draws its progress on a terminal; version and
// help. server.go dispatches to them.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"pactgraph/api"
	"pactgraph/export"
	"pactgraph/graph"
	"pactgraph/loader"
)

// helpAsked reports whether args ask for usage (-h, -help or --help before
// any "--"). Usage asked for is output: it goes to stdout, and the command
// exits 0.
func helpAsked(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help", "-h=true", "-help=true", "--help=true":
			return true
		}
	}
	return false
}

// envName is a flag's environment fallback: PACTGRAPH_ and the flag's name
// in capitals, dashes as underscores (-signed-from: PACTGRAPH_SIGNED_FROM).
func envName(flagName string) string {
	return "PACTGRAPH_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// parseCommand parses a command's flags like parseFlags (server.go), with
// the env fallback of each flag in only (nil: every flag) and positional
// arguments left to the caller.
func parseCommand(fs *flag.FlagSet, args []string, only func(name string) bool) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	return applyEnv(fs, only)
}

// applyEnv sets each flag not given on the command line from its variable.
func applyEnv(fs *flag.FlagSet, only func(name string) bool) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if err != nil || given[f.Name] || (only != nil && !only(f.Name)) || flagAliases[f.Name] != "" {
			return
		}
		if alias := aliasOf(f.Name); alias != "" && given[alias] {
			return
		}
		if v, ok := os.LookupEnv(envName(f.Name)); ok {
			if e := fs.Set(f.Name, v); e != nil {
				err = usageError{fmt.Errorf("%s=%q: %w", envName(f.Name), v, e)}
			}
		}
	})
	return err
}

// flagAliases are short flags that share a long flag's variable (and its
// env fallback).
var flagAliases = map[string]string{"o": "output"}

func aliasOf(long string) string {
	for short, l := range flagAliases {
		if l == long {
			return short
		}
	}
	return ""
}

// queryFlags collects the flags that become export parameters (the same
// names as the HTTP routes' query parameters).
type queryFlags struct {
	values url.Values
	flags  map[string]string // flag name → parameter name
}

// paramFlags are the flags of the export parameters, with their help; the
// date parameters are spelled the command-line way.
var paramFlags = []struct {
	param, flag, help string
	list              bool
}{
	{"q", "q", "the search `TEXT`", false},
	{"mode", "mode", "how the text is read, `MODE`: SIMPLE (a search box: words, \"phrases\", -word) or ADVANCED (field:value, prefix*, ranges)", false},
	{"types", "types", "only these result `TYPES`: PASSAGE, AGREEMENT, ORGANIZATION, COUNTRY, TREND, TOPIC", true},
	{"kind", "kind", "agreement `KIND`: BILATERAL or MULTILATERAL", true},
	{"theme", "theme", "agreement `THEME`, e.g. arms-control", true},
	{"party", "party", "country `CODE` (ISO 3166-1 alpha-3) among the parties, members or countries named", true},
	{"organization", "organization", "organization `ID`, e.g. nato", true},
	{"agreement", "agreement", "agreement `ID`, e.g. jcpoa (the agreement and the passages that mention it)", true},
	{"trend", "trend", "trend `ID`", true},
	{"topic", "topic", "topic `ID`", true},
	{"document", "document", "document `ID`", true},
	{"decade", "decade", "decade of signature, as its first `YEAR` (1990)", true},
	{"century", "century", "century of signature, as its first `YEAR` (1900)", true},
	{"obligation", "obligation", "`OBLIGATION` (ATOP): DEFENSE, OFFENSE, NEUTRALITY, NONAGGRESSION, CONSULTATION", true},
	{"highlight", "highlight", "mark the matches in fragments, `BOOL`: true (default) or false", false},
	{"spreadsheet", "spreadsheet", "for spreadsheets, `BOOL`: CSV cells that begin with =, +, -, @ get a leading ' so they are not run as formulas (default false)", false},
	{"limit", "limit", "at most `N` rows, 1 to 10000 (default: all, up to 10000)", false},
	{"signedFrom", "signed-from", "signed on or after this `DATE` (YYYY, YYYY-MM or YYYY-MM-DD)", false},
	{"signedTo", "signed-to", "signed on or before this `DATE`", false},
	{"activeOn", "active-on", "in force on this `DATE`", false},
	{"rows", "rows", "what a row is, `ROWS`: agreement (default; the parties joined) or party (one row per agreement and party)", false},
}

// register adds the flags of params to fs.
func (q *queryFlags) register(fs *flag.FlagSet, params []string) {
	q.values = url.Values{}
	q.flags = map[string]string{}
	for _, p := range paramFlags {
		if !slices.Contains(params, p.param) {
			continue
		}
		q.flags[p.flag] = p.param
		help := p.help
		if p.list {
			help += " (repeatable or comma-separated)"
		}
		help += " (env " + envName(p.flag) + ")"
		fs.Func(p.flag, help, func(v string) error {
			if p.list {
				q.values.Add(p.param, v)
			} else {
				q.values.Set(p.param, v)
			}
			return nil
		})
	}
}

// flagOf names a parameter as its flag.
func (q *queryFlags) flagOf(param string) string {
	for f, p := range q.flags {
		if p == param {
			return f
		}
	}
	return param
}

// commandError turns an error of the API into the command's: a mistake of
// the user's (a bad flag value or search text) is a usage error (exit 2),
// anything else exits 1.
func commandError(cmd string, info export.ErrorInfo, q *queryFlags) error {
	msg := info.Message
	if info.Argument != "" && q != nil {
		msg = "-" + q.flagOf(info.Argument) + strings.TrimPrefix(msg, info.Argument)
	}
	err := fmt.Errorf("%s: %s (%s)", cmd, msg, info.Code)
	switch info.Code {
	case graph.CodeBadUserInput, graph.CodeBadQuery, graph.CodeTooExpensive:
		return usageError{err}
	}
	return err
}

// openState builds the corpora's index in memory, or opens a prebuilt one.
func openState(ctx context.Context, cf *corpusFlags, indexDir string) (*graph.State, error) {
	if err := cf.withIndex(indexDir); err != nil {
		return nil, err
	}
	if indexDir != "" {
		cat, ix, err := loader.OpenIndex(indexDir)
		if err != nil {
			return nil, err
		}
		return &graph.State{Catalog: cat, Index: ix}, nil
	}
	corpora, err := cf.corpora()
	if err != nil {
		return nil, err
	}
	cat, ix, _, err := loader.Build(ctx, corpora, "")
	if err != nil {
		return nil, err
	}
	return &graph.State{Catalog: cat, Index: ix}, nil
}

const searchUsage = `Usage: pactgraph search [flags] QUERY...

Searches the corpus in-process, through the same GraphQL handler as the
server, and prints the ranked hits: title, type, relevance, the highlighted
fragments and the entities each hit links to, with the total and a "did you
mean" correction. Flags go before the query: every word from the first one
on is the query, so -word excludes a word.

Matches are marked in bold colour on a terminal (unless NO_COLOR is set)
and [in brackets] otherwise; -json prints the GraphQL response instead.

Exit status: 0 on success (with or without hits), 2 for a usage error or a
search the API refuses (BAD_USER_INPUT, BAD_QUERY, SEARCH_TOO_EXPENSIVE),
1 otherwise.

Flags (each with an env fallback; a flag on the command line wins):
`

// searchParams are the export parameters the search command takes as flags;
// the text is the command's arguments and -first replaces limit.
var searchParams = []string{"mode", "types", "kind", "theme", "party", "organization", "agreement", "trend",
	"topic", "document", "decade", "century", "obligation", "highlight"}

func searchCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), searchUsage)
		fs.PrintDefaults()
	}
	var cf corpusFlags
	cf.register(fs)
	indexDir := fs.String("index", "", "search a prebuilt index `DIR` (from pactgraph index) instead of building one (env PACTGRAPH_INDEX)")
	var q queryFlags
	q.register(fs, searchParams)
	first := fs.Int("first", 10, "how many hits to print, 1 to 100 (env PACTGRAPH_FIRST)")
	after := fs.String("after", "", "print the page after this `CURSOR` (the previous page prints it; env PACTGRAPH_AFTER)")
	asJSON := fs.Bool("json", false, "print the GraphQL response (JSON) instead of text (env PACTGRAPH_JSON)")
	if err := parseCommand(fs, args, nil); err != nil {
		return err
	}
	text := strings.Join(fs.Args(), " ")
	if strings.TrimSpace(text) == "" {
		fs.Usage()
		return usageError{errors.New("search: give the QUERY to search for")}
	}
	params := q.values
	params.Set("q", text)
	vars, err := export.SearchVariables(params)
	if err != nil {
		return commandError("search", export.DescribeError(err), &q)
	}
	vars["first"] = *first
	if *after != "" {
		vars["after"] = *after
	}
	st, err := openState(ctx, &cf, *indexDir)
	if err != nil {
		return err
	}
	defer st.Index.Close()

	raw, err := runGraphQL(ctx, st, searchQuery, vars, stderr)
	if err != nil {
		return err
	}
	var resp searchResponse
	if err := json.Unmarshal(raw, &resp); err != nil {
		return fmt.Errorf("search: the GraphQL handler answered %.200q: %w", raw, err)
	}
	if *asJSON {
		stdout.Write(append(bytes.TrimSpace(raw), '\n'))
	}
	if len(resp.Errors) > 0 {
		e := resp.Errors[0]
		info := export.ErrorInfo{Code: e.Extensions.Code, Argument: e.Extensions.Argument, Message: e.Message}
		if info.Argument == "first" || info.Argument == "after" {
			info.Message = "-" + info.Message
			info.Argument = ""
		}
		return commandError("search", info, nil)
	}
	if !*asJSON {
		s := plainStyle
		if useColor(stdout) {
			s = colorStyle
		}
		renderSearch(stdout, text, resp.Data.Search, s)
	}
	return nil
}

// searchQuery is what the search command asks of the GraphQL handler.
const searchQuery = `query Search($query: String!, $mode: SearchMode, $types: [SearchType!], $filter: SearchFilter,
  $highlight: Boolean, $first: Int, $after: String) {
  search(query: $query, mode: $mode, types: $types, filter: $filter, highlight: $highlight, first: $first, after: $after) {
    totalCount
    partial
    didYouMean
    pageInfo { hasNextPage endCursor }
    edges {
      relevance
      partial
      highlights { field fragment }
      node {
        __typename
        ... on Passage { id heading document { title } agreements { name } organizations { name acronym } countries { code } }
        ... on Agreement { id name signed parties { country { code } } organizations { name acronym } }
        ... on Organization { id name acronym members { country { code } } }
        ... on Country { id name }
        ... on Trend { id name }
        ... on Topic { id name }
      }
    }
  }
}`

type namedRef struct{ Name, Acronym string }

type searchResponse struct {
	Data struct {
		Search searchResult
	}
	Errors []struct {
		Message    string
		Extensions struct{ Code, Argument string }
	}
}

type searchResult struct {
	TotalCount int
	Partial    bool
	DidYouMean string
	PageInfo   struct {
		HasNextPage bool
		EndCursor   string
	}
	Edges []struct {
		Relevance  float64
		Partial    bool
		Highlights []struct{ Field, Fragment string }
		Node       struct {
			Typename      string `json:"__typename"`
			ID            string
			Name          string
			Acronym       string
			Heading       string
			Signed        string
			Document      struct{ Title string }
			Agreements    []namedRef
			Organizations []namedRef
			Countries     []struct{ Code string }
			Parties       []struct{ Country struct{ Code string } }
			Members       []struct{ Country struct{ Code string } }
		}
	}
}

// runGraphQL sends one operation to a GraphQL handler serving st, in
// process, and returns the response body. The handler's warnings and
// errors (the details of an internal error) go to stderr.
func runGraphQL(ctx context.Context, st *graph.State, query string, vars map[string]any, stderr io.Writer) ([]byte, error) {
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	h := api.NewHandler(api.Options{Snapshots: api.NewSnapshots(st), Logger: logger})
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "/graphql", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	rec := &memoryResponse{header: http.Header{}}
	h.ServeHTTP(rec, req)
	if rec.status >= 500 && rec.body.Len() == 0 {
		return nil, fmt.Errorf("the GraphQL handler answered %d", rec.status)
	}
	return rec.body.Bytes(), nil
}

// memoryResponse keeps an in-process response.
type memoryResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (m *memoryResponse) Header() http.Header         { return m.header }
func (m *memoryResponse) Write(b []byte) (int, error) { return m.body.Write(b) }
func (m *memoryResponse) WriteHeader(status int) {
	if m.status == 0 {
		m.status = status
	}
}

// termStyle is how the search command marks text.
type termStyle struct {
	mark, unmark, bold, dim, reset string
}

var (
	plainStyle = termStyle{mark: "[", unmark: "]"}
	colorStyle = termStyle{mark: "\x1b[1;33m", unmark: "\x1b[0m", bold: "\x1b[1m", dim: "\x1b[2m", reset: "\x1b[0m"}
)

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// useColor: a terminal, and neither NO_COLOR (https://no-color.org) nor a
// dumb terminal.
func useColor(w io.Writer) bool {
	return isTerminal(w) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}

// terminalSafe drops control characters, so that a document cannot drive the
// terminal it is printed on.
func terminalSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			if r == '\n' || r == '\t' {
				return ' '
			}
			return -1
		}
		return r
	}, s)
}

// fragmentText turns a highlight's HTML fragment into terminal text, the
// matches marked in the style.
func fragmentText(fragment string, s termStyle) string {
	var b strings.Builder
	for {
		i := strings.Index(fragment, "<mark>")
		if i < 0 {
			break
		}
		j := strings.Index(fragment[i:], "</mark>")
		if j < 0 {
			break
		}
		b.WriteString(terminalSafe(html.UnescapeString(fragment[:i])))
		b.WriteString(s.mark + terminalSafe(html.UnescapeString(fragment[i+len("<mark>"):i+j])) + s.unmark)
		fragment = fragment[i+j+len("</mark>"):]
	}
	b.WriteString(terminalSafe(html.UnescapeString(fragment)))
	return b.String()
}

// renderSearch prints a page of hits for people.
func renderSearch(w io.Writer, text string, r searchResult, s termStyle) {
	if r.DidYouMean != "" {
		fmt.Fprintf(w, "Did you mean: %s%s%s?\n", s.bold, terminalSafe(r.DidYouMean), s.reset)
	}
	if r.TotalCount == 0 {
		fmt.Fprintf(w, "No hits for %q.\n", terminalSafe(text))
		return
	}
	hits := "hits"
	if r.TotalCount == 1 {
		hits = "hit"
	}
	fmt.Fprintf(w, "%d %s for %q", r.TotalCount, hits, terminalSafe(text))
	if r.Partial {
		fmt.Fprint(w, " (no record has every word; these have some of them)")
	}
	fmt.Fprintln(w)
	for i, e := range r.Edges {
		n := e.Node
		title := n.Name
		if n.Typename == "Passage" {
			title = n.Heading
		}
		fmt.Fprintf(w, "\n%2d. %s%s%s\n", i+1, s.bold, terminalSafe(title), s.reset)
		meta := []string{strings.ToLower(n.Typename), fmt.Sprintf("relevance %.2f", e.Relevance), n.ID}
		if e.Partial {
			meta[1] += " (some words)"
		}
		switch {
		case n.Typename == "Passage" && n.Document.Title != "":
			meta = append(meta, terminalSafe(n.Document.Title))
		case n.Typename == "Agreement" && n.Signed != "":
			meta = append(meta, "signed "+n.Signed)
		case n.Typename == "Organization" && n.Acronym != "":
			meta = append(meta, terminalSafe(n.Acronym))
		}
		fmt.Fprintf(w, "    %s%s%s\n", s.dim, strings.Join(meta, " · "), s.reset)
		for _, h := range e.Highlights {
			fmt.Fprintf(w, "    %s: %s\n", h.Field, fragmentText(h.Fragment, s))
		}
		if links := linksOf(n.Typename, n.Agreements, n.Organizations, n.Countries, n.Parties, n.Members); links != "" {
			fmt.Fprintf(w, "    %s%s%s\n", s.dim, links, s.reset)
		}
	}
	if r.PageInfo.HasNextPage {
		fmt.Fprintf(w, "\nShowing %d of %d. For the next page, repeat the search with -after %s\n",
			len(r.Edges), r.TotalCount, r.PageInfo.EndCursor)
	}
}

// linksOf lists the entities a hit links to.
func linksOf(typename string, agreements, organizations []namedRef, countries []struct{ Code string },
	parties, members []struct{ Country struct{ Code string } }) string {
	var parts []string
	names := func(list []namedRef) string {
		out := make([]string, len(list))
		for i, x := range list {
			out[i] = x.Name
			if x.Acronym != "" {
				out[i] = x.Acronym
			}
		}
		return terminalSafe(strings.Join(out, ", "))
	}
	codes := func(list []struct{ Country struct{ Code string } }) string {
		var out []string
		for _, p := range list {
			if !slices.Contains(out, p.Country.Code) {
				out = append(out, p.Country.Code)
			}
		}
		return strings.Join(out, " ")
	}
	if len(agreements) > 0 {
		parts = append(parts, "agreements: "+names(agreements))
	}
	if len(parties) > 0 {
		parts = append(parts, "parties: "+codes(parties))
	}
	if len(members) > 0 {
		parts = append(parts, "members: "+codes(members))
	}
	if len(organizations) > 0 {
		parts = append(parts, "organizations: "+names(organizations))
	}
	if len(countries) > 0 {
		list := make([]string, len(countries))
		for i, c := range countries {
			list[i] = c.Code
		}
		parts = append(parts, "countries: "+strings.Join(list, " "))
	}
	return strings.Join(parts, " · ")
}

const exportUsage = `Usage: pactgraph export [flags] {search|agreements} [flags]

Writes search hits or agreements as CSV or NDJSON, with the same columns as
the server's /export/search.csv and /export/agreements.csv (and .ndjson):
the same code writes both. Flags may come before or after the table.

  pactgraph export -q 'nuclear deal' -types AGREEMENT search
  pactgraph export -party USA,JPN -rows party -o dyad.csv agreements

search takes -q (required), -mode, -types, the filters (-kind, -theme,
-party, -organization, -agreement, -trend, -topic, -document, -decade,
-century, -obligation), -highlight and -limit; agreements takes -kind,
-theme, -party, -organization, -obligation, -signed-from, -signed-to,
-active-on, -rows and -limit. Lists are joined with ";" in CSV and are
arrays in NDJSON.

With -o a file appears only when the export is complete (keeping the mode
of the file it replaces; a symlink is followed, a pipe or device written
through). An export that
fails after it began writing to stdout ends NDJSON with an {"error": ...}
line. Exit status: 0, 2 for a usage error or parameters the API refuses,
1 otherwise.

Flags (each with an env fallback; a flag on the command line wins):
`

func exportCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), exportUsage)
		fs.PrintDefaults()
	}
	var cf corpusFlags
	cf.register(fs)
	indexDir := fs.String("index", "", "export from a prebuilt index `DIR` (from pactgraph index) instead of building one (env PACTGRAPH_INDEX)")
	format := fs.String("format", "", "`csv` or ndjson (default: ndjson for an -o file named .ndjson or .jsonl, else csv; env PACTGRAPH_FORMAT)")
	var output string
	fs.StringVar(&output, "output", "", "write to `FILE` instead of stdout (env PACTGRAPH_OUTPUT)")
	fs.StringVar(&output, "o", "", "write to `FILE` (the same as -output)")
	all := append(export.Params(export.TableSearch), export.Params(export.TableAgreements)...)
	var q queryFlags
	q.register(fs, all)

	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return usageError{errors.New("export: name the table: search or agreements")}
	}
	table := fs.Arg(0)
	if err := fs.Parse(fs.Args()[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("export: unexpected argument %q (flags go before or after the table)", fs.Arg(0))}
	}
	params := export.Params(table)
	if params == nil {
		return usageError{fmt.Errorf("export: unknown table %q: search or agreements", table)}
	}
	applies := func(name string) bool {
		p, isParam := q.flags[name]
		return !isParam || slices.Contains(params, p)
	}
	var misplaced []string
	fs.Visit(func(f *flag.Flag) {
		if !applies(f.Name) {
			misplaced = append(misplaced, "-"+f.Name)
		}
	})
	if len(misplaced) > 0 {
		return usageError{fmt.Errorf("export %s: %s does not apply to this table", table, strings.Join(misplaced, ", "))}
	}
	// A variable is used only where its flag applies: PACTGRAPH_Q set for
	// search exports does not break agreements exports.
	if err := applyEnv(fs, applies); err != nil {
		return err
	}
	if *format == "" {
		*format = export.FormatCSV
		if ext := strings.ToLower(filepath.Ext(output)); ext == ".ndjson" || ext == ".jsonl" {
			*format = export.FormatNDJSON
		}
	}
	if *format != export.FormatCSV && *format != export.FormatNDJSON {
		return usageError{fmt.Errorf("export: -format %s: give csv or ndjson", *format)}
	}
	if table == export.TableSearch && strings.TrimSpace(q.values.Get("q")) == "" {
		return usageError{errors.New("export search: give the search text with -q")}
	}

	st, err := openState(ctx, &cf, *indexDir)
	if err != nil {
		return err
	}
	defer st.Index.Close()
	out, err := newOutput(output, stdout)
	if err != nil {
		return err
	}
	var sum export.Summary
	job, err := export.Parse(table, *format, q.values)
	if err == nil {
		sum, err = export.Write(ctx, st, job, out)
	}
	if err == nil {
		err = out.commit()
	}
	if err != nil {
		out.discard()
		if info := export.DescribeError(err); info.Code != graph.CodeInternal {
			return commandError("export "+table, info, &q)
		}
		return fmt.Errorf("export %s: %w", table, err) // a disk or pipe error, in full
	}
	if output != "" {
		fmt.Fprintf(stderr, "wrote %d rows to %s\n", sum.Rows, output)
	}
	if sum.Rows < sum.Total && !q.values.Has("limit") {
		fmt.Fprintf(stderr, "pactgraph: export %s: wrote the first %d of %d rows, the most one export gives; narrow the export\n",
			table, sum.Rows, sum.Total)
	}
	return nil
}

// exportOutput is where an export goes: stdout, a file that appears under
// its name only when complete, or a pipe or device written through.
type exportOutput struct {
	*bufio.Writer
	file *os.File // the temporary file beside the target; nil otherwise
	dest *os.File // a pipe or device written through; nil otherwise
	name string
	mode os.FileMode
}

// newOutput opens where -o points. A symlink is followed (the link stays);
// a regular file is replaced atomically, keeping its mode; a named pipe or
// a character device (/dev/stdout, a terminal) is written through; anything
// else (a directory, a socket) is refused.
func newOutput(name string, stdout io.Writer) (*exportOutput, error) {
	if name == "" || name == "-" {
		return &exportOutput{Writer: bufio.NewWriterSize(stdout, 64<<10)}, nil
	}
	target, mode, err := outputTarget(name)
	if err != nil {
		return nil, fmt.Errorf("export: -o %s: %w", name, err)
	}
	if mode&(os.ModeNamedPipe|os.ModeCharDevice) != 0 {
		f, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("export: -o %s: %w", name, err)
		}
		return &exportOutput{Writer: bufio.NewWriterSize(f, 64<<10), dest: f, name: name}, nil
	}
	f, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("export: -o %s: %w", name, err)
	}
	return &exportOutput{Writer: bufio.NewWriterSize(f, 64<<10), file: f, name: target, mode: mode.Perm()}, nil
}

// outputTarget resolves name through symlinks and says what is there: the
// path to write and its mode (0644 for a new file).
func outputTarget(name string) (string, os.FileMode, error) {
	target := name
	if info, err := os.Lstat(name); err == nil && info.Mode()&os.ModeSymlink != 0 {
		if target, err = filepath.EvalSymlinks(name); err != nil {
			return "", 0, fmt.Errorf("a symlink to nothing that exists: %w", err)
		}
	}
	info, err := os.Stat(target)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return target, 0o644, nil
	case err != nil:
		return "", 0, err
	case info.Mode().IsRegular():
		return target, info.Mode(), nil
	case info.Mode()&(os.ModeNamedPipe|os.ModeCharDevice) != 0:
		return target, info.Mode(), nil
	case info.IsDir():
		return "", 0, errors.New("is a directory: name a file")
	}
	return "", 0, fmt.Errorf("is a %s, not a file, pipe or character device: nothing was written", fileKind(info.Mode()))
}

func fileKind(m os.FileMode) string {
	switch {
	case m&os.ModeSocket != 0:
		return "socket"
	case m&os.ModeDevice != 0:
		return "block device"
	}
	return "special file"
}

func (o *exportOutput) commit() error {
	if err := o.Flush(); err != nil {
		return err
	}
	if o.dest != nil {
		return o.dest.Close()
	}
	if o.file == nil {
		return nil
	}
	if err := o.file.Close(); err != nil {
		return err
	}
	if err := os.Chmod(o.file.Name(), o.mode); err != nil {
		return err
	}
	return os.Rename(o.file.Name(), o.name)
}

func (o *exportOutput) discard() {
	if o.file == nil {
		o.Flush() // stdout or a pipe keeps what was written, NDJSON's error line included
		if o.dest != nil {
			o.dest.Close()
		}
		return
	}
	o.file.Close()
	os.Remove(o.file.Name())
}

const versionUsage = `Usage: pactgraph version

Prints the module version, the Go version it was built with and the index
mapping version (an index built with another mapping version is rebuilt).
`

func versionCommand(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(fs.Output(), versionUsage) }
	if err := parseFlags(fs, args, nil); err != nil {
		return err
	}
	printVersion(stdout)
	return nil
}

// indexCommand runs index with its progress drawn on stderr when stderr is
// a terminal, and clears the progress line when it ends.
func indexCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if !isTerminal(stderr) || helpAsked(args) {
		return index(ctx, args, stdout, stderr)
	}
	p := &progressLine{w: stderr}
	err := index(loader.WithProgress(ctx, p.report), args, stdout, stderr)
	p.clear()
	return err
}

// progressLine redraws one line in place: the stage, how far it is, the
// rate and the time left.
type progressLine struct {
	w     io.Writer
	drawn time.Time
	shown bool
}

func (p *progressLine) report(pr loader.Progress) {
	if pr.Done < pr.Total && time.Since(p.drawn) < 100*time.Millisecond {
		return
	}
	if pr.Stage == loader.StageIndex && pr.Done == pr.Total {
		p.clear() // the last stage is done: the summary follows
		return
	}
	p.drawn = time.Now()
	p.shown = true
	fmt.Fprint(p.w, "\r\x1b[K"+progressText(pr))
}

func (p *progressLine) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// progressText is one progress line: "indexing records  12,000/35,000
// 4,020/s  6s left".
func progressText(pr loader.Progress) string {
	what := "reading documents"
	if pr.Stage == loader.StageIndex {
		what = "indexing records"
	}
	text := fmt.Sprintf("%s  %s/%s", what, thousands(pr.Done), thousands(pr.Total))
	secs := pr.Elapsed.Seconds()
	if pr.Done > 0 && secs > 0 {
		rate := float64(pr.Done) / secs
		text += fmt.Sprintf("  %s/s", thousands(int(rate+0.5)))
		if pr.Done < pr.Total {
			left := time.Duration(float64(pr.Total-pr.Done) / rate * float64(time.Second))
			text += "  " + roundLeft(left) + " left"
		}
	}
	return text
}

func roundLeft(d time.Duration) string {
	if d < time.Second {
		return "<1s"
	}
	return d.Round(time.Second).String()
}

// thousands writes 12345 as 12,345.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

const checkUsage = `Usage: pactgraph check [flags]

Reads the corpora and prints each fact of the curated data that has no
source of record (a depositary or treaty-series record, an official
document, a peer-reviewed dataset or scholarship), each source that is weak
(a mirror, scraper, content farm, blog, propaganda outlet or document dump)
and each source whose domain is not classified. Exits 0 when there is
none, 1 when there is any, 2 for a usage error.

Flags:
`

// checkCommand is the data test a researcher can run on any corpus.
func checkCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cf corpusFlags
	cf.register(fs)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), checkUsage)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args, nil); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return usageError{fmt.Errorf("check takes no arguments, not %q", fs.Arg(0))}
	}
	corpora, err := cf.corpora()
	if err != nil {
		return err
	}
	l, err := loader.Load(ctx, corpora)
	if err != nil {
		return err
	}
	problems := l.Entities.CheckSources()
	for _, p := range problems {
		fmt.Fprintln(stdout, p)
	}
	if len(problems) > 0 {
		return fmt.Errorf("check: %d facts or sources cannot be cited as they stand", len(problems))
	}
	fmt.Fprintln(stdout, "every fact has a source of record")
	return nil
}
