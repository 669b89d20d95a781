package search

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/it"
	"github.com/blevesearch/bleve/v2/analysis/lang/nl"
	"github.com/blevesearch/bleve/v2/analysis/lang/pt"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// The index analyses each language apart: a record's text is written to
// the text fields of its language, analysed by that language's analysers
// (Bleve's stop words and stemmer), and a search reads its words in the
// language of the records it looks for. English is the language of the
// curated entities and the default: its fields are text, pairs, heading
// and spell, and a record of a language without an analyser of its own
// ("und") is analysed as English. Every other language has the same
// fields with its code after them (text_nl). An index without records of
// a language never searches its fields.

// language is one language the index analyses: the fields its records'
// text is written to, and its analysers.
type language struct {
	code string
	// filters are Bleve's token filters for the language, in Bleve's
	// order, after lower-casing.
	filters []string
	// Fields: the whole text (for clauses), neighbouring pairs (for
	// proximity), headings (for their boost) and unstemmed words (for
	// spelling corrections and the weight of a word).
	text, pairs, heading, spell string
	// Analysers: at index time (with joined compounds), at query time,
	// and the query analysis in pairs.
	index, query, pairsAnalyzer string
}

var english = &language{code: "en", text: fieldText, pairs: fieldPairs, heading: fieldHeading, spell: fieldSpell,
	index: analyzerText, query: analyzerQuery, pairsAnalyzer: analyzerPairs}

// languages is the language table, English first. To analyse another
// language Bleve ships, add a line.
var languages = []*language{
	english,
	otherLanguage("nl", nl.StopName, nl.SnowballStemmerName),
	otherLanguage("fr", fr.ElisionName, fr.StopName, fr.LightStemmerName),
	otherLanguage("de", de.StopName, de.NormalizeName, de.LightStemmerName),
	otherLanguage("es", es.StopName, es.NormalizeName, es.LightStemmerName),
	otherLanguage("it", it.ElisionName, it.StopName, it.LightStemmerName),
	otherLanguage("pt", pt.StopName, pt.LightStemmerName),
}

func otherLanguage(code string, filters ...string) *language {
	return &language{code: code, filters: filters,
		text: fieldText + "_" + code, pairs: fieldPairs + "_" + code, heading: fieldHeading + "_" + code, spell: fieldSpell + "_" + code,
		index: "pactgraph_" + code, query: "pactgraph_" + code + "_query", pairsAnalyzer: "pactgraph_" + code + "_pairs"}
}

// languageOf is the language a record of a language code is analysed in:
// its own, or English for a code without an analyser.
func languageOf(code string) *language {
	for _, l := range languages {
		if l.code == code {
			return l
		}
	}
	return english
}

// Languages lists the codes of the languages the index analyses each with
// its own analyser, English first.
func Languages() []string {
	out := make([]string, len(languages))
	for i, l := range languages {
		out[i] = l.code
	}
	return out
}

// Analysed reports whether the index analyses a language with its own
// analyser.
func Analysed(code string) bool { return languageOf(code).code == code }

// addLanguageAnalysis defines the analysers of the languages other than
// English (addAnalysis defines English's): the tokenizer and apostrophes
// as English has them, then Bleve's filters for the language.
func addLanguageAnalysis(m *mapping.IndexMappingImpl) error {
	for _, l := range languages[1:] {
		filters := []any{filterApostrophes, filterAcronyms, lowercase.Name}
		for _, f := range l.filters {
			filters = append(filters, f)
		}
		for name, a := range map[string]struct {
			tokenizer string
			filters   []any
		}{
			l.index:         {tokenizerCompound, filters},
			l.query:         {unicode.Name, filters},
			l.pairsAnalyzer: {unicode.Name, append(slices.Clip(filters), filterPairs)},
		} {
			if err := m.AddCustomAnalyzer(name, map[string]any{
				"type": "custom", "tokenizer": a.tokenizer, "token_filters": a.filters,
			}); err != nil {
				return fmt.Errorf("analyser of %s: %w", l.code, err)
			}
		}
	}
	return nil
}

// addLanguageFields maps the fields of the languages other than English.
func addLanguageFields(doc *mapping.DocumentMapping, text func(analyzer string) *mapping.FieldMapping) {
	for _, l := range languages[1:] {
		doc.AddFieldMappingsAt(l.text, text(l.index))
		doc.AddFieldMappingsAt(l.heading, text(l.index))
		doc.AddFieldMappingsAt(l.pairs, plainField(l.pairsAnalyzer, true, false))
		doc.AddFieldMappingsAt(l.spell, plainField(analyzerSpell, true, false))
	}
}

// analyze is text's terms by the named analyser.
func (ix *Index) analyze(analyzer, text string) []string {
	var out []string
	for _, t := range ix.bleve.Mapping().AnalyzerNamed(analyzer).Analyze([]byte(text)) {
		out = append(out, string(t.Term))
	}
	return out
}

// languages are the languages of the records the index holds, in the
// table's order, and how many records each has; English when it holds
// none.
func (d *dictionary) languages() ([]*language, []uint64) {
	return d.vocab.languages, d.vocab.counts
}

// languagesIn are the languages r's records are in, with how many records
// each has (English alone for an index without records).
func languagesIn(r index.IndexReader) ([]*language, []uint64) {
	found := map[*language]uint64{}
	if fd, err := r.FieldDict(fieldLanguage); err == nil {
		for e, err := fd.Next(); err == nil && e != nil; e, err = fd.Next() {
			// Each code's records are counted by its postings: the
			// dictionary's own count is 1 for every term after one held
			// by a single record (zapx reuses the postings list it reads
			// the count from without clearing that one-record form), as
			// for the treaty texts' 1,590 Dutch records after one French.
			found[languageOf(e.Term)] += termCount(r, fieldLanguage, e.Term)
		}
		fd.Close()
	}
	var out []*language
	var counts []uint64
	for _, l := range languages {
		if n, ok := found[l]; ok {
			out, counts = append(out, l), append(counts, n)
		}
	}
	if len(out) == 0 {
		return []*language{english}, []uint64{0}
	}
	return out, counts
}

// termCount is how many records hold term in field.
func termCount(r index.IndexReader, field, term string) uint64 {
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
	if err != nil {
		return 0
	}
	defer tfr.Close()
	return tfr.Count()
}

// searchLanguages are the languages a search reads its words in, the
// first one the one it is understood in: the language asked for; else of
// those the filter allows that the index holds, with decide the one whose
// vocabulary the words are (queryLanguage), or all of them when that is
// undecided or the filter names several.
func (ix *Index) searchLanguages(q *Query, dict *dictionary, decide bool) []*language {
	if q.Language != "" {
		return []*language{languageOf(q.Language)}
	}
	present, counts := dict.languages()
	if len(q.Filter.Languages) > 0 {
		var allowed []*language
		var n []uint64
		for i, l := range present {
			if slices.ContainsFunc(q.Filter.Languages, func(code string) bool { return languageOf(code) == l }) {
				allowed, n = append(allowed, l), append(n, counts[i])
			}
		}
		present, counts = allowed, n
		if len(present) == 0 {
			return []*language{english}
		}
	}
	// A filter that names several languages asks for records in each:
	// the words are read in all of them, not only in the likeliest.
	if len(present) == 1 || !decide || len(q.Filter.Languages) > 1 {
		return present
	}
	if l := ix.queryLanguage(q.Text, present, counts, dict); l != nil {
		return []*language{l}
	}
	return present
}

// languageMargin is how much likelier (as a log ratio: 4 to 1) one
// language must be than every other to decide a search's language; within
// it, the language with the most records wins.
var languageMargin = math.Log(4)

// queryLanguage decides which of the languages present a search's words
// are in, from the index's own vocabulary: a naive Bayes choice over the
// records, each language as likely as its share of them, and each word as
// likely in a language as the share of its records that hold it (so a
// word weighs by its rarity: one that a language's records hold rarely or
// never speaks against it). The words count as typed (the spell fields'
// unstemmed words, stop words too: "van" is Dutch), so that no stemmer
// maps another language's word onto its own (the English one makes
// "financiering" "financi", as in "financial"). Only when no language
// holds any word as typed do their stems count (a Dutch stemmer finds
// "kernproefexplosie" in "kernproefexplosies"). A language must be
// likelier than the others by languageMargin; languages within it of the
// likeliest (words they share: "jus cogens") go to the one with the most
// records. It returns nil when no language holds any word.
func (ix *Index) queryLanguage(text string, present []*language, counts []uint64, dict *dictionary) *language {
	var words []string
	for _, p := range parseSimple(text) {
		if !p.exclude {
			words = append(words, strings.Fields(p.text)...)
		}
	}
	for _, stemmed := range []bool{false, true} {
		scores, seen := ix.languageScores(words, stemmed, present, counts, dict)
		if !seen {
			continue
		}
		best := slices.Max(scores)
		pick := -1
		for i := range scores {
			if scores[i] >= best-languageMargin && (pick < 0 || counts[i] > counts[pick]) {
				pick = i
			}
		}
		return present[pick]
	}
	return nil
}

// languageScores are the log probability of each language given the
// words (up to a constant), and whether any language holds any of them: as
// typed, or with stemmed their stems in the languages' text fields (a
// stop word of any language then says nothing).
func (ix *Index) languageScores(words []string, stemmed bool, present []*language, counts []uint64, dict *dictionary) ([]float64, bool) {
	scores := make([]float64, len(present))
	var all float64
	for i := range present {
		scores[i] = math.Log(float64(counts[i]) + 1)
		all += float64(counts[i])
	}
	seen := false
	df := make([]uint64, len(present))
	for _, w := range words {
		stop := false
		for i, l := range present {
			field, terms := l.spell, ix.analyze(analyzerSpell, w)
			if stemmed {
				field, terms = l.text, ix.analyze(l.query, w)
			}
			stop = stop || len(terms) == 0
			df[i] = math.MaxUint64
			for _, t := range terms {
				df[i] = min(df[i], dict.docFreq(field, t))
			}
		}
		if stop {
			continue // punctuation, or a stop word of some language
		}
		for i := range present {
			// Half a record's worth of the word, spread over the
			// languages by their size: a word no language holds is as
			// likely in each.
			n := float64(counts[i]) + 1
			scores[i] += math.Log((float64(df[i]) + 0.5*n/(all+1)) / n)
			seen = seen || df[i] > 0
		}
	}
	return scores, seen
}

// correctedIn reports whether a search read in several languages, because
// none held any of its words as typed, is in the first one once its words
// are corrected.
func (ix *Index) correctedIn(q *Query, r *reading, readers []reader, dict *dictionary) bool {
	present, n := dict.languages()
	langs := make([]*language, len(readers))
	counts := make([]uint64, len(readers))
	for i, l := range readers {
		langs[i] = l.language
		if j := slices.Index(present, l.language); j >= 0 {
			counts[i] = n[j]
		}
	}
	return ix.queryLanguage(corrected(q.Text, r.corrections), langs, counts, dict) == readers[0].language
}
