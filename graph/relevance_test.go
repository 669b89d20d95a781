package graph_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"pactgraph/api"
	"pactgraph/graph"
	"pactgraph/internal/testserver"
	"pactgraph/loader"
)

// The judged sets are split in two. The dev part is what ranking was tuned
// on; the test part is held out: its queries were written and committed
// before any search ran on them, and ranking work must not look at them.
// Figures are reported for each part separately; only the test part says
// whether ranking generalizes.
const (
	splitDev  = "dev"
	splitTest = "test"
)

// splitLabel is how the log names a split.
var splitLabel = map[string]string{splitDev: "dev (tuned on)", splitTest: "test (held out)"}

// relevanceFloor is what one split of one set must reach: MRR@10 and
// nDCG@5 over its answerable queries, and for its no-answer queries the
// share whose top hit is clearly low (TopLow) and the share whose every
// hit is partial and clearly low (AllLow).
type relevanceFloor struct {
	MRR, NDCG, TopLow, AllLow float64
}

// essayFloors are the essay set's floors: the figures the rebuilt search
// core measures, rounded down to two decimals. Dev (tuned on): MRR@10
// 0.9752, nDCG@5 0.8872; the rule-per-query engine before it held 0.9925
// and 0.9004 on this part, which it was tuned on one rule at a time.
// Test (held out, written before any search ran on it): 0.8510 and
// 0.7315; the engine before scored 0.7548 and 0.6440. The bars
// are 0.95 and 0.90. With a name's boost earned only by a name that holds
// two of a search's words (one shared generic word, "treaty", boosted
// every treaty's record): dev 0.975, 0.887; test 0.875, 0.747. The
// no-answer floors are the shares measured: 8 of 9 dev and 4 of 5 test
// queries had only partial hits with relevance < 0.5; with a word
// weighed by the commoner of its typed and its analysed form ("renew" is
// as common as "renews", which it finds), all of them do. Five dev
// queries that ask for a section by another word for its heading
// ("weaknesses" for "Challenges", q77-q81) took dev to 0.952 and 0.863
// with the code unchanged; the headings of the synonyms' alternatives and
// two synonym groups of such words then gave dev 0.964, 0.877 and test
// 0.894, 0.764, and the dev floor moved with its set. Raise the floors as
// ranking improves; never lower them to make a change pass.
var essayFloors = map[string]relevanceFloor{
	splitDev:  {MRR: 0.96, NDCG: 0.87, TopLow: 1, AllLow: 1},
	splitTest: {MRR: 0.89, NDCG: 0.76, TopLow: 1, AllLow: 1},
}

// noAnswerRelevance is the relevance below which a hit for a query the
// corpus cannot answer counts as "clearly low". Relevance is the share of
// the search a hit covers, each word weighed by its rarity (1 when the hit
// has every word): under one half, the hit misses the words that carry the
// search.
const noAnswerRelevance = 0.5

// essayZeroHitsToday lists the answerable essay misspelling and
// paraphrase queries that return no hit at all today. The bar is
// that none does; the test fails for any other such query, and for a
// listed one that now finds hits (take it off the list). Empty this list.
// (The misspelt hyphenated compounds that were on it, t01–t04 and t08,
// are corrected part by part since the search core was rebuilt.)
var essayZeroHitsToday = map[string]bool{}

// relevanceKinds is the order in which kinds are reported.
var relevanceKinds = []string{"keyword", "phrase", "misspelling", "synonym", "paraphrase", "alias", "question", "entity", "article", "word-form", "no-answer"}

// relevanceQuery is one judged query. Judgments grade ids: 3 the answer, 2
// highly relevant, 1 related; an id not listed is graded 0. A query with
// no judgments has no answer in the corpus.
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
	Partial   bool    `json:"partial"`
	Grade     int     `json:"grade"`
}

// relevanceResult is what one query measured.
type relevanceResult struct {
	ID         string         `json:"id"`
	Query      string         `json:"query"`
	Kind       string         `json:"kind"`
	Split      string         `json:"split"`
	Types      []string       `json:"types"`
	Answerable bool           `json:"answerable"`
	RR         float64        `json:"rr"`
	NDCG5      float64        `json:"ndcg5"`
	FirstRank  int            `json:"firstRelevantRank"` // 1-based rank of the first hit graded 2 or 3 in the top 10; 0 when none
	TopLow     *bool          `json:"clearlyLow,omitempty"`
	AllLow     *bool          `json:"allPartialLow,omitempty"`
	Hits       []relevanceHit `json:"hits"`
	Error      string         `json:"error,omitempty"`
}

type relevanceFigures struct {
	Queries int     `json:"queries"`
	MRR     float64 `json:"mrr10"`
	NDCG5   float64 `json:"ndcg5"`
}

// splitReport is the figures of one split.
type splitReport struct {
	Overall  relevanceFigures            `json:"overall"`
	Kinds    map[string]relevanceFigures `json:"kinds"`
	NoAnswer int                         `json:"noAnswerQueries"`
	TopLow   float64                     `json:"noAnswerClearlyLow"`    // share whose top hit is clearly low, or no hits
	AllLow   float64                     `json:"noAnswerAllPartialLow"` // share whose every hit is partial and clearly low
}

// relevanceReport is one set's measurement; PACTGRAPH_RELEVANCE_REPORT
// writes it as JSON for before/after comparisons.
type relevanceReport struct {
	Set        string                    `json:"set"`
	Splits     map[string]splitReport    `json:"splits"`
	Floors     map[string]relevanceFloor `json:"floors"`
	ZeroHits   []string                  `json:"zeroHits"` // answerable misspelling and paraphrase queries with no hit
	Queries    []relevanceResult         `json:"queries"`
	Thresholds map[string]float64        `json:"thresholds"`
}

const relevanceSearch = `query Relevance($q: String!, $types: [SearchType!]) {
  search(query: $q, types: $types, first: 10, highlight: false) {
    edges { score relevance partial node { ... on Node { id } } }
  }
}`

// TestRelevance runs the judged essay queries through the real handler
// over the embedded corpus and measures, for the dev part (tuned on) and
// the test part (held out) separately, MRR@10 (first hit graded 2 or more)
// and nDCG@5 (gains 2^grade−1, ideal from the judgments) over the
// answerable queries, and how low the hits of the no-answer queries are.
func TestRelevance(t *testing.T) {
	raw, err := os.ReadFile("testdata/relevance/queries.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Queries []relevanceQuery `json:"queries"`
	}
	if err := decodeStrict(raw, &file); err != nil {
		t.Fatalf("testdata/relevance/queries.json: %v", err)
	}
	checkQueries(t, "queries.json", file.Queries)
	srv := newServer(t)
	checkJudgedIDs(t, srv, file.Queries)
	measureSet(t, srv, "essay", file.Queries, essayFloors, essayZeroHitsToday)

	// The same set over the index `pactgraph index` writes (on disk, one
	// segment), held to the same floors.
	t.Run("on disk", func(t *testing.T) {
		cat, disk, _, err := loader.Build(context.Background(), []loader.Corpus{loader.Builtin()}, filepath.Join(t.TempDir(), "index"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { disk.Close() })
		srv := testserver.Serve(t, &graph.State{Catalog: cat, Index: disk}, api.Options{})
		measureSet(t, srv, "essay-on-disk", file.Queries, essayFloors, essayZeroHitsToday)
	})
}

// measureSet measures one judged set, logs and reports it, and checks it
// against its floors and its list of queries known to find nothing.
func measureSet(t *testing.T, srv *httptest.Server, set string, queries []relevanceQuery, floors map[string]relevanceFloor, zeroToday map[string]bool) {
	t.Helper()
	results := make([]relevanceResult, 0, len(queries))
	for _, q := range queries {
		results = append(results, measureQuery(t, srv, q))
	}
	rep := relevanceReport{Set: set, Splits: map[string]splitReport{}, Floors: floors, ZeroHits: zeroHits(results), Queries: results,
		Thresholds: map[string]float64{"noAnswerRelevance": noAnswerRelevance}}
	for _, split := range []string{splitDev, splitTest} {
		rep.Splits[split] = summarize(results, split)
	}
	logRelevance(t, rep)
	writeRelevanceReport(t, set, rep)
	checkFloors(t, rep)
	checkZeroHits(t, rep.ZeroHits, zeroToday)
}

// measureQuery runs one judged query and scores its hits.
func measureQuery(t *testing.T, srv *httptest.Server, q relevanceQuery) relevanceResult {
	t.Helper()
	r := relevanceResult{ID: q.ID, Query: q.Query, Kind: q.Kind, Split: q.Split, Types: q.Types, Answerable: len(q.Judgments) > 0, Hits: []relevanceHit{}}
	vars := map[string]any{"q": q.Query}
	if q.Types != nil {
		vars["types"] = q.Types
	}
	status, resp := testserver.Post(t, srv, relevanceSearch, vars)
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
		return r
	}
	top := len(r.Hits) == 0 || r.Hits[0].Relevance < noAnswerRelevance
	all := true
	for _, h := range r.Hits {
		all = all && h.Partial && h.Relevance < noAnswerRelevance
	}
	r.TopLow, r.AllLow = &top, &all
	return r
}

// decodeStrict decodes JSON, refusing fields the struct does not know.
func decodeStrict(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// checkQueries fails the test on a malformed judged query: a missing or
// duplicate id, an unknown kind or split, an empty text, grades outside
// 1–3, an answerable query without a grade-3 answer.
func checkQueries(t *testing.T, file string, queries []relevanceQuery) {
	t.Helper()
	if len(queries) == 0 {
		t.Fatalf("%s has no queries", file)
	}
	known := map[string]bool{}
	for _, k := range relevanceKinds {
		known[k] = true
	}
	seen := map[string]bool{}
	for _, q := range queries {
		if q.ID == "" || seen[q.ID] {
			t.Fatalf("%s: missing or duplicate id %q", file, q.ID)
		}
		seen[q.ID] = true
		switch {
		case !known[q.Kind]:
			t.Fatalf("%s: %s: unknown kind %q", file, q.ID, q.Kind)
		case q.Split != splitDev && q.Split != splitTest:
			t.Fatalf("%s: %s: split %q is neither dev nor test", file, q.ID, q.Split)
		case strings.TrimSpace(q.Query) == "":
			t.Fatalf("%s: %s: empty query", file, q.ID)
		case (q.Kind == "no-answer") != (len(q.Judgments) == 0):
			t.Fatalf("%s: %s: no-answer queries, and only they, have no judgments", file, q.ID)
		}
		best := 0
		for id, g := range q.Judgments {
			if g < 1 || g > 3 {
				t.Fatalf("%s: %s: grade %d for %s is not 1, 2 or 3", file, q.ID, g, id)
			}
			best = max(best, g)
		}
		if len(q.Judgments) > 0 && best != 3 {
			t.Fatalf("%s: %s: no result is graded 3", file, q.ID)
		}
	}
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
		_, resp := testserver.Post(t, srv, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": chunk})
		data, _ := resp["data"].(map[string]any)
		nodes, _ := data["nodes"].([]any)
		if len(nodes) != len(chunk) {
			t.Fatalf("resolving the judged ids: %v", resp["errors"])
		}
		for i, n := range nodes {
			if n == nil {
				t.Errorf("a judgment names %s, which does not resolve", chunk[i])
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
		if id == "" {
			return nil, fmt.Errorf("a hit without an id: %v", edge)
		}
		score, _ := edge["score"].(float64)
		relevance, _ := edge["relevance"].(float64)
		partial, _ := edge["partial"].(bool)
		hits = append(hits, relevanceHit{ID: id, Score: score, Relevance: relevance, Partial: partial})
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

// summarize averages one split's answerable queries overall and per kind,
// and takes the shares of its no-answer queries whose hits are low.
func summarize(results []relevanceResult, split string) splitReport {
	rep := splitReport{Kinds: map[string]relevanceFigures{}}
	topLow, allLow := 0, 0
	for _, r := range results {
		if r.Split != split {
			continue
		}
		if !r.Answerable {
			rep.NoAnswer++
			if *r.TopLow {
				topLow++
			}
			if *r.AllLow {
				allLow++
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
		rep.TopLow = float64(topLow) / float64(rep.NoAnswer)
		rep.AllLow = float64(allLow) / float64(rep.NoAnswer)
	}
	return rep
}

// zeroHits lists the answerable misspelling and paraphrase queries that
// return no hit at all.
func zeroHits(results []relevanceResult) []string {
	var out []string
	for _, r := range results {
		if r.Answerable && (r.Kind == "misspelling" || r.Kind == "paraphrase") && len(r.Hits) == 0 && r.Error == "" {
			out = append(out, r.ID)
		}
	}
	return out
}

// checkFloors fails the test for each split figure below its floor.
func checkFloors(t *testing.T, rep relevanceReport) {
	t.Helper()
	for _, split := range []string{splitDev, splitTest} {
		s, f, label := rep.Splits[split], rep.Floors[split], rep.Set+" "+splitLabel[split]
		if s.Overall.MRR < f.MRR {
			t.Errorf("%s: MRR@10 = %.4f, below its floor %.2f", label, s.Overall.MRR, f.MRR)
		}
		if s.Overall.NDCG5 < f.NDCG {
			t.Errorf("%s: nDCG@5 = %.4f, below its floor %.2f", label, s.Overall.NDCG5, f.NDCG)
		}
		if s.NoAnswer > 0 && s.TopLow < f.TopLow {
			t.Errorf("%s: %.2f of the no-answer queries have a clearly low top hit (or none); want at least %.2f", label, s.TopLow, f.TopLow)
		}
		if s.NoAnswer > 0 && s.AllLow < f.AllLow {
			t.Errorf("%s: %.2f of the no-answer queries have only partial, clearly low hits; want at least %.2f", label, s.AllLow, f.AllLow)
		}
	}
}

// checkZeroHits fails the test for an answerable misspelling or paraphrase
// that finds nothing, unless it is listed as doing so today, and for a
// listed query that now finds hits.
func checkZeroHits(t *testing.T, zero []string, today map[string]bool) {
	t.Helper()
	found := map[string]bool{}
	for _, id := range zero {
		found[id] = true
		if !today[id] {
			t.Errorf("%s: an answerable misspelling or paraphrase returns no hit", id)
		}
	}
	for id := range today {
		if !found[id] {
			t.Errorf("%s now returns hits: take it off the list of queries that find nothing today", id)
		}
	}
}

// writeRelevanceReport writes the report as JSON when
// PACTGRAPH_RELEVANCE_REPORT names a file: the essay set to that file, any
// other set beside it with the set's name added (report.json →
// report-treaties.json).
func writeRelevanceReport(t *testing.T, set string, rep relevanceReport) {
	t.Helper()
	path := os.Getenv("PACTGRAPH_RELEVANCE_REPORT")
	if path == "" {
		return
	}
	if set != "essay" {
		ext := filepath.Ext(path)
		path = strings.TrimSuffix(path, ext) + "-" + set + ext
	}
	raw, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(raw, '\n'), 0o644); err != nil {
		t.Errorf("writing the relevance report: %v", err)
		return
	}
	t.Logf("per-query results written to %s", path)
}

// logRelevance prints every query, then the figures of each split.
func logRelevance(t *testing.T, rep relevanceReport) {
	t.Helper()
	var b strings.Builder
	logQueries(&b, rep.Queries)
	for _, split := range []string{splitDev, splitTest} {
		logSplit(&b, rep.Set+", "+splitLabel[split], rep.Splits[split], rep.Floors[split])
	}
	fmt.Fprintf(&b, "answerable misspellings and paraphrases with no hit: %d %v\n", len(rep.ZeroHits), rep.ZeroHits)
	t.Log(b.String())
}

// logQueries prints one line a query: its figures and its top three hits.
func logQueries(b *strings.Builder, results []relevanceResult) {
	fmt.Fprintf(b, "\n%-5s %-4s %-11s %-50s %5s %6s  %s\n", "id", "part", "kind", "query", "RR", "nDCG5", "top 3 (grade, score)")
	for _, r := range results {
		rr, nd := fmt.Sprintf("%.2f", r.RR), fmt.Sprintf("%.2f", r.NDCG5)
		if !r.Answerable {
			rr, nd = "-", "HIGH"
			if *r.TopLow {
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
		if rs := []rune(q); len(rs) > 50 {
			q = string(rs[:47]) + "..."
		}
		fmt.Fprintf(b, "%-5s %-4s %-11s %-50s %5s %6s  %s\n", r.ID, r.Split, r.Kind, q, rr, nd, strings.Join(top, ", "))
	}
	fmt.Fprintf(b, "(no-answer rows show \"low\" or \"HIGH\" for their top hit in the nDCG5 column; grade 0 means unjudged)\n")
}

// logSplit prints one split's figures per kind and overall, with floors.
func logSplit(b *strings.Builder, label string, s splitReport, f relevanceFloor) {
	fmt.Fprintf(b, "\n%s\n%-11s %7s %6s %6s\n", label, "kind", "queries", "MRR@10", "nDCG@5")
	for _, kind := range relevanceKinds {
		if k, ok := s.Kinds[kind]; ok {
			fmt.Fprintf(b, "%-11s %7d %6.3f %6.3f\n", kind, k.Queries, k.MRR, k.NDCG5)
		}
	}
	fmt.Fprintf(b, "%-11s %7d %6.3f %6.3f   (floors: %.2f, %.2f)\n", "overall", s.Overall.Queries, s.Overall.MRR, s.Overall.NDCG5, f.MRR, f.NDCG)
	fmt.Fprintf(b, "no-answer   %7d top hit clearly low (or none): %.3f (floor %.2f); every hit partial and relevance < %.2f: %.3f (floor %.2f)\n",
		s.NoAnswer, s.TopLow, f.TopLow, noAnswerRelevance, s.AllLow, f.AllLow)
}
