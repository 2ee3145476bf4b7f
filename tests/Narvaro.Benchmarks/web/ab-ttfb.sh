#!/usr/bin/env bash
# Time to first byte of the pages of issue #13 with ApacheBench (Debian apache2-utils) against the running app on
# loopback, for demo databases of different sizes, and the ratio of each size to the first (goal: 100 000 ≤ 1.5 × 1 000).
#
#   tests/Narvaro.Benchmarks/web/ab-ttfb.sh [--requests N] [--seconds S] [--concurrency C] [--dir DIR] [PUPILS ...]
#
# Defaults: 200 requests or 30 s per page, whichever ends first (ab -t S -n N), one client at a time (-c 1), sizes
# 1000 100000, DIR = $NARVARO_BENCH_DIR or /work/bench. For each size it uses DIR/wPUPILS.db, a database after one
# night; when missing it builds it: `narvaro migrate`, `narvaro seed-demo --pupils N`, `narvaro nightly --as-of` the
# last date with lessons (or copy a night kept by `national --keep-night DIR/wPUPILS.db`). Then it starts the web app
# (Release) on 127.0.0.1 against that file, signs in through the login form with curl as the demo mentor who has a
# mentee at the highest step and as the rector (--rector, default rektor.bjorkskolan@sjovik.demo), warms each page
# with 5 requests, and runs ab with the session cookie. ab's "Waiting" row is the time to first byte; the script prints
# its median and mean per page and size, the ratio of medians to the first size, the verdict, and the web process's
# peak and current resident set (VmHWM, VmRSS) after the size's requests. Pages:
#   /mina-elever (mentor), /elev/{pupil} (mentor; the mentee at the highest step), /eskalering (rector),
#   /dokument/manadsrapport?manad=YYYY-MM (rector; the last full month before the last lesson date).
# Install ab with tests/Narvaro.Benchmarks/install-bench-deps.sh. Run CPU-heavy parts with nice if the machine is shared.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
requests=200; seconds=30; concurrency=1
dir="${NARVARO_BENCH_DIR:-/work/bench}"
rector="rektor.bjorkskolan@sjovik.demo"
sizes=()
while (($#)); do
  case "$1" in
    --requests) requests="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --rector) rector="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) sizes+=("$1"); shift ;;
  esac
done
((${#sizes[@]})) || sizes=(1000 100000)
mkdir -p "$dir"
for tool in ab sqlite3 curl; do
  command -v "$tool" >/dev/null || { echo "$tool is needed: tests/Narvaro.Benchmarks/install-bench-deps.sh"; exit 1; }
done

dotnet build "$root/src/Narvaro.Cli" -c Release --nologo -v quiet >/dev/null
dotnet build "$root/src/Narvaro.Web" -c Release --nologo -v quiet >/dev/null
cli="$root/src/Narvaro.Cli/bin/Release/net10.0/narvaro"
web="$root/src/Narvaro.Web/bin/Release/net10.0/Narvaro.Web.dll"
password="Narvaro-demo-2026!"

# Signs in through the form; prints the session cookies as one Cookie header value.
sign_in() {
  local base="$1" email="$2" jar token
  jar=$(mktemp)
  token=$(curl -fs -c "$jar" -b "$jar" "$base/konto/logga-in" | sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' | head -n 1)
  curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "Email=$email" --data-urlencode "Password=$password" \
    --data-urlencode "__RequestVerificationToken=$token" "$base/konto/logga-in"
  awk 'BEGIN { FS = "\t" } /^#HttpOnly_/ { sub(/^#HttpOnly_/, "") } !/^#/ && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$jar"
  rm -f "$jar"
}

declare -A first_median
app=""
cleanup() { [ -z "$app" ] || kill "$app" 2>/dev/null || true; }
trap cleanup EXIT
printf '%-8s %-44s %9s %9s %9s %6s %7s %s\n' pupils page "median" "mean" "requests" ratio verdict "(Waiting = TTFB, ms)"
for n in "${sizes[@]}"; do
  db="$dir/w$n.db"
  if [ ! -f "$db" ]; then
    echo "building $db (seed-demo $n + one night) …" >&2
    "$cli" --db "$db" migrate > "$dir/w$n.migrate.log"
    "$cli" --db "$db" seed-demo --pupils "$n" > "$dir/w$n.seed.log"
    last=$(sqlite3 "$db" 'SELECT MAX("Date") FROM "AttendanceDays";')
    "$cli" --db "$db" nightly --as-of "$last" > "$dir/w$n.nightly.log"
  fi
  last=$(sqlite3 "$db" 'SELECT MAX("Date") FROM "Attendance";')
  month=$(date -d "$(date -d "$last" +%Y-%m-01) -1 month" +%Y-%m)
  mentor=$(sqlite3 "$db" "SELECT u.Email FROM AspNetUsers u WHERE u.Email LIKE 'mentor.%' AND EXISTS (SELECT 1 FROM Pupils p JOIN Cases c ON c.PupilId = p.Id WHERE p.MentorId = u.Id AND c.ClosedOn IS NULL AND c.Step >= 4) ORDER BY u.Email LIMIT 1;")
  [ -n "$mentor" ] || { echo "$db has no mentor with a pupil at step 4: run the night on it first"; exit 1; }
  pupil=$(sqlite3 "$db" "SELECT p.Id FROM Pupils p JOIN AspNetUsers u ON u.Id = p.MentorId LEFT JOIN Cases c ON c.PupilId = p.Id AND c.ClosedOn IS NULL WHERE u.Email = '$mentor' ORDER BY COALESCE(c.Step, -1) DESC, p.Id LIMIT 1;")

  port=$(( 20000 + RANDOM % 20000 ))
  ConnectionStrings__Narvaro="Data Source=$db" Database__Provider=Sqlite Demo__SeedWhenEmpty=false \
    ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
    dotnet "$web" --urls "http://127.0.0.1:$port" > "$dir/w$n.web.log" 2>&1 &
  app=$!
  base="http://127.0.0.1:$port"
  for _ in $(seq 1 240); do curl -fs "$base/health" >/dev/null 2>&1 && break; sleep 0.5; done
  mentor_cookie=$(sign_in "$base" "$mentor")
  rector_cookie=$(sign_in "$base" "$rector")

  for page in "/mina-elever mentor" "/elev/{pupil} mentor" "/eskalering rector" "/dokument/manadsrapport?manad={month} rector"; do
    path=${page% *}; who=${page##* }
    cookie=$mentor_cookie; [ "$who" = rector ] && cookie=$rector_cookie
    url="$base${path//\{pupil\}/$pupil}"; url="${url//\{month\}/$month}"
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$url")
    [ "$status" = 200 ] || { echo "$url answered $status to the $who"; exit 1; }
    for _ in 1 2 3 4 5; do curl -s -o /dev/null -H "Cookie: $cookie" "$url"; done
    # -t first: it implies -n 50000, which the -n after it bounds again.
    out=$(ab -q -t "$seconds" -n "$requests" -c "$concurrency" -H "Cookie: $cookie" "$url" 2>&1)
    echo "$out" > "$dir/w$n.ab.$(echo "$path" | tr -c 'a-z0-9\n' '_' | sed 's/_*$//').log"
    non2xx=$(echo "$out" | awk '/^Non-2xx responses:/ { print $3 }')
    [ -z "$non2xx" ] || { echo "$url: $non2xx answers were not 2xx (see $dir)"; exit 1; }
    done_requests=$(echo "$out" | awk '/^Complete requests:/ { print $3 }')
    # Waiting:  min  mean  [+/-sd]  median  max
    read -r mean median < <(echo "$out" | awk '/^Waiting:/ { print $3, $5 }')
    [ -n "${first_median[$path]:-}" ] || first_median[$path]=$median
    ratio=$(awk -v a="$median" -v b="${first_median[$path]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    verdict=$(awk -v r="$ratio" -v first="${sizes[0]}" -v n="$n" 'BEGIN { print (n == first ? "-" : (r <= 1.5 ? "MET" : "MISSED")) }')
    printf '%-8s %-44s %9s %9s %9s %6s %7s\n' "$n" "${path//\{month\}/$month} ($who)" "$median" "$mean" "$done_requests" "$ratio" "$verdict"
  done
  printf '%-8s web process: peak resident %s, resident now %s\n' "$n" \
    "$(awk '/^VmHWM/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$app/status")" "$(awk '/^VmRSS/ { printf "%.0f MiB", $2 / 1024 }' "/proc/$app/status")"
  kill "$app"; wait "$app" 2>/dev/null || true
  app=""
done
echo "databases and ab logs in $dir; goal: median TTFB at the largest size ≤ 1.5 × at ${sizes[0]}"
