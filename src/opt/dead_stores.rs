//! Dead-store elimination (book chapter 19): an instruction whose only
//! effect is to write a variable no later instruction reads goes.
//!
//! Takes a function's CFG with its [`Vars`]; liveness is a backward "may"
//! dataflow problem ([`crate::flow::dataflow`], facts are sets of
//! variables, meet is union), in its "strong" form: the operands of an
//! instruction that is itself dead do not become live. Guarantees: statics are live at the exit and
//! at every call (the caller and callees may read them); every aliased
//! variable is live at a call and at a load through a pointer (either may
//! read it); a partial write (`CopyToOffset`) leaves the rest of its
//! aggregate live; calls, stores through pointers and control flow are
//! never removed, whatever they write.

use super::vars::Vars;
use crate::flow::bitset::BitSet;
use crate::flow::cfg::Cfg;
use crate::flow::dataflow::{self, Analysis, Direction};
use crate::ir::tacky::{Instr, Sourced, Val};

/// Removes dead stores; says whether anything changed.
pub fn eliminate_dead_stores(cfg: &mut Cfg<Sourced<Instr>>, vars: &Vars) -> bool {
    let liveness = Liveness { vars };
    let live_out = dataflow::solve(cfg, &liveness);
    let mut changed = false;
    let mut dead = Vec::new();
    for (block, fact) in cfg.blocks.iter_mut().zip(live_out) {
        dead.clear();
        dead.resize(block.instrs.len(), false);
        dataflow::walk(&liveness, &block.instrs, fact, |i, live| {
            dead[i] = is_dead(&block.instrs[i].item, live, vars);
        });
        if dead.contains(&true) {
            changed = true;
            let mut i = 0;
            block.instrs.retain(|_| {
                i += 1;
                !dead[i - 1]
            });
        }
    }
    changed
}

/// Whether `instr` only writes a variable that is not live after it.
fn is_dead(instr: &Instr, live: &BitSet, vars: &Vars) -> bool {
    let removable = !matches!(
        instr,
        Instr::Call { .. }
            | Instr::Store { .. }
            | Instr::AtomicRmw { .. }
            | Instr::CompareExchange { .. }
            | Instr::Return(_)
            | Instr::Jump(_)
            | Instr::JumpIfZero(..)
            | Instr::JumpIfNotZero(..)
            | Instr::Label(_)
    );
    removable && instr.dst().is_some_and(|d| !live.contains(vars.index(d)))
}

struct Liveness<'a> {
    vars: &'a Vars<'a>,
}

impl Analysis<Sourced<Instr>> for Liveness<'_> {
    type Fact = BitSet;
    const DIRECTION: Direction = Direction::Backward;

    fn boundary(&self) -> BitSet {
        self.vars.statics.clone()
    }

    fn initial(&self) -> BitSet {
        BitSet::empty(self.vars.len())
    }

    fn meet(&self, into: &mut BitSet, other: &BitSet) {
        into.union_with(other);
    }

    fn transfer(&self, instr: &Sourced<Instr>, live: &mut BitSet) {
        let instr = &instr.item;
        // A dead instruction reads nothing: what only it reads is dead too
        // ("strong" liveness), so a chain of dead temporaries goes at once.
        if is_dead(instr, live, self.vars) {
            return;
        }
        match instr {
            Instr::CopyToOffset { .. } => {}
            _ => {
                if let Some(d) = instr.dst() {
                    live.remove(self.vars.index(d));
                }
            }
        }
        instr.for_each_use(|v| {
            if let Val::Var(v) = v {
                live.insert(self.vars.index(*v));
            }
        });
        match instr {
            Instr::CopyFromOffset { src, .. } => live.insert(self.vars.index(*src)),
            Instr::Call { .. }
            | Instr::Load { .. }
            | Instr::Fence
            | Instr::AtomicRmw { .. }
            | Instr::CompareExchange { .. } => live.union_with(&self.vars.aliased),
            _ => {}
        }
    }
}
