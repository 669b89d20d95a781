package corpus

import (
	"encoding/json"
	"io/fs"
	"slices"
	"strings"
	"testing"
)

// These tests hold the curated data to the references the audit checked it
// against (issue 12); each fails on the data as it was before.

// seatHolders lists, for an organization or agreement, the states among
// codes that were members on day d.
func seatHolders(t *testing.T, c *Catalog, id string, d string, codes ...string) []string {
	t.Helper()
	day := mustDate(t, d)
	var out []string
	if o := c.Organization(id); o != nil {
		for _, m := range o.Members {
			if slices.Contains(codes, m.Country) && (m.Joined == nil || !m.Joined.First().After(day.First())) && (m.Left == nil || m.Left.First().After(day.First())) {
				out = append(out, m.Country)
			}
		}
	} else {
		a := c.Agreement(id)
		for _, p := range a.Parties {
			if slices.Contains(codes, p.Country) && a.MemberOn(p, day) {
				out = append(out, p.Country)
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestUNSeatsFollowTheSecurityCouncil: China's seat was the Republic of
// China's until resolution 2758 (1971-10-25); the Soviet Union's passed to
// Russia by the letter of 1991-12-24. The UN, its Charter and the Council
// agree on who held each seat on every day.
func TestUNSeatsFollowTheSecurityCouncil(t *testing.T) {
	c := builtinCatalog(t)
	seats := []string{"CHN", "TWN", "SUN", "RUS"}
	for _, d := range []string{"1950-01-01", "1971-10-24", "1971-10-25", "1991-12-23", "1991-12-24", "2000-01-01"} {
		want := seatHolders(t, c, "unsc", d, seats...)
		if len(want) != 2 {
			t.Fatalf("unsc on %s: holders %v; want two seats held", d, want)
		}
		for _, id := range []string{"un", "un-charter"} {
			if got := seatHolders(t, c, id, d, seats...); !slices.Equal(got, want) {
				t.Errorf("%s on %s: the seats of China and the USSR are held by %v; the Security Council record says %v", id, d, got, want)
			}
		}
	}
}

// TestCISUkraine: Ukraine never ratified the CIS Charter and ended its
// participation by decree on 2018-05-19.
func TestCISUkraine(t *testing.T) {
	c := builtinCatalog(t)
	i := slices.IndexFunc(c.Organization("cis").Members, func(m Membership) bool { return m.Country == "UKR" })
	if i < 0 {
		t.Fatal("cis has no entry for Ukraine")
	}
	m := c.Organization("cis").Members[i]
	if m.Left == nil || m.Left.String() != "2018-05-19" || !strings.Contains(m.Note, "Charter") {
		t.Errorf("cis UKR = left %v, note %q; want left 2018-05-19 and a note on the Charter it never ratified", m.Left, m.Note)
	}
}

// TestPartiesExistWhenBound: no party or member is a state that did not
// exist when it is recorded as bound (the SFRY, gone in 1992, cannot sign
// at Dayton in 1995).
func TestPartiesExistWhenBound(t *testing.T) {
	c := builtinCatalog(t)
	exists := func(code string, d *Date) bool {
		s := c.Country(code)
		return d == nil || s == nil || ((s.From == nil || !s.From.First().After(d.Last())) && (s.Until == nil || s.Until.First().After(d.First())))
	}
	for _, a := range c.Agreements {
		for _, p := range a.Parties {
			from, _ := a.Span(p)
			if a.Signed != nil && p.Role == Founding && p.Joined == nil {
				from = a.Signed
			}
			if !exists(p.Country, from) {
				t.Errorf("agreement %s: party %s bound from %s, when the state did not exist (%v–%v)", a.ID, p.Country, from, c.Country(p.Country).From, c.Country(p.Country).Until)
			}
		}
	}
	for _, o := range c.Organizations {
		for _, m := range o.Members {
			if !exists(m.Country, m.Joined) {
				t.Errorf("organization %s: member %s joined %s, when the state did not exist", o.ID, m.Country, m.Joined)
			}
		}
	}
}

// TestOneEndPerState: a state that ceased to exist ends on one day in
// countries.json and in the COW crosswalk, and every record that moves its
// place to a successor does so on one day, with no gap or overlap.
func TestOneEndPerState(t *testing.T) {
	c := builtinCatalog(t)
	data, err := fs.ReadFile(Default, "cow-states.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		States []struct {
			Periods []struct {
				ISO3  string `json:"iso3"`
				Until *Date  `json:"until"`
			} `json:"periods"`
		} `json:"states"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, s := range file.States {
		for _, p := range s.Periods {
			if country := c.Country(p.ISO3); p.Until != nil && country != nil && country.Until != nil {
				checked++
				if *country.Until != *p.Until {
					t.Errorf("%s ends on %s in countries.json and on %s in cow-states.json; want one day", p.ISO3, country.Until, p.Until)
				}
			}
		}
	}
	if checked < 3 {
		t.Errorf("compared %d state ends; want at least the USSR, Yugoslavia and Serbia and Montenegro", checked)
	}
	end := *c.Country("SUN").Until
	for _, a := range c.Agreements {
		var sun, rus *Party
		for i, p := range a.Parties {
			switch {
			case p.Country == "SUN" && p.Left != nil:
				sun = &a.Parties[i]
			case p.Country == "RUS" && p.Role == Successor:
				rus = &a.Parties[i]
			}
		}
		if sun == nil || rus == nil {
			continue
		}
		if rus.Joined == nil || *rus.Joined != *sun.Left {
			t.Errorf("%s: the USSR leaves on %s, Russia succeeds on %v; want the same day", a.ID, sun.Left, rus.Joined)
		}
		if *sun.Left != end && !strings.Contains(sun.Note, "24 December 1991") {
			t.Errorf("%s: the USSR leaves on %s; want the day it ceased to exist, %s, or a note on the letter that moved its seat earlier", a.ID, sun.Left, end)
		}
	}
}

// TestCharterAmendmentsDated: the note says when the amendments were
// adopted and when they came into force, not a mix of the two.
func TestCharterAmendmentsDated(t *testing.T) {
	note := builtinCatalog(t).Agreement("un-charter").Note
	for _, want := range []string{"adopted", "came into force", "1963", "1965", "1968", "1971", "1973"} {
		if !strings.Contains(note, want) {
			t.Errorf("un-charter note lacks %q: %q", want, note)
		}
	}
}

// TestANZUSSuspension: the United States suspended its obligations to New
// Zealand on 1986-08-11; New Zealand never withdrew, so the curated record
// has no exit (ATOP's 1986-09-17 stays ATOP's).
func TestANZUSSuspension(t *testing.T) {
	a := builtinCatalog(t).Agreement("anzus")
	i := slices.IndexFunc(a.Parties, func(p Party) bool { return p.Country == "NZL" })
	nz := a.Parties[i]
	if nz.Left != nil {
		t.Errorf("anzus NZL left %s in the curated data; New Zealand never withdrew", nz.Left)
	}
	if s := nz.Suspension; s == nil || s.Date == nil || s.Date.String() != "1986-08-11" || s.By != "USA" || len(s.Sources) == 0 {
		t.Errorf("anzus NZL suspension = %+v; want the US suspension of 1986-08-11 with its source", s)
	}
}

// TestSEATOInForce: the treaty and the organization count from one day.
func TestSEATOInForce(t *testing.T) {
	c := builtinCatalog(t)
	treaty, org := c.Agreement("seato-manila-pact").InForce, c.Organization("seato").Founded
	if treaty == nil || treaty.Day == 0 || org == nil || *treaty != *org {
		t.Errorf("seato-manila-pact in force %v, seato founded %v; want the same full date", treaty, org)
	}
}

// TestContestedNotStatedAsFact: a disputed end is left empty and each side's
// position is recorded with who holds it.
func TestContestedNotStatedAsFact(t *testing.T) {
	a := builtinCatalog(t).Agreement("jcpoa")
	if a.Ended != nil {
		t.Errorf("jcpoa ended %s: that is Iran's, Russia's and China's position, not an agreed fact", a.Ended)
	}
	i := slices.IndexFunc(a.Contested, func(c Contested) bool { return c.Fact == "ended" })
	if i < 0 {
		t.Fatal("jcpoa has no contested end")
	}
	holders := map[string]string{}
	for _, p := range a.Contested[i].Positions {
		for _, code := range p.HeldBy {
			holders[code] = p.Date.String()
		}
	}
	if holders["IRN"] != "2025-10-18" || holders["GBR"] != "2025-09-28" || holders["FRA"] != holders["GBR"] {
		t.Errorf("jcpoa positions by holder = %v; want Iran 2025-10-18 and the E3 2025-09-28", holders)
	}
}

// TestKindFollowsTheInstrumentAsSigned: UKUSA was a UK–US agreement; the
// second parties came later, so it is bilateral.
func TestKindFollowsTheInstrumentAsSigned(t *testing.T) {
	a := builtinCatalog(t).Agreement("ukusa-agreement")
	if a.Kind != Bilateral {
		t.Errorf("ukusa-agreement kind %s; want BILATERAL, the instrument of 1946", a.Kind)
	}
	for _, p := range a.Parties {
		if p.Country != "GBR" && p.Country != "USA" && (p.Role != Acceded || p.Joined == nil) {
			t.Errorf("ukusa-agreement party %s = %s from %v; want a later adherent with its own date", p.Country, p.Role, p.Joined)
		}
	}
}

// TestPartialTestBanPartyCount: the UNODA treaty database, the record the
// Partial Test Ban Treaty cites for its status, gives 125 parties; 126 came
// from a list of parties of February 2013.
func TestPartialTestBanPartyCount(t *testing.T) {
	a := builtinCatalog(t).Agreement("partial-test-ban-treaty")
	if a.PartyCount != 125 {
		t.Errorf("partial-test-ban-treaty partyCount %d; want 125, the count of the UNODA treaty database", a.PartyCount)
	}
	if !slices.ContainsFunc(a.Sources, func(s Source) bool { return strings.HasPrefix(s.URL, "https://treaties.unoda.org/t/test_ban") }) {
		t.Error("partial-test-ban-treaty does not cite the UNODA treaty database its partyCount comes from")
	}
}
