//! Dead-store elimination (book chapter 19): an instruction whose only
//! effect is to write a variable no later instruction reads goes.
//!
//! Takes a function's CFG with its [`Vars`]; liveness is a backward "may"
//! dataflow problem ([`crate::flow::dataflow`], facts are sets of
//! variables, meet is union). Guarantees: statics are live at the exit and
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
    for (block, fact) in cfg.blocks.iter_mut().zip(live_out) {
        let mut dead = vec![false; block.instrs.len()];
        dataflow::walk(&liveness, &block.instrs, fact, |i, live| {
            let instr = &block.instrs[i].item;
            let removable = !matches!(
                instr,
                Instr::Call { .. }
                    | Instr::Store { .. }
                    | Instr::Return(_)
                    | Instr::Jump(_)
                    | Instr::JumpIfZero(..)
                    | Instr::JumpIfNotZero(..)
                    | Instr::Label(_)
            );
            if removable && let Some(d) = instr.dst() {
                dead[i] = !live.contains(vars.index(d));
            }
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

struct Liveness<'a> {
    vars: &'a Vars,
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
            Instr::Call { .. } | Instr::Load { .. } => live.union_with(&self.vars.aliased),
            _ => {}
        }
    }
}
