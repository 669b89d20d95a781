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
	var doc parsed
	var o outline
	var para []string
	paraLine, inFence, inList := 0, false, false
	flush := func() {
		if len(para) == 0 {
			return
		}
		sep := " "
		if inList {
			sep = "\n"
		}
		text := inline(strings.Join(para, sep))
		if !inList {
			o.marks.close(para[0])
			text, _ = o.marks.take(text)
		}
		if text != "" && !isChrome(text) {
			doc.blocks = append(doc.blocks, block{headings: o.path(), text: text, line: paraLine})
		}
		para, inList = nil, false
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	for i, raw := range lines {
		line := strings.TrimSpace(raw)
		if mdFence.MatchString(raw) {
			flush()
			inFence = !inFence
			continue
		}
		if inFence {
			if line != "" {
				para = append(para, line)
				if len(para) == 1 {
					paraLine = i + 1
				}
			}
			continue
		}
		if m := mdATX.FindStringSubmatch(raw); m != nil {
			flush()
			o.set(len(m[1]), inline(m[2]))
			continue
		}
		if level, text, ok := tightHeading(raw); ok && len(para) == 0 {
			o.set(level, inline(text))
			continue
		}
		if mdBreak.MatchString(raw) && len(para) == 0 {
			continue // a thematic break, not text
		}
		if m := mdSetext.FindStringSubmatch(raw); m != nil && len(para) == 1 && !inList {
			level := 1
			if m[1][0] == '-' {
				level = 2
			}
			text := para[0]
			para = nil
			o.set(level, inline(text))
			continue
		}
		if line == "" {
			flush()
			continue
		}
		if item := mdListItem.FindString(raw); item != "" {
			if len(para) > 0 && !inList {
				flush()
			}
			inList = true
			line = strings.TrimSpace(raw[len(item):])
		}
		if len(para) == 0 {
			paraLine = i + 1
		}
		para = append(para, line)
	}
	flush()
	doc.title = o.title
	if doc.title == "" {
		doc.title = o.first
	}
	return doc
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
	var doc parsed
	var levels [6]string
	var buf strings.Builder
	var pageTitle strings.Builder
	z := html.NewTokenizer(bytes.NewReader(data))
	skipDepth, inTitle, inHeading := 0, false, 0
	path := func() []string {
		var out []string
		for _, h := range levels {
			if h != "" {
				out = append(out, h)
			}
		}
		return out
	}
	flush := func() {
		text := strings.Join(strings.Fields(buf.String()), " ")
		buf.Reset()
		if text == "" || isChrome(text) {
			return
		}
		if inHeading > 0 {
			if inHeading == 1 && doc.title == "" {
				doc.title = text
				return
			}
			levels[inHeading-1] = text
			for i := inHeading; i < len(levels); i++ {
				levels[i] = ""
			}
			return
		}
		doc.blocks = append(doc.blocks, block{headings: path(), text: text})
	}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		name, _ := z.TagName()
		a := atom.Lookup(name)
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			if skippedElements[a] {
				if tt == html.StartTagToken {
					skipDepth++
				}
				continue
			}
			if skipDepth > 0 {
				continue
			}
			switch {
			case a == atom.Title:
				inTitle = true
			case headingLevel[a] > 0:
				flush()
				inHeading = headingLevel[a]
			case blockElements[a]:
				flush()
			default:
				if a == atom.Br || a == atom.Img {
					buf.WriteByte(' ')
				}
			}
		case html.EndTagToken:
			if skippedElements[a] {
				if skipDepth > 0 {
					skipDepth--
				}
				continue
			}
			if skipDepth > 0 {
				continue
			}
			switch {
			case a == atom.Title:
				inTitle = false
			case headingLevel[a] > 0:
				flush()
				inHeading = 0
			case blockElements[a]:
				flush()
			}
		case html.TextToken:
			if skipDepth > 0 {
				continue
			}
			if inTitle {
				pageTitle.Write(z.Text())
				continue
			}
			buf.Write(z.Text())
		}
	}
	flush()
	if doc.title == "" {
		doc.title = strings.Join(strings.Fields(pageTitle.String()), " ")
	}
	return doc
}
