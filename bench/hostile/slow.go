package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"time"
)

// Item 6: slow readers of exports.

const exportPath = "/export/search.csv?q=security&limit=10000"

// heavyQuery weighs more than 1,000 (the heavy operations' threshold):
// four pages of 100 hits.
const heavyQuery = `query($q: String!) {
  a: search(query: $q, first: 100) { edges { cursor score relevance } }
  b: search(query: $q, first: 100, after: null) { edges { cursor score relevance } }
  c: search(query: $q, first: 100, types: [PASSAGE]) { edges { cursor score relevance } }
  d: search(query: $q, first: 100, types: [AGREEMENT, PASSAGE]) { edges { cursor score relevance } }
}`

// item6: four clients read an export a byte a second; meanwhile another
// export, a heavy GraphQL query and a cheap one are asked for.
func item6(c config) {
	p, addr := serve30k(c, "6")
	defer p.kill()
	report("6", "an export, alone", "%s", getExport(addr))
	stop := make(chan struct{})
	for i := 0; i < 4; i++ {
		go slowReader(addr, stop)
	}
	// A heavy query and a cheap one about every second while the slow
	// readers read: how long the heavy-operation slots stay taken.
	start := time.Now()
	var heavy, cheap []string
	for time.Since(start) < 14*time.Second {
		time.Sleep(time.Second - time.Since(start)%time.Second)
		at := time.Since(start).Round(time.Second)
		a := graphql(addr, heavyQuery, map[string]any{"q": "security treaty"})
		heavy = append(heavy, fmt.Sprintf("%s %d", at, a.status))
		a = graphql(addr, searchQuery, map[string]any{"q": "nato"})
		cheap = append(cheap, fmt.Sprintf("%d %s", a.status, a.took.Round(time.Millisecond)))
	}
	report("6", "a heavy GraphQL query (four pages of 100), about every second", "%s", strings.Join(heavy, ", "))
	report("6", "a cheap GraphQL query after each", "%s", strings.Join(cheap, ", "))
	report("6", "another export, 14 s in", "%s", getExport(addr))
	report("6", "peak RSS", "%.0f MB", p.peakMB())
	if os.Getenv("MEASURE_DEBUG") != "" {
		fmt.Fprint(os.Stderr, p.log.String())
	}
	close(stop)
}

// getExport reads an export in full.
func getExport(addr string) answer {
	start := time.Now()
	resp, err := client.Get("http://" + addr + exportPath)
	if err != nil {
		return answer{took: time.Since(start), err: err}
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	return answer{status: resp.StatusCode, bytes: int(n), took: time.Since(start), err: err}
}

// slowReader asks for an export through a small receive buffer and reads
// it a byte a second until stop.
func slowReader(addr string, stop chan struct{}) {
	d := net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
		return rc.Control(func(fd uintptr) {
			syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096)
		})
	}}
	conn, err := d.Dial("tcp", addr)
	if err != nil {
		return
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", exportPath, addr)
	r := bufio.NewReaderSize(conn, 16)
	resp, err := http.ReadResponse(r, nil) // the headers; the body is read below, a byte a second
	if err != nil {
		fmt.Fprintf(os.Stderr, "measure: a slow reader got no answer: %v\n", err)
		return
	}
	if resp.StatusCode != 200 {
		fmt.Fprintf(os.Stderr, "measure: a slow reader got %d\n", resp.StatusCode)
	}
	one := make([]byte, 1)
	for {
		select {
		case <-stop:
			return
		case <-time.After(time.Second):
		}
		if _, err := r.Read(one); err != nil {
			return
		}
	}
}
