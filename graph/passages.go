package graph

import (
	"context"

	"pactgraph/corpus"
	"pactgraph/graph/model"
	"pactgraph/search"
)

// passageOf turns an indexed passage back into the domain type.
func passageOf(d search.Doc) *corpus.Passage {
	return &corpus.Passage{
		ID: d.ID, Document: d.Document, Heading: d.Heading, HeadingPath: d.HeadingPath,
		Position: d.Position, Text: d.Body, Article: d.Article, TextOf: d.TextOf, Language: d.Language,
		Agreements: d.Agreements, Organizations: d.Organizations, Countries: d.Countries,
		Trends: d.Trends, Topics: d.Topics,
	}
}

// passages lists the passages a filter selects, in document order: the
// mentions of an entity, or a document's passages. One index look-up.
func passages(ctx context.Context, f search.Filter, first *int, after *string) (*model.PassageConnection, error) {
	n, err := pageSize(first, 10)
	if err != nil {
		return nil, err
	}
	q := search.Query{Types: []string{"PASSAGE"}, Filter: f, First: n, Order: search.Position}
	if after != nil {
		q.After = *after
	}
	res, err := stateOf(ctx).Index.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	conn := &model.PassageConnection{TotalCount: res.Total, Edges: make([]*model.PassageEdge, 0, len(res.Hits))}
	cursors := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		cursors[i] = h.Cursor
		conn.Edges = append(conn.Edges, &model.PassageEdge{Cursor: h.Cursor, Node: passageOf(h.Doc)})
	}
	conn.PageInfo = pageInfo(cursors, res.HasNext, q.After != "")
	return conn, nil
}

// passageByID fetches one passage; nil when no passage has that id.
func passageByID(ctx context.Context, id string) (*corpus.Passage, error) {
	docs, err := stateOf(ctx).Index.Get(ctx, []string{id})
	if err != nil || len(docs) == 0 || docs[0].Type != "PASSAGE" {
		return nil, err
	}
	return passageOf(docs[0]), nil
}
