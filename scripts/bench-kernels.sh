#!/usr/bin/env bash
# Runs the five compute kernels (exec/testdata/kernels, compiled with clang at run time) through
# the bpf_conformance plugin protocol against any plugin and prints ns per executed instruction,
# net of the plugin process's fixed cost (the median time of a two-instruction program).
# usage: scripts/bench-kernels.sh [-n RUNS] [-s SCALE] [-r PER_PROCESS] -- PLUGIN [ARGS...]
#   -n: processes timed per kernel (median); -s: repetitions, times the Go benchmarks';
#   -r: how many times the plugin runs the program per process (ubpf's plugin runs it 2 times
#       interpreted and 4 times JIT-compiled, to compare calling conventions; bpfcheck's once).
#   e.g. scripts/bench-kernels.sh -s 400 -- ./bpfcheck plugin --engine jit
#        scripts/bench-kernels.sh -s 400 -r 4 -- /tmp/ubpf_plugin --jit
set -euo pipefail
runs=5 scale=200 per=1
while [ $# -gt 0 ]; do
  case $1 in
    -n) runs=$2; shift 2 ;;
    -s) scale=$2; shift 2 ;;
    -r) per=$2; shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "usage: $0 [-n RUNS] [-s SCALE] -- PLUGIN [ARGS...]" >&2; exit 2; }
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
root=$(cd "$(dirname "$0")/.." && pwd)
(cd "$root" && BPFCHECK_KERNELS_OUT=$dir BPFCHECK_KERNELS_SCALE=$scale go test ./exec -run '^TestKernelsExport$' -count=1 >/dev/null)
python3 - "$dir" "$runs" "$per" "$@" <<'PY'
import os, statistics, subprocess, sys, time
d, runs, per, plugin = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
def timed(prog, mem):
    ts, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        # The memory is the first argument, as the conformance driver passes it.
        p = subprocess.run(plugin[:1] + ([mem] if mem else []) + plugin[1:], input=prog, capture_output=True, text=True)
        ts.append(time.perf_counter() - t)
        out = (p.returncode, p.stdout.strip(), p.stderr.strip())
    return statistics.median(ts), out
fixed, out = timed("b7 00 00 00 00 00 00 00 95 00 00 00 00 00 00 00", "")
print(f"plugin: {' '.join(plugin)}   fixed cost {fixed*1e3:.1f} ms   median of {runs} runs, {per} run(s) per process")
print(f"{'kernel':10} {'insns':>12} {'ms':>9} {'ns/insn':>8}  r0")
for k in ["checksum", "primes", "fnv1a", "switch", "bubble"]:
    rd = lambda ext: open(os.path.join(d, k + ext)).read().strip()
    t, (rc, r0, err) = timed(rd(".prog"), rd(".mem"))
    n = int(rd(".count")) * per
    ok = "ok" if rc == 0 and int(r0, 16) == int(rd(".r0"), 16) else f"WRONG ({rc} {r0} {err[:60]})"
    print(f"{k:10} {n:12d} {t*1e3:9.1f} {max(t-fixed,0)*1e9/n:8.2f}  {ok}")
PY
