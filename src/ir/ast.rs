//! The abstract syntax tree (book chapters 1-16).
//!
//! The parser builds it with every `Option` annotation empty; semantic analysis
//! fills them in (unique names, loop and switch labels, expression types), so a
//! tree that reaches TACKY lowering is fully annotated. The type checker also
//! makes every implicit conversion an explicit [`ExprKind::Cast`], so that
//! after it each operator's operands have the types the operator works in,
//! and every array used as a value an explicit [`ExprKind::AddrOf`] of it
//! (array-to-pointer decay, C11 6.3.2.1p3); string literals that are not
//! `char` array initialisers become variables naming their read-only array.

use crate::diag::Span;
use crate::intern::Sym;
use crate::ir::Label;
pub use crate::ir::consts::Const;
pub use crate::ir::symbols::Visibility;
use crate::ir::tacky;
use crate::ir::types::Type;

/// A translation unit is a sequence of these, which the passes take one
/// external declaration at a time (a declarator list gives one per name).
#[derive(Clone)]
pub enum Decl {
    Var(VarDecl),
    Fun(FunDecl),
    /// `struct tag;`, `struct tag { ... };` or the same with `union`.
    Struct(StructDecl),
    /// `_Static_assert(condition, "message");` (C11 6.7.10), at file or
    /// block scope.
    StaticAssert(StaticAssert),
    /// `typedef type name;` (C11 6.7.8): after identifier resolution only
    /// a record, every use of the name having been replaced by its type.
    Typedef(TypedefDecl),
}

#[derive(Clone)]
pub struct TypedefDecl {
    pub name: Sym,
    pub name_span: Span,
    pub ty: Type,
    /// gcc's `aligned (N)` on it (see [`crate::ir::types::Alias::align`]).
    pub align: Option<u64>,
}

#[derive(Clone)]
pub struct StaticAssert {
    /// An integer constant expression.
    pub condition: Expr,
    /// The string literal's bytes; C23 lets it be left out.
    pub message: Option<Vec<u8>>,
    /// Not an assertion the program wrote but the parser's check of the
    /// value of this enumeration constant, which only the type checker
    /// can evaluate: an integer constant expression whose value fits an
    /// `int` (any value, zero too).
    pub enumerator: Option<Sym>,
    /// The whole declaration, where a failed assertion is reported.
    pub span: Span,
}

#[derive(Clone)]
pub struct StructDecl {
    /// The tag as written; identifier resolution makes it unique.
    pub tag: Sym,
    pub tag_span: Span,
    pub is_union: bool,
    /// `None` for a declaration without a member list.
    pub members: Option<Vec<MemberDecl>>,
    /// gcc's attributes on the type: `aligned(N)` (at least this
    /// alignment) and `packed` (members unaligned unless they say
    /// otherwise).
    pub align: Option<u64>,
    pub packed: bool,
}

#[derive(Clone)]
pub struct MemberDecl {
    pub name: Sym,
    pub ty: Type,
    pub span: Span,
    /// `__attribute__((aligned(N)))`: at least this alignment.
    pub align: Option<u64>,
    /// An unnamed structure or union member, its name made up.
    pub anonymous: bool,
    /// A bit-field's width (C11 6.7.2.1p9), with where it is written.
    pub bits: Option<(u32, Span)>,
    /// An unnamed bit-field (`int : 3;`): padding, which no initialiser
    /// and no name reaches; its name is made up.
    pub padding: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageClass {
    Static,
    Extern,
    /// Automatic storage, as a block-scope object has anyway.
    Auto,
    /// Automatic storage whose address may not be taken (C11 6.7.1p6).
    Register,
}

impl StorageClass {
    /// Static and extern give static storage; the others (or none, at
    /// block scope) automatic.
    pub fn is_automatic(storage: Option<StorageClass>) -> bool {
        matches!(
            storage,
            None | Some(StorageClass::Auto | StorageClass::Register)
        )
    }

    pub fn keyword(self) -> &'static str {
        match self {
            StorageClass::Static => "static",
            StorageClass::Extern => "extern",
            StorageClass::Auto => "auto",
            StorageClass::Register => "register",
        }
    }
}

#[derive(Clone)]
pub struct VarDecl {
    pub name: Sym,
    pub name_span: Span,
    pub init: Option<Initializer>,
    pub ty: Type,
    pub storage: Option<StorageClass>,
    /// `_Thread_local` (`__thread`): one object per thread (C11 6.2.4p4).
    pub thread_local: bool,
    /// `__asm__("name")`: the name the assembler knows it by (see
    /// [`crate::intern::asm_label`]).
    pub asm_label: Option<Sym>,
    /// gcc's `visibility(...)`, when not the default.
    pub visibility: Option<Visibility>,
    /// gcc's `weak`: the symbol is weak (see [`crate::ir::symbols`]).
    pub weak: bool,
    /// gcc's `aligned(N)` or C11's `_Alignas`: at least this alignment.
    pub align: Option<u64>,
    /// gcc's `alias ("target")`: this declaration names `target`'s
    /// definition (with where the attribute is written).
    pub alias: Option<(Sym, Span)>,
    /// gcc's `section ("name")`: the section the variable is placed in
    /// (with where the attribute is written).
    pub section: Option<(Sym, Span)>,
    /// gcc's `cleanup (f)`: `f (&x)` is called when the automatic variable
    /// `x` goes out of scope (with where the attribute is written).
    pub cleanup: Option<(Sym, Span)>,
    /// The sizes of the variable-length arrays its type names, computed
    /// where the declaration is reached (C11 6.8p3), in order: each an
    /// assignment of the size in bytes to the `Type::Vla`'s variable
    /// (filled in by the type checker).
    pub vla_sizes: Vec<Expr>,
}

/// An initialiser: an expression, or a brace-enclosed list (C11 6.7.9).
#[derive(Clone)]
pub enum Initializer {
    Single(Expr),
    /// A braced list. After type checking, an aggregate's has one item per
    /// element or member in order (a union's: up to the member it
    /// initialises, which is its last), with no designators and no braces
    /// elided.
    Compound(Vec<Initializer>, Span),
    /// `designators = initialiser` in a braced list, as written (C11
    /// 6.7.9p7); the type checker places each, so no later pass sees one.
    Designated(Vec<Designator>, Box<Initializer>, Span),
    /// A member or element a braced list does not reach: zero (C11
    /// 6.7.9p21). Made by the type checker, for the gaps designators leave.
    Zero(Span),
}

impl Initializer {
    pub fn span(&self) -> Span {
        match self {
            Initializer::Single(e) => e.span,
            Initializer::Compound(_, span)
            | Initializer::Designated(_, _, span)
            | Initializer::Zero(span) => *span,
        }
    }
}

#[derive(Clone)]
pub struct FunDecl {
    pub name: Sym,
    pub name_span: Span,
    pub params: Vec<Param>,
    pub body: Option<Block>,
    pub ty: Type,
    pub storage: Option<StorageClass>,
    /// Declared `inline` (C11 6.7.4).
    pub inline: bool,
    /// `__asm__("name")`: see [`VarDecl::asm_label`].
    pub asm_label: Option<Sym>,
    /// See [`VarDecl::visibility`].
    pub visibility: Option<Visibility>,
    /// See [`VarDecl::weak`].
    pub weak: bool,
    /// gcc's `constructor` and `destructor`: called before `main` (from
    /// `.init_array`), or at exit (from `.fini_array`).
    pub constructor: bool,
    pub destructor: bool,
    /// Their priorities (`constructor (101)`), when given.
    pub priority: Option<u16>,
    /// See [`VarDecl::alias`].
    pub alias: Option<(Sym, Span)>,
    /// gcc's `section ("name")`: the section the function's code goes in.
    pub section: Option<(Sym, Span)>,
    /// gcc's `aligned (N)`: the function's code starts at a multiple of N.
    pub align: Option<u64>,
    /// The body holds a statement expression (whose block the labels pass
    /// must find inside expressions).
    pub has_stmt_exprs: bool,
    /// The body's labels by name (filled in by the labels pass), which
    /// `&&name` looks up.
    pub labels: Vec<(Sym, Label)>,
    /// The labels whose address the body takes (filled in by the type
    /// checker): they stay, and `goto *` may reach any of them.
    pub address_taken: Vec<Label>,
}

#[derive(Clone)]
pub struct Param {
    /// `None` only in a declaration that is not a definition.
    pub name: Option<Sym>,
    pub span: Span,
    /// Declared `register`: its address may not be taken.
    pub register: bool,
}

#[derive(Clone)]
pub struct Block {
    pub items: Vec<BlockItem>,
}

#[derive(Clone)]
pub enum BlockItem {
    Stmt(Stmt),
    Decl(Decl),
}

#[derive(Clone)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

/// The labels semantic analysis gives a loop or switch: where `break` and
/// `continue` go.
#[derive(Clone, Copy, Debug)]
pub struct LoopLabels {
    pub break_label: Label,
    pub continue_label: Label,
}

#[derive(Clone)]
pub enum ForInit {
    /// `int i = 0, j = 1`.
    Decl(Vec<VarDecl>),
    Expr(Option<Expr>),
}

#[derive(Clone)]
pub enum StmtKind {
    /// `return e;`, or `return;` in a `void` function.
    Return(Option<Expr>),
    Expr(Expr),
    If {
        cond: Expr,
        then: Box<Stmt>,
        otherwise: Option<Box<Stmt>>,
    },
    Compound(Block),
    Break(Option<Label>),
    Continue(Option<Label>),
    While {
        cond: Expr,
        body: Box<Stmt>,
        labels: Option<LoopLabels>,
    },
    DoWhile {
        body: Box<Stmt>,
        cond: Expr,
        labels: Option<LoopLabels>,
    },
    For {
        init: ForInit,
        cond: Option<Expr>,
        post: Option<Expr>,
        body: Box<Stmt>,
        labels: Option<LoopLabels>,
    },
    Switch {
        cond: Expr,
        body: Box<Stmt>,
        cases: Option<SwitchCases>,
    },
    Case {
        value: Expr,
        body: Box<Stmt>,
        label: Option<Label>,
    },
    Default {
        body: Box<Stmt>,
        label: Option<Label>,
    },
    Labeled {
        name: Sym,
        name_span: Span,
        body: Box<Stmt>,
        label: Option<Label>,
    },
    Goto {
        name: Sym,
        label: Option<Label>,
    },
    /// gcc's `goto *e;`: to the label whose address `e` is.
    GotoIndirect(Expr),
    Null,
}

/// What semantic analysis learns of a switch: its break label, and where each
/// case value (in source order) and the default jump to. A case value is
/// already converted to the type of the controlling expression (C11
/// 6.8.4.2p5) and kept as that value converted on to `long` (so an
/// `unsigned long` above `LONG_MAX` is negative here; converting back
/// restores it).
#[derive(Clone, Debug)]
pub struct SwitchCases {
    pub break_label: Label,
    pub cases: Vec<(i64, Label)>,
    pub default: Option<Label>,
}

#[derive(Clone)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
    /// Filled in by the type checker.
    pub ty: Option<Type>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    /// Unary `+`: the operand's value, no longer an lvalue.
    Plus,
    Negate,
    Complement,
    Not,
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
    And,
    Or,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IncDec {
    PreIncrement,
    PreDecrement,
    PostIncrement,
    PostDecrement,
}

#[derive(Clone)]
pub enum ExprKind {
    Constant(Const),
    Var(Sym),
    Unary(UnaryOp, Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    Assign(Box<Expr>, Box<Expr>),
    /// `a op= b`: `op` is the arithmetic or bitwise operator.
    CompoundAssign(BinaryOp, Box<Expr>, Box<Expr>),
    IncDec(IncDec, Box<Expr>),
    Conditional(Box<Expr>, Box<Expr>, Box<Expr>),
    /// gcc's `a ?: b`: `a` if it is not zero, else `b`, with `a` evaluated
    /// once (the type checker makes it a `Conditional` of a temporary).
    Elvis(Box<Expr>, Box<Expr>),
    /// `f(args)`: after type checking, the callee is either a function's
    /// name (`Var`, a direct call) or a pointer to a function.
    Call(Box<Expr>, Vec<Expr>),
    /// `(type) e`, written or (after type checking) implied.
    Cast(Box<Type>, Box<Expr>),
    /// A string literal's bytes (adjacent literals joined), without the
    /// terminating NUL. After type checking only as a `char` array's
    /// initialiser.
    String(Vec<u8>),
    /// `*e`.
    Deref(Box<Expr>),
    /// `&e`, written or (after type checking) the decay of an array.
    AddrOf(Box<Expr>),
    /// `a[i]`.
    Subscript(Box<Expr>, Box<Expr>),
    /// `sizeof e` (`e` is not evaluated). The type checker replaces it,
    /// like `sizeof (type)`, by its value.
    SizeOfExpr(Box<Expr>),
    SizeOfType(Box<Type>),
    /// `_Alignof (type)` (C11 6.5.3.4), and gcc's `__alignof__ e` (the
    /// alignment of `e`'s type); replaced by its value like `sizeof`.
    AlignOfExpr(Box<Expr>),
    AlignOfType(Box<Type>),
    /// A call of one of gcc's builtins, which the type checker replaces by
    /// what it means.
    Builtin(Builtin, Vec<Expr>),
    /// `(type) { initialiser-list }` (C11 6.5.2.5): an unnamed object with
    /// automatic storage, initialised where the expression is evaluated;
    /// identifier resolution names it (the `Sym`, `None` before).
    CompoundLiteral(Box<Type>, Box<Initializer>, Option<Sym>),
    /// `__builtin_offsetof (type, member-designator)`, what `offsetof`
    /// expands to; replaced by its value.
    OffsetOf(Box<Type>, Vec<Designator>),
    /// C11's generic selection (6.5.1.1): the controlling expression (not
    /// evaluated) and the associations, `None` for `default`; replaced by
    /// the expression selected.
    Generic(Box<Expr>, Vec<(Option<Type>, Expr)>),
    /// `__builtin_types_compatible_p (type, type)`: 1 if the two are
    /// compatible once their top-level qualifiers are dropped, else 0;
    /// replaced by its value.
    TypesCompatible(Box<Type>, Box<Type>),
    /// `__builtin_bswap16/32/64 (e)` after type checking: `e` (converted
    /// to the unsigned type of that width) with its bytes reversed.
    ByteSwap(Box<Expr>),
    /// `__builtin_add/sub/mul_overflow (a, b, res)` after type checking:
    /// `*res = a op b` wrapped to `*res`'s type, and whether the exact
    /// result did not fit it, an `int`. `a` and `b` are converted to the
    /// type the operation is computed in: a 64-bit type that holds the
    /// exact result of operands and result of 32 bits or fewer, else
    /// `*res`'s type (which then holds both operands).
    Overflow(tacky::BinaryOp, Box<Expr>, Box<Expr>, Box<Expr>),
    /// `__builtin_clz`, `ctz`, `popcount` (with `l`, `ll`) after type
    /// checking: bits counted in an `unsigned int` or `unsigned long`
    /// operand, an `int`.
    CountBits(BitCount, Box<Expr>),
    /// gcc's `__builtin_alloca (size)` (`alloca`): `size` bytes (an
    /// `unsigned long`) of the function's stack frame, until it returns.
    Alloca(Box<Expr>),
    /// A wide or Unicode string literal (`L"..."`, `u"..."`, `U"..."`): its
    /// code units (no terminator), each of the element type (`int`,
    /// `unsigned short`, `unsigned int`); the type checker makes it a
    /// variable naming its read-only array, as a plain one.
    WideString(Vec<u32>, Box<Type>),
    /// A full memory barrier (`__sync_synchronize`, an atomic fence or
    /// sequentially consistent store), of type `void`.
    Fence,
    /// An atomic read-modify-write after type checking (gcc's
    /// `__atomic_fetch_add` and the like, a compound assignment to an
    /// `_Atomic` object): `*ptr` changed by the operation with `value`
    /// (converted to `*ptr`'s type), sequentially consistent; the value
    /// before it when `old`, else after.
    Atomic(AtomicArith, Box<Expr>, Box<Expr>, bool),
    /// `__sync_val_compare_and_swap (ptr, expected, desired)` after type
    /// checking (and what the other compare-exchanges become): `*ptr`
    /// before, replaced by `desired` if it equals `expected`, atomically.
    CompareExchange(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `__builtin_va_start (ap, last)` after type checking: `ap` a pointer
    /// to the `va_list`'s structure (see [`crate::ir::va_list`]).
    VaStart(Box<Expr>),
    /// `__builtin_va_arg (ap, type)`: the next variable argument, of
    /// `type`; `ap` as for `VaStart` once checked.
    VaArg(Box<Expr>, Box<Type>),
    /// gcc's statement expression `({ ...; e; })`: the block's value is
    /// its last statement's, when that is an expression (else `void`).
    StmtExpr(Box<Block>),
    /// gcc's `&&name`: the address of a label of the function, a `void *`
    /// (the label is filled in by the type checker).
    LabelAddr(Sym, Option<Label>),
    /// `a, b`: `a` for its effects, then `b`'s value (not an lvalue).
    Comma(Box<Expr>, Box<Expr>),
    /// `e.member`.
    Dot(Box<Expr>, Sym),
    /// `e->member`.
    Arrow(Box<Expr>, Sym),
}

/// What [`ExprKind::CountBits`] counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BitCount {
    /// Zero bits above the highest one (undefined for 0).
    LeadingZeros,
    /// Zero bits below the lowest one (undefined for 0).
    TrailingZeros,
    /// One bits.
    Ones,
}

/// gcc's builtins that classify or compare floating values, which
/// `<math.h>`'s `isnan`, `signbit`, `fpclassify`, `isgreater`... expand
/// to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FloatTest {
    IsNan,
    /// 1 for either infinity.
    IsInf,
    /// 1 for positive infinity, -1 for negative.
    IsInfSign,
    IsFinite,
    IsNormal,
    /// gcc's value: 1 for a `double`, the sign bit itself (`INT_MIN`) for
    /// a `float`.
    SignBit,
    /// `(nan, infinite, normal, subnormal, zero, x)`: the value among the
    /// first five that classifies `x`.
    FpClassify,
    /// Comparisons false (and quiet) when either operand is a NaN.
    IsGreater,
    IsGreaterEqual,
    IsLess,
    IsLessEqual,
    IsLessGreater,
    IsUnordered,
}

/// Each floating test by its name, for [`Builtin::from_name`] and
/// [`Builtin::name`].
const FLOAT_TESTS: &[(&str, FloatTest)] = &[
    ("__builtin_isnan", FloatTest::IsNan),
    ("__builtin_isinf", FloatTest::IsInf),
    ("__builtin_isinf_sign", FloatTest::IsInfSign),
    ("__builtin_isfinite", FloatTest::IsFinite),
    ("__builtin_isnormal", FloatTest::IsNormal),
    ("__builtin_signbit", FloatTest::SignBit),
    ("__builtin_fpclassify", FloatTest::FpClassify),
    ("__builtin_isgreater", FloatTest::IsGreater),
    ("__builtin_isgreaterequal", FloatTest::IsGreaterEqual),
    ("__builtin_isless", FloatTest::IsLess),
    ("__builtin_islessequal", FloatTest::IsLessEqual),
    ("__builtin_islessgreater", FloatTest::IsLessGreater),
    ("__builtin_isunordered", FloatTest::IsUnordered),
];

impl FloatTest {
    /// How many arguments it takes.
    pub fn arity(self) -> usize {
        match self {
            FloatTest::FpClassify => 6,
            FloatTest::IsGreater
            | FloatTest::IsGreaterEqual
            | FloatTest::IsLess
            | FloatTest::IsLessEqual
            | FloatTest::IsLessGreater
            | FloatTest::IsUnordered => 2,
            _ => 1,
        }
    }
}

/// What [`ExprKind::Atomic`] does to the memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AtomicArith {
    Add,
    Sub,
    And,
    Or,
    Xor,
    /// `~(old & value)`.
    Nand,
    /// Stores the value.
    Exchange,
}

/// gcc's atomic read-modify-write builtins by name: the operation,
/// whether the old value is the result, and whether it is a `__sync_` one
/// (without a memory order argument).
const ATOMIC_BUILTINS: &[(&str, AtomicArith, bool, bool)] = {
    use AtomicArith::*;
    &[
        ("__atomic_fetch_add", Add, true, false),
        ("__atomic_fetch_sub", Sub, true, false),
        ("__atomic_fetch_and", And, true, false),
        ("__atomic_fetch_or", Or, true, false),
        ("__atomic_fetch_xor", Xor, true, false),
        ("__atomic_fetch_nand", Nand, true, false),
        ("__atomic_add_fetch", Add, false, false),
        ("__atomic_sub_fetch", Sub, false, false),
        ("__atomic_and_fetch", And, false, false),
        ("__atomic_or_fetch", Or, false, false),
        ("__atomic_xor_fetch", Xor, false, false),
        ("__atomic_nand_fetch", Nand, false, false),
        ("__atomic_exchange_n", Exchange, true, false),
        ("__sync_fetch_and_add", Add, true, true),
        ("__sync_fetch_and_sub", Sub, true, true),
        ("__sync_fetch_and_and", And, true, true),
        ("__sync_fetch_and_or", Or, true, true),
        ("__sync_fetch_and_xor", Xor, true, true),
        ("__sync_fetch_and_nand", Nand, true, true),
        ("__sync_add_and_fetch", Add, false, true),
        ("__sync_sub_and_fetch", Sub, false, true),
        ("__sync_and_and_fetch", And, false, true),
        ("__sync_or_and_fetch", Or, false, true),
        ("__sync_xor_and_fetch", Xor, false, true),
        ("__sync_nand_and_fetch", Nand, false, true),
        ("__sync_lock_test_and_set", Exchange, true, true),
    ]
};

/// gcc's compare-and-swap builtins.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareExchangeKind {
    /// `__atomic_compare_exchange_n (p, expected_ptr, desired, weak,
    /// success_order, failure_order)`: whether it swapped; if not, the
    /// value found stored through `expected_ptr`.
    Atomic,
    /// `__sync_val_compare_and_swap (p, expected, desired)`: the value found.
    SyncValue,
    /// `__sync_bool_compare_and_swap (p, expected, desired)`: whether it
    /// swapped.
    SyncBool,
}

/// A real floating type, as builtins with one form per type name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RealFloating {
    Float,
    Double,
    LongDouble,
}

impl RealFloating {
    pub fn ty(self) -> Type {
        match self {
            RealFloating::Float => Type::Float,
            RealFloating::Double => Type::Double,
            RealFloating::LongDouble => Type::LongDouble,
        }
    }
}

/// gcc's builtins that are called like functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    /// `__builtin_expect (e, c)`: `e` as a `long` (`c` is a hint).
    Expect,
    /// `__builtin_unreachable ()`: nothing (reaching it is undefined).
    Unreachable,
    /// `__builtin_constant_p (e)`: whether `e` is an integer constant
    /// expression (1 or 0; `e` is not evaluated).
    ConstantP,
    /// `__builtin_va_start (ap, last)`: `ap` set to the first variable
    /// argument (`last` names the last parameter, and is not evaluated).
    VaStart,
    /// `__builtin_va_end (ap)`: nothing to undo here.
    VaEnd,
    /// `__builtin_va_copy (dst, src)`: `*dst = *src`.
    VaCopy,
    /// `__builtin_bswap16/32/64 (e)`: `e`'s bytes reversed.
    Bswap16,
    Bswap32,
    Bswap64,
    /// `__builtin_huge_val ()` and `__builtin_inf ()` (`f`: of `float`,
    /// `l`: of `long double`): positive infinity, what `HUGE_VAL` and
    /// `INFINITY` expand to.
    Infinity {
        of: RealFloating,
    },
    /// `__builtin_nan ("")` (`f`: of `float`, `l`: of `long double`): a
    /// quiet NaN, `NAN`.
    Nan {
        of: RealFloating,
    },
    /// `__builtin_add_overflow`, `sub`, `mul` (see [`ExprKind::Overflow`]).
    Overflow(tacky::BinaryOp),
    /// `__builtin_clz (x)` and friends; `long`: the `l` and `ll` forms,
    /// of an `unsigned long`.
    CountBits {
        count: BitCount,
        long: bool,
    },
    /// `__atomic_load_n (p, order)`: `*p` (every aligned load is atomic
    /// here, and acquires).
    AtomicLoad,
    /// `__atomic_store_n (p, v, order)`: `*p = v`, with a fence after it
    /// when `order` is sequentially consistent.
    AtomicStore,
    /// `__atomic_thread_fence (order)`, `__sync_synchronize ()`: a fence.
    ThreadFence,
    SyncSynchronize,
    /// `__builtin_alloca`.
    Alloca,
    /// `__builtin_isnan (x)` and the others of [`FloatTest`].
    Float(FloatTest),
    /// `__builtin_choose_expr (c, a, b)`: `a` if the integer constant `c`
    /// is not 0, else `b`, unconverted (the other is not evaluated).
    ChooseExpr,
    /// `__atomic_fetch_add (p, v, order)` and the rest of
    /// [`ATOMIC_BUILTINS`]: the operation, whether the old value is the
    /// result, and whether it is a `__sync_` one.
    AtomicRmw(AtomicArith, bool, bool),
    CompareExchange(CompareExchangeKind),
    /// `__sync_lock_release (p)`: `*p = 0`, releasing.
    LockRelease,
    /// gcc's atomic builtins that take values through pointers (what
    /// `<stdatomic.h>`'s macros call), each what the `_n` ones do.
    AtomicGeneric(AtomicGeneric),
    /// `__builtin_tgmath (f, g, ..., args...)`, what `<tgmath.h>`'s macros
    /// expand to: a call of the function among `f, g, ...` whose
    /// type-generic parameters have the type the arguments select.
    Tgmath,
}

/// See [`Builtin::AtomicGeneric`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AtomicGeneric {
    /// `__atomic_load (p, ret, order)`: `*ret = *p`.
    Load,
    /// `__atomic_store (p, val, order)`: `*p = *val`.
    Store,
    /// `__atomic_exchange (p, val, ret, order)`: `*ret = exchange (p, *val)`.
    Exchange,
    /// `__atomic_compare_exchange (p, expected, desired, weak, s, f)`:
    /// as `__atomic_compare_exchange_n (p, expected, *desired, ...)`.
    CompareExchange,
    /// `__atomic_test_and_set (p, order)`: the byte at `p` set, whether
    /// it was.
    TestAndSet,
    /// `__atomic_clear (p, order)`: the byte at `p` cleared.
    Clear,
    /// `__atomic_is_lock_free (size, p)` and `__atomic_always_lock_free`:
    /// whether objects of `size` bytes are (1, 2, 4 and 8 are).
    IsLockFree,
    /// `__atomic_signal_fence (order)`: a fence.
    SignalFence,
}

/// Each of [`AtomicGeneric`] by its name, with how many arguments it
/// takes.
const ATOMIC_GENERIC: &[(&str, AtomicGeneric, usize)] = &[
    ("__atomic_load", AtomicGeneric::Load, 3),
    ("__atomic_store", AtomicGeneric::Store, 3),
    ("__atomic_exchange", AtomicGeneric::Exchange, 4),
    (
        "__atomic_compare_exchange",
        AtomicGeneric::CompareExchange,
        6,
    ),
    ("__atomic_test_and_set", AtomicGeneric::TestAndSet, 2),
    ("__atomic_clear", AtomicGeneric::Clear, 2),
    ("__atomic_is_lock_free", AtomicGeneric::IsLockFree, 2),
    ("__atomic_always_lock_free", AtomicGeneric::IsLockFree, 2),
    ("__atomic_signal_fence", AtomicGeneric::SignalFence, 1),
];

impl AtomicGeneric {
    pub fn arity(self) -> usize {
        ATOMIC_GENERIC
            .iter()
            .find(|g| g.1 == self)
            .expect("every generic atomic builtin is listed")
            .2
    }
}

impl Builtin {
    pub fn from_name(name: &str) -> Option<Builtin> {
        Some(match name {
            "__builtin_expect" => Builtin::Expect,
            "__builtin_unreachable" => Builtin::Unreachable,
            "__builtin_constant_p" => Builtin::ConstantP,
            "__builtin_va_start" => Builtin::VaStart,
            "__builtin_va_end" => Builtin::VaEnd,
            "__builtin_va_copy" => Builtin::VaCopy,
            "__builtin_bswap16" => Builtin::Bswap16,
            "__builtin_bswap32" => Builtin::Bswap32,
            "__builtin_bswap64" => Builtin::Bswap64,
            "__builtin_huge_val" | "__builtin_inf" => Builtin::Infinity {
                of: RealFloating::Double,
            },
            "__builtin_huge_valf" | "__builtin_inff" => Builtin::Infinity {
                of: RealFloating::Float,
            },
            "__builtin_huge_vall" | "__builtin_infl" => Builtin::Infinity {
                of: RealFloating::LongDouble,
            },
            "__builtin_nan" => Builtin::Nan {
                of: RealFloating::Double,
            },
            "__builtin_nanf" => Builtin::Nan {
                of: RealFloating::Float,
            },
            "__builtin_nanl" => Builtin::Nan {
                of: RealFloating::LongDouble,
            },
            "__builtin_add_overflow" => Builtin::Overflow(tacky::BinaryOp::Add),
            "__builtin_sub_overflow" => Builtin::Overflow(tacky::BinaryOp::Subtract),
            "__builtin_mul_overflow" => Builtin::Overflow(tacky::BinaryOp::Multiply),
            "__builtin_clz" | "__builtin_clzl" | "__builtin_clzll" => Builtin::CountBits {
                count: BitCount::LeadingZeros,
                long: name != "__builtin_clz",
            },
            "__builtin_ctz" | "__builtin_ctzl" | "__builtin_ctzll" => Builtin::CountBits {
                count: BitCount::TrailingZeros,
                long: name != "__builtin_ctz",
            },
            "__builtin_popcount" | "__builtin_popcountl" | "__builtin_popcountll" => {
                Builtin::CountBits {
                    count: BitCount::Ones,
                    long: name != "__builtin_popcount",
                }
            }
            "__atomic_load_n" => Builtin::AtomicLoad,
            "__atomic_store_n" => Builtin::AtomicStore,
            "__atomic_thread_fence" => Builtin::ThreadFence,
            "__sync_synchronize" => Builtin::SyncSynchronize,
            "__builtin_alloca" => Builtin::Alloca,
            "__builtin_choose_expr" => Builtin::ChooseExpr,
            "__builtin_tgmath" => Builtin::Tgmath,
            "__atomic_compare_exchange_n" => Builtin::CompareExchange(CompareExchangeKind::Atomic),
            "__sync_val_compare_and_swap" => {
                Builtin::CompareExchange(CompareExchangeKind::SyncValue)
            }
            "__sync_bool_compare_and_swap" => {
                Builtin::CompareExchange(CompareExchangeKind::SyncBool)
            }
            "__sync_lock_release" => Builtin::LockRelease,
            // `signbitf`: the same, of a `float`.
            "__builtin_signbitf" => Builtin::Float(FloatTest::SignBit),
            _ => {
                if let Some(&(_, op, old, sync)) = ATOMIC_BUILTINS.iter().find(|b| b.0 == name) {
                    return Some(Builtin::AtomicRmw(op, old, sync));
                }
                if let Some(&(_, g, _)) = ATOMIC_GENERIC.iter().find(|g| g.0 == name) {
                    return Some(Builtin::AtomicGeneric(g));
                }
                let &(_, test) = FLOAT_TESTS.iter().find(|(n, _)| *n == name)?;
                Builtin::Float(test)
            }
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Builtin::Expect => "__builtin_expect",
            Builtin::Unreachable => "__builtin_unreachable",
            Builtin::ConstantP => "__builtin_constant_p",
            Builtin::VaStart => "__builtin_va_start",
            Builtin::VaEnd => "__builtin_va_end",
            Builtin::VaCopy => "__builtin_va_copy",
            Builtin::Bswap16 => "__builtin_bswap16",
            Builtin::Bswap32 => "__builtin_bswap32",
            Builtin::Bswap64 => "__builtin_bswap64",
            Builtin::Infinity {
                of: RealFloating::Float,
            } => "__builtin_huge_valf",
            Builtin::Infinity {
                of: RealFloating::LongDouble,
            } => "__builtin_huge_vall",
            Builtin::Infinity { .. } => "__builtin_huge_val",
            Builtin::Nan {
                of: RealFloating::Float,
            } => "__builtin_nanf",
            Builtin::Nan {
                of: RealFloating::LongDouble,
            } => "__builtin_nanl",
            Builtin::Nan { .. } => "__builtin_nan",
            Builtin::Overflow(tacky::BinaryOp::Add) => "__builtin_add_overflow",
            Builtin::Overflow(tacky::BinaryOp::Subtract) => "__builtin_sub_overflow",
            Builtin::Overflow(_) => "__builtin_mul_overflow",
            Builtin::CountBits { count, long } => match (count, long) {
                (BitCount::LeadingZeros, false) => "__builtin_clz",
                (BitCount::LeadingZeros, true) => "__builtin_clzl",
                (BitCount::TrailingZeros, false) => "__builtin_ctz",
                (BitCount::TrailingZeros, true) => "__builtin_ctzl",
                (BitCount::Ones, false) => "__builtin_popcount",
                (BitCount::Ones, true) => "__builtin_popcountl",
            },
            Builtin::AtomicLoad => "__atomic_load_n",
            Builtin::AtomicStore => "__atomic_store_n",
            Builtin::ThreadFence => "__atomic_thread_fence",
            Builtin::SyncSynchronize => "__sync_synchronize",
            Builtin::Alloca => "__builtin_alloca",
            Builtin::ChooseExpr => "__builtin_choose_expr",
            Builtin::Tgmath => "__builtin_tgmath",
            Builtin::AtomicRmw(op, old, sync) => {
                ATOMIC_BUILTINS
                    .iter()
                    .find(|b| (b.1, b.2, b.3) == (op, old, sync))
                    .expect("every atomic builtin is named")
                    .0
            }
            Builtin::CompareExchange(CompareExchangeKind::Atomic) => "__atomic_compare_exchange_n",
            Builtin::CompareExchange(CompareExchangeKind::SyncValue) => {
                "__sync_val_compare_and_swap"
            }
            Builtin::CompareExchange(CompareExchangeKind::SyncBool) => {
                "__sync_bool_compare_and_swap"
            }
            Builtin::LockRelease => "__sync_lock_release",
            Builtin::AtomicGeneric(g) => {
                ATOMIC_GENERIC
                    .iter()
                    .find(|e| e.1 == g)
                    .expect("every generic atomic builtin is listed")
                    .0
            }
            Builtin::Float(test) => {
                FLOAT_TESTS
                    .iter()
                    .find(|&&(_, t)| t == test)
                    .expect("every test is named")
                    .0
            }
        }
    }
}

/// One step of an `offsetof` member designator: `.member` or `[index]`.
#[derive(Clone)]
pub enum Designator {
    Member(Sym, Span),
    Index(Expr),
    /// gcc's `[first ... last]`, in initialisers only.
    Range(Expr, Expr),
}

impl Expr {
    /// Calls `f` on each operand of the expression (not the expressions
    /// inside a statement expression's block, which hold statements).
    pub fn for_each_operand_mut(&mut self, f: &mut dyn FnMut(&mut Expr)) {
        match &mut self.kind {
            ExprKind::Constant(_)
            | ExprKind::Var(_)
            | ExprKind::String(_)
            | ExprKind::WideString(..)
            | ExprKind::SizeOfType(_)
            | ExprKind::AlignOfType(_)
            | ExprKind::LabelAddr(..)
            | ExprKind::Fence
            | ExprKind::StmtExpr(_) => {}
            ExprKind::Unary(_, a)
            | ExprKind::IncDec(_, a)
            | ExprKind::Cast(_, a)
            | ExprKind::Deref(a)
            | ExprKind::AddrOf(a)
            | ExprKind::SizeOfExpr(a)
            | ExprKind::AlignOfExpr(a)
            | ExprKind::Dot(a, _)
            | ExprKind::Arrow(a, _)
            | ExprKind::VaStart(a)
            | ExprKind::VaArg(a, _)
            | ExprKind::ByteSwap(a)
            | ExprKind::CountBits(_, a)
            | ExprKind::Alloca(a) => f(a),
            ExprKind::Overflow(_, a, b, c) => {
                f(a);
                f(b);
                f(c);
            }
            ExprKind::Binary(_, a, b)
            | ExprKind::Assign(a, b)
            | ExprKind::CompoundAssign(_, a, b)
            | ExprKind::Subscript(a, b)
            | ExprKind::Elvis(a, b)
            | ExprKind::Comma(a, b) => {
                f(a);
                f(b);
            }
            ExprKind::Conditional(a, b, c) => {
                f(a);
                f(b);
                f(c);
            }
            ExprKind::Call(callee, args) => {
                f(callee);
                args.iter_mut().for_each(f);
            }
            ExprKind::Builtin(_, args) => args.iter_mut().for_each(f),
            ExprKind::CompoundLiteral(_, init, _) => init.for_each_expr_mut(f),
            ExprKind::OffsetOf(_, steps) => {
                for step in steps {
                    if let Designator::Index(i) = step {
                        f(i);
                    }
                }
            }
            ExprKind::Generic(control, associations) => {
                f(control);
                associations.iter_mut().for_each(|(_, e)| f(e));
            }
            ExprKind::Atomic(_, p, v, _) => {
                f(p);
                f(v);
            }
            ExprKind::CompareExchange(p, e, d) => {
                f(p);
                f(e);
                f(d);
            }
            ExprKind::TypesCompatible(..) => {}
        }
    }
}

impl Initializer {
    /// Calls `f` on each expression of the initialiser.
    pub fn for_each_expr_mut(&mut self, f: &mut dyn FnMut(&mut Expr)) {
        match self {
            Initializer::Single(e) => f(e),
            Initializer::Compound(items, _) => {
                items.iter_mut().for_each(|i| i.for_each_expr_mut(f));
            }
            Initializer::Designated(designators, init, _) => {
                for d in designators {
                    match d {
                        Designator::Index(e) => f(e),
                        Designator::Range(first, last) => {
                            f(first);
                            f(last);
                        }
                        Designator::Member(..) => {}
                    }
                }
                init.for_each_expr_mut(f);
            }
            Initializer::Zero(_) => {}
        }
    }
}

impl UnaryOp {
    /// The TACKY operator; `None` for `+`, which computes nothing.
    pub fn tacky(self) -> Option<tacky::UnaryOp> {
        match self {
            UnaryOp::Plus => None,
            UnaryOp::Negate => Some(tacky::UnaryOp::Negate),
            UnaryOp::Complement => Some(tacky::UnaryOp::Complement),
            UnaryOp::Not => Some(tacky::UnaryOp::Not),
        }
    }
}

impl BinaryOp {
    /// The TACKY operator; `None` for `&&` and `||`, which are jumps.
    pub fn tacky(self) -> Option<tacky::BinaryOp> {
        use tacky::BinaryOp as T;
        Some(match self {
            BinaryOp::Add => T::Add,
            BinaryOp::Subtract => T::Subtract,
            BinaryOp::Multiply => T::Multiply,
            BinaryOp::Divide => T::Divide,
            BinaryOp::Remainder => T::Remainder,
            BinaryOp::BitAnd => T::BitAnd,
            BinaryOp::BitOr => T::BitOr,
            BinaryOp::BitXor => T::BitXor,
            BinaryOp::ShiftLeft => T::ShiftLeft,
            BinaryOp::ShiftRight => T::ShiftRight,
            BinaryOp::Equal => T::Equal,
            BinaryOp::NotEqual => T::NotEqual,
            BinaryOp::Less => T::Less,
            BinaryOp::LessEqual => T::LessEqual,
            BinaryOp::Greater => T::Greater,
            BinaryOp::GreaterEqual => T::GreaterEqual,
            BinaryOp::And | BinaryOp::Or => return None,
        })
    }

    pub fn is_shift(self) -> bool {
        matches!(self, BinaryOp::ShiftLeft | BinaryOp::ShiftRight)
    }

    /// `==` ... `>=`: an `int` result from operands of any arithmetic type.
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

    /// `%`, `&`, `|`, `^`, `<<`, `>>`: integer operands only (C11 6.5.5p2,
    /// 6.5.7p2, 6.5.10-12).
    pub fn needs_integers(self) -> bool {
        matches!(
            self,
            BinaryOp::Remainder | BinaryOp::BitAnd | BinaryOp::BitOr | BinaryOp::BitXor
        ) || self.is_shift()
    }
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Self {
        Expr {
            kind,
            span,
            ty: None,
        }
    }

    /// An expression the type checker builds already checked, of type `ty`.
    pub fn typed(kind: ExprKind, span: Span, ty: &Type) -> Self {
        Expr {
            kind,
            span,
            ty: Some(ty.clone()),
        }
    }

    /// The type the checker gave this expression.
    pub fn ty(&self) -> &Type {
        self.ty.as_ref().expect("expression not type-checked")
    }
}

/// Prints the tree as indented S-expressions for `--dump=ast`.
/// One declaration as `--dump=ast` prints it.
pub fn print_decl(decl: &Decl, interner: &crate::intern::Interner) -> String {
    let mut p = Printer {
        out: String::new(),
        interner,
        indent: 0,
    };
    p.decl(decl);
    p.out
}

struct Printer<'a> {
    out: String,
    interner: &'a crate::intern::Interner,
    indent: usize,
}

impl Printer<'_> {
    fn line(&mut self, text: &str) {
        for _ in 0..self.indent {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn nested(&mut self, head: &str, f: impl FnOnce(&mut Self)) {
        self.line(head);
        self.indent += 1;
        f(self);
        self.indent -= 1;
    }

    fn name(&self, s: Sym) -> &str {
        self.interner.get(s)
    }

    fn decl(&mut self, d: &Decl) {
        match d {
            Decl::Var(v) => self.var_decl(v),
            Decl::StaticAssert(a) => self.nested("(static-assert", |p| p.expr(&a.condition)),
            Decl::Typedef(t) => {
                let line = format!("(typedef {} {})", t.ty, self.name(t.name));
                self.line(&line);
            }
            Decl::Struct(s) => {
                let keyword = if s.is_union { "union" } else { "struct" };
                let head = format!("({keyword} {}", self.name(s.tag));
                match &s.members {
                    Some(members) => self.nested(&head, |p| {
                        for m in members {
                            let line = format!("{} {}", m.ty, p.name(m.name));
                            p.line(&line);
                        }
                    }),
                    None => self.line(&head),
                }
            }
            Decl::Fun(f) => {
                let params: Vec<_> = f
                    .params
                    .iter()
                    .map(|p| p.name.map_or("", |n| self.name(n)))
                    .collect();
                let head = format!(
                    "(function {:?} {} {}({})",
                    f.storage,
                    f.ty,
                    self.name(f.name),
                    params.join(", ")
                );
                match &f.body {
                    Some(b) => self.nested(&head, |p| p.block(b)),
                    None => self.line(&head),
                }
            }
        }
    }

    fn var_decl(&mut self, v: &VarDecl) {
        let head = format!("(var {:?} {} {}", v.storage, v.ty, self.name(v.name));
        match &v.init {
            Some(init) => self.nested(&head, |p| p.initializer(init)),
            None => self.line(&head),
        }
    }

    fn initializer(&mut self, init: &Initializer) {
        match init {
            Initializer::Single(e) => self.expr(e),
            Initializer::Compound(items, _) => self.nested("(init", |p| {
                items.iter().for_each(|i| p.initializer(i));
            }),
            Initializer::Designated(_, init, _) => {
                self.nested("(designated", |p| p.initializer(init))
            }
            Initializer::Zero(_) => self.line("(zero)"),
        }
    }

    fn block(&mut self, b: &Block) {
        for item in &b.items {
            match item {
                BlockItem::Stmt(s) => self.stmt(s),
                BlockItem::Decl(d) => self.decl(d),
            }
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        match &s.kind {
            StmtKind::Return(Some(e)) => self.nested("(return", |p| p.expr(e)),
            StmtKind::Return(None) => self.line("(return)"),
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => self.nested("(if", |p| {
                p.expr(cond);
                p.stmt(then);
                if let Some(o) = otherwise {
                    p.nested("(else", |p| p.stmt(o));
                }
            }),
            StmtKind::Compound(b) => self.nested("(block", |p| p.block(b)),
            StmtKind::Break(l) => self.line(&format!("(break {l:?})")),
            StmtKind::Continue(l) => self.line(&format!("(continue {l:?})")),
            StmtKind::While { cond, body, .. } => self.nested("(while", |p| {
                p.expr(cond);
                p.stmt(body);
            }),
            StmtKind::DoWhile { body, cond, .. } => self.nested("(do", |p| {
                p.stmt(body);
                p.expr(cond);
            }),
            StmtKind::For {
                init,
                cond,
                post,
                body,
                ..
            } => self.nested("(for", |p| {
                match init {
                    ForInit::Decl(vs) => vs.iter().for_each(|v| p.var_decl(v)),
                    ForInit::Expr(Some(e)) => p.expr(e),
                    ForInit::Expr(None) => p.line("(none)"),
                }
                for e in [cond, post] {
                    match e {
                        Some(e) => p.expr(e),
                        None => p.line("(none)"),
                    }
                }
                p.stmt(body);
            }),
            StmtKind::Switch { cond, body, .. } => self.nested("(switch", |p| {
                p.expr(cond);
                p.stmt(body);
            }),
            StmtKind::Case { value, body, .. } => self.nested("(case", |p| {
                p.expr(value);
                p.stmt(body);
            }),
            StmtKind::Default { body, .. } => self.nested("(default", |p| p.stmt(body)),
            StmtKind::Labeled { name, body, .. } => {
                let head = format!("(label {}", self.name(*name));
                self.nested(&head, |p| p.stmt(body));
            }
            StmtKind::Goto { name, .. } => self.line(&format!("(goto {})", self.name(*name))),
            StmtKind::GotoIndirect(e) => self.nested("(goto *", |p| p.expr(e)),
            StmtKind::Null => self.line("(null)"),
        }
    }

    fn expr(&mut self, e: &Expr) {
        let ty = e.ty.as_ref().map_or(String::new(), |t| format!(" : {t}"));
        match &e.kind {
            ExprKind::Constant(c) => self.line(&format!("{c}{ty}")),
            ExprKind::Var(s) => self.line(&format!("{}{ty}", self.name(*s))),
            ExprKind::Unary(op, a) => self.nested(&format!("({op:?}{ty}"), |p| p.expr(a)),
            ExprKind::Binary(op, a, b) => self.nested(&format!("({op:?}{ty}"), |p| {
                p.expr(a);
                p.expr(b);
            }),
            ExprKind::Assign(a, b) => self.nested(&format!("(={ty}"), |p| {
                p.expr(a);
                p.expr(b);
            }),
            ExprKind::CompoundAssign(op, a, b) => self.nested(&format!("({op:?}={ty}"), |p| {
                p.expr(a);
                p.expr(b);
            }),
            ExprKind::IncDec(op, a) => self.nested(&format!("({op:?}{ty}"), |p| p.expr(a)),
            ExprKind::Conditional(c, t, f) => self.nested(&format!("(?:{ty}"), |p| {
                p.expr(c);
                p.expr(t);
                p.expr(f);
            }),
            ExprKind::Elvis(c, f) => self.nested(&format!("(?::{ty}"), |p| {
                p.expr(c);
                p.expr(f);
            }),
            ExprKind::Call(callee, args) => self.nested(&format!("(call{ty}"), |p| {
                p.expr(callee);
                args.iter().for_each(|a| p.expr(a));
            }),
            ExprKind::Cast(to, a) => self.nested(&format!("(cast {to}{ty}"), |p| p.expr(a)),
            ExprKind::String(bytes) => {
                self.line(&format!("{:?}{ty}", String::from_utf8_lossy(bytes)));
            }
            ExprKind::WideString(units, elem) => {
                let text: String = units.iter().filter_map(|&u| char::from_u32(u)).collect();
                self.line(&format!("({elem}) {text:?}{ty}"));
            }
            ExprKind::Deref(a) => self.nested(&format!("(*{ty}"), |p| p.expr(a)),
            ExprKind::AddrOf(a) => self.nested(&format!("(&{ty}"), |p| p.expr(a)),
            ExprKind::Subscript(a, i) => self.nested(&format!("([]{ty}"), |p| {
                p.expr(a);
                p.expr(i);
            }),
            ExprKind::SizeOfExpr(a) => self.nested(&format!("(sizeof{ty}"), |p| p.expr(a)),
            ExprKind::SizeOfType(t) => self.line(&format!("(sizeof {t}){ty}")),
            ExprKind::AlignOfExpr(a) => self.nested(&format!("(alignof{ty}"), |p| p.expr(a)),
            ExprKind::AlignOfType(t) => self.line(&format!("(alignof {t}){ty}")),
            ExprKind::Builtin(b, args) => self.nested(&format!("({}{ty}", b.name()), |p| {
                for a in args {
                    p.expr(a);
                }
            }),
            ExprKind::OffsetOf(t, _) => self.line(&format!("(offsetof {t}){ty}")),
            ExprKind::Generic(control, associations) => {
                self.nested(&format!("(_Generic{ty}"), |p| {
                    p.expr(control);
                    for (_, e) in associations {
                        p.expr(e);
                    }
                })
            }
            ExprKind::TypesCompatible(a, b) => {
                self.line(&format!("(types_compatible_p {a} {b}){ty}"))
            }
            ExprKind::VaStart(ap) => self.nested(&format!("(va_start{ty}"), |p| p.expr(ap)),
            ExprKind::ByteSwap(e) => self.nested(&format!("(bswap{ty}"), |p| p.expr(e)),
            ExprKind::CountBits(count, e) => self.nested(&format!("({count:?}{ty}"), |p| p.expr(e)),
            ExprKind::Alloca(e) => self.nested(&format!("(alloca{ty}"), |p| p.expr(e)),
            ExprKind::Overflow(op, a, b, res) => {
                self.nested(&format!("(overflow {op:?}{ty}"), |p| {
                    p.expr(a);
                    p.expr(b);
                    p.expr(res);
                })
            }
            ExprKind::Fence => self.line(&format!("(fence){ty}")),
            ExprKind::Atomic(op, p, v, old) => {
                self.nested(&format!("(atomic {op:?} old={old}{ty}"), |pr| {
                    pr.expr(p);
                    pr.expr(v);
                })
            }
            ExprKind::CompareExchange(p, e, d) => {
                self.nested(&format!("(compare-exchange{ty}"), |pr| {
                    pr.expr(p);
                    pr.expr(e);
                    pr.expr(d);
                })
            }
            ExprKind::LabelAddr(name, _) => self.line(&format!("(&&{}{ty})", self.name(*name))),
            ExprKind::StmtExpr(b) => self.nested(&format!("(({{}}){ty}"), |p| p.block(b)),
            ExprKind::VaArg(ap, t) => self.nested(&format!("(va_arg {t}{ty}"), |p| p.expr(ap)),
            ExprKind::CompoundLiteral(t, _, _) => self.line(&format!("(compound-literal {t}){ty}")),
            ExprKind::Comma(a, b) => self.nested(&format!("(,{ty}"), |p| {
                p.expr(a);
                p.expr(b);
            }),
            ExprKind::Dot(a, m) => {
                let head = format!("(. {}{ty}", self.name(*m));
                self.nested(&head, |p| p.expr(a));
            }
            ExprKind::Arrow(a, m) => {
                let head = format!("(-> {}{ty}", self.name(*m));
                self.nested(&head, |p| p.expr(a));
            }
        }
    }
}
