// Package export gives search hits and agreements as tables, for
// notebooks, spreadsheets and scripts: CSV (RFC 4180, a header row, dotted
// column names, lists joined with ";") or NDJSON (one JSON object per line
// with the same keys, lists as arrays). The HTTP routes
// /export/{table}.{format} (package api) and `pactgraph export` both call
// Write, so they give the same rows.
//
// A search export runs the search field's own code (graph.Search) page by
// page, following the cursors, and writes each page as it comes: memory
// stays at one page whatever the export's size.
package export
