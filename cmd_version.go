package main

import (
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strconv"

	"pactgraph/search"
)

const versionUsage = `Usage: pactgraph version

Prints the module version, the Go version it was built with and the index
mapping version (an index built with another mapping version is rebuilt).
`

func versionCommand(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(fs.Output(), versionUsage) }
	if err := parseFlags(fs, args, flagRules{env: noEnv}); err != nil {
		return err
	}
	printVersion(stdout)
	return nil
}

func printVersion(w io.Writer) {
	version := "(devel)"
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		version = info.Main.Version
	}
	fmt.Fprintf(w, "pactgraph %s\ngo %s\nmapping %s\n", version, runtime.Version(), strconv.Itoa(search.MappingVersion))
}
