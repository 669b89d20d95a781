package export_test

import (
	"bytes"
	"context"
	"io"
	"net/url"
	"testing"

	"pactgraph/api"
	"pactgraph/export"
	"pactgraph/graph"
	"pactgraph/internal/testserver"
	"pactgraph/search"
)

// flushCounter counts the pages Write flushes.
type flushCounter struct {
	bytes.Buffer
	flushes int
}

func (f *flushCounter) Flush() error { f.flushes++; return nil }

// TestWrite: Write, which `pactgraph export` and the HTTP routes call,
// writes from the CLI what the HTTP route sends, flushing after every page.
func TestWrite(t *testing.T) {
	builtin := testserver.Builtin(t)
	many, manyHits := testserver.ManyHits(t)
	for _, tc := range []struct {
		st            *graph.State
		table, format string
		params        url.Values
		rows, flushes int
	}{
		{many, export.TableSearch, export.FormatCSV, url.Values{"q": {"alliance"}}, manyHits, 3},
		{builtin, export.TableSearch, export.FormatNDJSON, url.Values{"q": {"nuclear"}, "types": {"AGREEMENT"}}, -1, 1},
		{builtin, export.TableAgreements, export.FormatCSV, url.Values{"rows": {"party"}}, -1, -1},
		{builtin, export.TableAgreements, export.FormatNDJSON, url.Values{"rows": {"party"}, "limit": {"200"}}, 200, 2},
	} {
		srv := testserver.Serve(t, tc.st, api.Options{})
		_, want := testserver.Get(t, srv, "/export/"+tc.table+"."+tc.format+"?"+tc.params.Encode())
		var out flushCounter
		sum, err := write(tc.st, tc.table, tc.format, tc.params, &out)
		if err != nil {
			t.Fatalf("%s %s: %v", tc.table, tc.params, err)
		}
		if !bytes.Equal(out.Bytes(), want) {
			t.Errorf("%s %s: Write wrote\n%.300s\nthe HTTP route sends\n%.300s", tc.table, tc.params, out.Bytes(), want)
		}
		if (sum.Rows != sum.Total && !tc.params.Has("limit")) || (tc.rows >= 0 && sum.Rows != tc.rows) {
			t.Errorf("%s %s: summary %+v", tc.table, tc.params, sum)
		}
		if wantFlushes := tc.flushes; wantFlushes < 0 {
			if out.flushes != (sum.Rows+search.MaxFirst-1)/search.MaxFirst {
				t.Errorf("%s: %d flushes for %d rows", tc.table, out.flushes, sum.Rows)
			}
		} else if out.flushes != wantFlushes {
			t.Errorf("%s %s: %d flushes; want %d (one per page)", tc.table, tc.params, out.flushes, wantFlushes)
		}
	}
	_, err := write(builtin, export.TableSearch, export.FormatCSV, url.Values{"q": {"*x"}, "mode": {"ADVANCED"}}, io.Discard)
	if graph.ErrorCode(err) != graph.CodeTooExpensive {
		t.Errorf("Write(*x) = %v (%s); want %s", err, graph.ErrorCode(err), graph.CodeTooExpensive)
	}
	_, err = write(builtin, "countries", export.FormatCSV, nil, io.Discard)
	if graph.ErrorCode(err) != graph.CodeBadUserInput {
		t.Errorf("Write(countries) = %v; want %s", err, graph.CodeBadUserInput)
	}
}

// write parses an export's parameters and writes it, as `pactgraph export`
// does.
func write(st *graph.State, table, format string, params url.Values, w io.Writer) (export.Summary, error) {
	job, err := export.Parse(table, format, params)
	if err != nil {
		return export.Summary{}, err
	}
	return export.Write(context.Background(), st, job, w)
}
