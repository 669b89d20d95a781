package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"pactgraph/graph"
)

// rowWriter writes rows in one format.
type rowWriter interface {
	header(columns []string) error
	row(values []any) error
	flush() error
	// fail ends an export that broke after its first row.
	fail(err error) error
}

// csvRows writes RFC 4180 CSV: CRLF line ends, fields quoted where they
// need it. Values are written as they are; see README, Exports, on
// spreadsheets.
type csvRows struct {
	w           *csv.Writer
	record      []string
	spreadsheet bool
}

func newCSVRows(w io.Writer) *csvRows {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	return &csvRows{w: cw}
}

func (c *csvRows) header(columns []string) error { return c.w.Write(columns) }

func (c *csvRows) row(values []any) error {
	if err := finiteCells(values); err != nil {
		return err
	}
	c.record = c.record[:0]
	for _, v := range values {
		cell := csvCell(v)
		if c.spreadsheet {
			cell = neutralise(cell)
		}
		c.record = append(c.record, cell)
	}
	return c.w.Write(c.record)
}

func (c *csvRows) flush() error {
	c.w.Flush()
	return c.w.Error()
}

// fail has nothing to add: a CSV has no place for an error, so the HTTP
// handler cuts the connection instead of ending the body cleanly.
func (c *csvRows) fail(error) error { return c.flush() }

// neutralise keeps a spreadsheet from reading a cell as a formula: a cell
// that begins with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe (OWASP's advice for CSV injection), which spreadsheets hide.
func neutralise(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

func csvCell(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case []string:
		return strings.Join(v, ";")
	}
	return fmt.Sprint(v)
}

// finiteCells refuses a row with a number that is not finite: CSV would
// write "NaN", NDJSON invalid JSON; the search refuses such results first,
// so reaching here is a fault of the server.
func finiteCells(values []any) error {
	for _, v := range values {
		if f, ok := v.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
			return graph.InternalError(fmt.Errorf("an export cell holds %v, which is not a finite number", f))
		}
	}
	return nil
}

// ndjsonRows writes one JSON object per row, keys in column order, lists
// as arrays, absent values as null; <, > and & are written as they are.
type ndjsonRows struct {
	w       io.Writer
	columns []string
	buf     bytes.Buffer
}

func (n *ndjsonRows) header(columns []string) error {
	n.columns = columns
	return nil
}

func (n *ndjsonRows) row(values []any) error {
	if err := finiteCells(values); err != nil {
		return err
	}
	n.buf.Reset()
	n.buf.WriteByte('{')
	for i, v := range values {
		if i > 0 {
			n.buf.WriteByte(',')
		}
		n.value(n.columns[i])
		n.buf.WriteByte(':')
		if list, ok := v.([]string); ok && list == nil {
			v = []string{}
		}
		n.value(v)
	}
	n.buf.WriteString("}\n")
	_, err := n.w.Write(n.buf.Bytes())
	return err
}

func (n *ndjsonRows) value(v any) {
	enc := json.NewEncoder(&n.buf)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	n.buf.Truncate(n.buf.Len() - 1) // Encode's newline
}

func (n *ndjsonRows) flush() error { return nil }

// fail writes the last line of a broken export:
// {"error":{"message":…,"extensions":{"code":…}}}.
func (n *ndjsonRows) fail(err error) error {
	line, _ := json.Marshal(map[string]any{"error": ErrorBody(err)})
	_, werr := n.w.Write(append(line, '\n'))
	return werr
}
