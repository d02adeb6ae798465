//! The `x86_64-apple-darwin` target: golden tests of the Darwin assembly text
//! (`tests/golden/darwin/NAME.s`, re-bless with `MCC_BLESS=1`), and the
//! refusal to link for it on this host.

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;

use common::{MCC, c_files, fixtures_dir, root, run};

/// Programs whose Darwin text is pinned: statics in .data and .bss, calls
/// with stack arguments, a static function, jumps.
const PROGRAMS: [&str; 3] = ["run/storage", "run/functions", "run/switch"];

/// The first program of the fixture directory `dir` (under `fixtures/`).
fn first_program(dir: &str) -> PathBuf {
    c_files(&fixtures_dir().join(dir), false).remove(0)
}

/// `mcc --target x86_64-apple-darwin ARGS SOURCE`, run in the crate root.
fn mcc_darwin(args: &[&str], source: &Path) -> Output {
    let mut all = vec!["--target", "x86_64-apple-darwin"];
    all.extend(args);
    all.push(source.to_str().unwrap());
    run(MCC, &all, &root())
}

/// The Darwin assembly text of `source`, written to standard output.
fn darwin_text(source: &Path) -> Output {
    mcc_darwin(&["-S", "-o", "-"], source)
}

#[test]
fn darwin_text_matches_golden() {
    let mut failures = Vec::new();
    for dir in PROGRAMS {
        let source = first_program(dir);
        let name = source.file_stem().unwrap().to_str().unwrap().to_string();
        let out = darwin_text(&source);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let golden = root().join("tests/golden/darwin").join(format!("{name}.s"));
        if std::env::var_os("MCC_BLESS").is_some() {
            std::fs::write(&golden, &out.stdout).unwrap();
        }
        let expected = std::fs::read(&golden)
            .unwrap_or_else(|_| panic!("{} missing (MCC_BLESS=1)", golden.display()));
        if out.stdout != expected {
            failures.push(name);
        }
    }
    assert!(
        failures.is_empty(),
        "Darwin text differs from golden: {failures:?}"
    );
}

#[test]
fn darwin_text_uses_darwin_conventions() {
    let source = first_program("run/storage");
    let out = darwin_text(&source);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("\t.build_version macos, 11, 0\n"));
    assert!(text.ends_with("\t.subsections_via_symbols\n"));
    assert!(text.contains("\n_main:\n"));
    assert!(!text.contains(".note.GNU-stack") && !text.contains("@PLT") && !text.contains(".L"));
}

#[test]
fn linking_for_darwin_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let source = first_program("run/basics");
    let exe = dir.path().join("prog");
    let out = mcc_darwin(&["-o", exe.to_str().unwrap()], &source);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("cannot link for target 'x86_64-apple-darwin'")
    );
    assert!(!exe.exists());
}
