package loader

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"pactgraph/search"
)

// The structure of legal texts: parts, chapters and articles, whether a
// file marks them as headings (`### Article  5`, `####Article 5`) or as
// plain lines (`ARTICLE IV.`, `Article 5`, `CHAPTER VII`, `PART II`).

// mdATXTight is an ATX heading written without the space after the
// hashes, as treaty databases write them (`##Noord-Atlantisch Verdrag`).
// CommonMark reads such a line as a paragraph; pactgraph reads it as a
// heading when it starts a paragraph and, after one to six hashes, a letter
// or a digit follows, except that after a single hash only a capital
// letter starting two words or more does: `#hashtag`, `#5` and `#MeToo`
// stay text.
var mdATXTight = regexp.MustCompile(`^ {0,3}(#{1,6})([\pL\pN*_].*?)\s*$`)

// tightHeading reads a line as an ATX heading without the space; ok false
// when the line is not one.
func tightHeading(raw string) (level int, text string, ok bool) {
	m := mdATXTight.FindStringSubmatch(raw)
	if m == nil {
		return 0, "", false
	}
	level, text = len(m[1]), strings.TrimRight(strings.TrimSpace(m[2]), "# ")
	if level == 1 {
		first := []rune(text)[0]
		if !(first >= 'A' && first <= 'Z' || first >= 'À' && first <= 'Þ') || len(strings.Fields(text)) < 2 {
			return 0, "", false
		}
	}
	return level, text, text != ""
}

// number is an article, chapter or part number: Arabic (5, 5a, 12bis) or
// Roman (IV).
const number = `(\d{1,4}(?:[a-z]{1,3})?|[IVXLCDM]{1,8})`

var (
	// articleHeading finds the article a heading names: "Article 5",
	// "Artikel 5", "ARTICLE IV.", "Article 5 - Collective defence".
	articleHeading = regexp.MustCompile(`^(?i:article|artikel|art[ií]culo|articolo|art\.)\s*` + number + `\b`)
	// structural names a heading or line that opens a division of a legal
	// text: an article keeps its sub-headings until one of these.
	structural = regexp.MustCompile(`^(?i:article|artikel|art[ií]culo|articolo|chapter|chapitre|hoofdstuk|kapitel|cap[ií]tulo|part|partie|deel|teil|parte|title|titel|titre|section|afdeling|annex|annexe|bijlage|anhang|protocol|protocole|schedule|appendix)\b`)
	// plainMarker is a paragraph that is only a marker: "Article 5",
	// "ARTICLE IV.", "CHAPTER VII", "PART II:".
	plainMarker = regexp.MustCompile(`^(?i:(article|artikel|chapter|hoofdstuk|part|deel))\s+` + number + `\s*[.:]?$`)
	// capsArticle is a paragraph that starts with an article marker in
	// capitals and goes on with the article's text: "ARTICLE IV Each
	// Party recognises…". "Article IV of the draft…" is prose.
	capsArticle = regexp.MustCompile(`^(ARTICLE|ARTIKEL)\s+` + number + `(?:\.|\s*[:–—-])?\s+(\S.*)$`)
)

// closing is a paragraph after which a legal text's divisions are over:
// the testimonium ("IN WITNESS WHEREOF…", in English, French, Dutch,
// German or Spanish), or an editor's footnote ("_1 The record…", "[1]
// The text…") that archival exports append.
var closing = regexp.MustCompile(`^(?:(?i:in witness whereof|en foi de quoi|ten blijke waarvan|zu urkund dessen|en fe de lo cual)\b|_\[?\d{1,3}\]?\s|\[\d{1,3}\]\s)`)

// close ends the divisions when raw, a paragraph as written, is closing.
func (m *markers) close(raw string) {
	if closing.MatchString(strings.TrimSpace(raw)) {
		*m = markers{}
	}
}

// articleOf is the number of the article a heading path is in ("" when
// none): the innermost heading that names one.
func articleOf(headings []string) string {
	for i := len(headings) - 1; i >= 0; i-- {
		if m := articleHeading.FindStringSubmatch(headings[i]); m != nil {
			if n := strings.ToUpper(strings.Join(strings.Fields(m[1]), "")); isNumber(n) {
				return n
			}
		}
	}
	return ""
}

// isNumber accepts an Arabic number or a well-formed Roman numeral.
func isNumber(n string) bool {
	if n == "" {
		return false
	}
	if n[0] >= '0' && n[0] <= '9' {
		return true
	}
	return search.FromRoman(n) > 0
}

// markers are the plain-line divisions of a text below its headings.
type markers struct{ part, chapter, article string }

// take reads a paragraph as a plain-line marker. It returns the text that
// stays a passage (the article's words after an inline "ARTICLE IV") and
// whether the paragraph was a marker.
func (m *markers) take(para string) (rest string, ok bool) {
	if mm := plainMarker.FindStringSubmatch(para); mm != nil && isNumber(strings.ToUpper(mm[2])) {
		label := strings.Join(strings.Fields(strings.TrimRight(para, ".:")), " ")
		switch strings.ToLower(mm[1]) {
		case "part", "deel":
			*m = markers{part: label}
		case "chapter", "hoofdstuk":
			m.chapter, m.article = label, ""
		default:
			m.article = label
		}
		return "", true
	}
	if mm := capsArticle.FindStringSubmatch(para); mm != nil && isNumber(mm[2]) {
		m.article = mm[1] + " " + mm[2]
		return mm[3], true
	}
	return para, false
}

func (m *markers) path() []string {
	var out []string
	for _, s := range []string{m.part, m.chapter, m.article} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// withMarkers is a heading path with the plain-line markers below it.
func withMarkers(headings []string, m *markers) []string {
	p := m.path()
	if len(p) == 0 {
		return headings
	}
	return append(append([]string(nil), headings...), p...)
}

// normalizeHeading collapses runs of spaces inside a heading
// (`Article  51` reads "Article 51").
func normalizeHeading(s string) string { return strings.Join(strings.Fields(s), " ") }

// takeLines reads a paragraph of plain text as a marker: nil when the
// paragraph was only a marker, the article's words when a marker started
// it, else the paragraph's lines as they were.
func (m *markers) takeLines(para []string) []string {
	m.close(para[0])
	rest, ok := m.take(strings.Join(para, " "))
	switch {
	case !ok:
		return para
	case rest == "":
		return nil
	}
	return []string{rest}
}

// outline is where a Markdown reader is: the headings above the current
// line by level, the plain-line markers below them, the first heading
// and the first level-1 heading (the title).
type outline struct {
	levels       [6]string
	first, title string
	marks        markers
}

// set puts a heading at its level, clearing the levels below it and the
// markers. A heading under an article at the article's own level (the
// sections of a long article) goes one level down, inside the article.
func (o *outline) set(level int, text string) {
	text = normalizeHeading(text)
	o.marks = markers{}
	if at := o.levels[level-1]; level < len(o.levels) && at != "" && articleHeading.MatchString(at) && !structural.MatchString(text) {
		level++
	}
	if o.first == "" {
		o.first = text
	}
	if level == 1 && o.title == "" {
		o.title = text
		return
	}
	o.levels[level-1] = text
	for i := level; i < len(o.levels); i++ {
		o.levels[i] = ""
	}
}

// path is the heading path of a paragraph here, the title left out.
func (o *outline) path() []string {
	var out []string
	for _, h := range o.levels {
		if h != "" {
			out = append(out, h)
		}
	}
	return withMarkers(out, &o.marks)
}

// enumItem starts a paragraph that is an item of an enumeration: "a) ",
// "(b) ", "(iv) ", "3) ".
var enumItem = regexp.MustCompile(`^\(?(?:[a-z]|[ivx]{1,6}|\d{1,3})\)\s`)

// joinEnumerations makes a lead-in paragraph that ends with a colon and the
// lettered or numbered items that follow it under the same headings one
// block ("Inspection reports shall contain: a) …; b) …"), items one to a
// line: an item alone says little without its lead-in, and the two are
// cited together. A block stays under maxPassage runes; an item that
// would take it over starts a block of its own.
func joinEnumerations(blocks []block) []block {
	out := blocks[:0:0]
	open := false // the last block in out takes items
	for _, b := range blocks {
		if n := len(out); n > 0 && open && enumItem.MatchString(b.text) && slices.Equal(out[n-1].headings, b.headings) &&
			utf8.RuneCountInString(out[n-1].text)+1+utf8.RuneCountInString(b.text) <= maxPassage {
			out[n-1].text += "\n" + b.text
			continue
		}
		out = append(out, b)
		open = strings.HasSuffix(strings.TrimSpace(b.text), ":")
	}
	return out
}
