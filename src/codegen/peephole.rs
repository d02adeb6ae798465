//! Peephole improvements after register allocation, when optimising.
//!
//! Takes a function whose pseudo-registers are coloured (those left are
//! spilled: memory) and rewrites it in place; the result computes the same
//! thing with fewer or cheaper instructions. Two rewrites, both chosen by
//! profiling the benchmark set:
//!
//! - **Whole-register byte moves.** A byte `mov` into a register writes
//!   only its low byte, so the processor must merge it with the register's
//!   old value: every later read waits for whatever last wrote that
//!   register. Where only the low byte is read before the register is
//!   rewritten or dies (a `char` value; not the bytes of a structure being
//!   packed into an argument register, which keep the upper ones), a byte
//!   load becomes `movzbl` and a byte copy between registers a `movl`.
//! - **Copy forwarding.** Selection moves pointers and indexes into `%rax`
//!   and `%rdx` to address memory, and an allocated value is often copied
//!   into a register that the next instruction reads and nothing reads
//!   after it. For `mov %A, %B` followed (in the same block, with `%A` not
//!   written in between) by the first instruction that mentions `%B`: when
//!   every mention there is an explicit read that `%A` can stand for (a
//!   source operand, a memory operand's base or index), `%A` does, and if
//!   `%B` is then dead or fully rewritten by that instruction the `mov`
//!   goes. A 32-bit `mov` forwards only into reads of at most 32 bits (it
//!   zero-extends; `%A`'s upper half may differ).
//!
//! - **Multiplication by 3, 5 or 9** of a 64-bit register (`imulq $3, %r`,
//!   or `movq $3, %d; imulq %x, %d`): one `lea (%x,%x,2), %d` and the
//!   like, a cycle where `imul` takes three. After allocation, where the
//!   registers are known.
//!
//! What is live where comes from the shared backward solver over the
//! hardware registers, each instruction's effects from
//! [`Instr::registers`] and its operands from [`Instr::operands`]: nothing
//! here knows an instruction's operands itself. Operand legality is checked
//! with the same table fix-up uses, so a rewrite never needs fixing up.

use crate::flow::cfg::Cfg;
use crate::flow::dataflow::{Analysis, Direction, solve, walk};
use crate::ir::asm::{AsmType, BinaryOp, DataName, Function, Instr, Operand, Reg, RegSet};
use crate::ir::tacky::Sourced;
use crate::opt::unreachable;

/// How far past a `mov` copy forwarding looks for the instruction reading
/// its destination (keeps the pass linear in the function's size).
const WINDOW: usize = 8;

/// The byte move `instr` made whole, if it is one.
fn widened(instr: &Instr) -> Option<Instr> {
    let Instr::Mov {
        ty: AsmType::Byte,
        src,
        dst: dst @ Operand::Reg(_),
    } = *instr
    else {
        return None;
    };
    Some(match src {
        Operand::Reg(_) => Instr::Mov {
            ty: AsmType::Long,
            src,
            dst,
        },
        _ if src.is_memory() => Instr::MovZeroExtend {
            src_ty: AsmType::Byte,
            dst_ty: AsmType::Long,
            src,
            dst,
        },
        _ => return None,
    })
}

/// Whether, after `instrs[0]` writes the low byte of `%b`, only that byte
/// is read before `%b` is wholly rewritten or dies (within the block:
/// live at its end means another block may read more).
fn low_byte_only(
    instrs: &[Sourced<Instr>],
    live_after: &[RegSet],
    b: Reg,
    returns: RegSet,
) -> bool {
    if !has(live_after[0], b) {
        return true;
    }
    for (instr, &live) in instrs.iter().zip(live_after).skip(1) {
        let fx = instr.item.registers(returns);
        if has(fx.uses, b) && !reads_low_byte_only(&instr.item, b, returns) {
            return false;
        }
        if fully_defines(&instr.item, fx.defs, Operand::Reg(b)) || !has(live, b) {
            return true;
        }
    }
    false
}

/// Whether every read of `%b` by `instr` is an explicit byte operand.
fn reads_low_byte_only(instr: &Instr, b: Reg, returns: RegSet) -> bool {
    let explicit_bytes = instr.operands().into_iter().flatten().all(|slot| {
        let overwritten = slot.operand == Operand::Reg(b) && !slot.access.reads();
        let byte_read =
            slot.operand == Operand::Reg(b) && slot.ty == AsmType::Byte && !slot.access.writes();
        overwritten || byte_read || !mentions(slot.operand, RegSet::of_regs(&[b]))
    });
    // An implicit read reads the whole register.
    explicit_bytes && !has(reads_besides(instr, |op| op == Operand::Reg(b), returns), b)
}

/// The registers `instr` reads besides through its operands that
/// `dropped` picks: with those gone, what its other operands and its
/// implicit reads (a call's argument registers, `%rax` of a division)
/// still read.
fn reads_besides(instr: &Instr, dropped: impl Fn(Operand) -> bool, returns: RegSet) -> RegSet {
    let mut rest = instr.clone();
    for op in rest.operands_mut().into_iter().flatten() {
        if dropped(*op) {
            *op = Operand::Imm(0);
        }
    }
    rest.registers(returns).uses
}

/// Whether `op` names a register of `set` (as itself or in an address).
fn mentions(op: Operand, set: RegSet) -> bool {
    let regs = match op {
        Operand::Reg(r) => RegSet::of_regs(&[r]),
        Operand::Xmm(x) => RegSet::of_xmms(&[x]),
        Operand::Memory { base, .. } => RegSet::of_regs(&[base]),
        Operand::Indexed { base, index, .. } => RegSet::of_regs(&[base, index]),
        _ => RegSet::default(),
    };
    regs.0 & set.0 != 0
}

/// The memory operand `op` (based on `%b` alone) with `%b` replaced by the
/// address `lea` computed into it, if one operand can say that.
fn combine(address: Operand, op: Operand, b: Reg) -> Option<Operand> {
    let Operand::Memory { base, disp: d } = op else {
        return None;
    };
    if base != b {
        return None;
    }
    Some(match address {
        Operand::Memory { base, disp } => Operand::Memory {
            base,
            disp: disp.checked_add(d)?,
        },
        Operand::Indexed {
            base,
            index,
            scale,
            disp,
        } => Operand::Indexed {
            base,
            index,
            scale,
            disp: disp.checked_add(d)?,
        },
        Operand::Data { name, offset } => Operand::Data {
            name,
            offset: offset.checked_add(d)?,
        },
        _ => return None,
    })
}

/// The register `op` is, as a set, if it is one.
fn register_bit(op: Operand) -> Option<RegSet> {
    match op {
        Operand::Reg(r) => Some(RegSet::of_regs(&[r])),
        Operand::Xmm(x) => Some(RegSet::of_xmms(&[x])),
        _ => None,
    }
}

/// Liveness of the general and XMM registers.
struct Liveness {
    returns: RegSet,
}

impl Analysis<Sourced<Instr>> for Liveness {
    type Fact = RegSet;
    const DIRECTION: Direction = Direction::Backward;

    fn boundary(&self) -> RegSet {
        RegSet::default()
    }

    fn initial(&self) -> RegSet {
        RegSet::default()
    }

    fn meet(&self, into: &mut RegSet, other: &RegSet) {
        *into = into.union(*other);
    }

    fn transfer(&self, instr: &Sourced<Instr>, live: &mut RegSet) {
        let fx = instr.item.registers(self.returns);
        *live = RegSet((live.0 & !fx.defs.0) | fx.uses.0);
    }
}

pub fn improve(f: &mut Function) {
    let liveness = Liveness { returns: f.returns };
    let mut cfg = Cfg::new(std::mem::take(&mut f.instrs));
    let starts = solve(&cfg, &liveness);
    for (block, start) in cfg.blocks.iter_mut().zip(starts) {
        let mut live_after = vec![RegSet::default(); block.instrs.len()];
        walk(&liveness, &block.instrs, start, |i, live| {
            live_after[i] = *live
        });
        let mut b = Block {
            instrs: std::mem::take(&mut block.instrs),
            live_after,
            returns: f.returns,
        };
        b.widen_byte_moves();
        b.multiply_by_lea();
        b.forward_copies();
        b.fold_addresses();
        b.fold_loads();
        block.instrs = b.instrs;
    }
    // Moves coalesced away can leave a block holding nothing but a jump.
    cfg.rebuild_edges();
    unreachable::eliminate_unreachable_code(&mut cfg, &f.address_taken);
    f.instrs = cfg.into_instrs();
}

/// One basic block with what is live after each instruction.
struct Block {
    instrs: Vec<Sourced<Instr>>,
    live_after: Vec<RegSet>,
    returns: RegSet,
}

impl Block {
    fn widen_byte_moves(&mut self) {
        for i in 0..self.instrs.len() {
            if let Some(whole) = widened(&self.instrs[i].item)
                && let Instr::Mov {
                    dst: Operand::Reg(b),
                    ..
                } = self.instrs[i].item
                && low_byte_only(&self.instrs[i..], &self.live_after[i..], b, self.returns)
            {
                self.instrs[i].item = whole;
            }
        }
    }

    fn multiply_by_lea(&mut self) {
        let lea = |x: Reg, m: i64, d: Reg| Instr::Lea {
            src: Operand::Indexed {
                base: x,
                index: x,
                scale: (m - 1) as u8,
                disp: 0,
            },
            dst: Operand::Reg(d),
        };
        let mut dropped = Vec::new();
        for i in 0..self.instrs.len() {
            match self.instrs[i].item {
                Instr::Binary {
                    op: BinaryOp::Mul,
                    ty: AsmType::Quad,
                    src: Operand::Imm(m @ (3 | 5 | 9)),
                    dst: Operand::Reg(r),
                } => self.instrs[i].item = lea(r, m, r),
                Instr::Binary {
                    op: BinaryOp::Mul,
                    ty: AsmType::Quad,
                    src: Operand::Reg(x),
                    dst: Operand::Reg(d),
                } if x != d
                    && i > 0
                    && dropped.last() != Some(&(i - 1))
                    && let Instr::Mov {
                        ty: AsmType::Quad,
                        src: Operand::Imm(m @ (3 | 5 | 9)),
                        dst: Operand::Reg(c),
                    } = self.instrs[i - 1].item
                    && c == d =>
                {
                    self.instrs[i].item = lea(x, m, d);
                    dropped.push(i - 1);
                }
                _ => {}
            }
        }
        self.drop(&dropped);
    }

    fn forward_copies(&mut self) {
        let returns = self.returns;
        let mut dropped = Vec::new();
        for i in 0..self.instrs.len() {
            let Instr::Mov {
                ty: ty @ (AsmType::Long | AsmType::Quad),
                src: Operand::Reg(a),
                dst: Operand::Reg(b),
            } = self.instrs[i].item
            else {
                continue;
            };
            if a == b || [a, b].iter().any(|r| matches!(r, Reg::Sp | Reg::Bp)) {
                continue;
            }
            let Some(j) = reader(&self.instrs[i + 1..], a, b, returns).map(|k| i + 1 + k) else {
                continue;
            };
            let Some(rewritten) = substitute(&self.instrs[j].item, ty, a, b, returns) else {
                continue;
            };
            let fx = rewritten.registers(returns);
            if has(self.live_after[j], b) && !fully_defines(&rewritten, fx.defs, Operand::Reg(b)) {
                continue;
            }
            self.instrs[j].item = rewritten;
            dropped.push(i);
            // `%A` now lives on to `j`; `%B` no longer holds anything there.
            for live in &mut self.live_after[i..j] {
                live.add_reg(a);
                live.0 &= !RegSet::of_regs(&[b]).0;
            }
        }
        self.drop(&dropped);
    }

    /// An address computed into a register (`lea`) that only the next
    /// instruction reads, as the base of a memory operand: that operand
    /// adds its displacement to the address itself (`leaq (%rax,%rdx,1),
    /// %rax; movl 8(%rax), %ecx` becomes `movl 8(%rax,%rdx,1), %ecx`).
    fn fold_addresses(&mut self) {
        let returns = self.returns;
        let mut dropped = Vec::new();
        for i in 0..self.instrs.len().saturating_sub(1) {
            let Instr::Lea {
                src: address,
                dst: Operand::Reg(b),
            } = self.instrs[i].item
            else {
                continue;
            };
            let bit = RegSet::of_regs(&[b]);
            let next = &self.instrs[i + 1].item;
            let mut folded = next.clone();
            let mut uses = 0;
            for op in folded.operands_mut().into_iter().flatten() {
                if !mentions(*op, bit) {
                    continue;
                }
                uses += 1;
                match combine(address, *op, b) {
                    Some(combined) => *op = combined,
                    None => uses += 1,
                }
            }
            let legal = folded.is_legal();
            let fx = folded.registers(returns);
            let dead =
                !has(self.live_after[i + 1], b) || fully_defines(&folded, fx.defs, Operand::Reg(b));
            let read_elsewhere = has(reads_besides(next, |op| mentions(op, bit), returns), b);
            if uses == 1 && legal && dead && !read_elsewhere {
                self.instrs[i + 1].item = folded;
                dropped.push(i);
            }
        }
        self.drop(&dropped);
    }

    /// A load into a register that only the next instruction reads, in an
    /// operand that can be memory of the same width: that operand reads
    /// the memory itself (`movzbl (%rdx), %eax; cmpb $0, %al` becomes
    /// `cmpb $0, (%rdx)`).
    fn fold_loads(&mut self) {
        let returns = self.returns;
        let mut dropped = Vec::new();
        for i in 0..self.instrs.len().saturating_sub(1) {
            let (width, mem, reg) = match self.instrs[i].item {
                Instr::Mov { ty, src, dst } => (ty, src, dst),
                Instr::MovZeroExtend {
                    src_ty: AsmType::Byte,
                    src,
                    dst,
                    ..
                } => (AsmType::Byte, src, dst),
                _ => continue,
            };
            let Some(bit) = register_bit(reg) else {
                continue;
            };
            // A GOT entry is read only by a `movq` (the relocation the
            // linker relaxes names that instruction).
            let got = matches!(
                mem,
                Operand::Data {
                    name: DataName::Got(_),
                    ..
                }
            );
            if !mem.is_memory() || got {
                continue;
            }
            let next = &self.instrs[i + 1].item;
            let mut folded = next.clone();
            let mut reads = 0;
            for (slot, op) in next.operands().iter().zip(folded.operands_mut()) {
                let (Some(slot), Some(op)) = (slot, op) else {
                    continue;
                };
                if slot.operand == reg && slot.access.reads() {
                    reads += 1;
                    if slot.access.writes() || slot.ty != width {
                        reads += 1;
                    }
                    *op = mem;
                } else if slot.operand != reg && mentions(slot.operand, bit) {
                    reads += 2;
                }
            }
            let legal = folded.is_legal();
            // With the folded operand gone (the memory operand's own base
            // was read by the load too).
            let read_elsewhere = reads_besides(next, |op| op == reg, returns).0 & bit.0 != 0;
            let fx = folded.registers(returns);
            let dead =
                self.live_after[i + 1].0 & bit.0 == 0 || fully_defines(&folded, fx.defs, reg);
            if reads == 1 && legal && !read_elsewhere && dead {
                self.instrs[i + 1].item = folded;
                dropped.push(i);
            }
        }
        self.drop(&dropped);
    }

    /// Removes the instructions at `dropped` (ascending indexes).
    fn drop(&mut self, dropped: &[usize]) {
        let mut keep = vec![true; self.instrs.len()];
        dropped.iter().for_each(|&i| keep[i] = false);
        let mut flags = keep.iter();
        self.instrs
            .retain(|_| *flags.next().expect("one flag each"));
        let mut flags = keep.iter();
        self.live_after
            .retain(|_| *flags.next().expect("one flag each"));
    }
}

/// The index in `after` of the first instruction that mentions `%b`, if
/// it comes within the window and nothing before it writes `%a`.
fn reader(after: &[Sourced<Instr>], a: Reg, b: Reg, returns: RegSet) -> Option<usize> {
    for (k, instr) in after.iter().take(WINDOW).enumerate() {
        let fx = instr.item.registers(returns);
        if has(fx.uses.union(fx.defs), b) {
            return Some(k);
        }
        if has(fx.defs, a) {
            return None;
        }
    }
    None
}

/// `instr` with every read of `%b` reading `%a` instead, if each is an
/// explicit operand `%a` can legally stand in (no implicit read of `%b`
/// remains) and none reads more bits than a `mov` of type `ty` copied.
fn substitute(instr: &Instr, ty: AsmType, a: Reg, b: Reg, returns: RegSet) -> Option<Instr> {
    let mut out = instr.clone();
    let slots = instr.operands();
    for (slot, op) in slots.iter().zip(out.operands_mut()) {
        let (Some(slot), Some(op)) = (slot, op) else {
            continue;
        };
        let wide = slot.ty == AsmType::Quad;
        match op {
            Operand::Reg(r) if *r == b && slot.access.reads() => {
                if slot.access.writes() || (wide && ty != AsmType::Quad) {
                    return None;
                }
                *r = a;
            }
            Operand::Memory { base, .. } if *base == b => {
                if ty != AsmType::Quad {
                    return None;
                }
                *base = a;
            }
            Operand::Indexed { base, index, .. } if *base == b || *index == b => {
                if ty != AsmType::Quad {
                    return None;
                }
                for r in [base, index] {
                    if *r == b {
                        *r = a;
                    }
                }
            }
            _ => {}
        }
    }
    let legal = out.is_legal();
    (legal && !has(out.registers(returns).uses, b)).then_some(out)
}

/// Whether `instr` leaves nothing of register `reg`'s old value: it writes
/// it whole (a byte write keeps the upper bytes).
fn fully_defines(instr: &Instr, defs: RegSet, reg: Operand) -> bool {
    register_bit(reg).is_some_and(|bit| defs.0 & bit.0 != 0)
        && !instr
            .operands()
            .into_iter()
            .flatten()
            .any(|slot| slot.operand == reg && slot.access.writes() && slot.ty == AsmType::Byte)
}

fn has(set: RegSet, r: Reg) -> bool {
    set.0 & RegSet::of_regs(&[r]).0 != 0
}
