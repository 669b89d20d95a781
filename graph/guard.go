package graph

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// Limits bound one GraphQL operation. They are checked on the parsed
// document before gqlgen validates it: validation is quadratic in the
// number of fields, and gqlgen's own complexity walk re-expands fragments
// without memory, so a small document can cost seconds in either.
type Limits struct {
	Tokens     int // lexer tokens in the document
	Selections int // fields after every fragment is expanded
	Depth      int // nesting of fields
	Aliases    int // aliased fields after expansion
	RootFields int // fields at the root of one operation, after expansion
	Fragments  int // fragment definitions
	Complexity int // fields weighted by the page sizes of the lists above them
	ListItems  int // items of any one list argument, literal or in variables
}

// DefaultLimits are scaled to a small (2-core) server.
var DefaultLimits = Limits{
	Tokens: 5000, Selections: 500, Depth: 15, Aliases: 30, RootFields: 20, Fragments: 50, Complexity: 10000,
	ListItems: 100,
}

func init() {
	// Limit errors are request errors: gqlgen answers them with a 4xx.
	errcode.RegisterErrorType(CodeOperationLimit, errcode.KindProtocol)
	errcode.RegisterErrorType(CodeComplexityLimit, errcode.KindProtocol)
	errcode.RegisterErrorType(CodeUnavailable, errcode.KindProtocol)
}

// operationGuard is a gqlgen extension that checks Limits as soon as the
// operation's parameters are known, before parsing and validation.
type operationGuard struct {
	limits Limits
	schema *ast.Schema
	docs   *sizedLRU[*guardedDoc]
	sizes  map[string]int // introspection list sizes, computed once

	// heavy bounds the operations of complexity HeavyComplexity or more
	// that run at once; one that finds no room in time gets 503.
	heavy *Slots
}

// HeavyComplexity is the complexity from which an operation counts as
// heavy: about a page of 100 hits with a few fields each.
const HeavyComplexity = 1000

// guardedDoc is a parsed document whose shape passed the limits; the
// complexity still depends on the variables of each request.
type guardedDoc struct {
	doc *ast.QueryDocument
	err *gqlerror.Error
}

func newOperationGuard(limits Limits, schema *ast.Schema, heavy *Slots) *operationGuard {
	g := &operationGuard{limits: limits, schema: schema, docs: newSizedLRU(documentCacheBytes, documentSize[*guardedDoc]),
		heavy: heavy}
	g.introspectionSize(&ast.FieldDefinition{Name: "types", Type: ast.ListType(ast.NamedType("__Type", nil), nil)})
	return g
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = (*operationGuard)(nil)

func (g *operationGuard) ExtensionName() string                   { return "OperationGuard" }
func (g *operationGuard) Validate(graphql.ExecutableSchema) error { return nil }
func (g *operationGuard) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if p.Query == "" {
		return nil // a persisted-query hash alone; the APQ extension answers it
	}
	gd, ok := g.docs.Get(ctx, p.Query)
	if !ok {
		gd = g.inspect(p.Query)
		g.docs.Add(ctx, p.Query, gd)
	}
	if gd.err != nil {
		return gd.err
	}
	if err := g.checkVariables(p.Variables); err != nil {
		return err
	}
	if err := g.coerceInts(gd.doc, p.OperationName, p.Variables); err != nil {
		return err
	}
	cost, err := g.complexity(gd.doc, p.OperationName, p.Variables)
	if err != nil || cost < HeavyComplexity {
		return err
	}
	held, _ := ctx.Value(heldKey{}).(*Held)
	if held == nil {
		return nil
	}
	if release, ok := g.heavy.Take(ctx); ok {
		held.release = release
		return nil
	}
	return &gqlerror.Error{
		Message:    "the server is busy with large operations; try again shortly, or ask for smaller pages",
		Extensions: map[string]any{"code": CodeUnavailable},
	}
}

func limitError(code, limit string, maxValue, actual int, format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{
		Message: fmt.Sprintf(format, args...),
		Extensions: map[string]any{
			"code": code, "limit": limit, "max": maxValue, "actual": actual,
		},
	}
}

// inspect parses the document within the token limit and measures its
// shape with every fragment expanded, each fragment measured once.
func (g *operationGuard) inspect(query string) *guardedDoc {
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: query}, g.limits.Tokens)
	if err != nil {
		gqlErr := gqlerror.WrapIfUnwrapped(err)
		gqlErr.Extensions = map[string]any{"code": errcode.ParseFailed}
		switch {
		case strings.Contains(gqlErr.Message, "exceeded token limit"):
			gqlErr.Extensions["limit"] = "tokens"
			gqlErr.Extensions["max"] = g.limits.Tokens
		case strings.Contains(gqlErr.Message, "exceeded maximum nesting depth"):
			gqlErr.Extensions["limit"] = "nesting"
			gqlErr.Extensions["max"] = parser.MaxNestingDepth
		}
		return &guardedDoc{err: gqlErr}
	}
	if n := len(doc.Fragments); n > g.limits.Fragments {
		return &guardedDoc{err: limitError(CodeOperationLimit, "fragments", g.limits.Fragments, n,
			"the document defines %d fragments; the most is %d", n, g.limits.Fragments)}
	}
	m := &measurer{doc: doc, memo: map[string]*shape{}}
	for _, op := range doc.Operations {
		s, err := m.selectionSet(op.SelectionSet)
		if err != nil {
			return &guardedDoc{err: err}
		}
		checks := []struct {
			name        string
			actual, max int
		}{
			{"selections", s.fields, g.limits.Selections},
			{"depth", s.depth, g.limits.Depth},
			{"aliases", s.aliases, g.limits.Aliases},
			{"rootFields", s.rootFields, g.limits.RootFields},
		}
		for _, c := range checks {
			if c.actual > c.max {
				return &guardedDoc{err: limitError(CodeOperationLimit, c.name, c.max, c.actual,
					"the operation has %s %s; the most is %d", countString(c.actual), c.name, c.max)}
			}
		}
	}
	return &guardedDoc{doc: doc}
}

func countString(n int) string {
	if n >= saturated {
		return "more than " + strconv.Itoa(saturated-1)
	}
	return strconv.Itoa(n)
}

// saturated caps every count, so that a fragment fan-out that doubles forty
// times counts as "too many" instead of overflowing.
const saturated = 1 << 30

func sat(a, b int) int { return min(a+b, saturated) }

// shape is what a selection set amounts to once its fragments are expanded.
type shape struct {
	fields     int
	depth      int
	aliases    int
	rootFields int // the fields of this set itself, fragments flattened
}

type measurer struct {
	doc      *ast.QueryDocument
	memo     map[string]*shape
	visiting map[string]bool
}

func (m *measurer) selectionSet(set ast.SelectionSet) (*shape, *gqlerror.Error) {
	var s shape
	for _, sel := range set {
		var sub *shape
		switch sel := sel.(type) {
		case *ast.Field:
			children, err := m.selectionSet(sel.SelectionSet)
			if err != nil {
				return nil, err
			}
			s.fields = sat(s.fields, sat(1, children.fields))
			s.depth = max(s.depth, children.depth+1)
			s.aliases = sat(s.aliases, children.aliases)
			if sel.Alias != "" && sel.Alias != sel.Name {
				s.aliases = sat(s.aliases, 1)
			}
			s.rootFields = sat(s.rootFields, 1)
			continue
		case *ast.InlineFragment:
			var err *gqlerror.Error
			if sub, err = m.selectionSet(sel.SelectionSet); err != nil {
				return nil, err
			}
		case *ast.FragmentSpread:
			var err *gqlerror.Error
			if sub, err = m.fragment(sel.Name); err != nil {
				return nil, err
			}
		}
		if sub != nil {
			s.fields = sat(s.fields, sub.fields)
			s.depth = max(s.depth, sub.depth)
			s.aliases = sat(s.aliases, sub.aliases)
			s.rootFields = sat(s.rootFields, sub.rootFields)
		}
	}
	return &s, nil
}

func (m *measurer) fragment(name string) (*shape, *gqlerror.Error) {
	if s, ok := m.memo[name]; ok {
		return s, nil
	}
	def := m.doc.Fragments.ForName(name)
	if def == nil {
		return &shape{}, nil // validation reports the unknown fragment
	}
	if m.visiting == nil {
		m.visiting = map[string]bool{}
	}
	if m.visiting[name] {
		return nil, &gqlerror.Error{
			Message:    fmt.Sprintf("fragment %q spreads itself", name),
			Extensions: map[string]any{"code": errcode.ValidationFailed},
		}
	}
	m.visiting[name] = true
	s, err := m.selectionSet(def.SelectionSet)
	delete(m.visiting, name)
	if err != nil {
		return nil, err
	}
	m.memo[name] = s
	return s, nil
}

// defaultPage is the page size a connection field returns when `first` is
// left out; the complexity counts its children that many times.
const defaultPage = 20

// complexity weighs the operation that will run: each field counts 1, and
// the fields under a list count as many times as the list's `first` (or
// `ids`) allows. Introspection is weighed apart, by the schema's own sizes,
// so the standard introspection query passes and a query that nests
// type → fields → type → fields … does not. The walk expands fragments
// without memory; inspect has already bounded the expanded size.
func (g *operationGuard) complexity(doc *ast.QueryDocument, opName string, vars map[string]any) (int, *gqlerror.Error) {
	op := doc.Operations.ForName(opName)
	if op == nil {
		if len(doc.Operations) != 1 {
			return 0, nil // validation reports a missing or ambiguous operation
		}
		op = doc.Operations[0]
	}
	if op.Operation != ast.Query {
		return 0, nil // validation refuses operations the schema lacks
	}
	w := &weigher{g: g, doc: doc, vars: vars}
	cost := w.selectionSet(op.SelectionSet, g.schema.Query, 0)
	if w.err != nil {
		return cost, w.err
	}
	if cost > g.limits.Complexity {
		return cost, limitError(CodeComplexityLimit, "complexity", g.limits.Complexity, cost,
			"the operation's complexity is %s (list sizes multiply the fields below them); the most is %d: ask for smaller pages (first) or fewer nested lists",
			countString(cost), g.limits.Complexity)
	}
	if w.introspection > maxIntrospection {
		return cost, limitError(CodeComplexityLimit, "introspection", maxIntrospection, w.introspection,
			"the introspection query could return about %s objects; the most is %d: nest fewer type → fields levels",
			countString(w.introspection), maxIntrospection)
	}
	return cost, nil
}

// maxIntrospection bounds the objects an introspection query can return.
// The standard introspection query needs about #types × fields × args.
const maxIntrospection = 1000000

type weigher struct {
	g             *operationGuard
	doc           *ast.QueryDocument
	vars          map[string]any
	introspection int
	err           *gqlerror.Error // a list argument over the limit
}

func (w *weigher) selectionSet(set ast.SelectionSet, parent *ast.Definition, depth int) int {
	if depth > 64 {
		return saturated
	}
	total := 0
	for _, sel := range set {
		switch sel := sel.(type) {
		case *ast.Field:
			var fieldDef *ast.FieldDefinition
			var child *ast.Definition
			if parent != nil {
				fieldDef = parent.Fields.ForName(sel.Name)
			}
			if sel.Name == "__schema" || sel.Name == "__type" {
				fieldDef = w.g.schema.Query.Fields.ForName(sel.Name)
			}
			if fieldDef != nil {
				child = w.g.schema.Types[fieldDef.Type.Name()]
			}
			if strings.HasPrefix(sel.Name, "__") || (parent != nil && strings.HasPrefix(parent.Name, "__")) {
				w.introspection = sat(w.introspection, 1)
				mult := w.g.introspectionSize(fieldDef)
				before := w.introspection
				w.introspection = 0
				w.selectionSet(sel.SelectionSet, child, depth+1)
				w.introspection = sat(before, mul(w.introspection, mult))
				continue
			}
			w.checkLists(sel.Arguments)
			children := w.selectionSet(sel.SelectionSet, child, depth+1)
			total = sat(total, sat(1, mul(children, w.multiplier(sel, fieldDef))))
			if fieldDef != nil && parent == w.g.schema.Query && fieldDef.Name == "search" {
				total = sat(total, w.searchWeight(sel))
			}
		case *ast.InlineFragment:
			t := parent
			if sel.TypeCondition != "" {
				t = w.g.schema.Types[sel.TypeCondition]
			}
			total = sat(total, w.selectionSet(sel.SelectionSet, t, depth))
		case *ast.FragmentSpread:
			if def := w.doc.Fragments.ForName(sel.Name); def != nil {
				total = sat(total, w.selectionSet(def.SelectionSet, w.g.schema.Types[def.TypeCondition], depth))
			}
		}
	}
	return total
}

// introspectionSize is how many items an introspection list field can hold
// in this schema: every type, or the most fields, arguments, values… of any
// one of them.
func (g *operationGuard) introspectionSize(def *ast.FieldDefinition) int {
	if def == nil || def.Type.Elem == nil {
		return 1
	}
	if g.sizes == nil {
		g.sizes = map[string]int{"types": len(g.schema.Types), "directives": len(g.schema.Directives)}
		for _, t := range g.schema.Types {
			g.sizes["fields"] = max(g.sizes["fields"], len(t.Fields))
			g.sizes["inputFields"] = max(g.sizes["inputFields"], len(t.Fields))
			g.sizes["enumValues"] = max(g.sizes["enumValues"], len(t.EnumValues))
			g.sizes["interfaces"] = max(g.sizes["interfaces"], len(t.Interfaces))
			g.sizes["possibleTypes"] = max(g.sizes["possibleTypes"], len(g.schema.PossibleTypes[t.Name]))
			for _, f := range t.Fields {
				g.sizes["args"] = max(g.sizes["args"], len(f.Arguments))
			}
		}
		for _, d := range g.schema.Directives {
			g.sizes["args"] = max(g.sizes["args"], len(d.Arguments))
		}
	}
	return max(g.sizes[def.Name], 1)
}

func mul(a, b int) int {
	if a == 0 || b == 0 {
		return 0
	}
	if a > saturated/b {
		return saturated
	}
	return a * b
}

// multiplier is how many times a field's children can be returned. Values
// of `first` outside 1–100 count as the nearest bound: the resolver refuses
// them with BAD_USER_INPUT.
func (w *weigher) multiplier(f *ast.Field, def *ast.FieldDefinition) int {
	if def == nil {
		return 1
	}
	if arg := def.Arguments.ForName("first"); arg != nil {
		n := defaultPage
		if arg.DefaultValue != nil {
			if v, err := strconv.Atoi(arg.DefaultValue.Raw); err == nil {
				n = v
			}
		}
		if v := f.Arguments.ForName("first"); v != nil {
			if x, ok := w.intValue(v.Value); ok {
				n = x
			}
		}
		return min(max(n, 1), maxPage)
	}
	if def.Arguments.ForName("ids") != nil {
		if v := f.Arguments.ForName("ids"); v != nil && v.Value.Kind == ast.ListValue {
			return min(max(len(v.Value.Children), 1), maxPage)
		}
		return maxPage
	}
	return 1
}

const maxPage = 100

func (w *weigher) intValue(v *ast.Value) (int, bool) {
	switch v.Kind {
	case ast.IntValue:
		n, err := strconv.ParseInt(v.Raw, 10, 64)
		return int(min(max(n, -1), saturated)), err == nil
	case ast.Variable:
		switch x := w.vars[v.Raw].(type) {
		case float64:
			return int(min(max(x, -1), saturated)), true
		case int:
			return x, true
		case int64:
			return int(x), true
		case interface{ Int64() (int64, error) }:
			n, err := x.Int64()
			return int(min(max(n, -1), saturated)), err == nil
		}
	}
	return 0, false
}
