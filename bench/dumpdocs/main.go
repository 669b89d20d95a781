// Command dumpdocs writes the records pactgraph indexes (every passage and
// every entity, as the loader builds them for the search index) as NDJSON,
// one object a line: id, type, name, aliases, heading, body, and for a
// passage the path of its document inside its corpus. Other engines
// index this dump so that a comparison runs over exactly pactgraph's records.
//
//	go run ./bench/dumpdocs [-corpus DIR] [-builtin=false] > docs.ndjson
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"pactgraph/loader"
)

// record is one line of the dump.
type record struct {
	ID      string   `json:"id"`
	Type    string   `json:"type"`
	Name    string   `json:"name,omitempty"`
	Aliases []string `json:"aliases,omitempty"`
	Heading string   `json:"heading,omitempty"`
	Body    string   `json:"body,omitempty"`
	Path    string   `json:"path,omitempty"` // a passage's document file, for judgments that name it
}

func main() {
	var dirs []string
	flag.Func("corpus", "a corpus `DIR` added to the embedded one (repeatable or comma-separated)", func(v string) error {
		for _, d := range strings.Split(v, ",") {
			if d = strings.TrimSpace(d); d != "" {
				dirs = append(dirs, d)
			}
		}
		return nil
	})
	builtin := flag.Bool("builtin", true, "include the embedded default corpus")
	flag.Parse()
	if err := dump(dirs, *builtin); err != nil {
		fmt.Fprintln(os.Stderr, "dumpdocs:", err)
		os.Exit(1)
	}
}

func dump(dirs []string, builtin bool) error {
	var corpora []loader.Corpus
	if builtin {
		corpora = append(corpora, loader.Builtin())
	}
	for _, d := range dirs {
		if info, err := os.Stat(d); err != nil || !info.IsDir() {
			return fmt.Errorf("-corpus %s: not a readable directory", d)
		}
		corpora = append(corpora, loader.Dir(d))
	}
	if len(corpora) == 0 {
		return fmt.Errorf("no corpus: give -corpus DIR or leave -builtin on")
	}
	loaded, err := loader.Load(context.Background(), corpora)
	if err != nil {
		return err
	}
	paths := map[string]string{} // document id → path
	for _, d := range loaded.Catalog.Documents {
		paths[d.ID] = d.Path
	}
	w := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(w)
	for _, d := range loaded.Docs {
		r := record{ID: d.ID, Type: d.Type, Name: d.Name, Aliases: d.Aliases, Heading: d.Heading, Body: d.Body, Path: paths[d.Document]}
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return w.Flush()
}
