// Package bench holds pactgraph's performance tooling, apart from the
// server's own packages: Go benchmarks over generated corpora
// (bench_test.go), the corpus generator (gencorpus), a plain-JSON baseline
// server (baseline), the HTTP load script (load.sh) and the soak test
// (soak.sh). docs/performance.md describes the method and the figures.
//
//	go test ./bench -run '^$' -bench . -benchmem                                # 1,000 passages
//	PACTGRAPH_BENCH_PASSAGES=10000 go test ./bench -run '^$' -bench . -benchmem # 10,000
package bench
