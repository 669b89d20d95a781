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
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		stop() // a second SIGINT or SIGTERM ends the process at once
	}()
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
		stderr = stdout // usage asked for is output (see helpAsked)
	}
	switch cmd {
	case "serve":
		if len(args) == 1 && helpAsked(args) {
			fmt.Fprint(stdout, usage+"\n")
		}
		return serve(ctx, args, stderr)
	case "index":
		return interruptible(ctx, func() error { return indexCommand(ctx, args, stdout, stderr) })
	case "search":
		return interruptible(ctx, func() error { return searchCommand(ctx, args, stdout, stderr) })
	case "export":
		return interruptible(ctx, func() error { return exportCommand(ctx, args, stdout, stderr) })
	case "check":
		return interruptible(ctx, func() error { return checkCommand(ctx, args, stdout, stderr) })
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

// stopBound is how long a command has to end once SIGINT or SIGTERM
// arrives. Commands check for the signal between their steps, but a read
// or an open that waits in the kernel (a named pipe with no reader, a
// network file system that does not answer) does not see it.
const stopBound = 3 * time.Second

// interruptible runs a command; after a signal, a command that has not
// ended within stopBound is left behind with an error, and the process
// exits.
func interruptible(ctx context.Context, command func() error) error {
	done := make(chan error, 1)
	go func() { done <- command() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	select {
	case err := <-done:
		if err != nil && errors.Is(err, context.Canceled) {
			return fmt.Errorf("interrupted: %w", err)
		}
		return err
	case <-time.After(stopBound):
		return fmt.Errorf("interrupted, and still waiting %s later (on a file or pipe that does not answer?); stopped without finishing", stopBound)
	}
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
