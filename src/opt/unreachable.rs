//! Unreachable-code elimination (book chapter 19): blocks no path from the
//! entry reaches, jumps to the block that follows anyway, labels nothing
//! jumps to; a jump or branch to a lone jump goes to that jump's target;
//! and a branch over a lone jump becomes one opposite branch.
//!
//! Takes a function's CFG; returns it with those removed and its edges
//! rebuilt. Guarantees: every remaining block is reachable from the entry
//! (or starts with a label whose address is taken, which stays),
//! the code's behaviour is unchanged (a jump is dropped only when control
//! would fall through to its target), and a label stays while any jump
//! names it.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::ir::Label;

use crate::flow::cfg::{Cfg, Node};
use crate::flow::{Flow, Instruction};

/// Removes what it can; says whether anything changed. The `pinned`
/// labels (whose address the function takes) stay, and so do their blocks:
/// an indirect jump or another function's table may reach them.
pub fn eliminate_unreachable_code<I: Instruction>(cfg: &mut Cfg<I>, pinned: &[Label]) -> bool {
    // Blocks other passes emptied fall through; without them a jump over
    // one to the block after is seen to be useless.
    if cfg.blocks.iter().any(|b| b.instrs.is_empty()) {
        cfg.blocks.retain(|b| !b.instrs.is_empty());
        cfg.rebuild_edges();
    }
    let mut changed = skip_lone_jumps(cfg);
    changed |= remove_unreachable_blocks(cfg, pinned);
    changed |= branch_over_jumps(cfg);
    changed |= remove_useless_jumps(cfg);
    changed |= remove_useless_labels(cfg, pinned);
    if changed {
        cfg.blocks.retain(|b| !b.instrs.is_empty());
        cfg.rebuild_edges();
    }
    changed
}

/// A jump or branch to a label whose block (after any blocks of nothing
/// but labels falling into it) is a single jump goes to that jump's target
/// (what threading and coalescing leave where a path used to fall
/// through). Edges are rebuilt when anything changed.
fn skip_lone_jumps<I: Instruction>(cfg: &mut Cfg<I>) -> bool {
    let mut lone: HashMap<Label, Label> = HashMap::default();
    let mut pending: Vec<Label> = Vec::new();
    for block in &cfg.blocks {
        let mut rest = block.instrs.iter().map(I::flow).peekable();
        while let Some(Flow::Label(l)) = rest.peek().copied() {
            pending.push(l);
            rest.next();
        }
        match (rest.next(), rest.next()) {
            (None, _) => continue,
            (Some(Flow::Jump(to)), None) => {
                lone.extend(
                    pending
                        .drain(..)
                        .filter(|&from| from != to)
                        .map(|from| (from, to)),
                );
            }
            _ => pending.clear(),
        }
    }
    if lone.is_empty() {
        return false;
    }
    // Follows a chain of lone jumps to its end (a cycle of them, an
    // infinite loop, is left where it starts).
    let resolve = |mut l: Label| {
        for _ in 0..lone.len() {
            match lone.get(&l) {
                Some(&next) => l = next,
                None => return l,
            }
        }
        l
    };
    let mut changed = false;
    for block in &mut cfg.blocks {
        let Some(last) = block.instrs.last_mut() else {
            continue;
        };
        let (Flow::Jump(l) | Flow::Branch(l)) = last.flow() else {
            continue;
        };
        let end = resolve(l);
        if end != l
            && let Some(jump) = last.retargeted(end)
        {
            *last = jump;
            changed = true;
        }
    }
    if changed {
        cfg.rebuild_edges();
    }
    changed
}

fn remove_unreachable_blocks<I: Instruction>(cfg: &mut Cfg<I>, pinned: &[Label]) -> bool {
    let mut reached = vec![false; cfg.blocks.len()];
    let mut stack = vec![cfg.entry_succ()];
    stack.extend(cfg.blocks.iter().enumerate().filter_map(|(b, block)| {
        match block.instrs.first().map(I::flow) {
            Some(Flow::Label(l)) if pinned.contains(&l) => Some(Node::Block(b)),
            _ => None,
        }
    }));
    while let Some(node) = stack.pop() {
        if let Node::Block(b) = node
            && !reached[b]
        {
            reached[b] = true;
            stack.extend(cfg.blocks[b].succs.iter().copied());
        }
    }
    if reached.iter().all(|&r| r) {
        return false;
    }
    let mut reached = reached.into_iter();
    cfg.blocks.retain(|_| reached.next() == Some(true));
    cfg.rebuild_edges();
    true
}

/// A branch over a lone jump (`if !x goto L1; goto L2; L1:`) becomes the
/// opposite branch to the jump's target (`if x goto L2; L1:`): the code
/// `break` and `continue` leave behind a condition.
fn branch_over_jumps<I: Instruction>(cfg: &mut Cfg<I>) -> bool {
    let mut changed = false;
    for b in 0..cfg.blocks.len().saturating_sub(2) {
        let (Some(Flow::Branch(over)), [jump]) = (
            cfg.blocks[b].instrs.last().map(I::flow),
            &cfg.blocks[b + 1].instrs[..],
        ) else {
            continue;
        };
        let Flow::Jump(target) = jump.flow() else {
            continue;
        };
        if cfg.blocks[b + 2].instrs.first().map(I::flow) != Some(Flow::Label(over)) {
            continue;
        }
        let branch = cfg.blocks[b].instrs.last().expect("ends in a branch");
        if let Some(inverted) = branch.inverted(target) {
            *cfg.blocks[b].instrs.last_mut().expect("ends in a branch") = inverted;
            cfg.blocks[b + 1].instrs.clear();
            changed = true;
        }
    }
    if changed {
        cfg.blocks.retain(|b| !b.instrs.is_empty());
        cfg.rebuild_edges();
    }
    changed
}

/// A jump or branch ending a block whose every successor is the block
/// after it (or the exit, after the last block).
fn remove_useless_jumps<I: Instruction>(cfg: &mut Cfg<I>) -> bool {
    let count = cfg.blocks.len();
    let mut changed = false;
    for (b, block) in cfg.blocks.iter_mut().enumerate() {
        let next = if b + 1 < count {
            Node::Block(b + 1)
        } else {
            Node::Exit
        };
        let jumps = matches!(
            block.instrs.last().map(I::flow),
            Some(Flow::Jump(_) | Flow::Branch(_))
        );
        if jumps && block.succs.iter().all(|&s| s == next) {
            block.instrs.pop();
            changed = true;
        }
    }
    changed
}

fn remove_useless_labels<I: Instruction>(cfg: &mut Cfg<I>, pinned: &[Label]) -> bool {
    let mut targets: HashSet<_> = cfg
        .blocks
        .iter()
        .flat_map(|b| b.instrs.last())
        .filter_map(|i| match i.flow() {
            Flow::Jump(l) | Flow::Branch(l) => Some(l),
            _ => None,
        })
        .collect();
    targets.extend(pinned.iter().copied());
    let mut changed = false;
    for block in &mut cfg.blocks {
        if let Some(Flow::Label(l)) = block.instrs.first().map(I::flow)
            && !targets.contains(&l)
        {
            block.instrs.remove(0);
            changed = true;
        }
    }
    changed
}
