package corpus

import "slices"

// TimelineBucket counts the agreements signed in one interval of years.
type TimelineBucket struct {
	Start, End   int // the first and last year (inclusive)
	Bilateral    int
	Multilateral int
	Total        int
	// ByObligation counts the agreements with each obligation, in the
	// order of Obligations.
	ByObligation []*ObligationCount
}

// ObligationCount is how many agreements carry an obligation.
type ObligationCount struct {
	Obligation Obligation
	Count      int
}

// Timeline counts agreements by the interval of width years (1 or 10) they
// were signed in, over every interval from the first signature to the last;
// agreements with no date of signature are left out.
func Timeline(list []*Agreement, width int) []*TimelineBucket {
	var years []int
	for _, a := range list {
		if a.Signed != nil {
			years = append(years, a.Signed.Year)
		}
	}
	if len(years) == 0 {
		return []*TimelineBucket{}
	}
	first := slices.Min(years) / width * width
	last := slices.Max(years) / width * width
	buckets := make([]*TimelineBucket, 0, (last-first)/width+1)
	for start := first; start <= last; start += width {
		b := &TimelineBucket{Start: start, End: start + width - 1, ByObligation: make([]*ObligationCount, len(Obligations))}
		for i, o := range Obligations {
			b.ByObligation[i] = &ObligationCount{Obligation: o}
		}
		buckets = append(buckets, b)
	}
	for _, a := range list {
		if a.Signed == nil {
			continue
		}
		b := buckets[(a.Signed.Year/width*width-first)/width]
		if a.Kind == Bilateral {
			b.Bilateral++
		} else {
			b.Multilateral++
		}
		b.Total++
		for _, o := range a.AllObligations() {
			b.ByObligation[slices.Index(Obligations, o)].Count++
		}
	}
	return buckets
}
