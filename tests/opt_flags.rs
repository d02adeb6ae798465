//! The optimisation options as gcc and the book's runner spell them: each of
//! the book's four flags selects its pass, `-O1` and up (`-O`, `-Os`, `-Og`,
//! `-Oz`, `-Ofast`, any number) select all four, the last `-O` wins, and a
//! malformed level is a command-line error (exit 2).

use std::path::Path;

mod common;

use common::{MCC, run, write_tree};

/// `x` is a copy of 2, `2 + 3` folds, the branch on 0 is dead, `y` is never
/// read: each pass leaves its own mark on the TACKY.
const PROGRAM: &str = "int main(void) {\n    int x = 2;\n    int y = x;\n    if (0) return 9;\n    return x + 3;\n}\n";

fn tacky(dir: &Path, flags: &[&str]) -> String {
    let mut args = flags.to_vec();
    args.extend(["--tacky", "--dump=tacky", "prog.c"]);
    let out = run(MCC, &args, dir);
    assert!(
        out.status.success(),
        "mcc {flags:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn levels_and_book_flags_select_the_passes() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("prog.c", PROGRAM)]);
    let none = tacky(dir.path(), &[]);
    assert!(
        none.contains("jump") && none.contains("y.2 = x.1"),
        "{none}"
    );
    for flags in [
        &["-O"][..],
        &["-O2"],
        &["-O3"],
        &["-Os"],
        &["-Og"],
        &["-Oz"],
        &["-Ofast"],
        &["-O0", "-O1"],
        &["--optimize"],
    ] {
        let all = tacky(dir.path(), flags);
        assert_eq!(
            all, "global function main() {\n    return 5\n}\n\n",
            "{flags:?}"
        );
    }
    for flags in [&["-O2", "-O0"][..], &["-O00"], &["-O3", "-O", "-O0"]] {
        assert_eq!(tacky(dir.path(), flags), none, "{flags:?}");
    }
    // Folding alone: the branch on 0 becomes an unconditional jump over
    // the dead return, which stays.
    let folded = tacky(dir.path(), &["--fold-constants"]);
    assert_ne!(folded, none);
    assert!(
        folded.contains("return 9") && !folded.contains("if "),
        "{folded}"
    );
    // With unreachable-code elimination after it, the dead return goes.
    let unreachable = tacky(
        dir.path(),
        &["--fold-constants", "--eliminate-unreachable-code"],
    );
    assert!(!unreachable.contains("return 9"), "{unreachable}");
    // A book flag adds to -O0.
    assert_eq!(tacky(dir.path(), &["-O0", "--fold-constants"]), folded);
}

#[test]
fn malformed_levels_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("prog.c", PROGRAM)]);
    for bad in ["-Ox", "-O-1", "-O2x"] {
        let out = run(MCC, &[bad, "-c", "prog.c"], dir.path());
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(bad), "{bad}: {err}");
    }
}
