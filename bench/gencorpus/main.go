// Command gencorpus writes a synthetic pactgraph corpus for benchmarks: a
// directory in the real corpus format (Markdown documents of a few hundred
// passages each, and entities/*.json with generated agreements and
// organizations), the same bytes for the same flags.
//
//	go run ./bench/gencorpus -passages 10000 -agreements 500 -seed 1 -out /tmp/corpus
//	go run . index -corpus /tmp/corpus -index /tmp/index
//
// Generated ids start with "gen-", and the entities refer to countries of the
// embedded corpus: load a generated corpus together with the embedded one
// (the default), not with -builtin=false.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"pactgraph/bench/internal/synth"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "gencorpus:", err)
			os.Exit(2)
		}
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gencorpus", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg synth.Config
	fs.IntVar(&cfg.Passages, "passages", 1000, "passages to generate (one paragraph each)")
	fs.IntVar(&cfg.Agreements, "agreements", 100, "agreements to generate (organizations: a tenth of them, at least 3)")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "random seed: the same flags give the same bytes")
	fs.IntVar(&cfg.Vocabulary, "vocab", 40000, "made-up words in the vocabulary")
	fs.IntVar(&cfg.PerDocument, "per-doc", 400, "passages per document")
	out := fs.String("out", "", "the corpus `DIR` to write (created; must not hold an earlier corpus)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case *out == "":
		return errors.New("-out DIR is required")
	case fs.NArg() > 0:
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	case cfg.Passages < 1 || cfg.Agreements < 1 || cfg.Vocabulary < 100 || cfg.PerDocument < 1:
		return errors.New("-passages, -agreements and -per-doc must be at least 1, -vocab at least 100")
	}
	if entries, err := os.ReadDir(*out); err == nil && len(entries) > 0 {
		return fmt.Errorf("%s is not empty: choose a new directory (an earlier corpus there would be loaded too)", *out)
	}
	sum, err := synth.Generate(*out, cfg)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d passages in %d documents (%.1f MB), %d agreements, %d organizations to %s\n",
		sum.Passages, sum.Documents, float64(sum.Bytes)/1e6, sum.Agreements, sum.Organizations, *out)
	return nil
}
