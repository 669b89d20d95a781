package loader

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"pactgraph/corpus"
)

var builtin struct {
	once   sync.Once
	loaded *Loaded
	err    error
}

// loadBuiltin loads the embedded corpus once for all tests.
func loadBuiltin(t *testing.T) *Loaded {
	t.Helper()
	builtin.once.Do(func() {
		builtin.loaded, builtin.err = Load(context.Background(), []Corpus{Builtin()})
	})
	if builtin.err != nil {
		t.Fatalf("Load(builtin) = %v; want nil", builtin.err)
	}
	return builtin.loaded
}

// passagesOf lists the passages of the loaded corpus in order, rebuilt from
// the index records.
func passagesOf(l *Loaded) []*corpus.Passage {
	var out []*corpus.Passage
	for _, d := range l.Docs {
		if d.Type != "PASSAGE" {
			continue
		}
		out = append(out, &corpus.Passage{
			ID: d.ID, Document: d.Document, Heading: d.Heading, HeadingPath: d.HeadingPath, Position: d.Position,
			Text: d.Body, Agreements: d.Agreements, Organizations: d.Organizations, Countries: d.Countries,
			Trends: d.Trends, Topics: d.Topics,
		})
	}
	return out
}

// passageWith finds the one passage containing s.
func passageWith(t *testing.T, passages []*corpus.Passage, s string) *corpus.Passage {
	t.Helper()
	var found []*corpus.Passage
	for _, p := range passages {
		if strings.Contains(p.Text, s) {
			found = append(found, p)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d passages contain %q; want 1", len(found), s)
	}
	return found[0]
}

const essayTitle = "Bilateral and Multilateral Security Agreements"

func TestBuiltinEssayDocument(t *testing.T) {
	l := loadBuiltin(t)
	docs := l.Catalog.Documents
	if len(docs) != 1 {
		t.Fatalf("Load(builtin) = %d documents; want 1", len(docs))
	}
	want := corpus.Document{
		ID: "document:security-agreements", Title: essayTitle, Path: "security-agreements.txt", Format: "text",
		Passages: l.Passages, Headings: essayHeadings,
	}
	if !reflect.DeepEqual(*docs[0], want) {
		t.Errorf("Load(builtin) document = %+v; want %+v", *docs[0], want)
	}
	if got := len(passagesOf(l)); got != l.Passages || got == 0 {
		t.Errorf("Load(builtin) has %d passage records; Passages = %d", got, l.Passages)
	}
	if got, want := len(l.Docs), l.Passages+len(l.Catalog.Agreements)+len(l.Catalog.Organizations)+
		len(l.Catalog.Countries)+len(l.Catalog.Trends)+len(l.Catalog.Topics); got != want {
		t.Errorf("Load(builtin) = %d records; want %d (passages and entities)", got, want)
	}
	if !strings.HasPrefix(l.Catalog.Version, "sha256:") || len(l.Catalog.Version) != len("sha256:")+16 {
		t.Errorf("Load(builtin) version = %q; want sha256: and 16 hex digits", l.Catalog.Version)
	}
}

func TestBuiltinEssayHeadings(t *testing.T) {
	passages := passagesOf(loadBuiltin(t))
	want := essayHeadings
	var got []string
	for _, p := range passages {
		if p.Heading == essayTitle {
			if len(got) > 0 {
				t.Errorf("passage %d is under the title after section %q", p.Position, got[len(got)-1])
			}
			if !slices.Equal(p.HeadingPath, []string{essayTitle}) {
				t.Errorf("passage %d heading path = %q; want [%q]", p.Position, p.HeadingPath, essayTitle)
			}
			continue
		}
		if !slices.Equal(p.HeadingPath, []string{essayTitle, p.Heading}) {
			t.Errorf("passage %d heading path = %q; want [%q %q]", p.Position, p.HeadingPath, essayTitle, p.Heading)
		}
		if len(got) == 0 || got[len(got)-1] != p.Heading {
			got = append(got, p.Heading)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("essay section headings =\n%q\nwant (16)\n%q", got, want)
	}
	for _, p := range passages {
		if slices.Contains(want, p.Text) || p.Text == essayTitle {
			t.Errorf("heading %q is also a passage", p.Text)
		}
	}
}

func TestBuiltinEssayPassages(t *testing.T) {
	l := loadBuiltin(t)
	passages := passagesOf(l)
	t.Run("positions and ids", func(t *testing.T) {
		for i, p := range passages {
			if p.Position != i+1 {
				t.Errorf("passage %d has position %d; want %d", i, p.Position, i+1)
			}
			if want := fmt.Sprintf("passage:security-agreements:%d", i+1); p.ID != want {
				t.Errorf("passage %d has id %q; want %q", i, p.ID, want)
			}
			if p.Document != "document:security-agreements" {
				t.Errorf("passage %d has document %q; want document:security-agreements", i, p.Document)
			}
			if strings.TrimSpace(p.Text) == "" {
				t.Errorf("passage %d is empty", i)
			}
		}
	})
	t.Run("no chrome", func(t *testing.T) {
		for _, p := range passages {
			if strings.Contains(strings.ToLower(p.Text), "scroll to top") {
				t.Errorf("passage %d contains %q: %q", p.Position, "Scroll to top", p.Text)
			}
		}
	})
	t.Run("list items inside a passage", func(t *testing.T) {
		const section = "Comparison between Bilateral and Multilateral Security Agreements"
		for _, item := range []string{"1. Decision-Making Processes:", "2. Scope of Security Measures:"} {
			p := passageWith(t, passages, item)
			if p.Heading != section {
				t.Errorf("%q is in a passage under %q; want %q", item, p.Heading, section)
			}
			if p.Text == item {
				t.Errorf("%q is a passage of its own; want it with its list", item)
			}
		}
		p := passageWith(t, passages, "1. Decision-Making Processes:")
		for _, s := range []string{"2. Scope of Security Measures:", "tailored solutions based on mutual interests", "collective responses and coordination"} {
			if !strings.Contains(p.Text, s) {
				t.Errorf("the list passage %q lacks %q", p.Text, s)
			}
		}
	})
	t.Run("introduced list joined to its introduction", func(t *testing.T) {
		p := passageWith(t, passages, "This evaluation process typically involves:")
		if !strings.Contains(p.Text, "Soliciting feedback from participating countries") {
			t.Errorf("passage %q lacks the list it introduces", p.Text)
		}
	})
	t.Run("concluding paragraphs under the last heading", func(t *testing.T) {
		const section = "Future Trends and Innovations in Security Agreements"
		for _, s := range []string{
			"Bilateral agreements, as opposed to multilateral ones",
			"On the other hand, multilateral security agreements involve multiple parties",
			"In conclusion, bilateral and multilateral security agreements play pivotal roles",
			"Looking ahead, the evolving landscape of security threats",
		} {
			if p := passageWith(t, passages, s); p.Heading != section {
				t.Errorf("passage %q is under %q; want %q", s, p.Heading, section)
			}
		}
		if last := passages[len(passages)-1]; !strings.HasPrefix(last.Text, "Looking ahead, the evolving landscape") {
			t.Errorf("last passage = %q; want the closing paragraph", last.Text)
		}
	})
}

func TestBuiltinEssayLinks(t *testing.T) {
	passages := passagesOf(loadBuiltin(t))
	tests := []struct {
		contains      string
		agreements    []string
		organizations []string
		countries     []string
	}{
		{"UK-UAE", []string{"agreement:uk-uae-defence-cooperation-accord"}, nil, []string{"ARE", "GBR"}},
		{"the United States and Japan", []string{"agreement:us-japan-security-treaty-1960"}, nil, []string{"JPN", "USA"}},
		{"Joint Comprehensive Plan of Action (JCPOA)", []string{"agreement:jcpoa"}, []string{"organization:p5-plus-1"}, []string{"IRN"}},
		{"such as the United Nations (UN) and NATO", nil, []string{"organization:nato", "organization:un"}, nil},
		{"Another impactful multilateral agreement is the United Nations Security Council", nil, []string{"organization:unsc"}, nil},
		{"Australia-New Zealand Security Treaty", []string{"agreement:anzus"}, nil, []string{"AUS", "NZL"}},
	}
	for _, tc := range tests {
		t.Run(tc.contains, func(t *testing.T) {
			p := passageWith(t, passages, tc.contains)
			for _, c := range []struct {
				name      string
				got, want []string
			}{
				{"agreements", p.Agreements, tc.agreements},
				{"organizations", p.Organizations, tc.organizations},
				{"countries", p.Countries, tc.countries},
			} {
				if !slices.Equal(c.got, c.want) {
					t.Errorf("passage %d (%q…) %s = %v; want %v", p.Position, tc.contains, c.name, c.got, c.want)
				}
			}
		})
	}
	// No passage links the pronoun "us" to the United States.
	for _, p := range passages {
		if slices.Contains(p.Countries, "USA") && !strings.Contains(p.Text, "United States") {
			t.Errorf("passage %d links USA without naming it: %q", p.Position, p.Text)
		}
	}
}

// essayHeadings are the essay's 16 section headings, in order.
var essayHeadings = []string{
	"Overview of Bilateral and Multilateral Security Agreements",
	"Key Features and Benefits of Bilateral Agreements",
	"Flexibility in Terms",
	"Direct Communication Channels",
	"Challenges in Implementing Bilateral Agreements",
	"Limited Scope of Cooperation",
	"Potential for Imbalance",
	"Significance of Multilateral Security Agreements",
	"Role of International Organizations in Multilateral Agreements",
	"Comparison between Bilateral and Multilateral Security Agreements",
	"Decision-Making Processes",
	"Scope of Security Measures",
	"Case Studies: Successful Bilateral Agreements",
	"Case Studies: Impactful Multilateral Agreements",
	"Evaluating the Effectiveness of Security Agreements",
	"Future Trends and Innovations in Security Agreements",
}
