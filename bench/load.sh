#!/usr/bin/env bash
# Load test: GraphQL against a plain-JSON baseline over the same index.
#
#   bench/load.sh [PASSAGES] [DURATION]        defaults: 10000 passages, 10s per run
#   CONCURRENCY="1 16 64" ROUNDS=1 AGREEMENTS=500 SEED=1 TEXT="garrison" KEEP=DIR bench/load.sh
#
# KEEP=DIR keeps the corpus and the index in DIR/p<PASSAGES>-a<AGREEMENTS>-s<SEED>
# and reuses them on the next run (an index built by another pactgraph
# version is refused by `serve`: delete it then).
#
# Builds pactgraph, bench/baseline and bench/gencorpus; generates a corpus of
# PASSAGES passages; builds an on-disk index of it with `pactgraph index` (the
# binary of `go run . index`); times the start-up of `pactgraph serve` on the
# embedded corpus; then serves the index with `pactgraph serve -index` and
# with bench/baseline (the same search.Index search over net/http +
# encoding/json) on loopback ports, and drives each with hey at every
# concurrency for DURATION (ROUNDS times, alternating which goes first; the
# ratios take each server's best round). It prints QPS, p50, p99 and server
# RSS per run and the GraphQL/baseline ratios, then stops everything it
# started.
# Loopback only; bounded: every run lasts DURATION (at most 120s).
set -euo pipefail
cd "$(dirname "$0")/.."
passages=${1:-10000}
duration=${2:-10s}
concurrency=${CONCURRENCY:-1 16 64}
rounds=${ROUNDS:-1}
seed=${SEED:-1}
agreements=${AGREEMENTS:-$(( passages / 20 < 50 ? 50 : (passages / 20 > 2000 ? 2000 : passages / 20) ))}
hey_version=v0.1.5 # github.com/rakyll/hey, from the Go module proxy

secs=${duration%s}
if ! [[ $secs =~ ^[0-9]+$ ]] || (( secs < 1 || secs > 120 )); then
  echo "load.sh: DURATION must be 1s to 120s, not $duration" >&2
  exit 2
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "--- building (pactgraph, bench/baseline, bench/gencorpus, hey $hey_version)"
go build -o "$work/pactgraph" .
go build -o "$work/baseline" ./bench/baseline
go build -o "$work/gencorpus" ./bench/gencorpus
if GOBIN="$work" go install "github.com/rakyll/hey@$hey_version" 2>"$work/hey-install.log"; then
  load_tool=hey
elif command -v wrk >/dev/null; then
  load_tool=wrk
else
  echo "load.sh: cannot install hey ($(tail -1 "$work/hey-install.log")) and wrk is not installed" >&2
  exit 1
fi

port() { echo $(( 20000 + RANDOM % 20000 )); }

# wait_ready URL PID: waits up to 120 s for 200 from URL; fails if PID exits.
wait_ready() {
  for _ in $(seq 1200); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    if ! kill -0 "$2" 2>/dev/null; then return 1; fi
    sleep 0.1
  done
  return 1
}

rss_mib() { awk -v k="$2:" '$1 == k { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }

ms() { date +%s%3N; }

data=$work
if [ -n "${KEEP:-}" ]; then
  data=$KEEP/p$passages-a$agreements-s$seed
  mkdir -p "$data"
fi
echo "--- corpus: $passages passages, $agreements agreements, seed $seed"
if [ -f "$data/corpus/.complete" ]; then
  echo "  reusing $data/corpus"
else
  rm -rf "$data/corpus"
  "$work/gencorpus" -passages "$passages" -agreements "$agreements" -seed "$seed" -out "$data/corpus"
  touch "$data/corpus/.complete"
fi

echo "--- start-up on the embedded corpus (target: under 300 ms)"
p0=$(port)
t0=$(ms)
"$work/pactgraph" serve -addr "127.0.0.1:$p0" 2>"$work/startup.log" &
startup=$!
pids+=("$startup")
wait_ready "http://127.0.0.1:$p0/readyz" "$startup" || { echo "load.sh: pactgraph did not start:" >&2; cat "$work/startup.log" >&2; exit 1; }
t1=$(ms)
build_ms=$(grep -o '"build_ms":[0-9]*' "$work/startup.log" | head -1 | cut -d: -f2)
echo "  process start to /readyz 200: $(( t1 - t0 )) ms (index build in the log: ${build_ms:-?} ms), RSS $(rss_mib "$startup" VmRSS) MiB"
kill "$startup"
wait "$startup" 2>/dev/null || true

echo "--- index: pactgraph index -corpus CORPUS -index INDEX"
if [ -f "$data/index/catalog.json" ] && [ -n "${KEEP:-}" ]; then
  echo "  reusing $data/index"
else
  t0=$(ms)
  "$work/pactgraph" index -corpus "$data/corpus" -index "$data/index" | sed 's/^/  /'
  t1=$(ms)
  echo "  wall time $(( t1 - t0 )) ms"
fi
echo "  index on disk $(du -sm "$data/index" | cut -f1) MiB"

pg=$(port)
"$work/pactgraph" serve -index "$data/index" -addr "127.0.0.1:$pg" 2>"$work/pactgraph.log" &
gql_pid=$!
pids+=("$gql_pid")
pb=$(port)
while [ "$pb" = "$pg" ]; do pb=$(port); done
"$work/baseline" -index "$data/index" -addr "127.0.0.1:$pb" 2>"$work/baseline.log" &
json_pid=$!
pids+=("$json_pid")
wait_ready "http://127.0.0.1:$pg/readyz" "$gql_pid" || { echo "load.sh: pactgraph serve -index failed:" >&2; cat "$work/pactgraph.log" >&2; exit 1; }
wait_ready "http://127.0.0.1:$pb/readyz" "$json_pid" || { echo "load.sh: baseline failed:" >&2; cat "$work/baseline.log" >&2; exit 1; }
echo "  serving: pactgraph pid $gql_pid on 127.0.0.1:$pg, baseline pid $json_pid on 127.0.0.1:$pb"

# The requests: one search, 10 hits. The GraphQL query asks for what the
# baseline answers (total, and per hit score, highlights, type, id, heading).
# The default text has two of the corpus's most common subject words (it
# matches about a fifth of the passages); TEXT="garrison" is a selective one.
text=${TEXT:-security cooperation}
gql_query='query($q: String!, $h: Boolean) { search(query: $q, first: 10, highlight: $h) { totalCount edges { score highlights { field fragment } node { __typename ... on Node { id } ... on Passage { heading } } } } }'
body() { # body KIND HIGHLIGHT
  if [ "$1" = graphql ]; then
    printf '{"query":"%s","variables":{"q":"%s","h":%s}}' "$gql_query" "$text" "$2"
  else
    printf '{"query":"%s","first":10,"highlight":%s}' "$text" "$2"
  fi
}
for kind in graphql json; do
  for h in true false; do
    body "$kind" "$h" >"$work/$kind-$h.json"
  done
done
url_graphql="http://127.0.0.1:$pg/graphql"
url_json="http://127.0.0.1:$pb/search"
pid_graphql=$gql_pid
pid_json=$json_pid

# Check the answers before measuring them.
for kind in graphql json; do
  url_var="url_$kind"
  answer=$(curl -fsS -H 'Content-Type: application/json' --data-binary "@$work/$kind-true.json" "${!url_var}")
  if [[ $answer == *'"errors"'* || $answer == *'"error"'* || $answer != *'"totalCount"'* ]]; then
    echo "load.sh: $kind answered: ${answer:0:300}" >&2
    exit 1
  fi
  echo "  $kind answers ${#answer} bytes: ${answer:0:100}…"
done

# drive KIND HIGHLIGHT CONCURRENCY: one bounded run; prints a table row and
# sets qps and p99.
drive() {
  local kind=$1 h=$2 c=$3 url_var="url_$1" pid_var="pid_$1" out="$work/run-$1-$2-$3.txt"
  local url=${!url_var} pid=${!pid_var}
  if [ "$load_tool" = hey ]; then
    # warm-up, not measured
    "$work/hey" -z 2s -c 2 -m POST -T application/json -D "$work/$kind-$h.json" "$url" >/dev/null
    "$work/hey" -z "$duration" -c "$c" -m POST -T application/json -D "$work/$kind-$h.json" -o csv "$url" >"$out"
    # CSV: response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset
    # (one line per answered request; hey's own percentiles are unreliable)
    read -r total ok span < <(awk -F, 'NR > 1 { n++; if ($7 == 200) k++; e = $8 + $1; if (e > s) s = e } END { print n + 0, k + 0, s + 0 }' "$out")
    qps=$(awk -v n="$total" -v s="$span" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
    tail -n +2 "$out" | cut -d, -f1 | sort -g >"$out.sorted"
    p50=$(awk -v n="$total" 'NR == int(n * 0.50 + 0.999) { printf "%.1f", $1 * 1000 }' "$out.sorted")
    p99=$(awk -v n="$total" 'NR == int(n * 0.99 + 0.999) { printf "%.1f", $1 * 1000 }' "$out.sorted")
    errors=""
  else
    lua="$work/post-$kind-$h.lua"
    printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[%s]]\n' "$(cat "$work/$kind-$h.json")" >"$lua"
    wrk -t "$(( c < 2 ? 1 : 2 ))" -c "$c" -d "$duration" --latency -s "$lua" "$url" >"$out"
    qps=$(awk '/Requests\/sec:/ { printf "%.0f", $2 }' "$out")
    to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /ms$/) { sub(/ms$/, "", v); print v } else if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else { sub(/s$/, "", v); print v * 1000 } }'; }
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
    total=$(awk '/requests in/ { print $1 }' "$out")
    ok=$(( total - $(awk '/Non-2xx/ { n = $NF } END { print n + 0 }' "$out") ))
    errors=$(awk '/Socket errors/ { for (i = 4; i <= NF; i += 2) n += $i + 0 } END { print n + 0 }' "$out")
  fi
  printf '  %-8s %-9s %4s %8s %9s %9s %8s %9s %13s\n' "$kind" "$([ "$h" = true ] && echo yes || echo no)" "$c" "$qps" "$p50" "$p99" \
    "$(rss_mib "$pid" VmRSS)" "$(rss_mib "$pid" VmHWM)" "${ok:-0}/${total:-0}${errors:+ e$errors}"
}

echo "--- load: $load_tool, $duration per run, concurrency $concurrency"
printf '  %-8s %-9s %4s %8s %9s %9s %8s %9s %13s\n' server highlight c QPS "p50 ms" "p99 ms" "RSS MiB" "peak MiB" "200/all"
declare -A qps_of p99_of
for c in $concurrency; do
  for r in $(seq "$rounds"); do
    order="graphql json"
    if (( r % 2 == 0 )); then order="json graphql"; fi
    for kind in $order; do
      drive "$kind" true "$c"
      if (( ${qps:-0} > ${qps_of[$kind-$c]:-0} )); then
        qps_of[$kind-$c]=$qps
        p99_of[$kind-$c]=$p99
      fi
    done
  done
done
# Simple (unhighlighted) searches through GraphQL, for the p99 targets.
for c in 1 16; do
  drive graphql false "$c"
done

echo "--- GraphQL / baseline (target: QPS ratio at concurrency 16 ≥ 0.80)"
for c in $concurrency; do
  awk -v c="$c" -v gq="${qps_of[graphql-$c]}" -v jq="${qps_of[json-$c]}" -v gp="${p99_of[graphql-$c]}" -v jp="${p99_of[json-$c]}" \
    'BEGIN { printf "  concurrency %3d: QPS %.2f, p99 %.2f\n", c, (jq > 0 ? gq / jq : 0), (jp > 0 ? gp / jp : 0) }'
done
echo "  server logs: pactgraph $(grep -c '"level":"ERROR"' "$work/pactgraph.log" || true) error lines, baseline $(wc -l <"$work/baseline.log") lines"
