package search

import (
	"bytes"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/blevesearch/vellum"
	lev "github.com/blevesearch/vellum/levenshtein"
)

// The spell fields (every word of a record as written, lower-cased, in
// the record's language) are read for two things only: how many records
// hold a word, and which words lie within an edit or two of one. Neither
// needs postings, and writing them as postings was a quarter of the
// build. So a spell field is analysed as before, in Bleve's analysis
// workers, but gives Bleve no terms: the index counts each record's
// distinct words itself and keeps, for each spell field, one finite-state
// transducer from word to record count (vellum's, as Bleve's own term
// dictionaries are) with the index. Searches look words up in it, and
// walk it with a Levenshtein automaton for corrections.

// wordListKey prefixes the internal keys a field's word list is kept at.
const wordListKey = "words:"

// wordList is an index's spell-field words. counts grows with each Add
// (an index opened read-only has none); fsts is what searches read,
// rebuilt from counts when an Add ends.
type wordList struct {
	mu     sync.Mutex
	counts map[string]map[string]uint64 // field → word → records
	fsts   atomic.Pointer[map[string]*vellum.FST]
}

func newWordList() *wordList {
	w := &wordList{counts: map[string]map[string]uint64{}}
	w.fsts.Store(&map[string]*vellum.FST{})
	return w
}

// saveWords rebuilds the word lists after an Add and keeps them with the
// index.
func (ix *Index) saveWords() error {
	return ix.words.build(func(field string, data []byte) error {
		if err := ix.bleve.SetInternal([]byte(wordListKey+field), data); err != nil {
			return fmt.Errorf("store word list %s: %w", field, err)
		}
		return nil
	})
}

// isSpellField reports whether field is a language's spell field.
func isSpellField(field string) bool {
	for _, l := range languages {
		if field == l.spell {
			return true
		}
	}
	return false
}

// wordsField is a spell field: analysed as any text field, it keeps the
// distinct words it finds for the word list and gives Bleve none to
// index.
type wordsField struct {
	*document.TextField
	analyzer analysis.Analyzer
	words    []string
}

func (f *wordsField) Analyze() {
	seen := make(map[string]struct{})
	for _, t := range f.analyzer.Analyze(f.Value()) {
		if _, ok := seen[string(t.Term)]; !ok {
			w := string(t.Term)
			seen[w] = struct{}{}
			f.words = append(f.words, w)
		}
	}
}

// asWordsFields makes the spell fields of doc wordsFields, analysed by
// analyzer where share has not given them the record's shared pass.
func asWordsFields(doc *document.Document, analyzer analysis.Analyzer) {
	for i, f := range doc.Fields {
		if tf, ok := f.(*document.TextField); ok && isSpellField(tf.Name()) {
			doc.Fields[i] = &wordsField{TextField: tf, analyzer: analyzer}
		}
	}
}

// count adds the words of docs, which Bleve has analysed: each word once
// per record and field (a record's spelling field comes in several parts,
// its name, heading and body, each already without repeats).
func (w *wordList) count(docs []*document.Document) {
	w.mu.Lock()
	defer w.mu.Unlock()
	seen := map[[2]string]bool{} // field and word
	for _, d := range docs {
		clear(seen)
		d.VisitFields(func(f index.Field) {
			wf, ok := f.(*wordsField)
			if !ok {
				return
			}
			counts := w.counts[wf.Name()]
			if counts == nil {
				counts = map[string]uint64{}
				w.counts[wf.Name()] = counts
			}
			for _, word := range wf.words {
				if key := [2]string{wf.Name(), word}; !seen[key] {
					seen[key] = true
					counts[word]++
				}
			}
			wf.words = nil
		})
	}
}

// build makes each field's transducer from the counts, for searches and
// to keep with the index (save is called with each field's bytes).
func (w *wordList) build(save func(field string, data []byte) error) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	fsts := map[string]*vellum.FST{}
	for field, counts := range w.counts {
		words := make([]string, 0, len(counts))
		for word := range counts {
			words = append(words, word)
		}
		slices.Sort(words)
		var buf bytes.Buffer
		b, err := vellum.New(&buf, nil)
		if err != nil {
			return err
		}
		for _, word := range words {
			if err := b.Insert([]byte(word), counts[word]); err != nil {
				return fmt.Errorf("word list %s: %w", field, err)
			}
		}
		if err := b.Close(); err != nil {
			return fmt.Errorf("word list %s: %w", field, err)
		}
		if err := save(field, buf.Bytes()); err != nil {
			return err
		}
		fst, err := vellum.Load(buf.Bytes())
		if err != nil {
			return fmt.Errorf("word list %s: %w", field, err)
		}
		fsts[field] = fst
	}
	w.fsts.Store(&fsts)
	return nil
}

// load reads the word lists an index keeps, with get reading an internal
// key.
func (w *wordList) load(get func(key string) ([]byte, error)) error {
	fsts := map[string]*vellum.FST{}
	for _, l := range languages {
		data, err := get(wordListKey + l.spell)
		if err != nil {
			return err
		}
		if len(data) == 0 {
			continue
		}
		fst, err := vellum.Load(data)
		if err != nil {
			return fmt.Errorf("read word list %s: %w", l.spell, err)
		}
		fsts[l.spell] = fst
	}
	w.fsts.Store(&fsts)
	return nil
}

// records is how many records hold word in field.
func (w *wordList) records(field, word string) uint64 {
	fst := (*w.fsts.Load())[field]
	if fst == nil {
		return 0
	}
	n, ok, err := fst.Get([]byte(word))
	if err != nil || !ok {
		return 0
	}
	return n
}

// Levenshtein automata builders, as Bleve's fuzzy term dictionaries use:
// a swap of neighbouring letters is one edit.
var levBuilders = sync.OnceValues(func() ([]*lev.LevenshteinAutomatonBuilder, error) {
	var out []*lev.LevenshteinAutomatonBuilder
	for _, d := range []uint8{1, 2} {
		b, err := lev.NewLevenshteinAutomatonBuilder(d, true)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
})

// near calls fn with each word of field within edits (1 or 2) of word
// that starts with prefix, and its record count.
func (w *wordList) near(field, word string, edits int, prefix string, fn func(word string, records uint64)) error {
	fst := (*w.fsts.Load())[field]
	if fst == nil {
		return nil
	}
	builders, err := levBuilders()
	if err != nil {
		return err
	}
	if edits < 1 || edits > len(builders) {
		return fmt.Errorf("near: %d edits", edits)
	}
	dfa, err := builders[edits-1].BuildDfa(word, uint8(edits))
	if err != nil {
		return err
	}
	var start, end []byte
	if prefix != "" {
		start, end = []byte(prefix), prefixEnd([]byte(prefix))
	}
	it, err := fst.Search(dfa, start, end)
	for err == nil {
		k, v := it.Current()
		fn(string(k), v)
		err = it.Next()
	}
	if err == vellum.ErrIteratorDone {
		return nil
	}
	return err
}

// prefixEnd is the first key after every key that starts with prefix; nil
// when there is none.
func prefixEnd(prefix []byte) []byte {
	end := slices.Clone(prefix)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}
