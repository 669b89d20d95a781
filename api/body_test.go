package api_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// rawPost sends a POST over a bare connection, writing the whole body
// before reading anything, as Python's urllib does, and returns the
// answer's status line (issue 15, item 15).
func rawPost(t *testing.T, addr string, body string, chunked bool) (string, error) {
	return rawRequest(t, addr, "POST", "application/json", body, chunked)
}

func rawRequest(t *testing.T, addr, method, contentType, body string, chunked bool) (string, error) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(20 * time.Second))
	w := bufio.NewWriterSize(conn, 64<<10)
	fmt.Fprintf(w, "%s /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\n", method, contentType)
	if chunked {
		fmt.Fprintf(w, "Transfer-Encoding: chunked\r\n\r\n")
		for rest := body; rest != ""; {
			n := min(len(rest), 32<<10)
			fmt.Fprintf(w, "%x\r\n%s\r\n", n, rest[:n])
			rest = rest[n:]
		}
		fmt.Fprintf(w, "0\r\n\r\n")
	} else {
		fmt.Fprintf(w, "Content-Length: %d\r\n\r\n%s", len(body), body)
	}
	if err := w.Flush(); err != nil {
		return "", fmt.Errorf("writing the body: %w", err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return "", fmt.Errorf("reading the answer: %w", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return fmt.Sprintf("%d %s", resp.StatusCode, b), nil
}

func TestLargeBodyAnswered413(t *testing.T) {
	srv := newServer(t)
	addr := strings.TrimPrefix(srv.URL, "http://")
	for _, tc := range []struct {
		name    string
		body    string
		chunked bool
	}{
		{"10MiB with length", `{"query":"` + strings.Repeat("x", 10<<20) + `"}`, false},
		{"10MiB chunked", `{"query":"` + strings.Repeat("x", 10<<20) + `"}`, true},
		{"1e6 nesting", `{"query":"{` + strings.Repeat("q{", 1000000) + `"}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := rawPost(t, addr, tc.body, tc.chunked)
			if err != nil || !strings.HasPrefix(got, "413 ") || !strings.Contains(got, "PAYLOAD_TOO_LARGE") {
				t.Errorf("a client that writes first got %.200q, %v; want the 413 PAYLOAD_TOO_LARGE answer", got, err)
			}
		})
	}
}

// Every early refusal of a large body is read by such a client: the wrong
// media type (415) and the wrong method (405) too.
func TestLargeBodyOtherRefusals(t *testing.T) {
	srv := newServer(t)
	addr := strings.TrimPrefix(srv.URL, "http://")
	body := strings.Repeat("x", 4<<20)
	for _, tc := range []struct{ method, contentType, want string }{
		{"POST", "text/plain", "415 "},
		{"PUT", "application/json", "405 "},
	} {
		got, err := rawRequest(t, addr, tc.method, tc.contentType, body, false)
		if err != nil || !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s %s with a 4 MiB body: %.120q, %v; want %s", tc.method, tc.contentType, got, err, tc.want)
		}
	}
}
