// Package synth generates synthetic pactgraph corpora for benchmarks: a
// directory in the real corpus format (Markdown documents and
// entities/*.json) of any size, the same bytes for the same configuration.
//
// The text draws words from a Zipf-like distribution over a large made-up
// vocabulary plus English function and domain words, and weaves in mentions
// of the generated agreements and organizations (by name and alias), of real
// countries by the names the embedded corpus gives them ("Japan", "France")
// and of a few embedded entities ("NATO"), so that linking, facets and joins
// are exercised. Generated ids start with "gen-" and every country code is one
// the embedded corpus defines: a generated corpus is meant to be loaded
// together with the embedded one (it fails validation alone).
package synth

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"pactgraph/corpus"
)

// Version changes whenever the output for a given configuration changes,
// so that caches of generated corpora can be told apart.
const Version = 1

// Config is what to generate.
type Config struct {
	Passages    int    // paragraphs over all documents (each one passage)
	Agreements  int    // generated agreements
	Seed        uint64 // the same seed gives the same bytes
	Vocabulary  int    // made-up words (default 40,000)
	PerDocument int    // passages per document (default 400)
}

func (c *Config) defaults() {
	if c.Vocabulary == 0 {
		c.Vocabulary = 40000
	}
	if c.PerDocument == 0 {
		c.PerDocument = 400
	}
}

// Summary describes a generated corpus.
type Summary struct {
	Documents     int
	Passages      int
	Agreements    int
	Organizations int
	Bytes         int64 // of the documents
}

// Country is a real country, by the code and name of the embedded corpus.
type Country struct{ Code, Name string }

// Countries are the countries generated text and entities refer to: codes
// and names exactly as corpus/default/entities/countries.json has them.
var Countries = []Country{
	{"USA", "United States"}, {"GBR", "United Kingdom"}, {"FRA", "France"}, {"DEU", "Germany"},
	{"JPN", "Japan"}, {"CHN", "China"}, {"RUS", "Russia"}, {"IND", "India"}, {"BRA", "Brazil"},
	{"CAN", "Canada"}, {"AUS", "Australia"}, {"ITA", "Italy"}, {"ESP", "Spain"}, {"TUR", "Turkey"},
	{"KOR", "South Korea"}, {"MEX", "Mexico"}, {"IDN", "Indonesia"}, {"SAU", "Saudi Arabia"},
	{"ZAF", "South Africa"}, {"ARG", "Argentina"}, {"EGY", "Egypt"}, {"NGA", "Nigeria"},
	{"PAK", "Pakistan"}, {"POL", "Poland"}, {"NLD", "Netherlands"}, {"SWE", "Sweden"},
	{"NOR", "Norway"}, {"ISR", "Israel"}, {"IRN", "Iran"}, {"UKR", "Ukraine"}, {"VNM", "Vietnam"},
	{"PHL", "Philippines"}, {"THA", "Thailand"}, {"MYS", "Malaysia"}, {"SGP", "Singapore"},
	{"NZL", "New Zealand"}, {"CHL", "Chile"}, {"COL", "Colombia"}, {"KEN", "Kenya"}, {"GRC", "Greece"},
}

// BuiltinMentions are names of embedded entities that generated text
// mentions now and then, so passages also join to curated data.
var BuiltinMentions = []string{"NATO", "United Nations", "North Atlantic Treaty", "Warsaw Pact", "ANZUS"}

// Collocations are domain phrases woven into passages; benchmarks search
// them as phrases.
var Collocations = []string{
	"mutual defence", "collective security", "arms control", "nuclear weapons", "security cooperation",
	"intelligence sharing", "armed attack", "confidence building", "peace and security", "territorial integrity",
}

// functionWords are common English words, most frequent first.
var functionWords = strings.Fields(`the of and to a in that is for it as with was on by be this are from
at or an which not have has but its were their been also they had more other such these than all
into would between may can each under both only will any through those over about should must who
when where while however therefore because since most some many against within without upon during
after before among further whether either neither so then thus what there here our we them his her`)

// DomainWords are real words of the subject, most frequent first;
// benchmarks search them.
var DomainWords = strings.Fields(`security agreement treaty states parties defence cooperation military
alliance government international mutual national forces nuclear bilateral multilateral arms
protocol article obligations commitment signatories accession ratification sovereignty region
regional strategic partnership assistance consultation attack threat deterrence weapons control
verification inspection compliance withdrawal negotiation diplomacy framework council organization
members summit ministers declaration pact accord convention provisions implementation enforcement
sanctions peacekeeping terrorism intelligence maritime border territorial cyber stability conflict
crisis war peace disarmament proliferation safeguards guarantees reciprocity sovereign envoy
delegation mandate resolution charter annex clause reservation dispute arbitration tribunal
monitoring transparency budget exercises deployment garrison bases command logistics interoperability`)

// themes and obligations are the corpus vocabularies.
var (
	themes      = corpus.Themes
	obligations = []string{"DEFENSE", "OFFENSE", "NEUTRALITY", "NONAGGRESSION", "CONSULTATION"}
	subjects    = []string{
		"Mutual Defence", "Arms Limitation", "Border Security", "Intelligence Cooperation",
		"Nuclear Safeguards", "Maritime Security", "Counterterrorism Cooperation",
		"Peacekeeping Operations", "Cyber Defence", "Confidence Building", "Military Logistics",
		"Missile Defence",
	}
	orgKinds = []string{"Defence", "Security", "Cooperation", "Treaty"}
)

// Syllables of made-up words.
var (
	onsets = strings.Fields(`b c d f g h j k l m n p r s t v w z b d f g k l m n p r s t v
		br cr dr fr gr kr pr tr st sk sl sp th sh ch bl gl pl vl zv`)
	vowels = strings.Fields(`a e i o u a e i o u a e i o u ai ea ou io ae y`)
	codas  = []string{"", "", "", "", "", "", "n", "r", "l", "s", "m", "k", "th", "nd", "rn", "st", "x", "v"}
)

type gen struct {
	cfg  Config
	rng  *rand.Rand
	used map[string]bool // every word taken, lower-case, and every reserved token

	vocab      []string
	vocabCDF   []float64
	funcCDF    []float64
	domainCDF  []float64
	countryCDF []float64

	agreements []*agreementJSON
	agrCDF     []float64
	orgs       []*organizationJSON
	orgCDF     []float64
	properDocs []string // one proper noun per document, for titles
}

var tokenRE = regexp.MustCompile(`[\pL\pN]+`)

// reserved is every lower-case token of the embedded corpus's entity
// names and aliases, and the real words the generator uses, so that no
// made-up word is linked to an entity by accident ("mali", "togo").
func reserved() (map[string]bool, error) {
	used := map[string]bool{}
	var e corpus.Entities
	if err := e.ReadEntities(corpus.Default, "entities", "builtin"); err != nil {
		return nil, err
	}
	add := func(names ...string) {
		for _, n := range names {
			for _, t := range tokenRE.FindAllString(strings.ToLower(n), -1) {
				used[t] = true
			}
		}
	}
	for _, set := range e.Names() {
		add(set.Names...)
	}
	for _, c := range e.Countries {
		add(c.Code)
	}
	for _, g := range e.Synonyms {
		add(*g...)
	}
	add(functionWords...)
	add(DomainWords...)
	add(Collocations...)
	add(subjects...)
	add(orgKinds...)
	return used, nil
}

// Generate writes a corpus for cfg into dir, which is created if missing.
func Generate(dir string, cfg Config) (Summary, error) {
	cfg.defaults()
	if cfg.Passages < 1 || cfg.Agreements < 1 {
		return Summary{}, errors.New("synth: need at least one passage and one agreement")
	}
	used, err := reserved()
	if err != nil {
		return Summary{}, fmt.Errorf("synth: read the embedded corpus: %w", err)
	}
	g := &gen{cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, 0x7061637467726170)), used: used}
	g.entities()
	g.vocabulary()

	var sum Summary
	for _, sub := range []string{"entities", "documents"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return Summary{}, err
		}
	}
	if err := writeJSON(filepath.Join(dir, "entities", "gen-agreements.json"), map[string]any{"agreements": g.agreements}); err != nil {
		return Summary{}, err
	}
	if err := writeJSON(filepath.Join(dir, "entities", "gen-organizations.json"), map[string]any{"organizations": g.orgs}); err != nil {
		return Summary{}, err
	}
	sum.Agreements, sum.Organizations = len(g.agreements), len(g.orgs)
	for left, doc := cfg.Passages, 0; left > 0; doc++ {
		n := min(left, cfg.PerDocument)
		data := g.document(doc, n)
		name := filepath.Join(dir, "documents", fmt.Sprintf("gen-report-%05d.md", doc+1))
		if err := os.WriteFile(name, data, 0o644); err != nil {
			return Summary{}, err
		}
		sum.Documents++
		sum.Passages += n
		sum.Bytes += int64(len(data))
		left -= n
	}
	return sum, nil
}

func writeJSON(name string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(name, append(data, '\n'), 0o644)
}

// zipfCDF is the cumulative distribution of a Zipf–Mandelbrot law over n
// ranks: weight 1/(rank+q)^s.
func zipfCDF(n int, s, q float64) []float64 {
	cdf := make([]float64, n)
	sum := 0.0
	for i := range n {
		sum += 1 / math.Pow(float64(i+1)+q, s)
		cdf[i] = sum
	}
	return cdf
}

func (g *gen) pick(cdf []float64) int {
	x := g.rng.Float64() * cdf[len(cdf)-1]
	return min(sort.SearchFloat64s(cdf, x), len(cdf)-1)
}

// word makes a new pronounceable word of syl syllables that no one has
// taken yet.
func (g *gen) word(minSyl, maxSyl int) string {
	for {
		var b strings.Builder
		n := minSyl + g.rng.IntN(maxSyl-minSyl+1)
		for i := range n {
			b.WriteString(onsets[g.rng.IntN(len(onsets))])
			b.WriteString(vowels[g.rng.IntN(len(vowels))])
			if i == n-1 || g.rng.IntN(6) == 0 {
				b.WriteString(codas[g.rng.IntN(len(codas))])
			}
		}
		w := b.String()
		if len(w) >= 4 && !g.used[w] {
			g.used[w] = true
			return w
		}
	}
}

func (g *gen) proper() string {
	w := g.word(2, 3)
	return strings.ToUpper(w[:1]) + w[1:]
}

func (g *gen) vocabulary() {
	g.vocab = make([]string, g.cfg.Vocabulary)
	for i := range g.vocab {
		g.vocab[i] = g.word(2, 3)
	}
	// As in a real language, the frequent words are the short ones.
	sort.SliceStable(g.vocab, func(i, j int) bool { return len(g.vocab[i]) < len(g.vocab[j]) })
	g.vocabCDF = zipfCDF(len(g.vocab), 1.05, 2.7)
	g.funcCDF = zipfCDF(len(functionWords), 0.9, 1)
	g.domainCDF = zipfCDF(len(DomainWords), 0.8, 1)
}

type source struct {
	URL   string `json:"url"`
	Title string `json:"title,omitempty"`
}

type party struct {
	Country string `json:"country"`
	Role    string `json:"role"`
	Joined  string `json:"joined,omitempty"`
}

type agreementJSON struct {
	ID            string   `json:"id"`
	Name          string   `json:"name"`
	Aliases       []string `json:"aliases,omitempty"`
	Kind          string   `json:"kind"`
	Signed        string   `json:"signed,omitempty"`
	InForce       string   `json:"inForce,omitempty"`
	Ended         string   `json:"ended,omitempty"`
	Parties       []party  `json:"parties"`
	Organizations []string `json:"organizations,omitempty"`
	Themes        []string `json:"themes,omitempty"`
	Obligations   []string `json:"obligations,omitempty"`
	Summary       string   `json:"summary"`
	Note          string   `json:"note"`
	Sources       []source `json:"sources"`
}

type member struct {
	Country string `json:"country"`
	Role    string `json:"role"`
	Joined  string `json:"joined,omitempty"`
}

type organizationJSON struct {
	ID                 string   `json:"id"`
	Name               string   `json:"name"`
	Acronym            string   `json:"acronym,omitempty"`
	Founded            string   `json:"founded,omitempty"`
	FoundingAgreements []string `json:"foundingAgreements,omitempty"`
	Members            []member `json:"members,omitempty"`
	Summary            string   `json:"summary"`
	Note               string   `json:"note"`
	Sources            []source `json:"sources"`
}

const note = "Synthetic record generated by bench/gencorpus for benchmarks; it describes nothing real."

// acronym is the initials of a name's capitalized words.
func acronym(name string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' }) {
		if w[0] >= 'A' && w[0] <= 'Z' {
			b.WriteByte(w[0])
		}
	}
	return b.String()
}

// countries picks n distinct countries, the popular ones more often.
func (g *gen) countries(n int) []Country {
	var out []Country
	seen := map[int]bool{}
	for len(out) < n {
		i := g.pick(g.countryCDF)
		if !seen[i] {
			seen[i] = true
			out = append(out, Countries[i])
		}
	}
	return out
}

func date(y, m, d int) string { return fmt.Sprintf("%04d-%02d-%02d", y, m, d) }

func (g *gen) entities() {
	g.countryCDF = zipfCDF(len(Countries), 0.8, 1)
	// Proper nouns and acronyms first: the vocabulary never takes them.
	nOrgs := max(3, g.cfg.Agreements/10)
	for i := range g.cfg.Agreements {
		g.agreements = append(g.agreements, g.agreement(i))
	}
	for i := range nOrgs {
		g.orgs = append(g.orgs, g.organization(i))
	}
	g.agrCDF = zipfCDF(len(g.agreements), 0.9, 1)
	g.orgCDF = zipfCDF(len(g.orgs), 0.9, 1)
}

// agreement makes the i-th generated agreement.
func (g *gen) agreement(i int) *agreementJSON {
	p := g.proper()
	subj := subjects[g.rng.IntN(len(subjects))]
	var name string
	var aliases []string
	switch g.rng.IntN(6) {
	case 0:
		name, aliases = "Treaty of "+p+" on "+subj, []string{p + " Treaty"}
	case 1:
		name, aliases = p+" Security Pact", []string{p + " Pact"}
	case 2:
		name, aliases = p+" Accord on "+subj, []string{p + " Accord"}
	case 3:
		name, aliases = "Convention of "+p+" on "+subj, []string{p + " Convention"}
	case 4:
		name, aliases = p+"-"+g.proper()+" Defence Agreement", []string{p + " Agreement"}
	default:
		name, aliases = p+" Declaration on "+subj, []string{p + " Declaration"}
	}
	if ac := acronym(name); len(ac) >= 3 && !g.used[strings.ToLower(ac)] {
		g.used[strings.ToLower(ac)] = true
		aliases = append(aliases, ac)
	}
	kind, n := "BILATERAL", 2
	if g.rng.IntN(10) >= 4 {
		kind, n = "MULTILATERAL", 3+g.rng.IntN(10)
	}
	y, m, d := 1945+g.rng.IntN(81), 1+g.rng.IntN(12), 1+g.rng.IntN(28)
	a := &agreementJSON{
		ID: fmt.Sprintf("gen-agreement-%05d", i+1), Name: name, Aliases: aliases, Kind: kind,
		Signed: date(y, m, d), Note: note,
		Sources: []source{{URL: fmt.Sprintf("https://example.org/pactgraph-synthetic/agreements/%05d", i+1), Title: "Synthetic"}},
	}
	joined := ""
	if y < 2025 {
		a.InForce = date(y+1, m, d)
		joined = a.InForce
		if y+3 <= 2025 && g.rng.IntN(6) == 0 {
			a.Ended = date(y+3+g.rng.IntN(2026-(y+3)), m, d)
		}
	}
	parties := g.countries(n)
	var names []string
	for _, c := range parties {
		a.Parties = append(a.Parties, party{Country: c.Code, Role: "FOUNDING", Joined: joined})
		names = append(names, c.Name)
	}
	for range 1 + g.rng.IntN(3) {
		if t := themes[g.rng.IntN(len(themes))]; !contains(a.Themes, t) {
			a.Themes = append(a.Themes, t)
		}
	}
	for range g.rng.IntN(4) {
		if o := obligations[g.rng.IntN(len(obligations))]; !contains(a.Obligations, o) {
			a.Obligations = append(a.Obligations, o)
		}
	}
	a.Summary = fmt.Sprintf("The %s is a synthetic %s agreement between %s on %s.",
		name, strings.ToLower(kind), strings.Join(names, ", "), strings.ToLower(subj))
	return a
}

// organization makes the i-th generated organization, founded by one of
// the agreements.
func (g *gen) organization(i int) *organizationJSON {
	p := g.proper()
	k := orgKinds[g.rng.IntN(len(orgKinds))]
	o := &organizationJSON{
		ID: fmt.Sprintf("gen-org-%04d", i+1), Name: p + " " + k + " Organization", Note: note,
		Sources: []source{{URL: fmt.Sprintf("https://example.org/pactgraph-synthetic/organizations/%04d", i+1)}},
	}
	if ac := strings.ToUpper(p[:2]) + k[:1] + "O"; !g.used[strings.ToLower(ac)] {
		g.used[strings.ToLower(ac)] = true
		o.Acronym = ac
	}
	founder := g.agreements[g.rng.IntN(len(g.agreements))]
	o.FoundingAgreements = []string{founder.ID}
	founder.Organizations = append(founder.Organizations, o.ID)
	o.Founded = founder.InForce
	for j, c := range g.countries(3 + g.rng.IntN(8)) {
		role := "FOUNDING"
		if j >= 3 {
			role = "MEMBER"
		}
		o.Members = append(o.Members, member{Country: c.Code, Role: role, Joined: o.Founded})
	}
	o.Summary = fmt.Sprintf("The %s is a synthetic organization founded by the %s.", o.Name, founder.Name)
	return o
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// token is one random word of running text.
func (g *gen) token() string {
	switch r := g.rng.IntN(100); {
	case r < 42:
		return functionWords[g.pick(g.funcCDF)]
	case r < 50:
		return DomainWords[g.pick(g.domainCDF)]
	}
	return g.vocab[g.pick(g.vocabCDF)]
}

// mentions are the entity names and phrases one passage weaves in.
func (g *gen) mentions() []string {
	var out []string
	switch r := g.rng.IntN(100); {
	case r < 35:
	case r < 70:
		out = append(out, g.countries(1)[0].Name)
	case r < 90:
		for _, c := range g.countries(2) {
			out = append(out, c.Name)
		}
	default:
		for _, c := range g.countries(3) {
			out = append(out, c.Name)
		}
	}
	agreement := func() {
		a := g.agreements[g.pick(g.agrCDF)]
		if g.rng.IntN(2) == 0 {
			out = append(out, "the "+a.Name)
		} else {
			out = append(out, "the "+a.Aliases[g.rng.IntN(len(a.Aliases))])
		}
	}
	switch r := g.rng.IntN(100); {
	case r < 10:
		agreement()
		agreement()
	case r < 50:
		agreement()
	}
	if g.rng.IntN(100) < 15 {
		o := g.orgs[g.pick(g.orgCDF)]
		if o.Acronym != "" && g.rng.IntN(2) == 0 {
			out = append(out, o.Acronym)
		} else {
			out = append(out, "the "+o.Name)
		}
	}
	if g.rng.IntN(100) < 5 {
		out = append(out, BuiltinMentions[g.rng.IntN(len(BuiltinMentions))])
	}
	if g.rng.IntN(100) < 30 {
		out = append(out, Collocations[g.rng.IntN(len(Collocations))])
	}
	if g.rng.IntN(100) < 20 {
		out = append(out, fmt.Sprintf("in %d", 1945+g.rng.IntN(81)))
	}
	return out
}

// passage writes one paragraph of 50–150 words on one line.
func (g *gen) passage(b *strings.Builder) {
	words := 50 + g.rng.IntN(101)
	mentions := g.mentions()
	written := 0
	first := true
	for written < words || len(mentions) > 0 {
		n := 8 + g.rng.IntN(17)
		sentence := make([]string, 0, n+8)
		for range n {
			sentence = append(sentence, g.token())
		}
		if len(mentions) > 0 {
			k := 1 + g.rng.IntN(min(2, len(mentions)))
			for _, m := range mentions[:k] {
				at := 1 + g.rng.IntN(len(sentence)-1)
				sentence = append(sentence[:at], append([]string{m}, sentence[at:]...)...)
			}
			mentions = mentions[k:]
		}
		if !first {
			b.WriteByte(' ')
		}
		first = false
		for i, w := range sentence {
			if i == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			} else {
				b.WriteByte(' ')
			}
			b.WriteString(w)
			if i > 1 && i < len(sentence)-2 && g.rng.IntN(14) == 0 {
				b.WriteByte(',')
			}
		}
		b.WriteByte('.')
		written += len(sentence)
	}
	b.WriteString("\n\n")
}

func (g *gen) title(n int) string {
	parts := make([]string, n)
	for i := range parts {
		w := g.vocab[g.pick(g.vocabCDF)]
		if g.rng.IntN(2) == 0 {
			w = DomainWords[g.pick(g.domainCDF)]
		}
		parts[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(parts, " ")
}

// document writes one Markdown document of n passages: a title, sections
// of 5–20 passages under ## headings, some with ### subsections.
func (g *gen) document(doc, n int) []byte {
	var b strings.Builder
	b.Grow(n * 800)
	fmt.Fprintf(&b, "# %s Papers %d: %s\n\n", g.proper(), doc+1, g.title(3))
	for written := 0; written < n; {
		section := min(n-written, 5+g.rng.IntN(16))
		fmt.Fprintf(&b, "## %s\n\n", g.title(2+g.rng.IntN(4)))
		sub := -1
		if section >= 8 && g.rng.IntN(4) == 0 {
			sub = 3 + g.rng.IntN(section-5)
		}
		for i := range section {
			if i == sub {
				fmt.Fprintf(&b, "### %s\n\n", g.title(2+g.rng.IntN(3)))
			}
			g.passage(&b)
		}
		written += section
	}
	return []byte(b.String())
}
