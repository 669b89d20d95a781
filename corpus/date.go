package corpus

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Date is a calendar date that may be partial: a year alone, a year and a
// month, or a full date. Treaty records often know only the year or month
// something happened, and pactgraph keeps that precision instead of
// inventing a day. The zero Date means "unknown".
type Date struct {
	Year  int // 0 when the date is unknown
	Month int // 1–12, or 0 when only the year is known
	Day   int // 1–31, or 0 when the day is unknown
}

// DateError is a date that cannot be read.
type DateError struct{ Msg string }

func (e *DateError) Error() string { return e.Msg }

// ParseDate reads "YYYY", "YYYY-MM" or "YYYY-MM-DD" and checks that the date
// exists on the calendar.
func ParseDate(s string) (Date, error) {
	var d Date
	var err error
	for i, c := range s {
		if (c < '0' || c > '9') && !(c == '-' && (i == 4 || i == 7)) {
			return Date{}, &DateError{fmt.Sprintf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)}
		}
	}
	switch len(s) {
	case 4:
		d.Year, err = strconv.Atoi(s)
	case 7:
		if s[4] != '-' {
			return Date{}, &DateError{fmt.Sprintf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)}
		}
		d.Year, err = strconv.Atoi(s[:4])
		if err == nil {
			d.Month, err = strconv.Atoi(s[5:])
		}
		if err == nil && d.Month == 0 {
			err = errors.New("month 00")
		}
	case 10:
		var t time.Time
		t, err = time.Parse(time.DateOnly, s)
		if err == nil {
			d = Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}
		}
	default:
		return Date{}, &DateError{fmt.Sprintf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s)}
	}
	if err != nil || d.Year < 1 || d.Month < 0 || d.Month > 12 {
		return Date{}, &DateError{fmt.Sprintf("date %q: want YYYY, YYYY-MM or YYYY-MM-DD with a real month and day", s)}
	}
	return d, nil
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.Year == 0 }

// String formats the date with the precision it has: "1996", "1996-11" or
// "1996-11-02"; the zero Date is "".
func (d Date) String() string {
	switch {
	case d.Year == 0:
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Compare orders dates by year, then month, then day; a missing month or day
// counts as earlier than any known one.
func (d Date) Compare(o Date) int {
	for _, p := range [][2]int{{d.Year, o.Year}, {d.Month, o.Month}, {d.Day, o.Day}} {
		if p[0] != p[1] {
			if p[0] < p[1] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// First is the earliest day the date can stand for ("1996" → 1996-01-01).
func (d Date) First() time.Time {
	m, day := max(d.Month, 1), max(d.Day, 1)
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// Last is the latest day the date can stand for ("1996" → 1996-12-31).
func (d Date) Last() time.Time {
	switch {
	case d.Month == 0:
		return time.Date(d.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	case d.Day == 0:
		return time.Date(d.Year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC)
	}
	return d.First()
}

// MarshalJSON writes the date as a string, or null when it is unknown.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

// UnmarshalJSON reads a date string or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("date: want a string such as \"1949-04-04\", \"1996-11\" or \"1996\"")
	}
	if s == "" {
		return &DateError{"date: empty; leave the field out when the date is unknown"}
	}
	parsed, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}

// MarshalGQL writes the date as a GraphQL string (used by the API's Date
// scalar).
func (d Date) MarshalGQL(w io.Writer) {
	b, _ := json.Marshal(d.String())
	w.Write(b)
}

// UnmarshalGQL reads the API's Date scalar.
func (d *Date) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return &DateError{`a Date is a string such as "1949-04-04", "1996-11" or "1996"`}
	}
	parsed, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}
