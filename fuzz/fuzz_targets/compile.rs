//! Fuzz target: any bytes, as a preprocessed translation unit, through the
//! whole compiler in memory — lexer, parser, sema, TACKY, codegen, the AT&T
//! renderer, the encoder and both object writers. Success and diagnostics
//! are both fine; a panic, a hang or a crash is a bug.

#![no_main]

use libfuzzer_sys::fuzz_target;
use mcc::target::Target;
use mcc::{Emit, Options, Stage};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let elf = Options { stop_after: Stage::Emit, emit: Emit::Both, dump: None, target: Target::LINUX, color: false, pp: Default::default(), optimize: Default::default(), pic: false, back_end_thread: true, unwind_tables: true, debug: None };
    let _ = mcc::compile(text.as_ref(), "fuzz.c", &elf);
    let darwin = Target::from_triple("x86_64-apple-darwin").expect("known triple");
    let macho = Options { target: darwin, emit: Emit::Object, optimize: mcc::opt::Optimizations::ALL, ..elf };
    let _ = mcc::compile(text.as_ref(), "fuzz.c", &macho);
});
