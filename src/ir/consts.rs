//! Typed constants of C's arithmetic types (book chapters 11-13): the values
//! of constant expressions in the AST, TACKY and static initialisers.
//!
//! A `double` constant compares by its bits, so `0.0 != -0.0` and a NaN
//! equals itself: two constants are equal exactly when they are the same
//! value in memory, which is what deduplicating, folding and
//! initialising need.

use std::fmt;

use crate::ir::types::Type;

#[derive(Clone, Copy, Debug)]
pub enum Const {
    Int(i32),
    Long(i64),
    UInt(u32),
    ULong(u64),
    Double(f64),
}

impl PartialEq for Const {
    fn eq(&self, other: &Const) -> bool {
        use Const::*;
        match (*self, *other) {
            (Int(a), Int(b)) => a == b,
            (Long(a), Long(b)) => a == b,
            (UInt(a), UInt(b)) => a == b,
            (ULong(a), ULong(b)) => a == b,
            (Double(a), Double(b)) => a.to_bits() == b.to_bits(),
            _ => false,
        }
    }
}

impl Eq for Const {}

impl std::hash::Hash for Const {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self).hash(state);
        self.bits().hash(state);
    }
}

impl Const {
    pub fn ty(self) -> Type {
        match self {
            Const::Int(_) => Type::Int,
            Const::Long(_) => Type::Long,
            Const::UInt(_) => Type::UInt,
            Const::ULong(_) => Type::ULong,
            Const::Double(_) => Type::Double,
        }
    }

    /// The value's bytes in memory, little-endian, zero-extended to 64 bits.
    pub fn bits(self) -> u64 {
        match self {
            Const::Int(v) => u64::from(v as u32),
            Const::Long(v) => v as u64,
            Const::UInt(v) => u64::from(v),
            Const::ULong(v) => v,
            Const::Double(v) => v.to_bits(),
        }
    }

    /// All bits zero (so `-0.0` is not).
    pub fn is_zero_bits(self) -> bool {
        self.bits() == 0
    }
}

impl fmt::Display for Const {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Const::Int(v) => write!(f, "{v}"),
            Const::Long(v) => write!(f, "{v}L"),
            Const::UInt(v) => write!(f, "{v}U"),
            Const::ULong(v) => write!(f, "{v}UL"),
            Const::Double(v) => write!(f, "{v:?}"),
        }
    }
}
