//! Frame layout: gives every pseudo-register a home (book chapters 2, 10-15).
//!
//! Takes a function over pseudo-registers and the [`AsmSymbols`] selection
//! built; replaces each pseudo-register (and each byte of an aggregate,
//! [`Operand::PseudoMem`]) that names a static-storage object or a string
//! literal with a RIP-relative data operand, and every other one with its
//! own `%rbp`-relative stack slot, aligned as its asm type asks (arrays of
//! 16 bytes or more to 16, ABI 3.1.2). Returns the
//! [`Frame`], whose size is rounded up so that, with the callee-saved
//! registers register allocation pushes after it, `%rsp` stays 16-aligned
//! for calls (ABI 3.2.2).

use rustc_hash::FxHashMap as HashMap;

use crate::intern::Sym;
use crate::ir::asm::{AsmSymbols, Frame, Function, Home, Operand, Reg};

pub fn lay_out_frame(f: &mut Function, symbols: &AsmSymbols, callee_saved: Vec<Reg>) -> Frame {
    // Each variable's home at offset 0, decided at its first occurrence.
    let mut homes: HashMap<Sym, Operand> = HashMap::default();
    let mut size: u32 = 0;
    for instr in &mut f.instrs {
        for op in instr.item.operands_mut().into_iter().flatten() {
            let (name, offset) = match *op {
                Operand::Pseudo(name) => (name, 0),
                Operand::PseudoMem { name, offset } => (name, offset),
                _ => continue,
            };
            let home = *homes.entry(name).or_insert_with(|| {
                let object = symbols.object(name);
                match object.home {
                    Home::Static => Operand::data(name),
                    Home::Constant(label) => Operand::constant(label),
                    Home::Stack => {
                        size = (size + object.size).next_multiple_of(object.align);
                        Operand::Memory {
                            base: Reg::Bp,
                            disp: -(size as i32),
                        }
                    }
                }
            });
            *op = match home {
                _ if offset == 0 => home,
                Operand::Memory { base, disp } => Operand::Memory {
                    base,
                    disp: disp + offset,
                },
                Operand::Data { name, offset: 0 } => Operand::Data { name, offset },
                other => unreachable!("a home is a slot or data, not {other:?}"),
            };
        }
    }
    // The slots and the saved registers together keep `%rsp` 16-aligned.
    let saved = 8 * callee_saved.len() as u32;
    Frame {
        size: (size + saved).next_multiple_of(16) - saved,
        callee_saved,
    }
}
