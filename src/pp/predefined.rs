//! The macros a C compiler predefines for the target, as `#define` lines of
//! the preprocessor's `<built-in>` file.
//!
//! Takes the target; returns the text. The tables are facts about each
//! target's ABI and its usual compiler, one `NAME VALUE` per line:
//! `predefined/linux.txt` is what gcc 12 (Debian, x86-64, `-std=gnu17`, no
//! optimisation) predefines, less the macros glibc's `stdc-predef.h` defines
//! itself (included implicitly, as gcc does); `predefined/darwin.txt` is
//! clang 15's set for `x86_64-apple-macosx11.0.0`. Headers test these to pick
//! their branches, so matching the system compiler keeps them working.

use crate::target::Target;

const LINUX: &str = include_str!("predefined/linux.txt");
const DARWIN: &str = include_str!("predefined/darwin.txt");

/// The `<built-in>` file for `target`.
pub fn definitions(target: &Target) -> String {
    let table = if target.is_linux() { LINUX } else { DARWIN };
    let mut text = String::with_capacity(table.len() * 2);
    for line in table.lines().filter(|l| !l.trim().is_empty()) {
        text.push_str("#define ");
        text.push_str(line);
        text.push('\n');
    }
    text
}
