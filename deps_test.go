package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependencyDirection holds the house's layout: corpus uses the
// standard library only, search knows nothing of corpus files or GraphQL,
// and graph never imports the loader.
func TestDependencyDirection(t *testing.T) {
	for _, tc := range []struct {
		pkg       string
		forbidden []string
		stdOnly   bool
	}{
		{pkg: "pactgraph/corpus", stdOnly: true},
		{pkg: "pactgraph/search", forbidden: []string{"pactgraph/corpus", "pactgraph/loader", "pactgraph/graph", "github.com/99designs/gqlgen"}},
		{pkg: "pactgraph/loader", forbidden: []string{"pactgraph/graph", "github.com/99designs/gqlgen"}},
		{pkg: "pactgraph/graph", forbidden: []string{"pactgraph/loader", "pactgraph/web"}},
		{pkg: "pactgraph/web", forbidden: []string{"pactgraph/corpus", "pactgraph/loader", "pactgraph/graph", "pactgraph/search"}},
	} {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", tc.pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", tc.pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			if dep == tc.pkg {
				continue
			}
			if tc.stdOnly {
				t.Errorf("%s imports %s; it may use the standard library only", tc.pkg, dep)
			}
			for _, f := range tc.forbidden {
				if dep == f || strings.HasPrefix(dep, f+"/") {
					t.Errorf("%s imports %s", tc.pkg, dep)
				}
			}
		}
	}
}
