//! Verification of the final assembly IR (architecture invariant 1).
//!
//! Takes a fixed-up function; returns the first instruction that is not a
//! single encodable x86-64 instruction, with the reason. The legality rules
//! are the ones [`Instr::operands`] states (and fix-up applies); this pass
//! adds only that operands are of the class their type needs. Run in debug
//! builds and tests, so that a bug in an earlier pass shows up here rather
//! than as a wrong encoding or an assembler error.

use crate::ir::asm::{Function, Instr, Operand};

pub fn verify_function(f: &Function) -> Result<(), String> {
    for (i, instr) in f.instrs.iter().enumerate() {
        if let Err(why) = check(&instr.item) {
            return Err(format!("instruction {i} ({:?}): {why}", instr.item));
        }
    }
    Ok(())
}

fn check(instr: &Instr) -> Result<(), String> {
    for slot in instr.operands().into_iter().flatten() {
        if matches!(slot.operand, Operand::Pseudo(_)) {
            return Err("pseudo-register left after frame layout".into());
        }
        if !slot.accepts.allows(slot.operand) {
            return Err(format!("operand {:?} not accepted here", slot.operand));
        }
        let class_ok = match slot.operand {
            Operand::Xmm(_) => slot.ty.is_sse(),
            Operand::Reg(_) | Operand::Imm(_) => !slot.ty.is_sse(),
            _ => true,
        };
        if !class_ok {
            return Err(format!("{:?} operand {:?}", slot.ty, slot.operand));
        }
    }
    Ok(())
}
