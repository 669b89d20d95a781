// Command hostile measures how one pactgraph binary takes the hostile
// inputs of docs/hostile.md (items 4 to 10): memory and time. It starts
// the binary as a server or a command for each item, on loopback only, and
// prints one line per figure: item, what, value. bench/hostile/measure.sh
// runs it on the builds before and after and is the way to call it.
//
//	go run ./bench/hostile -bin /tmp/pactgraph -work /tmp/w -corpus30k /tmp/c30k -index30k /tmp/i30k
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

type config struct {
	bin, work, corpus30k, index30k string
}

func main() {
	var c config
	flag.StringVar(&c.bin, "bin", "", "the pactgraph `binary` to measure")
	flag.StringVar(&c.work, "work", "", "a scratch `DIR` (created)")
	flag.StringVar(&c.corpus30k, "corpus30k", "", "a corpus `DIR` from bench/gencorpus -passages 30000 (items 5, 6)")
	flag.StringVar(&c.index30k, "index30k", "", "that corpus's index `DIR`, built by -bin (items 5, 6)")
	items := flag.String("items", "4,5,6,7,8,9,10", "the items to measure")
	flag.Parse()
	if c.bin == "" || c.work == "" {
		fatalf("-bin and -work are required")
	}
	if err := os.MkdirAll(c.work, 0o755); err != nil {
		fatalf("%v", err)
	}
	run := map[string]func(config){
		"4": item4, "5": item5, "6": item6, "7": item7, "8": item8, "9": item9, "10": item10,
	}
	for _, it := range strings.Split(*items, ",") {
		f := run[strings.TrimSpace(it)]
		if f == nil {
			fatalf("no item %q", it)
		}
		f(c)
	}
}

// report prints one figure.
func report(item, what string, format string, args ...any) {
	fmt.Printf("%s\t%s\t%s\n", item, what, fmt.Sprintf(format, args...))
}
