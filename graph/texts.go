package graph

import (
	"context"
	"strings"

	"pactgraph/corpus"
	"pactgraph/graph/model"
	"pactgraph/search"
)

// articlePassages lists the passages of one article of an agreement's
// texts, in document order.
func articlePassages(ctx context.Context, agreementID, number string, first *int) ([]*corpus.Passage, error) {
	n, err := pageSize(first, 20)
	if err != nil {
		return nil, err
	}
	keys := search.ArticleKeys(number)
	if keys == nil {
		return nil, inputError("number", "must be an article number such as 5 or IV, not %q", number)
	}
	q := search.Query{
		Types: []string{"PASSAGE"}, First: n, Order: search.Position,
		Filter: search.Filter{TextOf: []string{prefixAgreement + agreementID}, Articles: keys},
	}
	res, err := stateOf(ctx).Index.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]*corpus.Passage, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, passageOf(h.Doc))
	}
	return out, nil
}

// metaFilters turns the API's front-matter filters into the index's
// key=value terms.
func metaFilters(in []*model.MetaFilter) []string {
	out := make([]string, 0, len(in))
	for _, m := range in {
		out = append(out, m.Key+"="+m.Value)
	}
	return out
}

// textOfAgreement is the agreement an id names, nil for none.
func textOfAgreement(c *corpus.Catalog, id string) *corpus.Agreement {
	if id == "" {
		return nil
	}
	return c.Agreement(strings.TrimPrefix(id, prefixAgreement))
}

// articleFilter reads SearchFilter.articles: each number in each way it
// may be written.
func articleFilter(numbers []string) []string {
	var out []string
	for _, n := range numbers {
		keys := search.ArticleKeys(n)
		if keys == nil {
			keys = []string{n} // matches nothing, as an unknown id does
		}
		out = append(out, keys...)
	}
	return out
}
