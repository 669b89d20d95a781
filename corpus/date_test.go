package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
	"time"
)

// invalidDates are strings that are not dates on the calendar, or not in
// one of the three accepted shapes.
var invalidDates = []string{
	"1999-02-30", // no such day
	"2023-02-29", // not a leap year
	"1996-04-31",
	"1996-13",
	"1996-00", // no month zero
	"1996-00-10",
	"1996-01-00",
	"96",
	"",
	"abcd",
	"1996-1",
	"1996-1-1",
	"1996/01",
	"1996-01-1",
	"19960101",
	" 1996",
	"1996 ",
	"0000",
	"-999",
	"+996",    // a sign is not a digit
	"1996-+1", // nor in the month
	"1996-ab",
	"1996-01-02T00:00:00Z",
}

func TestParseDate(t *testing.T) {
	valid := []struct {
		in   string
		want Date
	}{
		{"1949-04-04", Date{1949, 4, 4}},
		{"2024-02-29", Date{2024, 2, 29}},
		{"2000-02-29", Date{2000, 2, 29}},
		{"1996-11", Date{1996, 11, 0}},
		{"1996-01", Date{1996, 1, 0}},
		{"1996-12", Date{1996, 12, 0}},
		{"1996", Date{1996, 0, 0}},
		{"0001", Date{1, 0, 0}},
		{"9999-12-31", Date{9999, 12, 31}},
	}
	for _, tc := range valid {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseDate(tc.in)
			if err != nil || got != tc.want {
				t.Fatalf("ParseDate(%q) = %#v, %v; want %#v, nil", tc.in, got, err, tc.want)
			}
			if s := got.String(); s != tc.in {
				t.Errorf("ParseDate(%q).String() = %q; want %q", tc.in, s, tc.in)
			}
			if got.IsZero() {
				t.Errorf("ParseDate(%q).IsZero() = true; want false", tc.in)
			}
		})
	}
	for _, in := range invalidDates {
		t.Run("invalid/"+caseName(in), func(t *testing.T) {
			got, err := ParseDate(in)
			wantDateError(t, "ParseDate", in, got, err)
			if got != (Date{}) {
				t.Errorf("ParseDate(%q) = %#v on error; want the zero Date", in, got)
			}
		})
	}
}

// caseName names a subtest after an input that may be empty.
func caseName(in string) string {
	if in == "" {
		return "empty"
	}
	return in
}

// wantDateError fails unless err is a *DateError that quotes the input.
func wantDateError(t *testing.T, fn, in string, got any, err error) {
	t.Helper()
	var de *DateError
	if !errors.As(err, &de) {
		t.Fatalf("%s(%q) = %v, %v (%T); want a *DateError", fn, in, got, err, err)
	}
	if de.Error() == "" {
		t.Errorf("%s(%q): DateError with an empty message", fn, in)
	}
}

func TestDateString(t *testing.T) {
	tests := []struct {
		d    Date
		want string
	}{
		{Date{}, ""},
		{Date{Year: 1996}, "1996"},
		{Date{Year: 1996, Month: 11}, "1996-11"},
		{Date{Year: 1996, Month: 11, Day: 2}, "1996-11-02"},
		{Date{Year: 812, Month: 1, Day: 9}, "0812-01-09"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			if got := tc.d.String(); got != tc.want {
				t.Fatalf("%#v.String() = %q; want %q", tc.d, got, tc.want)
			}
			if tc.d.IsZero() {
				return
			}
			back, err := ParseDate(tc.d.String())
			if err != nil || back != tc.d {
				t.Errorf("ParseDate(%q) = %#v, %v; want %#v (round trip)", tc.want, back, err, tc.d)
			}
		})
	}
}

func mustDate(t *testing.T, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatalf("ParseDate(%q): %v", s, err)
	}
	return d
}

func datePtr(t *testing.T, s string) *Date {
	t.Helper()
	d := mustDate(t, s)
	return &d
}

func TestDateCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"1996", "1996", 0},
		{"1996-11", "1996-11", 0},
		{"1996-11-02", "1996-11-02", 0},
		{"1995", "1996", -1},
		{"1996-12-31", "1997", -1},
		{"1996", "1996-01", -1},       // a missing month is earlier than any known one
		{"1996-01", "1996-01-01", -1}, // a missing day is earlier than any known one
		{"1996", "1996-01-01", -1},
		{"1996-02", "1996-01-31", 1},
		{"1996-11-03", "1996-11-02", 1},
		{"2000", "1999-12-31", 1},
	}
	for _, tc := range tests {
		t.Run(tc.a+"_vs_"+tc.b, func(t *testing.T) {
			a, b := mustDate(t, tc.a), mustDate(t, tc.b)
			if got := a.Compare(b); got != tc.want {
				t.Errorf("Compare(%q, %q) = %d; want %d", tc.a, tc.b, got, tc.want)
			}
			if got := b.Compare(a); got != -tc.want {
				t.Errorf("Compare(%q, %q) = %d; want %d", tc.b, tc.a, got, -tc.want)
			}
		})
	}
}

func TestDateFirstLast(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		in          string
		first, last time.Time
	}{
		{"1996", day(1996, 1, 1), day(1996, 12, 31)},
		{"1996-11", day(1996, 11, 1), day(1996, 11, 30)},
		{"1996-12", day(1996, 12, 1), day(1996, 12, 31)},
		{"2024-02", day(2024, 2, 1), day(2024, 2, 29)},
		{"2023-02", day(2023, 2, 1), day(2023, 2, 28)},
		{"1900-02", day(1900, 2, 1), day(1900, 2, 28)},
		{"2000-02", day(2000, 2, 1), day(2000, 2, 29)},
		{"1949-04-04", day(1949, 4, 4), day(1949, 4, 4)},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			d := mustDate(t, tc.in)
			if got := d.First(); !got.Equal(tc.first) {
				t.Errorf("ParseDate(%q).First() = %v; want %v", tc.in, got, tc.first)
			}
			if got := d.Last(); !got.Equal(tc.last) {
				t.Errorf("ParseDate(%q).Last() = %v; want %v", tc.in, got, tc.last)
			}
		})
	}
}

func TestDateMarshalJSON(t *testing.T) {
	tests := []struct {
		d    Date
		want string
	}{
		{Date{}, `null`},
		{Date{Year: 1996}, `"1996"`},
		{Date{Year: 1996, Month: 11}, `"1996-11"`},
		{Date{Year: 1949, Month: 4, Day: 4}, `"1949-04-04"`},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			got, err := json.Marshal(tc.d)
			if err != nil || string(got) != tc.want {
				t.Errorf("json.Marshal(%#v) = %s, %v; want %s", tc.d, got, err, tc.want)
			}
		})
	}
	// A pointer field that is nil is left out; a set one is a string.
	type rec struct {
		Signed *Date `json:"signed,omitempty"`
		Ended  *Date `json:"ended,omitempty"`
	}
	got, err := json.Marshal(rec{Signed: &Date{Year: 1996, Month: 11}})
	if want := `{"signed":"1996-11"}`; err != nil || string(got) != want {
		t.Errorf("json.Marshal(rec) = %s, %v; want %s", got, err, want)
	}
}

func TestDateUnmarshalJSON(t *testing.T) {
	valid := []struct {
		in   string
		want Date
	}{
		{`null`, Date{}},
		{`"1996"`, Date{Year: 1996}},
		{`"1996-11"`, Date{Year: 1996, Month: 11}},
		{`"2024-02-29"`, Date{Year: 2024, Month: 2, Day: 29}},
	}
	for _, tc := range valid {
		t.Run(tc.in, func(t *testing.T) {
			d := Date{Year: 1, Month: 1, Day: 1} // overwritten, also by null
			if err := json.Unmarshal([]byte(tc.in), &d); err != nil || d != tc.want {
				t.Errorf("json.Unmarshal(%s) = %#v, %v; want %#v, nil", tc.in, d, err, tc.want)
			}
		})
	}
	for _, in := range invalidDates {
		t.Run("invalid/"+caseName(in), func(t *testing.T) {
			raw, _ := json.Marshal(in)
			var d Date
			err := json.Unmarshal(raw, &d)
			wantDateError(t, "json.Unmarshal", string(raw), d, err)
		})
	}
	for _, in := range []string{`3`, `1996`, `true`, `{}`, `["1996"]`} {
		t.Run("not-a-string/"+in, func(t *testing.T) {
			var d Date
			if err := json.Unmarshal([]byte(in), &d); err == nil {
				t.Errorf("json.Unmarshal(%s) = %#v, nil; want an error", in, d)
			}
		})
	}
	t.Run("round-trip", func(t *testing.T) {
		type rec struct {
			Signed *Date `json:"signed,omitempty"`
			Ended  *Date `json:"ended,omitempty"`
		}
		in := rec{Signed: &Date{Year: 1951, Month: 9, Day: 8}, Ended: &Date{Year: 1960}}
		data, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		var out rec
		if err := json.Unmarshal(data, &out); err != nil {
			t.Fatalf("json.Unmarshal(%s): %v", data, err)
		}
		if out.Signed == nil || *out.Signed != *in.Signed || out.Ended == nil || *out.Ended != *in.Ended {
			t.Errorf("round trip of %s = %+v; want %+v", data, out, in)
		}
	})
}

func TestDateGQL(t *testing.T) {
	for _, in := range []string{"1996", "1996-11", "1949-04-04"} {
		t.Run(in, func(t *testing.T) {
			var d Date
			if err := d.UnmarshalGQL(in); err != nil {
				t.Fatalf("UnmarshalGQL(%q) = %v; want nil", in, err)
			}
			if d != mustDate(t, in) {
				t.Errorf("UnmarshalGQL(%q) = %#v; want %#v", in, d, mustDate(t, in))
			}
			var buf bytes.Buffer
			d.MarshalGQL(&buf)
			if want := `"` + in + `"`; buf.String() != want {
				t.Errorf("MarshalGQL(%#v) wrote %s; want %s", d, buf.String(), want)
			}
		})
	}
	for _, in := range invalidDates {
		t.Run("invalid/"+caseName(in), func(t *testing.T) {
			var d Date
			err := d.UnmarshalGQL(in)
			wantDateError(t, "UnmarshalGQL", in, d, err)
		})
	}
	for _, in := range []any{1996, 1996.0, nil, true, []any{"1996"}} {
		var d Date
		err := d.UnmarshalGQL(in)
		var de *DateError
		if !errors.As(err, &de) {
			t.Errorf("UnmarshalGQL(%#v) = %v; want a *DateError", in, err)
		}
	}
}
