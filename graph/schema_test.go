package graph_test

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
)

// TestCommittedSchema keeps schema.graphql at the repository root, the SDL
// that graphql-codegen and other clients read, equal to what the server
// serves at /schema.graphql. Run with -update after a schema change.
func TestCommittedSchema(t *testing.T) {
	srv := newServer(t)
	resp, err := http.Get(srv.URL + "/schema.graphql")
	if err != nil {
		t.Fatal(err)
	}
	served, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	path := filepath.Join("..", "schema.graphql")
	if *update {
		if err := os.WriteFile(path, served, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	committed, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no committed schema.graphql (run go test ./graph -run TestCommittedSchema -update): %v", err)
	}
	if string(committed) != string(served) {
		t.Errorf("schema.graphql differs from /schema.graphql:\n%s\nrun go test ./graph -run TestCommittedSchema -update", diff(string(committed), string(served)))
	}
}
