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

// lookup resolves ids (with or without their type prefix) through get,
// leaving out those that name nothing.
func lookup[T any](ids []string, prefix string, get func(string) *T) []*T {
	out := make([]*T, 0, len(ids))
	for _, id := range ids {
		if v := get(key(id, prefix)); v != nil {
			out = append(out, v)
		}
	}
	return out
}

func agreements(c *corpus.Catalog, ids []string) []*corpus.Agreement {
	return lookup(ids, prefixAgreement, c.Agreement)
}

func organizations(c *corpus.Catalog, ids []string) []*corpus.Organization {
	return lookup(ids, prefixOrganization, c.Organization)
}

func countries(c *corpus.Catalog, codes []string) []*corpus.Country {
	return lookup(codes, prefixCountry, func(code string) *corpus.Country { return c.Country(countryCode(code)) })
}

func trends(c *corpus.Catalog, ids []string) []*corpus.Trend {
	return lookup(ids, prefixTrend, c.Trend)
}

func topics(c *corpus.Catalog, ids []string) []*corpus.Topic {
	return lookup(ids, prefixTopic, c.Topic)
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
