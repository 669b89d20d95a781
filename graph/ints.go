package graph

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// coerceInts holds the Int variables of an operation to one rule, before
// validation sees them: a JSON number with no fraction is an Int (5 and
// 5.0 alike, as JSON does not tell them apart), and anything else, a string
// such as "5" included, is refused with BAD_USER_INPUT. gqlparser took "5"
// and refused 5.0 with "cannot use value 0 as Int".
func (g *operationGuard) coerceInts(doc *ast.QueryDocument, opName string, vars map[string]any) *gqlerror.Error {
	op := doc.Operations.ForName(opName)
	if op == nil && len(doc.Operations) == 1 {
		op = doc.Operations[0]
	}
	if op == nil {
		return nil
	}
	for _, def := range op.VariableDefinitions {
		v, ok := vars[def.Variable]
		if !ok {
			continue
		}
		out, err := g.coerce(v, def.Type, 0)
		if err != nil {
			return &gqlerror.Error{
				Message:    fmt.Sprintf("variable $%s: %v", def.Variable, err),
				Extensions: map[string]any{"code": CodeBadUserInput, "argument": def.Variable},
			}
		}
		vars[def.Variable] = out
	}
	return nil
}

func (g *operationGuard) coerce(v any, t *ast.Type, depth int) (any, error) {
	if v == nil || t == nil || depth > 32 {
		return v, nil // validation reports nulls and shapes
	}
	if t.Elem != nil {
		list, ok := v.([]any)
		if !ok {
			return g.coerce(v, t.Elem, depth+1) // a single value stands for a list of one
		}
		for i := range list {
			out, err := g.coerce(list[i], t.Elem, depth+1)
			if err != nil {
				return nil, err
			}
			list[i] = out
		}
		return list, nil
	}
	if t.NamedType == "Int" {
		return coerceInt(v)
	}
	def := g.schema.Types[t.NamedType]
	obj, ok := v.(map[string]any)
	if def == nil || def.Kind != ast.InputObject || !ok {
		return v, nil
	}
	for _, f := range def.Fields {
		if fv, ok := obj[f.Name]; ok {
			out, err := g.coerce(fv, f.Type, depth+1)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", f.Name, err)
			}
			obj[f.Name] = out
		}
	}
	return obj, nil
}

// coerceInt turns an integral JSON number into an Int's value.
func coerceInt(v any) (any, error) {
	var f float64
	switch x := v.(type) {
	case json.Number:
		if _, err := x.Int64(); err == nil {
			return x, nil
		}
		var err error
		if f, err = x.Float64(); err != nil {
			return nil, fmt.Errorf("%s is not an Int", x)
		}
	case float64:
		f = x
	case int, int64:
		return x, nil
	case string:
		return nil, errors.New("an Int is a number, not a string: send it without quotes")
	default:
		return nil, fmt.Errorf("an Int is a number, not %T", v)
	}
	if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return nil, fmt.Errorf("%v is not an Int: give a whole number", f)
	}
	return json.Number(strconv.FormatInt(int64(f), 10)), nil
}
