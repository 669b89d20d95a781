package search

import (
	"strconv"
	"strings"
)

// Article references. A legal text's articles are numbered in Arabic or
// Roman numerals ("Article 5", "ARTICLE IV"), and the index keeps each
// passage's article number as its text writes it (fieldArticle). A filter
// asks for every way of writing a number (ArticleKeys); a SIMPLE search
// that names an article ("article 52", "Art. IV", "article 4 ANZUS") reads
// the two words as a span whose clauses the passages of that article
// satisfy, whatever their own words (see articleSpans).

// ArticleKeys are the ways an article number may be written in a text:
// "5" and "V" are the same article. Nil when number is not one.
func ArticleKeys(number string) []string {
	n := strings.ToUpper(strings.TrimSpace(number))
	if n == "" || len(n) > 16 {
		return nil
	}
	if v, err := strconv.Atoi(n); err == nil {
		if v < 1 {
			return nil
		}
		if r := roman(v); r != "" {
			return []string{n, r}
		}
		return []string{n}
	}
	if v := FromRoman(n); v > 0 {
		return []string{n, strconv.Itoa(v)}
	}
	for _, r := range n {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
			return nil
		}
	}
	return []string{n} // 5A, 12BIS
}

var romanDigits = []struct {
	value int
	text  string
}{{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"},
	{10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}}

// roman writes 1–3999 in Roman numerals; "" outside that range.
func roman(n int) string {
	if n < 1 || n > 3999 {
		return ""
	}
	var b strings.Builder
	for _, d := range romanDigits {
		for n >= d.value {
			b.WriteString(d.text)
			n -= d.value
		}
	}
	return b.String()
}

// FromRoman reads a Roman numeral in capitals, written the usual way
// (IV, not IIII); 0 when s is not one.
func FromRoman(s string) int {
	n, rest := 0, s
	for _, d := range romanDigits {
		for strings.HasPrefix(rest, d.text) {
			n += d.value
			rest = rest[len(d.text):]
		}
	}
	if rest != "" || n == 0 || roman(n) != s {
		return 0
	}
	return n
}

// articleWords name an article before its number, in the languages the
// loader reads articles in.
var articleWords = map[string]bool{
	"article": true, "articles": true, "art": true, "arts": true, "artikel": true, "artículo": true, "articulo": true, "articolo": true,
}

// maxRomanArticle bounds a Roman numeral read as an article's number in
// a search: "article VI" is one, "article mix" (1009) is not.
const maxRomanArticle = 400

// isArticleWord reports whether a word as typed or meant names an article
// ("Article", "art.", "Articles").
func isArticleWord(s string) bool {
	return articleWords[strings.ToLower(strings.TrimSuffix(s, "."))]
}

// articleNumber is the keys of a word typed after an article word, or nil
// when it is not an article's number: "52", "52,", "5bis", "IV", "iv".
func articleNumber(typed string) []string {
	s := strings.TrimRight(typed, ".,;:?!)")
	if s == "" {
		return nil
	}
	if s[0] >= '0' && s[0] <= '9' {
		digits := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' })
		if digits < 0 {
			digits = len(s)
		}
		suffix := s[digits:]
		if digits > 4 || len(suffix) > 3 || strings.IndexFunc(suffix, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
			return nil
		}
		return ArticleKeys(s)
	}
	up := strings.ToUpper(s)
	if v := FromRoman(up); v > 0 && v <= maxRomanArticle {
		return ArticleKeys(up)
	}
	return nil
}

// markArticles marks an article word and the number after it as named
// before spelling correction: "article iv" is not "article in".
func (r *reading) markArticles() {
	for i := 0; i+1 < len(r.words); i++ {
		a, b := &r.words[i], &r.words[i+1]
		if a.phrase == 0 && b.phrase == 0 && isArticleWord(a.typed) && articleNumber(b.typed) != nil {
			a.named, b.named = true, true
			i++
		}
	}
}

// articleSpans finds the articles the words name ("article 52", the
// article word possibly a correction), outside the spans found already.
// The number may be a stop word ("Article I").
func (r *reading) articleSpans() []span {
	var out []span
	for i := 0; i+1 < len(r.words); i++ {
		a, b := &r.words[i], &r.words[i+1]
		if a.phrase != 0 || b.phrase != 0 || !a.content() || b.asked || r.inSpan(i) || r.inSpan(i+1) || !isArticleWord(a.meant) {
			continue
		}
		if keys := articleNumber(b.typed); keys != nil {
			out = append(out, span{first: i, last: i + 1, articles: keys})
			i++
		}
	}
	return out
}

// inSpan reports whether word i is in one of the spans found so far.
func (r *reading) inSpan(i int) bool {
	for _, s := range r.spans {
		if i >= s.first && i <= s.last {
			return true
		}
	}
	return false
}

// articleAt is the article reference word i is part of, or nil.
func (r *reading) articleAt(i int) *span {
	for k := range r.spans {
		if s := &r.spans[k]; len(s.articles) > 0 && i >= s.first && i <= s.last {
			return s
		}
	}
	return nil
}
