//! The default path runs no external preprocessor: with a `cc` first on PATH
//! that refuses `-E` (and a `cpp` that always fails), mcc still compiles,
//! links and runs programs that use macros, conditionals and includes, while
//! `--preprocessor=external` (the control) fails. Nor does a `.S` file go to
//! `cc`: mcc preprocesses it and `as` assembles it.

use std::path::PathBuf;
use std::process::Command;

mod common;

use common::{
    MCC, build_and_check, c_files, control_compile_fails, fixtures_dir, run_ok_env, stand_in_path,
    write_tree,
};

/// The real `program` on PATH, before a stand-in shadows it.
fn real(program: &str) -> PathBuf {
    std::env::split_paths(&std::env::var_os("PATH").unwrap())
        .map(|d| d.join(program))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{program} on PATH"))
}

fn real_cc() -> PathBuf {
    real("cc")
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

#[test]
fn assembly_is_preprocessed_by_mcc_and_assembled_by_as() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("tools.log");
    // `cc` refuses to preprocess and to take assembly (how mcc once
    // handed it `.S` files) but still links; `as` is the real one, noted.
    let fake_cc = format!(
        "#!/bin/sh\nfor a in \"$@\"; do\n  case \"$a\" in -E|*.S|*.s) echo 'fake cc: must not preprocess or assemble' >&2; echo \"cc $*\" >> '{log}'; exit 1;; esac\ndone\nexec '{cc}' \"$@\"\n",
        log = log.display(),
        cc = real_cc().display()
    );
    let fake_cpp = format!(
        "#!/bin/sh\necho 'fake cpp: must not run' >&2\necho cpp >> '{}'\nexit 1\n",
        log.display()
    );
    let noted_as = format!(
        "#!/bin/sh\necho \"as $*\" >> '{}'\nexec '{}' \"$@\"\n",
        log.display(),
        real("as").display()
    );
    let path = stand_in_path(
        dir.path(),
        &[("cc", &fake_cc), ("cpp", &fake_cpp), ("as", &noted_as)],
    );
    write_tree(
        dir.path(),
        &[
            (
                "inc/defs.h",
                "#ifdef __ASSEMBLER__\n#define GLOBAL(name) .globl name; name:\n#else\nint add3(int a, int b, int c);\n#endif\n",
            ),
            (
                "f.S",
                "#include \"defs.h\"\n# add3(a, b, c): a + b + c + X\n\t.text\nGLOBAL(add3)\n\tlea (%rdi,%rsi), %eax\n\tadd %edx, %eax\n\tadd $X, %eax\n\tret\n\t.section .note.GNU-stack,\"\",@progbits\n",
            ),
            (
                "main.c",
                "#include \"defs.h\"\nint main(void) { return add3(1, 2, 3); }\n",
            ),
        ],
    );
    let mcc = |args: &[&str]| run_ok_env(MCC, args, dir.path(), &[("PATH", &path)]);
    mcc(&["-c", "f.S", "-Iinc", "-DX=4"]);
    assert!(dir.path().join("f.o").exists());
    mcc(&["main.c", "f.S", "-Iinc", "-DX=4", "-o", "prog"]);
    let ran = Command::new(dir.path().join("prog")).status().unwrap();
    assert_eq!(ran.code(), Some(1 + 2 + 3 + 4));
    let log_text = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        !log_text.lines().any(|l| l.starts_with("cc ") || l == "cpp"),
        "{log_text}"
    );
    assert_eq!(
        log_text.lines().filter(|l| l.starts_with("as ")).count(),
        2,
        "{log_text}"
    );

    // Control: the stand-in refuses what mcc used to ask of it.
    control_compile_fails(
        &path,
        "--preprocessor=external",
        &dir.path().join("f.S"),
        &dir.path().join("x.o"),
        "fake cc: must not preprocess or assemble",
    );
}
