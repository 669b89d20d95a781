package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"time"
)

// htmlPage is one rendered HTML page. The pages are rendered once, when the
// handler is made: they differ only in the versions of the files they link.
type htmlPage struct {
	body []byte
	etag string
	csp  string
}

// The pages' Content-Security-Policy: scripts, styles and requests from
// this server only, which also keeps a page from reaching the network.
// GraphiQL sets inline styles and uses data: fonts and icons.
const (
	cspPages    = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
	cspExplorer = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

// pageFiles are the templates under pages/ that are whole pages, by the
// name the handler knows them by; partials.html holds their shared parts.
var pageFiles = map[string]string{
	"explorer":         "explorer.html",
	"explorer-missing": "explorer-missing.html",
	"app":              "app.html",
	"notfound":         "notfound.html",
}

// renderPages renders every page. A page that links a file missing from
// the static files is an error, except the explorer, which is left out
// when its vendored files are absent.
func renderPages(pages fs.FS, assets map[string]*asset, explorer explorerStatus) (map[string]*htmlPage, error) {
	funcs := template.FuncMap{
		"asset": func(name string) (string, error) {
			a, ok := assets[name]
			if !ok {
				return "", fmt.Errorf("no static file %q", name)
			}
			return "/static/" + name + "?v=" + a.version, nil
		},
	}
	t, err := template.New("").Funcs(funcs).ParseFS(pages, "*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*htmlPage{}
	for name, file := range pageFiles {
		if name == "explorer" && !explorer.Ready {
			continue
		}
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, file, explorer); err != nil {
			return nil, err
		}
		sum := sha256.Sum256(buf.Bytes())
		p := &htmlPage{body: buf.Bytes(), etag: `"` + hex.EncodeToString(sum[:16]) + `"`, csp: cspPages}
		if name == "explorer" {
			p.csp = cspExplorer
		}
		out[name] = p
	}
	return out, nil
}

func (p *htmlPage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.serve(w, r, http.StatusOK)
}

// serve writes the page with the given status. Pages are revalidated on
// every visit (no-cache with an ETag), so a new binary's pages are seen at
// once while an unchanged page costs a 304.
func (p *htmlPage) serve(w http.ResponseWriter, r *http.Request, status int) {
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	hdr.Set("Cache-Control", "no-cache")
	hdr.Set("Content-Security-Policy", p.csp)
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Referrer-Policy", "same-origin")
	hdr.Set("X-Frame-Options", "DENY")
	if status == http.StatusOK {
		hdr.Set("ETag", p.etag)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(p.body))
		return
	}
	hdr.Set("Content-Length", fmt.Sprint(len(p.body)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(p.body)
	}
}
