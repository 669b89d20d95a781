package graph_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"testing"
)

// The floors of the measured-relevance test: the figures the search
// measures now (67 answerable queries: MRR@10 0.9925, nDCG@5 0.9004; when the
// judged set was written, 0.9022 and 0.7753), rounded down to two decimals,
// so the test passes today and fails on any regression; they are now at the
// issue's bars (0.95 and 0.90) or above. Raise them as ranking improves;
// never lower them to make a change pass.
const (
	// minMRR is the lowest acceptable mean reciprocal rank at 10 (first
	// hit graded 2 or 3) over the answerable queries.
	minMRR = 0.99
	// minNDCG is the lowest acceptable mean nDCG@5 over the answerable
	// queries.
	minNDCG = 0.90
)

// noAnswerRelevance is the relevance below which the top hit of a query
// the corpus cannot answer counts as "clearly low". Relevance is the share
// of the search a hit covers, each word weighed by its rarity (1 when the
// hit has every word): under one half, the hit misses the words that carry
// the search. It replaces an earlier cut on raw BM25 scores, which are
// comparable only within one search.
const noAnswerRelevance = 0.5

// noAnswerTarget is the share of no-answer queries that must come back
// empty or clearly low.
const noAnswerTarget = 0.75

// relevanceKinds is the order in which kinds are reported.
var relevanceKinds = []string{"keyword", "phrase", "misspelling", "synonym", "paraphrase", "alias", "question", "entity", "word-form", "no-answer"}

// relevanceQuery is one judged query of testdata/relevance/queries.json.
// Judgments grade ids: 3 the answer, 2 highly relevant, 1 related; an id
// not listed is graded 0. A query with no judgments has no answer in the
// corpus.
type relevanceQuery struct {
	ID        string         `json:"id"`
	Query     string         `json:"query"`
	Kind      string         `json:"kind"`
	Split     string         `json:"split"` // "dev" (tuned on) or "test" (held out)
	Types     []string       `json:"types"`
	Judgments map[string]int `json:"judgments"`
	Note      string         `json:"note"`
}

type relevanceHit struct {
	ID        string  `json:"id"`
	Score     float64 `json:"score"`
	Relevance float64 `json:"relevance"`
	Grade     int     `json:"grade"`
}

// relevanceResult is what one query measured; PACTGRAPH_RELEVANCE_REPORT
// writes these as JSON for before/after comparisons.
type relevanceResult struct {
	ID         string         `json:"id"`
	Query      string         `json:"query"`
	Kind       string         `json:"kind"`
	Types      []string       `json:"types"`
	Answerable bool           `json:"answerable"`
	RR         float64        `json:"rr"`
	NDCG5      float64        `json:"ndcg5"`
	FirstRank  int            `json:"firstRelevantRank"` // 1-based rank of the first hit graded 2 or 3 in the top 10; 0 when none
	ClearlyLow *bool          `json:"clearlyLow,omitempty"`
	Hits       []relevanceHit `json:"hits"`
	Error      string         `json:"error,omitempty"`
}

type relevanceFigures struct {
	Queries int     `json:"queries"`
	MRR     float64 `json:"mrr10"`
	NDCG5   float64 `json:"ndcg5"`
}

type relevanceReport struct {
	Overall     relevanceFigures            `json:"overall"`
	Kinds       map[string]relevanceFigures `json:"kinds"`
	NoAnswer    int                         `json:"noAnswerQueries"`
	NoAnswerLow float64                     `json:"noAnswerClearlyLow"`
	Thresholds  map[string]float64          `json:"thresholds"`
	Queries     []relevanceResult           `json:"queries"`
}

const relevanceSearch = `query Relevance($q: String!, $types: [SearchType!]) {
  search(query: $q, types: $types, first: 10, highlight: false) {
    edges { score relevance node { ... on Node { id } } }
  }
}`

// TestRelevance runs the judged queries through the real handler and
// measures MRR@10 (first hit graded 2 or more) and nDCG@5 (gains 2^grade−1,
// ideal from the judgments) over the answerable queries, and for the
// queries the corpus cannot answer the share whose top hit is clearly low.
func TestRelevance(t *testing.T) {
	queries := loadRelevanceQueries(t)
	srv := newServer(t)
	checkJudgedIDs(t, srv, queries)

	results := make([]relevanceResult, 0, len(queries))
	for _, q := range queries {
		r := relevanceResult{ID: q.ID, Query: q.Query, Kind: q.Kind, Types: q.Types, Answerable: len(q.Judgments) > 0, Hits: []relevanceHit{}}
		vars := map[string]any{"q": q.Query}
		if q.Types != nil {
			vars["types"] = q.Types
		}
		status, resp := post(t, srv, relevanceSearch, vars)
		hits, err := relevanceHits(status, resp)
		if err != nil {
			r.Error = err.Error()
			t.Errorf("%s %q: %v", q.ID, q.Query, err)
		}
		for _, h := range hits {
			h.Grade = q.Judgments[h.ID]
			r.Hits = append(r.Hits, h)
		}
		if r.Answerable {
			r.FirstRank = firstRelevant(r.Hits, 10)
			if r.FirstRank > 0 {
				r.RR = 1 / float64(r.FirstRank)
			}
			r.NDCG5 = ndcg(r.Hits, q.Judgments, 5)
		} else {
			low := len(r.Hits) == 0 || r.Hits[0].Relevance < noAnswerRelevance
			r.ClearlyLow = &low
		}
		results = append(results, r)
	}

	report := summarize(results)
	report.Thresholds = map[string]float64{"minMRR": minMRR, "minNDCG": minNDCG, "noAnswerRelevance": noAnswerRelevance}
	logRelevance(t, report)

	if path := os.Getenv("PACTGRAPH_RELEVANCE_REPORT"); path != "" {
		raw, err := json.MarshalIndent(report, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(raw, '\n'), 0o644); err != nil {
			t.Errorf("writing the relevance report: %v", err)
		} else {
			t.Logf("per-query results written to %s", path)
		}
	}

	if report.Overall.MRR < minMRR {
		t.Errorf("MRR@10 = %.4f, below the floor minMRR = %.2f", report.Overall.MRR, minMRR)
	}
	if report.Overall.NDCG5 < minNDCG {
		t.Errorf("nDCG@5 = %.4f, below the floor minNDCG = %.2f", report.Overall.NDCG5, minNDCG)
	}
	if report.NoAnswerLow < noAnswerTarget {
		t.Errorf("%.2f of the no-answer queries come back empty or clearly low; want at least %.2f", report.NoAnswerLow, noAnswerTarget)
	}
}

// loadRelevanceQueries reads and checks the judged set.
func loadRelevanceQueries(t *testing.T) []relevanceQuery {
	t.Helper()
	raw, err := os.ReadFile("testdata/relevance/queries.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Queries []relevanceQuery `json:"queries"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&file); err != nil {
		t.Fatalf("testdata/relevance/queries.json: %v", err)
	}
	known := map[string]bool{}
	for _, k := range relevanceKinds {
		known[k] = true
	}
	seen := map[string]bool{}
	for _, q := range file.Queries {
		if q.ID == "" || seen[q.ID] {
			t.Fatalf("queries.json: missing or duplicate id %q", q.ID)
		}
		seen[q.ID] = true
		if !known[q.Kind] {
			t.Fatalf("queries.json: %s: unknown kind %q", q.ID, q.Kind)
		}
		if q.Split != "dev" && q.Split != "test" {
			t.Fatalf("queries.json: %s: split %q is neither dev nor test", q.ID, q.Split)
		}
		if strings.TrimSpace(q.Query) == "" {
			t.Fatalf("queries.json: %s: empty query", q.ID)
		}
		if (q.Kind == "no-answer") != (len(q.Judgments) == 0) {
			t.Fatalf("queries.json: %s: no-answer queries, and only they, have no judgments", q.ID)
		}
		best := 0
		for id, g := range q.Judgments {
			if g < 1 || g > 3 {
				t.Fatalf("queries.json: %s: grade %d for %s is not 1, 2 or 3", q.ID, g, id)
			}
			best = max(best, g)
		}
		if len(q.Judgments) > 0 && best != 3 {
			t.Fatalf("queries.json: %s: no result is graded 3", q.ID)
		}
	}
	if len(file.Queries) == 0 {
		t.Fatal("queries.json has no queries")
	}
	return file.Queries
}

// checkJudgedIDs fails the test when a judged id does not resolve, so a
// typo or a renamed entity cannot silently count as a miss.
func checkJudgedIDs(t *testing.T, srv *httptest.Server, queries []relevanceQuery) {
	t.Helper()
	set := map[string]bool{}
	for _, q := range queries {
		for id := range q.Judgments {
			set[id] = true
		}
	}
	ids := make([]string, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for start := 0; start < len(ids); start += 100 {
		chunk := ids[start:min(start+100, len(ids))]
		_, resp := post(t, srv, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": chunk})
		data, _ := resp["data"].(map[string]any)
		nodes, _ := data["nodes"].([]any)
		if len(nodes) != len(chunk) {
			t.Fatalf("resolving the judged ids: %v", resp["errors"])
		}
		for i, n := range nodes {
			if n == nil {
				t.Errorf("queries.json judges %s, which does not resolve", chunk[i])
			}
		}
	}
}

// relevanceHits reads the hits of one search response.
func relevanceHits(status int, resp map[string]any) ([]relevanceHit, error) {
	if status != http.StatusOK {
		return nil, fmt.Errorf("status %d: %v", status, resp["errors"])
	}
	if errs, ok := resp["errors"]; ok {
		return nil, fmt.Errorf("errors: %v", errs)
	}
	data, _ := resp["data"].(map[string]any)
	search, _ := data["search"].(map[string]any)
	edges, ok := search["edges"].([]any)
	if !ok {
		return nil, fmt.Errorf("no search edges in %v", resp)
	}
	hits := make([]relevanceHit, 0, len(edges))
	for _, e := range edges {
		edge, _ := e.(map[string]any)
		node, _ := edge["node"].(map[string]any)
		id, _ := node["id"].(string)
		score, _ := edge["score"].(float64)
		relevance, _ := edge["relevance"].(float64)
		if id == "" {
			return nil, fmt.Errorf("a hit without an id: %v", edge)
		}
		hits = append(hits, relevanceHit{ID: id, Score: score, Relevance: relevance})
	}
	return hits, nil
}

// firstRelevant is the 1-based rank of the first hit graded 2 or more
// within the first k, or 0.
func firstRelevant(hits []relevanceHit, k int) int {
	for i, h := range hits[:min(k, len(hits))] {
		if h.Grade >= 2 {
			return i + 1
		}
	}
	return 0
}

// ndcg is nDCG@k with gains 2^grade−1 and the ideal ordering taken from
// the judgments.
func ndcg(hits []relevanceHit, judgments map[string]int, k int) float64 {
	gain := func(g int) float64 { return math.Exp2(float64(g)) - 1 }
	discount := func(i int) float64 { return math.Log2(float64(i) + 2) }
	var dcg float64
	for i, h := range hits[:min(k, len(hits))] {
		dcg += gain(h.Grade) / discount(i)
	}
	grades := make([]int, 0, len(judgments))
	for _, g := range judgments {
		grades = append(grades, g)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(grades)))
	var ideal float64
	for i, g := range grades[:min(k, len(grades))] {
		ideal += gain(g) / discount(i)
	}
	if ideal == 0 {
		return 0
	}
	return dcg / ideal
}

// summarize averages the answerable queries overall and per kind, and
// counts the no-answer queries whose top hit is clearly low.
func summarize(results []relevanceResult) relevanceReport {
	rep := relevanceReport{Kinds: map[string]relevanceFigures{}, Queries: results}
	low := 0
	for _, r := range results {
		if !r.Answerable {
			rep.NoAnswer++
			if *r.ClearlyLow {
				low++
			}
			continue
		}
		k := rep.Kinds[r.Kind]
		k.Queries++
		k.MRR += r.RR
		k.NDCG5 += r.NDCG5
		rep.Kinds[r.Kind] = k
		rep.Overall.Queries++
		rep.Overall.MRR += r.RR
		rep.Overall.NDCG5 += r.NDCG5
	}
	for kind, k := range rep.Kinds {
		k.MRR /= float64(k.Queries)
		k.NDCG5 /= float64(k.Queries)
		rep.Kinds[kind] = k
	}
	if n := float64(rep.Overall.Queries); n > 0 {
		rep.Overall.MRR /= n
		rep.Overall.NDCG5 /= n
	}
	if rep.NoAnswer > 0 {
		rep.NoAnswerLow = float64(low) / float64(rep.NoAnswer)
	}
	return rep
}

// logRelevance prints every query, then the averages per kind and overall.
func logRelevance(t *testing.T, rep relevanceReport) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-4s %-11s %-52s %5s %6s  %s\n", "id", "kind", "query", "RR", "nDCG5", "top 3 (grade, score)")
	for _, r := range rep.Queries {
		rr, nd := fmt.Sprintf("%.2f", r.RR), fmt.Sprintf("%.2f", r.NDCG5)
		if !r.Answerable {
			rr, nd = "-", "HIGH"
			if *r.ClearlyLow {
				nd = "low"
			}
		}
		top := make([]string, 0, 3)
		for _, h := range r.Hits[:min(3, len(r.Hits))] {
			top = append(top, fmt.Sprintf("%s (%d, %.3f)", h.ID, h.Grade, h.Score))
		}
		if len(top) == 0 {
			top = append(top, "no hits")
		}
		q := r.Query
		if rs := []rune(q); len(rs) > 52 {
			q = string(rs[:49]) + "..."
		}
		fmt.Fprintf(&b, "%-4s %-11s %-52s %5s %6s  %s\n", r.ID, r.Kind, q, rr, nd, strings.Join(top, ", "))
	}
	fmt.Fprintf(&b, "\n%-11s %7s %6s %6s\n", "kind", "queries", "MRR@10", "nDCG@5")
	for _, kind := range relevanceKinds {
		if k, ok := rep.Kinds[kind]; ok {
			fmt.Fprintf(&b, "%-11s %7d %6.3f %6.3f\n", kind, k.Queries, k.MRR, k.NDCG5)
		}
	}
	fmt.Fprintf(&b, "%-11s %7d %6.3f %6.3f   (floors: %.2f, %.2f)\n", "overall", rep.Overall.Queries, rep.Overall.MRR, rep.Overall.NDCG5, minMRR, minNDCG)
	fmt.Fprintf(&b, "no-answer   %7d clearly low (no hits or top relevance < %.2f): %.3f\n", rep.NoAnswer, noAnswerRelevance, rep.NoAnswerLow)
	fmt.Fprintf(&b, "(no-answer rows show \"low\" or \"HIGH\" for their top hit in the nDCG5 column; grade 0 means unjudged)\n")
	t.Log(b.String())
}
