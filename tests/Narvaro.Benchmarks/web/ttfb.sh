#!/usr/bin/env bash
# Time to first byte of pages against the running app on loopback, for demo databases of different sizes.
#
#   tests/Narvaro.Benchmarks/web/ttfb.sh [--requests N] [--user EMAIL] PUPILS [PUPILS ...] [-- PATH ...]
#
# For each size: builds the demo municipality with that many pupils into a fresh SQLite file (narvaro seed-demo),
# runs one night on it (narvaro nightly: evaluation and forms), starts the web app (Release) on 127.0.0.1 against
# that file, signs in as the demo mentor (or --user, e.g. rektor.bjorkskolan@sjovik.demo), and requests each page N times (after 5 warm-up requests) with curl,
# one at a time. Prints the median and the 90th percentile of curl's time_starttransfer per page and size, and the
# ratio of each size's median to the first size's. A database already built for a size is reused when
# NARVARO_BENCH_DIR holds it (pNNN.db). Paths may name {pupil} (a mentee of the demo mentor at the highest step),
# {case} (that pupil's open case, or with --user the signed-in rector's school's open case at the highest step)
# and {week} (last ISO week). Default paths: /mina-elever /elev/{pupil}.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
requests=30
user=""
sizes=(); paths=()
while (($#)); do
  case "$1" in
    --requests) requests="$2"; shift 2 ;;
    --user) user="$2"; shift 2 ;;
    --) shift; paths=("$@"); break ;;
    *) sizes+=("$1"); shift ;;
  esac
done
((${#sizes[@]})) || sizes=(1000 100000)
((${#paths[@]})) || paths=(/mina-elever "/elev/{pupil}")
dir="${NARVARO_BENCH_DIR:-$(mktemp -d)}"; mkdir -p "$dir"
command -v sqlite3 >/dev/null || { echo "sqlite3 is needed (tests/install-deps.sh installs it)"; exit 1; }

dotnet build "$root/src/Narvaro.Cli" -c Release --nologo -v quiet >/dev/null
dotnet build "$root/src/Narvaro.Web" -c Release --nologo -v quiet >/dev/null
cli="$root/src/Narvaro.Cli/bin/Release/net10.0/narvaro"
web="$root/src/Narvaro.Web/bin/Release/net10.0/Narvaro.Web.dll"
password="Narvaro-demo-2026!"

median_p90() { sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; p = a[int(NR * 0.9 + 0.5)]; printf "%.1f %.1f\n", m * 1000, p * 1000 }'; }

declare -A first_median
printf '%-10s %-28s %10s %10s %8s\n' pupils page "median ms" "p90 ms" ratio
for n in "${sizes[@]}"; do
  db="$dir/p$n.db"
  if [ ! -f "$db" ]; then
    "$cli" --db "$db" seed-demo --pupils "$n" > "$dir/seed$n.log"
    "$cli" --db "$db" nightly > "$dir/nightly$n.log"
  fi
  mentor=$(sqlite3 "$db" "SELECT u.Email FROM AspNetUsers u WHERE u.Email LIKE 'mentor.%' AND EXISTS (SELECT 1 FROM Pupils p JOIN Cases c ON c.PupilId = p.Id WHERE p.MentorId = u.Id AND c.ClosedOn IS NULL AND c.Step >= 4) ORDER BY u.Email LIMIT 1;")
  pupil=$(sqlite3 "$db" "SELECT p.Id FROM Pupils p JOIN AspNetUsers u ON u.Id = p.MentorId LEFT JOIN Cases c ON c.PupilId = p.Id AND c.ClosedOn IS NULL WHERE u.Email = '$mentor' ORDER BY COALESCE(c.Step, -1) DESC, p.Id LIMIT 1;")
  case_id=$(sqlite3 "$db" "SELECT c.Id FROM Cases c WHERE c.ClosedOn IS NULL AND c.PupilId = $pupil;")
  if [ -n "$user" ]; then
    case_id=$(sqlite3 "$db" "SELECT c.Id FROM Cases c JOIN Pupils p ON p.Id = c.PupilId JOIN RoleAssignments a ON a.SchoolId = p.SchoolId JOIN AspNetUsers u ON u.Id = a.UserId WHERE u.Email = '$user' AND c.ClosedOn IS NULL ORDER BY c.Step DESC, c.Id LIMIT 1;")
    mentor="$user"
  fi
  week=$(date -d 'last week' +%G-W%V)
  port=$(( 20000 + RANDOM % 20000 ))
  ConnectionStrings__Narvaro="Data Source=$db" Database__Provider=Sqlite Demo__SeedWhenEmpty=false \
    ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
    dotnet "$web" --urls "http://127.0.0.1:$port" > "$dir/web$n.log" 2>&1 &
  app=$!
  trap 'kill $app 2>/dev/null || true' EXIT
  base="http://127.0.0.1:$port"
  for _ in $(seq 1 120); do curl -fs "$base/health" >/dev/null 2>&1 && break; sleep 0.5; done
  jar="$dir/cookies$n.txt"; rm -f "$jar"
  token=$(curl -fs -c "$jar" -b "$jar" "$base/konto/logga-in" | sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' | head -n 1)
  curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "Email=$mentor" --data-urlencode "Password=$password" \
    --data-urlencode "__RequestVerificationToken=$token" "$base/konto/logga-in"
  for path in "${paths[@]}"; do
    url="$base${path//\{pupil\}/$pupil}"; url="${url//\{week\}/$week}"; url="${url//\{case\}/$case_id}"
    status=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" "$url")
    [ "$status" = 200 ] || { echo "$url answered $status"; kill $app; exit 1; }
    for _ in 1 2 3 4 5; do curl -s -o /dev/null -b "$jar" "$url"; done
    read -r median p90 < <(for _ in $(seq 1 "$requests"); do curl -s -o /dev/null -b "$jar" -w '%{time_starttransfer}\n' "$url"; done | median_p90)
    [ -n "${first_median[$path]:-}" ] || first_median[$path]=$median
    ratio=$(awk -v a="$median" -v b="${first_median[$path]}" 'BEGIN { printf "%.2f", a / b }')
    printf '%-10s %-28s %10s %10s %8s\n' "$n" "$path" "$median" "$p90" "$ratio"
  done
  kill $app; wait $app 2>/dev/null || true
  trap - EXIT
done
echo "databases in $dir"
