#!/usr/bin/env bash
# Runs the five compute kernels (exec/testdata/kernels, compiled with clang at run time) through
# the bpf_conformance plugin protocol against one or more plugins, side by side, and prints ns per
# executed instruction, net of each plugin process's fixed cost (the median time of a
# two-instruction program).
# usage: scripts/bench-kernels.sh [-n RUNS] [-s SCALE] [-k KERNELS] [-w] -- [-r PER_PROCESS] PLUGIN [ARGS...] [:: [-r N] PLUGIN [ARGS...]]...
#   -n: processes timed per kernel and plugin (median); -s: repetitions, times the Go benchmarks';
#   -k: the kernels to run (a quoted list; default all five);
#   -w: wall-clock time instead of the processes' CPU time (user + system), which a loaded
#       machine inflates less (it still shares caches and cores);
#   -r: how many times that plugin runs the program per process (ubpf's plugin runs it 3 times
#       interpreted and 4 times JIT-compiled, to compare calling conventions; bpfcheck's once).
#   The plugins' runs alternate (each kernel: one process of each plugin in turn, RUNS times), so
#   the load of a shared machine falls on all of them alike; the last columns are the first
#   plugin's time per instruction over each other's.
#   e.g. scripts/bench-kernels.sh -s 50 -- ./bpfcheck plugin --engine interp :: -r 3 /tmp/ubpf_plugin
#        scripts/bench-kernels.sh -s 400 -- ./bpfcheck plugin --engine jit :: -r 4 /tmp/ubpf_plugin --jit
set -euo pipefail
runs=5 scale=200 clock=cpu kernels="checksum primes fnv1a switch bubble"
while [ $# -gt 0 ]; do
  case $1 in
    -w) clock=wall; shift ;;
    -k) kernels=$2; shift 2 ;;
    -n) runs=$2; shift 2 ;;
    -s) scale=$2; shift 2 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "usage: $0 [-n RUNS] [-s SCALE] -- [-r N] PLUGIN [ARGS...] [:: [-r N] PLUGIN [ARGS...]]..." >&2; exit 2; }
dir=$(mktemp -d); trap 'rm -rf "$dir"' EXIT
root=$(cd "$(dirname "$0")/.." && pwd)
(cd "$root" && BPFCHECK_KERNELS_OUT=$dir BPFCHECK_KERNELS_SCALE=$scale BPFCHECK_KERNELS="$kernels" go test ./exec -run '^TestKernelsExport$' -count=1 >/dev/null)
python3 - "$dir" "$runs" "$clock" "$kernels" "$@" <<'PY'
import math, os, resource, statistics, subprocess, sys, time
d, runs, clock, kernels, rest = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4].split(), sys.argv[5:]
plugins = []  # (per-process runs, argv)
groups = [[]]
for a in rest:
    if a == "::":
        groups.append([])
    else:
        groups[-1].append(a)
for argv in groups:
    per = 1
    if argv[:1] == ["-r"]:
        per, argv = int(argv[1]), argv[2:]
    plugins.append((per, argv))
def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
def once(argv, prog, mem):
    t, c = time.perf_counter(), cpu()
    # The memory is the first argument, as the conformance driver passes it.
    p = subprocess.run(argv[:1] + ([mem] if mem else []) + argv[1:], input=prog, capture_output=True, text=True)
    spent = cpu() - c if clock == "cpu" else time.perf_counter() - t
    return spent, (p.returncode, p.stdout.strip(), p.stderr.strip())
def timed(prog, mem):
    ts = [[] for _ in plugins]
    outs = [None for _ in plugins]
    for _ in range(runs):
        for i, (_, argv) in enumerate(plugins):
            t, outs[i] = once(argv, prog, mem)
            ts[i].append(t)
    return [statistics.median(t) for t in ts], outs
fixed, _ = timed("b7 00 00 00 00 00 00 00 95 00 00 00 00 00 00 00", "")
for (per, argv), f in zip(plugins, fixed):
    print(f"plugin {chr(65 + plugins.index((per, argv)))}: {' '.join(argv)}   ({per} run(s) per process)   fixed cost {f*1e3:.1f} ms")
print(f"median of {runs} processes each, alternating; {clock} time; ns per executed instruction")
head = f"{'kernel':10} {'insns':>11}" + "".join(f" {chr(65+i):>8}" for i in range(len(plugins))) + "".join(f"  A/{chr(65+i)}" for i in range(1, len(plugins)))
print(head)
logs = [0.0] * len(plugins)
for k in kernels:
    rd = lambda ext: open(os.path.join(d, k + ext)).read().strip()
    ts, outs = timed(rd(".prog"), rd(".mem"))
    n = int(rd(".count"))
    row, per_insn = f"{k:10} {n:11d}", []
    for (per, _), t, f, (rc, r0, err) in zip(plugins, ts, fixed, outs):
        v = max(t - f, 1e-9) * 1e9 / (n * per)
        per_insn.append(v)
        ok = rc == 0 and r0 and int(r0, 16) == int(rd(".r0"), 16)
        row += f" {v:8.2f}" if ok else f" {'WRONG':>8}"
        if not ok:
            print(f"  {k}: exit {rc}, r0 {r0!r}, {err[:80]}", file=sys.stderr)
    for i in range(1, len(plugins)):
        row += f" {per_insn[0]/per_insn[i]:5.2f}"
        logs[i] += math.log(per_insn[0] / per_insn[i])
    print(row)
if len(plugins) > 1:
    print(f"{'geomean':10} {'':11}" + " " * 9 * len(plugins) + "".join(f" {math.exp(logs[i]/len(kernels)):5.2f}" for i in range(1, len(plugins))))
PY
