#!/usr/bin/env bash
# Install the Debian packages the browser tests and PDF export need, only if missing.
# Runs apt-get as root (or through sudo); without either it warns and the browser tests skip.
set -uo pipefail
have() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }
command -v dpkg-query >/dev/null 2>&1 || { echo "[sysdeps] not a Debian system: skipping chromium/fonts (browser tests will skip)"; exit 0; }
need=()
for p in chromium fonts-noto-cjk poppler-utils; do have "$p" || need+=("$p"); done
((${#need[@]})) || { echo "[sysdeps] chromium, fonts-noto-cjk, poppler-utils present"; exit 0; }
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo -n"; else
    echo "[sysdeps] need root to install: ${need[*]} (browser tests will skip)"; exit 0; fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q && $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
