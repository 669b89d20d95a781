// Command soak drives a running pactgraph server on loopback with mixed
// cheap, expensive and hostile traffic for a bounded time, and reports
// errors, latency of the cheap queries and the server's memory over time.
//
//	go run ./bench/soak -url http://127.0.0.1:8080/graphql -pid 1234 -duration 60s -c 64
//
// bench/soak.sh builds and starts the server for it.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

type request struct {
	kind        string // cheap, expensive or hostile
	name        string
	body        []byte
	contentType string
	okStatus    []int // statuses that are a correct answer
}

func gql(query string, vars map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return b
}

func mix() []request {
	cheap := []request{
		{name: "corpus", body: gql(`{ corpus { version passages } }`, nil)},
		{name: "agreement", body: gql(`{ agreement(id: "anzus") { name parties { country { name } joined left } } }`, nil)},
		{name: "search", body: gql(`{ search(query: "Iran nuclear deal", first: 5) { totalCount edges { node { ... on Node { id } } highlights { fragment } } } }`, nil)},
		{name: "dyad", body: gql(`{ agreements(filter: {parties: ["USA", "JPN"]}) { totalCount edges { node { name } } } }`, nil)},
	}
	expensive := []request{
		{name: "search-100-joins", body: gql(`{ search(query: "security agreements", first: 100, facets: [TYPE, KIND, THEME, PARTY, ORGANIZATION, DECADE]) {
		  totalCount edges { highlights { fragment } node { ... on Passage { text agreements { parties { country { organizations { id } } } } }
		  ... on Agreement { parties { country { agreements { id } } } organizations { members { country { code } } } } } }
		  facets { buckets { value count } } } }`, nil)},
		{name: "mentions", body: gql(`{ agreements(first: 20) { edges { node { mentions(first: 20) { totalCount edges { node { text } } } } } } }`, nil)},
		{name: "advanced", body: gql(`{ search(query: "+multilateral agreem* treaty~1", mode: ADVANCED, first: 100) { totalCount } }`, nil)},
		{name: "introspection", body: gql(`{ __schema { types { name fields { name type { name } } } } }`, nil)},
	}
	hostile := []request{
		{name: "big-body", body: []byte(`{"query":"` + strings.Repeat("x", 1<<20) + `"}`), okStatus: []int{413}},
		{name: "wildcard", body: gql(`{ search(query: "*a*", mode: ADVANCED) { totalCount } }`, nil)},
		{name: "deep", body: gql("{"+strings.Repeat("q{", 20000), nil), okStatus: []int{200, 422}},
		{name: "aliases", body: gql("{"+strings.Repeat(" a: __typename", 3000)+" }", nil), okStatus: []int{200, 422}},
		{name: "fan-out", body: gql(fanOut(28), nil), okStatus: []int{422}},
		{name: "nested-connections", body: gql(`{ search(query: "treaty", first: 100) { edges { node { ... on Passage { agreements { mentions(first: 100) { edges { node { agreements { mentions(first: 100) { totalCount } } } } } } } } } } }`, nil), okStatus: []int{422}},
		{name: "batch", body: []byte(`[{"query":"{corpus{version}}"},{"query":"{corpus{version}}"}]`), okStatus: []int{400}},
		{name: "text-plain", body: gql(`{ corpus { version } }`, nil), contentType: "text/plain", okStatus: []int{415}},
	}
	var out []request
	for _, r := range cheap {
		r.kind = "cheap"
		out = append(out, r, r, r) // weights: cheap 3, expensive 1, hostile 1
	}
	for _, r := range expensive {
		r.kind = "expensive"
		out = append(out, r)
	}
	for _, r := range hostile {
		r.kind = "hostile"
		out = append(out, r)
	}
	return out
}

func fanOut(levels int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "{ corpus { ...F%d } } fragment F0 on CorpusInfo { version }", levels)
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, " fragment F%d on CorpusInfo { ...F%d ...F%d }", i, i-1, i-1)
	}
	return b.String()
}

type result struct {
	req     request
	status  int
	latency time.Duration
	err     error
}

func main() {
	target := flag.String("url", "http://127.0.0.1:8080/graphql", "the server's /graphql on loopback")
	pid := flag.Int("pid", 0, "the server's process id, to sample its RSS")
	duration := flag.Duration("duration", 60*time.Second, "how long to run (at most 10m)")
	concurrency := flag.Int("c", 64, "concurrent clients")
	flag.Parse()

	u, err := url.Parse(*target)
	if err != nil {
		fail("bad -url: %v", err)
	}
	if ip := net.ParseIP(u.Hostname()); u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fail("-url must be a loopback address, not %s", u.Hostname())
	}
	*duration = min(*duration, 10*time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), *duration)
	defer cancel()

	results := clients(ctx, *target, *concurrency, mix())
	t := &tally{counts: map[string]map[int]int{}, unexpected: map[string]int{}, pid: *pid, start: time.Now()}
	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
	t.sample()
loop:
	for {
		select {
		case res, ok := <-results:
			if !ok {
				break loop
			}
			t.add(res)
		case <-tick.C:
			t.sample()
		}
	}
	t.sample()
	t.report(*concurrency)
	if sumValues(t.unexpected) > 0 {
		os.Exit(1)
	}
}

// clients runs concurrency clients that send requests drawn at random
// until ctx ends, and delivers their results; the channel closes when all
// have stopped.
func clients(ctx context.Context, target string, concurrency int, requests []request) <-chan result {
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: concurrency}}
	results := make(chan result, 1024)
	var wg sync.WaitGroup
	for w := 0; w < concurrency; w++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, 7))
			for ctx.Err() == nil {
				r := requests[rng.IntN(len(requests))]
				ct := r.contentType
				if ct == "" {
					ct = "application/json"
				}
				req, _ := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(r.body))
				req.Header.Set("Content-Type", ct)
				start := time.Now()
				resp, err := client.Do(req)
				res := result{req: r, latency: time.Since(start), err: err}
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					res.status = resp.StatusCode
				}
				if ctx.Err() != nil {
					return // cut off by the end of the run, not a failure
				}
				results <- res
			}
		}(uint64(w))
	}
	go func() { wg.Wait(); close(results) }()
	return results
}

type rssSample struct {
	at  time.Duration
	kib int
}

// tally is what a run saw: statuses by kind of request, the answers that
// were not what the request expects, the cheap queries' latencies, and
// the server's RSS over time.
type tally struct {
	counts                 map[string]map[int]int
	unexpected             map[string]int
	cheap                  []time.Duration
	total, transportErrors int
	rss                    []rssSample
	pid                    int
	start                  time.Time
}

func (t *tally) sample() {
	if t.pid > 0 {
		if kib := rssKiB(t.pid); kib > 0 {
			t.rss = append(t.rss, rssSample{time.Since(t.start).Round(time.Second), kib})
		}
	}
}

func (t *tally) add(res result) {
	t.total++
	if res.err != nil {
		t.transportErrors++
		t.unexpected[res.req.name+": "+res.err.Error()]++
		return
	}
	if t.counts[res.req.kind] == nil {
		t.counts[res.req.kind] = map[int]int{}
	}
	t.counts[res.req.kind][res.status]++
	good := res.status == 200
	if res.req.okStatus != nil {
		good = slices.Contains(res.req.okStatus, res.status)
	}
	if !good {
		t.unexpected[fmt.Sprintf("%s: status %d", res.req.name, res.status)]++
	}
	if res.req.kind == "cheap" {
		t.cheap = append(t.cheap, res.latency)
	}
}

func (t *tally) report(concurrency int) {
	slices.Sort(t.cheap)
	pct := func(p float64) time.Duration {
		if len(t.cheap) == 0 {
			return 0
		}
		return t.cheap[min(len(t.cheap)-1, int(p*float64(len(t.cheap))))]
	}
	elapsed := time.Since(t.start)
	fmt.Printf("soak: %d requests in %s at concurrency %d (%.0f/s)\n", t.total, elapsed.Round(time.Second), concurrency, float64(t.total)/elapsed.Seconds())
	for _, k := range []string{"cheap", "expensive", "hostile"} {
		fmt.Printf("  %-9s statuses %v\n", k, t.counts[k])
	}
	fmt.Printf("  cheap queries: p50 %s, p99 %s, max %s (%d)\n", pct(0.5), pct(0.99), pct(1), len(t.cheap))
	fmt.Printf("  unexpected answers: %d (transport errors %d)\n", sumValues(t.unexpected), t.transportErrors)
	for k, n := range t.unexpected {
		fmt.Printf("    %6d %s\n", n, k)
	}
	if len(t.rss) > 0 {
		fmt.Print("  server RSS (MiB):")
		for _, s := range t.rss {
			fmt.Printf(" %s=%d", s.at, s.kib/1024)
		}
		fmt.Println()
	}
}

func sumValues(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func rssKiB(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			var kib int
			fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "VmRSS:")), "%d", &kib)
			return kib
		}
	}
	return 0
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "soak: "+format+"\n", args...)
	os.Exit(2)
}
