package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// logBuffer collects a process's output while it runs.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// proc is a pactgraph process, its log collected and its memory sampled.
type proc struct {
	cmd   *exec.Cmd
	log   *logBuffer
	done  chan struct{}
	start time.Time
	mu    sync.Mutex
	peak  int // the highest VmRSS sampled, in KiB
}

func startProc(bin string, args ...string) *proc {
	p := &proc{cmd: exec.Command(bin, args...), log: &logBuffer{}, done: make(chan struct{}), start: time.Now()}
	p.cmd.Stdout, p.cmd.Stderr = p.log, p.log
	if err := p.cmd.Start(); err != nil {
		fatalf("start %s: %v", bin, err)
	}
	go func() { p.cmd.Wait(); close(p.done) }()
	go p.sample()
	return p
}

// sample reads VmRSS every 20 ms, and kills the process past memLimit so
// that a runaway load cannot take the shared machine down.
func (p *proc) sample() {
	for {
		select {
		case <-p.done:
			return
		case <-time.After(20 * time.Millisecond):
		}
		rss := p.status("VmRSS")
		p.mu.Lock()
		p.peak = max(p.peak, rss)
		p.mu.Unlock()
		if rss > memLimitKiB {
			p.log.Write([]byte("measure: killed past the memory limit\n"))
			p.cmd.Process.Kill()
		}
	}
}

const memLimitKiB = 4 << 20 // 4 GiB

// status reads a line of /proc/PID/status, in KiB (0 once it has ended).
func (p *proc) status(key string) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, key+":"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return n
		}
	}
	return 0
}

// rssMB is the current resident memory, peakMB the highest seen (from the
// samples and, once ended, the kernel's count).
func (p *proc) rssMB() float64 { return float64(p.status("VmRSS")) / 1024 }

func (p *proc) peakMB() float64 {
	p.mu.Lock()
	peak := max(p.peak, p.status("VmHWM"))
	p.mu.Unlock()
	if st := p.cmd.ProcessState; st != nil {
		if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
			peak = max(peak, int(ru.Maxrss))
		}
	}
	return float64(peak) / 1024
}

func (p *proc) ended() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// waitLog waits until the log matches re, the process ends, or d passes.
func (p *proc) waitLog(re *regexp.Regexp, d time.Duration) bool {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if re.MatchString(p.log.String()) {
			return true
		}
		if p.ended() {
			return re.MatchString(p.log.String())
		}
	}
	return false
}

var (
	listeningRe = regexp.MustCompile(`"msg":"listening","addr":"([^"]+)"`)
	readyRe     = regexp.MustCompile(`"msg":"ready"`)
)

func (p *proc) addr() string {
	if !p.waitLog(listeningRe, 10*time.Second) {
		fatalf("no listening line:\n%s", p.log)
	}
	return listeningRe.FindStringSubmatch(p.log.String())[1]
}

// stop sends sig and waits at most d; a process still running is killed.
// It says how the process ended.
func (p *proc) stop(sig syscall.Signal, d time.Duration) string {
	start := time.Now()
	p.cmd.Process.Signal(sig)
	select {
	case <-p.done:
		return fmt.Sprintf("ended in %s (status %d)", time.Since(start).Round(time.Millisecond), p.cmd.ProcessState.ExitCode())
	case <-time.After(d):
		p.cmd.Process.Kill()
		<-p.done
		return fmt.Sprintf("still running %s later: killed", d)
	}
}

// kill ends the process, whatever it does.
func (p *proc) kill() {
	p.cmd.Process.Kill()
	<-p.done
}

// answer is one HTTP exchange's outcome.
type answer struct {
	status int
	bytes  int
	took   time.Duration
	errors bool // a GraphQL answer with errors
	body   string
	err    error
}

var client = &http.Client{Timeout: 60 * time.Second}

// graphql posts a query with its variables.
func graphql(addr, query string, vars map[string]any) answer {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	start := time.Now()
	resp, err := client.Post("http://"+addr+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		return answer{took: time.Since(start), err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, bytes: len(b), took: time.Since(start), err: err,
		errors: bytes.Contains(b, []byte(`"errors":[`)), body: string(b[:min(len(b), 200)])}
}

func (a answer) String() string {
	if a.err != nil {
		return fmt.Sprintf("failed after %s (%v)", a.took.Round(time.Millisecond), a.err)
	}
	s := fmt.Sprintf("%d, %s, %s", a.status, size(a.bytes), a.took.Round(time.Millisecond))
	if a.errors {
		s += ", errors"
	}
	return s
}

func size(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "measure: "+format+"\n", args...)
	os.Exit(1)
}
