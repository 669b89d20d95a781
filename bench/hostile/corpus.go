package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

// Items 7 to 10: corpus files that hang, explode or vanish.

// corpusDir makes a fresh corpus directory under the scratch one.
func corpusDir(c config, name string) string {
	dir := filepath.Join(c.work, name)
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fatalf("%v", err)
	}
	os.WriteFile(filepath.Join(dir, "plain.md"), []byte("# Plain\n\nA plain document about the treaty.\n"), 0o644)
	return dir
}

// outcome waits up to d for serve to be ready or to end, and says which.
func outcome(p *proc, d time.Duration) string {
	start := time.Now()
	if p.waitLog(readyRe, d) {
		return fmt.Sprintf("ready after %s", time.Since(p.start).Round(time.Millisecond))
	}
	if p.ended() {
		return fmt.Sprintf("exited (status %d): %s", p.cmd.ProcessState.ExitCode(), lastLine(p.log.String()))
	}
	return fmt.Sprintf("not ready after %s", time.Since(start).Round(time.Second))
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	l := lines[len(lines)-1]
	if len(l) > 160 {
		l = l[:160] + "…"
	}
	return l
}

// item7: a symlink to /dev/zero in a corpus.
func item7(c config) {
	dir := corpusDir(c, "zero")
	os.Symlink("/dev/zero", filepath.Join(dir, "zero.txt"))
	p := startProc(c.bin, "serve", "-addr", "127.0.0.1:0", "-corpus", dir)
	defer p.kill()
	report("7", "outcome", "%s", outcome(p, 20*time.Second))
	report("7", "peak RSS", "%.0f MB", p.peakMB())
	report("7", "notice", "%v", strings.Contains(p.log.String(), "zero.txt"))
}

// item8: a named pipe in a corpus at start, then added before a reload.
func item8(c config) {
	dir := corpusDir(c, "pipe")
	syscall.Mkfifo(filepath.Join(dir, "notes.txt"), 0o644)
	p := startProc(c.bin, "serve", "-addr", "127.0.0.1:0", "-corpus", dir)
	report("8", "start-up with a named pipe", "%s", outcome(p, 10*time.Second))
	report("8", "then SIGTERM", "%s", p.stop(syscall.SIGTERM, 5*time.Second))
	p = startProc(c.bin, "index", "-corpus", dir, "-index", filepath.Join(c.work, "pipe-index"))
	time.Sleep(3 * time.Second)
	report("8", "pactgraph index, SIGTERM 3 s in", "%s: %s", p.stop(syscall.SIGTERM, 5*time.Second), lastLine(p.log.String()))

	dir = corpusDir(c, "pipe-later")
	p = startProc(c.bin, "serve", "-addr", "127.0.0.1:0", "-corpus", dir)
	defer p.kill()
	addr := p.addr()
	p.waitLog(readyRe, 30*time.Second)
	syscall.Mkfifo(filepath.Join(dir, "notes.txt"), 0o644)
	p.cmd.Process.Signal(syscall.SIGHUP)
	twice := regexp.MustCompile(`(?s)"msg":"ready".*"msg":"ready"`)
	start := time.Now()
	if p.waitLog(twice, 10*time.Second) {
		report("8", "SIGHUP with a named pipe added", "reloaded in %s", time.Since(start).Round(time.Millisecond))
	} else {
		report("8", "SIGHUP with a named pipe added", "no reload after 10 s")
	}
	status, body := readyz(addr)
	report("8", "/readyz meanwhile", "%d %q", status, body)
	report("8", "then SIGTERM", "%s", p.stop(syscall.SIGTERM, 15*time.Second))
}

func readyz(addr string) (int, string) {
	resp, err := client.Get("http://" + addr + "/readyz")
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return resp.StatusCode, strings.TrimSpace(b.String())
}

const canarySearch = `{ search(query: "zanzibarcanary", first: 1) { totalCount } }`

// item9: a text file whose second paragraph is one line that grows past
// 16 MiB once its invalid bytes are replaced; a canary paragraph follows.
func item9(c config) {
	dir := corpusDir(c, "longline")
	var b bytes.Buffer
	b.WriteString("Long\n\nThe opening paragraph.\n\n")
	b.Write(bytes.Repeat([]byte("\xffa"), 6<<20)) // 12 MiB; 24 MiB once each 0xff is U+FFFD
	b.WriteString("\n\nAfter the long line: the zanzibarcanary clause.\n")
	os.WriteFile(filepath.Join(dir, "long.txt"), b.Bytes(), 0o644)
	p := startProc(c.bin, "serve", "-addr", "127.0.0.1:0", "-corpus", dir)
	defer p.kill()
	addr := p.addr()
	report("9", "outcome", "%s", outcome(p, 60*time.Second))
	a := graphql(addr, canarySearch, nil)
	report("9", "the paragraph after the line found", "%v (%s)", strings.Contains(a.body, `"totalCount":1`), a.body)
	report("9", "a notice naming long.txt", "%v", regexp.MustCompile(`"level":"WARN".*long\.txt`).MatchString(p.log.String()))
	report("9", "peak RSS", "%.0f MB", p.peakMB())
}

// item10: 16 MiB of words as one paragraph, then the same bytes in
// paragraphs, each indexed with the embedded corpus.
func item10(c config) {
	text := words(16<<20 - 4096)
	for _, form := range []string{"one paragraph", "paragraphs"} {
		dir := corpusDir(c, "split")
		data := text
		if form == "paragraphs" {
			data = paragraphs(text)
		}
		os.WriteFile(filepath.Join(dir, "big.txt"), data, 0o644)
		out := filepath.Join(c.work, "split-index")
		os.RemoveAll(out)
		cmd := exec.Command(c.bin, "index", "-corpus", dir, "-index", out)
		start := time.Now()
		msg, err := cmd.CombinedOutput()
		took := time.Since(start).Round(100 * time.Millisecond)
		ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		report("10", "index, 16 MiB "+form, "%s (CPU %s), peak RSS %.0f MB, %v: %s", took, cpu.Round(100*time.Millisecond),
			float64(ru.Maxrss)/1024, err, lastLine(string(msg)))
	}
}

// words is n bytes of sentences of made-up words, each sentence ended by
// ".  " (two spaces, so that paragraphs can take the same bytes).
func words(n int) []byte {
	vocab := strings.Fields("alliance treaty verification consultation basing rights defense pact signatory ratified clause protocol mutual assistance obligation party")
	var b bytes.Buffer
	for i := 0; b.Len() < n; i++ {
		b.WriteString(vocab[(i*7+i/13)%len(vocab)])
		if i%17 == 16 {
			b.WriteString(".  ")
		} else {
			b.WriteByte(' ')
		}
	}
	return b.Bytes()[:n]
}

// paragraphs makes the same bytes paragraphs of about 600 bytes: a
// sentence's ".  " becomes ".\n\n" (a blank line).
func paragraphs(text []byte) []byte {
	out := bytes.Clone(text)
	last := 0
	for i := 0; i+2 < len(out); i++ {
		if out[i] == '.' && out[i+1] == ' ' && out[i+2] == ' ' && i-last > 600 {
			out[i+1], out[i+2] = '\n', '\n'
			last = i
		}
	}
	return out
}
