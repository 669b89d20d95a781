package corpus

import (
	"fmt"
	"slices"
	"testing"
)

// suggestFixture is a small catalog for Suggest; reversed builds it from
// the same records in the opposite order.
func suggestFixture(reversed bool) *Catalog {
	e := &Entities{
		Agreements: []*Agreement{
			{ID: "nat", Name: "North Atlantic Treaty", Aliases: []string{"Washington Treaty"}},
			{ID: "mlf", Name: "Multilateral Force Agreement"},
			{ID: "anz", Name: "ANZUS Treaty", Aliases: []string{"Security Treaty between Australia, New Zealand and the United States"}},
			{ID: "sec", Name: "Secular Accord"},
		},
		Organizations: []*Organization{
			{ID: "nato", Name: "North Atlantic Treaty Organization", Acronym: "NATO"},
			{ID: "nsc", Name: "National Security Council"},
		},
		Countries: []*Country{
			{Code: "NAM", Name: "Namibia"},
			{Code: "USA", Name: "United States", Aliases: []string{"United States of America", "USA"}},
		},
		Trends: []*Trend{{ID: "nuc", Name: "Nuclear sharing"}},
		Topics: []*Topic{
			{ID: "col", Name: "Collective security"},
			{ID: "pk", Name: "Peacekeeping by nations"},
		},
	}
	docs := []*Document{
		{ID: "document:a", Headings: []string{"Natural resources", "Security guarantees"}},
		{ID: "document:b", Headings: []string{"Security guarantees"}},
	}
	if reversed {
		slices.Reverse(e.Agreements)
		slices.Reverse(e.Organizations)
		slices.Reverse(e.Countries)
		slices.Reverse(e.Topics)
		slices.Reverse(docs)
		for _, d := range docs {
			slices.Reverse(d.Headings)
		}
		for _, a := range e.Agreements {
			slices.Reverse(a.Aliases)
		}
		for _, c := range e.Countries {
			slices.Reverse(c.Aliases)
		}
	}
	return NewCatalog("v1", e, docs)
}

// suggested is a suggestion list as "KIND target text" lines.
func suggested(list []Suggestion) []string {
	out := []string{}
	for _, s := range list {
		out = append(out, fmt.Sprintf("%s %s %s", s.Kind, s.Target, s.Text))
	}
	return out
}

const anzusAlias = "Security Treaty between Australia, New Zealand and the United States"

func TestSuggest(t *testing.T) {
	c := suggestFixture(false)
	tests := []struct {
		name   string
		prefix string
		want   []string // in order
	}{
		// Whole-name prefix, then word prefix, then within a typo; within
		// each, agreements and organizations, countries, trends and
		// topics, headings; then shorter text first.
		{"all three kinds of match", "secur", []string{
			"AGREEMENT agreement:anz " + anzusAlias,
			"HEADING document:a Security guarantees",
			"HEADING document:b Security guarantees",
			"ORGANIZATION organization:nsc National Security Council",
			"TOPIC topic:col Collective security",
			"AGREEMENT agreement:sec Secular Accord",
		}},
		// Three letters: no typos, so "Namibia" (one edit from "nat")
		// is not suggested.
		{"short prefix has no typo matches", "nat", []string{
			"ORGANIZATION organization:nato NATO",
			"ORGANIZATION organization:nsc National Security Council",
			"HEADING document:a Natural resources",
			"TOPIC topic:pk Peacekeeping by nations",
		}},
		{"four letters with a typo", "ntao", []string{}},
		{"four letters with a swap", "mutl", []string{}},
		// From the fifth letter, one typo.
		{"fifth letter allows a typo", "natio", []string{
			"ORGANIZATION organization:nsc National Security Council",
			"TOPIC topic:pk Peacekeeping by nations",
			"ORGANIZATION organization:nato NATO",
		}},
		{"swap in five letters", "mutli", []string{"AGREEMENT agreement:mlf Multilateral Force Agreement"}},
		{"swap in a long word", "mutlilateral", []string{"AGREEMENT agreement:mlf Multilateral Force Agreement"}},
		{"swap in a country", "namibai", []string{"COUNTRY country:NAM Namibia"}},
		// Two typos only from the ninth letter.
		{"two typos in eight letters", "mutlialt", []string{}},
		{"two typos in nine letters", "mutlialte", []string{"AGREEMENT agreement:mlf Multilateral Force Agreement"}},
		// One suggestion per entity, its best name.
		{"best of a country's names", "united", []string{
			"COUNTRY country:USA United States",
			"AGREEMENT agreement:anz " + anzusAlias,
		}},
		{"shortest of equal names", "treaty", []string{
			"AGREEMENT agreement:anz ANZUS Treaty",
			"AGREEMENT agreement:nat Washington Treaty",
			"ORGANIZATION organization:nato North Atlantic Treaty Organization",
		}},
		{"alias when only the alias matches", "washington", []string{"AGREEMENT agreement:nat Washington Treaty"}},
		{"whole-name alias above word-prefix name", "security treaty", []string{"AGREEMENT agreement:anz " + anzusAlias}},
		{"acronym", "USA", []string{"COUNTRY country:USA USA"}},
		{"over several words", "north atlantic", []string{
			"AGREEMENT agreement:nat North Atlantic Treaty",
			"ORGANIZATION organization:nato North Atlantic Treaty Organization",
		}},
		{"case and punctuation folded", "NORTH-ATL", []string{
			"AGREEMENT agreement:nat North Atlantic Treaty",
			"ORGANIZATION organization:nato North Atlantic Treaty Organization",
		}},
		// Headings name their document.
		{"heading", "natural", []string{"HEADING document:a Natural resources"}},
		{"nothing close", "zeppelin", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := suggested(c.Suggest(tt.prefix, 100))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Suggest(%q, 100) = %q; want %q", tt.prefix, got, tt.want)
			}
		})
	}
	// A prefix of ten letters allows two typos, and the space and "g" of
	// "security g" are two edits from the word "security": the names
	// with that word follow, as typo matches, after the headings.
	t.Run("same heading in two documents", func(t *testing.T) {
		want := []string{"HEADING document:a Security guarantees", "HEADING document:b Security guarantees"}
		if got := suggested(c.Suggest("security g", 2)); !slices.Equal(got, want) {
			t.Errorf("Suggest(%q, 2) = %q; want %q", "security g", got, want)
		}
	})
}

func TestSuggestOnePerEntity(t *testing.T) {
	c := suggestFixture(false)
	for _, prefix := range []string{"united", "treaty", "north", "nato", "secur", "security"} {
		t.Run(prefix, func(t *testing.T) {
			seen := map[string]bool{}
			for _, s := range c.Suggest(prefix, 100) {
				key := s.Target
				if s.Kind == SuggestHeading {
					key += "|" + s.Text
				}
				if seen[key] {
					t.Errorf("Suggest(%q, 100) names %s twice: %q", prefix, key, suggested(c.Suggest(prefix, 100)))
				}
				seen[key] = true
			}
		})
	}
}

func TestSuggestLimit(t *testing.T) {
	c := suggestFixture(false)
	all := suggested(c.Suggest("secur", 100))
	if len(all) != 6 {
		t.Fatalf("Suggest(%q, 100) = %q; want 6 suggestions", "secur", all)
	}
	tests := []struct {
		n    int
		want []string
	}{
		{1, all[:1]},
		{2, all[:2]},
		{6, all},
		{7, all},
		{0, []string{}},
		{-1, []string{}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			if got := suggested(c.Suggest("secur", tt.n)); !slices.Equal(got, tt.want) {
				t.Errorf("Suggest(%q, %d) = %q; want %q", "secur", tt.n, got, tt.want)
			}
		})
	}
}

func TestSuggestEmptyPrefix(t *testing.T) {
	c := suggestFixture(false)
	for _, prefix := range []string{"", " ", "\t\n", "!!!", "’", "-–—", "'", "…", "()"} {
		t.Run(prefix, func(t *testing.T) {
			if got := c.Suggest(prefix, 10); len(got) != 0 {
				t.Errorf("Suggest(%q, 10) = %q; want none", prefix, suggested(got))
			}
		})
	}
}

func TestSuggestDeterministic(t *testing.T) {
	a, b := suggestFixture(false), suggestFixture(true)
	for _, prefix := range []string{"secur", "nat", "natio", "treaty", "united", "security g", "north", "t"} {
		t.Run(prefix, func(t *testing.T) {
			want := suggested(a.Suggest(prefix, 100))
			for i := range 20 {
				if got := suggested(a.Suggest(prefix, 100)); !slices.Equal(got, want) {
					t.Fatalf("Suggest(%q, 100) call %d = %q; want %q as the first call", prefix, i+2, got, want)
				}
			}
			if got := suggested(b.Suggest(prefix, 100)); !slices.Equal(got, want) {
				t.Errorf("Suggest(%q, 100) on a catalog built in reverse order = %q; want %q", prefix, got, want)
			}
		})
	}
}

func TestSuggestEmptyCatalog(t *testing.T) {
	c := NewCatalog("v0", &Entities{}, nil)
	if got := c.Suggest("nato", 10); len(got) != 0 {
		t.Errorf("Suggest(%q, 10) on an empty catalog = %q; want none", "nato", suggested(got))
	}
}

func TestFoldText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"North Atlantic Treaty", "north atlantic treaty"},
		{"NORTH-ATL", "north atl"},
		{"  NATO’s  ", "natos"},
		{"Côte d'Ivoire", "côte divoire"},
		{"U.S.–Japan", "u s japan"},
		{"!!!", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := foldText(tt.in); got != tt.want {
				t.Errorf("foldText(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
}
