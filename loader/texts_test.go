package loader

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"pactgraph/search"
)

const natText = "<meta http-equiv='Content-Type' content='text/html; charset=utf-8' />\n\n##Noord-Atlantisch Verdrag\n\n" +
	"####NORTH ATLANTIC TREATY\n\nThe Parties reaffirm their faith in the Charter.\n\n### Article  5  \n\n" +
	"The Parties agree that an armed attack against one or more of them shall be considered an attack against them all.\n"

func researcherFS(manifest string) fstest.MapFS {
	fsys := fstest.MapFS{
		"nl/north-atlantic-treaty.md": {Data: []byte(natText)},
		"notes/anzus.md":              {Data: []byte("---\nagreement: anzus\n---\n\nARTICLE IV Each Party recognises that an armed attack in the Pacific area would be dangerous.\n")},
		"notes/typo.md":               {Data: []byte("---\nagreement: anzuss\n---\n\nA text.\n")},
		"notes/named.md":              {Data: []byte("---\nagreement: Washington Treaty\n---\n\nA text.\n")},
	}
	if manifest != "" {
		fsys["documents.json"] = &fstest.MapFile{Data: []byte(manifest)}
	}
	return fsys
}

func TestTextJoinedToAgreement(t *testing.T) {
	manifest := `{"documents": [
  {"path": "nl/north-atlantic-treaty.md", "agreement": "north-atlantic-treaty", "language": "en"}
]}`
	l := load(t, Builtin(), Corpus{Name: "r", FS: researcherFS(manifest)})
	nat := l.Catalog.Document("document:nl-north-atlantic-treaty")
	if nat == nil || nat.TextOf != "agreement:north-atlantic-treaty" || nat.Language != "en" {
		t.Fatalf("North Atlantic Treaty document = %+v; want the text of agreement:north-atlantic-treaty, in en", nat)
	}
	anzus := l.Catalog.Document("document:notes-anzus")
	if anzus == nil || anzus.TextOf != "agreement:anzus" {
		t.Errorf("ANZUS notes = %+v; want joined by front matter", anzus)
	}
	if got := l.Catalog.TextsOf("north-atlantic-treaty"); len(got) != 1 || got[0] != nat {
		t.Errorf("TextsOf(north-atlantic-treaty) = %v", got)
	}
	for _, d := range l.Docs {
		if d.Document != "document:nl-north-atlantic-treaty" {
			continue
		}
		if d.TextOf != "agreement:north-atlantic-treaty" || !slices.Contains(d.Kinds, "MULTILATERAL") || !slices.Contains(d.Decades, 1940) {
			t.Errorf("passage %s = textOf %q, kinds %v, decades %v; want the treaty's", d.ID, d.TextOf, d.Kinds, d.Decades)
		}
		if strings.Contains(d.Body, "armed attack") && d.Article != "5" {
			t.Errorf("passage %s article = %q; want 5", d.ID, d.Article)
		}
	}
	var typo, named, proposal bool
	for _, n := range l.Notices {
		typo = typo || strings.Contains(n, `r/notes/typo.md: front matter agreement "anzuss" is not an agreement id`)
		named = named || strings.Contains(n, "(it names north-atlantic-treaty: write `agreement: north-atlantic-treaty`)")
		proposal = proposal || strings.Contains(n, "matches agreement north-atlantic-treaty")
	}
	if !typo || !named {
		t.Errorf("notices = %q; want one for the unknown agreement in typo.md, and the id for the alias in named.md", l.Notices)
	}
	if proposal {
		t.Errorf("notices = %q; want no proposal for a document already joined", l.Notices)
	}
}

func TestTextProposedByTitle(t *testing.T) {
	l := load(t, Builtin(), Corpus{Name: "r", FS: researcherFS("")})
	if d := l.Catalog.Document("document:nl-north-atlantic-treaty"); d.TextOf != "" {
		t.Errorf("TextOf = %q; want no join that nobody declared", d.TextOf)
	}
	var found string
	for _, n := range l.Notices {
		if strings.HasPrefix(n, "r/nl/north-atlantic-treaty.md:") {
			found = n
		}
	}
	if !strings.Contains(found, `"NORTH ATLANTIC TREATY" matches agreement north-atlantic-treaty`) || !strings.Contains(found, "documents.json") {
		t.Errorf("notices = %q; want a proposal for the North Atlantic Treaty by its heading", l.Notices)
	}
}

func TestManifestErrors(t *testing.T) {
	for _, tc := range []struct {
		name, manifest string
		want           []string
	}{
		{"missing file", "{\"documents\": [\n  {\"path\": \"nl/north-atlantic-treaty.md\", \"agreement\": \"north-atlantic-treaty\"},\n  {\"path\": \"nl/gone.md\", \"agreement\": \"anzus\"}\n]}",
			[]string{"r/documents.json:3", `document "nl/gone.md"`, "no such document"}},
		{"unknown agreement", "{\"documents\": [\n\n  {\"path\": \"nl/north-atlantic-treaty.md\", \"agreement\": \"north-atlantic\"}\n]}",
			[]string{"r/documents.json:3", `document "nl/north-atlantic-treaty.md"`, `agreement "north-atlantic" is not an agreement`}},
		{"unknown key", "{\"documents\": [\n  {\"path\": \"nl/north-atlantic-treaty.md\", \"agreemnt\": \"anzus\"}\n]}",
			[]string{"r/documents.json:2", "agreemnt"}},
		{"not a manifest", `["nl/north-atlantic-treaty.md"]`, []string{"r/documents.json:1", `{"documents": [`}},
		{"twice", "{\"documents\": [\n{\"path\": \"nl/north-atlantic-treaty.md\", \"language\": \"en\"},\n{\"path\": \"./nl/north-atlantic-treaty.md\", \"language\": \"nl\"}]}",
			[]string{"r/documents.json:3", "listed twice (first at line 2)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantLoadError(t, []Corpus{Builtin(), {Name: "r", FS: researcherFS(tc.manifest)}}, tc.want...)
		})
	}
}

// A manifest may join the files of a directory the researcher cannot
// write to: its paths lead there from its own directory.
func TestManifestJoinsAnotherCorpus(t *testing.T) {
	mine := fstest.MapFS{"documents.json": {Data: []byte(`{"documents": [{"path": "../shared/texts/north-atlantic-treaty.md", "agreement": "north-atlantic-treaty", "language": "en"}]}`)}}
	shared := fstest.MapFS{"north-atlantic-treaty.md": {Data: []byte(natText)}}
	l := load(t, Builtin(), Corpus{Name: "work/mine", FS: mine}, Corpus{Name: "work/shared/texts", FS: shared})
	if d := l.Catalog.Document("document:north-atlantic-treaty"); d == nil || d.TextOf != "agreement:north-atlantic-treaty" || d.Language != "en" {
		t.Errorf("document = %+v; want joined by the other corpus's manifest", d)
	}
	wantLoadError(t, []Corpus{Builtin(), {Name: "work/mine", FS: mine}}, "work/mine/documents.json:1", "no such document in the corpora loaded")
}

func TestSamePathInTwoCorpora(t *testing.T) {
	a := fstest.MapFS{"SOURCES.md": {Data: []byte("# Sources of A\n\nText.\n")}}
	b := fstest.MapFS{"SOURCES.md": {Data: []byte("# Sources of B\n\nText.\n")}}
	l := load(t, Corpus{Name: "data/treaty-texts", FS: a}, Corpus{Name: "data/atop-v4", FS: b})
	if d := l.Catalog.Document("document:sources"); d == nil || d.Title != "Sources of A" {
		t.Errorf("document:sources = %+v; want the first corpus's", d)
	}
	if d := l.Catalog.Document("document:atop-v4-sources"); d == nil || d.Title != "Sources of B" {
		t.Errorf("document:atop-v4-sources = %+v; want the second corpus's, its id prefixed with its folder", d)
	}
	wantLoadError(t, []Corpus{{Name: "a", FS: fstest.MapFS{"x.md": {Data: []byte("A.\n")}, "x.txt": {Data: []byte("B.\n")}}}}, `document id "x" is also the id of a/x.md`)
}

// What front matter and the manifest say survives an index built on disk.
func TestJoinSurvivesIndexOnDisk(t *testing.T) {
	manifest := `{"documents": [{"path": "nl/north-atlantic-treaty.md", "agreement": "north-atlantic-treaty", "language": "en"}]}`
	fsys := researcherFS(manifest)
	fsys["cable.md"] = &fstest.MapFile{Data: []byte(cableWithYAML)}
	dir := t.TempDir() + "/index"
	if _, err := WriteIndex(context.Background(), []Corpus{Builtin(), {Name: "r", FS: fsys}}, dir); err != nil {
		t.Fatal(err)
	}
	cat, ix, err := OpenIndex(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got := cat.TextsOf("north-atlantic-treaty"); len(got) != 1 || got[0].Language != "en" {
		t.Errorf("TextsOf after OpenIndex = %+v", got)
	}
	cable := cat.Document("document:cable")
	if cable == nil || cable.Date == nil || cable.Date.String() != "1951-02-17" || len(cable.Meta) != 3 || len(cable.Authors) != 2 {
		t.Errorf("cable after OpenIndex = %+v", cable)
	}
}

// A manifest's path that reaches the shared folder through a symbolic link
// names the same documents as the folder loaded by its own path.
func TestManifestThroughSymlink(t *testing.T) {
	root := t.TempDir()
	texts := filepath.Join(root, "data", "texts")
	mine := filepath.Join(root, "work", "mine")
	for _, d := range []string{texts, mine} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(texts, "north-atlantic-treaty.md"), []byte(natText), 0o644); err != nil {
		t.Fatal(err)
	}
	// work/shared is a link to data: the manifest goes through it.
	if err := os.Symlink(filepath.Join(root, "data"), filepath.Join(root, "work", "shared")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	manifest := `{"documents": [{"path": "../shared/texts/north-atlantic-treaty.md", "agreement": "north-atlantic-treaty"}]}`
	if err := os.WriteFile(filepath.Join(mine, "documents.json"), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	l := load(t, Builtin(), Dir(mine), Dir(texts))
	if d := l.Catalog.Document("document:north-atlantic-treaty"); d == nil || d.TextOf != "agreement:north-atlantic-treaty" {
		t.Errorf("document = %+v; want joined through the link", d)
	}
}

// A search that names an agreement finds its text, which does not write
// the treaty's name: by the join (the index keeps the names of the
// agreements whose texts it holds, on disk too), and without one by the
// document's title ("NORTH ATLANTIC TREATY", another name of the
// Washington Treaty), which is its passages' context.
func TestSearchNamesAJoinedText(t *testing.T) {
	manifest := `{"documents": [{"path": "nl/north-atlantic-treaty.md", "agreement": "north-atlantic-treaty", "language": "en"}]}`
	for _, tc := range []struct{ name, manifest string }{{"joined", manifest}, {"by its title", ""}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir() + "/index"
			if _, err := WriteIndex(context.Background(), []Corpus{Builtin(), {Name: "r", FS: researcherFS(tc.manifest)}}, dir); err != nil {
				t.Fatal(err)
			}
			_, ix, err := OpenIndex(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			res, err := ix.Search(context.Background(), search.Query{Text: "article 5 Washington Treaty", First: 20, Types: []string{"PASSAGE"}})
			if err != nil {
				t.Fatal(err)
			}
			var hit *search.Hit
			for i := range res.Hits {
				if res.Hits[i].Doc.Document == "document:nl-north-atlantic-treaty" && res.Hits[i].Doc.Article == "5" {
					hit = &res.Hits[i]
				}
			}
			switch {
			case hit == nil:
				t.Fatalf("hits %d; want the North Atlantic Treaty's article 5 among them", len(res.Hits))
			case hit != &res.Hits[0] || hit.Partial:
				t.Errorf("article 5 = rank %d, partial %v; want the first hit, complete", slices.IndexFunc(res.Hits, func(h search.Hit) bool { return h.Doc.ID == hit.Doc.ID })+1, hit.Partial)
			}
		})
	}
}

// A passage's context is its document's title and the heading under the
// title that the document opens with (the treaty's name in its other
// language), less the words its own passages write.
func TestPassageContext(t *testing.T) {
	l := load(t, Builtin(), Corpus{Name: "r", FS: researcherFS("")})
	want := map[string][]string{
		"document:nl-north-atlantic-treaty": {"Noord-Atlantisch Verdrag", "NORTH ATLANTIC TREATY"},
		"document:notes-anzus":              {"Anzus"}, // its title, from the file name
	}
	seen := map[string]bool{}
	for _, d := range l.Docs {
		w, ok := want[d.Document]
		if !ok {
			continue
		}
		seen[d.Document] = true
		if !slices.Equal(d.Context, w) {
			t.Errorf("passage %s (heading %q, body %q) context = %q; want %q", d.ID, d.Heading, d.Body, d.Context, w)
		}
	}
	if len(seen) != len(want) {
		t.Errorf("passages of %v; want those of every document in %v", seen, want)
	}
	for _, d := range l.Docs {
		if d.Document == "document:security-agreements" && slices.ContainsFunc(d.Context, func(s string) bool { return strings.Contains(s, "Agreements") }) {
			t.Fatalf("essay passage %s context = %q; the essay writes \"agreements\" throughout", d.ID, d.Context)
		}
	}
}
