package graph

import (
	"net/http/httptest"
	"testing"
)

// A spool keeps bytes within its budget and writes through, in order, once
// the budget is spent; its bytes go back to the budget when sent.
func TestSpoolBudget(t *testing.T) {
	b := &budget{left: 10}
	rec := httptest.NewRecorder()
	s := newSpool(rec, b)
	s.Write([]byte("12345"))
	if rec.Body.Len() != 0 || b.left != 5 {
		t.Fatalf("after 5 bytes the client has %q and the budget %d; want nothing sent, 5 left", rec.Body, b.left)
	}
	s.Write([]byte("6789abcdef"))
	if rec.Body.String() != "123456789abcdef" || !s.direct || b.left != 10 {
		t.Errorf("over budget the client has %q (direct %v, budget %d); want every byte in order, written through, 10 left",
			rec.Body, s.direct, b.left)
	}
	other := newSpool(httptest.NewRecorder(), b)
	other.Write([]byte("xyz"))
	other.release()
	if b.left != 10 {
		t.Errorf("a released spool left the budget at %d; want 10", b.left)
	}
}
