package graph

import (
	"strings"

	"pactgraph/corpus"
)

// Global ids are the type, a colon, and the key: agreement:jcpoa,
// country:USA, passage:security-agreements:49.
const (
	prefixAgreement    = "agreement:"
	prefixOrganization = "organization:"
	prefixCountry      = "country:"
	prefixTrend        = "trend:"
	prefixTopic        = "topic:"
	prefixDocument     = "document:"
	prefixPassage      = "passage:"
)

// key strips a type prefix from an id; a bare key is accepted too, so
// agreement(id: "jcpoa") finds agreement:jcpoa. An id of another type gives "".
func key(id, prefix string) string {
	if k, ok := strings.CutPrefix(id, prefix); ok {
		return k
	}
	if strings.Contains(id, ":") {
		return ""
	}
	return id
}

// countryCode reads "USA", "usa" or "country:USA".
func countryCode(s string) string {
	return strings.ToUpper(strings.TrimPrefix(s, prefixCountry))
}

func agreements(c *corpus.Catalog, ids []string) []*corpus.Agreement {
	out := make([]*corpus.Agreement, 0, len(ids))
	for _, id := range ids {
		if a := c.Agreement(key(id, prefixAgreement)); a != nil {
			out = append(out, a)
		}
	}
	return out
}

func organizations(c *corpus.Catalog, ids []string) []*corpus.Organization {
	out := make([]*corpus.Organization, 0, len(ids))
	for _, id := range ids {
		if o := c.Organization(key(id, prefixOrganization)); o != nil {
			out = append(out, o)
		}
	}
	return out
}

func countries(c *corpus.Catalog, codes []string) []*corpus.Country {
	out := make([]*corpus.Country, 0, len(codes))
	for _, code := range codes {
		if x := c.Country(countryCode(code)); x != nil {
			out = append(out, x)
		}
	}
	return out
}

func trends(c *corpus.Catalog, ids []string) []*corpus.Trend {
	out := make([]*corpus.Trend, 0, len(ids))
	for _, id := range ids {
		if t := c.Trend(key(id, prefixTrend)); t != nil {
			out = append(out, t)
		}
	}
	return out
}

func topics(c *corpus.Catalog, ids []string) []*corpus.Topic {
	out := make([]*corpus.Topic, 0, len(ids))
	for _, id := range ids {
		if t := c.Topic(key(id, prefixTopic)); t != nil {
			out = append(out, t)
		}
	}
	return out
}

// withPrefix makes sure each id carries the type prefix the index uses.
func withPrefix(prefix string, ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		if strings.HasPrefix(id, prefix) {
			out[i] = id
		} else {
			out[i] = prefix + id
		}
	}
	return out
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func optInt(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}
