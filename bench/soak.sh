#!/usr/bin/env bash
# Soak test: builds pactgraph, serves the embedded corpus on a loopback
# port, drives it with bench/soak (mixed cheap, expensive and hostile
# traffic) and stops it. Bounded: DURATION (default 60s), loopback only.
#   bench/soak.sh [DURATION] [CONCURRENCY]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-60s}
concurrency=${2:-64}
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

go build -o "$work/pactgraph" .
go build -o "$work/soak" ./bench/soak
port=$(( 20000 + RANDOM % 20000 ))
"$work/pactgraph" -addr "127.0.0.1:$port" 2>"$work/server.log" &
server=$!
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
"$work/soak" -url "http://127.0.0.1:$port/graphql" -pid "$server" -duration "$duration" -c "$concurrency"
status=$?
echo "  server log: $(grep -c '"level":"ERROR"' "$work/server.log" || true) error lines, $(wc -l <"$work/server.log") lines in all"
exit $status
