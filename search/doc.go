// Package search is pactgraph's full-text index: the Bleve mapping, the
// translation of the API's search arguments into Bleve queries, facets,
// highlights and cursors. No Bleve type leaves this package, and it knows
// nothing of GraphQL or of corpus files.
//
// A SIMPLE search is one model, in steps, one file each:
//
//  1. understand.go reads the text into typed words (content, stop and
//     question words), quoted phrases, exclusions, spelling corrections
//     (also inside hyphenated words, never of words that as typed are a
//     name or synonym), each word's derivations that the stemmer leaves
//     apart (derive.go: resolve and resolution), and spans: the names,
//     synonyms and themes the words make up, the articles of legal texts
//     they cite ("article 52", "Art. IV"; articles.go), and two words the
//     corpus writes as one, with their alternatives.
//  2. clauses.go makes one clause per content word or phrase: any of its
//     alternatives on the analysed text field of the search's language
//     (which holds, for an English passage, its context: the words of its
//     document's names that its own text seldom writes; context.go)
//     (language.go decides it from the index's vocabulary, or takes the
//     one asked for; when the words tell none, every language's field).
//  3. ladder.go is the relaxation ladder, as data: a record needs at least
//     one clause, and ranks in a tier by how many it has; every tier is
//     complete or partial. One Bleve disjunction of the clauses and the
//     boosts reports which parts each record has (its score breakdown),
//     and the rescorer turns that into the tier and the score, so a record
//     is found, tiered and scored in one pass.
//  4. boosts.go is the boost table: every weight of the ranking, named, in
//     one place (field boosts per word and per alternative, a name's only
//     where it holds two of a search's words, proximity from the pairs
//     field, exact names, defined terms, themes). A boost is built only where
//     its field holds its word: vocab.go keeps the small fields' words
//     in memory, read once per batch of the index.
//  5. pager.go pages: Bleve sorts by score alone, a handler in its
//     collector pages after the cursor and counts the complete records,
//     and ties are put in id order; the counts come from the same run.
//  6. highlight.go finds the page's term locations (gathered by the
//     ranked query when few records match, else in one look-up on the page
//     alone) and measures how much of the search each hit covers;
//     fragment.go draws each highlight in one pass, choosing the fragment
//     as Bleve's simple highlighter does.
//
// plan.go ties the steps together; advanced.go reads ADVANCED text;
// mapping.go and analysis.go are the index layout and its analysers, and
// shared.go the one pass that gives an English record's text, pairs and
// spelling fields their terms (the analysers share their first steps);
// language.go the table of languages analysed apart (a text field and
// analysers each; English's are the plain field names);
// lengths.go counts the analysed fields' lengths as the index is written
// and gives Bleve's BM25 their true mean with every search (Bleve's own
// estimate is distinct terms per record, a few words, and changes with the
// segments); words.go keeps the spelling fields' words as one word list
// (a vellum transducer from word to record count) instead of postings, for
// corrections and word weights; record.go is the stored record a hit is read from, and stored.go reads
// it at the hit's document number; index.go builds the index and merges
// an index on disk into one segment (Compact). The query each text
// becomes is kept in testdata/querytree, so that a ranking change shows
// as a diff.
package search
