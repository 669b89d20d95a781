package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
)

// An English record's text is written to three fields: text (the full
// analysis, joined compounds too), pairs (the same terms without the
// compounds, in neighbouring pairs) and spell (the words lower-cased,
// before spellings are folded, stop words dropped and words stemmed; kept
// in the word list, not as postings: words.go). The three analysers share
// their tokenizer and their first filters, so each piece of text is
// tokenized and filtered once, and the three streams are taken from that
// one pass (sharedAnalysis); the index holds exactly what the analysers
// would have written (TestSharedAnalysisAsAnalysers).

// sharedChains are the parts of the English analysers that one pass runs:
// the text analyser's tokenizer and filters, how many of those filters
// the spelling field runs too, and the pairs filter. nil when the
// mapping's analysers do not share them, and each field is analysed by
// its own analyser as usual.
type sharedChains struct {
	tokenizer   analysis.Tokenizer
	filters     []analysis.TokenFilter
	spellPrefix int
	pairs       analysis.TokenFilter
}

// newSharedChains checks that the spelling analyser is the text analyser
// cut after its first filters, and the pairs analyser the text analyser
// without compounds plus the pairs filter.
func newSharedChains(m *mapping.IndexMappingImpl) *sharedChains {
	text, ok1 := m.AnalyzerNamed(analyzerText).(*analysis.DefaultAnalyzer)
	spell, ok2 := m.AnalyzerNamed(analyzerSpell).(*analysis.DefaultAnalyzer)
	pairs, ok3 := m.AnalyzerNamed(analyzerPairs).(*analysis.DefaultAnalyzer)
	if !ok1 || !ok2 || !ok3 || len(text.CharFilters)+len(spell.CharFilters)+len(pairs.CharFilters) > 0 {
		return nil
	}
	if _, ok := text.Tokenizer.(compoundTokenizer); !ok || spell.Tokenizer != text.Tokenizer {
		return nil
	}
	if !prefixOf(spell.TokenFilters, text.TokenFilters) || len(pairs.TokenFilters) != len(text.TokenFilters)+1 ||
		!prefixOf(text.TokenFilters, pairs.TokenFilters) {
		return nil
	}
	if _, ok := pairs.TokenFilters[len(text.TokenFilters)].(pairsFilter); !ok {
		return nil
	}
	return &sharedChains{tokenizer: text.Tokenizer, filters: text.TokenFilters,
		spellPrefix: len(spell.TokenFilters), pairs: pairs.TokenFilters[len(text.TokenFilters)]}
}

func prefixOf(short, long []analysis.TokenFilter) bool {
	if len(short) > len(long) {
		return false
	}
	for i := range short {
		if short[i] != long[i] {
			return false
		}
	}
	return true
}

// analysedPiece is one piece of a record's text in its three streams.
type analysedPiece struct {
	text, pairs, spell analysis.TokenStream
}

// analyse runs the one pass over input.
func (c *sharedChains) analyse(input []byte) *analysedPiece {
	tokens := c.tokenizer.Tokenize(input)
	// The joined compounds, each right after its first word and at its
	// position, are left out of the pairs.
	compounds := map[*analysis.Token]bool{}
	for i := 1; i < len(tokens); i++ {
		if tokens[i].Position == tokens[i-1].Position && tokens[i].Start == tokens[i-1].Start {
			compounds[tokens[i]] = true
		}
	}
	out := &analysedPiece{}
	for i, f := range c.filters {
		if i == c.spellPrefix {
			out.spell = cloneTokens(tokens)
		}
		tokens = f.Filter(tokens)
	}
	if out.spell == nil {
		out.spell = cloneTokens(tokens)
	}
	out.text = tokens
	plain := make(analysis.TokenStream, 0, len(tokens))
	for _, t := range tokens {
		if !compounds[t] {
			plain = append(plain, t)
		}
	}
	out.pairs = c.pairs.Filter(plain)
	return out
}

// cloneTokens copies a stream, its tokens in one slab and their terms in
// one buffer, so that the filters after it change none of them.
func cloneTokens(in analysis.TokenStream) analysis.TokenStream {
	size := 0
	for _, t := range in {
		size += len(t.Term)
	}
	slab := make([]analysis.Token, len(in))
	terms := make([]byte, 0, size)
	out := make(analysis.TokenStream, len(in))
	for i, t := range in {
		slab[i] = *t
		start := len(terms)
		terms = append(terms, t.Term...)
		slab[i].Term = terms[start:len(terms):len(terms)]
		out[i] = &slab[i]
	}
	return out
}

// sharedAnalysis is one record's pass: its pieces (name, heading, body,
// aliases) each analysed once, whichever field asks first, and let go once
// the last field that reads it has (Bleve keeps a field's terms, not its
// stream, and holds a batch's records until the batch is written). A
// record's fields are analysed one after another on one goroutine.
type sharedAnalysis struct {
	chains *sharedChains
	pieces map[string]*analysedPiece
	uses   map[string]int // how many fields read each piece, counted by share
	passes int            // how many pieces were analysed
}

// sharedView is one field's analyser over a record's sharedAnalysis.
type sharedView struct {
	s     *sharedAnalysis
	field string
}

func (v sharedView) Analyze(input []byte) analysis.TokenStream {
	s := v.s
	// The key is taken first: the filters lower-case terms in place, in
	// the bytes of the field that asks first.
	key := string(input)
	p, ok := s.pieces[key]
	if !ok {
		p = s.chains.analyse(input)
		s.pieces[key] = p
		s.passes++
	}
	if s.uses[key]--; s.uses[key] <= 0 {
		delete(s.pieces, key)
	}
	switch v.field {
	case fieldText:
		return p.text
	case fieldPairs:
		return p.pairs
	default:
		return p.spell
	}
}

// share gives an English record's text, pairs and spell fields one
// shared pass, and its name, aliases and heading (English fields, analysed
// as the text field is) the text stream of their piece.
func (c *sharedChains) share(doc *document.Document) {
	if c == nil {
		return
	}
	s := &sharedAnalysis{chains: c, pieces: map[string]*analysedPiece{}, uses: map[string]int{}}
	for i, f := range doc.Fields {
		tf, ok := f.(*document.TextField)
		if !ok {
			continue
		}
		view := sharedView{s, tf.Name()}
		switch tf.Name() {
		case fieldText, fieldPairs, fieldSpell:
		case fieldName, fieldAliases, fieldHeading:
			view.field = fieldText // analysed as the text field is, and pieces of it
		default:
			continue
		}
		s.uses[string(tf.Value())]++
		if tf.Name() == fieldSpell {
			doc.Fields[i] = &wordsField{TextField: tf, analyzer: view}
			continue
		}
		doc.Fields[i] = document.NewTextFieldCustom(tf.Name(), tf.ArrayPositions(), tf.Value(), tf.Options(), view)
	}
}
