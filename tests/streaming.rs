//! The streamed pipeline's output does not depend on timing: a generated
//! program of many functions (`tools/gen-program.py`), compiled again and
//! again with the back ends on their own thread, gives the same object and
//! the same text every time, equal to a single-threaded run
//! (`MCC_THREADS=1`), optimised or not, and the object equals what GNU
//! `as` makes of the text (`--cross-check`).

use std::process::Command;

mod common;

use common::{MCC, root};

/// Runs mcc in `dir` with `args`, threaded or not; returns the bytes of
/// `out`.
fn build(dir: &std::path::Path, args: &[&str], out: &str, threads: bool) -> Vec<u8> {
    let mut cmd = Command::new(MCC);
    cmd.args(args).args(["-o", out]).current_dir(dir);
    if !threads {
        cmd.env("MCC_THREADS", "1");
    } else {
        cmd.env_remove("MCC_THREADS");
    }
    let status = cmd.output().expect("run mcc");
    assert!(
        status.status.success(),
        "mcc {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    std::fs::read(dir.join(out)).unwrap()
}

#[test]
fn output_is_the_same_whatever_the_timing() {
    let dir = tempfile::tempdir().unwrap();
    let program = Command::new("python3")
        .arg(root().join("tools/gen-program.py"))
        .args(["--lines", "8000", "--seed", "7"])
        .output()
        .expect("run tools/gen-program.py");
    assert!(program.status.success());
    std::fs::write(dir.path().join("p.c"), &program.stdout).unwrap();
    for opt in ["-O0", "-O2"] {
        for (mode, out) in [("-c", "p.o"), ("-S", "p.s")] {
            let single = build(dir.path(), &[opt, mode, "p.c"], out, false);
            assert!(!single.is_empty());
            for run in 0..6 {
                let threaded = build(dir.path(), &[opt, mode, "p.c"], out, true);
                assert!(
                    threaded == single,
                    "{opt} {mode}: run {run} differs from the single-threaded output"
                );
            }
        }
        build(
            dir.path(),
            &[opt, "--cross-check", "-c", "p.c"],
            "p.o",
            true,
        );
    }
}
