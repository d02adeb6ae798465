//! Constant expressions (C11 6.6): case values and static initialisers
//! (book chapters 8, 10-16).
//!
//! Takes a type-checked expression, whose implicit conversions are explicit
//! casts; returns its value, of the expression's type, if it is built from
//! constants with casts, operators and `?:`, and `None` otherwise (a
//! variable, a call, an assignment, or an operation with no defined value
//! such as a division by zero or an out-of-range shift). The arithmetic is
//! [`Const`]'s, so it is C's in every type.

use crate::ir::ast::{BinaryOp, Const, Expr, ExprKind};

pub fn eval_constant(e: &Expr) -> Option<Const> {
    let value = match &e.kind {
        ExprKind::Constant(c) => *c,
        ExprKind::Cast(ty, operand) => eval_constant(operand)?.convert(ty),
        ExprKind::Unary(op, operand) => {
            let v = eval_constant(operand)?;
            op.tacky().map_or(v, |op| Const::unary(op, v))
        }
        // `&&` and `||` need only the operand that decides them.
        ExprKind::Binary(BinaryOp::And, l, r) => {
            Const::Int((!eval_constant(l)?.is_zero() && !eval_constant(r)?.is_zero()).into())
        }
        ExprKind::Binary(BinaryOp::Or, l, r) => {
            Const::Int((!eval_constant(l)?.is_zero() || !eval_constant(r)?.is_zero()).into())
        }
        ExprKind::Binary(op, l, r) => Const::binary(
            op.tacky().expect("only && and || have no TACKY operator"),
            eval_constant(l)?,
            eval_constant(r)?,
        )?,
        ExprKind::Conditional(c, t, f) => {
            if eval_constant(c)?.is_zero() {
                eval_constant(f)?
            } else {
                eval_constant(t)?
            }
        }
        ExprKind::Var(_)
        | ExprKind::Assign(..)
        | ExprKind::CompoundAssign(..)
        | ExprKind::IncDec(..)
        | ExprKind::Call(..)
        | ExprKind::String(_)
        | ExprKind::Deref(_)
        | ExprKind::AddrOf(_)
        | ExprKind::Subscript(..)
        | ExprKind::Dot(..)
        | ExprKind::Arrow(..)
        // Not in a constant expression (C11 6.6p3).
        | ExprKind::Comma(..)
        | ExprKind::VaStart(_)
        | ExprKind::LabelAddr(..)
        | ExprKind::StmtExpr(_)
        | ExprKind::ByteSwap(_)
        | ExprKind::VaArg(..)
        | ExprKind::CompoundLiteral(..) => return None,
        ExprKind::SizeOfExpr(_)
        | ExprKind::SizeOfType(_)
        | ExprKind::AlignOfExpr(_)
        | ExprKind::AlignOfType(_)
        | ExprKind::Builtin(..)
        | ExprKind::OffsetOf(..) => {
            unreachable!("sema replaces sizeof, alignof and builtins by what they mean")
        }
    };
    // A `signed char` constant says `char`, a pointer one `unsigned long`.
    debug_assert!(
        value.ty() == *e.ty() || value.ty().size() == e.ty().size(),
        "constant of the wrong type"
    );
    Some(value)
}
