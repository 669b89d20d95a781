package corpus

import (
	"slices"
	"testing"
)

func agreementIDs(list []*Agreement) []string {
	out := []string{}
	for _, a := range list {
		out = append(out, a.ID)
	}
	return out
}

func organizationIDs(list []*Organization) []string {
	out := []string{}
	for _, o := range list {
		out = append(out, o.ID)
	}
	return out
}

func trendIDs(list []*Trend) []string {
	out := []string{}
	for _, t := range list {
		out = append(out, t.ID)
	}
	return out
}

// catalogFixture is a small corpus whose records are out of id order, so
// that sorting shows.
func catalogFixture() *Catalog {
	parties := func(codes ...string) []Party {
		var out []Party
		for _, c := range codes {
			out = append(out, Party{Country: c, Role: Founding})
		}
		return out
	}
	e := &Entities{
		Agreements: []*Agreement{
			{ID: "zeta", Kind: Multilateral, Parties: parties("USA", "GBR", "FRA"), Organizations: []string{"nato"}, Trends: []string{"cyber"}},
			{ID: "alpha", Kind: Bilateral, Parties: parties("USA", "JPN")},
			// A party listed twice (two spans) is one join.
			{ID: "mid", Kind: Bilateral, Parties: []Party{
				{Country: "GBR", Role: Founding, Joined: &Date{Year: 1950}, Left: &Date{Year: 1960}},
				{Country: "GBR", Role: Acceded, Joined: &Date{Year: 1970}},
				{Country: "FRA", Role: Founding},
			}, Organizations: []string{"nato", "un"}},
			// Founds "weu" without listing it.
			{ID: "brussels", Kind: Multilateral, Parties: parties("GBR", "FRA")},
		},
		Organizations: []*Organization{
			{ID: "weu", FoundingAgreements: []string{"brussels"}, Members: []Membership{{Country: "GBR", Role: FoundingMember}, {Country: "FRA", Role: FoundingMember}}},
			// nato lists zeta as its founding agreement too: one join, not two.
			{ID: "nato", FoundingAgreements: []string{"zeta"}, Members: []Membership{{Country: "USA", Role: FoundingMember}, {Country: "GBR", Role: FoundingMember}}},
			{ID: "un", Members: []Membership{
				{Country: "GBR", Role: Permanent}, {Country: "GBR", Role: Member, Joined: &Date{Year: 2000}},
			}},
		},
		Countries: []*Country{{Code: "USA"}, {Code: "GBR"}, {Code: "FRA"}, {Code: "JPN"}, {Code: "CAN"}},
		Trends: []*Trend{
			// Linked from the trend's side only.
			{ID: "space", Agreements: []string{"alpha", "mid"}},
			// Linked from both sides: zeta lists cyber, cyber lists zeta and brussels.
			{ID: "cyber", Agreements: []string{"zeta", "brussels"}},
			{ID: "ai"},
		},
		Topics: []*Topic{{ID: "t2"}, {ID: "t1"}},
	}
	docs := []*Document{{ID: "document:b"}, {ID: "document:a"}}
	return NewCatalog("v1", e, docs)
}

func TestCatalogLists(t *testing.T) {
	c := catalogFixture()
	if c.Version != "v1" {
		t.Errorf("Version = %q; want %q", c.Version, "v1")
	}
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"Agreements", agreementIDs(c.Agreements), []string{"alpha", "brussels", "mid", "zeta"}},
		{"Organizations", organizationIDs(c.Organizations), []string{"nato", "un", "weu"}},
		{"Trends", trendIDs(c.Trends), []string{"ai", "cyber", "space"}},
		{"Countries", func() []string {
			var out []string
			for _, x := range c.Countries {
				out = append(out, x.Code)
			}
			return out
		}(), []string{"CAN", "FRA", "GBR", "JPN", "USA"}},
		{"Topics", func() []string {
			var out []string
			for _, x := range c.Topics {
				out = append(out, x.ID)
			}
			return out
		}(), []string{"t1", "t2"}},
		{"Documents", func() []string {
			var out []string
			for _, x := range c.Documents {
				out = append(out, x.ID)
			}
			return out
		}(), []string{"document:a", "document:b"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !slices.Equal(tc.got, tc.want) {
				t.Errorf("%s = %v; want %v", tc.name, tc.got, tc.want)
			}
		})
	}
}

func TestCatalogLookups(t *testing.T) {
	c := catalogFixture()
	if a := c.Agreement("mid"); a == nil || a.ID != "mid" {
		t.Errorf("Agreement(%q) = %v; want mid", "mid", a)
	}
	if o := c.Organization("weu"); o == nil || o.ID != "weu" {
		t.Errorf("Organization(%q) = %v; want weu", "weu", o)
	}
	if x := c.Country("JPN"); x == nil || x.Code != "JPN" {
		t.Errorf("Country(%q) = %v; want JPN", "JPN", x)
	}
	if x := c.Trend("ai"); x == nil || x.ID != "ai" {
		t.Errorf("Trend(%q) = %v; want ai", "ai", x)
	}
	if x := c.Topic("t1"); x == nil || x.ID != "t1" {
		t.Errorf("Topic(%q) = %v; want t1", "t1", x)
	}
	if x := c.Document("document:a"); x == nil || x.ID != "document:a" {
		t.Errorf("Document(%q) = %v; want document:a", "document:a", x)
	}
	for _, miss := range []bool{
		c.Agreement("nope") == nil, c.Organization("nope") == nil, c.Country("usa") == nil,
		c.Trend("nope") == nil, c.Topic("nope") == nil, c.Document("a") == nil,
	} {
		if !miss {
			t.Errorf("a lookup of an unknown id found something")
		}
	}
}

func TestCatalogJoins(t *testing.T) {
	c := catalogFixture()
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"AgreementsOfCountry(USA)", agreementIDs(c.AgreementsOfCountry("USA")), []string{"alpha", "zeta"}},
		{"AgreementsOfCountry(GBR)", agreementIDs(c.AgreementsOfCountry("GBR")), []string{"brussels", "mid", "zeta"}},
		{"AgreementsOfCountry(JPN)", agreementIDs(c.AgreementsOfCountry("JPN")), []string{"alpha"}},
		{"AgreementsOfCountry(CAN)", agreementIDs(c.AgreementsOfCountry("CAN")), []string{}},
		{"AgreementsOfOrganization(nato)", agreementIDs(c.AgreementsOfOrganization("nato")), []string{"mid", "zeta"}},
		{"AgreementsOfOrganization(weu) by foundingAgreements", agreementIDs(c.AgreementsOfOrganization("weu")), []string{"brussels"}},
		{"AgreementsOfOrganization(un)", agreementIDs(c.AgreementsOfOrganization("un")), []string{"mid"}},
		{"AgreementsOfOrganization(nope)", agreementIDs(c.AgreementsOfOrganization("nope")), []string{}},
		{"AgreementsOfTrend(cyber)", agreementIDs(c.AgreementsOfTrend("cyber")), []string{"brussels", "zeta"}},
		{"AgreementsOfTrend(space)", agreementIDs(c.AgreementsOfTrend("space")), []string{"alpha", "mid"}},
		{"AgreementsOfTrend(ai)", agreementIDs(c.AgreementsOfTrend("ai")), []string{}},
		{"TrendsOfAgreement(zeta) listed on both sides", trendIDs(c.TrendsOfAgreement("zeta")), []string{"cyber"}},
		{"TrendsOfAgreement(brussels) listed by the trend", trendIDs(c.TrendsOfAgreement("brussels")), []string{"cyber"}},
		{"TrendsOfAgreement(mid)", trendIDs(c.TrendsOfAgreement("mid")), []string{"space"}},
		{"TrendsOfAgreement(alpha)", trendIDs(c.TrendsOfAgreement("alpha")), []string{"space"}},
		{"OrganizationsOfCountry(GBR)", organizationIDs(c.OrganizationsOfCountry("GBR")), []string{"nato", "un", "weu"}},
		{"OrganizationsOfCountry(USA)", organizationIDs(c.OrganizationsOfCountry("USA")), []string{"nato"}},
		{"OrganizationsOfCountry(JPN)", organizationIDs(c.OrganizationsOfCountry("JPN")), []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !slices.Equal(tc.got, tc.want) {
				t.Errorf("%s = %v; want %v", tc.name, tc.got, tc.want)
			}
		})
	}
}

func TestCatalogTrendsOfAgreementBothSides(t *testing.T) {
	// An agreement that lists two trends, one of which also lists it, has
	// each trend once, sorted by id.
	e := &Entities{
		Agreements: []*Agreement{{ID: "a", Trends: []string{"zz", "aa"}}},
		Trends:     []*Trend{{ID: "zz", Agreements: []string{"a"}}, {ID: "aa"}, {ID: "mm", Agreements: []string{"a"}}},
	}
	c := NewCatalog("", e, nil)
	if got, want := trendIDs(c.TrendsOfAgreement("a")), []string{"aa", "mm", "zz"}; !slices.Equal(got, want) {
		t.Errorf("TrendsOfAgreement(a) = %v; want %v", got, want)
	}
	for _, id := range []string{"aa", "mm", "zz"} {
		if got := agreementIDs(c.AgreementsOfTrend(id)); !slices.Equal(got, []string{"a"}) {
			t.Errorf("AgreementsOfTrend(%s) = %v; want [a]", id, got)
		}
	}
}

func TestOrganizationsByName(t *testing.T) {
	e := &Entities{Organizations: []*Organization{
		{ID: "a", Name: "United Nations"}, {ID: "b", Name: "African Union"}, {ID: "c", Name: "NATO"},
	}}
	c := NewCatalog("", e, nil)
	if got, want := organizationIDs(c.OrganizationsByName()), []string{"b", "c", "a"}; !slices.Equal(got, want) {
		t.Errorf("OrganizationsByName() = %v; want %v", got, want)
	}
	if got, want := organizationIDs(c.Organizations), []string{"a", "b", "c"}; !slices.Equal(got, want) {
		t.Errorf("Organizations after OrganizationsByName() = %v; want %v (unchanged)", got, want)
	}
}
