package search

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// Tests for the search features of the third mapping version: spelling
// forms, compound words, corrections, synonyms, question words, soft AND,
// the exact-name boost, relevance, highlight offsets and explanations.

// firstID is the id of the first hit, or "" when there is none.
func firstID(res *Result) string {
	if len(res.Hits) == 0 {
		return ""
	}
	return res.Hits[0].Doc.ID
}

// hitByID is the hit with id, or nil.
func hitByID(res *Result, id string) *Hit {
	for i := range res.Hits {
		if res.Hits[i].Doc.ID == id {
			return &res.Hits[i]
		}
	}
	return nil
}

// utf16Slice is s[start:end] counted in UTF-16 code units, as JavaScript
// slices a string; ok is false when the range is outside s.
func utf16Slice(s string, start, end int) (string, bool) {
	u := utf16.Encode([]rune(s))
	if start < 0 || end < start || end > len(u) {
		return "", false
	}
	return string(utf16.Decode(u[start:end])), true
}

func TestAmericanSpelling(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		changed bool
	}{
		// Whole-word spellings.
		{"defence", "defense", true},
		{"defences", "defenses", true},
		{"offence", "offense", true},
		{"licence", "license", true},
		{"centre", "center", true},
		{"programme", "program", true},
		{"manoeuvres", "maneuvers", true},
		{"analyse", "analyze", true},
		{"analysed", "analyzed", true},
		{"catalogue", "catalog", true},
		// -our → -or, with the listed endings.
		{"labour", "labor", true},
		{"labours", "labors", true},
		{"favourite", "favorite", true},
		{"favourites", "favorites", true},
		{"honourable", "honorable", true},
		{"neighbour", "neighbor", true},
		{"behaviour", "behavior", true},
		{"colour", "color", true},
		{"armoured", "armored", true},
		// -ise → -ize for the listed stems only.
		{"organisation", "organization", true},
		{"organisations", "organizations", true},
		{"organise", "organize", true},
		{"organised", "organized", true},
		{"recognises", "recognizes", true},
		{"recognising", "recognizing", true},
		{"militarisation", "militarization", true},
		{"normaliser", "normalizer", true},
		// Words that are right in both spellings stay.
		{"promise", "promise", false},
		{"exercise", "exercise", false},
		{"enterprise", "enterprise", false},
		{"advise", "advise", false},
		{"compromise", "compromise", false},
		{"franchise", "franchise", false},
		{"rise", "rise", false},
		{"premises", "premises", false},
		{"hour", "hour", false},
		{"tour", "tour", false},
		{"our", "our", false},
		// Decided: the -our rule takes only its listed endings, so a
		// derivation such as "colourless" keeps its British form (and so
		// does not meet "colorless"); documented, not a bug.
		{"colourless", "colourless", false},
		// American spellings are left as they are.
		{"defense", "defense", false},
		{"labor", "labor", false},
		{"organization", "organization", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, changed := americanSpelling(tt.in)
			if got != tt.want || changed != tt.changed {
				t.Errorf("americanSpelling(%q) = %q, %v; want %q, %v", tt.in, got, changed, tt.want, tt.changed)
			}
		})
	}
}

func TestSpellingFilter(t *testing.T) {
	in := analysis.TokenStream{
		{Term: []byte("collective"), Position: 1, Start: 0, End: 10},
		{Term: []byte("defence"), Position: 2, Start: 11, End: 18},
		{Term: []byte("organisation"), Position: 3, Start: 19, End: 31},
		{Term: []byte("promise"), Position: 4, Start: 32, End: 39},
	}
	out := spellingFilter{}.Filter(in)
	want := []string{"collective", "defense", "organization", "promise"}
	var got []string
	for _, tok := range out {
		got = append(got, string(tok.Term))
	}
	if !slices.Equal(got, want) {
		t.Fatalf("spellingFilter terms = %v; want %v", got, want)
	}
	// Only the terms change: positions and offsets still point at the
	// text as written, for phrases and highlights.
	for i, tok := range out {
		if tok.Position != i+1 || tok.Start != in[i].Start || tok.End != in[i].End {
			t.Errorf("spellingFilter token %d = position %d [%d,%d); want position %d [%d,%d)", i, tok.Position, tok.Start, tok.End, i+1, in[i].Start, in[i].End)
		}
	}
}

// Either spelling finds both, in bodies that hold only one of them.
func TestSpellingFormsSearch(t *testing.T) {
	ix := newIndex(t, []Doc{
		passage("uk-defence", "a pact of mutual defence"),
		passage("us-labor", "the labor movement"),
		passage("uk-org", "an international organisation"),
		passage("us-favorite", "a favorite clause"),
		passage("uk-analyse", "the council will analyse it"),
		passage("other", "an unrelated passage"),
	})
	tests := []struct {
		text string
		want []string
	}{
		{"defense", []string{"uk-defence"}},
		{"defence", []string{"uk-defence"}},
		{"labour", []string{"us-labor"}},
		{"labor", []string{"us-labor"}},
		{"organization", []string{"uk-org"}},
		{"organisation", []string{"uk-org"}},
		{"favourite", []string{"us-favorite"}},
		{"analyze", []string{"uk-analyse"}},
		{`"mutual defense"`, []string{"uk-defence"}},
		{"international organization", []string{"uk-org"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			res := mustSearch(t, ix, Query{Text: tt.text})
			if got := sorted(hitIDs(res.Hits)); !slices.Equal(got, sorted(tt.want)) {
				t.Errorf("Search(%q) = %v; want %v", tt.text, got, sorted(tt.want))
			}
			if res.Partial {
				t.Errorf("Search(%q).Partial = true; want false", tt.text)
			}
		})
	}
	// A correctly spelled word that finds its other spelling is not a
	// typo: no "did you mean" for it.
	for _, text := range []string{"defense", "labour", "organization", "favourite", "analyze"} {
		t.Run(text+" is not corrected", func(t *testing.T) {
			res := mustSearch(t, ix, Query{Text: text})
			if res.DidYouMean != "" {
				t.Errorf("Search(%q).DidYouMean = %q; want none (the word is spelled right and found %v)", text, res.DidYouMean, hitIDs(res.Hits))
			}
		})
	}
}

func TestCompoundTokenizer(t *testing.T) {
	type tok struct {
		term string
		pos  int
	}
	tests := []struct {
		in   string
		want []tok
	}{
		{"self-defence", []tok{{"self", 1}, {"selfdefence", 1}, {"defence", 2}}},
		{"US–Japan", []tok{{"US", 1}, {"USJapan", 1}, {"Japan", 2}}},                                 // en dash
		{"self—defence", []tok{{"self", 1}, {"selfdefence", 1}, {"defence", 2}}},                     // em dash
		{"non\u2011proliferation", []tok{{"non", 1}, {"nonproliferation", 1}, {"proliferation", 2}}}, // non-breaking hyphen
		{"a-b-c", []tok{{"a", 1}, {"ab", 1}, {"b", 2}, {"bc", 2}, {"c", 3}}},
		{"collective security", []tok{{"collective", 1}, {"security", 2}}},
		{"treaty", []tok{{"treaty", 1}}},
		{"self - defence", []tok{{"self", 1}, {"defence", 2}}},
		{"self--defence", []tok{{"self", 1}, {"defence", 2}}},
		{"self-", []tok{{"self", 1}}},
		{"", nil},
	}
	tz := compoundTokenizer{unicodetok.NewUnicodeTokenizer()}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got []tok
			for _, tk := range tz.Tokenize([]byte(tt.in)) {
				got = append(got, tok{string(tk.Term), tk.Position})
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Tokenize(%q) = %v; want %v", tt.in, got, tt.want)
			}
		})
	}
	t.Run("joined token spans both words", func(t *testing.T) {
		in := "the self-defence clause"
		for _, tk := range tz.Tokenize([]byte(in)) {
			if string(tk.Term) == "selfdefence" {
				if got := in[tk.Start:tk.End]; got != "self-defence" {
					t.Errorf("Tokenize(%q) joined token covers %q; want %q", in, got, "self-defence")
				}
				return
			}
		}
		t.Errorf("Tokenize(%q) has no joined token", in)
	})
}

func TestJoinedWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"self-defence", "selfdefence"},
		{"US–Japan", "usjapan"},
		{"US-Japan", "usjapan"},
		{"Non-Proliferation", "nonproliferation"},
		{"treaty", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := joinedWords(tt.in); got != tt.want {
				t.Errorf("joinedWords(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestCompoundSearch: hyphenated words, and (the second half of the
// table) two words typed apart that the corpus writes as one, whether the
// parts are words of their own ("peace keeping") or not ("bio metric"),
// found as complete hits and never corrected apart ("stake holder" is not
// "state older"); words inside quotes are searched as typed.
func TestCompoundSearch(t *testing.T) {
	ix := newIndex(t, []Doc{
		passage("sd", "the right of self-defence is inherent"),
		passage("uj", "the US–Japan alliance endures"),
		passage("apart", "self reliance comes first; defence spending follows"),
		passage("other", "collective security"),
		passage("pk", "peacekeeping operations in Cyprus"),
		passage("bio", "biometric passports at the border"),
		passage("npt", "the non-proliferation regime"),
		passage("peace", "keeping the peace between neighbours"),
		passage("sh", "stakeholder consultations"),
		passage("so", "the state is older than the treaty"),
	})
	tests := []struct {
		text string
		want []string
	}{
		{"selfdefence", []string{"sd"}},
		// A hyphenated word typed is its two words (and their joined
		// form), so a record with both words apart also matches; the
		// joined form ranks first (checked below).
		{"self-defence", []string{"apart", "sd"}},
		{"self-defense", []string{"apart", "sd"}},
		{"self defence", []string{"apart", "sd"}},
		{`"self defence"`, []string{"sd"}},
		{`"self-defence"`, []string{"sd"}},
		{`"right of self defence"`, []string{"sd"}},
		{`"self defence is inherent"`, []string{"sd"}},
		{"usjapan", []string{"uj"}},
		{"US–Japan", []string{"uj"}},
		{`"US Japan alliance"`, []string{"uj"}},
		{"collective", []string{"other"}},
		{`"self reliance"`, []string{"apart"}},
		{"peace keeping", []string{"peace", "pk"}},
		{"bio metric", []string{"bio"}},
		{"bio metric passports", []string{"bio"}},
		{"bio metrik", []string{"bio"}}, // one word only when joined and corrected
		{"non proliferation", []string{"npt"}},
		// Joined before either word is corrected ("state older").
		{"stake holder", []string{"sh"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			res := mustSearch(t, ix, Query{Text: tt.text})
			if got := sorted(hitIDs(complete(res))); !slices.Equal(got, sorted(tt.want)) {
				t.Errorf("Search(%q) = %v; want %v", tt.text, got, sorted(tt.want))
			}
		})
	}
	if res := mustSearch(t, ix, Query{Text: "bio metrik passports"}); res.DidYouMean != "biometric passports" {
		t.Errorf(`Search("bio metrik passports") did you mean %q; want "biometric passports"`, res.DidYouMean)
	}
	// A short word the corpus lacks is not joined onto its neighbour and
	// "corrected" away ("vs peacekeeping" is two edits from
	// "peacekeeping").
	if res := mustSearch(t, ix, Query{Text: "defence vs peacekeeping"}); res.DidYouMean != "" {
		t.Errorf(`Search("defence vs peacekeeping") did you mean %q; want none: "vs" is not part of the next word`, res.DidYouMean)
	}
	if res := mustSearch(t, ix, Query{Text: "stake holder"}); res.DidYouMean != "" {
		t.Errorf(`Search("stake holder") did you mean %q; want no correction: the two words are one word of the corpus`, res.DidYouMean)
	}
	if got := hitIDs(mustSearch(t, ix, Query{Text: `"peace keeping"`}).Hits); slices.Contains(got, "pk") {
		t.Errorf(`Search("\"peace keeping\"") = %v; want no "pk": a quoted phrase is searched as typed`, got)
	}
	for _, text := range []string{"self defence", "self-defence", "self-defense"} {
		t.Run("joined form ranks first for "+text, func(t *testing.T) {
			res := mustSearch(t, ix, Query{Text: text})
			if got := firstID(res); got != "sd" {
				t.Errorf("Search(%q) first = %q; want %q (words side by side) in %v", text, got, "sd", hitIDs(res.Hits))
			}
		})
	}
}

func TestNormalizeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"North Atlantic Treaty", "north atlantic treaty"},
		{"NORTH atlantic TrEaTy", "north atlantic treaty"},
		{"  North   Atlantic\tTreaty\n", "north atlantic treaty"},
		{"NATO", "nato"},
		{"NATO's", "nato"},
		{"NATO’s", "nato"},
		{"NATOʼs", "nato"},
		{"NATO'S", "nato"},
		{"NATO＇s", "nato"}, // full-width apostrophe, folded by the index's char filter too
		{"NATO‘s", "nato"}, // left single quotation mark, likewise
		{"the States'", "the states"},
		{"'quoted'", "quoted"},
		{"O'Neill", "o'neill"},
		{"Côte d’Ivoire", "côte d'ivoire"},
		{"Treaty of Brussels (1948)", "treaty of brussels 1948"},
		{"U.S.-Japan Security Treaty", "u s japan security treaty"},
		{"Treaty on the Non-Proliferation of Nuclear Weapons", "treaty on the non proliferation of nuclear weapons"},
		{"ANZUS, Treaty!", "anzus treaty"},
		{"日本 条約", "日本 条約"},
		{"", ""},
		{"  ", ""},
		{"!?-", ""},
		{"'s", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := normalizeName(tt.in); got != tt.want {
				t.Errorf("normalizeName(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestDamerau(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"japan", "japan", 0},
		{"jpaan", "japan", 1},  // swap
		{"japna", "japan", 1},  // swap at the end
		{"ajpan", "japan", 1},  // swap at the start
		{"japn", "japan", 1},   // insert
		{"japann", "japan", 1}, // delete
		{"japen", "japan", 1},  // substitute
		{"jpana", "japan", 2},  // two swaps
		{"multilaterl", "multilateral", 1},
		{"mutlilateral", "multilateral", 1},
		{"kitten", "sitting", 3},
		{"ca", "abc", 3}, // optimal string alignment: no edit of a swapped pair
		{"café", "cafe", 1},
		{"日本", "本日", 1},
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"a", "b", 1},
	}
	for _, tt := range tests {
		t.Run(tt.a+"/"+tt.b, func(t *testing.T) {
			if got := damerau(tt.a, tt.b); got != tt.want {
				t.Errorf("damerau(%q, %q) = %d; want %d", tt.a, tt.b, got, tt.want)
			}
			if got := damerau(tt.b, tt.a); got != tt.want {
				t.Errorf("damerau(%q, %q) = %d; want %d", tt.b, tt.a, got, tt.want)
			}
		})
	}
}

// correctionCorpus has "cart" in three records and "card" in one, so that
// a typo one edit from both shows which wins.
var correctionCorpus = []Doc{
	passage("m1", "a multilateral agreement among many states"),
	passage("m2", "multilateral talks resumed"),
	passage("jp", "Japan and Korea signed a pact"),
	passage("jpx", "the Japanese delegation"),
	passage("nato", "NATO held a summit"),
	passage("cart1", "the cart rolled"),
	passage("cart2", "a cart of grain"),
	passage("cart3", "cart and horse"),
	passage("card", "a card was played"),
	passage("alliance", "the alliance endured"),
	passage("treaty", "the treaty was ratified"),
	passage("treats", "treats were given"),
	passage("agreed", "the parties agreed"),
}

func TestCorrection(t *testing.T) {
	ix := newIndex(t, correctionCorpus)
	tests := []struct {
		name       string
		text       string
		want       []string // hits, as a set
		didYouMean string
	}{
		{"one edit in a long word", "multilaterl", []string{"m1", "m2"}, "multilateral"},
		{"swap counts one", "Jpaan", []string{"jp"}, "japan"},
		{"swap in a four-letter word", "ntao", []string{"nato"}, "nato"},
		{"two edits from eight letters", "multlaterl", []string{"m1", "m2"}, "multilateral"},
		{"corrected among known words", "Jpaan pact", []string{"jp"}, "japan pact"},
		{"question words kept in the text", "what is multilaterl", []string{"m1", "m2"}, "what is multilateral"},
		{"known word never corrected", "treats", []string{"treats"}, ""},
		{"known word with an unknown one", "treaty Jpaan", []string{"jp", "treaty"}, "treaty japan"},
		{"under four letters not corrected", "nto", []string{}, ""},
		{"two edits under eight letters not corrected", "alince", []string{}, ""},
		{"no close neighbour", "zeppelin", []string{}, ""},
		{"digits not corrected", "nato2", []string{}, ""},
		{"most frequent wins a tie", "carx", []string{"cart1", "cart2", "cart3"}, "cart"},
		{"distance beats frequency", "cardx", []string{"card"}, "card"},
		{"typo inside an earlier word is left alone", "Japanese Japa", []string{"jp", "jpx"}, "Japanese japan"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustSearch(t, ix, Query{Text: tt.text})
			if got := sorted(hitIDs(res.Hits)); !slices.Equal(got, sorted(tt.want)) {
				t.Errorf("Search(%q) = %v; want %v", tt.text, got, sorted(tt.want))
			}
			if res.DidYouMean != tt.didYouMean {
				t.Errorf("Search(%q).DidYouMean = %q; want %q", tt.text, res.DidYouMean, tt.didYouMean)
			}
		})
	}
	t.Run("corrected hits have every word", func(t *testing.T) {
		res := mustSearch(t, ix, Query{Text: "multilaterl"})
		for _, h := range res.Hits {
			if h.Relevance != 1 {
				t.Errorf("Search(%q) hit %s Relevance = %v; want 1", "multilaterl", h.Doc.ID, h.Relevance)
			}
		}
	})
	// "agreements" is not in the unstemmed dictionary, but its stem is in
	// the index and it finds m1 as typed: it is spelled right, not a typo
	// for "agreement".
	t.Run("inflected form of an indexed word is not corrected", func(t *testing.T) {
		res := mustSearch(t, ix, Query{Text: "agreements"})
		if got := hitIDs(res.Hits); !slices.Equal(got, []string{"m1"}) {
			t.Errorf("Search(%q) = %v; want [m1]", "agreements", got)
		}
		if res.DidYouMean != "" {
			t.Errorf("Search(%q).DidYouMean = %q; want none (it found %v as typed)", "agreements", res.DidYouMean, hitIDs(res.Hits))
		}
	})
}

func TestDictionaryCorrection(t *testing.T) {
	ix := newIndex(t, correctionCorpus)
	dict, err := ix.dictionary()
	if err != nil {
		t.Fatalf("dictionary: %v", err)
	}
	defer dict.Close()
	tests := []struct{ word, want string }{
		{"multilaterl", "multilateral"},
		{"jpaan", "japan"},
		{"carx", "cart"},
		{"cardx", "card"},
		// The first letter is kept: a word a letter away from a common
		// word, differing in its first, is most often a word the corpus
		// lacks.
		{"dart", ""},
		{"nultilateral", ""},
		{"treats", ""},
		{"japan", ""},
		{"nto", ""},
		{"zeppelin", ""},
		{"nato2", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			if got := dict.correction(tt.word, ix.terms(tt.word)); got != tt.want {
				t.Errorf("correction(%q) = %q; want %q", tt.word, got, tt.want)
			}
		})
	}
	t.Run("docFreq", func(t *testing.T) {
		for word, want := range map[string]uint64{"cart": 3, "card": 1, "zeppelin": 0, "japan": 1} {
			if got := dict.docFreq(fieldSpell, word); got != want {
				t.Errorf("docFreq(%q) = %d; want %d", word, got, want)
			}
		}
	})
	t.Run("rarer words weigh more", func(t *testing.T) {
		if c, d, z := dict.weight("cart", nil), dict.weight("card", nil), dict.weight("zeppelin", nil); !(c < d && d < z) {
			t.Errorf("weight(cart, card, zeppelin) = %v, %v, %v; want increasing", c, d, z)
		}
	})
	t.Run("a word weighs as the form it finds", func(t *testing.T) {
		// "carts" is in no record, but the search finds "cart" by it.
		carts, cart, zeppelin := dict.weight("carts", ix.terms("carts")), dict.weight("cart", ix.terms("cart")), dict.weight("zeppelin", ix.terms("zeppelin"))
		if carts != cart || !(carts < zeppelin) {
			t.Errorf("weight(carts, cart, zeppelin) = %v, %v, %v; want carts as cart, under zeppelin", carts, cart, zeppelin)
		}
	})
}

// natoCorpus has a treaty that is never called "Washington Treaty".
var natoCorpus = []Doc{
	{ID: "nat", Type: "AGREEMENT", Name: "North Atlantic Treaty", Body: "signed in 1949 by twelve states"},
	passage("versailles", "the treaty of versailles"),
	passage("dc", "a conference in washington"),
	{ID: "org", Type: "ORGANIZATION", Name: "North Atlantic Treaty Organization", Body: "an alliance"},
	passage("natoish", "natoish posturing"),
	passage("summit", "the NATO summit"),
	passage("jcpoa", "the Iran nuclear deal collapsed"),
	passage("npt", "the NPT review conference"),
}

var natoSynonyms = [][]string{
	{"North Atlantic Treaty", "Washington Treaty"},
	{"NATO", "North Atlantic Treaty Organization"},
	{"Joint Comprehensive Plan of Action", "Iran nuclear deal", "JCPOA"},
	{"Non-Proliferation Treaty", "NPT"},
}

func TestSynonyms(t *testing.T) {
	ix := newIndex(t, natoCorpus)

	t.Run("without synonyms", func(t *testing.T) {
		res := mustSearch(t, ix, Query{Text: "Washington Treaty"})
		if !res.Partial {
			t.Errorf("Search(%q) before SetSynonyms: Partial = false, hits %v; want a partial fallback", "Washington Treaty", hitIDs(res.Hits))
		}
	})
	if err := ix.SetSynonyms(natoSynonyms); err != nil {
		t.Fatalf("SetSynonyms: %v", err)
	}
	tests := []struct {
		name string
		text string
		want []string // as a set
	}{
		// The organization's name holds the treaty's name: both match.
		{"other name of a treaty", "Washington Treaty", []string{"nat", "org"}},
		{"case folded", "WASHINGTON treaty", []string{"nat", "org"}},
		{"other name with a question", "what is the Washington Treaty?", []string{"nat", "org"}},
		{"acronym", "NATO", []string{"org", "summit"}},
		{"possessive acronym", "NATO’s", []string{"org", "summit"}},
		{"name finds acronym", "North Atlantic Treaty Organization", []string{"org", "summit"}},
		{"no match inside a longer word", "natoish", []string{"natoish"}},
		{"name with a stop word", "Joint Comprehensive Plan of Action", []string{"jcpoa"}},
		{"one-word other name", "JCPOA", []string{"jcpoa"}},
		{"hyphenated name", "Non-Proliferation Treaty", []string{"npt"}},
		{"hyphenated name, en dash", "Non–Proliferation Treaty", []string{"npt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustSearch(t, ix, Query{Text: tt.text})
			if got := sorted(hitIDs(complete(res))); !slices.Equal(got, sorted(tt.want)) {
				t.Errorf("Search(%q) = %v; want %v", tt.text, got, sorted(tt.want))
			}
			if res.Partial {
				t.Errorf("Search(%q).Partial = true; want false", tt.text)
			}
			for _, h := range complete(res) {
				if h.Relevance != 1 {
					t.Errorf("Search(%q) hit %s Relevance = %v; want 1", tt.text, h.Doc.ID, h.Relevance)
				}
			}
		})
	}

	t.Run("the named record ranks first", func(t *testing.T) {
		if got := firstID(mustSearch(t, ix, Query{Text: "Washington Treaty"})); got != "nat" {
			t.Errorf("Search(%q) first = %q; want %q", "Washington Treaty", got, "nat")
		}
	})

	t.Run("a group of one phrase adds nothing", func(t *testing.T) {
		one := newIndex(t, natoCorpus)
		if err := one.SetSynonyms([][]string{{"Washington Treaty"}, {"NATO"}}); err != nil {
			t.Fatalf("SetSynonyms: %v", err)
		}
		for _, text := range []string{"Washington Treaty", "NATO"} {
			with := mustSearch(t, one, Query{Text: text})
			plain := mustSearch(t, newIndex(t, natoCorpus), Query{Text: text})
			if got, want := hitIDs(with.Hits), hitIDs(plain.Hits); !slices.Equal(got, want) || with.Partial != plain.Partial {
				t.Errorf("Search(%q) with one-phrase groups = %v (partial %v); want %v (partial %v) as without synonyms", text, got, with.Partial, want, plain.Partial)
			}
		}
	})
}

// TestSynonymNotCorrected: a word the corpus does not hold is not
// corrected when, as typed, it is part of a synonym ("intel sharing" is
// "intelligence sharing", not "inter sharing").
func TestSynonymNotCorrected(t *testing.T) {
	ix := newIndex(t, []Doc{
		passage("is", "an intelligence sharing pact"),
		passage("inter", "inter-state sharing of water"),
	})
	if err := ix.SetSynonyms([][]string{{"intel sharing", "intelligence sharing"}}); err != nil {
		t.Fatal(err)
	}
	res := mustSearch(t, ix, Query{Text: "intel sharing"})
	if got := firstID(res); got != "is" || res.DidYouMean != "" {
		t.Errorf(`Search("intel sharing") first = %q, did you mean %q; want "is" and no correction`, got, res.DidYouMean)
	}
}

func TestSynonymsSurviveReopen(t *testing.T) {
	dir := t.TempDir()
	ix, err := Create(dir)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if err := ix.Add(context.Background(), natoCorpus); err != nil {
		t.Fatalf("Add: %v", err)
	}
	if err := ix.SetSynonyms(natoSynonyms); err != nil {
		t.Fatalf("SetSynonyms: %v", err)
	}
	if err := ix.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	ro, err := Open(dir)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	defer ro.Close()
	res := mustSearch(t, ro, Query{Text: "Washington Treaty"})
	if got := hitIDs(complete(res)); !slices.Equal(got, []string{"nat", "org"}) || res.Partial {
		t.Errorf("Search(%q) on reopened index = %v (partial %v); want [nat org] (partial false)", "Washington Treaty", got, res.Partial)
	}

	t.Run("an index without synonyms opens", func(t *testing.T) {
		ro, err := Open(buildDir(t, natoCorpus))
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		defer ro.Close()
		res := mustSearch(t, ro, Query{Text: "Washington Treaty"})
		if !res.Partial {
			t.Errorf("Search(%q) on an index without synonyms = %v, partial false; want a partial fallback", "Washington Treaty", hitIDs(res.Hits))
		}
	})
}

func TestSynonymMatch(t *testing.T) {
	ix := newIndex(t, nil)
	s := ix.newSynonyms([][]string{
		{"North Atlantic Treaty", "Washington Treaty"},
		{"NATO", "North Atlantic Treaty Organization", "OTAN"},
		{"Atlantic", "Atlantic Ocean"},
		{"Warsaw Pact"},
	})
	tests := []struct {
		text string // analyzed as a query is; matched from its first term
		n    int
		alts []string
	}{
		{"washington treaty", 2, []string{"North Atlantic Treaty"}},
		{"the washington treaties", 2, []string{"North Atlantic Treaty"}},
		{"nato", 1, []string{"North Atlantic Treaty Organization", "OTAN"}},
		// Longest phrase wins: "north atlantic treaty organization" over
		// "north atlantic treaty"; a British spelling is the same phrase.
		{"north atlantic treaty organization", 4, []string{"NATO", "OTAN"}},
		{"North Atlantic Treaty Organisation", 4, []string{"NATO", "OTAN"}},
		{"north atlantic treaty", 3, []string{"Washington Treaty"}},
		{"atlantic ocean", 2, []string{"Atlantic"}},
		{"atlantic treaty", 1, []string{"Atlantic Ocean"}},
		// Whole words only.
		{"natoish", 0, nil},
		{"washington", 0, nil},
		{"washington treatyx", 0, nil},
		// A group of one phrase matches but offers nothing else.
		{"warsaw pact", 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			terms := ix.terms(tt.text)
			n, alts := s.match(terms, 0)
			if n != tt.n || !slices.Equal(alts, tt.alts) {
				t.Errorf("match(%q) = %d, %q; want %d, %q", terms, n, alts, tt.n, tt.alts)
			}
		})
	}
	t.Run("nil synonyms", func(t *testing.T) {
		var none *synonyms
		if n, alts := none.match([]string{"nato"}, 0); n != 0 || alts != nil {
			t.Errorf("nil.match(nato) = %d, %q; want 0, nil", n, alts)
		}
	})
}

func TestQuestionWords(t *testing.T) {
	ix := newIndex(t, []Doc{
		{ID: "nato", Type: "ORGANIZATION", Name: "NATO", Body: "an alliance of states"},
		passage("summit", "a NATO summit in Madrid"),
		passage("t1", "treaties of the cold war"),
		passage("t2", "the treaty text"),
		passage("usj", "the US–Japan alliance"),
		passage("tell", "tell the council"),
		passage("kept", "treaties must be kept"),
	})
	same := []struct{ question, plain string }{
		{"what is NATO", "NATO"},
		{"What is NATO?", "NATO"},
		{"tell me about NATO", "NATO"},
		{"how do treaties work", "treaties work"},
		{"tell us about treaties", "treaties"},
		{"what treaties did the US sign", "treaties US sign"},
		{"what must treaties say?", "treaties say"},
		{"may the US sign treaties?", "US sign treaties"},
	}
	for _, tt := range same {
		t.Run(tt.question, func(t *testing.T) {
			q := mustSearch(t, ix, Query{Text: tt.question})
			p := mustSearch(t, ix, Query{Text: tt.plain})
			if got, want := hitIDs(q.Hits), hitIDs(p.Hits); !slices.Equal(got, want) {
				t.Errorf("Search(%q) = %v; want %v, as Search(%q)", tt.question, got, want, tt.plain)
			}
			if q.Partial != p.Partial {
				t.Errorf("Search(%q).Partial = %v; want %v, as Search(%q)", tt.question, q.Partial, p.Partial, tt.plain)
			}
		})
	}
	tests := []struct {
		text    string
		want    []string // as a set
		partial bool
	}{
		{"what is NATO", []string{"nato", "summit"}, false},
		{"tell us about treaties", []string{"t1", "t2", "kept"}, false},
		{"us", []string{"usj"}, false},
		{"US alliance", []string{"usj"}, false},
		{"tell", []string{"tell"}, false},
		// a modal verb carries a statement's meaning, not a question's
		{"treaties must", []string{"kept"}, false},
	}
	for _, tt := range tests {
		t.Run("hits of "+tt.text, func(t *testing.T) {
			res := mustSearch(t, ix, Query{Text: tt.text})
			if got := sorted(hitIDs(complete(res))); !slices.Equal(got, sorted(tt.want)) {
				t.Errorf("Search(%q) = %v; want %v", tt.text, got, sorted(tt.want))
			}
			if res.Partial != tt.partial {
				t.Errorf("Search(%q).Partial = %v; want %v", tt.text, res.Partial, tt.partial)
			}
		})
	}
	t.Run("what is NATO ranks the organization first", func(t *testing.T) {
		if got := firstID(mustSearch(t, ix, Query{Text: "what is NATO"})); got != "nato" {
			t.Errorf("Search(%q) first = %q; want %q", "what is NATO", got, "nato")
		}
	})
}

func TestSoftAnd(t *testing.T) {
	ix := newIndex(t, []Doc{
		passage("x3", "naval patrols in coastal areas"),
		passage("x2", "naval patrols"),
		passage("x1", "coastal towns"),
		passage("y3", "alliance members share intelligence"),
		passage("y1", "alliance charter"),
		passage("f5", "border guards inspect cargo trucks daily"),
		passage("f4", "border guards inspect cargo"),
		passage("f3", "border guards inspect"),
	})
	tests := []struct {
		text    string
		want    []string // in order
		partial bool
	}{
		// Four words, none has all: three of them will do.
		{"naval patrols coastal waters", []string{"x3"}, false},
		{"alliance members share weapons", []string{"y3"}, false},
		// Five words: four of them will do (three quarters, rounded up).
		{"border guards inspect cargo vessels", []string{"f4", "f5"}, false},
		// Three words: every word, or a partial fallback to any of them.
		{"naval patrols waters", []string{"x2", "x3"}, true},
		{"alliance members weapons", []string{"y3", "y1"}, true},
		{"naval patrols coastal", []string{"x3"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			res := mustSearch(t, ix, Query{Text: tt.text})
			if tt.partial {
				// Ranked, but ties make the order of equal hits a matter
				// of ids: compare as sets, with the best hit first.
				if got := sorted(hitIDs(complete(res))); !slices.Equal(got, sorted(tt.want)) {
					t.Errorf("Search(%q) = %v; want %v", tt.text, got, sorted(tt.want))
				}
				if got := firstID(res); got != tt.want[0] {
					t.Errorf("Search(%q) first = %q; want %q", tt.text, got, tt.want[0])
				}
			} else if got := sorted(hitIDs(complete(res))); !slices.Equal(got, sorted(tt.want)) {
				t.Errorf("Search(%q) = %v; want %v", tt.text, got, sorted(tt.want))
			}
			if res.Partial != tt.partial {
				t.Errorf("Search(%q).Partial = %v; want %v", tt.text, res.Partial, tt.partial)
			}
		})
	}
	t.Run("more words rank higher", func(t *testing.T) {
		text := "border guards inspect cargo trucks"
		res := mustSearch(t, ix, Query{Text: text})
		if got := hitIDs(complete(res)); !slices.Equal(got, []string{"f5", "f4"}) {
			t.Errorf("Search(%q) = %v; want [f5 f4]", text, got)
		}
	})
}

func TestExactNameBoost(t *testing.T) {
	ix := newIndex(t, []Doc{
		{ID: "z-nat", Type: "AGREEMENT", Name: "North Atlantic Treaty", Body: "signed in 1949"},
		{ID: "a-nato", Type: "ORGANIZATION", Name: "North Atlantic Treaty Organization",
			Aliases: []string{"North Atlantic Treaty Alliance", "Atlantic Treaty Organization"},
			Body:    "the north atlantic treaty organization upholds the north atlantic treaty; north atlantic treaty allies meet"},
		{ID: "a-nat-text", Type: "PASSAGE", Heading: "The North Atlantic Treaty",
			Body: "north atlantic treaty: the north atlantic treaty binds north atlantic states to the treaty"},

		{ID: "z-wp", Type: "AGREEMENT", Name: "Treaty of Friendship, Cooperation and Mutual Assistance",
			Aliases: []string{"Warsaw Pact"}, Body: "signed in 1955"},
		{ID: "a-wp", Type: "ORGANIZATION", Name: "Warsaw Pact Organization", Aliases: []string{"Warsaw Pact Organisation"},
			Body: "the warsaw pact organization ran the warsaw pact; warsaw pact states"},

		{ID: "z-bru", Type: "AGREEMENT", Name: "Treaty of Brussels", Body: "signed in 1948"},
		{ID: "a-bru", Type: "ORGANIZATION", Name: "Brussels Treaty Organization", Aliases: []string{"Brussels Treaty Organisation"},
			Body: "the treaty of brussels founded the brussels treaty organization; brussels treaty members"},

		{ID: "z-nato", Type: "ORGANIZATION", Name: "NATO’s Council", Body: "meets weekly"},
		{ID: "a-nato-text", Type: "PASSAGE", Heading: "NATO council", Body: "the NATO council: nato council meetings, council of nato"},
	})
	tests := []struct {
		text string
		want string
	}{
		{"North Atlantic Treaty", "z-nat"},
		{"north atlantic treaty", "z-nat"},
		{"NORTH ATLANTIC TREATY", "z-nat"},
		{"what is the North Atlantic Treaty", "z-nat"},
		{"Warsaw Pact", "z-wp"},
		{"Treaty of Brussels", "z-bru"},
		{"NATO's council", "z-nato"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			res := mustSearch(t, ix, Query{Text: tt.text})
			if got := firstID(res); got != tt.want {
				t.Errorf("Search(%q) first = %q; want %q (all: %v)", tt.text, got, tt.want, hitIDs(res.Hits))
			}
		})
	}
	// Without the exact name, the longer records full of the words win:
	// the cases above are decided by the boost, not by field weights.
	controls := []struct{ text, notFirst string }{
		{"Treaty North Atlantic", "z-nat"},
		{"Pact Warsaw", "z-wp"},
		{"Brussels Treaty", "z-bru"},
	}
	for _, tt := range controls {
		t.Run("control "+tt.text, func(t *testing.T) {
			res := mustSearch(t, ix, Query{Text: tt.text})
			if got := firstID(res); got == tt.notFirst {
				t.Errorf("Search(%q) first = %q; want another record first (the control has no exact name)", tt.text, got)
			}
		})
	}
}

// relevanceCorpus has a common word in five records and a rare one in one.
var relevanceCorpus = []Doc{
	passage("c1", "treaty one"),
	passage("c2", "treaty two"),
	passage("c3", "treaty three"),
	passage("c4", "treaty four"),
	passage("c5", "treaty five"),
	passage("r", "zanzibar ferry"),
	passage("s4", "ferry boats cross strait"),
}

func TestRelevance(t *testing.T) {
	ix := newIndex(t, relevanceCorpus)
	t.Run("fallback weighs rare words", func(t *testing.T) {
		text := "treaty zanzibar"
		res := mustSearch(t, ix, Query{Text: text})
		if !res.Partial {
			t.Errorf("Search(%q).Partial = false; want true", text)
		}
		if got, want := sorted(hitIDs(res.Hits)), []string{"c1", "c2", "c3", "c4", "c5", "r"}; !slices.Equal(got, want) {
			t.Fatalf("Search(%q) = %v; want %v", text, got, want)
		}
		rare := hitByID(res, "r").Relevance
		if rare <= 0.5 || rare >= 1 {
			t.Errorf("Search(%q) hit r (rare word only) Relevance = %v; want in (0.5, 1)", text, rare)
		}
		for _, id := range []string{"c1", "c2", "c3", "c4", "c5"} {
			if got := hitByID(res, id).Relevance; got <= 0 || got >= 0.5 || got >= rare {
				t.Errorf("Search(%q) hit %s (common word only) Relevance = %v; want in (0, 0.5) and below %v", text, id, got, rare)
			}
		}
		if got := firstID(res); got != "r" {
			t.Errorf("Search(%q) first = %q; want %q (the rare word)", text, got, "r")
		}
	})
	tests := []struct {
		text string
		want map[string]float64 // id → relevance
	}{
		{"treaty one", map[string]float64{"c1": 1}},
		{"treaty", map[string]float64{"c1": 1, "c2": 1, "c3": 1, "c4": 1, "c5": 1}},
		{`"treaty one"`, map[string]float64{"c1": 1}},
		{"treaty -one -two -three -four", map[string]float64{"c5": 1}},
		{"zanzibar ferry", map[string]float64{"r": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			res := mustSearch(t, ix, Query{Text: tt.text})
			got := map[string]float64{}
			for _, h := range complete(res) {
				got[h.Doc.ID] = h.Relevance
			}
			if len(got) != len(tt.want) {
				t.Errorf("Search(%q) = %v; want %v", tt.text, got, tt.want)
			}
			for id, want := range tt.want {
				if got[id] != want {
					t.Errorf("Search(%q) hit %s Relevance = %v; want %v", tt.text, id, got[id], want)
				}
			}
			if res.Partial {
				t.Errorf("Search(%q).Partial = true; want false", tt.text)
			}
		})
	}
	t.Run("most words of a long search", func(t *testing.T) {
		text := "ferry boats cross bridges"
		res := mustSearch(t, ix, Query{Text: text})
		h := hitByID(res, "s4")
		if h == nil || res.Partial {
			t.Fatalf("Search(%q) = %v (partial %v); want s4, not partial", text, hitIDs(res.Hits), res.Partial)
		}
		if h.Relevance <= 0.5 || h.Relevance >= 1 {
			t.Errorf("Search(%q) hit s4 (three words of four) Relevance = %v; want in (0.5, 1)", text, h.Relevance)
		}
	})
	t.Run("match all", func(t *testing.T) {
		res := mustSearch(t, ix, Query{Text: ""})
		for _, h := range res.Hits {
			if h.Relevance != 1 {
				t.Errorf("Search(%q) hit %s Relevance = %v; want 1", "", h.Doc.ID, h.Relevance)
			}
		}
	})
	t.Run("always within 0 and 1", func(t *testing.T) {
		for _, text := range []string{"treaty zanzibar", "zanzibar treaty one", "ferry treaty", "treaty one two three four five", "treaty -five", "zanzibar ferry boats", `"zanzibar ferry" -treaty`} {
			res := mustSearch(t, ix, Query{Text: text})
			if len(res.Hits) == 0 {
				t.Errorf("Search(%q) = no hits; want some", text)
			}
			for _, h := range res.Hits {
				if h.Relevance < 0 || h.Relevance > 1 || math.IsNaN(h.Relevance) {
					t.Errorf("Search(%q) hit %s Relevance = %v; want in [0, 1]", text, h.Doc.ID, h.Relevance)
				}
			}
		}
	})
}

func TestHighlightOffsets(t *testing.T) {
	const (
		uBody = "Café 🛡️ & <b>pledge</b>: collective Defense, then defence again"
		qBody = "NATO’s pledge: “defense” of the O’Neill plan"
		nName = "Défense 🇫🇷 Pact"
	)
	ix := newIndex(t, []Doc{
		passage("u", uBody),
		passage("q", qBody),
		{ID: "n", Type: "AGREEMENT", Name: nName, Body: "a pact"},
	})
	tests := []struct {
		name  string
		text  string
		id    string
		field string
		whole string   // the plain text of the field
		want  []string // the marked words, in order
	}{
		{"accents and emoji before the match", "pledge", "u", "body", uBody, []string{"pledge"}},
		{"two spellings marked", "defense", "u", "body", uBody, []string{"Defense", "defence"}},
		{"first and later words", "café collective", "u", "body", uBody, []string{"Café", "collective"}},
		{"flag emoji in a name", "pact", "n", "name", nName, []string{"Pact"}},
		{"possessive with a curly apostrophe", "NATO", "q", "body", qBody, []string{"NATO’s"}},
		{"after a curly apostrophe", "pledge", "q", "body", qBody, []string{"pledge"}},
		{"after two curly apostrophes", "plan", "q", "body", qBody, []string{"plan"}},
		{"inside curly quotes", "defense", "q", "body", qBody, []string{"defense"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := mustSearch(t, ix, Query{Text: tt.text, Highlight: true})
			h := hitByID(res, tt.id)
			if h == nil {
				t.Fatalf("Search(%q) = %v; want %s among the hits", tt.text, hitIDs(res.Hits), tt.id)
			}
			var hl *Highlight
			for i := range h.Highlights {
				if h.Highlights[i].Field == tt.field {
					hl = &h.Highlights[i]
				}
			}
			if hl == nil {
				t.Fatalf("Search(%q) hit %s highlights = %+v; want a %s highlight", tt.text, tt.id, h.Highlights, tt.field)
			}
			if hl.Text != tt.whole {
				t.Errorf("Search(%q) %s highlight Text = %q; want the plain fragment %q", tt.text, tt.field, hl.Text, tt.whole)
			}
			if !utf8.ValidString(hl.Fragment) || !utf8.ValidString(hl.Text) {
				t.Errorf("Search(%q) %s highlight Fragment = %q, Text = %q; want valid UTF-8", tt.text, tt.field, hl.Fragment, hl.Text)
			}
			var got []string
			for _, m := range hl.Matches {
				s, ok := utf16Slice(hl.Text, m.Start, m.End)
				if !ok {
					t.Errorf("Search(%q) match %v is outside Text (%d UTF-16 units)", tt.text, m, len(utf16.Encode([]rune(hl.Text))))
					continue
				}
				got = append(got, s)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Search(%q) %s highlight Text[m.Start:m.End] = %q; want %q (matches %v, fragment %q)", tt.text, tt.field, got, tt.want, hl.Matches, hl.Fragment)
			}
		})
	}
	t.Run("UTF-16 offsets, not bytes or runes", func(t *testing.T) {
		res := mustSearch(t, ix, Query{Text: "pledge", Highlight: true})
		h := hitByID(res, "u")
		if h == nil || len(h.Highlights) == 0 || len(h.Highlights[0].Matches) != 1 {
			t.Fatalf("Search(%q) = %+v; want one body match in u", "pledge", res.Hits)
		}
		// "Café " 5, "🛡️" 2+1 (shield and variation selector), " & " 3,
		// "<b>" 3: pledge starts at 14 (bytes: 20, runes: 13).
		want := Span{Start: 14, End: 20}
		if got := h.Highlights[0].Matches[0]; got != want {
			t.Errorf("Search(%q) match = %v; want %v", "pledge", got, want)
		}
	})
	t.Run("compound word highlights once", func(t *testing.T) {
		ix := newIndex(t, []Doc{passage("sd", "the right of self-defence")})
		for _, text := range []string{"selfdefence", "self-defence", "self defence"} {
			res := mustSearch(t, ix, Query{Text: text, Highlight: true})
			if len(res.Hits) != 1 || len(res.Hits[0].Highlights) != 1 {
				t.Fatalf("Search(%q) = %+v; want one hit with one highlight", text, res.Hits)
			}
			hl := res.Hits[0].Highlights[0]
			if hl.Text != "the right of self-defence" {
				t.Errorf("Search(%q) highlight Text = %q; want %q", text, hl.Text, "the right of self-defence")
			}
			if len(hl.Matches) == 0 {
				t.Errorf("Search(%q) highlight Matches = none; want some", text)
			}
			for _, m := range hl.Matches {
				s, _ := utf16Slice(hl.Text, m.Start, m.End)
				if s == "" || !strings.Contains("self-defence", s) {
					t.Errorf("Search(%q) match %v = %q; want part of self-defence", text, m, s)
				}
			}
		}
	})
}

func TestExplain(t *testing.T) {
	ix := newIndex(t, append(slices.Clone(relevanceCorpus),
		Doc{ID: "nat", Type: "AGREEMENT", Name: "North Atlantic Treaty", Body: "signed in 1949"},
	))
	if err := ix.SetSynonyms([][]string{{"North Atlantic Treaty", "Washington Treaty"}}); err != nil {
		t.Fatalf("SetSynonyms: %v", err)
	}
	tests := []Query{
		{Text: "treaty"},
		{Text: "treaty one"},
		{Text: "treaty zanzibar"},
		{Text: `"zanzibar ferry"`},
		{Text: "ferry boats cross bridges"},
		{Text: "North Atlantic Treaty"},
		{Text: "Washington Treaty"},
		{Text: "treatyy"},
		{Text: "treaty", Types: []string{"AGREEMENT"}},
		{Text: "ferry", Mode: Advanced},
		{Text: ""},
	}
	for _, q := range tests {
		t.Run(q.Text+"/"+strings.Join(q.Types, ","), func(t *testing.T) {
			q.Explain = true
			res := mustSearch(t, ix, q)
			if len(res.Hits) == 0 {
				t.Fatalf("Search(%q) = no hits; want some", q.Text)
			}
			for _, h := range res.Hits {
				e := h.Explanation
				if len(e) == 0 {
					t.Errorf("Search(%q) hit %s Explanation = none; want one", q.Text, h.Doc.ID)
					continue
				}
				if e[0].Depth != 0 {
					t.Errorf("Search(%q) hit %s Explanation[0].Depth = %d; want 0", q.Text, h.Doc.ID, e[0].Depth)
				}
				if math.Abs(e[0].Value-h.Score) > 1e-9 {
					t.Errorf("Search(%q) hit %s Explanation[0].Value = %v; want the score %v", q.Text, h.Doc.ID, e[0].Value, h.Score)
				}
				for i := 1; i < len(e); i++ {
					if e[i].Depth < 1 || e[i].Depth > e[i-1].Depth+1 {
						t.Errorf("Search(%q) hit %s Explanation[%d].Depth = %d after %d; want 1 to %d", q.Text, h.Doc.ID, i, e[i].Depth, e[i-1].Depth, e[i-1].Depth+1)
					}
				}
				if e[0].Message == "" {
					t.Errorf("Search(%q) hit %s Explanation[0].Message empty; want a message", q.Text, h.Doc.ID)
				}
				named := false
				for i, l := range e {
					if !utf8.ValidString(l.Message) || strings.ContainsRune(l.Message, 0) {
						t.Errorf("Search(%q) hit %s Explanation[%d].Message = %q; want text", q.Text, h.Doc.ID, i, l.Message)
					}
					named = named || strings.Contains(l.Message, " in "+h.Doc.ID+")")
				}
				if !named && q.Text != "" {
					t.Errorf("Search(%q) hit %s: no explanation line names the record (\" in %s)\"); want the id where Bleve names it", q.Text, h.Doc.ID, h.Doc.ID)
				}
			}
		})
	}
	t.Run("none unless asked", func(t *testing.T) {
		res := mustSearch(t, ix, Query{Text: "treaty"})
		if len(res.Hits) == 0 {
			t.Fatalf("Search(%q) = no hits; want some", "treaty")
		}
		for _, h := range res.Hits {
			if h.Explanation != nil {
				t.Errorf("Search(%q) without Explain hit %s Explanation = %d lines; want none", "treaty", h.Doc.ID, len(h.Explanation))
			}
		}
	})
}

// A passage that defines what was searched for ranks above passages that
// use the words more often; the whole search must be the defined term.
func TestDefiningPassageFirst(t *testing.T) {
	ix := newIndex(t, []Doc{
		{ID: "uses", Type: "PASSAGE", Heading: "Bilateral agreements in practice",
			Body: "Bilateral agreements, bilateral agreements and more bilateral agreements: every bilateral agreement counts."},
		{ID: "defines", Type: "PASSAGE", Heading: "Overview",
			Body: "Bilateral agreements involve two nations. They differ from alliances of many states.", Defines: []string{"Bilateral agreements"}},
		{ID: "other", Type: "PASSAGE", Heading: "Bilateral agreements and costs",
			Body: "Why bilateral agreements are useful: they cost little, and bilateral agreements are quick.", Defines: []string{"Trade pacts"}},
		{ID: "multi-uses", Type: "PASSAGE", Heading: "Multilateral agreements",
			Body: "Multilateral agreements and multilateral agreements again: a multilateral agreement binds many."},
		{ID: "multi-defines", Type: "PASSAGE", Heading: "Overview",
			Body: "Multilateral security agreements involve many states.", Defines: []string{"Multilateral security agreements"}},
	})
	// A modifier inside the defined term may be left out of the search.
	if res := mustSearch(t, ix, Query{Text: "multilateral agreement"}); firstID(res) != "multi-defines" {
		t.Errorf("Search(%q) first = %q; want the passage defining multilateral security agreements (all: %v)", "multilateral agreement", firstID(res), hitIDs(res.Hits))
	}
	for _, text := range []string{"bilateral agreement", "Bilateral agreements", "what is a bilateral agreement?"} {
		res := mustSearch(t, ix, Query{Text: text})
		if got := firstID(res); got != "defines" {
			t.Errorf("Search(%q) first = %q; want the defining passage (all: %v)", text, got, hitIDs(res.Hits))
		}
	}
	// More than the defined term: the words decide, not the definition.
	res := mustSearch(t, ix, Query{Text: "bilateral agreements useful"})
	if got := firstID(res); got != "other" {
		t.Errorf("Search(%q) first = %q; want %q (all: %v)", "bilateral agreements useful", got, "other", hitIDs(res.Hits))
	}
	// Without the boost the passage full of the words wins: the test above
	// measures the definition, not an accident of the scores.
	plain := mustSearch(t, ix, Query{Text: "bilateral agreement", Mode: Advanced})
	if got := firstID(plain); got == "defines" {
		t.Errorf("ADVANCED %q first = %q; want another passage, so that the SIMPLE test means something", "bilateral agreement", got)
	}
}

// An entity whose own theme is the whole search is a complete match, even
// when its text never uses the words; a passage's themes (its agreements')
// do not count, and a search with more than the theme matches by words.
func TestThemeMatchesWhole(t *testing.T) {
	ix := newIndex(t, []Doc{
		{ID: "themed", Type: "AGREEMENT", Name: "Signals pact", Body: "Agencies exchange intercepts.", Themes: []string{"intelligence-sharing"}},
		{ID: "words", Type: "AGREEMENT", Name: "Data accord", Body: "Intelligence sharing between two police forces."},
		{ID: "passage", Type: "PASSAGE", Heading: "Notes", Body: "Exchanges of intercepts.", Themes: []string{"intelligence-sharing"}},
		{ID: "other", Type: "AGREEMENT", Name: "Trade pact", Body: "Tariffs."},
	})
	for _, text := range []string{"intelligence sharing", "Intelligence-sharing", "intelligance sharing"} {
		res := mustSearch(t, ix, Query{Text: text})
		got := map[string]Hit{}
		for _, h := range res.Hits {
			got[h.Doc.ID] = h
		}
		th, ok := got["themed"]
		if !ok || th.Partial || th.Relevance != 1 {
			t.Errorf("Search(%q): themed hit %v (partial %v, relevance %v); want a complete match with relevance 1 (all: %v)", text, ok, th.Partial, th.Relevance, hitIDs(res.Hits))
		}
		if _, ok := got["passage"]; ok {
			t.Errorf("Search(%q) found the passage by its agreements' theme: %v", text, hitIDs(res.Hits))
		}
		if res.Complete != 2 {
			t.Errorf("Search(%q).Complete = %d; want 2 (the themed and the worded agreement)", text, res.Complete)
		}
	}
	res := mustSearch(t, ix, Query{Text: "intelligence sharing police"})
	if ids := hitIDs(complete(res)); !slices.Equal(ids, []string{"words"}) {
		t.Errorf("Search(%q) complete hits = %v; want [words]: the theme is not the whole search", "intelligence sharing police", ids)
	}
}

// A search that is one name of several words relaxes into its words: after
// the named record come those with most of the name's words.
func TestNameRelaxesIntoWords(t *testing.T) {
	ix := newIndex(t, []Doc{
		{ID: "new-start", Type: "AGREEMENT", Name: "Treaty on Measures for the Further Reduction of Strategic Offensive Arms", Aliases: []string{"New START", "Prague Treaty"}},
		{ID: "start-i", Type: "AGREEMENT", Name: "Strategic Arms Reduction Treaty", Aliases: []string{"START I"}},
		{ID: "unrelated", Type: "AGREEMENT", Name: "Convention on Cybercrime", Body: "Open to states worldwide."},
	})
	if err := ix.SetSynonyms([][]string{{"New START", "Prague Treaty"}}); err != nil {
		t.Fatal(err)
	}
	res := mustSearch(t, ix, Query{Text: "New START"})
	if got := hitIDs(res.Hits); !slices.Equal(got, []string{"new-start", "start-i"}) {
		t.Fatalf("Search(%q) = %v; want [new-start start-i]", "New START", got)
	}
	if res.Hits[0].Partial || !res.Hits[1].Partial || res.Complete != 1 {
		t.Errorf("partial flags %v %v, Complete %d; want the name complete and START I partial", res.Hits[0].Partial, res.Hits[1].Partial, res.Complete)
	}
	// The other name still finds the record, complete.
	if res := mustSearch(t, ix, Query{Text: "Prague Treaty"}); firstID(res) != "new-start" || res.Hits[0].Partial {
		t.Errorf("Search(%q) = %v; want new-start first, complete", "Prague Treaty", hitIDs(res.Hits))
	}
}

// Words that name a curated theme inside a longer search ("arms control
// treaties") are satisfied by an agreement with that theme, even when its
// text never uses them; the hit covers the search fully.
func TestThemeWordsInsideASearch(t *testing.T) {
	ix := newIndex(t, []Doc{
		{ID: "abm", Type: "AGREEMENT", Name: "Treaty on anti-ballistic missile systems", Body: "Limits missile defences.", Themes: []string{"arms-control"}},
		{ID: "worded", Type: "AGREEMENT", Name: "Treaty on arms control in space", Body: "Control of arms."},
		{ID: "other", Type: "AGREEMENT", Name: "Treaty of friendship", Body: "Friendship."},
		{ID: "passage", Type: "PASSAGE", Heading: "Notes", Body: "A treaty mentioned.", Themes: []string{"arms-control"}},
	})
	res := mustSearch(t, ix, Query{Text: "arms control treaty"})
	got := map[string]Hit{}
	for _, h := range complete(res) {
		got[h.Doc.ID] = h
	}
	if len(got) != 2 || got["abm"].Relevance != 1 || got["worded"].Relevance != 1 {
		t.Errorf("complete hits %v; want abm and worded, each with relevance 1", hitIDs(complete(res)))
	}
	// Without the theme's words, the theme does not match.
	if res := mustSearch(t, ix, Query{Text: "missile treaty"}); len(complete(res)) != 1 || firstID(res) != "abm" {
		t.Errorf("Search(%q) = %v; want abm alone complete", "missile treaty", hitIDs(res.Hits))
	}
}

// A passage that defines two terms weighs each as much as a passage that
// defines one: the key fields are padded to one length, so BM25's length
// normalization cannot tell them apart.
func TestDefinedTermsWeighAlike(t *testing.T) {
	body := "Bilateral agreements involve two nations."
	ix := newIndex(t, []Doc{
		{ID: "one", Type: "PASSAGE", Heading: "Notes", Body: body, Defines: []string{"Bilateral agreements"}},
		{ID: "two", Type: "PASSAGE", Heading: "Notes", Body: body, Defines: []string{"Bilateral agreements", "Multilateral agreements"}},
	})
	res := mustSearch(t, ix, Query{Text: "bilateral agreement"})
	if len(res.Hits) != 2 {
		t.Fatalf("Search = %v; want both passages", hitIDs(res.Hits))
	}
	if a, b := res.Hits[0].Score, res.Hits[1].Score; math.Abs(a-b) > 1e-9*math.Max(a, b) {
		t.Errorf("scores %v (%s) and %v (%s); want them equal", a, res.Hits[0].Doc.ID, b, res.Hits[1].Doc.ID)
	}
}

// TestPairs: the pairs analysis writes each two neighbouring terms as
// one, with the gap a stop word leaves, and a search whose words stand
// side by side in one record ranks it above one that has them apart.
func TestPairs(t *testing.T) {
	ix := newIndex(t, nil)
	a := ix.bleve.Mapping().AnalyzerNamed(analyzerPairs)
	for in, want := range map[string][]string{
		"North Atlantic Treaty":        {"north atlant", "atlant treati"},
		"treaty of peace":              {"treati _ peac"},
		"inclusion of the Philippines": {"inclus _ _ philippin"},
		"the collective defence":       {"collect defens"},
		"self-defence obligation":      {"self defens", "defens oblig"},
		"treaty":                       nil,
		"":                             nil,
	} {
		var got []string
		for _, tk := range a.Analyze([]byte(in)) {
			got = append(got, string(tk.Term))
		}
		if !slices.Equal(got, want) {
			t.Errorf("pairs of %q = %q; want %q", in, got, want)
		}
	}
	ix = newIndex(t, []Doc{
		{ID: "apart", Type: "PASSAGE", Body: "Security was the aim; the collective arrangements came later."},
		{ID: "together", Type: "PASSAGE", Body: "Collective security arrangements came later; that was the aim."},
	})
	res := mustSearch(t, ix, Query{Text: "collective security"})
	if got := hitIDs(res.Hits); !slices.Equal(got, []string{"together", "apart"}) {
		t.Errorf("Search(collective security) = %v; want the record with the words side by side first", got)
	}
}

// TestOneNameWordBoostsNothing checks that for a search of several words a
// record earns its name's boost only when its name holds two of them: a
// treaty text's article on an armed attack ranks above an agreement that
// only shares "armed" with its name, while a name that holds both words
// still earns the boost.
func TestOneNameWordBoostsNothing(t *testing.T) {
	ix := newIndex(t, []Doc{
		{ID: "cfe", Type: "AGREEMENT", Name: "Treaty on Conventional Armed Forces in Europe",
			Body: "limits conventional armed forces in Europe; an attack helicopter ceiling"},
		passage("anzus-v", "an armed attack on any of the Parties is deemed to include an armed attack on the metropolitan territory of any of the Parties"),
		passage("other", "the parties consult whenever the territorial integrity of any of them is threatened"),
		passage("europe", "europe europe and its states"),
		{ID: "att", Type: "AGREEMENT", Name: "Armed Attack Convention", Body: "a convention on an armed attack"},
	})
	res := mustSearch(t, ix, Query{Text: "armed attack"})
	ids := hitIDs(res.Hits)
	if len(ids) < 3 || ids[0] != "att" || slices.Index(ids, "anzus-v") > slices.Index(ids, "cfe") {
		t.Errorf("Search(armed attack) = %v; want att (both words in its name) first, and the passage above cfe (one word in its name)", ids)
	}
	// One word: a name that holds it is boosted as before.
	res = mustSearch(t, ix, Query{Text: "europe"})
	if got := firstID(res); got != "cfe" {
		t.Errorf("Search(europe) first = %q; want cfe", got)
	}
}
