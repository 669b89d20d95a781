package loader

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"pactgraph/corpus"
)

// A cable as an archive's Markdown export writes it: YAML front matter with
// a date, numbers, a list of archive references and a title.
const cableWithYAML = `---
doc_date: '1951-02-17'
doc_num: 42
naa_refs:
- naa_barcode: 101
  naa_series: A1838
  reference: '[NAA : A1838, 250/7]'
title: Cablegram from Gray to Brown[1]
vol_title: 'Volume 99: A Pacific Pact'
authors: [R. Gray, B. Brown]
---

Cablegram, Canberra, 17 February 1951

The Pacific pact should be settled before the peace treaty is signed.
`

func loadOne(t *testing.T, name, text string) (*Loaded, *corpus.Document) {
	t.Helper()
	l := load(t, Corpus{Name: "c", FS: fstest.MapFS{name: {Data: []byte(text)}}})
	if len(l.Catalog.Documents) != 1 {
		t.Fatalf("Load = %d documents; want 1", len(l.Catalog.Documents))
	}
	return l, l.Catalog.Documents[0]
}

func TestFrontMatterYAMLIsMetadataNotText(t *testing.T) {
	l, doc := loadOne(t, "cables/42-cablegram.md", cableWithYAML)
	if doc.Title != "Cablegram from Gray to Brown" {
		t.Errorf("title = %q; want the front matter's", doc.Title)
	}
	if doc.Date == nil || doc.Date.String() != "1951-02-17" {
		t.Errorf("date = %v; want 1951-02-17 from doc_date", doc.Date)
	}
	if strings.Join(doc.Authors, "|") != "R. Gray|B. Brown" {
		t.Errorf("authors = %q", doc.Authors)
	}
	want := []corpus.Meta{
		{Key: "doc_num", Value: "42", Scalar: true},
		{Key: "naa_refs", Value: `[{"naa_barcode":101,"naa_series":"A1838","reference":"[NAA : A1838, 250/7]"}]`},
		{Key: "vol_title", Value: "Volume 99: A Pacific Pact", Scalar: true},
	}
	if len(doc.Meta) != len(want) {
		t.Fatalf("meta = %+v; want %+v", doc.Meta, want)
	}
	for i := range want {
		if doc.Meta[i] != want[i] {
			t.Errorf("meta[%d] = %+v; want %+v", i, doc.Meta[i], want[i])
		}
	}
	for _, d := range l.Docs {
		if d.Type != "PASSAGE" {
			continue
		}
		for _, leak := range []string{"naa_series", "doc_num", "A1838", "vol_title"} {
			if strings.Contains(d.Body, leak) || strings.Contains(d.Heading, leak) {
				t.Errorf("passage %s holds front matter %q: %q", d.ID, leak, d.Body)
			}
		}
	}
	if got := len(l.Docs) - len(entityDocs(l.Entities)); got != 2 {
		t.Errorf("passages = %d; want the 2 paragraphs of the body", got)
	}
}

func TestFrontMatterTOML(t *testing.T) {
	text := "+++\ntitle = \"Treaty notes\"\ndate = 1949-04-04\nlanguage = \"en\"\nurl = \"https://example.org/t\"\nbox = 7\ntags = [\"a\", \"b\"]\n+++\n\n# Heading in the body\n\nThe parties agree.\n"
	_, doc := loadOne(t, "notes.md", text)
	if doc.Title != "Treaty notes" || doc.Date == nil || doc.Date.String() != "1949-04-04" ||
		doc.Language != "en" || doc.Source != "https://example.org/t" {
		t.Errorf("doc = %+v; want the TOML front matter's title, date, language and url", doc)
	}
	if len(doc.Meta) != 2 || doc.Meta[0] != (corpus.Meta{Key: "box", Value: "7", Scalar: true}) ||
		doc.Meta[1] != (corpus.Meta{Key: "tags", Value: `["a","b"]`}) {
		t.Errorf("meta = %+v", doc.Meta)
	}
}

func TestFrontMatterThatDoesNotParse(t *testing.T) {
	text := "---\ntitle: A cable\nsummary: [unclosed\nkey: value\n---\n\nThe body stays.\n"
	l, doc := loadOne(t, "dir/bad.md", text)
	if doc.Title != "Bad" {
		t.Errorf("title = %q; want the file name's, the front matter being unread", doc.Title)
	}
	var notice string
	for _, n := range l.Notices {
		if strings.Contains(n, "front matter") {
			notice = n
		}
	}
	if !strings.HasPrefix(notice, "c/dir/bad.md:") || !strings.Contains(notice, "loaded with its text") {
		t.Errorf("notices = %q; want one naming c/dir/bad.md and its line", l.Notices)
	}
	if !strings.Contains(notice, "bad.md:3:") && !strings.Contains(notice, "bad.md:4:") {
		t.Errorf("notice = %q; want the line of the unclosed list (3 or 4)", notice)
	}
	bodies := passageBodies(l)
	if len(bodies) != 1 || bodies[0] != "The body stays." {
		t.Errorf("passages = %q; want the body only", bodies)
	}
}

// TestFrontMatterNoticeNamesTheLine: whatever is wrong with front matter,
// the document is loaded with its body and one notice, on one line, names
// the file and the line at fault (the opening fence is line 1).
func TestFrontMatterNoticeNamesTheLine(t *testing.T) {
	for _, tc := range []struct{ name, text, notice string }{
		{"toml.md", "+++\ntitle = \"A\"\nbox = [1,\n+++\n\nThe body stays.\n", "c/toml.md:3: front matter not read (unexpected EOF"},
		{"list.md", "---\n- a\n- b\n---\n\nThe body stays.\n", "c/list.md:2: front matter not read (YAML front matter must be a mapping of keys to values)"},
		{"title-list.md", "---\nx: 1\ntitle: [a, b]\n---\n\nThe body stays.\n", `c/title-list.md:3: front matter not read ("title" must be a single value)`},
		{"toml-title-list.md", "+++\nx = 1\n  title = [\"a\", \"b\"]\n+++\n\nThe body stays.\n", `c/toml-title-list.md:3: front matter not read ("title" must be a single value)`},
		{"authors.md", "---\nx: 1\n'authors': {a: 1}\n---\n\nThe body stays.\n", `c/authors.md:3: front matter not read ("authors": must be a name or a list of names)`},
		{"twice.md", "---\ntitle: A\nx: 1\ntitle: B\n---\n\nThe body stays.\n", `c/twice.md:4: front matter not read (mapping key "title" is set twice)`},
		{"tab.md", "---\ntitle: A\n\tdate: 1951\n---\n\nThe body stays.\n", "c/tab.md:3: front matter not read ("},
	} {
		l, doc := loadOne(t, tc.name, tc.text)
		if len(l.Notices) != 1 || !strings.HasPrefix(l.Notices[0], tc.notice) || strings.Contains(l.Notices[0], "\n") {
			t.Errorf("%s: notices = %q; want one line starting %q", tc.name, l.Notices, tc.notice)
		}
		if bodies := passageBodies(l); len(bodies) != 1 || bodies[0] != "The body stays." || len(doc.Meta) != 0 {
			t.Errorf("%s: passages = %q, meta %v; want the body only", tc.name, bodies, doc.Meta)
		}
	}
}

// TestFrontMatterNotClosed: front matter with no closing line is reported,
// and its lines are kept as text; a thematic break at the top of a file is
// not front matter.
func TestFrontMatterNotClosed(t *testing.T) {
	l, _ := loadOne(t, "open.md", "---\ntitle: A cable\ndoc_date: 1951\n\nThe body stays.\n")
	if want := "c/open.md:1: front matter not read (no closing --- line"; len(l.Notices) != 1 || !strings.HasPrefix(l.Notices[0], want) {
		t.Errorf("notices = %q; want one starting %q", l.Notices, want)
	}
	if bodies := passageBodies(l); len(bodies) != 2 || bodies[1] != "The body stays." {
		t.Errorf("passages = %q; want the unread front matter and the body", bodies)
	}
	l, _ = loadOne(t, "break.md", "---\n\nThe body: it stays.\n")
	if len(l.Notices) != 0 || len(passageBodies(l)) != 1 {
		t.Errorf("a thematic break: notices %q, passages %q; want no notice and the body", l.Notices, passageBodies(l))
	}
}

func TestFrontMatterTitleFallbacks(t *testing.T) {
	for _, tc := range []struct{ name, text, title string }{
		{"a.md", "---\nsummary: no title here\n---\n\n##Noord-Atlantisch Verdrag\n\nTekst.\n", "Noord-Atlantisch Verdrag"},
		{"the-anzus-treaty_1951.md", "---\nx: 1\n---\n\nText only.\n", "The anzus treaty 1951"},
		// Not closed: a thematic break and a paragraph, not front matter.
		{"rule.md", "---\ntitle: no\n\nText.\n", "Rule"},
	} {
		_, doc := loadOne(t, tc.name, tc.text)
		if doc.Title != tc.title {
			t.Errorf("%s: title = %q; want %q", tc.name, doc.Title, tc.title)
		}
	}
}

func passageBodies(l *Loaded) []string {
	var out []string
	for _, d := range l.Docs {
		if d.Type == "PASSAGE" {
			out = append(out, d.Body)
		}
	}
	return out
}

// A few lines of YAML aliases can stand for millions of values: front
// matter with an alias is reported, not expanded.
func TestFrontMatterAliasesAreNotExpanded(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\na: &a [x,x,x,x,x,x,x,x,x]\n")
	for c := 'b'; c <= 'l'; c++ {
		prev := string(c - 1)
		fmt.Fprintf(&b, "%c: &%c [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n", c, c, prev, prev, prev, prev, prev, prev, prev, prev, prev)
	}
	b.WriteString("---\n\nThe body.\n")
	start := time.Now()
	l, doc := loadOne(t, "bomb.md", b.String())
	if time.Since(start) > 5*time.Second || len(doc.Meta) != 0 {
		t.Errorf("load took %v with %d meta keys; want the front matter refused at once", time.Since(start), len(doc.Meta))
	}
	if !strings.Contains(strings.Join(l.Notices, "\n"), "c/bomb.md:3: front matter not read (an alias") {
		t.Errorf("notices = %q; want the alias named with its line", l.Notices)
	}
}

func TestFrontMatterDates(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"---\ndate: 1949-04-04\n---\nText.\n", "1949-04-04"},
		{"---\ndate: '1949-04'\n---\nText.\n", "1949-04"},
		{"---\ndoc_date: 1949\n---\nText.\n", "1949"},
		{"---\ndate: 1949-04-04T10:30:00Z\n---\nText.\n", "1949-04-04"},
		{"+++\ndate = 1949-04-04T10:30:00\n+++\nText.\n", "1949-04-04"},
		{"+++\ndate = 1949-04-04T10:30:00+02:00\n+++\nText.\n", "1949-04-04"},
	} {
		_, doc := loadOne(t, "d.md", tc.text)
		if doc.Date == nil || doc.Date.String() != tc.want {
			t.Errorf("%q: date = %v; want %s", tc.text, doc.Date, tc.want)
		}
	}
}
