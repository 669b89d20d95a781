package corpus

import (
	"slices"
	"strings"
	"testing"
)

// unsourced are the facts still waiting for a source of record that could
// be verified (issue 12). The list only shrinks: the test fails when one of
// them gains a source of record, so that it leaves the list, and when any
// other fact lacks one.
var unsourced = []string{
	`agreement "anzus": party NZL suspension`,
	`agreement "russia-dprk-partnership-treaty-2024"`,
	`agreement "india-us-beca"`,
	`agreement "saudi-pakistan-mutual-defence-agreement"`,
	`agreement "jcpoa": contested ended, position of IRN, RUS, CHN`,
}

// TestSourcesOfRecord classifies every cited URL by its domain: none may be
// weak or unclassified, and every fact needs a source of record.
func TestSourcesOfRecord(t *testing.T) {
	e := &Entities{}
	if err := e.ReadEntities(Default, "entities", "builtin"); err != nil {
		t.Fatal(err)
	}
	var open []string
	for _, p := range e.CheckSources() {
		what := p.Entry
		if prefix, _, ok := strings.Cut(p.Msg, ": no source of record"); ok {
			what += ": " + prefix
		}
		switch {
		case strings.Contains(p.Msg, "no source of record") && slices.Contains(unsourced, what):
			open = append(open, what)
		default:
			t.Error(p)
		}
	}
	for _, u := range unsourced {
		if !slices.Contains(open, u) {
			t.Errorf("%s now has a source of record: take it off the unsourced list", u)
		}
	}
}

func TestClassifySource(t *testing.T) {
	for _, tc := range []struct {
		url  string
		kind SourceKind
		weak bool
	}{
		{"https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY", Depositary, false},
		{"https://www.nato.int/cps/en/natohq/topics_52044.htm", Depositary, false},
		{"https://history.state.gov/milestones/1953-1960/seato", Official, false},
		{"http://www.nationalarchives.gov.uk/ukusa/", Official, false},
		{"http://www.atopdata.org/", Dataset, false},
		{"https://finlex.fi/en/treaties/treaty-reference-database/2003/39", Depositary, false},
		{"https://2010-2014.kormany.hu/en/ministry-of-foreign-affairs/news/x", Official, false},
		{"https://en.wikipedia.org/wiki/ANZUS", Secondary, false},
		{"https://wiki.riteme.site/wiki/Chemical_weapons_convention", "", true},
		{"https://billcolitsas74.blogspot.com/2011/11/member-states-of-nato.html", "", true},
		{"https://unknown.example.org/x", "", false},
		{"not a url", "", false},
	} {
		kind, weak := ClassifySource(tc.url)
		if kind != tc.kind || weak != tc.weak {
			t.Errorf("ClassifySource(%q) = %q, %v; want %q, %v", tc.url, kind, weak, tc.kind, tc.weak)
		}
	}
}
