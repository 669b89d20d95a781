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
	// The record is the Australia–US joint statement of San Francisco,
	// 11 August 1986; only press reports of it (Papers Past, AP) could be
	// read, no government copy.
	`agreement "anzus": party NZL suspension`,
	// The record is the joint statement of 17 September 2025 (Saudi Press
	// Agency, Pakistan's Prime Minister's Office and foreign ministry); only
	// reprints of it could be read, no official page.
	`agreement "saudi-pakistan-mutual-defence-agreement"`,
}

// TestSourcesOfRecord classifies every cited URL by its host and path: none may be
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

// TestClassifySource reads a source's kind from its host and path: the
// longest match wins, so a treaty series and ordinary pages can share a
// site (GOV.UK, parliament.uk, UNODA).
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
		{"https://editorials.voa.gov/a/u-s-india-sign-new-defense-cooperation-agreement/5646765.html", Official, false},
		{"https://www.voanews.com/a/a-13-a-2003-04-11-23-waiting/289939.html", Secondary, false},

		// GOV.UK is the government's; its treaty series is the FCDO's.
		{"https://www.gov.uk/government/news/foreign-secretary-statement", Official, false},
		{"https://www.gov.uk/uk-treaties", Official, false},
		{"https://treaties.fcdo.gov.uk/data/Library2/pdf/1957-TS0010.pdf", Depositary, false},
		{"https://treaties.fco.gov.uk/awweb/pdfopener?md=1&did=66744", Depositary, false},
		{"https://TREATIES.FCDO.GOV.UK./responsive/app/consolidatedSearch/", Depositary, false},
		// Parliament's treaty records, not the rest of parliament.uk, and
		// only under the prefix, not beside it.
		{"https://api.parliament.uk/uk-treaties/treaties/3295", Depositary, false},
		{"https://api.parliament.uk/uk-treaties", Depositary, false},
		{"https://api.parliament.uk/uk-treatiesx/3295", Official, false},
		{"https://api.parliament.uk/historic-hansard/written_answers/1972/dec/20/treaties", Official, false},
		{"https://commonslibrary.parliament.uk/research-briefings/cbp-7178/", Official, false},
		// The UNODA treaty database, at its host and at its old path.
		{"https://treaties.unoda.org/t/test_ban", Depositary, false},
		{"https://disarmament.unoda.org/convarms/arms-trade-treaty/", Official, false},
		{"http://disarmament.un.org/treaties/a/att/unitedstatesofamerica/sig/un", Depositary, false},
		{"https://disarmament.un.org/wmd/", Official, false},

		{"https://wiki.riteme.site/wiki/Chemical_weapons_convention", "", true},
		{"https://billcolitsas74.blogspot.com/2011/11/member-states-of-nato.html", "", true},
		{"https://unknown.example.org/x", "", false},
		{"https://example.gov.uk.evil.example/x", "", false},
		{"not a url", "", false},
	} {
		t.Run(tc.url, func(t *testing.T) {
			kind, weak := ClassifySource(tc.url)
			if kind != tc.kind || weak != tc.weak {
				t.Errorf("ClassifySource(%q) = %q, %v; want %q, %v", tc.url, kind, weak, tc.kind, tc.weak)
			}
		})
	}
}

// TestSourcePlaceKeys keeps the table readable by the matcher: a lower-case
// host with an optional path, no scheme, no "www." and no trailing slash,
// and no place both weak and classified.
func TestSourcePlaceKeys(t *testing.T) {
	check := func(key string) {
		host, path, _ := strings.Cut(key, "/")
		if key != strings.ToLower(key) || strings.Contains(key, "://") || strings.HasPrefix(host, "www.") ||
			!strings.Contains(host, ".") || strings.HasSuffix(key, "/") || strings.Contains(path, "//") {
			t.Errorf("place %q: want a lower-case host, optionally /path, without scheme, www. or trailing slash", key)
		}
	}
	for key := range sourcePlaces {
		check(key)
	}
	for _, key := range weakPlaces {
		check(key)
		if _, ok := sourcePlaces[key]; ok {
			t.Errorf("place %q is both weak and classified", key)
		}
	}
}
