#!/usr/bin/env bash
# Installs what bpfcheck's build and tests need on Debian: clang and llvm
# (C test programs, llvm-mc and llvm-objdump round trips), libz3-dev (the SMT
# layer), z3 (re-checks the exported .smt2 files), python3 (the conformance
# driver), libbpf-dev (corpus/examples), bpftool (re-checks platform facts
# against the running kernel), graphviz (cfg --format svg). As non-root it
# only says what is missing.
set -euo pipefail
need=()
command -v clang >/dev/null || need+=(clang)
command -v llvm-mc >/dev/null || need+=(llvm)
command -v llvm-objdump >/dev/null || need+=(llvm)
[ -f /usr/include/z3.h ] || need+=(libz3-dev)
command -v python3 >/dev/null || need+=(python3)
command -v gcc >/dev/null || need+=(gcc)
[ -f /usr/include/bpf/bpf_helpers.h ] || need+=(libbpf-dev)   # corpus/examples
command -v z3 >/dev/null || need+=(z3)
command -v bpftool >/dev/null || need+=(bpftool)
command -v dot >/dev/null || need+=(graphviz)
[ ${#need[@]} -eq 0 ] && exit 0
mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
if [ "$(id -u)" -ne 0 ]; then
  echo "bpfcheck needs these Debian packages: ${need[*]}" >&2
  echo "install them with: sudo apt-get install -y ${need[*]}" >&2
  exit 1
fi
echo "installing: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${need[@]}" >/dev/null
