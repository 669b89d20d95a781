// Package baseline is the plain-Bleve search that pactgraph's own search is
// measured against. It never goes through pactgraph's search package: the
// same records (passages and entities, as the loader makes them) go into a
// raw Bleve scorch index with one English text field and BM25, and a search
// is one match query for 10 hits with highlights and the total count. The
// Go benchmarks, bench/baseline (the server) and bench/load.sh all use this
// one implementation, so that every figure compares the same thing.
package baseline

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"pactgraph/search"
)

// Version changes whenever the mapping or the records change, so that a
// cached index of an older layout is rebuilt rather than measured.
const Version = 1

// Field is the one text field every record has.
const Field = "text"

// batchSize is the batch that pactgraph's search.Index.Add uses, so that
// build times compare like with like.
const batchSize = 1000

// Record is what the plain index holds of one pactgraph record.
type Record struct {
	ID   string
	Text string
}

// Records turns pactgraph's records into plain ones: the name, aliases,
// heading and body become one English text, the rest is left out.
func Records(docs []search.Doc) []Record {
	out := make([]Record, len(docs))
	for i, d := range docs {
		parts := make([]string, 0, 3+len(d.Aliases))
		for _, s := range append([]string{d.Name, d.Heading}, d.Aliases...) {
			if s != "" {
				parts = append(parts, s)
			}
		}
		if d.Body != "" {
			parts = append(parts, d.Body)
		}
		out[i] = Record{ID: d.ID, Text: strings.Join(parts, "\n")}
	}
	return out
}

// Mapping is Bleve's defaults narrowed to one stored English text field
// with term vectors (for highlights), scored with BM25.
func Mapping() *mapping.IndexMappingImpl {
	text := bleve.NewTextFieldMapping()
	text.Analyzer = en.AnalyzerName
	text.Store = true
	text.IncludeTermVectors = true
	text.IncludeInAll = false
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(Field, text)
	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = en.AnalyzerName
	m.ScoringModel = index.BM25Scoring
	return m
}

// Build indexes recs into a new scorch index at dir ("" keeps it in
// memory), in batches of the size pactgraph uses.
func Build(dir string, recs []Record) (bleve.Index, error) {
	idx, err := bleve.NewUsing(dir, Mapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, err
	}
	batch := idx.NewBatch()
	for _, r := range recs {
		if err := batch.Index(r.ID, map[string]any{Field: r.Text}); err != nil {
			idx.Close()
			return nil, err
		}
		if batch.Size() >= batchSize {
			if err := idx.Batch(batch); err != nil {
				idx.Close()
				return nil, err
			}
			batch.Reset()
		}
	}
	if err := idx.Batch(batch); err != nil {
		idx.Close()
		return nil, err
	}
	return idx, nil
}

// versionFile marks a finished on-disk index and names its layout.
const versionFile = "plain-bleve-version"

// OpenOrBuild opens the plain index at dir when a finished one of this
// Version is there; otherwise it builds one from recs() (called only
// then) and reports that it did.
func OpenOrBuild(dir string, recs func() ([]Record, error)) (idx bleve.Index, built bool, err error) {
	if v, err := os.ReadFile(filepath.Join(dir, versionFile)); err == nil && string(v) == strconv.Itoa(Version) {
		idx, err := bleve.OpenUsing(filepath.Join(dir, "bleve"), map[string]any{"read_only": true})
		return idx, false, err
	}
	r, err := recs()
	if err != nil {
		return nil, false, err
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, false, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, false, err
	}
	if idx, err = Build(filepath.Join(dir, "bleve"), r); err != nil {
		return nil, false, err
	}
	if err := os.WriteFile(filepath.Join(dir, versionFile), []byte(strconv.Itoa(Version)), 0o644); err != nil {
		idx.Close()
		return nil, false, err
	}
	return idx, true, nil
}

// Response is what a plain search answers: the fields pactgraph's GraphQL
// search is asked for in the load test (totalCount, and per hit its id,
// score and highlighted fragments).
type Response struct {
	TotalCount int    `json:"totalCount"`
	Hits       []Hit  `json:"hits"`
	Error      string `json:"error,omitempty"`
}

// Hit is one ranked record.
type Hit struct {
	ID         string      `json:"id"`
	Score      float64     `json:"score"`
	Highlights []Highlight `json:"highlights"`
}

// Highlight is one highlighted fragment.
type Highlight struct {
	Field    string `json:"field"`
	Fragment string `json:"fragment"`
}

// Search runs text as one match query: the first size hits with
// highlights, and the total.
func Search(ctx context.Context, idx bleve.Index, text string, size int) (Response, error) {
	q := bleve.NewMatchQuery(text)
	q.SetField(Field)
	req := bleve.NewSearchRequestOptions(q, size, 0, false)
	req.Highlight = bleve.NewHighlight()
	req.Highlight.AddField(Field)
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return Response{}, err
	}
	out := Response{TotalCount: int(res.Total), Hits: make([]Hit, len(res.Hits))}
	for i, h := range res.Hits {
		hit := Hit{ID: h.ID, Score: h.Score, Highlights: []Highlight{}}
		for _, f := range h.Fragments[Field] {
			hit.Highlights = append(hit.Highlights, Highlight{Field: Field, Fragment: f})
		}
		out.Hits[i] = hit
	}
	return out, nil
}

// Request is a search as a JSON POST body to /search; GET /search?q=…
// asks the same.
type Request struct {
	Query string `json:"query"`
	First int    `json:"first,omitempty"` // default 10
}

// maxFirst bounds a page, as pactgraph's search does.
const maxFirst = 100

// Handler serves POST and GET /search and GET /readyz over idx with
// net/http and encoding/json only.
func Handler(idx bleve.Index) http.Handler {
	mux := http.NewServeMux()
	serve := func(w http.ResponseWriter, r *http.Request, req Request) {
		if req.First == 0 {
			req.First = 10
		}
		if strings.TrimSpace(req.Query) == "" || req.First < 0 || req.First > maxFirst {
			write(w, http.StatusBadRequest, Response{Error: fmt.Sprintf("want a query and first in 1..%d", maxFirst)})
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
		defer cancel()
		res, err := Search(ctx, idx, req.Query, req.First)
		if err != nil {
			write(w, http.StatusInternalServerError, Response{Error: err.Error()})
			return
		}
		write(w, http.StatusOK, res)
	}
	mux.HandleFunc("POST /search", func(w http.ResponseWriter, r *http.Request) {
		var req Request
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&req); err != nil {
			write(w, http.StatusBadRequest, Response{Error: "the body must be a JSON search request"})
			return
		}
		serve(w, r, req)
	})
	mux.HandleFunc("GET /search", func(w http.ResponseWriter, r *http.Request) {
		req := Request{Query: r.URL.Query().Get("q")}
		if f := r.URL.Query().Get("first"); f != "" {
			n, err := strconv.Atoi(f)
			if err != nil {
				write(w, http.StatusBadRequest, Response{Error: "first must be a number"})
				return
			}
			req.First = n
		}
		serve(w, r, req)
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte("ready\n"))
	})
	return mux
}

func write(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// An error here means the client has gone: there is no one to tell.
	_ = json.NewEncoder(w).Encode(v)
}
