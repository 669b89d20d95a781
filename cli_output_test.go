package main

import (
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// export -o writes through what it must not replace (a symlink's target, a
// named pipe, a device), keeps a private file private, and refuses what it
// cannot write (issue 15, item 2).
func TestExportOutputTargets(t *testing.T) {
	index := prebuilt(t)
	dir := t.TempDir()
	export := func(out string) (string, int) {
		t.Helper()
		_, stderr, code := cli(t, "export", "-index", index, "-limit", "2", "-o", out, "agreements")
		return stderr, code
	}

	t.Run("symlink", func(t *testing.T) {
		target := filepath.Join(dir, "target.csv")
		os.WriteFile(target, []byte("old"), 0o640)
		link := filepath.Join(dir, "link.csv")
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
		if stderr, code := export(link); code != 0 {
			t.Fatalf("export -o symlink: exit %d %s", code, stderr)
		}
		if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
			t.Errorf("export -o %s replaced the symlink: %v, %v", link, info, err)
		}
		got, _ := os.ReadFile(target)
		info, _ := os.Stat(target)
		if !strings.HasPrefix(string(got), "id,") || info.Mode().Perm() != 0o640 {
			t.Errorf("the link's target holds %.20q with mode %v; want the export, mode 0640", got, info.Mode().Perm())
		}
	})
	t.Run("private file keeps its mode", func(t *testing.T) {
		private := filepath.Join(dir, "private.csv")
		os.WriteFile(private, []byte("old"), 0o600)
		if stderr, code := export(private); code != 0 {
			t.Fatalf("export -o private: exit %d %s", code, stderr)
		}
		if info, _ := os.Stat(private); info.Mode().Perm() != 0o600 {
			t.Errorf("export -o over a 0600 file left mode %v; want 0600", info.Mode().Perm())
		}
	})
	t.Run("hard link", func(t *testing.T) {
		file := filepath.Join(dir, "shared.csv")
		os.WriteFile(file, []byte(strings.Repeat("old content, longer than the export\n", 200)), 0o640)
		other := filepath.Join(dir, "other-name.csv")
		if err := os.Link(file, other); err != nil {
			t.Skip("no hard links here:", err)
		}
		before, _ := os.Stat(file)
		if stderr, code := export(file); code != 0 {
			t.Fatalf("export -o hard-linked file: exit %d %s", code, stderr)
		}
		got, _ := os.ReadFile(other)
		if !strings.HasPrefix(string(got), "id,") || strings.Contains(string(got), "old content") {
			t.Errorf("the other link holds %.40q...; want the export alone", got)
		}
		after, _ := os.Stat(file)
		if !os.SameFile(before, after) || after.Mode().Perm() != 0o640 || linkCount(after) != 2 {
			t.Errorf("export -o replaced the hard-linked file (same file %v, mode %v, links %d); want it written in place",
				os.SameFile(before, after), after.Mode().Perm(), linkCount(after))
		}
		if tmps, _ := filepath.Glob(filepath.Join(dir, ".shared.csv.tmp-*")); len(tmps) > 0 {
			t.Errorf("temporary files left: %v", tmps)
		}
	})
	t.Run("named pipe", func(t *testing.T) {
		fifo := filepath.Join(dir, "fifo")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Skip("no named pipes here:", err)
		}
		read := make(chan string)
		go func() {
			f, err := os.Open(fifo)
			if err != nil {
				read <- err.Error()
				return
			}
			b, _ := io.ReadAll(f)
			f.Close()
			read <- string(b)
		}()
		if stderr, code := export(fifo); code != 0 {
			t.Fatalf("export -o fifo: exit %d %s", code, stderr)
		}
		if got := <-read; !strings.HasPrefix(got, "id,") {
			t.Errorf("the pipe's reader got %.40q; want the export", got)
		}
		if info, err := os.Lstat(fifo); err != nil || info.Mode()&os.ModeNamedPipe == 0 {
			t.Errorf("export -o replaced the named pipe: %v, %v", info, err)
		}
	})
	t.Run("device", func(t *testing.T) {
		if stderr, code := export(os.DevNull); code != 0 {
			t.Fatalf("export -o %s: exit %d %s", os.DevNull, code, stderr)
		}
		if info, err := os.Stat(os.DevNull); err != nil || info.Mode()&os.ModeCharDevice == 0 {
			t.Fatalf("after export -o %s it is %v, %v; want the device", os.DevNull, info, err)
		}
	})
	t.Run("directory and socket refused", func(t *testing.T) {
		sock := filepath.Join(dir, "s.sock")
		ln, err := net.Listen("unix", sock)
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		for out, want := range map[string]string{dir: "is a directory", sock: "is a socket"} {
			stderr, code := export(out)
			if code == 0 || !strings.Contains(stderr, want) {
				t.Errorf("export -o %s: exit %d %q; want a refusal saying %q", out, code, stderr, want)
			}
		}
		if info, err := os.Lstat(sock); err != nil || info.Mode()&os.ModeSocket == 0 {
			t.Errorf("export -o replaced the socket: %v, %v", info, err)
		}
	})
}

// -corpus beside -index is refused, never silently ignored (issue 15).
func TestIndexWithCorpusRefused(t *testing.T) {
	index := prebuilt(t)
	for _, args := range [][]string{
		{"search", "-index", index, "-corpus", t.TempDir(), "nato"},
		{"search", "-index", index, "-builtin=false", "nato"},
		{"export", "-index", index, "-corpus", t.TempDir(), "agreements"},
		{"serve", "-index", index, "-corpus", t.TempDir(), "-addr", "127.0.0.1:0"},
	} {
		_, stderr, code := cli(t, args...)
		if code != 2 || !strings.Contains(stderr, "serves the corpus it was built from") {
			t.Errorf("%q: exit %d %q; want exit 2 saying -index serves its own corpus", args, code, stderr)
		}
	}
}
