package search

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// A cursor is the sort key of the last hit of a page (Bleve's SearchAfter
// values), bound to the query it came from by a fingerprint, so a cursor
// from another query or from elsewhere is refused instead of silently
// paging something else. Every value is checked before Bleve sees it.
type cursor struct {
	Query uint32   `json:"q"`
	After []string `json:"a"`
}

// maxCursorValue bounds one sort value of a cursor (a record id).
const maxCursorValue = 512

// encodeCursor writes the cursor's JSON ({"q":…,"a":[…]}, byte for byte
// what encoding/json writes) and encodes it, without reflection: every
// hit of every page gets one.
func encodeCursor(fingerprint uint32, after []string) string {
	var buf [256]byte
	b := append(buf[:0], `{"q":`...)
	b = strconv.AppendUint(b, uint64(fingerprint), 10)
	b = append(b, `,"a":`...)
	if after == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, v := range after {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, v)
		}
		b = append(b, ']')
	}
	b = append(b, '}')
	return string(base64.RawURLEncoding.AppendEncode(make([]byte, 0, base64.RawURLEncoding.EncodedLen(len(b))), b))
}

// appendJSONString appends s as a JSON string, escaped as encoding/json
// escapes it: quotes, backslashes and control characters; <, > and & for
// HTML; U+2028 and U+2029; and invalid UTF-8 as U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\b':
				b = append(b, '\\', 'b')
			case c == '\f':
				b = append(b, '\\', 'f')
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20 || c == '<' || c == '>' || c == '&':
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

func decodeCursor(s string, fingerprint uint32, order Order) ([]string, error) {
	bad := &InputError{Arg: "after", Msg: "not a cursor this API issued"}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 2048 {
		return nil, bad
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil || len(c.After) != 3-boolInt(order != Position) {
		return nil, bad
	}
	if c.Query != fingerprint {
		return nil, &InputError{Arg: "after", Msg: "the cursor belongs to another query; page with the same query, types, filter and order"}
	}
	for _, v := range c.After {
		if len(v) > maxCursorValue {
			return nil, bad
		}
	}
	if order != Position {
		// A score is a finite number: a forged +Inf or NaN would page from
		// the start again.
		if f, err := strconv.ParseFloat(c.After[0], 64); err != nil || math.IsInf(f, 0) || math.IsNaN(f) || f < 0 {
			return nil, bad
		}
	}
	return c.After, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// fingerprint hashes what decides a result list's order and membership.
func (q *Query) fingerprint() uint32 {
	h := sha256.New()
	put := func(parts ...string) {
		for _, p := range parts {
			writeString(h, p)
		}
		writeString(h, "|")
	}
	put(q.Text, fmt.Sprint(q.Mode), fmt.Sprint(q.Order))
	put(q.Types...)
	f := q.Filter
	// The API's agreements filter became AgreementsOrTexts; hashed where
	// Agreements was, so that its cursors hold.
	agreements := append(slices.Clone(f.Agreements), f.AgreementsOrTexts...)
	for _, list := range [][]string{f.Kinds, f.Themes, f.Parties, f.Organizations, agreements,
		f.Countries, f.Trends, f.Topics, f.Documents, f.AllCountries, f.Obligations} {
		put(list...)
	}
	// Added later: hashed only when given, so that older cursors hold.
	if len(f.TextOf)+len(f.Articles)+len(f.Meta) > 0 {
		put(f.TextOf...)
		put(f.Articles...)
		put(f.Meta...)
	}
	if q.Language != "" || len(f.Languages) > 0 {
		put(q.Language)
		put(f.Languages...)
	}
	put(fmt.Sprint(f.Decades, f.Centuries))
	return binary.BigEndian.Uint32(h.Sum(nil))
}

func writeString(h hash.Hash, s string) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(s)))
	h.Write(n[:])
	h.Write([]byte(s))
}
