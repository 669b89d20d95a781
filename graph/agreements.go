package graph

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"pactgraph/corpus"
	"pactgraph/graph/model"
	"pactgraph/search"
)

// agreementQuery reads the API's filter into the catalog's query.
func agreementQuery(f *model.AgreementFilter) (corpus.AgreementQuery, error) {
	var q corpus.AgreementQuery
	if f == nil {
		return q, nil
	}
	if f.Kind != nil {
		q.Kind = *f.Kind
	}
	q.Themes = f.Themes
	for _, p := range f.Parties {
		q.Parties = append(q.Parties, countryCode(p))
	}
	for _, o := range f.Organizations {
		k := key(o, prefixOrganization)
		if k == "" {
			return q, inputError("filter.organizations", "%q is not an organization id", o)
		}
		q.Organizations = append(q.Organizations, k)
	}
	q.Obligations = f.Obligations
	q.SignedFrom, q.SignedTo, q.ActiveOn = f.SignedFrom, f.SignedTo, f.ActiveOn
	if q.SignedFrom != nil && q.SignedTo != nil && q.SignedFrom.Compare(*q.SignedTo) > 0 {
		return q, inputError("filter.signedFrom", "%s is after signedTo %s", q.SignedFrom, q.SignedTo)
	}
	return q, nil
}

// timeline counts agreements by the year or decade they were signed, over
// every interval from the first signature to the last.
func timeline(list []*corpus.Agreement, width int) []*model.TimelineBucket {
	var years []int
	for _, a := range list {
		if a.Signed != nil {
			years = append(years, a.Signed.Year)
		}
	}
	if len(years) == 0 {
		return []*model.TimelineBucket{}
	}
	first := slices.Min(years) / width * width
	last := slices.Max(years) / width * width
	buckets := make([]*model.TimelineBucket, 0, (last-first)/width+1)
	for start := first; start <= last; start += width {
		buckets = append(buckets, &model.TimelineBucket{Start: start, End: start + width - 1})
	}
	for _, b := range buckets {
		b.ByObligation = make([]*model.ObligationCount, len(corpus.Obligations))
		for i, o := range corpus.Obligations {
			b.ByObligation[i] = &model.ObligationCount{Obligation: o}
		}
	}
	for _, a := range list {
		if a.Signed == nil {
			continue
		}
		b := buckets[(a.Signed.Year/width*width-first)/width]
		if a.Kind == corpus.Bilateral {
			b.Bilateral++
		} else {
			b.Multilateral++
		}
		b.Total++
		for _, o := range a.AllObligations() {
			b.ByObligation[slices.Index(corpus.Obligations, o)].Count++
		}
	}
	return buckets
}

// partiesOf copies an agreement's parties with what the API shows of each:
// its own obligations or the agreement's, and its source (an ATOP row, or
// the agreement's first curated source).
func partiesOf(a *corpus.Agreement) []*corpus.Party {
	out := make([]*corpus.Party, len(a.Parties))
	for i, p := range a.Parties {
		p.Obligations = a.PartyObligations(p)
		if p.Source == "" && len(a.Sources) > 0 {
			p.Source = a.Sources[0].URL
		}
		out[i] = &p
	}
	return out
}

// atopSite is cited for facts from the ATOP dataset.
const atopSite = "http://www.atopdata.org/"

func provenanceOf(source string) *model.Provenance {
	if strings.HasPrefix(source, "ATOP") {
		url := atopSite
		return &model.Provenance{Origin: model.ProvenanceOriginAtop, Detail: &source, URL: &url}
	}
	return &model.Provenance{Origin: model.ProvenanceOriginCurated, URL: optString(source)}
}

// dyad lists the agreements two states share, with the spans they were
// members together and what each promised.
func dyad(c *corpus.Catalog, a, b string) *model.Dyad {
	d := &model.Dyad{A: c.Country(a), B: c.Country(b), Agreements: []*model.DyadAgreement{}}
	if a == b {
		return d
	}
	for _, ag := range c.FindAgreements(corpus.AgreementQuery{Parties: []string{a, b}}) {
		da := &model.DyadAgreement{Agreement: ag, Periods: []*model.Period{}}
		for _, pa := range ag.Parties {
			if pa.Country != a {
				continue
			}
			da.AObligations = union(da.AObligations, ag.PartyObligations(pa))
			for _, pb := range ag.Parties {
				if pb.Country != b {
					continue
				}
				da.BObligations = union(da.BObligations, ag.PartyObligations(pb))
				if p := overlap(ag, pa, pb); p != nil && !slices.ContainsFunc(da.Periods, func(q *model.Period) bool { return samePeriod(p, q) }) {
					da.Periods = append(da.Periods, p)
				}
			}
		}
		if da.AObligations == nil {
			da.AObligations = []corpus.Obligation{}
		}
		if da.BObligations == nil {
			da.BObligations = []corpus.Obligation{}
		}
		da.Asymmetric = !slices.Equal(da.AObligations, da.BObligations)
		d.Agreements = append(d.Agreements, da)
	}
	return d
}

func union(list, more []corpus.Obligation) []corpus.Obligation {
	for _, o := range more {
		if !slices.Contains(list, o) {
			list = append(list, o)
		}
	}
	slices.SortFunc(list, func(x, y corpus.Obligation) int {
		return slices.Index(corpus.Obligations, x) - slices.Index(corpus.Obligations, y)
	})
	return list
}

// overlap is when two memberships of one agreement ran at once, each span
// by the catalog's one rule (corpus.Agreement.Span).
func overlap(ag *corpus.Agreement, pa, pb corpus.Party) *model.Period {
	fromA, toA := ag.Span(pa)
	fromB, toB := ag.Span(pb)
	from := later(fromA, fromB)
	to := earlier(toA, toB)
	if from != nil && to != nil && to.Compare(*from) < 0 {
		return nil
	}
	return &model.Period{From: from, To: to}
}

func later(x, y *corpus.Date) *corpus.Date {
	if x == nil || (y != nil && y.Compare(*x) > 0) {
		return y
	}
	return x
}

func earlier(x, y *corpus.Date) *corpus.Date {
	if x == nil || (y != nil && y.Compare(*x) < 0) {
		return y
	}
	return x
}

func samePeriod(p, q *model.Period) bool {
	eq := func(x, y *corpus.Date) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return eq(p.From, q.From) && eq(p.To, q.To)
}

// compareKind sums up the agreements of one kind.
func compareKind(c *corpus.Catalog, list []*corpus.Agreement, kind corpus.Kind, now time.Time) *model.KindComparison {
	out := &model.KindComparison{Kind: kind, Obligations: []*model.ObligationShare{}, Institutions: []*model.InstitutionShare{}, Topics: []*corpus.Topic{}}
	var members, years []float64
	obligations := map[corpus.Obligation]int{}
	institutions := map[string]int{}
	for _, a := range list {
		if a.Kind != kind {
			continue
		}
		out.Count++
		states := map[string]bool{}
		for _, p := range a.Parties {
			states[p.Country] = true
		}
		members = append(members, float64(max(len(states), a.PartyCount)))
		if start := a.Start(); start != nil {
			end := now
			if e := a.End(); e != nil {
				end = e.First()
			}
			years = append(years, end.Sub(start.First()).Hours()/24/365.25)
		}
		for _, o := range a.AllObligations() {
			obligations[o]++
		}
		if r := a.ATOP; r != nil {
			out.AtopCoded++
			for feature, has := range map[string]bool{"integratedCommand": r.IntegratedCommand, "militaryAid": r.MilitaryAid, "bases": r.Bases, "organization": r.Organization} {
				if has {
					institutions[feature]++
				}
			}
		}
	}
	if out.Count > 0 {
		out.MedianMembers = ptr(median(members))
		out.MeanMembers = ptr(round2(mean(members)))
		if len(years) > 0 {
			out.MedianDurationYears = ptr(round2(median(years)))
		}
		for _, o := range corpus.Obligations {
			out.Obligations = append(out.Obligations, &model.ObligationShare{Obligation: o, Share: round2(float64(obligations[o]) / float64(out.Count))})
		}
	}
	if out.AtopCoded > 0 {
		for _, f := range []string{"integratedCommand", "militaryAid", "bases", "organization"} {
			out.Institutions = append(out.Institutions, &model.InstitutionShare{Feature: f, Share: round2(float64(institutions[f]) / float64(out.AtopCoded))})
		}
	}
	for _, t := range c.Topics {
		if slices.Contains(t.AppliesTo, kind) {
			out.Topics = append(out.Topics, t)
		}
	}
	return out
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func mean(xs []float64) float64 {
	var sum float64
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

func ptr[T any](v T) *T { return &v }

// agreementProvenance says where each field of an agreement comes from.
func agreementProvenance(ctx context.Context, a *corpus.Agreement) ([]*model.FieldProvenance, error) {
	curated := &model.Provenance{Origin: model.ProvenanceOriginCurated}
	if len(a.Sources) > 0 {
		curated.URL = &a.Sources[0].URL
	}
	var atop *model.Provenance
	if a.ATOP != nil {
		detail := fmt.Sprintf("ATOP v%s alliance-level row %d", a.ATOP.Version, a.ATOP.Row)
		url := atopSite
		atop = &model.Provenance{Origin: model.ProvenanceOriginAtop, Detail: &detail, URL: &url}
	}
	generated := strings.HasPrefix(a.ID, "atop-") && atop != nil
	var out []*model.FieldProvenance
	add := func(field string, p *model.Provenance) {
		out = append(out, &model.FieldProvenance{Field: field, Provenance: p})
	}
	for _, f := range []string{"name", "kind", "signed", "inForce", "ended", "summary", "parties", "obligations"} {
		switch {
		case generated:
			add(f, atop)
		case f == "obligations" && len(a.Obligations) == 0 && atop != nil:
			add(f, atop)
		default:
			add(f, curated)
		}
	}
	if atop != nil && !generated {
		add("parties", atop) // ATOP's members and obligations joined the curated ones
	}
	res, err := passages(ctx, search.Filter{Agreements: []string{prefixAgreement + a.ID}}, ptr(20), nil)
	if err != nil {
		return nil, err
	}
	for _, e := range res.Edges {
		add("mentions", &model.Provenance{Origin: model.ProvenanceOriginEssay, Passage: e.Node})
	}
	return out, nil
}
