package graph_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pactgraph/api"
	"pactgraph/graph"
	"pactgraph/internal/testserver"
	"pactgraph/loader"
)

// treatyFloors are the treaty-text set's floors: the figures each part
// measures with the rebuilt search core, rounded down to two decimals (dev
// MRR@10 0.2333, nDCG@5 0.2234; test 0.2810, 0.2750; when the set was
// added, 0.2176, 0.2068 and 0.2858, 0.2776; the bars are 0.85 and
// 0.75; a proximity boost for each pair of neighbouring words gave the
// test part 0.3120 and 0.3171 but the tuned-on essay part less, and was
// dropped). Reading front matter as metadata and headings written with no
// space as headings raised them to dev 0.3611, 0.3077 and test 0.4111,
// 0.3855; with the pairs field for proximity beside them, dev 0.3532,
// 0.3042 and test 0.4199, 0.3873; with the Dutch halves analysed as Dutch
// (no Dutch passage is left in these English queries' top 10s), dev
// 0.3532, 0.3004 (two passages of equal score at ranks 5 and 6 changed
// places) and test 0.4246, 0.3892; with a name's boost earned only by a
// name that holds two of a search's words, dev 0.355, 0.314 and test
// 0.426, 0.411; with synonym groups for treaty vocabulary (withdrawal and
// denunciation, money and funds, …), dev 0.402, 0.352 and test 0.436,
// 0.421; with a question's modal verbs ("what must each party do…")
// carrying nothing, dev 0.410, 0.354 (test unchanged); with words that, as
// typed, belong to a synonym left uncorrected ("remilitarised" is no longer
// corrected before its synonym group can match it), dev 0.426, 0.361 (test
// unchanged). Five dev queries' pools were then judged (the unjudged
// passages in the top 5 of the ranking and of the BM25 length fix): dev
// 0.545, 0.435; with BM25 dividing by the fields' true mean lengths, dev
// 0.545, 0.438 and test 0.433, 0.421, the same on disk and in memory;
// with synonym groups for the words the English stemmer leaves apart
// (seize and seizure, terrorist and terrorism, ratify and ratification,
// …), dev 0.561, 0.462 and test 0.435, 0.429; with spelling corrections keeping
// the first letter, test 0.441, 0.429 (dev unchanged); with a word's
// derivations that the stemmer leaves apart (derive.go), dev 0.561, 0.466;
// with a heading boost for the alternatives' words, test 0.439, 0.421.
// The other dev queries' pools were then judged (the unjudged passages in
// the top 5 of pactgraph and of Xapian, 61 judgments for 17 queries): dev
// 0.621, 0.560 with the ranking unchanged (Xapian 0.313, 0.265 → 0.433,
// 0.380). A lead-in ending with a colon and its lettered items then made
// one passage (the loader's joinEnumerations; the treaty texts had cut
// "Inspection reports shall contain:" from its items a) to e)): dev
// 0.638, 0.571, test 0.474, 0.477 (Xapian over the same passages: dev
// 0.457, 0.402, test 0.498, 0.482). Seven queries that cite an article
// by number (tt43-tt49, three dev and four test) were then written and
// judged before article references were searched for, tt45's pool judged
// after the first run (every definition of the article answers it): with
// the code unchanged, dev 0.611, 0.538 and test 0.411, 0.418, so the
// floors moved with the set; with article references (search/articles.go),
// dev 0.642, 0.563 and test 0.426, 0.440. A passage's context, the words
// of its document's names that its text seldom writes (the treaty files'
// English titles: "bombing", "Vienna", "cluster munitions"), then gave dev
// 0.731, 0.639 and test 0.479, 0.491 as a field of its own, matched as
// another alternative of each word; that cost a tenth of a search at 10k
// passages and broke the p99 target at 100k (60 ms against 41), so the
// context is now written in the text field instead, free at search time:
// dev 0.698, 0.622 and test 0.532, 0.548. The dev floors came down with
// that trade, the one time they have, and it is written here. Every
// no-answer query has only partial, clearly low hits. Raise the floors as
// ranking improves; never lower them to make a change pass.
var treatyFloors = map[string]relevanceFloor{
	splitDev:  {MRR: 0.69, NDCG: 0.62, TopLow: 1, AllLow: 1},
	splitTest: {MRR: 0.53, NDCG: 0.54, TopLow: 1, AllLow: 1},
}

// treatyZeroHitsToday lists the answerable treaty-text misspelling and
// paraphrase queries that return no hit at all today. Empty this list.
var treatyZeroHitsToday = map[string]bool{}

// treatyJudgment grades either a passage, named by its document's path in
// the corpus and a snippet of its body text, or an entity by its id.
// Naming passages by text keeps the judgments valid when the way documents
// are split into passages, or their front matter read, changes.
type treatyJudgment struct {
	Doc     string `json:"doc,omitempty"`
	Snippet string `json:"snippet,omitempty"`
	ID      string `json:"id,omitempty"`
	Grade   int    `json:"grade"`
}

type treatyQuery struct {
	relevanceQuery
	Judgments []treatyJudgment `json:"judgments"`
}

// treatyTextsDir is where the treaty texts are: PACTGRAPH_TREATY_TEXTS
// names another directory, or "require" for the usual one. Either way they
// are then required, and their absence fails the test instead of skipping
// it (CI sets it, as it does for the other data sets it must have).
func treatyTextsDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("..", "..", "shared", "data", "treaty-texts")
	env := os.Getenv("PACTGRAPH_TREATY_TEXTS")
	if env != "" && env != "require" {
		dir = env
	}
	if _, err := os.Stat(filepath.Join(dir, "nl-treaties")); err != nil {
		msg := fmt.Sprintf("the treaty texts are not at %s (they sit beside the repository, in shared/data/treaty-texts; PACTGRAPH_TREATY_TEXTS names another directory)", dir)
		if env != "" {
			t.Fatalf("%s, and PACTGRAPH_TREATY_TEXTS=%s requires them", msg, env)
		}
		t.Skipf("SKIPPED: %s; set PACTGRAPH_TREATY_TEXTS=require to make this a failure", msg)
	}
	return dir
}

// TestRelevanceTreaties measures ranking over real treaty texts and
// archival cables, loaded beside the embedded corpus as `pactgraph
// -corpus DIR` loads them, with the same figures and splits as
// TestRelevance.
func TestRelevanceTreaties(t *testing.T) {
	dir := treatyTextsDir(t)
	queries := readTreatyQueries(t)
	cat, ix, _, err := loader.Build(context.Background(), []loader.Corpus{loader.Builtin(), loader.Dir(dir)}, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	st := &graph.State{Catalog: cat, Index: ix}
	srv := httptest.NewServer(api.NewHandler(api.Options{Snapshots: api.NewSnapshots(st)}))
	t.Cleanup(srv.Close)

	judged := resolveTreatyJudgments(t, srv, queries)
	checkQueries(t, "treaties.json", judged)
	checkJudgedIDs(t, srv, judged)
	measureSet(t, srv, "treaties", judged, treatyFloors, treatyZeroHitsToday)

	// The same set over the index `pactgraph index` writes: built on disk
	// and merged into one segment, where the in-memory index keeps a
	// segment per batch (Bleve's dictionary counts once read the Dutch
	// half as one record there, and English searches as Dutch; its
	// estimate of the fields' average lengths differed too). It meets the
	// same floors.
	t.Run("on disk", func(t *testing.T) {
		cat, disk, _, err := loader.Build(context.Background(), []loader.Corpus{loader.Builtin(), loader.Dir(dir)}, filepath.Join(t.TempDir(), "index"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { disk.Close() })
		srv := httptest.NewServer(api.NewHandler(api.Options{Snapshots: api.NewSnapshots(&graph.State{Catalog: cat, Index: disk})}))
		t.Cleanup(srv.Close)
		measureSet(t, srv, "treaties-on-disk", judged, treatyFloors, treatyZeroHitsToday)
	})
}

// readTreatyQueries reads the treaty-text judged set.
func readTreatyQueries(t *testing.T) []treatyQuery {
	t.Helper()
	raw, err := os.ReadFile("testdata/relevance/treaties.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Queries []treatyQuery `json:"queries"`
	}
	if err := decodeStrict(raw, &file); err != nil {
		t.Fatalf("testdata/relevance/treaties.json: %v", err)
	}
	return file.Queries
}

// resolveTreatyJudgments turns each judgment into a passage or entity id.
// A snippet must match exactly one passage of its document (whitespace
// runs count as one space): one that matches none or several fails the
// test, so a judgment cannot silently stop counting.
func resolveTreatyJudgments(t *testing.T, srv *httptest.Server, in []treatyQuery) []relevanceQuery {
	t.Helper()
	passages := map[string][]passageText{} // document path → its passages
	out := make([]relevanceQuery, 0, len(in))
	for _, q := range in {
		rq := q.relevanceQuery
		rq.Judgments = map[string]int{}
		for _, j := range q.Judgments {
			if (j.Doc == "") == (j.ID == "") || (j.Doc == "") != (j.Snippet == "") {
				t.Fatalf("treaties.json: %s: a judgment names either a doc and a snippet, or an id", q.ID)
			}
			id := j.ID
			if j.Doc != "" {
				if _, ok := passages[j.Doc]; !ok {
					passages[j.Doc] = documentPassages(t, srv, j.Doc)
				}
				id = matchSnippet(t, q.ID, j, passages[j.Doc])
			}
			// Two snippets may sit in one passage today and in two after a
			// change to splitting: the passage takes the higher grade.
			rq.Judgments[id] = max(rq.Judgments[id], j.Grade)
		}
		out = append(out, rq)
	}
	return out
}

type passageText struct{ id, text string }

// matchSnippet finds the one passage holding a judgment's snippet.
func matchSnippet(t *testing.T, query string, j treatyJudgment, passages []passageText) string {
	t.Helper()
	want := strings.Join(strings.Fields(j.Snippet), " ")
	var found []string
	for _, p := range passages {
		if strings.Contains(p.text, want) {
			found = append(found, p.id)
		}
	}
	if len(found) != 1 {
		t.Fatalf("treaties.json: %s: the snippet %q matches %d passages of %s (%v); it must match exactly one", query, j.Snippet, len(found), j.Doc, found)
	}
	return found[0]
}

const documentPassagesQuery = `query($id: ID!, $after: String) {
  document(id: $id) { passages(first: 100, after: $after) {
    edges { node { id text } } pageInfo { hasNextPage endCursor } } }
}`

// documentPassages reads every passage of the document at path, through
// the API, with its whitespace runs made single spaces.
func documentPassages(t *testing.T, srv *httptest.Server, path string) []passageText {
	t.Helper()
	id := documentByPath(t, srv, path)
	var out []passageText
	var after any
	for {
		_, resp := testserver.Post(t, srv, documentPassagesQuery, map[string]any{"id": id, "after": after})
		var page struct {
			Document struct {
				Passages struct {
					Edges []struct {
						Node struct{ ID, Text string }
					}
					PageInfo struct {
						HasNextPage bool
						EndCursor   string
					}
				}
			}
		}
		if err := remarshal(resp["data"], &page); err != nil || resp["errors"] != nil {
			t.Fatalf("reading the passages of %s: %v %v", path, err, resp["errors"])
		}
		for _, e := range page.Document.Passages.Edges {
			out = append(out, passageText{e.Node.ID, strings.Join(strings.Fields(e.Node.Text), " ")})
		}
		if !page.Document.Passages.PageInfo.HasNextPage {
			return out
		}
		after = page.Document.Passages.PageInfo.EndCursor
	}
}

// documentByPath finds the id of the document whose corpus path is path.
func documentByPath(t *testing.T, srv *httptest.Server, path string) string {
	t.Helper()
	_, resp := testserver.Post(t, srv, `{ documents { id path } }`, nil)
	var data struct{ Documents []struct{ ID, Path string } }
	if err := remarshal(resp["data"], &data); err != nil {
		t.Fatal(err)
	}
	for _, d := range data.Documents {
		if d.Path == path {
			return d.ID
		}
	}
	t.Fatalf("treaties.json judges a passage of %s, which is not a document of the corpus", path)
	return ""
}

// remarshal decodes a generic JSON value into a typed one.
func remarshal(v any, into any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, into)
}
