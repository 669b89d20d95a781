package corpus

import (
	"cmp"
	"slices"
)

// AgreementQuery selects agreements; every condition given must hold.
type AgreementQuery struct {
	Kind          Kind         // empty: any
	Themes        []string     // any of them
	Parties       []string     // all of them (two codes make a dyad)
	Organizations []string     // any of them, by key
	Obligations   []Obligation // all of them
	SignedFrom    *Date
	SignedTo      *Date
	ActiveOn      *Date
}

// FindAgreements lists the agreements q selects, oldest signature first;
// undated agreements come last, and ties go by id.
func (c *Catalog) FindAgreements(q AgreementQuery) []*Agreement {
	var out []*Agreement
	for _, a := range c.Agreements {
		if q.matches(a) {
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, compareSigned)
	return out
}

func compareSigned(a, b *Agreement) int {
	switch {
	case a.Signed == nil && b.Signed == nil:
		return cmp.Compare(a.ID, b.ID)
	case a.Signed == nil:
		return 1
	case b.Signed == nil:
		return -1
	}
	return cmp.Or(a.Signed.Compare(*b.Signed), cmp.Compare(a.ID, b.ID))
}

func (q AgreementQuery) matches(a *Agreement) bool {
	if q.Kind != "" && a.Kind != q.Kind {
		return false
	}
	if len(q.Themes) > 0 && !slices.ContainsFunc(q.Themes, func(t string) bool { return slices.Contains(a.Themes, t) }) {
		return false
	}
	for _, code := range q.Parties {
		if !slices.ContainsFunc(a.Parties, func(p Party) bool { return p.Country == code }) {
			return false
		}
	}
	if len(q.Organizations) > 0 && !slices.ContainsFunc(q.Organizations, func(o string) bool { return slices.Contains(a.Organizations, o) }) {
		return false
	}
	obligations := a.AllObligations()
	for _, o := range q.Obligations {
		if !slices.Contains(obligations, o) {
			return false
		}
	}
	if q.SignedFrom != nil && (a.Signed == nil || a.Signed.Last().Before(q.SignedFrom.First())) {
		return false
	}
	if q.SignedTo != nil && (a.Signed == nil || a.Signed.First().After(q.SignedTo.Last())) {
		return false
	}
	if q.ActiveOn != nil && !a.ActiveOn(*q.ActiveOn) {
		return false
	}
	return true
}

// ActiveOn reports whether the agreement was in force on day d: it had
// entered into force (or, with no such date, been signed) and had not ended.
// A partial date counts from its first day.
func (a *Agreement) ActiveOn(d Date) bool {
	start := a.InForce
	if start == nil {
		start = a.Signed
	}
	if start == nil || start.First().After(d.First()) {
		return false
	}
	return a.Ended == nil || a.Ended.First().After(d.First())
}

// AllObligations is every obligation the agreement or any of its parties
// takes on, in codebook order.
func (a *Agreement) AllObligations() []Obligation {
	var out []Obligation
	for _, o := range Obligations {
		if slices.Contains(a.Obligations, o) ||
			slices.ContainsFunc(a.Parties, func(p Party) bool { return slices.Contains(p.Obligations, o) }) {
			out = append(out, o)
		}
	}
	return out
}

// PartyObligations is what one party promises: its own obligations where
// the record gives them (an asymmetric pledge), else the agreement's.
func (a *Agreement) PartyObligations(p Party) []Obligation {
	if len(p.Obligations) > 0 {
		return p.Obligations
	}
	return a.Obligations
}

// MemberOn reports whether the party was bound on day d: it had joined (or
// its entry is unknown) and had not yet left.
func (p Party) MemberOn(d Date) bool {
	return (p.Joined == nil || !p.Joined.First().After(d.First())) && (p.Left == nil || p.Left.First().After(d.First()))
}
