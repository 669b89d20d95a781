package graph

import (
	"context"
	"time"

	"pactgraph/corpus"
	"pactgraph/graph/model"
)

// What other rooms (package export) reuse of the GraphQL fields, so that an
// export gives the rows the fields give.

// Global id prefixes.
const (
	PrefixAgreement    = prefixAgreement
	PrefixOrganization = prefixOrganization
	PrefixCountry      = prefixCountry
	PrefixTrend        = prefixTrend
	PrefixTopic        = prefixTopic
)

// SearchArgs are the arguments of the search field.
type SearchArgs struct {
	Query     string
	Mode      *model.SearchMode
	Types     []model.SearchType
	Filter    *model.SearchFilter
	Highlight *bool
	First     *int
	After     *string
	Language  *string
}

// Search runs the search field's own code on the State in ctx, each index
// search within timeout (0: only ctx's deadline).
func Search(ctx context.Context, a SearchArgs, timeout time.Duration) (*model.SearchConnection, error) {
	r := &Resolver{searchTimeout: timeout}
	return r.search(ctx, searchArgs{query: a.Query, mode: a.Mode, types: a.Types, filter: a.Filter,
		highlight: a.Highlight, first: a.First, after: a.After, language: a.Language})
}

// AgreementQuery checks an agreements filter as the agreements field does
// (dates in order, ids of the right type) and makes the catalog's query.
func AgreementQuery(f *model.AgreementFilter) (corpus.AgreementQuery, error) {
	return agreementQuery(f)
}

// PartiesOf lists an agreement's parties as the parties field does.
func PartiesOf(a *corpus.Agreement) []*corpus.Party { return partiesOf(a) }

// Agreements, Organizations, Countries, Trends and Topics resolve ids (with
// or without their type prefix) as the fields do, leaving out those that
// name nothing.
func Agreements(c *corpus.Catalog, ids []string) []*corpus.Agreement { return agreements(c, ids) }

func Organizations(c *corpus.Catalog, ids []string) []*corpus.Organization {
	return organizations(c, ids)
}

func Countries(c *corpus.Catalog, codes []string) []*corpus.Country { return countries(c, codes) }
func Trends(c *corpus.Catalog, ids []string) []*corpus.Trend        { return trends(c, ids) }
func Topics(c *corpus.Catalog, ids []string) []*corpus.Topic        { return topics(c, ids) }

// InternalError marks err as the server's fault: ErrorCode gives
// INTERNAL_SERVER_ERROR and no message shows its details.
func InternalError(err error) error { return &internalError{err} }
