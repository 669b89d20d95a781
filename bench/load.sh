#!/usr/bin/env bash
# Load test: pactgraph's SIMPLE search against plain Bleve, side by side.
#
#   bench/load.sh [DURATION]                   default 10s per run
#   SIZES="embedded 10000 100000" CONCURRENCY="16 1" ROUNDS=3 TEXTS=20000 SEED=1 AGREEMENTS=500 \
#     PROFILE=10000 KEEP=/tmp/pactgraph-bench bench/load.sh 10s
#
# For each size (the embedded corpus alone, or it plus a `gencorpus
# -passages N -agreements AGREEMENTS -seed SEED` corpus) it builds
# pactgraph's index with `pactgraph index` and the plain-Bleve index with
# `bench/baseline -build` (package bench/internal/baseline: one English text
# field, BM25), timing both; writes TEXTS distinct 1–3-word search texts
# drawn from the corpus's words (bench/gentexts); serves the two indexes on
# loopback (`pactgraph serve -index`, `bench/baseline`); checks that both
# answer 200 with hits; then, for each concurrency, loads one server and
# then the other with wrk for DURATION, ROUNDS times in turn (the order
# flipping from one round to the next: A B, B A, A B…), both sent the same
# texts in the same order (bench/load.lua cycles through the file, so no
# result is asked twice in a row and no cache can help). This machine is
# shared: taking turns lets both servers meet the same swings in its
# load, and the ratios reported are the medians of the rounds' ratios,
# with their range. pactgraph gets the GraphQL
#   search(query: $q, first: 10) { totalCount edges { score highlights { field fragment } node { ... on Node { id } } } }
# (SIMPLE, highlights on); the baseline one match query for 10 hits with
# highlights and the total. Each run prints QPS, p50, p99, RSS and the
# 1-minute load average; the end prints the pactgraph/plain-Bleve ratios.
# A non-2xx answer, or an answer with an error or without a total, fails
# the run loudly.
#
# PROFILE=N (a size in SIZES; "" for none) adds one more pactgraph run at
# the first concurrency, not counted, with a CPU profile taken through
# `serve -pprof`; it prints `go tool pprof -top` and keeps the profile.
#
# KEEP=DIR keeps corpora, indexes, texts and profiles in DIR/<size>/ and
# reuses them (an index built with another mapping version is rebuilt).
# Needs wrk (apt-get install wrk). Loopback only; bounded: every run lasts DURATION (at most 120s).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10s}
sizes=${SIZES:-embedded 10000 100000}
concurrency=${CONCURRENCY:-16 1}
rounds=${ROUNDS:-3}
ntexts=${TEXTS:-20000}
seed=${SEED:-1}
agreements=${AGREEMENTS:-500}
profile=${PROFILE-10000}
lua=$PWD/bench/load.lua

secs=${duration%s}
if ! [[ $secs =~ ^[0-9]+$ ]] || (( secs < 3 || secs > 120 )); then
  echo "load.sh: DURATION must be 3s to 120s, not $duration" >&2
  exit 2
fi
if ! [[ $ntexts =~ ^[0-9]+$ ]] || (( ntexts < 20000 )); then
  echo "load.sh: TEXTS must be at least 20000 distinct texts, not $ntexts" >&2
  exit 2
fi
if ! [[ $rounds =~ ^[0-9]+$ ]] || (( rounds < 1 || rounds > 9 )); then
  echo "load.sh: ROUNDS must be 1 to 9, not $rounds" >&2
  exit 2
fi
if ! command -v wrk >/dev/null; then
  echo "load.sh: wrk is not installed (apt-get install -y wrk)" >&2
  exit 1
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "--- building pactgraph, bench/baseline, bench/gencorpus, bench/gentexts"
go build -o "$work/pactgraph" .
for tool in baseline gencorpus gentexts; do go build -o "$work/$tool" "./bench/$tool"; done

# Ports for the servers, below the kernel's ephemeral range (the loopback
# connections' own ports come from it, and one of them held a port picked
# from inside it once).
port() {
  local low
  low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  (( low > 21000 )) || low=32768
  echo $(( 20000 + RANDOM % (low - 20000) ))
}
ms() { date +%s%3N; }
loadavg() { cut -d' ' -f1 /proc/loadavg; }
rss_mib() { awk -v k="$2:" '$1 == k { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }

# wait_ready URL PID: waits up to 300 s for 200 from URL; fails if PID exits.
wait_ready() {
  for _ in $(seq 3000); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    if ! kill -0 "$2" 2>/dev/null; then return 1; fi
    sleep 0.1
  done
  return 1
}

# prepare SIZE: sets data, corpus_flag and texts; makes the corpus, both
# indexes and the texts unless kept from an earlier run.
prepare() {
  local name=$1
  [[ $1 == embedded ]] || name=p$1-a$agreements-s$seed
  data=$work/$name
  [ -z "${KEEP:-}" ] || data=$KEEP/$name
  mkdir -p "$data"
  corpus_flag=()
  if [[ $1 != embedded ]]; then
    if [ ! -f "$data/corpus/.complete" ]; then
      rm -rf "$data/corpus"
      "$work/gencorpus" -passages "$1" -agreements "$agreements" -seed "$seed" -out "$data/corpus"
      touch "$data/corpus/.complete"
    fi
    corpus_flag=(-corpus "$data/corpus")
  fi
  build_indexes
  texts=$data/texts-$ntexts-s$seed.txt
  [ -s "$texts" ] || "$work/gentexts" "${corpus_flag[@]}" -n "$ntexts" -seed "$seed" -out "$texts"
  echo "  $(wc -l <"$texts") distinct texts in $texts, e.g. \"$(sed -n 1p "$texts")\", \"$(sed -n 2p "$texts")\""
}

# build_indexes: both indexes of $data, each timed when built; the build
# lines are kept next to the index and printed again when reused.
build_indexes() {
  local want
  want=$(grep -o 'MappingVersion = [0-9]*' search/mapping.go | tr -dc 0-9)
  if [ -f "$data/index/catalog.json" ] && ! grep -q "\"mappingVersion\": *$want\b" "$data/index/pactgraph-index.json" 2>/dev/null; then
    echo "  the kept index of $data was built with another mapping version: rebuilding it"
    rm -rf "$data/index"
  fi
  if [ ! -f "$data/index/catalog.json" ]; then
    local t0 t1
    t0=$(ms)
    "$work/pactgraph" index "${corpus_flag[@]}" -index "$data/index" >"$data/index-build.txt"
    t1=$(ms)
    echo "wall $(( t1 - t0 )) ms" >>"$data/index-build.txt"
  fi
  if [ ! -f "$data/plain/plain-bleve-version" ]; then
    "$work/baseline" -build "${corpus_flag[@]}" -index "$data/plain" >"$data/plain-build.txt"
  fi
  local pg_rate plain_rate
  pg_rate=$(grep -o '([0-9]* records/s)' "$data/index-build.txt" | tr -dc 0-9)
  plain_rate=$(grep -o '([0-9]* records/s)' "$data/plain-build.txt" | tr -dc 0-9)
  echo "  pactgraph index (load, link, index, write): $(head -1 "$data/index-build.txt" | sed 's/ into [^ ]* in / in /'), $(du -sm "$data/index" | cut -f1) MiB"
  local segments
  segments=$(find "$data/index" -name '*.zap' | wc -l)
  if [ "$segments" -ne 1 ]; then
    echo "  WARNING: the pactgraph index holds $segments segments; \`pactgraph index\` compacts it into one" >&2
  fi
  echo "  plain Bleve (index only):                   $(sed 's/^plain Bleve: //; s/ into [^ ]* in / in /' "$data/plain-build.txt"), $(du -sm "$data/plain" | cut -f1) MiB"
  awk -v p="$pg_rate" -v b="$plain_rate" 'BEGIN { if (b > 0) printf "  build throughput, pactgraph / plain Bleve: %.2f (target ≥ 0.80)\n", p / b }'
}

# start_servers: serves $data both ways and checks an answer from each.
start_servers() {
  local pg pb pp
  pg=$(port); pb=$(port); pp=$(port)
  while [ "$pb" = "$pg" ]; do pb=$(port); done
  "$work/pactgraph" serve -index "$data/index" -addr "127.0.0.1:$pg" -pprof "127.0.0.1:$pp" 2>"$work/pactgraph.log" &
  pid_graphql=$!
  pids+=("$pid_graphql")
  "$work/baseline" -index "$data/plain" -addr "127.0.0.1:$pb" 2>"$work/baseline.log" &
  pid_plain=$!
  pids+=("$pid_plain")
  url_graphql=http://127.0.0.1:$pg/graphql
  url_plain=http://127.0.0.1:$pb/search
  pprof_url=http://127.0.0.1:$pp/debug/pprof/profile
  wait_ready "http://127.0.0.1:$pg/readyz" "$pid_graphql" || { cat "$work/pactgraph.log" >&2; echo "load.sh: pactgraph serve -index failed" >&2; exit 1; }
  wait_ready "http://127.0.0.1:$pb/readyz" "$pid_plain" || { cat "$work/baseline.log" >&2; echo "load.sh: baseline failed" >&2; exit 1; }
  check_answers
}

# check_answers: the first text through both servers, each must answer
# 200 with hits and a total, and no error.
check_answers() {
  local q answer
  q=$(sed -n 1p "$texts")
  answer=$(curl -sS -w ' HTTP%{http_code}' -H 'Content-Type: application/json' --data-binary \
    "{\"query\":\"query(\$q: String!) { search(query: \$q, first: 10) { totalCount edges { score highlights { field fragment } node { ... on Node { id } } } } }\",\"variables\":{\"q\":\"$q\"}}" "$url_graphql")
  if [[ $answer != *' HTTP200' || $answer == *'"errors"'* || $answer != *'"id"'* || $answer == *'"totalCount":0'* ]]; then
    echo "load.sh: pactgraph answered \"$q\" with: ${answer:0:400}" >&2
    exit 1
  fi
  echo "  pactgraph \"$q\": ${answer:0:110}…"
  answer=$(curl -sS -w ' HTTP%{http_code}' -H 'Content-Type: application/json' --data-binary "{\"query\":\"$q\",\"first\":10}" "$url_plain")
  if [[ $answer != *' HTTP200' || $answer == *'"error"'* || $answer != *'"id"'* || $answer == *'"totalCount":0'* ]]; then
    echo "load.sh: plain Bleve answered \"$q\" with: ${answer:0:400}" >&2
    exit 1
  fi
  echo "  plain Bleve \"$q\": ${answer:0:110}…"
}

# to_ms VALUE: wrk's 1.23ms / 456.78us / 1.02s in milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { if (v ~ /ms$/) { sub(/ms$/, "", v); print v + 0 } else if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else { sub(/s$/, "", v); print v * 1000 } }'; }

# drive KIND C OFFSET ROUND: one wrk run; prints a row, records the
# figures, and fails on any bad answer.
drive() {
  local kind=$1 c=$2 offset=$3 round=$4 url_var="url_$1" pid_var="pid_$1" out="$work/run.txt" threads=$(( $2 < 2 ? 1 : 2 ))
  local qps p50 p99 total non2xx bad errors la
  LOAD_KIND=$kind LOAD_TEXTS=$texts LOAD_OFFSET=$offset LOAD_THREADS=$threads \
    wrk -t "$threads" -c "$c" -d "$duration" --timeout 30s --latency -s "$lua" "${!url_var}" >"$out"
  la=$(loadavg)
  qps=$(awk '/Requests\/sec:/ { printf "%.1f", $2 }' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  total=$(awk '/requests in/ { print $1 }' "$out")
  non2xx=$(awk '/Non-2xx/ { n = $NF } END { print n + 0 }' "$out")
  bad=$(awk '/bad answers:/ { print $3 }' "$out")
  errors=$(awk '/Socket errors/ { for (i = 4; i <= NF; i += 2) n += $i + 0 } END { print n + 0 }' "$out")
  printf '  %-10s %4s %5s %9s %9s %9s %8s %9s %9s %6s\n' "$kind" "$c" "$round" "$qps" "$p50" "$p99" \
    "$(rss_mib "${!pid_var}" VmRSS)" "$(rss_mib "${!pid_var}" VmHWM)" "$total" "$la"
  echo "$size $kind $c $qps $p50 $p99 $(rss_mib "${!pid_var}" VmRSS) $la $round" >>"$work/results.txt"
  if (( non2xx > 0 || ${bad:-1} > 0 || errors > 0 || total == 0 )); then
    cat "$out" >&2
    echo "load.sh: $kind at concurrency $c: $non2xx non-2xx, ${bad:-?} bad answers, $errors socket errors of $total requests" >&2
    exit 1
  fi
}

# profile_run C: one more pactgraph run, not counted, with a CPU profile.
profile_run() {
  local c=$1 prof=$data/cpu-pactgraph-c$1.pprof
  echo "  profiling pactgraph at concurrency $c ($(( secs - 2 )) s of the run):"
  # The profile starts a second into the run and ends a second before it.
  (sleep 1; curl -fsS -o "$prof" "$pprof_url?seconds=$(( secs - 2 ))") &
  local curl_pid=$! # ends by itself after the profile's seconds
  LOAD_KIND=graphql LOAD_TEXTS=$texts LOAD_OFFSET=$(( ntexts / 3 )) LOAD_THREADS=2 \
    wrk -t 2 -c "$c" -d "$duration" --timeout 30s -s "$lua" "$url_graphql" >"$work/profile-run.txt"
  wait "$curl_pid"
  cp "$work/pactgraph" "$data/pactgraph-profiled"
  echo "  profile: $prof (binary $data/pactgraph-profiled); load average $(loadavg)"
  echo "  by own time:"
  go tool pprof -top -nodecount=25 "$data/pactgraph-profiled" "$prof" 2>&1 | sed 's/^/    /'
  echo "  by cumulative time:"
  go tool pprof -top -cum -nodecount=40 "$data/pactgraph-profiled" "$prof" 2>&1 | sed -n '/flat%/,$p' | sed 's/^/    /'
}

stop_servers() {
  kill "$pid_graphql" "$pid_plain"
  wait "$pid_graphql" 2>/dev/null || true
  wait "$pid_plain" 2>/dev/null || true
  pids=()
}

# startup: `pactgraph serve` on the embedded corpus, exec to /readyz 200.
startup() {
  local p0 t0 t1 pid build_ms
  p0=$(port)
  t0=$(ms)
  "$work/pactgraph" serve -addr "127.0.0.1:$p0" 2>"$work/startup.log" &
  pid=$!
  pids+=("$pid")
  wait_ready "http://127.0.0.1:$p0/readyz" "$pid" || { cat "$work/startup.log" >&2; echo "load.sh: pactgraph did not start" >&2; exit 1; }
  t1=$(ms)
  build_ms=$(grep -o '"build_ms":[0-9]*' "$work/startup.log" | head -1 | cut -d: -f2)
  echo "  exec to /readyz 200: $(( t1 - t0 )) ms (index build in the log: ${build_ms:-?} ms), RSS $(rss_mib "$pid" VmRSS) MiB (target: under 300 ms)"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pids=()
}

header() { printf '  %-10s %4s %5s %9s %9s %9s %8s %9s %9s %6s\n' server c round QPS "p50 ms" "p99 ms" "RSS MiB" "peak MiB" requests load; }

: >"$work/results.txt"
echo "--- start-up on the embedded corpus"
startup
for size in $sizes; do
  echo "--- $size: corpus, indexes and texts"
  prepare "$size"
  start_servers
  echo "--- $size: wrk, $duration per run, concurrency $concurrency, $rounds rounds, the two servers in turn"
  header
  run=0
  for c in $concurrency; do
    for round in $(seq "$rounds"); do
      # Each run starts at its own place in the list; both servers get
      # the same texts in the same order.
      offset=$(( run * ntexts / (rounds * 2 + 1) ))
      # The order flips from one run to the next, so that neither server
      # always meets the machine first.
      if (( run % 2 == 0 )); then order="graphql plain"; else order="plain graphql"; fi
      for kind in $order; do drive "$kind" "$c" "$offset" "$round"; done
      run=$(( run + 1 ))
    done
  done
  if [ "$size" = "$profile" ]; then profile_run "${concurrency%% *}"; fi
  echo "  pactgraph log: $(grep -c '"level":"ERROR"' "$work/pactgraph.log" || true) error lines"
  stop_servers
done

echo "--- pactgraph / plain Bleve (targets: QPS ≥ 0.50 at concurrency 16, goal 0.80; at 100k one client, p50 ≤ 2.0 and p99 < 60 ms)"
echo "    each ratio is the median of the rounds' ratios (pactgraph's run over plain Bleve's in the same round), lowest–highest after it"
printf '  %-9s %4s %20s %20s %20s\n' size c "QPS ratio" "p50 ratio" "p99 ratio"
awk '
  function median(list, n,   v, i, j, t) {
    split(list, v, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    lo = v[1]; hi = v[n]
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  function cell(list, n, digits,   m) { m = median(list, n); return sprintf("%." digits "f (%." digits "f–%." digits "f)", m, lo, hi) }
  { k = $1 " " $3; r = k " " $9
    if ($2 == "graphql") { g[r] = $4; g50[r] = $5; g99[r] = $6 } else { p[r] = $4; p50[r] = $5; p99[r] = $6 }
    if (!(k in seen)) { seen[k] = 1; order[++n] = k }
    if (!((r) in rs)) { rs[r] = 1; rounds[k] = rounds[k] " " $9; cnt[k]++ } }
  END { for (i = 1; i <= n; i++) { k = order[i]; split(k, a, " "); q = ""; l50 = ""; l99 = ""; m = 0
    split(substr(rounds[k], 2), rr, " ")
    for (j = 1; j <= cnt[k]; j++) { r = k " " rr[j]
      if (p[r] > 0 && p50[r] > 0 && p99[r] > 0) { q = q " " g[r] / p[r]; l50 = l50 " " g50[r] / p50[r]; l99 = l99 " " g99[r] / p99[r]; m++ } }
    if (m == 0) continue
    printf "  %-9s %4s %20s %20s %20s\n", a[1], a[2], cell(substr(q, 2), m, 3), cell(substr(l50, 2), m, 2), cell(substr(l99, 2), m, 2) } }' "$work/results.txt"
