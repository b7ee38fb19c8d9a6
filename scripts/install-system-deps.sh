#!/usr/bin/env bash
# Installs the Debian packages PTĐV needs beside Python: fonts for PDFs (Liberation Serif 2, never
# the old fonts-liberation), poppler-utils for PDF tests, Chromium for browser tests, PostgreSQL for
# the PostgreSQL run, gettext for translations, Node/npm for the front-end assets.
# Idempotent: installs only what is missing. Needs root or sudo.
set -euo pipefail

packages=(fonts-liberation2 poppler-utils chromium postgresql gettext nodejs npm)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

missing=()
for pkg in "${packages[@]}"; do
  # Node and npm may come from elsewhere (nodesource, nvm): a working command is enough.
  case "$pkg" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all system packages present"
  exit 0
fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
