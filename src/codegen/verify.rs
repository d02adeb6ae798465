//! Verification of the final assembly IR (architecture invariant 1).
//!
//! Takes a fixed-up function; returns the first instruction that is not a
//! single encodable x86-64 instruction, with the reason. Run in debug builds
//! and tests, so that a bug in an earlier pass shows up here rather than as a
//! wrong encoding or an assembler error.

use crate::ir::asm::{BinaryOp, Function, Instr, Operand, Reg, Width};

pub fn verify_function(f: &Function) -> Result<(), String> {
    for (i, instr) in f.instrs.iter().enumerate() {
        if let Err(why) = check(&instr.item) {
            return Err(format!("instruction {i} ({:?}): {why}", instr.item));
        }
    }
    Ok(())
}

fn operands(instr: &Instr) -> Vec<Operand> {
    match *instr {
        Instr::Mov { src, dst, .. }
        | Instr::Binary { src, dst, .. }
        | Instr::Cmp { src, dst, .. } => {
            vec![src, dst]
        }
        Instr::Unary { dst: op, .. }
        | Instr::Idiv { src: op, .. }
        | Instr::SetCC(_, op)
        | Instr::Push(op) => {
            vec![op]
        }
        _ => vec![],
    }
}

fn fits_imm32(op: Operand) -> bool {
    !matches!(op, Operand::Imm(v) if i32::try_from(v).is_err())
}

fn check(instr: &Instr) -> Result<(), &'static str> {
    let ops = operands(instr);
    if ops.iter().any(|op| matches!(op, Operand::Pseudo(_))) {
        return Err("pseudo-register left after frame layout");
    }
    if ops.len() == 2 && ops[0].is_memory() && ops[1].is_memory() {
        return Err("two memory operands");
    }
    if ops.last().is_some_and(|op| matches!(op, Operand::Imm(_)))
        && !matches!(instr, Instr::Push(_))
    {
        return Err("immediate destination");
    }
    match *instr {
        Instr::Mov {
            width: Width::Quad,
            src,
            dst: Operand::Reg(_),
        } if !fits_imm32(src) => Ok(()),
        Instr::Mov { src, .. } | Instr::Cmp { src, .. } | Instr::Push(src) if !fits_imm32(src) => {
            Err("immediate wider than 32 bits")
        }
        Instr::Binary {
            op: BinaryOp::Imul,
            dst,
            ..
        } if !matches!(dst, Operand::Reg(_)) => Err("imul needs a register destination"),
        Instr::Binary { op, src, .. } if op.is_shift() => match src {
            Operand::Imm(0..=63) | Operand::Reg(Reg::Cx) => Ok(()),
            _ => Err("shift count must be an 8-bit immediate or %cl"),
        },
        Instr::Binary { src, .. } if !fits_imm32(src) => Err("immediate wider than 32 bits"),
        Instr::Idiv {
            src: Operand::Imm(_),
            ..
        } => Err("idiv of an immediate"),
        _ => Ok(()),
    }
}
