package loader

import (
	"slices"
	"testing"
)

func TestDefinedTerms(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Bilateral agreements involve two nations entering into a pact. On the other hand, multilateral agreements entail three or more countries.",
			[]string{"Bilateral agreements", "multilateral agreements"}},
		{"Bilateral agreements, as opposed to multilateral ones, involve only two parties agreeing on terms.", []string{"Bilateral agreements"}},
		{"Flexibility in terms refers to the ability of parties to adjust.", []string{"Flexibility in terms"}},
		{"The Five Eyes is the signals-intelligence alliance of five states.", []string{"Five Eyes"}},
		{"These agreements are essential. It is clear. Such pacts are rare.", nil},
		{"Secondly, bilateral agreements establish direct communication channels.", nil},
		{"1960 is the year of the treaty.", nil},
		{"A treaty is a written agreement. A treaty is binding.", []string{"treaty"}},
		{"Multilateral security agreements play a crucial role.", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := definedTerms(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("definedTerms(%q) = %q; want %q", tt.text, got, tt.want)
		}
	}
}
