package corpus

import (
	"cmp"
	"slices"
	"strings"
	"sync"
)

// Catalog is the read side of the entity data: every entity by id, and the
// joins between them, computed once. All lookups are map reads, so the API
// never batches them.
type Catalog struct {
	Version       string // a digest of the corpus inputs
	Agreements    []*Agreement
	Organizations []*Organization
	Countries     []*Country
	Trends        []*Trend
	Topics        []*Topic
	Documents     []*Document
	// Notices are what the load reported without failing, such as
	// disagreements between curated data and a dataset.
	Notices []string

	agreements    map[string]*Agreement
	organizations map[string]*Organization
	countries     map[string]*Country
	trends        map[string]*Trend
	topics        map[string]*Topic
	documents     map[string]*Document

	agreementsOfCountry map[string][]*Agreement
	agreementsOfOrg     map[string][]*Agreement
	agreementsOfTrend   map[string][]*Agreement
	orgsOfCountry       map[string][]*Organization
	trendsOfAgreement   map[string][]*Trend
	textsOfAgreement    map[string][]*Document

	orgsByName []*Organization

	suggestOnce sync.Once
	suggestList []suggestEntry
}

// NewCatalog indexes validated entities and documents. Lists are sorted by
// id so that every listing is deterministic.
func NewCatalog(version string, e *Entities, docs []*Document) *Catalog {
	c := &Catalog{
		Version:       version,
		Agreements:    sortedBy(e.Agreements, func(a *Agreement) string { return a.ID }),
		Organizations: sortedBy(e.Organizations, func(o *Organization) string { return o.ID }),
		Countries:     sortedBy(e.Countries, func(c *Country) string { return c.Code }),
		Trends:        sortedBy(e.Trends, func(t *Trend) string { return t.ID }),
		Topics:        sortedBy(e.Topics, func(t *Topic) string { return t.ID }),
		Documents:     sortedBy(docs, func(d *Document) string { return d.ID }),

		agreementsOfCountry: map[string][]*Agreement{},
		agreementsOfOrg:     map[string][]*Agreement{},
		agreementsOfTrend:   map[string][]*Agreement{},
		orgsOfCountry:       map[string][]*Organization{},
		trendsOfAgreement:   map[string][]*Trend{},
		textsOfAgreement:    map[string][]*Document{},
	}
	c.agreements = byID(c.Agreements, func(a *Agreement) string { return a.ID })
	c.organizations = byID(c.Organizations, func(o *Organization) string { return o.ID })
	c.countries = byID(c.Countries, func(c *Country) string { return c.Code })
	c.trends = byID(c.Trends, func(t *Trend) string { return t.ID })
	c.topics = byID(c.Topics, func(t *Topic) string { return t.ID })
	c.documents = byID(c.Documents, func(d *Document) string { return d.ID })
	c.orgsByName = sortedBy(c.Organizations, func(o *Organization) string { return o.Name })

	for _, a := range c.Agreements {
		for _, code := range uniq(a.Parties, func(p Party) string { return p.Country }) {
			c.agreementsOfCountry[code] = append(c.agreementsOfCountry[code], a)
		}
		for _, id := range a.Organizations {
			c.agreementsOfOrg[id] = appendNew(c.agreementsOfOrg[id], a)
		}
		for _, id := range a.Trends {
			c.agreementsOfTrend[id] = appendNew(c.agreementsOfTrend[id], a)
		}
	}
	for _, o := range c.Organizations {
		// An organization is linked to the agreements that founded it even
		// when the agreement does not list it.
		for _, id := range o.FoundingAgreements {
			if a := c.agreements[id]; a != nil {
				c.agreementsOfOrg[o.ID] = appendNew(c.agreementsOfOrg[o.ID], a)
			}
		}
		for _, code := range uniq(o.Members, func(m Membership) string { return m.Country }) {
			c.orgsOfCountry[code] = append(c.orgsOfCountry[code], o)
		}
	}
	for _, t := range c.Trends {
		for _, id := range t.Agreements {
			if a := c.agreements[id]; a != nil {
				c.agreementsOfTrend[t.ID] = appendNew(c.agreementsOfTrend[t.ID], a)
			}
		}
	}
	for id, list := range c.agreementsOfTrend {
		for _, a := range list {
			c.trendsOfAgreement[a.ID] = append(c.trendsOfAgreement[a.ID], c.trends[id])
		}
	}
	for _, m := range []map[string][]*Agreement{c.agreementsOfOrg, c.agreementsOfTrend} {
		for _, list := range m {
			slices.SortFunc(list, func(a, b *Agreement) int { return cmp.Compare(a.ID, b.ID) })
		}
	}
	for _, d := range c.Documents {
		if d.TextOf != "" {
			id := strings.TrimPrefix(d.TextOf, "agreement:")
			c.textsOfAgreement[id] = append(c.textsOfAgreement[id], d)
		}
	}
	for _, list := range c.trendsOfAgreement {
		slices.SortFunc(list, func(a, b *Trend) int { return cmp.Compare(a.ID, b.ID) })
	}
	return c
}

func (c *Catalog) Agreement(id string) *Agreement       { return c.agreements[id] }
func (c *Catalog) Organization(id string) *Organization { return c.organizations[id] }
func (c *Catalog) Country(code string) *Country         { return c.countries[code] }
func (c *Catalog) Trend(id string) *Trend               { return c.trends[id] }
func (c *Catalog) Topic(id string) *Topic               { return c.topics[id] }
func (c *Catalog) Document(id string) *Document         { return c.documents[id] }

// AgreementsOfCountry lists the agreements a country is or was a party to.
func (c *Catalog) AgreementsOfCountry(code string) []*Agreement { return c.agreementsOfCountry[code] }

// AgreementsOfOrganization lists the agreements an organization founded,
// runs or takes part in.
func (c *Catalog) AgreementsOfOrganization(id string) []*Agreement { return c.agreementsOfOrg[id] }

// AgreementsOfTrend lists the agreements that embody a trend.
func (c *Catalog) AgreementsOfTrend(id string) []*Agreement { return c.agreementsOfTrend[id] }

// TrendsOfAgreement lists the trends an agreement embodies.
func (c *Catalog) TrendsOfAgreement(id string) []*Trend { return c.trendsOfAgreement[id] }

// TextsOf lists the documents that are the text of an agreement (by its
// id without prefix), by document id.
func (c *Catalog) TextsOf(id string) []*Document { return c.textsOfAgreement[id] }

// OrganizationsOfCountry lists the organizations a country is or was a
// member of.
func (c *Catalog) OrganizationsOfCountry(code string) []*Organization { return c.orgsOfCountry[code] }

func sortedBy[T any](list []T, key func(T) string) []T {
	out := slices.Clone(list)
	slices.SortStableFunc(out, func(a, b T) int { return cmp.Compare(key(a), key(b)) })
	return out
}

func byID[T any](list []T, key func(T) string) map[string]T {
	m := make(map[string]T, len(list))
	for _, v := range list {
		m[key(v)] = v
	}
	return m
}

func uniq[T any](list []T, key func(T) string) []string {
	var out []string
	for _, v := range list {
		if k := key(v); !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

func appendNew(list []*Agreement, a *Agreement) []*Agreement {
	if slices.Contains(list, a) {
		return list
	}
	return append(list, a)
}

// OrganizationsByName lists organizations by name.
func (c *Catalog) OrganizationsByName() []*Organization { return c.orgsByName }
