package loader

import (
	"context"
	"testing"
)

func TestLoadBuiltin(t *testing.T) {
	l, err := Load(context.Background(), []Corpus{Builtin()})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("passages %d docs %d agreements %d", l.Passages, len(l.Docs), len(l.Catalog.Agreements))
}
