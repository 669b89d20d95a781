package graph

import (
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// What a search does beyond its page of fields, in complexity units. A
// search's cost grows with its words (each one looked up, corrected and
// expanded), its facets (each aggregates over every hit), and the
// highlights and explanations of each hit: `first: 1` with 64 misspelt
// words is a heavy operation, and is weighed as one.
const (
	searchWordWeight = 25  // a 40-word search is heavy on its own
	facetWeight      = 100 // per distinct facet
	highlightWeight  = 2   // per hit, highlights on (the default)
	explainWeight    = 20  // per hit, explain on
	maxSearchTerms   = 64  // the search text's bound (limits.md)
)

// searchWeight is the cost of running one search field.
func (w *weigher) searchWeight(f *ast.Field) int {
	cost := 0
	if v := f.Arguments.ForName("query"); v != nil {
		if text, ok := w.value(v.Value).(string); ok {
			// Past the most terms a search takes, the search refuses the
			// text itself (BAD_USER_INPUT): weigh no more than that.
			words := min(len(strings.Fields(text)), maxSearchTerms)
			cost = sat(cost, mul(words, searchWordWeight))
		}
	}
	if v := f.Arguments.ForName("facets"); v != nil {
		if list, ok := w.value(v.Value).([]any); ok {
			var distinct []any
			for _, x := range list {
				if !slices.Contains(distinct, x) {
					distinct = append(distinct, x)
				}
			}
			cost = sat(cost, mul(len(distinct), facetWeight))
		}
	}
	first := w.multiplier(f, w.g.schema.Query.Fields.ForName("search"))
	if b, ok := w.boolArg(f, "highlight"); !ok || b {
		cost = sat(cost, mul(first, highlightWeight))
	}
	if b, ok := w.boolArg(f, "explain"); ok && b {
		cost = sat(cost, mul(first, explainWeight))
	}
	return cost
}

func (w *weigher) boolArg(f *ast.Field, name string) (value, given bool) {
	if v := f.Arguments.ForName(name); v != nil {
		b, ok := w.value(v.Value).(bool)
		return b, ok
	}
	return false, false
}

// value is an argument's value as Go sees JSON: string, bool, float64 or
// json.Number, []any, map[string]any; nil when unknown.
func (w *weigher) value(v *ast.Value) any {
	switch v.Kind {
	case ast.Variable:
		return w.vars[v.Raw]
	case ast.StringValue, ast.BlockValue, ast.EnumValue:
		return v.Raw
	case ast.BooleanValue:
		return v.Raw == "true"
	case ast.ListValue:
		out := make([]any, len(v.Children))
		for i, c := range v.Children {
			out[i] = w.value(c.Value)
		}
		return out
	}
	return nil
}

// checkLists refuses a literal list argument (at any depth of an input
// object) with more items than the limit; variables are checked apart.
func (w *weigher) checkLists(args ast.ArgumentList) {
	var walk func(v *ast.Value)
	walk = func(v *ast.Value) {
		if v == nil || w.err != nil {
			return
		}
		if v.Kind == ast.ListValue && len(v.Children) > w.g.listItems() {
			w.err = listError(w.g.listItems(), len(v.Children))
			return
		}
		for _, c := range v.Children {
			walk(c.Value)
		}
	}
	for _, a := range args {
		walk(a.Value)
	}
}

func (g *operationGuard) listItems() int {
	if g.limits.ListItems > 0 {
		return g.limits.ListItems
	}
	return DefaultLimits.ListItems
}

func listError(maxItems, actual int) *gqlerror.Error {
	return limitError(CodeOperationLimit, "listItems", maxItems, actual,
		"a list argument has %d items; the most is %d", actual, maxItems)
}

// checkVariables weighs the variables as the document's tokens are
// weighed: every value counts one against the token limit, and no list
// may hold more items than a literal one.
func (g *operationGuard) checkVariables(vars map[string]any) *gqlerror.Error {
	values := 0
	var walk func(v any) *gqlerror.Error
	walk = func(v any) *gqlerror.Error {
		if values++; values > g.limits.Tokens {
			return limitError(CodeOperationLimit, "variables", g.limits.Tokens, values,
				"the variables hold more than %d values; the most is %d", g.limits.Tokens, g.limits.Tokens)
		}
		switch x := v.(type) {
		case []any:
			if len(x) > g.listItems() {
				return listError(g.listItems(), len(x))
			}
			for _, c := range x {
				if err := walk(c); err != nil {
					return err
				}
			}
		case map[string]any:
			for _, c := range x {
				if err := walk(c); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for _, v := range vars {
		if err := walk(v); err != nil {
			return err
		}
	}
	return nil
}
