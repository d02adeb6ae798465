//! The x86-64 assembly IR (book chapters 2-10), the contract of both back ends.
//!
//! Instruction selection produces it with pseudo-registers; frame layout
//! replaces them with stack slots and static data; fix-up makes every operand
//! combination legal and writes the prologue and epilogue out as instructions.
//! After fix-up the IR is *concrete*: one [`Instr`] is exactly one machine
//! instruction (or a label), which `codegen::verify` checks.

use crate::intern::Sym;
use crate::ir::Label;
use crate::ir::symbols::StaticInit;
use crate::ir::tacky::Sourced;

/// General-purpose registers, in hardware encoding order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reg {
    Ax,
    Cx,
    Dx,
    Bx,
    Sp,
    Bp,
    Si,
    Di,
    R8,
    R9,
    R10,
    R11,
    R12,
    R13,
    R14,
    R15,
}

/// Operand width: the `b`, `l`, `q` of AT&T mnemonics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Width {
    Byte,
    Long,
    Quad,
}

impl Width {
    pub fn bytes(self) -> u32 {
        match self {
            Width::Byte => 1,
            Width::Long => 4,
            Width::Quad => 8,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand {
    Imm(i64),
    Reg(Reg),
    /// A TACKY variable not yet given a home; gone after frame layout.
    Pseudo(Sym),
    /// `disp(%base)`.
    Memory {
        base: Reg,
        disp: i32,
    },
    /// A static-storage object, reached RIP-relative: `name(%rip)`.
    Data(Sym),
}

impl Operand {
    pub fn is_memory(self) -> bool {
        matches!(
            self,
            Operand::Memory { .. } | Operand::Data(_) | Operand::Pseudo(_)
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Not,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    Imul,
    And,
    Or,
    Xor,
    /// Shift left (`sal`, the same instruction as `shl`).
    Sal,
    /// Arithmetic shift right.
    Sar,
}

impl BinaryOp {
    /// Shifts take their count in `%cl` when it is not an immediate.
    pub fn is_shift(self) -> bool {
        matches!(self, BinaryOp::Sal | BinaryOp::Sar)
    }
}

/// Condition codes of `jCC` and `setCC`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CondCode {
    E,
    Ne,
    L,
    Le,
    G,
    Ge,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Instr {
    Mov {
        width: Width,
        src: Operand,
        dst: Operand,
    },
    Unary {
        op: UnaryOp,
        width: Width,
        dst: Operand,
    },
    Binary {
        op: BinaryOp,
        width: Width,
        src: Operand,
        dst: Operand,
    },
    /// `cmp src, dst` sets flags from `dst - src`.
    Cmp {
        width: Width,
        src: Operand,
        dst: Operand,
    },
    Idiv {
        width: Width,
        src: Operand,
    },
    /// Sign-extend the accumulator into `%edx`/`%rdx` (`cltd`/`cqto`).
    Cdq {
        width: Width,
    },
    Jmp(Label),
    JmpCC(CondCode, Label),
    /// Sets the low byte of `dst` to 0 or 1.
    SetCC(CondCode, Operand),
    Label(Label),
    /// `pushq`: always 8 bytes.
    Push(Operand),
    Pop(Reg),
    Call(Sym),
    Ret,
}

pub struct Program {
    pub items: Vec<TopLevel>,
}

pub enum TopLevel {
    Function(Function),
    StaticVar(StaticVar),
}

pub struct Function {
    pub name: Sym,
    pub global: bool,
    pub instrs: Vec<Sourced<Instr>>,
}

pub struct StaticVar {
    pub name: Sym,
    pub global: bool,
    pub align: u32,
    pub init: StaticInit,
}
