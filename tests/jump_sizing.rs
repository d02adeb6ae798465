//! Jump sizing at the boundaries of the rel8 form (shared docs
//! x86-encoding-and-objects.md, section 3): +127 forward is short, +128 near;
//! -128 backward is short, -129 near; chains whose sizes depend on each other
//! settle on the least fixed point. Each case asserts the expected sizes, and
//! is also assembled from its AT&T text by GNU `as` and compared.

use mcc::backend::{att, crosscheck, elf, encode};
use mcc::diag::Span;
use mcc::intern::Interner;
use mcc::ir::Label;
use mcc::ir::asm::{CondCode, Function, Instr, Operand, Program, Reg, TopLevel};
use mcc::ir::tacky::Sourced;
use mcc::target::{Section, Target};

mod common;

/// A piece of a test function: `n` one-byte fillers (`pushq %rax`), a
/// label, or a jump to a label.
enum Piece {
    Fill(usize),
    At(u32),
    Jmp(u32),
    Jcc(u32),
}

fn program(pieces: &[Piece], interner: &mut Interner) -> Program {
    let mut instrs = Vec::new();
    for p in pieces {
        match *p {
            Piece::Fill(n) => instrs.extend((0..n).map(|_| Instr::Push(Operand::Reg(Reg::Ax)))),
            Piece::At(l) => instrs.push(Instr::Label(Label(l))),
            Piece::Jmp(l) => instrs.push(Instr::Jmp(Label(l))),
            Piece::Jcc(l) => instrs.push(Instr::JmpCC(CondCode::Ne, Label(l))),
        }
    }
    instrs.push(Instr::Ret);
    let instrs = instrs
        .into_iter()
        .map(|item| Sourced {
            item,
            span: Span::default(),
        })
        .collect();
    Program {
        got_base: None,
        items: vec![TopLevel::Function(Function {
            name: interner.intern("f"),
            global: true,
            section: None,
            span: Default::default(),
            align: None,
            frame: Default::default(),
            dynamic_stack: false,
            debug_vars: Vec::new(),
            returns: Default::default(),
            address_taken: Vec::new(),
            instrs,
        })],
        constants: Vec::new(),
    }
}

/// Encodes the program, checks `.text` has `expected_len` bytes, and checks
/// GNU `as` makes the same object from the rendered text.
fn check(pieces: &[Piece], expected_len: usize) -> Vec<u8> {
    let mut interner = Interner::new();
    let prog = program(pieces, &mut interner);
    let code = encode::encode_program(&prog, &interner, &Target::LINUX);
    assert_eq!(
        code.section(Section::Text).unwrap().bytes.len(),
        expected_len,
        "text size"
    );
    let bytes = code.section(Section::Text).unwrap().bytes.clone();
    let ours = elf::write_elf(code);
    let dir = tempfile::tempdir().unwrap();
    let text = att::render_program(&prog, &interner, &Target::LINUX);
    let theirs = common::assemble(&Target::LINUX, dir.path(), "t", &text);
    if let Err(report) = crosscheck::compare_objects(&ours, &theirs) {
        panic!("differs from GNU as:\n{report}");
    }
    bytes
}

use Piece::*;

#[test]
fn forward_127_is_short() {
    let text = check(&[Jmp(1), Fill(127), At(1)], 2 + 127 + 1);
    assert_eq!(text[..2], [0xeb, 0x7f]);
}

#[test]
fn forward_128_is_near() {
    let text = check(&[Jmp(1), Fill(128), At(1)], 5 + 128 + 1);
    assert_eq!(text[..5], [0xe9, 0x80, 0, 0, 0]);
}

#[test]
fn conditional_forward_boundary() {
    check(&[Jcc(1), Fill(127), At(1)], 2 + 127 + 1);
    let text = check(&[Jcc(1), Fill(128), At(1)], 6 + 128 + 1);
    assert_eq!(text[..6], [0x0f, 0x85, 0x80, 0, 0, 0]);
}

#[test]
fn backward_minus_128_is_short() {
    // The displacement counts from the end of the 2-byte jump: -(126 + 2).
    let text = check(&[At(1), Fill(126), Jmp(1)], 126 + 2 + 1);
    assert_eq!(text[126..128], [0xeb, 0x80]);
}

#[test]
fn backward_minus_129_is_near() {
    check(&[At(1), Fill(127), Jmp(1)], 127 + 5 + 1);
    check(&[At(1), Fill(127), Jcc(1)], 127 + 6 + 1);
    check(&[At(1), Fill(126), Jcc(1)], 126 + 2 + 1);
}

#[test]
fn growth_cascades_through_a_chain() {
    // The second jump cannot be short; once it grows, the first no longer fits either.
    check(
        &[Jmp(1), Jmp(2), Fill(124), At(1), Fill(10), At(2)],
        5 + 5 + 124 + 10 + 1,
    );
    // Without the cascade both stay short.
    check(
        &[Jmp(1), Jmp(2), Fill(124), At(1), Fill(2), At(2)],
        2 + 2 + 124 + 2 + 1,
    );
}

#[test]
fn crossing_pair_stays_short() {
    // Each fits only if the other is short: the least fixed point keeps both short.
    check(&[At(2), Jmp(1), Fill(123), Jmp(2), At(1)], 2 + 123 + 2 + 1);
}

#[test]
fn jump_to_the_next_instruction() {
    check(&[Jmp(1), At(1)], 2 + 1);
}
