package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// asset is one static file, held in memory with its digest.
type asset struct {
	name        string
	data        []byte
	sum         string // hex SHA-256 of data
	version     string // the first 12 hex digits of sum: the ?v= of its links
	contentType string

	// gzipped is made on the first request that accepts it, for the
	// types that compress.
	gzipOnce sync.Once
	gzipped  []byte
}

// contentTypes are the types of the files the pages use; anything else is
// served as bytes.
var contentTypes = map[string]string{
	".html":  "text/html; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".json":  "application/json",
	".svg":   "image/svg+xml",
	".txt":   "text/plain; charset=utf-8",
	".png":   "image/png",
	".ico":   "image/x-icon",
	".woff2": "font/woff2",
}

// gzipMinBytes is the size from which a text file is sent compressed to a
// client that accepts gzip.
const gzipMinBytes = 1024

// loadAssets reads every file under static. Names with a segment that
// starts with a dot are left out (a staging directory of the vendoring
// step, editor files).
func loadAssets(static fs.FS) (map[string]*asset, error) {
	assets := map[string]*asset{}
	err := fs.WalkDir(static, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if name != "." && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		data, err := fs.ReadFile(static, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		ct, ok := contentTypes[path.Ext(name)]
		if !ok {
			ct = "application/octet-stream"
		}
		a := &asset{name: name, data: data, sum: hex.EncodeToString(sum[:]), contentType: ct}
		a.version = a.sum[:12]
		assets[name] = a
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static files: %w", err)
	}
	return assets, nil
}

func (a *asset) compressible() bool {
	return len(a.data) >= gzipMinBytes && (strings.HasPrefix(a.contentType, "text/") ||
		a.contentType == "application/json" || a.contentType == "image/svg+xml")
}

func (a *asset) gzip() []byte {
	a.gzipOnce.Do(func() {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(a.data)
		zw.Close()
		a.gzipped = buf.Bytes()
	})
	return a.gzipped
}

// serve writes the file, gzipped for a client that accepts it, and answers
// conditional and range requests through http.ServeContent. The two
// encodings have different ETags.
func (a *asset) serve(w http.ResponseWriter, r *http.Request) {
	body, etag := a.data, `"`+a.sum[:32]+`"`
	if a.compressible() {
		w.Header().Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			body, etag = a.gzip(), `"`+a.sum[:32]+`-gz"`
			w.Header().Set("Content-Encoding", "gzip")
		}
	}
	w.Header().Set("ETag", etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// acceptsGzip reads Accept-Encoding: gzip (or *) with a weight above zero.
func acceptsGzip(r *http.Request) bool {
	for _, header := range r.Header.Values("Accept-Encoding") {
		for _, part := range strings.Split(header, ",") {
			coding, params, _ := strings.Cut(part, ";")
			coding = strings.ToLower(strings.TrimSpace(coding))
			if coding != "gzip" && coding != "*" {
				continue
			}
			q := 1.0
			for _, p := range strings.Split(params, ";") {
				k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
				if ok && strings.EqualFold(strings.TrimSpace(k), "q") {
					if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
						q = f
					}
				}
			}
			if q > 0 {
				return true
			}
		}
	}
	return false
}

// explorerFiles are the vendored files the explorer page loads; the
// vendoring step (explorer/main.go) writes them with a manifest.
var explorerFiles = []string{
	"vendor/react.production.min.js",
	"vendor/react-dom.production.min.js",
	"vendor/graphiql.min.js",
	"vendor/graphiql.min.css",
}

// explorerStatus says whether the vendored explorer is complete.
type explorerStatus struct {
	Ready bool
	// Problem says what is missing or damaged when it is not ready.
	Problem string
	// GraphiQL and React are the vendored versions.
	GraphiQL, React string
}

// checkExplorer checks the vendored files against the manifest the
// vendoring step wrote: every file the page needs must be there, with the
// digest it had when it was copied.
func checkExplorer(assets map[string]*asset) explorerStatus {
	m, ok := assets["vendor/manifest.json"]
	if !ok {
		return explorerStatus{Problem: "static/vendor has not been made"}
	}
	var man struct {
		Packages map[string]string `json:"packages"`
		Files    map[string]string `json:"files"`
	}
	if err := json.Unmarshal(m.data, &man); err != nil {
		return explorerStatus{Problem: "static/vendor/manifest.json cannot be read: " + err.Error()}
	}
	for _, name := range explorerFiles {
		a, ok := assets[name]
		if !ok {
			return explorerStatus{Problem: "static/" + name + " is missing"}
		}
		if man.Files[strings.TrimPrefix(name, "vendor/")] != "sha256:"+a.sum {
			return explorerStatus{Problem: "static/" + name + " differs from what the vendoring step copied"}
		}
	}
	return explorerStatus{Ready: true, GraphiQL: man.Packages["graphiql"], React: man.Packages["react"]}
}
