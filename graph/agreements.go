package graph

import (
	"slices"
	"strings"

	"pactgraph/corpus"
	"pactgraph/graph/model"
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
