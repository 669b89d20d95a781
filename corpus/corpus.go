// Package corpus holds pactgraph's domain: agreements, organizations,
// countries, trends, topics, documents and passages; the embedded default
// corpus; and reading the entity files of a corpus directory. It uses the
// standard library only.
package corpus

import "errors"

// ErrNotFound is returned for an id that names nothing in the corpus.
var ErrNotFound = errors.New("not found")

// Kind says whether an agreement binds two parties or more.
type Kind string

const (
	Bilateral    Kind = "BILATERAL"
	Multilateral Kind = "MULTILATERAL"
)

// Obligation is a promise an alliance member makes, as the ATOP codebook
// defines the kinds.
type Obligation string

const (
	Defense       Obligation = "DEFENSE"
	Offense       Obligation = "OFFENSE"
	Neutrality    Obligation = "NEUTRALITY"
	Nonaggression Obligation = "NONAGGRESSION"
	Consultation  Obligation = "CONSULTATION"
)

// Obligations lists every obligation kind in codebook order.
var Obligations = []Obligation{Defense, Offense, Neutrality, Nonaggression, Consultation}

// PartyRole says how a state became bound by an agreement.
type PartyRole string

const (
	Founding    PartyRole = "FOUNDING"
	Acceded     PartyRole = "ACCEDED"
	Successor   PartyRole = "SUCCESSOR"
	Participant PartyRole = "PARTICIPANT"
)

// MemberRole says what place a state holds in an organization.
type MemberRole string

const (
	FoundingMember MemberRole = "FOUNDING"
	Member         MemberRole = "MEMBER"
	Permanent      MemberRole = "PERMANENT"
	Observer       MemberRole = "OBSERVER"
	Partner        MemberRole = "PARTNER"
)

// Themes is the vocabulary an agreement's themes come from.
var Themes = []string{
	"collective-defense", "defense-cooperation", "collective-security", "arms-control",
	"nonproliferation", "disarmament", "nuclear-weapon-free-zone", "intelligence-sharing",
	"counterterrorism", "peacekeeping", "transnational-crime", "cybersecurity",
	"border-security", "confidence-building",
}

// Source is where a fact comes from.
type Source struct {
	URL   string `json:"url"`
	Title string `json:"title,omitempty"`
}

// Agreement is a bilateral or multilateral security agreement.
type Agreement struct {
	ID            string       `json:"id"`
	Name          string       `json:"name"`
	Aliases       []string     `json:"aliases,omitempty"`
	Kind          Kind         `json:"kind"`
	Signed        *Date        `json:"signed,omitempty"`
	InForce       *Date        `json:"inForce,omitempty"`
	Ended         *Date        `json:"ended,omitempty"`
	Parties       []Party      `json:"parties,omitempty"`
	PartyCount    int          `json:"partyCount,omitempty"`
	Organizations []string     `json:"organizations,omitempty"`
	Themes        []string     `json:"themes,omitempty"`
	Obligations   []Obligation `json:"obligations,omitempty"`
	Trends        []string     `json:"trends,omitempty"`
	Summary       string       `json:"summary"`
	Note          string       `json:"note,omitempty"`
	AtopID        int          `json:"atopId,omitempty"`
	// AtopNotes gives, for each fact where the record knowingly differs
	// from ATOP ("signed", or a party's country code), the reason; the
	// loader's notices carry it.
	AtopNotes map[string]string `json:"atopNotes,omitempty"`
	// Contested are the facts the sides dispute, each with its positions;
	// the disputed field itself stays empty or holds what all sides agree.
	Contested []Contested `json:"contested,omitempty"`
	Sources   []Source    `json:"sources"`
	// ATOP is what the ATOP dataset codes about the agreement, when a
	// corpus brings the dataset; set by the loader, not read from files.
	ATOP *ATOPRecord `json:"atop,omitempty"`
}

// ATOPRecord is an alliance as the ATOP dataset codes it.
type ATOPRecord struct {
	Version           string `json:"version"`
	Row               int    `json:"row"` // in the alliance-level file
	Phases            int    `json:"phases"`
	Conditional       bool   `json:"conditional,omitempty"`
	Asymmetric        bool   `json:"asymmetric,omitempty"`
	IntegratedCommand bool   `json:"integratedCommand,omitempty"`
	MilitaryAid       bool   `json:"militaryAid,omitempty"`
	Bases             bool   `json:"bases,omitempty"`
	Organization      bool   `json:"organization,omitempty"`
}

// Party is a state bound by an agreement, for a span of time.
type Party struct {
	Country string    `json:"country"`
	Role    PartyRole `json:"role"`
	Joined  *Date     `json:"joined,omitempty"`
	Left    *Date     `json:"left,omitempty"`
	// Obligations is set when this party's obligations differ from the
	// agreement's, as in an asymmetric defense pledge.
	Obligations []Obligation `json:"obligations,omitempty"`
	Note        string       `json:"note,omitempty"`
	// Suspension is another party's suspending its obligations towards
	// this one, which ends neither's membership.
	Suspension *Suspension `json:"suspension,omitempty"`
	// Phase is the ATOP phase of the membership (0 when not from ATOP).
	Phase int `json:"phase,omitempty"`
	// Source says where the membership comes from when it is not the
	// agreement's curated sources, e.g. "ATOP v4.01 member-level row 12".
	Source string `json:"source,omitempty"`
	// LeftSource says where Left comes from when it is not where the rest
	// of the membership comes from: the ATOP row whose exit the loader took
	// for a curated party that had none. Set by the loader only.
	LeftSource string `json:"-"`
}

// Suspension is one party's suspending its obligations towards another
// without either leaving the agreement (the United States towards New
// Zealand under ANZUS).
type Suspension struct {
	Date    *Date    `json:"date"`
	By      string   `json:"by"` // the country that suspended
	Note    string   `json:"note,omitempty"`
	Sources []Source `json:"sources"`
}

// ContestedFacts are the fields of an agreement whose value the sides
// dispute.
var ContestedFacts = []string{"signed", "inForce", "ended"}

// Contested is a fact the sides dispute, with each side's position.
type Contested struct {
	Fact      string     `json:"fact"` // one of ContestedFacts
	Positions []Position `json:"positions"`
}

// Position is what one side holds about a contested fact.
type Position struct {
	Claim   string   `json:"claim"`
	Date    *Date    `json:"date,omitempty"`
	HeldBy  []string `json:"heldBy"` // country codes
	Sources []Source `json:"sources"`
}

// Organization is an international body; several are founded by an
// agreement of the corpus.
type Organization struct {
	ID                 string       `json:"id"`
	Name               string       `json:"name"`
	Acronym            string       `json:"acronym,omitempty"`
	Aliases            []string     `json:"aliases,omitempty"`
	Founded            *Date        `json:"founded,omitempty"`
	Dissolved          *Date        `json:"dissolved,omitempty"`
	Parent             string       `json:"parent,omitempty"`
	FoundingAgreements []string     `json:"foundingAgreements,omitempty"`
	Members            []Membership `json:"members,omitempty"`
	MemberCount        int          `json:"memberCount,omitempty"`
	Summary            string       `json:"summary"`
	Note               string       `json:"note,omitempty"`
	Sources            []Source     `json:"sources"`
}

// Membership is a state's place in an organization, for a span of time.
type Membership struct {
	Country string     `json:"country"`
	Role    MemberRole `json:"role"`
	Joined  *Date      `json:"joined,omitempty"`
	Left    *Date      `json:"left,omitempty"`
	Note    string     `json:"note,omitempty"`
	// Source is where the membership comes from; the API fills it with the
	// organization's first curated source.
	Source string `json:"-"`
}

// Country is a state, identified by its ISO 3166-1 alpha-3 code (ISO 3166-3
// for states that no longer exist).
type Country struct {
	Code    string   `json:"code"`
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
	From    *Date    `json:"from,omitempty"`
	Until   *Date    `json:"until,omitempty"`
}

// Trend is a direction in security cooperation that the essay names.
type Trend struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Aliases     []string `json:"aliases,omitempty"`
	Agreements  []string `json:"agreements,omitempty"`
}

// Topic is a concept the essay discusses, such as flexibility in terms, and
// the kinds of agreement it applies to.
type Topic struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Aliases     []string `json:"aliases,omitempty"`
	AppliesTo   []Kind   `json:"appliesTo"`
}

// Document is one source text of a corpus, split into passages.
type Document struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Path     string `json:"path"`   // path inside its corpus, for people
	Format   string `json:"format"` // markdown, text or html
	Passages int    `json:"passages"`
	// Headings are the document's distinct section headings, in order.
	Headings []string `json:"headings,omitempty"`
	// What the document's front matter (or its corpus manifest) says.
	Date     *Date    `json:"date,omitempty"`
	Language string   `json:"language,omitempty"`
	Source   string   `json:"source,omitempty"`
	Authors  []string `json:"authors,omitempty"`
	// TextOf is the id of the agreement whose text the document is.
	TextOf string `json:"textOf,omitempty"`
	// Meta are the front matter's other keys, in the order written.
	Meta []Meta `json:"meta,omitempty"`
}

// Meta is one key of a document's front matter that pactgraph has no place
// of its own for. A list or a table is kept as its JSON (Scalar false), and
// only a scalar value can be searched for.
type Meta struct {
	Key    string `json:"key"`
	Value  string `json:"value"`
	Scalar bool   `json:"scalar"`
}

// Passage is a paragraph-sized piece of a document, with the entities it
// mentions.
type Passage struct {
	ID          string   `json:"id"`
	Document    string   `json:"document"`
	Heading     string   `json:"heading"`
	HeadingPath []string `json:"headingPath"`
	Position    int      `json:"position"`
	Text        string   `json:"text"`
	// Article is the number of the article of a legal text the passage
	// sits in, as the text writes it ("5", "IV"); empty outside articles.
	Article string `json:"article,omitempty"`
	// TextOf is the id of the agreement whose text the passage is part of.
	TextOf string `json:"textOf,omitempty"`
	// Language is the ISO 639-1 code of the passage's language: its
	// document's, where the document declares one, else detected; "und"
	// when it cannot be told.
	Language      string   `json:"language,omitempty"`
	Agreements    []string `json:"agreements,omitempty"`
	Organizations []string `json:"organizations,omitempty"`
	Countries     []string `json:"countries,omitempty"`
	Trends        []string `json:"trends,omitempty"`
	Topics        []string `json:"topics,omitempty"`
}
