//! The default path runs no external preprocessor: with a `cc` first on PATH
//! that refuses `-E` (and a `cpp` that always fails), mcc still compiles,
//! links and runs programs that use macros, conditionals and includes, while
//! `--preprocessor=external` (the control) fails.

use std::path::PathBuf;
use std::process::Command;

mod common;

use common::{build_and_check, c_files, fixtures_dir, write_script};

const MCC: &str = env!("CARGO_BIN_EXE_mcc");

/// The real `cc` on PATH, before the stand-in shadows it.
fn real_cc() -> PathBuf {
    std::env::split_paths(&std::env::var_os("PATH").unwrap())
        .map(|d| d.join("cc"))
        .find(|p| p.is_file())
        .expect("cc on PATH")
}

#[test]
fn builtin_path_needs_no_external_preprocessor() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let log = dir.path().join("refused.log");
    write_script(
        &bin.join("cc"),
        &format!(
            "#!/bin/sh\nfor a in \"$@\"; do\n  case \"$a\" in -E) echo 'fake cc: -E must not run' >&2; echo \"$*\" >> '{}'; exit 1;; esac\ndone\nexec '{}' \"$@\"\n",
            log.display(),
            real_cc().display()
        ),
    );
    write_script(
        &bin.join("cpp"),
        &format!(
            "#!/bin/sh\necho 'fake cpp: must not run' >&2\necho cpp >> '{}'\nexit 1\n",
            log.display()
        ),
    );
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let files = c_files(&fixtures_dir().join("run/preprocessor"), false);
    assert!(files.len() >= 10);
    for file in &files {
        build_and_check(&path, file, &dir.path().join("prog"));
    }
    assert!(!log.exists(), "something asked for cc -E or cpp");

    // Control: the stand-in really is found and really refuses.
    let out = Command::new(MCC)
        .env("PATH", &path)
        .args(["--preprocessor=external", "-c"])
        .arg(&files[0])
        .arg("-o")
        .arg(dir.path().join("x.o"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("fake cc: -E must not run"));
    assert!(log.exists());
}
