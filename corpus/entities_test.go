package corpus

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// rec is one entity record of a fixture; a nil value removes a default field.
type rec map[string]any

// line renders a record as one line of JSON, defaults overridden by r.
func (r rec) line(t *testing.T, defaults rec) string {
	t.Helper()
	m := maps.Clone(defaults)
	for k, v := range r {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatalf("json.Marshal(%v): %v", m, err)
	}
	return string(data)
}

func agreementRec(id string) rec {
	return rec{
		"id": id, "name": "Agreement " + id, "kind": "BILATERAL", "summary": "A summary.",
		"parties": []rec{{"country": "USA", "role": "FOUNDING"}, {"country": "JPN", "role": "FOUNDING"}},
		"sources": []rec{{"url": "https://example.org/" + id}},
	}
}

func organizationRec(id string) rec {
	return rec{
		"id": id, "name": "Organization " + id, "summary": "A summary.",
		"sources": []rec{{"url": "https://example.org/" + id}},
	}
}

func trendRec(id string) rec {
	return rec{"id": id, "name": "Trend " + id, "description": "A description."}
}

func topicRec(id string) rec {
	return rec{"id": id, "name": "Topic " + id, "description": "A description.", "appliesTo": []string{"BILATERAL"}}
}

// entityFile lays records out one per line: the i-th record (from 0) is on
// line 3+i.
func entityFile(key string, lines ...string) string {
	return fmt.Sprintf("{\n  %q: [\n    %s\n  ]\n}\n", key, strings.Join(lines, ",\n    "))
}

// baseFS holds the entities every fixture can refer to: countries USA (line
// 3), JPN (4), GBR (5), SUN (6), RUS (7); organizations nato (3) and un (4);
// trend cyber (3); topic imbalance (3).
func baseFS(t *testing.T) fstest.MapFS {
	t.Helper()
	countries := []string{
		`{"code": "USA", "name": "United States", "aliases": ["US"]}`,
		`{"code": "JPN", "name": "Japan"}`,
		`{"code": "GBR", "name": "United Kingdom"}`,
		`{"code": "SUN", "name": "Soviet Union", "until": "1991-12-26"}`,
		`{"code": "RUS", "name": "Russia"}`,
	}
	return fstest.MapFS{
		"entities/countries.json": {Data: []byte(entityFile("countries", countries...))},
		"entities/organizations.json": {Data: []byte(entityFile("organizations",
			rec{}.line(t, organizationRec("nato")), rec{}.line(t, organizationRec("un"))))},
		"entities/trends.json": {Data: []byte(entityFile("trends", rec{}.line(t, trendRec("cyber"))))},
		"entities/topics.json": {Data: []byte(entityFile("topics", rec{}.line(t, topicRec("imbalance"))))},
	}
}

// withFiles adds files (path → content) to the base fixture.
func withFiles(t *testing.T, files map[string]string) fstest.MapFS {
	t.Helper()
	fsys := baseFS(t)
	for p, content := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(content)}
	}
	return fsys
}

// agreementsFile is entities/agreements.json with records built from
// agreementRec defaults; record i is on line 3+i.
func agreementsFile(t *testing.T, recs ...rec) string {
	t.Helper()
	var lines []string
	for _, r := range recs {
		lines = append(lines, r.line(t, agreementRec(r["id"].(string))))
	}
	return entityFile("agreements", lines...)
}

// loadEntities reads and validates the entities of fsys as the loader does:
// Validate runs only when every file could be read.
func loadEntities(fsys fs.FS) (*Entities, error) {
	e := &Entities{}
	if err := e.ReadEntities(fsys, "entities", "c"); err != nil {
		return e, err
	}
	return e, e.Validate()
}

// entityErrors flattens an errors.Join tree into its *EntityErrors; it
// fails the test on any other kind of error.
func entityErrors(t *testing.T, err error) []*EntityError {
	t.Helper()
	var out []*EntityError
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if ee, ok := err.(*EntityError); ok {
			out = append(out, ee)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		t.Errorf("error %q (%T) is not an *EntityError", err, err)
	}
	walk(err)
	return out
}

// wantErr is one problem a load must report.
type wantErr struct {
	file  string // as named in the error: "c/entities/agreements.json"
	line  int
	entry string // `agreement "x"`, "" for a problem with the whole file, or anyEntry
	msg   string // a fragment of the message
}

// anyEntry as wantErr.entry leaves the entry unchecked, for a case that is
// about something else.
const anyEntry = "*"

func (w wantErr) String() string {
	if w.entry == "" {
		return fmt.Sprintf("%s:%d: …%s…", w.file, w.line, w.msg)
	}
	return fmt.Sprintf("%s:%d: %s: …%s…", w.file, w.line, w.entry, w.msg)
}

// checkEntityErrors checks that err reports exactly the problems in want
// (in any order), each with its file, line, entry and message.
func checkEntityErrors(t *testing.T, what string, err error, want []wantErr) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("%s = %v; want nil", what, err)
		}
		return
	}
	if err == nil {
		t.Fatalf("%s = nil; want errors %v", what, want)
	}
	got := entityErrors(t, err)
	for _, w := range want {
		found := slices.ContainsFunc(got, func(e *EntityError) bool {
			return e.Origin.File == w.file && e.Origin.Line == w.line &&
				(w.entry == anyEntry || e.Entry == w.entry) && strings.Contains(e.Msg, w.msg)
		})
		if !found {
			t.Errorf("%s = %v; want an error %v", what, err, w)
		}
		prefix := fmt.Sprintf("%s:%d: ", w.file, w.line)
		if w.entry != "" && w.entry != anyEntry {
			prefix += w.entry + ": "
		}
		if !strings.Contains(err.Error(), prefix) {
			t.Errorf("%s = %q; want it to contain %q", what, err, prefix)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s reported %d problems: %v; want %d", what, len(got), err, len(want))
	}
}

func TestReadEntitiesValid(t *testing.T) {
	fsys := withFiles(t, map[string]string{
		"entities/agreements.json": agreementsFile(t,
			rec{"id": "us-japan", "signed": "1960-01-19", "inForce": "1960-06", "obligations": []string{"DEFENSE"},
				"themes": []string{"collective-defense"}, "organizations": []string{"un"}, "trends": []string{"cyber"},
				"parties": []rec{
					{"country": "USA", "role": "FOUNDING", "joined": "1960"},
					{"country": "JPN", "role": "FOUNDING", "obligations": []string{"CONSULTATION"}},
				}},
			// Two sides plus a successor is still bilateral.
			rec{"id": "abm", "parties": []rec{
				{"country": "USA", "role": "FOUNDING"},
				{"country": "SUN", "role": "FOUNDING", "left": "1991-12-26"},
				{"country": "RUS", "role": "SUCCESSOR", "joined": "1991-12-26"},
			}},
			// A party listed twice is fine when dates tell the spans apart.
			rec{"id": "twice", "kind": "MULTILATERAL", "parties": []rec{
				{"country": "GBR", "role": "FOUNDING", "joined": "1950", "left": "1960"},
				{"country": "GBR", "role": "ACCEDED", "joined": "1970"},
			}, "sources": []rec{{"url": "http://example.org/plain-http"}}},
		),
		"entities/notes.txt": "not JSON, and not read",
	})
	e, err := loadEntities(fsys)
	if err != nil {
		t.Fatalf("loadEntities = %v; want nil", err)
	}
	counts := map[string][2]int{
		"agreements":    {len(e.Agreements), 3},
		"organizations": {len(e.Organizations), 2},
		"countries":     {len(e.Countries), 5},
		"trends":        {len(e.Trends), 1},
		"topics":        {len(e.Topics), 1},
	}
	for kind, c := range counts {
		if c[0] != c[1] {
			t.Errorf("loaded %d %s; want %d", c[0], kind, c[1])
		}
	}
	// Files are read in lexical order, records in file order.
	var ids []string
	for _, a := range e.Agreements {
		ids = append(ids, a.ID)
	}
	if want := []string{"us-japan", "abm", "twice"}; !slices.Equal(ids, want) {
		t.Errorf("agreement ids = %v; want %v", ids, want)
	}
	a := e.Agreements[0]
	if a.Signed == nil || *a.Signed != (Date{1960, 1, 19}) || a.InForce == nil || *a.InForce != (Date{1960, 6, 0}) || a.Ended != nil {
		t.Errorf("us-japan dates = %v, %v, %v; want 1960-01-19, 1960-06, nil", a.Signed, a.InForce, a.Ended)
	}
	if len(a.Parties) != 2 || a.Parties[1].Country != "JPN" || !slices.Equal(a.Parties[1].Obligations, []Obligation{Consultation}) {
		t.Errorf("us-japan parties = %+v; want USA and JPN with CONSULTATION", a.Parties)
	}
	origins := []struct {
		v    any
		want Origin
	}{
		{e.Agreements[0], Origin{"c/entities/agreements.json", 3}},
		{e.Agreements[2], Origin{"c/entities/agreements.json", 5}},
		{e.Countries[1], Origin{"c/entities/countries.json", 4}},
		{e.Organizations[1], Origin{"c/entities/organizations.json", 4}},
		{e.Trends[0], Origin{"c/entities/trends.json", 3}},
		{e.Topics[0], Origin{"c/entities/topics.json", 3}},
	}
	for _, o := range origins {
		if got := e.OriginOf(o.v); got != o.want {
			t.Errorf("OriginOf(%+v) = %v; want %v", o.v, got, o.want)
		}
	}
	if got := (Origin{"c/entities/a.json", 7}).String(); got != "c/entities/a.json:7" {
		t.Errorf("Origin.String() = %q; want %q", got, "c/entities/a.json:7")
	}
}

func TestReadEntitiesMissingDir(t *testing.T) {
	e := &Entities{}
	if err := e.ReadEntities(fstest.MapFS{"doc.md": {Data: []byte("# Doc\n")}}, "entities", "c"); err != nil {
		t.Errorf("ReadEntities(no entities/) = %v; want nil", err)
	}
	if err := e.Validate(); err != nil {
		t.Errorf("Validate(no entities) = %v; want nil", err)
	}
}

// TestReadEntitiesDecodeErrors covers problems found while reading a file.
func TestReadEntitiesDecodeErrors(t *testing.T) {
	const file = "c/entities/agreements.json"
	tests := []struct {
		name    string
		content string
		want    []wantErr
	}{
		{
			name: "malformed JSON: missing comma",
			content: `{
  "agreements": [
    {
      "id": "x",
      "name": "X"
      "kind": "BILATERAL"
    }
  ]
}
`,
			// The syntax error is found on line 6, where "kind" follows
			// "X" without a comma.
			want: []wantErr{{file, 6, "", "invalid character"}},
		},
		{
			name: "malformed JSON: unclosed array",
			content: `{
  "agreements": [
    {"id": "x"},
  ]
}
`,
			want: []wantErr{{file, 4, "", "invalid character"}},
		},
		{
			name: "wrong field type",
			content: `{
  "agreements": [
    {"id": "x",
     "kind": 3}
  ]
}
`,
			want: []wantErr{{file, 3, `agreement "x"`, `"kind"`}},
		},
		{
			name: "unknown field",
			content: `{
  "agreements": [
    {"id": "ok", "name": "OK"},
    {"id": "x",
     "nmae": "X"}
  ]
}
`,
			want: []wantErr{{file, 4, `agreement "x"`, `unknown field "nmae"`}},
		},
		{
			name: "unknown field in a party",
			content: `{
  "agreements": [
    {"id": "x", "parties": [{"contry": "USA"}]}
  ]
}
`,
			want: []wantErr{{file, 3, `agreement "x"`, `unknown field "contry"`}},
		},
		{
			name: "invalid date",
			content: `{
  "agreements": [
    {"id": "x", "signed": "1999-02-30"}
  ]
}
`,
			want: []wantErr{{file, 3, `agreement "x"`, `1999-02-30`}},
		},
		{
			name: "unknown top-level key",
			content: `{
  "agreements": [],
  "agreemnts": []
}
`,
			want: []wantErr{{file, 3, "", `unknown key "agreemnts"`}},
		},
		{
			name:    "key is not an array",
			content: "{\n  \"agreements\": {}\n}\n",
			want:    []wantErr{{file, 2, "", `"agreements" must be an array`}},
		},
		{
			name:    "not an object",
			content: "[\n]\n",
			want:    []wantErr{{file, 1, "", "want a JSON object"}},
		},
		{
			name:    "truncated",
			content: "{\n  \"agreements\": [\n    {\"id\": \"x\"}\n  ]\n",
			want:    []wantErr{{file, 4, "", "unexpected end"}},
		},
		{
			name:    "data after the object",
			content: "{\"agreements\": []}\n{\"countries\": [{\"code\": \"CAN\", \"name\": \"Canada\"}]}\n",
			want:    []wantErr{{file, 2, "", ""}},
		},
		{
			name: "two bad records in one file",
			content: `{
  "agreements": [
    {"id": "x", "nmae": "X"},
    {"id": "ok"},
    {"id": "y", "kind": 3}
  ]
}
`,
			// Each element is decoded on its own, so a bad one does not
			// hide the next. (The entry is checked by the cases above.)
			want: []wantErr{
				{file, 3, anyEntry, `unknown field "nmae"`},
				{file, 5, anyEntry, `"kind"`},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := &Entities{}
			err := e.ReadEntities(fstest.MapFS{"entities/agreements.json": {Data: []byte(tc.content)}}, "entities", "c")
			checkEntityErrors(t, fmt.Sprintf("ReadEntities(%q)", tc.name), err, tc.want)
		})
	}
}

// TestReadEntitiesSeveralFiles checks that a problem in one file does not
// hide the problems of the others.
func TestReadEntitiesSeveralFiles(t *testing.T) {
	fsys := fstest.MapFS{
		"entities/a.json":     {Data: []byte("{\n  \"agreements\": [],\n  \"agreemnts\": []\n}\n")},
		"entities/b.json":     {Data: []byte("{\n  \"countries\": [\n    {\"code\": \"USA\", \"name\": \"United States\"}\n  ]\n}\n")},
		"entities/sub/c.json": {Data: []byte("\n[]\n")},
		"entities/d.json":     {Data: []byte("{\n\n  \"trends\": \"x\"\n}\n")},
	}
	e := &Entities{}
	err := e.ReadEntities(fsys, "entities", "c")
	checkEntityErrors(t, "ReadEntities", err, []wantErr{
		{"c/entities/a.json", 3, "", `unknown key "agreemnts"`},
		{"c/entities/d.json", 3, "", `"trends" must be an array`},
		{"c/entities/sub/c.json", 2, "", "want a JSON object"},
	})
	if len(e.Countries) != 1 {
		t.Errorf("ReadEntities read %d countries from the valid file; want 1", len(e.Countries))
	}
}

// TestValidate covers problems found when the entities are checked as a
// whole: each is reported at its record's line with its entry.
func TestValidate(t *testing.T) {
	const agreements = "c/entities/agreements.json"
	tests := []struct {
		name  string
		files map[string]string
		want  []wantErr
	}{
		{
			name: "duplicate agreement id across files",
			files: map[string]string{
				"entities/agreements.json": agreementsFile(t, rec{"id": "a"}, rec{"id": "x"}),
				"entities/more.json":       agreementsFile(t, rec{"id": "x"}),
			},
			want: []wantErr{{"c/entities/more.json", 3, `agreement "x"`, "duplicate id: also defined at c/entities/agreements.json:4"}},
		},
		{
			name: "duplicate id in one file",
			files: map[string]string{
				"entities/agreements.json": agreementsFile(t, rec{"id": "x"}, rec{"id": "y"}, rec{"id": "x"}),
			},
			want: []wantErr{{agreements, 5, `agreement "x"`, "duplicate id: also defined at c/entities/agreements.json:3"}},
		},
		{
			name: "duplicate country",
			files: map[string]string{
				"entities/extra.json": entityFile("countries", `{"code": "JPN", "name": "Nippon"}`),
			},
			want: []wantErr{{"c/entities/extra.json", 3, `country "JPN"`, "duplicate id: also defined at c/entities/countries.json:4"}},
		},
		{
			name:  "unknown organization",
			files: map[string]string{"entities/agreements.json": agreementsFile(t, rec{"id": "x", "organizations": []string{"nato", "natoo"}})},
			want:  []wantErr{{agreements, 3, `agreement "x"`, `unknown organization "natoo"`}},
		},
		{
			name: "unknown country",
			files: map[string]string{"entities/agreements.json": agreementsFile(t, rec{"id": "ok"}, rec{"id": "x", "parties": []rec{
				{"country": "USA", "role": "FOUNDING"}, {"country": "JAP", "role": "FOUNDING"},
			}})},
			want: []wantErr{{agreements, 4, `agreement "x"`, `unknown country "JAP"`}},
		},
		{
			name:  "unknown trend",
			files: map[string]string{"entities/agreements.json": agreementsFile(t, rec{"id": "x", "trends": []string{"cyberr"}})},
			want:  []wantErr{{agreements, 3, `agreement "x"`, `unknown trend "cyberr"`}},
		},
		{
			name: "unknown agreement of an organization",
			files: map[string]string{"entities/orgs2.json": entityFile("organizations",
				rec{"foundingAgreements": []string{"nope"}}.line(t, organizationRec("weu")))},
			want: []wantErr{{"c/entities/orgs2.json", 3, `organization "weu"`, `unknown agreement "nope"`}},
		},
		{
			name: "unknown agreement of a trend",
			files: map[string]string{
				"entities/agreements.json": agreementsFile(t, rec{"id": "x"}),
				"entities/trends2.json":    entityFile("trends", rec{"agreements": []string{"x", "y"}}.line(t, trendRec("ai"))),
			},
			want: []wantErr{{"c/entities/trends2.json", 3, `trend "ai"`, `unknown agreement "y"`}},
		},
		{
			name: "unknown parent organization",
			files: map[string]string{"entities/orgs2.json": entityFile("organizations",
				rec{"parent": "uno"}.line(t, organizationRec("unsc")))},
			want: []wantErr{{"c/entities/orgs2.json", 3, `organization "unsc"`, `unknown organization "uno"`}},
		},
		{
			name:  "unknown theme",
			files: map[string]string{"entities/agreements.json": agreementsFile(t, rec{"id": "x", "themes": []string{"arms-control", "cyber-security"}})},
			want:  []wantErr{{agreements, 3, `agreement "x"`, `unknown theme "cyber-security"`}},
		},
		{
			name:  "unknown obligation",
			files: map[string]string{"entities/agreements.json": agreementsFile(t, rec{"id": "x", "obligations": []string{"DEFENCE"}})},
			want:  []wantErr{{agreements, 3, `agreement "x"`, `unknown obligation "DEFENCE"`}},
		},
		{
			name: "unknown obligation of a party",
			files: map[string]string{"entities/agreements.json": agreementsFile(t, rec{"id": "x", "parties": []rec{
				{"country": "USA", "role": "FOUNDING"}, {"country": "JPN", "role": "FOUNDING", "obligations": []string{"defense"}},
			}})},
			want: []wantErr{{agreements, 3, `agreement "x"`, `party JPN: unknown obligation "defense"`}},
		},
		{
			name: "unknown party role",
			files: map[string]string{"entities/agreements.json": agreementsFile(t, rec{"id": "x", "parties": []rec{
				{"country": "USA", "role": "FOUNDER"}, {"country": "JPN", "role": "FOUNDING"},
			}})},
			want: []wantErr{{agreements, 3, `agreement "x"`, `party USA: role must be`}},
		},
		{
			name: "unknown member role",
			files: map[string]string{"entities/orgs2.json": entityFile("organizations",
				rec{"members": []rec{{"country": "GBR", "role": "VETO"}}}.line(t, organizationRec("unsc")))},
			want: []wantErr{{"c/entities/orgs2.json", 3, `organization "unsc"`, `member GBR: role must be`}},
		},
		{
			name: "unknown member country",
			files: map[string]string{"entities/orgs2.json": entityFile("organizations",
				rec{"members": []rec{{"country": "XXX", "role": "MEMBER"}}}.line(t, organizationRec("unsc")))},
			want: []wantErr{{"c/entities/orgs2.json", 3, `organization "unsc"`, `unknown country "XXX"`}},
		},
		{
			name:  "bad kind",
			files: map[string]string{"entities/agreements.json": agreementsFile(t, rec{"id": "x", "kind": "TRILATERAL"})},
			want:  []wantErr{{agreements, 3, `agreement "x"`, `kind must be BILATERAL or MULTILATERAL, not "TRILATERAL"`}},
		},
		{
			name:  "missing kind",
			files: map[string]string{"entities/agreements.json": agreementsFile(t, rec{"id": "x", "kind": nil})},
			want:  []wantErr{{agreements, 3, `agreement "x"`, `kind must be BILATERAL or MULTILATERAL`}},
		},
		{
			name: "bilateral with three parties",
			files: map[string]string{"entities/agreements.json": agreementsFile(t, rec{"id": "x", "parties": []rec{
				{"country": "USA", "role": "FOUNDING"}, {"country": "JPN", "role": "FOUNDING"}, {"country": "GBR", "role": "FOUNDING"},
			}})},
			want: []wantErr{{agreements, 3, `agreement "x"`, "a BILATERAL agreement has two parties, not 3"}},
		},
		{
			name:  "bilateral with a party count of three",
			files: map[string]string{"entities/agreements.json": agreementsFile(t, rec{"id": "x", "partyCount": 3})},
			want:  []wantErr{{agreements, 3, `agreement "x"`, "a BILATERAL agreement has two parties, not 3"}},
		},
		{
			name: "bilateral with two parties and a successor",
			files: map[string]string{"entities/agreements.json": agreementsFile(t, rec{"id": "x", "parties": []rec{
				{"country": "USA", "role": "FOUNDING"}, {"country": "SUN", "role": "FOUNDING"}, {"country": "RUS", "role": "SUCCESSOR"},
			}})},
		},
		{
			name:  "party count below the parties listed",
			files: map[string]string{"entities/agreements.json": agreementsFile(t, rec{"id": "x", "kind": "MULTILATERAL", "partyCount": 1})},
			want:  []wantErr{{agreements, 3, `agreement "x"`, "partyCount 1 is less than the 2 parties listed"}},
		},
		{
			name: "joined after left",
			files: map[string]string{"entities/agreements.json": agreementsFile(t, rec{"id": "x", "parties": []rec{
				{"country": "USA", "role": "FOUNDING"}, {"country": "JPN", "role": "FOUNDING", "joined": "1960-06-23", "left": "1960-06"},
			}})},
			want: []wantErr{{agreements, 3, `agreement "x"`, "party JPN joined 1960-06-23 is after left 1960-06"}},
		},
		{
			name: "party listed twice without dates",
			files: map[string]string{"entities/agreements.json": agreementsFile(t, rec{"id": "x", "kind": "MULTILATERAL", "parties": []rec{
				{"country": "USA", "role": "FOUNDING"}, {"country": "JPN", "role": "FOUNDING"}, {"country": "USA", "role": "ACCEDED"},
			}})},
			want: []wantErr{{agreements, 3, `agreement "x"`, "party USA is listed twice"}},
		},
		{
			name:  "signed after ended",
			files: map[string]string{"entities/agreements.json": agreementsFile(t, rec{"id": "x", "signed": "1999", "ended": "1998-12-31"})},
			want:  []wantErr{{agreements, 3, `agreement "x"`, "signed 1999 is after ended 1998-12-31"}},
		},
		{
			name: "dissolved before founded",
			files: map[string]string{"entities/orgs2.json": entityFile("organizations",
				rec{"founded": "1955", "dissolved": "1954"}.line(t, organizationRec("wto")))},
			want: []wantErr{{"c/entities/orgs2.json", 3, `organization "wto"`, "founded 1955 is after dissolved 1954"}},
		},
		{
			name:  "missing sources",
			files: map[string]string{"entities/agreements.json": agreementsFile(t, rec{"id": "x", "sources": nil})},
			want:  []wantErr{{agreements, 3, `agreement "x"`, "at least one source is required"}},
		},
		{
			name:  "empty sources",
			files: map[string]string{"entities/agreements.json": agreementsFile(t, rec{"id": "ok"}, rec{"id": "x", "sources": []rec{}})},
			want:  []wantErr{{agreements, 4, `agreement "x"`, "at least one source is required"}},
		},
		{
			name: "organization without sources",
			files: map[string]string{"entities/orgs2.json": entityFile("organizations",
				rec{"sources": nil}.line(t, organizationRec("weu")))},
			want: []wantErr{{"c/entities/orgs2.json", 3, `organization "weu"`, "at least one source is required"}},
		},
		{
			name: "source URL that is not http",
			files: map[string]string{"entities/agreements.json": agreementsFile(t, rec{"id": "x", "sources": []rec{
				{"url": "https://example.org/ok"}, {"url": "ftp://example.org/x"}, {"url": "www.example.org"},
			}})},
			want: []wantErr{
				{agreements, 3, `agreement "x"`, `source url "ftp://example.org/x" must start with https:// or http://`},
				{agreements, 3, `agreement "x"`, `source url "www.example.org" must start with https:// or http://`},
			},
		},
		{
			name:  "id that is not a slug",
			files: map[string]string{"entities/agreements.json": agreementsFile(t, rec{"id": "North_Atlantic"})},
			want:  []wantErr{{agreements, 3, `agreement "North_Atlantic"`, "id must be a lower-case slug"}},
		},
		{
			name:  "country code that is not alpha-3",
			files: map[string]string{"entities/extra.json": entityFile("countries", `{"code": "usa", "name": "United States"}`)},
			want:  []wantErr{{"c/entities/extra.json", 3, `country "usa"`, "code must be three capital letters"}},
		},
		{
			name:  "missing name and summary",
			files: map[string]string{"entities/agreements.json": agreementsFile(t, rec{"id": "x", "name": " ", "summary": nil})},
			want: []wantErr{
				{agreements, 3, `agreement "x"`, "name is required"},
				{agreements, 3, `agreement "x"`, "summary is required"},
			},
		},
		{
			name:  "topic that applies to an unknown kind",
			files: map[string]string{"entities/topics2.json": entityFile("topics", rec{"appliesTo": []string{"UNILATERAL"}}.line(t, topicRec("x")))},
			want:  []wantErr{{"c/entities/topics2.json", 3, `topic "x"`, `appliesTo: "UNILATERAL"`}},
		},
		{
			name: "problems in several entries are all reported",
			files: map[string]string{
				"entities/agreements.json": agreementsFile(t,
					rec{"id": "a", "kind": "BOTH"},
					rec{"id": "ok"},
					rec{"id": "b", "organizations": []string{"nope"}},
					rec{"id": "c", "sources": nil, "themes": []string{"war"}},
				),
				"entities/orgs2.json": entityFile("organizations", rec{"foundingAgreements": []string{"zzz"}}.line(t, organizationRec("weu"))),
			},
			want: []wantErr{
				{agreements, 3, `agreement "a"`, "kind must be"},
				{agreements, 5, `agreement "b"`, `unknown organization "nope"`},
				{agreements, 6, `agreement "c"`, "at least one source is required"},
				{agreements, 6, `agreement "c"`, `unknown theme "war"`},
				{"c/entities/orgs2.json", 3, `organization "weu"`, `unknown agreement "zzz"`},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loadEntities(withFiles(t, tc.files))
			checkEntityErrors(t, fmt.Sprintf("Validate(%s)", tc.name), err, tc.want)
		})
	}
}

func TestValidateCapsErrors(t *testing.T) {
	var recs []rec
	for i := range maxEntityErrors + 10 {
		recs = append(recs, rec{"id": fmt.Sprintf("a%d", i), "themes": []string{"nope"}})
	}
	_, err := loadEntities(withFiles(t, map[string]string{"entities/agreements.json": agreementsFile(t, recs...)}))
	if got := len(entityErrors(t, err)); got != maxEntityErrors {
		t.Errorf("Validate(%d bad agreements) reported %d problems; want %d", len(recs), got, maxEntityErrors)
	}
}

func TestEntityErrorString(t *testing.T) {
	tests := []struct {
		err  *EntityError
		want string
	}{
		{&EntityError{Origin{"c/entities/a.json", 4}, `agreement "x"`, "bad"}, `c/entities/a.json:4: agreement "x": bad`},
		{&EntityError{Origin{"c/entities/a.json", 4}, "", "bad"}, `c/entities/a.json:4: bad`},
		{&EntityError{Origin{"c/entities/a.json", 0}, "", "bad"}, `c/entities/a.json: bad`},
	}
	for _, tc := range tests {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q; want %q", got, tc.want)
		}
	}
	var ee *EntityError
	if !errors.As(errors.Join(errors.New("other"), tests[0].err), &ee) || ee != tests[0].err {
		t.Errorf("errors.As(joined, *EntityError) did not find the EntityError")
	}
}
