package search

import (
	"slices"
	"strings"
)

// The English stemmer joins a word's inflections (ratified, ratifies) and
// many derivations (negotiate, negotiation), but not those whose suffix
// changes the stem: resolve and resolution (resolv, resolut), apply and
// application (appli, applic), seize and seizure, invade and invasion,
// terrorist and terrorism. A researcher types the verb where the treaty
// writes the noun. Each pair of suffixes below is one such English
// derivation; a word's relatives are the words its suffix makes in the
// other member of a pair, kept when the corpus writes them as they are
// (a word of the spelling field: "pressure" would make "presse", which no
// text holds), and searched a little below the word itself, as an
// alternative. Pairs that make common words of others ("relation" and
// "rely", "tension" and "tend", "sense" and "send") are left out.
var derivations = [][2]string{
	{"ution", "ve"},     // resolution, resolve; solution, solve
	{"ution", "ute"},    // prosecution, prosecute; distribution, distribute
	{"ism", "ist"},      // terrorism, terrorist; extremism, extremist
	{"ication", "y"},    // ratification, ratify; verification, verify; application, apply
	{"ure", "e"},        // seizure, seize; closure, close; disclosure, disclose
	{"sion", "de"},      // invasion, invade; decision, decide; exclusion, exclude
	{"ension", "end"},   // extension, extend; suspension, suspend
	{"ansion", "and"},   // expansion, expand
	{"ssion", "t"},      // admission, admit; transmission, transmit
	{"cession", "cede"}, // accession, accede; secession, secede
	{"nce", "nd"},       // defence, defend; offence, offend
}

// minDerivedBase is the fewest letters a word keeps before the suffixes,
// so that short words do not sprout relatives ("use" is not "usure").
const minDerivedBase = 3

// derivedTerms are the text field's terms of w's derivational relatives
// that the index holds, other than w's own terms.
func derivedTerms(w *word, dict *dictionary, terms func(string) []string) []string {
	if !w.content() || w.phrase != 0 {
		return nil
	}
	var out []string
	for _, base := range baseForms(strings.ToLower(w.meant)) {
		for _, d := range derivations {
			for _, pair := range [][2]string{d, {d[1], d[0]}} {
				stem, ok := strings.CutSuffix(base, pair[0])
				if !ok || len(stem) < minDerivedBase || dict.docFreq(dict.lang.spell, stem+pair[1]) == 0 {
					continue
				}
				for _, t := range terms(stem + pair[1]) {
					if !slices.Contains(w.terms, t) && !slices.Contains(out, t) && dict.docFreq(dict.lang.text, t) > 0 {
						out = append(out, t)
					}
				}
			}
		}
	}
	return out
}

// baseForms are word and the forms it may have before an inflection:
// "seizing" is seize or seiz, "resolved" resolve or resolv, "treaties"
// treaty.
func baseForms(word string) []string {
	out := []string{word}
	for _, f := range [][2]string{{"ies", "y"}, {"es", ""}, {"s", ""}, {"ied", "y"}, {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""}} {
		if stem, ok := strings.CutSuffix(word, f[0]); ok && len(stem) >= minDerivedBase+1 {
			if b := stem + f[1]; !slices.Contains(out, b) {
				out = append(out, b)
			}
		}
	}
	return out
}
