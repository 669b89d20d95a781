package search

import (
	"strings"
	"testing"

	"pactgraph/corpus"
)

// TestSynonymListPhrases checks the default corpus's synonym lists: a
// phrase of several words is searched by its analysed terms, so a phrase
// whose other words are all stop words ("attack against them all" is
// "attack") would hand the group's phrases to every search with that one
// word. Every phrase must keep a term, and a phrase of several words more
// than one.
func TestSynonymListPhrases(t *testing.T) {
	var e corpus.Entities
	if err := e.ReadEntities(corpus.Default, "entities", "corpus"); err != nil {
		t.Fatal(err)
	}
	if len(e.Synonyms) < 20 {
		t.Fatalf("%d synonym groups in the default corpus; want the lists read", len(e.Synonyms))
	}
	ix := newIndex(t, nil)
	for _, g := range e.Synonyms {
		for _, phrase := range *g {
			terms := ix.terms(phrase)
			if len(terms) == 0 {
				t.Errorf("synonym %q (group %q) has no searchable term", phrase, *g)
				continue
			}
			if words := strings.Fields(phrase); len(words) > 1 && len(terms) == 1 {
				t.Errorf("synonym %q (group %q) is searched as %q alone: a phrase of several words must keep more than one", phrase, *g, terms[0])
			}
		}
	}
}
