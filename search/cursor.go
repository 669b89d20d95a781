package search

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash"
)

// A cursor is the sort key of the last hit of a page (Bleve's SearchAfter
// values), bound to the query it came from by a fingerprint, so a cursor
// from another query or from elsewhere is refused instead of silently
// paging something else.
type cursor struct {
	Query uint32   `json:"q"`
	Tier  int      `json:"t,omitempty"` // from 1 for the hits with only some of the words
	After []string `json:"a"`
}

// maxTiers bounds a cursor's tier: up to two tiers of complete hits and
// three looser ones.
const maxTiers = 4

func encodeCursor(fingerprint uint32, tier int, after []string) string {
	b, _ := json.Marshal(cursor{Query: fingerprint, Tier: tier, After: after})
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string, fingerprint uint32, sortLen int) (int, []string, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 1024 {
		return 0, nil, &InputError{Arg: "after", Msg: "not a cursor this API issued"}
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil || len(c.After) != sortLen || c.Tier < 0 || c.Tier > maxTiers {
		return 0, nil, &InputError{Arg: "after", Msg: "not a cursor this API issued"}
	}
	if c.Query != fingerprint {
		return 0, nil, &InputError{Arg: "after", Msg: "the cursor belongs to another query; page with the same query, types, filter and order"}
	}
	return c.Tier, c.After, nil
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
	for _, list := range [][]string{f.Kinds, f.Themes, f.Parties, f.Organizations, f.Agreements,
		f.Countries, f.Trends, f.Topics, f.Documents, f.AllCountries, f.Obligations} {
		put(list...)
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
