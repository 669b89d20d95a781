package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"pactgraph/api"
	"pactgraph/export"
	"pactgraph/graph"
	"pactgraph/loader"
)

// cli runs the command line in-process and returns its outputs and exit
// code.
func cli(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, &out, &errb)
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		errb.WriteString("pactgraph: " + err.Error() + "\n")
	}
	if err == nil {
		return out.String(), errb.String(), 0
	}
	return out.String(), errb.String(), exitCode(err)
}

type jsonSearch struct {
	Data struct {
		Search struct {
			TotalCount int
			DidYouMean *string
			PageInfo   struct {
				HasNextPage bool
				EndCursor   string
			}
			Edges []struct {
				Node struct {
					Typename string `json:"__typename"`
					ID       string
					Parties  []struct{ Country struct{ Code string } }
				}
			}
		}
	}
	Errors []struct {
		Extensions struct{ Code string }
	}
}

func searchJSON(t *testing.T, args ...string) jsonSearch {
	t.Helper()
	stdout, stderr, code := cli(t, append([]string{"search", "-json"}, args...)...)
	if code != 0 {
		t.Fatalf("search %q: exit %d: %s", args, code, stderr)
	}
	var out jsonSearch
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("search -json %q printed %q: %v", args, stdout, err)
	}
	return out
}

func ids(s jsonSearch) []string {
	var out []string
	for _, e := range s.Data.Search.Edges {
		out = append(out, e.Node.ID)
	}
	return out
}

func TestSearchCommand(t *testing.T) {
	dir := prebuilt(t)

	t.Run("text", func(t *testing.T) {
		stdout, stderr, code := cli(t, "search", "-index", dir, "Iran", "nuclear", "deal")
		if code != 0 || stderr != "" {
			t.Fatalf("exit %d, stderr %q", code, stderr)
		}
		for _, want := range []string{
			`hits for "Iran nuclear deal"`,
			" 1. Joint Comprehensive Plan of Action\n",
			"agreement · relevance 1.00 · agreement:jcpoa · signed 2015-07-14",
			"name: [Joint] [Comprehensive] [Plan] of [Action]",
			"body: …pean Union coordinating, under which [Iran] accepted",
			"parties: CHN FRA DEU RUS GBR USA IRN · organizations: EU, P5+1",
			"passage · relevance 1.00 · passage:security-agreements:49 · Bilateral and Multilateral Security Agreements",
			"agreements: Joint Comprehensive Plan of Action · organizations: P5+1 · countries: IRN",
		} {
			if !strings.Contains(stdout, want) {
				t.Errorf("output lacks %q:\n%s", want, stdout)
			}
		}
		if strings.Contains(stdout, "\x1b") || strings.Contains(stdout, "<mark>") {
			t.Errorf("output to a non-terminal has escape codes or HTML:\n%s", stdout)
		}
	})

	t.Run("did you mean", func(t *testing.T) {
		stdout, _, code := cli(t, "search", "-index", dir, "-first", "1", "Jpaan", "securty", "treaty")
		if code != 0 || !strings.HasPrefix(stdout, "Did you mean: japan security treaty?\n") || !strings.Contains(stdout, "between the United States of America and Japan") {
			t.Errorf("exit %d:\n%s", code, stdout)
		}
		stdout, _, _ = cli(t, "search", "-index", dir, "westphalia")
		if stdout != "No hits for \"westphalia\".\n" {
			t.Errorf("a search without hits printed %q", stdout)
		}
	})

	t.Run("filters and json", func(t *testing.T) {
		s := searchJSON(t, "-index", dir, "-types", "agreement", "-party", "USA", "-party", "jpn", "treaty")
		if s.Data.Search.TotalCount == 0 {
			t.Fatal("no hits")
		}
		for _, e := range s.Data.Search.Edges {
			var codes []string
			for _, p := range e.Node.Parties {
				codes = append(codes, p.Country.Code)
			}
			// Values of one filter match any of them.
			if e.Node.Typename != "Agreement" || !slices.Contains(codes, "USA") && !slices.Contains(codes, "JPN") {
				t.Errorf("hit %s (%s, parties %v) escapes -types agreement -party USA -party jpn", e.Node.ID, e.Node.Typename, codes)
			}
		}
	})

	t.Run("pages", func(t *testing.T) {
		all := ids(searchJSON(t, "-index", dir, "-first", "4", "security"))
		stdout, _, _ := cli(t, "search", "-index", dir, "-first", "2", "security")
		m := regexp.MustCompile(`repeat the search with -after (\S+)\n`).FindStringSubmatch(stdout)
		if m == nil || len(all) != 4 {
			t.Fatalf("no next-page cursor in:\n%s", stdout)
		}
		next := ids(searchJSON(t, "-index", dir, "-first", "2", "-after", m[1], "security"))
		if !slices.Equal(next, all[2:]) {
			t.Errorf("the page after the printed cursor = %v; want %v", next, all[2:])
		}
	})

	t.Run("env", func(t *testing.T) {
		t.Setenv("PACTGRAPH_INDEX", dir)
		t.Setenv("PACTGRAPH_TYPES", "ORGANIZATION")
		t.Setenv("PACTGRAPH_FIRST", "1")
		s := searchJSON(t, "alliance")
		if got := ids(s); len(got) != 1 || !strings.HasPrefix(got[0], "organization:") {
			t.Errorf("with PACTGRAPH_TYPES=ORGANIZATION PACTGRAPH_FIRST=1: %v", got)
		}
		if got := ids(searchJSON(t, "-first", "3", "alliance")); len(got) != 3 {
			t.Errorf("-first 3 over PACTGRAPH_FIRST=1 gave %d hits; the flag wins", len(got))
		}
	})

	t.Run("errors", func(t *testing.T) {
		for _, tc := range []struct {
			args []string
			want string
		}{
			{[]string{"search", "-index", dir}, "give the QUERY"},
			{[]string{"search", "-index", dir, "-kind", "trilateral", "nato"}, "-kind: must be BILATERAL or MULTILATERAL"},
			{[]string{"search", "-index", dir, "-first", "500", "nato"}, "-first: must be between 1 and 100"},
			{[]string{"search", "-index", dir, "-after", "nonsense", "nato"}, "-after: not a cursor"},
			{[]string{"search", "-index", dir, "-mode", "ADVANCED", "*nato*"}, "(SEARCH_TOO_EXPENSIVE)"},
			{[]string{"search", "-index", dir, "-mode", "ADVANCED", "nosuch:nato"}, "(BAD_QUERY)"},
			{[]string{"search", "-no-such-flag", "nato"}, "flag provided but not defined"},
			{[]string{"search", "-corpus", "/does/not/exist", "nato"}, "/does/not/exist"},
		} {
			stdout, stderr, code := cli(t, tc.args...)
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Errorf("%q: exit %d, stderr %q; want exit 2 and %q", tc.args, code, stderr, tc.want)
			}
			if strings.Contains(stdout, "hits for") {
				t.Errorf("%q printed hits: %s", tc.args, stdout)
			}
		}
		// -json prints the GraphQL errors too.
		stdout, _, code := cli(t, "search", "-index", dir, "-json", "-mode", "ADVANCED", "*nato*")
		if code != 2 || !strings.Contains(stdout, `"code":"SEARCH_TOO_EXPENSIVE"`) {
			t.Errorf("-json with a refused search: exit %d, %s", code, stdout)
		}
		// An index that is not there fails with the reason, exit 1.
		_, stderr, code := cli(t, "search", "-index", filepath.Join(t.TempDir(), "none"), "nato")
		if code != 1 || !strings.Contains(stderr, "pactgraph index") {
			t.Errorf("a missing index: exit %d, %s", code, stderr)
		}
	})

	t.Run("built in memory", func(t *testing.T) {
		stdout, _, code := cli(t, "search", "-first", "1", "anzus")
		if code != 0 || !strings.Contains(stdout, "agreement:anzus") {
			t.Errorf("search without -index: exit %d\n%s", code, stdout)
		}
	})
}

func TestSearchRendering(t *testing.T) {
	frag := `…the <mark>Iran</mark> deal &amp; its &#34;sunset&#34; clauses` + "\x1b[2J\x07 end"
	if got := fragmentText(frag, plainStyle); got != `…the [Iran] deal & its "sunset" clauses[2J end` {
		t.Errorf("plain fragment = %q", got)
	}
	if got := fragmentText(frag, colorStyle); !strings.Contains(got, "the \x1b[1;33mIran\x1b[0m deal") || strings.Contains(got, "\x1b[2J") {
		t.Errorf("colour fragment = %q", got)
	}
	var r searchResult
	json.Unmarshal([]byte(`{"totalCount": 1, "edges": [{"relevance": 0.5, "highlights": [{"field": "body", "fragment": "<mark>x</mark>"}],
		"node": {"__typename": "Trend", "id": "trend:x", "name": "X"}}]}`), &r)
	var out bytes.Buffer
	renderSearch(&out, "x", r, colorStyle)
	for _, want := range []string{"1 hit for \"x\"", "\x1b[1mX\x1b[0m", "\x1b[2mtrend · relevance 0.50 · trend:x\x1b[0m", "body: \x1b[1;33mx\x1b[0m"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("colour output lacks %q:\n%q", want, out.String())
		}
	}

	// A regular file is no terminal; a character device is, unless NO_COLOR
	// is set.
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) || isTerminal(&out) {
		t.Error("a file or a buffer counts as a terminal")
	}
	dev, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer dev.Close()
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "xterm")
	if !isTerminal(dev) || !useColor(dev) {
		t.Errorf("%s (a character device) is not taken for a terminal", os.DevNull)
	}
	t.Setenv("NO_COLOR", "1")
	if useColor(dev) {
		t.Error("NO_COLOR=1 does not turn colour off")
	}
}

func TestExportCommand(t *testing.T) {
	dir := prebuilt(t)

	// The command writes exactly what the server's route sends.
	cat, ix, err := loader.OpenIndex(dir)
	if err != nil {
		t.Fatal(err)
	}
	st := &graph.State{Catalog: cat, Index: ix}
	srv := httptest.NewServer(api.NewHandler(api.Options{Snapshots: api.NewSnapshots(st)}))
	fromHTTP := func(path string) string {
		resp, err := srv.Client().Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	wantSearch := fromHTTP("/export/search.csv?q=nuclear+weapons&types=AGREEMENT,PASSAGE")
	wantParties := fromHTTP("/export/agreements.ndjson?party=USA,JPN&rows=party")
	srv.Close()
	ix.Close()

	stdout, stderr, code := cli(t, "export", "-index", dir, "-q", "nuclear weapons", "-types", "AGREEMENT,PASSAGE", "search")
	if code != 0 || stdout != wantSearch {
		t.Fatalf("export search: exit %d %s\n%.400s\nthe route sends\n%.400s", code, stderr, stdout, wantSearch)
	}
	records, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil || len(records) < 2 || !slices.Equal(records[0], export.Columns(export.TableSearch, "")) {
		t.Errorf("export search CSV: %v, %d records", err, len(records))
	}

	out := filepath.Join(t.TempDir(), "dyad.ndjson")
	_, stderr, code = cli(t, "export", "agreements", "-index", dir, "-party", "USA", "-party", "JPN", "-rows", "party", "-o", out)
	got, _ := os.ReadFile(out)
	if code != 0 || string(got) != wantParties || stderr != "wrote 4 rows to "+out+"\n" {
		t.Errorf("export agreements -o %s (NDJSON by its name): exit %d %q\n%s", out, code, stderr, got)
	}

	out = filepath.Join(t.TempDir(), "agreements.csv")
	if _, stderr, code = cli(t, "export", "-index", dir, "-format", "csv", "-limit", "5", "-output", out, "agreements"); code != 0 {
		t.Fatalf("export agreements -limit 5: exit %d %s", code, stderr)
	}
	f, _ := os.Open(out)
	records, err = csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(records) != 6 || !slices.Equal(records[0], export.Columns(export.TableAgreements, "agreement")) {
		t.Errorf("agreements -limit 5: %d records (%v)", len(records), err)
	}

	// Variables apply where their flag does: PACTGRAPH_Q gives the search
	// its text and leaves an agreements export alone.
	t.Setenv("PACTGRAPH_Q", "anzus")
	t.Setenv("PACTGRAPH_INDEX", dir)
	stdout, stderr, code = cli(t, "export", "-format", "ndjson", "search")
	if code != 0 || !strings.Contains(stdout, `"id":"agreement:anzus"`) {
		t.Errorf("export search with PACTGRAPH_Q=anzus: exit %d %s\n%.300s", code, stderr, stdout)
	}
	if _, stderr, code = cli(t, "export", "-limit", "1", "agreements"); code != 0 {
		t.Errorf("export agreements with PACTGRAPH_Q set: exit %d %s", code, stderr)
	}
	os.Unsetenv("PACTGRAPH_Q")

	failed := filepath.Join(t.TempDir(), "failed.csv")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"export"}, "name the table"},
		{[]string{"export", "countries"}, `unknown table "countries"`},
		{[]string{"export", "search"}, "give the search text with -q"},
		{[]string{"export", "-q", "nato", "agreements"}, "-q does not apply"},
		{[]string{"export", "-q", "nato", "-format", "xlsx", "search"}, "give csv or ndjson"},
		{[]string{"export", "-q", "nato", "-limit", "0", "search"}, "-limit: must be a number from 1 to 10000"},
		{[]string{"export", "-signed-from", "1999-02-30", "agreements"}, "-signed-from: date"},
		{[]string{"export", "-rows", "countries", "agreements"}, "-rows: must be agreement"},
		{[]string{"export", "search", "-q", "*nato", "-mode", "ADVANCED", "-o", failed}, "(SEARCH_TOO_EXPENSIVE)"},
		{[]string{"export", "agreements", "extra"}, `unexpected argument "extra"`},
	} {
		stdout, stderr, code := cli(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) || strings.Contains(stdout, "rank,") {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(failed), "*")); len(left) != 0 {
		t.Errorf("a failed export left %v", left)
	}
}

// TestHelp: -h, -help and --help print each command's usage on stdout and
// exit 0.
func TestHelp(t *testing.T) {
	for _, cmd := range [][]string{{}, {"serve"}, {"index"}, {"version"}, {"search"}, {"export"}, {"check"}} {
		for _, h := range []string{"-h", "-help", "--help"} {
			args := append(slices.Clone(cmd), h)
			stdout, stderr, code := cli(t, args...)
			if code != 0 || stderr != "" || !strings.Contains(stdout, "Usage") {
				t.Errorf("%q: exit %d, stderr %q, stdout %.80q; want the usage on stdout and exit 0", args, code, stderr, stdout)
			}
		}
	}
	for _, cmd := range []string{"search", "export", "index"} {
		stdout, _, code := cli(t, "help", cmd)
		if code != 0 || !strings.Contains(stdout, "-corpus") {
			t.Errorf("help %s: exit %d\n%s", cmd, code, stdout)
		}
	}
	stdout, _, _ := cli(t, "help")
	for _, want := range []string{"pactgraph search [flags] QUERY...", "pactgraph export [flags] {search|agreements}"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("the usage lacks %q", want)
		}
	}
	if _, stderr, code := cli(t, "version", "extra"); code != 2 {
		t.Errorf("version extra: exit %d %s; want a usage error", code, stderr)
	}
	if _, _, code := cli(t, "help", "frobnicate"); code != 2 {
		t.Errorf("help frobnicate: exit %d; want 2", code)
	}
}

func TestIndexProgress(t *testing.T) {
	for _, tc := range []struct {
		p    loader.Progress
		want string
	}{
		{loader.Progress{Stage: loader.StageRead, Done: 0, Total: 40}, "reading documents  0/40"},
		{loader.Progress{Stage: loader.StageRead, Done: 10, Total: 40, Elapsed: 2 * time.Second}, "reading documents  10/40  5/s  6s left"},
		{loader.Progress{Stage: loader.StageIndex, Done: 12000, Total: 35000, Elapsed: 3 * time.Second}, "indexing records  12,000/35,000  4,000/s  6s left"},
		{loader.Progress{Stage: loader.StageIndex, Done: 999, Total: 1000, Elapsed: time.Second}, "indexing records  999/1,000  999/s  <1s left"},
	} {
		if got := progressText(tc.p); got != tc.want {
			t.Errorf("progressText(%+v) = %q; want %q", tc.p, got, tc.want)
		}
	}

	// Redrawn in place, at most every 100 ms, and cleared when the last
	// stage ends so the summary starts a clean line.
	var term bytes.Buffer
	p := &progressLine{w: &term}
	p.report(loader.Progress{Stage: loader.StageRead, Done: 0, Total: 2})
	p.report(loader.Progress{Stage: loader.StageRead, Done: 1, Total: 2})
	p.report(loader.Progress{Stage: loader.StageRead, Done: 2, Total: 2, Elapsed: time.Second})
	p.report(loader.Progress{Stage: loader.StageIndex, Done: 100, Total: 100, Elapsed: time.Second})
	p.clear()
	if want := "\r\x1b[Kreading documents  0/2\r\x1b[Kreading documents  2/2  2/s\r\x1b[K"; term.String() != want {
		t.Errorf("progress drawn as %q; want %q", term.String(), want)
	}

	// Not on a terminal: no progress, and the summary.
	dir := filepath.Join(t.TempDir(), "index")
	stdout, stderr, code := cli(t, "index", "-index", dir)
	if code != 0 || stderr != "" || !regexp.MustCompile(`^indexed 1 documents, \d+ passages, \d+ records into .* in \S+ \(\d+ records/s\)\n$`).MatchString(stdout) {
		t.Errorf("index: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}
