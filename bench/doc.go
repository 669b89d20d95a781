// Package bench holds pactgraph's performance tooling, apart from the
// server's own packages: Go benchmarks over generated corpora
// (bench_test.go; plain_test.go sets pactgraph's SIMPLE search beside a
// plain-Bleve match query over the same records), the corpus generator
// (gencorpus), the search-text generator (gentexts), the plain-Bleve
// baseline server (baseline, built on internal/baseline), the HTTP load
// script (load.sh with load.lua, for wrk), the soak test (soak.sh) and the
// hostile-input measurements (hostile, run by hostile/measure.sh on builds
// before and after). docs/performance.md and docs/hostile.md describe the
// method and the figures.
//
//	go test ./bench -run '^$' -bench SimpleVsBleve -benchmem                    # embedded corpus and 10k passages
//	PACTGRAPH_BENCH_LARGE=1 go test ./bench -run '^$' -bench SimpleVsBleve      # and 100k
//	PACTGRAPH_BENCH_PASSAGES=10000 PACTGRAPH_BENCH_AGREEMENTS=500 go test ./bench -run '^$' -bench 'Index$'
//	KEEP=/tmp/pactgraph-bench bench/load.sh 10s                                  # wrk, three sizes
package bench
