package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"pactgraph/export"
	"pactgraph/graph"
)

// syncLog collects log lines.
type syncLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// exporterServer serves the export routes alone, with the exporter's test
// settings at hand.
func exporterServer(t *testing.T, st *graph.State, opts Options, set func(e *exporter)) (*httptest.Server, *syncLog) {
	t.Helper()
	logs := &syncLog{}
	opts.Snapshots = NewSnapshots(st)
	opts.Logger = slog.New(slog.NewJSONHandler(logs, nil))
	opts.defaults()
	e := newExporter(opts, newMetrics(opts.Snapshots), graph.NewSlots(opts.MaxHeavy, opts.QueueWait))
	set(e)
	mux := http.NewServeMux()
	mux.Handle("/export/search.csv", e.handler(export.TableSearch, export.FormatCSV))
	mux.Handle("/export/search.ndjson", e.handler(export.TableSearch, export.FormatNDJSON))
	srv := httptest.NewServer(logRequests(opts.Logger, mux))
	t.Cleanup(srv.Close)
	return srv, logs
}

// TestExportFailsMidStream: once rows flow the status is sent; an export
// that fails then (here: its deadline passes after two pages) ends an NDJSON
// body with an error line and cuts a CSV body, so that it cannot pass for a
// whole one; both are logged.
func TestExportFailsMidStream(t *testing.T) {
	builtin := builtinState(t)
	srv, logs := exporterServer(t, builtin, Options{}, func(e *exporter) {
		e.pageSize = 5
		e.afterPage = func(page int) error {
			if page == 1 {
				return fmt.Errorf("page 3: %w", context.DeadlineExceeded)
			}
			return nil
		}
	})

	resp, err := http.Get(srv.URL + "/export/search.ndjson?q=security")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("NDJSON: %d, %v", resp.StatusCode, err)
	}
	lines := strings.Split(strings.TrimSuffix(string(body), "\n"), "\n")
	if len(lines) != 11 {
		t.Fatalf("NDJSON has %d lines; want two pages of 5 and the error line:\n%s", len(lines), body)
	}
	var last struct {
		Error struct {
			Message    string
			Extensions struct{ Code string }
		}
	}
	if err := json.Unmarshal([]byte(lines[10]), &last); err != nil || last.Error.Extensions.Code != graph.CodeTimeout || last.Error.Message == "" {
		t.Errorf("last NDJSON line = %s; want {\"error\": {..., \"extensions\": {\"code\": %q}}}", lines[10], graph.CodeTimeout)
	}

	resp, err = http.Get(srv.URL + "/export/search.csv?q=security")
	if err != nil {
		t.Fatal(err)
	}
	body, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || err == nil {
		t.Errorf("CSV: %d, read error %v; want 200 and a body cut short", resp.StatusCode, err)
	}
	if rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll(); err != nil || len(rows) != 11 {
		t.Errorf("the CSV before the cut has %d records (%v); want the header and two pages of 5", len(rows), err)
	}
	for deadline := time.Now().Add(2 * time.Second); strings.Count(logs.String(), "export failed after streaming began") < 2; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the failures were not logged:\n%s", logs)
		}
	}
	if !strings.Contains(logs.String(), `"code":"TIMEOUT"`) || !strings.Contains(logs.String(), `"rows":10`) {
		t.Errorf("log lines lack the code or the rows written:\n%s", logs)
	}
}

// TestExportBusy: an export takes a slot for heavy operations; when none
// frees up in time the next one gets 503 with Retry-After.
func TestExportBusy(t *testing.T) {
	builtin := builtinState(t)
	release := make(chan struct{})
	entered := make(chan struct{}, 1)
	srv, _ := exporterServer(t, builtin, Options{MaxHeavy: 1, QueueWait: 50 * time.Millisecond}, func(e *exporter) {
		e.afterPage = func(int) error {
			select {
			case entered <- struct{}{}:
				<-release
			default:
			}
			return nil
		}
	})
	done := make(chan int)
	go func() {
		resp, err := http.Get(srv.URL + "/export/search.csv?q=security")
		if err != nil {
			done <- 0
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		done <- resp.StatusCode
	}()
	<-entered
	resp, body := getBody(t, srv.URL+"/export/search.csv?q=nato")
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), graph.CodeUnavailable) {
		t.Errorf("an export while the only slot is taken: %d %s; want 503", resp.StatusCode, body)
	}
	close(release)
	if status := <-done; status != http.StatusOK {
		t.Errorf("the first export ended with %d", status)
	}
	if resp, _ := getBody(t, srv.URL+"/export/search.csv?q=nato"); resp.StatusCode != http.StatusOK {
		t.Errorf("an export after the slot freed up: %d", resp.StatusCode)
	}
}

// Builtin is the embedded corpus built once per test binary: the external
// tests' TestMain sets it to testserver.Builtin, which this internal test
// cannot import (internal/testserver imports api).
var Builtin func(testing.TB) *graph.State

func builtinState(t *testing.T) *graph.State {
	t.Helper()
	return Builtin(t)
}

func getBody(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: reading the body: %v", url, err)
	}
	return resp, body
}
