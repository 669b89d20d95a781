package graph_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"pactgraph/api"
	"pactgraph/graph"
	"pactgraph/internal/testserver"
	"pactgraph/loader"
)

// The researcher corpus (testdata/researcher) has the shapes of real
// researchers' files: archival cables with YAML front matter, a treaty
// file with headings that have no space after the hashes and Dutch beside
// English, and a draft treaty whose articles are plain lines.
var (
	researcherOnce  sync.Once
	researcherState *graph.State
	researcherErr   error
)

func researcherServer(t *testing.T) *httptest.Server {
	t.Helper()
	researcherOnce.Do(func() {
		cat, ix, _, err := loader.Build(context.Background(), []loader.Corpus{loader.Builtin(), loader.Dir("testdata/researcher")}, "")
		researcherState, researcherErr = &graph.State{Catalog: cat, Index: ix}, err
	})
	if researcherErr != nil {
		t.Fatal(researcherErr)
	}
	return testserver.Serve(t, researcherState, api.Options{})
}

// query posts a query that must succeed and returns its data as JSON.
func query(t *testing.T, srv *httptest.Server, q string) string {
	t.Helper()
	_, resp := testserver.Post(t, srv, q, nil)
	if resp["errors"] != nil {
		t.Fatalf("%s: errors %v", q, resp["errors"])
	}
	out, _ := json.Marshal(resp["data"])
	return string(out)
}

func TestDocumentFrontMatter(t *testing.T) {
	srv := researcherServer(t)
	got := query(t, srv, `{ document(id: "document:cables-7-cablegram-from-gray-to-brown") { title date authors meta { key value scalar } } }`)
	want := `{"document":{"authors":[],"date":"1951-02-17","meta":[{"key":"doc_num","scalar":true,"value":"7"},` +
		`{"key":"naa_refs","scalar":false,"value":"[{\"naa_barcode\":101,\"naa_series\":\"A1838\",\"reference\":\"[NAA : A1838, 250/7]\"}]"},` +
		`{"key":"vol_title","scalar":true,"value":"Volume 99: A Pacific Pact"}],"title":"Cablegram from Gray to Brown"}}`
	if got != want {
		t.Errorf("document =\n%s\nwant\n%s", got, want)
	}
}

func TestSearchMetaFilter(t *testing.T) {
	srv := researcherServer(t)
	ids := func(filter string) string {
		got := query(t, srv, `{ search(query: "Monroe form", types: [PASSAGE], highlight: false, filter: `+filter+`) { edges { node { ... on Passage { id } } } } }`)
		var data struct {
			Search struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		json.Unmarshal([]byte(got), &data)
		var out []string
		for _, e := range data.Search.Edges {
			out = append(out, e.Node.ID)
		}
		return strings.Join(out, " ")
	}
	if got := ids(`{meta: [{key: "vol_title", value: "Volume 99: A Pacific Pact"}]}`); !strings.Contains(got, "cables-7") || !strings.Contains(got, "cables-8") {
		t.Errorf("vol_title filter = %q; want both cables", got)
	}
	if got := ids(`{meta: [{key: "vol_title", value: "Volume 99: A Pacific Pact"}, {key: "doc_num", value: "8"}]}`); got != "passage:cables-8-cablegram-from-brown-to-gray:2" {
		t.Errorf("vol_title and doc_num filter = %q; want cable 8's passage only", got)
	}
	if got := ids(`{meta: [{key: "naa_refs", value: "A1838"}]}`); got != "" {
		t.Errorf("a list's meta filter = %q; want nothing (only scalars are searchable)", got)
	}
}

func TestAgreementTextsAndArticles(t *testing.T) {
	srv := researcherServer(t)
	got := query(t, srv, `{ agreement(id: "north-atlantic-treaty") {
		texts { id title language textOf { id } }
		five: article(number: "5") { id article headingPath textOf { id } }
		roman: article(number: "v") { id }
		none: article(number: "99") { id } } }`)
	var data struct {
		Agreement struct {
			Texts []struct {
				ID, Title, Language string
				TextOf              struct{ ID string }
			}
			Five []struct {
				ID, Article string
				HeadingPath []string
				TextOf      struct{ ID string }
			}
			Roman, None []struct{ ID string }
		}
	}
	if err := json.Unmarshal([]byte(got), &data); err != nil {
		t.Fatal(err)
	}
	a := data.Agreement
	// The bilingual file declares no language: its passages' are detected.
	if len(a.Texts) != 1 || a.Texts[0].ID != "document:treaties-north-atlantic-treaty-1949-bwbv0000001" ||
		a.Texts[0].Language != "" || a.Texts[0].TextOf.ID != "agreement:north-atlantic-treaty" {
		t.Errorf("texts = %+v; want the treaty file joined by documents.json, with no language declared", a.Texts)
	}
	// Article 5 in English (two paragraphs) and in the Dutch translation.
	if len(a.Five) != 3 {
		t.Fatalf("article(5) = %+v; want 3 passages", a.Five)
	}
	for _, p := range a.Five {
		if p.Article != "5" || p.TextOf.ID != "agreement:north-atlantic-treaty" {
			t.Errorf("article(5) passage = %+v", p)
		}
	}
	if strings.Join(a.Five[0].HeadingPath, " > ") != "Noord-Atlantisch Verdrag > Article 5" {
		t.Errorf("heading path = %q", a.Five[0].HeadingPath)
	}
	if len(a.Roman) != len(a.Five) {
		t.Errorf("article(v) = %+v; want Article 5 again: V and 5 are one number", a.Roman)
	}
	if len(a.None) != 0 {
		t.Errorf("article(99) = %+v; want none", a.None)
	}
	anzus := query(t, srv, `{ agreement(id: "anzus") { article(number: "4") { article text } } }`)
	if !strings.Contains(anzus, `"article":"IV"`) || !strings.Contains(anzus, "armed attack in the Pacific") {
		t.Errorf("ANZUS article(4) = %s; want ARTICLE IV of the draft (4 and IV are one number)", anzus)
	}
	_, resp := testserver.Post(t, srv, `{ agreement(id: "anzus") { article(number: "4; drop") { id } } }`, nil)
	if !strings.Contains(fmt.Sprint(resp["errors"]), "BAD_USER_INPUT") {
		t.Errorf("article(number: \"4; drop\") = %v; want BAD_USER_INPUT", resp)
	}
}

// The researchers' query: an armed attack, answered by Article 5 of the
// North Atlantic Treaty with the treaty's facts in the same answer.
func TestArmedAttackJoinsTheTreaty(t *testing.T) {
	srv := researcherServer(t)
	got := query(t, srv, `{ search(query: "armed attack", types: [PASSAGE], first: 10, highlight: false, facets: [TEXT_OF]) {
		edges { node { ... on Passage { id article document { title } textOf { id name signed parties { country { code } } obligations atopId } } } }
		facets { field buckets { value label count } } } }`)
	var data struct {
		Search struct {
			Edges []struct {
				Node struct {
					ID, Article string
					TextOf      *struct {
						ID, Name, Signed string
						Parties          []any
						Obligations      []string
						AtopID           *int
					}
				}
			}
			Facets []struct {
				Field   string
				Buckets []struct {
					Value, Label string
					Count        int
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(got), &data); err != nil {
		t.Fatal(err)
	}
	var rank int
	for i, e := range data.Search.Edges {
		if e.Node.Article == "5" && e.Node.TextOf != nil && e.Node.TextOf.ID == "agreement:north-atlantic-treaty" {
			rank = i + 1
			tx := e.Node.TextOf
			if tx.Signed != "1949-04-04" || len(tx.Parties) < 12 || !slices.Contains(tx.Obligations, "DEFENSE") || tx.AtopID == nil {
				t.Errorf("textOf = %+v; want the treaty's date, parties and ATOP coding", tx)
			}
			break
		}
	}
	if rank == 0 {
		t.Errorf("search(armed attack) first page = %s; want Article 5 of the North Atlantic Treaty", got)
	}
	want := map[string]string{"agreement:north-atlantic-treaty": "North Atlantic Treaty", "agreement:anzus": "Security Treaty between Australia, New Zealand and the United States of America"}
	if len(data.Search.Facets) != 1 || data.Search.Facets[0].Field != "TEXT_OF" {
		t.Fatalf("facets = %+v", data.Search.Facets)
	}
	for _, b := range data.Search.Facets[0].Buckets {
		if want[b.Value] != b.Label {
			t.Errorf("TEXT_OF bucket %+v; want one of %v", b, want)
		}
		delete(want, b.Value)
	}
	if len(want) != 0 {
		t.Errorf("TEXT_OF facet misses %v", want)
	}
}

func TestAgreementFilterIncludesItsText(t *testing.T) {
	srv := researcherServer(t)
	got := query(t, srv, `{ search(query: "armed attack", types: [PASSAGE], highlight: false, first: 20, filter: {agreements: ["agreement:north-atlantic-treaty"]}) { edges { node { ... on Passage { id textOf { id } } } } } }`)
	if !strings.Contains(got, "passage:treaties-north-atlantic-treaty-1949-bwbv0000001:") {
		t.Errorf("filter agreements=[north-atlantic-treaty] = %s; want the treaty's own passages", got)
	}
	if strings.Contains(got, "anzus-draft") {
		t.Errorf("filter agreements=[north-atlantic-treaty] = %s; want no ANZUS text", got)
	}
	only := query(t, srv, `{ search(query: "armed attack", types: [PASSAGE], highlight: false, first: 20, filter: {textOf: ["agreement:anzus"], articles: ["IV"]}) { totalCount edges { node { ... on Passage { article } } } } }`)
	if !strings.Contains(only, `"totalCount":1`) && !strings.Contains(only, `"totalCount":2`) || strings.Contains(only, `"article":"V"`) {
		t.Errorf("filter textOf=[anzus], articles=[IV] = %s; want ARTICLE IV's passages only", only)
	}
}

func TestSearchExportHasArticleAndTextOf(t *testing.T) {
	srv := researcherServer(t)
	resp, err := http.Get(srv.URL + "/export/search.csv?q=armed+attack&types=PASSAGE&highlight=false")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	rows, err := csv.NewReader(resp.Body).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("export = %v, %v", rows, err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	found := false
	for _, r := range rows[1:] {
		if r[col["passage.article"]] == "5" && r[col["passage.textOf"]] == "agreement:north-atlantic-treaty" {
			found = true
		}
	}
	if !found {
		t.Errorf("export lacks a row of Article 5 of the North Atlantic Treaty's text:\n%v", rows)
	}
	resp2, err := http.Get(srv.URL + "/export/search.csv?q=armed+attack&types=PASSAGE&highlight=false&textOf=anzus&article=4")
	if err != nil {
		t.Fatal(err)
	}
	defer resp2.Body.Close()
	rows, err = csv.NewReader(resp2.Body).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("export textOf=anzus article=4 = %v, %v; want ARTICLE IV's passages", rows, err)
	}
	for _, r := range rows[1:] {
		if r[col["passage.article"]] != "IV" || r[col["passage.textOf"]] != "agreement:anzus" {
			t.Errorf("export textOf=anzus article=4 row = %v", r)
		}
	}
}

// Agreement.article is a list the operation's complexity counts by first,
// as it counts connections.
func TestArticleWeighsItsPage(t *testing.T) {
	srv := researcherServer(t)
	_, resp := testserver.Post(t, srv, `{ a: agreements(first: 100) { edges { node { article(number: "5", first: 100) { text document { title } } } } } }`, nil)
	if !strings.Contains(fmt.Sprint(resp["errors"]), "COMPLEXITY_LIMIT_EXCEEDED") {
		t.Errorf("100 agreements × 100 article passages = %v; want COMPLEXITY_LIMIT_EXCEEDED", resp)
	}
	got := query(t, srv, `{ agreement(id: "north-atlantic-treaty") { article(number: "5", first: 1) { article } } }`)
	if got != `{"agreement":{"article":[{"article":"5"}]}}` {
		t.Errorf("article(first: 1) = %s", got)
	}
	_, resp = testserver.Post(t, srv, `{ agreement(id: "north-atlantic-treaty") { article(number: "5", first: 0) { article } } }`, nil)
	if !strings.Contains(fmt.Sprint(resp["errors"]), "BAD_USER_INPUT") {
		t.Errorf("article(first: 0) = %v; want BAD_USER_INPUT", resp)
	}
}

// An agreement's mentions are the passages that mention it, not its own
// text, which the search filter on the agreement includes besides.
func TestMentionsAreNotTheText(t *testing.T) {
	srv := researcherServer(t)
	got := query(t, srv, `{ agreement(id: "north-atlantic-treaty") { mentions(first: 100) { edges { node { id } } } } }`)
	if strings.Contains(got, "treaties-north-atlantic-treaty-1949") {
		t.Errorf("mentions = %s; want no passage of the treaty's own text (they do not name it)", got)
	}
	all := query(t, srv, `{ search(query: "Parties", types: [PASSAGE], highlight: false, first: 50, filter: {agreements: ["agreement:north-atlantic-treaty"]}) { edges { node { ... on Passage { id } } } } }`)
	if !strings.Contains(all, "treaties-north-atlantic-treaty-1949") {
		t.Errorf("search filtered on the agreement = %s; want its text's passages", all)
	}
}
