//! The `x86_64-apple-darwin` target: golden tests of the Darwin assembly text
//! (`tests/golden/darwin/NAME.s`, re-bless with `MCC_BLESS=1`), and the
//! refusal to link for it on this host.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::c_files;

const MCC: &str = env!("CARGO_BIN_EXE_mcc");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Programs whose Darwin text is pinned: statics in .data and .bss, calls
/// with stack arguments, a static function, jumps.
const PROGRAMS: [&str; 3] = [
    "fixtures/run/storage",
    "fixtures/run/functions",
    "fixtures/run/switch",
];

fn first_program(dir: &Path) -> PathBuf {
    c_files(dir, false).remove(0)
}

#[test]
fn darwin_text_matches_golden() {
    let mut failures = Vec::new();
    for dir in PROGRAMS {
        let source = first_program(&root().join(dir));
        let name = source.file_stem().unwrap().to_str().unwrap().to_string();
        let out = Command::new(MCC)
            .args(["--target", "x86_64-apple-darwin", "-S", "-o", "-"])
            .arg(&source)
            .output()
            .unwrap();
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
    let source = first_program(&root().join("fixtures/run/storage"));
    let out = Command::new(MCC)
        .args(["--target", "x86_64-apple-darwin", "-S", "-o", "-"])
        .arg(&source)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("\t.build_version macos, 11, 0\n"));
    assert!(text.ends_with("\t.subsections_via_symbols\n"));
    assert!(text.contains("\n_main:\n"));
    assert!(!text.contains(".note.GNU-stack") && !text.contains("@PLT") && !text.contains(".L"));
}

#[test]
fn linking_for_darwin_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let source = first_program(&root().join("fixtures/run/basics"));
    let exe = dir.path().join("prog");
    let out = Command::new(MCC)
        .args(["--target", "x86_64-apple-darwin", "-o"])
        .arg(&exe)
        .arg(&source)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("cannot link for target 'x86_64-apple-darwin'")
    );
    assert!(!exe.exists());
}
