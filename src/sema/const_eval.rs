//! Constant expressions (C11 6.6): case values and static initialisers
//! (book chapters 8, 10-16).
//!
//! Takes a type-checked expression, whose implicit conversions are explicit
//! casts; returns its value, of the expression's type, if it is built from
//! constants with casts, operators and `?:`, and `None` otherwise (a
//! variable, a call, an assignment, or an operation with no defined value
//! such as a division by zero or an out-of-range shift). The arithmetic is
//! [`Const`]'s, so it is C's in every type. [`array_length`] is what an
//! array declarator's length must be, for the parser and the type checker.

use crate::diag::{Diagnostic, Result, Span};
use crate::ir::ast::{BinaryOp, Const, Expr, ExprKind};
use crate::ir::types::Type;

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
        ExprKind::Elvis(c, f) => {
            let c = eval_constant(c)?;
            if c.is_zero() { eval_constant(f)? } else { c }
        }
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
        | ExprKind::WideString(..)
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
        | ExprKind::Overflow(..)
        | ExprKind::Atomic(..)
        | ExprKind::CompareExchange(..)
        | ExprKind::CountBits(..)
        | ExprKind::Alloca(..)
        | ExprKind::Fence
        | ExprKind::VaArg(..)
        | ExprKind::CompoundLiteral(..) => return None,
        ExprKind::SizeOfExpr(_)
        | ExprKind::SizeOfType(_)
        | ExprKind::AlignOfExpr(_)
        | ExprKind::AlignOfType(_)
        | ExprKind::Builtin(..)
        | ExprKind::Generic(..)
        | ExprKind::TypesCompatible(..)
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

/// The length an array declarator's `[N]` gives, from the value of `N` (C11
/// 6.7.6.2p1), wherever it is evaluated: by the parser when it can, else by
/// the type checker. `zero_allowed`: a structure member (gcc's zero-length
/// arrays, the flexible array members before C99). `elem_size`, when known,
/// refuses arrays larger than any object.
pub fn array_length(
    c: Const,
    zero_allowed: bool,
    elem_size: Option<u64>,
    span: Span,
) -> Result<u64> {
    if !c.ty().is_integer() {
        return Err(Diagnostic::error(
            span,
            "size of array has non-integer type",
        ));
    }
    let len = match c.convert(&Type::Long) {
        // An unsigned length past `long`'s range is no negative one.
        Const::Long(n) if n < 0 && !c.ty().is_signed() => {
            return Err(Diagnostic::error(span, "size of array is too large"));
        }
        Const::Long(n) if n > 0 => n as u64,
        Const::Long(0) if zero_allowed => 0,
        Const::Long(0) => return Err(Diagnostic::error(span, "size of array is zero")),
        _ => return Err(Diagnostic::error(span, "size of array is negative")),
    };
    let too_large = elem_size.is_some_and(|size| {
        size.checked_mul(len)
            .is_none_or(|bytes| bytes > MAX_OBJECT_SIZE)
    });
    if too_large {
        return Err(Diagnostic::error(span, "size of array is too large"));
    }
    Ok(len)
}

/// The largest object type, in bytes: gcc's `PTRDIFF_MAX`, so that the
/// difference of two pointers into one object is representable. (What mcc
/// lays out itself must be smaller still: see the type checker.)
pub const MAX_OBJECT_SIZE: u64 = i64::MAX as u64;
