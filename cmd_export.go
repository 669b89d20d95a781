package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"pactgraph/export"
	"pactgraph/graph"
)

const exportUsage = `Usage: pactgraph export [flags] {search|agreements} [flags]

Writes search hits or agreements as CSV or NDJSON, with the same columns as
the server's /export/search.csv and /export/agreements.csv (and .ndjson):
the same code writes both. Flags may come before or after the table.

  pactgraph export -q 'nuclear deal' -types AGREEMENT search
  pactgraph export -party USA,JPN -rows party -o dyad.csv agreements

search takes -q (required), -mode, -types, the filters (-kind, -theme,
-party, -organization, -agreement, -trend, -topic, -document, -decade,
-century, -obligation), -highlight and -limit; agreements takes -kind,
-theme, -party, -organization, -obligation, -signed-from, -signed-to,
-active-on, -rows and -limit. Lists are joined with ";" in CSV and are
arrays in NDJSON.

With -o a file appears only when the export is complete (keeping the mode
of the file it replaces; a symlink is followed, a pipe or device written
through). An export that
fails after it began writing to stdout ends NDJSON with an {"error": ...}
line. Exit status: 0, 2 for a usage error or parameters the API refuses,
1 otherwise.

Flags (each with an env fallback; a flag on the command line wins):
`

// exportConfig is export's command line.
type exportConfig struct {
	corpus                          corpusFlags
	indexDir, format, output, table string
	q                               queryFlags
}

func parseExport(args []string, stderr io.Writer) (*exportConfig, error) {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), exportUsage)
		fs.PrintDefaults()
	}
	c := &exportConfig{}
	c.corpus.register(fs)
	fs.StringVar(&c.indexDir, "index", "", "export from a prebuilt index `DIR` (from pactgraph index) instead of building one (env PACTGRAPH_INDEX)")
	fs.StringVar(&c.format, "format", "", "`csv` or ndjson (default: ndjson for an -o file named .ndjson or .jsonl, else csv; env PACTGRAPH_FORMAT)")
	fs.StringVar(&c.output, "output", "", "write to `FILE` instead of stdout (env PACTGRAPH_OUTPUT)")
	fs.StringVar(&c.output, "o", "", "write to `FILE` (the same as -output)")
	c.q.register(fs, append(export.Params(export.TableSearch), export.Params(export.TableAgreements)...))
	// A flag of a parameter applies when its table takes the parameter;
	// its variable is read only then: PACTGRAPH_Q set for search exports
	// does not break agreements exports.
	var params []string
	applies := func(name string) bool {
		p, isParam := c.q.flags[name]
		return !isParam || slices.Contains(params, p)
	}
	err := parseFlags(fs, args, flagRules{args: argsAnywhere, env: applies, before: func(args []string) error {
		if len(args) == 0 {
			fs.Usage()
			return usageError{errors.New("export: name the table: search or agreements")}
		}
		c.table = args[0]
		if len(args) > 1 {
			return usageError{fmt.Errorf("export: unexpected argument %q (flags go before or after the table)", args[1])}
		}
		if params = export.Params(c.table); params == nil {
			return usageError{fmt.Errorf("export: unknown table %q: search or agreements", c.table)}
		}
		return misplaced(fs, c.table, applies)
	}})
	if err != nil {
		return nil, err
	}
	return c, c.checkFormat()
}

// misplaced refuses the flags given that do not apply to the table.
func misplaced(fs *flag.FlagSet, table string, applies func(name string) bool) error {
	var names []string
	fs.Visit(func(f *flag.Flag) {
		if !applies(f.Name) {
			names = append(names, "-"+f.Name)
		}
	})
	if len(names) > 0 {
		return usageError{fmt.Errorf("export %s: %s does not apply to this table", table, strings.Join(names, ", "))}
	}
	return nil
}

// checkFormat chooses the format the output's name suggests when none is
// given, and checks that a search has its text.
func (c *exportConfig) checkFormat() error {
	if c.format == "" {
		c.format = export.FormatCSV
		if ext := strings.ToLower(filepath.Ext(c.output)); ext == ".ndjson" || ext == ".jsonl" {
			c.format = export.FormatNDJSON
		}
	}
	if c.format != export.FormatCSV && c.format != export.FormatNDJSON {
		return usageError{fmt.Errorf("export: -format %s: give csv or ndjson", c.format)}
	}
	if c.table == export.TableSearch && strings.TrimSpace(c.q.values.Get("q")) == "" {
		return usageError{errors.New("export search: give the search text with -q")}
	}
	return nil
}

func exportCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseExport(args, stderr)
	if err != nil {
		return err
	}
	st, err := openState(ctx, &c.corpus, c.indexDir)
	if err != nil {
		return err
	}
	defer st.Index.Close()
	out, err := newOutput(c.output, stdout)
	if err != nil {
		return err
	}
	var sum export.Summary
	job, err := export.Parse(c.table, c.format, c.q.values)
	if err == nil {
		sum, err = export.Write(ctx, st, job, out)
	}
	if err == nil {
		err = out.commit()
	}
	if err != nil {
		out.discard()
		if info := export.DescribeError(err); info.Code != graph.CodeInternal {
			return commandError("export "+c.table, info, &c.q)
		}
		return fmt.Errorf("export %s: %w", c.table, err) // a disk or pipe error, in full
	}
	if c.output != "" {
		fmt.Fprintf(stderr, "wrote %d rows to %s\n", sum.Rows, c.output)
	}
	if sum.Rows < sum.Total && !c.q.values.Has("limit") {
		fmt.Fprintf(stderr, "pactgraph: export %s: wrote the first %d of %d rows, the most one export gives; narrow the export\n",
			c.table, sum.Rows, sum.Total)
	}
	return nil
}

// exportOutput is where an export goes: stdout, a file that appears under
// its name only when complete, or a pipe or device written through.
type exportOutput struct {
	*bufio.Writer
	file *os.File // the temporary file beside the target; nil otherwise
	dest *os.File // a pipe or device written through; nil otherwise
	name string
	mode os.FileMode
	// inPlace: the target has other hard links, which a rename would
	// leave on the old content; the complete export is copied into it.
	inPlace bool
}

// newOutput opens where -o points. A symlink is followed (the link stays);
// a regular file is replaced atomically, keeping its mode, or, when it has
// other hard links, written in place once the export is complete, so that
// every link sees it; a named pipe or a character device (/dev/stdout, a
// terminal) is written through; anything else (a directory, a socket) is
// refused.
func newOutput(name string, stdout io.Writer) (*exportOutput, error) {
	if name == "" || name == "-" {
		return &exportOutput{Writer: bufio.NewWriterSize(stdout, 64<<10)}, nil
	}
	target, mode, err := outputTarget(name)
	if err != nil {
		return nil, fmt.Errorf("export: -o %s: %w", name, err)
	}
	if mode&(os.ModeNamedPipe|os.ModeCharDevice) != 0 {
		f, err := os.OpenFile(target, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("export: -o %s: %w", name, err)
		}
		return &exportOutput{Writer: bufio.NewWriterSize(f, 64<<10), dest: f, name: name}, nil
	}
	f, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("export: -o %s: %w", name, err)
	}
	return &exportOutput{Writer: bufio.NewWriterSize(f, 64<<10), file: f, name: target, mode: mode.Perm(),
		inPlace: hardLinked(target)}, nil
}

// hardLinked reports whether the regular file at name has more than one
// link.
func hardLinked(name string) bool {
	info, err := os.Stat(name)
	return err == nil && info.Mode().IsRegular() && linkCount(info) > 1
}

// outputTarget resolves name through symlinks and says what is there: the
// path to write and its mode (0644 for a new file).
func outputTarget(name string) (string, os.FileMode, error) {
	target := name
	if info, err := os.Lstat(name); err == nil && info.Mode()&os.ModeSymlink != 0 {
		if target, err = filepath.EvalSymlinks(name); err != nil {
			return "", 0, fmt.Errorf("a symlink to nothing that exists: %w", err)
		}
	}
	info, err := os.Stat(target)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return target, 0o644, nil
	case err != nil:
		return "", 0, err
	case info.Mode().IsRegular():
		return target, info.Mode(), nil
	case info.Mode()&(os.ModeNamedPipe|os.ModeCharDevice) != 0:
		return target, info.Mode(), nil
	case info.IsDir():
		return "", 0, errors.New("is a directory: name a file")
	}
	return "", 0, fmt.Errorf("is a %s, not a file, pipe or character device: nothing was written", fileKind(info.Mode()))
}

func fileKind(m os.FileMode) string {
	switch {
	case m&os.ModeSocket != 0:
		return "socket"
	case m&os.ModeDevice != 0:
		return "block device"
	}
	return "special file"
}

func (o *exportOutput) commit() error {
	if err := o.Flush(); err != nil {
		return err
	}
	if o.dest != nil {
		return o.dest.Close()
	}
	if o.file == nil {
		return nil
	}
	if o.inPlace {
		defer o.discard()
		return copyInPlace(o.file, o.name)
	}
	if err := o.file.Close(); err != nil {
		return err
	}
	if err := os.Chmod(o.file.Name(), o.mode); err != nil {
		return err
	}
	return os.Rename(o.file.Name(), o.name)
}

// copyInPlace writes the complete export in tmp over the file at name
// (its inode, links, owner and mode stay) and cuts what is left of the
// old content.
func copyInPlace(tmp *os.File, name string) error {
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return err
	}
	dst, err := os.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	n, err := io.Copy(dst, tmp)
	if err == nil {
		err = dst.Truncate(n)
	}
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s in place (it has other hard links): %w", name, err)
	}
	return nil
}

func (o *exportOutput) discard() {
	if o.file == nil {
		o.Flush() // stdout or a pipe keeps what was written, NDJSON's error line included
		if o.dest != nil {
			o.dest.Close()
		}
		return
	}
	o.file.Close()
	os.Remove(o.file.Name())
}
