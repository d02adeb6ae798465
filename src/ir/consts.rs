//! Typed constants of C's arithmetic types (book chapters 11-13): the values
//! of constant expressions in the AST, TACKY and static initialisers, and
//! the one place C's arithmetic on them is written down.
//!
//! [`Const::convert`] is C's conversion between arithmetic types (C11
//! 6.3.1.3-6.3.1.5), [`Const::unary`] and [`Const::binary`] are the TACKY
//! operators with C semantics: unsigned arithmetic wraps, signed arithmetic
//! wraps too (overflow is undefined; gcc folds it this way), `double` is
//! IEEE 754 binary64 with round-to-nearest. Whatever has no value at compile
//! time (division by zero, `INT_MIN / -1`, a shift count that is negative
//! or not below the width) is `None`, so constant evaluation and folding
//! leave it alone. Operands of the wrong types are a bug and panic: semantic
//! analysis has converted them.
//!
//! `long double` is the x87 80-bit format ([`F80`]), computed with LLVM's
//! APFloat (the `rustc_apfloat` crate) at its own precision with
//! round-to-nearest, as the x87 unit does under the default control word.
//!
//! A `double` constant compares by its bits, so `0.0 != -0.0` and a NaN
//! equals itself: two constants are equal exactly when they are the same
//! value in memory, which is what deduplicating, folding and
//! initialising need.

use std::fmt;
use std::ops::{Add, Div, Mul, Sub};

use rustc_apfloat::ieee::{Double as ApDouble, Single as ApSingle, X87DoubleExtended};
use rustc_apfloat::{Float as _, FloatConvert as _, Round};

use crate::ir::tacky::{BinaryOp, UnaryOp};
use crate::ir::types::Type;

/// A `long double` value: the bits of the x87 80-bit extended format (a
/// 64-bit significand with its explicit integer bit, then the sign and
/// 15-bit exponent), kept in 4-byte pieces so that a [`Const`], and with
/// it a TACKY value, stays 16 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct F80 {
    significand: [u32; 2],
    sign_exp: u16,
}

impl F80 {
    pub const fn new(sign_exp: u16, significand: u64) -> F80 {
        F80 {
            significand: [significand as u32, (significand >> 32) as u32],
            sign_exp,
        }
    }

    fn significand(self) -> u64 {
        u64::from(self.significand[1]) << 32 | u64::from(self.significand[0])
    }

    /// The 80 bits, little-endian in the low bits of a `u128` (as the
    /// value is in memory; the 6 bytes above are padding).
    pub fn to_bits(self) -> u128 {
        u128::from(self.sign_exp) << 64 | u128::from(self.significand())
    }

    pub fn from_bits(bits: u128) -> F80 {
        F80::new((bits >> 64) as u16, bits as u64)
    }

    fn value(self) -> X87DoubleExtended {
        X87DoubleExtended::from_bits(self.to_bits())
    }

    fn of(v: X87DoubleExtended) -> F80 {
        F80::from_bits(v.to_bits())
    }

    /// A floating constant's text (decimal or hexadecimal, without its
    /// suffix) rounded to the nearest `long double`; `None` if it is not
    /// one.
    pub fn parse(text: &str) -> Option<F80> {
        X87DoubleExtended::from_str_r(text, Round::NearestTiesToEven)
            .ok()
            .map(|v| F80::of(v.value))
    }

    /// A `double` as a `long double` (exact).
    pub fn from_f64(d: f64) -> F80 {
        let v: X87DoubleExtended = ApDouble::from_bits(u128::from(d.to_bits()))
            .convert(&mut false)
            .value;
        F80::of(v)
    }

    /// Rounded to the nearest `double`.
    pub fn to_f64(self) -> f64 {
        let d: ApDouble = self.value().convert(&mut false).value;
        f64::from_bits(d.to_bits() as u64)
    }

    fn to_f32(self) -> f32 {
        let f: ApSingle = self.value().convert(&mut false).value;
        f32::from_bits(f.to_bits() as u32)
    }

    fn from_integer(v: i128) -> F80 {
        F80::of(X87DoubleExtended::from_i128(v).value)
    }

    /// Truncated toward zero to a `bits`-bit integer (signed or not); out
    /// of range, the nearest value, as gcc folds it; a NaN is 0.
    fn to_integer(self, bits: usize, signed: bool) -> i128 {
        let v = self.value();
        if v.is_nan() {
            return 0;
        }
        if signed {
            v.to_i128(bits).value
        } else {
            v.to_u128(bits).value as i128
        }
    }

    pub fn is_zero(self) -> bool {
        self.value().is_zero()
    }

    pub fn negate(self) -> F80 {
        F80 {
            sign_exp: self.sign_exp ^ 0x8000,
            ..self
        }
    }

    fn binary(op: BinaryOp, x: F80, y: F80) -> Const {
        use BinaryOp::*;
        let (a, b) = (x.value(), y.value());
        if let Some(c) = Const::compare(op, a.partial_cmp(&b)) {
            return c;
        }
        let v = match op {
            Add => (a + b).value,
            Subtract => (a - b).value,
            Multiply => (a * b).value,
            Divide => (a / b).value,
            _ => panic!("{op:?} on long double constants"),
        };
        Const::LongDouble(F80::of(v))
    }
}

#[derive(Clone, Copy, Debug)]
pub enum Const {
    /// A `char` or `signed char` value.
    Char(i8),
    UChar(u8),
    Short(i16),
    UShort(u16),
    Int(i32),
    Long(i64),
    UInt(u32),
    ULong(u64),
    Float(f32),
    Double(f64),
    LongDouble(F80),
}

impl PartialEq for Const {
    fn eq(&self, other: &Const) -> bool {
        use Const::*;
        match (*self, *other) {
            (Char(a), Char(b)) => a == b,
            (UChar(a), UChar(b)) => a == b,
            (Short(a), Short(b)) => a == b,
            (UShort(a), UShort(b)) => a == b,
            (Int(a), Int(b)) => a == b,
            (Long(a), Long(b)) => a == b,
            (UInt(a), UInt(b)) => a == b,
            (ULong(a), ULong(b)) => a == b,
            (Double(a), Double(b)) => a.to_bits() == b.to_bits(),
            (Float(a), Float(b)) => a.to_bits() == b.to_bits(),
            (LongDouble(a), LongDouble(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for Const {}

impl std::hash::Hash for Const {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self).hash(state);
        self.wide_bits().hash(state);
    }
}

impl Const {
    /// The value's type; a `signed char` value says `char`, and a null
    /// pointer constant converted to a pointer type says `unsigned long`.
    pub fn ty(self) -> Type {
        match self {
            Const::Char(_) => Type::Char,
            Const::UChar(_) => Type::UChar,
            Const::Short(_) => Type::Short,
            Const::UShort(_) => Type::UShort,
            Const::Int(_) => Type::Int,
            Const::Long(_) => Type::Long,
            Const::UInt(_) => Type::UInt,
            Const::ULong(_) => Type::ULong,
            Const::Double(_) => Type::Double,
            Const::Float(_) => Type::Float,
            Const::LongDouble(_) => Type::LongDouble,
        }
    }

    /// The value's bytes in memory, little-endian, zero-extended to 128
    /// bits (a `long double`'s padding zero).
    pub fn wide_bits(self) -> u128 {
        match self {
            Const::LongDouble(v) => v.to_bits(),
            c => u128::from(c.bits()),
        }
    }

    /// The value's bytes in memory, little-endian, zero-extended to 64 bits
    /// (a `long double` has more: see [`Const::wide_bits`]).
    pub fn bits(self) -> u64 {
        match self {
            Const::Char(v) => u64::from(v as u8),
            Const::UChar(v) => u64::from(v),
            Const::Short(v) => u64::from(v as u16),
            Const::UShort(v) => u64::from(v),
            Const::Int(v) => u64::from(v as u32),
            Const::Long(v) => v as u64,
            Const::UInt(v) => u64::from(v),
            Const::ULong(v) => v,
            Const::Double(v) => v.to_bits(),
            Const::Float(v) => u64::from(v.to_bits()),
            Const::LongDouble(_) => panic!("a long double has more than 64 bits"),
        }
    }

    /// All bits zero (so `-0.0` is not).
    pub fn is_zero_bits(self) -> bool {
        self.wide_bits() == 0
    }

    /// Compares equal to zero, as a condition does (C11 6.8.4.1p2): `-0.0`
    /// is zero, a NaN is not.
    pub fn is_zero(self) -> bool {
        match self {
            Const::Double(v) => v == 0.0,
            Const::Float(v) => v == 0.0,
            Const::LongDouble(v) => v.is_zero(),
            c => c.bits() == 0,
        }
    }

    /// Zero of an arithmetic type.
    pub fn zero(ty: &Type) -> Const {
        Const::Int(0).convert(ty)
    }

    /// The value of an integer constant, exactly.
    fn integer(self) -> i128 {
        match self {
            Const::Char(v) => v.into(),
            Const::UChar(v) => v.into(),
            Const::Short(v) => v.into(),
            Const::UShort(v) => v.into(),
            Const::Int(v) => v.into(),
            Const::Long(v) => v.into(),
            Const::UInt(v) => v.into(),
            Const::ULong(v) => v.into(),
            Const::Double(_) | Const::Float(_) | Const::LongDouble(_) => {
                panic!("integer value of a floating constant")
            }
        }
    }

    /// An integer value reduced modulo 2^N into an integer type (C11
    /// 6.3.1.3; gcc keeps the low bits for a signed type too).
    fn wrap(v: i128, ty: &Type) -> Const {
        match ty {
            Type::Char | Type::SChar => Const::Char(v as i8),
            Type::UChar => Const::UChar(v as u8),
            Type::Short => Const::Short(v as i16),
            Type::UShort => Const::UShort(v as u16),
            // A pointer's value is its address.
            Type::Pointer(..) => Const::ULong(v as u64),
            Type::Int => Const::Int(v as i32),
            Type::Long => Const::Long(v as i64),
            Type::UInt => Const::UInt(v as u32),
            Type::ULong => Const::ULong(v as u64),
            _ => panic!("wrap to non-integer type {ty}"),
        }
    }

    /// C's conversion to an arithmetic type (C11 6.3.1.3-6.3.1.5).
    /// Integer to integer keeps the value modulo 2^N; integer to `double`
    /// rounds to nearest, ties to even; `double` to integer truncates toward
    /// zero, and where the value does not fit (undefined behaviour) gives
    /// what gcc folds it to: the nearest representable value, 0 for a NaN.
    pub fn convert(self, to: &Type) -> Const {
        match (self, to) {
            // 0 or 1, held as an `unsigned char` (TACKY's `_Bool`).
            (c, Type::Bool) => Const::UChar((!c.is_zero()).into()),
            (Const::LongDouble(_), Type::LongDouble) => self,
            (Const::LongDouble(v), Type::Double) => Const::Double(v.to_f64()),
            // Rounded once, not through `double`.
            (Const::LongDouble(v), Type::Float) => Const::Float(v.to_f32()),
            (Const::LongDouble(v), ty) => {
                Const::wrap(v.to_integer(8 * ty.size() as usize, ty.is_signed()), ty)
            }
            (Const::Float(f), Type::LongDouble) => Const::LongDouble(F80::from_f64(f64::from(f))),
            (Const::Double(d), Type::LongDouble) => Const::LongDouble(F80::from_f64(d)),
            // Every integer of 64 bits or fewer is a long double exactly.
            (c, Type::LongDouble) => Const::LongDouble(F80::from_integer(c.integer())),
            (Const::Float(_), Type::Float) => self,
            // Every float is a double exactly.
            (Const::Float(f), ty) => Const::Double(f64::from(f)).convert(ty),
            // Rust's conversions to f32 round to nearest, ties to even.
            (Const::Double(d), Type::Float) => Const::Float(d as f32),
            (Const::Long(v), Type::Float) => Const::Float(v as f32),
            (Const::ULong(v), Type::Float) => Const::Float(v as f32),
            (c, Type::Float) => Const::Float(c.integer() as f32),
            (Const::Double(d), Type::Char | Type::SChar) => Const::Char(d as i32 as i8),
            (Const::Double(d), Type::UChar) => Const::UChar(d as i32 as u8),
            (Const::Double(d), Type::Short) => Const::Short(d as i32 as i16),
            (Const::Double(d), Type::UShort) => Const::UShort(d as i32 as u16),
            (Const::Double(d), Type::Int) => Const::Int(d as i32),
            (Const::Double(d), Type::Long) => Const::Long(d as i64),
            (Const::Double(d), Type::UInt) => Const::UInt(d as u32),
            (Const::Double(d), Type::ULong) => Const::ULong(d as u64),
            (Const::Double(_), Type::Double) => self,
            (Const::Long(v), Type::Double) => Const::Double(v as f64),
            (Const::ULong(v), Type::Double) => Const::Double(v as f64),
            (c, Type::Double) => Const::Double(c.integer() as f64),
            (c, ty) => Const::wrap(c.integer(), ty),
        }
    }

    /// A TACKY unary operator: `-` and `~` in the operand's type, `!` as
    /// an `int` (C11 6.5.3.3). `~` on a `double` is a bug.
    pub fn unary(op: UnaryOp, c: Const) -> Const {
        match (op, c) {
            (UnaryOp::Not, c) => Const::Int(c.is_zero().into()),
            (UnaryOp::Negate, Const::Double(d)) => Const::Double(-d),
            (UnaryOp::Negate, Const::Float(f)) => Const::Float(-f),
            (UnaryOp::Negate, Const::LongDouble(v)) => Const::LongDouble(v.negate()),
            (UnaryOp::Complement, Const::LongDouble(_)) => panic!("~ on a long double constant"),
            (UnaryOp::Complement, Const::Float(_)) => panic!("~ on a float constant"),
            (UnaryOp::Negate, c) => Const::wrap(-c.integer(), &c.ty()),
            (UnaryOp::Complement, Const::Double(_)) => panic!("~ on a double constant"),
            (UnaryOp::Complement, c) => Const::wrap(!c.integer(), &c.ty()),
        }
    }

    /// A TACKY binary operator. Both operands have one type, except the
    /// shifts, whose count may be any integer type and whose result has the
    /// left operand's type. Comparisons give an `int`. `None` where the
    /// result is undefined: division or remainder by zero, `MIN / -1` and
    /// `MIN % -1` of a signed type, a shift count outside `0..width`.
    pub fn binary(op: BinaryOp, a: Const, b: Const) -> Option<Const> {
        use BinaryOp::*;
        if matches!(op, ShiftLeft | ShiftRight) {
            return Const::shift(op, a, b);
        }
        assert_eq!(a.ty(), b.ty(), "operands of {op:?} differ in type");
        // An invalid operation (`0.0 / 0.0`, `inf - inf`) makes the
        // positive quiet NaN, as gcc's folding of a static initialiser
        // does (code computing it at run time gets the machine's own,
        // negative: see `Const::machine_nan`).
        if let (Const::Double(x), Const::Double(y)) = (a, b) {
            return Some(match Const::binary_ieee(op, x, y, Const::Double) {
                Const::Double(r) if r.is_nan() && !x.is_nan() && !y.is_nan() => {
                    Const::Double(f64::NAN)
                }
                r => r,
            });
        }
        if let (Const::Float(x), Const::Float(y)) = (a, b) {
            return Some(match Const::binary_ieee(op, x, y, Const::Float) {
                Const::Float(r) if r.is_nan() && !x.is_nan() && !y.is_nan() => {
                    Const::Float(f32::NAN)
                }
                r => r,
            });
        }
        if let (Const::LongDouble(x), Const::LongDouble(y)) = (a, b) {
            return Some(F80::binary(op, x, y));
        }
        let ty = a.ty();
        let (x, y) = (a.integer(), b.integer());
        if let Some(c) = Const::compare(op, x.partial_cmp(&y)) {
            return Some(c);
        }
        match op {
            Add => Some(Const::wrap(x + y, &ty)),
            Subtract => Some(Const::wrap(x - y, &ty)),
            Multiply => Some(Const::wrap(x * y, &ty)),
            // Rust's `/` and `%` on i128 truncate toward zero, as C's do;
            // the quotient must fit the type (`INT_MIN / -1` does not).
            Divide | Remainder => {
                if y == 0 || Const::wrap(x / y, &ty).integer() != x / y {
                    return None;
                }
                Some(Const::wrap(if op == Divide { x / y } else { x % y }, &ty))
            }
            BitAnd => Some(Const::wrap(x & y, &ty)),
            BitOr => Some(Const::wrap(x | y, &ty)),
            BitXor => Some(Const::wrap(x ^ y, &ty)),
            Equal | NotEqual | Less | LessEqual | Greater | GreaterEqual => {
                unreachable!("handled by compare")
            }
            ShiftLeft | ShiftRight => unreachable!("handled above"),
        }
    }

    /// Whether a floating constant is a NaN.
    pub fn is_nan(self) -> bool {
        match self {
            Const::Double(v) => v.is_nan(),
            Const::Float(v) => v.is_nan(),
            Const::LongDouble(v) => v.value().is_nan(),
            _ => false,
        }
    }

    /// The NaN the machine makes for an invalid operation, of this
    /// floating constant's type: SSE's and x87's default NaN, negative.
    /// What folding must give where code run would compute it.
    pub fn machine_nan(self) -> Const {
        match self {
            Const::Double(_) => Const::Double(f64::from_bits(0xfff8_0000_0000_0000)),
            Const::Float(_) => Const::Float(f32::from_bits(0xffc0_0000)),
            Const::LongDouble(_) => Const::LongDouble(F80::new(0xffff, 0xc000_0000_0000_0000)),
            c => panic!("no NaN of {}", c.ty()),
        }
    }

    /// `<<` keeps the low bits (gcc's folding of a signed overflow); `>>`
    /// of a negative value is arithmetic (gcc's choice, C11 6.5.7p5).
    fn shift(op: BinaryOp, a: Const, b: Const) -> Option<Const> {
        let ty = a.ty();
        let count = b.integer();
        if !(0..i128::from(ty.size() * 8)).contains(&count) {
            return None;
        }
        let x = a.integer();
        Some(match op {
            BinaryOp::ShiftLeft => Const::wrap(x << count, &ty),
            _ => Const::wrap(x >> count, &ty),
        })
    }

    /// A comparison operator's `int` result for operands ordered as
    /// `order` (`None`: unordered, a NaN, where every comparison is false
    /// but `!=`); `None` for any other operator.
    fn compare(op: BinaryOp, order: Option<std::cmp::Ordering>) -> Option<Const> {
        use std::cmp::Ordering as O;
        let holds = match op {
            BinaryOp::Equal => order == Some(O::Equal),
            BinaryOp::NotEqual => order != Some(O::Equal),
            BinaryOp::Less => order == Some(O::Less),
            BinaryOp::LessEqual => matches!(order, Some(O::Less | O::Equal)),
            BinaryOp::Greater => order == Some(O::Greater),
            BinaryOp::GreaterEqual => matches!(order, Some(O::Greater | O::Equal)),
            _ => return None,
        };
        Some(Const::Int(holds.into()))
    }

    /// IEEE 754 arithmetic and comparisons, in the operands' own
    /// precision (`f64` for `double`, `f32` for `float`); `make` wraps the
    /// result.
    fn binary_ieee<F>(op: BinaryOp, x: F, y: F, make: fn(F) -> Const) -> Const
    where
        F: Copy
            + PartialOrd
            + Add<Output = F>
            + Sub<Output = F>
            + Mul<Output = F>
            + Div<Output = F>,
    {
        use BinaryOp::*;
        if let Some(c) = Const::compare(op, x.partial_cmp(&y)) {
            return c;
        }
        match op {
            Add => make(x + y),
            Subtract => make(x - y),
            Multiply => make(x * y),
            Divide => make(x / y),
            Equal | NotEqual | Less | LessEqual | Greater | GreaterEqual => {
                unreachable!("handled by compare")
            }
            Remainder | BitAnd | BitOr | BitXor | ShiftLeft | ShiftRight => {
                panic!("{op:?} on floating constants")
            }
        }
    }
}

impl fmt::Display for Const {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Const::Char(v) => write!(f, "{v}c"),
            Const::UChar(v) => write!(f, "{v}UC"),
            Const::Short(v) => write!(f, "{v}S"),
            Const::UShort(v) => write!(f, "{v}US"),
            Const::Int(v) => write!(f, "{v}"),
            Const::Long(v) => write!(f, "{v}L"),
            Const::UInt(v) => write!(f, "{v}U"),
            Const::ULong(v) => write!(f, "{v}UL"),
            Const::Double(v) => write!(f, "{v:?}"),
            Const::Float(v) => write!(f, "{v:?}F"),
            Const::LongDouble(v) => write!(f, "{}L", v.value()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Const::{self, *};
    use crate::ir::tacky::BinaryOp::*;
    use crate::ir::tacky::UnaryOp;
    use crate::ir::types::Type;

    const TWO_63: f64 = 9_223_372_036_854_775_808.0;

    #[test]
    fn integer_conversions_keep_the_value_modulo_two_to_the_n() {
        assert_eq!(Int(-1).convert(&Type::UInt), UInt(u32::MAX));
        assert_eq!(Int(-1).convert(&Type::ULong), ULong(u64::MAX));
        assert_eq!(Int(i32::MIN).convert(&Type::Long), Long(-2_147_483_648));
        assert_eq!(UInt(u32::MAX).convert(&Type::Long), Long(4_294_967_295));
        assert_eq!(UInt(u32::MAX).convert(&Type::Int), Int(-1));
        assert_eq!(Long(0x1_0000_0000).convert(&Type::Int), Int(0));
        assert_eq!(Long(34_359_738_768).convert(&Type::Int), Int(400));
        assert_eq!(Long(i64::MIN).convert(&Type::ULong), ULong(1 << 63));
        assert_eq!(ULong(u64::MAX).convert(&Type::Long), Long(-1));
        assert_eq!(ULong(u64::MAX).convert(&Type::UInt), UInt(u32::MAX));
        assert_eq!(Long(5).convert(&Type::Long), Long(5));
    }

    #[test]
    fn integer_to_double_rounds_to_nearest_even() {
        assert_eq!(
            Int(i32::MIN).convert(&Type::Double),
            Double(-2_147_483_648.0)
        );
        assert_eq!(
            UInt(u32::MAX).convert(&Type::Double),
            Double(4_294_967_295.0)
        );
        assert_eq!(Long(i64::MAX).convert(&Type::Double), Double(TWO_63));
        assert_eq!(ULong(u64::MAX).convert(&Type::Double), Double(2.0 * TWO_63));
        // 2^53 + 1 is a tie between 2^53 and 2^53 + 2: even wins.
        assert_eq!(
            Long((1 << 53) + 1).convert(&Type::Double),
            Double(9_007_199_254_740_992.0)
        );
        assert_eq!(
            ULong((1 << 63) + (1 << 10) + 1).convert(&Type::Double),
            Double(TWO_63 + 2048.0)
        );
    }

    #[test]
    fn double_to_integer_truncates_toward_zero() {
        assert_eq!(Double(3.9).convert(&Type::Long), Long(3));
        assert_eq!(Double(-3.9).convert(&Type::Int), Int(-3));
        assert_eq!(Double(-0.0).convert(&Type::Int), Int(0));
        assert_eq!(Double(2_147_483_647.9).convert(&Type::Int), Int(i32::MAX));
        assert_eq!(Double(-2_147_483_648.9).convert(&Type::Int), Int(i32::MIN));
        assert_eq!(Double(4_294_967_295.5).convert(&Type::UInt), UInt(u32::MAX));
        assert_eq!(
            Double(1e19).convert(&Type::ULong),
            ULong(10_000_000_000_000_000_000)
        );
        assert_eq!(Double(TWO_63).convert(&Type::ULong), ULong(1 << 63));
        // 2^64 - 2048, the largest double below 2^64.
        assert_eq!(
            Double(18_446_744_073_709_549_568.0).convert(&Type::ULong),
            ULong(18_446_744_073_709_549_568)
        );
        // Out of range: gcc folds to the nearest value, a NaN to 0.
        assert_eq!(Double(1e10).convert(&Type::Int), Int(i32::MAX));
        assert_eq!(Double(-1.0).convert(&Type::UInt), UInt(0));
        assert_eq!(Double(f64::NAN).convert(&Type::Long), Long(0));
    }

    #[test]
    fn integer_arithmetic_wraps_in_its_type() {
        assert_eq!(
            Const::binary(Add, Int(i32::MAX), Int(1)),
            Some(Int(i32::MIN))
        );
        assert_eq!(
            Const::binary(Subtract, UInt(0), UInt(1)),
            Some(UInt(u32::MAX))
        );
        assert_eq!(
            Const::binary(Add, ULong(u64::MAX), ULong(1)),
            Some(ULong(0))
        );
        assert_eq!(
            Const::binary(Multiply, Long(i64::MAX), Long(2)),
            Some(Long(-2))
        );
        assert_eq!(Const::unary(UnaryOp::Negate, Int(i32::MIN)), Int(i32::MIN));
        assert_eq!(Const::unary(UnaryOp::Negate, UInt(1)), UInt(u32::MAX));
        assert_eq!(Const::unary(UnaryOp::Complement, ULong(0)), ULong(u64::MAX));
        assert_eq!(Const::unary(UnaryOp::Complement, Long(0)), Long(-1));
        assert_eq!(Const::unary(UnaryOp::Not, Long(1 << 40)), Int(0));
    }

    #[test]
    fn division_truncates_and_undefined_cases_have_no_value() {
        assert_eq!(Const::binary(Divide, Int(-7), Int(2)), Some(Int(-3)));
        assert_eq!(Const::binary(Remainder, Int(-7), Int(2)), Some(Int(-1)));
        assert_eq!(
            Const::binary(Divide, ULong(u64::MAX), ULong(2)),
            Some(ULong(u64::MAX / 2))
        );
        assert_eq!(Const::binary(Divide, Int(1), Int(0)), None);
        assert_eq!(Const::binary(Remainder, UInt(1), UInt(0)), None);
        assert_eq!(Const::binary(Divide, Int(i32::MIN), Int(-1)), None);
        assert_eq!(Const::binary(Remainder, Long(i64::MIN), Long(-1)), None);
        assert_eq!(
            Const::binary(Divide, UInt(0x8000_0000), UInt(u32::MAX)),
            Some(UInt(0))
        );
    }

    #[test]
    fn shifts_take_the_left_type_and_reject_bad_counts() {
        assert_eq!(
            Const::binary(ShiftLeft, Int(1), Long(31)),
            Some(Int(i32::MIN))
        );
        assert_eq!(Const::binary(ShiftLeft, Int(100), Long(2)), Some(Int(400)));
        assert_eq!(Const::binary(ShiftRight, Int(-8), Int(1)), Some(Int(-4)));
        assert_eq!(
            Const::binary(ShiftRight, UInt(0x8000_0000), Int(31)),
            Some(UInt(1))
        );
        assert_eq!(
            Const::binary(ShiftLeft, Long(1), Int(63)),
            Some(Long(i64::MIN))
        );
        assert_eq!(Const::binary(ShiftLeft, Int(1), Int(32)), None);
        assert_eq!(Const::binary(ShiftLeft, Long(1), ULong(64)), None);
        assert_eq!(Const::binary(ShiftRight, Int(1), Int(-1)), None);
    }

    #[test]
    fn comparisons_give_int_in_the_operands_type() {
        assert_eq!(Const::binary(Less, Int(-1), Int(0)), Some(Int(1)));
        assert_eq!(Const::binary(Less, UInt(u32::MAX), UInt(0)), Some(Int(0)));
        assert_eq!(
            Const::binary(Greater, ULong(1 << 63), ULong(1)),
            Some(Int(1))
        );
        assert_eq!(
            Const::binary(Equal, Double(0.0), Double(-0.0)),
            Some(Int(1))
        );
    }

    #[test]
    fn doubles_follow_ieee() {
        let nan = Double(f64::NAN);
        assert_eq!(Const::binary(Equal, nan, nan), Some(Int(0)));
        assert_eq!(Const::binary(NotEqual, nan, nan), Some(Int(1)));
        assert_eq!(Const::binary(Less, nan, Double(0.0)), Some(Int(0)));
        assert_eq!(Const::binary(GreaterEqual, nan, Double(0.0)), Some(Int(0)));
        assert_eq!(Const::unary(UnaryOp::Not, nan), Int(0));
        assert_eq!(Const::unary(UnaryOp::Not, Double(-0.0)), Int(1));
        assert_eq!(Const::unary(UnaryOp::Negate, Double(0.0)), Double(-0.0));
        assert_eq!(
            Const::binary(Divide, Double(1.0), Double(-0.0)),
            Some(Double(f64::NEG_INFINITY))
        );
        assert_eq!(
            Const::binary(Add, Double(0.1), Double(0.2)),
            Some(Double(0.1 + 0.2))
        );
        // Compared by bits: -0.0 is not 0.0, a NaN is itself.
        assert_ne!(Double(-0.0), Double(0.0));
        assert_eq!(nan, nan);
        assert!(Double(-0.0).is_zero() && !Double(-0.0).is_zero_bits());
        assert!(!nan.is_zero());
    }

    #[test]
    fn long_doubles_round_to_sixty_four_bits() {
        use super::F80;
        let ld = |text: &str| LongDouble(F80::parse(text).expect("a constant"));
        // 1/3: 0xaaaa...ab x 2^-65, rounded up in the last place.
        assert_eq!(
            Const::binary(Divide, ld("1"), ld("3")),
            Some(LongDouble(F80::new(0x3ffd, 0xaaaa_aaaa_aaaa_aaab)))
        );
        // 2^64 + 1 needs 65 bits; 2^63 + 1 does not.
        assert_eq!(
            ULong(u64::MAX).convert(&Type::LongDouble),
            ld("18446744073709551615")
        );
        assert_eq!(ld("0x1p64").convert(&Type::ULong), ULong(u64::MAX));
        assert_eq!(ld("-3.9").convert(&Type::Int), Int(-3));
        assert_eq!(ld("0.1").convert(&Type::Double), Double(0.1));
        assert_ne!(ld("0.1"), Double(0.1).convert(&Type::LongDouble));
        let nan = Const::binary(Subtract, ld("inf"), ld("inf")).expect("a value");
        assert_eq!(Const::binary(Equal, nan, nan), Some(Int(0)));
        assert_eq!(Const::binary(Less, ld("-0.0"), ld("0.0")), Some(Int(0)));
        assert_eq!(Const::unary(UnaryOp::Negate, ld("2")), ld("-2"));
        assert_eq!(
            ld("0x1.fffffffffffffffep16383").wide_bits(),
            0x7ffe_ffff_ffff_ffff_ffff
        );
    }

    /// An invalid operation folds to the positive quiet NaN, as gcc folds
    /// it, whatever the host computes; the machine's own is negative.
    #[test]
    fn invalid_operations_make_the_positive_quiet_nan() {
        use super::F80;
        let zero = |c: Const| Const::binary(Divide, c, c).expect("a value");
        assert_eq!(zero(Double(0.0)), Double(f64::NAN));
        assert_eq!(zero(Float(0.0)), Float(f32::NAN));
        let ld = zero(LongDouble(F80::from_bits(0)));
        assert_eq!(ld.wide_bits(), 0x7fff_c000_0000_0000_0000);
        assert!(ld.is_nan() && !Double(1.0).is_nan());
        assert_eq!(ld.machine_nan().wide_bits(), 0xffff_c000_0000_0000_0000);
        assert_eq!(Double(0.0).machine_nan().bits(), 0xfff8_0000_0000_0000);
    }

    /// Every TACKY operand is a `Val`: a `long double` must not make
    /// them bigger.
    #[test]
    fn constants_and_values_stay_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<Const>(), 16);
        assert_eq!(std::mem::size_of::<crate::ir::tacky::Val>(), 16);
    }

    #[test]
    fn zero_of_each_type() {
        assert_eq!(Const::zero(&Type::ULong), ULong(0));
        assert_eq!(Const::zero(&Type::Double), Double(0.0));
    }
}
