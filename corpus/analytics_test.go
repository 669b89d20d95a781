package corpus

import (
	"slices"
	"testing"
	"time"
)

// analyticsFixture is a small corpus for the facts derived from
// agreements: timeline, dyads, comparisons.
func analyticsFixture() *Catalog {
	d := func(y, m, day int) *Date { return &Date{Year: y, Month: m, Day: day} }
	e := &Entities{
		Agreements: []*Agreement{
			// USA and GBR together 1950–1960, then again from 1970 (GBR left
			// and came back); USA promises defense, GBR consultation.
			{ID: "pact", Kind: Multilateral, Signed: d(1949, 4, 4), Obligations: []Obligation{Defense}, Parties: []Party{
				{Country: "USA", Role: Founding},
				{Country: "GBR", Role: Founding, Joined: d(1950, 1, 1), Left: d(1960, 1, 1), Obligations: []Obligation{Consultation}},
				{Country: "GBR", Role: Acceded, Joined: d(1970, 1, 1), Obligations: []Obligation{Consultation}},
				{Country: "FRA", Role: Founding},
			}, ATOP: &ATOPRecord{IntegratedCommand: true, Bases: true}},
			// Ended in 1960: no overlap after it.
			{ID: "old", Kind: Bilateral, Signed: d(1951, 1, 1), Ended: d(1961, 1, 1), Obligations: []Obligation{Defense, Consultation},
				Parties: []Party{{Country: "USA", Role: Founding}, {Country: "GBR", Role: Founding}}},
			// USA left before JPN joined: the two were never members at once.
			{ID: "gap", Kind: Bilateral, Signed: d(1960, 6, 1), Parties: []Party{
				{Country: "USA", Role: Founding, Left: d(1965, 1, 1)},
				{Country: "JPN", Role: Acceded, Joined: d(1966, 1, 1)},
			}},
			// No date of signature: on no timeline.
			{ID: "undated", Kind: Bilateral, Parties: []Party{{Country: "USA"}, {Country: "JPN"}}},
		},
		Countries: []*Country{{Code: "USA"}, {Code: "GBR"}, {Code: "FRA"}, {Code: "JPN"}},
		Topics: []*Topic{
			{ID: "flexibility", AppliesTo: []Kind{Bilateral}},
			{ID: "decision-making", AppliesTo: []Kind{Multilateral}},
		},
	}
	return NewCatalog("test", e, nil)
}

func TestTimeline(t *testing.T) {
	c := analyticsFixture()
	for _, tc := range []struct {
		width int
		want  [][3]int // start, end, total
	}{
		{10, [][3]int{{1940, 1949, 1}, {1950, 1959, 1}, {1960, 1969, 1}}},
		{1, nil}, // checked by length below
	} {
		got := Timeline(c.Agreements, tc.width)
		if tc.width == 1 {
			if len(got) != 1960-1949+1 || got[0].Start != 1949 || got[len(got)-1].End != 1960 {
				t.Errorf("Timeline(width 1) = %d buckets from %d to %d; want every year 1949–1960", len(got), got[0].Start, got[len(got)-1].End)
			}
			continue
		}
		var spans [][3]int
		for _, b := range got {
			spans = append(spans, [3]int{b.Start, b.End, b.Total})
			if b.Bilateral+b.Multilateral != b.Total || len(b.ByObligation) != len(Obligations) {
				t.Errorf("bucket %d: %d + %d ≠ %d, or %d obligation counts", b.Start, b.Bilateral, b.Multilateral, b.Total, len(b.ByObligation))
			}
		}
		if !slices.Equal(spans, tc.want) {
			t.Errorf("Timeline(width %d) = %v; want %v", tc.width, spans, tc.want)
		}
	}
	fifties := Timeline(c.Agreements, 10)[1]
	if fifties.ByObligation[0].Obligation != Defense || fifties.ByObligation[0].Count != 1 || fifties.ByObligation[4].Count != 1 {
		t.Errorf("1950s by obligation = %+v %+v; want one DEFENSE and one CONSULTATION", fifties.ByObligation[0], fifties.ByObligation[4])
	}
	if got := Timeline(nil, 10); got == nil || len(got) != 0 {
		t.Errorf("Timeline(none) = %v; want an empty list", got)
	}
}

func TestDyad(t *testing.T) {
	c := analyticsFixture()
	d := c.Dyad("USA", "GBR")
	if d.A == nil || d.A.Code != "USA" || d.B == nil || d.B.Code != "GBR" {
		t.Fatalf("Dyad(USA, GBR) states = %v, %v", d.A, d.B)
	}
	got := map[string]*DyadAgreement{}
	for _, da := range d.Agreements {
		got[da.Agreement.ID] = da
	}
	if len(got) != 2 || got["pact"] == nil || got["old"] == nil {
		t.Fatalf("Dyad(USA, GBR) agreements = %v; want pact and old", got)
	}
	pact := got["pact"]
	if len(pact.Periods) != 2 || pact.Periods[0].From.String() != "1950-01-01" || pact.Periods[0].To.String() != "1960-01-01" ||
		pact.Periods[1].From.String() != "1970-01-01" || pact.Periods[1].To != nil {
		t.Errorf("pact periods = %v; want 1950–1960 and 1970 on", periods(pact.Periods))
	}
	if !slices.Equal(pact.AObligations, []Obligation{Defense}) || !slices.Equal(pact.BObligations, []Obligation{Consultation}) || !pact.Asymmetric {
		t.Errorf("pact obligations = %v / %v (asymmetric %v); want DEFENSE / CONSULTATION, asymmetric", pact.AObligations, pact.BObligations, pact.Asymmetric)
	}
	old := got["old"]
	if old.Asymmetric || len(old.Periods) != 1 || old.Periods[0].To.String() != "1961-01-01" {
		t.Errorf("old = %v, asymmetric %v; want one period ending 1961-01-01, symmetric", periods(old.Periods), old.Asymmetric)
	}
	if gap := c.Dyad("USA", "JPN"); len(gap.Agreements) != 2 || len(findDyad(gap, "gap").Periods) != 0 {
		t.Errorf("Dyad(USA, JPN) = %d agreements, gap periods %v; want gap with no period together", len(gap.Agreements), findDyad(gap, "gap"))
	}
	if self := c.Dyad("USA", "USA"); len(self.Agreements) != 0 {
		t.Errorf("Dyad(USA, USA) = %d agreements; want none", len(self.Agreements))
	}
	if unknown := c.Dyad("USA", "XXX"); unknown.B != nil || len(unknown.Agreements) != 0 {
		t.Errorf("Dyad(USA, XXX) = %v, %d agreements; want no state and none", unknown.B, len(unknown.Agreements))
	}
}

func findDyad(d *Dyad, id string) *DyadAgreement {
	for _, da := range d.Agreements {
		if da.Agreement.ID == id {
			return da
		}
	}
	return &DyadAgreement{}
}

func periods(ps []*Period) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.From.String()+"–"+p.To.String())
	}
	return out
}

func TestCompareKind(t *testing.T) {
	c := analyticsFixture()
	asOf := time.Date(1999, 4, 4, 0, 0, 0, 0, time.UTC)
	multi := c.CompareKind(c.Agreements, Multilateral, asOf)
	if multi.Count != 1 || *multi.MedianMembers != 3 || *multi.MeanMembers != 3 || *multi.MedianDurationYears != 50 {
		t.Errorf("multilateral = count %d, members %v/%v, years %v; want 1, 3/3, 50", multi.Count, *multi.MedianMembers, *multi.MeanMembers, *multi.MedianDurationYears)
	}
	if multi.AtopCoded != 1 || len(multi.Institutions) != 4 || multi.Institutions[0].Share != 1 || multi.Institutions[1].Share != 0 {
		t.Errorf("multilateral institutions = %d coded, %+v; want integratedCommand 1, militaryAid 0", multi.AtopCoded, multi.Institutions)
	}
	if len(multi.Topics) != 1 || multi.Topics[0].ID != "decision-making" {
		t.Errorf("multilateral topics = %v; want decision-making", multi.Topics)
	}
	bi := c.CompareKind(c.Agreements, Bilateral, asOf)
	// Members 2, 2, 2; durations 10.0 (old) and 38.84 (gap, still in force); undated has none.
	if bi.Count != 3 || *bi.MedianMembers != 2 || *bi.MedianDurationYears != 24.42 || bi.AtopCoded != 0 || len(bi.Institutions) != 0 {
		t.Errorf("bilateral = count %d, members %v, years %v, coded %d; want 3, 2, 24.42, 0", bi.Count, *bi.MedianMembers, *bi.MedianDurationYears, bi.AtopCoded)
	}
	if bi.Obligations[0].Obligation != Defense || bi.Obligations[0].Share != 0.33 {
		t.Errorf("bilateral DEFENSE share = %+v; want 0.33 (one in three)", bi.Obligations[0])
	}
	none := c.CompareKind(nil, Bilateral, asOf)
	if none.Count != 0 || none.MedianMembers != nil || len(none.Obligations) != 0 {
		t.Errorf("no agreements = %+v; want a count of 0 and no figures", none)
	}
}

func TestMedianMean(t *testing.T) {
	for _, tc := range []struct {
		xs           []float64
		median, mean float64
	}{
		{[]float64{3}, 3, 3},
		{[]float64{5, 1, 3}, 3, 3},
		{[]float64{4, 1, 3, 2}, 2.5, 2.5},
		{[]float64{1, 1, 10}, 1, 4},
	} {
		if got := Median(tc.xs); got != tc.median {
			t.Errorf("Median(%v) = %v; want %v", tc.xs, got, tc.median)
		}
		if got := Mean(tc.xs); got != tc.mean {
			t.Errorf("Mean(%v) = %v; want %v", tc.xs, got, tc.mean)
		}
	}
}
