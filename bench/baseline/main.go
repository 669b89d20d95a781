// Command baseline serves an index that `pactgraph index` built as plain
// JSON over net/http, without GraphQL: POST /search with a JSON body
// ({"query": "...", "first": 10}) runs the same search.Index search that
// pactgraph's GraphQL search field runs. bench/load.sh drives it beside
// `pactgraph serve` so that the GraphQL layer's cost is a ratio.
//
//	go run ./bench/baseline -index /tmp/index -addr 127.0.0.1:8081
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"pactgraph/bench/internal/baseline"
	"pactgraph/loader"
)

func main() {
	dir := flag.String("index", "", "an index `DIR` built by `pactgraph index` (required)")
	addr := flag.String("addr", "127.0.0.1:8081", "listen `address` (loopback)")
	flag.Parse()
	if *dir == "" {
		fmt.Fprintln(os.Stderr, "baseline: -index DIR is required")
		os.Exit(2)
	}
	if host, _, err := net.SplitHostPort(*addr); err != nil || (host != "localhost" && !isLoopback(host)) {
		fmt.Fprintf(os.Stderr, "baseline: -addr %s: want a loopback address such as 127.0.0.1:8081\n", *addr)
		os.Exit(2)
	}
	_, ix, err := loader.OpenIndex(*dir)
	if err != nil {
		log.Fatalf("baseline: %v", err)
	}
	defer ix.Close()
	srv := &http.Server{
		Addr: *addr, Handler: baseline.Handler(ix),
		ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 15 * time.Second, IdleTimeout: 60 * time.Second,
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	log.Printf("baseline: serving %s on http://%s/search", *dir, *addr)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatalf("baseline: %v", err)
	}
}

func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
