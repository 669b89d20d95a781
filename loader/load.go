// Package loader turns corpora into what pactgraph serves: it reads
// documents and entity files, splits documents into passages, links each
// passage to the entities it mentions, validates everything, and builds the
// search index.
package loader

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"pactgraph/corpus"
	"pactgraph/search"
)

// Corpus is one source of documents and entities.
type Corpus struct {
	Name string // how files are named in messages: "builtin" or the directory
	FS   fs.FS
}

// Builtin is the embedded default corpus.
func Builtin() Corpus { return Corpus{Name: "builtin", FS: corpus.Default} }

// Dir is a corpus directory on disk. It reaches only what is inside dir
// (see files.go): a symlink out of it, a named pipe or a device is skipped
// with a notice.
func Dir(dir string) Corpus { return Corpus{Name: dir, FS: dirFS(dir)} }

// maxDocumentBytes bounds one document file; a larger one is refused by name.
const maxDocumentBytes = 16 << 20

// Loaded is a corpus read, validated and linked, ready to index.
type Loaded struct {
	Catalog  *corpus.Catalog
	Entities *corpus.Entities
	Docs     []search.Doc // passages and entities
	Passages int
	// Notices are what the load found worth a person's look without
	// failing: disagreements between the curated data and ATOP.
	Notices []string
}

type docFile struct {
	corpus string
	fsys   fs.FS
	path   string
}

// Load reads corpora (their entities, then their documents), validates the
// entities and links every passage. Any problem fails the whole load with
// messages that name the file and the entry.
func Load(ctx context.Context, corpora []Corpus) (*Loaded, error) {
	corpora, closeRoots, err := openRoots(corpora)
	if err != nil {
		return nil, err
	}
	defer closeRoots()
	sc := &scan{
		entities:  &corpus.Entities{},
		digest:    sha256.New(),
		atop:      &atopData{alliances: map[int]*atopAlliance{}, members: map[int][]*atopMember{}},
		manifests: map[string]*manifest{},
	}
	for _, c := range corpora {
		if err := sc.corpus(c); err != nil {
			return nil, err
		}
	}
	notices, err := sc.check()
	if err != nil {
		return nil, err
	}
	out := &Loaded{Entities: sc.entities, Notices: notices}
	dl := newDocumentLoader(out, sc.entities, sc.manifests, sc.digest)
	progress := progressOf(ctx, StageRead)
	progress(0, len(sc.files))
	for _, f := range sc.files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := dl.add(f); err != nil {
			return nil, err
		}
		progress(len(dl.docs), len(sc.files))
	}
	for _, c := range corpora {
		digestEntities(sc.digest, c)
	}
	out.Docs = append(out.Docs, entityDocs(sc.entities)...)
	version := "sha256:" + hex.EncodeToString(sc.digest.Sum(nil))[:16]
	out.Catalog = corpus.NewCatalog(version, sc.entities, dl.docs)
	out.Catalog.Notices = out.Notices
	return out, nil
}

// scan is what a load finds in its corpora before it reads any document:
// entities, ATOP's records, manifests, the document files, and what it
// skipped; errors in the corpora's data are gathered, not returned one by
// one.
type scan struct {
	entities    *corpus.Entities
	digest      hash.Hash
	atop        *atopData
	manifests   map[string]*manifest
	files       []docFile
	fileNotices []string
	errs        []error
}

// corpus scans one corpus; the error is one that stops the load (a folder
// that cannot be walked).
func (sc *scan) corpus(c Corpus) error {
	if err := sc.entities.ReadEntities(c.FS, "entities", c.Name); err != nil {
		sc.errs = append(sc.errs, err)
	}
	var csvs []string
	err := fs.WalkDir(c.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != "." && strings.HasPrefix(path.Base(p), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p == "entities" {
				return fs.SkipDir
			}
			return nil
		}
		isCSV := strings.EqualFold(path.Ext(p), ".csv")
		if formatOf(p) == "" && !isCSV {
			return nil
		}
		if msg := unreadable(c.FS, p, d); msg != "" {
			sc.fileNotices = append(sc.fileNotices, fmt.Sprintf("%s: skipped: %s", path.Join(c.Name, p), msg))
			return nil
		}
		if formatOf(p) != "" {
			sc.files = append(sc.files, docFile{c.Name, c.FS, p})
		}
		if isCSV {
			csvs = append(csvs, p)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read corpus %s: %w", c.Name, err)
	}
	if err := readATOP(c.FS, csvs, c.Name, sc.atop); err != nil {
		sc.errs = append(sc.errs, err)
	}
	if err := readManifestInto(sc.manifests, c, sc.digest); err != nil {
		sc.errs = append(sc.errs, err)
	}
	for _, p := range csvs {
		if data, err := fs.ReadFile(c.FS, p); err == nil {
			writeDigest(sc.digest, p, data)
		}
	}
	return nil
}

// check validates what the scan found: the entity files as written, then
// with ATOP's records joined, then the manifests against the documents
// and agreements. It returns the load's notices so far.
func (sc *scan) check() ([]string, error) {
	errs := sc.errs
	if len(errs) == 0 {
		if err := sc.entities.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	notices := sc.fileNotices
	if len(errs) == 0 {
		atopNotices, err := mergeATOP(sc.entities, sc.atop)
		notices = append(notices, atopNotices...)
		if err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) == 0 {
		errs = append(errs, checkManifests(sc.manifests, sc.files, sc.entities)...)
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("invalid corpus:\n%w", errors.Join(errs...))
	}
	return notices, nil
}

// digestEntities adds a corpus's entity files to the corpus version.
func digestEntities(digest io.Writer, c Corpus) {
	_ = fs.WalkDir(c.FS, "entities", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if data, err := fs.ReadFile(c.FS, p); err == nil {
				writeDigest(digest, p, data)
			}
		}
		return nil
	})
}

// documentLoader reads the document files of a load into its output:
// documents, their passages linked and joined, and the notices.
type documentLoader struct {
	out       *Loaded
	docs      []*corpus.Document
	byID      map[string]*corpus.Agreement
	linker    *linker
	names     agreementNames
	manifests map[string]*manifest
	digest    io.Writer
	seen      map[string]string // document id → where it was read
}

func newDocumentLoader(out *Loaded, e *corpus.Entities, manifests map[string]*manifest, digest io.Writer) *documentLoader {
	byID := make(map[string]*corpus.Agreement, len(e.Agreements))
	for _, a := range e.Agreements {
		byID[a.ID] = a
	}
	return &documentLoader{out: out, byID: byID, linker: newLinker(e), names: newAgreementNames(e.Agreements),
		manifests: manifests, digest: digest, seen: map[string]string{}}
}

// add reads one document file, joins it to the agreement it is the text
// of, and adds its passages as index records.
func (dl *documentLoader) add(f docFile) error {
	doc, passages, notes, err := readDocumentFile(f, dl.digest, dl.seen)
	if err != nil {
		return err
	}
	where := path.Join(f.corpus, f.path)
	notes = append(notes, joinText(doc, passages, manifestEntryOf(dl.manifests, f), dl.names, dl.byID, where)...)
	notes = append(notes, setLanguages(doc, passages, where)...)
	dl.out.Notices = append(dl.out.Notices, notes...)
	meta := metaTerms(doc)
	context := documentContext(doc, passages)
	for _, p := range passages {
		linkPassage(dl.linker, p)
		d := passageDoc(dl.byID, p)
		d.Meta, d.Context = meta, context
		dl.out.Docs = append(dl.out.Docs, d)
	}
	dl.out.Passages += len(passages)
	dl.docs = append(dl.docs, doc)
	return nil
}

// documentContext is what a document's passages are called besides their
// own words (search.DocumentContext): the document's title and, when it
// opens with a heading under its title (a treaty's name in its other
// language, a subtitle), that heading.
func documentContext(doc *corpus.Document, passages []*corpus.Passage) []string {
	names := []string{doc.Title}
	if len(passages) > 0 {
		if hp := passages[0].HeadingPath; len(hp) >= 2 && hp[1] != doc.Title && !structural.MatchString(hp[1]) {
			names = append(names, hp[1])
		}
	}
	texts := make([]string, len(passages))
	for i, p := range passages {
		texts[i] = p.Text
		if !slices.Contains(names, p.Heading) {
			texts[i] = p.Heading + " " + p.Text // a heading that is not one of the names is the passage's own
		}
	}
	return search.DocumentContext(names, texts)
}

// readDocumentFile reads, decodes and splits one document file, with the
// notices its reading raised.
func readDocumentFile(f docFile, digest io.Writer, seen map[string]string) (*corpus.Document, []*corpus.Passage, []string, error) {
	where := path.Join(f.corpus, f.path)
	data, err := readBounded(f.fsys, f.path, maxDocumentBytes)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("invalid corpus: %s: %w", where, err)
	}
	writeDigest(digest, f.path, data)
	id := documentID(f.path)
	if prev, dup := seen[id]; dup && !strings.HasPrefix(prev, f.corpus+"/") {
		// The same path in another corpus (two folders that each have a
		// SOURCES.md): the later one's id is prefixed with its folder's
		// name.
		id = documentID(path.Join(path.Base(filepathToSlash(f.corpus)), f.path))
	}
	if prev, dup := seen[id]; dup {
		return nil, nil, nil, fmt.Errorf("invalid corpus: %s: document id %q is also the id of %s; rename one of them", where, id, prev)
	}
	seen[id] = where
	text, notes := decodeText(data, where)
	var fm *frontMatter
	if formatOf(f.path) != "html" {
		var notice string
		text, fm, notice = splitFrontMatter(text, where)
		if notice != "" {
			notes = append(notes, notice)
		}
	}
	doc, passages := readDocumentWith(id, f.path, []byte(text), fm)
	if fm != nil {
		notes = append(notes, applyFrontMatter(doc, fm, where)...)
	}
	doc.Passages = len(passages)
	known := map[string]bool{doc.Title: true}
	for _, p := range passages {
		if !known[p.Heading] {
			known[p.Heading] = true
			doc.Headings = append(doc.Headings, p.Heading)
		}
	}
	return doc, passages, notes, nil
}

func filepathToSlash(p string) string { return strings.ReplaceAll(p, "\\", "/") }

// openRoots opens each corpus directory once, as an os.Root, for the whole
// load; the others are returned as they are.
func openRoots(corpora []Corpus) ([]Corpus, func(), error) {
	out := slices.Clone(corpora)
	var roots []*os.Root
	closeAll := func() {
		for _, r := range roots {
			r.Close()
		}
	}
	for i, c := range out {
		if d, ok := c.FS.(dirFS); ok {
			root, err := os.OpenRoot(string(d))
			if err != nil {
				closeAll()
				return nil, nil, fmt.Errorf("read corpus %s: %w", c.Name, err)
			}
			roots = append(roots, root)
			out[i].FS = rootFS{root}
		}
	}
	return out, closeAll, nil
}

// unreadable says why a file found by the walk is not read ("" when it is
// read): only regular files, and symlinks inside the corpus to them.
func unreadable(fsys fs.FS, p string, d fs.DirEntry) string {
	if d.Type().IsRegular() {
		return ""
	}
	info, err := fs.Stat(fsys, p)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return pe.Err.Error()
		}
		return err.Error()
	}
	if !info.Mode().IsRegular() {
		return notRegular(info.Mode()).Error()
	}
	return ""
}

func writeDigest(h interface{ Write([]byte) (int, error) }, name string, data []byte) {
	h.Write([]byte(name))
	h.Write([]byte{0})
	h.Write([]byte(strconv.Itoa(len(data))))
	h.Write([]byte{0})
	h.Write(data)
}

func formatOf(p string) string {
	switch strings.ToLower(path.Ext(p)) {
	case ".md", ".markdown":
		return "markdown"
	case ".txt":
		return "text"
	case ".html", ".htm":
		return "html"
	}
	return ""
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// footnoteMark is a footnote's number in brackets, as archival exports
// leave them in titles ("Cablegram from Spender to Menzies[1]").
var footnoteMark = regexp.MustCompile(`\[\d{1,3}\]`)

// documentID makes a readable id from a document's path in its corpus:
// "reports/2024 Review.md" → "reports-2024-review".
func documentID(p string) string {
	p = strings.TrimSuffix(p, path.Ext(p))
	return strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(p), "-"), "-")
}

// readDocument parses a document and splits it into passages.
func readDocument(id, p string, data []byte) (*corpus.Document, []*corpus.Passage) {
	return readDocumentWith(id, p, data, nil)
}

// readDocumentWith parses a document whose front matter fm (nil when it
// has none) was taken off, and splits it into passages. The title is the
// front matter's, else the first heading, else the file name made readable.
func readDocumentWith(id, p string, data []byte, fm *frontMatter) (*corpus.Document, []*corpus.Passage) {
	text := strings.ToValidUTF8(string(data), "\uFFFD")
	text = strings.ReplaceAll(text, "\x00", "")
	text = strings.TrimPrefix(text, "\uFEFF")
	format := formatOf(p)
	var doc parsed
	switch format {
	case "markdown":
		doc = readMarkdown([]byte(text))
	case "html":
		doc = readHTML([]byte(text))
	default:
		doc = readText([]byte(text))
	}
	doc.blocks = joinEnumerations(doc.blocks)
	title := doc.title
	if fm != nil && fm.title != "" {
		title = footnoteMark.ReplaceAllString(inline(fm.title), "")
	}
	if title == "" {
		title = readableName(p)
	}
	d := &corpus.Document{ID: "document:" + id, Title: title, Path: p, Format: format}
	var passages []*corpus.Passage
	for _, b := range doc.blocks {
		for _, piece := range splitLong(b.text) {
			headings := b.headings
			if len(headings) > 0 && headings[0] == title {
				headings = headings[1:] // the first heading, made the title
			}
			headingPath := append([]string{title}, headings...)
			passages = append(passages, &corpus.Passage{
				ID:          fmt.Sprintf("passage:%s:%d", id, len(passages)+1),
				Document:    d.ID,
				Heading:     headingPath[len(headingPath)-1],
				HeadingPath: headingPath,
				Position:    len(passages) + 1,
				Text:        piece,
				Article:     articleOf(headings),
			})
		}
	}
	return d, passages
}

// Passage sizes: a paragraph longer than maxPassage is split at sentence
// ends into pieces of about targetPassage characters.
const (
	targetPassage = 1200
	maxPassage    = 2000
)

func splitLong(text string) []string {
	runes := utf8.RuneCountInString(text)
	if runes <= maxPassage {
		return []string{text}
	}
	// The runes left are counted down as pieces are cut, never counted
	// again: counting the rest after each cut made a long paragraph cost
	// its length squared.
	var out []string
	for runes > maxPassage {
		cut := sentenceCut(text)
		out = append(out, strings.TrimSpace(text[:cut]))
		rest := strings.TrimLeftFunc(text[cut:], unicode.IsSpace)
		runes -= utf8.RuneCountInString(text[:len(text)-len(rest)])
		text = rest
	}
	if text = strings.TrimSpace(text); text != "" {
		out = append(out, text)
	}
	return out
}

// sentenceCut finds where to end a piece: the last sentence end before
// maxPassage runes (and after targetPassage/2), else the last space, else a
// hard cut.
func sentenceCut(text string) int {
	limit, n := 0, 0
	for i := range text {
		if n == maxPassage {
			limit = i
			break
		}
		n++
	}
	best := -1
	for i := limit - 1; i > 0; i-- {
		if (text[i-1] == '.' || text[i-1] == '!' || text[i-1] == '?') && unicode.IsSpace(rune(text[i])) {
			best = i
			break
		}
	}
	if best > 0 && utf8.RuneCountInString(text[:best]) >= targetPassage/2 {
		return best
	}
	if sp := strings.LastIndexFunc(text[:limit], unicode.IsSpace); sp > 0 {
		return sp
	}
	return limit
}

func linkPassage(l *linker, p *corpus.Passage) {
	found := l.link(p.Text)
	p.Agreements = prefixed("agreement:", found[kindAgreement])
	p.Organizations = prefixed("organization:", found[kindOrganization])
	p.Countries = found[kindCountry]
	p.Trends = prefixed("trend:", found[kindTrend])
	p.Topics = prefixed("topic:", found[kindTopic])
}

func prefixed(prefix string, ids []string) []string {
	if len(ids) == 0 {
		return nil
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = prefix + id
	}
	return out
}

// passageDoc is a passage as the index holds it. A passage inherits the
// kinds, themes and decades of the agreements it mentions, so facets over
// passages mean "passages about bilateral agreements", and so on.
func passageDoc(agreements map[string]*corpus.Agreement, p *corpus.Passage) search.Doc {
	d := search.Doc{
		ID: p.ID, Type: "PASSAGE", Heading: p.Heading, HeadingPath: p.HeadingPath, Body: p.Text, Defines: definedTerms(p.Text),
		Document: p.Document, Position: p.Position,
		Agreements: p.Agreements, Organizations: p.Organizations, Countries: p.Countries,
		Parties: p.Countries, Trends: p.Trends, Topics: p.Topics, Article: p.Article, TextOf: p.TextOf,
		Language: p.Language,
	}
	// A passage of an agreement's text carries that agreement's kind,
	// themes, obligations and decade, as a passage that mentions it does.
	joined := p.Agreements
	if p.TextOf != "" && !slices.Contains(joined, p.TextOf) {
		joined = append(slices.Clone(joined), p.TextOf)
	}
	for _, id := range joined {
		a := agreements[strings.TrimPrefix(id, "agreement:")]
		if a == nil {
			continue
		}
		d.Kinds = addUnique(d.Kinds, string(a.Kind))
		for _, t := range a.Themes {
			d.Themes = addUnique(d.Themes, t)
		}
		for _, o := range a.AllObligations() {
			d.Obligations = addUnique(d.Obligations, string(o))
		}
		if a.Signed != nil && !slices.Contains(d.Decades, decade(*a.Signed)) {
			d.Decades = append(d.Decades, decade(*a.Signed))
		}
	}
	slices.Sort(d.Kinds)
	slices.Sort(d.Themes)
	slices.Sort(d.Obligations)
	slices.Sort(d.Decades)
	return d
}

func addUnique(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}

func decade(d corpus.Date) int { return d.Year / 10 * 10 }

// entityDocs makes the searchable records of the entities.
func entityDocs(e *corpus.Entities) []search.Doc {
	var out []search.Doc
	themes := make(map[string][]string, len(e.Agreements)) // agreement id → themes
	for _, a := range e.Agreements {
		themes[a.ID] = a.Themes
	}
	for _, a := range e.Agreements {
		d := search.Doc{
			ID: "agreement:" + a.ID, Type: "AGREEMENT", Name: a.Name, Aliases: a.Aliases, Body: a.Summary,
			Kinds: []string{string(a.Kind)}, Themes: a.Themes,
			Organizations: prefixed("organization:", a.Organizations),
			Agreements:    []string{"agreement:" + a.ID},
			Trends:        prefixed("trend:", a.Trends),
		}
		for _, p := range a.Parties {
			d.Parties = addUnique(d.Parties, p.Country)
		}
		d.Countries = d.Parties
		for _, o := range a.AllObligations() {
			d.Obligations = append(d.Obligations, string(o))
		}
		if a.Signed != nil {
			d.Decades = []int{decade(*a.Signed)}
			d.Signed = a.Signed.First().Format("2006-01-02T15:04:05Z07:00")
		}
		out = append(out, d)
	}
	for _, o := range e.Organizations {
		d := search.Doc{
			ID: "organization:" + o.ID, Type: "ORGANIZATION", Name: o.Name, Body: o.Summary,
			Aliases:       o.Aliases,
			Organizations: []string{"organization:" + o.ID},
			Agreements:    prefixed("agreement:", o.FoundingAgreements),
		}
		if o.Acronym != "" {
			d.Aliases = append([]string{o.Acronym}, o.Aliases...)
		}
		// An organization carries the themes of the agreements that
		// found it: the Five Eyes is about intelligence sharing as the
		// UKUSA Agreement is.
		for _, id := range o.FoundingAgreements {
			for _, t := range themes[id] {
				d.Themes = addUnique(d.Themes, t)
			}
		}
		for _, m := range o.Members {
			d.Parties = addUnique(d.Parties, m.Country)
		}
		d.Countries = d.Parties
		out = append(out, d)
	}
	for _, c := range e.Countries {
		out = append(out, search.Doc{
			ID: "country:" + c.Code, Type: "COUNTRY", Name: c.Name, Aliases: append([]string{c.Code}, c.Aliases...),
			Parties: []string{c.Code}, Countries: []string{c.Code},
		})
	}
	for _, t := range e.Trends {
		out = append(out, search.Doc{
			ID: "trend:" + t.ID, Type: "TREND", Name: t.Name, Aliases: t.Aliases, Body: t.Description,
			Trends: []string{"trend:" + t.ID}, Agreements: prefixed("agreement:", t.Agreements),
		})
	}
	for _, t := range e.Topics {
		d := search.Doc{
			ID: "topic:" + t.ID, Type: "TOPIC", Name: t.Name, Aliases: t.Aliases, Body: t.Description,
			Topics: []string{"topic:" + t.ID},
		}
		for _, k := range t.AppliesTo {
			d.Kinds = append(d.Kinds, string(k))
		}
		out = append(out, d)
	}
	for i := range out {
		out[i].Language = "en" // the curated entities are written in English
	}
	return out
}
