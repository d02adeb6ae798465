//! The x86-64 assembly IR (book chapters 2-13), the contract of both back ends.
//!
//! Instruction selection produces it with pseudo-registers; frame layout
//! replaces them with stack slots and static data; fix-up makes every operand
//! combination legal and writes the prologue and epilogue out as instructions.
//! After fix-up the IR is *concrete*: one [`Instr`] is exactly one machine
//! instruction (or a label), which `codegen::verify` checks.
//!
//! Everything a later pass needs to know about an instruction's operands is
//! described here once: [`Instr::operands`] lists them with how they are
//! accessed and which forms the hardware accepts for each (the legality rules
//! fix-up and verify both read), and [`Instr::registers`] lists the registers
//! it reads and writes, implicit ones included (what liveness and register
//! allocation read). No other code walks operands by hand.

use crate::intern::Sym;
use crate::ir::Label;
use crate::ir::symbols::StaticInit;
use crate::ir::tacky::Sourced;

/// General-purpose registers, in hardware encoding order (the index into
/// 16-entry tables such as [`REG_NAMES`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reg {
    Ax,
    Cx,
    Dx,
    Bx,
    Sp,
    Bp,
    Si,
    Di,
    R8,
    R9,
    R10,
    R11,
    R12,
    R13,
    R14,
    R15,
}

/// The SSE registers `%xmm0`-`%xmm15`, a register class of their own: an
/// `Xmm` can never stand where a [`Reg`] is expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Xmm(pub u8);

impl Reg {
    pub const ALL: [Reg; 16] = [
        Reg::Ax,
        Reg::Cx,
        Reg::Dx,
        Reg::Bx,
        Reg::Sp,
        Reg::Bp,
        Reg::Si,
        Reg::Di,
        Reg::R8,
        Reg::R9,
        Reg::R10,
        Reg::R11,
        Reg::R12,
        Reg::R13,
        Reg::R14,
        Reg::R15,
    ];

    /// The AT&T name at `width` (Byte, Word, Long or Quad).
    pub fn name(self, width: AsmType) -> &'static str {
        let row = &REG_NAMES[self as usize];
        match width {
            AsmType::Byte => row.0,
            AsmType::Word => row.1,
            AsmType::Long => row.2,
            AsmType::Quad => row.3,
            other => panic!("no {other:?} view of a general register"),
        }
    }
}

/// AT&T names of each general register: byte, word, long, quad.
pub const REG_NAMES: [(&str, &str, &str, &str); 16] = [
    ("%al", "%ax", "%eax", "%rax"),
    ("%cl", "%cx", "%ecx", "%rcx"),
    ("%dl", "%dx", "%edx", "%rdx"),
    ("%bl", "%bx", "%ebx", "%rbx"),
    ("%spl", "%sp", "%esp", "%rsp"),
    ("%bpl", "%bp", "%ebp", "%rbp"),
    ("%sil", "%si", "%esi", "%rsi"),
    ("%dil", "%di", "%edi", "%rdi"),
    ("%r8b", "%r8w", "%r8d", "%r8"),
    ("%r9b", "%r9w", "%r9d", "%r9"),
    ("%r10b", "%r10w", "%r10d", "%r10"),
    ("%r11b", "%r11w", "%r11d", "%r11"),
    ("%r12b", "%r12w", "%r12d", "%r12"),
    ("%r13b", "%r13w", "%r13d", "%r13"),
    ("%r14b", "%r14w", "%r14d", "%r14"),
    ("%r15b", "%r15w", "%r15d", "%r15"),
];

/// Integer argument registers, in order (ABI 3.2.3).
pub const INT_ARG_REGS: [Reg; 6] = [Reg::Di, Reg::Si, Reg::Dx, Reg::Cx, Reg::R8, Reg::R9];
/// `double` argument registers, in order (ABI 3.2.3).
pub const SSE_ARG_REGS: [Xmm; 8] = [
    Xmm(0),
    Xmm(1),
    Xmm(2),
    Xmm(3),
    Xmm(4),
    Xmm(5),
    Xmm(6),
    Xmm(7),
];
/// General registers a call may overwrite (ABI 3.2.1, figure 3.4); every
/// XMM register is caller-saved too.
pub const CALLER_SAVED: [Reg; 9] = [
    Reg::Ax,
    Reg::Cx,
    Reg::Dx,
    Reg::Si,
    Reg::Di,
    Reg::R8,
    Reg::R9,
    Reg::R10,
    Reg::R11,
];
/// General registers a function must preserve for its caller (ABI 3.2.1),
/// besides `%rsp` and `%rbp`: what register allocation saves when it uses
/// them.
pub const CALLEE_SAVED: [Reg; 5] = [Reg::Bx, Reg::R12, Reg::R13, Reg::R14, Reg::R15];

/// The type of an operand as the machine sees it: the `b`, `l`, `q` of AT&T
/// integer mnemonics, `double` (the `sd` forms, in XMM registers), and the
/// bytes of an aggregate (an array), which only memory holds and whose size
/// its [`AsmObject`] gives. One byte: every instruction carries one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AsmType {
    Byte,
    /// 16 bits: only moved, extended and truncated to (C's arithmetic on
    /// `short` is on its promotion to `int`).
    Word,
    Long,
    Quad,
    /// SSE scalars: `float` and `double`.
    Single,
    Double,
    ByteArray,
}

impl AsmType {
    /// The size of a scalar of this type.
    pub fn bytes(self) -> u32 {
        match self {
            AsmType::Byte => 1,
            AsmType::Word => 2,
            AsmType::Long => 4,
            AsmType::Quad | AsmType::Double => 8,
            AsmType::Single => 4,
            AsmType::ByteArray => panic!("an aggregate's size is its object's"),
        }
    }

    /// The integer mnemonic suffix.
    pub fn suffix(self) -> char {
        match self {
            AsmType::Byte => 'b',
            AsmType::Word => 'w',
            AsmType::Long => 'l',
            AsmType::Quad => 'q',
            other => panic!("{other:?} has no integer suffix"),
        }
    }

    /// A scalar that lives in SSE registers.
    pub fn is_sse(self) -> bool {
        matches!(self, AsmType::Single | AsmType::Double)
    }
}

/// What a RIP-relative data operand names: a C object's symbol, or a
/// compiler-generated constant under a local label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DataName {
    Symbol(Sym),
    Constant(Label),
    /// A label in the function's code (gcc's `&&name`): only in `leaq`.
    Code(Label),
    /// The global offset table's entry for the symbol (`sym@GOTPCREL`):
    /// its address, filled in by the dynamic linker (`-fPIC`). Only the
    /// source of a `movq` into a register.
    Got(Sym),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand {
    Imm(i64),
    Reg(Reg),
    Xmm(Xmm),
    /// A TACKY variable not yet given a home; gone after frame layout.
    Pseudo(Sym),
    /// `disp(%base)`.
    Memory {
        base: Reg,
        disp: i32,
    },
    /// `disp(%base,%index,scale)`: an element of an array, or a member of
    /// one (`scale` 1, 2, 4 or 8).
    Indexed {
        base: Reg,
        index: Reg,
        scale: u8,
        disp: i32,
    },
    /// The byte at `offset` within an aggregate variable not yet given a
    /// home (an array); gone after frame layout, like [`Operand::Pseudo`].
    PseudoMem {
        name: Sym,
        offset: i32,
    },
    /// Static data reached RIP-relative: `name+offset(%rip)`.
    Data {
        name: DataName,
        offset: i32,
    },
}

impl Operand {
    pub fn is_memory(self) -> bool {
        matches!(
            self,
            Operand::Memory { .. }
                | Operand::Indexed { .. }
                | Operand::Data { .. }
                | Operand::Pseudo(_)
                | Operand::PseudoMem { .. }
        )
    }

    pub fn data(sym: Sym) -> Operand {
        Operand::Data {
            name: DataName::Symbol(sym),
            offset: 0,
        }
    }

    pub fn constant(label: Label) -> Operand {
        Operand::Data {
            name: DataName::Constant(label),
            offset: 0,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Not,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Sub,
    /// `imul` on integers, `mulsd` on doubles.
    Mul,
    /// `divsd`: integer division is [`Instr::Div`].
    DivDouble,
    And,
    Or,
    /// `xor` on integers, `xorpd` on doubles (the sign flip of negation).
    Xor,
    /// Shift left (`sal`, the same instruction as `shl`).
    Sal,
    /// Arithmetic shift right.
    Sar,
    /// Logical shift right.
    Shr,
}

impl BinaryOp {
    /// Shifts take their count in `%cl` when it is not an immediate.
    pub fn is_shift(self) -> bool {
        matches!(self, BinaryOp::Sal | BinaryOp::Sar | BinaryOp::Shr)
    }

    /// The mnemonic without its suffix, for integer or SSE operands.
    pub fn mnemonic(self, ty: AsmType) -> &'static str {
        use BinaryOp::*;
        if ty == AsmType::Single {
            return match self {
                Add => "addss",
                Sub => "subss",
                Mul => "mulss",
                DivDouble => "divss",
                And => "andps",
                Or => "orps",
                Xor => "xorps",
                op => panic!("no {op:?} form for floats"),
            };
        }
        match (self, ty.is_sse()) {
            (Add, false) => "add",
            (Sub, false) => "sub",
            (Mul, false) => "imul",
            (And, false) => "and",
            (Or, false) => "or",
            (Xor, false) => "xor",
            (Sal, false) => "sal",
            (Sar, false) => "sar",
            (Shr, false) => "shr",
            (Add, true) => "addsd",
            (Sub, true) => "subsd",
            (Mul, true) => "mulsd",
            (DivDouble, true) => "divsd",
            (And, true) => "andpd",
            (Or, true) => "orpd",
            (Xor, true) => "xorpd",
            (op, double) => panic!("no {op:?} form for double={double}"),
        }
    }
}

/// Condition codes of `jCC` and `setCC`: signed (`l`, `g`...), unsigned
/// (`b`, `a`...) and parity (`p`: an unordered `comisd`, i.e. a NaN).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CondCode {
    E,
    Ne,
    L,
    Le,
    G,
    Ge,
    B,
    Be,
    A,
    Ae,
    P,
    Np,
}

impl CondCode {
    pub const ALL: [CondCode; 12] = [
        CondCode::E,
        CondCode::Ne,
        CondCode::L,
        CondCode::Le,
        CondCode::G,
        CondCode::Ge,
        CondCode::B,
        CondCode::Be,
        CondCode::A,
        CondCode::Ae,
        CondCode::P,
        CondCode::Np,
    ];

    /// The AT&T suffix of `jCC`/`setCC`.
    pub fn suffix(self) -> &'static str {
        COND_SUFFIXES[self as usize]
    }

    /// The condition that holds exactly when this one does not.
    pub fn inverse(self) -> CondCode {
        use CondCode::*;
        match self {
            E => Ne,
            Ne => E,
            L => Ge,
            Ge => L,
            Le => G,
            G => Le,
            B => Ae,
            Ae => B,
            Be => A,
            A => Be,
            P => Np,
            Np => P,
        }
    }
}

/// The AT&T suffix of each condition code, in [`CondCode`] order.
const COND_SUFFIXES: [&str; 12] = [
    "e", "ne", "l", "le", "g", "ge", "b", "be", "a", "ae", "p", "np",
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Instr {
    /// `mov` (integers) or `movsd` (doubles).
    Mov {
        ty: AsmType,
        src: Operand,
        dst: Operand,
    },
    /// Sign extension, `movs{src}{dst}` (`movslq`).
    Movsx {
        src_ty: AsmType,
        dst_ty: AsmType,
        src: Operand,
        dst: Operand,
    },
    /// Zero extension. From a 32-bit source it is a plain `movl` to a
    /// register (which clears the upper half); fix-up writes it out so.
    MovZeroExtend {
        src_ty: AsmType,
        dst_ty: AsmType,
        src: Operand,
        dst: Operand,
    },
    /// `leaq src, dst`: the address of a memory operand.
    Lea {
        src: Operand,
        dst: Operand,
    },
    /// `cvttsd2si` (`fp` Double) or `cvttss2si` (`fp` Single): to a
    /// signed integer of `ty`, truncating.
    Cvttsd2si {
        fp: AsmType,
        ty: AsmType,
        src: Operand,
        dst: Operand,
    },
    /// `cvtsi2sd` or `cvtsi2ss` (by `fp`): a signed integer of `ty` to
    /// the floating type.
    Cvtsi2sd {
        fp: AsmType,
        ty: AsmType,
        src: Operand,
        dst: Operand,
    },
    /// `cvtss2sd` (`from` Single) or `cvtsd2ss` (`from` Double): between
    /// the two floating types.
    Cvtfp {
        from: AsmType,
        src: Operand,
        dst: Operand,
    },
    Unary {
        op: UnaryOp,
        ty: AsmType,
        dst: Operand,
    },
    Binary {
        op: BinaryOp,
        ty: AsmType,
        src: Operand,
        dst: Operand,
    },
    /// `cmp src, dst` sets flags from `dst - src`; on doubles `comisd`.
    Cmp {
        ty: AsmType,
        src: Operand,
        dst: Operand,
    },
    /// Signed division of `%edx:%eax` (or `%rdx:%rax`) by `src`.
    Idiv {
        ty: AsmType,
        src: Operand,
    },
    /// Unsigned division of `%edx:%eax` (or `%rdx:%rax`) by `src`.
    Div {
        ty: AsmType,
        src: Operand,
    },
    /// Sign-extend the accumulator into `%edx`/`%rdx` (`cltd`/`cqto`).
    Cdq {
        ty: AsmType,
    },
    /// `mfence`: TACKY's `Fence`.
    Mfence,
    /// An x87 instruction (`long double`, see [`X87`]).
    X87(X87),
    /// An atomic read-modify-write of memory `dst` with register `src`
    /// (see [`AtomicOp`]).
    Atomic {
        op: AtomicOp,
        ty: AsmType,
        src: Operand,
        dst: Operand,
    },
    Jmp(Label),
    /// `jmp *%rax`: to the address in a register (gcc's `goto *`), which
    /// may be any label whose address the function takes.
    JmpIndirect(Operand),
    JmpCC(CondCode, Label),
    /// Sets the low byte of `dst` to 0 or 1.
    SetCC(CondCode, Operand),
    Label(Label),
    /// `pushq`: always 8 bytes.
    Push(Operand),
    Pop(Reg),
    /// `leave`: `%rsp = %rbp`, then pops `%rbp` (the epilogue; one
    /// instruction where `movq %rbp, %rsp` + `popq %rbp` would make the
    /// processor's stack engine resynchronise before the pop).
    Leave,
    /// A call passing its arguments in the first `int_args` integer and
    /// `sse_args` SSE argument registers (and on the stack). A call to a
    /// variadic function also reads `%al`, the number of vector registers
    /// used (ABI 3.5.7), which selection sets just before it.
    Call {
        target: CallTarget,
        int_args: u8,
        sse_args: u8,
        variadic: bool,
    },
    /// The address of thread-local variable `var` in `%rax`, by the
    /// System V TLS sequence of `model` (fixed instruction sequences the
    /// linker may rewrite, so each is one item here).
    ThreadAddress {
        var: Sym,
        model: TlsModel,
    },
    Ret,
}

/// The x87 instructions `long double` arithmetic is selected into. The
/// register stack holds values only within the sequence selected for one
/// TACKY instruction (operands are pushed from memory, the result stored
/// back and popped), so it is empty at every label, call and `ret` but
/// for a `long double` a call returns or a function is returning in
/// `%st(0)`. No register allocation touches it; memory operands are the
/// only explicit ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum X87 {
    /// Pushes the value at `src` read in `format` (`fldt`, `fildq`...).
    Load(X87Format, Operand),
    /// Stores `%st(0)` to `dst` in `format` and pops (`fstpt`,
    /// `fistpq`...); to an integer, rounded as the control word says.
    StorePop(X87Format, Operand),
    /// `%st(1) = %st(1) op %st(0)`, then pops: the result replaces the
    /// operand pushed first.
    ArithPop(X87Arith),
    /// `fchs`: negates `%st(0)`.
    ChangeSign,
    /// `fucomip %st(1), %st` (`fcomip` when `signaling`): compares
    /// `%st(0)` with `%st(1)` into ZF, PF and CF as `comisd` compares its
    /// destination with its source, and pops `%st(0)`.
    CompareAndPop { signaling: bool },
    /// `fstp %st(0)`: pops.
    Pop,
    /// `fldz`: pushes +0.0.
    LoadZero,
    /// `fnstcw`: stores the 16-bit control word to `dst`.
    StoreControl(Operand),
    /// `fldcw`: loads the control word from `src`.
    LoadControl(Operand),
}

/// The memory formats x87 loads and stores: the three floating ones and
/// 16-, 32- and 64-bit two's complement integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum X87Format {
    Single,
    Double,
    Extended,
    Int16,
    Int32,
    Int64,
}

impl X87Format {
    /// The AT&T mnemonic suffix (`flds`, `fildl`, `fistpq`...).
    pub fn suffix(self) -> &'static str {
        match self {
            X87Format::Single | X87Format::Int16 => "s",
            X87Format::Double | X87Format::Int32 => "l",
            X87Format::Extended => "t",
            X87Format::Int64 => "q",
        }
    }

    pub fn is_integer(self) -> bool {
        matches!(self, X87Format::Int16 | X87Format::Int32 | X87Format::Int64)
    }

    /// The asm type an operand of this format is read or written at (the
    /// 10 bytes of the extended format: an aggregate's).
    fn asm_type(self) -> AsmType {
        match self {
            X87Format::Single => AsmType::Single,
            X87Format::Double => AsmType::Double,
            X87Format::Extended => AsmType::ByteArray,
            X87Format::Int16 => AsmType::Word,
            X87Format::Int32 => AsmType::Long,
            X87Format::Int64 => AsmType::Quad,
        }
    }
}

/// The arithmetic of [`X87::ArithPop`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum X87Arith {
    Add,
    Sub,
    Mul,
    Div,
}

/// How code finds a thread-local variable (the x86-64 ELF TLS ABI), each
/// a sequence ending with the address in `%rax`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TlsModel {
    /// Defined in the executable: `movq %fs:0, %rax; addq $var@tpoff,
    /// %rax` (the thread pointer plus the link-time offset).
    LocalExec,
    /// Perhaps in a shared library loaded at start: `movq
    /// var@gottpoff(%rip), %rax; addq %fs:0, %rax` (the offset from a GOT
    /// entry).
    InitialExec,
    /// Anywhere (`-fPIC`): `leaq var@tlsgd(%rip), %rdi; call
    /// __tls_get_addr@PLT`, padded with prefixes to 16 bytes; a call,
    /// clobbering every caller-saved register. `get_addr` names
    /// `__tls_get_addr`.
    GeneralDynamic { get_addr: Sym },
}

/// What a call instruction calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallTarget {
    /// `call f`: a function by its symbol.
    Symbol(Sym),
    /// `call *%r11`: the function whose address selection loaded into
    /// `%r11` just before (no argument register, never allocated, and not
    /// touched by fix-up between the two).
    R11,
}

/// How an instruction accesses an operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
    ReadWrite,
}

impl Access {
    pub fn reads(self) -> bool {
        self != Access::Write
    }

    pub fn writes(self) -> bool {
        self != Access::Read
    }
}

/// The operand forms an instruction accepts in one position: a set of
/// [`Accepts::IMM8`], [`Accepts::IMM32`], [`Accepts::IMM64`],
/// [`Accepts::REG`] (a register of the operand's class), [`Accepts::CL`]
/// and [`Accepts::MEM`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Accepts(u8);

impl Accepts {
    /// An immediate 0..=255 (a shift count).
    pub const IMM8: Accepts = Accepts(1);
    /// An immediate that fits a sign-extended 32-bit field.
    pub const IMM32: Accepts = Accepts(2);
    /// Any 64-bit immediate (`movabs`).
    pub const IMM64: Accepts = Accepts(4);
    pub const REG: Accepts = Accepts(8);
    /// `%cl` only (a shift count register).
    pub const CL: Accepts = Accepts(16);
    pub const MEM: Accepts = Accepts(32);
    pub const REG_MEM: Accepts = Accepts(8 | 32);
    pub const ANY32: Accepts = Accepts(2 | 8 | 32);

    pub const fn with(self, other: Accepts) -> Accepts {
        Accepts(self.0 | other.0)
    }

    /// `self` without memory when `cond` (the other operand is in memory).
    pub const fn without_mem_if(self, cond: bool) -> Accepts {
        if cond { Accepts(self.0 & !32) } else { self }
    }

    fn has(self, what: Accepts) -> bool {
        self.0 & what.0 != 0
    }

    /// Whether `op` is acceptable here (pseudo-registers never are).
    #[inline]
    pub fn allows(self, op: Operand) -> bool {
        match op {
            Operand::Imm(v) => {
                self.has(Accepts::IMM64)
                    || (self.has(Accepts::IMM32) && i32::try_from(v).is_ok())
                    || (self.has(Accepts::IMM8) && (0..=255).contains(&v))
            }
            Operand::Reg(Reg::Cx) if self.has(Accepts::CL) => true,
            Operand::Reg(_) | Operand::Xmm(_) => self.has(Accepts::REG),
            Operand::Memory { .. } | Operand::Indexed { .. } | Operand::Data { .. } => {
                self.has(Accepts::MEM)
            }
            Operand::Pseudo(_) | Operand::PseudoMem { .. } => false,
        }
    }

    /// Whether a register can stand here (fix-up's way out).
    pub fn takes_register(self) -> bool {
        self.has(Accepts::REG)
    }
}

/// One operand of an instruction, as [`Instr::operands`] describes it.
#[derive(Clone, Copy, Debug)]
pub struct Slot {
    pub operand: Operand,
    pub access: Access,
    pub accepts: Accepts,
    /// The type the operand is read or written at.
    pub ty: AsmType,
}

/// Up to two operand slots, in AT&T order (source first).
pub type Slots = [Option<Slot>; 2];

/// A set of registers of both classes: bit `r` for general register `r`,
/// bit `16 + n` for `%xmmN`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RegSet(pub u32);

impl RegSet {
    pub fn add_reg(&mut self, r: Reg) {
        self.0 |= 1 << (r as u32);
    }

    pub fn add_xmm(&mut self, x: Xmm) {
        self.0 |= 1 << (16 + u32::from(x.0));
    }

    pub fn union(self, other: RegSet) -> RegSet {
        RegSet(self.0 | other.0)
    }

    pub fn minus(self, other: RegSet) -> RegSet {
        RegSet(self.0 & !other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether general register `r` (or, for an `Operand::Xmm`, that XMM
    /// register) is in the set.
    pub fn has(self, op: Operand) -> bool {
        match op {
            Operand::Reg(r) => self.0 & (1 << (r as u32)) != 0,
            Operand::Xmm(x) => self.0 & (1 << (16 + u32::from(x.0))) != 0,
            _ => false,
        }
    }

    pub fn of_regs(regs: &[Reg]) -> RegSet {
        let mut s = RegSet::default();
        regs.iter().for_each(|&r| s.add_reg(r));
        s
    }

    pub fn of_xmms(xmms: &[Xmm]) -> RegSet {
        let mut s = RegSet::default();
        xmms.iter().for_each(|&x| s.add_xmm(x));
        s
    }

    /// Every XMM register.
    pub const ALL_XMM: RegSet = RegSet(0xffff << 16);
}

/// The registers an instruction reads and writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RegEffects {
    pub uses: RegSet,
    pub defs: RegSet,
}

impl Instr {
    /// The named symbols the instruction mentions: a call's target and the
    /// symbols of its data operands (constants are local labels, not
    /// symbols).
    pub fn symbols(&self) -> impl Iterator<Item = Sym> {
        let call = match self {
            Instr::Call {
                target: CallTarget::Symbol(target),
                ..
            } => Some(*target),
            // The variable, then the function the sequence calls.
            &Instr::ThreadAddress { var, model } => {
                let get_addr = match model {
                    TlsModel::GeneralDynamic { get_addr } => Some(get_addr),
                    _ => None,
                };
                return [Some(var), get_addr, None].into_iter().flatten();
            }
            _ => None,
        };
        let mut ops = self
            .operands()
            .into_iter()
            .flatten()
            .map(|slot| match slot.operand {
                Operand::Data {
                    name: DataName::Symbol(s) | DataName::Got(s),
                    ..
                } => Some(s),
                _ => None,
            });
        let (a, b) = (ops.next().flatten(), ops.next().flatten());
        [call, a, b].into_iter().flatten()
    }
}

impl Instr {
    /// The instruction's explicit operands with their access and the forms
    /// the hardware accepts for each, given the other operand: every operand
    /// legality rule of x86-64 that the code generator meets is stated here,
    /// once. Fix-up rewrites what these reject; verify checks nothing is left.
    #[inline]
    pub fn operands(&self) -> Slots {
        use Access::*;
        let one = |operand, access, accepts, ty| {
            [
                Some(Slot {
                    operand,
                    access,
                    accepts,
                    ty,
                }),
                None,
            ]
        };
        let two =
            |src: Operand, src_acc: Accepts, src_ty, dst: Operand, dst_access, dst_acc, dst_ty| {
                [
                    Some(Slot {
                        operand: src,
                        access: Read,
                        // At most one memory operand per instruction.
                        accepts: src_acc.without_mem_if(dst.is_memory()),
                        ty: src_ty,
                    }),
                    Some(Slot {
                        operand: dst,
                        access: dst_access,
                        accepts: dst_acc,
                        ty: dst_ty,
                    }),
                ]
            };
        let reg_mem = Accepts::REG_MEM;
        match *self {
            // Only a register takes a 64-bit immediate; doubles never come
            // as immediates.
            Instr::Mov { ty, src, dst } => {
                let imm = match (ty, dst) {
                    (AsmType::Double | AsmType::Single, _) => reg_mem,
                    (AsmType::Quad, Operand::Reg(_)) => Accepts::ANY32.with(Accepts::IMM64),
                    _ => Accepts::ANY32,
                };
                two(src, imm, ty, dst, Write, reg_mem, ty)
            }
            Instr::Movsx {
                src_ty,
                dst_ty,
                src,
                dst,
            } => two(src, reg_mem, src_ty, dst, Write, Accepts::REG, dst_ty),
            Instr::MovZeroExtend {
                src_ty,
                dst_ty,
                src,
                dst,
            } => two(src, reg_mem, src_ty, dst, Write, Accepts::REG, dst_ty),
            Instr::Lea { src, dst } => two(
                src,
                Accepts::MEM,
                AsmType::Quad,
                dst,
                Write,
                Accepts::REG,
                AsmType::Quad,
            ),
            Instr::Cvttsd2si { fp, ty, src, dst } => {
                two(src, reg_mem, fp, dst, Write, Accepts::REG, ty)
            }
            Instr::Cvtsi2sd { fp, ty, src, dst } => {
                two(src, reg_mem, ty, dst, Write, Accepts::REG, fp)
            }
            Instr::Cvtfp { from, src, dst } => {
                let to = if from == AsmType::Single {
                    AsmType::Double
                } else {
                    AsmType::Single
                };
                two(src, reg_mem, from, dst, Write, Accepts::REG, to)
            }
            Instr::Unary { ty, dst, .. } => one(dst, ReadWrite, reg_mem, ty),
            Instr::Binary { op, ty, src, dst } => {
                if op.is_shift() {
                    let count = Accepts::IMM8.with(Accepts::CL);
                    two(src, count, AsmType::Byte, dst, ReadWrite, reg_mem, ty)
                } else if ty.is_sse() {
                    // SSE arithmetic writes a register; the packed forms
                    // (`xorpd`) read 16 bytes, which only constants provide.
                    two(src, reg_mem, ty, dst, ReadWrite, Accepts::REG, ty)
                } else if op == BinaryOp::Mul {
                    two(src, Accepts::ANY32, ty, dst, ReadWrite, Accepts::REG, ty)
                } else {
                    two(src, Accepts::ANY32, ty, dst, ReadWrite, reg_mem, ty)
                }
            }
            Instr::Cmp { ty, src, dst } => {
                if ty.is_sse() {
                    two(src, reg_mem, ty, dst, Read, Accepts::REG, ty)
                } else {
                    two(src, Accepts::ANY32, ty, dst, Read, reg_mem, ty)
                }
            }
            Instr::Idiv { ty, src } | Instr::Div { ty, src } => one(src, Read, reg_mem, ty),
            // The register receives the old value, except `cmpxchg`'s
            // (which `%rax` receives).
            Instr::Atomic { op, ty, src, dst } => {
                let src_access = if op == AtomicOp::CompareExchange {
                    Read
                } else {
                    ReadWrite
                };
                [
                    Some(Slot {
                        operand: src,
                        access: src_access,
                        accepts: Accepts::REG,
                        ty,
                    }),
                    Some(Slot {
                        operand: dst,
                        access: ReadWrite,
                        accepts: Accepts::MEM,
                        ty,
                    }),
                ]
            }
            Instr::SetCC(_, dst) => one(dst, Write, reg_mem, AsmType::Byte),
            Instr::X87(x) => match x {
                X87::Load(format, src) => one(src, Read, Accepts::MEM, format.asm_type()),
                X87::StorePop(format, dst) => one(dst, Write, Accepts::MEM, format.asm_type()),
                X87::StoreControl(dst) => one(dst, Write, Accepts::MEM, AsmType::Word),
                X87::LoadControl(src) => one(src, Read, Accepts::MEM, AsmType::Word),
                X87::ArithPop(_)
                | X87::ChangeSign
                | X87::CompareAndPop { .. }
                | X87::Pop
                | X87::LoadZero => [None, None],
            },
            Instr::Push(src) => one(src, Read, Accepts::ANY32, AsmType::Quad),
            Instr::JmpIndirect(target) => one(target, Read, Accepts::REG, AsmType::Quad),
            Instr::Pop(_)
            | Instr::Leave
            | Instr::Mfence
            | Instr::Cdq { .. }
            | Instr::Jmp(_)
            | Instr::JmpCC(..)
            | Instr::Label(_)
            | Instr::Call { .. }
            | Instr::ThreadAddress { .. }
            | Instr::Ret => [None, None],
        }
    }

    /// Whether every operand is one the hardware accepts there (see
    /// [`Instr::operands`]): what fix-up establishes and verify checks.
    pub fn is_legal(&self) -> bool {
        self.operands()
            .into_iter()
            .flatten()
            .all(|slot| slot.accepts.allows(slot.operand))
    }

    /// The explicit operands, mutable, in the order of [`Instr::operands`].
    pub fn operands_mut(&mut self) -> [Option<&mut Operand>; 2] {
        match self {
            Instr::Mov { src, dst, .. }
            | Instr::Movsx { src, dst, .. }
            | Instr::MovZeroExtend { src, dst, .. }
            | Instr::Lea { src, dst }
            | Instr::Cvttsd2si { src, dst, .. }
            | Instr::Cvtsi2sd { src, dst, .. }
            | Instr::Cvtfp { src, dst, .. }
            | Instr::Binary { src, dst, .. }
            | Instr::Atomic { src, dst, .. }
            | Instr::Cmp { src, dst, .. } => [Some(src), Some(dst)],
            Instr::Unary { dst: op, .. }
            | Instr::Idiv { src: op, .. }
            | Instr::Div { src: op, .. }
            | Instr::SetCC(_, op)
            | Instr::JmpIndirect(op)
            | Instr::X87(
                X87::Load(_, op)
                | X87::StorePop(_, op)
                | X87::StoreControl(op)
                | X87::LoadControl(op),
            )
            | Instr::Push(op) => [Some(op), None],
            Instr::X87(_) => [None, None],
            Instr::Pop(_)
            | Instr::Leave
            | Instr::Mfence
            | Instr::Cdq { .. }
            | Instr::Jmp(_)
            | Instr::JmpCC(..)
            | Instr::Label(_)
            | Instr::Call { .. }
            | Instr::ThreadAddress { .. }
            | Instr::Ret => [None, None],
        }
    }

    /// Every register the instruction reads and writes: its operands (and
    /// the base registers of memory operands) plus the implicit ones:
    /// division reads and writes `%rax`/`%rdx`, `cltd` reads `%rax` and
    /// writes `%rdx`, a call reads its argument registers and clobbers every
    /// caller-saved register, `ret` reads `returns` (the function's return
    /// registers).
    pub fn registers(&self, returns: RegSet) -> RegEffects {
        let mut fx = RegEffects::default();
        for slot in self.operands().into_iter().flatten() {
            match slot.operand {
                Operand::Reg(r) => {
                    if slot.access.reads() {
                        fx.uses.add_reg(r);
                    }
                    if slot.access.writes() {
                        fx.defs.add_reg(r);
                    }
                }
                Operand::Xmm(x) => {
                    if slot.access.reads() {
                        fx.uses.add_xmm(x);
                    }
                    if slot.access.writes() {
                        fx.defs.add_xmm(x);
                    }
                }
                Operand::Memory { base, .. } => fx.uses.add_reg(base),
                Operand::Indexed { base, index, .. } => {
                    fx.uses.add_reg(base);
                    fx.uses.add_reg(index);
                }
                Operand::Imm(_)
                | Operand::Pseudo(_)
                | Operand::PseudoMem { .. }
                | Operand::Data { .. } => {}
            }
        }
        let ax_dx = RegSet::of_regs(&[Reg::Ax, Reg::Dx]);
        match *self {
            Instr::Idiv { .. } | Instr::Div { .. } => {
                fx.uses = fx.uses.union(ax_dx);
                fx.defs = fx.defs.union(ax_dx);
            }
            Instr::Cdq { .. } => {
                fx.uses.add_reg(Reg::Ax);
                fx.defs.add_reg(Reg::Dx);
            }
            Instr::Atomic {
                op: AtomicOp::CompareExchange,
                ..
            } => {
                fx.uses.add_reg(Reg::Ax);
                fx.defs.add_reg(Reg::Ax);
            }
            Instr::Push(_) => {
                fx.uses.add_reg(Reg::Sp);
                fx.defs.add_reg(Reg::Sp);
            }
            Instr::Pop(r) => {
                fx.uses.add_reg(Reg::Sp);
                fx.defs.add_reg(Reg::Sp);
                fx.defs.add_reg(r);
            }
            Instr::Leave => {
                fx.uses = RegSet::of_regs(&[Reg::Sp, Reg::Bp]);
                fx.defs = RegSet::of_regs(&[Reg::Sp, Reg::Bp]);
            }
            Instr::Call {
                target,
                int_args,
                sse_args,
                variadic,
            } => {
                fx.uses = RegSet::of_regs(&INT_ARG_REGS[..usize::from(int_args)])
                    .union(RegSet::of_xmms(&SSE_ARG_REGS[..usize::from(sse_args)]));
                if variadic {
                    fx.uses.add_reg(Reg::Ax);
                }
                if target == CallTarget::R11 {
                    fx.uses.add_reg(Reg::R11);
                }
                fx.defs = RegSet::of_regs(&CALLER_SAVED).union(RegSet::ALL_XMM);
            }
            Instr::ThreadAddress {
                model: TlsModel::GeneralDynamic { .. },
                ..
            } => fx.defs = RegSet::of_regs(&CALLER_SAVED).union(RegSet::ALL_XMM),
            Instr::ThreadAddress { .. } => fx.defs.add_reg(Reg::Ax),
            Instr::Ret => fx.uses = returns,
            _ => {}
        }
        fx
    }
}

pub struct Program {
    pub items: Vec<TopLevel>,
    /// Constants code and data refer to by label (doubles, string
    /// literals), in the order they are emitted.
    pub constants: Vec<Constant>,
    /// `_GLOBAL_OFFSET_TABLE_` when compiling `-fPIC`: GNU `as` creates
    /// this undefined symbol at the first GOT reference.
    pub got_base: Option<Sym>,
}

pub enum TopLevel {
    Function(Function),
    StaticVar(StaticVar),
}

pub struct Function {
    pub name: Sym,
    /// Where the definition names the function.
    pub span: crate::diag::Span,
    pub global: bool,
    /// The section a declaration names (gcc's `section`); else `.text`.
    pub section: Option<crate::target::Section>,
    /// What a declaration asks its code to be aligned to (gcc's
    /// `aligned`): the text pads before it with NOPs (`.balign`).
    pub align: Option<u32>,
    /// The frame fix-up set up at the start (the unwind tables describe
    /// it); empty before fix-up.
    pub frame: Frame,
    /// The function moves `%rsp` itself (`alloca`): the epilogue finds the
    /// saved registers from `%rbp`.
    pub dynamic_stack: bool,
    /// With `-g`, the program's parameters and variables, for debug
    /// information (frame layout gives each its home).
    pub debug_vars: Vec<DebugVar>,
    /// The registers that hold the return value at `ret`.
    pub returns: RegSet,
    /// The labels whose address is taken (see [`DataName::Code`] and
    /// [`crate::ir::symbols::StaticInit::CodeLabel`]): where they end up
    /// is needed beyond the function.
    pub address_taken: Vec<Label>,
    pub instrs: Vec<Sourced<Instr>>,
}

/// A parameter or automatic variable of the program, as debug information
/// describes it.
#[derive(Clone, Debug)]
pub struct DebugVar {
    pub name: Sym,
    pub ty: crate::ir::types::Type,
    /// Its type as written, where that names a typedef or an enumerated
    /// type (see `SymbolTable::written_types`).
    pub written: Option<crate::ir::types::Type>,
    pub span: crate::diag::Span,
    pub param: bool,
    /// The block scope it belongs to (see `SymbolTable::declared`).
    pub scope: Option<crate::diag::Span>,
    /// Its stack slot (`disp(%rbp)`), once frame layout gave it one.
    pub home: Option<i32>,
}

#[derive(Clone)]
pub struct StaticVar {
    pub name: Sym,
    pub global: bool,
    pub align: u32,
    /// The section it goes in when a declaration names one (gcc's
    /// `section`); else the target's for data.
    pub section: Option<crate::target::Section>,
    /// Whether it must be writable: not `const`, or holding addresses to
    /// relocate (as gcc decides for position-independent code). A named
    /// section is writable when one of its variables must be.
    pub writable: bool,
    /// The initial value, piece by piece in address order.
    pub init: Vec<StaticInit>,
}

/// The atomic read-modify-write instructions, each one sequentially
/// consistent (locked).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AtomicOp {
    /// `lock xadd src, dst`: `dst += src`, `src` the old value.
    FetchAdd,
    /// `xchg src, dst` (locked without a prefix): `src` the old value.
    Exchange,
    /// `lock cmpxchg src, dst`: if `dst == %rax` then `dst = src`; `%rax`
    /// the old value either way.
    CompareExchange,
}

/// The sections declarations name (gcc's `section`): `code`, those
/// functions name, then those static variables name, in the order first
/// named, each writable when one of its variables must be (see
/// [`StaticVar::writable`]).
pub fn named_sections(code: &[Sym], statics: &[StaticVar]) -> Vec<(Sym, SectionContents)> {
    let mut sections: Vec<(Sym, SectionContents)> = code
        .iter()
        .map(|&name| (name, SectionContents::Code))
        .collect();
    for v in statics {
        if let Some(crate::target::Section::Named(name)) = v.section {
            match sections.iter_mut().find(|(s, _)| *s == name) {
                Some((_, SectionContents::Data { writable })) => *writable |= v.writable,
                // Semantic analysis refuses a section of both.
                Some((_, SectionContents::Code)) => {}
                None => sections.push((
                    name,
                    SectionContents::Data {
                        writable: v.writable,
                    },
                )),
            }
        }
    }
    sections
}

/// What a section a declaration names holds, which decides its flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionContents {
    Code,
    Data { writable: bool },
}

/// A read-only constant under a local label, aligned to `align`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constant {
    pub label: Label,
    pub data: ConstantData,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConstantData {
    /// `bytes` little-endian bytes of `value` (4 or 8; 16 for a `long
    /// double` or the operand of a packed instruction such as `xorpd`,
    /// zero-padded), aligned to `bytes`.
    Bits { value: u128, bytes: u32 },
    /// A string literal's bytes followed by its terminating NUL (not part of
    /// `bytes`); alignment 1.
    String(Vec<u8>),
}

impl Constant {
    pub fn align(&self) -> u32 {
        match self.data {
            ConstantData::Bits { bytes, .. } => bytes,
            ConstantData::String(_) => 1,
        }
    }
}

/// Where a variable lives once frame layout has placed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Home {
    /// A slot in the frame.
    Stack,
    /// Static storage under the variable's own symbol.
    Static,
    /// A read-only constant under a local label (a string literal).
    Constant(Label),
}

/// What code generation knows of each TACKY variable: its asm type and
/// where it lives. Built by instruction selection from the symbol table.
#[derive(Default)]
pub struct AsmSymbols {
    objects: rustc_hash::FxHashMap<Sym, AsmObject>,
}

#[derive(Clone, Copy, Debug)]
pub struct AsmObject {
    pub ty: AsmType,
    pub size: u32,
    pub align: u32,
    pub home: Home,
    /// A temporary the compiler made (not a variable of the program): an
    /// unoptimised build may keep it in a register (see `codegen::frame`).
    pub temporary: bool,
}

impl AsmSymbols {
    pub fn insert(&mut self, name: Sym, object: AsmObject) {
        self.objects.insert(name, object);
    }

    /// The variables that live in static storage (frame layout makes them
    /// data operands).
    pub fn statics(&self) -> impl Iterator<Item = Sym> {
        self.objects
            .iter()
            .filter(|(_, o)| o.home == Home::Static)
            .map(|(&name, _)| name)
    }

    pub fn contains(&self, name: Sym) -> bool {
        self.objects.contains_key(&name)
    }

    /// The entry of a variable selection has seen; a missing one is a bug.
    pub fn object(&self, name: Sym) -> AsmObject {
        self.objects[&name]
    }
}

/// A function's stack frame as frame layout decides it and fix-up writes it
/// out: `size` bytes below the saved `%rbp`, a multiple of 16 so that
/// `%rsp` stays aligned for calls (ABI 3.2.2).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Frame {
    /// Bytes below `%rbp` for stack slots (with the saved registers, a
    /// multiple of 16).
    pub size: u32,
    /// Callee-saved registers register allocation used, pushed after the
    /// frame is set up and popped before every `ret`, in this order.
    pub callee_saved: Vec<Reg>,
}

impl Frame {
    /// The instructions of fix-up's prologue: `push %rbp`, `mov
    /// %rsp,%rbp`, the `sub` that makes the frame (when it has a size),
    /// then a `push` per saved register, in [`Frame::callee_saved`] order.
    pub fn prologue_len(&self) -> usize {
        2 + usize::from(self.size > 0) + self.callee_saved.len()
    }

    /// Where the `k`th saved register is, below `%rbp`.
    pub fn saved_register_disp(&self, k: usize) -> i32 {
        -((self.size + 8 * (k as u32 + 1)) as i32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Instr::registers` is what liveness will read (book chapter 20):
    /// explicit operands, memory bases and indexes, and the implicit
    /// registers of division, calls and `ret`.
    #[test]
    fn registers_include_implicit_ones() {
        let regs = |r: &[Reg]| RegSet::of_regs(r);
        let idiv = Instr::Idiv {
            ty: AsmType::Long,
            src: Operand::Indexed {
                base: Reg::Cx,
                index: Reg::Si,
                scale: 4,
                disp: 0,
            },
        };
        let fx = idiv.registers(RegSet::default());
        assert_eq!(fx.uses, regs(&[Reg::Ax, Reg::Cx, Reg::Dx, Reg::Si]));
        assert_eq!(fx.defs, regs(&[Reg::Ax, Reg::Dx]));

        let call = Instr::Call {
            target: CallTarget::Symbol(crate::intern::Interner::new().intern("f")),
            int_args: 2,
            sse_args: 1,
            variadic: true,
        };
        let fx = call.registers(RegSet::default());
        assert_eq!(
            fx.uses,
            regs(&[Reg::Di, Reg::Si, Reg::Ax]).union(RegSet::of_xmms(&[Xmm(0)]))
        );
        assert_eq!(fx.defs, regs(&CALLER_SAVED).union(RegSet::ALL_XMM));

        let returns = regs(&[Reg::Ax, Reg::Dx]);
        assert_eq!(Instr::Ret.registers(returns).uses, returns);

        let mov = Instr::Mov {
            ty: AsmType::Quad,
            src: Operand::Memory {
                base: Reg::Bp,
                disp: -8,
            },
            dst: Operand::Reg(Reg::R10),
        };
        let fx = mov.registers(RegSet::default());
        assert_eq!((fx.uses, fx.defs), (regs(&[Reg::Bp]), regs(&[Reg::R10])));
    }

    #[test]
    fn inverse_condition_codes() {
        use super::CondCode::*;
        let pairs = [(E, Ne), (L, Ge), (Le, G), (B, Ae), (Be, A), (P, Np)];
        for (a, b) in pairs {
            assert_eq!((a.inverse(), b.inverse()), (b, a));
        }
    }
}
