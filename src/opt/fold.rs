//! Constant folding (book chapter 19): an operator, conversion or
//! conditional jump whose operands are all constants is replaced by its
//! result, a copy or an unconditional jump (or nothing, for a branch never
//! taken); a constant copied into a variable of another type of its size
//! (a conversion between signed and unsigned) takes that type.
//!
//! Takes a TACKY function's CFG; the arithmetic is `ir::consts`'s, the one
//! semantic analysis evaluates constant expressions with, so a folded
//! program computes exactly what the unfolded one would: unsigned
//! arithmetic wraps, doubles are IEEE 754 (NaN and `-0.0` included). What C
//! leaves undefined and the machine would trap on or compute differently is
//! left to run: division by zero, `INT_MIN / -1`, shift counts out of range,
//! a `double` converted to an integer type it does not fit. A NaN an
//! invalid operation makes folds to the machine's (negative) NaN, which
//! the code would have computed. Guarantees:
//! every folded value has its destination's type.

use crate::flow::cfg::Cfg;
use crate::ir::Label;
use crate::ir::consts::Const;
use crate::ir::symbols::SymbolTable;
use crate::ir::tacky::{BinaryOp, ConvertOp, Instr, Sourced, Val};
use crate::ir::types::Type;

/// Folds what it can; says whether anything changed (the caller rebuilds
/// the edges: a branch may have become a jump or gone).
pub fn fold_constants(cfg: &mut Cfg<Sourced<Instr>>, symbols: &SymbolTable) -> bool {
    let mut changed = false;
    for block in &mut cfg.blocks {
        changed |= fold_block(&mut block.instrs, symbols);
    }
    changed
}

fn fold_block(body: &mut Vec<Sourced<Instr>>, symbols: &SymbolTable) -> bool {
    let mut changed = false;
    body.retain_mut(|instr| match fold(&instr.item, symbols) {
        Folded::Keep => true,
        Folded::Into(new) => {
            instr.item = new;
            changed = true;
            true
        }
        Folded::Delete => {
            changed = true;
            false
        }
    });
    changed
}

enum Folded {
    Keep,
    Into(Instr),
    Delete,
}

fn fold(instr: &Instr, symbols: &SymbolTable) -> Folded {
    let dst_ty = |dst: &Val| dst.ty(symbols);
    let copy = |value: Option<Const>, dst: &Val| match value {
        Some(c) => Folded::Into(Instr::Copy {
            src: Val::Constant(c),
            dst: *dst,
        }),
        None => Folded::Keep,
    };
    match instr {
        Instr::Unary {
            op,
            src: Val::Constant(c),
            dst,
        } => {
            let ty = dst_ty(dst);
            copy(same_type(Const::unary(*op, *c), &ty), dst)
        }
        Instr::Binary {
            op,
            lhs: Val::Constant(a),
            rhs: Val::Constant(b),
            dst,
        } => {
            let shift = matches!(op, BinaryOp::ShiftLeft | BinaryOp::ShiftRight);
            // Operands of one type (shift counts aside); anything else was
            // never a program semantic analysis produced.
            if !shift && a.ty() != b.ty() {
                return Folded::Keep;
            }
            let ty = dst_ty(dst);
            // A NaN an invalid operation makes is the machine's, as the
            // code would compute it.
            let result = Const::binary(*op, *a, *b).map(|r| {
                if r.is_nan() && !a.is_nan() && !b.is_nan() {
                    r.machine_nan()
                } else {
                    r
                }
            });
            copy(result.and_then(|r| same_type(r, &ty)), dst)
        }
        Instr::Convert {
            op,
            src: Val::Constant(c),
            dst,
        } => copy(convert(*op, *c, &dst_ty(dst)), dst),
        // A conversion between integer types of one size is a copy; its
        // constant takes the destination's type, so that copy propagation
        // can pass it on as a value of that type.
        Instr::Copy {
            src: Val::Constant(c),
            dst,
        } => {
            let ty = dst_ty(dst);
            if ty.is_scalar() && c.ty() != ty && c.ty().size() == ty.size() {
                let converted = c.convert(&ty);
                if converted != *c {
                    return copy(Some(converted), dst);
                }
            }
            Folded::Keep
        }
        Instr::JumpIfZero(Val::Constant(c), l) => branch(c.is_zero(), *l),
        Instr::JumpIfNotZero(Val::Constant(c), l) => branch(!c.is_zero(), *l),
        _ => Folded::Keep,
    }
}

fn branch(taken: bool, target: Label) -> Folded {
    if taken {
        Folded::Into(Instr::Jump(target))
    } else {
        Folded::Delete
    }
}

/// A result as a constant of `ty`, when it has that type's size and
/// signedness already (a pointer is an `unsigned long`, a `signed char` a
/// `char`); otherwise none, and the instruction stays.
fn same_type(c: Const, ty: &Type) -> Option<Const> {
    (ty.is_scalar() && c.convert(ty).ty() == c.ty()).then_some(c)
}

/// A conversion of a constant, unless the machine's result would differ
/// from C's (a `double` that does not fit the integer type: undefined).
fn convert(op: ConvertOp, c: Const, to: &Type) -> Option<Const> {
    let floating = match c {
        Const::Double(d) => Some(d),
        Const::Float(f) => Some(f64::from(f)),
        _ => None,
    };
    if let (ConvertOp::DoubleToInt | ConvertOp::DoubleToUInt, Some(d)) = (op, floating) {
        let t = d.trunc();
        let fits = match to {
            Type::Char | Type::SChar => (-128.0..=127.0).contains(&t),
            Type::UChar => (0.0..=255.0).contains(&t),
            Type::Short => (-32768.0..=32767.0).contains(&t),
            Type::UShort => (0.0..=65535.0).contains(&t),
            Type::Int => (-2_147_483_648.0..=2_147_483_647.0).contains(&t),
            Type::UInt => (0.0..=4_294_967_295.0).contains(&t),
            Type::Long => (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&t),
            Type::ULong | Type::Pointer(..) => (0.0..18_446_744_073_709_551_616.0).contains(&t),
            _ => false,
        };
        if !fits {
            return None;
        }
    }
    if !to.is_scalar() {
        return None;
    }
    Some(c.convert(to))
}
