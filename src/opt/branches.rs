//! Branch simplification: what `!`, `&&` and `||` leave for a branch to
//! test.
//!
//! - A branch on a value `!x` made just before it branches on `x` the
//!   opposite way (`if (!*q)`); the negation is then usually dead.
//! - **Jump threading.** `a && b` (and `||`) makes a 0 or a 1 on each of
//!   its paths, then joins them only to branch on the result (`while (a &&
//!   b)`). A block that sets a variable to a constant and goes to a block
//!   holding nothing but a branch on that variable goes straight to where
//!   the branch leads for that constant; the join and the stores then
//!   usually die (unreachable-code and dead-store elimination).
//!
//! Takes a TACKY function's CFG and the translation unit's label generator
//! (a path that used to fall through past the branch may need a label to
//! jump to); returns whether anything changed, with the edges rebuilt.
//! Guarantees: every path computes what it did and leaves the same values
//! behind: the constant is still stored, only the test of it is skipped.

use rustc_hash::FxHashMap as HashMap;

use crate::flow::cfg::Cfg;
use crate::ir::tacky::{Instr, Sourced, UnaryOp, Val};
use crate::ir::{Label, NameGen};

pub fn simplify_branches(cfg: &mut Cfg<Sourced<Instr>>, names: &mut NameGen) -> bool {
    let mut changed = false;
    for block in &mut cfg.blocks {
        changed |= branch_on_operand_of_not(&mut block.instrs);
    }
    changed |= thread_jumps(cfg, names);
    if changed {
        cfg.rebuild_edges();
    }
    changed
}

fn branch_on_operand_of_not(instrs: &mut [Sourced<Instr>]) -> bool {
    let [.., made, branch] = instrs else {
        return false;
    };
    let Instr::Unary {
        op: UnaryOp::Not,
        src,
        dst: Val::Var(t),
    } = made.item
    else {
        return false;
    };
    if src == Val::Var(t) {
        return false;
    }
    branch.item = match branch.item {
        Instr::JumpIfZero(Val::Var(v), l) if v == t => Instr::JumpIfNotZero(src, l),
        Instr::JumpIfNotZero(Val::Var(v), l) if v == t => Instr::JumpIfZero(src, l),
        _ => return false,
    };
    true
}

fn thread_jumps(cfg: &mut Cfg<Sourced<Instr>>, names: &mut NameGen) -> bool {
    let labels: HashMap<Label, usize> = cfg
        .blocks
        .iter()
        .enumerate()
        .filter_map(|(b, block)| match block.instrs.first()?.item {
            Instr::Label(l) => Some((l, b)),
            _ => None,
        })
        .collect();
    let mut changed = false;
    for p in 0..cfg.blocks.len() {
        // The constant the block leaves in a variable, and the block it
        // then goes to.
        let (set, via_jump) = match cfg.blocks[p].instrs[..] {
            [.., ref copy, ref jump] if matches!(jump.item, Instr::Jump(_)) => (copy, true),
            [.., ref copy] => (copy, false),
            [] => continue,
        };
        let Instr::Copy {
            src: Val::Constant(c),
            dst: Val::Var(t),
        } = set.item
        else {
            continue;
        };
        let span = set.span;
        let to = match cfg.blocks[p].instrs.last().map(|i| &i.item) {
            Some(Instr::Jump(l)) if via_jump => labels[l],
            _ => p + 1,
        };
        let Some([first, test]) = cfg.blocks.get(to).map(|b| &b.instrs[..]) else {
            continue;
        };
        if !matches!(first.item, Instr::Label(_)) {
            continue;
        }
        let (taken, target) = match test.item {
            Instr::JumpIfZero(Val::Var(v), l) if v == t => (c.is_zero(), l),
            Instr::JumpIfNotZero(Val::Var(v), l) if v == t => (!c.is_zero(), l),
            _ => continue,
        };
        let dest = if taken {
            target
        } else {
            // Where the branch falls through: the next block, labelled.
            let Some(after) = cfg.blocks.get_mut(to + 1) else {
                continue;
            };
            match after.instrs.first().map(|i| &i.item) {
                Some(&Instr::Label(l)) => l,
                _ => {
                    let l = names.label();
                    after.instrs.insert(
                        0,
                        Sourced {
                            item: Instr::Label(l),
                            span,
                        },
                    );
                    l
                }
            }
        };
        if matches!(cfg.blocks[to].instrs[0].item, Instr::Label(l) if l == dest) {
            continue;
        }
        let jump = Sourced {
            item: Instr::Jump(dest),
            span,
        };
        if via_jump {
            *cfg.blocks[p].instrs.last_mut().expect("ends in a jump") = jump;
        } else {
            cfg.blocks[p].instrs.push(jump);
        }
        changed = true;
    }
    changed
}
