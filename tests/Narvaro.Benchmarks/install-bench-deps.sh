#!/usr/bin/env bash
# Installs what the benchmarks need beyond the test suite, only what is missing (benchmarks stay out of CI):
#   ab (Debian apache2-utils: the load tool web/ab-ttfb.sh drives), sqlite3 (the import baseline and the scripts'
#   look-ups), curl (sign-in and warm-up), /usr/bin/time (GNU time -v: peak resident set of a seed or a night).
set -euo pipefail

# command -> Debian package
declare -A needed=(
  [ab]=apache2-utils
  [sqlite3]=sqlite3
  [curl]=curl
  [/usr/bin/time]=time
)

missing=()
for cmd in "${!needed[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${needed[$cmd]}")
done
if ((${#missing[@]})); then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing benchmark dependencies: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
