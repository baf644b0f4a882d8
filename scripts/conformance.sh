#!/usr/bin/env bash
# Runs the bpf_conformance suite (../shared/conformance) against `bpfcheck plugin`
# on both engines. Skips cleanly where ../shared is absent.
set -euo pipefail
bin=$(realpath "${1:-./bpfcheck}")
run=$(dirname "$0")/../../shared/conformance/run
if [ ! -x "$run" ]; then
  echo "conformance: ../shared/conformance/run not found, skipped"
  exit 0
fi
for engine in interp jit; do
  echo "conformance: --engine $engine"
  python3 "$run" --include-callx -- "$bin" plugin --engine "$engine"
done
