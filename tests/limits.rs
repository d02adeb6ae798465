//! Pathological inputs get an answer, never a crash: exit 0 or a located
//! diagnostic with exit 1, in bounded time. The inputs are generated here
//! (they are megabytes), at the sizes the robustness issue names and
//! beyond.

use std::time::{Duration, Instant};

mod common;

use common::{MCC, run};

/// Compiles `source` with `-c` and returns the exit code and stderr.
fn compile(name: &str, source: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), source).unwrap();
    let started = Instant::now();
    let out = run(MCC, &["-c", name, "-o", "out.o"], dir.path());
    // Generous for unoptimised test builds; release builds take well under 2 s.
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{name} took {:?}",
        started.elapsed()
    );
    let code = out
        .status
        .code()
        .unwrap_or_else(|| panic!("{name}: killed by a signal"));
    (code, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn assert_rejected(name: &str, source: &str, message: &str) {
    let (code, stderr) = compile(name, source);
    assert_eq!(code, 1, "{name}: {stderr}");
    assert!(
        stderr.contains(&format!("{name}:1:")) && stderr.contains(message),
        "{name}: {stderr}"
    );
}

/// `inner` inside `n` levels of `open` ... `close`.
fn nested(open: &str, close: &str, n: usize, inner: &str) -> String {
    format!("{}{inner}{}", open.repeat(n), close.repeat(n))
}

/// A `main` returning `x op x op ...`, with `n` terms.
fn chain(op: &str, n: usize) -> String {
    let terms = vec!["x"; n].join(&format!(" {op} "));
    format!("int main(void) {{ int x = 1; return {terms}; }}\n")
}

#[test]
fn hundred_thousand_parentheses() {
    let source = format!(
        "int main(void) {{ return {}; }}\n",
        nested("(", ")", 100_000, "1")
    );
    assert_rejected("parens.c", &source, "nesting too deep");
}

#[test]
fn fifty_thousand_nested_blocks() {
    let source = format!("int main(void) {}\n", nested("{", "}", 50_000, "return 1;"));
    assert_rejected("blocks.c", &source, "nesting too deep");
}

#[test]
fn megabyte_identifier() {
    let name = "v".repeat(1 << 20);
    let source = format!("int {name} = 7;\nint main(void) {{ return {name}; }}\n");
    assert_eq!(compile("ident.c", &source).0, 0);
}

#[test]
fn two_hundred_thousand_terms() {
    assert_eq!(compile("terms.c", &chain("+", 200_000)).0, 0);
}

#[test]
fn a_chain_beyond_the_limit_is_a_diagnostic_not_a_stack_overflow() {
    assert_rejected("chain.c", &chain("-", 400_000), "expression too complex");
}
