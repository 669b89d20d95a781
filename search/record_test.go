package search

import (
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"testing"
)

// filled is a Doc with every field set to a value of its own, found by
// reflection, so that a field added to Doc is filled too.
func filled(t *testing.T) Doc {
	t.Helper()
	var d Doc
	v := reflect.ValueOf(&d).Elem()
	for i := range v.NumField() {
		f, name := v.Field(i), v.Type().Field(i).Name
		switch f.Kind() {
		case reflect.String:
			f.SetString(name + " é\x00")
		case reflect.Int:
			f.SetInt(int64(-7 - i))
		case reflect.Slice:
			s := reflect.MakeSlice(f.Type(), 2, 2)
			for j := range 2 {
				switch e := s.Index(j); e.Kind() {
				case reflect.String:
					e.SetString(fmt.Sprintf("%s %d", name, j))
				case reflect.Int:
					e.SetInt(int64(1940 + 10*j))
				default:
					t.Fatalf("Doc.%s holds %s: teach the record to carry it", name, e.Kind())
				}
			}
			f.Set(s)
		default:
			t.Fatalf("Doc.%s is a %s: teach the record to carry it", name, f.Kind())
		}
	}
	return d
}

func TestRecordRoundTrip(t *testing.T) {
	d := filled(t)
	var got Doc
	if err := decodeRecord(string(encodeRecord(&d)), &got); err != nil {
		t.Fatal(err)
	}
	d.Body = ""     // stored in a field of its own
	d.Meta = nil    // indexed for filters, not stored
	d.Context = nil // indexed in the text field, not stored
	if !reflect.DeepEqual(got, d) {
		t.Errorf("round trip lost fields:\n got %+v\nwant %+v", got, d)
	}
	var empty Doc
	if err := decodeRecord(string(encodeRecord(&Doc{})), &empty); err != nil || !reflect.DeepEqual(empty, Doc{}) {
		t.Errorf("empty record = %+v, %v", empty, err)
	}
}

// A damaged record is an error, never a panic or a huge allocation.
func TestRecordDamaged(t *testing.T) {
	d := filled(t)
	b := encodeRecord(&d)
	cases := map[string][]byte{
		"empty":           nil,
		"other format":    append([]byte{99}, b[1:]...),
		"cut short":       b[:len(b)/2],
		"trailing bytes":  append(append([]byte{}, b...), 0),
		"huge length":     {recordFormat, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
		"huge list count": {recordFormat, 0, 0, 0, 0xff, 0xff, 0xff, 0x0f},
	}
	for name, b := range cases {
		var got Doc
		if err := decodeRecord(string(b), &got); err == nil {
			t.Errorf("%s: decoded %+v; want an error", name, got)
		}
	}
}

func FuzzRecord(f *testing.F) {
	d := Doc{ID: "passage:x#1", Type: "PASSAGE", Aliases: []string{"a"}, Decades: []int{1950}, Position: 3}
	f.Add(encodeRecord(&d))
	f.Fuzz(func(t *testing.T, b []byte) {
		var got Doc
		if decodeRecord(string(b), &got) == nil {
			// What decodes is carried whole by its own record.
			var again Doc
			if err := decodeRecord(string(encodeRecord(&got)), &again); err != nil || !reflect.DeepEqual(again, got) {
				t.Errorf("record of %+v reads back as %+v, %v", got, again, err)
			}
		}
	})
}

// The reader's varints, read from a string, agree with encoding/binary's
// on every edge: the longest, one too long, overflow and cut short.
func TestRecordVarints(t *testing.T) {
	inputs := [][]byte{{}, {0}, {1}, {0x7f}, {0x80}, {0x80, 1}, {0xff, 0xff, 0xff, 0xff, 0x0f},
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1},
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2},
		{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1}}
	for _, v := range []int64{0, 1, -1, 63, -64, 64, math.MaxInt32, math.MinInt32, math.MaxInt32 + 1, math.MinInt64} {
		inputs = append(inputs, binary.AppendVarint(nil, v))
	}
	for _, b := range inputs {
		want, n := binary.Uvarint(b)
		r := recordReader{buf: string(b)}
		got := r.uvarint()
		if r.bad != (n <= 0) || (n > 0 && (got != want || len(r.buf) != len(b)-n)) {
			t.Errorf("uvarint % x = %d, bad %v, %d left; binary reads %d, n %d", b, got, r.bad, len(r.buf), want, n)
		}
		sv, sn := binary.Varint(b)
		r = recordReader{buf: string(b)}
		gi := r.int()
		fits := sn > 0 && sv <= math.MaxInt32 && sv >= math.MinInt32
		if r.bad == fits || (fits && int64(gi) != sv) {
			t.Errorf("int % x = %d, bad %v; binary reads %d, n %d", b, gi, r.bad, sv, sn)
		}
	}
}
