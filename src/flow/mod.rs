//! Control flow and dataflow, once for every IR: the control-flow graph
//! ([`cfg`]) and the iterative dataflow solver ([`dataflow`]) that the TACKY
//! optimisations use and register allocation's liveness will use over the
//! assembly IR.
//!
//! An IR takes part by saying, per instruction, what it does to control
//! flow ([`Instruction::flow`]); nothing else about the IR is known here.
//! TACKY and the assembly IR both implement it (below), so a pass written
//! over [`cfg::Cfg`] and [`dataflow::Analysis`] works on either.

pub mod bitset;
pub mod cfg;
pub mod dataflow;

use crate::ir::tacky::Sourced;
use crate::ir::{Label, asm, tacky};

/// What one instruction does to control flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    /// A jump target: starts a basic block.
    Label(Label),
    /// Always jumps; ends a block.
    Jump(Label),
    /// Jumps or falls through; ends a block.
    Branch(Label),
    /// Leaves the function; ends a block.
    Return,
    /// Jumps to a label whose address was taken (gcc's `goto *`), which
    /// may be any labelled block; ends a block.
    IndirectJump,
    /// Falls through to the next instruction.
    Next,
}

/// An instruction of an IR the CFG can be built over.
pub trait Instruction: Sized {
    fn flow(&self) -> Flow;

    /// For a branch, the branch on the opposite condition to `target`.
    fn inverted(&self, target: Label) -> Option<Self>;

    /// For a jump or branch, the same one to `target`.
    fn retargeted(&self, target: Label) -> Option<Self>;
}

impl<T: Instruction> Instruction for Sourced<T> {
    fn flow(&self) -> Flow {
        self.item.flow()
    }

    fn inverted(&self, target: Label) -> Option<Self> {
        self.item.inverted(target).map(|item| Sourced {
            item,
            span: self.span,
        })
    }

    fn retargeted(&self, target: Label) -> Option<Self> {
        self.item.retargeted(target).map(|item| Sourced {
            item,
            span: self.span,
        })
    }
}

impl Instruction for tacky::Instr {
    fn flow(&self) -> Flow {
        match self {
            tacky::Instr::Label(l) => Flow::Label(*l),
            tacky::Instr::Jump(l) => Flow::Jump(*l),
            tacky::Instr::JumpIfZero(_, l) | tacky::Instr::JumpIfNotZero(_, l) => Flow::Branch(*l),
            tacky::Instr::Return(_) => Flow::Return,
            tacky::Instr::JumpIndirect(_) => Flow::IndirectJump,
            _ => Flow::Next,
        }
    }

    fn inverted(&self, target: Label) -> Option<Self> {
        match self {
            tacky::Instr::JumpIfZero(v, _) => Some(tacky::Instr::JumpIfNotZero(*v, target)),
            tacky::Instr::JumpIfNotZero(v, _) => Some(tacky::Instr::JumpIfZero(*v, target)),
            _ => None,
        }
    }

    fn retargeted(&self, target: Label) -> Option<Self> {
        match self {
            tacky::Instr::Jump(_) => Some(tacky::Instr::Jump(target)),
            tacky::Instr::JumpIfZero(v, _) => Some(tacky::Instr::JumpIfZero(*v, target)),
            tacky::Instr::JumpIfNotZero(v, _) => Some(tacky::Instr::JumpIfNotZero(*v, target)),
            _ => None,
        }
    }
}

impl Instruction for asm::Instr {
    fn flow(&self) -> Flow {
        match self {
            asm::Instr::Label(l) => Flow::Label(*l),
            asm::Instr::Jmp(l) => Flow::Jump(*l),
            asm::Instr::JmpIndirect(_) => Flow::IndirectJump,
            asm::Instr::JmpCC(_, l) => Flow::Branch(*l),
            asm::Instr::Ret => Flow::Return,
            _ => Flow::Next,
        }
    }

    fn inverted(&self, target: Label) -> Option<Self> {
        match self {
            asm::Instr::JmpCC(cc, _) => Some(asm::Instr::JmpCC(cc.inverse(), target)),
            _ => None,
        }
    }

    fn retargeted(&self, target: Label) -> Option<Self> {
        match self {
            asm::Instr::Jmp(_) => Some(asm::Instr::Jmp(target)),
            asm::Instr::JmpCC(cc, _) => Some(asm::Instr::JmpCC(*cc, target)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::cfg::{Cfg, Node};
    use crate::ir::Label;
    use crate::ir::asm::{AsmType, CondCode, Instr, Operand, Reg};

    /// The assembly IR builds the same graph shape as TACKY: what register
    /// allocation's liveness will run over.
    #[test]
    fn assembly_builds_a_graph() {
        let (top, done) = (Label(1), Label(2));
        let dec = Instr::Mov {
            ty: AsmType::Long,
            src: Operand::Imm(0),
            dst: Operand::Reg(Reg::Ax),
        };
        let body = vec![
            Instr::Label(top),
            dec,
            Instr::JmpCC(CondCode::E, done),
            Instr::Jmp(top),
            Instr::Label(done),
            Instr::Ret,
        ];
        let cfg = Cfg::new(body);
        let succs: Vec<_> = cfg.blocks.iter().map(|b| b.succs.clone()).collect();
        assert_eq!(
            succs,
            [
                vec![Node::Block(1), Node::Block(2)],
                vec![Node::Block(0)],
                vec![Node::Exit],
            ]
        );
        assert_eq!(cfg.blocks[0].preds, [Node::Entry, Node::Block(1)]);
    }
}
