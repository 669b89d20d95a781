package api_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"pactgraph/api"
	"pactgraph/export"
	"pactgraph/graph"
	"pactgraph/internal/testserver"
	"pactgraph/search"
)

// The export routes' tests: each export against the GraphQL field it
// mirrors, through the real handler.

func exportStates(t *testing.T) (builtin, many *graph.State) {
	t.Helper()
	many, _ = testserver.ManyHits(t)
	return testserver.Builtin(t), many
}

// manyHits is how many passages of testserver.ManyHits mention "alliance".
const manyHits = testserver.ManyHitsCount

func exportServer(t *testing.T, st *graph.State) *httptest.Server {
	t.Helper()
	return testserver.Serve(t, st, api.Options{})
}

// readCSV parses an export with encoding/csv and checks its header.
func readCSV(t *testing.T, body []byte, columns []string) [][]string {
	t.Helper()
	records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("the export is not valid CSV: %v\n%.500s", err, body)
	}
	if len(records) == 0 || !slices.Equal(records[0], columns) {
		t.Fatalf("header = %q; want %q", records[:min(1, len(records))], columns)
	}
	return records[1:]
}

func column(rows [][]string, columns []string, name string) []string {
	i := slices.Index(columns, name)
	out := make([]string, len(rows))
	for j, r := range rows {
		out[j] = r[i]
	}
	return out
}

type gqlHit struct {
	ID       string
	Score    float64
	Partial  bool
	Fragment string
}

// sc is the index of a column of the search export.
func sc(name string) int { return slices.Index(export.Columns(export.TableSearch, ""), name) }

// gqlSearch pages through the search field with its cursors and returns
// the total and every hit, in order.
func gqlSearch(t *testing.T, srv *httptest.Server, vars map[string]any) (int, []gqlHit) {
	t.Helper()
	const query = `query($q: String!, $mode: SearchMode, $types: [SearchType!], $filter: SearchFilter, $highlight: Boolean, $after: String) {
  search(query: $q, mode: $mode, types: $types, filter: $filter, highlight: $highlight, first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { score partial highlights { field fragment } node { ... on Node { id } } }
  }
}`
	var hits []gqlHit
	total := -1
	vars = maps(vars)
	for {
		var out struct {
			Data struct {
				Search struct {
					TotalCount int
					PageInfo   struct {
						HasNextPage bool
						EndCursor   string
					}
					Edges []struct {
						Score      float64
						Partial    bool
						Highlights []struct{ Field, Fragment string }
						Node       struct{ ID string }
					}
				}
			}
			Errors []any
		}
		testserver.Decode(t, srv, query, vars, &out)
		if out.Errors != nil {
			t.Fatalf("GraphQL search %v: %v", vars, out.Errors)
		}
		s := out.Data.Search
		if total >= 0 && s.TotalCount != total {
			t.Fatalf("totalCount changed between pages: %d, then %d", total, s.TotalCount)
		}
		total = s.TotalCount
		for _, e := range s.Edges {
			h := gqlHit{ID: e.Node.ID, Score: e.Score, Partial: e.Partial}
			for _, hl := range e.Highlights {
				if hl.Field == "body" || h.Fragment == "" {
					h.Fragment = hl.Fragment
				}
			}
			hits = append(hits, h)
		}
		if !s.PageInfo.HasNextPage {
			return total, hits
		}
		vars["after"] = s.PageInfo.EndCursor
	}
}

func maps(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// TestExportSearchCSV: the CSV export of a search has the header, one row
// per hit of the GraphQL search (as many as its totalCount), in the same
// order, with the same scores and fragments, the filters applied.
func TestExportSearchCSV(t *testing.T) {
	builtin, _ := exportStates(t)
	srv := exportServer(t, builtin)
	for _, tc := range []struct {
		params url.Values
		vars   map[string]any
		check  func(t *testing.T, rows [][]string)
	}{
		{params: url.Values{"q": {"Iran nuclear deal"}}, vars: map[string]any{"q": "Iran nuclear deal"}},
		{params: url.Values{"q": {"security"}}, vars: map[string]any{"q": "security"}},
		{
			params: url.Values{"q": {"treaty"}, "types": {"agreement"}, "party": {"USA"}},
			vars:   map[string]any{"q": "treaty", "types": []string{"AGREEMENT"}, "filter": map[string]any{"parties": []string{"USA"}}},
			check: func(t *testing.T, rows [][]string) {
				for _, r := range rows {
					if r[sc("type")] != "AGREEMENT" || !slices.Contains(strings.Split(r[sc("countries.codes")], ";"), "USA") {
						t.Errorf("row %q: want an agreement with USA among countries.codes", r[:3])
					}
				}
			},
		},
		{
			params: url.Values{"q": {"nuclear"}, "kind": {"MULTILATERAL"}, "decade": {"1960,1990"}},
			vars:   map[string]any{"q": "nuclear", "filter": map[string]any{"kinds": []string{"MULTILATERAL"}, "decades": []int{1960, 1990}}},
		},
		{
			params: url.Values{"q": {"agreem*"}, "mode": {"advanced"}, "organization": {"un", "organization:nato"}},
			vars:   map[string]any{"q": "agreem*", "mode": "ADVANCED", "filter": map[string]any{"organizations": []string{"un", "organization:nato"}}},
		},
		{
			// No record has every word: the hits that have some are partial.
			params: url.Values{"q": {"Treaty of Westphalia"}, "highlight": {"false"}},
			vars:   map[string]any{"q": "Treaty of Westphalia", "highlight": false},
			check: func(t *testing.T, rows [][]string) {
				if rows[0][sc("partial")] != "true" || rows[0][sc("fragment")] != "" {
					t.Errorf("first row %q: want partial and, with highlight=false, no fragment", rows[0])
				}
			},
		},
		{
			params: url.Values{"q": {"defence"}, "types": {"PASSAGE"}},
			vars:   map[string]any{"q": "defence", "types": []string{"PASSAGE"}},
			check: func(t *testing.T, rows [][]string) {
				for _, r := range rows {
					if r[sc("passage.document")] != "document:security-agreements" || r[sc("passage.heading")] == "" || r[sc("passage.position")] == "" {
						t.Errorf("passage row %q: want its document, heading and position", r[:10])
					}
				}
			},
		},
	} {
		t.Run(tc.params.Encode(), func(t *testing.T) {
			rows := searchCSV(t, srv, tc.params, tc.vars)
			if tc.check != nil {
				tc.check(t, rows)
			}
		})
	}
}

// searchCSV fetches the CSV export of params and checks it against the
// GraphQL search of vars: headers, CRLF lines, as many rows as the
// totalCount, and each row's rank, id, score, fragment and partial those of
// the hit; it returns the rows.
func searchCSV(t *testing.T, srv *httptest.Server, params url.Values, vars map[string]any) [][]string {
	t.Helper()
	resp, body := testserver.Get(t, srv, "/export/search.csv?"+params.Encode())
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="pactgraph-search.csv"` {
		t.Errorf("Content-Disposition = %q", cd)
	}
	if !bytes.HasSuffix(body, []byte("\r\n")) {
		t.Errorf("lines end with %q; RFC 4180 ends them with CRLF", body[max(0, len(body)-2):])
	}
	rows := readCSV(t, body, export.Columns(export.TableSearch, ""))
	total, hits := gqlSearch(t, srv, vars)
	if total == 0 {
		t.Fatal("the GraphQL search has no hits; the case tests nothing")
	}
	if len(rows) != total || resp.Header.Get("X-Total-Count") != strconv.Itoa(total) {
		t.Errorf("%d rows, X-Total-Count %s; the GraphQL search has totalCount %d", len(rows), resp.Header.Get("X-Total-Count"), total)
	}
	for i, r := range rows[:min(len(rows), len(hits))] {
		score, _ := strconv.ParseFloat(r[sc("score")], 64)
		if r[sc("rank")] != strconv.Itoa(i+1) || r[sc("id")] != hits[i].ID || score != hits[i].Score ||
			r[sc("fragment")] != hits[i].Fragment || r[sc("partial")] != strconv.FormatBool(hits[i].Partial) {
			t.Errorf("row %d = %q (score %v); the GraphQL hit is %+v", i+1, r[:4], score, hits[i])
		}
	}
	return rows
}

// TestExportManyPages: an export longer than a page follows the cursors
// to the end (or to limit), with the GraphQL search's order; CSV and
// NDJSON, plain and gzipped, give the same rows.
func TestExportManyPages(t *testing.T) {
	_, many := exportStates(t)
	srv := exportServer(t, many)
	total, hits := gqlSearch(t, srv, map[string]any{"q": "alliance"})
	if total != manyHits || len(hits) != manyHits {
		t.Fatalf("the generated corpus has %d hits (%d paged); want %d", total, len(hits), manyHits)
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}

	_, body := testserver.Get(t, srv, "/export/search.csv?q=alliance")
	if got := column(readCSV(t, body, export.Columns(export.TableSearch, "")), export.Columns(export.TableSearch, ""), "id"); !slices.Equal(got, ids) {
		t.Errorf("CSV ids over %d pages differ from the GraphQL pages (%d rows)", (manyHits+search.MaxFirst-1)/search.MaxFirst, len(got))
	}
	resp, body := testserver.Get(t, srv, "/export/search.csv?q=alliance&limit=150")
	if got := column(readCSV(t, body, export.Columns(export.TableSearch, "")), export.Columns(export.TableSearch, ""), "id"); !slices.Equal(got, ids[:150]) {
		t.Errorf("limit=150 gave %d rows; want the first 150 hits", len(got))
	}
	if resp.Header.Get("X-Total-Count") != strconv.Itoa(manyHits) {
		t.Errorf("X-Total-Count = %q with a limit; want the search's total %d", resp.Header.Get("X-Total-Count"), manyHits)
	}

	resp, body = testserver.Get(t, srv, "/export/search.ndjson?q=alliance", "Accept-Encoding", "gzip")
	if resp.Header.Get("Content-Encoding") != "gzip" || resp.Header.Get("Content-Type") != "application/x-ndjson" {
		t.Fatalf("headers %v; want gzipped NDJSON", resp.Header)
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSuffix(string(plain), "\n"), "\n") {
		var row struct{ ID string }
		if err := json.Unmarshal([]byte(line), &row); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		got = append(got, row.ID)
	}
	if !slices.Equal(got, ids) {
		t.Errorf("gzipped NDJSON has %d ids, not the GraphQL order of %d", len(got), len(ids))
	}
}

// TestExportNDJSON: one JSON object per line, with the CSV's columns as
// keys in the same order, lists as arrays and absent values as null.
func TestExportNDJSON(t *testing.T) {
	builtin, _ := exportStates(t)
	srv := exportServer(t, builtin)
	for _, tc := range []struct {
		path    string
		columns []string
	}{
		{"/export/search.ndjson?q=Iran+nuclear+deal", export.Columns(export.TableSearch, "")},
		{"/export/agreements.ndjson?party=USA", export.Columns(export.TableAgreements, "agreement")},
		{"/export/agreements.ndjson?party=USA&rows=party", export.Columns(export.TableAgreements, "party")},
	} {
		resp, body := testserver.Get(t, srv, tc.path)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/x-ndjson" {
			t.Fatalf("%s: %d %s", tc.path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		lines := strings.Split(strings.TrimSuffix(string(body), "\n"), "\n")
		if n, _ := strconv.Atoi(resp.Header.Get("X-Total-Count")); n != len(lines) || n == 0 {
			t.Errorf("%s: %d lines; X-Total-Count %d", tc.path, len(lines), n)
		}
		for _, line := range lines {
			dec := json.NewDecoder(strings.NewReader(line))
			var keys []string
			dec.Token()
			for dec.More() {
				k, _ := dec.Token()
				keys = append(keys, k.(string))
				var v any
				dec.Decode(&v)
				if strings.HasSuffix(keys[len(keys)-1], "s") && strings.Contains(keys[len(keys)-1], ".") {
					if _, ok := v.([]any); !ok && keys[len(keys)-1] != "parties.count" {
						t.Errorf("%s: %s = %v; want a list", tc.path, k, v)
					}
				}
			}
			if !slices.Equal(keys, tc.columns) {
				t.Fatalf("%s: keys %q; want %q", tc.path, keys, tc.columns)
			}
		}
		if strings.Contains(string(body), `\u003c`) {
			t.Errorf("%s: <mark> is escaped as \\u003c", tc.path)
		}
	}
}

type gqlAgreement struct {
	ID      string
	Name    string
	Parties []struct{ Country struct{ Code string } }
}

func gqlAgreements(t *testing.T, srv *httptest.Server, filter map[string]any) (int, []gqlAgreement) {
	t.Helper()
	const query = `query($filter: AgreementFilter, $after: String) {
  agreements(filter: $filter, first: 100, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id name parties { country { code } } } }
  }
}`
	vars := map[string]any{"filter": filter}
	var list []gqlAgreement
	for {
		var out struct {
			Data struct {
				Agreements struct {
					TotalCount int
					PageInfo   struct {
						HasNextPage bool
						EndCursor   string
					}
					Edges []struct{ Node gqlAgreement }
				}
			}
			Errors []any
		}
		testserver.Decode(t, srv, query, vars, &out)
		if out.Errors != nil {
			t.Fatalf("GraphQL agreements: %v", out.Errors)
		}
		for _, e := range out.Data.Agreements.Edges {
			list = append(list, e.Node)
		}
		if !out.Data.Agreements.PageInfo.HasNextPage {
			return out.Data.Agreements.TotalCount, list
		}
		vars["after"] = out.Data.Agreements.PageInfo.EndCursor
	}
}

// TestExportAgreements: one row per agreement of the agreements field (same
// filter, same order), parties flattened; or one row per party.
func TestExportAgreements(t *testing.T) {
	builtin, _ := exportStates(t)
	srv := exportServer(t, builtin)
	for _, tc := range []struct {
		params url.Values
		filter map[string]any
	}{
		{params: url.Values{}},
		{params: url.Values{"party": {"USA", "jpn"}}, filter: map[string]any{"parties": []string{"USA", "JPN"}}},
		{params: url.Values{"kind": {"bilateral"}, "obligation": {"DEFENSE"}}, filter: map[string]any{"kind": "BILATERAL", "obligations": []string{"DEFENSE"}}},
		{params: url.Values{"activeOn": {"1970-01-01"}, "theme": {"arms-control,nonproliferation"}},
			filter: map[string]any{"activeOn": "1970-01-01", "themes": []string{"arms-control", "nonproliferation"}}},
		{params: url.Values{"signedFrom": {"1990"}, "signedTo": {"1999-12"}, "organization": {"un"}},
			filter: map[string]any{"signedFrom": "1990", "signedTo": "1999-12", "organizations": []string{"un"}}},
	} {
		t.Run(tc.params.Encode(), func(t *testing.T) {
			total, want := gqlAgreements(t, srv, tc.filter)
			if total == 0 {
				t.Fatal("the filter selects nothing; the case tests nothing")
			}
			resp, body := testserver.Get(t, srv, "/export/agreements.csv?"+tc.params.Encode())
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Disposition") != `attachment; filename="pactgraph-agreements.csv"` {
				t.Fatalf("%d %v: %s", resp.StatusCode, resp.Header, body)
			}
			rows := readCSV(t, body, export.Columns(export.TableAgreements, "agreement"))
			if len(rows) != total {
				t.Fatalf("%d rows; the agreements field has totalCount %d", len(rows), total)
			}
			parties := 0
			for i, r := range rows {
				var codes []string
				for _, p := range want[i].Parties {
					if !slices.Contains(codes, p.Country.Code) {
						codes = append(codes, p.Country.Code)
					}
				}
				parties += max(1, len(want[i].Parties))
				if r[0] != want[i].ID || r[1] != want[i].Name || r[11] != strings.Join(codes, ";") || r[10] != strconv.Itoa(len(codes)) {
					t.Errorf("row %d = %q, parties %s (%s); the agreements field gives %s %q, parties %v", i+1, r[:2], r[11], r[10], want[i].ID, want[i].Name, codes)
				}
				if names := strings.Split(r[12], ";"); len(codes) > 0 && len(names) != len(codes) {
					t.Errorf("row %d: parties.names %q does not match parties.codes %q", i+1, r[12], r[11])
				}
			}
			params := url.Values{"rows": {"party"}}
			for k, v := range tc.params {
				params[k] = v
			}
			_, body = testserver.Get(t, srv, "/export/agreements.csv?"+params.Encode())
			prows := readCSV(t, body, export.Columns(export.TableAgreements, "party"))
			if len(prows) != parties {
				t.Errorf("rows=party gave %d rows; the agreements have %d party entries", len(prows), parties)
			}
		})
	}
	// The USA–Japan dyad, as the README shows it.
	_, body := testserver.Get(t, srv, "/export/agreements.csv?party=USA&party=JPN")
	rows := readCSV(t, body, export.Columns(export.TableAgreements, "agreement"))
	if len(rows) != 2 || rows[1][1] != "Treaty of Mutual Cooperation and Security between the United States of America and Japan" ||
		rows[1][12] != "United States;Japan" || rows[1][4] != "1960-01-19" || rows[1][6] != "" {
		t.Errorf("USA–JPN rows = %q", rows)
	}
	_, body = testserver.Get(t, srv, "/export/agreements.csv?limit=3")
	if rows := readCSV(t, body, export.Columns(export.TableAgreements, "agreement")); len(rows) != 3 {
		t.Errorf("limit=3 gave %d rows", len(rows))
	}
}

// TestExportBadParams: a mistake in the parameters or the search text is a
// 400 with the GraphQL error shape and a stable code, before any row.
func TestExportBadParams(t *testing.T) {
	builtin, _ := exportStates(t)
	srv := exportServer(t, builtin)
	for _, tc := range []struct {
		path, code, argument string
	}{
		{"/export/search.csv", graph.CodeBadUserInput, "q"},
		{"/export/search.csv?q=+++", graph.CodeBadUserInput, "q"},
		{"/export/search.csv?q=a&q=b", graph.CodeBadUserInput, "q"},
		{"/export/search.csv?q=nato&parties=USA", graph.CodeBadUserInput, "parties"},
		{"/export/search.csv?q=nato&limit=0", graph.CodeBadUserInput, "limit"},
		{"/export/search.csv?q=nato&limit=10001", graph.CodeBadUserInput, "limit"},
		{"/export/search.csv?q=nato&limit=ten", graph.CodeBadUserInput, "limit"},
		{"/export/search.ndjson?q=nato&mode=fuzzy", graph.CodeBadUserInput, "mode"},
		{"/export/search.csv?q=nato&types=PASSAGE,TREATY", graph.CodeBadUserInput, "types"},
		{"/export/search.csv?q=nato&kind=TRILATERAL", graph.CodeBadUserInput, "kind"},
		{"/export/search.csv?q=nato&decade=1990s", graph.CodeBadUserInput, "decade"},
		{"/export/search.csv?q=nato&obligation=ALLIANCE", graph.CodeBadUserInput, "obligation"},
		{"/export/search.csv?q=nato&highlight=maybe", graph.CodeBadUserInput, "highlight"},
		{"/export/search.csv?q=" + strings.Repeat("x", 1100), graph.CodeBadUserInput, "q"},
		{"/export/search.csv?q=*nato*&mode=ADVANCED", graph.CodeTooExpensive, ""},
		{"/export/search.ndjson?q=%22unclosed&mode=ADVANCED", graph.CodeBadQuery, ""},
		{"/export/search.csv?q=nosuchfield:nato&mode=ADVANCED", graph.CodeBadQuery, ""},
		{"/export/agreements.csv?q=nato", graph.CodeBadUserInput, "q"},
		{"/export/agreements.csv?kind=BILATERAL&kind=MULTILATERAL", graph.CodeBadUserInput, "kind"},
		{"/export/agreements.csv?signedFrom=2001-02-29", graph.CodeBadUserInput, "signedFrom"},
		{"/export/agreements.csv?signedFrom=2000&signedTo=1990", graph.CodeBadUserInput, "signedFrom"},
		{"/export/agreements.csv?organization=agreement:nato", graph.CodeBadUserInput, "organization"},
		{"/export/agreements.csv?rows=country", graph.CodeBadUserInput, "rows"},
		{"/export/agreements.ndjson?activeOn=yesterday", graph.CodeBadUserInput, "activeOn"},
		{"/export/agreements.csv?party=%zz", graph.CodeBadRequest, ""},
	} {
		resp, body := testserver.Get(t, srv, tc.path)
		var out struct {
			Errors []struct {
				Message    string
				Extensions map[string]any
			}
			Data any
		}
		if err := json.Unmarshal(body, &out); err != nil || len(out.Errors) != 1 {
			t.Errorf("%s: body %s is not one GraphQL error (%v)", tc.path, body, err)
			continue
		}
		e := out.Errors[0]
		if resp.StatusCode != http.StatusBadRequest || e.Extensions["code"] != tc.code || resp.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%.80s: %d %v %q; want 400 %s", tc.path, resp.StatusCode, e.Extensions, e.Message, tc.code)
		}
		if tc.argument != "" && e.Extensions["argument"] != tc.argument {
			t.Errorf("%.80s: argument %v; want %q (%s)", tc.path, e.Extensions["argument"], tc.argument, e.Message)
		}
		if !strings.HasPrefix(e.Message, tc.argument) || len(e.Message) > 300 {
			t.Errorf("%.80s: message %q; want it to start with the parameter and be short", tc.path, e.Message)
		}
	}
}

// TestExportGuards: the method, readiness and HEAD.
func TestExportGuards(t *testing.T) {
	builtin, _ := exportStates(t)
	srv := exportServer(t, builtin)
	resp, err := http.Post(srv.URL+"/export/search.csv?q=nato", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("POST: %d Allow %q; want 405 and GET, HEAD", resp.StatusCode, resp.Header.Get("Allow"))
	}

	resp, err = http.Head(srv.URL + "/export/agreements.csv?party=USA")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || len(body) != 0 || resp.Header.Get("X-Total-Count") == "" {
		t.Errorf("HEAD: %d, %d bytes, X-Total-Count %q", resp.StatusCode, len(body), resp.Header.Get("X-Total-Count"))
	}

	loading := httptest.NewServer(api.NewHandler(api.Options{}))
	defer loading.Close()
	for _, path := range []string{"/export/search.csv?q=nato", "/export/agreements.ndjson"} {
		resp, body := testserver.Get(t, loading, path)
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), graph.CodeUnavailable) {
			t.Errorf("%s while loading: %d %s", path, resp.StatusCode, body)
		}
	}
}

// TestExportFailsMidStream: once rows flow the status is sent; an export
// that fails then (here: its deadline passes after two pages) ends an NDJSON
// body with an error line and cuts a CSV body, so that it cannot pass for a
// whole one; both are logged.
func TestExportFailsMidStream(t *testing.T) {
	logs := &testserver.Buffer{}
	srv := api.ExporterServer(t, testserver.Builtin(t), api.Options{}, api.ExporterSettings{
		PageSize: 5,
		AfterPage: func(page int) error {
			if page == 1 {
				return fmt.Errorf("page 3: %w", context.DeadlineExceeded)
			}
			return nil
		},
	}, logs)

	resp, err := http.Get(srv.URL + "/export/search.ndjson?q=security")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("NDJSON: %d, %v", resp.StatusCode, err)
	}
	lines := strings.Split(strings.TrimSuffix(string(body), "\n"), "\n")
	if len(lines) != 11 {
		t.Fatalf("NDJSON has %d lines; want two pages of 5 and the error line:\n%s", len(lines), body)
	}
	var last struct {
		Error struct {
			Message    string
			Extensions struct{ Code string }
		}
	}
	if err := json.Unmarshal([]byte(lines[10]), &last); err != nil || last.Error.Extensions.Code != graph.CodeTimeout || last.Error.Message == "" {
		t.Errorf("last NDJSON line = %s; want {\"error\": {..., \"extensions\": {\"code\": %q}}}", lines[10], graph.CodeTimeout)
	}

	resp, err = http.Get(srv.URL + "/export/search.csv?q=security")
	if err != nil {
		t.Fatal(err)
	}
	body, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || err == nil {
		t.Errorf("CSV: %d, read error %v; want 200 and a body cut short", resp.StatusCode, err)
	}
	if rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll(); err != nil || len(rows) != 11 {
		t.Errorf("the CSV before the cut has %d records (%v); want the header and two pages of 5", len(rows), err)
	}
	for deadline := time.Now().Add(2 * time.Second); strings.Count(logs.String(), "export failed after streaming began") < 2; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the failures were not logged:\n%s", logs)
		}
	}
	if !strings.Contains(logs.String(), `"code":"TIMEOUT"`) || !strings.Contains(logs.String(), `"rows":10`) {
		t.Errorf("log lines lack the code or the rows written:\n%s", logs)
	}
}

// TestExportBusy: an export takes a slot for heavy operations; when none
// frees up in time the next one gets 503 with Retry-After.
func TestExportBusy(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{}, 1)
	srv := api.ExporterServer(t, testserver.Builtin(t), api.Options{MaxHeavy: 1, QueueWait: 50 * time.Millisecond}, api.ExporterSettings{
		AfterPage: func(int) error {
			select {
			case entered <- struct{}{}:
				<-release
			default:
			}
			return nil
		},
	}, io.Discard)
	done := make(chan int)
	go func() {
		resp, err := http.Get(srv.URL + "/export/search.csv?q=security")
		if err != nil {
			done <- 0
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	<-entered
	resp, body := testserver.Get(t, srv, "/export/search.csv?q=nato")
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), graph.CodeUnavailable) {
		t.Errorf("an export while the only slot is taken: %d %s; want 503", resp.StatusCode, body)
	}
	close(release)
	if status := <-done; status != http.StatusOK {
		t.Errorf("the first export ended with %d", status)
	}
	if resp, _ := testserver.Get(t, srv, "/export/search.csv?q=nato"); resp.StatusCode != http.StatusOK {
		t.Errorf("an export after the slot freed up: %d", resp.StatusCode)
	}
}
