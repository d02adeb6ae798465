//! Frame layout: gives every pseudo-register a home (book chapters 2, 10-15).
//!
//! Takes a function over pseudo-registers and the [`AsmSymbols`] selection
//! built; replaces each pseudo-register (and each byte of an aggregate,
//! [`Operand::PseudoMem`]) that names a static-storage object or a string
//! literal with a RIP-relative data operand, and every other one with its
//! own `%rbp`-relative stack slot, aligned as its asm type asks (arrays of
//! 16 bytes or more to 16, ABI 3.1.2). Returns the
//! [`Frame`], whose size is rounded up to 16 bytes so that `%rsp` stays
//! aligned for calls (ABI 3.2.2).

use rustc_hash::FxHashMap as HashMap;

use crate::intern::Sym;
use crate::ir::asm::{AsmSymbols, DataName, Frame, Function, Home, Operand, Reg};

pub fn lay_out_frame(f: &mut Function, symbols: &AsmSymbols) -> Frame {
    // Each stack variable's slot (its offset from %rbp), decided at its
    // first occurrence.
    let mut slots: HashMap<Sym, i32> = HashMap::default();
    let mut size: u32 = 0;
    for instr in &mut f.instrs {
        for op in instr.item.operands_mut().into_iter().flatten() {
            let (name, offset) = match *op {
                Operand::Pseudo(name) => (name, 0),
                Operand::PseudoMem { name, offset } => (name, offset),
                _ => continue,
            };
            let object = symbols.object(name);
            *op = match object.home {
                Home::Static => Operand::Data {
                    name: DataName::Symbol(name),
                    offset,
                },
                Home::Constant(label) => Operand::Data {
                    name: DataName::Constant(label),
                    offset,
                },
                Home::Stack => {
                    let slot = *slots.entry(name).or_insert_with(|| {
                        size = (size + object.size()).next_multiple_of(object.align());
                        -(size as i32)
                    });
                    Operand::Memory {
                        base: Reg::Bp,
                        disp: slot + offset,
                    }
                }
            };
        }
    }
    Frame {
        size: size.next_multiple_of(16),
    }
}
