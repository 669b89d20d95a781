package search

import (
	"sync"
	"sync/atomic"

	index "github.com/blevesearch/bleve_index_api"
)

// vocabFields are the index's small fields: names, aliases, headings and
// the whole-name and key fields. Their words are few, so the index keeps
// them in memory, and a search asks these fields only for words they
// hold: a boost whose word no record has in that field adds nothing to
// any score, and would cost a searcher.
var vocabFields = func() []string {
	fields := []string{fieldName, fieldAliases, fieldExact, fieldDefines, fieldThemeKeys}
	for _, l := range languages {
		fields = append(fields, l.heading)
	}
	return fields
}()

// vocab is the words of vocabFields, read from the index as it was at one
// generation (see Index.generation).
type vocab struct {
	generation uint64
	words      map[string]map[string]struct{} // field → words
	// languages are those the records are in, with how many records
	// each has (see languagesIn).
	languages []*language
	counts    []uint64
	// freqs remembers how many records hold a term in a field, asked by
	// the searches of this generation (spelling, weights, spans): at
	// most maxFreqs of them, the statistics of an index that does not
	// change until its generation does.
	freqsMu sync.RWMutex
	freqs   map[freqKey]uint64
}

type freqKey struct{ field, term string }

// maxFreqs bounds the document frequencies a generation remembers.
const maxFreqs = 1 << 16

// freq is a remembered document frequency.
func (v *vocab) freq(field, term string) (uint64, bool) {
	v.freqsMu.RLock()
	defer v.freqsMu.RUnlock()
	n, ok := v.freqs[freqKey{field, term}]
	return n, ok
}

// remember keeps a document frequency, while there is room.
func (v *vocab) remember(field, term string, n uint64) {
	v.freqsMu.Lock()
	defer v.freqsMu.Unlock()
	if v.freqs == nil {
		v.freqs = map[freqKey]uint64{}
	}
	if len(v.freqs) < maxFreqs {
		v.freqs[freqKey{field, term}] = n
	}
}

// has says whether some record holds word in field; of the other fields
// it says yes, as it cannot know.
func (v *vocab) has(field, word string) bool {
	words, ok := v.words[field]
	if !ok {
		return true
	}
	_, found := words[word]
	return found
}

// vocabulary is the vocabulary of the index as it is now, read once per
// generation: an index that is built and then only read reads it once.
func (ix *Index) vocabulary(r index.IndexReader) (*vocab, error) {
	gen := ix.generation.Load()
	if v := ix.vocab.Load(); v != nil && v.generation == gen {
		return v, nil
	}
	v := &vocab{generation: gen, words: map[string]map[string]struct{}{}}
	for _, field := range vocabFields {
		words, err := fieldWords(r, field)
		if err != nil {
			return nil, err
		}
		v.words[field] = words
	}
	v.languages, v.counts = languagesIn(r)
	ix.vocab.Store(v)
	return v, nil
}

func fieldWords(r index.IndexReader, field string) (map[string]struct{}, error) {
	d, err := r.FieldDict(field)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	words := map[string]struct{}{}
	for e, err := d.Next(); e != nil || err != nil; e, err = d.Next() {
		if err != nil {
			return nil, err
		}
		words[e.Term] = struct{}{}
	}
	return words, nil
}

// vocabState is what an Index keeps of its vocabulary.
type vocabState struct {
	generation atomic.Uint64 // counts the batches added
	vocab      atomic.Pointer[vocab]
}
