package search

import (
	"encoding/json"
	"fmt"
	"slices"
)

// synonyms expands a search with the other names of what it names: "Iran
// nuclear deal" also searches "Joint Comprehensive Plan of Action" and
// "JCPOA". Each group is a set of equivalent phrases; the loader builds the
// groups from every entity's name and aliases and from the corpus's own
// synonym and paraphrase lists, and stores them with the index.
//
// Phrases are matched by their analyzed terms, so a phrase is found in any
// of its word forms and spellings ("North Atlantic Treaty Organisation" is
// "North Atlantic Treaty Organization").
type synonyms struct {
	groups  [][]string   // the phrases of each group, as written
	terms   [][][]string // the same phrases analyzed
	byFirst map[string][]synonym
}

type synonym struct {
	group, phrase int
}

// maxAlternatives bounds how many other phrases one match adds to a query.
const maxAlternatives = 8

const synonymsKey = "synonyms"

func (ix *Index) newSynonyms(groups [][]string) *synonyms {
	s := &synonyms{groups: groups, terms: make([][][]string, len(groups)), byFirst: map[string][]synonym{}}
	for g, phrases := range groups {
		s.terms[g] = make([][]string, len(phrases))
		for p, phrase := range phrases {
			terms := ix.terms(phrase)
			s.terms[g][p] = terms
			if len(terms) > 0 {
				s.byFirst[terms[0]] = append(s.byFirst[terms[0]], synonym{group: g, phrase: p})
			}
		}
	}
	return s
}

// SetSynonyms stores groups of equivalent phrases with the index and uses
// them from now on.
func (ix *Index) SetSynonyms(groups [][]string) error {
	if err := ix.setInternalJSON(synonymsKey, "synonyms", groups); err != nil {
		return err
	}
	ix.synonyms = ix.newSynonyms(groups)
	return nil
}

func (ix *Index) loadSynonyms() error {
	var groups [][]string
	err := ix.internalJSON(synonymsKey, "synonyms", &groups)
	ix.synonyms = ix.newSynonyms(groups)
	return err
}

// setInternalJSON keeps v, as JSON, with the index under key; what names
// it in an error.
func (ix *Index) setInternalJSON(key, what string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if err := ix.bleve.SetInternal([]byte(key), data); err != nil {
		return fmt.Errorf("store %s: %w", what, err)
	}
	return nil
}

// internalJSON reads into v what setInternalJSON kept under key; v is left
// as it is when the index keeps nothing there.
func (ix *Index) internalJSON(key, what string, v any) error {
	data, err := ix.bleve.GetInternal([]byte(key))
	if err != nil || len(data) == 0 {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("read %s: %w", what, err)
	}
	return nil
}

// match finds the longest phrase of any group whose terms start at
// terms[i], and returns its length (in terms) and the other phrases of its
// groups.
func (s *synonyms) match(terms []string, i int) (int, []string) {
	best, groups := s.matchGroups(terms, i)
	if best == 0 {
		return 0, nil
	}
	var alts []string
	for _, g := range groups {
		for p, phrase := range s.groups[g] {
			if len(alts) < maxAlternatives && !slices.Equal(s.terms[g][p], terms[i:i+best]) && len(s.terms[g][p]) > 0 && !slices.Contains(alts, phrase) {
				alts = append(alts, phrase)
			}
		}
	}
	return best, alts
}

// matchGroups finds the longest phrase of any group whose terms start at
// terms[i]: its length in terms, and every group that holds a phrase of
// that length there.
func (s *synonyms) matchGroups(terms []string, i int) (int, []int) {
	if s == nil {
		return 0, nil
	}
	best := 0
	var groups []int
	for _, c := range s.byFirst[terms[i]] {
		cand := s.terms[c.group][c.phrase]
		n := len(cand)
		if i+n > len(terms) || n < best || !slices.Equal(terms[i:i+n], cand) {
			continue
		}
		if n > best {
			best, groups = n, nil
		}
		if !slices.Contains(groups, c.group) {
			groups = append(groups, c.group)
		}
	}
	return best, groups
}
