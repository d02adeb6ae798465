//! `.S` files (assembly with C preprocessing) are preprocessed by mcc's own
//! preprocessor, as gcc's `-lang-asm` does it, with every preprocessor
//! option given, then assembled by `as`: the object equals the one `cc`
//! makes under each option, a `.S` function links with C and runs, errors
//! are `file:line:col: error:` diagnostics (exit 1), and `-E`, `-S`, `-###`
//! and `-dM` treat a `.S` file as gcc does.

mod common;

use std::path::Path;

use common::{MCC, run, run_ok, sorted_lines, write_tree};

/// A function in assembly whose result depends on the preprocessor
/// options, and a C program that calls it through a header both share.
fn make_tree(dir: &Path) {
    write_tree(
        dir,
        &[
            (
                "inc/defs.h",
                "/* Shared by C and assembly; don't forget __ASSEMBLER__. */\n#ifdef __ASSEMBLER__\n#define FUNCTION(name) .globl name; .type name, @function; name:\n#else\nint add3(int a, int b, int c);\n#endif\n",
            ),
            (
                "f.S",
                "#include \"defs.h\"\n# add3(a, b, c) = a + b + c + BIAS; it's a leaf\n#ifndef BIAS\n#define BIAS 0\n#endif\n\t.text\nFUNCTION(add3)\n\tlea (%rdi,%rsi), %eax\t// a + b\n\tadd %edx, %eax\t\t/* + c */\n\tadd $BIAS, %eax\n\tjmp 1f\n1:\tret\n\t.section .note.GNU-stack,\"\",@progbits\n",
            ),
            (
                "main.c",
                "#include \"defs.h\"\nint main(void) { return add3(1, 2, 3); }\n",
            ),
            ("forced.h", "#define BIAS 11\n"),
            ("quote/q.h", "#define BIAS 12\n"),
            ("sys/s.h", "#define BIAS 13\n"),
            ("after/a.h", "#define BIAS 14\n"),
            (
                "options.S",
                "#if __has_include(\"q.h\")\n#include \"q.h\"\n#endif\n#if __has_include(<s.h>)\n#include <s.h>\n#endif\n#if __has_include(<a.h>)\n#include <a.h>\n#endif\n#ifndef BIAS\n#define BIAS 1\n#endif\n# stdc-predef.h read or not\n#ifdef __STDC_IEC_559__\n#define IEC 1\n#else\n#define IEC 0\n#endif\n#ifdef __STRICT_ANSI__\n#define STRICT 1\n#else\n#define STRICT 0\n#endif\n\t.data\nvalues: .long BIAS, IEC, STRICT, __ASSEMBLER__\n\t.section .note.GNU-stack,\"\",@progbits\n",
            ),
        ],
    );
}

/// The object of `-c` for each option set is the one `cc` makes: the
/// same text reached the same assembler.
#[test]
fn objects_equal_ccs_under_every_preprocessor_option() {
    let dir = tempfile::tempdir().unwrap();
    make_tree(dir.path());
    let cases: &[&[&str]] = &[
        &[],
        &["-DBIAS=10"],
        &["-DBIAS=10", "-UBIAS"],
        &["-include", "forced.h"],
        &["-iquote", "quote"],
        &["-isystem", "sys"],
        &["-idirafter", "after"],
        &["-Isys", "-idirafter", "after"],
        &["-nostdinc", "-isystem", "sys"],
        &["-std=c11"],
        &["-std=gnu89", "-DBIAS=3"],
        &["-Wp,-DBIAS=15"],
        &["-Wp,-iquote,quote"],
    ];
    for options in cases {
        let objects: Vec<Vec<u8>> = [MCC, "cc"]
            .iter()
            .map(|compiler| {
                let mut args = options.to_vec();
                args.extend(["-c", "options.S", "-o", "out.o"]);
                run_ok(compiler, &args, dir.path());
                std::fs::read(dir.path().join("out.o")).unwrap()
            })
            .collect();
        assert!(objects[0] == objects[1], "{options:?}: objects differ");
    }
}

#[test]
fn links_with_c_and_runs() {
    let dir = tempfile::tempdir().unwrap();
    make_tree(dir.path());
    run_ok(
        MCC,
        &["main.c", "f.S", "-Iinc", "-DBIAS=7", "-o", "prog"],
        dir.path(),
    );
    let ran = run(&dir.path().join("prog").to_string_lossy(), &[], dir.path());
    assert_eq!(ran.status.code(), Some(1 + 2 + 3 + 7));

    run_ok(MCC, &["-c", "f.S", "-Iinc"], dir.path());
    let object = std::fs::read(dir.path().join("f.o")).unwrap();
    assert_eq!(&object[..4], b"\x7fELF");
    let symbols = run_ok("nm", &["f.o"], dir.path());
    assert!(String::from_utf8_lossy(&symbols.stdout).contains("T add3"));
    // `-x assembler-with-cpp` preprocesses whatever the name; `.s` is not
    // preprocessed.
    std::fs::copy(dir.path().join("f.S"), dir.path().join("g.s")).unwrap();
    let args = [
        "-x",
        "assembler-with-cpp",
        "-c",
        "g.s",
        "-Iinc",
        "-o",
        "g.o",
    ];
    run_ok(MCC, &args, dir.path());
    assert_eq!(std::fs::read(dir.path().join("g.o")).unwrap(), object);
    let plain = run(MCC, &["-c", "g.s", "-o", "plain.o"], dir.path());
    assert_eq!(
        plain.status.code(),
        Some(1),
        "`FUNCTION(add3)` is no instruction"
    );
}

#[test]
fn errors_are_diagnostics_at_the_source() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("missing.S", "\t.text\n#include \"nowhere.h\"\n\tret\n"),
            ("error.S", "#ifndef X\n#error X is needed\n#endif\n"),
            ("as.S", "#define OP bogus_op\n\tnop\n\tOP %eax\n"),
        ],
    );
    for mode in ["-c", "-E"] {
        let out = run(MCC, &[mode, "missing.S"], dir.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.starts_with("missing.S:2:10: error: nowhere.h: No such file or directory"),
            "{stderr}"
        );
    }
    assert!(!dir.path().join("missing.o").exists());
    let out = run(MCC, &["-c", "error.S"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("error.S:2:2: error: #error X is needed")
    );
    run_ok(MCC, &["-c", "error.S", "-DX"], dir.path());
    // The assembler's message names the `.S` line, through the line
    // markers of the text it reads.
    let out = run(MCC, &["-c", "as.S"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("as.S:3: Error:"));
    assert!(!dir.path().join("as.o").exists());
}

/// `-E` preprocesses a `.S` file to `-o` or standard output; `-S` prints
/// it (gcc's preprocessor is given no `-o` then) and makes no `.s`; a `.s`
/// file is nothing to `-E`; `-###` shows the preprocessing and `as`.
#[test]
fn modes_treat_assembly_as_gcc_does() {
    let dir = tempfile::tempdir().unwrap();
    make_tree(dir.path());
    let stdout = |args: &[&str]| -> String {
        String::from_utf8_lossy(&run_ok(MCC, args, dir.path()).stdout).into_owned()
    };
    let text = stdout(&["-E", "-P", "f.S", "-Iinc", "-DBIAS=5"]);
    assert!(
        text.contains("# add3(a, b, c) = a + b + c + 5; it's a leaf"),
        "{text}"
    );
    assert!(text.contains(".globl add3;") && text.contains("add $5, %eax"));
    assert!(!text.contains("//") && !text.contains("/*"));
    run_ok(MCC, &["-E", "f.S", "-Iinc", "-o", "pre.s"], dir.path());
    let marked = std::fs::read_to_string(dir.path().join("pre.s")).unwrap();
    assert!(marked.starts_with("# 1 \"f.S\"\n"), "{marked}");
    let printed = stdout(&["-S", "-P", "f.S", "-Iinc", "-o", "f.s"]);
    assert!(printed.contains("add $0, %eax"), "{printed}");
    assert!(!dir.path().join("f.s").exists());
    std::fs::copy(dir.path().join("f.S"), dir.path().join("g.s")).unwrap();
    assert_eq!(stdout(&["-E", "g.s"]), "");
    let jobs = run_ok(MCC, &["-###", "-c", "f.S", "-Iinc"], dir.path());
    let jobs = String::from_utf8_lossy(&jobs.stderr);
    assert!(
        jobs.contains("\"-E\" \"f.S\" \"-o\" \"/tmp/mcc-XXXXXX/0.s\""),
        "{jobs}"
    );
    assert!(
        jobs.contains("\"as\" \"--64\" \"-o\" \"f.o\" \"/tmp/mcc-XXXXXX/0.s\""),
        "{jobs}"
    );
    assert!(!dir.path().join("f.o").exists());
}

/// The predefined macros are gcc's for assembly: `__ASSEMBLER__`, none of
/// C's dialect macros, `-std=` ignored; `-ansi` makes even a `.S` file C
/// (C90, or what a later `-std=` says).
#[test]
fn predefined_macros_are_gccs_for_assembly() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[&[&str]] = &[
        &[],
        &["-std=c11"],
        &["-std=gnu89"],
        &["-ansi"],
        &["-ansi", "-std=gnu11"],
    ];
    for std in cases {
        let lines = |compiler: &str| -> Vec<String> {
            let mut args = std.to_vec();
            args.extend(["-E", "-dM", "-x", "assembler-with-cpp", "/dev/null"]);
            sorted_lines(&run_ok(compiler, &args, dir.path()))
        };
        let ours = lines(MCC);
        // `-ansi` makes it C, which mcc gives no instruction-set macros
        // (it has no vector types; see `pp::predefined`).
        let theirs: Vec<String> = lines("cc")
            .into_iter()
            .filter(|l| !(std.contains(&"-ansi") && common::is_vector_macro(l)))
            .collect();
        assert_eq!(ours, theirs, "{std:?}");
        let assembler = ours.contains(&"#define __ASSEMBLER__ 1".to_string());
        assert_eq!(assembler, !std.contains(&"-ansi"), "{std:?}");
    }
    write_tree(dir.path(), &[("c.S", "# an assembler comment\n")]);
    let out = run(MCC, &["-ansi", "-E", "c.S"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid preprocessing directive #an"));
}
