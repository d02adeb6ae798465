//! Every entry of the gcc option table (`mcc::driver::gcc::TABLE`), spelled
//! as a build would spell it, does what the table says: accepted options
//! compile (and those documented as without effect leave the object
//! byte-identical), link options reach the link (a shared library, a
//! stripped executable), queries answer as `cc` does (with mcc's own
//! version), unsupported ones and options gcc
//! does not know either are errors naming the whole option, exit 1.

use std::path::Path;

mod common;

use common::{MCC, run, run_ok, run_ok_env, sorted_lines, write_tree};
use mcc::driver::gcc::{Effect, Form, TABLE};

const PROGRAM: &str = "int printf(char *fmt, ...);\nint twice(int x) { return 2 * x; }\nint main(void) {\n    printf(\"%d\\n\", twice(21));\n    return 0;\n}\n";

/// A value to give an option that takes one.
fn sample_value(name: &str) -> &'static str {
    match name {
        "-isystem" | "-iquote" | "-idirafter" => ".",
        "-include" => "extra.h",
        "-std=" => "c11",
        "-MF" => "deps.d",
        "-MT" | "-MQ" => "target.o",
        "-Wp," => "-DFROM_WP=1",
        "-O" => "2",
        "-g" => "",
        "-f" => "no-strict-aliasing",
        "-fsanitize=" => "address",
        "-m" => "tune=generic",
        "-W" => "all",
        "-Wa," | "-Xassembler" => "--noexecstack",
        "-Wl," => "--as-needed",
        "-Xlinker" => "--as-needed",
        "-u" => "main",
        "-T" => "unused.ld",
        "-z" => "now",
        "-x" => "c",
        "--sysroot=" | "--sysroot" => "/",
        "-print-prog-name=" => "ld",
        "-print-file-name=" => "libc.so",
        other => panic!("no sample value for {other}"),
    }
}

/// The words spelling `name` with a value, in the option's own form.
fn spelled(name: &str, form: Form) -> Vec<String> {
    match form {
        Form::Exact => vec![name.to_string()],
        Form::Joined => vec![format!("{name}{}", sample_value(name))],
        Form::Separate | Form::JoinedOrSeparate => {
            vec![name.to_string(), sample_value(name).to_string()]
        }
    }
}

fn object(dir: &Path, extra: &[String], out: &str) -> std::process::Output {
    let mut args: Vec<&str> = extra.iter().map(String::as_str).collect();
    args.extend(["-c", "prog.c", "-o", out]);
    run(MCC, &args, dir)
}

#[test]
fn every_table_entry_does_what_it_says() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[("prog.c", PROGRAM), ("extra.h", "#define EXTRA 1\n")],
    );
    let plain = object(dir.path(), &[], "plain.o");
    assert!(plain.status.success());
    let plain = std::fs::read(dir.path().join("plain.o")).unwrap();
    let mut failures = Vec::new();
    for option in TABLE {
        let words = spelled(option.name, option.form);
        let out = object(dir.path(), &words, "opt.o");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let shown = words.join(" ");
        let ok = out.status.success();
        let problem = match option.effect {
            Effect::Unsupported => (out.status.code() != Some(1)
                || !stderr.contains(&format!("'{}", words[0])))
            .then(|| format!("not refused naming itself: {stderr}")),
            // The jobs, quoted, on standard error; nothing run or written.
            Effect::Query if option.name == "-###" => {
                let _ = std::fs::remove_file(dir.path().join("jobs.o"));
                let listed = run(MCC, &["-###", "-c", "prog.c", "-o", "jobs.o"], dir.path());
                let jobs = String::from_utf8_lossy(&listed.stderr);
                (!listed.status.success()
                    || !jobs.contains("\"-c\" \"prog.c\" \"-o\" \"jobs.o\"")
                    || dir.path().join("jobs.o").exists())
                .then(|| format!("jobs {jobs:?}"))
            }
            // gcc's answer, but mcc's own version.
            Effect::Query => {
                let words: Vec<&str> = words.iter().map(String::as_str).collect();
                let expected = match words[0] {
                    "-dumpversion" | "-dumpfullversion" => {
                        format!("{}\n", env!("CARGO_PKG_VERSION")).into_bytes()
                    }
                    _ => run("cc", &words, dir.path()).stdout,
                };
                let answered = run(MCC, &words, dir.path());
                (!answered.status.success() || answered.stdout != expected)
                    .then(|| format!("answer {:?}", String::from_utf8_lossy(&answered.stdout)))
            }
            // Without effect on an object: the same bytes.
            Effect::Link | Effect::Assembler | Effect::Warning | Effect::Pic | Effect::Ignored => {
                match ok {
                    false => Some(format!("failed: {stderr}")),
                    true if std::fs::read(dir.path().join("opt.o")).unwrap() != plain => {
                        Some("changed the object".into())
                    }
                    true => None,
                }
            }
            Effect::Preprocessor
            | Effect::PreprocessorList
            | Effect::Optimize
            | Effect::Pthread
            | Effect::Unwind
            | Effect::Debug
            | Effect::Sysroot
            | Effect::Language => (!ok).then(|| format!("failed: {stderr}")),
        };
        if let Some(problem) = problem {
            failures.push(format!("{shown}: {problem}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `-Wa,` and `-Xassembler` reach `as` where mcc runs it: a `.s` file
/// assembled with `--defsym` comes out as `cc` makes it, and without the
/// option it does not assemble.
#[test]
fn assembler_options_reach_as() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[("t.s", "\t.data\n\t.globl v\nv:\n\t.long VAL + W\n")],
    );
    let d = dir.path();
    let args = ["-Wa,--defsym,VAL=40", "-Xassembler", "--defsym=W=2"];
    run_ok(MCC, &[&["-c", "t.s", "-o", "m.o"][..], &args].concat(), d);
    run_ok("cc", &[&["-c", "t.s", "-o", "c.o"][..], &args].concat(), d);
    assert_eq!(
        std::fs::read(d.join("m.o")).unwrap(),
        std::fs::read(d.join("c.o")).unwrap()
    );
    let bare = run(MCC, &["-c", "t.s", "-o", "bare.o"], d);
    assert!(!bare.status.success(), "VAL undefined yet assembled");
}

#[test]
fn unknown_options_name_themselves() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("prog.c", PROGRAM)]);
    for bad in ["-qux", "-dumpeverything", "-print-everything"] {
        let out = run(MCC, &[bad, "-c", "prog.c"], dir.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{bad}: {stderr}");
        assert!(
            stderr.contains(&format!("unrecognized command-line option '{bad}'")),
            "{bad}: {stderr}"
        );
        assert!(!dir.path().join("prog.o").exists());
    }
}

/// Link options reach the link: `-shared` makes a shared object a
/// gcc-built program loads, `-s` strips, `-Wl,` and `-Xlinker` pass
/// through; a gcc-only single-letter bundle like `-shared` is not read as
/// `-s -h -a ...`.
#[test]
fn link_options_reach_the_link() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("lib.c", "int triple(int x) { return 3 * x; }\n"),
            (
                "main.c",
                "int triple(int x);\nint main(void) { return triple(14) == 42 ? 0 : 1; }\n",
            ),
        ],
    );
    let lib = run(
        MCC,
        &["-shared", "-fPIC", "lib.c", "-o", "libtriple.so"],
        dir.path(),
    );
    assert!(
        lib.status.success(),
        "{}",
        String::from_utf8_lossy(&lib.stderr)
    );
    let bytes = std::fs::read(dir.path().join("libtriple.so")).unwrap();
    assert_eq!(&bytes[16..18], &[3, 0], "e_type is ET_DYN");
    let exe = run(
        "cc",
        &[
            "main.c",
            "-L.",
            "-ltriple",
            "-Wl,-rpath,$ORIGIN",
            "-o",
            "main",
        ],
        dir.path(),
    );
    assert!(
        exe.status.success(),
        "{}",
        String::from_utf8_lossy(&exe.stderr)
    );
    let ran = run(&dir.path().join("main").to_string_lossy(), &[], dir.path());
    assert_eq!(ran.status.code(), Some(0));

    let stripped = run(
        MCC,
        &[
            "-s",
            "-Xlinker",
            "--as-needed",
            "-Wl,-O1",
            "main.c",
            "lib.c",
            "-o",
            "stripped",
        ],
        dir.path(),
    );
    assert!(
        stripped.status.success(),
        "{}",
        String::from_utf8_lossy(&stripped.stderr)
    );
    let symbols = run("nm", &["stripped"], dir.path());
    assert!(
        String::from_utf8_lossy(&symbols.stderr).contains("no symbols"),
        "-s did not strip"
    );
}

/// `-x c` compiles an input whatever its name, `-` reads standard input,
/// `@file` supplies arguments, `-Wp,-MD,FILE` writes a rule.
#[test]
fn languages_stdin_and_response_files() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("prog.txt", PROGRAM),
            ("prog.c", PROGRAM),
            ("args.rsp", "-O2 -c 'prog.c' -o \"from rsp.o\"\n"),
        ],
    );
    let out = run(
        MCC,
        &["-x", "c", "-c", "prog.txt", "-o", "txt.o"],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(MCC, &["@args.rsp"], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("from rsp.o").exists());
    let out = run(
        MCC,
        &["-Wp,-MD,rule.d", "-c", "prog.c", "-o", "wp.o"],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rule = std::fs::read_to_string(dir.path().join("rule.d")).unwrap();
    assert!(rule.starts_with("wp.o: prog.c"), "{rule}");
    let piped = std::process::Command::new(MCC)
        .args(["-x", "c", "-c", "-", "-o", "stdin.o"])
        .current_dir(dir.path())
        .stdin(std::fs::File::open(dir.path().join("prog.c")).unwrap())
        .output()
        .unwrap();
    assert!(
        piped.status.success(),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
    let plain = run(MCC, &["-c", "prog.c", "-o", "plain.o"], dir.path());
    assert!(plain.status.success());
    assert_eq!(
        std::fs::read(dir.path().join("stdin.o")).unwrap().len(),
        std::fs::read(dir.path().join("plain.o")).unwrap().len()
    );
}

/// `-fPIC`: global and `extern` variables (scalars, an array, a structure
/// member) through the GOT, `static` ones directly; the shared library
/// mcc builds loads into a gcc-built program and the reverse; both back
/// ends agree, and the Mach-O object equals llvm-mc's.
#[test]
fn position_independent_data_in_shared_libraries() {
    let dir = tempfile::tempdir().unwrap();
    let library = "struct pair { int a; long b; };\nint counter = 5;\nstatic int hidden = 7;\nlong table[4] = {1, 2, 3, 4};\nstruct pair shared_pair = {10, 20};\nextern int from_program;\nint bump(void) {\n    counter = counter + 1;\n    hidden = hidden * 2;\n    table[2] = table[2] + counter;\n    shared_pair.b = shared_pair.b + shared_pair.a;\n    return counter + from_program + hidden;\n}\nlong total(void) {\n    return table[0] + table[1] + table[2] + table[3] + shared_pair.b;\n}\n";
    let program = "int from_program = 100;\nextern int counter;\nint bump(void);\nlong total(void);\nint main(void) {\n    if (bump() != 6 + 100 + 14) return 1;\n    if (counter != 6) return 2;\n    counter = 40;\n    if (bump() != 41 + 100 + 28) return 3;\n    if (total() != 1 + 2 + (3 + 6 + 41) + 4 + 40) return 4;\n    return 0;\n}\n";
    write_tree(dir.path(), &[("lib.c", library), ("main.c", program)]);
    for opt in ["-O0", "-O2"] {
        // mcc's library, gcc's program.
        run_ok(
            MCC,
            &[opt, "-fPIC", "-shared", "lib.c", "-o", "libmcc.so"],
            dir.path(),
        );
        run_ok(
            "cc",
            &[
                "main.c",
                "-L.",
                "-lmcc",
                "-Wl,-rpath,$ORIGIN",
                "-o",
                "gcc_main",
            ],
            dir.path(),
        );
        let ran = run(
            &dir.path().join("gcc_main").to_string_lossy(),
            &[],
            dir.path(),
        );
        assert_eq!(ran.status.code(), Some(0), "{opt}: mcc library");
        // gcc's library, mcc's program.
        run_ok(
            "cc",
            &["-fPIC", "-shared", "lib.c", "-o", "libgcc.so"],
            dir.path(),
        );
        run_ok(
            MCC,
            &[
                opt,
                "main.c",
                "-L.",
                "-lgcc",
                "-Wl,-rpath,$ORIGIN",
                "-o",
                "mcc_main",
            ],
            dir.path(),
        );
        let ran = run(
            &dir.path().join("mcc_main").to_string_lossy(),
            &[],
            dir.path(),
        );
        assert_eq!(ran.status.code(), Some(0), "{opt}: gcc library");
        // Both back ends, both formats.
        run_ok(
            MCC,
            &[opt, "-fPIC", "--cross-check", "-c", "lib.c", "-o", "x.o"],
            dir.path(),
        );
        let darwin = "--target=x86_64-apple-darwin";
        run_ok(
            MCC,
            &[opt, "-fPIC", darwin, "-S", "lib.c", "-o", "d.s"],
            dir.path(),
        );
        run_ok(
            MCC,
            &[opt, "-fPIC", darwin, "-c", "lib.c", "-o", "d.o"],
            dir.path(),
        );
        run_ok(
            "llvm-mc",
            &[
                "-triple",
                "x86_64-apple-macosx11.0.0",
                "-filetype=obj",
                "d.s",
                "-o",
                "ref.o",
            ],
            dir.path(),
        );
        assert!(
            std::fs::read(dir.path().join("d.o")).unwrap()
                == std::fs::read(dir.path().join("ref.o")).unwrap(),
            "{opt}: Mach-O differs from llvm-mc's"
        );
        let text = std::fs::read_to_string(dir.path().join("d.s")).unwrap();
        assert!(text.contains("_counter@GOTPCREL(%rip)") && !text.contains("_hidden@GOTPCREL"));
    }
}

/// `-w` hides mcc's warnings, `-Werror` fails the compilation on one
/// (leaving no output), `-w` outranks `-Werror` and `-Wno-error` undoes it.
#[test]
fn warning_options_are_honoured() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[("w.c", "#warning careful\nint main(void) { return 0; }\n")],
    );
    for (flags, code, shown) in [
        (&[][..], 0, true),
        (&["-w"], 0, false),
        (&["-Werror"], 1, true),
        (&["-Werror", "-w"], 0, false),
        (&["-Werror", "-Wno-error"], 0, true),
    ] {
        let _ = std::fs::remove_file(dir.path().join("w.o"));
        let mut args = flags.to_vec();
        args.extend(["-c", "w.c", "-o", "w.o"]);
        let out = run(MCC, &args, dir.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{flags:?}: {stderr}");
        assert_eq!(
            stderr.contains("warning: #warning careful"),
            shown,
            "{flags:?}: {stderr}"
        );
        assert_eq!(dir.path().join("w.o").exists(), code == 0, "{flags:?}");
    }
}

/// `CPATH` adds directories as `-I` does (after them) and `C_INCLUDE_PATH`
/// as `-isystem` does; an object given without a link is reported unused.
#[test]
fn include_path_variables_and_unused_inputs() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("one/a.h", "#define FROM_CPATH 3\n"),
            ("extra.o", ""),
            ("two/b.h", "#define FROM_C_INCLUDE_PATH 4\n"),
            (
                "e.c",
                "#include <a.h>\n#include <b.h>\nint main(void) { return FROM_CPATH + FROM_C_INCLUDE_PATH; }\n",
            ),
        ],
    );
    run_ok_env(
        MCC,
        &["e.c", "-o", "e"],
        dir.path(),
        &[("CPATH", "one"), ("C_INCLUDE_PATH", "two")],
    );
    let ran = run(&dir.path().join("e").to_string_lossy(), &[], dir.path());
    assert_eq!(ran.status.code(), Some(7));
    let out = run(
        MCC,
        &["-c", "e.c", "-Ione", "-Itwo", "extra.o", "-o", "e.o"],
        dir.path(),
    );
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("extra.o: linker input file unused because linking not done")
    );
}

/// `docs/gcc-options.md` is the table, as generated (bless with
/// `MCC_BLESS=1` after changing the table).
#[test]
fn the_options_document_is_the_table() {
    let path = common::root().join("docs/gcc-options.md");
    let generated = mcc::driver::gcc::markdown();
    if std::env::var_os("MCC_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == generated,
        "{} is not the option table (re-bless with MCC_BLESS=1)",
        path.display()
    );
}

/// `-E -dM`: a `#define` line per macro defined at the end, as gcc writes
/// it: the same lines as gcc's, predefined macros included.
#[test]
fn dump_macros_as_gcc_does() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[(
            "m.h",
            "#define F(a, b) ((a) + (b))\n#define V(x, ...) f(x, __VA_ARGS__)\n#define E\n#define S  spaced   out\n#define GONE 1\n#undef GONE\n",
        )],
    );
    let lines = |program: &str| sorted_lines(&run_ok(program, &["-E", "-dM", "m.h"], dir.path()));
    let (ours, gcc) = (lines(MCC), lines("cc"));
    let user = |all: &[String]| -> Vec<String> {
        all.iter()
            .filter(|l| {
                ["F(", "V(", "E ", "S ", "GONE"]
                    .iter()
                    .any(|n| l[8..].starts_with(n))
            })
            .cloned()
            .collect()
    };
    assert_eq!(user(&ours), user(&gcc));
    assert_eq!(user(&ours).len(), 4);
    // The predefined ones too, `stdc-predef.h`'s included, but for the
    // instruction-set macros, which mcc leaves out for C (it has no vector
    // types; see `pp::predefined`).
    let gcc: Vec<String> = gcc
        .into_iter()
        .filter(|l| !common::is_vector_macro(l))
        .collect();
    assert_eq!(ours, gcc);
}

/// `--sysroot=DIR` (or `--sysroot DIR`): `<...>` headers come from
/// DIR/usr/include, not the host's.
#[test]
fn sysroot_moves_the_system_headers() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("root/usr/include/where.h", "#define WHERE 42\n"),
            (
                "s.c",
                "#include <where.h>\nint main(void) { return WHERE; }\n",
            ),
        ],
    );
    for spelled in [&["--sysroot=root"][..], &["--sysroot", "root"]] {
        let mut args = spelled.to_vec();
        args.extend(["-E", "-P", "s.c"]);
        let out = run(MCC, &args, dir.path());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("return 42;"));
    }
    let out = run(MCC, &["-E", "s.c"], dir.path());
    assert_eq!(out.status.code(), Some(1), "where.h is not on the host");
}
