package api

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"pactgraph/export"
	"pactgraph/graph"
)

// ExporterSettings are the exporter's test settings: rows per page (0:
// export's own), and a function run after each page.
type ExporterSettings struct {
	PageSize  int
	AfterPage func(page int) error
}

// ExporterServer serves the search export routes of st alone, with the
// exporter's test settings and its log lines written to log (for the
// external tests of export_test.go's kind).
func ExporterServer(t *testing.T, st *graph.State, opts Options, set ExporterSettings, log io.Writer) *httptest.Server {
	t.Helper()
	opts.Snapshots = NewSnapshots(st)
	opts.Logger = slog.New(slog.NewJSONHandler(log, nil))
	opts.defaults()
	e := newExporter(opts, newMetrics(opts.Snapshots), graph.NewSlots(opts.MaxHeavy, opts.QueueWait))
	e.pageSize, e.afterPage = set.PageSize, set.AfterPage
	mux := http.NewServeMux()
	mux.Handle("/export/search.csv", e.handler(export.TableSearch, export.FormatCSV))
	mux.Handle("/export/search.ndjson", e.handler(export.TableSearch, export.FormatNDJSON))
	srv := httptest.NewServer(logRequests(opts.Logger, mux))
	t.Cleanup(srv.Close)
	return srv
}
