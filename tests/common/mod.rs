//! What the integration tests share about `fixtures/`: where it is, which
//! files are programs, and the first-line directives that give expectations;
//! and running a compiler that must succeed.

#![allow(dead_code)] // each test crate uses its own subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `program args` in `dir` and checks that it succeeded.
pub fn run_ok(program: &str, args: &[&str], dir: &Path) -> Output {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every `.c` file under `dir`, recursively, sorted by path. `NAME.gcc.c`
/// helpers (compiled by `cc`, not by mcc) are included only when asked.
pub fn c_files(dir: &Path, with_helpers: bool) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "c") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, &mut files);
    files.retain(|p| with_helpers || !p.to_string_lossy().ends_with(".gcc.c"));
    files.sort();
    files
}

/// The value of a first-line directive `// KEY: VALUE`.
pub fn directive<'a>(source: &'a str, key: &str) -> Option<&'a str> {
    source
        .lines()
        .next()?
        .strip_prefix("// ")?
        .strip_prefix(key)?
        .strip_prefix(':')
        .map(str::trim)
}

/// The `// exit: N` a run fixture expects.
pub fn expected_exit(source: &str) -> Option<i32> {
    directive(source, "exit")?.parse().ok()
}

/// Writes an executable shell script: a stand-in for a system tool.
pub fn write_script(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    let mut perms = std::fs::metadata(path).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(path, perms).unwrap();
}

/// Builds the run fixture `file` into `exe` with mcc (`PATH` set to `path`)
/// and checks that running it exits with the fixture's `// exit: N`.
pub fn build_and_check(path: &str, file: &Path, exe: &Path) {
    let source = std::fs::read_to_string(file).unwrap();
    let expected = expected_exit(&source).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_mcc"))
        .env("PATH", path)
        .arg(file)
        .arg("-o")
        .arg(exe)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let code = Command::new(exe).status().unwrap().code();
    assert_eq!(code, Some(expected), "{}", file.display());
}
