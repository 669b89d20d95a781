package loader

import (
	"regexp"
	"strings"
	"unicode"
)

// A defining sentence names its subject first and then says what it is:
// "Bilateral agreements involve two nations…", "Flexibility in terms refers
// to…", "On the other hand, multilateral security agreements involve…".
// The subject may carry a parenthetical between commas ("Bilateral
// agreements, as opposed to multilateral ones, involve…").
var (
	definingVerb = regexp.MustCompile(`^((?:[\p{L}\p{N}][\p{L}\p{N}'’\-]*\s+){0,5}?[\p{L}\p{N}][\p{L}\p{N}'’\-]*)(?:\s*,[^,]{1,80},)?\s+(?:is|are|involves?|entails?|refers? to|means?|denotes?|consists? of|constitutes?|describes?)\s`)
	// discourse markers that open a sentence without being its subject
	openingMarker = regexp.MustCompile(`^(?i:on the other hand|in contrast|by contrast|however|conversely|meanwhile|similarly|likewise|in essence|essentially|in short|simply put|generally|typically|in general)\s*,\s*`)
	sentenceEnd   = regexp.MustCompile(`[.!?]["'”’)]?\s+`)
	// A legal text defines its terms in quotes, anywhere in a sentence:
	// "2. “Cluster munition” means…", "(b) "civilian component" means…",
	// "the expression ‘funds’ includes…".
	quotedDefinition = regexp.MustCompile(`["“‘']([\p{L}\p{N}][^"“”‘’'\n]{0,78}[\p{L}\p{N}])["”’'],?\s+(?:means|includes|shall mean|shall include|refers to|denotes|is defined as)\b`)
)

// anaphora opens a subject that points back instead of naming something:
// "These agreements are…" defines nothing.
var anaphora = map[string]bool{
	"this": true, "these": true, "that": true, "those": true, "it": true, "they": true, "such": true,
	"its": true, "their": true, "there": true, "here": true, "which": true, "what": true, "who": true,
	"each": true, "both": true, "all": true, "some": true, "many": true, "one": true, "another": true,
}

// definedTerms lists the subjects of a passage's defining sentences, in
// order, without a leading article. Search ranks a passage that defines
// what was searched for above those that only use the words.
func definedTerms(text string) []string {
	var out []string
	add := func(term string) {
		for _, o := range out {
			if strings.EqualFold(o, term) {
				return
			}
		}
		out = append(out, term)
	}
	for _, s := range sentenceEnd.Split(text, -1) {
		s = strings.TrimSpace(openingMarker.ReplaceAllString(strings.TrimSpace(s), ""))
		if strings.ContainsAny(s, "\"“‘'") {
			for _, m := range quotedDefinition.FindAllStringSubmatch(s, -1) {
				add(m[1])
			}
		}
		if !mayDefine(s) {
			continue
		}
		m := definingVerb.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		words := strings.Fields(m[1])
		switch strings.ToLower(words[0]) {
		case "the", "a", "an":
			words = words[1:]
		}
		if len(words) == 0 || anaphora[strings.ToLower(words[0])] {
			continue
		}
		// A subject is a name or a noun phrase, which starts with a
		// letter; "1960 is…" defines nothing.
		if r := []rune(words[0])[0]; !unicode.IsLetter(r) {
			continue
		}
		add(strings.Join(words, " "))
	}
	return out
}

// definingVerbs are the verbs definingVerb asks for, as they begin.
var definingVerbs = []string{"is", "are", "involve", "entail", "refer", "mean", "denote", "consist", "constitute", "describe"}

// mayDefine is a cheap first look for definingVerb: its verb comes within
// the sentence's first six words and a comma clause of at most 80 bytes,
// so a sentence with none of the verbs there defines nothing. (The
// expression, which backtracks over the words, costs most where it fails.)
func mayDefine(s string) bool {
	end, words := 0, 0
	for end < len(s) && words < 7 {
		for end < len(s) && s[end] != ' ' {
			end++
		}
		words++
		for end < len(s) && s[end] == ' ' {
			end++
		}
	}
	head := s[:min(len(s), end+84)]
	for _, v := range definingVerbs {
		if strings.Contains(head, v) {
			return true
		}
	}
	return false
}
