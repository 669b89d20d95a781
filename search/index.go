package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Doc is one searchable record: a passage or an entity. The API's types map
// onto Type; the list fields hold the ids a passage or entity is linked to.
type Doc struct {
	ID          string   `json:"id"`
	Type        string   `json:"type"` // PASSAGE, AGREEMENT, ORGANIZATION, COUNTRY, TREND or TOPIC
	Name        string   `json:"name,omitempty"`
	Aliases     []string `json:"aliases,omitempty"`
	Heading     string   `json:"heading,omitempty"`
	HeadingPath []string `json:"headingPath,omitempty"`
	Body        string   `json:"-"` // stored in its own field
	// Defines lists what a passage's defining sentences name ("Bilateral
	// agreements involve…"): a search for one of them ranks the passage
	// above those that only use the words.
	Defines  []string `json:"defines,omitempty"`
	Document string   `json:"document,omitempty"`
	Position int      `json:"position,omitempty"`

	Kinds         []string `json:"kinds,omitempty"`
	Themes        []string `json:"themes,omitempty"`
	Parties       []string `json:"parties,omitempty"`
	Organizations []string `json:"organizations,omitempty"`
	Agreements    []string `json:"agreements,omitempty"`
	Countries     []string `json:"countries,omitempty"`
	Trends        []string `json:"trends,omitempty"`
	Topics        []string `json:"topics,omitempty"`
	Decades       []int    `json:"decades,omitempty"`
	Obligations   []string `json:"obligations,omitempty"`
	Signed        string   `json:"signed,omitempty"` // RFC 3339 date of signature, for range queries
	// Article is the article of a legal text a passage sits in ("5", "IV").
	Article string `json:"article,omitempty"`
	// TextOf is the agreement whose text a passage is part of.
	TextOf string `json:"textOf,omitempty"`
	// Meta are a passage's document's scalar front matter, as "key=value",
	// indexed for filters only: the stored record does not carry them.
	Meta []string `json:"-"`
	// Language is the record's language code ("en", "nl", "und"): its
	// text is analysed in that language (see language.go).
	Language string `json:"language,omitempty"`
	// Context is what a passage's document is called that its own text
	// does not say: the words of the document's names (its title, a
	// subtitle) that few of its passages write (DocumentContext). It is
	// indexed in the text field, after the record's own text, and not
	// stored: a hit's coverage finds its terms there as it finds the rest.
	Context []string `json:"-"`
}

// Index is an open Bleve scorch index.
type Index struct {
	bleve    bleve.Index
	readOnly bool
	synonyms *synonyms
	texts    *texts // the names of the agreements whose texts it holds
	lookups  atomic.Int64
	// inlineMax is inlineLocations (tests lower it to take the other way).
	inlineMax uint64
	// themeKeys caches each theme's key (its words analyzed): themes are
	// few and every indexed agreement and every hit asks for them.
	themeKeys sync.Map // slug → key
	vocabState
	inMemory bool // built by Create without a directory
	// lengths are the analysed fields' true lengths (lengths.go), and
	// bm25 the statistics Bleve's BM25 reads, for one generation.
	lengths *fieldLengths
	bm25    atomic.Pointer[bm25Stats]
	// words are the spell fields' word lists (words.go).
	words *wordList
}

// ErrLocked is returned when another process holds the index.
var ErrLocked = errors.New("index is in use by another process")

// Create makes a new index at dir; an empty dir makes one in memory (still
// scorch: Bleve's other in-memory kind is far slower).
func Create(dir string) (*Index, error) {
	m, err := buildMapping()
	if err != nil {
		return nil, fmt.Errorf("build mapping: %w", err)
	}
	b, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("create index %s: %w", dir, err)
	}
	if dir != "" {
		if err := b.SetInternal([]byte("mapping_version"), []byte(strconv.Itoa(MappingVersion))); err != nil {
			b.Close()
			return nil, fmt.Errorf("create index %s: %w", dir, err)
		}
	}
	ix := &Index{bleve: b, inlineMax: inlineLocations, inMemory: dir == "", lengths: newFieldLengths(), words: newWordList()}
	ix.synonyms = ix.newSynonyms(nil)
	return ix, nil
}

// Open opens an index built by Create, read-only. It fails within seconds
// when another process holds the index, and refuses an index built with
// another mapping version.
func Open(dir string) (*Index, error) {
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err != nil {
		return nil, fmt.Errorf("open index %s: not a pactgraph index (%w)", dir, err)
	}
	b, err := bleve.OpenUsing(dir, map[string]any{"read_only": true, "bolt_timeout": "2s"})
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || err.Error() == "timeout" {
			return nil, fmt.Errorf("open index %s: %w", dir, ErrLocked)
		}
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	v, err := b.GetInternal([]byte("mapping_version"))
	if err != nil || string(v) != strconv.Itoa(MappingVersion) {
		b.Close()
		return nil, fmt.Errorf("open index %s: built with mapping version %q, this pactgraph reads version %d: rebuild it with `pactgraph index`", dir, v, MappingVersion)
	}
	ix := &Index{bleve: b, readOnly: true, inlineMax: inlineLocations, words: newWordList()}
	if err := ix.loadSynonyms(); err != nil {
		b.Close()
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	if err := ix.loadTexts(); err != nil {
		b.Close()
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	if err := ix.loadLengths(); err != nil {
		b.Close()
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	if err := ix.words.load(func(key string) ([]byte, error) { return b.GetInternal([]byte(key)) }); err != nil {
		b.Close()
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	return ix, nil
}

// Close releases the index.
func (ix *Index) Close() error { return ix.bleve.Close() }

// BatchSize is how many records a batch of the index holds: it bounds the
// memory a batch takes while indexing, and Add reports after each.
const BatchSize = 1000

// Add indexes docs in batches. Bleve analyses a batch on every core and
// then writes its segment on one; meanwhile the next batch is mapped, so
// that Bleve never waits for it. (Two batches written side by side made
// Bleve read a dictionary of a segment it had closed, and panic, in the
// server's tests: one at a time.)
func (ix *Index) Add(ctx context.Context, docs []Doc) error {
	return ix.AddReporting(ctx, docs, nil)
}

// AddReporting is Add, calling progress (when not nil) with how many of
// docs are indexed after each batch, one call at a time.
func (ix *Index) AddReporting(ctx context.Context, docs []Doc, progress func(indexed int)) error {
	if ix.readOnly {
		return errors.New("add to index: the index was opened read-only")
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	batches := make(chan mappedBatch)
	var wg sync.WaitGroup
	indexed := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		for b := range batches {
			if ctx.Err() != nil {
				continue // a batch failed: the rest are not written
			}
			n := b.Size()
			if err := ix.bleve.Batch(b.Batch); err != nil {
				cancel(fmt.Errorf("index batch: %w", err))
				continue
			}
			ix.lengths.count(b.docs) // Bleve has analysed them
			ix.words.count(b.docs)
			ix.generation.Add(1)
			if progress != nil {
				indexed += n
				progress(indexed)
			}
		}
	}()
	err := ix.batches(ctx, docs, batches)
	close(batches)
	wg.Wait()
	if cause := context.Cause(ctx); cause != nil {
		return cause
	}
	if err != nil {
		return err
	}
	if err := ix.saveWords(); err != nil {
		return err
	}
	return ix.saveLengths()
}

// mappedBatch is a batch and the documents in it.
type mappedBatch struct {
	*bleve.Batch
	docs []*document.Document
}

// batches maps docs into batches of BatchSize records and sends them.
func (ix *Index) batches(ctx context.Context, docs []Doc, out chan<- mappedBatch) error {
	m, ok := ix.bleve.Mapping().(*mapping.IndexMappingImpl)
	if !ok {
		return errors.New("index: the mapping is not pactgraph's")
	}
	shared := newSharedChains(m)
	spell := m.AnalyzerNamed(analyzerSpell)
	batch := mappedBatch{Batch: ix.bleve.NewBatch()}
	send := func() error {
		select {
		case out <- batch:
			batch = mappedBatch{Batch: ix.bleve.NewBatch()}
			return nil
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	for i := range docs {
		if err := ctx.Err(); err != nil {
			return context.Cause(ctx)
		}
		doc := document.NewDocument(docs[i].ID)
		if err := m.MapDocument(doc, ix.document(&docs[i])); err != nil {
			return fmt.Errorf("index %s: %w", docs[i].ID, err)
		}
		shared.share(doc)
		asWordsFields(doc, spell)
		if err := batch.IndexAdvanced(doc); err != nil {
			return fmt.Errorf("index %s: %w", docs[i].ID, err)
		}
		batch.docs = append(batch.docs, doc)
		if batch.Size() >= BatchSize {
			if err := send(); err != nil {
				return err
			}
		}
	}
	if batch.Size() > 0 {
		return send()
	}
	return nil
}

// document is the fields of d as the mapping reads them, with the keys of
// the terms it defines and of its own themes.
func (ix *Index) document(d *Doc) map[string]any {
	f := d.fields()
	var defines []string
	for _, term := range d.Defines {
		for _, key := range ix.termKeys(term) {
			if !slices.Contains(defines, key) {
				defines = append(defines, key)
			}
		}
	}
	if len(defines) > 0 && languageOf(d.Language) == english { // defining sentences are read in English
		f[fieldDefines] = padKeys(defines)
	}
	if d.Type != "PASSAGE" { // a passage's themes are its agreements', not its own
		var themes []string
		for _, t := range d.Themes {
			if key := ix.themeKey(t); key != "" {
				themes = append(themes, key)
			}
		}
		if len(themes) > 0 {
			f[fieldThemeKeys] = padKeys(themes)
		}
	}
	return f
}

// Compact merges the index into one segment, as a search engine does
// with an index that is built once and then only read: every term's
// postings are then one list instead of one per batch's segment, which
// spares each term a searcher per segment. Scorch merges only segments
// on disk: an index in memory is left as it is.
func (ix *Index) Compact(ctx context.Context) error {
	if ix.readOnly {
		return errors.New("compact index: the index was opened read-only")
	}
	if ix.inMemory {
		return nil
	}
	adv, err := ix.bleve.Advanced()
	if err != nil {
		return fmt.Errorf("compact index: %w", err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	// A forced merge merges the segments on disk at the time, once, in
	// tasks of SegmentsPerMergeTask: segments still in memory are left
	// out. So it waits for the persister, merges every segment in one
	// task (Bleve's single-segment plan takes ten to a task, and more
	// than ten left one per task, merged again at the cost of rewriting
	// the whole index), and merges again should anything be left.
	plan := mergeplan.SingleSegmentMergePlanOptions
	plan.SegmentsPerMergeTask = 1 << 16
	for round := 1; ; round++ {
		awaitPersisted(ctx, s)
		if err := s.ForceMerge(ctx, &plan); err != nil {
			return fmt.Errorf("compact index: %w", err)
		}
		if n := rootSegments(s); n <= 1 || round == maxMergeRounds || ctx.Err() != nil {
			break
		}
	}
	awaitCleanup(ctx, s, func() { ix.bleve.SetInternal([]byte("compacted"), []byte("1")) })
	return nil
}

// maxMergeRounds bounds Compact's forced merges.
const maxMergeRounds = 4

// rootSegments is how many segments the index's root holds, on disk and in
// memory.
func rootSegments(s *scorch.Scorch) uint64 {
	st := s.StatsMap()
	files, _ := st["num_root_filesegments"].(uint64)
	mem, _ := st["num_root_memorysegments"].(uint64)
	return files + mem
}

// awaitPersisted waits, a minute at most, until the persister has written
// every segment of the root to disk.
func awaitPersisted(ctx context.Context, s *scorch.Scorch) {
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		if mem, _ := s.StatsMap()["num_root_memorysegments"].(uint64); mem == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// awaitCleanup waits, half a minute at most, until scorch has removed the
// files of the segments a merge replaced: an index closed before that
// would keep them on disk. Scorch removes them in the background, when its
// persister next waits for work; if a reader still held them then, they
// stay until something is written. So every tenth of a second it pokes
// the index (a write of its own) to have the persister look again.
func awaitCleanup(ctx context.Context, s *scorch.Scorch, poke func()) {
	deadline := time.Now().Add(30 * time.Second)
	for i := 1; time.Now().Before(deadline) && ctx.Err() == nil; i++ {
		st := s.StatsMap()
		files, _ := st["CurOnDiskFiles"].(uint64)
		segments, _ := st["num_root_filesegments"].(uint64)
		if files <= segments+1 { // the segments and the root
			return
		}
		time.Sleep(10 * time.Millisecond)
		if i%10 == 0 {
			poke()
		}
	}
}

// Count is the number of documents in the index.
func (ix *Index) Count() (int, error) {
	n, err := ix.bleve.DocCount()
	return int(n), err
}

// Lookups is how many searches the index has answered since it opened; the
// API's tests use it to prove that nested joins do not multiply them.
func (ix *Index) Lookups() int64 { return ix.lookups.Load() }

// keySlots is how many values a key field (defines, themekeys) holds in
// every record that has it.
const keySlots = 12

// padKeys fills a key field to keySlots values with a filler no search
// asks for. Bleve scores even a keyword field with BM25's length
// normalization, so a passage that defines two terms would score lower for
// each than one that defines one; with every record's field the same
// length, a key scores the same wherever it is found.
func padKeys(keys []string) []string {
	if len(keys) >= keySlots {
		return keys[:keySlots]
	}
	out := slices.Clone(keys)
	for len(out) < keySlots {
		out = append(out, "\x00")
	}
	return out
}

// fields is the document Bleve indexes.
func (d *Doc) fields() map[string]any {
	f := map[string]any{
		fieldType:   d.Type,
		fieldSource: string(encodeRecord(d)),
	}
	set := func(name string, v any) {
		switch v := v.(type) {
		case string:
			if v != "" {
				f[name] = v
			}
		case []string:
			if len(v) > 0 {
				f[name] = v
			}
		}
	}
	set(fieldName, d.Name)
	set(fieldAliases, d.Aliases)
	var words []string
	for _, w := range append([]string{d.Name, d.Heading, d.Body}, d.Aliases...) {
		if w != "" {
			words = append(words, w)
		}
	}
	lang := languageOf(d.Language)
	set(lang.spell, words)
	var exact []string
	for _, n := range append([]string{d.Name}, d.Aliases...) {
		if e := normalizeName(n); e != "" {
			exact = append(exact, e)
		}
	}
	set(fieldExact, exact)
	set(lang.heading, d.Heading)
	set(fieldBody, d.Body)
	text := d.text()
	set(lang.pairs, text)
	if lang == english && len(d.Context) > 0 {
		// After the values highlights draw from; not in pairs, since a
		// title is no neighbour of the text's words.
		text = append(text, d.Context...)
	}
	set(lang.text, text)
	set(fieldLanguage, d.Language)
	set(fieldDocument, d.Document)
	set(fieldKind, d.Kinds)
	set(fieldThemes, d.Themes)
	set(fieldParties, d.Parties)
	set(fieldOrganizations, d.Organizations)
	set(fieldAgreements, d.Agreements)
	set(fieldCountries, d.Countries)
	set(fieldTrends, d.Trends)
	set(fieldTopics, d.Topics)
	set(fieldObligations, d.Obligations)
	set(fieldArticle, d.Article)
	set(fieldTextOf, d.TextOf)
	set(fieldMeta, d.Meta)
	if len(d.Decades) > 0 {
		ds := make([]string, len(d.Decades))
		var cs []string
		for i, y := range d.Decades {
			ds[i] = strconv.Itoa(y)
			if c := strconv.Itoa(y / 100 * 100); !slices.Contains(cs, c) {
				cs = append(cs, c)
			}
		}
		f[fieldDecade] = ds
		f[fieldCentury] = cs
	}
	if d.Signed != "" {
		if t, err := time.Parse(time.RFC3339, d.Signed); err == nil {
			f[fieldSigned] = t
		}
	}
	if d.Type == "PASSAGE" {
		f[fieldPosition] = fmt.Sprintf("%08d", d.Position)
	}
	return f
}

// text is what the text field holds: the record's name, aliases, heading
// and body. (Each value is analyzed apart, so a phrase never runs from one
// into the next.)
func (d *Doc) text() []string {
	out := make([]string, 0, 3+len(d.Aliases))
	for _, s := range append([]string{d.Name, d.Heading, d.Body}, d.Aliases...) {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
