package main

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// asCommand, set in a child's environment, makes the test binary run the
// command line instead of the tests: a test can then start pactgraph as a
// process (crash_test.go) without building it.
const asCommand = "PACTGRAPH_TEST_AS_COMMAND"

// fixtures is the directory of what the package's tests build once and
// share (see prebuilt); TestMain removes it.
var fixtures struct {
	once sync.Once
	dir  string
	err  error
}

func TestMain(m *testing.M) {
	if os.Getenv(asCommand) == "1" {
		main()
		return
	}
	code := m.Run()
	if fixtures.dir != "" {
		os.RemoveAll(fixtures.dir)
	}
	os.Exit(code)
}

// fixtureDir is the shared fixtures' directory, made on first use.
func fixtureDir(t *testing.T) string {
	t.Helper()
	fixtures.once.Do(func() { fixtures.dir, fixtures.err = os.MkdirTemp("", "pactgraph-test-") })
	if fixtures.err != nil {
		t.Fatal(fixtures.err)
	}
	return fixtures.dir
}

var prebuiltOnce struct {
	sync.Once
	dir, stderr string
	code        int
}

// prebuilt is the embedded corpus's index, built by the index command once
// per test binary, so that the commands of the tests open it instead of
// building their own. A test must not change it.
func prebuilt(t *testing.T) string {
	t.Helper()
	p := &prebuiltOnce
	p.Do(func() {
		p.dir = filepath.Join(fixtureDir(t), "index")
		_, p.stderr, p.code = cli(t, "index", "-index", p.dir)
	})
	if p.code != 0 {
		t.Fatalf("index: exit %d: %s", p.code, p.stderr)
	}
	return p.dir
}

// prebuiltCopy is a copy of prebuilt's index of the test's own, for a
// test that changes or breaks it.
func prebuiltCopy(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	if err := os.CopyFS(dir, os.DirFS(prebuilt(t))); err != nil {
		t.Fatalf("copying the prebuilt index: %v", err)
	}
	return dir
}

// selfCommand is the path of a pactgraph to start as a process: the test
// binary itself, which runs the command line when asCommand is set in its
// environment (commandEnv).
func selfCommand(t *testing.T) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return exe
}

// commandEnv is the environment of a process started from selfCommand.
func commandEnv() []string { return append(os.Environ(), asCommand+"=1") }
