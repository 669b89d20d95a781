package search

import (
	"sort"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/analysis/tokenmap"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// MappingVersion changes whenever the mapping or the analysis changes, so
// that an index built by another version is refused instead of answering
// wrongly.
const MappingVersion = 18

// Field names in the index. Text fields are analyzed for search; keyword
// fields hold ids and vocabulary values for filters and facets.
const (
	fieldType          = "type"
	fieldName          = "name"
	fieldAliases       = "aliases"
	fieldHeading       = "heading"
	fieldBody          = "body"      // stored only: searched through the text field
	fieldText          = "text"      // name, aliases, heading and body, each written as often as it weighs (boosts)
	fieldPairs         = "pairs"     // the text's neighbouring terms in pairs, for proximity
	fieldDefines       = "defines"   // the terms a passage defines, analyzed and joined whole
	fieldThemeKeys     = "themekeys" // an entity's own themes as words, analyzed and joined whole
	fieldKind          = "kind"
	fieldThemes        = "themes"
	fieldParties       = "parties"
	fieldOrganizations = "organizations"
	fieldAgreements    = "agreements"
	fieldCountries     = "countries"
	fieldTrends        = "trends"
	fieldTopics        = "topics"
	fieldDecade        = "decade"
	fieldCentury       = "century"
	fieldObligations   = "obligations"
	fieldSigned        = "signed"
	fieldDocument      = "document"
	fieldPosition      = "position" // zero-padded, so it sorts as a string
	fieldSource        = "src"      // the stored record that hydrates a hit
	fieldSpell         = "spell"    // every word unstemmed, for spelling corrections
	fieldExact         = "exact"    // names and aliases normalized whole, for exact-name matches
	fieldArticle       = "article"  // the article of a legal text a passage sits in
	fieldTextOf        = "textof"   // the agreement whose text a passage is part of
	fieldMeta          = "meta"     // a document's scalar front matter as key=value, for filters
	fieldLanguage      = "language" // a record's language code (language.go: the fields of each language)
)

const (
	analyzerText  = "pactgraph_en"       // index time: with joined compounds
	analyzerQuery = "pactgraph_en_query" // query time: the same without them
	analyzerSpell = "pactgraph_words"    // lower-cased words, not stemmed
	analyzerPairs = "pactgraph_en_pairs" // the query analysis, then pairs of neighbouring terms
	tokenMapStop  = "pactgraph_stop_words"
	filterStop    = "pactgraph_stop"
)

// buildMapping is the one place the index layout is defined.
func buildMapping() (*mapping.IndexMappingImpl, error) {
	m := mapping.NewIndexMapping()
	m.ScoringModel = index.BM25Scoring
	m.DefaultAnalyzer = analyzerText
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false

	if err := addAnalysis(m); err != nil {
		return nil, err
	}
	if err := addLanguageAnalysis(m); err != nil {
		return nil, err
	}
	// text is a text field with term vectors, for highlights.
	text := func(analyzer string) *mapping.FieldMapping {
		f := plainField(analyzer, true, false)
		f.IncludeTermVectors = true
		return f
	}
	// keywordField is matched whole; docValues for the fields that facets
	// and sorting read.
	keywordField := func(docValues bool) *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = docValues
		return f
	}
	doc := mapping.NewDocumentMapping()
	doc.Dynamic = false
	doc.AddFieldMappingsAt(fieldText, text(analyzerText))
	doc.AddFieldMappingsAt(fieldPairs, plainField(analyzerPairs, true, false))
	// Name, aliases and heading are small, and indexed alone too for
	// ADVANCED text's name:, aliases: and heading:.
	doc.AddFieldMappingsAt(fieldName, text(analyzerText))
	doc.AddFieldMappingsAt(fieldAliases, text(analyzerText))
	doc.AddFieldMappingsAt(fieldHeading, text(analyzerText))
	addLanguageFields(doc, text)
	doc.AddFieldMappingsAt(fieldBody, plainField("", false, true))
	for _, f := range []string{fieldDefines, fieldThemeKeys, fieldExact, fieldArticle, fieldMeta} {
		doc.AddFieldMappingsAt(f, keywordField(false))
	}
	for _, f := range []string{fieldType, fieldKind, fieldThemes, fieldParties, fieldOrganizations,
		fieldAgreements, fieldCountries, fieldTrends, fieldTopics, fieldDecade, fieldCentury, fieldObligations, fieldDocument, fieldPosition, fieldTextOf,
		fieldLanguage} {
		doc.AddFieldMappingsAt(f, keywordField(true))
	}
	signed := mapping.NewDateTimeFieldMapping()
	signed.IncludeInAll = false
	doc.AddFieldMappingsAt(fieldSigned, signed)
	doc.AddFieldMappingsAt(fieldSpell, plainField(analyzerSpell, true, false))
	doc.AddFieldMappingsAt(fieldSource, plainField("", false, true))

	m.DefaultMapping = doc
	m.DefaultField = fieldText
	return m, m.Validate()
}

// addAnalysis defines pactgraph's analyzers: English text at index and
// at query time, and plain words for spelling corrections.
func addAnalysis(m *mapping.IndexMappingImpl) error {
	// Stop words: Bleve's English list, with "us" taken out should a
	// future list add it, since dropping it would lose the US in
	// "US–Japan". (The search tests check that "us" is searchable.)
	if err := m.AddCustomTokenMap(tokenMapStop, map[string]any{
		"type":   tokenmap.Name,
		"tokens": stopWords(),
	}); err != nil {
		return err
	}
	if err := m.AddCustomTokenFilter(filterStop, map[string]any{
		"type":           stop.Name,
		"stop_token_map": tokenMapStop,
	}); err != nil {
		return err
	}
	// Apostrophes are folded in the terms (a token filter), not in the text:
	// a character filter would change byte lengths and shift highlights.
	filters := []any{filterApostrophes, filterAcronyms, en.PossessiveName, lowercase.Name, filterSpelling, filterStop, en.SnowballStemmerName}
	for name, tokenizer := range map[string]string{analyzerText: tokenizerCompound, analyzerQuery: unicode.Name} {
		if err := m.AddCustomAnalyzer(name, map[string]any{
			"type":          custom.Name,
			"tokenizer":     tokenizer,
			"token_filters": filters,
		}); err != nil {
			return err
		}
	}
	if err := m.AddCustomAnalyzer(analyzerPairs, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": append(filters, filterPairs),
	}); err != nil {
		return err
	}
	if err := m.AddCustomAnalyzer(analyzerSpell, map[string]any{
		"type":          custom.Name,
		"tokenizer":     tokenizerCompound, // "non-proliferation" is also one word
		"token_filters": []any{filterApostrophes, filterAcronyms, en.PossessiveName, lowercase.Name},
	}); err != nil {
		return err
	}

	return nil
}

// plainField is a text field without term vectors or doc values: indexed
// with analyzer, or stored only.
func plainField(analyzer string, index, store bool) *mapping.FieldMapping {
	f := mapping.NewTextFieldMapping()
	f.Analyzer = analyzer
	f.Index = index
	f.Store = store
	f.IncludeInAll = false
	f.IncludeTermVectors = false
	f.DocValues = false
	return f
}

// stopWords is Bleve's English stop list, never with "us".
func stopWords() []any {
	tm := analysis.NewTokenMap()
	if err := tm.LoadBytes(en.EnglishStopWords); err != nil {
		panic(err) // the list is compiled into Bleve
	}
	var words []string
	for w := range tm {
		if w != "us" {
			words = append(words, w)
		}
	}
	sort.Strings(words)
	out := make([]any, len(words))
	for i, w := range words {
		out[i] = w
	}
	return out
}
