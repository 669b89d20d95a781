package web

// Browser tests: the pages in headless Chromium against a real server (the
// API handler over the embedded corpus, with these pages mounted), with
// every request to a host other than 127.0.0.1 refused and recorded.
//
// Chromium is /usr/bin/chromium (PACTGRAPH_CHROMIUM overrides it). Without
// it the tests skip, unless PACTGRAPH_BROWSER_TESTS=require, which CI sets:
// then they fail. Screenshots go to PACTGRAPH_ARTIFACTS, by default
// <repo>/.artifacts/screenshots.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"pactgraph/api"
	"pactgraph/internal/testserver"
)

var (
	browserOnce   sync.Once
	browserCtx    context.Context
	browserErr    error
	browserCancel []context.CancelFunc
	browserDir    string
)

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(browserCancel) - 1; i >= 0; i-- {
		browserCancel[i]()
	}
	if browserDir != "" {
		// Chromium's children can write into the profile for a moment
		// after it stops.
		for range 50 {
			if os.RemoveAll(browserDir) == nil {
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	os.Exit(code)
}

func browserRequired() bool { return os.Getenv("PACTGRAPH_BROWSER_TESTS") == "require" }

func chromiumPath() string {
	if p := os.Getenv("PACTGRAPH_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// needBrowser starts the one browser the package's tests share, or skips
// (fails, when browser tests are required) without it.
func needBrowser(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath()); err != nil {
		if browserRequired() {
			t.Fatalf("PACTGRAPH_BROWSER_TESTS=require but %s is missing: install Debian's chromium", chromiumPath())
		}
		t.Skipf("%s not found: browser tests skipped (apt-get install chromium; PACTGRAPH_BROWSER_TESTS=require makes this a failure)", chromiumPath())
	}
	browserOnce.Do(func() {
		browserDir, browserErr = os.MkdirTemp("", "pactgraph-chromium-")
		if browserErr != nil {
			return
		}
		opts := []chromedp.ExecAllocatorOption{
			chromedp.ExecPath(chromiumPath()),
			chromedp.Headless,
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.NoDefaultBrowserCheck,
			chromedp.UserDataDir(browserDir),
			chromedp.WindowSize(1280, 900),
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-extensions", true),
			chromedp.Flag("disable-default-apps", true),
			chromedp.Flag("disable-dev-shm-usage", true),
			chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter"),
			chromedp.Flag("metrics-recording-only", true),
			chromedp.Flag("password-store", "basic"),
			chromedp.Flag("use-mock-keychain", true),
			chromedp.Flag("force-color-profile", "srgb"),
			chromedp.Flag("lang", "en-US"),
			// Every name but 127.0.0.1 resolves to nothing.
			chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"),
		}
		allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancelBrowser := chromedp.NewContext(allocCtx)
		browserCancel = append(browserCancel, cancelAlloc, cancelBrowser)
		// The first run starts the browser; it must have no deadline,
		// which would end the browser with it.
		browserErr = chromedp.Do(ctx)
		browserCtx = ctx
	})
	if browserErr != nil {
		t.Fatalf("starting %s: %v", chromiumPath(), browserErr)
	}
}

// site serves the API over the embedded corpus with the pages mounted, as
// serve.go does.
func site(t *testing.T, pages http.Handler) *httptest.Server {
	t.Helper()
	state := testserver.Builtin(t)
	srv := httptest.NewServer(api.NewHandler(api.Options{
		Snapshots:     api.NewSnapshots(state),
		Introspection: true,
		Pages:         pages,
	}))
	t.Cleanup(srv.Close)
	return srv
}

// gql runs a GraphQL query against the test server, for the answers the
// page must show.
func gql(t *testing.T, srv *httptest.Server, query string, vars map[string]any) map[string]any {
	t.Helper()
	raw, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	resp, err := http.Post(srv.URL+"/graphql", "application/json", bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// tab is one browser tab with the network guard: requests to 127.0.0.1
// continue, every other one fails and is recorded, and so are script
// exceptions and console errors.
type tab struct {
	t   *testing.T
	ctx context.Context

	mu       sync.Mutex
	blocked  []string
	problems []string
}

func newTab(t *testing.T) *tab {
	t.Helper()
	needBrowser(t)
	ctx, cancelTimeout := context.WithTimeout(browserCtx, 90*time.Second)
	ctx, cancelTab := chromedp.NewContext(ctx)
	tb := &tab{t: t, ctx: ctx}
	t.Cleanup(func() {
		cancelTab()
		cancelTimeout()
		tb.mu.Lock()
		defer tb.mu.Unlock()
		for _, u := range tb.blocked {
			t.Errorf("the page tried to reach the network: %s", u)
		}
		for _, p := range tb.problems {
			t.Errorf("browser: %s", p)
		}
	})

	paused := chromedp.Events(ctx, fetch.RequestPaused)
	exceptions := chromedp.Events(ctx, runtime.ExceptionThrown)
	console := chromedp.Events(ctx, runtime.ConsoleAPICalled)
	entries := chromedp.Events(ctx, log.EntryAdded)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			u, perr := url.Parse(ev.Request.URL)
			if perr == nil && u.Hostname() == "127.0.0.1" {
				chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
				continue
			}
			tb.mu.Lock()
			tb.blocked = append(tb.blocked, ev.Request.URL)
			tb.mu.Unlock()
			chromedp.Call(ctx, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
		}
	}()
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			tb.problem("exception: " + (&chromedp.ExceptionError{ExceptionDetails: ev.ExceptionDetails}).Error())
		}
	}()
	go func() {
		for ev, err := range console {
			if err != nil {
				return
			}
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				tb.problem("console." + string(ev.Type) + ": " + strings.Join(args, " "))
			}
		}
	}()
	go func() {
		for ev, err := range entries {
			if err != nil {
				return
			}
			if e := ev.Entry; e.Level == log.EntryLevelError {
				tb.problem(fmt.Sprintf("%s error: %s %s", e.Source, e.Text, e.URL))
			}
		}
	}()
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	if _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return tb
}

func (tb *tab) problem(s string) {
	tb.mu.Lock()
	tb.problems = append(tb.problems, s)
	tb.mu.Unlock()
}

// allow drops recorded problems that a test caused on purpose.
func (tb *tab) allow(substr string) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	kept := tb.problems[:0]
	for _, p := range tb.problems {
		if !strings.Contains(p, substr) {
			kept = append(kept, p)
		}
	}
	tb.problems = kept
}

func (tb *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, steps...); err != nil {
		tb.shot("failed-" + slug(tb.t.Name()))
		tb.t.Fatalf("%s: %v", what, err)
	}
}

// waitFor waits until the JavaScript expression is true.
func (tb *tab) waitFor(what, expr string) {
	tb.t.Helper()
	if _, err := chromedp.Run(tb.ctx, chromedp.Poll[bool]("!!("+expr+")", chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		tb.shot("failed-" + slug(tb.t.Name()))
		tb.t.Fatalf("waiting for %s (%s): %v", what, expr, err)
	}
}

// eval evaluates the expression and decodes its JSON value into out.
func (tb *tab) eval(expr string, out any) {
	tb.t.Helper()
	raw, err := chromedp.Run(tb.ctx, chromedp.Evaluate[[]byte](expr))
	if err != nil {
		tb.t.Fatalf("evaluating %s: %v", expr, err)
	}
	if err := json.Unmarshal(raw, out); err != nil {
		tb.t.Fatalf("evaluating %s: %v (%s)", expr, err, raw)
	}
}

func (tb *tab) str(expr string) string {
	tb.t.Helper()
	var s string
	tb.eval(expr, &s)
	return s
}

// shot saves a full-page screenshot into the artifacts directory.
func (tb *tab) shot(name string) {
	tb.t.Helper()
	dir := os.Getenv("PACTGRAPH_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", ".artifacts", "screenshots")
	}
	dir, _ = filepath.Abs(dir)
	png, err := chromedp.Run(tb.ctx, fullPage)
	if err != nil {
		tb.t.Logf("screenshot %s: %v", name, err)
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.t.Logf("screenshot %s: %v", name, err)
		return
	}
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		tb.t.Logf("screenshot %s: %v", name, err)
		return
	}
	tb.t.Logf("screenshot: %s", p)
}

// fullPage captures the whole page, beyond the viewport, as a PNG.
func fullPage(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
	m, err := cdp.Call(ctx, tg, page.GetLayoutMetrics, cdp.Empty{})
	if err != nil {
		return nil, err
	}
	size := m.CSSContentSize
	r, err := cdp.Call(ctx, tg, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Format:                page.CaptureScreenshotFormatPng,
		CaptureBeyondViewport: &[]bool{true}[0],
		FromSurface:           &[]bool{true}[0],
		Clip:                  &page.Viewport{Width: size.Width, Height: size.Height, Scale: 1},
	})
	if err != nil {
		return nil, err
	}
	return r.Data, nil
}

// clearSearchBox empties the search box, as selecting its text and
// deleting it would.
func (tb *tab) clearSearchBox() {
	tb.t.Helper()
	var ok bool
	tb.eval(`(function(){ var q = document.getElementById('q'); q.focus(); q.select(); return document.execCommand('delete') && q.value === ''; })()`, &ok)
	if !ok {
		tb.t.Fatal("could not empty the search box")
	}
}

func slug(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, s)
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestBrowserNetworkGuard: the guard the other tests rely on sees and
// stops a page's request to another host.
func TestBrowserNetworkGuard(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "script-src 'self' https://cdn.example.net")
		fmt.Fprint(w, `<!doctype html><title>guard</title><img id="remote" src="http://example.org/pixel.png"><script src="https://cdn.example.net/lib.js"></script><script>document.title = "inline ran"</script>`)
	}))
	defer srv.Close()
	tb := newTab(t)
	tb.do("open the page", chromedp.Navigate(srv.URL))
	tb.waitFor("the remote image to fail", `document.getElementById('remote').complete && document.getElementById('remote').naturalWidth === 0`)
	deadline := time.Now().Add(5 * time.Second)
	for {
		tb.mu.Lock()
		got := append([]string(nil), tb.blocked...)
		tb.mu.Unlock()
		if len(got) == 2 || time.Now().After(deadline) {
			want := []string{"http://example.org/pixel.png", "https://cdn.example.net/lib.js"}
			if strings.Join(got, " ") != strings.Join(want, " ") && strings.Join(got, " ") != want[1]+" "+want[0] {
				t.Fatalf("blocked %q, want %q", got, want)
			}
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	// A script the page's Content-Security-Policy refuses is recorded
	// too, so a page that breaks its own policy fails its test.
	tb.waitFor("the CSP report", `document.readyState === 'complete'`)
	deadline = time.Now().Add(5 * time.Second)
	for !tb.recorded("Content Security Policy") {
		if time.Now().After(deadline) {
			t.Fatalf("the refused inline script was not recorded: %q", tb.problems)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if title := tb.str(`document.title`); title != "guard" {
		t.Errorf("the inline script ran: title %q", title)
	}
	// The guard did its job; these are not failures of this test.
	tb.mu.Lock()
	tb.blocked = nil
	tb.mu.Unlock()
	tb.allow("Content Security Policy")
	tb.allow("net::ERR_BLOCKED_BY_CLIENT")
	tb.allow("Failed to load resource")
}

func (tb *tab) recorded(substr string) bool {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, p := range tb.problems {
		if strings.Contains(p, substr) {
			return true
		}
	}
	return false
}

// TestBrowserExplorer: the offline explorer boots from this server alone,
// runs its default query, and shows the answer.
func TestBrowserExplorer(t *testing.T) {
	h := Handler().(*handler)
	if !h.explorer.Ready {
		if browserRequired() {
			t.Fatalf("PACTGRAPH_BROWSER_TESTS=require but the offline explorer is not built (%s): run make explorer", h.explorer.Problem)
		}
		t.Skipf("offline explorer not built (%s): run make explorer (or go generate ./web) to test it", h.explorer.Problem)
	}
	srv := site(t, h)
	tb := newTab(t)
	tb.do("open the explorer", chromedp.Navigate(srv.URL+"/"))
	tb.waitFor("GraphiQL to render", `!!document.querySelector('.graphiql-container .graphiql-execute-button')`)
	tb.waitFor("the default query in the editor",
		`(document.querySelector('.graphiql-query-editor .CodeMirror')||{}).CodeMirror && document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.getValue().includes('query SearchWithJoins')`)
	// GraphiQL fetches the schema by introspection; the docs button
	// works once it has it.
	tb.waitFor("the schema", `!document.querySelector('.graphiql-container .graphiql-spinner')`)
	tb.do("run the query", chromedp.Click(chromedp.CSS(".graphiql-execute-button")))
	resultExpr := `(function(){ var cm = document.querySelector('.result-window .CodeMirror'); return cm && cm.CodeMirror ? cm.CodeMirror.getValue() : ''; })()`
	tb.waitFor("the result", resultExpr+`.includes('"totalCount"')`)

	var result struct {
		Data struct {
			Search struct {
				TotalCount int `json:"totalCount"`
				Edges      []struct {
					Highlights []struct{ Fragment string } `json:"highlights"`
					Node       map[string]any              `json:"node"`
				} `json:"edges"`
			} `json:"search"`
		} `json:"data"`
		Errors []any `json:"errors"`
	}
	if err := json.Unmarshal([]byte(tb.str(resultExpr)), &result); err != nil {
		t.Fatalf("the result pane does not hold JSON: %v", err)
	}
	want := gql(t, srv, `{ search(query: "Iran nuclear deal", first: 3) { totalCount edges { node { ... on Node { id } } } } }`, nil)
	wantSearch := want["data"].(map[string]any)["search"].(map[string]any)
	if len(result.Errors) > 0 || result.Data.Search.TotalCount != int(wantSearch["totalCount"].(float64)) {
		t.Fatalf("result pane: errors %v, totalCount %d, API says %v", result.Errors, result.Data.Search.TotalCount, wantSearch["totalCount"])
	}
	wantEdges := wantSearch["edges"].([]any)
	if len(result.Data.Search.Edges) != len(wantEdges) {
		t.Fatalf("result pane has %d hits, API %d", len(result.Data.Search.Edges), len(wantEdges))
	}
	for i, e := range result.Data.Search.Edges {
		if id := wantEdges[i].(map[string]any)["node"].(map[string]any)["id"]; e.Node["id"] != id {
			t.Errorf("hit %d: %v, API %v", i, e.Node["id"], id)
		}
	}
	if !strings.Contains(result.Data.Search.Edges[0].Highlights[0].Fragment, "<mark>") {
		t.Errorf("first hit's highlights: %v", result.Data.Search.Edges[0].Highlights)
	}
	tb.shot("explorer")
}

// TestBrowserSearch walks the search page as a researcher would: type,
// pick from the suggestions with the keyboard, read ranked and highlighted
// hits, filter by a facet, go back and forward, open an entity from a hit.
func TestBrowserSearch(t *testing.T) {
	srv := site(t, Handler())
	tb := newTab(t)
	tb.do("open /search", chromedp.Navigate(srv.URL+"/search"))
	tb.waitFor("the welcome view", `!!document.querySelector('.welcome .welcome-cols h2')`)

	// Suggestions as one types, the same as the API's, in order.
	tb.do("type a prefix", chromedp.SendKeys(chromedp.ID("q"), "nucl"))
	tb.waitFor("suggestions", `document.querySelectorAll('#suggestions:not([hidden]) [role=option]').length > 0`)
	var shown []string
	tb.eval(`Array.from(document.querySelectorAll('#suggestions [role=option] .suggestion-text')).map(function(e){return e.textContent})`, &shown)
	var wantSuggest []string
	for _, s := range gql(t, srv, `query($p: String!) { suggest(prefix: $p, first: 8) { text } }`, map[string]any{"p": "nucl"})["data"].(map[string]any)["suggest"].([]any) {
		wantSuggest = append(wantSuggest, s.(map[string]any)["text"].(string))
	}
	if !reflect.DeepEqual(shown, wantSuggest) {
		t.Fatalf("suggestions %q, API %q", shown, wantSuggest)
	}
	if got := tb.str(`document.getElementById('q').getAttribute('aria-expanded')`); got != "true" {
		t.Errorf("aria-expanded %q with the list open", got)
	}

	// The keyboard moves through the list; Escape closes it.
	tb.do("arrow down twice", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown))
	if len(wantSuggest) > 1 {
		if got := tb.str(`document.getElementById('q').getAttribute('aria-activedescendant')`); got != "suggestion-1" {
			t.Errorf("aria-activedescendant %q after two ArrowDowns", got)
		}
		if got := tb.str(`document.getElementById('suggestion-1').getAttribute('aria-selected')`); got != "true" {
			t.Errorf("second option aria-selected %q", got)
		}
	}
	tb.do("arrow up", chromedp.KeyEvent(kb.ArrowUp))
	tb.do("escape", chromedp.KeyEvent(kb.Escape))
	tb.waitFor("the list to close", `document.getElementById('suggestions').hidden && document.getElementById('q').getAttribute('aria-expanded') === 'false'`)

	// Enter on a chosen suggestion searches for it.
	tb.do("reopen and choose the first", chromedp.SendKeys(chromedp.ID("q"), "e"))
	tb.waitFor("suggestions for nucle", `document.querySelectorAll('#suggestions:not([hidden]) [role=option]').length > 0`)
	first := tb.str(`document.querySelector('#suggestion-0 .suggestion-text').textContent`)
	tb.do("choose it", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter))
	tb.waitFor("the search for the suggestion", `new URLSearchParams(location.search).get('q') === `+jsString(first)+` && document.querySelectorAll('.hit').length > 0`)

	// A typed search: submit with Enter.
	tb.clearSearchBox()
	tb.do("type a new search", chromedp.SendKeys(chromedp.ID("q"), "nuclear"), chromedp.KeyEvent(kb.Enter))
	tb.waitFor("the results for nuclear", `location.search === '?q=nuclear' && document.querySelectorAll('.hit').length > 0 && !document.querySelector('.results.is-loading')`)
	checkHits(t, tb, srv, "nuclear", nil)
	var marks int
	tb.eval(`document.querySelectorAll('.hit mark').length`, &marks)
	if marks == 0 {
		t.Error("no <mark> in the hits")
	}
	tb.shot("search-results")

	// A facet value filters; the other facets' counts follow.
	before := facetCounts(tb, "type")
	tb.do("click the Bilateral facet", chromedp.Click(chromedp.CSS(`input[data-param="kind"][value="BILATERAL"]`)))
	tb.waitFor("the filtered results", `location.search === '?q=nuclear&kind=BILATERAL' && !document.querySelector('.results.is-loading') && document.querySelector('input[data-param="kind"][value="BILATERAL"]').checked`)
	checkHits(t, tb, srv, "nuclear", map[string]any{"kinds": []string{"BILATERAL"}})
	after := facetCounts(tb, "type")
	if reflect.DeepEqual(before, after) {
		t.Errorf("record type counts did not change with the filter: %v", after)
	}
	wantAfter := apiFacet(t, srv, "nuclear", map[string]any{"kinds": []string{"BILATERAL"}}, "TYPE")
	if !reflect.DeepEqual(after, wantAfter) {
		t.Errorf("record type counts %v, API %v", after, wantAfter)
	}
	// The selected facet keeps the counts of its other values (what
	// adding one would give), so a second kind can be added.
	if multi := facetCounts(tb, "kind"); multi["MULTILATERAL"] == 0 {
		t.Errorf("kind facet after selecting Bilateral: %v", multi)
	}
	if chip := tb.str(`(document.querySelector('.chips .chip')||{}).textContent||''`); !strings.Contains(chip, "Bilateral") {
		t.Errorf("active filter chip %q", chip)
	}
	tb.shot("search-facet")

	// Back and forward restore both states.
	tb.do("back", chromedp.NavigateBack())
	tb.waitFor("the unfiltered results", `location.search === '?q=nuclear' && !document.querySelector('input[data-param="kind"][value="BILATERAL"]').checked`)
	checkHits(t, tb, srv, "nuclear", nil)
	tb.do("forward", chromedp.NavigateForward())
	tb.waitFor("the filtered results again", `location.search === '?q=nuclear&kind=BILATERAL' && document.querySelector('input[data-param="kind"][value="BILATERAL"]').checked`)
	checkHits(t, tb, srv, "nuclear", map[string]any{"kinds": []string{"BILATERAL"}})

	// From a hit to the entity it mentions: facts, sources, passages.
	tb.clearSearchBox()
	tb.do("search for the Iran nuclear deal", chromedp.SendKeys(chromedp.ID("q"), "Iran nuclear deal"), chromedp.Click(chromedp.CSS(`#search-form button[type=submit]`)))
	tb.waitFor("the results", `new URLSearchParams(location.search).get('q') === 'Iran nuclear deal' && location.search.indexOf('kind=') < 0 && document.querySelector('.hit[data-type="Passage"] .joins a[href="/entity/agreement:jcpoa"]')`)
	checkHits(t, tb, srv, "Iran nuclear deal", nil)
	tb.do("open the agreement a passage mentions", chromedp.Click(chromedp.CSS(`.hit[data-type="Passage"] .joins a[href="/entity/agreement:jcpoa"]`)))
	tb.waitFor("the entity page", `location.pathname === '/entity/agreement:jcpoa' && !!document.querySelector('#entity-title') && document.querySelectorAll('.sources a').length > 0`)
	entity := gql(t, srv, `{ agreement(id: "agreement:jcpoa") { name sources { url } mentions { totalCount edges { node { id } } } } }`, nil)["data"].(map[string]any)["agreement"].(map[string]any)
	if got := tb.str(`document.getElementById('entity-title').textContent`); got != entity["name"] {
		t.Errorf("entity title %q, want %q", got, entity["name"])
	}
	var sources, passages []string
	tb.eval(`Array.from(document.querySelectorAll('.sources a')).map(function(a){return a.getAttribute('href')})`, &sources)
	tb.eval(`Array.from(document.querySelectorAll('.passages .passage-link')).map(function(a){return decodeURIComponent(a.getAttribute('href').slice(8))})`, &passages)
	var wantSources, wantPassages []string
	for _, s := range entity["sources"].([]any) {
		wantSources = append(wantSources, s.(map[string]any)["url"].(string))
	}
	for _, e := range entity["mentions"].(map[string]any)["edges"].([]any) {
		wantPassages = append(wantPassages, e.(map[string]any)["node"].(map[string]any)["id"].(string))
	}
	if !reflect.DeepEqual(sources, wantSources) {
		t.Errorf("sources %q, API %q", sources, wantSources)
	}
	if len(wantPassages) == 0 || !reflect.DeepEqual(passages, wantPassages) {
		t.Errorf("passages %q, API %q", passages, wantPassages)
	}
	var named int
	tb.eval(`document.querySelectorAll('.passages .passage-text mark').length`, &named)
	if named == 0 {
		t.Error("the passages do not mark where they name the agreement")
	}
	tb.shot("entity-agreement")

	// The back link returns to the results.
	tb.do("back to the results", chromedp.Click(chromedp.CSS(".back a")))
	tb.waitFor("the results again", `new URLSearchParams(location.search).get('q') === 'Iran nuclear deal' && document.querySelectorAll('.hit').length > 0`)
}

// TestBrowserDeepLink: a shared address restores the search, its filter
// and its results; an entity address opens the entity.
func TestBrowserDeepLink(t *testing.T) {
	srv := site(t, Handler())
	tb := newTab(t)
	tb.do("open a deep link", chromedp.Navigate(srv.URL+"/search?q=nuclear&kind=BILATERAL&mode=simple"))
	tb.waitFor("the results", `document.querySelectorAll('.hit').length > 0`)
	if got := tb.str(`document.getElementById('q').value`); got != "nuclear" {
		t.Errorf("search box %q", got)
	}
	var checked bool
	tb.eval(`document.querySelector('input[data-param="kind"][value="BILATERAL"]').checked`, &checked)
	if !checked {
		t.Error("the Bilateral filter is not checked")
	}
	checkHits(t, tb, srv, "nuclear", map[string]any{"kinds": []string{"BILATERAL"}})
	if got := tb.str(`document.title`); got != "nuclear · pactgraph" {
		t.Errorf("title %q", got)
	}

	// More results appends the next page.
	total := int(gql(t, srv, `{ search(query: "treaty", first: 1) { totalCount } }`, nil)["data"].(map[string]any)["search"].(map[string]any)["totalCount"].(float64))
	tb.do("open a long search", chromedp.Navigate(srv.URL+"/search?q=treaty"))
	tb.waitFor("the first page", `document.querySelectorAll('.hit').length === 10 && !!document.getElementById('more-results')`)
	tb.do("more results", chromedp.Click(chromedp.ID("more-results")))
	tb.waitFor("the second page", fmt.Sprintf(`document.querySelectorAll('.hit').length === %d`, min(total, 20)))
	var ids []string
	tb.eval(`Array.from(document.querySelectorAll('.hit')).map(function(e){return e.dataset.id})`, &ids)
	if want := searchIDs(t, srv, "treaty", nil, 20); !reflect.DeepEqual(ids, want) {
		t.Errorf("two pages %q, API %q", ids, want)
	}

	// The hits with every word, a note, then the hits with only some of
	// them, each with how much of the search it covers.
	complete := gql(t, srv, `{ search(query: "joint military exercises", first: 10) { completeCount } }`, nil)["data"].(map[string]any)["search"].(map[string]any)["completeCount"].(float64)
	tb.do("open a search with partial hits", chromedp.Navigate(srv.URL+"/search?q=joint+military+exercises"))
	tb.waitFor("the tiers", `document.querySelectorAll('.hit').length > 0 && !!document.querySelector('.tier-note')`)
	var before, metersAfter, after int
	tb.eval(`(function(){var n=document.querySelector('.tier-note'),c=0;for(var e=n.previousElementSibling;e;e=e.previousElementSibling)c++;return c})()`, &before)
	tb.eval(`(function(){var n=document.querySelector('.tier-note'),c=0;for(var e=n.nextElementSibling;e;e=e.nextElementSibling)c++;return c})()`, &after)
	tb.eval(`(function(){var n=document.querySelector('.tier-note'),c=0;for(var e=n.nextElementSibling;e;e=e.nextElementSibling)if(e.querySelector('meter'))c++;return c})()`, &metersAfter)
	if before != int(complete) || after == 0 || metersAfter != after {
		t.Errorf("%d hits before the note (completeCount %v), %d after it, %d of them with a relevance meter", before, complete, after, metersAfter)
	}
	var partialIDs []string
	tb.eval(`Array.from(document.querySelectorAll('.hit')).map(function(e){return e.dataset.id})`, &partialIDs)
	if want := searchIDs(t, srv, "joint military exercises", nil, 10); !reflect.DeepEqual(partialIDs, want) {
		t.Errorf("hits %q, API %q", partialIDs, want)
	}
	tb.shot("search-partial")

	tb.do("open an organization", chromedp.Navigate(srv.URL+"/entity/organization:unsc"))
	tb.waitFor("the organization page", `!!document.querySelector('#entity-title') && document.querySelectorAll('table.members tbody tr').length > 0`)
	if got := tb.str(`document.getElementById('entity-title').textContent`); !strings.Contains(got, "United Nations Security Council") {
		t.Errorf("organization title %q", got)
	}
	var members int
	tb.eval(`document.querySelectorAll('table.members tbody tr').length`, &members)
	if want := len(gql(t, srv, `{ organization(id: "organization:unsc") { members { role } } }`, nil)["data"].(map[string]any)["organization"].(map[string]any)["members"].([]any)); members != want {
		t.Errorf("%d member rows, API %d", members, want)
	}

	tb.do("open a passage", chromedp.Navigate(srv.URL+"/entity/passage:security-agreements:49"))
	tb.waitFor("the passage page", `!!document.querySelector('.passage-full') && !!document.querySelector('a[rel=next]')`)
	if got := tb.str(`document.querySelector('a[rel=next]').getAttribute('href')`); got != "/entity/passage:security-agreements:50" {
		t.Errorf("next passage link %q", got)
	}
	tb.shot("entity-passage")

	tb.do("open an unknown id", chromedp.Navigate(srv.URL+"/entity/agreement:no-such-thing"))
	tb.waitFor("the not-found message", `(document.getElementById('entity-title')||{}).textContent === 'Nothing has this id'`)
}

// TestBrowserEntities: every kind of entity page shows its record, and a
// long list of passages pages on.
func TestBrowserEntities(t *testing.T) {
	srv := site(t, Handler())
	tb := newTab(t)
	for _, tc := range []struct{ id, query, section string }{
		{"country:JPN", `{ node(id: "country:JPN") { ... on Country { title: name } } }`, "Agreements"},
		{"trend:cybersecurity", `{ node(id: "trend:cybersecurity") { ... on Trend { title: name } } }`, "Passages that mention it"},
		{"topic:potential-for-imbalance", `{ node(id: "topic:potential-for-imbalance") { ... on Topic { title: name } } }`, "Passages that mention it"},
		{"organization:nato", `{ node(id: "organization:nato") { ... on Organization { title: name } } }`, "Sources"},
		{"document:security-agreements", `{ node(id: "document:security-agreements") { ... on Document { title } } }`, "Passages"},
	} {
		title := gql(t, srv, tc.query, nil)["data"].(map[string]any)["node"].(map[string]any)["title"].(string)
		tb.do("open "+tc.id, chromedp.Navigate(srv.URL+"/entity/"+tc.id))
		tb.waitFor(tc.id, `!!document.getElementById('entity-title') && document.querySelectorAll('.entity-section h2').length > 0`)
		if got := tb.str(`document.getElementById('entity-title').textContent`); !strings.Contains(got, title) {
			t.Errorf("%s: title %q, want %q", tc.id, got, title)
		}
		var sections []string
		tb.eval(`Array.from(document.querySelectorAll('.entity-section h2')).map(function(h){return h.firstChild.textContent})`, &sections)
		found := false
		for _, s := range sections {
			found = found || s == tc.section
		}
		if !found {
			t.Errorf("%s: sections %q lack %q", tc.id, sections, tc.section)
		}
		if tc.id == "organization:nato" {
			tb.shot("entity-organization")
		}
	}

	// The document has more passages than a page: More passages adds
	// the next ones, in order.
	tb.waitFor("the first passages", `document.querySelectorAll('.passages .passage').length === 10 && !!document.getElementById('more-passages')`)
	tb.do("more passages", chromedp.Click(chromedp.ID("more-passages")))
	tb.waitFor("the next passages", `document.querySelectorAll('.passages .passage').length === 20`)
	var ids []string
	tb.eval(`Array.from(document.querySelectorAll('.passages .passage-link')).map(function(a){return decodeURIComponent(a.getAttribute('href').slice(8))})`, &ids)
	for i, id := range ids {
		if want := fmt.Sprintf("passage:security-agreements:%d", i+1); id != want {
			t.Errorf("passage %d is %s, want %s", i, id, want)
			break
		}
	}
}

// TestBrowserErrors: an API error is shown plainly, with its code.
func TestBrowserErrors(t *testing.T) {
	srv := site(t, Handler())
	tb := newTab(t)
	q := "nosuchfield:nato"
	tb.do("open a bad advanced search", chromedp.Navigate(srv.URL+"/search?q="+url.QueryEscape(q)+"&mode=advanced"))
	tb.waitFor("the error", `!!document.querySelector('.error-box[role=alert]')`)
	resp := gql(t, srv, `query($q: String!) { search(query: $q, mode: ADVANCED) { totalCount } }`, map[string]any{"q": q})
	apiErr := resp["errors"].([]any)[0].(map[string]any)
	if code := apiErr["extensions"].(map[string]any)["code"]; code != "BAD_QUERY" {
		t.Fatalf("the API answers %v for %q; the test expects BAD_QUERY", code, q)
	}
	if got := tb.str(`document.querySelector('.error-box .error-message').textContent`); got != apiErr["message"] {
		t.Errorf("error message %q, API %q", got, apiErr["message"])
	}
	if got := tb.str(`document.querySelector('.error-box').textContent`); !strings.Contains(got, "BAD_QUERY") || !strings.Contains(got, "could not be read") {
		t.Errorf("error box %q", got)
	}
	var advanced bool
	tb.eval(`document.getElementById('advanced').checked`, &advanced)
	if !advanced {
		t.Error("the Advanced box is not checked for mode=advanced")
	}
	tb.shot("search-error")
}

// TestBrowserNarrow: on a phone-sized screen the filters fold away, and
// nothing is wider than the screen.
func TestBrowserNarrow(t *testing.T) {
	srv := site(t, Handler())
	tb := newTab(t)
	tb.do("open a search on a narrow screen",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)),
		chromedp.Navigate(srv.URL+"/search?q=Iran%20nuclear%20deal"))
	tb.waitFor("the results", `document.querySelectorAll('.hit').length > 0`)
	var open bool
	tb.eval(`document.querySelector('.facets-details').open`, &open)
	if open {
		t.Error("the filters are open on a narrow screen")
	}
	var width int
	tb.eval(`document.documentElement.scrollWidth`, &width)
	if width > 390 {
		t.Errorf("the page is %dpx wide on a 390px screen", width)
	}
	tb.shot("search-narrow")
	tb.do("open the filters", chromedp.Click(chromedp.CSS(".facets-details > summary")))
	tb.waitFor("the filters", `document.querySelector('.facets-details').open && document.querySelector('.facet input').offsetParent !== null`)
	tb.do("open an entity", chromedp.Navigate(srv.URL+"/entity/agreement:anzus"))
	tb.waitFor("the entity page", `document.querySelectorAll('table.members tbody tr').length > 0`)
	tb.eval(`document.documentElement.scrollWidth`, &width)
	if width > 390 {
		t.Errorf("the entity page is %dpx wide on a 390px screen", width)
	}
	tb.shot("entity-narrow")
}

// checkHits compares the hits on the page, in order, with the API's first
// page for the same search, and the heading with its count.
func checkHits(t *testing.T, tb *tab, srv *httptest.Server, q string, filter map[string]any) {
	t.Helper()
	var ids []string
	tb.eval(`Array.from(document.querySelectorAll('.hit')).map(function(e){return e.dataset.id})`, &ids)
	if want := searchIDs(t, srv, q, filter, 10); !reflect.DeepEqual(ids, want) {
		t.Errorf("hits for %q %v: %q, API %q", q, filter, ids, want)
	}
	total := int(gql(t, srv, `query($q: String!, $f: SearchFilter) { search(query: $q, filter: $f, first: 1) { totalCount } }`,
		map[string]any{"q": q, "f": filter})["data"].(map[string]any)["search"].(map[string]any)["totalCount"].(float64))
	heading := tb.str(`document.getElementById('results-heading').textContent`)
	if want := fmt.Sprintf("%d result", total); !strings.HasPrefix(heading, want) {
		t.Errorf("heading %q, want %q…", heading, want)
	}
}

func searchIDs(t *testing.T, srv *httptest.Server, q string, filter map[string]any, n int) []string {
	t.Helper()
	var ids []string
	after := any(nil)
	for len(ids) < n {
		first := min(10, n-len(ids))
		resp := gql(t, srv, `query($q: String!, $f: SearchFilter, $n: Int!, $after: String) { search(query: $q, filter: $f, first: $n, after: $after) {
			edges { node { ... on Node { id } } } pageInfo { hasNextPage endCursor } } }`,
			map[string]any{"q": q, "f": filter, "n": first, "after": after})
		s := resp["data"].(map[string]any)["search"].(map[string]any)
		for _, e := range s["edges"].([]any) {
			ids = append(ids, e.(map[string]any)["node"].(map[string]any)["id"].(string))
		}
		pi := s["pageInfo"].(map[string]any)
		if !pi["hasNextPage"].(bool) {
			break
		}
		after = pi["endCursor"]
	}
	return ids
}

// facetCounts reads one facet's counts off the page, by value.
func facetCounts(tb *tab, param string) map[string]int {
	tb.t.Helper()
	out := map[string]int{}
	tb.eval(`Object.fromEntries(Array.from(document.querySelectorAll('input[data-param="`+param+`"]')).map(function(i){
		return [i.value, Number(i.closest('label').querySelector('.facet-count').textContent.replace(/,/g, ''))]; }))`, &out)
	return out
}

func apiFacet(t *testing.T, srv *httptest.Server, q string, filter map[string]any, field string) map[string]int {
	t.Helper()
	resp := gql(t, srv, `query($q: String!, $f: SearchFilter, $facets: [FacetField!]) { search(query: $q, filter: $f, facets: $facets, first: 1) { facets { buckets { value count } } } }`,
		map[string]any{"q": q, "f": filter, "facets": []string{field}})
	out := map[string]int{}
	for _, b := range resp["data"].(map[string]any)["search"].(map[string]any)["facets"].([]any)[0].(map[string]any)["buckets"].([]any) {
		out[b.(map[string]any)["value"].(string)] = int(b.(map[string]any)["count"].(float64))
	}
	return out
}
