package search

import (
	"html"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Fragments: the best passage of a field around the terms a hit holds,
// with the terms marked. The choice is that of Bleve's simple highlighter
// (a fragment of fragmentSize characters from each term on, scored by
// how many distinct terms it holds; the first of the best wins), drawn in
// one pass that writes the HTML fragment, its plain text and the marked
// spans together, from the record's own text.

// fragmentSeparator marks a fragment that starts after its value's start
// or ends before its end.
const fragmentSeparator = "…"

// termAt is where one term was found in one value of a field, in bytes.
type termAt struct {
	value      int // which value of the field (an alias)
	start, end int
	term       int // which term, for the fragment's score
}

// fragment is a candidate: a byte range of one value.
type fragment struct {
	value, start, end int
	score             int
}

// bestFragment draws the best fragment of a field's values holding the
// terms at locs (sorted by value, then start, then end). It returns
// false when the best fragment marks no term.
func bestFragment(field string, values []string, locs []termAt) (Highlight, bool) {
	best := fragment{score: -1}
	for v, value := range values {
		at := locsOf(locs, v)
		for _, f := range fragmentsOf(value, at, v) {
			f.score = distinctTerms(at, f)
			if f.score > best.score {
				best = f
			}
		}
	}
	if best.score <= 0 {
		return Highlight{}, false
	}
	marks := mergeOverlapping(locsOf(locs, best.value))
	h := drawFragment(field, values[best.value], best, marks)
	return h, len(h.Matches) > 0
}

// locsOf is the locations in value v.
func locsOf(locs []termAt, v int) []termAt {
	start := slices.IndexFunc(locs, func(l termAt) bool { return l.value == v })
	if start < 0 {
		return nil
	}
	end := start
	for end < len(locs) && locs[end].value == v {
		end++
	}
	return locs[start:end]
}

// distinctTerms is how many different terms lie wholly inside f.
func distinctTerms(at []termAt, f fragment) int {
	var seen [64]bool
	var more map[int]bool
	n := 0
	for _, l := range at {
		if l.start < f.start || l.end > f.end {
			continue
		}
		switch {
		case l.term < len(seen):
			if !seen[l.term] {
				seen[l.term] = true
				n++
			}
		default:
			if more == nil {
				more = map[int]bool{}
			}
			if !more[l.term] {
				more[l.term] = true
				n++
			}
		}
	}
	return n
}

// fragmentsOf are the candidates of one value: for each term, the
// fragmentSize characters from it on, moved back towards the value's start
// when the value ends first (but never back over the previous term), then
// shifted to centre the terms it holds. A value without terms gives its
// first fragmentSize characters.
func fragmentsOf(value string, at []termAt, v int) []fragment {
	if len(at) == 0 {
		end, _ := forward(value, 0, fragmentSize)
		return []fragment{{value: v, start: 0, end: end}}
	}
	out := make([]fragment, 0, len(at))
	maxBegin := 0
	for i, l := range at {
		f, ok := fragmentAt(value, at[i:], maxBegin)
		if !ok {
			continue // and the next may back up over this term
		}
		f.value = v
		out = append(out, f)
		maxBegin = l.end
	}
	return out
}

// fragmentAt is the candidate that starts at at[0]; false where the text
// is not valid UTF-8 there.
func fragmentAt(value string, at []termAt, maxBegin int) (fragment, bool) {
	start := at[0].start
	end, used := forward(value, start, fragmentSize)
	if end < 0 || start > len(value) {
		return fragment{}, false
	}
	for start > 0 && used < fragmentSize {
		r, size := utf8.DecodeLastRuneInString(value[:start])
		if r == utf8.RuneError {
			return fragment{}, false
		}
		if start-size < maxBegin {
			break
		}
		start -= size
		used++
	}
	lastEnd := end
	for _, l := range at {
		if l.end > end {
			break
		}
		lastEnd = l.end
	}
	room := utf8.RuneCountInString(value[lastEnd:end])
	if start >= maxBegin {
		room = min(room, utf8.RuneCountInString(value[maxBegin:start]))
	}
	for shift := room / 2; shift > 0; shift-- {
		r, size := utf8.DecodeLastRuneInString(value[:start])
		if r == utf8.RuneError {
			return fragment{}, false
		}
		start -= size
		r, size = utf8.DecodeLastRuneInString(value[:end])
		if r == utf8.RuneError {
			return fragment{}, false
		}
		end -= size
	}
	return fragment{start: start, end: end}, true
}

// forward walks up to n characters from start: the end reached and how
// many were walked, or -1 where the text is not valid UTF-8.
func forward(value string, start, n int) (end, used int) {
	end = start
	for end < len(value) && used < n {
		r, size := utf8.DecodeRuneInString(value[end:])
		if r == utf8.RuneError {
			return -1, used
		}
		end += size
		used++
	}
	return end, used
}

// mergeOverlapping joins locations that overlap (a joined compound and
// its parts), so that a mark never opens inside another.
func mergeOverlapping(at []termAt) []termAt {
	out := make([]termAt, 0, len(at))
	for _, l := range at {
		if n := len(out); n > 0 && l.start < out[n-1].end {
			out[n-1].end = max(out[n-1].end, l.end)
			continue
		}
		out = append(out, l)
	}
	return out
}

// drawFragment writes fragment f of value with the marks inside it: the
// HTML (escaped, terms in <mark>), the plain text and the marked spans
// in UTF-16 code units.
func drawFragment(field, value string, f fragment, marks []termAt) Highlight {
	var frag, text strings.Builder
	frag.Grow(f.end - f.start + 64)
	text.Grow(f.end - f.start + 8)
	units := 0
	plain := func(s string) {
		frag.WriteString(html.EscapeString(s))
		text.WriteString(s)
		units += utf16Len(s)
	}
	if f.start != 0 {
		plain(fragmentSeparator)
	}
	var spans []Span
	at := f.start
	for _, m := range marks {
		if m.start < at {
			continue
		}
		if m.end > f.end {
			break
		}
		plain(value[at:m.start])
		term := value[m.start:m.end]
		frag.WriteString("<mark>")
		frag.WriteString(html.EscapeString(term))
		frag.WriteString("</mark>")
		text.WriteString(term)
		spans = append(spans, Span{Start: units, End: units + utf16Len(term)})
		units += utf16Len(term)
		at = m.end
	}
	plain(value[at:f.end])
	if f.end != len(value) {
		plain(fragmentSeparator)
	}
	return Highlight{Field: field, Fragment: frag.String(), Text: text.String(), Matches: spans}
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
