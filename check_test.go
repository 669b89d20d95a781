package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"pactgraph/corpus"
)

// TestCheckCommand runs `pactgraph check` as a researcher would: on a
// corpus of their own with facts that cannot be cited, on one whose facts
// all have a source of record, and on the embedded corpus.
func TestCheckCommand(t *testing.T) {
	writeCorpus := func(t *testing.T, entities string) string {
		t.Helper()
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, "entities"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "entities", "pacts.json"), []byte(entities), 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}

	t.Run("facts that cannot be cited", func(t *testing.T) {
		dir := writeCorpus(t, `{
  "agreements": [
    {"id": "cited-pact", "name": "Cited Pact", "kind": "BILATERAL", "summary": "A pact with its treaty-series record.",
     "sources": [{"url": "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY", "title": "UNTC"}]},
    {"id": "encyclopedic-pact", "name": "Encyclopedic Pact", "kind": "BILATERAL", "summary": "A pact known from an encyclopedia.",
     "sources": [{"url": "https://en.wikipedia.org/wiki/Encyclopedic_Pact", "title": "Wikipedia"}]},
    {"id": "mirrored-pact", "name": "Mirrored Pact", "kind": "BILATERAL", "summary": "A pact cited from a mirror beside its record.",
     "sources": [{"url": "https://wikimili.com/en/Mirrored_Pact", "title": "a mirror"},
                 {"url": "https://treaties.un.org/Pages/ViewDetails.aspx?src=IND", "title": "UNTC"}]},
    {"id": "unknown-pact", "name": "Unknown Pact", "kind": "BILATERAL", "summary": "A pact cited from a site nobody classified.",
     "sources": [{"url": "https://unknown.example.org/pact", "title": "somewhere"}]}
  ],
  "organizations": [
    {"id": "lone-org", "name": "Lone Organization", "summary": "An organization known from the press.",
     "sources": [{"url": "https://www.reuters.com/world/lone-org", "title": "Reuters"}]}
  ]
}
`)
		stdout, stderr, code := cli(t, "check", "-builtin=false", "-corpus", dir)
		file := filepath.Join(dir, "entities", "pacts.json")
		want := strings.Join([]string{
			file + `:5: agreement "encyclopedic-pact": no source of record (depositary, official, dataset or scholarly)`,
			file + `:7: agreement "mirrored-pact": weak source (mirror, scraper, content farm, blog, propaganda outlet or document dump) https://wikimili.com/en/Mirrored_Pact`,
			file + `:10: agreement "unknown-pact": source https://unknown.example.org/pact: its domain is not classified (add it to corpus/sourcekind.go)`,
			file + `:10: agreement "unknown-pact": no source of record (depositary, official, dataset or scholarly)`,
			file + `:14: organization "lone-org": no source of record (depositary, official, dataset or scholarly)`,
		}, "\n") + "\n"
		if code != 1 || stdout != want || stderr != "pactgraph: check: 5 facts or sources cannot be cited as they stand\n" {
			t.Errorf("exit %d, stderr %q, stdout:\n%s\nwant exit 1 and:\n%s", code, stderr, stdout, want)
		}
	})

	t.Run("every fact cited", func(t *testing.T) {
		dir := writeCorpus(t, `{"agreements": [
  {"id": "cited-pact", "name": "Cited Pact", "kind": "BILATERAL", "summary": "A pact with its treaty-series record.",
   "sources": [{"url": "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY", "title": "UNTC"},
               {"url": "https://en.wikipedia.org/wiki/Cited_Pact", "title": "Wikipedia beside it"}]}
]}
`)
		stdout, stderr, code := cli(t, "check", "-builtin=false", "-corpus", dir)
		if code != 0 || stderr != "" || stdout != "every fact has a source of record\n" {
			t.Errorf("exit %d, stderr %q, stdout %q; want exit 0 saying every fact has a source of record", code, stderr, stdout)
		}
	})

	// The embedded corpus: the command prints what the data test sees, one
	// line per fact, and only facts still waiting for a source of record
	// (corpus/sources_test.go lists them): no weak or unclassified source.
	t.Run("default corpus", func(t *testing.T) {
		e := &corpus.Entities{}
		if err := e.ReadEntities(corpus.Default, "entities", "builtin"); err != nil {
			t.Fatal(err)
		}
		var want strings.Builder
		problems := e.CheckSources()
		for _, p := range problems {
			fmt.Fprintln(&want, p)
		}
		stdout, stderr, code := cli(t, "check")
		if len(problems) == 0 {
			if code != 0 || stderr != "" || stdout != "every fact has a source of record\n" {
				t.Errorf("exit %d, stderr %q, stdout %q; want exit 0", code, stderr, stdout)
			}
			return
		}
		if code != 1 || stdout != want.String() || stderr != fmt.Sprintf("pactgraph: check: %d facts or sources cannot be cited as they stand\n", len(problems)) {
			t.Errorf("exit %d, stderr %q, stdout:\n%s\nwant exit 1 and:\n%s", code, stderr, stdout, want.String())
		}
		line := regexp.MustCompile(`^builtin/entities/[a-z-]+\.json:\d+: (agreement|organization) "[a-z0-9-]+": ([^:]+: )?no source of record \(depositary, official, dataset or scholarly\)$`)
		for _, l := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
			if !line.MatchString(l) {
				t.Errorf("the embedded corpus has a weak or unclassified source, or the line's form changed: %s", l)
			}
		}
	})

	t.Run("usage", func(t *testing.T) {
		if _, stderr, code := cli(t, "check", "extra"); code != 2 || stderr != "pactgraph: unexpected argument \"extra\"\n" {
			t.Errorf("check extra: exit %d, stderr %q; want a usage error", code, stderr)
		}
		if _, stderr, code := cli(t, "check", "-corpus", "/does/not/exist"); code != 2 || !strings.Contains(stderr, "/does/not/exist") {
			t.Errorf("check -corpus /does/not/exist: exit %d, stderr %q; want a usage error naming it", code, stderr)
		}
	})
}
