package loader

import (
	"slices"
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"US–Japan", []string{"US", "Japan"}}, // en dash
		{"US—Japan", []string{"US", "Japan"}}, // em dash
		{"US-Japan", []string{"US", "Japan"}},
		{"NATO’s role", []string{"NATO", "role"}},
		{"NATO's role", []string{"NATO", "role"}},
		{"NATO'S ROLE", []string{"NATO", "ROLE"}},
		{"the States’ allies", []string{"the", "States", "allies"}},
		{"don’t", []string{"don't"}},
		{"'quoted'", []string{"quoted"}},
		{"P5+1 talks", []string{"P5", "1", "talks"}},
		{"U.S. forces", []string{"U", "S", "forces"}},
		{"Élysée Treaty, 1963.", []string{"Élysée", "Treaty", "1963"}},
		{"  ", nil},
		{"’s", []string{"s"}},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			toks := tokenize(tc.in)
			var got []string
			for _, tok := range toks {
				got = append(got, tok.orig)
				if want := strings.ToLower(tok.orig); tok.lower != want {
					t.Errorf("tokenize(%q): token %q has lower %q; want %q", tc.in, tok.orig, tok.lower, want)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("tokenize(%q) = %q; want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestCaseSensitive(t *testing.T) {
	tests := []struct {
		alias string
		want  bool
	}{
		{"US", true}, {"UN", true}, {"USA", true}, {"U.S.", true}, {"AI", true}, {"P5+1", true},
		{"NATO", false}, {"UNSC", false}, {"Japan", false}, {"CoE", false}, {"us", false}, {"1963", false},
	}
	for _, tc := range tests {
		if got := caseSensitive(tc.alias); got != tc.want {
			t.Errorf("caseSensitive(%q) = %v; want %v", tc.alias, got, tc.want)
		}
	}
}

// wantLinks is what a text must link, by kind; nil means nothing.
type wantLinks struct {
	agreements, organizations, countries, trends, topics []string
}

func TestLink(t *testing.T) {
	l := newLinker(fixtureEntities())
	tests := []struct {
		text string
		want wantLinks
	}{
		{"The US–Japan alliance", wantLinks{countries: []string{"JPN", "USA"}}},
		{"The US-Japan alliance", wantLinks{countries: []string{"JPN", "USA"}}},
		{"The U.S.-Japan alliance", wantLinks{countries: []string{"JPN", "USA"}}},
		{"Let us consider the terms.", wantLinks{}},
		{"Us and them.", wantLinks{}},
		{"The usa of it.", wantLinks{}},
		{"Talks between the US and the UK.", wantLinks{countries: []string{"GBR", "USA"}}},
		{"Troops of the United States of America.", wantLinks{countries: []string{"USA"}}},
		{"UN peacekeepers", wantLinks{organizations: []string{"un"}}},
		{"un accord de paix", wantLinks{}},
		{"A UN-backed force", wantLinks{organizations: []string{"un"}}},
		{"Omani ports", wantLinks{}},
		{"Oman’s ports", wantLinks{countries: []string{"OMN"}}},
		{"Japanese bases", wantLinks{}},
		{"the United Statesmen", wantLinks{}},
		{"the Security Councillors", wantLinks{}},
		{"Iranian oil", wantLinks{}},
		{"Francesca wrote it.", wantLinks{}},
		{"NATO’s collective defense", wantLinks{organizations: []string{"nato"}}},
		{"NATO's collective defense", wantLinks{organizations: []string{"nato"}}},
		{"Japan’s constitution", wantLinks{countries: []string{"JPN"}}},
		{"the United States’ allies", wantLinks{countries: []string{"USA"}}},
		{"The United Nations Security Council met.", wantLinks{organizations: []string{"unsc"}}},
		{"The UN Security Council met.", wantLinks{organizations: []string{"unsc"}}},
		{"The Security Council met.", wantLinks{organizations: []string{"unsc"}}},
		{"The United Nations and its Security Council.", wantLinks{organizations: []string{"un", "unsc"}}},
		{"the Iran nuclear deal", wantLinks{agreements: []string{"jcpoa"}, countries: []string{"IRN"}}},
		{"the Joint Comprehensive Plan of Action (JCPOA)", wantLinks{agreements: []string{"jcpoa"}}},
		{"the P5+1 countries and Iran", wantLinks{organizations: []string{"p5-plus-1"}, countries: []string{"IRN"}}},
		{"the E3/EU+3", wantLinks{organizations: []string{"p5-plus-1"}}},
		{"the EU", wantLinks{organizations: []string{"eu"}}},
		{"the UK-UAE bilateral agreement", wantLinks{agreements: []string{"uk-uae-defence-cooperation-accord"}, countries: []string{"ARE", "GBR"}}},
		{"the UK–UAE bilateral agreement", wantLinks{agreements: []string{"uk-uae-defence-cooperation-accord"}, countries: []string{"ARE", "GBR"}}},
		{"the Treaty of Mutual Cooperation and Security", wantLinks{agreements: []string{"us-japan-security-treaty-1960"}}},
		{"AI in border checks and artificial intelligence", wantLinks{trends: []string{"ai"}}},
		{"ai in lower case", wantLinks{}},
		{"Flexibility in terms matters.", wantLinks{topics: []string{"flexibility"}}},
		{"JAPAN and japan and Japan", wantLinks{countries: []string{"JPN"}}},
		{"", wantLinks{}},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			got := l.link(tc.text)
			kinds := []struct {
				name string
				k    entityKind
				want []string
			}{
				{"agreements", kindAgreement, tc.want.agreements},
				{"organizations", kindOrganization, tc.want.organizations},
				{"countries", kindCountry, tc.want.countries},
				{"trends", kindTrend, tc.want.trends},
				{"topics", kindTopic, tc.want.topics},
			}
			for _, k := range kinds {
				if !slices.Equal(got[k.k], k.want) {
					t.Errorf("link(%q) %s = %v; want %v", tc.text, k.name, got[k.k], k.want)
				}
			}
		})
	}
}
