//! The control-flow graph of one function: its instructions split into
//! basic blocks, with successor and predecessor edges.
//!
//! Takes a function body (any IR implementing
//! [`Instruction`](super::Instruction)); returns blocks in source order, each
//! a maximal run that starts at a label or after a jump, branch or return and
//! ends at the next one. Guarantees: every block is non-empty when built (a
//! pass may empty one: it falls through); an edge is in
//! the successors of its source exactly when it is in the predecessors of
//! its target; `into_instrs` gives the instructions back in block order, so
//! building and flattening a graph changes nothing. Passes that rewrite
//! blocks or drop them call [`Cfg::rebuild_edges`] before analysing again.

use rustc_hash::FxHashMap as HashMap;

use super::{Flow, Instruction};
use crate::ir::Label;

/// A node of the graph: the function's entry, a block (by index), its exit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Node {
    Entry,
    Block(usize),
    Exit,
}

#[derive(Debug)]
pub struct Block<I> {
    pub instrs: Vec<I>,
    pub succs: Vec<Node>,
    pub preds: Vec<Node>,
}

#[derive(Debug)]
pub struct Cfg<I> {
    pub blocks: Vec<Block<I>>,
}

impl<I: Instruction> Cfg<I> {
    pub fn new(instrs: Vec<I>) -> Cfg<I> {
        // Block lengths first, so each block is allocated once at its size.
        let mut lengths = Vec::new();
        let mut length = 0;
        for instr in &instrs {
            match instr.flow() {
                Flow::Label(_) => {
                    if length > 0 {
                        lengths.push(length);
                    }
                    length = 1;
                }
                Flow::Jump(_) | Flow::Branch(_) | Flow::Return | Flow::IndirectJump => {
                    lengths.push(length + 1);
                    length = 0;
                }
                Flow::Next => length += 1,
            }
        }
        if length > 0 {
            lengths.push(length);
        }
        let mut instrs = instrs.into_iter();
        let blocks = lengths
            .into_iter()
            .map(|n| Block::of(instrs.by_ref().take(n).collect()))
            .collect();
        let mut cfg = Cfg { blocks };
        cfg.rebuild_edges();
        cfg
    }

    /// Recomputes every edge from the blocks' instructions and order (after
    /// a pass removed blocks or changed their last instructions). A block
    /// left empty falls through.
    pub fn rebuild_edges(&mut self) {
        let labels: HashMap<Label, usize> = self
            .blocks
            .iter()
            .enumerate()
            .filter_map(|(b, block)| match block.instrs.first().map(I::flow) {
                Some(Flow::Label(l)) => Some((l, b)),
                _ => None,
            })
            .collect();
        let target = |l: Label| {
            Node::Block(
                *labels
                    .get(&l)
                    .unwrap_or_else(|| panic!("jump to {l}, a label not in the function")),
            )
        };
        let count = self.blocks.len();
        for block in &mut self.blocks {
            block.succs.clear();
            block.preds.clear();
        }
        // Every labelled block, in order: where an indirect jump may go.
        let mut labelled: Vec<usize> = labels.values().copied().collect();
        labelled.sort_unstable();
        for b in 0..count {
            let next = if b + 1 < count {
                Node::Block(b + 1)
            } else {
                Node::Exit
            };
            if let Some(Flow::IndirectJump) = self.blocks[b].instrs.last().map(I::flow) {
                for &t in &labelled {
                    self.blocks[t].preds.push(Node::Block(b));
                    self.blocks[b].succs.push(Node::Block(t));
                }
                continue;
            }
            let (first, second) = match self.blocks[b].instrs.last().map(I::flow) {
                Some(Flow::Jump(l)) => (target(l), None),
                Some(Flow::Branch(l)) if target(l) == next => (next, None),
                Some(Flow::Branch(l)) => (next, Some(target(l))),
                Some(Flow::Return) => (Node::Exit, None),
                _ => (next, None),
            };
            for s in std::iter::once(first).chain(second) {
                if let Node::Block(t) = s {
                    self.blocks[t].preds.push(Node::Block(b));
                }
                self.blocks[b].succs.push(s);
            }
        }
        if let Some(first) = self.blocks.first_mut() {
            first.preds.insert(0, Node::Entry);
        }
    }

    /// The function's instructions, block after block.
    pub fn into_instrs(self) -> Vec<I> {
        self.blocks.into_iter().flat_map(|b| b.instrs).collect()
    }

    /// The entry's one successor.
    pub fn entry_succ(&self) -> Node {
        if self.blocks.is_empty() {
            Node::Exit
        } else {
            Node::Block(0)
        }
    }
}

impl<I> Block<I> {
    fn of(instrs: Vec<I>) -> Block<I> {
        Block {
            instrs,
            succs: Vec::new(),
            preds: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Cfg, Node};
    use crate::flow::{Flow, Instruction};
    use crate::ir::Label;

    impl Instruction for Flow {
        fn flow(&self) -> Flow {
            *self
        }

        fn inverted(&self, target: Label) -> Option<Flow> {
            matches!(self, Flow::Branch(_)).then_some(Flow::Branch(target))
        }

        fn retargeted(&self, target: Label) -> Option<Flow> {
            match self {
                Flow::Branch(_) => Some(Flow::Branch(target)),
                Flow::Jump(_) => Some(Flow::Jump(target)),
                _ => None,
            }
        }
    }

    #[test]
    fn blocks_and_edges() {
        let (a, b) = (Label(1), Label(2));
        // 0: next; branch a | 1: next; jump b | 2: a: return | 3: b: next
        let body = vec![
            Flow::Next,
            Flow::Branch(a),
            Flow::Next,
            Flow::Jump(b),
            Flow::Label(a),
            Flow::Return,
            Flow::Label(b),
            Flow::Next,
        ];
        let cfg = Cfg::new(body.clone());
        let succs: Vec<_> = cfg.blocks.iter().map(|b| b.succs.clone()).collect();
        assert_eq!(
            succs,
            [
                vec![Node::Block(1), Node::Block(2)],
                vec![Node::Block(3)],
                vec![Node::Exit],
                vec![Node::Exit],
            ]
        );
        let preds: Vec<_> = cfg.blocks.iter().map(|b| b.preds.clone()).collect();
        assert_eq!(
            preds,
            [
                vec![Node::Entry],
                vec![Node::Block(0)],
                vec![Node::Block(0)],
                vec![Node::Block(1)],
            ]
        );
        assert_eq!(cfg.into_instrs(), body);
    }
}
