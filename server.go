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
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"pactgraph/api"
	"pactgraph/graph"
	"pactgraph/loader"
	"pactgraph/search"
	"pactgraph/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
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
		stderr = stdout // usage asked for is output (cli.go)
	}
	switch cmd {
	case "serve":
		if len(args) == 1 && helpAsked(args) {
			fmt.Fprint(stdout, usage+"\n")
		}
		return serve(ctx, args, stderr)
	case "index":
		return indexCommand(ctx, args, stdout, stderr)
	case "search":
		return searchCommand(ctx, args, stdout, stderr)
	case "export":
		return exportCommand(ctx, args, stdout, stderr)
	case "check":
		return checkCommand(ctx, args, stdout, stderr)
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

// parseFlags parses args after applying env fallbacks; a flag given on the
// command line wins over its variable.
func parseFlags(fs *flag.FlagSet, args []string, env map[string]string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for name, variable := range env {
		v, ok := os.LookupEnv(variable)
		if !ok || given[name] {
			continue
		}
		if err := fs.Set(name, v); err != nil {
			return usageError{fmt.Errorf("%s=%q: %w", variable, v, err)}
		}
	}
	return nil
}

func serve(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cf corpusFlags
	cf.register(fs)
	addr := fs.String("addr", ":8080", "listen `address` (env PACTGRAPH_ADDR)")
	indexDir := fs.String("index", "", "serve a prebuilt index `DIR` instead of building one at start (env PACTGRAPH_INDEX)")
	introspection := fs.Bool("introspection", true, "answer introspection queries (env PACTGRAPH_INTROSPECTION)")
	grace := fs.Duration("grace", 10*time.Second, "how long in-flight requests may finish after SIGTERM (env PACTGRAPH_GRACE)")
	var corsOrigins []string
	fs.Func("cors-origins", "browser `origins` allowed to call /graphql from other sites, comma-separated (env PACTGRAPH_CORS_ORIGINS)", func(v string) error {
		corsOrigins = append(corsOrigins, splitList(v)...)
		return nil
	})
	pprofAddr := fs.String("pprof", "", "serve Go's pprof profiles on this `address` (loopback only, e.g. 127.0.0.1:6060; env PACTGRAPH_PPROF)")
	reloadTimeout := fs.Duration("reload-timeout", 10*time.Minute, "how long a reload (SIGHUP) may take before it is cancelled (env PACTGRAPH_RELOAD_TIMEOUT)")
	drain := fs.Duration("drain", 0, "after SIGTERM, keep serving this long with /readyz at 503 so load balancers stop sending (env PACTGRAPH_DRAIN)")
	err := parseFlags(fs, args, map[string]string{
		"addr": "PACTGRAPH_ADDR", "corpus": "PACTGRAPH_CORPUS", "builtin": "PACTGRAPH_BUILTIN",
		"index": "PACTGRAPH_INDEX", "introspection": "PACTGRAPH_INTROSPECTION", "grace": "PACTGRAPH_GRACE",
		"drain": "PACTGRAPH_DRAIN", "pprof": "PACTGRAPH_PPROF", "cors-origins": "PACTGRAPH_CORS_ORIGINS",
		"reload-timeout": "PACTGRAPH_RELOAD_TIMEOUT",
	})
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewJSONHandler(stderr, nil))
	tracing, err := setupTracing(ctx, os.Getenv, logger)
	if err != nil {
		return usageError{err}
	}
	defer tracing.shutdown(context.Background()) // sends the spans still buffered, within 5 s
	logger.Info("tracing", tracing.logAttrs()...)
	if err := cf.withIndex(*indexDir); err != nil {
		return err
	}
	var corpora []loader.Corpus
	if *indexDir == "" {
		if corpora, err = cf.corpora(); err != nil {
			return err
		}
	}

	// The State published replaces the one served, which closes once its
	// last request ends.
	snapshots := api.NewSnapshots(nil)
	publish := snapshots.Publish
	var draining atomic.Bool
	reloads := &api.Reloads{}
	h := api.NewHandler(api.Options{
		Snapshots: snapshots, Draining: draining.Load, Logger: logger, Introspection: *introspection,
		CORSOrigins: corsOrigins, Pages: web.Handler(), Tracer: tracing.provider, Reloads: reloads,
	})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := newHTTPServer(h, logger)
	if *pprofAddr != "" {
		if err := servePprof(*pprofAddr, logger); err != nil {
			ln.Close()
			return err
		}
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	logger.Info("listening", "addr", ln.Addr().String(), "explorer", "http://"+displayAddr(ln.Addr())+"/")

	loaded := make(chan error, 1)
	go func() { loaded <- load(ctx, logger, publish, corpora, *indexDir) }()

	// SIGHUP rebuilds (or reopens) the index and swaps it in under load;
	// requests in flight finish on the old one.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	rl := &reloader{timeout: *reloadTimeout, status: reloads, logger: logger, publish: publish,
		build: func(ctx context.Context, publish func(*graph.State)) error {
			return reload(ctx, logger, publish, corpora, *indexDir)
		}}
	defer rl.wait()
	go func() {
		for range hup {
			if snapshots.Current() == nil {
				continue // the first load is still running
			}
			rl.trigger(ctx)
		}
	}()

	select {
	case err := <-loaded:
		if err != nil {
			srv.Close()
			return err
		}
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	draining.Store(true) // /readyz answers 503 from now on
	logger.Info("shutting down", "drain", drain.String(), "grace", grace.String())
	time.Sleep(*drain)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), *grace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	snapshots.Close()
	logger.Info("stopped")
	return nil
}

// newHTTPServer is the server's configuration. net/http's own header
// bound is set high (1 MiB), since it answers in plain text: the handler
// answers a long URL with the JSON 414 and large headers with the JSON
// 431 the README describes.
func newHTTPServer(h http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    1 << 20,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// load builds the in-memory index, or opens a prebuilt one. A prebuilt index
// that cannot be opened (missing, damaged, held by another process) is
// retried, so the server stays up and unready instead of dying.
func load(ctx context.Context, logger *slog.Logger, publish func(*graph.State), corpora []loader.Corpus, dir string) error {
	if dir == "" {
		return reload(ctx, logger, publish, corpora, "")
	}
	for attempt := 0; ; attempt++ {
		err := reload(ctx, logger, publish, nil, dir)
		if err == nil {
			return nil
		}
		if attempt == 0 || attempt%30 == 0 {
			logger.Error("cannot open index; retrying every 2s", "index", dir, "err", err.Error())
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(2 * time.Second):
		}
	}
}

// reload makes a new State, from the corpora or the index directory, and
// publishes it.
func reload(ctx context.Context, logger *slog.Logger, publish func(*graph.State), corpora []loader.Corpus, dir string) error {
	start := time.Now()
	if dir == "" {
		cat, ix, st, err := loader.Build(ctx, corpora, "")
		if err != nil {
			return err
		}
		publish(&graph.State{Catalog: cat, Index: ix})
		for _, n := range cat.Notices {
			logger.Warn("corpus notice", "notice", n)
		}
		logger.Info("ready", "documents", st.Documents, "passages", st.Passages, "records", st.Records,
			"agreements", len(cat.Agreements), "version", cat.Version, "build_ms", time.Since(start).Milliseconds())
		return nil
	}
	cat, ix, err := loader.OpenIndex(dir)
	if err != nil {
		return err
	}
	n, _ := ix.Count()
	publish(&graph.State{Catalog: cat, Index: ix})
	logger.Info("ready", "index", dir, "records", n, "version", cat.Version, "open_ms", time.Since(start).Milliseconds())
	return nil
}

func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

func index(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("index", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cf corpusFlags
	cf.register(fs)
	out := fs.String("index", "", "where to write the index `DIR` (required; env PACTGRAPH_INDEX)")
	err := parseFlags(fs, args, map[string]string{
		"corpus": "PACTGRAPH_CORPUS", "builtin": "PACTGRAPH_BUILTIN", "index": "PACTGRAPH_INDEX",
	})
	if err != nil {
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

func printVersion(w io.Writer) {
	version := "(devel)"
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
		version = info.Main.Version
	}
	fmt.Fprintf(w, "pactgraph %s\ngo %s\nmapping %s\n", version, runtime.Version(), strconv.Itoa(search.MappingVersion))
}

// servePprof serves the runtime profiles on a separate loopback listener,
// never on the public one.
func servePprof(addr string, logger *slog.Logger) error {
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
		return usageError{fmt.Errorf("-pprof %s: profiles are served on a loopback address only (127.0.0.1:6060)", addr)}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	go (&http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}).Serve(ln)
	logger.Info("pprof", "addr", ln.Addr().String())
	return nil
}
