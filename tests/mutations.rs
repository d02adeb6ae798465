//! Robustness: thousands of deterministic mutations of our fixtures (byte
//! flips, deletions, insertions, truncations, splices of two programs) go
//! through the whole compiler in-process, both back ends included. Each must
//! end in success or a diagnostic: never a panic, never more than a few
//! seconds. `MCC_MUTANTS=N` and `MCC_MUTATION_SEED=S` run a longer or
//! another campaign (CI runs the default one).

use std::time::{Duration, Instant};

mod common;

use common::{Rng, c_files, fixtures_dir};
use mcc::opt::Optimizations;
use mcc::target::Target;
use mcc::{Emit, Options, Stage};

/// Every fixture, `.gcc.c` helpers included: all of it is C to mutate.
fn sources() -> Vec<Vec<u8>> {
    c_files(&fixtures_dir(), true)
        .iter()
        .map(|f| std::fs::read(f).unwrap())
        .collect()
}

/// Bytes that make mutations interesting to a C front end.
const ALPHABET: &[u8] = b"(){};,=+-*/%<>!~&|^?:0123456789xyzint return if else while for do goto switch case default break continue static extern\n\t\"'#@\\\x00\xff";

fn mutate(rng: &mut Rng, base: &[u8], other: &[u8]) -> Vec<u8> {
    let mut s = base.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(s.len() + 1);
        match rng.below(6) {
            0 if !s.is_empty() => {
                let i = at.min(s.len() - 1);
                s[i] = ALPHABET[rng.below(ALPHABET.len())];
            }
            1 if !s.is_empty() => {
                let end = (at + 1 + rng.below(8)).min(s.len());
                s.drain(at.min(end)..end);
            }
            2 => s.insert(at, ALPHABET[rng.below(ALPHABET.len())]),
            3 => s.truncate(at),
            4 => {
                let from = rng.below(other.len());
                let len = rng.below(64).min(other.len() - from);
                s.splice(at..at, other[from..from + len].iter().copied());
            }
            _ => {
                // Duplicate a slice: repeated tokens, nesting, declarations.
                let end = (at + rng.below(32)).min(s.len());
                let piece = s[at.min(end)..end].to_vec();
                s.splice(at..at, piece);
            }
        }
    }
    s
}

/// Whether the report's first line is `FILE:LINE:COL: error|warning: ...`
/// (FILE is `mutant.c` unless a mutant's `#line` renamed it).
fn is_located(report: &str) -> bool {
    // An error in a header is preceded by its include chain, as in gcc.
    let first = report
        .lines()
        .find(|l| {
            !l.starts_with("In file included from") && !l.starts_with("                 from")
        })
        .unwrap_or("");
    let mut parts = first.splitn(4, ':');
    let (Some(file), Some(line), Some(col), Some(rest)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let number = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    !file.is_empty()
        && file != "<built-in>"
        && number(line)
        && number(col)
        && (rest.starts_with(" error: ") || rest.starts_with(" warning: "))
}

#[test]
fn mutated_programs_never_crash_or_hang() {
    let sources = sources();
    let opts = Options {
        stop_after: Stage::Emit,
        emit: Emit::Both,
        dump: None,
        target: Target::LINUX,
        color: false,
        pp: Default::default(),
        optimize: Default::default(),
        pic: false,
        back_end_thread: true,
        unwind_tables: true,
        // Debug information for every mutant that compiles.
        debug: Some("/mcc-mutants".into()),
    };
    // Mach-O with every optimisation: the mutants go through both paths.
    let darwin = Options {
        target: Target::from_triple("x86_64-apple-darwin").unwrap(),
        emit: Emit::Object,
        optimize: Optimizations::ALL,
        ..opts.clone()
    };
    let setting = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let mut rng = Rng(setting("MCC_MUTATION_SEED", 0x6d63_635f_6675_7a7a));
    let (mut accepted, mut rejected) = (0, 0);
    let count = setting("MCC_MUTANTS", 4000);
    for i in 0..count {
        let base = &sources[rng.below(sources.len())];
        let other = &sources[rng.below(sources.len())];
        let input = mutate(&mut rng, base, other);
        let text = String::from_utf8_lossy(&input).into_owned();
        let started = Instant::now();
        let o = if i % 4 == 0 { &darwin } else { &opts };
        let result = std::panic::catch_unwind(|| mcc::compile(&text, "mutant.c", o));
        match result {
            Ok(Ok(_)) => accepted += 1,
            Ok(Err(diagnostic)) => {
                assert!(
                    is_located(&diagnostic),
                    "diagnostic without a location: {diagnostic}"
                );
                rejected += 1;
            }
            Err(_) => panic!("mutant {i} panicked; input:\n{text}"),
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "mutant {i} took {:?}",
            started.elapsed()
        );
    }
    println!("{count} mutants: {accepted} compiled, {rejected} rejected");
    assert!(
        accepted > 100 && rejected > 1000,
        "{accepted} compiled, {rejected} rejected"
    );
}
