package graph

import (
	"context"
	"fmt"
	"strings"

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
