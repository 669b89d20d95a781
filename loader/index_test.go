package loader

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"pactgraph/corpus"
	"pactgraph/search"
)

func smallCorpus(t *testing.T, docs map[string]string) []Corpus {
	t.Helper()
	if docs == nil {
		docs = map[string]string{"a.md": "# A\n\nNATO’s members and Japan.\n", "b.txt": "B\n\nThe UN.\n\nThe UK.\n"}
	}
	return []Corpus{{Name: "fixture", FS: fixtureFS(t, docs)}}
}

func writeIndex(t *testing.T, corpora []Corpus, out string) Stats {
	t.Helper()
	st, err := WriteIndex(context.Background(), corpora, out)
	if err != nil {
		t.Fatalf("WriteIndex(%s) = %v; want nil", out, err)
	}
	return st
}

// openIndex opens an index, fails on a panic or an error, and closes it
// when the test ends.
func openIndex(t *testing.T, dir string) (*corpus.Catalog, *search.Index) {
	t.Helper()
	cat, ix, err := openNoPanic(t, dir)
	if err != nil {
		t.Fatalf("OpenIndex(%s) = %v; want nil", dir, err)
	}
	t.Cleanup(func() { ix.Close() })
	return cat, ix
}

var errPanic = errors.New("panic")

// openNoPanic is OpenIndex with a panic turned into a test failure.
func openNoPanic(t *testing.T, dir string) (cat *corpus.Catalog, ix *search.Index, err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("OpenIndex(%s) panicked: %v", dir, r)
			cat, ix, err = nil, nil, fmt.Errorf("%w: %v", errPanic, r)
		}
	}()
	return OpenIndex(dir)
}

// siblings lists the names in dir other than keep.
func siblings(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestWriteIndexOpenIndex(t *testing.T) {
	corpora := smallCorpus(t, nil)
	l := load(t, corpora...)
	dir := t.TempDir()
	out := filepath.Join(dir, "index")
	st := writeIndex(t, corpora, out)
	if st.Documents != 2 || st.Passages != l.Passages || st.Records != len(l.Docs) {
		t.Errorf("WriteIndex stats = %+v; want 2 documents, %d passages, %d records", st, l.Passages, len(l.Docs))
	}
	c, ix := openIndex(t, out)
	n, err := ix.Count()
	if err != nil || n != len(l.Docs) {
		t.Errorf("index Count() = %d, %v; want %d", n, err, len(l.Docs))
	}
	want := l.Catalog
	counts := []struct {
		name      string
		got, want int
	}{
		{"agreements", len(c.Agreements), len(want.Agreements)},
		{"organizations", len(c.Organizations), len(want.Organizations)},
		{"countries", len(c.Countries), len(want.Countries)},
		{"trends", len(c.Trends), len(want.Trends)},
		{"topics", len(c.Topics), len(want.Topics)},
		{"documents", len(c.Documents), len(want.Documents)},
	}
	for _, k := range counts {
		if k.got != k.want || k.got == 0 {
			t.Errorf("OpenIndex catalog has %d %s; want %d", k.got, k.name, k.want)
		}
	}
	if c.Version != want.Version {
		t.Errorf("OpenIndex version = %q; want %q", c.Version, want.Version)
	}
	if d := c.Document("document:b"); d == nil || d.Passages != 2 || d.Title != "B" {
		t.Errorf("OpenIndex Document(document:b) = %+v; want title B with 2 passages", d)
	}
	// The joins are rebuilt from the snapshot.
	var ids []string
	for _, a := range c.AgreementsOfCountry("JPN") {
		ids = append(ids, a.ID)
	}
	if want := []string{"us-japan-security-treaty-1960"}; !slices.Equal(ids, want) {
		t.Errorf("OpenIndex AgreementsOfCountry(JPN) = %v; want %v", ids, want)
	}
	if a := c.Agreement("jcpoa"); a == nil || a.Signed == nil || a.Signed.String() != "2015-07-14" {
		t.Errorf("OpenIndex Agreement(jcpoa) = %+v; want it signed 2015-07-14", a)
	}
	if got := siblings(t, dir); !slices.Equal(got, []string{"index"}) {
		t.Errorf("after WriteIndex the directory holds %v; want only [index]", got)
	}
}

func TestWriteIndexReplaces(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "index")
	writeIndex(t, smallCorpus(t, nil), out)
	// Build again over the existing index, with one more document.
	st := writeIndex(t, smallCorpus(t, map[string]string{"a.md": "# A\n", "b.txt": "B\n\nText.\n", "c.md": "# C\n\nMore.\n"}), out)
	if st.Documents != 3 {
		t.Errorf("second WriteIndex stats = %+v; want 3 documents", st)
	}
	c, ix := openIndex(t, out)
	if n := len(c.Documents); n != 3 {
		t.Errorf("after the second WriteIndex the index has %d documents; want 3", n)
	}
	if n, err := ix.Count(); err != nil || n != st.Records {
		t.Errorf("after the second WriteIndex Count() = %d, %v; want %d", n, err, st.Records)
	}
	if got := siblings(t, dir); !slices.Equal(got, []string{"index"}) {
		t.Errorf("after two builds the directory holds %v; want only [index]", got)
	}
}

func TestWriteIndexFailureKeepsPrevious(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "index")
	first := writeIndex(t, smallCorpus(t, nil), out)

	bad := []Corpus{{Name: "bad", FS: fstest.MapFS{
		"a.md":            {Data: []byte("# A\n")},
		"entities/x.json": {Data: []byte("{\n  \"agreements\": [\n    {\"id\": \"x\", \"kind\": \"NONE\"}\n  ]\n}\n")},
	}}}
	_, err := WriteIndex(context.Background(), bad, out)
	if err == nil || !strings.Contains(err.Error(), "bad/entities/x.json:3") {
		t.Fatalf("WriteIndex(invalid corpus) = %v; want an error naming bad/entities/x.json:3", err)
	}
	if got := siblings(t, dir); !slices.Equal(got, []string{"index"}) {
		t.Errorf("after a failed build the directory holds %v; want only [index]", got)
	}
	c, ix := openIndex(t, out)
	if n := len(c.Documents); n != first.Documents {
		t.Errorf("after a failed build the index has %d documents; want the previous %d", n, first.Documents)
	}
	if n, err := ix.Count(); err != nil || n != first.Records {
		t.Errorf("after a failed build Count() = %d, %v; want the previous %d", n, err, first.Records)
	}
}

func TestWriteIndexCanceled(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "index")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := WriteIndex(ctx, smallCorpus(t, nil), out); err == nil {
		t.Fatalf("WriteIndex(canceled) = nil; want an error")
	}
	if got := siblings(t, dir); len(got) != 0 {
		t.Errorf("after a canceled build the directory holds %v; want nothing", got)
	}
}

func TestWriteIndexRefusesOtherDirectory(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "photos")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	keep := filepath.Join(out, "holiday.jpg")
	if err := os.WriteFile(keep, []byte("jpeg"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := WriteIndex(context.Background(), smallCorpus(t, nil), out)
	if err == nil || !strings.Contains(err.Error(), "not a pactgraph index") {
		t.Errorf("WriteIndex(over a non-index directory) = %v; want an error saying it is not an index", err)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("WriteIndex removed a file of the directory it refused: %v", err)
	}
	if got := siblings(t, dir); !slices.Equal(got, []string{"photos"}) {
		t.Errorf("after a refused build the directory holds %v; want only [photos]", got)
	}
}

func TestWriteIndexRemovesLeftovers(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "index")
	leftovers := []string{"index.tmp-0123456789ab", "index.old-abcdef012345", "index.tmp-ffffffffffff"}
	kept := []string{
		"index.tmp-short",         // not 12 characters
		"index.old-0123456789abc", // 13
		"index.tmp-zzzzzzzzzzzz",  // 12, but not hex: not ours
		"other.tmp-0123456789ab",  // beside another index
		"notes.txt",
	}
	for _, name := range append(slices.Clone(leftovers), kept...) {
		p := filepath.Join(dir, name)
		if strings.HasSuffix(name, ".txt") {
			if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Join(p, "bleve"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "catalog.json"), []byte("{"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeIndex(t, smallCorpus(t, nil), out)
	want := append([]string{"index"}, kept...)
	slices.Sort(want)
	if got := siblings(t, dir); !slices.Equal(got, want) {
		t.Errorf("after WriteIndex the directory holds %v; want %v", got, want)
	}
	openIndex(t, out)
}

func TestOpenIndexErrors(t *testing.T) {
	// A good index to damage, copied for each case.
	good := filepath.Join(t.TempDir(), "good")
	writeIndex(t, smallCorpus(t, nil), good)
	catalog, err := os.ReadFile(filepath.Join(good, "catalog.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		damage    func(dir string) error
		fragments []string
	}{
		{"missing directory", func(dir string) error { return os.RemoveAll(dir) }, []string{"no catalog.json"}},
		{"empty directory", func(dir string) error {
			if err := os.RemoveAll(dir); err != nil {
				return err
			}
			return os.Mkdir(dir, 0o755)
		}, []string{"no catalog.json"}},
		{"garbage catalog", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "catalog.json"), []byte("\x00\x01 not json"), 0o644)
		}, []string{"catalog.json is damaged"}},
		{"empty catalog", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "catalog.json"), nil, 0o644)
		}, []string{"catalog.json is damaged"}},
		{"truncated catalog", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "catalog.json"), catalog[:len(catalog)/2], 0o644)
		}, []string{"catalog.json is damaged"}},
		{"wrong shape", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "catalog.json"), []byte(`{"mappingVersion": "one"}`), 0o644)
		}, []string{"catalog.json is damaged"}},
		{"other mapping version", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "catalog.json"), []byte(`{"mappingVersion": 999}`), 0o644)
		}, []string{"mapping version 999"}},
		{"null records", func(dir string) error {
			return os.WriteFile(filepath.Join(dir, "catalog.json"),
				[]byte(`{"mappingVersion": 1, "agreements": [null, null], "organizations": [null], "documents": [null, null]}`), 0o644)
		}, []string{"catalog.json"}},
		{"missing bleve index", func(dir string) error { return os.RemoveAll(filepath.Join(dir, "bleve")) }, []string{"not a pactgraph index"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			if err := os.CopyFS(dir, os.DirFS(good)); err != nil {
				t.Fatal(err)
			}
			if err := tc.damage(dir); err != nil {
				t.Fatal(err)
			}
			c, ix, err := openNoPanic(t, dir)
			if err == nil {
				ix.Close()
				t.Fatalf("OpenIndex(%s) = %d agreements, nil; want an error", tc.name, len(c.Agreements))
			}
			if errors.Is(err, errPanic) {
				return // reported
			}
			for _, f := range append(tc.fragments, dir) {
				if !strings.Contains(err.Error(), f) {
					t.Errorf("OpenIndex(%s) = %q; want it to contain %q", tc.name, err, f)
				}
			}
		})
	}
}

// A directory that merely holds a catalog.json is not an index: building
// over it must refuse and delete nothing (issue 15, item 1).
func TestWriteIndexRefusesUserFiles(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "d")
	files := map[string]string{"thesis.txt": "draft", "sub/data.csv": "x", "catalog.json": `{"my":"cfg"}`}
	for name, data := range files {
		p := filepath.Join(out, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	_, err := WriteIndex(context.Background(), smallCorpus(t, nil), out)
	if err == nil || !strings.Contains(err.Error(), "not a pactgraph index") {
		t.Errorf("WriteIndex(over a user's directory with catalog.json) = %v; want a refusal", err)
	}
	for name, data := range files {
		if got, err := os.ReadFile(filepath.Join(out, name)); err != nil || string(got) != data {
			t.Errorf("after the refused build %s = %q, %v; want %q kept", name, got, err, data)
		}
	}
	if got := siblings(t, dir); !slices.Equal(got, []string{"d"}) {
		t.Errorf("after a refused build the directory holds %v; want only [d]", got)
	}
}

// Only a complete build carries the marker, and an index with the marker
// is replaced by the next build; a stray file in it makes it foreign.
func TestWriteIndexMarker(t *testing.T) {
	out := filepath.Join(t.TempDir(), "index")
	writeIndex(t, smallCorpus(t, nil), out)
	data, err := os.ReadFile(filepath.Join(out, markerFile))
	if err != nil || !strings.Contains(string(data), `"format":"pactgraph-index"`) {
		t.Fatalf("marker after a build = %q, %v; want the pactgraph-index format", data, err)
	}
	if _, err := os.Stat(filepath.Join(out, buildMarker)); err == nil {
		t.Errorf("a published index still carries the build marker")
	}
	writeIndex(t, smallCorpus(t, nil), out) // ours: replaced
	if err := os.Remove(filepath.Join(out, markerFile)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteIndex(context.Background(), smallCorpus(t, nil), out); err == nil {
		t.Errorf("WriteIndex(over an unmarked index holding notes.txt) = nil; want a refusal")
	}
	if _, err := os.Stat(filepath.Join(out, "notes.txt")); err != nil {
		t.Errorf("notes.txt was lost: %v", err)
	}
}

// Leftover names are not proof: a directory named like a leftover that
// holds someone's files stays.
func TestWriteIndexKeepsForeignLeftoverNames(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "index.tmp-0123456789ab")
	if err := os.MkdirAll(foreign, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(foreign, "thesis.txt"), []byte("draft"), 0o644); err != nil {
		t.Fatal(err)
	}
	writeIndex(t, smallCorpus(t, nil), filepath.Join(dir, "index"))
	if _, err := os.Stat(filepath.Join(foreign, "thesis.txt")); err != nil {
		t.Errorf("a foreign directory named like a leftover was removed: %v", err)
	}
}

// A second build of the same directory while one runs fails at once,
// naming the first, and leaves the first's build alone (item 3).
func TestWriteIndexLocked(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "index")
	unlock, err := lockBuild(out)
	if err != nil {
		t.Fatal(err)
	}
	inProgress := filepath.Join(dir, "index.tmp-0123456789ab")
	if err := os.MkdirAll(filepath.Join(inProgress, bleveDir), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err = WriteIndex(context.Background(), smallCorpus(t, nil), out)
	want := fmt.Sprintf("already being built by pid %d", os.Getpid())
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("WriteIndex(while another build holds the lock) = %v; want %q", err, want)
	}
	if _, err := os.Stat(inProgress); err != nil {
		t.Errorf("the second build removed the first one's build in progress: %v", err)
	}
	unlock()
	writeIndex(t, smallCorpus(t, nil), out)
	if got := siblings(t, dir); !slices.Equal(got, []string{"index"}) {
		t.Errorf("after the build the directory holds %v; want only [index] (no lock file, no leftovers)", got)
	}
}

// An index reached through a symlink is rebuilt where the link points; the
// link stays a link.
func TestWriteIndexThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	writeIndex(t, smallCorpus(t, nil), real)
	link := filepath.Join(dir, "link")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	writeIndex(t, smallCorpus(t, nil), link)
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("after a build through %s it is %v, %v; want the symlink kept", link, info, err)
	}
	openIndex(t, link)
}
