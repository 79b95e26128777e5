#!/usr/bin/env bash
# Install the system packages mnpia needs when they are missing: the Graphviz `dot` binary, a
# CJK font (so Japanese labels in diagrams render as text, not tofu boxes), and Debian's Chromium
# (the browser the tests of the analysts' page drive headless with Playwright; Playwright never
# downloads a browser of its own here).
# Idempotent: does nothing when all are present. Needs root (or sudo without a password) to install.
set -euo pipefail

need=()
command -v dot >/dev/null 2>&1 || need+=(graphviz)
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=ja family 2>/dev/null | head -n 1)" ]; then
  need+=(fonts-noto-cjk fontconfig)
fi
[ -x /usr/bin/chromium ] || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0

echo "mnpia: installing system packages: ${need[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "mnpia: missing system packages (${need[*]}); run as root or install them: apt-get install ${need[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "mnpia: missing system packages (${need[*]}) and no apt-get here; install Graphviz, a CJK font and Chromium by hand" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
command -v dot >/dev/null 2>&1 || { echo "mnpia: graphviz installed but 'dot' is not on PATH" >&2; exit 1; }
[ -x /usr/bin/chromium ] || { echo "mnpia: chromium installed but /usr/bin/chromium is missing" >&2; exit 1; }
# Graphviz finds plugins through its config file; generate it when the package did not.
dot -c 2>/dev/null || true
echo "mnpia: system packages ready ($(dot -V 2>&1))" >&2
