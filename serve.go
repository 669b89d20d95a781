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
