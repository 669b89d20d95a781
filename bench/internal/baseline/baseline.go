// Package baseline serves pactgraph's search as plain JSON over net/http,
// with no GraphQL: the same search.Index search that the GraphQL search
// field runs, its hits encoded with encoding/json. Benchmarks and
// bench/load.sh measure the GraphQL layer's cost against it.
package baseline

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"pactgraph/search"
)

// Request is one search, sent as a JSON POST body to /search.
type Request struct {
	Query     string   `json:"query"`
	Mode      string   `json:"mode,omitempty"` // SIMPLE (default) or ADVANCED
	First     int      `json:"first,omitempty"`
	Highlight *bool    `json:"highlight,omitempty"` // default true, as in GraphQL
	Facets    []string `json:"facets,omitempty"`    // type, kind, theme, party, …
}

// Response is what /search answers: the fields a GraphQL client asks for
// in the equivalent query (see bench's searchQuery).
type Response struct {
	TotalCount int      `json:"totalCount"`
	Hits       []Hit    `json:"hits"`
	Facets     []Facet  `json:"facets,omitempty"`
	Error      *Problem `json:"error,omitempty"`
}

// Hit is one ranked record.
type Hit struct {
	ID         string      `json:"id"`
	Type       string      `json:"type"`
	Score      float64     `json:"score"`
	Heading    string      `json:"heading,omitempty"`
	Highlights []Highlight `json:"highlights"`
}

// Highlight is one highlighted fragment.
type Highlight struct {
	Field    string `json:"field"`
	Fragment string `json:"fragment"`
}

// Facet counts the values of one field.
type Facet struct {
	Field   string   `json:"field"`
	Buckets []Bucket `json:"buckets"`
}

// Bucket is one facet value.
type Bucket struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Problem is an error answer.
type Problem struct {
	Message string `json:"message"`
}

// Handler serves POST /search and GET /readyz on ix.
func Handler(ix *search.Index) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /search", func(w http.ResponseWriter, r *http.Request) {
		var req Request
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 128<<10)).Decode(&req); err != nil {
			write(w, http.StatusBadRequest, Response{Error: &Problem{"the body must be a JSON search request"}})
			return
		}
		q := search.Query{Text: req.Query, First: req.First, Highlight: req.Highlight == nil || *req.Highlight}
		if q.First == 0 {
			q.First = 10
		}
		if req.Mode == "ADVANCED" {
			q.Mode = search.Advanced
		}
		for _, f := range req.Facets {
			q.Facets = append(q.Facets, search.Facet(f))
		}
		ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
		defer cancel()
		res, err := ix.Search(ctx, q)
		if err != nil {
			status := http.StatusInternalServerError
			var input *search.InputError
			var syntax *search.QueryError
			var cost *search.CostError
			if errors.As(err, &input) || errors.As(err, &syntax) || errors.As(err, &cost) {
				status = http.StatusBadRequest
			}
			write(w, status, Response{Error: &Problem{err.Error()}})
			return
		}
		out := Response{TotalCount: res.Total, Hits: make([]Hit, len(res.Hits))}
		for i, h := range res.Hits {
			hit := Hit{ID: h.Doc.ID, Type: h.Doc.Type, Score: h.Score, Heading: h.Doc.Heading, Highlights: make([]Highlight, len(h.Highlights))}
			for j, hl := range h.Highlights {
				hit.Highlights[j] = Highlight{Field: hl.Field, Fragment: hl.Fragment}
			}
			out.Hits[i] = hit
		}
		for _, f := range res.Facets {
			facet := Facet{Field: string(f.Facet), Buckets: make([]Bucket, len(f.Buckets))}
			for j, b := range f.Buckets {
				facet.Buckets[j] = Bucket{Value: b.Value, Count: b.Count}
			}
			out.Facets = append(out.Facets, facet)
		}
		write(w, http.StatusOK, out)
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte("ready\n"))
	})
	return mux
}

func write(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
