#!/usr/bin/env bash
# The main job: runs bpfcheck over every program of the bundled corpus with
# the flags its header names (`# flags: ...`), under both kernel profiles,
# and prints one line per program and a summary.
set -uo pipefail
bin=$(realpath "${1:-./bpfcheck}")
cd "$(dirname "$0")/../corpus"
total=0; accepted=0; rejected=0; other=0
for f in $(find . -name '*.s' | sort); do
  flags=$(sed -n 's/^# flags: *//p' "$f" | head -n1)
  for profile in linux-4.2 linux-4.3; do
    total=$((total+1))
    # shellcheck disable=SC2086
    "$bin" verify --profile "$profile" $flags "$f"
    case $? in 0) accepted=$((accepted+1));; 1) rejected=$((rejected+1));; *) other=$((other+1));; esac
  done
done
echo "corpus: $total runs, $accepted accepted, $rejected rejected, $other errors"
[ "$other" -eq 0 ]
