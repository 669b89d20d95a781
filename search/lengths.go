package search

import (
	"context"
	"encoding/json"
	"math"
	"sync"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
)

// BM25 normalizes a field's term frequency by the field's length against
// the average length of that field. Bleve estimates the average as the
// number of distinct terms the field holds (summed over segments) over the
// number of records: 2 words for the treaty texts' text field, whose
// records hold 15 on average, and 6 for the essay's, against 23; so BM25
// scored nearly every record as several times too long, and favoured the
// shortest. The index therefore counts its fields' real lengths as it
// writes them (the tokens Bleve analysed, and the records that have the
// field), keeps the totals with the index, and hands Bleve the true
// averages with every search. The averages are then the same in memory and
// on disk, however the segments fall.

// fieldLengthsKey is where an index keeps its field lengths.
const fieldLengthsKey = "field_lengths"

// fieldLengths are the totals of an index's analysed fields.
type fieldLengths struct {
	mu sync.Mutex
	// Tokens is the tokens each field holds, over all records; Records
	// how many records have the field at all.
	Tokens  map[string]uint64 `json:"tokens"`
	Records map[string]uint64 `json:"records"`
}

func newFieldLengths() *fieldLengths {
	return &fieldLengths{Tokens: map[string]uint64{}, Records: map[string]uint64{}}
}

// count adds the lengths of docs, which Bleve has analysed.
func (fl *fieldLengths) count(docs []*document.Document) {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	seen := map[string]bool{}
	for _, d := range docs {
		// A record may hold a field in several parts (the text field has
		// its name, heading and body apart): Bleve's length of the field
		// is their sum, and the record counts once.
		clear(seen)
		d.VisitFields(func(f index.Field) {
			if n := f.AnalyzedLength(); n > 0 && lengthNormalized(f.Name()) {
				fl.Tokens[f.Name()] += uint64(n)
				if !seen[f.Name()] {
					seen[f.Name()] = true
					fl.Records[f.Name()]++
				}
			}
		})
	}
}

// average is a field's mean length over the records that have it; false
// when none has.
func (fl *fieldLengths) average(field string) (float64, bool) {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	n := fl.Records[field]
	if n == 0 {
		return 0, false
	}
	return float64(fl.Tokens[field]) / float64(n), true
}

func (fl *fieldLengths) marshal() ([]byte, error) {
	fl.mu.Lock()
	defer fl.mu.Unlock()
	return json.Marshal(fl)
}

// lengthNormalized reports whether a field's scores are normalized by its
// true length: the fields of words (the text, pairs, heading, name and
// alias fields). The key fields (exact names, defined terms, themes, ids)
// hold a few whole values, and keep Bleve's estimate, which their boosts
// are weighed against.
func lengthNormalized(field string) bool {
	switch field {
	case fieldName, fieldAliases:
		return true
	}
	for _, l := range languages {
		if field == l.text || field == l.pairs || field == l.heading {
			return true
		}
	}
	return false
}

// saveLengths keeps the field lengths with the index.
func (ix *Index) saveLengths() error {
	data, err := ix.lengths.marshal()
	if err != nil {
		return err
	}
	return ix.setInternalJSON(fieldLengthsKey, "field lengths", json.RawMessage(data))
}

// loadLengths reads the field lengths an index keeps.
func (ix *Index) loadLengths() error {
	ix.lengths = newFieldLengths()
	return ix.internalJSON(fieldLengthsKey, "field lengths", ix.lengths)
}

// bm25Stats are the statistics Bleve's BM25 reads for a generation of the
// index: its record count, and for each field a "cardinality" that Bleve
// divides by the record count to get the field's average length.
type bm25Stats struct {
	generation uint64
	stats      *search.BM25Stats
}

// withBM25 returns ctx carrying the index's true field lengths for Bleve's
// BM25 (see the top of this file).
func (ix *Index) withBM25(ctx context.Context) (context.Context, error) {
	gen := ix.generation.Load()
	if s := ix.bm25.Load(); s != nil && s.generation == gen {
		return context.WithValue(ctx, search.BM25StatsKey, s.stats), nil
	}
	r, err := ix.reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	stats, err := ix.bm25For(r)
	if err != nil {
		return nil, err
	}
	ix.bm25.Store(&bm25Stats{generation: gen, stats: stats})
	return context.WithValue(ctx, search.BM25StatsKey, stats), nil
}

// bm25For works out the statistics from a reader: Bleve's own estimate for
// every field the mapping or the index has, replaced by the true average
// where the index counted it. Bleve refuses a search on a field missing
// from the statistics, so every field is there.
func (ix *Index) bm25For(r index.IndexReader) (*search.BM25Stats, error) {
	n, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	fields, err := r.Fields()
	if err != nil {
		return nil, err
	}
	if m, ok := ix.bleve.Mapping().(*mapping.IndexMappingImpl); ok {
		fields = append(fields, mappedFields(m.DefaultMapping, "")...)
	}
	// Bleve's disjunction of unscored terms reads them as one term
	// searcher on the field "*".
	fields = append(fields, "*")
	bm, _ := r.(index.BM25Reader)
	stats := &search.BM25Stats{DocCount: float64(n), FieldCardinality: make(map[string]int, len(fields))}
	for _, f := range fields {
		if _, done := stats.FieldCardinality[f]; done {
			continue
		}
		if avg, ok := ix.lengths.average(f); ok && n > 0 {
			// Bleve takes ceil(cardinality / records) as the average.
			stats.FieldCardinality[f] = int(math.Round(avg * float64(n)))
			continue
		}
		card := 0
		if bm != nil {
			if card, err = bm.FieldCardinality(f); err != nil {
				return nil, err
			}
		}
		stats.FieldCardinality[f] = card
	}
	return stats, nil
}

// mappedFields is every field name a document mapping defines.
func mappedFields(dm *mapping.DocumentMapping, path string) []string {
	if dm == nil {
		return nil
	}
	var out []string
	for name, sub := range dm.Properties {
		full := name
		if path != "" {
			full = path + "." + name
		}
		for _, f := range sub.Fields {
			if f.Name != "" && f.Name != name {
				out = append(out, f.Name)
			} else {
				out = append(out, full)
			}
		}
		out = append(out, mappedFields(sub, full)...)
	}
	return out
}
