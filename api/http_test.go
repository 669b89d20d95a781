package api_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"pactgraph/api"
	"pactgraph/graph"
	"pactgraph/internal/testserver"
)

func TestGETQuery(t *testing.T) {
	srv := newServer(t)
	q := url.Values{"query": {`{ agreement(id: "anzus") { name } }`}}
	resp, err := http.Get(srv.URL + "/graphql?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Security Treaty between Australia") {
		t.Fatalf("GET /graphql = %d %s; want 200 with the ANZUS name", resp.StatusCode, body)
	}
}

func TestEndpoints(t *testing.T) {
	srv := newServer(t)
	for _, tc := range []struct {
		path     string
		status   int
		contains string
	}{
		{"/healthz", 200, "ok"},
		{"/readyz", 200, "ready"},
		{"/schema.graphql", 200, "union SearchResult = Passage | Agreement"},
		{"/", 200, "<html"},
		{"/nowhere", 404, ""},
	} {
		resp, err := http.Get(srv.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.Contains(string(body), tc.contains) {
			t.Errorf("GET %s = %d %.80q; want %d containing %q", tc.path, resp.StatusCode, body, tc.status, tc.contains)
		}
	}
}

func TestNotReady(t *testing.T) {
	srv := httptest.NewServer(api.NewHandler(api.Options{Snapshots: api.NewSnapshots(nil)}))
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz while loading = %d; want 503", resp.StatusCode)
	}
	resp, err = http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(`{"query":"{corpus{version}}"}`))
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Errors []struct{ Extensions map[string]any }
	}
	json.NewDecoder(resp.Body).Decode(&out)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" ||
		len(out.Errors) != 1 || out.Errors[0].Extensions["code"] != graph.CodeUnavailable {
		t.Errorf("/graphql while loading = %d %+v; want 503 SERVICE_UNAVAILABLE with Retry-After", resp.StatusCode, out)
	}
}

func TestBodyTooLarge(t *testing.T) {
	srv := newServer(t)
	big := `{"query":"{ corpus { version } }","variables":{"pad":"` + strings.Repeat("x", 200<<10) + `"}}`
	for _, chunked := range []bool{false, true} {
		var body io.Reader = strings.NewReader(big)
		if chunked {
			body = io.MultiReader(strings.NewReader(big)) // no length: sent chunked
		}
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", body)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(raw), api.CodePayloadTooLarge) {
			t.Errorf("200 KiB body (chunked %v) = %d %.200s; want 413 PAYLOAD_TOO_LARGE", chunked, resp.StatusCode, raw)
		}
	}
}

// TestSearchPagesVisitEveryHitOnce walks a search page by page and checks
// the pages add up to the same ranked list as one big page.
func TestSearchPagesVisitEveryHitOnce(t *testing.T) {
	srv := newServer(t)
	const q = `query ($after: String, $first: Int) {
	  search(query: "multilateral security", first: $first, after: $after, highlight: false) {
	    totalCount edges { cursor node { ... on Node { id } } } pageInfo { hasNextPage endCursor }
	  }
	}`
	ids := func(resp map[string]any) ([]string, map[string]any) {
		s := resp["data"].(map[string]any)["search"].(map[string]any)
		var out []string
		for _, e := range s["edges"].([]any) {
			out = append(out, e.(map[string]any)["node"].(map[string]any)["id"].(string))
		}
		return out, s["pageInfo"].(map[string]any)
	}
	_, all := testserver.Post(t, srv, q, map[string]any{"first": 100})
	want, _ := ids(all)
	if len(want) < 20 {
		t.Fatalf("search found %d hits; the test needs at least 20", len(want))
	}
	var got []string
	var after any
	for page := 0; page < 50; page++ {
		_, resp := testserver.Post(t, srv, q, map[string]any{"first": 7, "after": after})
		if resp["errors"] != nil {
			t.Fatalf("page %d: %v", page, resp["errors"])
		}
		batch, info := ids(resp)
		got = append(got, batch...)
		if info["hasNextPage"] != true {
			break
		}
		after = info["endCursor"]
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("pages of 7 = %v\nwant one page = %v", got, want)
	}
}

func TestAgreementPages(t *testing.T) {
	srv := newServer(t)
	const q = `query ($after: String) { agreements(first: 10, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`
	seen := map[string]bool{}
	var after any
	total := 0
	for page := 0; page < 20; page++ {
		_, resp := testserver.Post(t, srv, q, map[string]any{"after": after})
		conn := resp["data"].(map[string]any)["agreements"].(map[string]any)
		total = int(conn["totalCount"].(float64))
		for _, e := range conn["edges"].([]any) {
			id := e.(map[string]any)["node"].(map[string]any)["id"].(string)
			if seen[id] {
				t.Fatalf("agreement %s appears on two pages", id)
			}
			seen[id] = true
		}
		info := conn["pageInfo"].(map[string]any)
		if info["hasNextPage"] != true {
			break
		}
		after = info["endCursor"]
	}
	if len(seen) != total || total < 40 {
		t.Errorf("paged through %d agreements; totalCount %d (want ≥ 40 and equal)", len(seen), total)
	}
}

// TestNestedJoinsDoNotMultiplyLookups: 50 hits with agreement → parties →
// organizations joins cost the same index look-ups as the bare search.
func TestNestedJoinsDoNotMultiplyLookups(t *testing.T) {
	srv := newServer(t)
	const bare = `{ search(query: "agreements", first: 50) { edges { node { ... on Node { id } } } } }`
	const nested = `{ search(query: "agreements", first: 50) { edges { node {
	  ... on Passage { id document { title } agreements { id parties { country { code organizations { id } } } organizations { id members { country { code } } } } organizations { id foundingAgreements { id } } countries { agreements { id } } }
	  ... on Agreement { id parties { country { code agreements { id organizations { id } } } } organizations { id agreements { id } } }
	  ... on Organization { id members { country { code } } agreements { parties { country { code } } } }
	} } } }`
	lookups := func(q string) (int64, int) {
		before := served.Index.Lookups()
		_, resp := testserver.Post(t, srv, q, nil)
		if resp["errors"] != nil {
			t.Fatalf("errors: %v", resp["errors"])
		}
		edges := resp["data"].(map[string]any)["search"].(map[string]any)["edges"].([]any)
		return served.Index.Lookups() - before, len(edges)
	}
	bareN, hits := lookups(bare)
	nestedN, _ := lookups(nested)
	if hits != 50 {
		t.Fatalf("search returned %d hits; want 50", hits)
	}
	if nestedN != bareN || nestedN > 2 {
		t.Errorf("50 hits with nested joins cost %d index look-ups, the bare search %d; want the same, at most 2", nestedN, bareN)
	}
}

func TestParseErrorCode(t *testing.T) {
	srv := newServer(t)
	resp, err := http.Post(srv.URL+"/graphql", "application/json", bytes.NewReader([]byte(`{"query":"{ search(query: \"nato\" { totalCount } }"}`)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	errs, _ := out["errors"].([]any)
	if len(errs) == 0 || errs[0].(map[string]any)["extensions"].(map[string]any)["code"] != "GRAPHQL_PARSE_FAILED" {
		t.Errorf("parse error response = %v; want GRAPHQL_PARSE_FAILED", out)
	}
}

// TestGzip: a large answer is gzipped for a client that accepts it, and
// decompresses to the same JSON; a small one, or a client that does not
// ask, gets it plain.
func TestGzip(t *testing.T) {
	srv := newServer(t)
	ask := func(query, encoding string) (*http.Response, []byte) {
		body, _ := json.Marshal(map[string]string{"query": query})
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if encoding != "" {
			req.Header.Set("Accept-Encoding", encoding) // set by hand: the client does not decompress
		}
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp, raw
	}
	const big = `{ agreements(first: 50) { edges { node { id name summary } } } }`
	resp, raw := ask(big, "gzip, deflate")
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("large answer with Accept-Encoding: gzip came back %q", resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	var out map[string]any
	if err := json.Unmarshal(plain, &out); err != nil || out["data"] == nil {
		t.Fatalf("gzipped answer does not decompress to the JSON answer: %v %.100s", err, plain)
	}
	if resp, _ := ask(big, ""); resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("answer to a client that did not ask was %q", resp.Header.Get("Content-Encoding"))
	}
	if resp, _ := ask(`{ corpus { version } }`, "gzip"); resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("small answer was compressed")
	}
	// Answers compressed at once, by writers used before, each decompress
	// to the plain answer to the same query.
	var wg sync.WaitGroup
	for n := 20; n < 40; n++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := fmt.Sprintf(`{ agreements(first: %d) { edges { node { id name summary } } } }`, n)
			_, zipped := ask(q, "gzip")
			_, want := ask(q, "")
			zr, err := gzip.NewReader(bytes.NewReader(zipped))
			if err != nil {
				t.Errorf("first %d: %v", n, err)
				return
			}
			if got, _ := io.ReadAll(zr); !bytes.Equal(got, want) {
				t.Errorf("first %d: the gzipped answer decompresses to %.80s…; want %.80s…", n, got, want)
			}
		}()
	}
	wg.Wait()
}

// TestCORS: a configured origin gets CORS headers on preflight and on the
// answer; another origin gets none.
func TestCORS(t *testing.T) {
	srv := httptest.NewServer(api.NewHandler(api.Options{
		Snapshots: api.NewSnapshots(served), CORSOrigins: []string{"https://app.example.org"},
	}))
	defer srv.Close()
	preflight := func(origin string) *http.Response {
		req, _ := http.NewRequest(http.MethodOptions, srv.URL+"/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "content-type")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := preflight("https://app.example.org"); resp.Header.Get("Access-Control-Allow-Origin") != "https://app.example.org" ||
		!strings.Contains(resp.Header.Get("Access-Control-Allow-Methods"), "POST") {
		t.Errorf("preflight from the allowed origin = %d %v; want CORS headers", resp.StatusCode, resp.Header)
	}
	if resp := preflight("https://evil.example"); resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("preflight from another origin got Access-Control-Allow-Origin %q", resp.Header.Get("Access-Control-Allow-Origin"))
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(`{"query":"{ corpus { documents } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "https://app.example.org")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Access-Control-Allow-Origin") != "https://app.example.org" {
		t.Errorf("POST from the allowed origin = %d, Allow-Origin %q", resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
	}
}

// TestMetrics: /metrics speaks the Prometheus text format and counts
// requests by route and status, operations by name and outcome, searches,
// index records and the Go runtime.
func TestMetrics(t *testing.T) {
	srv := newServer(t)
	testserver.Post(t, srv, `query Lookup { corpus { documents } }`, nil)
	testserver.Post(t, srv, `query Find { search(query: "nato") { totalCount } }`, nil)
	testserver.Post(t, srv, `query Broken { search(query: "") { totalCount } }`, nil)
	for _, path := range []string{"/export/search.csv?q=nato", "/no/such/page", "/no/other/page"} {
		r, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(r.Body)
		r.Body.Close()
		if want := map[bool]int{true: 200, false: 404}[strings.HasPrefix(path, "/export/")]; r.StatusCode != want {
			t.Errorf("GET %s = %d; want %d: %.300s", path, r.StatusCode, want, body)
		}
	}
	resp, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	text := string(raw)
	for _, want := range []string{
		`pactgraph_http_requests_total{code="200",route="/graphql"}`,
		`pactgraph_http_requests_total{code="200",route="/export/search.csv"}`,
		`pactgraph_http_requests_total{code="404",route="other"}`,
		`pactgraph_graphql_operations_total{operation="Lookup",outcome="ok"} 1`,
		`pactgraph_graphql_operations_total{operation="Broken",outcome="error"} 1`,
		`pactgraph_search_duration_seconds_count`,
		`pactgraph_index_documents 353`,
		`go_goroutines`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

// TestRequestLog: every request ends with one JSON line naming its method,
// path, status, duration, request id (the client's, when it sends a plain
// one) and, for GraphQL, the operation.
func TestRequestLog(t *testing.T) {
	log := &testserver.Buffer{}
	srv := httptest.NewServer(api.NewHandler(api.Options{
		Snapshots: api.NewSnapshots(served), Logger: slog.New(slog.NewJSONHandler(log, nil)),
	}))
	t.Cleanup(srv.Close)
	body := `{"query":"query Find { search(query: \"nato\", first: 1) { totalCount } }","operationName":"Find"}`
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Request-Id", "abc-123")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("X-Request-Id"); got != "abc-123" {
		t.Errorf("X-Request-Id = %q; want the client's abc-123", got)
	}
	if r, err := http.Get(srv.URL + "/healthz"); err == nil {
		r.Body.Close()
	}
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(log.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", l)
		}
		if m["msg"] == "request" {
			lines = append(lines, m)
		}
	}
	if len(lines) != 2 {
		t.Fatalf("%d request lines; want 2: %s", len(lines), log.String())
	}
	g := lines[0]
	if g["method"] != "POST" || g["path"] != "/graphql" || g["status"] != float64(200) || g["request_id"] != "abc-123" || g["operation"] != "Find" {
		t.Errorf("GraphQL request line = %v", g)
	}
	if _, ok := g["duration_ms"].(float64); !ok {
		t.Errorf("GraphQL request line has no duration_ms: %v", g)
	}
	h := lines[1]
	if h["path"] != "/healthz" || h["operation"] != nil || h["request_id"] == "" {
		t.Errorf("health request line = %v; want a path, a new request id and no operation", h)
	}
}

// TestCountsComeWithTheHits: a search of several words counts its whole
// result, the records with only some of the words too, in the look-up
// that ranks the page: reading completeCount costs no look-up more, and
// the hits are the same.
func TestCountsComeWithTheHits(t *testing.T) {
	srv := newServer(t)
	const edgesOnly = `{ search(query: "security agreements", first: 3) { totalCount edges { partial node { ... on Node { id } } } pageInfo { hasNextPage } } }`
	const withTotal = `{ search(query: "security agreements", first: 3) { totalCount completeCount edges { partial node { ... on Node { id } } } pageInfo { hasNextPage } } }`
	const everyHit = `{ search(query: "security agreements", first: 100) { edges { partial } } }`
	run := func(q string) (int64, map[string]any) {
		before := served.Index.Lookups()
		_, resp := testserver.Post(t, srv, q, nil)
		if resp["errors"] != nil {
			t.Fatalf("errors: %v", resp["errors"])
		}
		return served.Index.Lookups() - before, resp["data"].(map[string]any)["search"].(map[string]any)
	}
	n, bare := run(edgesOnly)
	m, counted := run(withTotal)
	if m != n {
		t.Errorf("look-ups: %d without completeCount, %d with it; want the same", n, m)
	}
	_, all := run(everyHit)
	complete := 0
	for _, e := range all["edges"].([]any) {
		if e.(map[string]any)["partial"] == false {
			complete++
		}
	}
	if got, _ := counted["completeCount"].(float64); int(got) != complete || complete <= 3 {
		t.Errorf("completeCount = %v; want %d, the complete hits of the whole result (more than the page)", counted["completeCount"], complete)
	}
	if total, _ := counted["totalCount"].(float64); total <= 3 {
		t.Errorf("totalCount = %v; want the whole result, more than the page", counted["totalCount"])
	}
	b, _ := json.Marshal(bare["edges"])
	c, _ := json.Marshal(counted["edges"])
	if !bytes.Equal(b, c) || fmt.Sprint(bare["pageInfo"]) != fmt.Sprint(counted["pageInfo"]) {
		t.Errorf("hits differ with and without the count:\n%s\n%s", b, c)
	}
}
