package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestExamples runs the examples for notebooks and frontends (examples/)
// against a real server: the stdlib Python client and its example, the
// notebook's code cells in order (with pandas), and the same queries through
// graphql-request, @urql/core and @apollo/client. A missing interpreter or
// package skips its part, unless PACTGRAPH_EXAMPLES=require (as in CI),
// which makes it a failure.
func TestExamples(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	addr, done := startServe(t, ctx, "-addr", "127.0.0.1:0")
	t.Cleanup(func() { // after the parallel parts below
		cancel()
		<-done
	})
	url := "http://" + addr

	t.Run("python", func(t *testing.T) {
		t.Parallel()
		python, err := exec.LookPath("python3")
		if err != nil {
			missing(t, "python3 is not installed")
		}
		// -S leaves site-packages out: the example needs the standard
		// library only.
		out := runExample(t, python, "-S", filepath.Join("examples", "python", "example.py"), url)
		for _, want := range []string{
			`Search "Iran nuclear deal": `,
			"1. agreement:jcpoa (Agreement, relevance 1.00) Joint Comprehensive Plan of Action",
			"name: [Joint] [Comprehensive] [Plan] of [Action]",
			"Agreements of the United States and Japan",
			"1960-01-19              Treaty of Mutual Cooperation and Security between  USA: DEFENSE/NONAGGRESSION/CONSULTATION, JPN: NONAGGRESSION/CONSULTATION",
			"A refused search: code SEARCH_TOO_EXPENSIVE: ",
			"Exports for pandas: " + url + "/export/agreements.csv?party=USA&party=JPN",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("example.py output lacks %q:\n%s", want, out)
			}
		}
	})

	t.Run("notebook", func(t *testing.T) {
		t.Parallel()
		nb := filepath.Join("examples", "python", "notebook.ipynb")
		code := notebookCode(t, nb)
		for _, want := range []string{"json_normalize", `read_csv(f"{URL}/export/agreements.csv")`, `export_url("search"`} {
			if !strings.Contains(code, want) {
				t.Errorf("the notebook does not use %s", want)
			}
		}
		python := pythonWithPandas()
		if python == "" {
			missing(t, "no python3 with pandas (apt-get install python3-pandas)")
		}
		out := runExample(t, python, filepath.Join("examples", "python", "run_notebook.py"), nb, url)
		cells := strings.Count(code, "\x00") + 1
		if m := regexp.MustCompile(`--- (\d+) code cells ran\n$`).FindStringSubmatch(out); m == nil || m[1] != strconv.Itoa(cells) {
			t.Errorf("the notebook did not run its %d code cells:\n%s", cells, out)
		}
	})

	t.Run("r", func(t *testing.T) { t.Parallel(); testRExamples(t, addr) })

	t.Run("js", func(t *testing.T) {
		t.Parallel()
		node, err := exec.LookPath("node")
		if err != nil {
			missing(t, "node is not installed")
		}
		for _, pkg := range []string{"graphql-request", "@urql/core", "@apollo/client", "graphql"} {
			if _, err := os.Stat(filepath.Join("examples", "js", "node_modules", pkg, "package.json")); err != nil {
				missing(t, "examples/js/node_modules lacks "+pkg+": run `npm ci --prefix examples/js`")
			}
		}
		out := runExample(t, node, filepath.Join("examples", "js", "example.mjs"), url)
		for _, want := range []string{
			jcpoaFirstHit,
			`node(id: "agreement:jcpoa"): Joint Comprehensive Plan of Action (MULTILATERAL, signed 2015-07-14)`,
			`Cursor pages of "security": `,
			"A refused search: SEARCH_TOO_EXPENSIVE",
			"The clients agree: graphql-request, @urql/core, @apollo/client",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("example.mjs output lacks %q:\n%s", want, out)
			}
		}
	})
}

// missing skips a part whose tools are not installed, or fails it when CI
// requires every example to run.
func missing(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("PACTGRAPH_EXAMPLES") == "require" {
		t.Fatalf("%s (PACTGRAPH_EXAMPLES=require)", why)
	}
	t.Skipf("%s; set PACTGRAPH_EXAMPLES=require to make this a failure", why)
}

// runExample runs one example program and returns its output; a non-zero
// exit fails the test with the output.
func runExample(t *testing.T, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "PYTHONDONTWRITEBYTECODE=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// pythonWithPandas finds a Python that can import pandas: python3 on the
// PATH, then the system's (Debian's python3-pandas is for /usr/bin/python3).
func pythonWithPandas() string {
	for _, name := range []string{"python3", "/usr/bin/python3"} {
		path, err := exec.LookPath(name)
		if err != nil {
			continue
		}
		if exec.Command(path, "-c", "import pandas").Run() == nil {
			return path
		}
	}
	return ""
}

// notebookCode checks that the notebook is a clean nbformat 4 file (no
// outputs committed) and returns its code cells, joined by NUL.
func notebookCode(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		NBFormat int `json:"nbformat"`
		Cells    []struct {
			CellType       string          `json:"cell_type"`
			Source         []string        `json:"source"`
			Outputs        []any           `json:"outputs"`
			ExecutionCount json.RawMessage `json:"execution_count"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(data, &nb); err != nil || nb.NBFormat != 4 {
		t.Fatalf("%s is not an nbformat 4 notebook: %v", path, err)
	}
	var code []string
	for i, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		if len(c.Outputs) > 0 || (len(c.ExecutionCount) > 0 && string(c.ExecutionCount) != "null") {
			t.Errorf("%s: cell %d was committed with its outputs; clear them", path, i+1)
		}
		code = append(code, strings.Join(c.Source, ""))
	}
	return strings.Join(code, "\x00")
}
