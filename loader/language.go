package loader

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/abadojack/whatlanggo"

	"pactgraph/corpus"
	"pactgraph/search"
)

// Each passage gets a language, so that the index analyses it with that
// language's analyser. A document that declares its language (front
// matter, or its corpus's documents.json) gives it to every passage.
// Otherwise each passage is detected on its own: by its function words
// where they leave no doubt (stopvote.go), else by whatlanggo's trigram
// profiles over the languages the index analyses (docs/researchers.md
// says why that library). A passage too short to tell (a heading, a
// number, "SECRET") or told with low confidence takes the language of the
// passage before it, else of the one after it; a document none of whose
// passages can be told is detected whole, and is "und" when even that
// fails. Nothing is dropped.

// Detection thresholds, measured on the treaty texts' passages (see
// docs/researchers.md): with both, 99.9% of their passages get their
// language right.
const (
	// minLetters is the fewest letters a passage needs to be detected
	// on its own.
	minLetters = 40
	// minConfidence is the least whatlanggo confidence (0 to 1) taken.
	minConfidence = 0.95
)

// detectable maps whatlanggo's languages to the codes the index analyses.
var detectable = map[whatlanggo.Lang]string{
	whatlanggo.Eng: "en", whatlanggo.Nld: "nl", whatlanggo.Fra: "fr", whatlanggo.Deu: "de",
	whatlanggo.Spa: "es", whatlanggo.Ita: "it", whatlanggo.Por: "pt",
}

// detectOptions keep the detector to the languages the index analyses.
var detectOptions = func() whatlanggo.Options {
	o := whatlanggo.Options{Whitelist: map[whatlanggo.Lang]bool{}}
	for l := range detectable {
		o.Whitelist[l] = true
	}
	return o
}()

// detectLanguage is the language of text, or "" when it is too short or
// the detector is not confident.
func detectLanguage(text string) string {
	letters := 0
	for _, r := range text {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < minLetters {
		return ""
	}
	if code := stopVote(text); code != "" {
		return code
	}
	return trigramLanguage(text)
}

// trigramLanguage is whatlanggo's language of text, or "" when it is not
// confident.
func trigramLanguage(text string) string {
	info := whatlanggo.DetectWithOptions(text, detectOptions)
	if info.Confidence < minConfidence {
		return ""
	}
	return detectable[info.Lang]
}

// setLanguages gives a document's passages their languages, and the
// document its declared language as a code. It returns a notice for a
// declared language it cannot read, or one the index has no analyser
// for.
func setLanguages(doc *corpus.Document, passages []*corpus.Passage, where string) []string {
	var notes []string
	if doc.Language != "" {
		code, ok := corpus.LanguageCode(doc.Language)
		switch {
		case !ok:
			notes = append(notes, fmt.Sprintf("%s: language %q is not a language code (such as en or nl); the passages' languages are detected instead", where, doc.Language))
		case !search.Analysed(code):
			notes = append(notes, fmt.Sprintf("%s: language %q has no analyser of its own; its passages are analysed as English (analysed: %v)", where, code, search.Languages()))
		}
		if ok {
			doc.Language = code
			for _, p := range passages {
				p.Language = code
			}
			return notes
		}
	}
	detectPassages(passages)
	return notes
}

// detectPassages detects each passage's language, and gives those it
// cannot tell their neighbour's: the one before, else the one after.
func detectPassages(passages []*corpus.Passage) {
	detectEach(passages)
	last := ""
	for _, p := range passages {
		if p.Language != "" {
			last = p.Language
		} else {
			p.Language = last
		}
	}
	next := ""
	for i := len(passages) - 1; i >= 0; i-- {
		if p := passages[i]; p.Language != "" {
			next = p.Language
		} else {
			p.Language = next
		}
	}
	if len(passages) == 0 || passages[0].Language != "" {
		return
	}
	// Nothing could be told passage by passage: the whole document.
	whole := corpus.Undetermined
	var text strings.Builder
	for _, p := range passages {
		text.WriteString(p.Text)
		text.WriteByte('\n')
	}
	if l := detectLanguage(text.String()); l != "" {
		whole = l
	}
	for _, p := range passages {
		p.Language = whole
	}
}

// detectEach detects each passage on its own, on every core: detection is
// most of the time a document of long passages takes to load.
func detectEach(passages []*corpus.Passage) {
	workers := min(runtime.GOMAXPROCS(0), (len(passages)+parallelFrom-1)/parallelFrom)
	if workers <= 1 {
		for _, p := range passages {
			p.Language = detectLanguage(p.Text)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < len(passages); i = int(next.Add(1)) - 1 {
				passages[i].Language = detectLanguage(passages[i].Text)
			}
		}()
	}
	wg.Wait()
}

// parallelFrom is how many passages each core needs before detection
// is spread across cores.
const parallelFrom = 16
