//! The default path runs no assembler: with an `as` that always fails first
//! on PATH, mcc still compiles, links and runs programs correctly, while the
//! external path (the control) fails.

use std::process::Command;

mod common;

use common::{build_and_check, c_files, fixtures_dir, write_script};

const MCC: &str = env!("CARGO_BIN_EXE_mcc");

#[test]
fn builtin_path_needs_no_assembler() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    for name in ["as", "x86_64-linux-gnu-as"] {
        write_script(
            &bin.join(name),
            "#!/bin/sh\necho 'fake as: must not run' >&2\nexit 1\n",
        );
    }
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let fixtures = fixtures_dir().join("run");
    let mut checked = 0;
    for topic in ["functions", "storage", "loops", "switch"] {
        // Programs linked with a gcc-built helper are left out: this test
        // is about mcc's own objects.
        let files = c_files(&fixtures.join(topic), false);
        let own: Vec<_> = files
            .iter()
            .filter(|p| !p.with_extension("gcc.c").exists())
            .collect();
        for file in own.into_iter().take(5) {
            build_and_check(&path, file, &dir.path().join("prog"));
            checked += 1;
        }
    }
    assert_eq!(checked, 20);

    // Control: the stand-in really is found and really fails.
    let file = c_files(&fixtures.join("basics"), false).remove(0);
    let out = Command::new(MCC)
        .env("PATH", &path)
        .args(["--assembler=external", "-c"])
        .arg(&file)
        .arg("-o")
        .arg(dir.path().join("x.o"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("fake as: must not run"));
    assert!(
        !dir.path().join("x.o").exists(),
        "a failed compile left its output behind"
    );
}
