package corpus

import (
	"slices"
	"testing"
)

// builtinCatalog reads and validates the entities of the embedded default
// corpus (documents are the loader's business).
func builtinCatalog(t *testing.T) *Catalog {
	t.Helper()
	e := &Entities{}
	if err := e.ReadEntities(Default, "entities", "builtin"); err != nil {
		t.Fatalf("ReadEntities(Default) = %v; want nil", err)
	}
	if err := e.Validate(); err != nil {
		t.Fatalf("Validate(Default) = %v; want nil", err)
	}
	return NewCatalog("test", e, nil)
}

func TestFindAgreementsBuiltin(t *testing.T) {
	c := builtinCatalog(t)
	d := func(s string) *Date { return datePtr(t, s) }
	tests := []struct {
		name string
		q    AgreementQuery
		want []string
	}{
		{
			name: "parties USA and JPN",
			q:    AgreementQuery{Parties: []string{"USA", "JPN"}},
			want: []string{"us-japan-security-treaty-1951", "us-japan-security-treaty-1960"},
		},
		{
			name: "parties JPN and USA",
			q:    AgreementQuery{Parties: []string{"JPN", "USA"}},
			want: []string{"us-japan-security-treaty-1951", "us-japan-security-treaty-1960"},
		},
		{
			name: "parties RUS and PRK",
			q:    AgreementQuery{Parties: []string{"RUS", "PRK"}},
			want: []string{"npt", "russia-dprk-partnership-treaty-2024"},
		},
		{
			name: "parties USA, JPN and GBR",
			q:    AgreementQuery{Parties: []string{"USA", "JPN", "GBR"}},
			want: nil,
		},
		{
			name: "USA and JPN active on 1955-01-01",
			q:    AgreementQuery{Parties: []string{"USA", "JPN"}, ActiveOn: d("1955-01-01")},
			want: []string{"us-japan-security-treaty-1951"},
		},
		{
			name: "USA and JPN active on 1961-01-01",
			q:    AgreementQuery{Parties: []string{"USA", "JPN"}, ActiveOn: d("1961-01-01")},
			want: []string{"us-japan-security-treaty-1960"},
		},
		{
			name: "USA and JPN active in 1950",
			q:    AgreementQuery{Parties: []string{"USA", "JPN"}, ActiveOn: d("1950")},
			want: nil,
		},
		{
			name: "bilateral with SUN",
			q:    AgreementQuery{Kind: Bilateral, Parties: []string{"SUN"}},
			want: []string{"sino-soviet-treaty-1950", "indo-soviet-treaty-1971", "abm-treaty", "salt-i-interim-agreement", "inf-treaty"},
		},
		{
			name: "multilateral with JPN",
			q:    AgreementQuery{Kind: Multilateral, Parties: []string{"JPN"}},
			want: nil,
		},
		{
			name: "obligation NEUTRALITY",
			q:    AgreementQuery{Obligations: []Obligation{Neutrality}},
			want: []string{"indo-soviet-treaty-1971"},
		},
		{
			name: "obligation OFFENSE",
			q:    AgreementQuery{Obligations: []Obligation{Offense}},
			want: nil,
		},
		{
			name: "bilateral with DEFENSE and CONSULTATION",
			q:    AgreementQuery{Kind: Bilateral, Obligations: []Obligation{Defense, Consultation}},
			want: []string{
				"us-philippines-mutual-defense-treaty", "us-japan-security-treaty-1951", "us-rok-mutual-defense-treaty",
				"us-japan-security-treaty-1960", "russia-dprk-partnership-treaty-2024",
			},
		},
		{
			name: "NEUTRALITY and DEFENSE",
			q:    AgreementQuery{Obligations: []Obligation{Neutrality, Defense}},
			want: nil,
		},
		{
			name: "signed in 1972, same-day ties by id",
			q:    AgreementQuery{SignedFrom: d("1972"), SignedTo: d("1972")},
			want: []string{"biological-weapons-convention", "abm-treaty", "salt-i-interim-agreement"},
		},
		{
			name: "signed from 2024",
			q:    AgreementQuery{SignedFrom: d("2024-01-01")},
			want: []string{"russia-dprk-partnership-treaty-2024", "aukus-naval-nuclear-propulsion-agreement", "saudi-pakistan-mutual-defence-agreement"},
		},
		{
			name: "signed to 1946",
			q:    AgreementQuery{SignedTo: d("1946-12")},
			want: []string{"un-charter", "ukusa-agreement"},
		},
		{
			name: "signed in the 1990s, partial date before full ones of its year",
			q:    AgreementQuery{SignedFrom: d("1990"), SignedTo: d("1999")},
			want: []string{
				"cfe-treaty", "start-i", "open-skies-treaty", "collective-security-treaty", "chemical-weapons-convention",
				"un-personnel-safety-convention", "dayton-agreement", "uk-uae-defence-cooperation-accord", "treaty-of-pelindaba",
				"ctbt", "ottawa-treaty", "terrorist-bombings-convention",
			},
		},
		{
			name: "GBR, undated last",
			q:    AgreementQuery{Parties: []string{"GBR"}},
			want: []string{
				"un-charter", "ukusa-agreement", "brussels-treaty", "north-atlantic-treaty", "seato-manila-pact",
				"partial-test-ban-treaty", "outer-space-treaty", "npt", "uk-uae-defence-cooperation-accord",
				"lancaster-house-treaty", "jcpoa", "aukus-naval-nuclear-propulsion-agreement", "five-power-defence-arrangements",
			},
		},
		{
			name: "GBR signed from 2010 drops the undated one",
			q:    AgreementQuery{Parties: []string{"GBR"}, SignedFrom: d("2010")},
			want: []string{"lancaster-house-treaty", "jcpoa", "aukus-naval-nuclear-propulsion-agreement"},
		},
		{
			name: "GBR active on 1992-01-01",
			q:    AgreementQuery{Parties: []string{"GBR"}, ActiveOn: d("1992-01-01")},
			// brussels ended 2011; the undated FPDA is in force since 1971-11-01;
			// lancaster/jcpoa/aukus came later; ukusa has a signature only.
			want: []string{
				"un-charter", "ukusa-agreement", "brussels-treaty", "north-atlantic-treaty", "seato-manila-pact",
				"partial-test-ban-treaty", "outer-space-treaty", "npt", "five-power-defence-arrangements",
			},
		},
		{
			name: "theme any-of",
			q:    AgreementQuery{Themes: []string{"nuclear-weapon-free-zone"}, SignedTo: d("1970")},
			want: []string{"treaty-of-tlatelolco"},
		},
		{
			name: "organization any-of",
			q:    AgreementQuery{Organizations: []string{"weu", "csto"}},
			want: []string{"brussels-treaty", "collective-security-treaty"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := agreementIDs(c.FindAgreements(tc.q))
			if !slices.Equal(got, append([]string{}, tc.want...)) {
				t.Errorf("FindAgreements(%+v) = %v; want %v", tc.q, got, tc.want)
			}
		})
	}
}

func TestFindAgreementsOrder(t *testing.T) {
	c := builtinCatalog(t)
	all := c.FindAgreements(AgreementQuery{})
	if len(all) != len(c.Agreements) {
		t.Fatalf("FindAgreements({}) = %d agreements; want all %d", len(all), len(c.Agreements))
	}
	for i := 1; i < len(all); i++ {
		a, b := all[i-1], all[i]
		switch {
		case a.Signed == nil && b.Signed != nil:
			t.Errorf("FindAgreements({}): undated %s before dated %s", a.ID, b.ID)
		case a.Signed != nil && b.Signed != nil && a.Signed.Compare(*b.Signed) > 0:
			t.Errorf("FindAgreements({}): %s (%s) before %s (%s)", a.ID, a.Signed, b.ID, b.Signed)
		}
	}
	if first := all[0].ID; first != "un-charter" {
		t.Errorf("FindAgreements({})[0] = %s; want un-charter (1945-06-26)", first)
	}
	if last := all[len(all)-1].ID; last != "five-power-defence-arrangements" {
		t.Errorf("FindAgreements({})[last] = %s; want five-power-defence-arrangements (undated)", last)
	}
	// 22 bilateral: UKUSA counts as the UK–US instrument it was when signed.
	bilateral := c.FindAgreements(AgreementQuery{Kind: Bilateral})
	multilateral := c.FindAgreements(AgreementQuery{Kind: Multilateral})
	if len(bilateral) != 22 || len(bilateral)+len(multilateral) != len(all) {
		t.Errorf("FindAgreements by kind = %d bilateral, %d multilateral; want 22 and %d", len(bilateral), len(multilateral), len(all)-22)
	}
	for _, a := range bilateral {
		if a.Kind != Bilateral {
			t.Errorf("FindAgreements(BILATERAL) returned %s of kind %s", a.ID, a.Kind)
		}
	}
}

// TestFindAgreementsFixture covers ordering and date edges on a corpus
// made for them.
func TestFindAgreementsFixture(t *testing.T) {
	d := func(s string) *Date { return datePtr(t, s) }
	e := &Entities{Agreements: []*Agreement{
		{ID: "undated-b"},
		{ID: "day", Signed: d("1996-05-10")},
		{ID: "undated-a"},
		{ID: "year", Signed: d("1996")},
		{ID: "month", Signed: d("1996-05")},
		{ID: "tie-b", Signed: d("1980-01-01")},
		{ID: "tie-a", Signed: d("1980-01-01")},
		{ID: "ended", Signed: d("1980"), InForce: d("1981-06"), Ended: d("1990-03-15")},
	}}
	c := NewCatalog("", e, nil)
	tests := []struct {
		name string
		q    AgreementQuery
		want []string
	}{
		// "1980" is earlier than "1980-01-01": a missing month sorts first.
		{"all", AgreementQuery{}, []string{"ended", "tie-a", "tie-b", "year", "month", "day", "undated-a", "undated-b"}},
		// A partial signature counts when any day it stands for is in range.
		{"from 1996-06", AgreementQuery{SignedFrom: d("1996-06")}, []string{"year"}},
		{"to 1996-04", AgreementQuery{SignedTo: d("1996-04")}, []string{"ended", "tie-a", "tie-b", "year"}},
		{"from 1996-05-31 to 1996-05-31", AgreementQuery{SignedFrom: d("1996-05-31"), SignedTo: d("1996-05-31")}, []string{"year", "month"}},
		{"from 1996-05-11", AgreementQuery{SignedFrom: d("1996-05-11")}, []string{"year", "month"}},
		{"to 1995", AgreementQuery{SignedTo: d("1995")}, []string{"ended", "tie-a", "tie-b"}},
		// In force from its first day, ended on its end day.
		{"active 1981-05-31", AgreementQuery{ActiveOn: d("1981-05-31")}, []string{"tie-a", "tie-b"}},
		{"active 1981-06-01", AgreementQuery{ActiveOn: d("1981-06-01")}, []string{"ended", "tie-a", "tie-b"}},
		{"active 1990-03-14", AgreementQuery{ActiveOn: d("1990-03-14")}, []string{"ended", "tie-a", "tie-b"}},
		{"active 1990-03-15", AgreementQuery{ActiveOn: d("1990-03-15")}, []string{"tie-a", "tie-b"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := agreementIDs(c.FindAgreements(tc.q)); !slices.Equal(got, tc.want) {
				t.Errorf("FindAgreements(%s) = %v; want %v", tc.name, got, tc.want)
			}
		})
	}
}

func TestActiveOnBuiltin(t *testing.T) {
	c := builtinCatalog(t)
	tests := []struct {
		id   string
		day  string
		want bool
	}{
		{"us-japan-security-treaty-1951", "1955-01-01", true},
		{"us-japan-security-treaty-1951", "1961-01-01", false},
		{"us-japan-security-treaty-1951", "1951-12-31", false}, // signed, not yet in force
		{"us-japan-security-treaty-1951", "1952-04-28", true},
		{"us-japan-security-treaty-1951", "1960-06-23", false}, // replaced that day
		{"us-japan-security-treaty-1960", "1960-06-23", true},
		{"us-japan-security-treaty-1960", "1961-01-01", true},
		{"warsaw-pact", "1980-01-01", true},
		{"warsaw-pact", "1992-01-01", false},
		{"warsaw-pact", "1955-05-20", false},           // signed, in force 1955-06-05
		{"lancaster-house-treaty", "2011-01-01", true}, // no inForce: counts from signature
		{"lancaster-house-treaty", "2010-11-01", false},
		{"five-power-defence-arrangements", "1980", true}, // undated signature, in force 1971-11-01
		{"five-power-defence-arrangements", "1971-10-31", false},
		{"jcpoa", "2020-01-01", true},
		{"inf-treaty", "2019-08-02", false}, // ended that day
		{"inf-treaty", "2019-08-01", true},
	}
	for _, tc := range tests {
		t.Run(tc.id+"@"+tc.day, func(t *testing.T) {
			a := c.Agreement(tc.id)
			if a == nil {
				t.Fatalf("Agreement(%q) = nil", tc.id)
			}
			if got := a.ActiveOn(mustDate(t, tc.day)); got != tc.want {
				t.Errorf("%s.ActiveOn(%s) = %v; want %v", tc.id, tc.day, got, tc.want)
			}
		})
	}
}

func TestPartyObligationsBuiltin(t *testing.T) {
	c := builtinCatalog(t)
	party := func(a *Agreement, code string) Party {
		t.Helper()
		for _, p := range a.Parties {
			if p.Country == code {
				return p
			}
		}
		t.Fatalf("%s has no party %s", a.ID, code)
		return Party{}
	}
	tests := []struct {
		id, country string
		want        []Obligation
	}{
		{"us-japan-security-treaty-1960", "JPN", []Obligation{Nonaggression, Consultation}},
		{"us-japan-security-treaty-1960", "USA", []Obligation{Defense, Nonaggression, Consultation}},
		{"us-japan-security-treaty-1951", "JPN", []Obligation{Consultation}},
		{"us-japan-security-treaty-1951", "USA", []Obligation{Defense, Consultation}},
		{"north-atlantic-treaty", "FRA", []Obligation{Defense, Nonaggression, Consultation}}, // the agreement's
		{"new-start", "USA", nil},
	}
	for _, tc := range tests {
		t.Run(tc.id+"/"+tc.country, func(t *testing.T) {
			a := c.Agreement(tc.id)
			got := a.PartyObligations(party(a, tc.country))
			if !slices.Equal(got, tc.want) {
				t.Errorf("%s.PartyObligations(%s) = %v; want %v", tc.id, tc.country, got, tc.want)
			}
		})
	}
	a := c.Agreement("us-japan-security-treaty-1960")
	if slices.Contains(a.PartyObligations(party(a, "JPN")), Defense) {
		t.Errorf("Japan promises DEFENSE under the 1960 treaty; the pledge is asymmetric")
	}
}

func TestAllObligations(t *testing.T) {
	tests := []struct {
		name string
		a    Agreement
		want []Obligation
	}{
		{"none", Agreement{}, nil},
		{"agreement only, codebook order", Agreement{Obligations: []Obligation{Consultation, Defense}}, []Obligation{Defense, Consultation}},
		{"party only", Agreement{Parties: []Party{{Country: "A", Obligations: []Obligation{Offense}}}}, []Obligation{Offense}},
		{"merged without repeats", Agreement{
			Obligations: []Obligation{Consultation, Nonaggression},
			Parties: []Party{
				{Country: "A", Obligations: []Obligation{Defense, Consultation}},
				{Country: "B", Obligations: []Obligation{Neutrality, Defense}},
			},
		}, []Obligation{Defense, Neutrality, Nonaggression, Consultation}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.a.AllObligations(); !slices.Equal(got, tc.want) {
				t.Errorf("AllObligations(%s) = %v; want %v", tc.name, got, tc.want)
			}
		})
	}
	c := builtinCatalog(t)
	if got, want := c.Agreement("us-japan-security-treaty-1960").AllObligations(), []Obligation{Defense, Nonaggression, Consultation}; !slices.Equal(got, want) {
		t.Errorf("us-japan-security-treaty-1960.AllObligations() = %v; want %v", got, want)
	}
	// A party's own obligation makes the agreement match an obligations
	// filter even when the agreement's list lacks it.
	e := &Entities{Agreements: []*Agreement{
		{ID: "asym", Obligations: []Obligation{Consultation}, Parties: []Party{{Country: "A", Obligations: []Obligation{Defense}}}},
		{ID: "plain", Obligations: []Obligation{Consultation}},
	}}
	if got := agreementIDs(NewCatalog("", e, nil).FindAgreements(AgreementQuery{Obligations: []Obligation{Defense, Consultation}})); !slices.Equal(got, []string{"asym"}) {
		t.Errorf("FindAgreements(DEFENSE, CONSULTATION) = %v; want [asym]", got)
	}
}
