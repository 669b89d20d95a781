package main

// One flag and env parser for every command (see parseFlags), and the
// flags several commands share.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"

	"pactgraph/export"
	"pactgraph/graph"
	"pactgraph/loader"
)

// corpusFlags are the flags that choose the corpora, shared by serve and
// index.
type corpusFlags struct {
	dirs    []string
	builtin bool
}

func (c *corpusFlags) register(fs *flag.FlagSet) {
	c.builtin = true
	fs.Func("corpus", "a corpus `DIR` added to the embedded one (repeatable or comma-separated; env PACTGRAPH_CORPUS)", func(v string) error {
		c.dirs = append(c.dirs, splitList(v)...)
		return nil
	})
	fs.BoolVar(&c.builtin, "builtin", true, "include the embedded default corpus (env PACTGRAPH_BUILTIN)")
}

// withIndex refuses corpus flags beside -index: a prebuilt index serves
// the corpus it was built from, and a -corpus it cannot honour must not be
// ignored silently.
func (c *corpusFlags) withIndex(indexDir string) error {
	if indexDir == "" {
		return nil
	}
	if len(c.dirs) > 0 || !c.builtin {
		return usageError{fmt.Errorf("-index %s serves the corpus it was built from: leave out -corpus and -builtin, or rebuild it with `pactgraph index -index %s -corpus DIR`", indexDir, indexDir)}
	}
	return nil
}

func (c *corpusFlags) corpora() ([]loader.Corpus, error) {
	var out []loader.Corpus
	if c.builtin {
		out = append(out, loader.Builtin())
	}
	for _, d := range c.dirs {
		info, err := os.Stat(d)
		if err != nil {
			return nil, usageError{fmt.Errorf("-corpus %s: %w", d, err)}
		}
		if !info.IsDir() {
			return nil, usageError{fmt.Errorf("-corpus %s: not a directory", d)}
		}
		out = append(out, loader.Dir(d))
	}
	if len(out) == 0 {
		return nil, usageError{errors.New("no corpus: give -corpus DIR or leave -builtin on")}
	}
	return out, nil
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// flagRules say how a command reads its command line.
type flagRules struct {
	// args says where arguments that are not flags may stand.
	args argRule
	// env chooses the flags that fall back on their environment variable
	// (envName); nil gives every flag one, noEnv none.
	env func(name string) bool
	// before, when set, runs once the command line is read and before the
	// variables are, with the arguments; an error it returns stops.
	before func(args []string) error
}

// argRule is where a command takes arguments.
type argRule int

const (
	noArgs         argRule = iota // none: an argument is a usage error
	argsAfterFlags                // from the first argument on, everything is an argument (fs.Args)
	argsAnywhere                  // flags before and after the arguments
)

// noEnv gives no flag an environment variable.
func noEnv(string) bool { return false }

// parseFlags is the one flag parser of every command: it reads args by the
// rules, then sets each flag not given on the command line from its
// environment variable; a flag given on the command line wins. A mistake is
// a usageError (exit 2); -h, -help and --help give flag.ErrHelp.
func parseFlags(fs *flag.FlagSet, args []string, rules flagRules) error {
	positional, err := parseArgs(fs, args, rules.args == argsAnywhere)
	if err != nil {
		return err
	}
	if rules.args == noArgs && len(positional) > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", positional[0])}
	}
	if rules.before != nil {
		if err := rules.before(positional); err != nil {
			return err
		}
	}
	return applyEnv(fs, rules.env)
}

// parseArgs reads the flags of args and returns the other arguments. With
// anywhere, flags may follow arguments; else the first argument ends the
// flags.
func parseArgs(fs *flag.FlagSet, args []string, anywhere bool) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err}
		}
		if !anywhere || fs.NArg() == 0 {
			return append(positional, fs.Args()...), nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// envName is a flag's environment fallback: PACTGRAPH_ and the flag's name
// in capitals, dashes as underscores (-signed-from: PACTGRAPH_SIGNED_FROM).
func envName(flagName string) string {
	return "PACTGRAPH_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// applyEnv sets each flag not given on the command line from its variable.
func applyEnv(fs *flag.FlagSet, only func(name string) bool) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if err != nil || given[f.Name] || (only != nil && !only(f.Name)) || flagAliases[f.Name] != "" {
			return
		}
		if alias := aliasOf(f.Name); alias != "" && given[alias] {
			return
		}
		if v, ok := os.LookupEnv(envName(f.Name)); ok {
			if e := fs.Set(f.Name, v); e != nil {
				err = usageError{fmt.Errorf("%s=%q: %w", envName(f.Name), v, e)}
			}
		}
	})
	return err
}

// flagAliases are short flags that share a long flag's variable (and its
// env fallback).
var flagAliases = map[string]string{"o": "output"}

func aliasOf(long string) string {
	for short, l := range flagAliases {
		if l == long {
			return short
		}
	}
	return ""
}

// queryFlags collects the flags that become export parameters (the same
// names as the HTTP routes' query parameters).
type queryFlags struct {
	values url.Values
	flags  map[string]string // flag name → parameter name
}

// paramFlags are the flags of the export parameters, with their help; the
// date parameters are spelled the command-line way.
var paramFlags = []struct {
	param, flag, help string
	list              bool
}{
	{"q", "q", "the search `TEXT`", false},
	{"mode", "mode", "how the text is read, `MODE`: SIMPLE (a search box: words, \"phrases\", -word) or ADVANCED (field:value, prefix*, ranges)", false},
	{"types", "types", "only these result `TYPES`: PASSAGE, AGREEMENT, ORGANIZATION, COUNTRY, TREND, TOPIC", true},
	{"kind", "kind", "agreement `KIND`: BILATERAL or MULTILATERAL", true},
	{"theme", "theme", "agreement `THEME`, e.g. arms-control", true},
	{"party", "party", "country `CODE` (ISO 3166-1 alpha-3) among the parties, members or countries named", true},
	{"organization", "organization", "organization `ID`, e.g. nato", true},
	{"agreement", "agreement", "agreement `ID`, e.g. jcpoa (the agreement and the passages that mention it)", true},
	{"trend", "trend", "trend `ID`", true},
	{"topic", "topic", "topic `ID`", true},
	{"document", "document", "document `ID`", true},
	{"decade", "decade", "decade of signature, as its first `YEAR` (1990)", true},
	{"century", "century", "century of signature, as its first `YEAR` (1900)", true},
	{"obligation", "obligation", "`OBLIGATION` (ATOP): DEFENSE, OFFENSE, NEUTRALITY, NONAGGRESSION, CONSULTATION", true},
	{"textOf", "text-of", "agreement `ID` whose text the passages are, e.g. north-atlantic-treaty", true},
	{"article", "article", "passages of the article `NUMBER` of a legal text, e.g. 5 or IV", true},
	{"language", "language", "read the search in this `LANGUAGE` and return only its records: en, nl, fr, de, es, it or pt", false},
	{"highlight", "highlight", "mark the matches in fragments, `BOOL`: true (default) or false", false},
	{"spreadsheet", "spreadsheet", "for spreadsheets, `BOOL`: CSV cells that begin with =, +, -, @ get a leading ' so they are not run as formulas (default false)", false},
	{"limit", "limit", "at most `N` rows, 1 to 10000 (default: all, up to 10000)", false},
	{"signedFrom", "signed-from", "signed on or after this `DATE` (YYYY, YYYY-MM or YYYY-MM-DD)", false},
	{"signedTo", "signed-to", "signed on or before this `DATE`", false},
	{"activeOn", "active-on", "in force on this `DATE`", false},
	{"rows", "rows", "what a row is, `ROWS`: agreement (default; the parties joined) or party (one row per agreement and party)", false},
}

// register adds the flags of params to fs.
func (q *queryFlags) register(fs *flag.FlagSet, params []string) {
	q.values = url.Values{}
	q.flags = map[string]string{}
	for _, p := range paramFlags {
		if !slices.Contains(params, p.param) {
			continue
		}
		q.flags[p.flag] = p.param
		help := p.help
		if p.list {
			help += " (repeatable or comma-separated)"
		}
		help += " (env " + envName(p.flag) + ")"
		fs.Func(p.flag, help, func(v string) error {
			if p.list {
				q.values.Add(p.param, v)
			} else {
				q.values.Set(p.param, v)
			}
			return nil
		})
	}
}

// flagOf names a parameter as its flag.
func (q *queryFlags) flagOf(param string) string {
	for f, p := range q.flags {
		if p == param {
			return f
		}
	}
	return param
}

// commandError turns an error of the API into the command's: a mistake of
// the user's (a bad flag value or search text) is a usage error (exit 2),
// anything else exits 1.
func commandError(cmd string, info export.ErrorInfo, q *queryFlags) error {
	msg := info.Message
	if info.Argument != "" && q != nil {
		msg = "-" + q.flagOf(info.Argument) + strings.TrimPrefix(msg, info.Argument)
	}
	err := fmt.Errorf("%s: %s (%s)", cmd, msg, info.Code)
	switch info.Code {
	case graph.CodeBadUserInput, graph.CodeBadQuery, graph.CodeTooExpensive:
		return usageError{err}
	}
	return err
}

// openState builds the corpora's index in memory, or opens a prebuilt one.
func openState(ctx context.Context, cf *corpusFlags, indexDir string) (*graph.State, error) {
	if err := cf.withIndex(indexDir); err != nil {
		return nil, err
	}
	if indexDir != "" {
		cat, ix, err := loader.OpenIndex(indexDir)
		if err != nil {
			return nil, err
		}
		return &graph.State{Catalog: cat, Index: ix}, nil
	}
	corpora, err := cf.corpora()
	if err != nil {
		return nil, err
	}
	cat, ix, _, err := loader.Build(ctx, corpora, "")
	if err != nil {
		return nil, err
	}
	return &graph.State{Catalog: cat, Index: ix}, nil
}
