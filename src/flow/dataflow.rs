//! The iterative dataflow solver: one worklist algorithm for forward
//! analyses (reaching copies) and backward ones (liveness), over any IR's
//! [`Cfg`].
//!
//! An [`Analysis`] gives the fact at the boundary (the entry for a forward
//! analysis, the exit for a backward one), the fact every block starts from
//! (the identity of its meet), the meet, and the effect of one instruction.
//! [`solve`] iterates to the fixed point and returns, for each block, the
//! fact where a walk through the block in the analysis's direction starts:
//! before its first instruction (forward) or after its last (backward).
//! [`walk`] replays one block from there, handing each instruction the fact
//! that holds on its near side (before it going forward, after it going
//! backward), which is what a pass rewriting the block needs.
//!
//! Guarantees: with a monotone transfer function and a finite fact lattice
//! the result is the maximal (forward, meet = intersection) or least
//! (backward, meet = union) fixed point; blocks no path reaches keep the
//! starting fact, which the meet's identity makes harmless.

use std::collections::VecDeque;

use super::cfg::{Cfg, Node};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Forward,
    Backward,
}

pub trait Analysis<I> {
    type Fact: Clone + PartialEq;
    const DIRECTION: Direction;
    /// The fact at the entry (forward) or the exit (backward).
    fn boundary(&self) -> Self::Fact;
    /// The fact every block starts from: the meet's identity.
    fn initial(&self) -> Self::Fact;
    /// Combines the fact arriving along one more edge into `into`.
    fn meet(&self, into: &mut Self::Fact, other: &Self::Fact);
    /// The effect of one instruction, in the analysis's direction.
    fn transfer(&self, instr: &I, fact: &mut Self::Fact);
}

/// The fact at the start of each block's walk (see the module header).
pub fn solve<I, A: Analysis<I>>(cfg: &Cfg<I>, analysis: &A) -> Vec<A::Fact> {
    let n = cfg.blocks.len();
    let forward = A::DIRECTION == Direction::Forward;
    // `start[b]`: the meet over incoming edges; `end[b]`: after the block.
    let mut start = vec![analysis.initial(); n];
    let mut end = vec![analysis.initial(); n];
    // Forward analyses converge fastest in block order, backward ones in
    // reverse.
    let mut queue: VecDeque<usize> = if forward {
        (0..n).collect()
    } else {
        (0..n).rev().collect()
    };
    let mut queued = vec![true; n];
    let (initial, boundary) = (analysis.initial(), analysis.boundary());
    let mut fact = initial.clone();
    while let Some(b) = queue.pop_front() {
        queued[b] = false;
        let block = &cfg.blocks[b];
        let incoming = if forward { &block.preds } else { &block.succs };
        // Facts are copied into buffers they already own (`clone_from`):
        // the solver allocates nothing per step.
        fact.clone_from(&initial);
        for edge in incoming {
            match *edge {
                Node::Block(p) => analysis.meet(&mut fact, &end[p]),
                Node::Entry | Node::Exit => analysis.meet(&mut fact, &boundary),
            }
        }
        start[b].clone_from(&fact);
        if forward {
            block
                .instrs
                .iter()
                .for_each(|i| analysis.transfer(i, &mut fact));
        } else {
            block
                .instrs
                .iter()
                .rev()
                .for_each(|i| analysis.transfer(i, &mut fact));
        }
        if fact != end[b] {
            end[b].clone_from(&fact);
            let outgoing = if forward { &block.succs } else { &block.preds };
            for edge in outgoing {
                if let Node::Block(s) = *edge
                    && !queued[s]
                {
                    queued[s] = true;
                    queue.push_back(s);
                }
            }
        }
    }
    start
}

/// Replays `instrs` (one block) from `fact`, the block's entry in
/// [`solve`]'s result, calling `visit(index, fact)` with the fact on each
/// instruction's near side before applying its effect.
pub fn walk<I, A: Analysis<I>>(
    analysis: &A,
    instrs: &[I],
    mut fact: A::Fact,
    mut visit: impl FnMut(usize, &A::Fact),
) {
    let mut step = |i: usize, fact: &mut A::Fact| {
        visit(i, fact);
        analysis.transfer(&instrs[i], fact);
    };
    match A::DIRECTION {
        Direction::Forward => (0..instrs.len()).for_each(|i| step(i, &mut fact)),
        Direction::Backward => (0..instrs.len()).rev().for_each(|i| step(i, &mut fact)),
    }
}

#[cfg(test)]
mod tests {
    use super::{Analysis, Direction, solve};
    use crate::flow::Flow;
    use crate::flow::bitset::BitSet;
    use crate::flow::cfg::Cfg;
    use crate::ir::Label;

    /// The labels a path may have passed (`FORWARD`: from the entry) or
    /// may still pass (backward: on the way to the exit): a "may" analysis
    /// (meet = union) each way, to check the iteration order and the loop
    /// back edge.
    struct Labels<const FORWARD: bool>;

    impl<const FORWARD: bool> Analysis<Flow> for Labels<FORWARD> {
        type Fact = BitSet;
        const DIRECTION: Direction = if FORWARD {
            Direction::Forward
        } else {
            Direction::Backward
        };
        fn boundary(&self) -> BitSet {
            BitSet::empty(8)
        }
        fn initial(&self) -> BitSet {
            BitSet::empty(8)
        }
        fn meet(&self, into: &mut BitSet, other: &BitSet) {
            into.union_with(other);
        }
        fn transfer(&self, instr: &Flow, fact: &mut BitSet) {
            if let Flow::Label(l) = instr {
                fact.insert(l.0 as usize);
            }
        }
    }

    #[test]
    fn loops_reach_their_fixed_point_both_ways() {
        // 0: L1: branch L3 | 1: L2: jump L1 | 2: L3: return
        let body = vec![
            Flow::Label(Label(1)),
            Flow::Branch(Label(3)),
            Flow::Label(Label(2)),
            Flow::Jump(Label(1)),
            Flow::Label(Label(3)),
            Flow::Return,
        ];
        let cfg = Cfg::new(body);
        let at = |facts: &[BitSet], b: usize| facts[b].iter().collect::<Vec<_>>();
        let forward = solve(&cfg, &Labels::<true>);
        // Around the loop, L1 and L2 have been passed on entering L1.
        assert_eq!(at(&forward, 0), [1, 2]);
        assert_eq!(at(&forward, 2), [1, 2]);
        let backward = solve(&cfg, &Labels::<false>);
        // After block 0, L2 (around the loop), L1 and L3 may lie ahead.
        assert_eq!(at(&backward, 0), [1, 2, 3]);
        assert!(at(&backward, 2).is_empty());
    }
}
