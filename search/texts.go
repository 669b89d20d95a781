package search

import "slices"

// A treaty's own text. When a document is the text of an agreement (its
// front matter or the corpus's manifest says so; the passages' TextOf), a
// search that names the agreement ("article 1 CTBT", "withdrawal from the
// NPT") is asked of its text too: the passages of that text satisfy the
// name's clauses, as the agreement's own record does, although a treaty
// rarely writes its own name in its articles. The loader tells the index
// each such agreement's names (SetTexts); the index keeps them with it.

const textsKey = "texts"

// texts are the names of the agreements whose text the index holds,
// analysed as a search's words are, each group of names with the record
// id of its agreement.
type texts struct {
	names *synonyms
	ids   []string // per group of names
}

// SetTexts stores, for each agreement whose text the index holds (by its
// record id, "agreement:ctbt"), the names it goes by, and uses them from
// now on.
func (ix *Index) SetTexts(byID map[string][]string) error {
	if err := ix.setInternalJSON(textsKey, "the texts' names", byID); err != nil {
		return err
	}
	ix.texts = ix.newTexts(byID)
	return nil
}

func (ix *Index) loadTexts() error {
	var byID map[string][]string
	err := ix.internalJSON(textsKey, "the texts' names", &byID)
	ix.texts = ix.newTexts(byID)
	return err
}

func (ix *Index) newTexts(byID map[string][]string) *texts {
	ids := make([]string, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	slices.Sort(ids) // the groups in a fixed order
	groups := make([][]string, len(ids))
	for i, id := range ids {
		groups[i] = byID[id]
	}
	return &texts{names: ix.newSynonyms(groups), ids: ids}
}

// textSpan is a run of words that names agreements whose texts the index
// holds.
type textSpan struct {
	first, last int // word indexes, inclusive
	ids         []string
}

// find finds, from left to right, the longest run of content words at
// each word that is a name of an agreement with a text.
func (t *texts) find(words []word) []textSpan {
	if t == nil || len(t.ids) == 0 {
		return nil
	}
	flat, owner := contentTerms(words)
	var out []textSpan
	for f := 0; f < len(flat); {
		if f > 0 && owner[f] == owner[f-1] {
			f++
			continue
		}
		n, groups := t.names.matchGroups(flat, f)
		if n == 0 || f+n < len(flat) && owner[f+n] == owner[f+n-1] {
			f++
			continue
		}
		s := textSpan{first: owner[f], last: owner[f+n-1]}
		for _, g := range groups {
			s.ids = append(s.ids, t.ids[g])
		}
		out = append(out, s)
		f += n
	}
	return out
}
