#!/usr/bin/env bash
# Every goal of issue #13 in one command: measured value, target and verdict, from fresh copies of the seeded files.
#
#   tests/Narvaro.Benchmarks/goals.sh [--dir /work/bench] [--runs 3] [--night-runs N] [--requests 200] [--seconds 30]
#
# Needs DIR/n1000.db, DIR/n100k.db and DIR/n300k.db (migrate + seed-demo, no night; see docs/benchmarks.md). Steps,
# each logged to DIR/goals-*.log and safe to rerun (the seeded files are only read; every run works on copies):
#   1. national on n100k: raw GROUP BY over lessons and over summaries, evaluation, whole night, growth, peak;
#      the night's database is kept as DIR/w100000.db for the pages
#   2. national on n300k: evaluation and whole night only (peak memory at 300 000 pupils)
#   3. the night of n1000 kept as DIR/w1000.db, then web/ab-ttfb.sh 1000 100000 (time to first byte with ab)
# Everything CPU-heavy runs under nice -n 19. At the end it prints every goal line of the three logs.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dir=/work/bench; runs=3; night_runs=""; requests=200; seconds=30
while (($#)); do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --night-runs) night_runs="$2"; shift 2 ;;
    --requests) requests="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown argument $1"; exit 1 ;;
  esac
done
for f in n1000 n100k n300k; do [ -f "$dir/$f.db" ] || { echo "$dir/$f.db is missing (see docs/benchmarks.md, Databases)"; exit 1; }; done
dotnet build "$root/tests/Narvaro.Benchmarks" -c Release --nologo -v quiet >/dev/null || exit 1
bench=(nice -n 19 dotnet "$root/tests/Narvaro.Benchmarks/bin/Release/net10.0/Narvaro.Benchmarks.dll" national)
nights=(); [ -z "$night_runs" ] || nights=(--night-runs "$night_runs")

echo "== 100 000 pupils ($(date -u +%H:%M) UTC)"
"${bench[@]}" --db "$dir/n100k.db" --runs "$runs" "${nights[@]}" --keep-night "$dir/w100000.db" | tee "$dir/goals-national-100k.log"
echo "== 300 000 pupils: evaluation and night ($(date -u +%H:%M) UTC)"
"${bench[@]}" --db "$dir/n300k.db" --runs 1 --only evaluate,night --keep-night "$dir/w300000.db" | tee "$dir/goals-national-300k.log"
echo "== pages ($(date -u +%H:%M) UTC)"
"${bench[@]}" --db "$dir/n1000.db" --runs 1 --only night --keep-night "$dir/w1000.db" > "$dir/goals-night-1000.log"
nice -n 5 "$here/web/ab-ttfb.sh" --dir "$dir" --requests "$requests" --seconds "$seconds" 1000 100000 | tee "$dir/goals-web.log"

echo
echo "== every goal of issue #13 ($(date -u +%H:%M) UTC)"
grep -hE '(MET|MISSED|not measured)' "$dir/goals-national-100k.log" | sed 's/^/100 000  /'
grep -hE '^peak memory.*(MET|MISSED)' "$dir/goals-national-300k.log" | sed 's/^/300 000  /'
grep -hE '(MET|MISSED)$' "$dir/goals-web.log" | sed 's/^/pages    /'
grep -h 'web process' "$dir/goals-web.log"
