//! Back ends over the final assembly IR: `att` prints AT&T text, `encode`
//! turns the same IR into bytes and relocations, `elf` writes them as an
//! object file, and `crosscheck` compares two object files; `unwind`
//! describes each function's frame for both (`.cfi_*`, `.eh_frame`).

pub mod att;
pub mod crosscheck;
pub mod debug;
pub mod elf;
pub mod encode;
pub mod macho;
pub mod unwind;
pub mod x86;
