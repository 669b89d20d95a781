package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"

	"pactgraph/loader"
)

func index(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("index", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cf corpusFlags
	cf.register(fs)
	out := fs.String("index", "", "where to write the index `DIR` (required; env PACTGRAPH_INDEX)")
	if err := parseFlags(fs, args, flagRules{}); err != nil {
		return err
	}
	if *out == "" {
		return usageError{errors.New("index: -index DIR is required")}
	}
	corpora, err := cf.corpora()
	if err != nil {
		return err
	}
	st, err := loader.WriteIndex(ctx, corpora, *out)
	if err != nil {
		return err
	}
	for _, n := range st.Notices {
		fmt.Fprintln(stderr, "pactgraph: notice:", n)
	}
	fmt.Fprintf(stdout, "indexed %d documents, %d passages, %d records into %s in %s (%.0f records/s)\n",
		st.Documents, st.Passages, st.Records, *out, st.Elapsed.Round(time.Millisecond),
		float64(st.Records)/st.Elapsed.Seconds())
	return nil
}

// indexCommand runs index with its progress drawn on stderr when stderr is
// a terminal, and clears the progress line when it ends.
func indexCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if !isTerminal(stderr) || helpAsked(args) {
		return index(ctx, args, stdout, stderr)
	}
	p := &progressLine{w: stderr}
	err := index(loader.WithProgress(ctx, p.report), args, stdout, stderr)
	p.clear()
	return err
}

// progressLine redraws one line in place: the stage, how far it is, the
// rate and the time left.
type progressLine struct {
	w     io.Writer
	drawn time.Time
	shown bool
}

func (p *progressLine) report(pr loader.Progress) {
	if pr.Done < pr.Total && time.Since(p.drawn) < 100*time.Millisecond {
		return
	}
	if pr.Stage == loader.StageIndex && pr.Done == pr.Total {
		p.clear() // the last stage is done: the summary follows
		return
	}
	p.drawn = time.Now()
	p.shown = true
	fmt.Fprint(p.w, "\r\x1b[K"+progressText(pr))
}

func (p *progressLine) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// progressText is one progress line: "indexing records  12,000/35,000
// 4,020/s  6s left".
func progressText(pr loader.Progress) string {
	what := "reading documents"
	if pr.Stage == loader.StageIndex {
		what = "indexing records"
	}
	text := fmt.Sprintf("%s  %s/%s", what, thousands(pr.Done), thousands(pr.Total))
	secs := pr.Elapsed.Seconds()
	if pr.Done > 0 && secs > 0 {
		rate := float64(pr.Done) / secs
		text += fmt.Sprintf("  %s/s", thousands(int(rate+0.5)))
		if pr.Done < pr.Total {
			left := time.Duration(float64(pr.Total-pr.Done) / rate * float64(time.Second))
			text += "  " + roundLeft(left) + " left"
		}
	}
	return text
}

func roundLeft(d time.Duration) string {
	if d < time.Second {
		return "<1s"
	}
	return d.Round(time.Second).String()
}

// thousands writes 12345 as 12,345.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
