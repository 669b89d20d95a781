package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"pactgraph/api"
	"pactgraph/graph"
	"pactgraph/loader"
	"pactgraph/web"
)

// serveConfig is serve's command line.
type serveConfig struct {
	corpus                      corpusFlags
	addr, indexDir, pprofAddr   string
	introspection               bool
	grace, reloadTimeout, drain time.Duration
	corsOrigins                 []string
}

func parseServe(args []string, stderr io.Writer) (*serveConfig, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &serveConfig{}
	c.corpus.register(fs)
	fs.StringVar(&c.addr, "addr", ":8080", "listen `address` (env PACTGRAPH_ADDR)")
	fs.StringVar(&c.indexDir, "index", "", "serve a prebuilt index `DIR` instead of building one at start (env PACTGRAPH_INDEX)")
	fs.BoolVar(&c.introspection, "introspection", true, "answer introspection queries (env PACTGRAPH_INTROSPECTION)")
	fs.DurationVar(&c.grace, "grace", 10*time.Second, "how long in-flight requests may finish after SIGTERM (env PACTGRAPH_GRACE)")
	fs.Func("cors-origins", "browser `origins` allowed to call /graphql from other sites, comma-separated (env PACTGRAPH_CORS_ORIGINS)", func(v string) error {
		c.corsOrigins = append(c.corsOrigins, splitList(v)...)
		return nil
	})
	fs.StringVar(&c.pprofAddr, "pprof", "", "serve Go's pprof profiles on this `address` (loopback only, e.g. 127.0.0.1:6060; env PACTGRAPH_PPROF)")
	fs.DurationVar(&c.reloadTimeout, "reload-timeout", 10*time.Minute, "how long a reload (SIGHUP) may take before it is cancelled (env PACTGRAPH_RELOAD_TIMEOUT)")
	fs.DurationVar(&c.drain, "drain", 0, "after SIGTERM, keep serving this long with /readyz at 503 so load balancers stop sending (env PACTGRAPH_DRAIN)")
	if err := parseFlags(fs, args, flagRules{}); err != nil {
		return nil, err
	}
	return c, nil
}

// serving is a server's state while it runs.
type serving struct {
	cfg    *serveConfig
	logger *slog.Logger
	// snapshots holds the State served; a State published replaces it,
	// and it closes once its last request ends.
	snapshots *api.Snapshots
	reloads   *api.Reloads
	draining  atomic.Bool
}

// serve wires the command line to the API handler and an http.Server,
// loads the index in the background (the server answers 503 until it is
// ready), reloads it on SIGHUP, and drains on SIGTERM.
func serve(ctx context.Context, args []string, stderr io.Writer) error {
	c, err := parseServe(args, stderr)
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
	if err := c.corpus.withIndex(c.indexDir); err != nil {
		return err
	}
	var corpora []loader.Corpus
	if c.indexDir == "" {
		if corpora, err = c.corpus.corpora(); err != nil {
			return err
		}
	}

	s := &serving{cfg: c, logger: logger, snapshots: api.NewSnapshots(nil), reloads: &api.Reloads{}}
	h := api.NewHandler(api.Options{
		Snapshots: s.snapshots, Draining: s.draining.Load, Logger: logger, Introspection: c.introspection,
		CORSOrigins: c.corsOrigins, Pages: web.Handler(), Tracer: tracing.provider, Reloads: s.reloads,
	})
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return err
	}
	srv := newHTTPServer(h, logger)
	if c.pprofAddr != "" {
		if err := servePprof(c.pprofAddr, logger); err != nil {
			ln.Close()
			return err
		}
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	logger.Info("listening", "addr", ln.Addr().String(), "explorer", "http://"+displayAddr(ln.Addr())+"/")

	loaded := make(chan error, 1)
	go func() { loaded <- load(ctx, logger, s.snapshots.Publish, corpora, c.indexDir) }()
	stopReloads := s.reloadOnHUP(ctx, corpora)
	defer stopReloads()
	return s.run(ctx, srv, loaded, served)
}

// reloadOnHUP rebuilds (or reopens) the index on SIGHUP and swaps it in
// under load; requests in flight finish on the old one. stop waits for a
// reload in progress and stops listening for the signal.
func (s *serving) reloadOnHUP(ctx context.Context, corpora []loader.Corpus) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	rl := &reloader{timeout: s.cfg.reloadTimeout, status: s.reloads, logger: s.logger, publish: s.snapshots.Publish,
		build: func(ctx context.Context, publish func(*graph.State)) error {
			return reload(ctx, s.logger, publish, corpora, s.cfg.indexDir)
		}}
	go func() {
		for range hup {
			if s.snapshots.Current() == nil {
				continue // the first load is still running
			}
			rl.trigger(ctx)
		}
	}()
	return func() {
		rl.waitAtMost(stopBound)
		signal.Stop(hup)
	}
}

// run serves until the load fails, the server fails or ctx ends (SIGTERM),
// then drains: /readyz answers 503 for the drain time, and requests in
// flight get the grace time to finish.
func (s *serving) run(ctx context.Context, srv *http.Server, loaded, served <-chan error) error {
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
	s.draining.Store(true) // /readyz answers 503 from now on
	logShutdown(s.logger, s.snapshots.Current() != nil, s.cfg.drain, s.cfg.grace)
	time.Sleep(s.cfg.drain)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), s.cfg.grace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	s.snapshots.Close()
	s.logger.Info("stopped")
	return nil
}

// logShutdown says that the server stops, and whether it stops before its
// first load ended (a signal during start-up).
func logShutdown(logger *slog.Logger, ready bool, drain, grace time.Duration) {
	if !ready {
		logger.Warn("stopping before the index was ready: a signal arrived during start-up")
	}
	logger.Info("shutting down", "drain", drain.String(), "grace", grace.String())
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
