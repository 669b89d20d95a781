package loader

import (
	"context"
	"testing"
)

func TestZZDump(t *testing.T) {
	l, err := Load(context.Background(), []Corpus{Builtin()})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range l.Catalog.Documents {
		t.Logf("DOC %+v", *d)
	}
	for _, d := range l.Docs {
		if d.Type != "PASSAGE" {
			continue
		}
		b := d.Body
		if len(b) > 80 {
			b = b[:80]
		}
		t.Logf("%s pos=%d H=%q path=%q A=%v O=%v C=%v T=%v P=%v | %q", d.ID, d.Position, d.Heading, d.HeadingPath, d.Agreements, d.Organizations, d.Countries, d.Trends, d.Topics, b)
	}
}
