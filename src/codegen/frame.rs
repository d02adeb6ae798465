//! Frame layout: gives every pseudo-register a home (book chapters 2, 10-15).
//!
//! Takes a function over pseudo-registers and the [`AsmSymbols`] selection
//! built; replaces each pseudo-register (and each byte of an aggregate,
//! [`Operand::PseudoMem`]) that names a static-storage object or a string
//! literal with a RIP-relative data operand, and every other one with a
//! `%rbp`-relative stack slot, aligned as its asm type asks (arrays of 16
//! bytes or more to 16, ABI 3.1.2). Returns the [`Frame`], whose size is
//! rounded up so that, with the callee-saved registers register allocation
//! pushes after it, `%rsp` stays 16-aligned for calls (ABI 3.2.2).
//!
//! # Shared slots
//!
//! Most pseudo-registers are an expression's temporaries, alive from the
//! instruction that writes them to their last read a few instructions on.
//! A scalar whose every occurrence lies in one stretch of code that no
//! label enters, whose first occurrence only writes it, and whose address
//! is never taken, is dead outside that stretch and before its first
//! write: its slot is taken from those such values of the same size and
//! alignment have finished with, and given back after its last occurrence
//! (after that instruction, so that an instruction never reads one value
//! and writes another in the same slot). Execution can enter the stretch
//! only at its top, so the order of the instructions is the order of
//! execution within it. Every other stack value keeps a slot of its own.
//! Without this a function's frame grows with every temporary it ever
//! makes, and deep recursion (an interpreter's) runs out of stack long
//! before gcc's code would.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rustc_hash::FxHashMap as HashMap;

use crate::intern::Sym;
use crate::ir::asm::{Access, AsmSymbols, AsmType, Frame, Function, Home, Instr, Operand, Reg};

pub fn lay_out_frame(f: &mut Function, symbols: &AsmSymbols, callee_saved: Vec<Reg>) -> Frame {
    let last_use = shareable(f, symbols);
    // Each variable's home at offset 0, decided at its first occurrence.
    let mut homes: HashMap<Sym, Operand> = HashMap::default();
    let mut size: u32 = 0;
    // Slots given back, by (size, alignment); and those to give back, by
    // the index of the instruction after which they are free.
    let mut free: HashMap<(u32, u32), Vec<i32>> = HashMap::default();
    let mut pending: BinaryHeap<Reverse<(usize, u32, u32, i32)>> = BinaryHeap::new();
    for (i, instr) in f.instrs.iter_mut().enumerate() {
        for op in instr.item.operands_mut().into_iter().flatten() {
            let (name, offset) = match *op {
                Operand::Pseudo(name) => (name, 0),
                Operand::PseudoMem { name, offset } => (name, offset),
                _ => continue,
            };
            let home = match homes.get(&name) {
                Some(&home) => home,
                None => {
                    let object = symbols.object(name);
                    let home = match object.home {
                        Home::Static => Operand::data(name),
                        Home::Constant(label) => Operand::constant(label),
                        Home::Stack => {
                            let key = (object.size, object.align);
                            let reused = last_use
                                .get(&name)
                                .and_then(|_| free.get_mut(&key).and_then(Vec::pop));
                            let disp = reused.unwrap_or_else(|| {
                                size = (size + object.size).next_multiple_of(object.align);
                                -(size as i32)
                            });
                            if let Some(&last) = last_use.get(&name) {
                                pending.push(Reverse((last, key.0, key.1, disp)));
                            }
                            Operand::Memory {
                                base: Reg::Bp,
                                disp,
                            }
                        }
                    };
                    homes.insert(name, home);
                    home
                }
            };
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
        while let Some(&Reverse((last, s, a, disp))) = pending.peek() {
            if last > i {
                break;
            }
            pending.pop();
            free.entry((s, a)).or_default().push(disp);
        }
    }
    // The slots and the saved registers together keep `%rsp` 16-aligned.
    let saved = 8 * callee_saved.len() as u32;
    Frame {
        size: (size + saved).next_multiple_of(16) - saved,
        callee_saved,
    }
}

/// The stack values that may share slots (see the module header), each
/// with the index of its last occurrence.
fn shareable(f: &Function, symbols: &AsmSymbols) -> HashMap<Sym, usize> {
    struct Seen {
        region: u32,
        last: usize,
        shareable: bool,
    }
    let mut seen: HashMap<Sym, Seen> = HashMap::default();
    let mut region = 0u32;
    for (i, instr) in f.instrs.iter().enumerate() {
        match &instr.item {
            Instr::Label(_) => {
                region += 1;
                continue;
            }
            // Its address is taken: it lives as long as the pointer might.
            Instr::Lea {
                src: Operand::Pseudo(name) | Operand::PseudoMem { name, .. },
                ..
            } => {
                seen.entry(*name)
                    .or_insert(Seen {
                        region,
                        last: i,
                        shareable: false,
                    })
                    .shareable = false;
            }
            _ => {}
        }
        let slots = instr.item.operands();
        for slot in slots.iter().flatten() {
            let (name, scalar) = match slot.operand {
                Operand::Pseudo(name) => (name, true),
                Operand::PseudoMem { name, .. } => (name, false),
                _ => continue,
            };
            let object = symbols.object(name);
            if object.home != Home::Stack {
                continue;
            }
            let entry = seen.entry(name).or_insert_with(|| {
                // First here: shareable only if this instruction writes it
                // without reading it.
                let read_here = slots
                    .iter()
                    .flatten()
                    .any(|s| s.operand == slot.operand && s.access != Access::Write);
                Seen {
                    region,
                    last: i,
                    shareable: !read_here && object.ty != AsmType::ByteArray,
                }
            });
            entry.last = i;
            if entry.region != region || !scalar {
                entry.shareable = false;
            }
        }
    }
    seen.into_iter()
        .filter(|(_, s)| s.shareable)
        .map(|(name, s)| (name, s.last))
        .collect()
}
