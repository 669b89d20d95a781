package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"testing"
)

// FuzzExportRows: whatever the text and numbers, a CSV row reads back as
// the cells written, an NDJSON row is one valid JSON object with the values
// written, and a number that is not finite is refused, never written.
func FuzzExportRows(f *testing.F) {
	f.Add("=1+1", "line\r\nbreak \"quoted\"", 2.5, true)
	f.Add("", "\x00\xff", math.Inf(1), false)
	f.Add("@x", "\u2028<script>&", math.NaN(), true)
	f.Fuzz(func(t *testing.T, a, b string, score float64, spreadsheet bool) {
		values := []any{a, b, score, []string{a, b}}
		columns := []string{"a", "b", "score", "list"}
		finiteScore := !math.IsNaN(score) && !math.IsInf(score, 0)

		var out bytes.Buffer
		c := newCSVRows(&out)
		c.spreadsheet = spreadsheet
		c.header(columns)
		err := c.row(values)
		c.flush()
		if !finiteScore {
			if err == nil {
				t.Fatalf("CSV row with score %v = nil; want an error", score)
			}
			return
		}
		records, rerr := csv.NewReader(&out).ReadAll()
		if err != nil || rerr != nil || len(records) != 2 || len(records[1]) != len(columns) {
			t.Fatalf("CSV of %q: %v, %v, %q", values, err, rerr, records)
		}
		if !spreadsheet && (records[1][0] != normalizeCSV(a) || records[1][1] != normalizeCSV(b)) {
			t.Fatalf("CSV cells read back %q; want %q", records[1][:2], []string{a, b})
		}

		out.Reset()
		n := &ndjsonRows{w: &out}
		n.header(columns)
		if err := n.row(values); err != nil {
			t.Fatal(err)
		}
		var obj map[string]any
		if err := json.Unmarshal(out.Bytes(), &obj); err != nil || bytes.Count(out.Bytes(), []byte("\n")) != 1 {
			t.Fatalf("NDJSON line %q is not one JSON object: %v", out.Bytes(), err)
		}
		if obj["score"] != score {
			t.Fatalf("NDJSON score %v; want %v", obj["score"], score)
		}
	})
}

// normalizeCSV is what encoding/csv's reader gives back for a cell: it
// drops carriage returns (the file holds them; the reader does not).
func normalizeCSV(s string) string {
	return string(bytes.ReplaceAll([]byte(s), []byte("\r"), nil))
}
