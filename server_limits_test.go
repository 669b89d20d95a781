package main

import (
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"

	"pactgraph/api"
)

// The server's own configuration answers a 100 KB URL with the JSON 414
// and 70 KB of headers with a JSON 431, not net/http's plain text (issue
// 15).
func TestLongRequestLinesAnsweredInJSON(t *testing.T) {
	h := api.NewHandler(api.Options{Snapshots: api.NewSnapshots(nil)})
	srv := newHTTPServer(h, slog.New(slog.DiscardHandler))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()
	for _, tc := range []struct {
		name   string
		req    func() *http.Request
		status int
		code   string
	}{
		{"100KB URL", func() *http.Request {
			r, _ := http.NewRequest("GET", base+"/graphql?query="+strings.Repeat("x", 100<<10), nil)
			return r
		}, 414, "URI_TOO_LONG"},
		{"70KB headers", func() *http.Request {
			r, _ := http.NewRequest("GET", base+"/graphql?query=%7B__typename%7D", nil)
			r.Header.Set("X-Big", strings.Repeat("x", 70<<10))
			return r
		}, 431, "HEADERS_TOO_LARGE"},
	} {
		resp, err := http.DefaultClient.Do(tc.req())
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var out struct {
			Errors []struct{ Extensions struct{ Code string } }
		}
		json.Unmarshal(raw, &out)
		if resp.StatusCode != tc.status || len(out.Errors) == 0 || out.Errors[0].Extensions.Code != tc.code {
			t.Errorf("%s: %d %.100q; want %d with code %s in JSON", tc.name, resp.StatusCode, raw, tc.status, tc.code)
		}
	}
}
