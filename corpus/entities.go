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
	v := &validator{e: e, ids: map[string]map[string]any{}}
	for _, c := range e.Countries {
		entry := fmt.Sprintf("country %q", c.Code)
		if !countryPattern.MatchString(c.Code) {
			v.add(c, entry, "code must be three capital letters (ISO 3166-1 alpha-3)")
		}
		if strings.TrimSpace(c.Name) == "" {
			v.add(c, entry, "name is required")
		}
		v.unique("country", c.Code, c)
	}
	for _, a := range e.Agreements {
		v.slug("agreement", a.ID, a)
	}
	for _, o := range e.Organizations {
		v.slug("organization", o.ID, o)
	}
	for _, t := range e.Trends {
		v.slug("trend", t.ID, t)
	}
	for _, t := range e.Topics {
		v.slug("topic", t.ID, t)
	}
	for _, a := range e.Agreements {
		v.agreement(a)
	}
	for _, o := range e.Organizations {
		v.organization(o)
	}
	for _, t := range e.Trends {
		entry := fmt.Sprintf("trend %q", t.ID)
		if strings.TrimSpace(t.Name) == "" || strings.TrimSpace(t.Description) == "" {
			v.add(t, entry, "name and description are required")
		}
		v.refs(t, entry, "agreement", t.Agreements)
	}
	for _, g := range e.Synonyms {
		n := 0
		for _, phrase := range *g {
			if strings.TrimSpace(phrase) != "" {
				n++
			}
		}
		if n < 2 {
			v.add(g, "synonym group", "needs at least two phrases")
		}
	}
	for _, t := range e.Topics {
		v.topic(t)
	}
	return errors.Join(v.errs...)
}

// validator gathers the errors of one Validate: the ids seen by kind, so
// that references can be checked, and at most maxEntityErrors errors.
type validator struct {
	e    *Entities
	ids  map[string]map[string]any
	errs []error
}

func (v *validator) add(x any, entry, format string, args ...any) {
	if len(v.errs) < maxEntityErrors {
		v.errs = append(v.errs, &EntityError{Origin: v.e.OriginOf(x), Entry: entry, Msg: fmt.Sprintf(format, args...)})
	}
}

func (v *validator) unique(kind, id string, x any) {
	if v.ids[kind] == nil {
		v.ids[kind] = map[string]any{}
	}
	if prev, ok := v.ids[kind][id]; ok {
		v.add(x, fmt.Sprintf("%s %q", kind, id), "duplicate id: also defined at %s", v.e.OriginOf(prev))
		return
	}
	v.ids[kind][id] = x
}

func (v *validator) slug(kind, id string, x any) {
	if !slugPattern.MatchString(id) {
		v.add(x, fmt.Sprintf("%s %q", kind, id), "id must be a lower-case slug (a-z, 0-9 and single hyphens)")
	}
	v.unique(kind, id, x)
}

func (v *validator) known(kind, id string) bool { _, ok := v.ids[kind][id]; return ok }

func (v *validator) refs(x any, entry, kind string, list []string) {
	for _, id := range list {
		if !v.known(kind, id) {
			v.add(x, entry, "unknown %s %q", kind, id)
		}
	}
}

func (v *validator) sources(x any, entry string, list []Source) {
	if len(list) == 0 {
		v.add(x, entry, "at least one source is required")
	}
	for _, s := range list {
		if !strings.HasPrefix(s.URL, "https://") && !strings.HasPrefix(s.URL, "http://") {
			v.add(x, entry, "source url %q must start with https:// or http://", s.URL)
		}
	}
}

func (v *validator) ordered(x any, entry, from, to string, a, b *Date) {
	if a != nil && b != nil && a.Compare(*b) > 0 {
		v.add(x, entry, "%s %s is after %s %s", from, a, to, b)
	}
}

func (v *validator) agreement(a *Agreement) {
	entry := fmt.Sprintf("agreement %q", a.ID)
	if strings.TrimSpace(a.Name) == "" {
		v.add(a, entry, "name is required")
	}
	if strings.TrimSpace(a.Summary) == "" {
		v.add(a, entry, "summary is required")
	}
	if a.Kind != Bilateral && a.Kind != Multilateral {
		v.add(a, entry, "kind must be BILATERAL or MULTILATERAL, not %q", a.Kind)
	}
	if n := sides(a.Parties); a.Kind == Bilateral && (n > 2 || a.PartyCount > 2) {
		v.add(a, entry, "a BILATERAL agreement has two parties, not %d", max(n, a.PartyCount))
	}
	if current := currentParties(a.Parties); a.PartyCount != 0 && a.PartyCount < current {
		v.add(a, entry, "partyCount %d is less than the %d parties listed that have not left", a.PartyCount, current)
	}
	v.ordered(a, entry, "signed", "ended", a.Signed, a.Ended)
	v.ordered(a, entry, "inForce", "ended", a.InForce, a.Ended)
	v.sources(a, entry, a.Sources)
	v.refs(a, entry, "organization", a.Organizations)
	v.refs(a, entry, "trend", a.Trends)
	for _, th := range a.Themes {
		if !slices.Contains(Themes, th) {
			v.add(a, entry, "unknown theme %q: want one of %s", th, strings.Join(Themes, ", "))
		}
	}
	checkObligations(func(f string, args ...any) { v.add(a, entry, f, args...) }, a.Obligations)
	seen := map[string]bool{}
	for _, p := range a.Parties {
		v.party(a, entry, p, seen[p.Country])
		seen[p.Country] = true
	}
	for fact := range a.AtopNotes {
		if fact != "signed" && fact != "partyCount" && !v.known("country", fact) {
			v.add(a, entry, "atopNotes: %q is not signed, partyCount or a country code", fact)
		}
	}
	checkContested(func(f string, args ...any) { v.add(a, entry, f, args...) }, func(c string) bool { return v.known("country", c) }, a)
}

// party checks one of a's parties; again says the country was listed
// before.
func (v *validator) party(a *Agreement, entry string, p Party, again bool) {
	if !v.known("country", p.Country) {
		v.add(a, entry, "party: unknown country %q", p.Country)
	}
	switch p.Role {
	case Founding, Acceded, Successor, Participant:
	default:
		v.add(a, entry, "party %s: role must be FOUNDING, ACCEDED, SUCCESSOR or PARTICIPANT, not %q", p.Country, p.Role)
	}
	if again && p.Joined == nil {
		v.add(a, entry, "party %s is listed twice without dates to tell the spans apart", p.Country)
	}
	v.ordered(a, entry, "party "+p.Country+" joined", "left", p.Joined, p.Left)
	checkObligations(func(f string, args ...any) { v.add(a, entry, "party "+p.Country+": "+f, args...) }, p.Obligations)
	if s := p.Suspension; s != nil {
		if s.Date == nil || !v.known("country", s.By) {
			v.add(a, entry, "party %s: a suspension needs a date and the country (by) that suspended", p.Country)
		}
		v.sources(a, entry+" party "+p.Country+" suspension", s.Sources)
	}
}

func (v *validator) organization(o *Organization) {
	entry := fmt.Sprintf("organization %q", o.ID)
	if strings.TrimSpace(o.Name) == "" {
		v.add(o, entry, "name is required")
	}
	if strings.TrimSpace(o.Summary) == "" {
		v.add(o, entry, "summary is required")
	}
	v.sources(o, entry, o.Sources)
	v.refs(o, entry, "agreement", o.FoundingAgreements)
	if o.Parent != "" {
		v.refs(o, entry, "organization", []string{o.Parent})
	}
	v.ordered(o, entry, "founded", "dissolved", o.Founded, o.Dissolved)
	if o.MemberCount != 0 && o.MemberCount < len(o.Members) {
		v.add(o, entry, "memberCount %d is less than the %d members listed", o.MemberCount, len(o.Members))
	}
	for _, m := range o.Members {
		if !v.known("country", m.Country) {
			v.add(o, entry, "member: unknown country %q", m.Country)
		}
		switch m.Role {
		case FoundingMember, Member, Permanent, Observer, Partner:
		default:
			v.add(o, entry, "member %s: role must be FOUNDING, MEMBER, PERMANENT, OBSERVER or PARTNER, not %q", m.Country, m.Role)
		}
		v.ordered(o, entry, "member "+m.Country+" joined", "left", m.Joined, m.Left)
	}
}

func (v *validator) topic(t *Topic) {
	entry := fmt.Sprintf("topic %q", t.ID)
	if strings.TrimSpace(t.Name) == "" || strings.TrimSpace(t.Description) == "" {
		v.add(t, entry, "name and description are required")
	}
	for _, k := range t.AppliesTo {
		if k != Bilateral && k != Multilateral {
			v.add(t, entry, "appliesTo: %q is not BILATERAL or MULTILATERAL", k)
		}
	}
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
