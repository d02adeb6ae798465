//! `long double` selection: TACKY on x87 extended values to x87 sequences.
//!
//! A `long double` variable lives in memory (its asm type is that of an
//! aggregate, 16 bytes), so each TACKY instruction becomes a short
//! sequence that pushes its operands from memory onto the x87 register
//! stack, computes there and stores the result back, popping: the stack
//! is empty between TACKY instructions, and no register allocation is
//! needed for it. Constants come from the constant pool (16 bytes, 10 of
//! them the value).
//!
//! Comparisons use `fcomip` (`fucomip` for `==` and `!=`, which must not
//! raise on a quiet NaN), which sets ZF, PF and CF exactly as `comisd`
//! does, so the conditions are those of doubles. Integer operands go
//! through a slot of the function's frame ([`SCRATCH`]), since `fild` and
//! `fistp` only address memory; conversions to integers truncate by
//! switching the control word's rounding to "toward zero" around the
//! `fistp`, as gcc does without SSE3's `fisttp`.

use super::{AX, DX, Selector};
use crate::intern::Sym;
use crate::ir::Label;
use crate::ir::asm::{
    AsmObject, AsmType, BinaryOp, CondCode, Home, Instr, Operand, X87, X87Arith, X87Format,
};
use crate::ir::consts::{Const, F80};
use crate::ir::tacky::{self, Val};
use crate::ir::types::Type;

/// The frame slot conversions use: an integer or `float`/`double` at
/// offset 0, the saved control word at 8 and the truncating one at 10.
pub(super) const SCRATCH: AsmObject = AsmObject {
    ty: AsmType::ByteArray,
    size: 16,
    align: 16,
    home: Home::Stack,
    temporary: false,
};

/// 2^63, the first value beyond `long`, and 2^64.
const TWO_POW_63: F80 = F80::new(0x3fff + 63, 1 << 63);
const TWO_POW_64: F80 = F80::new(0x3fff + 64, 1 << 63);

impl Selector<'_> {
    /// Whether `v` is a `long double`.
    pub(super) fn is_long_double(&self, v: &Val) -> bool {
        match v {
            Val::Constant(c) => matches!(c, Const::LongDouble(_)),
            Val::Var(name) => self.symbols.info(*name).ty == Type::LongDouble,
        }
    }

    /// The memory a `long double` value is in: its variable's bytes or its
    /// constant's.
    fn x87_memory(&mut self, v: &Val) -> Operand {
        match *v {
            Val::Var(name) => Operand::PseudoMem { name, offset: 0 },
            Val::Constant(_) => self.operand(v),
        }
    }

    /// Pushes `long double` `v`.
    pub(super) fn x87_push(&mut self, v: &Val) {
        let src = self.x87_memory(v);
        self.x87(X87::Load(X87Format::Extended, src));
    }

    /// Stores `%st(0)` to `long double` `dst` and pops.
    pub(super) fn x87_store(&mut self, dst: &Val) {
        let dst = self.x87_memory(dst);
        self.x87(X87::StorePop(X87Format::Extended, dst));
    }

    fn x87(&mut self, x: X87) {
        self.emit(Instr::X87(x));
    }

    fn push_constant(&mut self, v: F80) {
        self.x87_push(&Val::Constant(Const::LongDouble(v)));
    }

    /// Copies `long double` constant `v` to the start of the conversion
    /// slot; returns the slot.
    pub(super) fn x87_materialize(&mut self, v: &Val) -> Sym {
        self.x87_push(v);
        let slot = self.scratch(0);
        self.x87(X87::StorePop(X87Format::Extended, slot));
        self.scratch_slot()
    }

    /// The function's conversion slot, made when first needed.
    fn scratch_slot(&mut self) -> Sym {
        *self
            .x87_scratch
            .get_or_insert_with(|| self.interner.add_numbered("x87_scratch", self.names.bump()))
    }

    /// The conversion slot at `offset`.
    fn scratch(&mut self, offset: i32) -> Operand {
        let name = self.scratch_slot();
        Operand::PseudoMem { name, offset }
    }

    pub(super) fn x87_unary(&mut self, op: tacky::UnaryOp, src: &Val, dst: &Val) {
        match op {
            tacky::UnaryOp::Negate => {
                self.x87_push(src);
                self.x87(X87::ChangeSign);
                self.x87_store(dst);
            }
            tacky::UnaryOp::Not => {
                self.compare_with_x87_zero(src);
                let d = self.operand(dst);
                self.set_double_flag(true, d);
            }
            tacky::UnaryOp::Complement => unreachable!("~ on a long double"),
        }
    }

    pub(super) fn x87_binary(&mut self, op: tacky::BinaryOp, lhs: &Val, rhs: &Val, dst: &Val) {
        use tacky::BinaryOp as T;
        if op.is_comparison() {
            let d = self.operand(dst);
            return match self.x87_relation(op, lhs, rhs) {
                Some(cc) => self.set_flag(cc, d),
                None => {
                    self.x87_compare(lhs, rhs, false);
                    self.set_double_flag(op == T::Equal, d);
                }
            };
        }
        let arith = match op {
            T::Add => X87Arith::Add,
            T::Subtract => X87Arith::Sub,
            T::Multiply => X87Arith::Mul,
            T::Divide => X87Arith::Div,
            _ => unreachable!("{op:?} on long doubles"),
        };
        self.x87_push(lhs);
        self.x87_push(rhs);
        self.x87(X87::ArithPop(arith));
        self.x87_store(dst);
    }

    /// Compares for `<`, `<=`, `>`, `>=` and returns the condition under
    /// which the relation holds (false on an unordered pair, as for
    /// doubles: `a < b` is `b > a`); `None`, emitting nothing, for `==`
    /// and `!=`, which need the parity flag too.
    pub(super) fn x87_relation(
        &mut self,
        op: tacky::BinaryOp,
        lhs: &Val,
        rhs: &Val,
    ) -> Option<CondCode> {
        use tacky::BinaryOp as T;
        let (a, b, cc) = match op {
            T::Less => (rhs, lhs, CondCode::A),
            T::LessEqual => (rhs, lhs, CondCode::Ae),
            T::Greater => (lhs, rhs, CondCode::A),
            T::GreaterEqual => (lhs, rhs, CondCode::Ae),
            _ => return None,
        };
        self.x87_compare(a, b, true);
        Some(cc)
    }

    /// Sets the flags as `comisd b, a` would (from `a - b`), leaving the
    /// x87 stack empty.
    fn x87_compare(&mut self, a: &Val, b: &Val, signaling: bool) {
        self.x87_push(b);
        self.x87_push(a);
        self.x87(X87::CompareAndPop { signaling });
        self.x87(X87::Pop);
    }

    /// Sets ZF and PF from `v` against zero (PF: a NaN).
    fn compare_with_x87_zero(&mut self, v: &Val) {
        self.x87_push(v);
        self.x87(X87::LoadZero);
        self.x87(X87::CompareAndPop { signaling: false });
        self.x87(X87::Pop);
    }

    /// Jumps to `target` when `v` is zero (`if_zero`) or not; a NaN is not
    /// zero.
    pub(super) fn x87_jump_if(&mut self, v: &Val, if_zero: bool, target: Label) {
        self.compare_with_x87_zero(v);
        self.jump_if_floating_zero(if_zero, target);
    }

    /// A conversion to or from `long double`, decided by the types.
    pub(super) fn x87_convert(&mut self, src: &Val, dst: &Val) {
        let (from, to) = (self.ty(src), self.ty(dst));
        match (&from, &to) {
            (Type::LongDouble, Type::LongDouble) => {
                unreachable!("lowering copies a value to its own type")
            }
            (Type::LongDouble, Type::Float | Type::Double) => {
                let (format, ty) = if to == Type::Float {
                    (X87Format::Single, AsmType::Single)
                } else {
                    (X87Format::Double, AsmType::Double)
                };
                self.x87_push(src);
                let slot = self.scratch(0);
                self.x87(X87::StorePop(format, slot));
                let d = self.operand(dst);
                self.mov(ty, slot, d);
            }
            (Type::Float | Type::Double, _) => {
                let (format, ty) = if from == Type::Float {
                    (X87Format::Single, AsmType::Single)
                } else {
                    (X87Format::Double, AsmType::Double)
                };
                let (s, slot) = (self.operand(src), self.scratch(0));
                self.mov(ty, s, slot);
                self.x87(X87::Load(format, slot));
                self.x87_store(dst);
            }
            (Type::LongDouble, _) => self.x87_to_integer(src, dst, &to),
            _ => self.x87_from_integer(src, dst, &from),
        }
    }

    /// An integer of type `from` to `long double` (exact: every 64-bit
    /// integer is one). `fild` reads a signed integer from memory: narrow
    /// types are extended to 32 bits first, `unsigned int` to 64; an
    /// `unsigned long` with its top bit set reads as 2^64 less, which is
    /// added back.
    fn x87_from_integer(&mut self, src: &Val, dst: &Val, from: &Type) {
        let (src_ty, s) = (self.asm_ty(src), self.operand(src));
        let slot = self.scratch(0);
        let format = match (src_ty, from.is_signed()) {
            (AsmType::Long, true) => {
                self.mov(AsmType::Long, s, slot);
                X87Format::Int32
            }
            (AsmType::Quad, _) => {
                self.mov(AsmType::Quad, s, slot);
                X87Format::Int64
            }
            (AsmType::Long, false) => {
                self.emit(Instr::MovZeroExtend {
                    src_ty: AsmType::Long,
                    dst_ty: AsmType::Quad,
                    src: s,
                    dst: AX,
                });
                self.mov(AsmType::Quad, AX, slot);
                X87Format::Int64
            }
            (narrow, signed) => {
                let (src, dst) = (s, AX);
                self.emit(if signed {
                    Instr::Movsx {
                        src_ty: narrow,
                        dst_ty: AsmType::Long,
                        src,
                        dst,
                    }
                } else {
                    Instr::MovZeroExtend {
                        src_ty: narrow,
                        dst_ty: AsmType::Long,
                        src,
                        dst,
                    }
                });
                self.mov(AsmType::Long, AX, slot);
                X87Format::Int32
            }
        };
        self.x87(X87::Load(format, slot));
        if *from == Type::ULong {
            let done = self.label();
            self.emit(Instr::Cmp {
                ty: AsmType::Quad,
                src: Operand::Imm(0),
                dst: slot,
            });
            self.emit(Instr::JmpCC(CondCode::Ge, done));
            self.push_constant(TWO_POW_64);
            self.x87(X87::ArithPop(X87Arith::Add));
            self.emit(Instr::Label(done));
        }
        self.x87_store(dst);
    }

    /// `long double` to an integer of type `to`, truncating: through a
    /// 32-bit `fistp` for types narrower than `int`, a 64-bit one for
    /// `unsigned int` (every value of it is a `long`), and for `unsigned
    /// long` a value from 2^63 up reduced by 2^63 first and given it back
    /// as the top bit.
    fn x87_to_integer(&mut self, src: &Val, dst: &Val, to: &Type) {
        let ty = self.asm_ty(dst);
        self.x87_push(src);
        let slot = self.scratch(0);
        if *to != Type::ULong {
            let format = match (ty, to.is_signed()) {
                (AsmType::Quad, _) | (AsmType::Long, false) => X87Format::Int64,
                _ => X87Format::Int32,
            };
            self.truncating_store(format, slot);
            let d = self.operand(dst);
            return self.mov(ty, slot, d);
        }
        let (small, end) = (self.label(), self.label());
        let q = AsmType::Quad;
        // 2^63 against the value, popped: the value stays.
        self.push_constant(TWO_POW_63);
        self.x87(X87::CompareAndPop { signaling: true });
        self.emit(Instr::JmpCC(CondCode::A, small));
        self.push_constant(TWO_POW_63);
        self.x87(X87::ArithPop(X87Arith::Sub));
        self.truncating_store(X87Format::Int64, slot);
        self.mov(q, slot, AX);
        self.mov(q, Operand::Imm(i64::MIN), DX);
        self.arith(BinaryOp::Add, q, DX, AX);
        self.emit(Instr::Jmp(end));
        self.emit(Instr::Label(small));
        self.truncating_store(X87Format::Int64, slot);
        self.mov(q, slot, AX);
        self.emit(Instr::Label(end));
        let d = self.operand(dst);
        self.mov(q, AX, d);
    }

    /// `fistp` of `%st(0)` to `slot` rounding toward zero: the control
    /// word saved, its rounding field set to 11, and restored after.
    fn truncating_store(&mut self, format: X87Format, slot: Operand) {
        let (saved, truncating) = (self.scratch(8), self.scratch(10));
        self.x87(X87::StoreControl(saved));
        self.emit(Instr::MovZeroExtend {
            src_ty: AsmType::Word,
            dst_ty: AsmType::Long,
            src: saved,
            dst: AX,
        });
        self.arith(BinaryOp::Or, AsmType::Long, Operand::Imm(0xc00), AX);
        self.mov(AsmType::Word, AX, truncating);
        self.x87(X87::LoadControl(truncating));
        self.x87(X87::StorePop(format, slot));
        self.x87(X87::LoadControl(saved));
    }
}
