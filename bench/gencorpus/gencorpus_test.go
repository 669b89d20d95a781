package main

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pactgraph/bench/internal/synth"
	"pactgraph/corpus"
	"pactgraph/loader"
)

// generate runs the command as a user would and returns the directory.
func generate(t *testing.T, args ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "corpus")
	var stderr bytes.Buffer
	if err := run(append(args, "-out", out), io.Discard, &stderr); err != nil {
		t.Fatalf("gencorpus %v: %v\n%s", args, err, stderr.String())
	}
	return out
}

// files reads every file below dir, by relative path.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDeterministic(t *testing.T) {
	args := []string{"-passages", "1000", "-agreements", "40", "-seed", "7"}
	a, b := files(t, generate(t, args...)), files(t, generate(t, args...))
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("two runs wrote %d and %d files", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
	c := files(t, generate(t, "-passages", "1000", "-agreements", "40", "-seed", "8"))
	if bytes.Equal(a["entities/gen-agreements.json"], c["entities/gen-agreements.json"]) {
		t.Error("seeds 7 and 8 wrote the same agreements")
	}
}

func TestLoadsWithBuiltin(t *testing.T) {
	const passages = 1000
	dir := generate(t, "-passages", "1000", "-agreements", "50", "-seed", "1")
	ctx := context.Background()
	builtin, err := loader.Load(ctx, []loader.Corpus{loader.Builtin()})
	if err != nil {
		t.Fatal(err)
	}
	l, err := loader.Load(ctx, []loader.Corpus{loader.Builtin(), loader.Dir(dir)})
	if err != nil {
		t.Fatalf("loader.Load refused the generated corpus: %v", err)
	}
	if got := l.Passages - builtin.Passages; got != passages {
		t.Errorf("generated corpus loaded as %d passages; want %d", got, passages)
	}
	if n := len(l.Catalog.Agreements) - len(builtin.Catalog.Agreements); n != 50 {
		t.Errorf("loaded %d generated agreements; want 50", n)
	}
	if n := len(l.Catalog.Organizations) - len(builtin.Catalog.Organizations); n < 3 {
		t.Errorf("loaded %d generated organizations; want at least 3", n)
	}
	if len(l.Catalog.Documents) < 3 {
		t.Errorf("%d documents; want the builtin essay and at least 2 generated (400 passages each)", len(l.Catalog.Documents))
	}

	known := map[string]bool{}
	for _, c := range synth.Countries {
		known[c.Code] = true
	}
	var gen, withAgreement, withGenOrg, withCountry, withBuiltin, strayCountries int
	headings := map[string]bool{}
	for _, d := range l.Docs {
		if d.Type != "PASSAGE" || !strings.HasPrefix(d.Document, "document:documents-gen-report-") {
			continue
		}
		gen++
		headings[d.Heading] = true
		for _, a := range d.Agreements {
			if strings.HasPrefix(a, "agreement:gen-") {
				withAgreement++
				break
			}
		}
		for _, o := range d.Organizations {
			if strings.HasPrefix(o, "organization:gen-") {
				withGenOrg++
				break
			}
		}
		if len(d.Countries) > 0 {
			withCountry++
		}
		for _, c := range d.Countries {
			if !known[c] {
				strayCountries++ // a made-up word taken for a country's name
			}
		}
		for _, id := range append(append([]string{}, d.Agreements...), d.Organizations...) {
			if !strings.Contains(id, ":gen-") {
				withBuiltin++
				break
			}
		}
		if len(d.Kinds) > 0 && len(d.Decades) == 0 {
			t.Errorf("%s: linked to agreements %v but has no decades", d.ID, d.Agreements)
		}
	}
	if gen != passages {
		t.Fatalf("%d generated passages among the records; want %d", gen, passages)
	}
	// The generator mentions an agreement in about half of the passages,
	// a country in about two thirds, an organization in 15%, an embedded
	// entity in 5%.
	for _, c := range []struct {
		what     string
		got, min int
	}{
		{"a generated agreement", withAgreement, 350},
		{"a country", withCountry, 550},
		{"a generated organization", withGenOrg, 80},
		{"an embedded agreement or organization", withBuiltin, 20},
	} {
		if c.got < c.min {
			t.Errorf("%d of %d passages link %s; want at least %d", c.got, passages, c.what, c.min)
		}
	}
	if strayCountries > 0 {
		t.Errorf("%d links to countries the generator never names: made-up words match country names", strayCountries)
	}
	if len(headings) < 50 {
		t.Errorf("%d distinct headings; want sections every 5–20 passages", len(headings))
	}
}

// TestCountriesAreBuiltin: the generator's fixed list of countries must
// match the embedded corpus, code and name, or mentions would not link.
func TestCountriesAreBuiltin(t *testing.T) {
	var e corpus.Entities
	if err := e.ReadEntities(corpus.Default, "entities", "builtin"); err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, c := range e.Countries {
		names[c.Code] = c.Name
	}
	for _, c := range synth.Countries {
		if names[c.Code] != c.Name {
			t.Errorf("country %s is %q in the generator and %q in the embedded corpus", c.Code, c.Name, names[c.Code])
		}
	}
}

func TestFlags(t *testing.T) {
	for _, args := range [][]string{
		{},                                      // no -out
		{"-out", t.TempDir(), "-passages", "0"}, // nothing to write
		{"-out", t.TempDir(), "extra"},
	} {
		if err := run(args, io.Discard, io.Discard); err == nil {
			t.Errorf("gencorpus %v succeeded; want an error", args)
		}
	}
	full := generate(t, "-passages", "10", "-agreements", "3")
	if err := run([]string{"-out", full, "-passages", "10"}, io.Discard, io.Discard); err == nil {
		t.Error("gencorpus wrote into a directory that already holds a corpus")
	}
}
