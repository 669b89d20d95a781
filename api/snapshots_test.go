package api

import (
	"context"
	"testing"
	"testing/fstest"

	"pactgraph/graph"
	"pactgraph/loader"
)

// tinyState is a one-document corpus, indexed in memory.
func tinyState(t *testing.T) *graph.State {
	t.Helper()
	fsys := fstest.MapFS{"note.md": {Data: []byte("# Note\n\nA treaty.\n")}}
	cat, ix, _, err := loader.Build(context.Background(), []loader.Corpus{{Name: "tiny", FS: fsys}}, "")
	if err != nil {
		t.Fatal(err)
	}
	return &graph.State{Catalog: cat, Index: ix} // the Snapshots close it
}

func open(st *graph.State) bool {
	_, err := st.Index.Count()
	return err == nil
}

// A State that a reload replaced closes when its last request ends, not
// before; one with no request on it closes at once; Close retires the one
// served.
func TestSnapshotsCountRequests(t *testing.T) {
	first, second, third := tinyState(t), tinyState(t), tinyState(t)
	s := NewSnapshots(nil)
	if s.acquire() != nil {
		t.Fatal("acquire before any publish gave a State; want nil (loading)")
	}
	s.Publish(first)
	a, b := s.acquire(), s.acquire()
	if a != first || b != first {
		t.Fatalf("acquire = %p, %p; want the State published, %p", a, b, first)
	}
	s.Publish(second)
	if s.Current() != second || !open(first) {
		t.Fatalf("after a publish: current %p (want %p), first open %v (want true: two requests on it)", s.Current(), second, open(first))
	}
	s.release(a)
	if !open(first) {
		t.Fatal("the replaced State closed with a request still on it")
	}
	s.release(b)
	if open(first) {
		t.Fatal("the replaced State is still open after its last request ended")
	}
	s.Publish(third)
	if open(second) {
		t.Error("a replaced State with no request on it is still open")
	}
	c := s.acquire()
	s.Close()
	if s.Current() != nil || !open(third) {
		t.Errorf("after Close: current %p (want nil), the State open %v (want true until its request ends)", s.Current(), open(third))
	}
	s.release(c)
	if open(third) {
		t.Error("the last State is still open after Close and its last request")
	}
}
