#!/usr/bin/env bash
# Installs the Debian packages PTĐV needs beside its Python packages, for one use:
#   run   python3-venv (stock Debian lacks it), Node.js with npm (the front-end assets), and
#         what WeasyPrint needs for the branch's documents: Pango and Liberation Serif 2 (PDF
#         fonts with Times New Roman's metrics; never the old fonts-liberation);
#   test  the same, plus Chromium (browser tests), gettext (translations) and poppler-utils
#         (PDF tests: pdftotext, pdffonts, pdftoppm);
#   all   the default (`make deps`, CI): the same, plus PostgreSQL for the PostgreSQL run.
# `make run` and `make test` call it with `run` or `test` when they find a tool missing.
# Idempotent: installs only what is missing. Needs root, or sudo.
set -euo pipefail

run_packages=(python3-venv nodejs npm libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2)
test_packages=("${run_packages[@]}" chromium gettext poppler-utils)
all_packages=("${test_packages[@]}" postgresql)
case "${1:-all}" in
  run) packages=("${run_packages[@]}") ;;
  test) packages=("${test_packages[@]}") ;;
  all) packages=("${all_packages[@]}") ;;
  *) echo "usage: $0 [run|test|all]" >&2; exit 2 ;;
esac

has() { command -v "$1" >/dev/null 2>&1; }

present() {
  # Python, Node and Chromium may come from elsewhere (pyenv, nodesource, nvm, a snap):
  # working is enough.
  case "$1" in
    python3-venv) "${PYTHON:-python3}" -c 'import ensurepip, venv' >/dev/null 2>&1 && return 0 ;;
    nodejs) has node && return 0 ;;
    npm) has npm && return 0 ;;
    chromium) { has chromium || has chromium-browser; } && return 0 ;;
  esac
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=()
for pkg in "${packages[@]}"; do
  present "$pkg" || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all system packages present"
  exit 0
fi

if ! has apt-get; then
  echo "deps: not a Debian or Ubuntu system; install these packages by hand: ${missing[*]}" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if ! has sudo; then
    echo "deps: run as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  SUDO="sudo"
fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Ubuntu ships Chromium as chromium-browser.
if [[ " ${missing[*]} " == *" chromium "* ]] && ! apt-cache show chromium >/dev/null 2>&1; then
  missing=("${missing[@]/#chromium/chromium-browser}")
fi
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
