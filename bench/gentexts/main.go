// Command gentexts writes the search texts that bench/load.sh sends to
// pactgraph and to the plain-Bleve baseline: N distinct texts of one to
// three words drawn from the corpus's words, one a line. The records are
// the embedded corpus plus -corpus DIR, loaded as pactgraph loads them.
//
//	go run ./bench/gentexts -corpus /tmp/corpus -n 20000 -seed 1 -out texts.txt
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"pactgraph/bench/internal/texts"
	"pactgraph/loader"
)

func main() {
	dir := flag.String("corpus", "", "a corpus `DIR` added to the embedded one (as from gencorpus)")
	n := flag.Int("n", 20000, "how many distinct texts")
	seed := flag.Uint64("seed", 1, "random seed")
	out := flag.String("out", "", "output `FILE` (required)")
	flag.Parse()
	if *out == "" || *n < 1 {
		fmt.Fprintln(os.Stderr, "gentexts: -out FILE and -n ≥ 1 are required")
		os.Exit(2)
	}
	corpora := []loader.Corpus{loader.Builtin()}
	if *dir != "" {
		corpora = append(corpora, loader.Dir(*dir))
	}
	l, err := loader.Load(context.Background(), corpora)
	if err != nil {
		fail(err)
	}
	list, err := texts.Generate(l.Docs, *n, *seed)
	if err != nil {
		fail(err)
	}
	f, err := os.Create(*out)
	if err != nil {
		fail(err)
	}
	if err := texts.Write(f, list); err != nil {
		fail(err)
	}
	if err := f.Close(); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "gentexts: %v\n", err)
	os.Exit(1)
}
