//! Frame layout: gives every pseudo-register a home (book chapters 2, 10-13).
//!
//! Takes a function over pseudo-registers and the [`AsmSymbols`] selection
//! built; replaces each pseudo-register that names a static-storage object
//! with a RIP-relative data operand and every other one with its own
//! `%rbp`-relative stack slot, aligned to its asm type. Returns the
//! [`Frame`], whose size is rounded up to 16 bytes so that `%rsp` stays
//! aligned for calls (ABI 3.2.2).

use rustc_hash::FxHashMap as HashMap;

use crate::intern::Sym;
use crate::ir::asm::{AsmSymbols, Frame, Function, Operand, Reg};

pub fn lay_out_frame(f: &mut Function, symbols: &AsmSymbols) -> Frame {
    // Each pseudo-register's home, decided at its first occurrence.
    let mut homes: HashMap<Sym, Operand> = HashMap::default();
    let mut size: u32 = 0;
    for instr in &mut f.instrs {
        for op in instr.item.operands_mut().into_iter().flatten() {
            let Operand::Pseudo(name) = *op else { continue };
            *op = *homes.entry(name).or_insert_with(|| {
                let object = symbols.object(name);
                if object.is_static {
                    return Operand::data(name);
                }
                size = (size + object.size()).next_multiple_of(object.align());
                Operand::Memory {
                    base: Reg::Bp,
                    disp: -(size as i32),
                }
            });
        }
    }
    Frame {
        size: size.next_multiple_of(16),
    }
}
