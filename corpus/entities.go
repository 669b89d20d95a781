package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// Entities is the structured data of one or more corpora, with where each
// record was read, so that a problem can be reported by file and line.
type Entities struct {
	Agreements    []*Agreement
	Organizations []*Organization
	Countries     []*Country
	Trends        []*Trend
	Topics        []*Topic
	// Synonyms are groups of phrases that mean the same to a searcher
	// (["UN", "United Nations"]), beyond the entities' own names and aliases.
	Synonyms []*SynonymGroup

	origin map[any]Origin
}

// Origin is the file and line an entity was read from.
type Origin struct {
	File string
	Line int
}

func (o Origin) String() string {
	if o.Line == 0 {
		return o.File
	}
	return fmt.Sprintf("%s:%d", o.File, o.Line)
}

// EntityError is a problem with one entity record.
type EntityError struct {
	Origin Origin
	Entry  string // e.g. `agreement "nato"`; empty for a problem with the whole file
	Msg    string
}

func (e *EntityError) Error() string {
	if e.Entry == "" {
		return fmt.Sprintf("%s: %s", e.Origin, e.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", e.Origin, e.Entry, e.Msg)
}

// maxEntityErrors caps how many problems one load reports.
const maxEntityErrors = 50

// entityFile is the shape of one file under entities/.
var entityKeys = []string{"agreements", "organizations", "countries", "trends", "topics", "synonyms"}

// SynonymGroup is phrases a search treats as one.
type SynonymGroup []string

// ReadEntities reads every *.json file below dir in fsys (in lexical order)
// and adds its records to e. name is how files are named in errors (the
// corpus directory as the user gave it). A missing dir is not an error.
func (e *Entities) ReadEntities(fsys fs.FS, dir, name string) error {
	var files []string
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.EqualFold(path.Ext(p), ".json") {
			files = append(files, p)
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", path.Join(name, dir), err)
	}
	sort.Strings(files)
	var errs []error
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return fmt.Errorf("read %s: %w", path.Join(name, f), err)
		}
		if err := e.decodeFile(data, path.Join(name, f)); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func (e *Entities) setOrigin(v any, o Origin) {
	if e.origin == nil {
		e.origin = make(map[any]Origin)
	}
	e.origin[v] = o
}

// OriginOf tells where an entity record was read.
func (e *Entities) OriginOf(v any) Origin { return e.origin[v] }

// decodeFile reads one entities file. Each array element is decoded on its
// own, so errors carry the element's line and one bad record does not hide
// the next.
func (e *Entities) decodeFile(data []byte, file string) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	fail := func(offset int64, format string, args ...any) error {
		return &EntityError{Origin: Origin{file, lineAt(data, offset)}, Msg: fmt.Sprintf(format, args...)}
	}
	syntax := func(err error) error {
		// The decoder's offsets are approximate; a whole-file parse finds
		// the first offending byte exactly.
		offset := dec.InputOffset()
		var v any
		var se *json.SyntaxError
		if errors.As(json.Unmarshal(data, &v), &se) {
			offset = max(se.Offset-1, 0)
		}
		for offset > 0 && (offset >= int64(len(data)) || strings.ContainsRune(" \t\r\n", rune(data[offset]))) {
			offset--
		}
		return fail(offset, "%s", jsonMessage(err))
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		if err != nil {
			return syntax(err)
		}
		return fail(dec.InputOffset(), "want a JSON object with the keys %s", strings.Join(entityKeys, ", "))
	}
	var errs []error
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return errors.Join(append(errs, syntax(err))...)
		}
		key, _ := tok.(string)
		if !slices.Contains(entityKeys, key) {
			return errors.Join(append(errs, fail(dec.InputOffset(), "unknown key %q: want one of %s", key, strings.Join(entityKeys, ", ")))...)
		}
		if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
			if err != nil {
				return errors.Join(append(errs, syntax(err))...)
			}
			return errors.Join(append(errs, fail(dec.InputOffset(), "%q must be an array", key))...)
		}
		for dec.More() {
			start := dec.InputOffset()
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return errors.Join(append(errs, syntax(err))...)
			}
			// The offset before an element points at the comma or space
			// that precedes it; step to the element itself.
			start += int64(len(data[start:]) - len(bytes.TrimLeft(data[start:], ", \t\r\n")))
			o := Origin{file, lineAt(data, start)}
			if err := e.decodeRecord(key, raw, o); err != nil {
				entry := strings.TrimSuffix(key, "s")
				if id := recordID(raw); id != "" {
					entry += fmt.Sprintf(" %q", id)
				}
				if len(errs) < maxEntityErrors {
					errs = append(errs, &EntityError{Origin: o, Entry: entry, Msg: err.Error()})
				}
			}
		}
		if _, err := dec.Token(); err != nil {
			return errors.Join(append(errs, syntax(err))...)
		}
	}
	if _, err := dec.Token(); err != nil {
		return errors.Join(append(errs, syntax(err))...)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.Join(append(errs, fail(dec.InputOffset(), "unexpected data after the JSON object"))...)
	}
	return errors.Join(errs...)
}

// recordID reads the id (or code) of a record that failed to decode, so the
// message can name it.
func recordID(raw json.RawMessage) string {
	var r struct {
		ID   any `json:"id"`
		Code any `json:"code"`
	}
	json.Unmarshal(raw, &r)
	for _, v := range []any{r.ID, r.Code} {
		if s, ok := v.(string); ok && s != "" {
			return s
		}
	}
	return ""
}

// NameSet is one entity's names: its name, acronym (for organizations)
// and aliases, in that order, without blanks or repeats.
type NameSet struct {
	Kind  string // agreement, organization, country, trend or topic
	ID    string // the entity's key (a country's code)
	Names []string
}

// Names lists every entity's names, kind by kind.
func (e *Entities) Names() []NameSet {
	var out []NameSet
	add := func(kind, id string, names ...string) {
		set := NameSet{Kind: kind, ID: id}
		for _, n := range names {
			if strings.TrimSpace(n) != "" && !slices.Contains(set.Names, n) {
				set.Names = append(set.Names, n)
			}
		}
		out = append(out, set)
	}
	for _, a := range e.Agreements {
		add("agreement", a.ID, append([]string{a.Name}, a.Aliases...)...)
	}
	for _, o := range e.Organizations {
		add("organization", o.ID, append([]string{o.Name, o.Acronym}, o.Aliases...)...)
	}
	for _, c := range e.Countries {
		add("country", c.Code, append([]string{c.Name}, c.Aliases...)...)
	}
	for _, t := range e.Trends {
		add("trend", t.ID, append([]string{t.Name}, t.Aliases...)...)
	}
	for _, t := range e.Topics {
		add("topic", t.ID, append([]string{t.Name}, t.Aliases...)...)
	}
	return out
}

// SynonymGroups is every group of equivalent phrases: each entity's names
// and the synonym lists.
func (e *Entities) SynonymGroups() [][]string {
	var out [][]string
	for _, set := range e.Names() {
		if len(set.Names) > 1 {
			out = append(out, set.Names)
		}
	}
	for _, g := range e.Synonyms {
		var group []string
		for _, p := range *g {
			if strings.TrimSpace(p) != "" && !slices.Contains(group, p) {
				group = append(group, p)
			}
		}
		if len(group) > 1 {
			out = append(out, group)
		}
	}
	return out
}

func (e *Entities) decodeRecord(key string, raw json.RawMessage, o Origin) error {
	strict := func(v any) error {
		d := json.NewDecoder(bytes.NewReader(raw))
		d.DisallowUnknownFields()
		if err := d.Decode(v); err != nil {
			return errors.New(jsonMessage(err))
		}
		e.setOrigin(v, o)
		return nil
	}
	switch key {
	case "agreements":
		v := new(Agreement)
		if err := strict(v); err != nil {
			return err
		}
		e.Agreements = append(e.Agreements, v)
	case "organizations":
		v := new(Organization)
		if err := strict(v); err != nil {
			return err
		}
		e.Organizations = append(e.Organizations, v)
	case "countries":
		v := new(Country)
		if err := strict(v); err != nil {
			return err
		}
		e.Countries = append(e.Countries, v)
	case "trends":
		v := new(Trend)
		if err := strict(v); err != nil {
			return err
		}
		e.Trends = append(e.Trends, v)
	case "topics":
		v := new(Topic)
		if err := strict(v); err != nil {
			return err
		}
		e.Topics = append(e.Topics, v)
	case "synonyms":
		v := new(SynonymGroup)
		if err := strict(v); err != nil {
			return err
		}
		e.Synonyms = append(e.Synonyms, v)
	}
	return nil
}

// jsonMessage rewords encoding/json's errors for people editing a file.
func jsonMessage(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("field %q: want %s, not a JSON %s", te.Field, typeName(te.Type.String()), te.Value)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "unexpected end of file: a bracket or brace is not closed"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// typeName says what a field holds in words a person editing JSON knows.
func typeName(goType string) string {
	switch strings.TrimPrefix(goType, "*") {
	case "string", "corpus.Kind", "corpus.Obligation", "corpus.PartyRole", "corpus.MemberRole", "corpus.Date":
		return "a string"
	case "int":
		return "a number"
	case "[]string", "[]corpus.Obligation", "[]corpus.Kind", "[]corpus.Party", "[]corpus.Membership", "[]corpus.Source",
		"[]corpus.Contested", "[]corpus.Position":
		return "an array"
	}
	return "an object"
}

func lineAt(data []byte, offset int64) int {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	return bytes.Count(data[:offset], []byte("\n")) + 1
}

var (
	slugPattern    = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	countryPattern = regexp.MustCompile(`^[A-Z]{3}$`)
)

// Validate checks the entities as a whole: required fields, ids, the
// vocabularies, dates in order, and that every reference names an entity
// that exists. It reports every problem it finds (up to a cap), each with
// its file, line and entry.
func (e *Entities) Validate() error {
	var errs []error
	add := func(v any, entry, format string, args ...any) {
		if len(errs) < maxEntityErrors {
			errs = append(errs, &EntityError{Origin: e.OriginOf(v), Entry: entry, Msg: fmt.Sprintf(format, args...)})
		}
	}
	ids := map[string]map[string]any{}
	unique := func(kind, id string, v any) bool {
		if ids[kind] == nil {
			ids[kind] = map[string]any{}
		}
		if prev, ok := ids[kind][id]; ok {
			add(v, fmt.Sprintf("%s %q", kind, id), "duplicate id: also defined at %s", e.OriginOf(prev))
			return false
		}
		ids[kind][id] = v
		return true
	}
	for _, c := range e.Countries {
		entry := fmt.Sprintf("country %q", c.Code)
		if !countryPattern.MatchString(c.Code) {
			add(c, entry, "code must be three capital letters (ISO 3166-1 alpha-3)")
		}
		if strings.TrimSpace(c.Name) == "" {
			add(c, entry, "name is required")
		}
		unique("country", c.Code, c)
	}
	slug := func(kind, id string, v any) string {
		entry := fmt.Sprintf("%s %q", kind, id)
		if !slugPattern.MatchString(id) {
			add(v, entry, "id must be a lower-case slug (a-z, 0-9 and single hyphens)")
		}
		unique(kind, id, v)
		return entry
	}
	for _, a := range e.Agreements {
		slug("agreement", a.ID, a)
	}
	for _, o := range e.Organizations {
		slug("organization", o.ID, o)
	}
	for _, t := range e.Trends {
		slug("trend", t.ID, t)
	}
	for _, t := range e.Topics {
		slug("topic", t.ID, t)
	}
	known := func(kind, id string) bool { _, ok := ids[kind][id]; return ok }
	refs := func(v any, entry, kind string, list []string) {
		for _, id := range list {
			if !known(kind, id) {
				add(v, entry, "unknown %s %q", kind, id)
			}
		}
	}
	sources := func(v any, entry string, list []Source) {
		if len(list) == 0 {
			add(v, entry, "at least one source is required")
		}
		for _, s := range list {
			if !strings.HasPrefix(s.URL, "https://") && !strings.HasPrefix(s.URL, "http://") {
				add(v, entry, "source url %q must start with https:// or http://", s.URL)
			}
		}
	}
	ordered := func(v any, entry, from, to string, a, b *Date) {
		if a != nil && b != nil && a.Compare(*b) > 0 {
			add(v, entry, "%s %s is after %s %s", from, a, to, b)
		}
	}
	for _, a := range e.Agreements {
		entry := fmt.Sprintf("agreement %q", a.ID)
		if strings.TrimSpace(a.Name) == "" {
			add(a, entry, "name is required")
		}
		if strings.TrimSpace(a.Summary) == "" {
			add(a, entry, "summary is required")
		}
		if a.Kind != Bilateral && a.Kind != Multilateral {
			add(a, entry, "kind must be BILATERAL or MULTILATERAL, not %q", a.Kind)
		}
		if n := sides(a.Parties); a.Kind == Bilateral && (n > 2 || a.PartyCount > 2) {
			add(a, entry, "a BILATERAL agreement has two parties, not %d", max(n, a.PartyCount))
		}
		if current := currentParties(a.Parties); a.PartyCount != 0 && a.PartyCount < current {
			add(a, entry, "partyCount %d is less than the %d parties listed that have not left", a.PartyCount, current)
		}
		ordered(a, entry, "signed", "ended", a.Signed, a.Ended)
		ordered(a, entry, "inForce", "ended", a.InForce, a.Ended)
		sources(a, entry, a.Sources)
		refs(a, entry, "organization", a.Organizations)
		refs(a, entry, "trend", a.Trends)
		for _, th := range a.Themes {
			if !slices.Contains(Themes, th) {
				add(a, entry, "unknown theme %q: want one of %s", th, strings.Join(Themes, ", "))
			}
		}
		checkObligations(func(f string, args ...any) { add(a, entry, f, args...) }, a.Obligations)
		seen := map[string]bool{}
		for _, p := range a.Parties {
			if !known("country", p.Country) {
				add(a, entry, "party: unknown country %q", p.Country)
			}
			switch p.Role {
			case Founding, Acceded, Successor, Participant:
			default:
				add(a, entry, "party %s: role must be FOUNDING, ACCEDED, SUCCESSOR or PARTICIPANT, not %q", p.Country, p.Role)
			}
			if seen[p.Country] && p.Joined == nil {
				add(a, entry, "party %s is listed twice without dates to tell the spans apart", p.Country)
			}
			seen[p.Country] = true
			ordered(a, entry, "party "+p.Country+" joined", "left", p.Joined, p.Left)
			checkObligations(func(f string, args ...any) { add(a, entry, "party "+p.Country+": "+f, args...) }, p.Obligations)
			if s := p.Suspension; s != nil {
				if s.Date == nil || !known("country", s.By) {
					add(a, entry, "party %s: a suspension needs a date and the country (by) that suspended", p.Country)
				}
				sources(a, entry+" party "+p.Country+" suspension", s.Sources)
			}
		}
		for fact := range a.AtopNotes {
			if fact != "signed" && fact != "partyCount" && !known("country", fact) {
				add(a, entry, "atopNotes: %q is not signed, partyCount or a country code", fact)
			}
		}
		checkContested(func(f string, args ...any) { add(a, entry, f, args...) }, func(c string) bool { return known("country", c) }, a)
	}
	for _, o := range e.Organizations {
		entry := fmt.Sprintf("organization %q", o.ID)
		if strings.TrimSpace(o.Name) == "" {
			add(o, entry, "name is required")
		}
		if strings.TrimSpace(o.Summary) == "" {
			add(o, entry, "summary is required")
		}
		sources(o, entry, o.Sources)
		refs(o, entry, "agreement", o.FoundingAgreements)
		if o.Parent != "" {
			refs(o, entry, "organization", []string{o.Parent})
		}
		ordered(o, entry, "founded", "dissolved", o.Founded, o.Dissolved)
		if o.MemberCount != 0 && o.MemberCount < len(o.Members) {
			add(o, entry, "memberCount %d is less than the %d members listed", o.MemberCount, len(o.Members))
		}
		for _, m := range o.Members {
			if !known("country", m.Country) {
				add(o, entry, "member: unknown country %q", m.Country)
			}
			switch m.Role {
			case FoundingMember, Member, Permanent, Observer, Partner:
			default:
				add(o, entry, "member %s: role must be FOUNDING, MEMBER, PERMANENT, OBSERVER or PARTNER, not %q", m.Country, m.Role)
			}
			ordered(o, entry, "member "+m.Country+" joined", "left", m.Joined, m.Left)
		}
	}
	for _, t := range e.Trends {
		entry := fmt.Sprintf("trend %q", t.ID)
		if strings.TrimSpace(t.Name) == "" || strings.TrimSpace(t.Description) == "" {
			add(t, entry, "name and description are required")
		}
		refs(t, entry, "agreement", t.Agreements)
	}
	for _, g := range e.Synonyms {
		n := 0
		for _, phrase := range *g {
			if strings.TrimSpace(phrase) != "" {
				n++
			}
		}
		if n < 2 {
			add(g, "synonym group", "needs at least two phrases")
		}
	}
	for _, t := range e.Topics {
		entry := fmt.Sprintf("topic %q", t.ID)
		if strings.TrimSpace(t.Name) == "" || strings.TrimSpace(t.Description) == "" {
			add(t, entry, "name and description are required")
		}
		for _, k := range t.AppliesTo {
			if k != Bilateral && k != Multilateral {
				add(t, entry, "appliesTo: %q is not BILATERAL or MULTILATERAL", k)
			}
		}
	}
	return errors.Join(errs...)
}

// checkContested checks an agreement's contested facts: a known field, at
// least two positions, each held by known states and sourced, and the field
// itself not stating one side's date as fact.
func checkContested(add func(string, ...any), known func(string) bool, a *Agreement) {
	for _, c := range a.Contested {
		if !slices.Contains(ContestedFacts, c.Fact) {
			add("contested fact %q: want one of %s", c.Fact, strings.Join(ContestedFacts, ", "))
		}
		if len(c.Positions) < 2 {
			add("contested fact %q needs at least two positions", c.Fact)
		}
		for _, p := range c.Positions {
			if strings.TrimSpace(p.Claim) == "" || len(p.HeldBy) == 0 || len(p.Sources) == 0 {
				add("contested fact %q: each position needs a claim, who holds it (heldBy) and a source", c.Fact)
			}
			for _, code := range p.HeldBy {
				if !known(code) {
					add("contested fact %q: unknown country %q", c.Fact, code)
				}
			}
		}
		if v := a.dateField(c.Fact); v != nil && slices.ContainsFunc(c.Positions, func(p Position) bool { return p.Date == nil || *p.Date != *v }) {
			add("%s %s is one side's position; leave it empty or give the date all sides agree on", c.Fact, v)
		}
	}
}

// dateField is the agreement's date field of that name.
func (a *Agreement) dateField(name string) *Date {
	switch name {
	case "signed":
		return a.Signed
	case "inForce":
		return a.InForce
	case "ended":
		return a.Ended
	}
	return nil
}

func checkObligations(add func(string, ...any), list []Obligation) {
	for _, o := range list {
		if !slices.Contains(Obligations, o) {
			add("unknown obligation %q: want DEFENSE, OFFENSE, NEUTRALITY, NONAGGRESSION or CONSULTATION", o)
		}
	}
}

// sides counts the distinct parties to an agreement as signed: a state that
// took over another's place (SUCCESSOR) is the same side, and one that
// joined later (ACCEDED) does not change what the instrument was, so kind
// follows the instrument as signed.
func sides(parties []Party) int {
	seen := map[string]bool{}
	for _, p := range parties {
		if p.Role != Successor && p.Role != Acceded {
			seen[p.Country] = true
		}
	}
	return len(seen)
}

// currentParties counts the distinct states listed as parties that have
// not left.
func currentParties(parties []Party) int {
	seen := map[string]bool{}
	for _, p := range parties {
		if p.Left == nil {
			seen[p.Country] = true
		}
	}
	return len(seen)
}
