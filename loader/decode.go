package loader

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeText turns a document's bytes into text. A UTF-8 byte order mark is
// dropped; UTF-16, with a byte order mark or recognised by its zero bytes,
// is decoded; anything else that is not UTF-8 keeps U+FFFD for each run of
// invalid bytes and raises a notice naming the file and the first line affected,
// since the text a person finds will differ from what they wrote.
func decodeText(data []byte, where string) (string, []string) {
	if order, skip := utf16Order(data); order != "" {
		text := decodeUTF16(data[skip:], order == "UTF-16BE")
		if skip == 0 {
			return text, []string{fmt.Sprintf("%s: no byte order mark, read as %s by its zero bytes; save it as UTF-8", where, order)}
		}
		return text, nil
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if utf8.Valid(data) {
		return string(data), nil
	}
	bad := 0
	for bad < len(data) {
		r, size := utf8.DecodeRune(data[bad:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		bad += size
	}
	line := 1 + bytes.Count(data[:bad], []byte("\n"))
	return strings.ToValidUTF8(string(data), "\uFFFD"), []string{fmt.Sprintf(
		"%s:%d: not UTF-8 (Latin-1 or Windows-1252?); its invalid bytes read as U+FFFD: save it as UTF-8", where, line)}
}

// utf16Order recognises UTF-16: by its byte order mark (skip 2), or, without
// one, by text whose every other byte is mostly zero (skip 0).
func utf16Order(data []byte) (order string, skip int) {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return "UTF-16LE", 2
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return "UTF-16BE", 2
	}
	sample := data[:min(len(data), 4096)&^1]
	if len(sample) < 8 {
		return "", 0
	}
	var zeros [2]int
	for i, b := range sample {
		if b == 0 {
			zeros[i%2]++
		}
	}
	half := len(sample) / 2
	switch {
	case zeros[1] > half*3/4 && zeros[0] < half/10:
		return "UTF-16LE", 0
	case zeros[0] > half*3/4 && zeros[1] < half/10:
		return "UTF-16BE", 0
	}
	return "", 0
}

func decodeUTF16(data []byte, bigEndian bool) string {
	units := make([]uint16, len(data)/2)
	for i := range units {
		if bigEndian {
			units[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
		} else {
			units[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
		}
	}
	text := string(utf16.Decode(units))
	if len(data)%2 == 1 {
		text += "\uFFFD" // a byte left over is not lost silently
	}
	return text
}
