#!/usr/bin/env bash
# Measures the hostile inputs of docs/hostile.md (items 4 to 10: memory and
# time) on builds of pactgraph: each commit given (default: ae0e070, the
# parent of the first hostile-input fix, and b40342c, main just before that
# work was merged into it, with the rebuilt search core) and the working
# tree (after). Not run by the tests.
#
#   bench/hostile/measure.sh [ITEMS [COMMIT...]]     (ITEMS: 4,5,6,7,8,9,10)
#
# It checks each commit out in a temporary git worktree (removed at the
# end), builds it and the working tree, writes a 30,000-passage corpus with
# bench/gencorpus, indexes it with each build (items 5 and 6), and runs
# bench/hostile on each build in turn, servers on loopback only; a process
# is killed past 4 GiB. Output: build, item, what, value (tab-separated),
# also appended to $WORK/results.tsv. Set WORK to keep the scratch
# directory (and reuse its corpus and indexes). Figures depend on the
# machine: run it on an idle one, or say it was not.
set -euo pipefail
cd "$(dirname "$0")/../.."
items=${1:-4,5,6,7,8,9,10}
shift || true
commits=("$@")
[ ${#commits[@]} -gt 0 ] || commits=(ae0e070 b40342c)
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
trees=()
cleanup() {
  for t in "${trees[@]}"; do git worktree remove --force "$t" 2>/dev/null || true; done
  [ -n "${WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

builds=()
for c in "${commits[@]}"; do
  trees+=("$work/src-$c")
  git worktree add --detach "$work/src-$c" "$c" >/dev/null
  (cd "$work/src-$c" && go build -o "$work/$c" .)
  builds+=("$c")
done
go build -o "$work/after" .
builds+=(after)
go build -o "$work/measure" ./bench/hostile
[ -d "$work/c30k" ] || go run ./bench/gencorpus -passages 30000 -seed 1 -out "$work/c30k"
for b in "${builds[@]}"; do
  [ -d "$work/i30k-$b" ] || "$work/$b" index -corpus "$work/c30k" -index "$work/i30k-$b" >/dev/null
  "$work/measure" -bin "$work/$b" -work "$work/scratch-$b" -corpus30k "$work/c30k" \
    -index30k "$work/i30k-$b" -items "$items" | sed "s/^/$b\t/" | tee -a "$work/results.tsv"
done
