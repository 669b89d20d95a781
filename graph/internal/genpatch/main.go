// Command genpatch rewrites gqlgen's generated executor where gqlgen's
// general choices cost every search CPU that pactgraph's resolvers do not
// need. From graph/, after gqlgen generate:
//
//	go run ./internal/genpatch generated.go
//
// It fails when the file holds none of a rewrite's calls, so that a gqlgen
// release which renames them is noticed rather than silently ignored. The
// rewrites:
//
//   - gqlgen marshals every list of objects with
//     graphql.MarshalSliceConcurrently, a goroutine per element. That pays
//     when each element waits on a database; pactgraph's resolvers read
//     memory, so the goroutines only added cost (a search page of 10 edges
//     with their highlights started about 30, and their stack growth,
//     scheduling and synchronisation were a tenth of the server's CPU).
//     The rewrite calls marshalSliceInOrder (graph/genpatch.go), which
//     keeps the signature, the field context per element and the panic
//     handling.
//   - gqlgen starts a deferred group for every object it marshals, and
//     works out the object's path for it at once, although the path is
//     read only when a field of the object is deferred (@defer). The
//     rewrite starts the group with newDeferredGroup and works the path
//     out in withDeferredPath, only when the group is processed.
package main

import (
	"bytes"
	"fmt"
	"os"
)

// rewrites are the calls replaced, each with its replacement.
var rewrites = []struct{ from, to string }{
	{"graphql.MarshalSliceConcurrently(", "marshalSliceInOrder("},
	{"graphql.NewDeferredGroup(ctx)", "newDeferredGroup(ctx)"},
	{"ec.ProcessDeferredGroup(deferred)", "ec.ProcessDeferredGroup(withDeferredPath(deferred))"},
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: genpatch GENERATED.go")
		os.Exit(2)
	}
	if err := rewrite(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "genpatch:", err)
		os.Exit(1)
	}
}

func rewrite(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for _, r := range rewrites {
		n := bytes.Count(src, []byte(r.from))
		if n == 0 {
			if bytes.Contains(src, []byte(r.to)) {
				continue // already rewritten
			}
			return fmt.Errorf("%s calls no %s: has gqlgen changed its executor?", path, r.from)
		}
		src = bytes.ReplaceAll(src, []byte(r.from), []byte(r.to))
		fmt.Printf("genpatch: %s: %d × %s → %s\n", path, n, r.from, r.to)
	}
	return os.WriteFile(path, src, 0o644)
}
