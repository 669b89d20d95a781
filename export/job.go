package export

import (
	"context"
	"io"
	"time"

	"pactgraph/corpus"
	"pactgraph/graph"
	"pactgraph/graph/model"
)

// Summary says what an export wrote.
type Summary struct {
	Rows    int  // rows written (without the header)
	Total   int  // rows the query has; more than Rows when limit cut it
	Partial bool // a search fell back to hits with only some of its words
}

// Job is one export, its parameters read and checked (see Parse).
type Job struct {
	Table, Format string
	// SearchTimeout bounds each index search of a search export (0: only
	// the context's deadline).
	SearchTimeout time.Duration
	// PageSize is the rows per page (Parse sets defaultPageSize; tests
	// set fewer).
	PageSize int
	// AfterPage, when set, runs after each page is written; an error it
	// returns stops the export (tests use it to break one midway).
	AfterPage func(page int) error

	limit       int
	search      graph.SearchArgs
	filter      *model.AgreementFilter
	perParty    bool
	spreadsheet bool // CSV cells that a spreadsheet would run as formulas are neutralised
}

// Info is what an export knows when its first page is in.
type Info struct {
	Total   int
	Partial bool
}

// A Beginner is told what an export holds once its first page is in and
// before any row is written: the HTTP routes set their status and headers
// then. An error it returns stops the export.
type Beginner interface {
	Begin(Info) error
}

// Write writes one export of st to w, page by page, and after each page
// calls w's Flush method when it has one. When w is a Beginner, its Begin
// runs before the first byte: an error before that leaves w untouched, so
// an HTTP route can still choose the status; after it, an NDJSON export
// ends with an {"error": …} line. Errors carry the API's codes
// (graph.ErrorCode). The HTTP routes and `pactgraph export` both call it.
func Write(ctx context.Context, st *graph.State, j *Job, w io.Writer) (Summary, error) {
	x := &writing{job: j, ctx: graph.WithState(ctx, st), cat: st.Catalog, w: w}
	var err error
	if j.Table == TableSearch {
		err = x.search()
	} else {
		err = x.agreements()
	}
	if err != nil && x.rows != nil {
		if err := x.rows.fail(err); err == nil {
			x.flushOut()
		}
	}
	return x.sum, err
}

// writing is one export being written.
type writing struct {
	job  *Job
	ctx  context.Context
	cat  *corpus.Catalog
	w    io.Writer
	rows rowWriter // nil until the first page is in
	sum  Summary
}

// begin starts the output and writes the header.
func (x *writing) begin(info Info) error {
	x.sum.Total, x.sum.Partial = info.Total, info.Partial
	if b, ok := x.w.(Beginner); ok {
		if err := b.Begin(info); err != nil {
			return err
		}
	}
	if x.job.Format == FormatCSV {
		rows := newCSVRows(x.w)
		rows.spreadsheet = x.job.spreadsheet
		x.rows = rows
	} else {
		x.rows = &ndjsonRows{w: x.w}
	}
	rows := "agreement"
	if x.job.perParty {
		rows = "party"
	}
	return x.rows.header(Columns(x.job.Table, rows))
}

func (x *writing) flushOut() error {
	if f, ok := x.w.(interface{ Flush() error }); ok {
		return f.Flush()
	}
	return nil
}

func (x *writing) row(values []any) error {
	x.sum.Rows++
	return x.rows.row(values)
}

// endPage flushes a page; the export stops here when its context ends.
func (x *writing) endPage(page int) error {
	if err := x.rows.flush(); err != nil {
		return err
	}
	if err := x.flushOut(); err != nil {
		return err
	}
	if x.job.AfterPage != nil {
		if err := x.job.AfterPage(page); err != nil {
			return err
		}
	}
	return x.ctx.Err()
}

// search writes a search's hits, one index look-up per page, following the
// cursors of the search field.
func (x *writing) search() error {
	cat := x.cat
	args := x.job.search
	for page := 0; ; page++ {
		n := min(x.job.PageSize, x.job.limit-x.sum.Rows)
		args.First = &n
		conn, err := graph.Search(x.ctx, args, x.job.SearchTimeout)
		if err != nil {
			return err
		}
		if page == 0 {
			if err := x.begin(Info{Total: conn.TotalCount, Partial: conn.Partial}); err != nil {
				return err
			}
		}
		for _, e := range conn.Edges {
			if err := x.row(searchRow(cat, x.sum.Rows+1, e)); err != nil {
				return err
			}
		}
		if err := x.endPage(page); err != nil {
			return err
		}
		if !conn.PageInfo.HasNextPage || len(conn.Edges) == 0 || x.sum.Rows >= x.job.limit {
			return nil
		}
		args.After = conn.PageInfo.EndCursor
	}
}

// agreements writes the agreements of the filter, as the agreements field
// lists them, flushing every page size of rows.
func (x *writing) agreements() error {
	q, err := graph.AgreementQuery(x.job.filter)
	if err != nil {
		return err
	}
	cat := x.cat
	list := cat.FindAgreements(q)
	total := len(list)
	if x.job.perParty {
		total = 0
		for _, a := range list {
			total += max(1, len(a.Parties))
		}
	}
	if err := x.begin(Info{Total: total}); err != nil {
		return err
	}
	page, inPage := 0, 0
agreements:
	for _, a := range list {
		rows := [][]any{agreementRow(cat, a)}
		if x.job.perParty {
			rows = partyRows(cat, a)
		}
		for _, row := range rows {
			if x.sum.Rows >= x.job.limit {
				break agreements
			}
			if err := x.row(row); err != nil {
				return err
			}
			if inPage++; inPage == x.job.PageSize {
				if err := x.endPage(page); err != nil {
					return err
				}
				page, inPage = page+1, 0
			}
		}
	}
	if inPage == 0 && page > 0 {
		return nil // the last page is flushed
	}
	return x.endPage(page)
}
