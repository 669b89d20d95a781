package api

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"
)

// A spool keeps bytes within its budget and writes through, in order, once
// the budget is spent; its bytes go back to the budget when sent.
func TestSpoolBudget(t *testing.T) {
	b := &budget{left: 10}
	rec := httptest.NewRecorder()
	s := newSpool(rec, b)
	s.Write([]byte("12345"))
	if rec.Body.Len() != 0 || b.left != 5 {
		t.Fatalf("after 5 bytes the client has %q and the budget %d; want nothing sent, 5 left", rec.Body, b.left)
	}
	s.Write([]byte("6789abcdef"))
	if rec.Body.String() != "123456789abcdef" || !s.direct || b.left != 10 {
		t.Errorf("over budget the client has %q (direct %v, budget %d); want every byte in order, written through, 10 left",
			rec.Body, s.direct, b.left)
	}
	other := newSpool(httptest.NewRecorder(), b)
	other.Write([]byte("xyz"))
	other.release()
	if b.left != 10 {
		t.Errorf("a released spool left the budget at %d; want 10", b.left)
	}
}

// A client that stops reading is cut at the minimum write rate instead of
// holding the connection and its memory until the server's own timeout.
func TestSpoolMinimumRate(t *testing.T) {
	defer func(rate int, grace time.Duration) { minWriteRate, writeGrace = rate, grace }(minWriteRate, writeGrace)
	minWriteRate, writeGrace = 1<<20, 100*time.Millisecond
	result := make(chan error, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		s := newSpool(w, &budget{left: 1 << 30})
		s.Write(make([]byte, 64<<20)) // far more than the socket buffers hold
		result <- s.send()
	}))
	defer srv.Close()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n") // and never read
	select {
	case err := <-result:
		if !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Errorf("sending to a client that reads nothing = %v; want the write deadline", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the send to a client that reads nothing did not stop")
	}
}
