package loader

import (
	"bytes"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// block is one paragraph of a document under its heading path.
type block struct {
	headings []string // the headings above it, outermost first, title excluded
	text     string
	line     int // where the block starts, for people
}

// parsed is a document read into a title and blocks.
type parsed struct {
	title  string
	blocks []block
}

// chromeLines are lines a web page carries around its content (links and
// buttons) that are not part of the text and must not be indexed.
var chromeLines = map[string]bool{
	"scroll to top": true, "back to top": true, "skip to content": true, "skip to main content": true,
	"share this": true, "share this article": true, "print this page": true, "table of contents": true,
	"advertisement": true, "read more": true, "related posts": true,
}

func isChrome(line string) bool {
	return chromeLines[strings.ToLower(strings.Trim(strings.TrimSpace(line), ".:↑^ "))]
}

// readText reads plain text. Paragraphs are separated by blank lines. A
// heading is a paragraph of one short line that does not end like a
// sentence, is not indented and starts with a capital; the first one is the
// title. Indented lines are list items: consecutive list paragraphs make one
// block, joined to the sentence ending in a colon that introduces them.
func readText(data []byte) parsed {
	var doc parsed
	var heading []string
	var para []string
	paraLine, paraIndented := 0, false
	var lastListIntro = -1
	var marks markers
	// The last block's text, which the list items after it extend: built
	// in place, since appending to a string each time is quadratic.
	var last strings.Builder
	closeLast := func() {
		if n := len(doc.blocks); n > 0 {
			doc.blocks[n-1].text = last.String()
		}
	}
	flush := func() {
		if len(para) == 0 {
			return
		}
		defer func() { para = nil }()
		if !paraIndented {
			if para = marks.takeLines(para); para == nil || textHeading(&doc, para, &heading, &marks) {
				lastListIntro = -1
				return
			}
		}
		text := strings.Join(para, " ")
		if paraIndented {
			text = strings.Join(para, "\n")
		}
		n := len(doc.blocks)
		switch {
		case paraIndented && lastListIntro == n-1 && n > 0:
			last.WriteString("\n")
			last.WriteString(text)
			return
		case !paraIndented:
			lastListIntro = -1
			if strings.HasSuffix(text, ":") {
				lastListIntro = n
			}
		default:
			lastListIntro = n
		}
		closeLast()
		last.Reset()
		last.WriteString(text)
		doc.blocks = append(doc.blocks, block{headings: withMarkers(heading, &marks), line: paraLine})
	}
	// Lines are split by hand: a line has no length limit, so none can end
	// the document early.
	lineNo := 0
	for rawLine := range strings.Lines(string(data)) {
		lineNo++
		raw := strings.TrimRight(rawLine, " \t\r\n")
		line := strings.TrimSpace(raw)
		if line == "" {
			flush()
			continue
		}
		if isChrome(line) {
			flush()
			continue
		}
		indented := raw != strings.TrimLeft(raw, " \t")
		if len(para) > 0 && indented != paraIndented {
			flush()
		}
		if len(para) == 0 {
			paraLine, paraIndented = lineNo, indented
		}
		para = append(para, line)
	}
	flush()
	closeLast()
	return doc
}

// textHeading takes a paragraph of plain text that is a heading: the
// first one, before any text, is the title; the others start a section
// (and its plain-line markers over). False for a paragraph of text.
func textHeading(doc *parsed, para []string, heading *[]string, marks *markers) bool {
	if len(para) != 1 || !looksLikeHeading(para[0]) {
		return false
	}
	if doc.title == "" && len(doc.blocks) == 0 {
		doc.title = para[0]
	} else {
		*heading, *marks = []string{para[0]}, markers{}
	}
	return true
}

func looksLikeHeading(line string) bool {
	if utf8.RuneCountInString(line) > 100 || len(strings.Fields(line)) > 14 {
		return false
	}
	// A sentence that ends inside quotes or brackets still ends like one.
	trimmed := strings.TrimRight(line, "\"'\u201d\u2019)]}»")
	last, _ := utf8.DecodeLastRuneInString(trimmed)
	if trimmed == "" || strings.ContainsRune(".!?:;,", last) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(line)
	return unicode.IsUpper(first) || unicode.IsDigit(first)
}

var (
	mdATX      = regexp.MustCompile(`^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$`)
	mdSetext   = regexp.MustCompile(`^ {0,3}(=+|-+)\s*$`)
	mdListItem = regexp.MustCompile(`^\s*([-*+]|\d+[.)])\s+`)
	mdFence    = regexp.MustCompile("^ {0,3}(```|~~~)")
	mdImage    = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink     = regexp.MustCompile(`\[([^\]]+)\]\([^)]*\)`)
	mdEmphasis = regexp.MustCompile("(\\*\\*|\\*|`)")
	// _word_ and __word__ at word boundaries, leaving snake_case alone.
	mdUnderscore = regexp.MustCompile(`(^|[^\pL\pN_])_{1,2}([^_\s](?:[^_]*[^_\s])?)_{1,2}($|[^\pL\pN_])`)
	mdBreak      = regexp.MustCompile(`^ {0,3}(?:(?:- *){3,}|(?:\* *){3,}|(?:_ *){3,})$`)
	htmlTag      = regexp.MustCompile(`<[^>]+>`)
)

// readMarkdown reads CommonMark-style Markdown: ATX (#) and setext
// headings build the heading path, the first level-1 heading is the title,
// blank lines separate paragraphs, and inline markup is dropped so the text
// reads as prose.
func readMarkdown(data []byte) parsed {
	var r mdReader
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	for i, raw := range lines {
		r.line(i+1, raw)
	}
	r.flush()
	r.doc.title = r.o.title
	if r.doc.title == "" {
		r.doc.title = r.o.first
	}
	return r.doc
}

// mdReader is readMarkdown's state: the document so far, the outline, and
// the paragraph being gathered (from line paraLine; a list's items, or a
// fenced block's lines).
type mdReader struct {
	doc             parsed
	o               outline
	para            []string
	paraLine        int
	inFence, inList bool
}

// flush ends the paragraph being gathered.
func (r *mdReader) flush() {
	if len(r.para) == 0 {
		return
	}
	sep := " "
	if r.inList {
		sep = "\n"
	}
	text := inline(strings.Join(r.para, sep))
	if !r.inList {
		r.o.marks.close(r.para[0])
		text, _ = r.o.marks.take(text)
	}
	if text != "" && !isChrome(text) {
		r.doc.blocks = append(r.doc.blocks, block{headings: r.o.path(), text: text, line: r.paraLine})
	}
	r.para, r.inList = nil, false
}

// line reads line n of the file, raw as written.
func (r *mdReader) line(n int, raw string) {
	line := strings.TrimSpace(raw)
	if mdFence.MatchString(raw) {
		r.flush()
		r.inFence = !r.inFence
		return
	}
	if r.inFence {
		if line != "" {
			r.add(n, line)
		}
		return
	}
	if r.heading(raw) {
		return
	}
	if line == "" {
		r.flush()
		return
	}
	if item := mdListItem.FindString(raw); item != "" {
		if len(r.para) > 0 && !r.inList {
			r.flush()
		}
		r.inList = true
		line = strings.TrimSpace(raw[len(item):])
	}
	r.add(n, line)
}

// add puts line n into the paragraph being gathered.
func (r *mdReader) add(n int, line string) {
	if len(r.para) == 0 {
		r.paraLine = n
	}
	r.para = append(r.para, line)
}

// heading reads raw as an ATX heading (also without the space after the
// hashes, where a paragraph would start), a thematic break, or the
// underline of a setext heading; it reports whether it was one.
func (r *mdReader) heading(raw string) bool {
	if m := mdATX.FindStringSubmatch(raw); m != nil {
		r.flush()
		r.o.set(len(m[1]), inline(m[2]))
		return true
	}
	if level, text, ok := tightHeading(raw); ok && len(r.para) == 0 {
		r.o.set(level, inline(text))
		return true
	}
	if mdBreak.MatchString(raw) && len(r.para) == 0 {
		return true // a thematic break, not text
	}
	if m := mdSetext.FindStringSubmatch(raw); m != nil && len(r.para) == 1 && !r.inList {
		level := 1
		if m[1][0] == '-' {
			level = 2
		}
		text := r.para[0]
		r.para = nil
		r.o.set(level, inline(text))
		return true
	}
	return false
}

func inline(s string) string {
	// Each expression runs only where its mark occurs: most paragraphs
	// have none, and the expressions cost most where they fail.
	if strings.Contains(s, "](") {
		s = mdImage.ReplaceAllString(s, "$1")
		s = mdLink.ReplaceAllString(s, "$1")
	}
	if strings.IndexByte(s, '<') >= 0 {
		s = htmlTag.ReplaceAllString(s, "")
	}
	if strings.ContainsAny(s, "*`") {
		s = mdEmphasis.ReplaceAllString(s, "")
	}
	if strings.IndexByte(s, '_') >= 0 {
		s = mdUnderscore.ReplaceAllString(s, "$1$2$3")
	}
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return strings.TrimSpace(s)
}

// skippedElements hold no content of the document: scripts, styles and the
// page's navigation chrome.
var skippedElements = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Nav: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Form: true, atom.Button: true,
	atom.Svg: true, atom.Iframe: true, atom.Select: true,
}

var blockElements = map[atom.Atom]bool{
	atom.P: true, atom.Li: true, atom.Blockquote: true, atom.Pre: true, atom.Td: true, atom.Th: true,
	atom.Dd: true, atom.Dt: true, atom.Figcaption: true, atom.Div: true, atom.Section: true,
	atom.Article: true, atom.Main: true, atom.Ul: true, atom.Ol: true, atom.Table: true, atom.Tr: true,
	atom.Br: true, atom.Hr: true, atom.Body: true,
}

var headingLevel = map[atom.Atom]int{atom.H1: 1, atom.H2: 2, atom.H3: 3, atom.H4: 4, atom.H5: 5, atom.H6: 6}

// readHTML reads an HTML page: <title> or the first <h1> is the title,
// h1–h6 build the heading path, block elements make paragraphs, and
// scripts, styles and navigation are skipped.
func readHTML(data []byte) parsed {
	var r htmlReader
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		name, _ := z.TagName()
		a := atom.Lookup(name)
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			r.start(a, tt == html.StartTagToken)
		case html.EndTagToken:
			r.end(a)
		case html.TextToken:
			if r.skipDepth > 0 {
				continue
			}
			if r.inTitle {
				r.pageTitle.Write(z.Text())
				continue
			}
			r.buf.Write(z.Text())
		}
	}
	r.flush()
	if r.doc.title == "" {
		r.doc.title = strings.Join(strings.Fields(r.pageTitle.String()), " ")
	}
	return r.doc
}

// htmlReader is readHTML's state: the document so far, the heading path
// by level, the text being gathered, and where the tokenizer is (inside
// skipped elements, the title, a heading).
type htmlReader struct {
	doc            parsed
	levels         [6]string
	buf, pageTitle strings.Builder
	skipDepth      int
	inTitle        bool
	inHeading      int
}

func (r *htmlReader) path() []string {
	var out []string
	for _, h := range r.levels {
		if h != "" {
			out = append(out, h)
		}
	}
	return out
}

// flush ends the text being gathered: a heading (the first h1 is the
// title) or a paragraph.
func (r *htmlReader) flush() {
	text := strings.Join(strings.Fields(r.buf.String()), " ")
	r.buf.Reset()
	if text == "" || isChrome(text) {
		return
	}
	if r.inHeading > 0 {
		if r.inHeading == 1 && r.doc.title == "" {
			r.doc.title = text
			return
		}
		r.levels[r.inHeading-1] = text
		for i := r.inHeading; i < len(r.levels); i++ {
			r.levels[i] = ""
		}
		return
	}
	r.doc.blocks = append(r.doc.blocks, block{headings: r.path(), text: text})
}

// start reads an element's start tag (opens says it is not self-closing).
func (r *htmlReader) start(a atom.Atom, opens bool) {
	if skippedElements[a] {
		if opens {
			r.skipDepth++
		}
		return
	}
	if r.skipDepth > 0 {
		return
	}
	switch {
	case a == atom.Title:
		r.inTitle = true
	case headingLevel[a] > 0:
		r.flush()
		r.inHeading = headingLevel[a]
	case blockElements[a]:
		r.flush()
	case a == atom.Br || a == atom.Img:
		r.buf.WriteByte(' ')
	}
}

// end reads an element's end tag.
func (r *htmlReader) end(a atom.Atom) {
	if skippedElements[a] {
		if r.skipDepth > 0 {
			r.skipDepth--
		}
		return
	}
	if r.skipDepth > 0 {
		return
	}
	switch {
	case a == atom.Title:
		r.inTitle = false
	case headingLevel[a] > 0:
		r.flush()
		r.inHeading = 0
	case blockElements[a]:
		r.flush()
	}
}
