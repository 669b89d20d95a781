package main

import (
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
	"os"
	"slices"
	"strings"
	"unicode"

	"pactgraph/api"
	"pactgraph/export"
	"pactgraph/graph"
)

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
	"topic", "document", "decade", "century", "obligation", "textOf", "article", "language", "highlight"}

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
	if err := parseFlags(fs, args, flagRules{args: argsAfterFlags}); err != nil {
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
  $highlight: Boolean, $first: Int, $after: String, $language: String) {
  search(query: $query, mode: $mode, types: $types, filter: $filter, highlight: $highlight, first: $first, after: $after, language: $language) {
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
        ... on Passage { id heading language document { title } article textOf { name } agreements { name } organizations { name acronym } countries { code } }
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
			Language      string
			Signed        string
			Document      struct{ Title string }
			Article       string
			TextOf        *namedRef
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
			meta = append(meta, terminalSafe(n.Document.Title), terminalSafe(n.Language))
			if n.TextOf != nil {
				meta = append(meta, terminalSafe(textOfLabel(n.Article, n.TextOf.Name)))
			}
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

// textOfLabel says which agreement's text a passage is, and where in it:
// "Article 5 of North Atlantic Treaty".
func textOfLabel(article, agreement string) string {
	if article == "" {
		return "text of " + agreement
	}
	return "Article " + article + " of " + agreement
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
