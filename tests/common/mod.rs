//! What the integration tests share about `fixtures/`: where it is, which
//! files are programs, and the first-line directives that give expectations;
//! running the compiler and other tools, and the scratch trees and stand-in
//! tools they run on.

#![allow(dead_code)] // each test crate uses its own subset

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use mcc::target::Target;

/// The `mcc` binary under test.
pub const MCC: &str = env!("CARGO_BIN_EXE_mcc");

/// The crate's root directory.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures_dir() -> PathBuf {
    root().join("fixtures")
}

/// Runs `program args` in `dir`, whatever its exit status.
pub fn run(program: &str, args: &[&str], dir: &Path) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"))
}

/// Runs `program args` in `dir` with `env` set in its environment,
/// whatever its exit status.
pub fn run_env(program: &str, args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Output {
    Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"))
}

/// [`run_env`], checking that it succeeded.
pub fn run_ok_env(program: &str, args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Output {
    let out = run_env(program, args, dir, env);
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The lines `out` wrote on standard output, sorted (for outputs whose
/// order means nothing, such as `-E -dM`).
pub fn sorted_lines(out: &Output) -> Vec<String> {
    let mut lines: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

/// Runs `program args` in `dir` and checks that it succeeded.
pub fn run_ok(program: &str, args: &[&str], dir: &Path) -> Output {
    let out = run(program, args, dir);
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Writes `(relative path, text)` files under `dir`, making the
/// directories they need.
pub fn write_tree(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// Every file under `dir`, recursively, sorted by path.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, &mut files);
    files.sort();
    files
}

/// Every `.c` file under `dir`, recursively, sorted by path. `NAME.gcc.c`
/// helpers (compiled by `cc`, not by mcc) are included only when asked.
pub fn c_files(dir: &Path, with_helpers: bool) -> Vec<PathBuf> {
    let mut files = files_under(dir);
    files.retain(|p| {
        p.extension().is_some_and(|e| e == "c")
            && (with_helpers || !p.to_string_lossy().ends_with(".gcc.c"))
    });
    files
}

/// Assembles `source` as `dir/NAME.s` into `dir/NAME.o` with the external
/// assembler mcc uses for `target` (GNU `as` for ELF), and returns the object.
pub fn assemble(target: &Target, dir: &Path, name: &str, source: &str) -> Vec<u8> {
    let (s, o) = (dir.join(format!("{name}.s")), dir.join(format!("{name}.o")));
    std::fs::write(&s, source).unwrap();
    let (program, args) = target.external_assembler();
    let status = Command::new(program)
        .args(args)
        .arg("-o")
        .arg(&o)
        .arg(&s)
        .status()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(status.success(), "{program} failed on {name}.s");
    std::fs::read(&o).unwrap()
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

/// Puts the stand-in tools `(name, script)` in `dir/bin` and returns a
/// `PATH` that finds them before the system's.
pub fn stand_in_path(dir: &Path, tools: &[(&str, &str)]) -> String {
    let bin = dir.join("bin");
    std::fs::create_dir(&bin).unwrap();
    for (name, script) in tools {
        write_script(&bin.join(name), script);
    }
    format!("{}:{}", bin.display(), std::env::var("PATH").unwrap())
}

/// The control for a stand-in: `mcc OPTION -c FILE -o OUT` with `PATH` set
/// to `path` must fail (exit 1) with the stand-in's message `says`.
pub fn control_compile_fails(path: &str, option: &str, file: &Path, out: &Path, says: &str) {
    let run = Command::new(MCC)
        .env("PATH", path)
        .args([option, "-c"])
        .arg(file)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains(says));
}

/// Builds the run fixture `file` into `exe` with mcc (`PATH` set to `path`)
/// and checks that running it exits with the fixture's `// exit: N`.
pub fn build_and_check(path: &str, file: &Path, exe: &Path) {
    let source = std::fs::read_to_string(file).unwrap();
    let expected = expected_exit(&source).unwrap();
    let out = Command::new(MCC)
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

/// xorshift64*: a deterministic generator for the randomised tests, so a
/// failing seed reproduces.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Whether a `-dM` line defines one of the instruction-set macros gcc
/// predefines and mcc leaves out for C (it has no vector types; see
/// `pp::predefined`).
#[allow(dead_code)]
pub fn is_vector_macro(line: &str) -> bool {
    [
        "__FXSR__",
        "__MMX__",
        "__MMX_WITH_SSE__",
        "__SSE__",
        "__SSE2__",
    ]
    .iter()
    .any(|m| line.starts_with(&format!("#define {m} ")))
}
