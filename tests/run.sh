#!/usr/bin/env bash
# The test command: installs what the tests need, runs every test project, prints "N passed, N failed".
# Exit code is non-zero when any test fails or nothing ran.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

bash tests/install-deps.sh || { echo "Could not install the test dependencies."; exit 1; }

results="$root/artifacts/test-results"
rm -rf "$results"
status=0
dotnet build Narvaro.sln --nologo -v quiet || status=$?
if [ "$status" -eq 0 ]; then
  # One project at a time, each with its own TRX file (default names are timestamps and can collide).
  for project in tests/*/*.csproj; do
    name=$(basename "$project" .csproj)
    grep -q '<IsTestProject>true</IsTestProject>' "$project" || continue
    dotnet test "$project" --no-build --nologo --logger "trx;LogFileName=$name.trx" --results-directory "$results" "$@" || status=$?
  done
fi

passed=0; failed=0; skipped=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed)
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
