package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"pactgraph/loader"
)

const checkUsage = `Usage: pactgraph check [flags]

Reads the corpora and prints each fact of the curated data that has no
source of record (a depositary or treaty-series record, an official
document, a peer-reviewed dataset or scholarship), each source that is weak
(a mirror, scraper, content farm, blog, propaganda outlet or document dump)
and each source whose domain is not classified. Exits 0 when there is
none, 1 when there is any, 2 for a usage error.

Flags:
`

// checkCommand is the data test a researcher can run on any corpus.
func checkCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cf corpusFlags
	cf.register(fs)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), checkUsage)
		fs.PrintDefaults()
	}
	// check reads no environment variables (its corpora are the ones named).
	if err := parseFlags(fs, args, flagRules{env: noEnv}); err != nil {
		return err // an argument too: check takes none
	}
	corpora, err := cf.corpora()
	if err != nil {
		return err
	}
	l, err := loader.Load(ctx, corpora)
	if err != nil {
		return err
	}
	problems := l.Entities.CheckSources()
	for _, p := range problems {
		fmt.Fprintln(stdout, p)
	}
	if len(problems) > 0 {
		return fmt.Errorf("check: %d facts or sources cannot be cited as they stand", len(problems))
	}
	fmt.Fprintln(stdout, "every fact has a source of record")
	return nil
}
