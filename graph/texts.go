package graph

import (
	"context"
	"strconv"
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
	keys := articleKeys(number)
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

// articleKeys are the ways an article number may be written in a text:
// "5" and "V" are the same article. Nil when number is not one.
func articleKeys(number string) []string {
	n := strings.ToUpper(strings.TrimSpace(number))
	if n == "" || len(n) > 16 {
		return nil
	}
	if v, err := strconv.Atoi(n); err == nil {
		if v < 1 {
			return nil
		}
		if r := roman(v); r != "" {
			return []string{n, r}
		}
		return []string{n}
	}
	if v := fromRoman(n); v > 0 {
		return []string{n, strconv.Itoa(v)}
	}
	for _, r := range n {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-') {
			return nil
		}
	}
	return []string{n} // 5A, 12BIS
}

var romanDigits = []struct {
	value int
	text  string
}{{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"},
	{10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}}

// roman writes 1–3999 in Roman numerals; "" outside that range.
func roman(n int) string {
	if n < 1 || n > 3999 {
		return ""
	}
	var b strings.Builder
	for _, d := range romanDigits {
		for n >= d.value {
			b.WriteString(d.text)
			n -= d.value
		}
	}
	return b.String()
}

// fromRoman reads a Roman numeral written the usual way; 0 when s is not
// one.
func fromRoman(s string) int {
	n, rest := 0, s
	for _, d := range romanDigits {
		for strings.HasPrefix(rest, d.text) {
			n += d.value
			rest = rest[len(d.text):]
		}
	}
	if rest != "" || n == 0 || roman(n) != s {
		return 0
	}
	return n
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
		keys := articleKeys(n)
		if keys == nil {
			keys = []string{n} // matches nothing, as an unknown id does
		}
		out = append(out, keys...)
	}
	return out
}
