package corpus

import (
	"math"
	"slices"
	"time"
)

// KindComparison sums up the agreements of one kind.
type KindComparison struct {
	Kind  Kind
	Count int
	// MedianMembers and MeanMembers count the member states of each
	// agreement (every state ever a party, or PartyCount where the list is
	// selective); MedianDurationYears runs from entry into force (or
	// signature) to the end, or to the comparison's day for those in force.
	// Each is nil when no agreement has it.
	MedianMembers, MeanMembers, MedianDurationYears *float64
	// Obligations is the share of the agreements with each obligation, in
	// the order of Obligations.
	Obligations []*ObligationShare
	// AtopCoded is how many of the agreements ATOP codes, and Institutions
	// the share of those with each mark of institutional depth.
	AtopCoded    int
	Institutions []*InstitutionShare
	// Topics are the catalog's topics that apply to the kind.
	Topics []*Topic
}

// ObligationShare is the share (0 to 1) of agreements with an obligation.
type ObligationShare struct {
	Obligation Obligation
	Share      float64
}

// InstitutionShare is the share (0 to 1) of ATOP-coded agreements with a
// mark of institutional depth: integratedCommand, militaryAid, bases or
// organization.
type InstitutionShare struct {
	Feature string
	Share   float64
}

// institutionFeatures are the marks of institutional depth, in the order
// a comparison lists them.
var institutionFeatures = []string{"integratedCommand", "militaryAid", "bases", "organization"}

// CompareKind sums up the agreements of list that are of kind, as on the
// day now (the end of those still in force). Shares and means are rounded
// to two decimals.
func (c *Catalog) CompareKind(list []*Agreement, kind Kind, now time.Time) *KindComparison {
	out := &KindComparison{Kind: kind, Obligations: []*ObligationShare{}, Institutions: []*InstitutionShare{}, Topics: []*Topic{}}
	var members, years []float64
	obligations := map[Obligation]int{}
	institutions := map[string]int{}
	for _, a := range list {
		if a.Kind != kind {
			continue
		}
		out.Count++
		members = append(members, float64(a.memberCount()))
		if y, ok := a.yearsInForce(now); ok {
			years = append(years, y)
		}
		for _, o := range a.AllObligations() {
			obligations[o]++
		}
		if r := a.ATOP; r != nil {
			out.AtopCoded++
			for feature, has := range map[string]bool{"integratedCommand": r.IntegratedCommand, "militaryAid": r.MilitaryAid, "bases": r.Bases, "organization": r.Organization} {
				if has {
					institutions[feature]++
				}
			}
		}
	}
	if out.Count > 0 {
		out.MedianMembers = ptr(Median(members))
		out.MeanMembers = ptr(round2(Mean(members)))
		if len(years) > 0 {
			out.MedianDurationYears = ptr(round2(Median(years)))
		}
		for _, o := range Obligations {
			out.Obligations = append(out.Obligations, &ObligationShare{Obligation: o, Share: round2(float64(obligations[o]) / float64(out.Count))})
		}
	}
	if out.AtopCoded > 0 {
		for _, f := range institutionFeatures {
			out.Institutions = append(out.Institutions, &InstitutionShare{Feature: f, Share: round2(float64(institutions[f]) / float64(out.AtopCoded))})
		}
	}
	for _, t := range c.Topics {
		if slices.Contains(t.AppliesTo, kind) {
			out.Topics = append(out.Topics, t)
		}
	}
	return out
}

// memberCount is how many states were ever parties: those listed, or
// PartyCount where the list is selective.
func (a *Agreement) memberCount() int {
	states := map[string]bool{}
	for _, p := range a.Parties {
		states[p.Country] = true
	}
	return max(len(states), a.PartyCount)
}

// yearsInForce is how long the agreement ran, from its start to its end or
// to now; false when its start is unknown.
func (a *Agreement) yearsInForce(now time.Time) (float64, bool) {
	start := a.Start()
	if start == nil {
		return 0, false
	}
	end := now
	if e := a.End(); e != nil {
		end = e.First()
	}
	return end.Sub(start.First()).Hours() / 24 / 365.25, true
}

// Median is the middle of xs (the mean of the two middle values for an
// even count); xs must not be empty.
func Median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// Mean is the average of xs; xs must not be empty.
func Mean(xs []float64) float64 {
	var sum float64
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

func ptr[T any](v T) *T { return &v }
