package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// jcpoaFirstHit is the first hit of "Iran nuclear deal" as every example
// prints it: Python, JavaScript and R.
const jcpoaFirstHit = "1. agreement:jcpoa (Agreement, relevance 1.00) Joint Comprehensive Plan of Action"

// testRExamples runs the R scripts (examples/r) against the server at url
// and fails on any disagreement with the Python example's output and with
// the API's own answer.
func testRExamples(t *testing.T, addr string) {
	url := "http://" + addr
	rscript, err := exec.LookPath("Rscript")
	if err != nil {
		missing(t, "Rscript is not installed (apt-get install r-base-core r-cran-httr2 r-cran-jsonlite)")
	}
	if out, err := exec.Command(rscript, "-e", "library(httr2); library(jsonlite)").CombinedOutput(); err != nil {
		missing(t, "R lacks httr2 or jsonlite (apt-get install r-cran-httr2 r-cran-jsonlite): "+string(out))
	}
	python, err := exec.LookPath("python3")
	if err != nil {
		missing(t, "python3 is not installed: the R examples are checked against the Python example")
	}
	agreementsOut := runExample(t, rscript, filepath.Join("examples", "r", "agreements.R"), url)
	searchOut := runExample(t, rscript, filepath.Join("examples", "r", "search_export.R"), url)
	pyOut := runExample(t, python, "-S", filepath.Join("examples", "python", "example.py"), url)

	// The United States–Japan table: the same lines as Python's.
	if r, py := usJapanTable(agreementsOut), usJapanTable(pyOut); r == "" || r != py {
		t.Errorf("agreements.R's United States–Japan table differs from example.py's:\nR:\n%s\nPython:\n%s", r, py)
	}
	// The ranked hits of the search export: the same lines as the ones
	// Python prints from GraphQL, and the first one as JavaScript's.
	if r, py := rankedLines(searchOut), rankedLines(pyOut); len(r) != 5 || strings.Join(r, "\n") != strings.Join(py, "\n") {
		t.Errorf("search_export.R's hits differ from example.py's:\nR:\n%s\nPython:\n%s", strings.Join(r, "\n"), strings.Join(py, "\n"))
	} else if r[0] != jcpoaFirstHit {
		t.Errorf("search_export.R's first hit = %q; want %q", r[0], jcpoaFirstHit)
	}
	// The time filter: the ids the API gives for the same filter, in order.
	_, body := post(addr, `{ agreements(filter: {signedFrom: "1947-03-12", signedTo: "1991-12-26"}, first: 100) { totalCount edges { node { id } } } }`)
	var resp struct {
		Data struct {
			Agreements struct {
				TotalCount int
				Edges      []struct{ Node struct{ ID string } }
			}
		}
	}
	if err := json.Unmarshal([]byte(body), &resp); err != nil || resp.Data.Agreements.TotalCount == 0 {
		t.Fatalf("agreements in the Cold War: %v %s", err, body)
	}
	var ids []string
	for _, e := range resp.Data.Agreements.Edges {
		ids = append(ids, e.Node.ID)
	}
	if m := regexp.MustCompile(`(?m)^ids: (.*)$`).FindStringSubmatch(agreementsOut); m == nil || m[1] != strings.Join(ids, " ") {
		t.Errorf("agreements.R's Cold War ids differ from the API's %q:\n%s", ids, agreementsOut)
	}
}

// usJapanTable is the table an example prints under "Agreements of the
// United States and Japan", up to the blank line after it.
func usJapanTable(out string) string {
	_, table, ok := strings.Cut(out, "Agreements of the United States and Japan\n")
	if !ok {
		return ""
	}
	table, _, _ = strings.Cut(table, "\n\n")
	return table
}

var rankedLine = regexp.MustCompile(`(?m)^\d+\. \S+ \(\w+, relevance \d\.\d\d\) .*$`)

// rankedLines are the "N. id (Type, relevance R) title" lines of an
// example's first search.
func rankedLines(out string) []string {
	return rankedLine.FindAllString(out, -1)
}
