//! `-M`, `-MM`, `-MD`, `-MMD`, `-MF`, `-MT`, `-MQ`, `-MP`: the make rules
//! mcc writes are byte for byte those `cc` writes, file names and all, for
//! the same command line in the same tree (a header reached by two paths, a
//! header with a space in its name, system headers, quoting for make), for
//! C and for assembly with C preprocessing (`.S`).

mod common;

use std::path::Path;

use common::{MCC, files_under, run, run_ok, write_tree};

/// The tree both compilers build in: `x.c` includes local headers directly,
/// through `-Iinc`, by two spellings of one path, and with a space in the
/// name, then two macro-only system headers (mcc compiles no declarations
/// from libc headers yet).
fn make_tree(dir: &Path) {
    write_tree(
        dir,
        &[
            (
                "x.c",
                "#include \"sub/a.h\"\n#include \"b.h\"\n#include \"a b.h\"\n#include <limits.h>\n#include <stdbool.h>\nint main(void) { return A + B; }\n",
            ),
            ("sub/a.h", "#include \"c.h\"\n#define A 1\n"),
            ("sub/c.h", "#define C 3\n"),
            ("inc/b.h", "#include \"../sub/a.h\"\n#define B 2\n"),
            ("inc/a b.h", "#define SPACED 1\n"),
            (
                "s.S",
                "#include \"sub/a.h\"\n#include \"b.h\"\n#include \"a b.h\"\n#include <stdbool.h>\n# an assembler comment\n\t.long A + B\n",
            ),
        ],
    );
    std::fs::create_dir_all(dir.join("out")).unwrap();
}

/// Every rule file the command left, with its name, plus what it printed.
fn run_and_collect(compiler: &str, dir: &Path, args: &[&str]) -> String {
    make_tree(dir);
    let out = run_ok(compiler, args, dir);
    let mut found = Vec::new();
    for path in files_under(dir) {
        let name = path
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if name.ends_with(".d") || name.starts_with("rule") {
            found.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
    found.sort();
    let mut report = String::new();
    for (name, text) in found {
        report.push_str(&format!("== {name}\n{text}"));
    }
    // With -E, standard output is the preprocessed text, not a rule.
    if !args.contains(&"-E") {
        report.push_str(&format!(
            "== stdout\n{}",
            String::from_utf8_lossy(&out.stdout)
        ));
    }
    report
}

#[test]
fn rules_match_cc_byte_for_byte() {
    let cases: &[&[&str]] = &[
        &["-M", "-Iinc", "x.c"],
        &["-MM", "-Iinc", "x.c"],
        &["-MM", "-MP", "-Iinc", "x.c"],
        &["-MM", "-MT", "all$objs", "-MQ", "q$ x", "-Iinc", "x.c"],
        &["-M", "-MF", "rule.mk", "-Iinc", "x.c"],
        &["-MM", "-Iinc", "x.c", "-o", "rule.out"],
        &["-c", "-MD", "-Iinc", "x.c"],
        &["-c", "-MMD", "-Iinc", "x.c", "-o", "out/x2.o"],
        &["-c", "-MD", "-MF", "rule.dep", "-Iinc", "x.c"],
        &["-c", "-MMD", "-MP", "-MT", "t", "-Iinc", "x.c"],
        &["-c", "-MD", "-MFrule.attached", "-MTtgt", "-Iinc", "x.c"],
        &["-S", "-MMD", "-Iinc", "x.c"],
        &["-S", "-MD", "-Iinc", "x.c", "-o", "foo.s"],
        &["-E", "-MMD", "-Iinc", "x.c", "-o", "pre.i"],
        &["-MMD", "-Iinc", "x.c", "-o", "prog"],
        &["-M", "-Iinc", "s.S"],
        &["-MM", "-MP", "-Iinc", "s.S"],
        &["-MM", "-MT", "all$objs", "-Iinc", "s.S", "-o", "rule.out"],
        &["-c", "-MD", "-Iinc", "s.S"],
        &["-c", "-MMD", "-MP", "-Iinc", "s.S", "-o", "out/s2.o"],
        &["-c", "-Wp,-MD,rule.wp", "-Iinc", "s.S"],
        &["-E", "-MMD", "-Iinc", "s.S", "-o", "pre.s"],
    ];
    for args in cases {
        let dir = tempfile::tempdir().unwrap();
        let theirs = run_and_collect("cc", &dir.path().join("cc"), args);
        let ours = run_and_collect(MCC, &dir.path().join("mcc"), args);
        assert!(
            theirs.contains(".d\n")
                || theirs.contains("rule")
                || theirs.contains(": x.c")
                || theirs.contains(": s.S")
        );
        assert_eq!(ours, theirs, "mcc {args:?}");
    }
}

/// `--preprocessor=external` hands the same request to `cc -E`.
#[test]
fn external_preprocessor_writes_the_same_rule() {
    let args = ["-c", "-MMD", "-MP", "-Iinc", "x.c", "-o", "out/y.o"];
    let dir = tempfile::tempdir().unwrap();
    let builtin = run_and_collect(MCC, &dir.path().join("a"), &args);
    let mut external_args = vec!["--preprocessor=external"];
    external_args.extend(args);
    let external = run_and_collect(MCC, &dir.path().join("b"), &external_args);
    assert_eq!(builtin, external);
    assert!(builtin.contains("out/y.o: x.c sub/a.h"), "{builtin}");
}

#[test]
fn a_failed_compile_leaves_no_rule() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.c"), "int main(void) { return }\n").unwrap();
    let out = run(MCC, &["-c", "-MD", "bad.c"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("bad.d").exists());
    assert!(!dir.path().join("bad.o").exists());
}
