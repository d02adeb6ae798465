//! TACKY: the three-address intermediate representation (book chapters 2-16).
//!
//! Every value is a constant or a named variable; every variable (user or
//! temporary) has an entry in the [`SymbolTable`], which gives its type.
//! Every instruction carries the span of the source construct it came from.

use std::fmt::Write as _;

use crate::diag::Span;
use crate::intern::{Interner, Sym};
use crate::ir::Label;
use crate::ir::consts::Const;
use crate::ir::symbols::{StaticInit, SymbolTable};
use crate::ir::types::Type;

pub struct Function {
    pub name: Sym,
    /// Where the definition names the function (its line in debug
    /// information).
    pub span: Span,
    pub global: bool,
    pub params: Vec<Sym>,
    /// The labels whose address the function takes: kept, and the
    /// possible targets of every `JumpIndirect`.
    pub address_taken: Vec<Label>,
    /// A variadic function's register save area (see
    /// [`crate::ir::va_list`]): an automatic array the prologue fills with
    /// the argument registers.
    pub va_save_area: Option<Sym>,
    pub body: Vec<Sourced<Instr>>,
}

pub struct StaticVar {
    pub name: Sym,
    pub global: bool,
    pub ty: Type,
    pub init: Vec<StaticInit>,
}

/// An instruction and the source span it was lowered from.
#[derive(Clone, Debug)]
pub struct Sourced<T> {
    pub item: T,
    pub span: Span,
}

/// What a call calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Callee {
    /// A function by its name.
    Function(Sym),
    /// The function a pointer value points to.
    Pointer(Val),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Val {
    Constant(Const),
    Var(Sym),
}

impl Val {
    pub fn ty(&self, symbols: &SymbolTable) -> Type {
        match self {
            Val::Constant(c) => c.ty(),
            Val::Var(name) => symbols.info(*name).ty.clone(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Complement,
    Negate,
    Not,
}

/// The conversions between arithmetic types that are not plain copies
/// (book chapters 11-13). Integer conversions between types of one size are
/// copies; every other one is one of these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConvertOp {
    /// A signed integer to a wider integer type.
    SignExtend,
    /// An unsigned integer to a wider integer type.
    ZeroExtend,
    /// An integer to a narrower integer type (keeps the low bytes).
    Truncate,
    /// A floating type to a signed integer type (rounding toward zero).
    DoubleToInt,
    /// A floating type to an unsigned integer type.
    DoubleToUInt,
    /// A signed integer to a floating type.
    IntToDouble,
    /// An unsigned integer to a floating type.
    UIntToDouble,
    /// A floating type to a wider one (exact): `float` to `double` or
    /// `long double`, `double` to `long double`.
    FloatToDouble,
    /// A floating type to a narrower one (rounding to nearest).
    DoubleToFloat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
    BitAnd,
    BitOr,
    BitXor,
    ShiftLeft,
    ShiftRight,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
}

impl BinaryOp {
    /// `==`, `!=`, `<`, `<=`, `>`, `>=`: an `int` 0 or 1.
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinaryOp::Equal
                | BinaryOp::NotEqual
                | BinaryOp::Less
                | BinaryOp::LessEqual
                | BinaryOp::Greater
                | BinaryOp::GreaterEqual
        )
    }
}

/// What [`Instr::AtomicRmw`] does to the memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AtomicRmwOp {
    /// Adds `src`.
    Add,
    /// Stores `src`.
    Exchange,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Instr {
    /// `return v;`, or `return;` from a `void` function.
    Return(Option<Val>),
    Unary {
        op: UnaryOp,
        src: Val,
        dst: Val,
    },
    Binary {
        op: BinaryOp,
        lhs: Val,
        rhs: Val,
        dst: Val,
    },
    Copy {
        src: Val,
        dst: Val,
    },
    /// `dst = (type of dst) src`; the operation says how.
    Convert {
        op: ConvertOp,
        src: Val,
        dst: Val,
    },
    Jump(Label),
    JumpIfZero(Val, Label),
    JumpIfNotZero(Val, Label),
    Label(Label),
    /// A call; `dst` is `None` for a `void` function.
    Call {
        callee: Callee,
        args: Vec<Val>,
        dst: Option<Val>,
    },
    /// `*ap = ` the state of a fresh `va_list` (`ap` points to its
    /// structure): the counts of argument registers the named parameters
    /// use, where the stack arguments start, and the save area.
    VaStart(Val),
    /// `dst = &&label`.
    LabelAddress {
        label: Label,
        dst: Val,
    },
    /// `goto *target`: to the label whose address `target` holds.
    JumpIndirect(Val),
    /// `dst = alloca(size)`: `size` more bytes (rounded up to 16) below
    /// the stack pointer, for the rest of the function.
    Alloca {
        size: Val,
        dst: Val,
    },
    /// `dst = ` the stack pointer (a `void *`), before variable-length
    /// arrays are allocated.
    SaveStack(Val),
    /// The stack pointer set back to what `SaveStack` kept, where the
    /// scope of the arrays allocated since ends: their memory is given
    /// back.
    RestoreStack(Val),
    /// A full memory barrier (`__sync_synchronize`, a sequentially
    /// consistent atomic store or fence): every store before it is visible
    /// to other threads before any load after it. Aliased variables are
    /// read and written at it, as at a call.
    Fence,
    /// `dst = *ptr`, and `*ptr` changed with `src` as one sequentially
    /// consistent atomic operation (see [`AtomicRmwOp`]). Aliased
    /// variables are read and written at it, as at a call.
    AtomicRmw {
        op: AtomicRmwOp,
        ptr: Val,
        src: Val,
        dst: Val,
    },
    /// `dst = *ptr`, then `*ptr = desired` if `dst == expected`, as one
    /// sequentially consistent atomic operation.
    CompareExchange {
        ptr: Val,
        expected: Val,
        desired: Val,
        dst: Val,
    },
    /// `dst = &src` (`src` a variable).
    GetAddress {
        src: Val,
        dst: Val,
    },
    /// `dst = *ptr`.
    Load {
        ptr: Val,
        dst: Val,
    },
    /// `*ptr = src`.
    Store {
        src: Val,
        ptr: Val,
    },
    /// `dst = ptr + index * scale` (bytes): pointer arithmetic, `index` a
    /// `long`, `scale` the element size (objects are below 2 GiB; 32 bits
    /// keep every instruction at 56 bytes).
    AddPtr {
        ptr: Val,
        index: Val,
        scale: u32,
        dst: Val,
    },
    /// Copies `src` to the bytes of the variable `dst` (an array, a
    /// structure or a union) at `offset`: an element of an initialiser, a
    /// member.
    CopyToOffset {
        src: Val,
        dst: Sym,
        offset: i64,
    },
    /// Copies the bytes of the variable `src` at `offset` to `dst`: a
    /// member's value.
    CopyFromOffset {
        src: Sym,
        offset: i64,
        dst: Val,
    },
}

/// The values an instruction reads, for `&Instr` or `&mut Instr` alike (one
/// list for both visitors below). Not read as values: the variable whose
/// address `GetAddress` takes and the aggregate `CopyFromOffset` reads from
/// (both are names, not values to replace).
macro_rules! visit_uses {
    ($instr:expr, $f:ident) => {
        match $instr {
            Instr::Return(Some(v)) | Instr::JumpIfZero(v, _) | Instr::JumpIfNotZero(v, _) => $f(v),
            Instr::Unary { src, .. }
            | Instr::Copy { src, .. }
            | Instr::Convert { src, .. }
            | Instr::CopyToOffset { src, .. }
            | Instr::Alloca { size: src, .. }
            | Instr::RestoreStack(src) => $f(src),
            Instr::Binary { lhs, rhs, .. } => {
                $f(lhs);
                $f(rhs);
            }
            Instr::Call { callee, args, .. } => {
                if let Callee::Pointer(p) = callee {
                    $f(p);
                }
                args.into_iter().for_each(|a| $f(a))
            }
            Instr::Load { ptr, .. } | Instr::VaStart(ptr) | Instr::JumpIndirect(ptr) => $f(ptr),
            Instr::Store { src, ptr } | Instr::AtomicRmw { ptr, src, .. } => {
                $f(src);
                $f(ptr);
            }
            Instr::CompareExchange {
                ptr,
                expected,
                desired,
                ..
            } => {
                $f(ptr);
                $f(expected);
                $f(desired);
            }
            Instr::AddPtr { ptr, index, .. } => {
                $f(ptr);
                $f(index);
            }
            Instr::Return(None)
            | Instr::Fence
            | Instr::Jump(_)
            | Instr::Label(_)
            | Instr::GetAddress { .. }
            | Instr::LabelAddress { .. }
            | Instr::SaveStack(_)
            | Instr::CopyFromOffset { .. } => {}
        }
    };
}

/// The value an instruction writes whole, for `&Instr` or `&mut Instr`
/// alike (`CopyToOffset` writes bytes of a variable and is not one).
macro_rules! visit_whole_dst {
    ($instr:expr) => {
        match $instr {
            Instr::Unary { dst, .. }
            | Instr::Binary { dst, .. }
            | Instr::Copy { dst, .. }
            | Instr::Convert { dst, .. }
            | Instr::Call { dst: Some(dst), .. }
            | Instr::GetAddress { dst, .. }
            | Instr::LabelAddress { dst, .. }
            | Instr::Load { dst, .. }
            | Instr::AtomicRmw { dst, .. }
            | Instr::CompareExchange { dst, .. }
            | Instr::AddPtr { dst, .. }
            | Instr::Alloca { dst, .. }
            | Instr::SaveStack(dst)
            | Instr::CopyFromOffset { dst, .. } => Some(dst),
            Instr::CopyToOffset { .. }
            | Instr::Return(_)
            | Instr::Jump(_)
            | Instr::JumpIfZero(..)
            | Instr::JumpIfNotZero(..)
            | Instr::Label(_)
            | Instr::Call { dst: None, .. }
            | Instr::VaStart(_)
            | Instr::JumpIndirect(_)
            | Instr::Fence
            | Instr::RestoreStack(_)
            | Instr::Store { .. } => None,
        }
    };
}

impl Instr {
    /// Calls `f` on each value the instruction reads.
    pub fn for_each_use(&self, mut f: impl FnMut(&Val)) {
        visit_uses!(self, f)
    }

    /// Calls `f` on each value the instruction reads, to replace it.
    pub fn for_each_use_mut(&mut self, mut f: impl FnMut(&mut Val)) {
        visit_uses!(self, f)
    }

    /// The variable the instruction writes: all of it, or for
    /// `CopyToOffset` some of its bytes.
    pub fn dst(&self) -> Option<Sym> {
        if let Instr::CopyToOffset { dst, .. } = self {
            return Some(*dst);
        }
        match visit_whole_dst!(self) {
            Some(Val::Var(v)) => Some(*v),
            Some(Val::Constant(_)) => panic!("an instruction writes a constant"),
            None => None,
        }
    }

    /// The value the instruction writes whole (not `CopyToOffset`'s bytes),
    /// to replace it.
    pub fn whole_dst_mut(&mut self) -> Option<&mut Val> {
        visit_whole_dst!(self)
    }
}

/// Prints a static variable as `--dump=tacky` shows it.
pub fn print_static(s: &StaticVar, interner: &Interner) -> String {
    format!(
        "{}static {} {} = {:?}\n\n",
        if s.global { "global " } else { "" },
        s.ty,
        interner.get(s.name),
        s.init
    )
}

/// Prints a function in a compact, readable form for `--dump=tacky`.
pub fn print_function(f: &Function, interner: &Interner) -> String {
    let mut out = String::new();
    let val = |v: &Val| match v {
        Val::Constant(c) => c.to_string(),
        Val::Var(s) => interner.get(*s).to_string(),
    };
    let params: Vec<_> = f.params.iter().map(|p| interner.get(*p)).collect();
    let _ = writeln!(
        out,
        "{}function {}({}) {{",
        if f.global { "global " } else { "" },
        interner.get(f.name),
        params.join(", ")
    );
    for instr in &f.body {
        let _ = match &instr.item {
            Instr::Label(l) => writeln!(out, "  {l}:"),
            Instr::Return(Some(v)) => writeln!(out, "    return {}", val(v)),
            Instr::Return(None) => writeln!(out, "    return"),
            Instr::VaStart(ap) => writeln!(out, "    va_start {}", val(ap)),
            Instr::LabelAddress { label, dst } => writeln!(out, "    {} = &&{label}", val(dst)),
            Instr::JumpIndirect(target) => writeln!(out, "    goto *{}", val(target)),
            Instr::Fence => writeln!(out, "    fence"),
            Instr::Alloca { size, dst } => writeln!(out, "    {} = alloca {}", val(dst), val(size)),
            Instr::SaveStack(dst) => writeln!(out, "    {} = save_stack", val(dst)),
            Instr::RestoreStack(src) => writeln!(out, "    restore_stack {}", val(src)),
            Instr::AtomicRmw { op, ptr, src, dst } => writeln!(
                out,
                "    {} = atomic {op:?} *{} {}",
                val(dst),
                val(ptr),
                val(src)
            ),
            Instr::CompareExchange {
                ptr,
                expected,
                desired,
                dst,
            } => writeln!(
                out,
                "    {} = compare-exchange *{} {} {}",
                val(dst),
                val(ptr),
                val(expected),
                val(desired)
            ),
            Instr::Unary { op, src, dst } => {
                writeln!(out, "    {} = {op:?} {}", val(dst), val(src))
            }
            Instr::Binary { op, lhs, rhs, dst } => {
                writeln!(out, "    {} = {} {op:?} {}", val(dst), val(lhs), val(rhs))
            }
            Instr::Copy { src, dst } => {
                writeln!(out, "    {} = {}", val(dst), val(src))
            }
            Instr::Convert { op, src, dst } => {
                writeln!(out, "    {} = {op:?} {}", val(dst), val(src))
            }
            Instr::Jump(l) => writeln!(out, "    jump {l}"),
            Instr::JumpIfZero(v, l) => writeln!(out, "    if !{} jump {l}", val(v)),
            Instr::JumpIfNotZero(v, l) => writeln!(out, "    if {} jump {l}", val(v)),
            Instr::GetAddress { src, dst } => {
                writeln!(out, "    {} = &{}", val(dst), val(src))
            }
            Instr::Load { ptr, dst } => {
                writeln!(out, "    {} = *{}", val(dst), val(ptr))
            }
            Instr::Store { src, ptr } => {
                writeln!(out, "    *{} = {}", val(ptr), val(src))
            }
            Instr::AddPtr {
                ptr,
                index,
                scale,
                dst,
            } => writeln!(
                out,
                "    {} = {} + {} * {scale}",
                val(dst),
                val(ptr),
                val(index)
            ),
            Instr::CopyFromOffset { src, offset, dst } => {
                writeln!(out, "    {} = {}[{offset}]", val(dst), interner.get(*src))
            }
            Instr::CopyToOffset { src, dst, offset } => {
                writeln!(out, "    {}[{offset}] = {}", interner.get(*dst), val(src))
            }
            Instr::Call { callee, args, dst } => {
                let args: Vec<_> = args.iter().map(val).collect();
                let dst = dst.as_ref().map_or(String::new(), |d| val(d) + " = ");
                let callee = match callee {
                    Callee::Function(name) => interner.get(*name).to_string(),
                    Callee::Pointer(p) => format!("(*{})", val(p)),
                };
                writeln!(out, "    {dst}{callee}({})", args.join(", "))
            }
        };
    }
    let _ = writeln!(out, "}}\n");
    out
}
