//! `-g`: what a debugger and the DWARF tools read from mcc's objects.
//!
//! `fixtures/debug/session.c` (with its gcc-compiled helper, which calls
//! back into mcc's code) is built with `-g` and debugged with gdb in batch
//! mode: breakpoints on a function and on `file:line`, a backtrace through
//! the helper's frame, `finish`, and `next` through a loop. Its line table,
//! read back by `readelf`, lists exactly the lines that carry code, in
//! address order. `fixtures/debug/values.c` has gdb print parameters,
//! variables (an int, a double, a pointer's target, an array element, a
//! structure member) and a returned value. (Every run fixture is also built with `-g`, cross-checked
//! and verified by `llvm-dwarfdump`: see `tests/fixtures.rs`.)

mod common;

use common::{MCC, fixtures_dir, run};

/// Runs `program args` in `dir`; panics with its errors if it fails.
fn succeed(program: &str, args: &[&str], dir: &std::path::Path) {
    let out = run(program, args, dir);
    assert!(
        out.status.success(),
        "{program} {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A scratch directory holding `fixtures/debug/NAME.c`, built with `-g`
/// into the executable `NAME` (with `helper.o` linked in when given).
fn build(name: &str, helper: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let source = format!("{name}.c");
    std::fs::copy(
        fixtures_dir().join("debug").join(&source),
        dir.path().join(&source),
    )
    .unwrap();
    let mut args = vec!["-g", source.as_str(), "-o", name];
    if let Some(helper) = helper {
        let path = fixtures_dir().join("debug").join(helper);
        succeed(
            "cc",
            &["-c", path.to_str().unwrap(), "-o", "helper.o"],
            dir.path(),
        );
        args.push("helper.o");
    }
    succeed(MCC, &args, dir.path());
    dir
}

/// The session program, and its object `session.o`.
fn build_session() -> tempfile::TempDir {
    let dir = build("session", Some("session.gcc.c"));
    succeed(
        MCC,
        &["-g", "-c", "session.c", "-o", "session.o"],
        dir.path(),
    );
    dir
}

/// Runs gdb in batch mode on `program` with `commands`; returns what it
/// printed (both streams).
fn gdb(dir: &std::path::Path, program: &str, commands: &[&str]) -> String {
    let mut args = vec!["-nx", "-batch"];
    for c in commands {
        args.extend(["-ex", c]);
    }
    args.push(program);
    let out = run("gdb", &args, dir);
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// Each of `expected` appears in `text`, in this order.
fn assert_in_order(text: &str, expected: &[&str]) {
    let mut rest = text;
    for e in expected {
        match rest.find(e) {
            Some(at) => rest = &rest[at + e.len()..],
            None => panic!("gdb's output lacks {e:?} (in order) in:\n{text}"),
        }
    }
}

#[test]
fn gdb_breaks_backtraces_finishes_and_steps() {
    let dir = build_session();
    let transcript = gdb(
        dir.path(),
        "./session",
        &[
            "break leaf",
            "run",
            "bt",
            "finish",
            "delete",
            "break session.c:11",
            "continue",
            "next",
            "next",
            "next",
            "next",
            "finish",
        ],
    );
    assert_in_order(
        &transcript,
        &[
            "Breakpoint 1 at",
            "file session.c, line 6.",
            "Breakpoint 1, leaf (x=20) at session.c:6",
            // Three frames, the middle one gcc's code without debug
            // information, unwound through mcc's .eh_frame.
            "#0  leaf (x=20) at session.c:6",
            "#1  0x",
            " in apply ()",
            "#2  0x",
            " in main () at session.c:18",
            // `finish` returns into the helper.
            " in apply ()",
            "Breakpoint 2, sum_to (n=4) at session.c:11",
            "12\t    for (int i = 1; i <= n; i++)",
            "13\t        total += i;",
            "12\t    for (int i = 1; i <= n; i++)",
            "13\t        total += i;",
            // And out of the loop's function, into the line that called it.
            " in main () at session.c:19",
        ],
    );
}

#[test]
fn gdb_reads_parameters_variables_and_returned_values() {
    let dir = build("values", None);
    let transcript = gdb(
        dir.path(),
        "./values",
        &[
            "break values.c:14",
            "run",
            "info args",
            "info locals",
            "print *p",
            "print values[2]",
            "print p->y",
            "print factor",
            "finish",
            "print label",
            "print origin.next",
        ],
    );
    assert_in_order(
        &transcript,
        &[
            "Breakpoint 1, scale (factor=1.5, p=0x",
            "at values.c:14",
            "factor = 1.5",
            "p = 0x",
            "result = 8.5",
            "values = {1, 2, 3}",
            "flags = 200",
            "= {x = 3, y = 4, next = 0x0}",
            "= 3",
            "= 4",
            "= 1.5",
            " in main () at values.c:20",
            "Value returned is $5 = 8.5",
            "\"here\"",
            "(struct point *) 0x0",
        ],
    );
}

#[test]
fn gdb_reads_static_variables() {
    let dir = build("statics", None);
    let transcript = gdb(
        dir.path(),
        "./statics",
        &[
            "break bump",
            "run",
            "continue",
            "print settings",
            "print ratio",
            "print counter",
            "print calls",
            "whatis settings",
            "ptype settings",
        ],
    );
    assert_in_order(
        &transcript,
        &[
            "in bump () at statics.c:7",
            "= {level = 3, name = 0x",
            "\"fast\"}",
            "= 0.25",
            "= 2",
            "= 1",
            // The typedef name it was declared with, and the structure.
            "type = config",
            "type = struct cfg {",
        ],
    );
}

#[test]
fn gdb_names_types_as_the_program_wrote_them() {
    let dir = build("named_types", None);
    let transcript = gdb(
        dir.path(),
        "./named_types",
        &[
            "break report",
            "run",
            "info args",
            "next",
            "print local",
            "whatis local",
            "ptype size_class",
            "whatis out",
            "whatis w",
            "ptype w",
            "whatis counts",
            "print favourite",
            "print (enum color) 6",
            "whatis table",
            "ptype struct item",
            "print *it",
        ],
    );
    assert_in_order(
        &transcript,
        &[
            "report (out=0x",
            "k=LARGE, it=0x",
            "= GREEN",
            "type = enum color",
            "type = enum {SMALL = -1, LARGE = 1}",
            "type = FILE *",
            "type = word *",
            "type = unsigned int *",
            "type = word [3]",
            "= BLUE",
            "= BLUE",
            "type = item_t [2]",
            "type = struct item {",
            "    word id;",
            "    enum color c;",
            "    const char *name;",
            "= {id = 2, c = BLUE, name = 0x",
        ],
    );
}

#[test]
fn gdb_sees_each_variable_in_its_block() {
    let dir = build("scopes", None);
    let transcript = gdb(
        dir.path(),
        "./scopes",
        &[
            "break 10",
            "break 13",
            "break 16",
            "run",
            "print x",
            "info locals",
            "continue",
            "print x",
            "delete",
            "break 16",
            "continue",
            "print x",
            "info locals",
        ],
    );
    assert_in_order(
        &transcript,
        &[
            "scopes.c:10",
            "$1 = 10",
            // The block's variables first, then the function's.
            "x = 10\ni = 0\nx = 1\ntotal = 0",
            "scopes.c:13",
            "$2 = 2.5",
            "scopes.c:16",
            "$3 = 1",
            "x = 1\ntotal = 25",
        ],
    );
}

#[test]
fn gdb_reads_each_threads_copy_of_a_thread_local_variable() {
    let dir = build("threads", None);
    let transcript = gdb(
        dir.path(),
        "./threads",
        &[
            "break 10",
            "run",
            "print per_thread",
            "thread 1",
            "print per_thread",
        ],
    );
    assert_in_order(
        &transcript,
        &[
            "threads.c:10",
            "$1 = 42",
            "[Switching to thread 1",
            "$2 = 7",
        ],
    );
}

#[test]
fn addr2line_finds_functions_and_lines() {
    let dir = build("values", None);
    let nm = run("nm", &["values"], dir.path());
    let symbols = String::from_utf8_lossy(&nm.stdout);
    let scale = symbols
        .lines()
        .find(|l| l.ends_with(" T scale"))
        .and_then(|l| l.split_whitespace().next())
        .expect("scale in the symbol table");
    let scale = u64::from_str_radix(scale, 16).unwrap();
    // The function's first byte is its definition's line; its code after
    // the prologue, the first statement's.
    for (addr, want) in [(scale, "values.c:9"), (scale + 20, "values.c:10")] {
        let out = run(
            "addr2line",
            &["-f", "-e", "values", &format!("{addr:#x}")],
            dir.path(),
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.starts_with("scale\n") && text.trim_end().ends_with(want),
            "{addr:#x}: {text}"
        );
    }
}

#[test]
fn line_table_lists_the_lines_with_code() {
    let dir = build_session();
    let out = run(
        "readelf",
        &["--debug-dump=decodedline", "session.o"],
        dir.path(),
    );
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<u32> = text
        .lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace();
            match (words.next(), words.next()) {
                (Some("session.c"), Some(n)) => n.parse().ok(),
                _ => None,
            }
        })
        .collect();
    // leaf: its line, then its two statements; sum_to: its line, the
    // declaration, the loop's start, body, step and test, the return;
    // main: its line and its three statements.
    assert_eq!(lines, [5, 6, 7, 10, 11, 12, 13, 12, 14, 17, 18, 19, 20]);
    let verify = run("llvm-dwarfdump", &["--verify", "session.o"], dir.path());
    assert!(
        String::from_utf8_lossy(&verify.stdout).contains("No errors."),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
}

#[test]
fn without_g_there_is_no_debug_information() {
    let dir = build_session();
    let out = run(MCC, &["-c", "session.c", "-o", "plain.o"], dir.path());
    assert!(out.status.success());
    let sections = run("readelf", &["-S", "plain.o"], dir.path());
    let text = String::from_utf8_lossy(&sections.stdout);
    assert!(!text.contains(".debug_"), "{text}");
    // Unwind tables are there by default, and go with the gcc option.
    assert!(text.contains(".eh_frame"), "{text}");
    let out = run(
        MCC,
        &[
            "-fno-asynchronous-unwind-tables",
            "-c",
            "session.c",
            "-o",
            "bare.o",
        ],
        dir.path(),
    );
    assert!(out.status.success());
    let sections = run("readelf", &["-S", "bare.o"], dir.path());
    assert!(!String::from_utf8_lossy(&sections.stdout).contains(".eh_frame"));
}
