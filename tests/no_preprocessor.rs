//! The default path runs no external preprocessor: with a `cc` first on PATH
//! that refuses `-E` (and a `cpp` that always fails), mcc still compiles,
//! links and runs programs that use macros, conditionals and includes, while
//! `--preprocessor=external` (the control) fails.

use std::path::PathBuf;

mod common;

use common::{build_and_check, c_files, control_compile_fails, fixtures_dir, stand_in_path};

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
    let log = dir.path().join("refused.log");
    let fake_cc = format!(
        "#!/bin/sh\nfor a in \"$@\"; do\n  case \"$a\" in -E) echo 'fake cc: -E must not run' >&2; echo \"$*\" >> '{}'; exit 1;; esac\ndone\nexec '{}' \"$@\"\n",
        log.display(),
        real_cc().display()
    );
    let fake_cpp = format!(
        "#!/bin/sh\necho 'fake cpp: must not run' >&2\necho cpp >> '{}'\nexit 1\n",
        log.display()
    );
    let path = stand_in_path(dir.path(), &[("cc", &fake_cc), ("cpp", &fake_cpp)]);
    let files = c_files(&fixtures_dir().join("run/preprocessor"), false);
    assert!(files.len() >= 10);
    for file in &files {
        build_and_check(&path, file, &dir.path().join("prog"));
    }
    assert!(!log.exists(), "something asked for cc -E or cpp");

    // Control: the stand-in really is found and really refuses.
    control_compile_fails(
        &path,
        "--preprocessor=external",
        &files[0],
        &dir.path().join("x.o"),
        "fake cc: -E must not run",
    );
    assert!(log.exists());
}
