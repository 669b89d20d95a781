package loader

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"

	"pactgraph/corpus"
)

// ATOP (Alliance Treaty Obligations and Provisions) is the coded dataset
// of military alliances from 1815. A corpus directory that holds its
// alliance-level and member-level CSV files (found by their headers, under
// any name) gets every alliance as an agreement, joined with the curated
// agreements by atopId.

const atopVersion = "4.01"

// atopSource is cited for facts that come from the dataset.
var atopSource = corpus.Source{URL: "http://www.atopdata.org/", Title: "Alliance Treaty Obligations and Provisions (ATOP) v" + atopVersion}

type atopAlliance struct {
	row                                     int
	id                                      int
	begin, end                              *corpus.Date
	inEffect, bilateral                     bool
	phases                                  int
	conditional, asymmetric                 bool
	integratedCommand, militaryAid, bases   bool
	organization                            bool
	defense, offense, neutral, nonagg, cons bool
}

type atopMember struct {
	row         int
	alliance    int
	cow         int
	phase       int
	entry, exit *corpus.Date
	obligations []corpus.Obligation
}

type atopData struct {
	alliances map[int]*atopAlliance
	members   map[int][]*atopMember
	files     []string
}

// isATOP tells an ATOP file by its header: "alliance", "member" or "".
func isATOP(header []string) string {
	if len(header) < 10 || header[0] != "atopid" {
		return ""
	}
	if slices.Contains(header, "member") && slices.Contains(header, "yrent") {
		return "member"
	}
	if slices.Contains(header, "mem1") && slices.Contains(header, "begyr") {
		return "alliance"
	}
	return ""
}

// readATOP reads the ATOP files among a corpus's CSV files. A CSV file that
// is not ATOP's is left alone.
func readATOP(fsys fs.FS, files []string, name string, into *atopData) error {
	for _, p := range files {
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return fmt.Errorf("read %s: %w", path.Join(name, p), err)
		}
		r := csv.NewReader(bytes.NewReader(data))
		r.ReuseRecord = false
		rows, err := r.ReadAll()
		if err != nil {
			return fmt.Errorf("%s: %w", path.Join(name, p), err)
		}
		if len(rows) == 0 {
			continue
		}
		level := isATOP(rows[0])
		if level == "" {
			continue
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		where := path.Join(name, p)
		into.files = append(into.files, where)
		for i, rec := range rows[1:] {
			line := i + 2
			num := func(c string) int {
				j, ok := col[c]
				if !ok || j >= len(rec) {
					return 0
				}
				f, err := strconv.ParseFloat(strings.TrimSpace(rec[j]), 64)
				// NaN, ±Inf and 1e308 are no number of ATOP's: converted
				// to int they become arbitrary values.
				if err != nil || math.IsNaN(f) || math.Abs(f) > 1e9 {
					return 0
				}
				return int(f)
			}
			if num("atopid") == 0 {
				return fmt.Errorf("%s:%d: no atopid", where, line)
			}
			if level == "alliance" {
				a := atopAllianceRow(line, num)
				into.alliances[a.id] = a
			} else {
				m := atopMemberRow(line, num)
				into.members[m.alliance] = append(into.members[m.alliance], m)
			}
		}
	}
	return nil
}

// atopAllianceRow reads one alliance-level row, whose columns num reads.
func atopAllianceRow(line int, num func(string) int) *atopAlliance {
	a := &atopAlliance{
		row: line, id: num("atopid"),
		begin:    atopDate(num("begyr"), num("begmo"), num("begday")),
		end:      atopDate(num("endyr"), num("endmo"), num("endday")),
		inEffect: num("ineffect") == 1, bilateral: num("bilat") == 1, phases: num("maxphase"),
		conditional: num("conditio") == 1, asymmetric: num("asymm") > 0,
		integratedCommand: num("intcom") == 1, militaryAid: num("milaid") > 0,
		bases: num("base") > 0, organization: num("organ1") > 0,
		defense: num("defense") == 1, offense: num("offense") == 1, neutral: num("neutral") == 1,
		nonagg: num("nonagg") == 1, cons: num("consul") == 1,
	}
	if a.inEffect {
		a.end = nil
	}
	return a
}

// atopMemberRow reads one member-level row, whose columns num reads.
func atopMemberRow(line int, num func(string) int) *atopMember {
	m := &atopMember{
		row: line, alliance: num("atopid"), cow: num("member"), phase: num("phase"),
		entry: atopDate(num("yrent"), num("moent"), num("dayent")),
		exit:  atopDate(num("yrexit"), num("moexit"), num("dayexit")),
	}
	for c, o := range map[string]corpus.Obligation{"defense": corpus.Defense, "offense": corpus.Offense,
		"neutral": corpus.Neutrality, "nonagg": corpus.Nonaggression, "consul": corpus.Consultation} {
		if num(c) == 1 {
			m.obligations = append(m.obligations, o)
		}
	}
	slices.SortFunc(m.obligations, func(a, b corpus.Obligation) int {
		return cmp.Compare(slices.Index(corpus.Obligations, a), slices.Index(corpus.Obligations, b))
	})
	return m
}

// atopDate reads ATOP's year, month and day; 0 means unknown, and a year
// of 0 means no date at all (for an exit: still a member).
func atopDate(y, m, d int) *corpus.Date {
	if y <= 0 {
		return nil
	}
	date := corpus.Date{Year: y}
	if m >= 1 && m <= 12 {
		date.Month = m
		if d >= 1 && d <= 31 {
			date.Day = d
		}
	}
	return &date
}

// cowState maps a Correlates of War state code to a country, over time.
type cowState struct {
	COW     int    `json:"cow"`
	Abb     string `json:"abb"`
	Name    string `json:"name"`
	ISO3    string `json:"iso3"`
	Periods []struct {
		ISO3       string       `json:"iso3"`
		From       *corpus.Date `json:"from"`
		Until      *corpus.Date `json:"until"`
		Note       string       `json:"note"`
		Historical *historical  `json:"historical"`
	} `json:"periods"`
	Historical *historical `json:"historical"`
	Note       string      `json:"note"`
}

// historical is a state with no ISO code, which pactgraph gives a
// user-assigned one (X..).
type historical struct {
	Name  string       `json:"name"`
	From  *corpus.Date `json:"from"`
	Until *corpus.Date `json:"until"`
}

type crosswalk map[int]*cowState

func readCrosswalk() (crosswalk, error) {
	data, err := fs.ReadFile(corpus.Default, "cow-states.json")
	if err != nil {
		return nil, fmt.Errorf("read the COW crosswalk: %w", err)
	}
	var file struct {
		States []*cowState `json:"states"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		return nil, fmt.Errorf("cow-states.json: %w", err)
	}
	cw := crosswalk{}
	for _, s := range file.States {
		cw[s.COW] = s
	}
	return cw, nil
}

// country is the ISO code of a COW state on a date. A period runs from its
// first day up to, not including, its until: the day the state ceased to
// exist, as countries.json and a party's left date count it, so that one
// date ends a state everywhere.
func (cw crosswalk) country(cow int, on *corpus.Date) string {
	s := cw[cow]
	if s == nil {
		return ""
	}
	for _, p := range s.Periods {
		if on == nil || ((p.From == nil || p.From.Compare(*on) <= 0) && (p.Until == nil || p.Until.Compare(*on) > 0)) {
			return p.ISO3
		}
	}
	if s.ISO3 != "" {
		return s.ISO3
	}
	if len(s.Periods) > 0 {
		return s.Periods[len(s.Periods)-1].ISO3
	}
	return ""
}

// mergeATOP turns the ATOP alliances into agreements. A curated agreement
// with the alliance's atopId keeps its names, summary, sources and parties;
// ATOP adds the members and obligations the curated record lacks, and every
// disagreement between the two is returned as a notice.
func mergeATOP(e *corpus.Entities, data *atopData) ([]string, error) {
	if len(data.alliances) == 0 && len(data.members) == 0 {
		return nil, nil
	}
	if len(data.alliances) == 0 || len(data.members) == 0 {
		return nil, fmt.Errorf("ATOP: found %s but not the other level; add both the alliance-level and the member-level file", strings.Join(data.files, ", "))
	}
	cw, err := readCrosswalk()
	if err != nil {
		return nil, err
	}
	countries := historicalCountries(e, cw)
	curated := map[int]*corpus.Agreement{}
	for _, a := range e.Agreements {
		if a.AtopID != 0 {
			curated[a.AtopID] = a
		}
	}
	var notices []string
	ids := make([]int, 0, len(data.alliances))
	for id := range data.alliances {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		al := data.alliances[id]
		parties, partyNotices := atopParties(id, al, data.members[id], cw, countries)
		notices = append(notices, partyNotices...)
		record := &corpus.ATOPRecord{
			Version: atopVersion, Row: al.row, Phases: max(al.phases, 1), Conditional: al.conditional,
			Asymmetric: al.asymmetric, IntegratedCommand: al.integratedCommand, MilitaryAid: al.militaryAid,
			Bases: al.bases, Organization: al.organization,
		}
		if a := curated[id]; a != nil {
			a.ATOP = record
			notices = append(notices, mergeParties(a, al, parties)...)
			continue
		}
		e.Agreements = append(e.Agreements, atopAgreement(al, parties, record, countries))
	}
	return notices, nil
}

// historicalCountries adds to e the historical states the crosswalk names
// that the curated countries lack (the USSR, Yugoslavia), and returns
// every country by code.
func historicalCountries(e *corpus.Entities, cw crosswalk) map[string]*corpus.Country {
	countries := map[string]*corpus.Country{}
	for _, c := range e.Countries {
		countries[c.Code] = c
	}
	add := func(code string, h *historical) {
		if h != nil && code != "" && countries[code] == nil {
			c := &corpus.Country{Code: code, Name: h.Name, From: h.From, Until: h.Until}
			e.Countries = append(e.Countries, c)
			countries[c.Code] = c
		}
	}
	for _, code := range slices.Sorted(maps.Keys(cw)) {
		s := cw[code]
		add(s.ISO3, s.Historical)
		for _, p := range s.Periods {
			add(p.ISO3, p.Historical)
		}
	}
	return countries
}

// atopParties are an alliance's members as parties, from its member-level
// rows, with notices for the rows left out or mended.
func atopParties(id int, al *atopAlliance, rows []*atopMember, cw crosswalk, countries map[string]*corpus.Country) ([]corpus.Party, []string) {
	var parties []corpus.Party
	var notices []string
	first := map[int]string{} // COW code → the country it stood for first here
	for _, m := range rows {
		code := cw.country(m.cow, m.entry)
		if code == "" || countries[code] == nil {
			notices = append(notices, fmt.Sprintf("ATOP %d: member-level row %d: COW state %d has no country in the crosswalk; left out", id, m.row, m.cow))
			continue
		}
		role := corpus.Founding
		if al.begin != nil && m.entry != nil && m.entry.Year > al.begin.Year {
			role = corpus.Acceded
		}
		if f, ok := first[m.cow]; ok && f != code {
			role = corpus.Successor // the same COW state under a new name (USSR → Russia)
		} else if !ok {
			first[m.cow] = code
		}
		if m.exit != nil && m.entry != nil && m.exit.Compare(*m.entry) < 0 {
			notices = append(notices, fmt.Sprintf("ATOP %d: member-level row %d: exit %s before entry %s; exit left out", id, m.row, m.exit, m.entry))
			m.exit = nil
		}
		parties = append(parties, corpus.Party{
			Country: code, Role: role, Joined: m.entry, Left: m.exit, Obligations: m.obligations, Phase: m.phase,
			Source: fmt.Sprintf("ATOP v%s member-level row %d", atopVersion, m.row),
		})
	}
	return parties, notices
}

// The reasons a difference from ATOP needs no curated note.
const (
	noReason         = "none recorded"
	entryBySignature = "ATOP dates an entry from the signature of the treaty or of the accession protocol, the curated data from entry into force or accession"
	exitTaken        = "the curated record gives no exit, and ATOP's is the dataset's coding"
)

// mergeParties adds what ATOP knows to a curated agreement and reports
// where the two disagree.
func mergeParties(a *corpus.Agreement, al *atopAlliance, atop []corpus.Party) []string {
	var notices []string
	// Every difference is reported with its reason: the curated record's
	// atopNotes for the fact, a known difference of coding, or a plain
	// statement that none is recorded, which the data tests refuse.
	sayWhy := func(fact, known, format string, args ...any) {
		why := cmp.Or(a.AtopNotes[fact], known, noReason)
		notices = append(notices, fmt.Sprintf("agreement %q (ATOP %d): ", a.ID, al.id)+fmt.Sprintf(format, args...)+"; reason: "+why)
	}
	if a.Signed != nil && al.begin != nil && a.Signed.Compare(*al.begin) != 0 {
		sayWhy("signed", "", "signed %s in the curated data, begins %s in ATOP", a.Signed, al.begin)
	}
	spans, order := memberSpans(atop)
	for _, p := range atop {
		i := slices.IndexFunc(a.Parties, func(c corpus.Party) bool { return c.Country == p.Country })
		if i < 0 {
			a.Parties = append(a.Parties, p)
			continue
		}
		if c := &a.Parties[i]; len(c.Obligations) == 0 && !slices.Equal(p.Obligations, a.Obligations) {
			c.Obligations = p.Obligations
		}
	}
	for _, code := range order {
		compareSpan(a, code, spans[code], sayWhy)
	}
	if a.PartyCount > 0 {
		current := map[string]bool{}
		for _, p := range a.Parties {
			if p.Left == nil {
				current[p.Country] = true
			}
		}
		if len(current) > a.PartyCount {
			sayWhy("partyCount", "", "the curated party count is %d; with ATOP's members, %d states are listed without an exit (ATOP's data end in 2016)", a.PartyCount, len(current))
		}
	}
	for _, c := range a.Parties {
		atopHas := slices.ContainsFunc(atop, func(p corpus.Party) bool { return p.Country == c.Country })
		if !atopHas && (c.Joined == nil || c.Joined.Year <= 2016) && a.PartyCount == 0 {
			sayWhy(c.Country, "", "party %s is curated but not an ATOP member", c.Country)
		}
	}
	return notices
}

// span is one member's whole time in an ATOP alliance, from its first
// entry to its last exit (ATOP has a row per member and phase).
type span struct {
	entry, exit *corpus.Date
	open        bool
	row         string
	exitRow     string // the row of the last exit
}

// memberSpans are the spans of ATOP's members, and the members in the
// order ATOP lists them.
func memberSpans(atop []corpus.Party) (map[string]*span, []string) {
	spans := map[string]*span{}
	var order []string
	for _, p := range atop {
		sp := spans[p.Country]
		if sp == nil {
			sp = &span{entry: p.Joined, row: p.Source}
			spans[p.Country] = sp
			order = append(order, p.Country)
		} else if p.Joined != nil && (sp.entry == nil || p.Joined.Compare(*sp.entry) < 0) {
			sp.entry = p.Joined
		}
		if p.Left == nil {
			sp.open = true
		} else if sp.exit == nil || p.Left.Compare(*sp.exit) > 0 {
			sp.exit, sp.exitRow = p.Left, p.Source
		}
	}
	return spans, order
}

// compareSpan compares a curated agreement's party code with ATOP's span
// of it, says why they differ, and takes ATOP's exit where the curated
// party has none.
func compareSpan(a *corpus.Agreement, code string, sp *span, sayWhy func(fact, known, format string, args ...any)) {
	i := slices.IndexFunc(a.Parties, func(c corpus.Party) bool { return c.Country == code && c.Source == "" })
	if i < 0 {
		if a.PartyCount == 0 {
			sayWhy(code, "", "ATOP lists member %s (%s), the curated parties do not; added from ATOP", code, sp.row)
		}
		return
	}
	c := a.Parties[i]
	if c.Joined != nil && sp.entry != nil && c.Joined.Year != sp.entry.Year {
		known := ""
		if sp.entry.Compare(*c.Joined) < 0 {
			known = entryBySignature
		}
		sayWhy(code, known, "%s joined %s in the curated data, %s in ATOP (%s)", code, c.Joined, sp.entry, sp.row)
	}
	if open := slices.IndexFunc(a.Parties, func(c corpus.Party) bool {
		return c.Country == code && c.Source == "" && c.Left == nil
	}); !sp.open && open >= 0 {
		// A curated party list without exits must not outvote the
		// dataset: ATOP's exit is taken, and says where it came from.
		if a.Ended == nil || sp.exit.Year != a.Ended.Year {
			sayWhy(code, exitTaken, "ATOP ends %s's membership on %s; the curated data has no end, so ATOP's exit is taken", code, sp.exit)
		}
		a.Parties[open].Left, a.Parties[open].LeftSource = sp.exit, sp.exitRow
	}
}

// atopAgreement describes an alliance that has no curated record, with a
// name made of its members, kind and year.
func atopAgreement(al *atopAlliance, parties []corpus.Party, record *corpus.ATOPRecord, countries map[string]*corpus.Country) *corpus.Agreement {
	var names []string
	for _, p := range parties {
		if n := countries[p.Country].Name; !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	kind := corpus.Multilateral
	if len(names) <= 2 {
		kind = corpus.Bilateral
	}
	var obligations []corpus.Obligation
	for _, p := range parties {
		for _, o := range p.Obligations {
			if !slices.Contains(obligations, o) {
				obligations = append(obligations, o)
			}
		}
	}
	slices.SortFunc(obligations, func(a, b corpus.Obligation) int {
		return cmp.Compare(slices.Index(corpus.Obligations, a), slices.Index(corpus.Obligations, b))
	})
	year := "year unknown"
	if al.begin != nil {
		year = strconv.Itoa(al.begin.Year)
	}
	var who string
	switch {
	case len(names) <= 3:
		who = joinNames(names)
	default:
		who = fmt.Sprintf("%s and %s", strings.Join(names[:3], ", "), plural(len(names)-3, "other"))
	}
	label := "alliance"
	if slices.Contains(obligations, corpus.Defense) {
		label = "defense pact"
	} else if len(obligations) == 1 && obligations[0] == corpus.Nonaggression {
		label = "nonaggression pact"
	} else if len(obligations) == 1 && obligations[0] == corpus.Neutrality {
		label = "neutrality pact"
	} else if len(obligations) == 1 && obligations[0] == corpus.Consultation {
		label = "consultation pact"
	}
	a := &corpus.Agreement{
		ID:          fmt.Sprintf("atop-%d", al.id),
		Name:        fmt.Sprintf("%s %s of %s (%s)", strings.ToUpper(string(kind[:1]))+strings.ToLower(string(kind[1:])), label, who, year),
		Aliases:     []string{fmt.Sprintf("ATOP %d", al.id)},
		Kind:        kind,
		Signed:      al.begin,
		Ended:       al.end,
		Parties:     parties,
		Obligations: obligations,
		AtopID:      al.id,
		ATOP:        record,
		Sources:     []corpus.Source{atopSource},
	}
	if slices.Contains(obligations, corpus.Defense) {
		a.Themes = []string{"collective-defense"}
	}
	var promises []string
	for _, o := range obligations {
		promises = append(promises, strings.ToLower(string(o)))
	}
	until := "and still in effect when the data end (2016)"
	if al.end != nil {
		until = "until " + al.end.String()
	}
	a.Summary = fmt.Sprintf("An alliance the ATOP dataset codes as %s: %s, from %s %s, with %s obligations among %s.",
		strings.ToLower(string(kind)), joinNames(names), year, until, joinNames(promises), plural(len(names), "member"))
	if al.asymmetric {
		a.Summary += " Its obligations are asymmetric: the members do not all promise the same."
	}
	if al.conditional {
		a.Summary += " Its obligations are conditional."
	}
	a.Note = "Generated from ATOP v" + atopVersion + "; no curated record exists for this alliance."
	return a
}

func joinNames(names []string) string {
	switch len(names) {
	case 0:
		return "no"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
