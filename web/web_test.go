package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// get serves one request through h and returns the response.
func get(t *testing.T, h http.Handler, method, target string, header map[string]string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// embedded returns the embedded pages and static files.
func embedded(t *testing.T) (fs.FS, fs.FS) {
	t.Helper()
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		t.Fatal(err)
	}
	pages, err := fs.Sub(pagesFS, "pages")
	if err != nil {
		t.Fatal(err)
	}
	return pages, static
}

// withoutVendor copies the static files but the vendored explorer, as a
// fresh clone has them before `go generate ./web`.
func withoutVendor(t *testing.T, static fs.FS) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(static, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(name, "vendor/") {
			return err
		}
		data, err := fs.ReadFile(static, name)
		out[name] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// withFakeVendor adds a small, complete vendored explorer with its
// manifest, so that the explorer page can be checked without npm.
func withFakeVendor(t *testing.T, static fs.FS) fstest.MapFS {
	t.Helper()
	out := withoutVendor(t, static)
	files := map[string]string{}
	for _, name := range explorerFiles {
		data := []byte("/* " + name + " */\n")
		out[name] = &fstest.MapFile{Data: data}
		sum := sha256.Sum256(data)
		files[strings.TrimPrefix(name, "vendor/")] = "sha256:" + hex.EncodeToString(sum[:])
	}
	man, _ := json.Marshal(map[string]any{
		"lockfile": "sha256:test",
		"packages": map[string]string{"graphiql": "3.9.0", "react": "18.3.1", "react-dom": "18.3.1"},
		"files":    files,
	})
	out["vendor/manifest.json"] = &fstest.MapFile{Data: man}
	return out
}

func mustHandler(t *testing.T, pages, static fs.FS) *handler {
	t.Helper()
	h, err := newHandler(pages, static)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// TestEmbeddedHandler builds the handler from the files embedded in this
// binary, as Handler does at start-up.
func TestEmbeddedHandler(t *testing.T) {
	h := Handler()
	for _, path := range []string{"/", "/search", "/entity/agreement:jcpoa"} {
		resp := get(t, h, "GET", path, nil)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
			t.Errorf("GET %s: %d %q", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
}

// TestRoutes: the search page and every entity route serve the same
// document; other paths get the 404 page; the pages carry their headers.
func TestRoutes(t *testing.T) {
	pages, static := embedded(t)
	h := mustHandler(t, pages, withoutVendor(t, static))

	search := get(t, h, "GET", "/search?q=nato&kind=MULTILATERAL", nil)
	searchBody := body(t, search)
	if search.StatusCode != 200 {
		t.Fatalf("GET /search: %d", search.StatusCode)
	}
	for _, want := range []string{`id="q"`, `role="combobox"`, `role="search"`, `<main id="main"`, `/static/app.js?v=` + h.assets["app.js"].version} {
		if !strings.Contains(searchBody, want) {
			t.Errorf("search page lacks %s", want)
		}
	}
	hdr := search.Header
	if got := hdr.Get("Content-Security-Policy"); !strings.Contains(got, "connect-src 'self'") || !strings.Contains(got, "script-src 'self'") {
		t.Errorf("search page CSP %q", got)
	}
	if hdr.Get("Cache-Control") != "no-cache" || hdr.Get("ETag") == "" || hdr.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("search page headers: %v", hdr)
	}

	for _, path := range []string{"/entity/agreement:jcpoa", "/entity/passage:security-agreements:49", "/entity/country:USA"} {
		resp := get(t, h, "GET", path, nil)
		if b := body(t, resp); resp.StatusCode != 200 || b != searchBody {
			t.Errorf("GET %s: %d, same document as /search: %v", path, resp.StatusCode, b == searchBody)
		}
	}

	for _, path := range []string{"/nope", "/search/", "/entity/", "/static/nope.js", "/static/", "/static/vendor/graphiql.min.js"} {
		resp := get(t, h, "GET", path, nil)
		b := body(t, resp)
		if resp.StatusCode != 404 || !strings.Contains(b, "Page not found") || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
			t.Errorf("GET %s: %d %q, want the 404 page", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	if resp := get(t, h, "HEAD", "/nope", nil); resp.StatusCode != 404 || body(t, resp) != "" {
		t.Errorf("HEAD /nope: %d with a body", resp.StatusCode)
	}

	if resp := get(t, h, "POST", "/search", nil); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /search: %d, want 405", resp.StatusCode)
	}

	// An unchanged page costs a 304.
	resp := get(t, h, "GET", "/search", map[string]string{"If-None-Match": hdr.Get("ETag")})
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("GET /search with its ETag: %d, want 304", resp.StatusCode)
	}
}

// TestLinkedAssets: every file a page links is served with its type, and
// the versioned link may be cached for good.
func TestLinkedAssets(t *testing.T) {
	pages, static := embedded(t)
	h := mustHandler(t, pages, withFakeVendor(t, static))
	link := regexp.MustCompile(`(?:src|href)="(/static/[^"?]+)\?v=([0-9a-f]+)"`)
	seen := 0
	for _, page := range []string{"/", "/search", "/nope"} {
		for _, m := range link.FindAllStringSubmatch(body(t, get(t, h, "GET", page, nil)), -1) {
			seen++
			resp := get(t, h, "GET", m[1]+"?v="+m[2], nil)
			if resp.StatusCode != 200 {
				t.Errorf("%s links %s: %d", page, m[1], resp.StatusCode)
				continue
			}
			name := strings.TrimPrefix(m[1], "/static/")
			if want := h.assets[name].contentType; resp.Header.Get("Content-Type") != want {
				t.Errorf("%s: Content-Type %q, want %q", m[1], resp.Header.Get("Content-Type"), want)
			}
			if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
				t.Errorf("%s?v=current: Cache-Control %q", m[1], cc)
			}
		}
	}
	if seen < 8 {
		t.Errorf("the pages link only %d static files", seen)
	}
}

// TestAssetCaching: without the current version a file is revalidated;
// ETags answer 304; gzip is offered to clients that take it.
func TestAssetCaching(t *testing.T) {
	pages, static := embedded(t)
	h := mustHandler(t, pages, withoutVendor(t, static))
	app := h.assets["app.js"]

	for _, target := range []string{"/static/app.js", "/static/app.js?v=0123456789ab"} {
		resp := get(t, h, "GET", target, nil)
		if resp.Header.Get("Cache-Control") != "no-cache" {
			t.Errorf("%s: Cache-Control %q, want no-cache", target, resp.Header.Get("Cache-Control"))
		}
		if b := body(t, resp); b != string(app.data) {
			t.Errorf("%s: body differs from the file", target)
		}
	}

	plain := get(t, h, "GET", "/static/app.js", nil)
	etag := plain.Header.Get("ETag")
	if etag == "" || plain.Header.Get("Content-Encoding") != "" || !strings.Contains(plain.Header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("plain answer headers: %v", plain.Header)
	}
	if resp := get(t, h, "GET", "/static/app.js", map[string]string{"If-None-Match": etag}); resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match with the ETag: %d, want 304", resp.StatusCode)
	}

	zipped := get(t, h, "GET", "/static/app.js", map[string]string{"Accept-Encoding": "br, gzip;q=0.8"})
	if zipped.Header.Get("Content-Encoding") != "gzip" || zipped.Header.Get("ETag") == etag {
		t.Fatalf("gzip answer headers: %v", zipped.Header)
	}
	zr, err := gzip.NewReader(zipped.Body)
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(unzipped, app.data) {
		t.Errorf("gzipped app.js does not decompress to the file (%v)", err)
	}
	if resp := get(t, h, "GET", "/static/app.js", map[string]string{"Accept-Encoding": "gzip;q=0"}); resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0 got %q", resp.Header.Get("Content-Encoding"))
	}
	// A small file is not worth compressing.
	if resp := get(t, h, "GET", "/static/favicon.svg", map[string]string{"Accept-Encoding": "gzip"}); resp.Header.Get("Content-Encoding") != "" || resp.Header.Get("Content-Type") != "image/svg+xml" {
		t.Errorf("favicon.svg: %v", resp.Header)
	}
	if resp := get(t, h, "HEAD", "/static/app.css", nil); resp.StatusCode != 200 || body(t, resp) != "" || resp.Header.Get("Content-Length") == "" {
		t.Errorf("HEAD /static/app.css: %d %v", resp.StatusCode, resp.Header)
	}
}

// TestDotFilesNotServed: names starting with a dot (a staging directory
// of the vendoring step) are neither embedded as assets nor served.
func TestDotFilesNotServed(t *testing.T) {
	pages, static := embedded(t)
	files := withoutVendor(t, static)
	files[".vendor-123/graphiql.min.js"] = &fstest.MapFile{Data: []byte("x")}
	files[".DS_Store"] = &fstest.MapFile{Data: []byte("x")}
	h := mustHandler(t, pages, files)
	for _, p := range []string{"/static/.vendor-123/graphiql.min.js", "/static/.DS_Store"} {
		if resp := get(t, h, "GET", p, nil); resp.StatusCode != 404 {
			t.Errorf("GET %s: %d, want 404", p, resp.StatusCode)
		}
	}
}

// TestExplorerFallback: without the vendored files, / says how to build
// them and offers the CDN playground; /playground serves it.
func TestExplorerFallback(t *testing.T) {
	pages, static := embedded(t)
	h := mustHandler(t, pages, withoutVendor(t, static))
	if h.explorer.Ready {
		t.Fatal("explorer ready without its files")
	}
	resp := get(t, h, "GET", "/", nil)
	b := body(t, resp)
	if resp.StatusCode != 200 {
		t.Fatalf("GET /: %d", resp.StatusCode)
	}
	for _, want := range []string{"make explorer", "go generate ./web", "make run", `href="/playground"`, `href="/search"`, "static/vendor has not been made"} {
		if !strings.Contains(b, want) {
			t.Errorf("fallback page lacks %q", want)
		}
	}
	if strings.Contains(b, "graphiql.min.js") {
		t.Error("fallback page links the missing bundle")
	}

	pg := get(t, h, "GET", "/playground", nil)
	pgBody := body(t, pg)
	if pg.StatusCode != 200 || !strings.Contains(pgBody, "graphiql") || !strings.Contains(pgBody, "/graphql") {
		t.Errorf("GET /playground: %d %.200s", pg.StatusCode, pgBody)
	}

	// A damaged copy is not served either.
	damaged := withFakeVendor(t, static)
	damaged["vendor/graphiql.min.js"] = &fstest.MapFile{Data: []byte("truncated")}
	h = mustHandler(t, pages, damaged)
	if b := body(t, get(t, h, "GET", "/", nil)); h.explorer.Ready || !strings.Contains(b, "graphiql.min.js differs") {
		t.Errorf("damaged vendor: ready=%v, page %.300s", h.explorer.Ready, b)
	}
	missing := withFakeVendor(t, static)
	delete(missing, "vendor/react.production.min.js")
	if h := mustHandler(t, pages, missing); h.explorer.Ready || !strings.Contains(h.explorer.Problem, "react.production.min.js is missing") {
		t.Errorf("missing react: %+v", h.explorer)
	}
}

// TestExplorerPage: with the vendored files, / boots GraphiQL from this
// server, under the explorer's CSP.
func TestExplorerPage(t *testing.T) {
	pages, static := embedded(t)
	h := mustHandler(t, pages, withFakeVendor(t, static))
	if !h.explorer.Ready {
		t.Fatalf("explorer not ready: %s", h.explorer.Problem)
	}
	resp := get(t, h, "GET", "/", nil)
	b := body(t, resp)
	for _, name := range append(explorerFiles, "explorer.js", "explorer.css") {
		if !strings.Contains(b, "/static/"+name+"?v="+h.assets[name].version) {
			t.Errorf("explorer page does not link %s", name)
		}
	}
	if !strings.Contains(b, "GraphiQL 3.9.0") || !strings.Contains(b, `data-endpoint="/graphql"`) {
		t.Errorf("explorer page: %.400s", b)
	}
	if strings.Contains(b, "http://") || strings.Contains(b, "https://") {
		t.Error("explorer page names another site")
	}
	if csp := resp.Header.Get("Content-Security-Policy"); csp != cspExplorer {
		t.Errorf("explorer CSP %q", csp)
	}
}

// TestPagesNameNoOtherSite: the pages and scripts pactgraph wrote load
// nothing from elsewhere.
func TestPagesNameNoOtherSite(t *testing.T) {
	pages, static := embedded(t)
	for _, fsys := range []fs.FS{pages, static} {
		fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasPrefix(name, "vendor") {
				return err
			}
			data, _ := fs.ReadFile(fsys, name)
			for _, m := range regexp.MustCompile(`https?://[^\s"')]+`).FindAllString(string(data), -1) {
				if m != "http://www.w3.org/2000/svg" {
					t.Errorf("%s names %s", name, m)
				}
			}
			return nil
		})
	}
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{
		"":                    false,
		"gzip":                true,
		"GZIP":                true,
		"br, gzip;q=0.5":      true,
		"gzip;q=0":            false,
		"gzip; q=0.0":         false,
		"deflate":             false,
		"*":                   true,
		"identity, *;q=0":     false,
		"gzip;q=0, deflate":   false,
		"deflate, gzip ;q=1 ": true,
	} {
		req := httptest.NewRequest("GET", "/", nil)
		if header != "" {
			req.Header.Set("Accept-Encoding", header)
		}
		if got := acceptsGzip(req); got != want {
			t.Errorf("Accept-Encoding %q: %v, want %v", header, got, want)
		}
	}
}

// TestVendorIsIgnored: git ignores the vendored explorer, so it is never
// committed by accident.
func TestVendorIsIgnored(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not found")
	}
	if err := exec.Command("git", "rev-parse", "--is-inside-work-tree").Run(); err != nil {
		t.Skip("not in a git work tree")
	}
	for _, p := range []string{"static/vendor/graphiql.min.js", "static/vendor/manifest.json", "static/.vendor-1/x.js", "../.artifacts/screenshots/search.png"} {
		if err := exec.Command("git", "check-ignore", "-q", "--no-index", p).Run(); err != nil {
			t.Errorf("git does not ignore %s", p)
		}
	}
	out, err := exec.Command("git", "ls-files", "static/vendor").Output()
	if err != nil {
		t.Fatal(err)
	}
	if len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("vendored files are committed: %s", out)
	}
}
