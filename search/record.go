package search

import (
	"encoding/binary"
	"errors"
	"math"
)

// A hit is hydrated from the record stored with it (the src field). The
// record is written in a compact binary form, field by field in a fixed
// order, because every page decodes one per hit: reading it is a few
// slice operations, where JSON took reflection and an allocation per
// value. TestRecordRoundTrip fails when a field of Doc is not carried.
//
// Layout: a format byte, then each field in the order of recordFields:
// a string is its length (uvarint) and bytes; a list is its count
// (uvarint) and its values; an int is a varint.

const recordFormat = 2

var errRecord = errors.New("stored record is damaged")

// encodeRecord writes d without its body, which has a stored field of its
// own.
func encodeRecord(d *Doc) []byte {
	w := recordWriter{buf: make([]byte, 0, 256)}
	w.buf = append(w.buf, recordFormat)
	w.str(d.ID)
	w.str(d.Type)
	w.str(d.Name)
	w.strs(d.Aliases)
	w.str(d.Heading)
	w.strs(d.HeadingPath)
	w.strs(d.Defines)
	w.str(d.Document)
	w.int(d.Position)
	for _, list := range [][]string{d.Kinds, d.Themes, d.Parties, d.Organizations, d.Agreements, d.Countries, d.Trends, d.Topics} {
		w.strs(list)
	}
	w.buf = binary.AppendUvarint(w.buf, uint64(len(d.Decades)))
	for _, v := range d.Decades {
		w.int(v)
	}
	w.strs(d.Obligations)
	w.str(d.Signed)
	w.str(d.Article)
	w.str(d.TextOf)
	w.str(d.Language)
	return w.buf
}

// decodeRecord reads what encodeRecord wrote into d. The record is read
// as one string, and each of d's strings is a part of it: one allocation
// per record rather than one per value.
func decodeRecord(b string, d *Doc) error {
	if len(b) == 0 || b[0] != recordFormat {
		return errRecord
	}
	r := recordReader{buf: b[1:]}
	d.ID = r.str()
	d.Type = r.str()
	d.Name = r.str()
	d.Aliases = r.strs()
	d.Heading = r.str()
	d.HeadingPath = r.strs()
	d.Defines = r.strs()
	d.Document = r.str()
	d.Position = r.int()
	for _, list := range []*[]string{&d.Kinds, &d.Themes, &d.Parties, &d.Organizations, &d.Agreements, &d.Countries, &d.Trends, &d.Topics} {
		*list = r.strs()
	}
	if n := r.count(); n > 0 {
		d.Decades = make([]int, n)
		for i := range d.Decades {
			d.Decades[i] = r.int()
		}
	}
	d.Obligations = r.strs()
	d.Signed = r.str()
	d.Article = r.str()
	d.TextOf = r.str()
	d.Language = r.str()
	if r.bad || len(r.buf) != 0 {
		return errRecord
	}
	return nil
}

type recordWriter struct{ buf []byte }

func (w *recordWriter) str(s string) {
	w.buf = binary.AppendUvarint(w.buf, uint64(len(s)))
	w.buf = append(w.buf, s...)
}

func (w *recordWriter) strs(list []string) {
	w.buf = binary.AppendUvarint(w.buf, uint64(len(list)))
	for _, s := range list {
		w.str(s)
	}
}

func (w *recordWriter) int(v int) { w.buf = binary.AppendVarint(w.buf, int64(v)) }

// recordReader reads a record; on damage it sets bad and yields zero
// values from then on.
type recordReader struct {
	buf string
	bad bool
}

// uvarint reads an unsigned varint as binary.Uvarint does, from a string.
func (r *recordReader) uvarint() uint64 {
	var v uint64
	for i := 0; i < len(r.buf) && i < binary.MaxVarintLen64; i++ {
		c := r.buf[i]
		if c < 0x80 {
			if i == binary.MaxVarintLen64-1 && c > 1 {
				break // overflows 64 bits
			}
			r.buf = r.buf[i+1:]
			return v | uint64(c)<<(7*i)
		}
		v |= uint64(c&0x7f) << (7 * i)
	}
	r.bad, r.buf = true, ""
	return 0
}

// count reads a length, which can be no more than the bytes left.
func (r *recordReader) count() int {
	n := r.uvarint()
	if n > uint64(len(r.buf)) {
		r.bad, r.buf = true, ""
		return 0
	}
	return int(n)
}

func (r *recordReader) str() string {
	n := r.count()
	s := r.buf[:n]
	r.buf = r.buf[n:]
	return s
}

func (r *recordReader) strs() []string {
	n := r.count()
	if n == 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.str()
	}
	return out
}

// int reads a zig-zag varint, as binary.Varint does.
func (r *recordReader) int() int {
	u := r.uvarint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	if r.bad || v > math.MaxInt32 || v < math.MinInt32 {
		r.bad, r.buf = true, ""
		return 0
	}
	return int(v)
}
