#!/usr/bin/env bash
# Runs the bpf_conformance suite (../shared/conformance) against
# `bpfcheck plugin` on every engine this build has. Skips cleanly where
# ../shared is absent.
set -euo pipefail
bin=$(realpath "${1:-./bpfcheck}")
run=$(dirname "$0")/../../shared/conformance/run
if [ ! -f "$run" ]; then
  echo "conformance: ../shared/conformance/run not found, skipped"
  exit 0
fi
probe="b7 00 00 00 00 00 00 00 95 00 00 00 00 00 00 00"
for engine in interp jit; do
  if ! echo "$probe" | "$bin" plugin --engine "$engine" >/dev/null 2>&1; then
    echo "conformance: engine $engine is not in this build, skipped"
    continue
  fi
  echo "conformance: --engine $engine"
  python3 "$run" --include-callx -- "$bin" plugin --engine "$engine"
done
