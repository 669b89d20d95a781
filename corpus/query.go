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
	start := a.Start()
	if start == nil || start.First().After(d.First()) {
		return false
	}
	end := a.End()
	return end == nil || end.First().After(d.First())
}

// Start is the first day the agreement bound anyone: entry into force, or
// signature when that is all the record knows.
func (a *Agreement) Start() *Date {
	if a.InForce != nil {
		return a.InForce
	}
	return a.Signed
}

// End is the day the agreement stopped binding anyone: its ended date, or,
// when it has none but every party listed has left, the last party's exit.
// An alliance all of whose members are gone binds no one, whatever the
// record leaves open. A selective list (partyCount set) says nothing of
// the parties it leaves out, so it ends nothing.
func (a *Agreement) End() *Date {
	if a.Ended != nil || len(a.Parties) == 0 || a.PartyCount > 0 {
		return a.Ended
	}
	var last *Date
	for _, p := range a.Parties {
		if p.Left == nil {
			return nil
		}
		if last == nil || p.Left.Compare(*last) > 0 {
			last = p.Left
		}
	}
	return last
}

// Span is when a party was bound: from its entry (or, unknown, the
// agreement's start) to its exit (or the agreement's end), whichever comes
// first. It is the one rule every question of membership on a day uses:
// a party list without exits never outlives the agreement.
func (a *Agreement) Span(p Party) (from, to *Date) {
	from = p.Joined
	if from == nil {
		from = a.Start()
	}
	to = p.Left
	if end := a.End(); end != nil && (to == nil || end.Compare(*to) < 0) {
		to = end
	}
	return from, to
}

// MemberOn reports whether party p of the agreement was bound on day d: its
// span (see Span) had begun and had not yet ended. An unknown start counts
// as begun.
func (a *Agreement) MemberOn(p Party, d Date) bool {
	from, to := a.Span(p)
	return (from == nil || !from.First().After(d.First())) && (to == nil || to.First().After(d.First()))
}

// HasMemberOn reports whether a country was a party to the agreement on
// day d.
func (a *Agreement) HasMemberOn(code string, d Date) bool {
	for _, p := range a.Parties {
		if p.Country == code && a.MemberOn(p, d) {
			return true
		}
	}
	return false
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
