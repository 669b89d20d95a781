// Command inorder rewrites gqlgen's generated executor so that the elements
// of a list are marshalled one after another on the request's goroutine
// instead of one goroutine each.
//
// gqlgen marshals every list of objects with graphql.MarshalSliceConcurrently,
// which starts a goroutine per element. That pays when each element waits on
// a database; pactgraph's resolvers read memory, so the goroutines only add
// cost: a search page of 10 edges with their highlights started about 30 of
// them per request, and their stack growth, scheduling and synchronisation
// were a tenth of the server's CPU under load. The rewrite calls
// marshalSliceInOrder (graph/inorder.go) instead, which keeps the signature,
// the field context per element and the panic handling.
//
//	go run ./internal/inorder generated.go   (from graph/, after gqlgen generate)
//
// It fails when the file holds no call to rewrite, so that a gqlgen release
// which renames the function is noticed rather than silently ignored.
package main

import (
	"bytes"
	"fmt"
	"os"
)

const (
	from = "graphql.MarshalSliceConcurrently("
	to   = "marshalSliceInOrder("
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: inorder GENERATED.go")
		os.Exit(2)
	}
	if err := rewrite(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "inorder:", err)
		os.Exit(1)
	}
}

func rewrite(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	n := bytes.Count(src, []byte(from))
	if n == 0 {
		if bytes.Contains(src, []byte(to)) {
			return nil // already rewritten
		}
		return fmt.Errorf("%s calls no %s: has gqlgen changed how it marshals lists?", path, from)
	}
	out := bytes.ReplaceAll(src, []byte(from), []byte(to))
	if err := os.WriteFile(path, out, 0o644); err != nil {
		return err
	}
	fmt.Printf("inorder: %s: %d list marshallers run in order\n", path, n)
	return nil
}
