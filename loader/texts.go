package loader

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"pactgraph/corpus"
)

// A document can be the text of an agreement: its front matter says
// `agreement: north-atlantic-treaty`, or the corpus's manifest
// documents.json says it for files a researcher cannot edit. The loader
// also proposes such joins by title, as notices, and never makes them on
// its own.

// manifestName is the manifest's file name, at the root of a corpus.
const manifestName = "documents.json"

// manifestEntry is what documents.json says about one document file.
type manifestEntry struct {
	Path      string `json:"path"`
	Agreement string `json:"agreement"`
	Language  string `json:"language"`
	line      int
}

// manifest is one corpus's documents.json, by where each document is
// (documentKey): an entry's path is relative to the manifest's corpus,
// and may lead into another corpus of the same load ("../texts/a.md"),
// so that files in a directory a researcher cannot write to are joined
// from one they can.
type manifest struct {
	file    string // as messages name it
	corpus  string
	entries map[string]*manifestEntry
	order   []*manifestEntry
}

// documentKey is where a document of a corpus is, for comparing paths
// across corpora: absolute, with symbolic links resolved, so that a folder
// reached by two paths (a link to it, and the folder itself) is one. A
// path that leads to no file keeps its absolute form, which then matches
// no document.
func documentKey(corpusName, p string) string {
	joined := filepath.Join(corpusName, filepath.FromSlash(p))
	if real, err := filepath.EvalSymlinks(joined); err == nil {
		joined = real
	}
	abs, err := filepath.Abs(joined)
	if err != nil {
		return joined
	}
	return abs
}

// readManifest reads a corpus's documents.json; nil when it has none.
// Each entry remembers its line for messages.
func readManifest(fsys fs.FS, corpusName string, digest io.Writer) (*manifest, error) {
	data, err := readBounded(fsys, manifestName, maxDocumentBytes)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	where := path.Join(corpusName, manifestName)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	writeDigest(digest, manifestName, data)
	m := &manifest{file: where, corpus: corpusName, entries: map[string]*manifestEntry{}}
	fail := func(off int64, entry, msg string) error {
		return &corpus.EntityError{Origin: corpus.Origin{File: where, Line: lineAt(data, off)}, Entry: entry, Msg: msg}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := expectManifestStart(dec); err != nil {
		return nil, fail(dec.InputOffset(), "", err.Error())
	}
	for dec.More() {
		off := dec.InputOffset()
		e := &manifestEntry{}
		if err := dec.Decode(e); err != nil {
			return nil, fail(off, "", "an entry is an object with path, agreement and language: "+err.Error())
		}
		e.line = lineAt(data, off)
		entry := fmt.Sprintf("document %q", e.Path)
		key := documentKey(corpusName, e.Path)
		switch {
		case strings.TrimSpace(e.Path) == "":
			return nil, fail(off, "", "an entry without a path")
		case m.entries[key] != nil:
			return nil, fail(off, entry, fmt.Sprintf("listed twice (first at line %d)", m.entries[key].line))
		case e.Agreement == "" && e.Language == "":
			return nil, fail(off, entry, "says nothing: give an agreement, a language or both")
		}
		e.Agreement = strings.TrimPrefix(e.Agreement, "agreement:")
		m.entries[key] = e
		m.order = append(m.order, e)
	}
	return m, nil
}

// readManifestInto reads a corpus's manifest, if it has one, into
// manifests by corpus name.
func readManifestInto(manifests map[string]*manifest, c Corpus, digest io.Writer) error {
	m, err := readManifest(c.FS, c.Name, digest)
	if m != nil {
		manifests[c.Name] = m
	}
	return err
}

// expectManifestStart reads `{"documents": [` and nothing else.
func expectManifestStart(dec *json.Decoder) error {
	want := []any{json.Delim('{'), "documents", json.Delim('[')}
	for _, w := range want {
		tok, err := dec.Token()
		if err != nil || tok != w {
			return errors.New(`a manifest is {"documents": [{"path": …, "agreement": …, "language": …}, …]}`)
		}
	}
	return nil
}

// lineAt is the line of the first character after off that is not
// space or a comma: where the next value starts.
func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	for off < int64(len(data)) && (unicode.IsSpace(rune(data[off])) || data[off] == ',') {
		off++
	}
	return 1 + bytes.Count(data[:off], []byte{'\n'})
}

// check fails a manifest entry that names a file the corpus does not hold
// as a document, or an agreement the corpus does not have.
func (m *manifest) check(present map[string]bool, agreements map[string]bool) []error {
	var errs []error
	for _, e := range m.order {
		origin := corpus.Origin{File: m.file, Line: e.line}
		entry := fmt.Sprintf("document %q", e.Path)
		if !present[documentKey(m.corpus, e.Path)] {
			errs = append(errs, &corpus.EntityError{Origin: origin, Entry: entry, Msg: "no such document in the corpora loaded (a path from this corpus's directory to a .md, .txt or .html file, in it or in another corpus given)"})
		}
		if e.Agreement != "" && !agreements[e.Agreement] {
			errs = append(errs, &corpus.EntityError{Origin: origin, Entry: entry, Msg: fmt.Sprintf("agreement %q is not an agreement of the corpus", e.Agreement)})
		}
	}
	return errs
}

// joinText makes a document and its passages the text of the agreement
// its manifest entry or front matter names, and proposes one by title
// when neither does. It returns the notices.
func joinText(doc *corpus.Document, passages []*corpus.Passage, entry *manifestEntry, names agreementNames, byID map[string]*corpus.Agreement, where string) []string {
	var notes []string
	if entry != nil {
		if entry.Agreement != "" {
			doc.TextOf = "agreement:" + entry.Agreement
		}
		if entry.Language != "" {
			doc.Language = entry.Language
		}
	}
	if id := strings.TrimPrefix(doc.TextOf, "agreement:"); id != "" && byID[id] == nil {
		hint := ""
		if a := names[nameKey(id)]; a != nil {
			hint = fmt.Sprintf(" (it names %s: write `agreement: %s`)", a.ID, a.ID)
		}
		notes = append(notes, fmt.Sprintf("%s: front matter agreement %q is not an agreement id of the corpus%s; the document is not joined to one", where, id, hint))
		doc.TextOf = ""
	}
	if doc.TextOf == "" {
		if a, said := proposeText(doc, names); a != nil {
			notes = append(notes, fmt.Sprintf("%s: %q matches agreement %s (%s); to make the document its text, give it `agreement: %s` in its front matter or an entry in %s", where, said, a.ID, a.Name, a.ID, manifestName))
		}
		return notes
	}
	for _, p := range passages {
		p.TextOf = doc.TextOf
	}
	return notes
}

// proposeText finds the agreement whose name or alias a document's title
// or first heading is, word for word.
func proposeText(doc *corpus.Document, names agreementNames) (*corpus.Agreement, string) {
	candidates := []string{doc.Title}
	if len(doc.Headings) > 0 {
		candidates = append(candidates, doc.Headings[0])
	}
	for _, c := range candidates {
		if key := nameKey(c); names[key] != nil && len(strings.Fields(key)) >= 2 {
			return names[key], c
		}
	}
	return nil, ""
}

// agreementNames finds agreements by name or alias, compared by nameKey;
// a name two agreements share is left to the first.
type agreementNames map[string]*corpus.Agreement

func newAgreementNames(agreements []*corpus.Agreement) agreementNames {
	names := agreementNames{}
	for _, a := range agreements {
		for _, n := range append([]string{a.Name}, a.Aliases...) {
			if key := nameKey(n); key != "" && names[key] == nil {
				names[key] = a
			}
		}
	}
	return names
}

// nameKey is a name as a comparison sees it: lower-case words, without
// punctuation and a leading "the".
func nameKey(s string) string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) > 0 && words[0] == "the" {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// manifestEntry finds what the manifests say about a document file; nil
// when none names it.
func manifestEntryOf(manifests map[string]*manifest, f docFile) *manifestEntry {
	key := documentKey(f.corpus, f.path)
	for _, m := range manifests {
		if e := m.entries[key]; e != nil {
			return e
		}
	}
	return nil
}

// checkManifests checks every corpus's manifest against the documents
// found and the agreements loaded.
func checkManifests(manifests map[string]*manifest, files []docFile, e *corpus.Entities) []error {
	agreements := make(map[string]bool, len(e.Agreements))
	for _, a := range e.Agreements {
		agreements[a.ID] = true
	}
	present := make(map[string]bool, len(files))
	for _, f := range files {
		present[documentKey(f.corpus, f.path)] = true
	}
	var errs []error
	seen := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(manifests)) {
		m := manifests[name]
		errs = append(errs, m.check(present, agreements)...)
		for _, e := range m.order {
			key := documentKey(m.corpus, e.Path)
			if other, dup := seen[key]; dup {
				errs = append(errs, &corpus.EntityError{Origin: corpus.Origin{File: m.file, Line: e.line}, Entry: fmt.Sprintf("document %q", e.Path), Msg: "also listed in " + other})
			}
			seen[key] = fmt.Sprintf("%s:%d", m.file, e.line)
		}
	}
	return errs
}
