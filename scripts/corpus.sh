#!/usr/bin/env bash
# The main job: runs bpfcheck over every program of the bundled corpus with
# the flags its header names (`# flags: ...`) under both kernel profiles
# (C programs are compiled with clang first), prints each verdict and a summary.
set -uo pipefail
bin=$(realpath "${1:-./bpfcheck}")
cd "$(dirname "$0")/../corpus"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
files=$(find . -name '*.s' | sort)
for c in c/*.c; do
  clang -O2 -g -target bpf -c "$c" -o "$tmp/$(basename "$c" .c).o" && files="$files $tmp/$(basename "$c" .c).o"
done
total=0; accepted=0; rejected=0; other=0
for f in $files; do
  flags=""
  [ "${f##*.}" = s ] && flags=$(sed -n 's/^# flags: *//p' "$f" | head -n1)
  for profile in linux-4.2 linux-4.3; do
    total=$((total+1))
    # shellcheck disable=SC2086
    "$bin" verify --profile "$profile" $flags "$f" | sed "s/^/[$profile] /"
    case ${PIPESTATUS[0]} in 0) accepted=$((accepted+1));; 1) rejected=$((rejected+1));; *) other=$((other+1));; esac
  done
done
echo "corpus: $total runs, $accepted accepted, $rejected rejected or unsupported, $other errors"
[ "$other" -eq 0 ]
