//! Diagnostics from preprocessed code point where gcc's do: into the header
//! with an "In file included from" chain, into a macro's definition with an
//! "in expansion of macro" note at each use, and through `#line`.

mod common;

use common::{MCC, run, write_tree};

/// Writes `files` into a scratch directory, compiles the first with `-c`,
/// and returns the exit code and stderr.
fn compile(files: &[(&str, &str)]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), files);
    let out = run(MCC, &["-c", files[0].0], dir.path());
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn error_in_a_header_shows_the_include_chain() {
    let (code, stderr) = compile(&[
        (
            "main.c",
            "int a;\n#include \"outer.h\"\nint main(void) { return 0; }\n",
        ),
        ("outer.h", "\n#include \"inner.h\"\n"),
        ("inner.h", "int f(void) {\n    return y;\n}\n"),
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "In file included from outer.h:2,\n                 from main.c:2:\ninner.h:2:12: error: use of undeclared identifier 'y'\n    2 |     return y;\n      |            ^\n"
    );
}

#[test]
fn error_in_a_macro_body_notes_each_expansion() {
    let (code, stderr) = compile(&[(
        "m.c",
        "#define INNER (missing + 1)\n#define OUTER(x) (x * INNER)\nint main(void) {\n    return OUTER(2);\n}\n",
    )]);
    assert_eq!(code, 1);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[0],
        "m.c:1:16: error: use of undeclared identifier 'missing'"
    );
    assert!(
        stderr.contains("m.c:2:23: note: in expansion of macro 'INNER'"),
        "{stderr}"
    );
    assert!(
        stderr.contains("m.c:4:12: note: in expansion of macro 'OUTER'"),
        "{stderr}"
    );
}

#[test]
fn error_in_a_macro_argument_is_at_the_argument() {
    let (code, stderr) = compile(&[(
        "a.c",
        "#define TWICE(x) ((x) + (x))\nint main(void) {\n    return TWICE(nope);\n}\n",
    )]);
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("a.c:3:18: error: use of undeclared identifier 'nope'"),
        "{stderr}"
    );
}

#[test]
fn line_directive_renames_and_renumbers() {
    let (code, stderr) = compile(&[(
        "l.c",
        "#line 100 \"generated.y\"\nint main(void) {\n    return z;\n}\n",
    )]);
    assert_eq!(code, 1);
    assert!(stderr.starts_with("generated.y:101:12: error:"), "{stderr}");
}

#[test]
fn warnings_do_not_stop_compilation() {
    let (code, stderr) = compile(&[(
        "w.c",
        "#warning \"check this\"\n#define A 1\n#define A 2\nint main(void) { return A; }\n",
    )]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("w.c:1:2: warning: #warning \"check this\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("w.c:3:9: warning: \"A\" redefined"),
        "{stderr}"
    );
}

/// As in gcc, `__VA_OPT__` outside a variadic macro is an ordinary name
/// with a warning, not an error.
#[test]
fn va_opt_outside_a_variadic_macro_warns() {
    let (code, stderr) = compile(&[(
        "v.c",
        "#define F(x) (x + __VA_OPT__)\nint __VA_OPT__ = 4;\nint main(void) { return F(1); }\n",
    )]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(
            "v.c:1:19: warning: __VA_OPT__ can only appear in the expansion of a C++20 variadic macro"
        ),
        "{stderr}"
    );
}

/// `#line` past 2147483647 is a warning, and the number is read modulo
/// 2^32, as gcc reads it; diagnostics after it show the long line number
/// with a gutter to match.
#[test]
fn line_number_out_of_range_warns_and_wraps() {
    let (code, stderr) = compile(&[("l.c", "#line 99999999999\nint main(void) { return x; }\n")]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("l.c:1:7: warning: line number out of range"),
        "{stderr}"
    );
    // 99999999999 mod 2^32 = 1215752191.
    assert!(
        stderr.contains(
            "l.c:1215752191:25: error: use of undeclared identifier 'x'\n1215752191 | int main(void) { return x; }\n           |                         ^"
        ),
        "{stderr}"
    );
}
