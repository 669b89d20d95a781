package graph

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// TestMarshalSliceInOrder checks what the generated executor relies on: the
// elements come back in order, each marshalled with its own index in the
// field context, and a panicking element becomes null with one error while
// the others keep their values.
func TestMarshalSliceInOrder(t *testing.T) {
	recoverer := func(_ context.Context, r any) error { return fmt.Errorf("recovered: %v", r) }
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, recoverer)
	var seen []int
	got := marshalSliceInOrder(ctx, 4, 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		seen = append(seen, *graphql.GetFieldContext(ctx).Index)
		if i == 2 {
			panic("element 2 fails")
		}
		return graphql.MarshalInt(i * 10)
	})
	if len(seen) != 4 || seen[0] != 0 || seen[1] != 1 || seen[2] != 2 || seen[3] != 3 {
		t.Fatalf("indexes seen in the field context = %v, want [0 1 2 3]", seen)
	}
	var buf bytes.Buffer
	got.MarshalGQL(&buf)
	if buf.String() != "[0,10,null,30]" {
		t.Fatalf("marshalled %s, want [0,10,null,30]", buf.String())
	}
	errs := graphql.GetErrors(ctx)
	if len(errs) != 1 || errs[0].Message != "recovered: element 2 fails" {
		t.Fatalf("errors = %v, want one for the panicking element", errs)
	}
	if empty := marshalSliceInOrder(ctx, 0, 0, false, nil); len(empty) != 0 {
		t.Fatalf("an empty list marshalled to %d elements", len(empty))
	}
}

// TestDeferredPathLater checks that a group started without its path gets,
// when processed, the path gqlgen's own group would have had.
func TestDeferredPathLater(t *testing.T) {
	i := 3
	ctx := graphql.WithFieldContext(context.Background(), &graphql.FieldContext{Field: graphql.CollectedField{Field: &ast.Field{Alias: "edges"}}})
	ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &i})
	want := graphql.NewDeferredGroup(ctx).Path
	if len(want) != 2 {
		t.Fatalf("gqlgen's path = %v; the test needs a path of two", want)
	}
	dg := newDeferredGroup(ctx)
	if dg.Path != nil || dg.FieldSet == nil || dg.Defers == nil || dg.Context != ctx {
		t.Fatalf("newDeferredGroup = %+v; want no path yet, a field set, a map and the context", dg)
	}
	if got := withDeferredPath(dg).Path; got.String() != want.String() {
		t.Errorf("withDeferredPath(...).Path = %v; want %v", got, want)
	}
}

// TestGeneratedIsPatched fails when the committed executor still holds
// the calls graph/internal/genpatch replaces: go generate ./graph was run
// without its second step.
func TestGeneratedIsPatched(t *testing.T) {
	src, err := os.ReadFile("generated.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ gone, present string }{
		{"MarshalSliceConcurrently(", "marshalSliceInOrder("},
		{"graphql.NewDeferredGroup(", "newDeferredGroup(ctx)"},
		{"ec.ProcessDeferredGroup(deferred)", "ec.ProcessDeferredGroup(withDeferredPath(deferred))"},
	} {
		if bytes.Contains(src, []byte(c.gone)) {
			t.Errorf("generated.go calls %s: run go generate ./graph", c.gone)
		}
		if !bytes.Contains(src, []byte(c.present)) {
			t.Errorf("generated.go never calls %s", c.present)
		}
	}
}
