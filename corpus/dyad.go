package corpus

import "slices"

// Dyad is what two states share: the agreements both belong or belonged
// to.
type Dyad struct {
	A, B       *Country // nil for a code that names no country
	Agreements []*DyadAgreement
}

// DyadAgreement is one agreement two states share.
type DyadAgreement struct {
	Agreement *Agreement
	// Periods are when both were members at once; an open end means still
	// together.
	Periods []*Period
	// AObligations and BObligations are what each state promises (its own
	// obligations, or the agreement's), in the order of Obligations.
	AObligations, BObligations []Obligation
	// Asymmetric says the two promise different things.
	Asymmetric bool
}

// Period is a span of days, each end as precise as known; a nil end is
// open.
type Period struct {
	From, To *Date
}

// Dyad lists the agreements the states of codes a and b share, with the
// spans they were members together and what each promised; a state with
// itself shares nothing.
func (c *Catalog) Dyad(a, b string) *Dyad {
	d := &Dyad{A: c.Country(a), B: c.Country(b), Agreements: []*DyadAgreement{}}
	if a == b {
		return d
	}
	for _, ag := range c.FindAgreements(AgreementQuery{Parties: []string{a, b}}) {
		da := &DyadAgreement{Agreement: ag, Periods: []*Period{}, AObligations: []Obligation{}, BObligations: []Obligation{}}
		for _, pa := range ag.Parties {
			if pa.Country != a {
				continue
			}
			da.AObligations = unionObligations(da.AObligations, ag.PartyObligations(pa))
			for _, pb := range ag.Parties {
				if pb.Country != b {
					continue
				}
				da.BObligations = unionObligations(da.BObligations, ag.PartyObligations(pb))
				if p := ag.Overlap(pa, pb); p != nil && !slices.ContainsFunc(da.Periods, p.Equal) {
					da.Periods = append(da.Periods, p)
				}
			}
		}
		da.Asymmetric = !slices.Equal(da.AObligations, da.BObligations)
		d.Agreements = append(d.Agreements, da)
	}
	return d
}

// Overlap is when two memberships of the agreement ran at once, each span
// by the catalog's one rule (Span); nil when they never did.
func (a *Agreement) Overlap(pa, pb Party) *Period {
	fromA, toA := a.Span(pa)
	fromB, toB := a.Span(pb)
	from := later(fromA, fromB)
	to := earlier(toA, toB)
	if from != nil && to != nil && to.Compare(*from) < 0 {
		return nil
	}
	return &Period{From: from, To: to}
}

// Equal reports whether p and q are the same span.
func (p *Period) Equal(q *Period) bool {
	eq := func(x, y *Date) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return eq(p.From, q.From) && eq(p.To, q.To)
}

// unionObligations adds more to list, once each, in the order of
// Obligations.
func unionObligations(list, more []Obligation) []Obligation {
	for _, o := range more {
		if !slices.Contains(list, o) {
			list = append(list, o)
		}
	}
	slices.SortFunc(list, func(x, y Obligation) int {
		return slices.Index(Obligations, x) - slices.Index(Obligations, y)
	})
	return list
}

// later is the later of two starts; nil (unknown) gives way to the other.
func later(x, y *Date) *Date {
	if x == nil || (y != nil && y.Compare(*x) > 0) {
		return y
	}
	return x
}

// earlier is the earlier of two ends; nil (open) gives way to the other.
func earlier(x, y *Date) *Date {
	if x == nil || (y != nil && y.Compare(*x) < 0) {
		return y
	}
	return x
}
