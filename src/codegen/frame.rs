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
//!
//! # Temporaries in registers
//!
//! Unoptimised (no register allocation ran), such a value that is one of
//! the compiler's temporaries (never a variable of the program, which keeps
//! its stack home for a debugger and for `setjmp`) goes in a caller-saved
//! register instead when one is free over its whole life: no instruction
//! from its first write to its last read names or implicitly uses that
//! register (a call clobbers them all, so no such value lives across one),
//! no other value placed so holds it then, and nothing reads the register
//! after that stretch what was there before it. That last needs the
//! registers' liveness, found in one backward scan: a register live into
//! a label is one inside a selected sequence (a comparison's result in
//! `%eax` over its parity test), every jump to which comes before it, so
//! the scan has seen the label when it meets its jumps; a function with a
//! register live into any other label keeps every temporary in memory. Selection's code is full of values written
//! once and read by the next instruction; in a register each saves a store
//! and a load, and the function about a third of its instructions, which
//! every later stage and the object file no longer pay for.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rustc_hash::FxHashMap as HashMap;

use crate::intern::Sym;
use crate::ir::asm::{
    Access, AsmSymbols, AsmType, Frame, Function, Home, Instr, Operand, Reg, RegSet, Xmm,
};

/// `temps_in_registers`: give temporaries free registers (see the module
/// header); only sound where no register allocation ran. The function's
/// `debug_vars` (`-g`) keep slots of their own, so that a debugger finds
/// each anywhere in the function, and learn where they are.
pub fn lay_out_frame(
    f: &mut Function,
    symbols: &AsmSymbols,
    callee_saved: Vec<Reg>,
    temps_in_registers: bool,
) -> Frame {
    let mut lives = shareable(f, symbols);
    if !f.debug_vars.is_empty() {
        lives.retain(|&(name, _)| symbols.object(name).temporary);
    }
    // Each variable's home at offset 0: the temporaries' registers, the
    // rest decided at their first occurrence.
    let mut homes: HashMap<Sym, Operand> = if temps_in_registers {
        temporaries_in_registers(f, &lives)
    } else {
        HashMap::default()
    };
    // When each shareable value's slot is free again.
    let last_use: HashMap<Sym, usize> = lives.iter().map(|&(name, l)| (name, l.last)).collect();
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
    for v in &mut f.debug_vars {
        if let Some(&Operand::Memory {
            base: Reg::Bp,
            disp,
        }) = homes.get(&v.name)
        {
            v.home = Some(disp);
        }
    }
    // The slots and the saved registers together keep `%rsp` 16-aligned.
    let saved = 8 * callee_saved.len() as u32;
    Frame {
        size: (size + saved).next_multiple_of(16) - saved,
        callee_saved,
    }
}

/// Where a stack value that may share a slot lives: the indices of its
/// first and last occurrences.
#[derive(Clone, Copy)]
struct Life {
    first: usize,
    last: usize,
    /// A scalar temporary every instruction naming it could take in a
    /// register.
    register: bool,
    /// A floating value (for an XMM register).
    sse: bool,
}

/// The stack values that may share slots (see the module header), each
/// with its life, in the order of their first occurrences.
fn shareable(f: &Function, symbols: &AsmSymbols) -> Vec<(Sym, Life)> {
    struct Seen {
        name: Sym,
        region: u32,
        life: Life,
        shareable: bool,
    }
    // Each name's entry in `seen` (by first occurrence), or `NOT_STACK`:
    // one lookup per occurrence, and the name's object read once.
    const NOT_STACK: usize = usize::MAX;
    let mut index: HashMap<Sym, usize> = HashMap::default();
    let mut seen: Vec<Seen> = Vec::new();
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
            } if symbols.object(*name).home == Home::Stack => {
                let k = *index.entry(*name).or_insert_with(|| {
                    seen.push(Seen {
                        name: *name,
                        region,
                        life: Life {
                            first: i,
                            last: i,
                            register: false,
                            sse: false,
                        },
                        shareable: false,
                    });
                    seen.len() - 1
                });
                seen[k].shareable = false;
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
            let k = *index.entry(name).or_insert_with(|| {
                let object = symbols.object(name);
                if object.home != Home::Stack {
                    return NOT_STACK;
                }
                // First here: shareable only if this instruction writes it
                // without reading it.
                let read_here = slots
                    .iter()
                    .flatten()
                    .any(|s| s.operand == slot.operand && s.access != Access::Write);
                seen.push(Seen {
                    name,
                    region,
                    life: Life {
                        first: i,
                        last: i,
                        register: object.temporary,
                        sse: matches!(object.ty, AsmType::Single | AsmType::Double),
                    },
                    shareable: !read_here && object.ty != AsmType::ByteArray,
                });
                seen.len() - 1
            });
            if k == NOT_STACK {
                continue;
            }
            let entry = &mut seen[k];
            entry.life.last = i;
            entry.life.register &= slot.accepts.takes_register();
            if entry.region != region || !scalar {
                entry.shareable = false;
            }
        }
    }
    seen.into_iter()
        .filter(|s| s.shareable)
        .map(|s| (s.name, s.life))
        .collect()
}

/// The registers temporaries may take, in the order they are tried:
/// caller-saved, neither the scratch registers of fix-up (`%r10`, `%r11`,
/// `%xmm14`, `%xmm15`) nor callee-saved ones (which would have to be
/// saved), those without a REX prefix first.
const GENERAL: [Reg; 7] = [
    Reg::Cx,
    Reg::Si,
    Reg::Di,
    Reg::Dx,
    Reg::Ax,
    Reg::R8,
    Reg::R9,
];
const SSE: [u8; 14] = [2, 3, 4, 5, 6, 7, 0, 1, 8, 9, 10, 11, 12, 13];

/// A longer life is not worth the scan (temporaries live a few
/// instructions).
const LONGEST: usize = 256;

/// Registers for the temporaries among `lives` (by first write) that can
/// have one (see the module header), as their homes.
fn temporaries_in_registers(f: &Function, lives: &[(Sym, Life)]) -> HashMap<Sym, Operand> {
    let mut homes = HashMap::default();
    let wanted: Vec<(Sym, Life)> = lives
        .iter()
        .copied()
        .filter(|(_, l)| l.register && l.last - l.first <= LONGEST)
        .collect();
    if wanted.is_empty() {
        return homes;
    }
    // What each instruction reads or writes, and what is live after it.
    // A label registers are live into is one inside a selected sequence
    // (`%eax` holding a comparison's result over its parity test), whose
    // jumps come before it: a jump to it takes its registers as live.
    let n = f.instrs.len();
    let mut touched = vec![RegSet::default(); n];
    let mut live_after = vec![RegSet::default(); n];
    let frame_regs = RegSet::of_regs(&[Reg::Sp, Reg::Bp]);
    let mut live_into: HashMap<crate::ir::Label, RegSet> = HashMap::default();
    let mut jumped_to: rustc_hash::FxHashSet<crate::ir::Label> = Default::default();
    let mut live = RegSet::default();
    for i in (0..n).rev() {
        let instr = &f.instrs[i].item;
        match *instr {
            Instr::Jmp(target) => {
                jumped_to.insert(target);
                live = live_into.get(&target).copied().unwrap_or_default();
            }
            Instr::JmpIndirect(_) | Instr::Ret => live = RegSet::default(),
            Instr::JmpCC(_, target) => {
                jumped_to.insert(target);
                if let Some(&regs) = live_into.get(&target) {
                    live = live.union(regs);
                }
            }
            Instr::Label(label) => {
                let regs = live.minus(frame_regs);
                if !regs.is_empty() {
                    // A jump back to it, already passed, took nothing;
                    // and labels whose address is taken are reached from
                    // anywhere.
                    if jumped_to.contains(&label) || f.address_taken.contains(&label) {
                        return homes;
                    }
                    live_into.insert(label, regs);
                }
            }
            _ => {}
        }
        live_after[i] = live;
        let fx = instr.registers(f.returns);
        touched[i] = fx.uses.union(fx.defs);
        live = live.minus(fx.defs).union(fx.uses);
    }
    // The index of the last instruction each register is taken until, by
    // its bit in a `RegSet`.
    let mut taken: [Option<usize>; 32] = [None; 32];
    let bit = |r: Operand| match r {
        Operand::Reg(r) => r as usize,
        Operand::Xmm(x) => 16 + usize::from(x.0),
        _ => unreachable!("a register"),
    };
    for (
        name,
        Life {
            first, last, sse, ..
        },
    ) in wanted
    {
        // Live anywhere in its life: after a jump in it, what the jump's
        // target needs.
        let busy = touched[first..=last]
            .iter()
            .zip(&live_after[first..=last])
            .fold(RegSet::default(), |acc, (&t, &l)| acc.union(t).union(l));
        let free = |r: Operand| !busy.has(r) && taken[bit(r)].is_none_or(|until| until < first);
        let register = if sse {
            SSE.iter().map(|&x| Operand::Xmm(Xmm(x))).find(|&r| free(r))
        } else {
            GENERAL.iter().map(|&r| Operand::Reg(r)).find(|&r| free(r))
        };
        if let Some(r) = register {
            taken[bit(r)] = Some(last);
            homes.insert(name, r);
        }
    }
    homes
}
