//! The default path runs no assembler: with an `as` that always fails first
//! on PATH, mcc still compiles, links and runs programs correctly, while the
//! external path (the control) fails.

use std::path::Path;
use std::process::Command;

const MCC: &str = env!("CARGO_BIN_EXE_mcc");

#[test]
fn builtin_path_needs_no_assembler() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    for name in ["as", "x86_64-linux-gnu-as"] {
        let fake = bin.join(name);
        std::fs::write(
            &fake,
            "#!/bin/sh\necho 'fake as: must not run' >&2\nexit 1\n",
        )
        .unwrap();
        let mut perms = std::fs::metadata(&fake).unwrap().permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
        std::fs::set_permissions(&fake, perms).unwrap();
    }
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/run");
    let mut checked = 0;
    for topic in ["functions", "storage", "loops", "switch"] {
        let mut files: Vec<_> = std::fs::read_dir(fixtures.join(topic))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "c") && !p.to_string_lossy().ends_with(".gcc.c")
            })
            .filter(|p| !p.with_extension("gcc.c").exists())
            .collect();
        files.sort();
        for file in files.iter().take(5) {
            let source = std::fs::read_to_string(file).unwrap();
            let expected: i32 = source
                .lines()
                .next()
                .unwrap()
                .trim_start_matches("// exit:")
                .trim()
                .parse()
                .unwrap();
            let exe = dir.path().join("prog");
            let out = Command::new(MCC)
                .env("PATH", &path)
                .arg(file)
                .arg("-o")
                .arg(&exe)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}: {}",
                file.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            let code = Command::new(&exe).status().unwrap().code();
            assert_eq!(code, Some(expected), "{}", file.display());
            checked += 1;
        }
    }
    assert_eq!(checked, 20);

    // Control: the stand-in really is found and really fails.
    let file = fixtures
        .join("basics")
        .read_dir()
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "c"))
        .unwrap();
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
