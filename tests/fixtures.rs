//! Runs every program under `fixtures/` through the `mcc` binary.
//!
//! * `fixtures/run/**/NAME.c` — first line `// exit: N`; optional `NAME.stdout`
//!   holds the exact expected output; optional `NAME.gcc.c` is compiled by `cc`
//!   and linked in (calls across compilers). Each program is compiled to an
//!   executable (named by `--book-naming`) with the built-in encoder and again
//!   with the external assembler, both run and checked, and its object is
//!   built with `--cross-check`, which must find the two identical. For
//!   `x86_64-apple-darwin`, its `-c` object must be byte-identical to what
//!   `llvm-mc` makes of its `-S` text. A line `// flags: ...` among the
//!   leading comment lines (after `// exit: N`) gives words passed to mcc
//!   on every compile of the fixture (e.g. `// flags: -lm`). Every run
//!   fixture is then built again optimised (`-O2` after its flags): run
//!   through the built-in encoder, cross-checked, and compared with
//!   `llvm-mc` for Darwin. Lines `// asm: FUNCTION stack<=N moves<=M
//!   instrs<=K` bound, in that function's `-S -O2` text, the operands on
//!   the stack (`(%rbp)`), the moves from one register to another (the
//!   prologue's and epilogue's `%rsp`/`%rbp` moves aside) and the
//!   instructions (labels and directives aside): what register allocation
//!   and the optimisations must achieve. Built with `-g`, its object must
//!   cross-check too, and `llvm-dwarfdump --verify` find no error in its
//!   debug information. Lines `// warning: LINE: TEXT`
//!   list the warnings mcc must give, in order, and no others: each on
//!   that line, its message containing TEXT.
//! * `fixtures/headers/NAME.c` — run fixtures that include the system's C
//!   headers as installed (glibc's and gcc's): checked as run fixtures, for
//!   ELF only.
//! * `fixtures/opt/NAME.c` — optimisation goldens: first line `// exit: N`,
//!   a `// flags: ...` line naming the passes (`--fold-constants`, ...,
//!   `-O2`). Its TACKY after the passes (`--dump=tacky`) must equal
//!   `NAME.tacky` (re-bless with `MCC_BLESS=1`), and built with those flags
//!   it must exit N, so each golden is also known to compute the right thing.
//! * `fixtures/error/STAGE/NAME.c` — first line `// error: LINE` (optionally
//!   `// error: LINE: text`), STAGE one of preprocess, lex, parse, sema (a
//!   preprocessing error stops lexing, the first stage). A second line
//!   `// error-file: NAME.h` puts the error in that header beside it. mcc
//!   must exit 1 with a gcc-style diagnostic on that line, the stage flags
//!   must reject the program exactly from that stage on, and no output file
//!   may be left. Headers (`*.h`) beside a fixture are staged with it.
//!
//! Failures are collected and reported together; the test fails if any.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

mod common;

use common::{MCC, c_files, directive, expected_exit, fixtures_dir, run};

/// Runs `check` on every fixture of `kind`, on all cores; panics listing the failures.
fn run_all(kind: &str, check: fn(&Path) -> Result<(), String>) {
    let files = c_files(&fixtures_dir().join(kind), false);
    assert!(!files.is_empty(), "no fixtures under fixtures/{kind}");
    let queue = Mutex::new(files.clone());
    let failures = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                while let Some(file) = queue.lock().unwrap().pop() {
                    if let Err(why) = check(&file) {
                        let rel = file
                            .strip_prefix(fixtures_dir())
                            .unwrap()
                            .display()
                            .to_string();
                        failures.lock().unwrap().push(format!("{rel}: {why}"));
                    }
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
    println!("{} {kind} fixtures passed", files.len());
}

/// A scratch directory holding a copy of the fixture and the headers beside
/// it, so output naming and leftovers can be checked.
fn stage(file: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join(file.file_name().unwrap());
    std::fs::copy(file, &copy).unwrap();
    for entry in std::fs::read_dir(file.parent().unwrap()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "h") {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    (dir, copy)
}

/// Files in the staging directory that the test did not put there.
fn leftovers(dir: &Path, source: &Path) -> Vec<std::ffi::OsString> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p != source && p.extension().is_none_or(|e| e != "h"))
        .map(|p| p.file_name().unwrap().to_owned())
        .collect()
}

/// What follows `// KEY:` on each of a fixture's leading comment lines
/// that has it.
fn leading_directives<'a>(source: &'a str, key: &str) -> impl Iterator<Item = &'a str> {
    let prefix = format!("// {key}:");
    source
        .lines()
        .take_while(|l| l.starts_with("//"))
        .filter_map(move |l| l.strip_prefix(prefix.as_str()))
}

/// The words of a run fixture's `// flags: ...` line.
fn run_flags(source: &str) -> Vec<&str> {
    leading_directives(source, "flags")
        .next()
        .map_or_else(Vec::new, |f| f.split_whitespace().collect())
}

fn check_run(file: &Path) -> Result<(), String> {
    check_program(file, true)
}

/// A program that includes the system's headers (glibc's, gcc's): checked
/// as a run fixture, for ELF only.
fn check_with_headers(file: &Path) -> Result<(), String> {
    check_program(file, false)
}

/// A run fixture (see the module header); `darwin`: also compiled for
/// Mach-O and compared with `llvm-mc`.
fn check_program(file: &Path, darwin: bool) -> Result<(), String> {
    let source = String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned();
    let expected = expected_exit(&source).ok_or("first line must be `// exit: N`")?;
    let flags = run_flags(&source);
    let expected_stdout = std::fs::read(file.with_extension("stdout")).unwrap_or_default();
    let (dir, copy) = stage(file);
    let mut inputs = vec![copy.to_str().unwrap().to_string()];
    let helper = file.with_extension("gcc.c");
    if helper.exists() {
        let obj = dir.path().join("helper.o");
        let status = Command::new("cc")
            .arg("-c")
            .arg(&helper)
            .arg("-o")
            .arg(&obj)
            .status()
            .unwrap();
        if !status.success() {
            return Err("cc failed on the .gcc.c helper".into());
        }
        inputs.push(obj.to_str().unwrap().to_string());
    }
    // As written, through both assemblers; then optimised (`-O2` after the
    // fixture's own flags, so it wins), through the built-in one.
    let optimised: Vec<&str> = flags.iter().copied().chain(["-O2"]).collect();
    for (flags, assemblers) in [
        (&flags, &["--assembler=builtin", "--assembler=external"][..]),
        (&optimised, &["--assembler=builtin"][..]),
    ] {
        for &assembler in assemblers {
            // The executable named as the book's runner expects.
            let mut args = vec![assembler, "--book-naming"];
            args.extend(flags);
            args.extend(inputs.iter().map(String::as_str));
            let out = run(MCC, &args, dir.path());
            if !out.status.success() {
                return Err(format!(
                    "mcc {}: {}",
                    args[..args.len() - inputs.len()].join(" "),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
            check_warnings(&source, &String::from_utf8_lossy(&out.stderr))
                .map_err(|why| format!("{assembler} {}: {why}", flags.join(" ")))?;
            run_and_compare(&copy.with_extension(""), expected, &expected_stdout)
                .map_err(|why| format!("{assembler} {}: {why}", flags.join(" ")))?;
        }
        let mut args = vec!["--cross-check", "-c"];
        args.extend(flags);
        args.push(&inputs[0]);
        let out = run(MCC, &args, dir.path());
        if !out.status.success() {
            return Err(format!(
                "--cross-check {}: {}",
                flags.join(" "),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        if darwin {
            check_darwin(&copy, flags, dir.path())
                .map_err(|why| format!("{} {why}", flags.join(" ")))?;
        }
    }
    check_debug_info(&flags, &inputs[0], dir.path())?;
    check_asm_bounds(&source, &copy, &optimised, dir.path())
}

/// Built with `-g`: the same object through both assemblers, and DWARF
/// that `llvm-dwarfdump --verify` finds no error in.
fn check_debug_info(flags: &[&str], input: &str, dir: &Path) -> Result<(), String> {
    let mut args = vec!["-g", "--cross-check", "-c", "-o", "debug.o"];
    args.extend(flags);
    args.push(input);
    let out = run(MCC, &args, dir);
    if !out.status.success() {
        return Err(format!(
            "-g --cross-check: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let verify = run("llvm-dwarfdump", &["--verify", "debug.o"], dir);
    let report = String::from_utf8_lossy(&verify.stdout);
    if !verify.status.success() || !report.contains("No errors.") {
        return Err(format!("llvm-dwarfdump --verify: {report}"));
    }
    Ok(())
}

/// The warnings mcc gave are exactly the fixture's `// warning: LINE:
/// TEXT` lines, in order (each message contains its TEXT).
fn check_warnings(source: &str, stderr: &str) -> Result<(), String> {
    let expected: Vec<(&str, &str)> = leading_directives(source, "warning")
        .map(|w| {
            w.split_once(':')
                .map_or((w.trim(), ""), |(l, t)| (l.trim(), t.trim()))
        })
        .collect();
    let given: Vec<(&str, &str)> = stderr
        .lines()
        .filter_map(|l| l.split_once(": warning: "))
        .map(|(at, text)| (at.rsplit(':').nth(1).unwrap_or(""), text))
        .collect();
    let agree = expected.len() == given.len()
        && expected
            .iter()
            .zip(&given)
            .all(|((el, et), (gl, gt))| el == gl && gt.contains(et));
    if agree {
        Ok(())
    } else {
        Err(format!("warnings {given:?}, expected {expected:?}"))
    }
}

/// The `// asm:` lines of a run fixture (see the module header).
fn check_asm_bounds(source: &str, copy: &Path, flags: &[&str], dir: &Path) -> Result<(), String> {
    let bounds: Vec<&str> = leading_directives(source, "asm").collect();
    if bounds.is_empty() {
        return Ok(());
    }
    let path = dir.join("bounds.s");
    let mut args = flags.to_vec();
    args.extend(["-S", copy.to_str().unwrap(), "-o", path.to_str().unwrap()]);
    let out = run(MCC, &args, dir);
    if !out.status.success() {
        return Err(format!("-S: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    for line in bounds {
        let mut words = line.split_whitespace();
        let function = words.next().ok_or("`// asm:` names no function")?;
        let label = format!("{function}:");
        let body: Vec<&str> = text
            .lines()
            .skip_while(|l| *l != label)
            .skip(1)
            .take_while(|l| !is_function_label(l))
            .collect();
        if body.is_empty() {
            return Err(format!("no function {function} in the -S text"));
        }
        let stack = body.iter().filter(|l| l.contains("(%rbp)")).count();
        let moves = body.iter().filter(|l| is_register_move(l)).count();
        let instrs = body
            .iter()
            .filter(|l| l.starts_with('\t') && !l.starts_with("\t."))
            .count();
        for bound in words {
            let (what, limit) = bound
                .split_once("<=")
                .ok_or_else(|| format!("bad bound {bound}"))?;
            let limit: usize = limit.parse().map_err(|_| format!("bad bound {bound}"))?;
            let found = match what {
                "stack" => stack,
                "moves" => moves,
                "instrs" => instrs,
                _ => return Err(format!("unknown bound {what}")),
            };
            if found > limit {
                return Err(format!(
                    "{function}: {found} {what}, at most {limit} allowed (-S {}):\n{}",
                    flags.join(" "),
                    body.join("\n")
                ));
            }
        }
    }
    Ok(())
}

/// A global function's label line (`name:`, not a local `.L` label).
fn is_function_label(line: &str) -> bool {
    line.strip_suffix(':').is_some_and(|name| {
        !name.is_empty()
            && !name.starts_with('.')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// `mov...` between two registers, the frame's `%rsp`/`%rbp` moves aside.
fn is_register_move(line: &str) -> bool {
    let Some((mnemonic, operands)) = line.trim().split_once(' ') else {
        return false;
    };
    mnemonic.starts_with("mov")
        && operands.split(", ").all(|o| o.starts_with('%'))
        && operands != "%rsp, %rbp"
        && operands != "%rbp, %rsp"
}

/// The Mach-O object equals `llvm-mc`'s assembly of the Darwin text, byte
/// for byte.
fn check_darwin(source: &Path, flags: &[&str], dir: &Path) -> Result<(), String> {
    let darwin = "--target=x86_64-apple-darwin";
    let (object, text, reference) = (
        dir.join("darwin.o"),
        dir.join("darwin.s"),
        dir.join("llvm-mc.o"),
    );
    for (flag, output) in [("-c", &object), ("-S", &text)] {
        let mut args = vec![darwin, flag];
        args.extend(flags);
        args.extend([source.to_str().unwrap(), "-o", output.to_str().unwrap()]);
        let out = run(MCC, &args, dir);
        if !out.status.success() {
            return Err(format!(
                "{darwin} {flag}: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    let status = Command::new("llvm-mc")
        .args(["-triple", "x86_64-apple-darwin", "-filetype=obj", "-o"])
        .arg(&reference)
        .arg(&text)
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| format!("cannot run llvm-mc: {e}"))?;
    if !status.success() {
        return Err("llvm-mc rejected the Darwin text".into());
    }
    if std::fs::read(&object).unwrap() != std::fs::read(&reference).unwrap() {
        return Err("Mach-O object differs from llvm-mc's".into());
    }
    Ok(())
}

fn run_and_compare(exe: &Path, expected: i32, expected_stdout: &[u8]) -> Result<(), String> {
    let run = Command::new(exe)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
    let code = run.status.code().ok_or("killed by a signal")?;
    if code != expected {
        return Err(format!("exit {code}, expected {expected}"));
    }
    if run.stdout != expected_stdout {
        return Err(format!(
            "stdout {:?}, expected {:?}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(expected_stdout)
        ));
    }
    Ok(())
}

fn check_opt(file: &Path) -> Result<(), String> {
    let source = std::fs::read_to_string(file).unwrap();
    let expected = expected_exit(&source).ok_or("first line must be `// exit: N`")?;
    let flags = run_flags(&source);
    if flags.is_empty() {
        return Err("an optimisation golden needs a `// flags:` line".into());
    }
    let (dir, copy) = stage(file);
    let source_arg = copy.to_str().unwrap();
    let mut args = flags.clone();
    args.extend(["--tacky", "--dump=tacky", source_arg]);
    let out = run(MCC, &args, dir.path());
    if !out.status.success() {
        return Err(format!(
            "--dump=tacky: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let golden = file.with_extension("tacky");
    if std::env::var_os("MCC_BLESS").is_some() {
        std::fs::write(&golden, &out.stdout).unwrap();
    }
    let want = std::fs::read(&golden)
        .map_err(|_| format!("{} missing (bless with MCC_BLESS=1)", golden.display()))?;
    if out.stdout != want {
        return Err(format!(
            "TACKY differs from {} (re-bless with MCC_BLESS=1 if intended):\n{}",
            golden.display(),
            String::from_utf8_lossy(&out.stdout)
        ));
    }
    let mut args = flags;
    args.extend(["--book-naming", source_arg]);
    let out = run(MCC, &args, dir.path());
    if !out.status.success() {
        return Err(format!("mcc: {}", String::from_utf8_lossy(&out.stderr)));
    }
    run_and_compare(&copy.with_extension(""), expected, b"")
}

fn check_error(file: &Path) -> Result<(), String> {
    let source = String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned();
    let spec = directive(&source, "error").ok_or("first line must be `// error: LINE`")?;
    let (line, text) = spec
        .split_once(':')
        .map_or((spec, None), |(l, t)| (l, Some(t.trim())));
    let line: u32 = line.trim().parse().map_err(|_| "bad error directive")?;
    let stage_name = file
        .parent()
        .unwrap()
        .file_name()
        .unwrap()
        .to_str()
        .unwrap();
    let (dir, copy) = stage(file);
    let path = copy.to_str().unwrap();

    let out = run(MCC, &[path], dir.path());
    if out.status.code() != Some(1) {
        return Err(format!("exit {:?}, expected 1", out.status.code()));
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The first error (after any "In file included from" lines and warnings).
    let first = stderr
        .lines()
        .find(|l| l.contains(": error: "))
        .unwrap_or("");
    // `// error-file: NAME` on the second line: the error is in that header.
    let error_file = source
        .lines()
        .nth(1)
        .and_then(|l| l.strip_prefix("// error-file:"))
        .map(|f| dir.path().join(f.trim()).to_str().unwrap().to_string());
    let prefix = format!("{}:{line}:", error_file.as_deref().unwrap_or(path));
    if !first.starts_with(&prefix) {
        return Err(format!("diagnostic `{first}`, expected it at line {line}"));
    }
    if let Some(text) = text
        && !first.contains(text)
    {
        return Err(format!("diagnostic `{first}` does not say `{text}`"));
    }
    let left = leftovers(dir.path(), &copy);
    if !left.is_empty() {
        return Err(format!("files left behind: {left:?}"));
    }

    // Each stage flag rejects the program exactly from its stage on.
    let rejecting_stage = match stage_name {
        // Preprocessing errors stop the first stage, lexing.
        "preprocess" | "lex" => 0,
        "parse" => 1,
        "sema" => 2,
        _ => return Err("unknown stage dir".into()),
    };
    for (i, flag) in ["--lex", "--parse", "--validate"].iter().enumerate() {
        let code = run(MCC, &[flag, path], dir.path()).status.code();
        let want = if i >= rejecting_stage { 1 } else { 0 };
        if code != Some(want) {
            return Err(format!("{flag} exited {code:?}, expected {want}"));
        }
    }
    Ok(())
}

#[test]
fn run_fixtures() {
    run_all("run", check_run);
}

#[test]
fn programs_with_system_headers() {
    run_all("headers", check_with_headers);
}

#[test]
fn optimisation_goldens() {
    run_all("opt", check_opt);
}

#[test]
fn error_fixtures() {
    run_all("error", check_error);
}
