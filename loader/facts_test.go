package loader

import (
	"slices"
	"strings"
	"testing"

	"pactgraph/corpus"
)

// TestCuratedAtopIDs checks every curated atopId against ATOP's begin date
// and member set: every difference is a notice that gives its reason.
func TestCuratedAtopIDs(t *testing.T) {
	l := loadATOP(t)
	// The merge reports each difference of begin date and member set as
	// a notice (see mergeParties); each must say why.
	checked := 0
	for _, a := range l.Catalog.Agreements {
		if a.AtopID != 0 && !strings.HasPrefix(a.ID, "atop-") {
			if a.ATOP == nil {
				t.Errorf("%s: atopId %d names no ATOP alliance", a.ID, a.AtopID)
			}
			checked++
		}
	}
	if checked < 10 {
		t.Errorf("checked %d curated atopIds; want every one of them", checked)
	}
	for _, n := range l.Notices {
		if strings.HasPrefix(n, "agreement") && strings.HasSuffix(n, "reason: none recorded") {
			t.Errorf("a difference from ATOP without a reason: %s", n)
		}
	}
	rio := l.Catalog.Agreement("rio-treaty")
	if rio.AtopID != 3075 || rio.Signed.String() != "1947-09-02" {
		t.Errorf("rio-treaty = ATOP %d signed %s; want ATOP 3075, which begins on the day of signature", rio.AtopID, rio.Signed)
	}
	if slices.ContainsFunc(l.Notices, func(n string) bool { return strings.Contains(n, `"rio-treaty"`) && strings.Contains(n, "begins") }) {
		t.Errorf("rio-treaty still begins on another day in ATOP")
	}
}

// TestMembershipEndsWithTheAgreement: with ATOP loaded, the Warsaw Pact has
// no members after its dissolution on 1991-07-01, and the Soviet Union's
// exit, missing from the curated list, is ATOP's with ATOP as its source.
func TestMembershipEndsWithTheAgreement(t *testing.T) {
	l := loadATOP(t)
	wp := l.Catalog.Agreement("warsaw-pact")
	day, _ := corpus.ParseDate("1992-01-01")
	for _, p := range wp.Parties {
		if wp.MemberOn(p, day) {
			t.Errorf("warsaw-pact member on 1992-01-01: %s (left %v); the pact was dissolved on 1991-07-01", p.Country, p.Left)
		}
	}
	i := slices.IndexFunc(wp.Parties, func(p corpus.Party) bool { return p.Country == "SUN" && p.Source == "" })
	if sun := wp.Parties[i]; sun.Left == nil || sun.Left.String() != "1991-07-01" || !strings.HasPrefix(sun.LeftSource, "ATOP v4.01 member-level row") {
		t.Errorf("warsaw-pact SUN left %v from %q; want ATOP's exit 1991-07-01 with its row", sun.Left, sun.LeftSource)
	}
	if n := len(l.Catalog.AgreementsOfCountry("SUN")); n == 0 {
		t.Fatal("no agreements for SUN")
	}
	for _, a := range l.Catalog.AgreementsOfCountry("POL") {
		if a.ID == "warsaw-pact" && a.ActiveOn(day) && a.HasMemberOn("POL", day) {
			t.Errorf("Poland is in the Warsaw Pact on 1992-01-01")
		}
	}
}
