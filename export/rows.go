package export

import (
	"slices"

	"pactgraph/corpus"
	"pactgraph/graph"
	"pactgraph/graph/model"
)

// searchRow is one hit as a row of searchColumns. The linked entities are
// the ones the GraphQL fields of its type give: a passage's agreements,
// organizations and countries; an agreement's organizations, parties and
// trends; an organization's agreements and members; a country's agreements
// and organizations; a trend's agreements.
func searchRow(c *corpus.Catalog, rank int, e *model.SearchEdge) []any {
	var (
		id, typ, title, document, heading string
		article, textOf, language         string
		position                          any
		agrs, orgs, codes, trs, tops      []string
	)
	switch n := e.Node.(type) {
	case *corpus.Passage:
		id, typ, heading, document, position = n.ID, "PASSAGE", n.Heading, n.Document, n.Position
		article, textOf, language = n.Article, n.TextOf, n.Language
		title = n.Heading
		if d := c.Document(n.Document); title == "" && d != nil {
			title = d.Title
		}
		agrs = agreementIDs(graph.Agreements(c, n.Agreements))
		orgs = organizationIDs(graph.Organizations(c, n.Organizations))
		for _, x := range graph.Countries(c, n.Countries) {
			codes = append(codes, x.Code)
		}
		for _, t := range graph.Trends(c, n.Trends) {
			trs = append(trs, graph.PrefixTrend+t.ID)
		}
		for _, t := range graph.Topics(c, n.Topics) {
			tops = append(tops, graph.PrefixTopic+t.ID)
		}
	case *corpus.Agreement:
		id, typ, title = graph.PrefixAgreement+n.ID, "AGREEMENT", n.Name
		orgs = organizationIDs(graph.Organizations(c, n.Organizations))
		codes = partyCodes(n)
		for _, t := range c.TrendsOfAgreement(n.ID) {
			trs = append(trs, graph.PrefixTrend+t.ID)
		}
	case *corpus.Organization:
		id, typ, title = graph.PrefixOrganization+n.ID, "ORGANIZATION", n.Name
		agrs = agreementIDs(c.AgreementsOfOrganization(n.ID))
		for _, m := range n.Members {
			if !slices.Contains(codes, m.Country) {
				codes = append(codes, m.Country)
			}
		}
	case *corpus.Country:
		id, typ, title = graph.PrefixCountry+n.Code, "COUNTRY", n.Name
		agrs = agreementIDs(c.AgreementsOfCountry(n.Code))
		orgs = organizationIDs(c.OrganizationsOfCountry(n.Code))
	case *corpus.Trend:
		id, typ, title = graph.PrefixTrend+n.ID, "TREND", n.Name
		agrs = agreementIDs(c.AgreementsOfTrend(n.ID))
	case *corpus.Topic:
		id, typ, title = graph.PrefixTopic+n.ID, "TOPIC", n.Name
	}
	var field, fragment, text any
	if h := pickHighlight(e.Highlights); h != nil {
		field, fragment, text = h.Field, h.Fragment, h.Text
	}
	return []any{rank, id, typ, e.Score, e.Relevance, e.Partial, title, cellText(document), cellText(heading), position,
		cellText(article), cellText(textOf), cellText(language), field, fragment, text, agrs, orgs, codes, trs, tops}
}

// pickHighlight chooses the fragment a row shows: the body's, which has the
// most context, else the first one.
func pickHighlight(hs []*model.Highlight) *model.Highlight {
	for _, h := range hs {
		if h.Field == "body" {
			return h
		}
	}
	if len(hs) > 0 {
		return hs[0]
	}
	return nil
}

// agreementRow is one agreement as a row of agreementColumns; the parties
// are listed once each, in the agreement's order.
func agreementRow(c *corpus.Catalog, a *corpus.Agreement) []any {
	codes := partyCodes(a)
	names := make([]string, len(codes))
	for i, code := range codes {
		names[i] = countryName(c, code)
	}
	var trs []string
	for _, t := range c.TrendsOfAgreement(a.ID) {
		trs = append(trs, graph.PrefixTrend+t.ID)
	}
	urls := make([]string, len(a.Sources))
	for i, s := range a.Sources {
		urls[i] = s.URL
	}
	return []any{graph.PrefixAgreement + a.ID, a.Name, a.Aliases, string(a.Kind), cellDate(a.Signed), cellDate(a.InForce),
		cellDate(a.Ended), a.Themes, enumStrings(a.Obligations), organizationIDs(graph.Organizations(c, a.Organizations)),
		len(codes), codes, names, cellNumber(a.PartyCount), trs, cellNumber(a.AtopID), urls, cellText(a.Summary), cellText(a.Note)}
}

// partyRows are an agreement's rows of partyColumns: one per party entry
// (a membership span or an ATOP phase), as the parties field lists them;
// an agreement with no parties listed keeps one row with the party columns
// empty, so that every agreement of the filter appears.
func partyRows(c *corpus.Catalog, a *corpus.Agreement) [][]any {
	head := []any{graph.PrefixAgreement + a.ID, a.Name, string(a.Kind), cellDate(a.Signed), cellDate(a.InForce), cellDate(a.Ended)}
	parties := graph.PartiesOf(a)
	if len(parties) == 0 {
		return [][]any{append(slices.Clone(head), nil, nil, nil, nil, nil, []string{}, nil, nil)}
	}
	rows := make([][]any, len(parties))
	for i, p := range parties {
		rows[i] = append(slices.Clone(head), p.Country, countryName(c, p.Country), string(p.Role), cellDate(p.Joined),
			cellDate(p.Left), enumStrings(p.Obligations), cellNumber(p.Phase), cellText(p.Source))
	}
	return rows
}

func partyCodes(a *corpus.Agreement) []string {
	var codes []string
	for _, p := range a.Parties {
		if !slices.Contains(codes, p.Country) {
			codes = append(codes, p.Country)
		}
	}
	return codes
}

func countryName(c *corpus.Catalog, code string) string {
	if x := c.Country(code); x != nil {
		return x.Name
	}
	return code
}

func agreementIDs(list []*corpus.Agreement) []string {
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = graph.PrefixAgreement + a.ID
	}
	return out
}

func organizationIDs(list []*corpus.Organization) []string {
	out := make([]string, len(list))
	for i, o := range list {
		out[i] = graph.PrefixOrganization + o.ID
	}
	return out
}

func enumStrings[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

// cellText is a text cell that may be absent: empty in CSV, null in
// NDJSON; cellNumber and cellDate likewise.
func cellText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func cellNumber(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

func cellDate(d *corpus.Date) any {
	if d == nil || d.IsZero() {
		return nil
	}
	return d.String()
}
