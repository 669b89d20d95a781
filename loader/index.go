package loader

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"pactgraph/corpus"
	"pactgraph/search"
)

// Stats describes one build.
type Stats struct {
	Documents int
	Passages  int
	Records   int // passages and entities in the index
	Elapsed   time.Duration
	Notices   []string // what the load reported without failing
}

// Build loads corpora and indexes them into a new index at dir ("" builds
// it in memory).
func Build(ctx context.Context, corpora []Corpus, dir string) (*corpus.Catalog, *search.Index, Stats, error) {
	start := time.Now()
	l, err := Load(ctx, corpora)
	if err != nil {
		return nil, nil, Stats{}, err
	}
	ix, err := search.Create(dir)
	if err != nil {
		return nil, nil, Stats{}, err
	}
	if err := addDocs(ctx, ix, l.Docs); err != nil {
		ix.Close()
		return nil, nil, Stats{}, err
	}
	if err := ix.SetSynonyms(l.Entities.SynonymGroups()); err != nil {
		ix.Close()
		return nil, nil, Stats{}, err
	}
	if err := ix.SetTexts(textNames(l.Catalog)); err != nil {
		ix.Close()
		return nil, nil, Stats{}, err
	}
	if err := ix.Compact(ctx); err != nil {
		ix.Close()
		return nil, nil, Stats{}, err
	}
	st := Stats{Documents: len(l.Catalog.Documents), Passages: l.Passages, Records: len(l.Docs),
		Elapsed: time.Since(start), Notices: l.Notices}
	return l.Catalog, ix, st, nil
}

// textNames are the names of each agreement whose text the corpora hold,
// by its record id: a search that names the agreement finds its text.
func textNames(c *corpus.Catalog) map[string][]string {
	out := map[string][]string{}
	for _, d := range c.Documents {
		a := c.Agreement(strings.TrimPrefix(d.TextOf, "agreement:"))
		if a == nil {
			continue
		}
		var names []string
		for _, n := range append([]string{a.Name}, a.Aliases...) {
			if strings.TrimSpace(n) != "" && !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		out["agreement:"+a.ID] = names
	}
	return out
}

// addDocs indexes docs, reporting after each batch when ctx carries a
// progress reporter.
func addDocs(ctx context.Context, ix *search.Index, docs []search.Doc) error {
	if _, ok := ctx.Value(progressKey{}).(func(Progress)); !ok {
		return ix.Add(ctx, docs)
	}
	progress := progressOf(ctx, StageIndex)
	progress(0, len(docs))
	return ix.AddReporting(ctx, docs, func(indexed int) { progress(indexed, len(docs)) })
}

// snapshot is the entity data saved next to an on-disk index, so that
// serving a prebuilt index never reads or links the corpus again.
type snapshot struct {
	MappingVersion int                    `json:"mappingVersion"`
	Version        string                 `json:"version"`
	Built          time.Time              `json:"built"`
	Agreements     []*corpus.Agreement    `json:"agreements"`
	Organizations  []*corpus.Organization `json:"organizations"`
	Countries      []*corpus.Country      `json:"countries"`
	Trends         []*corpus.Trend        `json:"trends"`
	Topics         []*corpus.Topic        `json:"topics"`
	Documents      []*corpus.Document     `json:"documents"`
	Notices        []string               `json:"notices,omitempty"`
}

const (
	catalogFile = "catalog.json"
	bleveDir    = "bleve"
	// markerFile proves that a directory is a pactgraph index: it is written
	// last, so only a complete build carries it, and only a directory that
	// carries it (or holds nothing else of anyone's) is ever replaced.
	markerFile = "pactgraph-index.json"
	// buildMarker marks a build in progress, so that only our own
	// leftovers are removed.
	buildMarker = ".pactgraph-build"
	// indexFormat names the marker's format; formatVersion changes when the
	// layout of the directory does.
	indexFormat   = "pactgraph-index"
	formatVersion = 1
)

// marker is the content of markerFile.
type marker struct {
	Format         string `json:"format"`
	FormatVersion  int    `json:"formatVersion"`
	MappingVersion int    `json:"mappingVersion"`
}

// WriteIndex builds the index of corpora at out, atomically: it builds in a
// sibling temporary directory and swaps it in only when complete, so a
// failed or killed build leaves the previous index as it was. A directory
// at out that is not a pactgraph index is refused, whatever it holds. One
// build runs at a time per out (a lock beside it); leftovers of earlier
// failed builds are removed first.
func WriteIndex(ctx context.Context, corpora []Corpus, out string) (Stats, error) {
	start := time.Now()
	out, err := indexTarget(out)
	if err != nil {
		return Stats{}, err
	}
	unlock, err := lockBuild(out)
	if err != nil {
		return Stats{}, err
	}
	defer unlock()
	cleanLeftovers(out)
	tmp := out + ".tmp-" + randomSuffix()
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return Stats{}, fmt.Errorf("create %s: %w", tmp, err)
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	if err := writeFileSync(filepath.Join(tmp, buildMarker), []byte(strconv.Itoa(os.Getpid()))); err != nil {
		return Stats{}, err
	}
	cat, ix, st, err := Build(ctx, corpora, filepath.Join(tmp, bleveDir))
	if err != nil {
		return Stats{}, err
	}
	if err := ix.Close(); err != nil {
		return Stats{}, fmt.Errorf("close index: %w", err)
	}
	if err := writeCatalog(tmp, cat); err != nil {
		return Stats{}, err
	}
	if err := publish(tmp, out); err != nil {
		return Stats{}, err
	}
	ok = true
	st.Elapsed = time.Since(start)
	return st, nil
}

// indexTarget resolves out: an index reached through a symlink is built
// where the link points, and the link stays.
func indexTarget(out string) (string, error) {
	out = filepath.Clean(out)
	if _, err := os.Lstat(out); err != nil {
		return out, nil
	}
	real, err := filepath.EvalSymlinks(out)
	if err != nil {
		return "", fmt.Errorf("-index %s: %w", out, err)
	}
	return real, nil
}

// writeCatalog writes the catalog, then the marker, last.
func writeCatalog(dir string, cat *corpus.Catalog) error {
	snap := snapshot{
		MappingVersion: search.MappingVersion, Version: cat.Version, Built: time.Now().UTC(),
		Agreements: cat.Agreements, Organizations: cat.Organizations, Countries: cat.Countries,
		Trends: cat.Trends, Topics: cat.Topics, Documents: cat.Documents, Notices: cat.Notices,
	}
	data, err := json.Marshal(snap)
	if err != nil {
		return err
	}
	if err := writeFileSync(filepath.Join(dir, catalogFile), data); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(dir, buildMarker)); err != nil {
		return err
	}
	m, _ := json.Marshal(marker{Format: indexFormat, FormatVersion: formatVersion, MappingVersion: search.MappingVersion})
	return writeFileSync(filepath.Join(dir, markerFile), m)
}

// publish moves a finished build into place. What is at out is replaced
// only if it proves to be ours (see replaceable); it is refused otherwise,
// and nothing of it is touched.
func publish(tmp, out string) error {
	old := ""
	if info, err := os.Lstat(out); err == nil {
		if !info.IsDir() || !replaceable(out) {
			return fmt.Errorf("%s exists and is not a pactgraph index (no %s); nothing was changed: remove it or choose another -index", out, markerFile)
		}
		old = out + ".old-" + randomSuffix()
		if err := os.Rename(out, old); err != nil {
			return fmt.Errorf("move old index aside: %w", err)
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			os.Rename(old, out)
		}
		return fmt.Errorf("publish index: %w", err)
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}

// replaceable reports whether dir may be deleted: an empty directory, one
// whose marker says it is a pactgraph index, or one that holds nothing but
// what pactgraph writes (an index from before the marker, a build's
// leftovers).
func replaceable(dir string) bool {
	if data, err := readIndexFile(filepath.Join(dir, markerFile)); err == nil {
		var m marker
		return json.Unmarshal(data, &m) == nil && m.Format == indexFormat
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		switch {
		case e.Name() == catalogFile && e.Type().IsRegular():
		case e.Name() == buildMarker && e.Type().IsRegular():
		case e.Name() == bleveDir && e.IsDir():
		default:
			return false
		}
	}
	return true
}

// cleanLeftovers removes temporary and replaced builds that a killed run
// left beside out; a directory of the same pattern that is not ours stays.
func cleanLeftovers(out string) {
	matches, _ := filepath.Glob(out + ".tmp-*")
	olds, _ := filepath.Glob(out + ".old-*")
	for _, m := range append(matches, olds...) {
		suffix := m[strings.LastIndexByte(m, '-')+1:]
		if _, err := hex.DecodeString(suffix); err != nil || len(suffix) != 12 {
			continue
		}
		if info, err := os.Lstat(m); err == nil && info.IsDir() && replaceable(m) {
			os.RemoveAll(m)
		}
	}
}

func randomSuffix() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func writeFileSync(name string, data []byte) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", name, err)
	}
	return f.Close()
}

// OpenIndex opens an index that WriteIndex built.
func OpenIndex(dir string) (*corpus.Catalog, *search.Index, error) {
	data, err := readIndexFile(filepath.Join(dir, catalogFile))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil, fmt.Errorf("open index %s: no %s: build it with `pactgraph index -index %s`", dir, catalogFile, dir)
		}
		return nil, nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	var snap snapshot
	if err := json.Unmarshal(data, &snap); err != nil {
		return nil, nil, fmt.Errorf("open index %s: %s is damaged: %v", dir, catalogFile, err)
	}
	if err := snap.check(); err != nil {
		return nil, nil, fmt.Errorf("open index %s: %s is damaged: %v", dir, catalogFile, err)
	}
	if snap.MappingVersion != search.MappingVersion {
		return nil, nil, fmt.Errorf("open index %s: built with mapping version %d, this pactgraph reads version %d: rebuild it with `pactgraph index`", dir, snap.MappingVersion, search.MappingVersion)
	}
	if err := checkIndexFiles(filepath.Join(dir, bleveDir)); err != nil {
		return nil, nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	ix, err := search.Open(filepath.Join(dir, bleveDir))
	if err != nil {
		return nil, nil, err
	}
	e := &corpus.Entities{Agreements: snap.Agreements, Organizations: snap.Organizations,
		Countries: snap.Countries, Trends: snap.Trends, Topics: snap.Topics}
	cat := corpus.NewCatalog(snap.Version, e, snap.Documents)
	cat.Notices = snap.Notices
	return cat, ix, nil
}

// check refuses a snapshot with empty records, which would otherwise fail
// far from here.
func (s *snapshot) check() error {
	return errors.Join(
		noNulls("agreement", s.Agreements), noNulls("organization", s.Organizations),
		noNulls("country", s.Countries), noNulls("trend", s.Trends),
		noNulls("topic", s.Topics), noNulls("document", s.Documents))
}

func noNulls[T any](kind string, list []*T) error {
	for i, v := range list {
		if v == nil {
			return fmt.Errorf("%s %d is null", kind, i)
		}
	}
	return nil
}
