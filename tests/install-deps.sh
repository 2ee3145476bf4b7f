#!/usr/bin/env bash
# Installs the system tools the test suite needs, only those that are missing.
# Debian packages through apt-get (as root, or with sudo when available).
set -euo pipefail

# command -> Debian package
declare -A needed=(
  [sqlite3]=sqlite3
)

missing=()
for cmd in "${!needed[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${needed[$cmd]}")
done

if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing test dependencies: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
