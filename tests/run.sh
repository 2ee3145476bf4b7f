#!/usr/bin/env bash
# The test command: installs what the tests need, runs every test project, prints "N passed, N failed".
# Exit code is non-zero when any test fails or nothing ran.
#
# The database tests run once per provider: on SQLite, then on PostgreSQL (a throw-away cluster started here, see
# tests/postgres.sh), then on SQL Server when NARVARO_TEST_SQLSERVER holds a connection string to a server the tests
# may create databases on. NARVARO_TEST_PROVIDERS narrows the list (default: "sqlite postgresql", plus sqlserver
# when NARVARO_TEST_SQLSERVER is set). The browser tests drive the UI and run on SQLite only.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

providers="${NARVARO_TEST_PROVIDERS:-sqlite postgresql${NARVARO_TEST_SQLSERVER:+ sqlserver}}"

bash tests/install-deps.sh || { echo "Could not install the test dependencies."; exit 1; }
# shellcheck source=tests/postgres.sh
source tests/postgres.sh
if [[ " $providers " == *" postgresql "* ]]; then
  postgres_install || { echo "Could not install PostgreSQL."; exit 1; }
fi
trap postgres_stop EXIT

results="$root/artifacts/test-results"
rm -rf "$results"
status=0
dotnet build Narvaro.sln --nologo -v quiet || status=$?
if [ "$status" -eq 0 ]; then
  for provider in $providers; do
    echo "== tests on $provider"
    if [ "$provider" = postgresql ]; then
      postgres_start || { echo "Could not start PostgreSQL."; status=1; continue; }
    fi
    # One project at a time, each with its own TRX file (default names are timestamps and can collide).
    for project in tests/*/*.csproj; do
      name=$(basename "$project" .csproj)
      grep -q '<IsTestProject>true</IsTestProject>' "$project" || continue
      # The browser tests exercise pages, not the database: once, on SQLite.
      [ "$provider" != sqlite ] && [ "$name" = Narvaro.BrowserTests ] && continue
      NARVARO_TEST_DATABASE="$provider" dotnet test "$project" --no-build --nologo \
        --logger "trx;LogFileName=$name.$provider.trx" --results-directory "$results" "$@" || status=$?
    done
    [ "$provider" = postgresql ] && postgres_stop
  done
fi

passed=0; failed=0; skipped=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed)
  echo "$(basename "$trx" .trx): ${p:-0} passed, ${f:-0} failed, $((${total:-0} - ${executed:-0})) skipped"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or the test host failed before any test could report.
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
