package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"pactgraph/internal/testserver"
)

func TestVersion(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"pactgraph ", "go go1.", "mapping "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("version output %q lacks %q", out.String(), want)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"frobnicate"},
		{"serve", "-no-such-flag"},
		{"index"},
		{"index", "-index", t.TempDir() + "/x", "-corpus", "/does/not/exist"},
		{"serve", "extra-argument"},
	} {
		err := run(context.Background(), args, io.Discard, io.Discard)
		if err == nil || exitCode(err) != 2 {
			t.Errorf("run(%q) = %v (exit %d); want a usage error (exit 2)", args, err, exitCode(err))
		}
	}
}

func TestEnvFallback(t *testing.T) {
	t.Setenv("PACTGRAPH_ADDR", "127.0.0.1:notaport")
	err := run(context.Background(), []string{"serve"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "notaport") {
		t.Errorf("serve with PACTGRAPH_ADDR=127.0.0.1:notaport = %v; want a listen error naming it", err)
	}
	// A flag on the command line wins over the variable.
	ctx, cancel := context.WithCancel(context.Background())
	addr, done := startServe(t, ctx, "-addr", "127.0.0.1:0")
	if !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Errorf("listening on %q; want the -addr flag's 127.0.0.1", addr)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve after cancel = %v; want a clean exit", err)
	}
}

var listening = regexp.MustCompile(`"msg":"listening","addr":"([^"]+)"`)

// startServe runs `serve` with args and waits until it is ready.
func startServe(t *testing.T, ctx context.Context, args ...string) (string, chan error) {
	t.Helper()
	logs := &testserver.Buffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"serve"}, args...), io.Discard, logs) }()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := listening.FindStringSubmatch(logs.String()); m != nil && strings.Contains(logs.String(), `"msg":"ready"`) {
			return m[1], done
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v\n%s", err, logs)
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not get ready in 10s:\n%s", logs)
	return "", nil
}

func TestServeAndIndex(t *testing.T) {
	dir := t.TempDir() + "/index"
	var out bytes.Buffer
	if err := run(context.Background(), []string{"index", "-index", dir}, &out, io.Discard); err != nil {
		t.Fatalf("index: %v", err)
	}
	if !strings.Contains(out.String(), "indexed 1 documents") {
		t.Errorf("index printed %q; want a summary", out.String())
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, done := startServe(t, ctx, "-addr", "127.0.0.1:0", "-index", dir)
	resp, err := http.Post("http://"+addr+"/graphql", "application/json",
		strings.NewReader(`{"query":"{ corpus { passages agreements } }"}`))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Data struct {
			Corpus struct{ Passages, Agreements int }
		}
	}
	json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	if got.Data.Corpus.Passages < 50 || got.Data.Corpus.Agreements < 40 {
		t.Errorf("corpus from the prebuilt index = %+v; want the embedded corpus's counts", got.Data.Corpus)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("serve after cancel = %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop within the grace period")
	}
}

// post sends one query to the server at addr; it may run in a goroutine,
// so an error is the body it returns, not a failure.
func post(addr, query string) (int, string) {
	status, raw, err := testserver.Send("http://"+addr, query, nil)
	if err != nil {
		return status, err.Error()
	}
	return status, string(raw)
}

// TestReloadUnderLoad: SIGHUP rebuilds the index from a changed corpus and
// swaps it in while requests keep coming; none of them fails.
func TestReloadUnderLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("first.md", "# First\n\nThe Treaty of Tlatelolco keeps nuclear weapons out of Latin America.\n")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, done := startServe(t, ctx, "-addr", "127.0.0.1:0", "-corpus", dir)

	var failures, answered atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				status, body := post(addr, `{ search(query: "treaty", first: 5) { totalCount edges { node { ... on Passage { id document { title } } } } } corpus { documents } }`)
				answered.Add(1)
				if status != http.StatusOK || strings.Contains(body, `"errors"`) {
					failures.Add(1)
					t.Logf("failed during reload: %d %.200s", status, body)
				}
			}
		}()
	}
	time.Sleep(200 * time.Millisecond)
	write("second.md", "# Second\n\nThe Treaty of Rarotonga does the same for the South Pacific.\n")
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, body := post(addr, `{ corpus { documents } }`)
		if strings.Contains(body, `"documents":3`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the reload did not publish the new document: %s", body)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond)
	close(stop)
	wg.Wait()
	if failures.Load() > 0 || answered.Load() < 20 {
		t.Errorf("%d of %d requests failed during the reload; want none", failures.Load(), answered.Load())
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve after cancel = %v", err)
	}
}

// TestShutdownDrains: on SIGTERM (here: the context ends) readiness turns
// 503 at once while the server keeps answering for the drain period, then
// it stops cleanly.
func TestShutdownDrains(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	addr, done := startServe(t, ctx, "-addr", "127.0.0.1:0", "-drain", "500ms")
	cancel()
	time.Sleep(100 * time.Millisecond)
	resp, err := http.Get("http://" + addr + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz while draining = %d; want 503", resp.StatusCode)
	}
	if status, body := post(addr, `{ corpus { documents } }`); status != http.StatusOK {
		t.Errorf("a request while draining = %d %s; want 200", status, body)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve = %v; want a clean exit", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func httpGet(url string) (int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// TestSlowHeadersAreCut: a client that sends its headers a byte at a time
// (a slowloris) is disconnected by the read-header timeout, and the server
// keeps answering others meanwhile.
func TestSlowHeadersAreCut(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, done := startServe(t, ctx, "-addr", "127.0.0.1:0")
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	fmt.Fprint(conn, "GET /healthz HTTP/1.1\r\nHost: x\r\n")
	closed := make(chan time.Duration, 1)
	go func() {
		buf := make([]byte, 1)
		for {
			if _, err := conn.Write([]byte("X")); err != nil {
				closed <- time.Since(start)
				return
			}
			conn.SetReadDeadline(time.Now().Add(500 * time.Millisecond))
			if _, err := conn.Read(buf); err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
				closed <- time.Since(start)
				return
			}
		}
	}()
	if code, err := httpGet("http://" + addr + "/healthz"); err != nil || code != 200 {
		t.Errorf("/healthz while a slow client holds a connection = %d, %v", code, err)
	}
	select {
	case d := <-closed:
		if d < 4*time.Second {
			t.Errorf("the slow client was cut after %v; want the 5 s read-header timeout", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the slow client was never disconnected")
	}
	cancel()
	<-done
}

func TestPprofFlag(t *testing.T) {
	if err := run(context.Background(), []string{"serve", "-addr", "127.0.0.1:0", "-pprof", "0.0.0.0:6060"}, io.Discard, io.Discard); err == nil || exitCode(err) != 2 {
		t.Errorf("serve -pprof 0.0.0.0:6060 = %v; want a usage error (loopback only)", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &testserver.Buffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-addr", "127.0.0.1:0", "-pprof", "127.0.0.1:0"}, io.Discard, logs)
	}()
	re := regexp.MustCompile(`"msg":"pprof","addr":"([^"]+)"`)
	var addr string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && addr == ""; time.Sleep(20 * time.Millisecond) {
		if m := re.FindStringSubmatch(logs.String()); m != nil {
			addr = m[1]
		}
	}
	if code, err := httpGet("http://" + addr + "/debug/pprof/"); err != nil || code != 200 {
		t.Errorf("GET pprof index = %d, %v; want 200", code, err)
	}
	cancel()
	<-done
}
