package graph

import (
	"context"
	"strings"

	"pactgraph/corpus"
	"pactgraph/graph/model"
)

// node resolves any global id; nil when it names nothing.
func node(ctx context.Context, id string) (model.Node, error) {
	c := catalogOf(ctx)
	typ, k, ok := strings.Cut(id, ":")
	if !ok {
		return nil, nil
	}
	switch typ + ":" {
	case prefixAgreement:
		if a := c.Agreement(k); a != nil {
			return a, nil
		}
	case prefixOrganization:
		if o := c.Organization(k); o != nil {
			return o, nil
		}
	case prefixCountry:
		if x := c.Country(k); x != nil {
			return x, nil
		}
	case prefixTrend:
		if t := c.Trend(k); t != nil {
			return t, nil
		}
	case prefixTopic:
		if t := c.Topic(k); t != nil {
			return t, nil
		}
	case prefixDocument:
		if d := c.Document(id); d != nil {
			return d, nil
		}
	case prefixPassage:
		if p, err := passageByID(ctx, id); p != nil || err != nil {
			return p, err
		}
	}
	return nil, nil
}

// country resolves a non-null country reference; a missing one is the
// server's fault, since the loader checks every reference.
func country(ctx context.Context, code string) (*corpus.Country, error) {
	if c := catalogOf(ctx).Country(code); c != nil {
		return c, nil
	}
	return nil, &internalError{errUnknown("country", code)}
}

type unknownRef struct{ kind, id string }

func (e unknownRef) Error() string { return "unknown " + e.kind + " " + e.id }

func errUnknown(kind, id string) error { return unknownRef{kind, id} }
