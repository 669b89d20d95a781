package search

import (
	"context"
	"reflect"
	"slices"
	"testing"
)

var filterCorpus = []Doc{
	{ID: "p1", Type: "PASSAGE", Body: "pact one", Document: "d1", Position: 1,
		Kinds: []string{"BILATERAL"}, Themes: []string{"defense"}, Parties: []string{"us", "jp"},
		Agreements: []string{"ag1"}, Countries: []string{"jp"}, Trends: []string{"t1"}, Topics: []string{"alliances"},
		Decades: []int{1950}},
	{ID: "p2", Type: "PASSAGE", Body: "pact two", Document: "d2", Position: 1,
		Kinds: []string{"MULTILATERAL"}, Themes: []string{"defense", "trade"}, Parties: []string{"us", "fr", "de"},
		Organizations: []string{"nato"}, Agreements: []string{"ag2"}, Countries: []string{"fr", "de"},
		Decades: []int{1940, 1950}},
	{ID: "p3", Type: "PASSAGE", Body: "pact three", Document: "d1", Position: 2,
		Kinds: []string{"BILATERAL"}, Themes: []string{"trade"}, Parties: []string{"us", "kr"},
		Agreements: []string{"ag3"}, Trends: []string{"t1", "t2"}, Topics: []string{"commerce"},
		Decades: []int{1950}},
	{ID: "p4", Type: "PASSAGE", Body: "pact four", Document: "d3", Position: 1,
		Kinds: []string{"MULTILATERAL"}, Themes: []string{"nuclear"}, Parties: []string{"ru", "us"},
		Organizations: []string{"un"}, Agreements: []string{"ag4"}, Decades: []int{1960}},
	{ID: "ag1", Type: "AGREEMENT", Name: "Pact of one", Kinds: []string{"BILATERAL"}, Parties: []string{"us", "jp"}},
	{ID: "nato", Type: "ORGANIZATION", Name: "North Atlantic Treaty Organization", Aliases: []string{"NATO"}},
	{ID: "jp", Type: "COUNTRY", Name: "Japan"},
}

func TestFilters(t *testing.T) {
	ix := newIndex(t, filterCorpus)
	tests := []struct {
		name   string
		types  []string
		filter Filter
		want   []string // as a set
	}{
		{"no filter", nil, Filter{}, []string{"p1", "p2", "p3", "p4", "ag1", "nato", "jp"}},
		{"types one", []string{"PASSAGE"}, Filter{}, []string{"p1", "p2", "p3", "p4"}},
		{"types any of", []string{"ORGANIZATION", "COUNTRY"}, Filter{}, []string{"nato", "jp"}},
		{"unknown type", []string{"TREATY"}, Filter{}, []string{}},
		{"type is exact", []string{"passage"}, Filter{}, []string{}},
		{"kind", nil, Filter{Kinds: []string{"BILATERAL"}}, []string{"p1", "p3", "ag1"}},
		{"kind and type", []string{"PASSAGE"}, Filter{Kinds: []string{"BILATERAL"}}, []string{"p1", "p3"}},
		{"kinds any of", []string{"PASSAGE"}, Filter{Kinds: []string{"BILATERAL", "MULTILATERAL"}}, []string{"p1", "p2", "p3", "p4"}},
		{"kind is exact, not analyzed", nil, Filter{Kinds: []string{"bilateral"}}, []string{}},
		{"kind AND theme", nil, Filter{Kinds: []string{"BILATERAL"}, Themes: []string{"trade"}}, []string{"p3"}},
		{"themes any of", nil, Filter{Themes: []string{"nuclear", "trade"}}, []string{"p2", "p3", "p4"}},
		{"parties any of", nil, Filter{Parties: []string{"fr", "kr"}}, []string{"p2", "p3"}},
		{"parties AND kinds", nil, Filter{Parties: []string{"jp", "ru"}, Kinds: []string{"MULTILATERAL"}}, []string{"p4"}},
		{"organizations", nil, Filter{Organizations: []string{"nato"}}, []string{"p2"}},
		{"agreements any of", nil, Filter{Agreements: []string{"ag1", "ag4"}}, []string{"p1", "p4"}},
		{"countries", nil, Filter{Countries: []string{"de"}}, []string{"p2"}},
		{"trends", nil, Filter{Trends: []string{"t1"}}, []string{"p1", "p3"}},
		{"topics", nil, Filter{Topics: []string{"commerce"}}, []string{"p3"}},
		{"decade", nil, Filter{Decades: []int{1940}}, []string{"p2"}},
		{"decades any of", nil, Filter{Decades: []int{1940, 1960}}, []string{"p2", "p4"}},
		{"decade AND theme", nil, Filter{Decades: []int{1950}, Themes: []string{"defense"}}, []string{"p1", "p2"}},
		{"documents", nil, Filter{Documents: []string{"d1"}}, []string{"p1", "p3"}},
		{"documents any of", nil, Filter{Documents: []string{"d1", "d3"}}, []string{"p1", "p3", "p4"}},
		{"documents AND parties", nil, Filter{Documents: []string{"d1"}, Parties: []string{"kr"}}, []string{"p3"}},
		{"no doc in both", nil, Filter{Documents: []string{"d2"}, Themes: []string{"nuclear"}}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := Query{Text: "", Types: tt.types, Filter: tt.filter}
			res := mustSearch(t, ix, q)
			if got := sorted(hitIDs(res.Hits)); !slices.Equal(got, sorted(tt.want)) {
				t.Errorf("Search(types %v, filter %+v) = %v; want %v", tt.types, tt.filter, got, sorted(tt.want))
			}
			if res.Total != len(tt.want) {
				t.Errorf("Search(types %v, filter %+v).Total = %d; want %d", tt.types, tt.filter, res.Total, len(tt.want))
			}
		})
	}

	t.Run("filter with text", func(t *testing.T) {
		res := mustSearch(t, ix, Query{Text: "pact", Types: []string{"PASSAGE"}, Filter: Filter{Themes: []string{"defense"}}})
		if got, want := sorted(hitIDs(res.Hits)), []string{"p1", "p2"}; !slices.Equal(got, want) {
			t.Errorf("Search(%q, theme defense) = %v; want %v", "pact", got, want)
		}
	})
	t.Run("filter with fallback text", func(t *testing.T) {
		// No passage says both "one" and "three": the any-word fallback
		// runs, and still honours the filter.
		res := mustSearch(t, ix, Query{Text: "one three", Filter: Filter{Documents: []string{"d1"}}})
		if got, want := sorted(hitIDs(res.Hits)), []string{"p1", "p3"}; !slices.Equal(got, want) {
			t.Errorf("Search(%q, document d1) = %v; want %v", "one three", got, want)
		}
	})
}

func TestFacets(t *testing.T) {
	ix := newIndex(t, filterCorpus)
	q := Query{
		Text: "", Types: []string{"PASSAGE"}, First: 1,
		Facets: []Facet{FacetKind, FacetTheme, FacetParty, FacetDecade, FacetType, FacetOrganization, FacetCountry, FacetTrend, FacetTopic},
	}
	res := mustSearch(t, ix, q)
	if res.Total != 4 || len(res.Hits) != 1 || !res.HasNext {
		t.Fatalf("Search(passages, first 1) = total %d, %d hits, HasNext %v; want 4, 1, true", res.Total, len(res.Hits), res.HasNext)
	}
	want := []FacetResult{
		{FacetKind, []Bucket{{"BILATERAL", 2}, {"MULTILATERAL", 2}}},
		{FacetTheme, []Bucket{{"defense", 2}, {"trade", 2}, {"nuclear", 1}}},
		{FacetParty, []Bucket{{"us", 4}, {"de", 1}, {"fr", 1}, {"jp", 1}, {"kr", 1}, {"ru", 1}}},
		{FacetDecade, []Bucket{{"1950", 3}, {"1940", 1}, {"1960", 1}}},
		{FacetType, []Bucket{{"PASSAGE", 4}}},
		{FacetOrganization, []Bucket{{"nato", 1}, {"un", 1}}},
		{FacetCountry, []Bucket{{"de", 1}, {"fr", 1}, {"jp", 1}}},
		{FacetTrend, []Bucket{{"t1", 2}, {"t2", 1}}},
		{FacetTopic, []Bucket{{"alliances", 1}, {"commerce", 1}}},
	}
	if !reflect.DeepEqual(res.Facets, want) {
		t.Errorf("Search(passages) facets =\n%+v\nwant\n%+v", res.Facets, want)
	}

	t.Run("facets follow the text and filter", func(t *testing.T) {
		res := mustSearch(t, ix, Query{Text: "pact", Filter: Filter{Kinds: []string{"BILATERAL"}}, First: 1, Facets: []Facet{FacetType, FacetKind}})
		want := []FacetResult{
			{FacetType, []Bucket{{"PASSAGE", 2}, {"AGREEMENT", 1}}},
			{FacetKind, []Bucket{{"BILATERAL", 3}}},
		}
		if !reflect.DeepEqual(res.Facets, want) {
			t.Errorf("Search(%q, kind BILATERAL) facets = %+v; want %+v", "pact", res.Facets, want)
		}
	})

	t.Run("facets are the same on every page", func(t *testing.T) {
		first := mustSearch(t, ix, Query{Text: "", Types: []string{"PASSAGE"}, First: 2, Facets: []Facet{FacetParty}})
		if !first.HasNext {
			t.Fatalf("page 1 HasNext = false; want true")
		}
		second := mustSearch(t, ix, Query{Text: "", Types: []string{"PASSAGE"}, First: 2, Facets: []Facet{FacetParty},
			After: first.Hits[len(first.Hits)-1].Cursor})
		if !reflect.DeepEqual(first.Facets, second.Facets) || first.Total != second.Total {
			t.Errorf("page 2 = total %d facets %+v; want page 1's total %d facets %+v", second.Total, second.Facets, first.Total, first.Facets)
		}
	})

	t.Run("no facets asked gives none", func(t *testing.T) {
		res := mustSearch(t, ix, Query{Text: ""})
		if res.Facets != nil {
			t.Errorf("Search without facets = %+v; want nil", res.Facets)
		}
	})

	t.Run("unknown facet", func(t *testing.T) {
		_, err := ix.Search(context.Background(), Query{Text: "pact", First: 10, Facets: []Facet{FacetKind, "colour"}})
		if errKind(err) != "input" || inputErrorArg(err) != "facets" {
			t.Errorf("Search(facet colour) error = %v (%s); want *InputError on facets", err, errKind(err))
		}
	})
}
