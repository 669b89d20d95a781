// Command pactgraph serves a GraphQL knowledge API with full-text search
// about bilateral and multilateral security agreements.
//
//	pactgraph [serve] [-addr :8080] [-corpus DIR]... [-builtin=false] [-index DIR]
//	pactgraph index -index OUT [-corpus DIR]... [-builtin=false]
//	pactgraph search [flags] QUERY...
//	pactgraph export [flags] {search|agreements}
//	pactgraph version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "pactgraph:", err)
		}
		os.Exit(exitCode(err))
	}
}

func exitCode(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}

type usageError struct{ error }

const usage = `pactgraph: a GraphQL knowledge API about security agreements

Usage:
  pactgraph [serve] [flags]   serve the corpus (GraphQL at /graphql, explorer at /)
  pactgraph index [flags]     build an on-disk index (atomic)
  pactgraph search [flags] QUERY...
                              search the corpus and print the ranked hits
  pactgraph export [flags] {search|agreements}
                              write search hits or agreements as CSV or NDJSON
  pactgraph check [flags]     print each curated fact without a source of record
  pactgraph version           print the module, Go and mapping versions

Run "pactgraph COMMAND -help" (or "pactgraph help COMMAND") for a command's flags.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	if helpAsked(args) {
		stderr = stdout // usage asked for is output (cli.go)
	}
	switch cmd {
	case "serve":
		if len(args) == 1 && helpAsked(args) {
			fmt.Fprint(stdout, usage+"\n")
		}
		return serve(ctx, args, stderr)
	case "index":
		return indexCommand(ctx, args, stdout, stderr)
	case "search":
		return searchCommand(ctx, args, stdout, stderr)
	case "export":
		return exportCommand(ctx, args, stdout, stderr)
	case "check":
		return checkCommand(ctx, args, stdout, stderr)
	case "version":
		return versionCommand(args, stdout, stderr)
	case "help":
		if len(args) > 0 {
			return run(ctx, []string{args[0], "-help"}, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError{fmt.Errorf("unknown command %q", cmd)}
}

// helpAsked reports whether args ask for usage (-h, -help or --help before
// any "--"). Usage asked for is output: it goes to stdout, and the command
// exits 0.
func helpAsked(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help", "-h=true", "-help=true", "--help=true":
			return true
		}
	}
	return false
}
