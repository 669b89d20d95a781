package loader

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"pactgraph/corpus"
)

func load(t *testing.T, corpora ...Corpus) *Loaded {
	t.Helper()
	l, err := Load(context.Background(), corpora)
	if err != nil {
		t.Fatalf("Load = %v; want nil", err)
	}
	return l
}

// wantLoadError fails unless Load fails with a message containing every
// fragment.
func wantLoadError(t *testing.T, corpora []Corpus, fragments ...string) error {
	t.Helper()
	l, err := Load(context.Background(), corpora)
	if err == nil {
		t.Fatalf("Load = %d documents, nil; want an error containing %q", len(l.Catalog.Documents), fragments)
	}
	for _, f := range fragments {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("Load = %q; want it to contain %q", err, f)
		}
	}
	return err
}

func documentIDs(l *Loaded) []string {
	var out []string
	for _, d := range l.Catalog.Documents {
		out = append(out, d.ID)
	}
	return out
}

func TestLoadBuiltin(t *testing.T) {
	l := loadBuiltin(t)
	if len(l.Catalog.Agreements) == 0 || len(l.Catalog.Organizations) == 0 || len(l.Catalog.Countries) == 0 {
		t.Errorf("Load(builtin) = %d agreements, %d organizations, %d countries; want some of each",
			len(l.Catalog.Agreements), len(l.Catalog.Organizations), len(l.Catalog.Countries))
	}
	// The loader's catalog answers the same queries as the entity data.
	got := l.Catalog.FindAgreements(corpus.AgreementQuery{Parties: []string{"USA", "JPN"}})
	var ids []string
	for _, a := range got {
		ids = append(ids, a.ID)
	}
	if want := []string{"us-japan-security-treaty-1951", "us-japan-security-treaty-1960"}; !slices.Equal(ids, want) {
		t.Errorf("FindAgreements(USA, JPN) = %v; want %v", ids, want)
	}
}

func TestLoadDocumentsOnly(t *testing.T) {
	fsys := fstest.MapFS{
		"a.md":               {Data: []byte("# Alpha\n\nText about Japan.\n")},
		"sub/Beta Notes.txt": {Data: []byte("Beta\n\nOne.\n\nTwo.\n")},
		"c.html":             {Data: []byte("<title>Gamma</title><p>Three.</p>")},
		"d.htm":              {Data: []byte("<p>Four.</p>")},
		"e.markdown":         {Data: []byte("Five.\n")},
		"README":             {Data: []byte("no extension: not a document\n")},
		"picture.png":        {Data: []byte("\x89PNG")},
		"data.json":          {Data: []byte("{}")},
	}
	l := load(t, Corpus{Name: "docs", FS: fsys})
	want := []string{"document:a", "document:c", "document:d", "document:e", "document:sub-beta-notes"}
	if got := documentIDs(l); !slices.Equal(got, want) {
		t.Errorf("Load(documents only) documents = %v; want %v", got, want)
	}
	if n := len(l.Catalog.Agreements) + len(l.Catalog.Countries) + len(l.Catalog.Organizations); n != 0 {
		t.Errorf("Load(documents only) = %d entities; want 0", n)
	}
	wantDocs := map[string]corpus.Document{
		"document:a":              {ID: "document:a", Title: "Alpha", Path: "a.md", Format: "markdown", Passages: 1},
		"document:sub-beta-notes": {ID: "document:sub-beta-notes", Title: "Beta", Path: "sub/Beta Notes.txt", Format: "text", Passages: 2},
		"document:c":              {ID: "document:c", Title: "Gamma", Path: "c.html", Format: "html", Passages: 1},
		"document:d":              {ID: "document:d", Title: "D", Path: "d.htm", Format: "html", Passages: 1},
		"document:e":              {ID: "document:e", Title: "E", Path: "e.markdown", Format: "markdown", Passages: 1},
	}
	for id, w := range wantDocs {
		if d := l.Catalog.Document(id); d == nil || !reflect.DeepEqual(*d, w) {
			t.Errorf("Document(%q) = %+v; want %+v", id, d, w)
		}
	}
	if l.Passages != 6 || len(l.Docs) != 6 {
		t.Errorf("Load(documents only) = %d passages, %d records; want 6 and 6", l.Passages, len(l.Docs))
	}
	for _, p := range passagesOf(l) {
		if len(p.Countries)+len(p.Agreements)+len(p.Organizations) != 0 {
			t.Errorf("passage %s links %v %v %v with no entities", p.ID, p.Countries, p.Agreements, p.Organizations)
		}
	}
}

func TestLoadSkipsHiddenAndEntities(t *testing.T) {
	fsys := fixtureFS(t, map[string]string{
		"doc.md":               "# Doc\n\nText.\n",
		".hidden.md":           "# Hidden\n",
		".git/HEAD.txt":        "Hidden\n",
		"sub/.draft.txt":       "Draft\n",
		".cache/sub/x.md":      "# X\n",
		"entities/README.md":   "# About the entities\n",
		"entities/notes.txt":   "Notes\n",
		"entities/sub/more.md": "# More\n",
	})
	l := load(t, Corpus{Name: "c", FS: fsys})
	if got, want := documentIDs(l), []string{"document:doc"}; !slices.Equal(got, want) {
		t.Errorf("Load documents = %v; want %v", got, want)
	}
}

func TestLoadLinksFixtureDocument(t *testing.T) {
	fsys := fixtureFS(t, map[string]string{
		"essay.txt": "Alliances\n\nNATO’s collective defense binds its members.\n\nLet us compare the US–Japan treaty and the UN.\n\n" +
			"Omani and Japanese officials met.\n\nThe Iran nuclear deal was agreed by the P5+1.\n",
	})
	passages := passagesOf(load(t, Corpus{Name: "c", FS: fsys}))
	tests := []struct {
		contains                             string
		agreements, organizations, countries []string
	}{
		{"NATO’s", nil, []string{"organization:nato"}, nil},
		{"Let us compare", nil, []string{"organization:un"}, []string{"JPN", "USA"}},
		{"Omani", nil, nil, nil},
		{"Iran nuclear deal", []string{"agreement:jcpoa"}, []string{"organization:p5-plus-1"}, []string{"IRN"}},
	}
	for _, tc := range tests {
		t.Run(tc.contains, func(t *testing.T) {
			p := passageWith(t, passages, tc.contains)
			if !slices.Equal(p.Agreements, tc.agreements) || !slices.Equal(p.Organizations, tc.organizations) || !slices.Equal(p.Countries, tc.countries) {
				t.Errorf("passage %q links %v %v %v; want %v %v %v", p.Text, p.Agreements, p.Organizations, p.Countries,
					tc.agreements, tc.organizations, tc.countries)
			}
		})
	}
}

func TestLoadDuplicateDocumentID(t *testing.T) {
	t.Run("one corpus", func(t *testing.T) {
		fsys := fstest.MapFS{
			"a b.md":  {Data: []byte("# A\n")},
			"a-b.txt": {Data: []byte("A\n\nText.\n")},
		}
		wantLoadError(t, []Corpus{{Name: "c", FS: fsys}}, "c/a b.md", "c/a-b.txt", `"a-b"`)
	})
	// The same path in two corpora is not a clash (the second id is
	// prefixed with its folder's name: TestSamePathInTwoCorpora), unless
	// the prefixed id clashes too.
	t.Run("two corpora", func(t *testing.T) {
		one := fstest.MapFS{"x.md": {Data: []byte("# X\n")}, "two-x.md": {Data: []byte("# Two X\n")}}
		two := fstest.MapFS{"x.txt": {Data: []byte("X\n")}}
		wantLoadError(t, []Corpus{{Name: "one", FS: one}, {Name: "two", FS: two}}, "one/two-x.md", "two/x.txt", `"two-x"`)
	})
}

// bigFS reports a size over the limit for one file, without holding it.
type bigFS struct {
	fstest.MapFS
	big  string
	size int64
}

func (f bigFS) Stat(name string) (fs.FileInfo, error) {
	info, err := f.MapFS.Stat(name)
	if err != nil || name != f.big {
		return info, err
	}
	return bigInfo{info, f.size}, nil
}

func (f bigFS) Open(name string) (fs.File, error) {
	file, err := f.MapFS.Open(name)
	if err != nil || name != f.big {
		return file, err
	}
	return bigFile{file, f.size}, nil
}

type bigInfo struct {
	fs.FileInfo
	size int64
}

func (i bigInfo) Size() int64 { return i.size }

type bigFile struct {
	fs.File
	size int64
}

func (f bigFile) Stat() (fs.FileInfo, error) {
	info, err := f.File.Stat()
	if err != nil {
		return nil, err
	}
	return bigInfo{info, f.size}, nil
}

func TestLoadDocumentTooBig(t *testing.T) {
	t.Run("fs", func(t *testing.T) {
		fsys := bigFS{
			MapFS: fstest.MapFS{
				"ok.md":      {Data: []byte("# OK\n")},
				"huge/x.txt": {Data: []byte("Small data, big size.\n")},
			},
			big: "huge/x.txt", size: maxDocumentBytes + 1,
		}
		wantLoadError(t, []Corpus{{Name: "c", FS: fsys}}, "c/huge/x.txt", "16777217 bytes")
	})
	t.Run("dir", func(t *testing.T) {
		dir := t.TempDir()
		f, err := os.Create(filepath.Join(dir, "big.txt"))
		if err != nil {
			t.Fatal(err)
		}
		// A sparse file: the size without the writing.
		if err := f.Truncate(maxDocumentBytes + 1); err != nil {
			t.Fatal(err)
		}
		f.Close()
		wantLoadError(t, []Corpus{Dir(dir)}, filepath.ToSlash(filepath.Join(dir, "big.txt")))
	})
	t.Run("at the limit", func(t *testing.T) {
		fsys := bigFS{
			MapFS: fstest.MapFS{"x.txt": {Data: []byte("Small.\n")}},
			big:   "x.txt", size: maxDocumentBytes,
		}
		load(t, Corpus{Name: "c", FS: fsys})
	})
}

func TestLoadInvalidEntities(t *testing.T) {
	bad := "{\n  \"agreements\": [\n    {\"id\": \"x\", \"name\": \"X\", \"kind\": \"BILATERAL\", \"summary\": \"s\", \"sources\": [{\"url\": \"https://e.org\"}],\n" +
		"     \"organizations\": [\"nowhere\"]}\n  ]\n}\n"
	tests := []struct {
		name      string
		corpora   func(t *testing.T) []Corpus
		fragments []string
	}{
		{
			name: "unknown reference",
			corpora: func(t *testing.T) []Corpus {
				fsys := fixtureFS(t, map[string]string{"doc.md": "# D\n", "entities/bad.json": bad})
				return []Corpus{{Name: "c", FS: fsys}}
			},
			fragments: []string{"invalid corpus", `c/entities/bad.json:3: agreement "x": unknown organization "nowhere"`},
		},
		{
			name: "syntax error",
			corpora: func(t *testing.T) []Corpus {
				return []Corpus{{Name: "c", FS: fstest.MapFS{"entities/e.json": {Data: []byte("{\n  \"countries\": [\n  ,\n}")}}}}
			},
			fragments: []string{"invalid corpus", "c/entities/e.json:3"},
		},
		{
			name: "errors of two corpora",
			corpora: func(t *testing.T) []Corpus {
				one := fstest.MapFS{"entities/e.json": {Data: []byte("{\n\"colours\": []}")}}
				two := fstest.MapFS{"entities/e.json": {Data: []byte("{\n\n\"flavours\": []}")}}
				return []Corpus{{Name: "one", FS: one}, {Name: "two", FS: two}}
			},
			fragments: []string{`one/entities/e.json:2: unknown key "colours"`, `two/entities/e.json:3: unknown key "flavours"`},
		},
		{
			name: "duplicate across corpora",
			corpora: func(t *testing.T) []Corpus {
				return []Corpus{{Name: "one", FS: fixtureFS(t, nil)}, {Name: "two", FS: fixtureFS(t, nil)}}
			},
			fragments: []string{"two/entities/fixture.json:", `country "USA": duplicate id: also defined at one/entities/fixture.json:`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantLoadError(t, tc.corpora(t), tc.fragments...)
		})
	}
}

func TestLoadSeveralCorpora(t *testing.T) {
	// The second corpus refers to a country the first defines.
	one := fixtureFS(t, map[string]string{"one.md": "# One\n\nJapan.\n"})
	two := fstest.MapFS{
		"two.md": {Data: []byte("# Two\n\nThe Test Accord and Japan.\n")},
		"entities/more.json": {Data: []byte(`{"agreements": [{"id": "test-accord", "name": "Test Accord", "kind": "BILATERAL",
			"parties": [{"country": "JPN", "role": "FOUNDING"}, {"country": "FRA", "role": "FOUNDING"}],
			"summary": "s", "sources": [{"url": "https://example.org"}]}]}`)},
	}
	l := load(t, Corpus{Name: "one", FS: one}, Corpus{Name: "two", FS: two})
	if got, want := documentIDs(l), []string{"document:one", "document:two"}; !slices.Equal(got, want) {
		t.Errorf("documents = %v; want %v", got, want)
	}
	if a := l.Catalog.Agreement("test-accord"); a == nil {
		t.Errorf("Agreement(test-accord) = nil; want the second corpus's agreement")
	}
	p := passageWith(t, passagesOf(l), "The Test Accord")
	if !slices.Equal(p.Agreements, []string{"agreement:test-accord"}) || !slices.Equal(p.Countries, []string{"JPN"}) {
		t.Errorf("passage %q links %v %v; want [agreement:test-accord] [JPN]", p.Text, p.Agreements, p.Countries)
	}
}

func TestLoadVersion(t *testing.T) {
	base := map[string]string{"a.md": "# A\n\nText.\n", "b.txt": "B\n\nMore.\n"}
	version := func(t *testing.T, name string, fsys fs.FS) string {
		t.Helper()
		return load(t, Corpus{Name: name, FS: fsys}).Catalog.Version
	}
	v0 := version(t, "c", fixtureFS(t, base))
	tests := []struct {
		name    string
		corpus  string
		edit    func(fstest.MapFS)
		changed bool
	}{
		{"same content", "c", func(fstest.MapFS) {}, false},
		{"another corpus name", "elsewhere", func(fstest.MapFS) {}, false},
		{"hidden file added", "c", func(m fstest.MapFS) { m[".notes.md"] = &fstest.MapFile{Data: []byte("# N\n")} }, false},
		{"non-document added", "c", func(m fstest.MapFS) { m["image.png"] = &fstest.MapFile{Data: []byte("png")} }, false},
		{"document changed", "c", func(m fstest.MapFS) { m["a.md"] = &fstest.MapFile{Data: []byte("# A\n\nText!\n")} }, true},
		{"document added", "c", func(m fstest.MapFS) { m["c.md"] = &fstest.MapFile{Data: []byte("# C\n")} }, true},
		{"document removed", "c", func(m fstest.MapFS) { delete(m, "b.txt") }, true},
		{"document renamed", "c", func(m fstest.MapFS) { m["z.txt"] = m["b.txt"]; delete(m, "b.txt") }, true},
		{"entities changed", "c", func(m fstest.MapFS) {
			e := fixtureEntities()
			e.Countries[1].Aliases = []string{"Nippon"}
			m["entities/fixture.json"] = &fstest.MapFile{Data: entitiesJSON(t, e)}
		}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fixtureFS(t, base)
			tc.edit(fsys)
			v := version(t, tc.corpus, fsys)
			if (v != v0) != tc.changed {
				t.Errorf("version after %s = %s, before %s; want changed = %v", tc.name, v, v0, tc.changed)
			}
		})
	}
}

func TestLoadCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Load(ctx, []Corpus{{Name: "c", FS: fixtureFS(t, map[string]string{"a.md": "# A\n"})}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Load(canceled) = %v; want context.Canceled", err)
	}
}

func TestLoadMissingDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nope")
	wantLoadError(t, []Corpus{Dir(dir)}, "nope")
}

// An organization's record carries the themes of the agreements that found
// it, so a search or filter by theme finds it too; a country's carries none.
func TestOrganizationThemesFromFoundingAgreements(t *testing.T) {
	l := loadBuiltin(t)
	themes := map[string][]string{}
	for _, d := range l.Docs {
		themes[d.ID] = d.Themes
	}
	if got := themes["organization:five-eyes"]; !slices.Contains(got, "intelligence-sharing") {
		t.Errorf("Five Eyes themes = %v; want the UKUSA Agreement's intelligence-sharing", got)
	}
	if got := themes["organization:nato"]; !slices.Contains(got, "collective-defense") {
		t.Errorf("NATO themes = %v; want the North Atlantic Treaty's collective-defense", got)
	}
	if got := themes["country:USA"]; len(got) != 0 {
		t.Errorf("USA themes = %v; want none", got)
	}
}
