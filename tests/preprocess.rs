//! The built-in preprocessor against the system's: for every fixture under
//! `fixtures/preprocess/` and for a program including the common system
//! headers, `mcc -E -P` and `cc -E -P` must give the same token sequence
//! (white space and line breaks aside; `#pragma` lines, which gcc spells its
//! own way, are left out on both sides). Also: the include search list is
//! the one `cc` reports, and `-E` output with line markers lexes to the same
//! tokens as without. Assembly with C preprocessing (the `.S` fixtures) is
//! compared line by line, `#` lines included: there a line is a statement
//! and `#` starts a comment.

use std::path::Path;

mod common;

use common::{MCC, c_files, directive, files_under, fixtures_dir, root, run, run_ok, write_tree};
use mcc::intern::Interner;
use mcc::ir::token::PpKind;
use mcc::pp::lexer::Lexer;

/// The include directories the preprocess fixtures are compiled with
/// (relative to the crate root).
const FIXTURE_INCLUDES: [&str; 4] = [
    "-I",
    "fixtures/preprocess/include",
    "-I",
    "fixtures/preprocess/include2",
];

/// The tokens of preprocessed text, as spellings; `#pragma` and line-marker
/// lines are dropped.
fn tokens(text: &str) -> Vec<String> {
    let kept: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(|l| [l, "\n"])
        .collect();
    let mut interner = Interner::new();
    let mut lexer = Lexer::new(kept.into(), 0);
    let mut out = Vec::new();
    loop {
        let t = lexer.next(&mut interner);
        assert!(lexer.take_error().is_none(), "preprocessed text lexes");
        if t.kind == PpKind::Eof {
            return out;
        }
        out.push(t.spelling(&interner).to_string());
    }
}

/// The standard output of `program args` run in `dir`, or why it failed.
fn try_stdout(program: &str, args: &[&str], dir: &Path) -> Result<String, String> {
    let out = run(program, args, dir);
    if !out.status.success() {
        return Err(format!(
            "{program} {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The first difference between the two token sequences, with context.
fn compare(ours: &[String], theirs: &[String]) -> Result<(), String> {
    let at = ours.iter().zip(theirs).position(|(a, b)| a != b);
    let at = match at {
        Some(i) => i,
        None if ours.len() == theirs.len() => return Ok(()),
        None => ours.len().min(theirs.len()),
    };
    let window = |t: &[String]| t[at.saturating_sub(8)..(at + 8).min(t.len())].join(" ");
    Err(format!(
        "token {at} differs ({} vs {} tokens)\n  mcc: {}\n  cc:  {}",
        ours.len(),
        theirs.len(),
        window(ours),
        window(theirs)
    ))
}

/// The standard output of `program args` run in `dir`, which must succeed.
fn stdout(program: &str, args: &[&str], dir: &Path) -> String {
    String::from_utf8_lossy(&run_ok(program, args, dir).stdout).into_owned()
}

fn compare_with_cc(file: &str, extra: &[&str], dir: &Path) -> Result<(), String> {
    let mut args = vec!["-E", "-P"];
    args.extend_from_slice(extra);
    args.push(file);
    let ours = try_stdout(MCC, &args, dir)?;
    let theirs = try_stdout("cc", &args, dir)?;
    compare(&tokens(&ours), &tokens(&theirs))
}

#[test]
fn fixtures_match_cc() {
    let root = root();
    let files = c_files(&fixtures_dir().join("preprocess"), false);
    assert!(files.len() >= 40, "preprocess fixtures missing");
    let mut failures = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap();
        let flags: Vec<&str> = directive(&source, "flags")
            .map(|f| f.split_whitespace().collect())
            .unwrap_or_default();
        let mut args = FIXTURE_INCLUDES.to_vec();
        args.extend(flags);
        let rel = file.strip_prefix(&root).unwrap().to_str().unwrap();
        if let Err(why) = compare_with_cc(rel, &args, &root) {
            failures.push(format!("{rel}: {why}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures differ from cc -E -P:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

/// The lines of preprocessed assembly that hold tokens, each as its
/// tokens, lexed as assembly is (no digraphs, no `u8` prefixes).
fn assembly_lines(text: &str) -> Vec<Vec<String>> {
    let mut interner = Interner::new();
    let mut lines = Vec::new();
    for line in text.lines() {
        let mut lexer = Lexer::new(line.to_string().into(), 0).for_assembler(true);
        let mut tokens = Vec::new();
        loop {
            let t = lexer.next(&mut interner);
            assert!(lexer.take_error().is_none(), "preprocessed text lexes");
            if t.kind == PpKind::Eof {
                break;
            }
            tokens.push(t.spelling(&interner).to_string());
        }
        if !tokens.is_empty() {
            lines.push(tokens);
        }
    }
    lines
}

#[test]
fn assembly_fixtures_match_cc() {
    let root = root();
    let files: Vec<_> = files_under(&fixtures_dir().join("preprocess"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "S"))
        .collect();
    assert!(files.len() >= 4, "assembly fixtures missing");
    let mut failures = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap();
        let rel = file.strip_prefix(&root).unwrap().to_str().unwrap();
        let mut args = vec!["-E", "-P"];
        args.extend(FIXTURE_INCLUDES);
        args.extend(directive(&source, "flags").unwrap_or("").split_whitespace());
        args.push(rel);
        let lines = |program: &str| try_stdout(program, &args, &root).map(|t| assembly_lines(&t));
        let (ours, theirs) = match (lines(MCC), lines("cc")) {
            (Ok(ours), Ok(theirs)) => (ours, theirs),
            (Err(why), _) | (_, Err(why)) => {
                failures.push(format!("{rel}: {why}"));
                continue;
            }
        };
        if let Some(at) = (0..ours.len().max(theirs.len())).find(|&i| ours.get(i) != theirs.get(i))
        {
            failures.push(format!(
                "{rel}: line {} of the output differs\n  mcc: {:?}\n  cc:  {:?}",
                at + 1,
                ours.get(at),
                theirs.get(at)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Headers a C program commonly includes.
const SYSTEM_HEADERS: &[&str] = &[
    "stdio.h", "stdlib.h", "string.h", "stddef.h", "stdint.h", "limits.h", "errno.h", "ctype.h",
    "math.h",
];

#[test]
fn system_headers_match_cc() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for header in SYSTEM_HEADERS {
        let file = dir.path().join("prog.c");
        std::fs::write(
            &file,
            format!("#include <{header}>\nint main(void) {{ return 0; }}\n"),
        )
        .unwrap();
        if let Err(why) = compare_with_cc("prog.c", &[], dir.path()) {
            failures.push(format!("<{header}>: {why}"));
        }
    }
    let all: String = SYSTEM_HEADERS
        .iter()
        .map(|h| format!("#include <{h}>\n"))
        .collect();
    std::fs::write(dir.path().join("all.c"), all).unwrap();
    if let Err(why) = compare_with_cc("all.c", &[], dir.path()) {
        failures.push(format!("all together: {why}"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn search_list_is_ccs() {
    let out = run("cc", &["-E", "-v", "-x", "c", "/dev/null"], &root());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let theirs: Vec<&str> = stderr
        .lines()
        .skip_while(|l| !l.starts_with("#include <...> search starts here:"))
        .skip(1)
        .take_while(|l| !l.starts_with("End of search list."))
        .map(str::trim)
        .collect();
    let ours = mcc::pp::search::system_dirs(&mcc::target::Target::LINUX, None);
    let ours: Vec<String> = ours.iter().map(|p| p.display().to_string()).collect();
    assert_eq!(ours, theirs);
}

#[test]
fn line_markers_change_no_tokens() {
    let root = root();
    for name in [
        "include_next.c",
        "line_directive.c",
        "conditional_nesting.c",
    ] {
        let file = format!("fixtures/preprocess/{name}");
        let with: Vec<&str> = FIXTURE_INCLUDES
            .into_iter()
            .chain(["-E", file.as_str()])
            .collect();
        let without: Vec<&str> = FIXTURE_INCLUDES
            .into_iter()
            .chain(["-E", "-P", file.as_str()])
            .collect();
        let marked = stdout(MCC, &with, &root);
        assert!(marked.starts_with("# 1 \""), "{name}: no first line marker");
        let plain = stdout(MCC, &without, &root);
        assert_eq!(tokens(&marked), tokens(&plain), "{name}");
    }
}

/// `-E` names every file it enters and returns to, as `cc -E` does, even a
/// header that yields no tokens (ccache finds a unit's headers from these
/// markers). gcc's `# 0` lines for `<built-in>` and `<command-line>` have no
/// counterpart; mcc starts with `# 1 "main.c"` instead.
#[test]
fn line_markers_name_every_file_entered() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (
                "main.c",
                "#include \"m.h\"\nint x;\n#include \"empty.h\"\n\nint y;\n",
            ),
            ("m.h", "#define M 1\n#include \"n.h\"\n"),
            ("n.h", "#define N 1\n"),
            ("empty.h", ""),
        ],
    );
    let markers = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("# ") && !l.starts_with("# 0 "))
            .map(str::to_string)
            .collect()
    };
    let theirs = markers(&stdout("cc", &["-E", "main.c"], dir.path()));
    let ours = markers(&stdout(MCC, &["-E", "main.c"], dir.path()));
    assert_eq!(ours[0], "# 1 \"main.c\"");
    assert_eq!(ours[1..], theirs[..], "ours: {ours:#?}");
    for header in ["m.h", "n.h", "empty.h"] {
        assert!(ours.contains(&format!("# 1 \"{header}\" 1")), "{header}");
    }
}

/// `-iquote`, `-isystem`, `-idirafter`, `-include` and `-nostdinc` search
/// as gcc's do: the same headers are found (so the same tokens come out),
/// and the same files are listed as system headers or not (`-MM`).
#[test]
fn search_path_options_match_cc() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("q/h.h", "#define FROM 'q'\n"),
            ("s/h.h", "#define ANGLED_FROM 's'\n"),
            ("s/only_s.h", "#define S_ONLY 1\n"),
            ("a/h.h", "#define LATE 'a'\n"),
            ("a/late.h", "#define LATE_ONLY 1\n"),
            ("i/forced.h", "#define FORCED 7\n"),
            (
                "p.c",
                "#include \"h.h\"\n#include <h.h>\n#include <late.h>\n#include \"only_s.h\"\nFROM ANGLED_FROM LATE_ONLY S_ONLY FORCED\n",
            ),
        ],
    );
    let cases: &[&[&str]] = &[
        &[
            "-iquote",
            "q",
            "-isystem",
            "s",
            "-idirafter",
            "a",
            "-include",
            "i/forced.h",
        ],
        &[
            "-isystem",
            "s",
            "-iquote",
            "q",
            "-idirafter",
            "a",
            "-includei/forced.h",
        ],
        &[
            "-Iq",
            "-isystems",
            "-idirafter",
            "a",
            "-include",
            "i/forced.h",
        ],
        &[
            "-nostdinc",
            "-iquote",
            "q",
            "-isystem",
            "s",
            "-idirafter",
            "a",
        ],
    ];
    for args in cases {
        for mode in [&["-E", "-P"][..], &["-MM"]] {
            let all: Vec<&str> = args.iter().chain(mode).chain(&["p.c"]).copied().collect();
            let theirs = stdout("cc", &all, dir.path());
            let ours = stdout(MCC, &all, dir.path());
            if mode == ["-MM"] {
                assert_eq!(ours, theirs, "mcc {all:?}");
            } else {
                assert_eq!(tokens(&ours), tokens(&theirs), "mcc {all:?}");
            }
        }
    }
}

/// `-std=` sets `__STDC_VERSION__` and strictness as gcc 12 does.
#[test]
fn std_option_sets_the_predefined_macros_cc_sets() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("v.c"),
        "version __STDC_VERSION__ strict __STRICT_ANSI__ linux unix \
         __GNUC_STDC_INLINE__ __GNUC_GNU_INLINE__ __STDC_UTF_16__\n",
    )
    .unwrap();
    for std in [
        "c89",
        "c90",
        "gnu89",
        "iso9899:199409",
        "c99",
        "gnu99",
        "c11",
        "gnu11",
        "c17",
        "gnu17",
        "c18",
        "c2x",
        "gnu2x",
        "iso9899:2011",
    ] {
        let option = format!("-std={std}");
        let args = [option.as_str(), "-E", "-P", "v.c"];
        let theirs = stdout("cc", &args, dir.path());
        let ours = stdout(MCC, &args, dir.path());
        assert_eq!(tokens(&ours), tokens(&theirs), "{option}");
    }
}
