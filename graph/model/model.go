// Package model holds the API's own types: connections, edges, facets and
// inputs (generated into models_gen.go) and the interfaces that the domain
// types of package corpus fill.
package model

// Node is any object with a global id: *corpus.Agreement, *corpus.Passage…
type Node any

// SearchResult is one ranked hit of a search: a *corpus.Passage or an
// entity.
type SearchResult any
