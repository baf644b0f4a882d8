#!/usr/bin/env bash
# Runs every fuzz target of the module (each `func FuzzX` in a _test.go
# file) for a fixed budget, one at a time on one worker, with minimisation
# bounded (the default minimisation stalls these targets for minutes).
# A crasher is written to the package's testdata/fuzz/FuzzX/ by go test, and
# then runs as a regression case in every `go test`.
#   FUZZTIME=10m MINTIME=30s scripts/fuzz.sh [target-regexp]
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-1m}
mintime=${MINTIME:-10s}
only=${1:-.}
go=${GO:-go}
status=0
while IFS=: read -r file target; do
  pkg=./$(dirname "${file#./}")
  echo "fuzz: $pkg $target for $fuzztime"
  if ! $go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" -fuzzminimizetime "$mintime" -parallel 1 "$pkg"; then
    echo "fuzz: $pkg $target FAILED (the crasher is under $pkg/testdata/fuzz/$target/)"
    status=1
  fi
done < <(grep -rHo --include='*_test.go' '^func Fuzz[A-Za-z0-9_]*' . | sed 's/func //' | grep -E ":.*${only}" | sort)
exit $status
