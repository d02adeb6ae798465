//! Differential tests against gcc: random programs free of undefined
//! behaviour (`tools/gen-differential.py`: integer arithmetic and
//! conversions, x87 `long double`, structures passed by value across a
//! compiler boundary) built by mcc at -O0 and -O2 must print exactly what
//! gcc's build prints. The seeds are fixed, so a failure names a program
//! anyone can regenerate.

use std::path::Path;
use std::process::Command;

mod common;

use common::{MCC, root};

/// Seeds per mode: each program has 120-150 statements (or 8 functions
/// each way), so a handful covers thousands of expressions.
const SEEDS: u32 = 6;

fn generate(dir: &Path, args: &[&str], file: &str) {
    let out = Command::new("python3")
        .arg(root().join("tools/gen-differential.py"))
        .args(args)
        .output()
        .expect("run tools/gen-differential.py");
    assert!(out.status.success(), "gen-differential.py {args:?} failed");
    std::fs::write(dir.join(file), &out.stdout).unwrap();
}

/// Builds with `compiler` and `args`, runs, returns stdout.
fn build_and_run(dir: &Path, compiler: &str, args: &[&str]) -> Vec<u8> {
    let built = Command::new(compiler)
        .args(args)
        .args(["-o", "prog"])
        .current_dir(dir)
        .output()
        .expect("run the compiler");
    assert!(
        built.status.success(),
        "{compiler} {args:?} in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&built.stderr)
    );
    let ran = Command::new(dir.join("prog"))
        .current_dir(dir)
        .output()
        .expect("run the program");
    assert!(
        ran.status.success(),
        "{compiler} {args:?}: the program failed"
    );
    ran.stdout
}

/// gcc's output of `files` (sources, and objects gcc made, linked into
/// both builds) against mcc's at -O0 and -O2.
fn compare(dir: &Path, what: &str, files: &[&str]) {
    let expected = build_and_run(dir, "cc", &[&["-w"], files].concat());
    for opt in ["-O0", "-O2"] {
        let got = build_and_run(dir, MCC, &[&[opt], files].concat());
        assert!(
            got == expected,
            "{what} at {opt}: mcc's program prints differently from gcc's (kept in {})",
            dir.display()
        );
    }
}

/// The single-file programs of `mode`, every seed.
fn programs_match_gcc(mode: &str) {
    for seed in 1..=SEEDS {
        let dir = tempfile::tempdir().unwrap();
        generate(dir.path(), &[mode, &seed.to_string()], "p.c");
        compare(dir.path(), &format!("{mode} seed {seed}"), &["p.c"]);
    }
}

#[test]
fn integer_arithmetic_and_conversions_match_gcc() {
    programs_match_gcc("integers");
}

#[test]
fn long_double_arithmetic_and_conversions_match_gcc() {
    programs_match_gcc("long-double");
}

#[test]
fn structures_by_value_across_compilers_match_gcc() {
    for seed in 1..=SEEDS {
        let dir = tempfile::tempdir().unwrap();
        let seed = seed.to_string();
        generate(dir.path(), &["abi", &seed, "caller"], "caller.c");
        generate(dir.path(), &["abi", &seed, "callee"], "callee.c");
        let callee = Command::new("cc")
            .args(["-w", "-c", "callee.c", "-o", "callee.o"])
            .current_dir(dir.path())
            .status()
            .expect("run cc");
        assert!(callee.success());
        compare(
            dir.path(),
            &format!("abi seed {seed}"),
            &["caller.c", "callee.o"],
        );
    }
}
