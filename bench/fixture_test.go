package bench

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"pactgraph/bench/internal/synth"
	"pactgraph/graph"
	"pactgraph/loader"
	"pactgraph/search"
)

// Sizes come from the environment, so that `go test ./bench -bench .` runs
// the short default and a larger run needs no flags:
//
//	PACTGRAPH_BENCH_PASSAGES    generated passages (default 1000)
//	PACTGRAPH_BENCH_AGREEMENTS  generated agreements (default passages/20, within 50–2000)
//	PACTGRAPH_BENCH_SEED        generator seed (default 1)
//	PACTGRAPH_BENCH_CACHE       where generated corpora and indexes are kept
//	                            (default $TMPDIR/pactgraph-bench)
type size struct {
	passages, agreements int
	seed                 uint64
}

func benchSize() size {
	s := size{passages: envInt("PACTGRAPH_BENCH_PASSAGES", 1000), seed: uint64(envInt("PACTGRAPH_BENCH_SEED", 1))}
	s.agreements = envInt("PACTGRAPH_BENCH_AGREEMENTS", min(max(s.passages/20, 50), 2000))
	return s
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

func cacheRoot() string {
	if d := os.Getenv("PACTGRAPH_BENCH_CACHE"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "pactgraph-bench")
}

// corpusDir returns the generated corpus of s, generating it once and
// keeping it in the cache (a finished corpus has a .complete marker, which
// the loader skips as a hidden file).
func corpusDir(root string, s size) (string, error) {
	dir := filepath.Join(root, fmt.Sprintf("corpus-v%d-p%d-a%d-s%d", synth.Version, s.passages, s.agreements, s.seed))
	if _, err := os.Stat(filepath.Join(dir, ".complete")); err == nil {
		return dir, nil
	}
	tmp := fmt.Sprintf("%s.tmp-%d", dir, os.Getpid())
	os.RemoveAll(tmp)
	if _, err := synth.Generate(tmp, synth.Config{Passages: s.passages, Agreements: s.agreements, Seed: s.seed}); err != nil {
		os.RemoveAll(tmp)
		return "", err
	}
	if err := os.WriteFile(filepath.Join(tmp, ".complete"), nil, 0o644); err != nil {
		return "", err
	}
	os.RemoveAll(dir)
	if err := os.Rename(tmp, dir); err != nil {
		return "", err
	}
	return dir, nil
}

// loadedFixture is the embedded corpus plus a generated one, loaded and
// linked, for the load and index benchmarks.
type loadedFixture struct {
	size        size
	corpora     []loader.Corpus
	loaded      *loader.Loaded
	corpusBytes int64 // bytes of the generated documents
	textBytes   int64 // bytes of text indexed: names, aliases, headings, bodies
}

var (
	loadedOnce sync.Once
	loadedFix  *loadedFixture
	loadedErr  error
)

func getLoaded(tb testing.TB) *loadedFixture {
	tb.Helper()
	loadedOnce.Do(func() {
		s := benchSize()
		dir, err := corpusDir(cacheRoot(), s)
		if err != nil {
			loadedErr = err
			return
		}
		f := &loadedFixture{size: s, corpora: []loader.Corpus{loader.Builtin(), loader.Dir(dir)}}
		if f.loaded, err = loader.Load(context.Background(), f.corpora); err != nil {
			loadedErr = err
			return
		}
		filepath.Walk(filepath.Join(dir, "documents"), func(_ string, info os.FileInfo, err error) error {
			if err == nil && !info.IsDir() {
				f.corpusBytes += info.Size()
			}
			return nil
		})
		for _, d := range f.loaded.Docs {
			f.textBytes += int64(len(d.Name) + len(d.Heading) + len(d.Body))
			for _, a := range d.Aliases {
				f.textBytes += int64(len(a))
			}
		}
		loadedFix = f
	})
	if loadedErr != nil {
		tb.Fatalf("bench corpus: %v", loadedErr)
	}
	return loadedFix
}

// servedFixture is the same corpora built into an on-disk index with
// loader.WriteIndex and opened read-only with loader.OpenIndex, as
// `pactgraph index` and `pactgraph serve -index` do.
type servedFixture struct {
	size  size
	state *graph.State
}

var (
	servedOnce sync.Once
	servedFix  *servedFixture
	servedErr  error
)

func getServed(tb testing.TB) *servedFixture {
	tb.Helper()
	servedOnce.Do(func() {
		s := benchSize()
		dir, err := corpusDir(cacheRoot(), s)
		if err != nil {
			servedErr = err
			return
		}
		out, err := indexDir(s, []loader.Corpus{loader.Builtin(), loader.Dir(dir)})
		if err != nil {
			servedErr = err
			return
		}
		cat, ix, err := loader.OpenIndex(out)
		if err != nil {
			servedErr = err
			return
		}
		servedFix = &servedFixture{size: s, state: &graph.State{Catalog: cat, Index: ix}}
	})
	if servedErr != nil {
		tb.Fatalf("bench index: %v", servedErr)
	}
	return servedFix
}

// indexDir returns an on-disk index of corpora, kept in the cache for the
// same size and the same test binary (which holds the loader and search
// code the index was built with), so that a 100k run builds it once.
func indexDir(s size, corpora []loader.Corpus) (string, error) {
	h, err := binaryHash()
	if err != nil {
		return "", err
	}
	prefix := fmt.Sprintf("index-p%d-a%d-s%d-", s.passages, s.agreements, s.seed)
	dir := filepath.Join(cacheRoot(), fmt.Sprintf("%sm%d-%s", prefix, search.MappingVersion, h))
	out := filepath.Join(dir, "index")
	if _, err := os.Stat(filepath.Join(out, "catalog.json")); err == nil {
		return out, nil
	}
	// Indexes of the same size built by other binaries are stale.
	old, _ := filepath.Glob(filepath.Join(cacheRoot(), prefix+"*"))
	for _, o := range old {
		os.RemoveAll(o)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if _, err := loader.WriteIndex(context.Background(), corpora, out); err != nil {
		return "", err
	}
	return out, nil
}

func binaryHash() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}
