#!/usr/bin/env bash
# real-programs.sh: build real C programs with mcc and check they behave
# exactly like the same programs built with gcc (issue 17).
#
# Why: mcc's own tests use small inputs; zlib, Lua 5.4 and SQLite 3 are large,
# real-world C code bases. A compiler that builds them and gets identical
# results on real work (compression, an interpreter, a database) is much more
# likely to be right than one that only passes unit tests.
#
# What it does, for each program asked for (default: zlib lua):
#   1. fetches the Debian bookworm source package with `apt-get source` into
#      $WORK/src (once; adds a deb-src entry first if none is configured and we
#      are root). Nothing fetched ever goes into the repository.
#   2. builds it twice, in $WORK/gcc/<prog> with gcc (the reference) and in
#      $WORK/mcc/<prog> with $MCC: every .c compiled with `CC -c`, then linked
#      with CC. Same flags for both compilers. No configure, no make (except
#      SQLite's amalgamation generator, run once with the system tools).
#   3. checks:
#      zlib   test/example passes (and prints what gcc's does); minigzip
#             compresses a set of files to the same bytes as gcc's minigzip,
#             at several levels, and decompresses them back byte-identically.
#      lua    runs each tests/real/lua/*.lua; stdout, stderr and exit status
#             must equal those of the gcc-built lua.
#      sqlite sqlite3 shell runs each tests/real/sql/*.sql from stdin; stdout,
#             stderr and exit status must equal those of the gcc-built shell.
#   With CROSS_CHECK=1, every .c is also compiled with `$MCC -c --cross-check`
#   (objects built both ways must match) and any difference is a failure.
#
# Usage:
#   MCC=/path/to/mcc [WORK=/some/dir] [CROSS_CHECK=1] tools/real-programs.sh [zlib] [lua] [sqlite] [all]
# Environment:
#   MCC          the compiler under test (required)
#   WORK         work directory (default: /tmp/mcc-real-programs); sources are
#                kept there between runs, builds are redone every run
#   CROSS_CHECK  1 to also compile every file with --cross-check
#   MCCFLAGS     extra flags for $MCC only (e.g. -O1)
#   REF_CC       reference compiler (default: gcc)
#   COMPILE_TIMEOUT / RUN_TIMEOUT   seconds per compile / per test run
# Output: one summary line per program, then "real-programs: N passed, M failed";
# exit status 1 if anything failed. Logs and diffs stay under $WORK/logs.

set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TESTS=$ROOT/tests/real
WORK=${WORK:-/tmp/mcc-real-programs}
REF_CC=${REF_CC:-gcc}
CROSS_CHECK=${CROSS_CHECK:-0}
read -r -a MCC_EXTRA <<<"${MCCFLAGS:-}"
COMPILE_TIMEOUT=${COMPILE_TIMEOUT:-1800}
RUN_TIMEOUT=${RUN_TIMEOUT:-300}
SUITE=bookworm

PROGRAMS=()
for arg in "${@:-zlib lua}"; do
  for p in $arg; do
    case $p in
      zlib | lua | sqlite) PROGRAMS+=("$p") ;;
      all) PROGRAMS+=(zlib lua sqlite) ;;
      -h | --help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
      *) echo "real-programs: unknown program '$p' (zlib, lua, sqlite, all)" >&2; exit 2 ;;
    esac
  done
done

: "${MCC:?set MCC=/path/to/mcc (the compiler under test)}"
MCC=$(command -v "$MCC") || { echo "real-programs: MCC not found" >&2; exit 2; }
MCC=$(realpath "$MCC")

mkdir -p "$WORK/src"
WORK=$(realpath "$WORK")
LOGS=$WORK/logs
rm -rf "$LOGS" # no stale diffs from an earlier run
mkdir -p "$LOGS"
SUMMARY=()
PASSED=0
FAILED=0

say() { echo "real-programs: $*" >&2; }
die() { say "$*"; exit 2; }
pass() { PASSED=$((PASSED + 1)); }
fail() { FAILED=$((FAILED + 1)); say "FAIL $*"; }

# ---------------------------------------------------------------- fetching

# Install a Debian package that provides COMMAND, if it is missing.
need_tool() { # need_tool COMMAND PACKAGE
  command -v "$1" >/dev/null && return
  [ "$(id -u)" = 0 ] || die "$1 is missing: apt-get install $2"
  say "installing $2 (for $1)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >"$LOGS/apt-install-$2.log" 2>&1 ||
    die "apt-get install $2 failed, see $LOGS/apt-install-$2.log"
}

# Make sure apt has a deb-src entry (apt-get source needs one).
ensure_deb_src() {
  if grep -rqsE '^[[:space:]]*(deb-src[[:space:]]|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    return
  fi
  [ "$(id -u)" = 0 ] || die "no deb-src entry in /etc/apt; as root add: deb-src http://deb.debian.org/debian $SUITE main"
  say "adding a deb-src entry for $SUITE and running apt-get update"
  echo "deb-src http://deb.debian.org/debian $SUITE main" >/etc/apt/sources.list.d/$SUITE-src.list
  apt-get update -q >"$LOGS/apt-update.log" 2>&1 || die "apt-get update failed, see $LOGS/apt-update.log"
}

# fetch PACKAGE: unpack the source package into $WORK/src (once) and print
# the directory it unpacked to.
fetch() {
  local pkg=$1 dir
  dir=$(find "$WORK/src" -mindepth 1 -maxdepth 1 -type d -name "$pkg-*" | sort | tail -n 1)
  if [ -z "$dir" ]; then
    need_tool dpkg-source dpkg-dev
    ensure_deb_src
    say "fetching the $pkg source package"
    if ! (cd "$WORK/src" && apt-get source -q "$pkg") >"$LOGS/fetch-$pkg.log" 2>&1; then
      # the package lists may be missing or stale: update once and retry
      [ "$(id -u)" = 0 ] && apt-get update -q >>"$LOGS/fetch-$pkg.log" 2>&1
      (cd "$WORK/src" && apt-get source -q "$pkg") >>"$LOGS/fetch-$pkg.log" 2>&1 ||
        die "apt-get source $pkg failed, see $LOGS/fetch-$pkg.log"
    fi
    dir=$(find "$WORK/src" -mindepth 1 -maxdepth 1 -type d -name "$pkg-*" | sort | tail -n 1)
  fi
  [ -n "$dir" ] || die "no source directory for $pkg under $WORK/src"
  echo "$dir"
}

# ---------------------------------------------------------------- building

# compile_all KIND OUTDIR FLAGS_ARRAY_NAME SOURCE...
# KIND is gcc or mcc. Compiles every source to OUTDIR/<name>.o, keeping going
# after errors. Sets OK_COUNT, TOTAL_COUNT, FIRST_ERROR, XCHECK_DIFFS and
# OBJECTS (the object files, in order). Per-file logs go to OUTDIR/logs/,
# the first error of each failing file to OUTDIR/errors.txt.
compile_all() {
  local kind=$1 out=$2
  local -n _cflags=$3
  shift 3
  local src name obj log cc
  mkdir -p "$out/logs"
  : >"$out/errors.txt"
  OK_COUNT=0 TOTAL_COUNT=0 FIRST_ERROR="" XCHECK_DIFFS=0 OBJECTS=()
  for src in "$@"; do
    name=$(basename "$src" .c)
    obj=$out/$name.o
    log=$out/logs/$name.log
    TOTAL_COUNT=$((TOTAL_COUNT + 1))
    OBJECTS+=("$obj")
    # MCCFLAGS go after the program's flags, so that they win (-O2 over
    # the program's -O0).
    if [ "$kind" = gcc ]; then
      cc=("$REF_CC" "${_cflags[@]}")
    else
      cc=("$MCC" "${_cflags[@]}" "${MCC_EXTRA[@]}")
    fi
    if timeout "$COMPILE_TIMEOUT" "${cc[@]}" -c "$src" -o "$obj" >"$log" 2>&1; then
      OK_COUNT=$((OK_COUNT + 1))
    else
      # one line per failing file in errors.txt, for triage
      echo "$name.c: $(first_error "$log")" >>"$out/errors.txt"
      [ -n "$FIRST_ERROR" ] || FIRST_ERROR="$name.c: $(first_error "$log")"
      continue
    fi
    if [ "$kind" = mcc ] && [ "$CROSS_CHECK" = 1 ]; then
      if ! timeout "$COMPILE_TIMEOUT" "${cc[@]}" -c --cross-check "$src" -o "$out/$name.xcheck.o" \
        >"$out/logs/$name.xcheck.log" 2>&1; then
        XCHECK_DIFFS=$((XCHECK_DIFFS + 1))
        say "cross-check difference in $src, see $out/logs/$name.xcheck.log"
      fi
    fi
  done
}

# The first "error:" line of a compiler log (or its first line).
first_error() {
  local line
  line=$(grep -m1 -E '(^|: )(fatal )?error:' "$1" || true)
  [ -n "$line" ] || line=$(head -n 1 "$1")
  [ -n "$line" ] || line="(no message; exit status non-zero or timed out)"
  echo "$line"
}

# build KIND PROG OUTDIR FLAGS_ARRAY_NAME LINK_ARRAY_NAME "EXE=main.c ..." LIBSOURCE...
# Compiles the library sources plus each EXE's main file, then links each EXE
# from its main object and the library objects. Returns non-zero when any
# step failed; leaves a description in BUILD_NOTE.
build() {
  local kind=$1 prog=$2 out=$3 flagsname=$4
  local -n _linkflags=$5
  local exes=$6
  shift 6
  local cc exe main mains=() libobjs=() status=0
  rm -rf "$out"
  mkdir -p "$out"
  for exe in $exes; do mains+=("${exe#*=}"); done
  compile_all "$kind" "$out" "$flagsname" "$@" "${mains[@]}"
  BUILD_NOTE="compiled $OK_COUNT/$TOTAL_COUNT files"
  if [ "$CROSS_CHECK" = 1 ] && [ "$kind" = mcc ]; then
    BUILD_NOTE+=", cross-check differences $XCHECK_DIFFS"
  fi
  if [ "$OK_COUNT" != "$TOTAL_COUNT" ]; then
    BUILD_NOTE+="; first error: $FIRST_ERROR"
    return 1
  fi
  [ "$XCHECK_DIFFS" = 0 ] || status=1
  libobjs=("${OBJECTS[@]:0:$#}")
  if [ "$kind" = gcc ]; then cc=("$REF_CC"); else cc=("$MCC" "${MCC_EXTRA[@]}"); fi
  for exe in $exes; do
    main=$(basename "${exe#*=}" .c)
    if ! timeout "$COMPILE_TIMEOUT" "${cc[@]}" -o "$out/${exe%%=*}" "$out/$main.o" "${libobjs[@]}" "${_linkflags[@]}" \
      >"$out/logs/link-${exe%%=*}.log" 2>&1; then
      BUILD_NOTE+="; link of ${exe%%=*} failed: $(first_error "$out/logs/link-${exe%%=*}.log")"
      return 1
    fi
  done
  return $status
}

# build_both PROG FLAGS_ARRAY_NAME LINK_ARRAY_NAME EXES LIBSOURCE...
# The gcc build must succeed (else the harness itself is broken); the mcc
# build result goes into MCC_BUILT (1 or 0) and MCC_NOTE.
build_both() {
  local prog=$1
  build gcc "$prog" "$WORK/gcc/$prog" "$2" "$3" "$4" "${@:5}" ||
    die "the reference ($REF_CC) build of $prog failed: $BUILD_NOTE (logs in $WORK/gcc/$prog/logs)"
  MCC_BUILT=1
  build mcc "$prog" "$WORK/mcc/$prog" "$2" "$3" "$4" "${@:5}" || MCC_BUILT=0
  MCC_NOTE=$BUILD_NOTE
  if [ "$MCC_BUILT" = 1 ]; then pass; else fail "$prog build: $MCC_NOTE"; fi
}

# ---------------------------------------------------------------- comparing

# run_one TAG CWD STDIN BINARY ARGS...: run one binary, storing its stdout,
# stderr and exit status as $LOGS/TAG.{out,err,rc}.
run_one() {
  local tag=$1 cwd=$2 input=$3
  shift 3
  local rc=0
  (cd "$cwd" && timeout "$RUN_TIMEOUT" "$@" <"$input" >"$LOGS/$tag.out" 2>"$LOGS/$tag.err") || rc=$?
  echo "$rc" >"$LOGS/$tag.rc"
}

# same_run PROG NAME CWD STDIN BINARY ARGS...: run gcc's and mcc's BINARY
# (looked up in each build directory of PROG) in CWD with STDIN, and
# compare stdout, stderr and exit status. The reference must exit 0.
same_run() {
  local prog=$1 name=$2 cwd=$3 input=$4 bin=$5
  shift 5
  local tag=$prog-$name
  run_one "$tag.gcc" "$cwd" "$input" "$WORK/gcc/$prog/$bin" "$@"
  if [ "$(cat "$LOGS/$tag.gcc.rc")" != 0 ]; then
    fail "$prog $name: the reference run failed (exit $(cat "$LOGS/$tag.gcc.rc"), see $LOGS/$tag.gcc.err)"
    return 1
  fi
  run_one "$tag.mcc" "$cwd" "$input" "$WORK/mcc/$prog/$bin" "$@"
  local what
  for what in out err rc; do
    if ! cmp -s "$LOGS/$tag.gcc.$what" "$LOGS/$tag.mcc.$what"; then
      diff -u "$LOGS/$tag.gcc.$what" "$LOGS/$tag.mcc.$what" >"$LOGS/$tag.$what.diff" 2>&1 || true
      fail "$prog $name: $what differs from the reference (exit $(cat "$LOGS/$tag.mcc.rc")), see $LOGS/$tag.$what.diff"
      return 1
    fi
  done
  pass
}

# ---------------------------------------------------------------- zlib

do_zlib() {
  local src; src=$(fetch zlib)
  # configure would set these on Linux; -I for zconf.h/zlib.h
  local flags=(-O0 -D_LARGEFILE64_SOURCE=1 -DHAVE_UNISTD_H -DHAVE_STDARG_H -I"$src")
  local link=()
  local lib=()
  local f
  for f in adler32 compress crc32 deflate gzclose gzlib gzread gzwrite infback inffast inflate inftrees trees uncompr zutil; do
    lib+=("$src/$f.c")
  done
  build_both zlib flags link "example=$src/test/example.c minigzip=$src/test/minigzip.c" "${lib[@]}"
  if [ "$MCC_BUILT" != 1 ]; then
    SUMMARY+=("zlib:   FAIL  $MCC_NOTE")
    return
  fi

  local ok=0 total=0 example=FAIL
  # example writes foo.gz into its working directory
  mkdir -p "$WORK/run/zlib"
  if same_run zlib example "$WORK/run/zlib" /dev/null example; then example=ok; fi

  # minigzip: data files of several kinds, compressed at several levels
  local data=$WORK/run/zlib/data
  mkdir -p "$data"
  : >"$data/empty"
  seq 1 40000 >"$data/numbers.txt"
  cp "$src/ChangeLog" "$src/deflate.c" "$data/"
  [ -f "$src/zlib.3.pdf" ] && cp "$src/zlib.3.pdf" "$data/"
  cp "$WORK/gcc/zlib/minigzip" "$data/minigzip.bin"
  local level file base
  for file in "$data"/*; do
    base=$(basename "$file")
    for level in "" -1 -9; do
      total=$((total + 1))
      local tag="zlib-minigzip-$base${level}"
      "$WORK/gcc/zlib/minigzip" -c $level <"$file" >"$LOGS/$tag.gcc.gz"
      if ! timeout "$RUN_TIMEOUT" "$WORK/mcc/zlib/minigzip" -c $level <"$file" >"$LOGS/$tag.mcc.gz" 2>"$LOGS/$tag.err"; then
        fail "zlib minigzip -c $level $base: exit non-zero (see $LOGS/$tag.err)"
      elif ! cmp -s "$LOGS/$tag.gcc.gz" "$LOGS/$tag.mcc.gz"; then
        fail "zlib minigzip -c $level $base: compressed bytes differ from gcc's"
      elif ! timeout "$RUN_TIMEOUT" "$WORK/mcc/zlib/minigzip" -d <"$LOGS/$tag.mcc.gz" >"$LOGS/$tag.back" 2>>"$LOGS/$tag.err"; then
        fail "zlib minigzip -d $base$level: exit non-zero (see $LOGS/$tag.err)"
      elif ! cmp -s "$file" "$LOGS/$tag.back"; then
        fail "zlib minigzip -d $base$level: round trip is not byte-identical"
      else
        ok=$((ok + 1))
        pass
      fi
    done
  done
  local verdict=PASS
  [ "$example" = ok ] && [ "$ok" = "$total" ] || verdict=FAIL
  SUMMARY+=("zlib:   $verdict  $MCC_NOTE; example $example; minigzip round trips $ok/$total")
}

# ---------------------------------------------------------------- Lua

do_lua() {
  local src; src=$(fetch lua5.4)
  # Debian's luaconf.h includes a header that debian/rules generates
  local inc=$WORK/include/lua
  mkdir -p "$inc"
  printf '%s\n' '#ifndef _LUA_DEB_MULTIARCH_' '#define _LUA_DEB_MULTIARCH_' \
    '#define DEB_HOST_MULTIARCH "x86_64-linux-gnu"' '#endif' >"$inc/lua5.4-deb-multiarch.h"
  # as the Makefile's "linux" target: LUA_USE_LINUX, -lm -ldl, -Wl,-E
  local flags=(-O0 -DLUA_COMPAT_5_3 -DLUA_USE_LINUX -I"$inc")
  # shellcheck disable=SC2054 # -Wl,-E is one argument
  local link=(-lm -ldl -Wl,-E)
  local lib=() f
  for f in "$src"/src/*.c; do
    case $(basename "$f") in lua.c | luac.c) ;; *) lib+=("$f") ;; esac
  done
  build_both lua flags link "lua=$src/src/lua.c" "${lib[@]}"
  if [ "$MCC_BUILT" != 1 ]; then
    SUMMARY+=("lua:    FAIL  $MCC_NOTE")
    return
  fi
  local ok=0 total=0 script
  for script in "$TESTS"/lua/*.lua; do
    total=$((total + 1))
    # run by a relative name: error messages include the chunk name
    if same_run lua "$(basename "$script" .lua)" "$TESTS/lua" /dev/null lua "$(basename "$script")"; then
      ok=$((ok + 1))
    fi
  done
  local verdict=PASS
  [ "$ok" = "$total" ] && [ "$total" -gt 0 ] || verdict=FAIL
  SUMMARY+=("lua:    $verdict  $MCC_NOTE; scripts $ok/$total match")
}

# ---------------------------------------------------------------- SQLite

do_sqlite() {
  local src; src=$(fetch sqlite3)
  # Generate the amalgamation (sqlite3.c) and shell.c once, with the source
  # tree's own generator (needs tclsh and a host C compiler for lemon).
  local gen=$WORK/sqlite-amalgamation
  if [ ! -f "$gen/sqlite3.c" ] || [ ! -f "$gen/shell.c" ]; then
    need_tool tclsh tcl
    need_tool make make
    rm -rf "$gen"
    mkdir -p "$gen"
    say "generating sqlite3.c and shell.c"
    make -C "$gen" -f "$src/Makefile.linux-gcc" TOP="$src" OPTS= sqlite3.c shell.c >"$LOGS/sqlite-amalgamation.log" 2>&1 ||
      die "generating the SQLite amalgamation failed, see $LOGS/sqlite-amalgamation.log"
  fi
  # single-threaded, no extension loading: no -lpthread/-ldl needed.
  # SQLite's extended-precision arithmetic (text to number and back, sums)
  # is x87 long double in both builds.
  # shellcheck disable=SC2034 # flags and link are passed to build_both by name
  local flags=(-O0 -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION -I"$gen")
  # shellcheck disable=SC2034
  local link=(-lm)
  build_both sqlite flags link "sqlite3=$gen/shell.c" "$gen/sqlite3.c"
  if [ "$MCC_BUILT" != 1 ]; then
    SUMMARY+=("sqlite: FAIL  $MCC_NOTE")
    return
  fi
  local ok=0 total=0 script
  mkdir -p "$WORK/run/sqlite"
  for script in "$TESTS"/sql/*.sql; do
    total=$((total + 1))
    if same_run sqlite "$(basename "$script" .sql)" "$WORK/run/sqlite" "$script" sqlite3; then
      ok=$((ok + 1))
    fi
  done
  local verdict=PASS
  [ "$ok" = "$total" ] && [ "$total" -gt 0 ] || verdict=FAIL
  SUMMARY+=("sqlite: $verdict  $MCC_NOTE; scripts $ok/$total match")
}

# ---------------------------------------------------------------- main

command -v "$REF_CC" >/dev/null || die "reference compiler $REF_CC not found"
say "MCC=$MCC WORK=$WORK programs: ${PROGRAMS[*]} CROSS_CHECK=$CROSS_CHECK"
for p in "${PROGRAMS[@]}"; do
  "do_$p"
done

echo
for line in "${SUMMARY[@]}"; do echo "$line"; done
echo "real-programs: $PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
