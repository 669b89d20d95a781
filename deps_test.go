package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencyDirection holds the doors of the house that must never
// exist, one row each (see docs/architecture.md). A row forbids a package
// (or any package below it) among the dependencies of pkg, direct or not;
// "pactgraph" forbids every package of ours, and stdOnly every package
// outside the standard library.
func TestDependencyDirection(t *testing.T) {
	doors := []struct {
		pkg       string
		forbidden []string
		stdOnly   bool
	}{
		{pkg: "pactgraph/corpus", stdOnly: true, forbidden: []string{"pactgraph"}},
		{pkg: "pactgraph/search", forbidden: []string{"pactgraph/corpus", "pactgraph/graph", "pactgraph/loader", "github.com/99designs/gqlgen"}},
		{pkg: "pactgraph/loader", forbidden: []string{"pactgraph/graph", "pactgraph/api", "pactgraph/export", "github.com/99designs/gqlgen"}},
		{pkg: "pactgraph/graph", forbidden: []string{"pactgraph/api", "pactgraph/export", "pactgraph/loader", "pactgraph/web",
			"github.com/prometheus/client_golang", "github.com/rs/cors", "go.opentelemetry.io/contrib/instrumentation/net/http"}},
		{pkg: "pactgraph/export", forbidden: []string{"pactgraph/api", "pactgraph/loader", "pactgraph/web"}},
		{pkg: "pactgraph/web", forbidden: []string{"pactgraph/corpus", "pactgraph/loader", "pactgraph/graph", "pactgraph/search", "pactgraph/api", "pactgraph/export"}},
	}
	deps := dependencies(t)
	for _, door := range doors {
		list, ok := deps[door.pkg]
		if !ok {
			t.Fatalf("go list does not list %s", door.pkg)
		}
		for _, dep := range list {
			if door.stdOnly && !standard(dep) {
				t.Errorf("%s imports %s; it may use the standard library only", door.pkg, dep)
			}
			for _, f := range door.forbidden {
				if dep == f || strings.HasPrefix(dep, f+"/") {
					t.Errorf("%s imports %s: that door must not exist", door.pkg, dep)
				}
			}
		}
	}
}

// dependencies lists every package of the module with its dependencies,
// direct or not, in one run of go list.
func dependencies(t *testing.T) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Deps " "}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		deps[fields[0]] = fields[1:]
	}
	return deps
}

// standard reports whether an import path is of the standard library: its
// first element has no dot, and it is not one of ours.
func standard(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".") && first != "pactgraph"
}

// TestGraphHasNoHTTP: graph is the GraphQL adapter only; the HTTP layer
// (package api) serves it. No file of graph imports net/http itself.
func TestGraphHasNoHTTP(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{join .Imports "\n"}}`, "pactgraph/graph").Output()
	if err != nil {
		t.Fatalf("go list pactgraph/graph: %v", err)
	}
	for _, imp := range strings.Fields(string(out)) {
		if imp == "net/http" || strings.HasPrefix(imp, "net/http/") {
			t.Errorf("pactgraph/graph imports %s; HTTP belongs to pactgraph/api", imp)
		}
	}
}
