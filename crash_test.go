package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"pactgraph/internal/testserver"
	"pactgraph/loader"
	"pactgraph/search"
)

// TestIndexSurvivesKill kills `pactgraph index` with SIGKILL at random
// points of a rebuild: every time, the previous index still opens and
// answers a canary query, and the next successful run removes what the
// killed ones left behind.
func TestIndexSurvivesKill(t *testing.T) {
	if testing.Short() {
		t.Skip("kills the index command several times")
	}
	work := t.TempDir()
	corpus := filepath.Join(work, "corpus")
	os.MkdirAll(corpus, 0o755)
	os.WriteFile(filepath.Join(corpus, "canary.md"), []byte("# Canary\n\nThe zanzibar canary clause of the treaty.\n"), 0o644)
	out := filepath.Join(work, "index")
	bin := selfCommand(t) // the test binary runs as pactgraph: nothing to build
	run := func() *exec.Cmd {
		cmd := exec.Command(bin, "index", "-builtin=false", "-corpus", corpus, "-index", out)
		cmd.Env = commandEnv()
		return cmd
	}
	if b, err := run().CombinedOutput(); err != nil {
		t.Fatalf("first index: %v\n%s", err, b)
	}
	// A bigger corpus makes the rebuilds slow enough to be killed midway.
	reports, err := filepath.Glob(filepath.Join(crashReports(t), "*.md"))
	if err != nil || len(reports) == 0 {
		t.Fatalf("the reports of the crash corpus: %v, %v", reports, err)
	}
	for _, r := range reports {
		b, err := os.ReadFile(r)
		if err == nil {
			err = os.WriteFile(filepath.Join(corpus, filepath.Base(r)), b, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	canary := func() {
		t.Helper()
		cat, ix, err := loader.OpenIndex(out)
		if err != nil {
			t.Fatalf("the previous index does not open after a kill: %v", err)
		}
		defer ix.Close()
		res, err := ix.Search(context.Background(), search.Query{Text: "zanzibar canary", First: 1})
		if err != nil || res.Total == 0 || cat.Document("document:canary") == nil {
			t.Fatalf("canary query after a kill = %v, %v", res, err)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	killed := 0
	for i := 0; i < 5; i++ {
		cmd := run()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(20+rng.IntN(400)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		if err != nil {
			killed++
		}
		canary()
	}
	if killed == 0 {
		t.Fatal("no rebuild was killed midway; the corpus is too small for this test")
	}
	if b, err := run().CombinedOutput(); err != nil {
		t.Fatalf("index after the kills: %v\n%s", err, b)
	}
	canary()
	leftovers, _ := filepath.Glob(out + ".*")
	if len(leftovers) > 0 {
		t.Errorf("leftovers after a successful run: %v", leftovers)
	}
}

// crashReports is the directory of 40 generated reports of 60 paragraphs
// each, written once per test binary (a fixture shared by the tests that
// need a corpus slow to index).
func crashReports(t *testing.T) string {
	t.Helper()
	crashCorpus.Do(func() {
		dir := filepath.Join(fixtureDir(t), "crash-reports")
		if crashCorpus.err = os.MkdirAll(dir, 0o755); crashCorpus.err != nil {
			return
		}
		for i := 0; i < 40 && crashCorpus.err == nil; i++ {
			var b strings.Builder
			fmt.Fprintf(&b, "# Report %d\n\n", i)
			for p := 0; p < 60; p++ {
				fmt.Fprintf(&b, "Paragraph %d of report %d on alliance commitments, arms control verification and the consultation clauses of mutual defense treaties.\n\n", p, i)
			}
			crashCorpus.err = os.WriteFile(filepath.Join(dir, fmt.Sprintf("report-%02d.md", i)), []byte(b.String()), 0o644)
		}
		crashCorpus.dir = dir
	})
	if crashCorpus.err != nil {
		t.Fatal(crashCorpus.err)
	}
	return crashCorpus.dir
}

var crashCorpus struct {
	sync.Once
	dir string
	err error
}

// TestIndexMissingAtStart: a server pointed at an index that does not
// exist stays up, live but not ready, and says why.
func TestIndexMissingAtStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &testserver.Buffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "-addr", "127.0.0.1:0", "-index", filepath.Join(t.TempDir(), "missing")}, os.Stdout, logs)
	}()
	var addr string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := listening.FindStringSubmatch(logs.String()); m != nil && strings.Contains(logs.String(), "cannot open index") {
			addr = m[1]
			break
		}
	}
	if addr == "" {
		t.Fatalf("no listening or error log line:\n%s", logs)
	}
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 503} {
		resp, err := httpGet("http://" + addr + path)
		if err != nil || resp != want {
			t.Errorf("GET %s = %d, %v; want %d", path, resp, err, want)
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve = %v", err)
	}
}

// TestIndexDiskFull rebuilds an index on a file system that fills up
// midway: the build fails with an error, the previous index still answers,
// and no half-built directory is left. It needs root to mount a small tmpfs
// and is skipped elsewhere.
func TestIndexDiskFull(t *testing.T) {
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small tmpfs (%v: %s)", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	corpus := t.TempDir()
	os.WriteFile(filepath.Join(corpus, "canary.md"), []byte("# Canary\n\nThe zanzibar canary clause.\n"), 0o644)
	out := filepath.Join(dir, "index")
	corpora := []loader.Corpus{loader.Dir(corpus)}
	if _, err := loader.WriteIndex(context.Background(), corpora, out); err != nil {
		t.Fatalf("first build: %v", err)
	}
	// Enough text that the rebuild cannot fit in what is left.
	var b strings.Builder
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&b, "Paragraph %d: verification regime %x, consultation clause %x, basing rights %x.\n\n", i, i*7919, i*104729, i*1299709)
	}
	os.WriteFile(filepath.Join(corpus, "big.md"), []byte("# Big\n\n"+b.String()), 0o644)
	if _, err := loader.WriteIndex(context.Background(), corpora, out); err == nil {
		t.Fatal("a build on a full disk succeeded; want an error")
	}
	cat, ix, err := loader.OpenIndex(out)
	if err != nil {
		t.Fatalf("the previous index does not open after a full disk: %v", err)
	}
	defer ix.Close()
	res, err := ix.Search(context.Background(), search.Query{Text: "zanzibar", First: 1})
	if err != nil || res.Total != 1 || len(cat.Documents) != 1 {
		t.Fatalf("the previous index answers %v, %v with %d documents; want the canary alone", res, err, len(cat.Documents))
	}
	if left, _ := filepath.Glob(out + ".*"); len(left) > 0 {
		t.Errorf("a failed build left %v", left)
	}
}
