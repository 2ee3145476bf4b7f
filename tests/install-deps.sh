#!/usr/bin/env bash
# Installs what the test suite needs, only what is missing:
#   Debian packages through apt-get (as root, or with sudo when available): sqlite3 (import benchmark baseline),
#   poppler-utils (pdftotext/pdftoppm read the generated PDFs back), chromium (browser tests);
#   npm packages in tests/tools (Prism serves the SS 12000 OpenAPI file; axe-core for accessibility checks;
#   smtp-server behind tests/tools/smtp-sink.js, the loopback mail server the digest tests send to).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

# command -> Debian package
declare -A needed=(
  [sqlite3]=sqlite3
  [pdftotext]=poppler-utils
  [pdftoppm]=poppler-utils
  [chromium]=chromium
)

missing=()
for cmd in "${!needed[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${needed[$cmd]}")
done
if ((${#missing[@]})); then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing test dependencies: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

tools="$root/tests/tools"
if [ ! -x "$tools/node_modules/.bin/prism" ] || [ ! -f "$tools/node_modules/axe-core/axe.min.js" ] \
  || [ ! -f "$tools/node_modules/smtp-server/package.json" ] || [ ! -f "$tools/node_modules/oidc-provider/package.json" ]; then
  command -v npm >/dev/null 2>&1 || { echo "npm is needed for the test tools (Node.js)."; exit 1; }
  echo "Installing test tools (npm ci in tests/tools)"
  npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error >/dev/null
fi
