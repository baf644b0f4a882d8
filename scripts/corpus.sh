#!/usr/bin/env bash
# The main job: runs bpfcheck over the bundled corpus.
#  1. corpus/examples/*.c, realistic programs (socket filters, tc, XDP,
#     kprobes, tracepoints; safe and unsafe), compiled with clang against
#     libbpf's headers and verified as one tree under every profile the
#     binary has: each rejection is explained with its source line, why
#     and fix, and each run ends with a summary table.
#  2. The assembly and small C cases, each with the flags its header names
#     (`# flags: ...`), under both kernel profiles.
# Fails only when an input cannot be read or compiled (exit status 2).
set -uo pipefail
bin=$(realpath "${1:-./bpfcheck}")
cd "$(dirname "$0")/../corpus"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
errors=0

arch=$(uname -m)-linux-gnu
mkdir -p "$tmp/examples"
for c in examples/*.c; do
  clang -O2 -g -target bpf -I"/usr/include/$arch" -c "$c" -o "$tmp/examples/$(basename "$c" .c).o" || errors=$((errors+1))
done
profiles=$("$bin" --version | sed -n 's/.*profiles: //p' | tr -d ',')
for profile in $profiles; do
  echo "== examples under $profile"
  (cd "$tmp" && "$bin" verify --profile "$profile" examples/)
  [ $? -eq 2 ] && errors=$((errors+1))
  echo
done

echo "== assembly and C cases"
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
[ "$other" -eq 0 ] && [ "$errors" -eq 0 ]
