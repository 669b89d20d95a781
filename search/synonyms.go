package search

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// synonyms expands a query with the other names of what it names: "Iran
// nuclear deal" also searches "Joint Comprehensive Plan of Action" and
// "JCPOA". Each group is a set of equivalent phrases; the loader builds the
// groups from every entity's name and aliases and from the corpus's own
// synonym lists, and stores them with the index.
type synonyms struct {
	groups  [][]string           // the phrases of each group, as written
	byFirst map[string][]synonym // first normalized word → phrases starting with it
}

type synonym struct {
	words []string // normalized
	group int
}

// maxAlternatives bounds how many other phrases one match adds to a query.
const maxAlternatives = 8

const synonymsKey = "synonyms"

func newSynonyms(groups [][]string) *synonyms {
	s := &synonyms{groups: groups, byFirst: map[string][]synonym{}}
	for i, g := range groups {
		for _, phrase := range g {
			words := strings.Fields(normalizeName(phrase))
			if len(words) == 0 {
				continue
			}
			s.byFirst[words[0]] = append(s.byFirst[words[0]], synonym{words: words, group: i})
		}
	}
	return s
}

// SetSynonyms stores groups of equivalent phrases with the index and uses
// them from now on.
func (ix *Index) SetSynonyms(groups [][]string) error {
	data, err := json.Marshal(groups)
	if err != nil {
		return err
	}
	if err := ix.bleve.SetInternal([]byte(synonymsKey), data); err != nil {
		return fmt.Errorf("store synonyms: %w", err)
	}
	ix.synonyms = newSynonyms(groups)
	return nil
}

func (ix *Index) loadSynonyms() error {
	data, err := ix.bleve.GetInternal([]byte(synonymsKey))
	if err != nil || len(data) == 0 {
		ix.synonyms = newSynonyms(nil)
		return err
	}
	var groups [][]string
	if err := json.Unmarshal(data, &groups); err != nil {
		return fmt.Errorf("read synonyms: %w", err)
	}
	ix.synonyms = newSynonyms(groups)
	return nil
}

// match finds the longest phrase of any group that starts at words[i], and
// returns its length (in words) and the other phrases of its groups.
func (s *synonyms) match(words []string, i int) (int, []string) {
	if s == nil {
		return 0, nil
	}
	best := 0
	var groups []int
	for _, cand := range s.byFirst[words[i]] {
		n := len(cand.words)
		if i+n > len(words) || !slices.Equal(words[i:i+n], cand.words) || n < best {
			continue
		}
		if n > best {
			best, groups = n, nil
		}
		groups = append(groups, cand.group)
	}
	if best == 0 {
		return 0, nil
	}
	typed := strings.Join(words[i:i+best], " ")
	var alts []string
	for _, g := range groups {
		for _, phrase := range s.groups[g] {
			if normalizeName(phrase) != typed && !slices.Contains(alts, phrase) && len(alts) < maxAlternatives {
				alts = append(alts, phrase)
			}
		}
	}
	return best, alts
}
