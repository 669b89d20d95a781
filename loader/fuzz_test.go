package loader

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"pactgraph/corpus"
)

// checkPassages holds what every reader promises whatever the bytes: clean
// UTF-8 without NULs, pieces of 1 to maxPassage runes, positions in order.
func checkPassages(t *testing.T, path string, data []byte) {
	text, _ := decodeText(data, path)
	doc, passages := readDocument("f", path, []byte(text))
	if !utf8.ValidString(doc.Title) || strings.ContainsRune(doc.Title, 0) {
		t.Errorf("readDocument(%q) title %q is not clean UTF-8", path, doc.Title)
	}
	for i, p := range passages {
		n := utf8.RuneCountInString(p.Text)
		if !utf8.ValidString(p.Text) || strings.ContainsRune(p.Text, 0) || n == 0 || n > maxPassage {
			t.Fatalf("readDocument(%q) passage %d = %d runes %q; want 1 to %d runes of clean UTF-8", path, i, n, p.Text, maxPassage)
		}
		if p.Position != i+1 {
			t.Fatalf("readDocument(%q) passage %d has position %d", path, i, p.Position)
		}
	}
}

func addSeeds(f *testing.F, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Add([]byte{0xFF, 0xFE, 'A', 0, '\n', 0})
	f.Add([]byte("\xEF\xBB\xBFTitle\n\n\xe9t\xe9\x00\n"))
}

func FuzzReadText(f *testing.F) {
	addSeeds(f, "Title\n\nA paragraph.\n\nHeading\n\nIntro:\n\n  - one\n\n  - two\n", strings.Repeat("w. ", 1500))
	f.Fuzz(func(t *testing.T, data []byte) { checkPassages(t, "f.txt", data) })
}

func FuzzReadMarkdown(f *testing.F) {
	addSeeds(f, "# T\n\n## A\n\ntext *em* [l](u)\n\n```\ncode\n```\n\nSetext\n---\n\n- a\n- b\n", "_a_ __b__ ![i](x)",
		"# T\n\nReports shall contain:\n\na) one;\n\n(b) two;\n\niv) three.\n\nAfter.\n")
	f.Fuzz(func(t *testing.T, data []byte) { checkPassages(t, "f.md", data) })
}

func FuzzReadHTML(f *testing.F) {
	addSeeds(f, "<title>T</title><h1>H</h1><p>a<br>b</p><script>x</script><nav>n</nav><h2>S</h2><li>i", "<p><title>")
	f.Fuzz(func(t *testing.T, data []byte) { checkPassages(t, "f.html", data) })
}

// FuzzSplitLong: splitting loses no word and adds none.
func FuzzSplitLong(f *testing.F) {
	f.Add(strings.Repeat("Sentence one. ", 300))
	f.Add(strings.Repeat("é", 4100))
	f.Fuzz(func(t *testing.T, text string) {
		text = strings.TrimSpace(strings.ToValidUTF8(text, ""))
		if text == "" {
			return
		}
		got := strings.Fields(strings.Join(splitLong(text), " "))
		want := strings.Fields(text)
		if len(got) < len(want) {
			t.Fatalf("splitLong lost words: %d of %d", len(got), len(want))
		}
		if strings.Join(got, "") != strings.Join(want, "") {
			t.Fatalf("splitLong changed the text")
		}
	})
}

// FuzzEntities: an entities file, whatever its bytes, is read or refused
// with an error, never a panic.
func FuzzEntities(f *testing.F) {
	f.Add([]byte(`{"agreements": [{"id": "x", "name": "X", "kind": "BILATERAL"}]}`))
	f.Add([]byte(`{"countries": [{"code": "USA", "name": "United States"}], "trends": null}`))
	f.Add([]byte(`{"agreements": [1e999, {"id": ["x"]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var e corpus.Entities
		fsys := fstest.MapFS{"entities/x.json": {Data: data}}
		if err := e.ReadEntities(fsys, "entities", "c"); err == nil {
			e.Validate()
		}
	})
}

// FuzzATOP: an ATOP-like CSV file is read or refused, never a panic, and
// its numbers never overflow into nonsense dates.
func FuzzATOP(f *testing.F) {
	f.Add([]byte("atopid,begyr,begmo,begday,endyr,endmo,endday,ineffect,bilat\n1,1949,4,4,,,,1,0\n"))
	f.Add([]byte("atopid,member,yrent,moent,dayent,yrexit\nNaN,1e308,-Inf,2,3,4\n1,2,1e308,NaN,1,0\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		into := &atopData{alliances: map[int]*atopAlliance{}, members: map[int][]*atopMember{}}
		fsys := fstest.MapFS{"atop.csv": {Data: data}}
		if readATOP(fsys, []string{"atop.csv"}, "c", into) != nil {
			return
		}
		mergeATOP(&corpus.Entities{}, into)
	})
}

// FuzzFrontMatter: whatever the bytes, front matter is read or reported,
// never a panic, and the body keeps the file's lines so that line numbers
// stay true.
func FuzzFrontMatter(f *testing.F) {
	addSeeds(f, cableWithYAML, "+++\ntitle = \"x\"\ndate = 1949-04-04\n+++\nBody.\n", "---\n- a\n---\n", "---\na: [\n---\n",
		"---\ntitle: {a: 1}\n---\n", "+++\n[t]\nx = 1\n+++\n", "---\n...\n", "---\ntitle: a\n", "---\na: 1\na: 2\n---\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		text, _ := decodeText(data, "f.md")
		body, fm, notice := splitFrontMatter(text, "f.md")
		if strings.Count(body, "\n") != strings.Count(text, "\n") {
			t.Fatalf("body has %d lines, the file %d", strings.Count(body, "\n"), strings.Count(text, "\n"))
		}
		if fm != nil && notice != "" {
			t.Fatalf("front matter read and reported: %q", notice)
		}
		if strings.Contains(notice, "\n") {
			t.Fatalf("notice on more than one line: %q", notice)
		}
		if fm != nil {
			applyFrontMatter(&corpus.Document{}, fm, "f.md")
		}
	})
}

// FuzzManifest: a documents.json of any bytes is read or refused with a
// line inside the file, never a panic.
func FuzzManifest(f *testing.F) {
	addSeeds(f, `{"documents": [{"path": "a.md", "agreement": "nato", "language": "en"}]}`, `{"documents": [`,
		`{"documents": [{"path": "a.md"}, {"path": "./a.md", "language": "nl"}]}`, `[]`, "{\"documents\": [\n\n{\"x\": 1}]}")
	f.Fuzz(func(t *testing.T, data []byte) {
		fsys := fstest.MapFS{manifestName: {Data: data}}
		_, err := readManifest(fsys, "c", io.Discard)
		var ee *corpus.EntityError
		if err != nil && errors.As(err, &ee) && (ee.Origin.Line < 1 || ee.Origin.Line > strings.Count(string(data), "\n")+1) {
			t.Fatalf("error line %d outside the file: %v", ee.Origin.Line, err)
		}
	})
}
