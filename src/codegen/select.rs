//! Instruction selection: TACKY to assembly over pseudo-registers (book
//! chapters 2-4, 6, 9, 11-16; System V AMD64 ABI 3.2.3 for calls).
//!
//! Takes a TACKY function and the symbol table; returns an asm function
//! whose operands may still be pseudo-registers and memory-to-memory pairs,
//! and the [`AsmSymbols`] giving every pseudo-register its asm type and
//! home ([`Selection::function`]). At the end of the file, the read-only
//! constants the code refers to (each distinct double once, and every
//! string literal's array: [`Selection::constants`]) and the static
//! variables' data ([`static_var`]). Each TACKY
//! instruction becomes a short fixed sequence typed by its operands, except
//! that a comparison whose result only the branch right after it reads
//! becomes `cmp` + `jCC` (the result is never stored), and an element
//! address only the load or store right after it reads becomes that
//! instruction's addressing mode; every instruction
//! keeps the span of the TACKY instruction it came from.
//!
//! Comparisons of doubles follow IEEE 754: `comisd` reports an unordered
//! pair (a NaN) as ZF = PF = CF = 1, so `<`/`<=` compare with swapped
//! operands and test `a`/`ae` (false when unordered), and `==`/`!=` test the
//! parity flag too. Conversions between `double` and the unsigned types,
//! which SSE2 has no instruction for, use the book's sequences (chapter 13).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::codegen::abi;
use crate::diag::Span;
use crate::intern::{Interner, Sym};
use crate::ir::asm::{
    self, AsmObject, AsmSymbols, AsmType, BinaryOp, CallTarget, CondCode, Constant, ConstantData,
    Home, INT_ARG_REGS, Instr, Operand, Reg, RegSet, Xmm,
};
use crate::ir::consts::Const;
use crate::ir::symbols::{Attrs, SymbolTable};
use crate::ir::tacky::{self, Callee, ConvertOp, Sourced, Val};
use crate::ir::types::{Type, TypeTable};
use crate::ir::va_list;
use crate::ir::{Label, NameGen};

mod x87;

/// The asm type of a C object type.
#[inline]
pub fn asm_type(ty: &Type) -> AsmType {
    match ty {
        Type::Bool | Type::Char | Type::SChar | Type::UChar => AsmType::Byte,
        Type::Short | Type::UShort => AsmType::Word,
        Type::Int | Type::UInt => AsmType::Long,
        Type::Long | Type::ULong | Type::Pointer(..) => AsmType::Quad,
        Type::Double => AsmType::Double,
        Type::Float => AsmType::Single,
        // A `long double` lives in memory, as an aggregate does: x87
        // instructions read and write it there.
        Type::Array(..) | Type::Struct(_) | Type::Union(_) | Type::LongDouble => AsmType::ByteArray,
        Type::Void
        | Type::Function(_)
        | Type::Typedef(_)
        | Type::Alias(_)
        | Type::DeferredArray(_)
        | Type::Vla(..)
        | Type::TypeOf(_)
        | Type::Qualified(..)
        | Type::Complex(_) => {
            panic!("{ty} has no asm type")
        }
    }
}

/// The size and alignment of a variable of type `ty`: its type's, but an
/// array of 16 bytes or more is 16-aligned (ABI 3.1.2), static or not.
pub fn variable_layout(ty: &Type, types: &TypeTable) -> (u32, u32) {
    // An object declared but defined elsewhere may have an incomplete type;
    // nothing is laid out for it here.
    if !types.is_complete(ty) {
        return (0, 1);
    }
    let size = types.size(ty) as u32;
    let align = match ty {
        Type::Array(..) if size >= 16 => 16,
        _ => types.align(ty) as u32,
    };
    (size, align)
}

/// What selection keeps from one function to the next: the constant pool.
pub struct Selection {
    pool: ConstantPool,
    pic: bool,
}

impl Selection {
    /// `pic`: global and `extern` variables through the GOT (see `pic`).
    pub fn new(pic: bool) -> Self {
        Selection {
            pool: ConstantPool::default(),
            pic,
        }
    }

    /// Selects one function's instructions; returns them with the
    /// [`AsmSymbols`] of every variable they name.
    pub fn function(
        &mut self,
        f: &tacky::Function,
        symbols: &SymbolTable,
        interner: &mut Interner,
        names: &mut NameGen,
    ) -> (asm::Function, AsmSymbols) {
        let mut asm_symbols = AsmSymbols::default();
        // A function returning an aggregate in memory keeps the caller's
        // buffer address in a slot of its own.
        let ret = match &symbols.info(f.name).ty {
            Type::Function(ft) => &*ft.ret,
            _ => panic!("a defined function has a function type"),
        };
        let buffer = abi::returns_in_memory(ret, &symbols.types).then(|| {
            let name = interner.add_numbered("return_buffer", names.bump());
            asm_symbols.insert(
                name,
                AsmObject {
                    ty: AsmType::Quad,
                    size: 8,
                    align: 8,
                    home: Home::Stack,
                    temporary: false,
                },
            );
            name
        });
        // Under `-fPIC` thread-local variables are found by a call.
        let tls_get_addr = (self.pic && !symbols.thread_local.is_empty())
            .then(|| interner.intern("__tls_get_addr"));
        let pic = self.pic;
        let (out, x87_scratch) = select_function(
            f,
            symbols,
            (interner, names),
            &mut self.pool,
            buffer,
            pic,
            tls_get_addr,
        );
        if let Some(scratch) = x87_scratch {
            asm_symbols.insert(scratch, x87::SCRATCH);
        }
        for instr in &out.instrs {
            for slot in instr.item.operands().into_iter().flatten() {
                if let Operand::Pseudo(name) | Operand::PseudoMem { name, .. } = slot.operand
                    && !asm_symbols.contains(name)
                {
                    let object = AsmObject {
                        temporary: interner.is_temp(name),
                        ..asm_object(name, symbols)
                    };
                    asm_symbols.insert(name, object);
                }
            }
        }
        (out, asm_symbols)
    }

    /// The read-only constants the file's code and data refer to: every
    /// string literal's array in the order sema made them, then the
    /// doubles in the order selection met them.
    pub fn constants(self, symbols: &SymbolTable) -> Vec<Constant> {
        let mut constants: Vec<Constant> = symbols
            .iter()
            .filter_map(|(_, info)| match &info.attrs {
                Attrs::Constant { label, bytes } => Some(Constant {
                    label: *label,
                    data: ConstantData::String(bytes.clone()),
                }),
                _ => None,
            })
            .collect();
        constants.extend(self.pool.constants);
        constants
    }
}

/// What code generation needs to know of a variable in the symbol table.
fn asm_object(name: Sym, symbols: &SymbolTable) -> AsmObject {
    let info = symbols.info(name);
    let home = match &info.attrs {
        // A function's address is taken as a static object's is (`lea
        // f(%rip)`); nothing else reads or writes it.
        Attrs::Fun { .. } => {
            return AsmObject {
                ty: AsmType::Quad,
                size: 0,
                align: 1,
                home: Home::Static,
                temporary: false,
            };
        }
        Attrs::Static { .. } => Home::Static,
        Attrs::Local => Home::Stack,
        Attrs::Constant { label, .. } => Home::Constant(*label),
    };
    let (size, align) = declared_layout(name, &info.ty, symbols);
    AsmObject {
        ty: asm_type(&info.ty),
        size,
        align,
        home,
        temporary: false,
    }
}

/// The size and alignment of variable `name` of type `ty`: its type's (see
/// [`variable_layout`]), aligned further when a declaration asked (gcc's
/// `aligned`, C11's `_Alignas`).
fn declared_layout(name: Sym, ty: &Type, symbols: &SymbolTable) -> (u32, u32) {
    let (size, natural) = variable_layout(ty, &symbols.types);
    let align = symbols
        .alignment(name)
        .map_or(natural, |asked| natural.max(asked as u32));
    (size, align)
}

/// A static variable's data as the back ends write it.
pub fn static_var(s: &tacky::StaticVar, symbols: &SymbolTable) -> asm::StaticVar {
    use crate::ir::symbols::StaticInit;
    use crate::target::Section;
    asm::StaticVar {
        name: s.name,
        global: s.global,
        // As for locals: arrays of 16 bytes or more are 16-aligned; more
        // when a declaration asks.
        align: declared_layout(s.name, &s.ty, symbols).1,
        section: match symbols.section_of(s.name) {
            Some(name) => Some(Section::Named(name)),
            None if symbols.thread_local.contains_key(&s.name) => Some(
                crate::target::thread_local_section(crate::ir::symbols::all_zero(&s.init)),
            ),
            None => None,
        },
        writable: !symbols.info(s.name).quals.is_const()
            || s.init.iter().any(|piece| {
                matches!(
                    piece,
                    StaticInit::Address { .. } | StaticInit::Pointer(_) | StaticInit::CodeLabel(_)
                )
            }),
        init: s.init.clone(),
    }
}

/// Read-only constants under local labels, one per distinct value and size.
#[derive(Default)]
struct ConstantPool {
    constants: Vec<Constant>,
    index: HashMap<(u128, u32), Label>,
}

impl ConstantPool {
    fn label(&mut self, value: u128, bytes: u32, names: &mut NameGen) -> Label {
        *self.index.entry((value, bytes)).or_insert_with(|| {
            let label = names.label();
            self.constants.push(Constant {
                label,
                data: ConstantData::Bits { value, bytes },
            });
            label
        })
    }
}

/// Returns the function and the stack slot its `long double` conversions
/// use, if they do.
fn select_function(
    f: &tacky::Function,
    symbols: &SymbolTable,
    (interner, names): (&mut Interner, &mut NameGen),
    pool: &mut ConstantPool,
    return_buffer: Option<Sym>,
    pic: bool,
    tls_get_addr: Option<Sym>,
) -> (asm::Function, Option<Sym>) {
    let Type::Function(fun_type) = &symbols.info(f.name).ty else {
        panic!("a defined function has a function type");
    };
    let returns = match &*fun_type.ret {
        Type::Void => RegSet::default(),
        // `%st(0)`, which no register set tracks.
        ret if abi::returns_on_x87(ret, &symbols.types) => RegSet::default(),
        ret => match abi::return_registers(ret, &symbols.types) {
            Some(regs) => reg_set(&regs),
            // The buffer's address comes back in %rax.
            None => RegSet::of_regs(&[Reg::Ax]),
        },
    };
    let mut s = Selector {
        out: Vec::with_capacity(f.body.len() * 2),
        // The parameters are stored where the definition names the
        // function, as gcc's line tables say.
        span: f.span,
        symbols,
        interner,
        names,
        pool,
        x87_scratch: None,
        return_buffer,
        zero_tested: zero_tested(&f.body, symbols),
        pic,
        tls_get_addr,
        va_start: None,
        dynamic_stack: false,
    };
    // Parameters arrive where the ABI puts them (see `abi`): registers by
    // class, the rest on the stack above the return address and the saved
    // %rbp, in order.
    let params: Vec<Val> = f.params.iter().map(|&p| Val::Var(p)).collect();
    let classes: Vec<_> = params.iter().map(|p| s.classes(p)).collect();
    let (placements, int_used, sse_used, stack_bytes) =
        abi::place_arguments(&classes, return_buffer.is_some());
    // A variadic function saves every argument register for `va_arg`
    // (ABI 3.5.7), before anything else can change them.
    if let Some(area) = f.va_save_area {
        for (i, &r) in INT_ARG_REGS.iter().enumerate() {
            s.mov(
                AsmType::Quad,
                Operand::Reg(r),
                pseudo_mem(area, 8 * i as i32),
            );
        }
        for (i, &x) in asm::SSE_ARG_REGS.iter().enumerate() {
            let at = va_list::GP_LIMIT as i32 + 16 * i as i32;
            s.mov(AsmType::Double, Operand::Xmm(x), pseudo_mem(area, at));
        }
    }
    if let Some(buffer) = return_buffer {
        s.mov(
            AsmType::Quad,
            Operand::Reg(INT_ARG_REGS[0]),
            Operand::Pseudo(buffer),
        );
    }
    // Above the return address and the saved %rbp.
    let stack_at = 16;
    for (p, placement) in params.iter().zip(placements) {
        let ty = s.asm_ty(p);
        match placement {
            abi::Placement::Regs(regs) if ty != AsmType::ByteArray => {
                let d = s.operand(p);
                s.mov(ty, reg_operand(regs[0]), d);
            }
            abi::Placement::Regs(regs) => {
                let size = s.size_of(p);
                for (i, reg) in regs.into_iter().enumerate() {
                    s.store_eightbyte(reg, aggregate(p), 8 * i as i32, size - 8 * i as u64);
                }
            }
            abi::Placement::Stack { offset, .. } => {
                let from = |at: i32| Operand::Memory {
                    base: Reg::Bp,
                    disp: stack_at + offset as i32 + at,
                };
                if ty == AsmType::ByteArray {
                    let (size, d) = (s.size_of(p), aggregate(p));
                    s.copy_bytes(size, from, |at| pseudo_mem(d, at));
                } else {
                    let d = s.operand(p);
                    s.mov(ty, from(0), d);
                }
            }
        }
    }
    s.va_start = f.va_save_area.map(|save_area| VaStart {
        gp_offset: 8 * i64::from(int_used),
        fp_offset: i64::from(va_list::GP_LIMIT) + 16 * i64::from(sse_used),
        overflow_arg_area: stack_at + stack_bytes as i32,
        save_area,
    });
    let fusible = fusible_temporaries(&f.body, symbols);
    let mut body = f.body.iter().peekable();
    while let Some(instr) = body.next() {
        s.span = instr.span;
        // A comparison only a branch right after it reads: compare and
        // jump, without making the 0 or 1.
        if let tacky::Instr::Binary {
            op,
            lhs,
            rhs,
            dst: Val::Var(t),
        } = &instr.item
            && fusible.contains(t)
            && let Some(next) = body.peek()
            && let tacky::Instr::JumpIfZero(Val::Var(v), target)
            | tacky::Instr::JumpIfNotZero(Val::Var(v), target) = &next.item
            && v == t
            && let Some(cc) = s.compare(*op, lhs, rhs)
        {
            let if_zero = matches!(next.item, tacky::Instr::JumpIfZero(..));
            s.emit(Instr::JmpCC(
                if if_zero { cc.inverse() } else { cc },
                *target,
            ));
            body.next();
            continue;
        }
        // An element address only the next load or store uses: that
        // instruction addresses the element itself.
        if let tacky::Instr::AddPtr {
            ptr,
            index,
            scale,
            dst: Val::Var(t),
        } = &instr.item
            && fusible.contains(t)
            && let Some(next) = body.peek()
        {
            match &next.item {
                tacky::Instr::Load {
                    ptr: Val::Var(p),
                    dst,
                } if p == t && s.asm_ty(dst) != AsmType::ByteArray => {
                    let address = s.address(ptr, index, i64::from(*scale));
                    let (ty, d) = (s.asm_ty(dst), s.operand(dst));
                    s.mov(ty, address, d);
                    body.next();
                    continue;
                }
                tacky::Instr::Store {
                    src,
                    ptr: Val::Var(p),
                } if p == t && s.asm_ty(src) != AsmType::ByteArray => {
                    let address = s.address(ptr, index, i64::from(*scale));
                    let (ty, v) = (s.asm_ty(src), s.operand(src));
                    s.mov(ty, v, address);
                    body.next();
                    continue;
                }
                _ => {}
            }
        }
        s.instr(&instr.item);
    }
    let x87_scratch = s.x87_scratch;
    // What every later stage keeps while it makes its own copy.
    s.out.shrink_to_fit();
    let f = asm::Function {
        name: f.name,
        span: f.span,
        global: f.global,
        section: symbols
            .section_of(f.name)
            .map(crate::target::Section::Named),
        align: symbols.alignment(f.name).map(|a| a as u32),
        frame: asm::Frame::default(),
        dynamic_stack: s.dynamic_stack,
        debug_vars: Vec::new(),
        returns,
        address_taken: f.address_taken.clone(),
        instrs: s.out,
    };
    (f, x87_scratch)
}

/// Local variables that only the instruction right after the one writing
/// them reads (read nowhere else, address never taken): a comparison read
/// by a branch (`select_function` compares and branches without storing
/// it: the usual `if (a < b)`), an element address read by a load or store
/// (which then addresses the element itself: the usual `a[i]`).
fn fusible_temporaries(body: &[Sourced<tacky::Instr>], symbols: &SymbolTable) -> HashSet<Sym> {
    use tacky::Instr as T;
    let mut candidates: HashSet<Sym> = HashSet::default();
    for pair in body.windows(2) {
        let t = match (&pair[0].item, &pair[1].item) {
            (
                T::Binary {
                    op,
                    dst: Val::Var(t),
                    ..
                },
                T::JumpIfZero(Val::Var(v), _) | T::JumpIfNotZero(Val::Var(v), _),
            ) if op.is_comparison() && v == t => *t,
            (
                T::AddPtr {
                    dst: Val::Var(t), ..
                },
                T::Load {
                    ptr: Val::Var(v), ..
                }
                | T::Store {
                    ptr: Val::Var(v), ..
                },
            ) if v == t => *t,
            _ => continue,
        };
        if matches!(symbols.info(t).attrs, Attrs::Local) {
            candidates.insert(t);
        }
    }
    if candidates.is_empty() {
        return candidates;
    }
    let mut reads: HashMap<Sym, u32> = HashMap::default();
    let mut count = |v: Sym| {
        if candidates.contains(&v) {
            *reads.entry(v).or_default() += 1;
        }
    };
    for instr in body {
        instr.item.for_each_use(|v| {
            if let Val::Var(v) = v {
                count(*v);
            }
        });
        if let T::GetAddress {
            src: Val::Var(v), ..
        } = instr.item
        {
            // Read through the pointer, who knows where.
            count(v);
            count(v);
        }
    }
    candidates.retain(|t| reads.get(t) == Some(&1));
    candidates
}

/// Local variables whose value matters only as zero or not: each is
/// written by a signed remainder by a power of two and every read of it
/// tests it against zero (`==`/`!=` with 0, `!`, a branch). Such a
/// remainder is zero exactly when the dividend's low bits are, whatever
/// its sign: `x % 2 == 0` is `(x & 1) == 0`, without the sign fix-up.
fn zero_tested(body: &[Sourced<tacky::Instr>], symbols: &SymbolTable) -> HashSet<Sym> {
    use tacky::Instr as T;
    let is_zero = |v: &Val| matches!(v, Val::Constant(c) if c.is_zero());
    let mut candidates: HashSet<Sym> = body
        .iter()
        .filter_map(|instr| match instr.item {
            T::Binary {
                op: tacky::BinaryOp::Remainder,
                rhs: Val::Constant(c),
                dst: Val::Var(t),
                ..
            } if power_of_two(Some(c.bits() as i64)).is_some()
                && matches!(symbols.info(t).attrs, Attrs::Local) =>
            {
                Some(t)
            }
            _ => None,
        })
        .collect();
    if candidates.is_empty() {
        return candidates;
    }
    for instr in body {
        let tests = match &instr.item {
            T::JumpIfZero(Val::Var(v), _) | T::JumpIfNotZero(Val::Var(v), _) => Some(*v),
            T::Unary {
                op: tacky::UnaryOp::Not,
                src: Val::Var(v),
                ..
            } => Some(*v),
            T::Binary {
                op: tacky::BinaryOp::Equal | tacky::BinaryOp::NotEqual,
                lhs,
                rhs,
                ..
            } => match (lhs, rhs) {
                (Val::Var(v), z) | (z, Val::Var(v)) if is_zero(z) => Some(*v),
                _ => None,
            },
            _ => None,
        };
        instr.item.for_each_use(|v| {
            if let Val::Var(v) = v
                && Some(*v) != tests
            {
                candidates.remove(v);
            }
        });
        if let T::GetAddress {
            src: Val::Var(v), ..
        } = instr.item
        {
            candidates.remove(&v);
        }
    }
    candidates
}

/// `k` when `v` is 2^k with 1 <= k <= 30: a multiplier, divisor or scale
/// that shifts and masks can replace.
fn power_of_two(v: Option<i64>) -> Option<u32> {
    v.filter(|&v| (2..=1 << 30).contains(&v) && v & (v - 1) == 0)
        .map(i64::trailing_zeros)
}

/// The register an eightbyte travels in, as an operand.
fn reg_operand(reg: abi::RegLoc) -> Operand {
    match reg {
        abi::RegLoc::Int(r) => Operand::Reg(r),
        abi::RegLoc::Sse(x) => Operand::Xmm(x),
    }
}

fn reg_set(regs: &[abi::RegLoc]) -> RegSet {
    let mut set = RegSet::default();
    for &reg in regs {
        match reg {
            abi::RegLoc::Int(r) => set.add_reg(r),
            abi::RegLoc::Sse(x) => set.add_xmm(x),
        }
    }
    set
}

struct Selector<'a> {
    out: Vec<Sourced<Instr>>,
    span: Span,
    symbols: &'a SymbolTable,
    interner: &'a mut Interner,
    names: &'a mut NameGen,
    pool: &'a mut ConstantPool,
    /// The function's slot for `long double` conversions (see `x87`),
    /// once one needs it.
    x87_scratch: Option<Sym>,
    /// Where the address of the caller's buffer for an aggregate returned
    /// in memory is kept.
    return_buffer: Option<Sym>,
    /// The function's [`zero_tested`] variables.
    zero_tested: HashSet<Sym>,
    /// `-fPIC`: the address of a global or `extern` variable comes from
    /// the GOT (the only way `crate::pic` leaves them to be named).
    pic: bool,
    /// `__tls_get_addr`, under `-fPIC` when the file has thread-local
    /// variables.
    tls_get_addr: Option<Sym>,
    /// In a variadic function, what `va_start` sets (see [`VaStart`]).
    va_start: Option<VaStart>,
    /// The function moves `%rsp` itself (`alloca`).
    dynamic_stack: bool,
}

/// A variadic function's fresh `va_list` (ABI 3.5.7): the named
/// parameters' share of the argument registers, where the stack arguments
/// after them start, and the register save area.
#[derive(Clone, Copy)]
struct VaStart {
    gp_offset: i64,
    fp_offset: i64,
    /// Relative to `%rbp`.
    overflow_arg_area: i32,
    save_area: Sym,
}

const AX: Operand = Operand::Reg(Reg::Ax);

/// The variable an aggregate value is (aggregates are never constants).
fn aggregate(v: &Val) -> Sym {
    match v {
        Val::Var(name) => *name,
        Val::Constant(_) => unreachable!("aggregates are never constants"),
    }
}

fn pseudo_mem(name: Sym, offset: i32) -> Operand {
    Operand::PseudoMem { name, offset }
}

/// An offset within an object as a displacement.
fn offset_of(offset: i64) -> i32 {
    i32::try_from(offset).expect("objects are smaller than 2 GiB")
}

/// The byte at `offset` from the address in `%rax`.
fn through_ax(offset: i32) -> Operand {
    Operand::Memory {
        base: Reg::Ax,
        disp: offset,
    }
}
/// What `%rdx` points to, at `offset`.
fn through_dx(offset: i32) -> Operand {
    Operand::Memory {
        base: Reg::Dx,
        disp: offset,
    }
}
const CX: Operand = Operand::Reg(Reg::Cx);
const DX: Operand = Operand::Reg(Reg::Dx);
const XMM0: Operand = Operand::Xmm(Xmm(0));
const XMM1: Operand = Operand::Xmm(Xmm(1));
/// 2^63, the first `double` beyond `long`.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

impl Selector<'_> {
    fn emit(&mut self, item: Instr) {
        self.out.push(Sourced {
            item,
            span: self.span,
        });
    }

    fn ty(&self, v: &Val) -> Type {
        v.ty(self.symbols)
    }

    /// Whether a value's type is signed (what picks `idiv`, `sar`, `l`/`g`).
    fn is_signed(&self, v: &Val) -> bool {
        match v {
            Val::Constant(c) => c.ty().is_signed(),
            Val::Var(name) => self.symbols.info(*name).ty.is_signed(),
        }
    }

    /// Whether a function's address is loaded from the GOT: under `-fPIC`
    /// when the function is global (another module may define it), else
    /// when it is not defined in this file so far (it may be in a shared
    /// library, which a position-independent executable cannot reach
    /// PC-relatively), as gcc's `-fPIE` code does.
    fn function_through_got(&self, name: Sym) -> bool {
        match self.symbols.info(name).attrs {
            Attrs::Fun {
                defined, global, ..
            } => global && (self.pic || !defined),
            _ => false,
        }
    }

    /// The asm type of a value, without cloning its C type.
    #[inline]
    fn asm_ty(&self, v: &Val) -> AsmType {
        match v {
            Val::Constant(c) => asm_type(&c.ty()),
            Val::Var(name) => asm_type(&self.symbols.info(*name).ty),
        }
    }

    fn double_constant(&mut self, value: f64, bytes: u32) -> Operand {
        Operand::constant(self.pool.label(value.to_bits().into(), bytes, self.names))
    }

    fn operand(&mut self, v: &Val) -> Operand {
        match *v {
            Val::Constant(Const::Char(c)) => Operand::Imm(i64::from(c)),
            Val::Constant(Const::UChar(c)) => Operand::Imm(i64::from(c as i8)),
            Val::Constant(Const::Short(c)) => Operand::Imm(i64::from(c)),
            Val::Constant(Const::UShort(c)) => Operand::Imm(i64::from(c as i16)),
            Val::Constant(Const::Int(i)) => Operand::Imm(i64::from(i)),
            // A 32-bit immediate is its bits, as `as` reads `$-1` in `movl`.
            Val::Constant(Const::UInt(u)) => Operand::Imm(i64::from(u as i32)),
            Val::Constant(Const::Long(l)) => Operand::Imm(l),
            Val::Constant(Const::ULong(u)) => Operand::Imm(u as i64),
            Val::Constant(Const::Double(d)) => self.double_constant(d, 8),
            Val::Constant(Const::Float(f)) => {
                Operand::constant(self.pool.label(f.to_bits().into(), 4, self.names))
            }
            Val::Constant(Const::LongDouble(v)) => {
                Operand::constant(self.pool.label(v.to_bits(), 16, self.names))
            }
            Val::Var(name) => Operand::Pseudo(name),
        }
    }

    fn mov(&mut self, ty: AsmType, src: Operand, dst: Operand) {
        // A variable moved onto itself (`x = x + 1` starts by copying its
        // left operand to the destination) is no move at all. A register
        // onto itself is left alone: `movl %eax, %eax` clears the upper half.
        if src == dst && matches!(src, Operand::Pseudo(_) | Operand::PseudoMem { .. }) {
            return;
        }
        self.emit(Instr::Mov { ty, src, dst });
    }

    /// `op src, dst` (a two-operand instruction reading and writing `dst`).
    fn arith(&mut self, op: BinaryOp, ty: AsmType, src: Operand, dst: Operand) {
        self.emit(Instr::Binary { op, ty, src, dst });
    }

    fn label(&mut self) -> Label {
        self.names.label()
    }

    fn instr(&mut self, instr: &tacky::Instr) {
        use tacky::Instr as T;
        match instr {
            T::Return(v) => {
                if let Some(v) = v {
                    self.return_value(v);
                }
                self.emit(Instr::Ret);
            }
            T::Unary { op, src, dst } if self.is_long_double(src) => self.x87_unary(*op, src, dst),
            T::Unary { op, src, dst } => self.unary(*op, src, dst),
            T::Binary { op, lhs, rhs, dst } if self.is_long_double(lhs) => {
                self.x87_binary(*op, lhs, rhs, dst)
            }
            T::Binary { op, lhs, rhs, dst } => self.binary(*op, lhs, rhs, dst),
            // The commonest instruction: scalars take the direct way.
            T::Copy { src, dst } => match self.asm_ty(dst) {
                AsmType::ByteArray => {
                    let (s, d) = (self.bytes_of(src), self.bytes_of(dst));
                    self.transfer(dst, s, d);
                }
                ty => {
                    let (s, d) = (self.operand(src), self.operand(dst));
                    self.mov(ty, s, d);
                }
            },
            T::Convert { op, src, dst } if self.is_long_double(src) || self.is_long_double(dst) => {
                self.x87_convert(src, dst)
            }
            T::Convert { op, src, dst } => self.convert(*op, src, dst),
            T::Jump(l) => self.emit(Instr::Jmp(*l)),
            T::JumpIfZero(v, l) | T::JumpIfNotZero(v, l) if self.is_long_double(v) => {
                self.x87_jump_if(v, matches!(instr, T::JumpIfZero(..)), *l)
            }
            T::JumpIfZero(v, l) => self.jump_if(v, true, *l),
            T::JumpIfNotZero(v, l) => self.jump_if(v, false, *l),
            T::Label(l) => self.emit(Instr::Label(*l)),
            T::Call { callee, args, dst } => self.call(*callee, args, dst),
            T::VaStart(ap) => self.va_start(ap),
            T::Fence => self.emit(Instr::Mfence),
            // The size rounded up to 16 (the stack stays aligned for
            // calls) in `%rax`, taken from `%rsp`, which is the address.
            T::Alloca { size, dst } => {
                let rax = Operand::Reg(Reg::Ax);
                let size = self.operand(size);
                self.mov(AsmType::Quad, size, rax);
                for (op, imm) in [(BinaryOp::Add, 15), (BinaryOp::And, -16)] {
                    self.emit(Instr::Binary {
                        op,
                        ty: AsmType::Quad,
                        src: Operand::Imm(imm),
                        dst: rax,
                    });
                }
                self.emit(Instr::Binary {
                    op: BinaryOp::Sub,
                    ty: AsmType::Quad,
                    src: rax,
                    dst: Operand::Reg(Reg::Sp),
                });
                let dst = self.operand(dst);
                self.mov(AsmType::Quad, Operand::Reg(Reg::Sp), dst);
                self.dynamic_stack = true;
            }
            T::SaveStack(dst) => {
                let dst = self.operand(dst);
                self.mov(AsmType::Quad, Operand::Reg(Reg::Sp), dst);
            }
            T::RestoreStack(src) => {
                let src = self.operand(src);
                self.mov(AsmType::Quad, src, Operand::Reg(Reg::Sp));
                self.dynamic_stack = true;
            }
            // The locked instructions, on `(%rdx)`: the value in `%rax`
            // (for a compare-exchange the expected one, the desired one in
            // `%rcx`), the old value from `%rax`.
            T::AtomicRmw { op, ptr, src, dst } => {
                let ty = self.asm_ty(dst);
                let (p, s, d) = (self.operand(ptr), self.operand(src), self.operand(dst));
                self.mov(AsmType::Quad, p, DX);
                self.mov(ty, s, AX);
                let op = match op {
                    tacky::AtomicRmwOp::Add => asm::AtomicOp::FetchAdd,
                    tacky::AtomicRmwOp::Exchange => asm::AtomicOp::Exchange,
                };
                self.emit(Instr::Atomic {
                    op,
                    ty,
                    src: AX,
                    dst: through_dx(0),
                });
                self.mov(ty, AX, d);
            }
            T::CompareExchange {
                ptr,
                expected,
                desired,
                dst,
            } => {
                let ty = self.asm_ty(dst);
                let (p, e) = (self.operand(ptr), self.operand(expected));
                let (n, d) = (self.operand(desired), self.operand(dst));
                self.mov(AsmType::Quad, p, DX);
                self.mov(ty, n, CX);
                self.mov(ty, e, AX);
                self.emit(Instr::Atomic {
                    op: asm::AtomicOp::CompareExchange,
                    ty,
                    src: CX,
                    dst: through_dx(0),
                });
                self.mov(ty, AX, d);
            }
            T::LabelAddress { label, dst } => {
                let d = self.operand(dst);
                let code = Operand::Data {
                    name: asm::DataName::Code(*label),
                    offset: 0,
                };
                self.emit(Instr::Lea { src: code, dst: d });
            }
            T::JumpIndirect(target) => {
                let t = self.operand(target);
                self.mov(AsmType::Quad, t, AX);
                self.emit(Instr::JmpIndirect(AX));
            }
            T::GetAddress { src, dst } => {
                let (s, d) = (self.operand(src), self.operand(dst));
                match *src {
                    Val::Var(x) if self.symbols.thread_local.contains_key(&x) => {
                        self.thread_address(x, d);
                    }
                    Val::Var(x)
                        if self.pic && self.symbols.is_global_variable(x)
                            || self.function_through_got(x)
                            || self.symbols.is_weak_undefined_variable(x) =>
                    {
                        let entry = Operand::Data {
                            name: asm::DataName::Got(x),
                            offset: 0,
                        };
                        self.mov(AsmType::Quad, entry, d);
                    }
                    _ => self.emit(Instr::Lea { src: s, dst: d }),
                }
            }
            T::Load { ptr, dst } => {
                let p = self.operand(ptr);
                self.mov(AsmType::Quad, p, AX);
                let d = self.bytes_of(dst);
                self.transfer(dst, through_ax, d);
            }
            T::Store { src, ptr } => {
                let p = self.operand(ptr);
                self.mov(AsmType::Quad, p, AX);
                let s = self.bytes_of(src);
                self.transfer(src, s, through_ax);
            }
            T::AddPtr {
                ptr,
                index,
                scale,
                dst,
            } => self.add_ptr(ptr, index, i64::from(*scale), dst),
            T::CopyToOffset { src, dst, offset } => {
                let (dst, offset) = (*dst, offset_of(*offset));
                let s = self.bytes_of(src);
                self.transfer(src, s, |at| pseudo_mem(dst, offset + at));
            }
            T::CopyFromOffset { src, offset, dst } => {
                let (src, offset) = (*src, offset_of(*offset));
                let d = self.bytes_of(dst);
                self.transfer(dst, |at| pseudo_mem(src, offset + at), d);
            }
        }
    }

    /// A value as operands by byte offset: an aggregate's bytes, or the
    /// scalar itself (only ever taken at offset 0).
    fn bytes_of(&mut self, v: &Val) -> impl Fn(i32) -> Operand + use<> {
        let (aggregate, scalar) = match *v {
            Val::Var(name) if self.asm_ty(v) == AsmType::ByteArray => (Some(name), AX),
            // A `long double` constant's bytes: copied to the conversion
            // slot first, since llvm-mc takes no offset from a constant's
            // label.
            Val::Constant(Const::LongDouble(_)) => (Some(self.x87_materialize(v)), AX),
            _ => (None, self.operand(v)),
        };
        move |at| match aggregate {
            Some(name) => pseudo_mem(name, at),
            None => scalar,
        }
    }

    /// Moves a value of `v`'s type from `src` to `dst` (operands by byte
    /// offset): one move for a scalar, chunks for an aggregate, which no
    /// single instruction moves.
    fn transfer(&mut self, v: &Val, src: impl Fn(i32) -> Operand, dst: impl Fn(i32) -> Operand) {
        match self.asm_ty(v) {
            AsmType::ByteArray => {
                let size = self.size_of(v);
                self.copy_bytes(size, src, dst);
            }
            ty => self.mov(ty, src(0), dst(0)),
        }
    }

    /// The size of a variable's type in bytes.
    fn size_of(&self, v: &Val) -> u64 {
        self.symbols.types.size(&self.ty(v))
    }

    /// Copies `size` bytes from the operands `src(at)` to `dst(at)`, eight
    /// at a time while they last, then four, then one (an aggregate copy:
    /// no single instruction moves it).
    fn copy_bytes(
        &mut self,
        size: u64,
        src: impl Fn(i32) -> Operand,
        dst: impl Fn(i32) -> Operand,
    ) {
        let mut at = 0u64;
        while at < size {
            let ty = match size - at {
                8.. => AsmType::Quad,
                4..=7 => AsmType::Long,
                _ => AsmType::Byte,
            };
            self.mov(ty, src(at as i32), dst(at as i32));
            at += u64::from(ty.bytes());
        }
    }

    /// `dst = ptr + index * scale`: one `lea` from `%rax` (the pointer) and
    /// `%rdx` (the index), or a displacement when the index is a constant.
    fn add_ptr(&mut self, ptr: &Val, index: &Val, scale: i64, dst: &Val) {
        let address = self.address(ptr, index, scale);
        let d = self.operand(dst);
        self.emit(Instr::Lea {
            src: address,
            dst: d,
        });
    }

    /// The memory operand `ptr + index * scale` (bytes), built from `%rax`
    /// (the pointer) and `%rdx` (the index, multiplied first when the scale
    /// is not one an address can carry).
    fn address(&mut self, ptr: &Val, index: &Val, scale: i64) -> Operand {
        let (p, i) = (self.operand(ptr), self.operand(index));
        self.mov(AsmType::Quad, p, AX);
        if let Operand::Imm(n) = i
            && let Ok(disp) = i32::try_from(n.wrapping_mul(scale))
            && n.checked_mul(scale).is_some()
        {
            return Operand::Memory {
                base: Reg::Ax,
                disp,
            };
        }
        self.mov(AsmType::Quad, i, DX);
        let scale = match scale {
            1 | 2 | 4 | 8 => scale as u8,
            _ if let Some(k) = power_of_two(Some(scale)) => {
                self.arith(BinaryOp::Sal, AsmType::Quad, Operand::Imm(i64::from(k)), DX);
                1
            }
            _ => {
                self.arith(BinaryOp::Mul, AsmType::Quad, Operand::Imm(scale), DX);
                1
            }
        };
        Operand::Indexed {
            base: Reg::Ax,
            index: Reg::Dx,
            scale,
            disp: 0,
        }
    }

    /// Jumps to `target` when `v` is zero (`if_zero`) or not. A NaN is not
    /// zero.
    /// `dst = &var` for thread-local variable `var`, by the general-dynamic
    /// sequence under `-fPIC`, the local-exec one for a variable this file
    /// defines (so far: a later definition leaves the initial-exec one,
    /// right too), else the initial-exec one.
    fn thread_address(&mut self, var: Sym, dst: Operand) {
        use crate::ir::symbols::{Attrs, InitialValue};
        let defined = matches!(
            self.symbols.info(var).attrs,
            Attrs::Static { ref init, .. } if *init != InitialValue::NoInitializer
        );
        let model = match self.tls_get_addr {
            Some(get_addr) => asm::TlsModel::GeneralDynamic { get_addr },
            None if defined => asm::TlsModel::LocalExec,
            None => asm::TlsModel::InitialExec,
        };
        self.emit(Instr::ThreadAddress { var, model });
        self.mov(AsmType::Quad, AX, dst);
    }

    fn jump_if(&mut self, v: &Val, if_zero: bool, target: Label) {
        let ty = self.asm_ty(v);
        let v = self.operand(v);
        if !ty.is_sse() {
            self.emit(Instr::Cmp {
                ty,
                src: Operand::Imm(0),
                dst: v,
            });
            let cc = if if_zero { CondCode::E } else { CondCode::Ne };
            self.emit(Instr::JmpCC(cc, target));
            return;
        }
        self.compare_with_zero(ty, v);
        self.jump_if_floating_zero(if_zero, target);
    }

    /// After a floating compare with zero: jumps to `target` when the
    /// value was zero (`if_zero`) or not. A NaN (unordered: PF) is not
    /// zero.
    fn jump_if_floating_zero(&mut self, if_zero: bool, target: Label) {
        if if_zero {
            let skip = self.label();
            self.emit(Instr::JmpCC(CondCode::P, skip));
            self.emit(Instr::JmpCC(CondCode::E, target));
            self.emit(Instr::Label(skip));
        } else {
            self.emit(Instr::JmpCC(CondCode::Ne, target));
            self.emit(Instr::JmpCC(CondCode::P, target));
        }
    }

    /// `comisd` (`comiss`) of a double (float) against 0.0, made in
    /// `%xmm0` by `xorpd` (`xorps`).
    fn compare_with_zero(&mut self, ty: AsmType, v: Operand) {
        self.arith(BinaryOp::Xor, ty, XMM0, XMM0);
        self.emit(Instr::Cmp {
            ty,
            src: XMM0,
            dst: v,
        });
    }

    fn unary(&mut self, op: tacky::UnaryOp, src: &Val, dst: &Val) {
        let ty = self.asm_ty(src);
        let (s, d) = (self.operand(src), self.operand(dst));
        match op {
            tacky::UnaryOp::Not if ty.is_sse() => {
                self.compare_with_zero(ty, s);
                self.set_double_flag(true, d);
            }
            tacky::UnaryOp::Not => {
                self.emit(Instr::Cmp {
                    ty,
                    src: Operand::Imm(0),
                    dst: s,
                });
                self.set_flag(CondCode::E, d);
            }
            tacky::UnaryOp::Negate if ty.is_sse() => {
                // Negation flips the sign bit, so -0.0 and NaNs come out
                // right; `xorpd` and `xorps` read 16 bytes.
                let sign = match ty {
                    AsmType::Single => u64::from((-0.0f32).to_bits()),
                    _ => (-0.0f64).to_bits(),
                };
                let mask = Operand::constant(self.pool.label(sign.into(), 16, self.names));
                self.mov(ty, s, d);
                self.arith(BinaryOp::Xor, ty, mask, d);
            }
            tacky::UnaryOp::Negate | tacky::UnaryOp::Complement => {
                let op = if op == tacky::UnaryOp::Negate {
                    asm::UnaryOp::Neg
                } else {
                    asm::UnaryOp::Not
                };
                self.mov(ty, s, d);
                self.emit(Instr::Unary { op, ty, dst: d });
            }
        }
    }

    /// Materialises a comparison as 0 or 1 in `dst`: `setCC %al`,
    /// `movzbl %al, %eax`, `movl %eax, dst`. Setting the byte in `%al`
    /// rather than in `dst` itself matters: the flag is read back as four
    /// bytes, and a 4-byte load of a location just written one byte at a
    /// time cannot be forwarded from the store, a stall on every test.
    fn set_flag(&mut self, cc: CondCode, dst: Operand) {
        self.emit(Instr::SetCC(cc, AX));
        self.emit(Instr::MovZeroExtend {
            src_ty: AsmType::Byte,
            dst_ty: AsmType::Long,
            src: AX,
            dst: AX,
        });
        self.mov(AsmType::Long, AX, dst);
    }

    /// After a `comisd`, `dst` = (operands equal) for `equal`, else
    /// (operands differ); an unordered pair is never equal. Built in `%eax`
    /// for the reason `set_flag` gives.
    fn set_double_flag(&mut self, equal: bool, dst: Operand) {
        let end = self.label();
        let (unordered, cc) = if equal {
            (0, CondCode::E)
        } else {
            (1, CondCode::Ne)
        };
        self.mov(AsmType::Long, Operand::Imm(unordered), AX);
        self.emit(Instr::JmpCC(CondCode::P, end));
        self.emit(Instr::SetCC(cc, AX));
        self.emit(Instr::Label(end));
        self.mov(AsmType::Long, AX, dst);
    }

    fn binary(&mut self, op: tacky::BinaryOp, lhs: &Val, rhs: &Val, dst: &Val) {
        use tacky::BinaryOp as T;
        let ty = self.asm_ty(lhs);
        if op.is_comparison() {
            let d = self.operand(dst);
            return match self.compare(op, lhs, rhs) {
                Some(cc) => self.set_flag(cc, d),
                None => {
                    let (l, r) = (self.operand(lhs), self.operand(rhs));
                    self.emit(Instr::Cmp { ty, src: r, dst: l });
                    self.set_double_flag(op == T::Equal, d)
                }
            };
        }
        let signed = self.is_signed(lhs);
        let (l, r, d) = (self.operand(lhs), self.operand(rhs), self.operand(dst));
        // Multiplying by 2^k is shifting left by k (the low bits of the
        // product are the same signed or not).
        if op == T::Multiply && !ty.is_sse() {
            // Only with the constant on the right: `2 * x` as a shift
            // would copy `x` first, a register move where `x` stays live
            // (the book's coalescing tests count those); `mov $2, d; imul
            // x, d` needs none.
            if let Operand::Imm(v) = r
                && let Some(k) = power_of_two(Some(v))
            {
                self.mov(ty, l, d);
                return self.arith(BinaryOp::Sal, ty, Operand::Imm(i64::from(k)), d);
            }
        }
        if op == T::Remainder
            && let (Val::Var(t), Operand::Imm(v)) = (dst, r)
            && self.zero_tested.contains(t)
            && power_of_two(Some(v)).is_some()
        {
            self.mov(ty, l, d);
            return self.arith(BinaryOp::And, ty, Operand::Imm(v - 1), d);
        }
        let arith = match op {
            T::Add => BinaryOp::Add,
            T::Subtract => BinaryOp::Sub,
            T::Multiply => BinaryOp::Mul,
            T::Divide if ty.is_sse() => BinaryOp::DivDouble,
            T::BitAnd => BinaryOp::And,
            T::BitOr => BinaryOp::Or,
            T::BitXor => BinaryOp::Xor,
            T::ShiftLeft => BinaryOp::Sal,
            T::ShiftRight if signed => BinaryOp::Sar,
            T::ShiftRight => BinaryOp::Shr,
            T::Divide | T::Remainder => return self.divide(op == T::Divide, signed, ty, l, r, d),
            _ => unreachable!("comparisons are handled above"),
        };
        self.mov(ty, l, d);
        let src = match (arith.is_shift(), r) {
            // The hardware uses the count modulo the operand width; an
            // immediate is reduced the same way so that it fits in a byte.
            (true, Operand::Imm(count)) => Operand::Imm(count & i64::from(ty.bytes() * 8 - 1)),
            (true, count) => {
                let count_ty = self.asm_ty(rhs);
                self.mov(count_ty, count, CX);
                CX
            }
            (false, r) => r,
        };
        self.arith(arith, ty, src, d);
    }

    /// Emits the compare for a comparison operator and returns the
    /// condition under which it holds; `None` (emitting nothing) for `==`
    /// and `!=` on doubles, which need the parity flag as well.
    fn compare(&mut self, op: tacky::BinaryOp, lhs: &Val, rhs: &Val) -> Option<CondCode> {
        use tacky::BinaryOp as T;
        if self.is_long_double(lhs) {
            return self.x87_relation(op, lhs, rhs);
        }
        let ty = self.asm_ty(lhs);
        let signed = self.is_signed(lhs);
        let (l, r) = (self.operand(lhs), self.operand(rhs));
        let (a, b, cc) = if ty.is_sse() {
            // `a` and `ae` are false on an unordered pair (and their
            // inverses `be` and `b` true); `a < b` is `b > a`.
            match op {
                T::Less => (r, l, CondCode::A),
                T::LessEqual => (r, l, CondCode::Ae),
                T::Greater => (l, r, CondCode::A),
                T::GreaterEqual => (l, r, CondCode::Ae),
                _ => return None,
            }
        } else {
            // Signed integers compare with l/g, unsigned with b/a.
            let cc = match (op, signed) {
                (T::Equal, _) => CondCode::E,
                (T::NotEqual, _) => CondCode::Ne,
                (T::Less, true) => CondCode::L,
                (T::LessEqual, true) => CondCode::Le,
                (T::Greater, true) => CondCode::G,
                (T::GreaterEqual, true) => CondCode::Ge,
                (T::Less, false) => CondCode::B,
                (T::LessEqual, false) => CondCode::Be,
                (T::Greater, false) => CondCode::A,
                (T::GreaterEqual, false) => CondCode::Ae,
                _ => panic!("{op:?} is not a comparison"),
            };
            (l, r, cc)
        };
        self.emit(Instr::Cmp { ty, src: b, dst: a });
        Some(cc)
    }

    /// Division by a power of two `v` (2 to 2^30) with shifts, as C
    /// defines it: unsigned, a logical shift and a mask; signed, rounding
    /// toward zero, so a negative dividend is first biased by `v - 1` (the
    /// sign mask shifted down), and the remainder keeps the dividend's sign.
    /// `idiv` would take tens of cycles.
    fn divide_by_power_of_two(
        &mut self,
        quotient: bool,
        signed: bool,
        ty: AsmType,
        l: Operand,
        v: i64,
        d: Operand,
    ) {
        let k = i64::from(v.trailing_zeros());
        if !signed {
            self.mov(ty, l, d);
            if quotient {
                self.arith(BinaryOp::Shr, ty, Operand::Imm(k), d);
            } else {
                self.arith(BinaryOp::And, ty, Operand::Imm(v - 1), d);
            }
            return;
        }
        let width = i64::from(ty.bytes() * 8);
        self.mov(ty, l, AX);
        // The bias is the sign mask's low k bits; for k = 1 that is the
        // sign bit itself, shifted down.
        if k > 1 {
            self.arith(BinaryOp::Sar, ty, Operand::Imm(width - 1), AX);
        }
        self.arith(BinaryOp::Shr, ty, Operand::Imm(width - k), AX);
        self.arith(BinaryOp::Add, ty, l, AX);
        if quotient {
            self.arith(BinaryOp::Sar, ty, Operand::Imm(k), AX);
            self.mov(ty, AX, d);
        } else {
            self.arith(BinaryOp::And, ty, Operand::Imm(-v), AX);
            self.mov(ty, l, DX);
            self.arith(BinaryOp::Sub, ty, AX, DX);
            self.mov(ty, DX, d);
        }
    }

    /// Integer division: `idiv` divides `%edx:%eax` (sign-extended by
    /// `cltd`), `div` divides it with `%edx` zeroed; the quotient lands in
    /// `%eax`, the remainder in `%edx`.
    fn divide(
        &mut self,
        quotient: bool,
        signed: bool,
        ty: AsmType,
        l: Operand,
        r: Operand,
        d: Operand,
    ) {
        if let Operand::Imm(v) = r
            && (2..=1 << 30).contains(&v)
            && v & (v - 1) == 0
        {
            return self.divide_by_power_of_two(quotient, signed, ty, l, v, d);
        }
        self.mov(ty, l, AX);
        if signed {
            self.emit(Instr::Cdq { ty });
            self.emit(Instr::Idiv { ty, src: r });
        } else {
            self.mov(ty, Operand::Imm(0), DX);
            self.emit(Instr::Div { ty, src: r });
        }
        self.mov(ty, if quotient { AX } else { DX }, d);
    }

    fn convert(&mut self, op: ConvertOp, src: &Val, dst: &Val) {
        let (src_ty, dst_ty) = (self.asm_ty(src), self.asm_ty(dst));
        let unsigned_long_dst = self.ty(dst) == Type::ULong;
        let unsigned_long_src = self.ty(src) == Type::ULong;
        let (s, d) = (self.operand(src), self.operand(dst));
        let narrow = |t| matches!(t, AsmType::Byte | AsmType::Word);
        match op {
            ConvertOp::SignExtend => self.emit(Instr::Movsx {
                src_ty,
                dst_ty,
                src: s,
                dst: d,
            }),
            ConvertOp::ZeroExtend => self.emit(Instr::MovZeroExtend {
                src_ty,
                dst_ty,
                src: s,
                dst: d,
            }),
            ConvertOp::Truncate => {
                // Keep the low bytes of a constant here: `as` warns about an
                // immediate that does not fit the operand.
                let s = match (s, dst_ty) {
                    (Operand::Imm(v), AsmType::Byte) => Operand::Imm(i64::from(v as i8)),
                    (Operand::Imm(v), AsmType::Word) => Operand::Imm(i64::from(v as i16)),
                    (Operand::Imm(v), _) => Operand::Imm(i64::from(v as i32)),
                    (s, _) => s,
                };
                self.mov(dst_ty, s, d);
            }
            ConvertOp::FloatToDouble | ConvertOp::DoubleToFloat => self.emit(Instr::Cvtfp {
                from: src_ty,
                src: s,
                dst: d,
            }),
            // There is no conversion between a floating type and a byte or
            // a word: go through a 32-bit integer (every char and short
            // value is an int).
            ConvertOp::DoubleToInt | ConvertOp::DoubleToUInt if narrow(dst_ty) => {
                self.emit(Instr::Cvttsd2si {
                    fp: src_ty,
                    ty: AsmType::Long,
                    src: s,
                    dst: AX,
                });
                self.mov(dst_ty, AX, d);
            }
            ConvertOp::IntToDouble | ConvertOp::UIntToDouble if narrow(src_ty) => {
                let extend = if op == ConvertOp::IntToDouble {
                    Instr::Movsx {
                        src_ty,
                        dst_ty: AsmType::Long,
                        src: s,
                        dst: AX,
                    }
                } else {
                    Instr::MovZeroExtend {
                        src_ty,
                        dst_ty: AsmType::Long,
                        src: s,
                        dst: AX,
                    }
                };
                self.emit(extend);
                self.emit(Instr::Cvtsi2sd {
                    fp: dst_ty,
                    ty: AsmType::Long,
                    src: AX,
                    dst: d,
                });
            }
            ConvertOp::DoubleToInt => self.emit(Instr::Cvttsd2si {
                fp: src_ty,
                ty: dst_ty,
                src: s,
                dst: d,
            }),
            ConvertOp::DoubleToUInt if !unsigned_long_dst => {
                // Every `unsigned int` value is a non-negative `long`.
                self.emit(Instr::Cvttsd2si {
                    fp: src_ty,
                    ty: AsmType::Quad,
                    src: s,
                    dst: AX,
                });
                self.mov(AsmType::Long, AX, d);
            }
            ConvertOp::DoubleToUInt => self.double_to_ulong(src_ty, s, d),
            ConvertOp::IntToDouble => self.emit(Instr::Cvtsi2sd {
                fp: dst_ty,
                ty: src_ty,
                src: s,
                dst: d,
            }),
            ConvertOp::UIntToDouble if !unsigned_long_src => {
                self.emit(Instr::MovZeroExtend {
                    src_ty: AsmType::Long,
                    dst_ty: AsmType::Quad,
                    src: s,
                    dst: AX,
                });
                self.emit(Instr::Cvtsi2sd {
                    fp: dst_ty,
                    ty: AsmType::Quad,
                    src: AX,
                    dst: d,
                });
            }
            ConvertOp::UIntToDouble => self.ulong_to_double(dst_ty, s, d),
        }
    }

    /// A floating value (`fp`: Single or Double) to `unsigned long`:
    /// values below 2^63 convert directly; larger ones are reduced by 2^63
    /// first and get it back as an integer.
    fn double_to_ulong(&mut self, fp: AsmType, s: Operand, d: Operand) {
        let (large, end) = (self.label(), self.label());
        let bound = match fp {
            AsmType::Single => {
                let bits = u64::from((TWO_POW_63 as f32).to_bits());
                Operand::constant(self.pool.label(bits.into(), 4, self.names))
            }
            _ => self.double_constant(TWO_POW_63, 8),
        };
        let q = AsmType::Quad;
        self.emit(Instr::Cmp {
            ty: fp,
            src: bound,
            dst: s,
        });
        self.emit(Instr::JmpCC(CondCode::Ae, large));
        self.emit(Instr::Cvttsd2si {
            fp,
            ty: q,
            src: s,
            dst: d,
        });
        self.emit(Instr::Jmp(end));
        self.emit(Instr::Label(large));
        self.mov(fp, s, XMM1);
        self.arith(BinaryOp::Sub, fp, bound, XMM1);
        self.emit(Instr::Cvttsd2si {
            fp,
            ty: q,
            src: XMM1,
            dst: d,
        });
        self.mov(q, Operand::Imm(i64::MIN), DX);
        self.arith(BinaryOp::Add, q, DX, d);
        self.emit(Instr::Label(end));
    }

    /// `unsigned long` to a floating type (`fp`): values below 2^63
    /// convert as signed; larger ones are halved (keeping the low bit, so
    /// rounding stays correct), converted, and doubled.
    fn ulong_to_double(&mut self, fp: AsmType, s: Operand, d: Operand) {
        let (large, end) = (self.label(), self.label());
        let q = AsmType::Quad;
        self.emit(Instr::Cmp {
            ty: q,
            src: Operand::Imm(0),
            dst: s,
        });
        self.emit(Instr::JmpCC(CondCode::L, large));
        self.emit(Instr::Cvtsi2sd {
            fp,
            ty: q,
            src: s,
            dst: d,
        });
        self.emit(Instr::Jmp(end));
        self.emit(Instr::Label(large));
        self.mov(q, s, AX);
        self.mov(q, AX, DX);
        self.arith(BinaryOp::Shr, q, Operand::Imm(1), DX);
        self.arith(BinaryOp::And, q, Operand::Imm(1), AX);
        self.arith(BinaryOp::Or, q, AX, DX);
        self.emit(Instr::Cvtsi2sd {
            fp,
            ty: q,
            src: DX,
            dst: d,
        });
        self.arith(BinaryOp::Add, fp, d, d);
        self.emit(Instr::Label(end));
    }

    /// `*ap = ` a fresh `va_list`, through `%rax` (the pointer) and `%rdx`.
    fn va_start(&mut self, ap: &Val) {
        let va = self.va_start.expect("va_start only in variadic functions");
        let p = self.operand(ap);
        self.mov(AsmType::Quad, p, AX);
        let field = |offset: i64| Operand::Memory {
            base: Reg::Ax,
            disp: offset as i32,
        };
        let dx = Operand::Reg(Reg::Dx);
        self.mov(
            AsmType::Long,
            Operand::Imm(va.gp_offset),
            field(va_list::GP_OFFSET),
        );
        self.mov(
            AsmType::Long,
            Operand::Imm(va.fp_offset),
            field(va_list::FP_OFFSET),
        );
        let overflow = Operand::Memory {
            base: Reg::Bp,
            disp: va.overflow_arg_area,
        };
        self.emit(Instr::Lea {
            src: overflow,
            dst: dx,
        });
        self.mov(AsmType::Quad, dx, field(va_list::OVERFLOW_ARG_AREA));
        self.emit(Instr::Lea {
            src: pseudo_mem(va.save_area, 0),
            dst: dx,
        });
        self.mov(AsmType::Quad, dx, field(va_list::REG_SAVE_AREA));
    }

    /// A call under the System V ABI: integers in six registers, doubles
    /// in eight, the rest pushed right to left, `%rsp` 16-byte aligned at
    /// the `call`. The arguments have their parameters' types already; a
    /// call through a pointer also sets `%al` as for a variadic function,
    /// which any other ignores.
    fn call(&mut self, callee: Callee, args: &[Val], dst: &Option<Val>) {
        let (ret, variadic) = match callee {
            Callee::Function(name) => {
                let Type::Function(ft) = &self.symbols.info(name).ty else {
                    panic!("a direct call names a function");
                };
                ((*ft.ret).clone(), ft.takes_extra_arguments())
            }
            Callee::Pointer(_) => (dst.as_ref().map_or(Type::Void, |d| self.ty(d)), true),
        };
        let returns = (ret != Type::Void)
            .then(|| abi::return_registers(&ret, &self.symbols.types))
            .flatten();
        let on_x87 = abi::returns_on_x87(&ret, &self.symbols.types);
        let in_memory = abi::returns_in_memory(&ret, &self.symbols.types);
        let classes: Vec<_> = args.iter().map(|a| self.classes(a)).collect();
        let (placements, int_args, sse_args, stack_bytes) =
            abi::place_arguments(&classes, in_memory);
        // %rsp must be 16-byte aligned at the call.
        let stack_total = stack_bytes.next_multiple_of(16);
        self.move_stack(BinaryOp::Sub, stack_total - stack_bytes);
        for (arg, placement) in args.iter().zip(&placements) {
            let abi::Placement::Regs(regs) = placement else {
                continue;
            };
            let ty = self.asm_ty(arg);
            if ty == AsmType::ByteArray {
                let (size, src) = (self.size_of(arg), aggregate(arg));
                for (i, &reg) in regs.iter().enumerate() {
                    self.load_eightbyte(src, 8 * i as i32, size - 8 * i as u64, reg);
                }
            } else {
                let value = self.operand(arg);
                self.mov(ty, value, reg_operand(regs[0]));
            }
        }
        if in_memory {
            let d = self.operand(dst.as_ref().expect("an aggregate result has a home"));
            self.emit(Instr::Lea {
                src: d,
                dst: Operand::Reg(INT_ARG_REGS[0]),
            });
        }
        // Pushed from the last; an argument the ABI aligns to 16 may
        // leave an eightbyte of padding above it.
        let mut pushed_to = stack_bytes;
        for (arg, placement) in args.iter().zip(&placements).rev() {
            let &abi::Placement::Stack { offset, eightbytes } = placement else {
                continue;
            };
            self.move_stack(BinaryOp::Sub, pushed_to - (offset + 8 * eightbytes));
            pushed_to = offset;
            let ty = self.asm_ty(arg);
            if ty == AsmType::ByteArray {
                // Pushed last eightbyte first; a partial one through %rax so
                // as not to read past the object.
                let size = self.size_of(arg);
                let bytes = self.bytes_of(arg);
                for i in (0..eightbytes).rev() {
                    let len = size - 8 * i;
                    if len >= 8 {
                        self.emit(Instr::Push(bytes(8 * i as i32)));
                    } else {
                        let src = aggregate(arg);
                        self.load_eightbyte(src, 8 * i as i32, len, abi::RegLoc::Int(Reg::Ax));
                        self.emit(Instr::Push(AX));
                    }
                }
                continue;
            }
            let value = self.operand(arg);
            match value {
                Operand::Imm(_) | Operand::Reg(_) => self.emit(Instr::Push(value)),
                // A 1-, 2- or 4-byte object is pushed through a register:
                // `pushq` of the slot would read past it.
                _ if matches!(ty, AsmType::Long | AsmType::Word | AsmType::Byte) => {
                    self.mov(ty, value, AX);
                    self.emit(Instr::Push(AX));
                }
                _ => self.emit(Instr::Push(value)),
            }
        }
        // A variadic callee learns from %al how many vector registers
        // hold arguments (ABI 3.5.7).
        if variadic {
            self.mov(AsmType::Long, Operand::Imm(i64::from(sse_args)), AX);
        }
        let target = match callee {
            Callee::Function(name) => CallTarget::Symbol(name),
            Callee::Pointer(p) => {
                let p = self.operand(&p);
                self.mov(AsmType::Quad, p, Operand::Reg(Reg::R11));
                CallTarget::R11
            }
        };
        self.emit(Instr::Call {
            target,
            int_args,
            sse_args,
            variadic,
        });
        self.move_stack(BinaryOp::Add, stack_total);
        match (dst, returns) {
            // `%st(0)` is stored, or popped when nothing reads it: the x87
            // stack must be empty again.
            (Some(dst), _) if on_x87 => self.x87_store(dst),
            (None, _) if on_x87 => self.emit(Instr::X87(asm::X87::Pop)),
            (None, _) | (Some(_), None) => {}
            (Some(dst), Some(regs)) if self.asm_ty(dst) == AsmType::ByteArray => {
                let (size, d) = (self.size_of(dst), aggregate(dst));
                for (i, reg) in regs.into_iter().enumerate() {
                    self.store_eightbyte(reg, d, 8 * i as i32, size - 8 * i as u64);
                }
            }
            (Some(dst), Some(regs)) => {
                let ty = self.asm_ty(dst);
                let d = self.operand(dst);
                self.mov(ty, reg_operand(regs[0]), d);
            }
        }
    }

    /// `%rsp` moved by `bytes`, if any: lowered (`Sub`) for padding
    /// between or below stack arguments, raised (`Add`) past them once the
    /// call returns.
    fn move_stack(&mut self, op: BinaryOp, bytes: u64) {
        if bytes != 0 {
            self.arith(
                op,
                AsmType::Quad,
                Operand::Imm(bytes as i64),
                Operand::Reg(Reg::Sp),
            );
        }
    }

    /// The ABI classes of a value, its size and its alignment (a scalar
    /// takes an eightbyte).
    fn classes(&self, v: &Val) -> abi::Arg {
        let ty = self.ty(v);
        let types = &self.symbols.types;
        let (size, align) = if ty.is_aggregate_tag() || ty == Type::LongDouble {
            (types.size(&ty), types.align(&ty))
        } else {
            (8, 8)
        };
        (abi::classify(&ty, types), size, align)
    }

    /// Puts a function's return value where the ABI says (see `abi`).
    fn return_value(&mut self, v: &Val) {
        if abi::returns_on_x87(&self.ty(v), &self.symbols.types) {
            return self.x87_push(v);
        }
        let ty = self.asm_ty(v);
        if ty != AsmType::ByteArray {
            let src = self.operand(v);
            let reg = if ty.is_sse() { XMM0 } else { AX };
            return self.mov(ty, src, reg);
        }
        let (size, src) = (self.size_of(v), aggregate(v));
        match abi::return_registers(&self.ty(v), &self.symbols.types) {
            Some(regs) => {
                for (i, reg) in regs.into_iter().enumerate() {
                    self.load_eightbyte(src, 8 * i as i32, size - 8 * i as u64, reg);
                }
            }
            None => {
                // Copy into the caller's buffer and return its address.
                let buffer = Operand::Pseudo(self.return_buffer.expect("a buffer slot"));
                self.mov(AsmType::Quad, buffer, AX);
                self.copy_bytes(size, |at| pseudo_mem(src, at), through_ax);
            }
        }
    }

    /// Loads the eightbyte of aggregate `src` at `offset` (`len` bytes of
    /// it remain) into `reg`. A partial eightbyte is assembled byte by byte
    /// from its last byte down, so nothing past the object is read; the
    /// bits above it are left undefined, as the ABI allows.
    fn load_eightbyte(&mut self, src: Sym, offset: i32, len: u64, reg: abi::RegLoc) {
        let r = reg_operand(reg);
        match (reg, len) {
            // A lone float's eightbyte is four bytes.
            (abi::RegLoc::Sse(_), ..=4) => self.mov(AsmType::Single, pseudo_mem(src, offset), r),
            (abi::RegLoc::Sse(_), _) => self.mov(AsmType::Double, pseudo_mem(src, offset), r),
            (_, 8..) => self.mov(AsmType::Quad, pseudo_mem(src, offset), r),
            (_, 4) => self.mov(AsmType::Long, pseudo_mem(src, offset), r),
            (_, len) => {
                for i in (0..len as i32).rev() {
                    if i != len as i32 - 1 {
                        self.arith(BinaryOp::Sal, AsmType::Quad, Operand::Imm(8), r);
                    }
                    self.mov(AsmType::Byte, pseudo_mem(src, offset + i), r);
                }
            }
        }
    }

    /// Stores the low `len` bytes (8 at most) of `reg` as the eightbyte of
    /// aggregate `dst` at `offset`, without writing past the object.
    fn store_eightbyte(&mut self, reg: abi::RegLoc, dst: Sym, offset: i32, len: u64) {
        let r = reg_operand(reg);
        match (reg, len) {
            (abi::RegLoc::Sse(_), ..=4) => self.mov(AsmType::Single, r, pseudo_mem(dst, offset)),
            (abi::RegLoc::Sse(_), _) => self.mov(AsmType::Double, r, pseudo_mem(dst, offset)),
            (_, 8..) => self.mov(AsmType::Quad, r, pseudo_mem(dst, offset)),
            (_, 4) => self.mov(AsmType::Long, r, pseudo_mem(dst, offset)),
            (_, len) => {
                for i in 0..len as i32 {
                    self.mov(AsmType::Byte, r, pseudo_mem(dst, offset + i));
                    if i != len as i32 - 1 {
                        self.arith(BinaryOp::Shr, AsmType::Quad, Operand::Imm(8), r);
                    }
                }
            }
        }
    }
}
