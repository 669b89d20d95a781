package api_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGraphQLOverHTTPAudit runs the graphql-http audit suite (npm package
// graphql-http, installed from testdata/audit/package-lock.json by .ci/run)
// against the real handler: every MUST and SHOULD audit must pass.
func TestGraphQLOverHTTPAudit(t *testing.T) {
	dir := filepath.Join("testdata", "audit")
	node, err := exec.LookPath("node")
	_, modErr := os.Stat(filepath.Join(dir, "node_modules", "graphql-http"))
	if err != nil || modErr != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the audit needs node and `npm ci --prefix %s` (node: %v, modules: %v)", dir, err, modErr)
		}
		t.Skipf("node or graphql-http is missing; run `npm ci --prefix %s`", dir)
	}
	srv := newServer(t)
	out, err := exec.Command(node, filepath.Join(dir, "audit.mjs"), srv.URL+"/graphql").CombinedOutput()
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if !strings.HasPrefix(line, "ok ") {
			t.Log(line)
		}
	}
	if err != nil {
		t.Fatalf("graphql-http audit failed: %v", err)
	}
	if !strings.Contains(string(out), "0 required audits failed") {
		t.Fatalf("unexpected audit output:\n%s", out)
	}
}
