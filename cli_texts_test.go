package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// A passage of an agreement's text says which article of which agreement
// it is, and the search command's filters select by them.
func TestSearchCommandShowsTextOf(t *testing.T) {
	var out, errs bytes.Buffer
	args := []string{"-corpus", "graph/testdata/researcher", "-types", "PASSAGE", "-text-of", "north-atlantic-treaty", "-article", "V", "armed", "attack"}
	t.Setenv("NO_COLOR", "1")
	if err := searchCommand(context.Background(), args, &out, &errs); err != nil {
		t.Fatalf("search: %v\n%s", err, errs.String())
	}
	got := out.String()
	if !strings.Contains(got, "Article 5 of North Atlantic Treaty") || strings.Contains(got, "Article 6 of") {
		t.Errorf("search -text-of north-atlantic-treaty -article V =\n%s\nwant only Article 5's passages, labelled", got)
	}
}
