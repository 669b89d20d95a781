package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"pactgraph/api"
	"pactgraph/bench/internal/baseline"
	"pactgraph/bench/internal/texts"
	"pactgraph/graph"
	"pactgraph/loader"
	"pactgraph/search"
)

func TestMain(m *testing.M) {
	code := m.Run()
	printRatios(os.Stdout)
	if servedFix != nil {
		servedFix.state.Index.Close()
	}
	if servedPlain != nil {
		servedPlain.Close()
	}
	closeSides()
	os.Exit(code)
}

// nsPerOp keeps each benchmark's time per operation, for the ratios
// printed at the end of a run: the least over the runs of at least 100 ms
// (the shorter ones are the framework's probes), since noise from other
// work on the machine only ever adds time.
var (
	nsMu    sync.Mutex
	nsPerOp = map[string]float64{}
)

func record(b *testing.B) {
	if b.N == 0 || b.Elapsed() < 100*time.Millisecond {
		return
	}
	recordAs(b.Name(), float64(b.Elapsed().Nanoseconds())/float64(b.N))
}

func recordAs(name string, ns float64) {
	nsMu.Lock()
	defer nsMu.Unlock()
	if old, ok := nsPerOp[name]; !ok || ns < old {
		nsPerOp[name] = ns
	}
}

// rate reports n items per operation as items per second.
func rate(b *testing.B, n int, unit string) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(n)*float64(b.N)/s, unit)
	}
}

// printRatios prints the figures the targets are stated in, from the
// benchmarks that ran.
func printRatios(w io.Writer) {
	nsMu.Lock()
	defer nsMu.Unlock()
	if len(nsPerOp) == 0 {
		return
	}
	type ratio struct {
		what, num, den, target string
		inverse                bool // a throughput ratio: den/num
	}
	ratios := []ratio{
		{"index only, pactgraph / raw Bleve throughput", "BenchmarkIndex/pactgraph", "BenchmarkIndex/raw-bleve", "", true},
		{"load + link + index, pactgraph / raw Bleve throughput", "BenchmarkIndex/pactgraph-build", "BenchmarkIndex/raw-bleve", "≥ 0.80", true},
		{"SIMPLE search, pactgraph / plain Bleve throughput, embedded", "BenchmarkSimpleVsBleve/embedded/pactgraph", "BenchmarkSimpleVsBleve/embedded/bleve", "≥ 0.50, goal 0.80", true},
		{"  the same, 10k passages", "BenchmarkSimpleVsBleve/p10000/pactgraph", "BenchmarkSimpleVsBleve/p10000/bleve", "≥ 0.50, goal 0.80", true},
		{"  the same, 100k passages", "BenchmarkSimpleVsBleve/p100000/pactgraph", "BenchmarkSimpleVsBleve/p100000/bleve", "≥ 0.50, goal 0.80", true},
		{"  interleaved, embedded", "interleaved/embedded/pactgraph", "interleaved/embedded/bleve", "", true},
		{"  interleaved, 10k passages", "interleaved/p10000/pactgraph", "interleaved/p10000/bleve", "", true},
		{"  interleaved, 100k passages", "interleaved/p100000/pactgraph", "interleaved/p100000/bleve", "", true},
		{"GraphQL / plain Bleve server throughput, search 10, serial", "BenchmarkHTTP/graphql-search-10", "BenchmarkHTTP/plain-search-10", "", true},
		{"GraphQL / plain Bleve server throughput, search 10, 16 clients", "BenchmarkHTTP/graphql-search-10-c16", "BenchmarkHTTP/plain-search-10-c16", "≥ 0.50", true},
		{"  the same, interleaved (GraphQL and plain requests alternate)", "pair/graphql-c16", "pair/plain-c16", "", true},
		{"  serial, interleaved", "pair/graphql", "pair/plain", "", true},
		{"GraphQL 50 hits nested joins / GraphQL 50 hits bare, time", "BenchmarkHTTP/graphql-nested-50", "BenchmarkHTTP/graphql-bare-50", "≤ 1.3", false},
		{"  the same on the embedded corpus alone (graph/http_test.go's)", "BenchmarkHTTPBuiltin/graphql-nested-50", "BenchmarkHTTPBuiltin/graphql-bare-50", "≤ 1.3", false},
		{"GraphQL 50 hits nested joins / search.Index 50 hits, time", "BenchmarkHTTP/graphql-nested-50", "BenchmarkSearch/bare-50", "", false},
		{"GraphQL 50 hits bare / plain Bleve 50 hits, time", "BenchmarkHTTP/graphql-bare-50", "BenchmarkHTTP/plain-bare-50", "", false},
	}
	s := benchSize()
	header := false
	for _, r := range ratios {
		num, ok1 := nsPerOp[r.num]
		den, ok2 := nsPerOp[r.den]
		if !ok1 || !ok2 || num == 0 || den == 0 {
			continue
		}
		if !header {
			fmt.Fprintf(w, "\nratios (GOMAXPROCS %d; Index, Search and HTTP at %d generated passages, %d agreements; SimpleVsBleve at the size named):\n", runtime.GOMAXPROCS(0), s.passages, s.agreements)
			header = true
		}
		v := num / den
		if r.inverse {
			v = den / num
		}
		target := ""
		if r.target != "" {
			target = "  (target " + r.target + ")"
		}
		fmt.Fprintf(w, "  %-62s %6.2f%s\n", r.what, v, target)
	}
}

// BenchmarkStartupBuiltin builds the embedded corpus in memory, as `go run
// .` does at start (target: under 300 ms).
func BenchmarkStartupBuiltin(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_, ix, _, err := loader.Build(context.Background(), []loader.Corpus{loader.Builtin()}, "")
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
	record(b)
}

// BenchmarkLoad reads, validates and links the embedded and the generated
// corpus (no indexing). MB/s counts the generated documents' bytes.
func BenchmarkLoad(b *testing.B) {
	f := getLoaded(b)
	b.SetBytes(f.corpusBytes)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := loader.Load(context.Background(), f.corpora); err != nil {
			b.Fatal(err)
		}
	}
	rate(b, f.loaded.Passages, "passages/s")
	record(b)
}

// BenchmarkIndex indexes the loaded records into a new in-memory scorch
// index three ways: pactgraph's mapping (search.Index.Add), the whole
// loader.Build (load, link and index, as `pactgraph index` runs it), and
// the plain-Bleve baseline (package bench/internal/baseline: one English
// text field, BM25) fed the same records in batches of the same size.
// MB/s counts the text indexed (names, aliases, headings, bodies);
// records/s counts passages and entities.
func BenchmarkIndex(b *testing.B) {
	f := getLoaded(b)
	ctx := context.Background()
	b.Run("pactgraph", func(b *testing.B) {
		b.SetBytes(f.textBytes)
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			ix, err := search.Create("")
			if err != nil {
				b.Fatal(err)
			}
			if err := ix.Add(ctx, f.loaded.Docs); err != nil {
				b.Fatal(err)
			}
			if err := ix.SetSynonyms(f.loaded.Entities.SynonymGroups()); err != nil {
				b.Fatal(err)
			}
			ix.Close()
		}
		rate(b, f.loaded.Passages, "passages/s")
		rate(b, len(f.loaded.Docs), "records/s")
		record(b)
	})
	b.Run("pactgraph-build", func(b *testing.B) {
		b.SetBytes(f.textBytes)
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			_, ix, _, err := loader.Build(ctx, f.corpora, "")
			if err != nil {
				b.Fatal(err)
			}
			ix.Close()
		}
		rate(b, f.loaded.Passages, "passages/s")
		rate(b, len(f.loaded.Docs), "records/s")
		record(b)
	})
	b.Run("raw-bleve", func(b *testing.B) {
		recs := baseline.Records(f.loaded.Docs)
		b.SetBytes(f.textBytes)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			idx, err := baseline.Build("", recs)
			if err != nil {
				b.Fatal(err)
			}
			idx.Close()
		}
		rate(b, f.loaded.Passages, "passages/s")
		rate(b, len(recs), "records/s")
		record(b)
	})
}

// searchClasses are the kinds of search the API serves, each a few texts
// run in turn, 10 hits a page, highlights off unless the class is about
// them.
var searchClasses = []struct {
	name    string
	queries []search.Query
}{
	{"match", simple(false, "security cooperation", "nuclear weapons Japan", "defence alliance", "treaty France Germany")},
	{"selective", simple(false, "garrison", "arbitration tribunal", "interoperability", "logistics command")},
	{"phrase", simple(false, `"mutual defence"`, `"collective security"`, `"arms control"`, `"intelligence sharing"`)},
	{"fuzzy", advanced("defence~1", "alliance~1", "treaty~1", "verification~1")},
	{"prefix", advanced("agreem*", "secur*", "cooper*", "negot*")},
	{"faceted", facets(simple(false, "security", "treaty", "alliance", "Japan"))},
	{"highlighted", simple(true, "security cooperation", "nuclear weapons Japan", "defence alliance", "treaty France Germany")},
	{"corrected", simple(false, "securty cooperaton", "nucler weapns", "alliamce", "tretay")},
	{"bare-50", first(50, simple(true, "agreements", "security", "treaty", "cooperation"))},
}

func simple(highlight bool, texts ...string) []search.Query {
	var out []search.Query
	for _, t := range texts {
		out = append(out, search.Query{Text: t, First: 10, Highlight: highlight})
	}
	return out
}

func advanced(texts ...string) []search.Query {
	var out []search.Query
	for _, t := range texts {
		out = append(out, search.Query{Text: t, Mode: search.Advanced, First: 10})
	}
	return out
}

func facets(qs []search.Query) []search.Query {
	for i := range qs {
		qs[i].Facets = []search.Facet{search.FacetType, search.FacetKind, search.FacetTheme, search.FacetParty,
			search.FacetOrganization, search.FacetDecade}
	}
	return qs
}

func first(n int, qs []search.Query) []search.Query {
	for i := range qs {
		qs[i].First = n
	}
	return qs
}

// BenchmarkSearch runs each class of search through search.Index on the
// on-disk index, as the server does; hits/op is the average page size and
// total/op the average number of records matched.
func BenchmarkSearch(b *testing.B) {
	ix := getServed(b).state.Index
	ctx := context.Background()
	for _, c := range searchClasses {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			hits, total := 0, 0
			for i := 0; i < b.N; i++ {
				res, err := ix.Search(ctx, c.queries[i%len(c.queries)])
				if err != nil {
					b.Fatal(err)
				}
				hits += len(res.Hits)
				total += res.Total
			}
			b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
			b.ReportMetric(float64(total)/float64(b.N), "total/op")
			record(b)
		})
	}
}

// searchQuery is a GraphQL search of the page's total, and per hit its
// score, highlights, type, id and (for a passage) heading; the plain-Bleve
// baseline answers the total, ids, scores and highlights.
const searchQuery = `query Search($q: String!, $first: Int) {
  search(query: $q, first: $first) {
    totalCount
    edges { score highlights { field fragment } node { __typename ... on Node { id } ... on Passage { heading } } }
  }
}`

// bareQuery and nestedQuery are graph/http_test.go's 50 hits, bare and with
// agreement → parties → organizations joins.
const bareQuery = `query Bare($q: String!) { search(query: $q, first: 50) { edges { node { ... on Node { id } } } } }`

const nestedQuery = `query Nested($q: String!) { search(query: $q, first: 50) { edges { node {
  ... on Passage { id document { title } agreements { id parties { country { code organizations { id } } } organizations { id members { country { code } } } } organizations { id foundingAgreements { id } } countries { agreements { id } } }
  ... on Agreement { id parties { country { code agreements { id organizations { id } } } } organizations { id agreements { id } } }
  ... on Organization { id members { country { code } } agreements { parties { country { code } } } }
} } } }`

var (
	searchTexts = []string{"security cooperation", "nuclear weapons Japan", "defence alliance", "treaty France Germany"}
	bareTexts   = []string{"agreements", "security", "treaty", "cooperation"}
)

func gqlBodies(query string, first int, texts []string) [][]byte {
	var out [][]byte
	for _, t := range texts {
		vars := map[string]any{"q": t}
		if first > 0 {
			vars["first"] = first
		}
		b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		out = append(out, b)
	}
	return out
}

func jsonBodies(first int, texts []string) [][]byte {
	var out [][]byte
	for _, t := range texts {
		b, _ := json.Marshal(baseline.Request{Query: t, First: first})
		out = append(out, b)
	}
	return out
}

// servers starts the real GraphQL handler over st and the plain-Bleve
// baseline over idx (when there is one) on loopback test servers.
func servers(st *graph.State, idx bleve.Index) (gql, plain *httptest.Server) {
	gql = httptest.NewServer(api.NewHandler(api.Options{Snapshots: api.NewSnapshots(st)}))
	if idx != nil {
		plain = httptest.NewServer(baseline.Handler(idx))
	}
	return gql, plain
}

var (
	servedPlainOnce sync.Once
	servedPlain     bleve.Index
	servedPlainErr  error
)

// getServedPlain is the plain-Bleve index of getServed's records.
func getServedPlain(tb testing.TB) bleve.Index {
	tb.Helper()
	servedPlainOnce.Do(func() {
		servedPlain, servedPlainErr = plainIndex(benchSize(), getLoaded(tb).loaded.Docs)
	})
	if servedPlainErr != nil {
		tb.Fatalf("plain index: %v", servedPlainErr)
	}
	return servedPlain
}

var client = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256}}

// post sends one request, checks that it succeeded and returns the size
// of the answer.
func post(url string, body []byte) (int, error) {
	resp, err := client.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK || bytes.Contains(data, []byte(`"errors"`)) || bytes.Contains(data, []byte(`"error"`)) {
		return 0, fmt.Errorf("POST %s = %d %.300s", url, resp.StatusCode, data)
	}
	return len(data), nil
}

// BenchmarkHTTP serves searches over loopback HTTP through the real
// graph.NewHandler and through the plain-Bleve baseline server over the
// same records, one client at a time and with 16 clients (RunParallel), so
// that pactgraph's whole cost (engine and GraphQL) is a ratio measured in
// the same run.
func BenchmarkHTTP(b *testing.B) {
	st := getServed(b).state
	gql, plain := servers(st, getServedPlain(b))
	defer gql.Close()
	defer plain.Close()
	cases := []struct {
		name   string
		url    string
		bodies [][]byte
	}{
		{"graphql-search-10", gql.URL + "/graphql", gqlBodies(searchQuery, 10, searchTexts)},
		{"plain-search-10", plain.URL + "/search", jsonBodies(10, searchTexts)},
		{"graphql-bare-50", gql.URL + "/graphql", gqlBodies(bareQuery, 0, bareTexts)},
		{"graphql-nested-50", gql.URL + "/graphql", gqlBodies(nestedQuery, 0, bareTexts)},
		{"plain-bare-50", plain.URL + "/search", jsonBodies(50, bareTexts)},
	}
	for _, c := range cases {
		if _, err := post(c.url, c.bodies[0]); err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			size := 0
			for i := 0; i < b.N; i++ {
				n, err := post(c.url, c.bodies[i%len(c.bodies)])
				if err != nil {
					b.Fatal(err)
				}
				size += n
			}
			b.ReportMetric(float64(size)/float64(b.N), "resp-B/op")
			record(b)
		})
	}
	for _, c := range cases[:2] {
		b.Run(c.name+"-c16", func(b *testing.B) {
			b.ReportAllocs()
			b.SetParallelism((16 + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
			var next sync.Mutex
			n := 0
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					next.Lock()
					body := c.bodies[n%len(c.bodies)]
					n++
					next.Unlock()
					if _, err := post(c.url, body); err != nil {
						b.Error(err)
						return
					}
				}
			})
			record(b)
		})
	}
	// The same searches interleaved: each client alternates a GraphQL and
	// a JSON request, so both see the same machine (other work on it
	// slows both alike) and the ratio of their mean latencies is the ratio
	// of their costs.
	for _, clients := range []int{1, 16} {
		name := "pair-search-10"
		key := "pair/%s"
		if clients > 1 {
			name += fmt.Sprintf("-c%d", clients)
			key += fmt.Sprintf("-c%d", clients)
		}
		b.Run(name, func(b *testing.B) {
			var mu sync.Mutex
			var spent [2]time.Duration
			var count [2]int
			b.SetParallelism((clients + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
			run := func(pb *testing.PB) {
				var mine [2]time.Duration
				var n [2]int
				for i := 0; pb.Next(); i++ {
					c := cases[i%2]
					start := time.Now()
					if _, err := post(c.url, c.bodies[(i/2)%len(c.bodies)]); err != nil {
						b.Error(err)
						return
					}
					mine[i%2] += time.Since(start)
					n[i%2]++
				}
				mu.Lock()
				for k := range 2 {
					spent[k] += mine[k]
					count[k] += n[k]
				}
				mu.Unlock()
			}
			if clients == 1 {
				run0 := func() {
					// RunParallel starts GOMAXPROCS goroutines at the
					// least; one client runs in this goroutine.
					var mine [2]time.Duration
					for i := 0; i < b.N; i++ {
						c := cases[i%2]
						start := time.Now()
						if _, err := post(c.url, c.bodies[(i/2)%len(c.bodies)]); err != nil {
							b.Fatal(err)
						}
						mine[i%2] += time.Since(start)
						count[i%2]++
					}
					spent = mine
				}
				run0()
			} else {
				b.RunParallel(run)
			}
			if count[0] == 0 || count[1] == 0 {
				return
			}
			g := float64(spent[0].Nanoseconds()) / float64(count[0])
			j := float64(spent[1].Nanoseconds()) / float64(count[1])
			b.ReportMetric(g/1e3, "graphql-µs/req")
			b.ReportMetric(j/1e3, "plain-µs/req")
			if b.Elapsed() >= 100*time.Millisecond {
				// Both from the same run: the latest.
				nsMu.Lock()
				nsPerOp[fmt.Sprintf(key, "graphql")], nsPerOp[fmt.Sprintf(key, "plain")] = g, j
				nsMu.Unlock()
			}
		})
	}
}

// BenchmarkHTTPBuiltin is graph/http_test.go's 50 hits for "agreements",
// bare and with nested joins, on the embedded corpus alone (an in-memory
// index, as `go run .` serves it): the joins of 55 agreements, not of a
// generated corpus where a country is party to hundreds.
func BenchmarkHTTPBuiltin(b *testing.B) {
	cat, ix, _, err := loader.Build(context.Background(), []loader.Corpus{loader.Builtin()}, "")
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	gql, _ := servers(&graph.State{Catalog: cat, Index: ix}, nil)
	defer gql.Close()
	for _, c := range []struct{ name, query string }{{"graphql-bare-50", bareQuery}, {"graphql-nested-50", nestedQuery}} {
		body := gqlBodies(c.query, 0, []string{"agreements"})[0]
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			size := 0
			for i := 0; i < b.N; i++ {
				n, err := post(gql.URL+"/graphql", body)
				if err != nil {
					b.Fatal(err)
				}
				size += n
			}
			b.ReportMetric(float64(size)/float64(b.N), "resp-B/op")
			record(b)
		})
	}
}

// TestSmoke runs every benchmark's work once on a small generated corpus,
// so that `go test ./bench` keeps the benchmarks working: each search
// class finds something, both engines find highlighted hits for generated
// texts, and the GraphQL handler and the plain-Bleve server answer.
func TestSmoke(t *testing.T) {
	dir, err := corpusDir(t.TempDir(), size{passages: 300, agreements: 20, seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	cat, ix, _, err := loader.Build(context.Background(), []loader.Corpus{loader.Builtin(), loader.Dir(dir)}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, c := range searchClasses {
		for _, q := range c.queries {
			res, err := ix.Search(context.Background(), q)
			if err != nil {
				t.Fatalf("%s %q: %v", c.name, q.Text, err)
			}
			if len(res.Hits) == 0 {
				t.Errorf("%s %q: no hits", c.name, q.Text)
			}
			if q.Highlight && len(res.Hits[0].Highlights) == 0 {
				t.Errorf("%s %q: no highlights", c.name, q.Text)
			}
			if len(q.Facets) > 0 && (len(res.Facets) != len(q.Facets) || len(res.Facets[3].Buckets) == 0) {
				t.Errorf("%s %q: facets %+v; want party buckets among them", c.name, q.Text, res.Facets)
			}
		}
	}
	l, err := loader.Load(context.Background(), []loader.Corpus{loader.Builtin(), loader.Dir(dir)})
	if err != nil {
		t.Fatal(err)
	}
	idx, err := baseline.Build("", baseline.Records(l.Docs))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	smokeSideBySide(t, ix, idx, l.Docs)
	gql, plain := servers(&graph.State{Catalog: cat, Index: ix}, idx)
	defer gql.Close()
	defer plain.Close()
	for i, text := range searchTexts {
		var gr struct {
			Data struct {
				Search struct {
					TotalCount int
					Edges      []struct{ Node struct{ ID string } }
				}
			}
		}
		json.Unmarshal(decode(t, gql.URL+"/graphql", gqlBodies(searchQuery, 10, searchTexts)[i]), &gr)
		var jr baseline.Response
		json.Unmarshal(decode(t, plain.URL+"/search", jsonBodies(10, searchTexts)[i]), &jr)
		if len(gr.Data.Search.Edges) == 0 || gr.Data.Search.TotalCount == 0 || len(jr.Hits) == 0 || jr.TotalCount == 0 {
			t.Errorf("%q: GraphQL %d hits of %d, plain Bleve %d of %d; want hits from both", text,
				len(gr.Data.Search.Edges), gr.Data.Search.TotalCount, len(jr.Hits), jr.TotalCount)
		}
	}
	for _, q := range []string{bareQuery, nestedQuery} {
		if _, err := post(gql.URL+"/graphql", gqlBodies(q, 0, bareTexts)[0]); err != nil {
			t.Error(err)
		}
	}
	var buf bytes.Buffer
	nsMu.Lock()
	nsPerOp["BenchmarkIndex/pactgraph"], nsPerOp["BenchmarkIndex/raw-bleve"] = 2, 1
	nsMu.Unlock()
	printRatios(&buf)
	nsMu.Lock()
	clear(nsPerOp)
	nsMu.Unlock()
	if !strings.Contains(buf.String(), "raw Bleve throughput") || !strings.Contains(buf.String(), "0.50") {
		t.Errorf("ratios:\n%s\nwant the index build ratio 0.50", buf.String())
	}
}

// smokeSideBySide checks BenchmarkSimpleVsBleve's work on a few generated
// texts: every text is made of the corpus's words, so both engines find
// something for each, with highlights.
func smokeSideBySide(t *testing.T, ix *search.Index, idx bleve.Index, docs []search.Doc) {
	t.Helper()
	list, err := texts.Generate(docs, 500, 1)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, text := range list[:20] {
		res, err := ix.Search(ctx, search.Query{Text: text, First: 10, Highlight: true})
		if err != nil || len(res.Hits) == 0 || res.Total == 0 || len(res.Hits[0].Highlights) == 0 {
			t.Errorf("pactgraph %q: %d hits of %d, %v; want highlighted hits", text, len(res.Hits), res.Total, err)
		}
		plain, err := baseline.Search(ctx, idx, text, 10)
		if err != nil || len(plain.Hits) == 0 || plain.TotalCount == 0 || len(plain.Hits[0].Highlights) == 0 {
			t.Errorf("plain Bleve %q: %+v, %v; want highlighted hits", text, plain, err)
		}
	}
}

func decode(t *testing.T, url string, body []byte) []byte {
	t.Helper()
	resp, err := client.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("POST %s = %d %s", url, resp.StatusCode, data)
	}
	return data
}
