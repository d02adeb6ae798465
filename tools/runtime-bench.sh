#!/usr/bin/env bash
# Run-time benchmark: how fast is the code mcc generates?
#
# usage: tools/runtime-bench.sh [MCC] [extra-mcc-flags...]
#        (MCC defaults to $MCC, else target/release/mcc; run from the repo root)
#
# Builds every bench/*.c with
#     mcc                        (plus any extra flags given after MCC)
#     mcc $MCC_OPT_FLAGS         (the optimised build; MCC_OPT_FLAGS defaults to -O2)
#     gcc -O0, gcc -O1
#     tcc, cproc                 (each only when it is on PATH)
# runs every binary once and checks its stdout against bench/NAME.expected
# (exit 1 on any build failure or mismatch), then times them: with hyperfine
# when installed (one call per program, all compilers together, --warmup 1
# --runs $RUNS), otherwise one warm-up round and $RUNS rounds (default 5)
# under bash's `time`, the compilers interleaved within each round.
#
# Reading the output: the table has one row per program and one column per
# compiler, each cell the median wall-clock run time in seconds. Below it,
# for each mcc build, the geometric mean over all programs of the ratio
# (mcc time / other compiler's time): 1.00 means as fast as that compiler,
# 2.00 means mcc's code takes twice as long, 0.50 means half as long.
#
# Environment: MCC_OPT_FLAGS (default -O2; may be empty: "" builds the
# "optimised" column with no extra flag), RUNS (default 5).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
benchdir=$(cd "$here/../bench" && pwd)

mcc_arg=${1:-${MCC:-target/release/mcc}}
[ $# -gt 0 ] && shift
extra=("$@")
if [ ! -x "$mcc_arg" ]; then
    echo "runtime-bench: mcc not found or not executable: $mcc_arg" >&2
    exit 2
fi
mcc=$(realpath "$mcc_arg")
opt_flags=${MCC_OPT_FLAGS--O2}
read -r -a opt <<< "$opt_flags"
runs=${RUNS:-5}

work=$(mktemp -d /tmp/mcc-runtime-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

programs=()
for src in "$benchdir"/*.c; do
    programs+=("$(basename "$src" .c)")
done
if [ ${#programs[@]} -eq 0 ]; then
    echo "runtime-bench: no programs in $benchdir" >&2
    exit 2
fi

# The compilers: a short id (column name) and the command that builds
# "$src" into "$out" (both set by build_one before it evaluates the command).
opt_id=mcc-opt
if [[ $opt_flags =~ ^-O[0-9a-z]*$ ]]; then opt_id="mcc$opt_flags"; fi
ids=(mcc "$opt_id" gcc-O0 gcc-O1)
cmds=(
    '"$mcc" ${extra[@]+"${extra[@]}"} "$src" -o "$out"'
    '"$mcc" ${opt[@]+"${opt[@]}"} ${extra[@]+"${extra[@]}"} "$src" -o "$out"'
    'gcc -O0 "$src" -o "$out"'
    'gcc -O1 "$src" -o "$out"'
)
if command -v tcc >/dev/null; then
    ids+=(tcc); cmds+=('tcc "$src" -o "$out"')
fi
if command -v cproc >/dev/null; then
    ids+=(cproc); cmds+=('cproc "$src" -o "$out"')
fi

echo "mcc:      $mcc${extra[*]+ ${extra[*]}}"
echo "mcc opt:  column $opt_id = mcc ${opt_flags:-(no flags)}${extra[*]+ ${extra[*]}}"
echo "columns:  ${ids[*]}"
echo "programs: ${programs[*]}"
echo

# 1. Build everything.
build_one() { # compiler-index program
    local src="$benchdir/$2.c" out="$work/${ids[$1]}/$2"
    mkdir -p "$work/${ids[$1]}"
    if ! eval "${cmds[$1]}" >"$work/build.log" 2>&1; then
        echo "BUILD FAILED: ${ids[$1]} on bench/$2.c" >&2
        if [ "$1" -eq 1 ]; then
            echo "  (the optimised mcc build: mcc ${opt_flags:-(no flags)}; set MCC_OPT_FLAGS to change it)" >&2
        fi
        sed 's/^/  | /' "$work/build.log" | head -20 >&2
        exit 1
    fi
}
echo "building..." >&2
for i in "${!ids[@]}"; do
    for p in "${programs[@]}"; do
        build_one "$i" "$p"
    done
done

# 2. Run each binary once and check its output.
echo "checking outputs..." >&2
for p in "${programs[@]}"; do
    expected="$benchdir/$p.expected"
    if [ ! -f "$expected" ]; then
        echo "MISSING: bench/$p.expected" >&2
        exit 1
    fi
    for id in "${ids[@]}"; do
        status=0
        "$work/$id/$p" >"$work/out.txt" 2>/dev/null || status=$?
        if [ "$status" -ne 0 ] || ! cmp -s "$work/out.txt" "$expected"; then
            echo "MISMATCH: $id on bench/$p.c (exit status $status); diff expected actual:" >&2
            diff "$expected" "$work/out.txt" | head -20 >&2 || true
            exit 1
        fi
    done
done

# 3. Time them. Every measurement becomes a line "program compiler seconds"
#    in $times, whichever way it was taken.
times="$work/times.txt"
: >"$times"
if command -v hyperfine >/dev/null; then
    for p in "${programs[@]}"; do
        echo "timing $p (hyperfine)..." >&2
        args=()
        for id in "${ids[@]}"; do args+=(-n "$id" "$work/$id/$p"); done
        hyperfine -N --warmup 1 --runs "$runs" --style none \
            --export-json "$work/$p.json" "${args[@]}"
        python3 - "$work/$p.json" "$p" >>"$times" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    for t in r["times"]:
        print(sys.argv[2], r["command"], t)
EOF
    done
else
    TIMEFORMAT=%3R
    for p in "${programs[@]}"; do
        echo "timing $p (bash time, $runs runs + 1 warm-up)..." >&2
        for round in $(seq 0 "$runs"); do
            for id in "${ids[@]}"; do
                t=$( { time "$work/$id/$p" >/dev/null 2>&1; } 2>&1 )
                if [ "$round" -gt 0 ]; then # round 0 is the warm-up
                    echo "$p $id $t" >>"$times"
                fi
            done
        done
    done
fi

# 4. The table and the geometric means.
python3 - "$times" "$opt_id" "${ids[@]}" <<'EOF'
import math, statistics, sys
path, opt_id, ids = sys.argv[1], sys.argv[2], sys.argv[3:]
samples = {}
for line in open(path):
    prog, comp, t = line.split()
    samples.setdefault(prog, {}).setdefault(comp, []).append(float(t))
progs = sorted(samples)
median = {p: {c: statistics.median(samples[p][c]) for c in ids} for p in progs}

w = max(len(p) for p in progs + ["program"]) + 2
cw = max(9, max(len(c) for c in ids) + 2)
print("median run time, seconds")
print("program".ljust(w) + "".join(c.rjust(cw) for c in ids))
for p in progs:
    print(p.ljust(w) + "".join(("%.3f" % median[p][c]).rjust(cw) for c in ids))

others = [c for c in ids if c not in ("mcc", opt_id)]
print()
print("geometric mean of run-time ratios (mcc build / other; below 1 = mcc faster)")
print("".ljust(w) + "".join(("vs " + c).rjust(cw + 3) for c in others))
for m in (opt_id, "mcc"):
    cells = []
    for c in others:
        logs = [math.log(median[p][m] / median[p][c]) for p in progs]
        cells.append(("%.2f" % math.exp(sum(logs) / len(logs))).rjust(cw + 3))
    print(m.ljust(w) + "".join(cells))
EOF
