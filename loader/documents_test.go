package loader

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// wantBlock is a block without its line, which passages do not keep.
type wantBlock struct {
	headings []string
	text     string
}

func checkParsed(t *testing.T, fn string, in string, got parsed, title string, want []wantBlock) {
	t.Helper()
	if got.title != title {
		t.Errorf("%s(%q).title = %q; want %q", fn, in, got.title, title)
	}
	var blocks []wantBlock
	for _, b := range got.blocks {
		blocks = append(blocks, wantBlock{b.headings, b.text})
	}
	if !slices.EqualFunc(blocks, want, func(a, b wantBlock) bool {
		return a.text == b.text && slices.Equal(a.headings, b.headings)
	}) {
		t.Errorf("%s(%q).blocks =\n%s\nwant\n%s", fn, in, formatBlocks(blocks), formatBlocks(want))
	}
}

func formatBlocks(bs []wantBlock) string {
	var sb strings.Builder
	for _, b := range bs {
		fmt.Fprintf(&sb, "  %q %q\n", b.headings, b.text)
	}
	return sb.String()
}

func TestReadText(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		title string
		want  []wantBlock
	}{
		{
			name: "title, headings and paragraphs",
			in: "Security Agreements\n\nAn intro that runs\nover two lines.\n\nOverview of Alliances\n\nFirst paragraph.\n\nSecond paragraph.\n\n" +
				"Case Studies: Bilateral Pacts\n\nA case.\n",
			title: "Security Agreements",
			want: []wantBlock{
				{nil, "An intro that runs over two lines."},
				{[]string{"Overview of Alliances"}, "First paragraph."},
				{[]string{"Overview of Alliances"}, "Second paragraph."},
				{[]string{"Case Studies: Bilateral Pacts"}, "A case."},
			},
		},
		{
			name:  "one-line paragraphs that are not headings",
			in:    "Title\n\nThis is a sentence.\n\nIs it a question?\n\nAn introduction:\n\nlower-case start\n\nA line of more than fourteen words that has no full stop at its end and so is text\n",
			title: "Title",
			want: []wantBlock{
				{nil, "This is a sentence."},
				{nil, "Is it a question?"},
				{nil, "An introduction:"},
				{nil, "lower-case start"},
				{nil, "A line of more than fourteen words that has no full stop at its end and so is text"},
			},
		},
		{
			name:  "a quoted sentence is not a heading",
			in:    "Title\n\nSection\n\nThe treaty says \"An attack on one is an attack on all.\"\n\nMore text.\n",
			title: "Title",
			want: []wantBlock{
				{[]string{"Section"}, "The treaty says \"An attack on one is an attack on all.\""},
				{[]string{"Section"}, "More text."},
			},
		},
		{
			name:  "no title when the text starts with a paragraph",
			in:    "It starts with a sentence.\n\nA Heading\n\nBody.\n",
			title: "",
			want: []wantBlock{
				{nil, "It starts with a sentence."},
				{[]string{"A Heading"}, "Body."},
			},
		},
		{
			name: "indented list joined to the sentence that introduces it",
			in: "Title\n\nThis process involves:\n\n  • one thing;\n  • another thing.\n\nAfter the list.\n\n" +
				"Compare them.\n\n  1. First Point:\n\n    • a\n    • b\n\n  2. Second Point:\n\n    • c\n\nThe end.\n",
			title: "Title",
			want: []wantBlock{
				{nil, "This process involves:\n• one thing;\n• another thing."},
				{nil, "After the list."},
				{nil, "Compare them."},
				// Indented list items are never headings, and consecutive
				// list paragraphs make one block.
				{nil, "1. First Point:\n• a\n• b\n2. Second Point:\n• c"},
				{nil, "The end."},
			},
		},
		{
			name:  "chrome lines dropped",
			in:    "Title\n\nScroll to top\n\nBack to top ↑\n\nText before.\nShare this article:\nText after.\n\nSkip to main content\n\nScroll to top",
			title: "Title",
			want: []wantBlock{
				{nil, "Text before."},
				{nil, "Text after."},
			},
		},
		{
			name:  "windows line endings and trailing spaces",
			in:    "Title\r\n\r\nSection  \r\n\r\nA paragraph\r\nthat wraps.\r\n",
			title: "Title",
			want:  []wantBlock{{[]string{"Section"}, "A paragraph that wraps."}},
		},
		{
			name:  "empty",
			in:    "\n\n",
			title: "",
			want:  nil,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkParsed(t, "readText", tc.in, readText([]byte(tc.in)), tc.title, tc.want)
		})
	}
}

func TestReadMarkdown(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		title string
		want  []wantBlock
	}{
		{
			name:  "ATX headings build the path",
			in:    "# Security Agreements\n\nIntro.\n\n## Bilateral\n\nText b.\n\n### Flexibility ###\n\nText f.\n\n## Multilateral\n\nText m.\n",
			title: "Security Agreements",
			want: []wantBlock{
				{nil, "Intro."},
				{[]string{"Bilateral"}, "Text b."},
				{[]string{"Bilateral", "Flexibility"}, "Text f."},
				{[]string{"Multilateral"}, "Text m."},
			},
		},
		{
			name:  "a second level-1 heading is a section",
			in:    "# Title\n\n# Part One\n\nText.\n",
			title: "Title",
			want:  []wantBlock{{[]string{"Part One"}, "Text."}},
		},
		{
			name:  "setext headings",
			in:    "Security Agreements\n===================\n\nIntro.\n\nBilateral\n---------\n\nText b.\n",
			title: "Security Agreements",
			want: []wantBlock{
				{nil, "Intro."},
				{[]string{"Bilateral"}, "Text b."},
			},
		},
		{
			name:  "paragraph lines joined",
			in:    "# T\n\nA paragraph that\nwraps.\n",
			title: "T",
			want:  []wantBlock{{nil, "A paragraph that wraps."}},
		},
		{
			name:  "inline markup stripped",
			in:    "# The *Real* [NATO](https://nato.int)\n\n**Bold**, *em*, __strong__, `code`, [a link](https://x.org \"t\"), ![a picture](p.png), <b>html</b> &amp; more.\n",
			title: "The Real NATO",
			want:  []wantBlock{{nil, "Bold, em, strong, code, a link, a picture, html & more."}},
		},
		{
			name:  "underscore emphasis stripped",
			in:    "# T\n\nAn _emphasised_ word.\n",
			title: "T",
			want:  []wantBlock{{nil, "An emphasised word."}},
		},
		{
			name:  "lists grouped into one block",
			in:    "# T\n\nThe parties agree:\n- to consult;\n- to defend.\n\n1. first\n2. second\n\nAfter.\n",
			title: "T",
			want: []wantBlock{
				{nil, "The parties agree:"},
				{nil, "to consult;\nto defend."},
				{nil, "first\nsecond"},
				{nil, "After."},
			},
		},
		{
			name:  "fenced code is text, not headings",
			in:    "# T\n\n```\n# not a heading\n```\n\nAfter.\n",
			title: "T",
			want: []wantBlock{
				{nil, "# not a heading"},
				{nil, "After."},
			},
		},
		{
			name:  "chrome lines dropped",
			in:    "# T\n\n[Back to top](#top)\n\nText.\n\n**Share this article**\n",
			title: "T",
			want:  []wantBlock{{nil, "Text."}},
		},
		{
			name:  "thematic breaks are not passages",
			in:    "# T\n\nOne.\n\n---\n\nTwo.\n\n***\n\nThree.\n\n___\n\nFour.\n",
			title: "T",
			want: []wantBlock{
				{nil, "One."},
				{nil, "Two."},
				{nil, "Three."},
				{nil, "Four."},
			},
		},
		{
			name:  "windows line endings",
			in:    "# T\r\n\r\n## S\r\n\r\nText\r\nmore.\r\n",
			title: "T",
			want:  []wantBlock{{[]string{"S"}, "Text more."}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkParsed(t, "readMarkdown", tc.in, readMarkdown([]byte(tc.in)), tc.title, tc.want)
		})
	}
}

func TestReadHTML(t *testing.T) {
	page := func(head, body string) string {
		return "<!DOCTYPE html><html><head>" + head + "</head><body>" + body + "</body></html>"
	}
	tests := []struct {
		name  string
		in    string
		title string
		want  []wantBlock
	}{
		{
			name: "title from <title> and heading path",
			in: page("<title> Security\n Agreements </title>",
				"<h2>Bilateral</h2><p>Text b.</p><h3>Flexibility</h3><p>Text f.</p><h2>Multilateral</h2><p>Text m.</p>"),
			title: "Security Agreements",
			want: []wantBlock{
				{[]string{"Bilateral"}, "Text b."},
				{[]string{"Bilateral", "Flexibility"}, "Text f."},
				{[]string{"Multilateral"}, "Text m."},
			},
		},
		{
			name:  "the first h1 is the title",
			in:    page("<title>Site name | Page</title>", "<h1>Security Agreements</h1><p>Intro.</p><h1>Part</h1><p>Text.</p>"),
			title: "Security Agreements",
			want: []wantBlock{
				{nil, "Intro."},
				{[]string{"Part"}, "Text."},
			},
		},
		{
			name: "scripts, styles, navigation and footer skipped",
			in: page("<title>T</title><style>p { color: red }</style><script>var x = '<p>no</p>';</script>",
				"<header><a href=\"/\">Home</a></header><nav><ul><li>Menu</li><li><nav>Sub</nav></li></ul></nav>"+
					"<main><p>Real text.</p><aside>Related</aside><form><button>Go</button></form><p>More text.</p></main>"+
					"<footer>Copyright</footer><noscript>Enable JS</noscript>"),
			title: "T",
			want: []wantBlock{
				{nil, "Real text."},
				{nil, "More text."},
			},
		},
		{
			name:  "chrome dropped and entities decoded",
			in:    page("<title>T</title>", "<p>NATO &amp; the UN&#8217;s role.</p><p><a href=\"#top\">Scroll to top</a></p>"),
			title: "T",
			want:  []wantBlock{{nil, "NATO & the UN’s role."}},
		},
		{
			name:  "inline elements do not add spaces",
			in:    page("<title>T</title>", "<p>Hello, <b>world</b>. <a href=\"/nato\">NATO</a>’s role.</p>"),
			title: "T",
			want:  []wantBlock{{nil, "Hello, world. NATO’s role."}},
		},
		{
			name:  "whitespace collapsed",
			in:    page("<title>T</title>", "<p>A   paragraph\n  that\twraps.</p>"),
			title: "T",
			want:  []wantBlock{{nil, "A paragraph that wraps."}},
		},
		{
			name:  "no title",
			in:    "<p>Just text.</p>",
			title: "",
			want:  []wantBlock{{nil, "Just text."}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkParsed(t, "readHTML", tc.in, readHTML([]byte(tc.in)), tc.title, tc.want)
		})
	}
}

// sentences makes text of n sentences of about size runes each, with
// multi-byte runes so that bytes and runes differ.
func sentences(n, size int) string {
	var parts []string
	for i := range n {
		s := fmt.Sprintf("Sentence %d über Zürich", i)
		for utf8.RuneCountInString(s) < size-1 {
			s += " née"
		}
		parts = append(parts, s+".")
	}
	return strings.Join(parts, " ")
}

func TestSplitLong(t *testing.T) {
	tests := []struct {
		name         string
		in           string
		pieces       int  // 0: any number above one
		sentenceEnds bool // every piece but the last ends a sentence
	}{
		{"short", "A short paragraph.", 1, true},
		{"exactly the limit", strings.Repeat("é", maxPassage), 1, false},
		{"sentences", sentences(60, 100), 0, true},
		{"long sentences", sentences(8, 700), 0, true},
		{"one sentence end early only", "Short start. " + strings.TrimSpace(strings.Repeat("word ", 900)), 0, false},
		{"words without sentence ends", strings.TrimSpace(strings.Repeat("wörd ", 1000)), 0, false},
		{"no spaces at all", strings.Repeat("é", 2*maxPassage+500), 3, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := splitLong(tc.in)
			if tc.pieces != 0 && len(got) != tc.pieces {
				t.Errorf("splitLong(%d runes) = %d pieces; want %d", utf8.RuneCountInString(tc.in), len(got), tc.pieces)
			}
			if tc.pieces == 0 && len(got) < 2 {
				t.Errorf("splitLong(%d runes) = %d pieces; want several", utf8.RuneCountInString(tc.in), len(got))
			}
			for i, p := range got {
				n := utf8.RuneCountInString(p)
				if n > maxPassage || n == 0 {
					t.Errorf("splitLong: piece %d has %d runes; want 1..%d", i, n, maxPassage)
				}
				if !utf8.ValidString(p) {
					t.Errorf("splitLong: piece %d is not valid UTF-8", i)
				}
				if tc.sentenceEnds && i < len(got)-1 && !strings.HasSuffix(p, ".") {
					t.Errorf("splitLong: piece %d ends %q; want a sentence end", i, p[max(0, len(p)-20):])
				}
				if tc.sentenceEnds && len(got) > 1 && n < targetPassage/2 && i < len(got)-1 {
					t.Errorf("splitLong: piece %d has only %d runes", i, n)
				}
			}
			joined := strings.Join(got, " ")
			if tc.name == "no spaces at all" {
				joined = strings.Join(got, "")
			}
			if joined != tc.in {
				t.Errorf("splitLong: the pieces do not add up to the text")
			}
		})
	}
}

func TestReadDocumentSplitsLongParagraphs(t *testing.T) {
	long := sentences(50, 100) // about 5000 runes
	in := "# Title\n\n## Part\n\n" + long + "\n\nShort.\n"
	doc, passages := readDocument("d", "dir/d.md", []byte(in))
	if doc.ID != "document:d" || doc.Title != "Title" || doc.Format != "markdown" || doc.Path != "dir/d.md" {
		t.Errorf("readDocument = %+v; want id document:d, title Title, format markdown, path dir/d.md", *doc)
	}
	if len(passages) < 4 {
		t.Fatalf("readDocument(%d-rune paragraph) = %d passages; want at least 4", utf8.RuneCountInString(long), len(passages))
	}
	var texts []string
	for i, p := range passages {
		if p.Position != i+1 || p.ID != fmt.Sprintf("passage:d:%d", i+1) || p.Document != "document:d" {
			t.Errorf("passage %d = id %q position %d document %q; want passage:d:%d, %d, document:d", i, p.ID, p.Position, p.Document, i+1, i+1)
		}
		if !slices.Equal(p.HeadingPath, []string{"Title", "Part"}) || p.Heading != "Part" {
			t.Errorf("passage %d heading = %q %q; want Part [Title Part]", i, p.Heading, p.HeadingPath)
		}
		if n := utf8.RuneCountInString(p.Text); n > maxPassage {
			t.Errorf("passage %d has %d runes; want at most %d", i, n, maxPassage)
		}
		texts = append(texts, p.Text)
	}
	if got := strings.Join(texts[:len(texts)-1], " "); got != long {
		t.Errorf("the pieces of the long paragraph do not add up to it")
	}
	if last := texts[len(texts)-1]; last != "Short." {
		t.Errorf("last passage = %q; want %q", last, "Short.")
	}
}

func TestReadDocumentTitleAndFormat(t *testing.T) {
	tests := []struct {
		path, in      string
		title, format string
		firstHeading  string
	}{
		{"notes/plain.txt", "Just a sentence.\n", "Plain", "text", "Plain"},
		{"a.TXT", "Heading Here\n\nBody.\n", "Heading Here", "text", "Heading Here"},
		{"b.markdown", "Text only.\n", "B", "markdown", "B"},
		{"c.htm", "<title>Page</title><p>x</p>", "Page", "html", "Page"},
		{"bom.md", "\uFEFF# Title\n\nText.\n", "Title", "markdown", "Title"},
		{"bad.txt", "Bad \xff byte and a nul\x00 here.\n", "Bad", "text", "Bad"},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			doc, passages := readDocument("x", tc.path, []byte(tc.in))
			if doc.Title != tc.title || doc.Format != tc.format {
				t.Errorf("readDocument(%q) title, format = %q, %q; want %q, %q", tc.path, doc.Title, doc.Format, tc.title, tc.format)
			}
			if len(passages) == 0 {
				t.Fatalf("readDocument(%q) = no passages", tc.path)
			}
			if passages[0].Heading != tc.firstHeading {
				t.Errorf("readDocument(%q) first heading = %q; want %q", tc.path, passages[0].Heading, tc.firstHeading)
			}
			for _, p := range passages {
				if !utf8.ValidString(p.Text) || strings.ContainsRune(p.Text, 0) {
					t.Errorf("readDocument(%q) passage %q is not clean UTF-8", tc.path, p.Text)
				}
			}
		})
	}
}
