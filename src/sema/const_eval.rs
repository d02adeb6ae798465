//! Integer constant expressions (C11 6.6): case values and static initialisers.
//!
//! Takes a resolved expression; returns its value if it is an integer constant
//! expression (constants combined by operators, `?:` included), computed with
//! `int` semantics, and `None` otherwise (a variable, a call, an assignment, a
//! division by zero or an out-of-range shift).

use crate::ir::ast::{BinaryOp, Const, Expr, ExprKind, UnaryOp};

pub fn eval_int(e: &Expr) -> Option<i32> {
    match &e.kind {
        ExprKind::Constant(Const::Int(v)) => Some(*v),
        ExprKind::Constant(_) => None,
        ExprKind::Unary(op, operand) => {
            let v = eval_int(operand)?;
            Some(match op {
                UnaryOp::Plus => v,
                UnaryOp::Negate => v.wrapping_neg(),
                UnaryOp::Complement => !v,
                UnaryOp::Not => (v == 0) as i32,
            })
        }
        ExprKind::Binary(op, l, r) => binary(*op, l, r),
        ExprKind::Conditional(c, t, f) => {
            if eval_int(c)? != 0 {
                eval_int(t)
            } else {
                eval_int(f)
            }
        }
        ExprKind::Var(_)
        | ExprKind::Assign(..)
        | ExprKind::CompoundAssign(..)
        | ExprKind::IncDec(..)
        | ExprKind::Call(..) => None,
    }
}

fn binary(op: BinaryOp, l: &Expr, r: &Expr) -> Option<i32> {
    use BinaryOp::*;
    let a = eval_int(l)?;
    // `&&` and `||` need only the operand that decides them.
    match (op, a) {
        (And, 0) => return Some(0),
        (Or, a) if a != 0 => return Some(1),
        _ => {}
    }
    let b = eval_int(r)?;
    Some(match op {
        Add => a.wrapping_add(b),
        Subtract => a.wrapping_sub(b),
        Multiply => a.wrapping_mul(b),
        Divide => a.checked_div(b)?,
        Remainder => a.checked_rem(b)?,
        BitAnd => a & b,
        BitOr => a | b,
        BitXor => a ^ b,
        ShiftLeft => a.checked_shl(u32::try_from(b).ok()?)?,
        ShiftRight => a.checked_shr(u32::try_from(b).ok()?)?,
        And | Or => (b != 0) as i32,
        Equal => (a == b) as i32,
        NotEqual => (a != b) as i32,
        Less => (a < b) as i32,
        LessEqual => (a <= b) as i32,
        Greater => (a > b) as i32,
        GreaterEqual => (a >= b) as i32,
    })
}
