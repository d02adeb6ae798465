#!/usr/bin/env bash
# Compile-time benchmark: mcc against gcc -O0 and tcc on generated programs.
#
# usage: tools/bench.sh [MCC] [LINES] [PP_LINES]
#        (defaults: target/release/mcc, 10000, 200000)
#
# Generates the programs with tools/gen-program.py, then times, in one run so
# the ratios are comparable: mcc -S vs gcc -O0 -S, and mcc -c (built-in
# encoder) vs mcc --assembler=external -c vs gcc -O0 -c on the LINES program;
# on the PP_LINES one, mcc -E -P (built-in preprocessor) and mcc --lex (the
# preprocessing and lexing a compile does) vs cc -E -P, and mcc -E -P vs
# cc -E -P again with a macro call starting every line (so no line can be
# copied through unchanged: every token takes the expansion path). Uses hyperfine when
# installed (apt-get install hyperfine), otherwise 10 runs of each under
# /usr/bin/time and their medians.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mcc=$(realpath "${1:-target/release/mcc}")
lines=${2:-10000}
pp_lines=${3:-200000}
work=$(mktemp -d /tmp/mcc-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
src=$work/part1.c
python3 "$here/gen-program.py" --lines "$lines" --seed 1 > "$src"
echo "program: $(wc -l < "$src") lines"
ppsrc=$work/pp.c
python3 "$here/gen-program.py" --lines "$pp_lines" --seed 1 > "$ppsrc"
echo "preprocessing program: $(wc -l < "$ppsrc") lines"
dense=$work/dense.c
{ echo '#define M'; sed 's/^/M /' "$ppsrc"; } > "$dense"
# Part II's types throughout (no macro at all), at the size of the
# preprocessing program: the streamed pipeline against tcc.
types=$work/types.c
python3 "$here/gen-program.py" --types --lines "$pp_lines" --seed 1 > "$types"
echo "Part II program: $(wc -l < "$types") lines"
tcc=$(command -v tcc || true)

declare -a names cmds
add() { names+=("$1"); cmds+=("$2"); }
add "mcc -S"                     "$mcc -S -o $work/m.s $src"
add "gcc -O0 -S"                 "gcc -O0 -S -o $work/g.s $src"
add "mcc -c"                     "$mcc -c -o $work/m.o $src"
add "mcc --assembler=external -c" "$mcc --assembler=external -c -o $work/e.o $src"
add "gcc -O0 -c"                 "gcc -O0 -c -o $work/g.o $src"
add "mcc -E -P"                  "$mcc -E -P -o $work/m.i $ppsrc"
add "cc -E -P"                   "cc -E -P -o $work/c.i $ppsrc"
add "mcc --lex"                  "$mcc --lex $ppsrc"
add "mcc -E -P, macro every line" "$mcc -E -P -o $work/md.i $dense"
add "cc -E -P, macro every line" "cc -E -P -o $work/cd.i $dense"
add "mcc -c, Part I program"    "$mcc -c -o $work/p1.o $ppsrc"
add "mcc -c, Part II program"   "$mcc -c -o $work/p2.o $types"
add "mcc -E -P, Part II"        "$mcc -E -P -o $work/p2m.i $types"
add "cc -E -P, Part II"         "cc -E -P -o $work/p2c.i $types"
if [ -n "$tcc" ]; then
    add "tcc -c, Part I program"  "$tcc -c -o $work/t1.o $ppsrc"
    add "tcc -c, Part II program" "$tcc -c -o $work/t2.o $types"
fi

if command -v hyperfine >/dev/null; then
    args=()
    for i in "${!names[@]}"; do args+=(-n "${names[$i]}" "${cmds[$i]}"); done
    hyperfine --warmup 2 --runs 10 -N "${args[@]}"
    exit
fi

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
declare -a medians
for i in "${!names[@]}"; do
    ${cmds[$i]} >/dev/null 2>&1   # warm-up
    m=$(for _ in $(seq 10); do /usr/bin/time -f %e ${cmds[$i]} 2>&1 >/dev/null | tail -1; done | median)
    medians+=("$m")
    printf '%-30s %6.3f s (median of 10)\n' "${names[$i]}" "$m"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
echo "mcc -S / gcc -O0 -S:         $(ratio "${medians[0]}" "${medians[1]}")"
echo "mcc -c / mcc external -c:    $(ratio "${medians[2]}" "${medians[3]}")"
echo "mcc -c / gcc -O0 -c:         $(ratio "${medians[2]}" "${medians[4]}")"
echo "mcc -E -P / cc -E -P:         $(ratio "${medians[5]}" "${medians[6]}")"
echo "mcc --lex / cc -E -P:         $(ratio "${medians[7]}" "${medians[6]}")"
echo "macro every line, -E -P:     $(ratio "${medians[8]}" "${medians[9]}")"
echo "mcc -E -P / cc -E -P, Part II: $(ratio "${medians[12]}" "${medians[13]}")"
if [ -n "$tcc" ]; then
    echo "mcc -c / tcc -c, Part I:     $(ratio "${medians[10]}" "${medians[14]}")"
    echo "mcc -c / tcc -c, Part II:    $(ratio "${medians[11]}" "${medians[15]}")"
fi
