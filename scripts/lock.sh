#!/usr/bin/env bash
# Refresh constraints.txt: the exact versions that `make` installs.
#
# Makes a throwaway venv with the pip it comes with, installs Calanque with its `test` and
# `bench` extras and no constraints (the newest versions pyproject.toml allows), then writes
# `pip freeze` (sorted, Calanque itself left out) to constraints.txt. Review the diff, run
# `rm -rf .venv && make test`, and commit constraints.txt. See docs/development.md.
#
#   scripts/lock.sh            # writes constraints.txt at the repo root
#   scripts/lock.sh OUT.txt    # writes elsewhere (e.g. to compare)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-constraints.txt}"
python="${PYTHON:-python3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

"$python" -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install -q -e '.[test,bench]'
"$tmp/venv/bin/python" -m pip check
{
  echo "# Exact versions installed by \`make\` (pip install -c constraints.txt -e '.[test]')."
  echo "# Produced by scripts/lock.sh on $(date -u +%Y-%m-%d): in a new venv (Python $(
    "$tmp/venv/bin/python" -c 'import platform; print(platform.python_version())'),"
  echo "# $("$tmp/venv/bin/python" -m pip --version | cut -d' ' -f1-2), $(uname -s) $(uname -m))," \
    "pip install -e '.[test,bench]' with no constraints,"
  echo "# then pip freeze --exclude-editable, sorted. Do not edit: run scripts/lock.sh again."
  "$tmp/venv/bin/python" -m pip freeze --exclude-editable | LC_ALL=C sort -t= -k1,1 -f
} >"$out.tmp"
if grep -v '^#' "$out.tmp" | grep -qv '=='; then
  echo "lock.sh: a line is not an exact pin:" >&2
  grep -v '^#' "$out.tmp" | grep -v '==' >&2
  exit 1
fi
mv "$out.tmp" "$out"
echo "wrote $out ($(grep -c '==' "$out") pins)"
