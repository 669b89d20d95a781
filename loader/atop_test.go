package loader

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"pactgraph/corpus"
)

// atopDir is where the real ATOP v4.01 files sit beside the repository;
// they are research data, used here and never copied in.
var atopDir = func() string {
	if d := os.Getenv("PACTGRAPH_ATOP"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared", "data", "atop-v4")
}()

func loadATOP(t *testing.T) *Loaded {
	t.Helper()
	if _, err := os.Stat(filepath.Join(atopDir, "atop-member-level.csv")); err != nil {
		t.Skipf("the ATOP files are not at %s (they sit beside the repository, in shared/; set PACTGRAPH_ATOP to another directory)", atopDir)
	}
	l, err := Load(context.Background(), []Corpus{Builtin(), Dir(atopDir)})
	if err != nil {
		t.Fatalf("Load(builtin + ATOP) = %v", err)
	}
	return l
}

func TestATOPImport(t *testing.T) {
	l := loadATOP(t)
	cat := l.Catalog
	var fromATOP, generated int
	for _, a := range cat.Agreements {
		if a.ATOP != nil {
			fromATOP++
		}
		if strings.HasPrefix(a.ID, "atop-") {
			generated++
			if strings.HasPrefix(a.Name, "ATOP") || a.Summary == "" || len(a.Sources) == 0 {
				t.Errorf("generated agreement %s = %q; want a descriptive name, a summary and a source", a.ID, a.Name)
			}
		}
	}
	if fromATOP != 745 {
		t.Errorf("agreements with an ATOP record = %d; want the 745 alliances of ATOP v4.01", fromATOP)
	}
	if merged := fromATOP - generated; merged < 8 {
		t.Errorf("curated agreements joined with ATOP = %d; want at least the 8 with an atopId (NATO, ANZUS, US–Japan…)", merged)
	}

	nato := cat.Agreement("north-atlantic-treaty")
	if nato == nil || nato.ATOP == nil || nato.AtopID != 3180 {
		t.Fatalf("north-atlantic-treaty = %+v; want it joined with ATOP 3180", nato)
	}
	mne := slices.IndexFunc(nato.Parties, func(p corpus.Party) bool { return p.Country == "MNE" })
	if mne < 0 {
		t.Errorf("NATO parties lack Montenegro")
	}
	if !slices.ContainsFunc(l.Notices, func(n string) bool { return strings.Contains(n, "north-atlantic-treaty") && strings.Contains(n, "MNE") }) {
		t.Errorf("no notice for Montenegro's entry (2017 curated, 2016 in ATOP); notices: %d", len(l.Notices))
	}

	anzus := cat.Agreement("anzus")
	nz := slices.IndexFunc(anzus.Parties, func(p corpus.Party) bool { return p.Country == "NZL" })
	if nz < 0 || anzus.Parties[nz].Left == nil || anzus.Parties[nz].Left.String() != "1986-09-17" {
		t.Errorf("ANZUS New Zealand party = %+v; want it left on 1986-09-17", anzus.Parties)
	}

	usj := cat.Agreement("us-japan-security-treaty-1960")
	if usj.ATOP == nil || !usj.ATOP.Asymmetric {
		t.Errorf("US–Japan 1960 ATOP record = %+v; want it coded asymmetric", usj.ATOP)
	}
	for _, p := range usj.Parties {
		has := slices.Contains(usj.PartyObligations(p), corpus.Defense)
		if (p.Country == "USA") != has {
			t.Errorf("US–Japan 1960: %s has DEFENSE = %v; want the United States alone", p.Country, has)
		}
	}

	// Phases and partial dates come through.
	var phased, partial bool
	for _, a := range cat.Agreements {
		if a.ATOP != nil && a.ATOP.Phases > 1 {
			phased = true
		}
		for _, p := range a.Parties {
			if p.Joined != nil && p.Joined.Day == 0 && strings.HasPrefix(p.Source, "ATOP") {
				partial = true
			}
		}
	}
	if !phased || !partial {
		t.Errorf("phased alliances %v, partial ATOP dates %v; want both", phased, partial)
	}
}

// TestATOPDisagreementReported: a curated record that says another year
// than ATOP is reported, not silently resolved.
func TestATOPDisagreementReported(t *testing.T) {
	loadATOP(t) // skips without the files
	dir := t.TempDir()
	for _, f := range []string{"atop-alliance-level.csv", "atop-member-level.csv"} {
		data, err := os.ReadFile(filepath.Join(atopDir, f))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, f), data, 0o644)
	}
	os.MkdirAll(filepath.Join(dir, "entities"), 0o755)
	os.WriteFile(filepath.Join(dir, "entities", "wrong.json"), []byte(`{"agreements": [{
	  "id": "concert-test", "name": "A test record of ATOP 1005", "kind": "MULTILATERAL", "signed": "1820",
	  "atopId": 1005, "summary": "A fixture that disagrees with ATOP about the year.",
	  "sources": [{"url": "https://example.org/fixture"}]}]}`), 0o644)
	l, err := Load(context.Background(), []Corpus{Builtin(), Dir(dir)})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(l.Notices, func(n string) bool {
		return strings.Contains(n, "concert-test") && strings.Contains(n, "1820") && strings.Contains(n, "1815")
	}) {
		t.Errorf("no notice that the fixture says 1820 and ATOP 1815; notices include %d lines", len(l.Notices))
	}
	if a := l.Catalog.Agreement("concert-test"); a == nil || a.Name != "A test record of ATOP 1005" || a.Signed.Year != 1820 {
		t.Errorf("curated record after the merge = %+v; want its own name and year kept", a)
	}
}
