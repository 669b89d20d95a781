// Command baseline serves the plain-Bleve search that pactgraph is measured
// against (package bench/internal/baseline): the records of the embedded
// corpus plus -corpus DIR, as pactgraph loads them, in a raw Bleve scorch
// index with one English text field and BM25, one match query per search,
// over net/http and encoding/json. pactgraph's search package is not used.
//
//	go run ./bench/baseline -corpus /tmp/corpus -index /tmp/plain -addr 127.0.0.1:8081
//	curl -d '{"query":"mutual defence"}' 127.0.0.1:8081/search
//	curl '127.0.0.1:8081/search?q=mutual+defence'
//
// The index at -index is built when missing (or of an older layout) and
// reused otherwise; -build builds it afresh, prints the time and exits.
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

	"github.com/blevesearch/bleve/v2"

	"pactgraph/bench/internal/baseline"
	"pactgraph/loader"
)

func main() {
	corpus := flag.String("corpus", "", "a corpus `DIR` added to the embedded one (as from gencorpus)")
	dir := flag.String("index", "", "the plain index `DIR` (required): built when missing, reused otherwise")
	build := flag.Bool("build", false, "build the index afresh, print the time and exit")
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
	if *build {
		if err := os.RemoveAll(*dir); err != nil {
			log.Fatalf("baseline: %v", err)
		}
	}
	idx, err := open(*dir, *corpus)
	if err != nil {
		log.Fatalf("baseline: %v", err)
	}
	defer idx.Close()
	if *build {
		return
	}
	serve(idx, *addr)
}

// open opens or builds the index, timing the load and the indexing apart:
// the indexing alone is what pactgraph's whole build is compared with.
func open(dir, corpus string) (bleve.Index, error) {
	var loadTime time.Duration
	var n int
	start := time.Now()
	idx, built, err := baseline.OpenOrBuild(dir, func() ([]baseline.Record, error) {
		corpora := []loader.Corpus{loader.Builtin()}
		if corpus != "" {
			corpora = append(corpora, loader.Dir(corpus))
		}
		l, err := loader.Load(context.Background(), corpora)
		if err != nil {
			return nil, err
		}
		loadTime = time.Since(start)
		n = len(l.Docs)
		return baseline.Records(l.Docs), nil
	})
	if err != nil {
		return nil, err
	}
	if built {
		indexTime := time.Since(start) - loadTime
		fmt.Printf("plain Bleve: indexed %d records into %s in %s (%.0f records/s), after loading them in %s\n",
			n, dir, indexTime.Round(time.Millisecond), float64(n)/indexTime.Seconds(), loadTime.Round(time.Millisecond))
	}
	return idx, nil
}

func serve(idx bleve.Index, addr string) {
	srv := &http.Server{
		Addr: addr, Handler: baseline.Handler(idx),
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
	log.Printf("baseline: plain Bleve on http://%s/search", addr)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatalf("baseline: %v", err)
	}
}

func isLoopback(host string) bool {
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
