package api

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"syscall"

	"pactgraph/export"
	"pactgraph/graph"
)

// exporter serves the export routes, /export/{table}.{format}; the rows
// are package export's.
type exporter struct {
	opts Options
	m    *metrics
	// heavy is the pool of heavy-operation slots GraphQL operations take
	// too: an export runs up to 100 searches, so it takes one like a big
	// query.
	heavy  *graph.Slots
	spools *budget // the bytes all exports may keep in memory at once
	// Tests set these: rows per page (0: export's own), and a function
	// run after each page.
	pageSize  int
	afterPage func(page int) error
}

func newExporter(opts Options, m *metrics, heavy *graph.Slots) *exporter {
	return &exporter{opts: opts, m: m, heavy: heavy, spools: &budget{left: spoolBudget}}
}

var exportTypes = map[string]string{export.FormatCSV: "text/csv; charset=utf-8", export.FormatNDJSON: "application/x-ndjson"}

// errHeadOnly stops an export once its headers are known (a HEAD request).
var errHeadOnly = errors.New("head only")

// handler serves GET (and HEAD) /export/{table}.{format}. Everything that
// can be refused is refused before the first byte, with the status and a
// GraphQL-shaped error body: a bad parameter or search text (400), the
// index still loading or the server busy (503). Once rows flow the status
// is sent; a failure then is logged, and ends an NDJSON body with an
// {"error": …} line and a CSV body by cutting the connection, so that no
// client takes a cut CSV for a whole one.
func (e *exporter) handler(table, format string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		job, ok := e.admit(w, req, table, format)
		if !ok {
			return
		}
		st := e.opts.Snapshots.acquire()
		if st == nil {
			writeError(w, graph.CodeUnavailable, "the index is still loading; try again shortly")
			return
		}
		defer e.opts.Snapshots.release(st)
		release, ok := e.heavy.Take(req.Context())
		if !ok {
			if req.Context().Err() == nil {
				writeError(w, graph.CodeUnavailable, "the server is busy with large operations; try again shortly")
			}
			return
		}
		defer release()
		ctx, cancel := context.WithTimeout(e.m.searchContext(req.Context()), e.opts.Timeout)
		defer cancel()
		e.serve(ctx, w, req, st, job, release)
	})
}

// admit checks the method, the URL and the parameters.
func (e *exporter) admit(w http.ResponseWriter, req *http.Request, table, format string) (*export.Job, bool) {
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, CodeMethodNotAllowed, req.Method+" is not allowed: use GET")
		return nil, false
	}
	if len(req.URL.RawQuery) > e.opts.MaxURLBytes {
		writeError(w, CodeURITooLong, fmt.Sprintf("the URL is %d bytes; the most is %d", len(req.URL.RawQuery), e.opts.MaxURLBytes))
		return nil, false
	}
	params, err := url.ParseQuery(req.URL.RawQuery)
	if err != nil {
		writeError(w, graph.CodeBadRequest, "the query string cannot be read: "+err.Error())
		return nil, false
	}
	job, err := export.Parse(table, format, params)
	if err != nil {
		writeExportError(w, err)
		return nil, false
	}
	job.AfterPage = e.afterPage
	if e.pageSize > 0 {
		job.PageSize = e.pageSize
	}
	job.SearchTimeout = e.opts.SearchTimeout
	return job, true
}

// serve writes the export to a spool, gives back the heavy-operation slot,
// and sends the spool at the client's pace.
func (e *exporter) serve(ctx context.Context, w http.ResponseWriter, req *http.Request, st *graph.State, job *export.Job, release func()) {
	out := newSpool(w, e.spools)
	defer out.release()
	t := &exportTarget{w: w, req: req, out: out, job: job}
	sum, err := export.Write(ctx, st, job, t)
	ndjson := job.Format == export.FormatNDJSON
	if t.zw != nil && (err == nil || (t.started && ndjson)) {
		t.zw.Close()
	}
	if t.zw != nil {
		gzipWriters.Put(t.zw) // Reset when taken again, closed or not
	}
	release() // the work is done: the client's reading holds no slot
	if t.started && (err == nil || ndjson) {
		if serr := out.send(); serr != nil {
			e.logDisconnect(ctx, job.Table, serr)
			return
		}
	}
	switch {
	case errors.Is(err, errHeadOnly), err == nil:
	case !t.started:
		if graph.ErrorCode(err) == graph.CodeInternal {
			e.opts.Logger.ErrorContext(ctx, "export failed", "table", job.Table, "err", err.Error(), "request_id", RequestID(ctx))
		}
		if req.Context().Err() == nil {
			writeExportError(w, err)
		}
	case clientGone(req, err):
		e.logDisconnect(ctx, job.Table, err)
	default:
		e.opts.Logger.ErrorContext(ctx, "export failed after streaming began", "table", job.Table, "format", job.Format,
			"rows", sum.Rows, "total", sum.Total, "code", graph.ErrorCode(err), "err", err.Error(), "request_id", RequestID(ctx))
		if ndjson {
			return // the error line is sent; the body ends cleanly
		}
		out.send() // the rows before the failure, then the cut
		abortResponse(http.NewResponseController(w))
	}
}

// exportTarget is where an export's rows go: on Begin it sends the status
// and headers, then the rows go to the spool, gzipped when the client
// accepts it.
type exportTarget struct {
	w       http.ResponseWriter
	req     *http.Request
	out     *spool
	job     *export.Job
	zw      *gzip.Writer
	started bool // Begin sent the headers and rows may follow
}

func (t *exportTarget) Begin(info export.Info) error {
	h := t.w.Header()
	h.Set("Content-Type", exportTypes[t.job.Format])
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="pactgraph-%s.%s"`, t.job.Table, t.job.Format))
	h.Set("X-Total-Count", strconv.Itoa(info.Total))
	if t.job.Table == export.TableSearch {
		h.Set("X-Search-Partial", strconv.FormatBool(info.Partial))
	}
	h.Add("Vary", "Accept-Encoding")
	gz := acceptsGzip(t.req)
	if gz {
		h.Set("Content-Encoding", "gzip")
	}
	t.w.WriteHeader(http.StatusOK)
	if t.req.Method == http.MethodHead {
		return errHeadOnly
	}
	if gz {
		t.zw = gzipWriters.Get().(*gzip.Writer)
		t.zw.Reset(t.out)
	}
	t.started = true
	return nil
}

func (t *exportTarget) Write(p []byte) (int, error) {
	if t.zw != nil {
		return t.zw.Write(p)
	}
	return t.out.Write(p)
}

func (t *exportTarget) Flush() error {
	if t.zw != nil {
		if err := t.zw.Flush(); err != nil {
			return err
		}
	}
	return t.out.Flush()
}

var _ interface {
	export.Beginner
	io.Writer
} = (*exportTarget)(nil)

// logDisconnect notes an export its client stopped reading: the client's
// doing, not the server's fault, so not an error.
func (e *exporter) logDisconnect(ctx context.Context, table string, err error) {
	e.opts.Logger.InfoContext(ctx, "export not delivered: the client stopped reading", "table", table,
		"err", err.Error(), "request_id", RequestID(ctx))
}

// clientGone reports whether an export failed because its client left or
// read too slowly, which is no fault of the server's.
func clientGone(req *http.Request, err error) bool {
	return errors.Is(req.Context().Err(), context.Canceled) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, os.ErrDeadlineExceeded)
}

// abortResponse cuts the connection of a response that has begun, so that the
// client sees an incomplete body instead of a clean end.
func abortResponse(rc *http.ResponseController) {
	if conn, _, err := rc.Hijack(); err == nil {
		conn.Close()
		return
	}
	panic(http.ErrAbortHandler)
}

// writeExportError answers an export refused before its first byte, in
// the GraphQL error shape, with the status of the error's code.
func writeExportError(w http.ResponseWriter, err error) {
	writeErrors(w, graph.ErrorCode(err), export.ErrorBody(err))
}
