// Package web serves pactgraph's browser pages: the GraphQL explorer at /
// and the researchers' search page at /search, with its entity pages under
// /entity/. The pages and their static files are embedded in the binary and
// talk to /graphql only; nothing is loaded from another site.
//
// The explorer is GraphiQL, whose browser bundles come from npm packages
// pinned in explorer/package-lock.json and are copied into static/vendor by
// `go generate ./web` (make explorer). They are not committed: a binary built
// without that step serves a page at / that says how to add them, and links
// to gqlgen's playground at /playground, which loads GraphiQL from a CDN.
package web

import (
	"embed"
	"fmt"
	"io/fs"
	"net/http"

	"github.com/99designs/gqlgen/graphql/playground"
)

//go:embed all:static
var staticFS embed.FS

//go:embed pages
var pagesFS embed.FS

// Handler serves the pages. The API's own routes (/graphql, /metrics, ...)
// are claimed before it, so it sees every other path.
func Handler() http.Handler {
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	pages, err := fs.Sub(pagesFS, "pages")
	if err != nil {
		panic(err)
	}
	h, err := newHandler(pages, static)
	if err != nil {
		// The embedded files are fixed when the binary is built, and the
		// package's tests build this handler from them.
		panic(fmt.Sprintf("web: embedded pages: %v", err))
	}
	return h
}

// handler routes the browser pages.
type handler struct {
	mux      *http.ServeMux
	assets   map[string]*asset
	explorer explorerStatus
	pages    map[string]*htmlPage
}

// newHandler builds the pages from their templates and the static files;
// the tests give it other file systems (one without the vendored explorer).
func newHandler(pages, static fs.FS) (*handler, error) {
	assets, err := loadAssets(static)
	if err != nil {
		return nil, err
	}
	h := &handler{mux: http.NewServeMux(), assets: assets, explorer: checkExplorer(assets)}
	if h.pages, err = renderPages(pages, assets, h.explorer); err != nil {
		return nil, err
	}

	explorer := h.pages["explorer-missing"]
	if h.explorer.Ready {
		explorer = h.pages["explorer"]
	}
	h.mux.Handle("GET /{$}", explorer)
	h.mux.Handle("GET /playground", playground.Handler("pactgraph playground (GraphiQL from a CDN)", "/graphql"))
	h.mux.Handle("GET /search", h.pages["app"])
	h.mux.HandleFunc("GET /entity/{id...}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "" {
			h.pages["notfound"].serve(w, r, http.StatusNotFound)
			return
		}
		h.pages["app"].ServeHTTP(w, r)
	})
	h.mux.HandleFunc("GET /static/{path...}", h.serveAsset)
	h.mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		h.pages["notfound"].serve(w, r, http.StatusNotFound)
	})
	return h, nil
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mux.ServeHTTP(w, r)
}

// serveAsset serves one static file. A request that names the file's
// current version (?v=, as the pages link it) may be cached for a year;
// any other is revalidated with its ETag.
func (h *handler) serveAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := h.assets[r.PathValue("path")]
	if !ok {
		h.pages["notfound"].serve(w, r, http.StatusNotFound)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", a.contentType)
	hdr.Set("X-Content-Type-Options", "nosniff")
	if r.URL.Query().Get("v") == a.version {
		hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hdr.Set("Cache-Control", "no-cache")
	}
	a.serve(w, r)
}
