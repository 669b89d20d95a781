package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"pactgraph/bench/internal/baseline"
	"pactgraph/bench/internal/texts"
	"pactgraph/loader"
	"pactgraph/search"
)

// The side-by-side sizes: the embedded corpus alone, and it with 10,000
// generated passages (`gencorpus -passages 10000 -agreements 500 -seed 1`);
// PACTGRAPH_BENCH_LARGE=1 adds 100,000 passages (a first run builds both
// indexes, a few minutes).
func sideSizes() []size {
	sizes := []size{{seed: 1}, {passages: 10000, agreements: 500, seed: 1}}
	if os.Getenv("PACTGRAPH_BENCH_LARGE") != "" {
		sizes = append(sizes, size{passages: 100000, agreements: 500, seed: 1})
	}
	return sizes
}

func (s size) name() string {
	if s.passages == 0 {
		return "embedded"
	}
	return fmt.Sprintf("p%d", s.passages)
}

// textCount is how many distinct texts a benchmark cycles through, as the
// load script sends.
const textCount = 20000

// sideFixture is one size served both ways: pactgraph's on-disk index (as
// `serve -index` opens it) and the plain-Bleve one, with the texts.
type sideFixture struct {
	ix    *search.Index
	plain bleve.Index
	texts []string
}

var (
	sideMu  sync.Mutex
	sideFix = map[size]*sideFixture{}
)

func getSide(tb testing.TB, s size) *sideFixture {
	tb.Helper()
	sideMu.Lock()
	defer sideMu.Unlock()
	if f, ok := sideFix[s]; ok {
		return f
	}
	f, err := newSide(s)
	if err != nil {
		tb.Fatalf("%s: %v", s.name(), err)
	}
	sideFix[s] = f
	return f
}

func newSide(s size) (*sideFixture, error) {
	corpora := []loader.Corpus{loader.Builtin()}
	if s.passages > 0 {
		dir, err := corpusDir(cacheRoot(), s)
		if err != nil {
			return nil, err
		}
		corpora = append(corpora, loader.Dir(dir))
	}
	l, err := loader.Load(context.Background(), corpora)
	if err != nil {
		return nil, err
	}
	f := &sideFixture{}
	if f.texts, err = texts.Generate(l.Docs, textCount, s.seed); err != nil {
		return nil, err
	}
	out, err := indexDir(s, corpora)
	if err != nil {
		return nil, err
	}
	if _, f.ix, err = loader.OpenIndex(out); err != nil {
		return nil, err
	}
	f.plain, err = plainIndex(s, l.Docs)
	if err != nil {
		f.ix.Close()
		return nil, err
	}
	return f, nil
}

// plainIndex opens the plain-Bleve index of docs for size s, building it
// into the cache the first time.
func plainIndex(s size, docs []search.Doc) (bleve.Index, error) {
	dir := filepath.Join(cacheRoot(), fmt.Sprintf("plain-v%d-p%d-a%d-s%d", baseline.Version, s.passages, s.agreements, s.seed))
	idx, _, err := baseline.OpenOrBuild(dir, func() ([]baseline.Record, error) { return baseline.Records(docs), nil })
	return idx, err
}

func closeSides() {
	sideMu.Lock()
	defer sideMu.Unlock()
	for _, f := range sideFix {
		f.ix.Close()
		f.plain.Close()
	}
}

// BenchmarkSimpleVsBleve runs pactgraph's SIMPLE search (10 hits,
// highlights, the total counted, as the GraphQL search with totalCount
// asks) and the plain-Bleve match query over the same records, each
// cycling through the same 20,000 distinct texts in the same order.
func BenchmarkSimpleVsBleve(b *testing.B) {
	for _, s := range sideSizes() {
		for _, e := range engines {
			next := 0 // carried across the framework's rounds: no text repeats until all have run
			b.Run(s.name()+"/"+e.name, func(b *testing.B) {
				f := getSide(b, s) // inside, so that -bench picks the sizes built
				b.ReportAllocs()
				b.ResetTimer()
				hits, total := 0, 0
				for i := 0; i < b.N; i++ {
					text := f.texts[next%len(f.texts)]
					next++
					h, t, err := e.search(f, text)
					if err != nil {
						b.Fatalf("%q: %v", text, err)
					}
					hits += h
					total += t
				}
				if hits == 0 {
					b.Fatalf("%d searches found nothing", b.N)
				}
				b.ReportMetric(float64(hits)/float64(b.N), "hits/op")
				b.ReportMetric(float64(total)/float64(b.N), "total/op")
				record(b)
			})
		}
	}
}

// BenchmarkSimpleVsBleveInterleaved runs the two engines in turn on each
// text, timing each apart: both meet the same machine from one text to the
// next, so that the ratio holds when other work comes and goes (this
// machine is shared). throughput-ratio is pactgraph's searches per second
// over plain Bleve's.
func BenchmarkSimpleVsBleveInterleaved(b *testing.B) {
	for _, s := range sideSizes() {
		next := 0
		b.Run(s.name(), func(b *testing.B) {
			f := getSide(b, s)
			b.ResetTimer()
			var spent [2]time.Duration
			var hits [2]int
			for i := 0; i < b.N; i++ {
				text := f.texts[next%len(f.texts)]
				next++
				for k, e := range engines {
					start := time.Now()
					h, _, err := e.search(f, text)
					spent[k] += time.Since(start)
					if err != nil {
						b.Fatalf("%s %q: %v", e.name, text, err)
					}
					hits[k] += h
				}
			}
			if hits[0] == 0 || hits[1] == 0 {
				b.Fatalf("%d searches: %d hits from pactgraph, %d from plain Bleve", b.N, hits[0], hits[1])
			}
			pg := float64(spent[0].Nanoseconds()) / float64(b.N)
			plain := float64(spent[1].Nanoseconds()) / float64(b.N)
			b.ReportMetric(pg/1e3, "pactgraph-µs/op")
			b.ReportMetric(plain/1e3, "bleve-µs/op")
			b.ReportMetric(plain/pg, "throughput-ratio")
			if b.Elapsed() >= 100*time.Millisecond {
				nsMu.Lock()
				nsPerOp["interleaved/"+s.name()+"/pactgraph"], nsPerOp["interleaved/"+s.name()+"/bleve"] = pg, plain
				nsMu.Unlock()
			}
		})
	}
}

// engines are the two searches compared: pactgraph's SIMPLE search as the
// GraphQL search field runs it with highlights and totalCount, and the
// plain-Bleve match query.
var engines = []struct {
	name   string
	search func(f *sideFixture, text string) (hits, total int, err error)
}{
	{"pactgraph", func(f *sideFixture, text string) (int, int, error) {
		res, err := f.ix.Search(context.Background(), search.Query{Text: text, First: 10, Highlight: true})
		return len(res.Hits), res.Total, err
	}},
	{"bleve", func(f *sideFixture, text string) (int, int, error) {
		res, err := baseline.Search(context.Background(), f.plain, text, 10)
		return len(res.Hits), res.TotalCount, err
	}},
}
