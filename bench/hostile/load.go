package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// Items 4 and 5: what one request may take, in memory and time.

const facetQuery = `query($f: [FacetField!]) { search(query: "treaty", first: 1, facets: $f) { facets { field buckets { value count } } } }`

const facetQuery4 = `query($f: [FacetField!]) {
  a: search(query: "treaty", first: 1, facets: $f) { facets { field buckets { value count } } }
  b: search(query: "alliance", first: 1, facets: $f) { facets { field buckets { value count } } }
  c: search(query: "defense", first: 1, facets: $f) { facets { field buckets { value count } } }
  d: search(query: "security", first: 1, facets: $f) { facets { field buckets { value count } } }
}`

// item4: facets given PARTY 14,000 times, alone and in four aliased
// searches sharing the variable.
func item4(c config) {
	p := startProc(c.bin, "serve", "-addr", "127.0.0.1:0")
	defer p.kill()
	addr := p.addr()
	p.waitLog(readyRe, 60*time.Second)
	facets := make([]string, 14000)
	for i := range facets {
		facets[i] = "PARTY"
	}
	vars := map[string]any{"f": facets}
	report("4", "server RSS at start", "%.0f MB", p.rssMB())
	report("4", "one search, PARTY ×14,000", "%s", graphql(addr, facetQuery, vars))
	report("4", "peak RSS after it", "%.0f MB", p.peakMB())
	report("4", "four aliased searches, same variable", "%s", graphql(addr, facetQuery4, vars))
	report("4", "peak RSS after them", "%.0f MB", p.peakMB())
}

const searchQuery = `query($q: String!) { search(query: $q, first: 1) { edges { cursor } } }`

// item5: a search of 64 misspelt words with first: 1 on 30k passages, one
// and then eight at once, with a cheap search's latency meanwhile.
func item5(c config) {
	p, addr := serve30k(c, "5")
	defer p.kill()
	texts := misspelt(c.corpus30k, 9, 64)
	graphql(addr, searchQuery, map[string]any{"q": "nato"}) // warm
	report("5", "server RSS, index open", "%.0f MB", p.rssMB())
	report("5", "one search of 64 misspelt words", "%s", graphql(addr, searchQuery, map[string]any{"q": texts[0]}))
	cheap := cheapLatencies(addr)
	results := make([]answer, 8)
	var wg sync.WaitGroup
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = graphql(addr, searchQuery, map[string]any{"q": texts[i+1]})
		}()
	}
	wg.Wait()
	lat := cheap()
	var sum time.Duration
	failed := 0
	kinds := map[string]int{}
	for _, r := range results {
		sum += r.took
		if r.err != nil || r.status != 200 || r.errors {
			failed++
			kinds[fmt.Sprintf("%d%s", r.status, map[bool]string{true: " with errors"}[r.errors])]++
		}
	}
	report("5", "eight at once: mean time", "%s", (sum / 8).Round(time.Millisecond))
	report("5", "eight at once: failed (not 200, or errors)", "%d of 8 %v", failed, kinds)
	report("5", "peak RSS", "%.0f MB", p.peakMB())
	report("5", "cheap search meanwhile (median, max)", "%s, %s", lat[len(lat)/2], lat[len(lat)-1])
}

// cheapLatencies searches "nato" one after another until the returned
// function is called, which gives the latencies, sorted.
func cheapLatencies(addr string) func() []time.Duration {
	stop := make(chan struct{})
	out := make(chan []time.Duration)
	go func() {
		var lat []time.Duration
		for {
			select {
			case <-stop:
				slices.Sort(lat)
				out <- lat
				return
			case <-time.After(50 * time.Millisecond):
			}
			a := graphql(addr, searchQuery, map[string]any{"q": "nato"})
			lat = append(lat, a.took.Round(time.Millisecond))
		}
	}()
	return func() []time.Duration {
		close(stop)
		lat := <-out
		if len(lat) == 0 {
			lat = []time.Duration{0}
		}
		return lat
	}
}

// misspelt gives n texts of words words each: words of the corpus of six
// letters or more with two inner letters swapped.
func misspelt(corpus string, n, words int) []string {
	files, _ := filepath.Glob(filepath.Join(corpus, "documents", "*.md"))
	if len(files) == 0 {
		fatalf("no documents in %s", corpus)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		fatalf("%v", err)
	}
	seen := map[string]bool{}
	for _, w := range regexp.MustCompile(`\b[a-z]{6,}\b`).FindAllString(string(data), -1) {
		seen[w] = true
	}
	vocab := make([]string, 0, len(seen))
	for w := range seen {
		vocab = append(vocab, w)
	}
	sort.Strings(vocab)
	rng := rand.New(rand.NewPCG(1, 2))
	texts := make([]string, n)
	for i := range texts {
		picked := make([]string, words)
		for j := range picked {
			b := []byte(vocab[rng.IntN(len(vocab))])
			k := 1 + rng.IntN(len(b)-3)
			b[k], b[k+1] = b[k+1], b[k]
			picked[j] = string(b)
		}
		texts[i] = strings.Join(picked, " ")
	}
	if len(vocab) < words {
		fmt.Fprintf(os.Stderr, "measure: only %d distinct words to misspell\n", len(vocab))
	}
	return texts
}

// serve30k serves the 30k-passage index for an item, ready to be asked.
func serve30k(c config, item string) (*proc, string) {
	if c.index30k == "" {
		fatalf("item %s needs -index30k", item)
	}
	p := startProc(c.bin, "serve", "-addr", "127.0.0.1:0", "-index", c.index30k)
	addr := p.addr()
	if !p.waitLog(readyRe, 120*time.Second) {
		p.kill()
		fatalf("the 30k index did not open:\n%s", p.log)
	}
	return p, addr
}
