//go:build unix

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"pactgraph/internal/testserver"
)

// proc is pactgraph running as a process, its output collected.
type proc struct {
	cmd  *exec.Cmd
	out  *testserver.Buffer
	done chan struct{}
}

func startProc(t *testing.T, bin string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(bin, args...), out: &testserver.Buffer{}, done: make(chan struct{})}
	p.cmd.Env = commandEnv()
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
	})
	return p
}

// waitFor waits until the output holds want, or the process ends.
func (p *proc) waitFor(t *testing.T, want string) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if strings.Contains(p.out.String(), want) {
			return
		}
		select {
		case <-p.done:
			t.Fatalf("the process ended without saying %q:\n%s", want, p.out)
		default:
		}
	}
	t.Fatalf("no %q after 20s:\n%s", want, p.out)
}

// signalAndWait sends sig and returns the exit code once the process has
// ended, failing if that takes longer than within.
func (p *proc) signalAndWait(t *testing.T, sig syscall.Signal, within time.Duration) int {
	t.Helper()
	start := time.Now()
	p.cmd.Process.Signal(sig)
	select {
	case <-p.done:
	case <-time.After(within):
		t.Fatalf("still running %s after %v:\n%s", within, sig, p.out)
	}
	t.Logf("ended %v after %v", time.Since(start).Round(time.Millisecond), sig)
	return p.cmd.ProcessState.ExitCode()
}

func mkfifo(t *testing.T, name string) {
	t.Helper()
	if err := syscall.Mkfifo(name, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
}

// A signal during a start-up that does not end (a named pipe in the
// corpus or the index, a pipe no one reads) ends the process promptly,
// saying why, with the status its command gives a signal: 0 for serve,
// which stops cleanly, 1 for a command that could not finish.
func TestSignalDuringStuckStart(t *testing.T) {
	if testing.Short() {
		t.Skip("starts pactgraph and signals it")
	}
	bin := selfCommand(t) // the test binary runs as pactgraph: nothing to build
	t.Run("serve with a named pipe in the corpus", func(t *testing.T) { signalServeCorpus(t, bin) })
	t.Run("serve with a named pipe for the catalog", func(t *testing.T) {
		index := prebuiltCopy(t) // the test breaks it
		os.Remove(filepath.Join(index, "catalog.json"))
		mkfifo(t, filepath.Join(index, "catalog.json"))
		p := startProc(t, bin, "serve", "-addr", "127.0.0.1:0", "-index", index)
		p.waitFor(t, "a named pipe, not a regular file")
		if code := p.signalAndWait(t, syscall.SIGTERM, 5*time.Second); code != 0 ||
			!strings.Contains(p.out.String(), "stopping before the index was ready") {
			t.Errorf("serve stopped with status %d; want 0 and a word that it was not ready:\n%s", code, p.out)
		}
	})
	t.Run("search with a named pipe for the catalog", func(t *testing.T) {
		index := prebuiltCopy(t) // the test breaks it
		os.Remove(filepath.Join(index, "catalog.json"))
		mkfifo(t, filepath.Join(index, "catalog.json"))
		p := startProc(t, bin, "search", "-index", index, "nato")
		select {
		case <-p.done:
		case <-time.After(3 * time.Second):
			p.signalAndWait(t, syscall.SIGTERM, 5*time.Second)
		}
		if code := p.cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(p.out.String(), "catalog.json: a named pipe") {
			t.Errorf("search stopped with status %d; want 1 and the pipe named:\n%s", code, p.out)
		}
	})
	t.Run("export to a named pipe no one reads", func(t *testing.T) {
		index := prebuiltCopy(t) // the test breaks it
		fifo := filepath.Join(t.TempDir(), "out.csv")
		mkfifo(t, fifo)
		p := startProc(t, bin, "export", "-index", index, "-o", fifo, "agreements")
		time.Sleep(time.Second) // the index opens, then the open of the pipe waits for a reader
		if code := p.signalAndWait(t, syscall.SIGTERM, stopBound+3*time.Second); code != 1 ||
			!strings.Contains(p.out.String(), "pactgraph: interrupted") {
			t.Errorf("export stopped with status %d; want 1 and a word that it was interrupted:\n%s", code, p.out)
		}
	})
}

// signalServeCorpus: serve skips a named pipe in its corpus with a notice;
// SIGTERM during the load stops it at once; a reload with the pipe still
// there ends, and SIGTERM then stops it cleanly.
func signalServeCorpus(t *testing.T, bin string) {
	corpus := t.TempDir()
	mkfifo(t, filepath.Join(corpus, "notes.txt"))
	// Enough text that the load takes a while, for a signal to arrive
	// during it.
	for i := 0; i < 40; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "# Report %d\n\n", i)
		for p := 0; p < 200; p++ {
			fmt.Fprintf(&b, "Paragraph %d of report %d on alliance commitments, arms control verification and the consultation clauses of mutual defense treaties.\n\n", p, i)
		}
		os.WriteFile(filepath.Join(corpus, fmt.Sprintf("report-%02d.md", i)), []byte(b.String()), 0o644)
	}
	args := []string{"serve", "-addr", "127.0.0.1:0", "-corpus", corpus}

	p := startProc(t, bin, args...)
	p.waitFor(t, `"msg":"listening"`)
	code := p.signalAndWait(t, syscall.SIGTERM, 3*time.Second)
	if out := p.out.String(); code != 0 || strings.Contains(out, `"msg":"ready"`) || !strings.Contains(out, "stopping before the index was ready") {
		t.Errorf("SIGTERM during the load: status %d; want 0 and a word that it was not ready:\n%s", code, out)
	}

	p = startProc(t, bin, args...)
	p.waitFor(t, `"msg":"ready"`)
	if !strings.Contains(p.out.String(), "notes.txt: skipped: a named pipe") {
		t.Errorf("no notice naming the pipe:\n%s", p.out)
	}
	p.cmd.Process.Signal(syscall.SIGHUP)
	p.waitFor(t, `"msg":"reloading"`)
	for deadline := time.Now().Add(20 * time.Second); strings.Count(p.out.String(), `"msg":"ready"`) < 2; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the reload did not end:\n%s", p.out)
		}
	}
	if code := p.signalAndWait(t, syscall.SIGTERM, 3*time.Second); code != 0 || !strings.Contains(p.out.String(), `"msg":"stopped"`) {
		t.Errorf("SIGTERM after the reload: status %d; want 0 and stopped:\n%s", code, p.out)
	}
}
