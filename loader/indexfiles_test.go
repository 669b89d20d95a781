//go:build unix

package loader

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// withinSeconds runs f and fails the test if it has not returned within
// five seconds; a named pipe that f waits on is then given a writer, so
// that f returns and the test ends.
func withinSeconds(t *testing.T, fifo string, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(5 * time.Second):
		t.Errorf("still waiting after 5s on the named pipe %s", fifo)
		if w, err := os.OpenFile(fifo, os.O_RDWR, 0); err == nil {
			w.Close()
		}
		return <-done
	}
}

// A named pipe in place of an index's file is refused at once: opening it
// for reading would wait for a writer, and no signal ends that wait.
func TestOpenIndexRefusesNamedPipes(t *testing.T) {
	good := filepath.Join(t.TempDir(), "good")
	writeIndex(t, smallCorpus(t, nil), good)
	segments, _ := filepath.Glob(filepath.Join(good, "bleve", "store", "*.zap"))
	if len(segments) == 0 {
		t.Fatal("no segment in the index")
	}
	for _, name := range []string{"catalog.json", "bleve/index_meta.json", "bleve/store/root.bolt",
		"bleve/store/" + filepath.Base(segments[0])} {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			if err := os.CopyFS(dir, os.DirFS(good)); err != nil {
				t.Fatal(err)
			}
			fifo := filepath.Join(dir, name)
			os.Remove(fifo)
			if err := syscall.Mkfifo(fifo, 0o644); err != nil {
				t.Skip("no named pipes here:", err)
			}
			err := withinSeconds(t, fifo, func() error {
				_, ix, err := OpenIndex(dir)
				if err == nil {
					ix.Close()
				}
				return err
			})
			if err == nil || !strings.Contains(err.Error(), "a named pipe, not a regular file") {
				t.Errorf("OpenIndex with %s a named pipe = %v; want a refusal naming the pipe", name, err)
			}
		})
	}
}

// A named pipe in place of the marker is no proof that a directory is an
// index: the build is refused at once, and nothing is replaced.
func TestWriteIndexMarkerNamedPipe(t *testing.T) {
	out := filepath.Join(t.TempDir(), "index")
	os.Mkdir(out, 0o755)
	fifo := filepath.Join(out, markerFile)
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	err := withinSeconds(t, fifo, func() error {
		_, err := WriteIndex(context.Background(), smallCorpus(t, nil), out)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "is not a pactgraph index") {
		t.Errorf("WriteIndex over a marker that is a named pipe = %v; want a refusal", err)
	}
	if info, err := os.Lstat(fifo); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the named pipe was replaced: %v, %v", info, err)
	}
}
