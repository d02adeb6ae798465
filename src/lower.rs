//! TACKY generation: the checked AST to three-address code (book chapters 2-16).
//!
//! Takes the annotated AST of one function definition, whose implicit
//! conversions the type checker has made casts, and the symbol table;
//! returns its [`tacky::Function`] ([`lower_function`]), dropping the
//! body's statements as it goes. At the end of the
//! file, [`static_variables`] gives one static variable per defined or
//! tentatively defined static-storage object. Every temporary it creates is
//! added to the symbol table with its type. Guarantees C's evaluation rules:
//! `&&`, `||` and `?:` evaluate only what they must, and every function ends
//! in a `return` (falling off `main` returns 0, C11 5.1.2.2.3).
//!
//! Guarantees the typing the back end relies on: the operands of every
//! `Unary`, `Binary` (but a shift's count), `Copy` and `Return` have the
//! operation's type, comparisons and `!` give `int`, and every conversion
//! between types is explicit: a `Copy` between integer types of one size, a
//! `Convert` otherwise (book chapters 11-13). A conversion of a constant is
//! done here, so constants have the type of their operation. Objects reached
//! through pointers are read with `Load` and written with `Store`; pointer
//! arithmetic is `AddPtr` scaled by the element size (a variable-length
//! array's read from its size's variable and multiplied first); an automatic
//! array's initialiser is a `CopyToOffset` per element (and per chunk of a
//! string or of the zeros that fill the rest) (book chapters 14-16).
//!
//! A variable-length array is allocated (`Alloca`) where its declaration is
//! reached, after its sizes are computed, with the stack pointer saved
//! before it (`SaveStack`) and restored (`RestoreStack`) wherever its scope
//! is left by the end of a block, `break`, `continue` or `goto` (a jump
//! back to before the declaration too); `return` needs no restoring. The
//! cleanups of gcc's `cleanup` variables run at the same places, and at
//! `return`.

use crate::diag::Span;
use crate::intern::{Interner, Sym};
use crate::ir::ast::{
    self, AtomicArith, BinaryOp, BitCount, Block, BlockItem, Const, Decl, Expr, ExprKind, ForInit,
    IncDec, Initializer, Stmt, StmtKind, StorageClass,
};
use crate::ir::symbols::{Attrs, InitialValue, StaticInit, SymbolTable};
use crate::ir::tacky::{self, Callee, ConvertOp, Instr, Sourced, Val};
use crate::ir::types::{FunType, Type};
use crate::ir::va_list;
use crate::ir::{Label, NameGen};

/// Lowers one function definition.
pub fn lower_function(
    f: &ast::FunDecl,
    body: Block,
    symbols: &mut SymbolTable,
    interner: &mut Interner,
    names: &mut NameGen,
) -> tacky::Function {
    // An inline definition provides no external definition (C11 6.7.4p7):
    // its code stays local unless a later declaration says otherwise (see
    // `Unit::finish`).
    let global = symbols.provides_external_definition(f.name);
    let mut l = Lowerer {
        out: Vec::new(),
        span: f.name_span,
        symbols,
        interner,
        names,
        cleanups: Vec::new(),
        exits: Vec::new(),
        label_depths: Default::default(),
        forward_gotos: Vec::new(),
    };
    let Type::Function(ft) = &f.ty else {
        unreachable!("a function declaration has a function type")
    };
    let va_save_area = ft.variadic.then(|| {
        let name = l.interner.add_numbered("va_save_area", l.names.bump());
        let bytes = Type::Array(Box::new(Type::UChar), va_list::SAVE_AREA_SIZE);
        l.symbols.add_local(name, bytes);
        name
    });
    let mut params: Vec<Sym> = f
        .params
        .iter()
        .map(|p| p.name.expect("definitions name every parameter"))
        .collect();
    // An old-style definition's `float` parameter arrives as the `double`
    // the default argument promotions made of it (C11 6.5.2.2p6): it is
    // received so and converted.
    if !ft.prototype {
        for p in &mut params {
            if l.symbols.info(*p).ty == Type::Float {
                let promoted = l.interner.add_numbered("promoted", l.names.bump());
                l.symbols.add_local(promoted, Type::Double);
                l.convert_into(
                    Val::Var(promoted),
                    &Type::Double,
                    Val::Var(*p),
                    &Type::Float,
                );
                *p = promoted;
            }
        }
    }
    // The body's statements are dropped as they are lowered: a long
    // function's tree goes while its TACKY grows, which then reuses its
    // memory.
    l.scope(|l| {
        for item in body.items {
            l.block_item(&item);
        }
    });
    l.exits_of_forward_gotos();
    // Falling off the end returns zero (what `main` must return); an
    // aggregate has no zero constant, so whatever a fresh temporary
    // holds (its value may not be used, C11 6.9.1p12).
    let ret = match &*ft.ret {
        Type::Void => None,
        ret if ret.is_aggregate_tag() => Some(l.temp(ret.clone())),
        ret => Some(Val::Constant(Const::zero(ret))),
    };
    l.emit(Instr::Return(ret));
    if cfg!(debug_assertions) {
        for instr in &l.out {
            check_typing(&instr.item, &ft.ret, l.symbols);
        }
    }
    tacky::Function {
        name: f.name,
        span: f.name_span,
        global,
        params,
        va_save_area,
        address_taken: f.address_taken.clone(),
        body: l.out,
    }
}

/// The static variables the whole file defines or tentatively defines, in
/// the order their names were first declared (run at the end of the file,
/// when every tentative definition is settled).
pub fn static_variables(symbols: &SymbolTable) -> Vec<tacky::StaticVar> {
    let mut vars = Vec::new();
    for (name, info) in symbols.iter() {
        if let Attrs::Static { init, global } = &info.attrs {
            let global = *global;
            let init = match init {
                InitialValue::Initial(i) => i.clone(),
                InitialValue::Tentative => vec![StaticInit::Zero(symbols.types.size(&info.ty))],
                InitialValue::NoInitializer => continue,
            };
            vars.push(tacky::StaticVar {
                name,
                global,
                ty: info.ty.clone(),
                init,
            });
        }
    }
    vars
}

/// What a `void` expression lowers to: nothing reads it (the type checker
/// allows `void` values only where they are discarded).
const VOID: Val = Val::Constant(Const::Int(0));

/// Where an lvalue's object is: a variable, the bytes at an offset within
/// one (a member), or the object a pointer points to.
#[derive(Clone, Copy)]
enum Place {
    Var(Sym),
    Member(Sym, i64),
    Deref(Val),
    Bits(BitField),
}

/// A bit-field: `width` bits from bit `pos` of its storage unit, an
/// integer of `size` bytes (signed or not) at `unit`.
#[derive(Clone, Copy)]
struct BitField {
    unit: Unit,
    pos: u8,
    width: u8,
    size: u8,
    signed: bool,
}

impl BitField {
    fn unit_type(self) -> Type {
        Type::integer(u64::from(self.size), self.signed)
    }
}

/// Where a bit-field's storage unit is: bytes of a variable, or what a
/// pointer points to.
#[derive(Clone, Copy)]
enum Unit {
    Member(Sym, i64),
    Deref(Val),
}

impl Unit {
    fn place(self) -> Place {
        match self {
            Unit::Member(name, offset) => Place::Member(name, offset),
            Unit::Deref(ptr) => Place::Deref(ptr),
        }
    }
}

/// The place of a member whose bytes are at `unit`: the bytes, or the
/// bits of a bit-field there (its declared type and bits).
fn member_place(unit: Unit, bits: Option<(Type, u8, u8)>) -> Place {
    match bits {
        None => unit.place(),
        Some((ty, pos, width)) => Place::Bits(BitField {
            unit,
            pos,
            width,
            size: ty.size() as u8,
            signed: ty.is_signed(),
        }),
    }
}

/// A shift count.
fn count(n: u8) -> Val {
    Val::Constant(Const::Int(i32::from(n)))
}

/// A mask of the `width` low bits.
fn low_bits(width: u8) -> u64 {
    if width >= 64 {
        u64::MAX
    } else {
        (1u64 << width) - 1
    }
}

/// What leaving a scope does besides jumping out.
#[derive(Clone, Copy)]
enum ScopeExit {
    /// A variable with gcc's `cleanup`: its function is called with its
    /// address.
    Cleanup { var: Sym, function: Sym },
    /// Variable-length arrays were allocated: the stack pointer goes back
    /// to what the variable kept from before them (so a loop's arrays do
    /// not pile up). A `return` needs none of this.
    RestoreStack(Sym),
}

struct Lowerer<'a> {
    out: Vec<Sourced<Instr>>,
    /// The span of the construct being lowered, given to each instruction.
    span: Span,
    symbols: &'a mut SymbolTable,
    interner: &'a mut Interner,
    names: &'a mut NameGen,
    /// What leaving the scopes around must do, innermost last.
    cleanups: Vec<ScopeExit>,
    /// The `break` and `continue` labels of the loops and switches around,
    /// each with how many cleanups were in scope outside it.
    exits: Vec<(Label, usize)>,
    /// How many scope exits were pending at each named label lowered so
    /// far.
    label_depths: rustc_hash::FxHashMap<Label, usize>,
    /// The `goto`s to labels not lowered yet: where the jump is, its
    /// label, and the scope exits pending there.
    forward_gotos: Vec<(usize, Label, Vec<ScopeExit>)>,
}

impl Lowerer<'_> {
    /// Calls the cleanup functions of the variables in scope beyond the
    /// first `keep`, innermost first: `f (&x)` each.
    fn run_cleanups(&mut self, keep: usize, returning: bool) {
        let exits = self.cleanups[keep..].to_vec();
        self.run_exits(&exits, returning);
    }

    /// What leaving the scopes of `exits` does, innermost (last) first.
    fn run_exits(&mut self, exits: &[ScopeExit], returning: bool) {
        for &exit in exits.iter().rev() {
            let (var, function) = match exit {
                ScopeExit::Cleanup { var, function } => (var, function),
                ScopeExit::RestoreStack(_) if returning => continue,
                ScopeExit::RestoreStack(saved) => {
                    self.emit(Instr::RestoreStack(Val::Var(saved)));
                    continue;
                }
            };
            let var_ty = self.symbols.info(var).ty.clone();
            let address = self.temp(Type::pointer_to(var_ty));
            self.emit(Instr::GetAddress {
                src: Val::Var(var),
                dst: address,
            });
            let ret = match &self.symbols.info(function).ty {
                Type::Function(ft) => (*ft.ret).clone(),
                _ => unreachable!("the type checker checked the cleanup function"),
            };
            let dst = (ret != Type::Void).then(|| self.temp(ret));
            self.emit(Instr::Call {
                callee: Callee::Function(function),
                args: vec![address],
                dst,
            });
        }
    }

    /// Lowers a loop or switch body, whose `break` and `continue` (`labels`)
    /// leave the cleanups in scope outside it alone.
    fn exits_to(&mut self, labels: &[Label], body: &Stmt) {
        let keep = self.cleanups.len();
        self.exits.extend(labels.iter().map(|&l| (l, keep)));
        self.stmt(body);
        self.exits.truncate(self.exits.len() - labels.len());
    }
    fn emit(&mut self, item: Instr) {
        self.out.push(Sourced {
            item,
            span: self.span,
        });
    }

    fn label(&mut self, l: Label) {
        self.emit(Instr::Label(l));
    }

    fn temp(&mut self, ty: Type) -> Val {
        let name = self.interner.temp(self.names.temp());
        self.symbols.add_local(name, ty);
        Val::Var(name)
    }

    fn block(&mut self, b: &Block) {
        self.scope(|l| l.block_items(&b.items));
    }

    /// Lowers a block's items with `lower`, then runs the cleanups of the
    /// variables they declared, as the block's end leaves their scope.
    fn scope(&mut self, lower: impl FnOnce(&mut Self)) {
        let keep = self.cleanups.len();
        lower(self);
        self.run_cleanups(keep, false);
        self.cleanups.truncate(keep);
    }

    fn block_items(&mut self, items: &[BlockItem]) {
        for item in items {
            self.block_item(item);
        }
    }

    fn block_item(&mut self, item: &BlockItem) {
        match item {
            BlockItem::Stmt(s) => self.stmt(s),
            BlockItem::Decl(Decl::Var(v)) => self.local_var(v),
            BlockItem::Decl(
                Decl::Fun(_) | Decl::Struct(_) | Decl::StaticAssert(_) | Decl::Typedef(_),
            ) => {}
        }
    }

    /// Only automatic variables with an initialiser produce code; static and
    /// extern ones are emitted as static data.
    fn local_var(&mut self, v: &ast::VarDecl) {
        for size in &v.vla_sizes {
            self.span = size.span;
            self.expr(size);
        }
        if let Type::Vla(_, size) = v.ty {
            self.span = v.name_span;
            self.vla(v.name, size);
        }
        if let Some(init) = &v.init
            && StorageClass::is_automatic(v.storage)
        {
            self.span = v.name_span;
            self.init_local(v.name, &v.ty, init);
        }
        if let Some((function, _)) = v.cleanup {
            self.cleanups.push(ScopeExit::Cleanup {
                var: v.name,
                function,
            });
        }
    }

    /// Allocates variable-length array `name` of `size` bytes on the stack
    /// (`name` holds its address), the stack pointer from before kept to
    /// be restored where its scope ends.
    fn vla(&mut self, name: Sym, size: Sym) {
        let Val::Var(saved) = self.temp(Type::pointer_to(Type::Void)) else {
            unreachable!("a temporary is a variable")
        };
        self.emit(Instr::SaveStack(Val::Var(saved)));
        self.cleanups.push(ScopeExit::RestoreStack(saved));
        let at = self.temp(Type::pointer_to(Type::Void));
        self.emit(Instr::Alloca {
            size: Val::Var(size),
            dst: at,
        });
        let ty = self.symbols.info(name).ty.clone();
        self.convert_into(at, &Type::pointer_to(Type::Void), Val::Var(name), &ty);
    }

    /// Initialises automatic variable `name` of type `ty` from `init`.
    fn init_local(&mut self, name: Sym, ty: &Type, init: &Initializer) {
        match init {
            Initializer::Single(e) if !matches!(ty, Type::Array(..)) => {
                let value = self.expr(e);
                self.emit(Instr::Copy {
                    src: value,
                    dst: Val::Var(name),
                });
            }
            init => self.aggregate_init(init, name, 0, ty),
        }
    }

    /// Initialises the part of aggregate `var` at `offset`, of type `ty`,
    /// from `init`; whatever the initialiser leaves out becomes zero (C11
    /// 6.7.9p21).
    fn aggregate_init(&mut self, init: &Initializer, var: Sym, offset: i64, ty: &Type) {
        match (init, ty) {
            (Initializer::Zero(_), _) => {
                let zeros = vec![0; self.symbols.types.size(ty) as usize];
                self.copy_bytes(&zeros, var, offset);
            }
            (Initializer::Designated(..), _) => unreachable!("sema places designated items"),
            (Initializer::Single(e), Type::Array(_, len)) => {
                let ExprKind::String(bytes) = &e.kind else {
                    unreachable!("sema allows only strings to initialise arrays directly")
                };
                let mut bytes = bytes.clone();
                bytes.resize(*len as usize, 0);
                self.copy_bytes(&bytes, var, offset);
            }
            (Initializer::Single(e), _) => {
                let src = self.expr(e);
                self.emit(Instr::CopyToOffset {
                    src,
                    dst: var,
                    offset,
                });
            }
            (Initializer::Compound(items, _), Type::Array(elem, len)) => {
                let size = self.symbols.types.size(elem) as i64;
                for (i, item) in items.iter().enumerate() {
                    self.aggregate_init(item, var, offset + i as i64 * size, elem);
                }
                let done = items.len() as i64 * size;
                let zeros = vec![0; (*len as i64 * size - done) as usize];
                self.copy_bytes(&zeros, var, offset + done);
            }
            (Initializer::Compound(items, _), Type::Struct(_) | Type::Union(_)) => {
                let layout = self
                    .symbols
                    .types
                    .layout(ty)
                    .expect("sema checked a complete type")
                    .clone();
                let named = layout.members.iter().filter(|m| !m.padding);
                // Bit-fields share their units: all zero first, then each
                // one's bits set in place.
                let bit_fields = layout.members.iter().any(|m| m.bits.is_some());
                if bit_fields {
                    let zeros = vec![0; layout.size as usize];
                    self.copy_bytes(&zeros, var, offset);
                }
                for (item, m) in items.iter().zip(named.clone()) {
                    let at = offset + m.offset as i64;
                    // Already zero: every bit-field unit, and a union's
                    // bytes past the member initialised (below).
                    if matches!(item, Initializer::Zero(_)) && (bit_fields || layout.is_union) {
                        continue;
                    }
                    match (m.bits, item) {
                        (Some((pos, width)), Initializer::Single(e)) => {
                            let v = self.expr(e);
                            let unit = Unit::Member(var, at);
                            let place = member_place(unit, Some((m.ty.clone(), pos, width)));
                            self.store(place, v);
                        }
                        _ => self.aggregate_init(item, var, at, &m.ty),
                    }
                }
                // Members without an initialiser are zero (all of them
                // already, with bit-fields); for a union, the bytes past its
                // first member.
                if bit_fields {
                    return;
                }
                if layout.is_union {
                    // The member initialised is the last item's.
                    let given = items.len().checked_sub(1).map_or(0, |last| {
                        let m = named.clone().nth(last).expect("a member per item");
                        self.symbols.types.size(&m.ty)
                    });
                    let zeros = vec![0; (layout.size - given) as usize];
                    self.copy_bytes(&zeros, var, offset + given as i64);
                } else {
                    for m in &layout.members[items.len()..] {
                        let zeros = vec![0; self.symbols.types.size(&m.ty) as usize];
                        self.copy_bytes(&zeros, var, offset + m.offset as i64);
                    }
                }
            }
            (Initializer::Compound(..), _) => {
                unreachable!("sema unwraps braced scalar initialisers")
            }
        }
    }

    /// Stores `bytes` into `var` at `offset`, eight at a time while they
    /// last, then four, then one.
    fn copy_bytes(&mut self, bytes: &[u8], var: Sym, offset: i64) {
        let mut at = 0;
        while at < bytes.len() {
            let rest = &bytes[at..];
            let (src, n) = if rest.len() >= 8 {
                let v = u64::from_le_bytes(rest[..8].try_into().expect("8 bytes"));
                (Const::Long(v as i64), 8)
            } else if rest.len() >= 4 {
                let v = u32::from_le_bytes(rest[..4].try_into().expect("4 bytes"));
                (Const::Int(v as i32), 4)
            } else {
                (Const::Char(rest[0] as i8), 1)
            };
            self.emit(Instr::CopyToOffset {
                src: Val::Constant(src),
                dst: var,
                offset: offset + at as i64,
            });
            at += n;
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        self.span = s.span;
        match &s.kind {
            StmtKind::Return(e) => {
                let mut v = e.as_ref().map(|e| self.expr(e));
                // The value first (a cleanup may change the variable).
                if self
                    .cleanups
                    .iter()
                    .any(|c| matches!(c, ScopeExit::Cleanup { .. }))
                {
                    if let Some(Val::Var(x)) = v {
                        let kept = self.temp(self.symbols.info(x).ty.clone());
                        self.emit(Instr::Copy {
                            src: Val::Var(x),
                            dst: kept,
                        });
                        v = Some(kept);
                    }
                    self.run_cleanups(0, true);
                }
                self.emit(Instr::Return(v));
            }
            StmtKind::Expr(e) => {
                self.expr(e);
            }
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => self.if_stmt(cond, then, otherwise.as_deref()),
            StmtKind::Compound(b) => self.block(b),
            StmtKind::Break(target) | StmtKind::Continue(target) => {
                let target = target.expect("labelled by sema");
                if let Some(&(_, keep)) = self.exits.iter().rev().find(|&&(l, _)| l == target) {
                    self.run_cleanups(keep, false);
                }
                self.emit(Instr::Jump(target));
            }
            StmtKind::While { cond, body, labels } => {
                let labels = labels.expect("labelled by sema");
                self.label(labels.continue_label);
                let c = self.expr(cond);
                self.emit(Instr::JumpIfZero(c, labels.break_label));
                self.exits_to(&[labels.break_label, labels.continue_label], body);
                self.emit(Instr::Jump(labels.continue_label));
                self.label(labels.break_label);
            }
            StmtKind::DoWhile { body, cond, labels } => {
                let labels = labels.expect("labelled by sema");
                let start = self.names.label();
                self.label(start);
                self.exits_to(&[labels.break_label, labels.continue_label], body);
                self.label(labels.continue_label);
                // The test's code is on its own line (for line tables).
                self.span = cond.span;
                let c = self.expr(cond);
                self.emit(Instr::JumpIfNotZero(c, start));
                self.label(labels.break_label);
            }
            StmtKind::For {
                init,
                cond,
                post,
                body,
                labels,
            } => {
                let labels = labels.expect("labelled by sema");
                // The declarations in `for (...)` are in a scope of their own.
                let keep = self.cleanups.len();
                match init {
                    ForInit::Decl(vs) => vs.iter().for_each(|v| self.local_var(v)),
                    ForInit::Expr(e) => {
                        if let Some(e) = e {
                            self.expr(e);
                        }
                    }
                }
                let start = self.names.label();
                self.label(start);
                // The test and the step are on their own lines (for line
                // tables).
                if let Some(cond) = cond {
                    self.span = cond.span;
                    let c = self.expr(cond);
                    self.emit(Instr::JumpIfZero(c, labels.break_label));
                }
                self.exits_to(&[labels.break_label, labels.continue_label], body);
                self.label(labels.continue_label);
                if let Some(post) = post {
                    self.span = post.span;
                    self.expr(post);
                }
                self.emit(Instr::Jump(start));
                self.label(labels.break_label);
                self.run_cleanups(keep, false);
                self.cleanups.truncate(keep);
            }
            StmtKind::Switch { cond, body, cases } => {
                let cases = cases.as_ref().expect("labelled by sema");
                self.switch(cond, cases);
                self.exits_to(&[cases.break_label], body);
                self.label(cases.break_label);
            }
            StmtKind::Labeled { body, label, .. } => {
                self.named_label(label.expect("labelled by sema"));
                self.stmt(body);
            }
            StmtKind::Case { body, label, .. } | StmtKind::Default { body, label } => {
                self.label(label.expect("labelled by sema"));
                self.stmt(body);
            }
            StmtKind::Goto { label, .. } => self.goto(label.expect("labelled by sema")),
            StmtKind::GotoIndirect(target) => {
                let target = self.expr(target);
                self.emit(Instr::JumpIndirect(target));
            }
            StmtKind::Null => {}
        }
    }

    /// A label a `goto` may name, noting how many scope exits are pending
    /// there.
    #[inline(never)]
    fn named_label(&mut self, label: Label) {
        self.label_depths.insert(label, self.cleanups.len());
        self.label(label);
    }

    /// `goto label`: leaving the scopes the label is outside of does what
    /// their ends would (cleanups run, variable-length arrays' memory given
    /// back; a jump back to before a declaration included). The scopes
    /// around the label are those around the `goto` up to its depth (C
    /// allows no jump into the scope of a variable-length array, and gcc
    /// none into a `cleanup` variable's); for a label not lowered yet,
    /// once it is ([`Lowerer::exits_of_forward_gotos`]).
    #[inline(never)]
    fn goto(&mut self, label: Label) {
        match self.label_depths.get(&label) {
            Some(&depth) if depth < self.cleanups.len() => self.run_cleanups(depth, false),
            Some(_) => {}
            None if !self.cleanups.is_empty() => {
                self.forward_gotos
                    .push((self.out.len(), label, self.cleanups.clone()));
            }
            None => {}
        }
        self.emit(Instr::Jump(label));
    }

    /// The scope exits of the forward `goto`s, before their jumps, once
    /// every label's depth is known.
    fn exits_of_forward_gotos(&mut self) {
        for (at, label, exits) in std::mem::take(&mut self.forward_gotos).into_iter().rev() {
            let depth = self.label_depths[&label];
            if depth >= exits.len() {
                continue;
            }
            let span = self.out[at].span;
            let body = std::mem::take(&mut self.out);
            self.span = span;
            self.run_exits(&exits[depth..], false);
            let code = std::mem::replace(&mut self.out, body);
            self.out.splice(at..at, code);
        }
    }

    fn if_stmt(&mut self, cond: &Expr, then: &Stmt, otherwise: Option<&Stmt>) {
        let c = self.expr(cond);
        let end = self.names.label();
        match otherwise {
            None => {
                self.emit(Instr::JumpIfZero(c, end));
                self.stmt(then);
            }
            Some(otherwise) => {
                let else_label = self.names.label();
                self.emit(Instr::JumpIfZero(c, else_label));
                self.stmt(then);
                self.emit(Instr::Jump(end));
                self.label(else_label);
                self.stmt(otherwise);
            }
        }
        self.label(end);
    }

    /// The dispatch of a switch: compare with each case value in turn, then
    /// go to `default` or past the switch.
    fn switch(&mut self, cond: &Expr, cases: &ast::SwitchCases) {
        let value = self.expr(cond);
        let ty = cond.ty().clone();
        for &(case, label) in &cases.cases {
            let hit = self.temp(Type::Int);
            let case = Val::Constant(Const::Long(case).convert(&ty));
            self.emit(Instr::Binary {
                op: tacky::BinaryOp::Equal,
                lhs: value,
                rhs: case,
                dst: hit,
            });
            self.emit(Instr::JumpIfNotZero(hit, label));
        }
        self.emit(Instr::Jump(cases.default.unwrap_or(cases.break_label)));
    }

    fn expr(&mut self, e: &Expr) -> Val {
        match &e.kind {
            ExprKind::Constant(c) => Val::Constant(*c),
            ExprKind::Var(name) => Val::Var(*name),
            ExprKind::CompoundLiteral(ty, init, name) => {
                let name = name.expect("resolution names every compound literal");
                self.init_local(name, ty, init);
                Val::Var(name)
            }
            ExprKind::Unary(op, operand) => {
                let src = self.expr(operand);
                let Some(op) = op.tacky() else {
                    return src;
                };
                let dst = self.temp(e.ty().clone());
                self.emit(Instr::Unary { op, src, dst });
                dst
            }
            ExprKind::Cast(ty, operand) => {
                let v = self.expr(operand);
                if **ty == Type::Void {
                    return VOID;
                }
                self.convert(v, operand.ty(), ty)
            }
            ExprKind::Binary(BinaryOp::And, l, r) => self.logical(l, r, true, e.ty()),
            ExprKind::Binary(BinaryOp::Or, l, r) => self.logical(l, r, false, e.ty()),
            ExprKind::Binary(op, l, r) => self.binary(*op, l, r, e.ty()),
            ExprKind::Assign(target, value) => {
                let v = self.expr(value);
                match self.lvalue(target) {
                    Place::Var(name) => {
                        self.emit(Instr::Copy {
                            src: v,
                            dst: Val::Var(name),
                        });
                        Val::Var(name)
                    }
                    place => {
                        self.store(place, v);
                        v
                    }
                }
            }
            ExprKind::CompoundAssign(op, target, value) => self.compound_assign(*op, target, value),
            ExprKind::IncDec(op, operand) => self.inc_dec(*op, operand),
            ExprKind::Conditional(c, t, f) => self.conditional(c, t, f, e.ty()),
            ExprKind::Elvis(..) => unreachable!("the type checker rewrites a ?: b"),
            ExprKind::Call(callee, args) => self.call(callee, args, e.ty()),
            ExprKind::Deref(_)
            | ExprKind::Subscript(..)
            | ExprKind::Dot(..)
            | ExprKind::Arrow(..) => {
                let place = self.lvalue(e);
                self.load(place, e.ty())
            }
            ExprKind::AddrOf(inner) => match self.lvalue(inner) {
                Place::Var(name) => {
                    let dst = self.temp(e.ty().clone());
                    self.emit(Instr::GetAddress {
                        src: Val::Var(name),
                        dst,
                    });
                    dst
                }
                Place::Member(name, offset) => {
                    let whole = self.temp(Type::pointer_to(self.symbols.info(name).ty.clone()));
                    self.emit(Instr::GetAddress {
                        src: Val::Var(name),
                        dst: whole,
                    });
                    self.offset_ptr(whole, offset, e.ty().element().expect("a pointer"))
                }
                // `&*p` is `p`; when `*p` is an array that decays, the same
                // address as a pointer to its first element.
                Place::Deref(ptr) if ptr.ty(self.symbols) == *e.ty() => ptr,
                Place::Deref(ptr) => {
                    let dst = self.temp(e.ty().clone());
                    self.emit(Instr::Copy { src: ptr, dst });
                    dst
                }
                Place::Bits(_) => unreachable!("sema refuses the address of a bit-field"),
            },
            ExprKind::Comma(a, b) => {
                self.expr(a);
                self.expr(b)
            }
            ExprKind::VaStart(ap) => {
                let ap = self.expr(ap);
                self.emit(Instr::VaStart(ap));
                VOID
            }
            ExprKind::VaArg(ap, ty) => self.va_arg(ap, ty),
            ExprKind::ByteSwap(operand) => self.byte_swap(operand, e.ty()),
            ExprKind::Overflow(op, a, b, res) => self.overflow(*op, a, b, res),
            ExprKind::Atomic(op, ptr, value, old) => self.atomic(*op, ptr, value, *old, e.ty()),
            ExprKind::CompareExchange(ptr, expected, desired) => {
                let ptr = self.expr(ptr);
                let expected = self.expr(expected);
                let desired = self.expr(desired);
                let dst = self.temp(e.ty().clone());
                self.emit(Instr::CompareExchange {
                    ptr,
                    expected,
                    desired,
                    dst,
                });
                dst
            }
            ExprKind::CountBits(count, operand) => self.count_bits(*count, operand),
            ExprKind::Alloca(size) => {
                let size = self.expr(size);
                let dst = self.temp(Type::pointer_to(Type::Void));
                self.emit(Instr::Alloca { size, dst });
                dst
            }
            ExprKind::Fence => {
                self.emit(Instr::Fence);
                VOID
            }
            ExprKind::StmtExpr(b) => {
                let Some((last, rest)) = b.items.split_last() else {
                    return VOID;
                };
                self.block_items(rest);
                match last {
                    BlockItem::Stmt(Stmt {
                        kind: StmtKind::Expr(value),
                        span,
                    }) if *e.ty() != Type::Void => {
                        self.span = *span;
                        self.expr(value)
                    }
                    last => {
                        self.block_items(std::slice::from_ref(last));
                        VOID
                    }
                }
            }
            ExprKind::LabelAddr(_, label) => {
                let dst = self.temp(e.ty().clone());
                let label = label.expect("resolved by the type checker");
                self.emit(Instr::LabelAddress { label, dst });
                dst
            }
            ExprKind::String(_) | ExprKind::WideString(..) => {
                unreachable!("sema turns string values into variables")
            }
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
        }
    }

    /// The object an lvalue designates.
    fn lvalue(&mut self, e: &Expr) -> Place {
        match &e.kind {
            ExprKind::Var(name) => Place::Var(*name),
            ExprKind::CompoundLiteral(ty, init, name) => {
                let name = name.expect("resolution names every compound literal");
                self.init_local(name, ty, init);
                Place::Var(name)
            }
            ExprKind::Deref(ptr) => Place::Deref(self.expr(ptr)),
            ExprKind::Subscript(a, i) => {
                let (ptr, index) = if a.ty().is_pointer() { (a, i) } else { (i, a) };
                let p = self.expr(ptr);
                let index = self.expr(index);
                Place::Deref(self.add_ptr(p, index, ptr.ty()))
            }
            ExprKind::Dot(base, member) => {
                let offset = self.member_offset(base.ty(), *member);
                let bits = self.bit_field(base.ty(), *member);
                // The member of a structure value that is not an object
                // (`(c ? s : t).m`) is read from the temporary holding it.
                let place = match &base.kind {
                    ExprKind::Var(_)
                    | ExprKind::Deref(_)
                    | ExprKind::Subscript(..)
                    | ExprKind::Dot(..)
                    | ExprKind::Arrow(..) => self.lvalue(base),
                    _ => match self.expr(base) {
                        Val::Var(name) => Place::Var(name),
                        Val::Constant(_) => unreachable!("structures are never constants"),
                    },
                };
                let pointee = bits.as_ref().map_or(e.ty(), |(ty, ..)| ty).clone();
                let unit = match place {
                    Place::Var(name) => Unit::Member(name, offset),
                    Place::Member(name, at) => Unit::Member(name, at + offset),
                    Place::Deref(ptr) => Unit::Deref(self.offset_ptr(ptr, offset, &pointee)),
                    Place::Bits(_) => unreachable!("a bit-field has no members"),
                };
                member_place(unit, bits)
            }
            ExprKind::Arrow(ptr, member) => {
                let to = ptr.ty().element().expect("sema checked a pointer");
                let offset = self.member_offset(to, *member);
                let bits = self.bit_field(to, *member);
                let pointee = bits.as_ref().map_or(e.ty(), |(ty, ..)| ty).clone();
                let p = self.expr(ptr);
                let unit = Unit::Deref(self.offset_ptr(p, offset, &pointee));
                member_place(unit, bits)
            }
            _ => unreachable!("sema accepts only lvalues here"),
        }
    }

    /// A bit-field member's declared type and bits, or `None`.
    fn bit_field(&self, ty: &Type, member: Sym) -> Option<(Type, u8, u8)> {
        let types = &self.symbols.types;
        let (pos, width) = types.bit_field(ty, member)?;
        let (declared, _) = types.member(ty, member).expect("sema checked the member");
        Some((declared, pos, width))
    }

    /// `lhs op rhs` into a fresh temporary of type `ty`.
    /// An atomic read-modify-write (see [`ExprKind::Atomic`]): adding,
    /// subtracting (adding the negation) and exchanging are one locked
    /// instruction; the bitwise operations a loop that computes the new
    /// value from the one last seen and compare-exchanges it in until no
    /// other thread has changed it in between. (A pointer's value is
    /// computed with as an `unsigned long`, which the type checker made
    /// the operand.)
    fn atomic(&mut self, op: AtomicArith, ptr: &Expr, value: &Expr, old: bool, ty: &Type) -> Val {
        use tacky::BinaryOp as B;
        let ptr = self.expr(ptr);
        let value = self.expr(value);
        let before = self.temp(ty.clone());
        let (rmw, src) = match op {
            AtomicArith::Add => (Some(tacky::AtomicRmwOp::Add), value),
            AtomicArith::Sub => {
                let negated = self.temp(value.ty(self.symbols));
                self.emit(Instr::Unary {
                    op: tacky::UnaryOp::Negate,
                    src: value,
                    dst: negated,
                });
                (Some(tacky::AtomicRmwOp::Add), negated)
            }
            AtomicArith::Exchange => (Some(tacky::AtomicRmwOp::Exchange), value),
            _ => (None, value),
        };
        if let Some(rmw) = rmw {
            self.emit(Instr::AtomicRmw {
                op: rmw,
                ptr,
                src,
                dst: before,
            });
            return match op {
                _ if old => before,
                AtomicArith::Exchange => before,
                _ => self.binary_temp(B::Add, before, src, ty),
            };
        }
        self.emit(Instr::Load { ptr, dst: before });
        let top = self.names.label();
        self.emit(Instr::Label(top));
        let bits = match op {
            AtomicArith::And | AtomicArith::Nand => B::BitAnd,
            AtomicArith::Or => B::BitOr,
            _ => B::BitXor,
        };
        let mut new = self.binary_temp(bits, before, src, ty);
        if op == AtomicArith::Nand {
            let complement = self.temp(ty.clone());
            self.emit(Instr::Unary {
                op: tacky::UnaryOp::Complement,
                src: new,
                dst: complement,
            });
            new = complement;
        }
        let found = self.temp(ty.clone());
        self.emit(Instr::CompareExchange {
            ptr,
            expected: before,
            desired: new,
            dst: found,
        });
        let swapped = self.binary_temp(B::Equal, found, before, &Type::Int);
        self.emit(Instr::Copy {
            src: found,
            dst: before,
        });
        self.emit(Instr::JumpIfZero(swapped, top));
        if old { before } else { new }
    }

    fn binary_temp(&mut self, op: tacky::BinaryOp, lhs: Val, rhs: Val, ty: &Type) -> Val {
        let dst = self.temp(ty.clone());
        self.emit(Instr::Binary { op, lhs, rhs, dst });
        dst
    }

    /// A bit-field's value, as `ty`: its unit loaded, widened to 64 bits,
    /// shifted and masked (sign-extended for a signed type).
    fn load_bits(&mut self, b: BitField, ty: &Type) -> Val {
        use tacky::BinaryOp as T;
        let unit_ty = b.unit_type();
        let raw = self.load(b.unit.place(), &unit_ty);
        let wide_ty = if b.signed { Type::Long } else { Type::ULong };
        let wide = self.convert(raw, &unit_ty, &wide_ty);
        let value = if b.signed {
            let up = self.binary_temp(T::ShiftLeft, wide, count(64 - b.pos - b.width), &wide_ty);
            self.binary_temp(T::ShiftRight, up, count(64 - b.width), &wide_ty)
        } else {
            let down = self.binary_temp(T::ShiftRight, wide, count(b.pos), &wide_ty);
            let mask = Val::Constant(Const::ULong(low_bits(b.width)));
            self.binary_temp(T::BitAnd, down, mask, &wide_ty)
        };
        self.convert(value, &wide_ty, ty)
    }

    /// Writes `v` into a bit-field's bits, keeping the rest of its unit.
    fn store_bits(&mut self, b: BitField, v: Val) {
        use tacky::BinaryOp as T;
        let (unit_ty, u64_ty) = (b.unit_type(), Type::ULong);
        let old = self.load(b.unit.place(), &unit_ty);
        let old = self.convert(old, &unit_ty, &u64_ty);
        let v_ty = v.ty(self.symbols);
        let new = self.convert(v, &v_ty, &u64_ty);
        let mask = low_bits(b.width) << b.pos;
        let kept = self.binary_temp(T::BitAnd, old, Val::Constant(Const::ULong(!mask)), &u64_ty);
        let moved = self.binary_temp(T::ShiftLeft, new, count(b.pos), &u64_ty);
        let bits = self.binary_temp(T::BitAnd, moved, Val::Constant(Const::ULong(mask)), &u64_ty);
        let whole = self.binary_temp(T::BitOr, kept, bits, &u64_ty);
        let whole = self.convert(whole, &u64_ty, &unit_ty);
        self.store(b.unit.place(), whole);
    }

    /// Where `member` is in a structure or union of type `ty`.
    fn member_offset(&self, ty: &Type, member: Sym) -> i64 {
        self.symbols
            .types
            .member(ty, member)
            .expect("sema checked the member")
            .1 as i64
    }

    /// `ptr` moved by `offset` bytes, as a pointer to `to`.
    fn offset_ptr(&mut self, ptr: Val, offset: i64, to: &Type) -> Val {
        let dst = self.temp(Type::pointer_to(to.clone()));
        if offset == 0 {
            self.emit(Instr::Copy { src: ptr, dst });
        } else {
            self.emit(Instr::AddPtr {
                ptr,
                index: Val::Constant(Const::Long(offset)),
                scale: 1,
                dst,
            });
        }
        dst
    }

    /// The value of the object at `place`, of type `ty`.
    fn load(&mut self, place: Place, ty: &Type) -> Val {
        match place {
            Place::Bits(b) => self.load_bits(b, ty),
            Place::Var(name) => Val::Var(name),
            Place::Member(src, offset) => {
                let dst = self.temp(ty.clone());
                self.emit(Instr::CopyFromOffset { src, offset, dst });
                dst
            }
            Place::Deref(ptr) => {
                let dst = self.temp(ty.clone());
                self.emit(Instr::Load { ptr, dst });
                dst
            }
        }
    }

    /// Writes `v` to the object at `place`.
    fn store(&mut self, place: Place, v: Val) {
        match place {
            Place::Var(name) => {
                if v != Val::Var(name) {
                    self.emit(Instr::Copy {
                        src: v,
                        dst: Val::Var(name),
                    });
                }
            }
            Place::Member(dst, offset) => self.emit(Instr::CopyToOffset {
                src: v,
                dst,
                offset,
            }),
            Place::Deref(ptr) => self.emit(Instr::Store { src: v, ptr }),
            Place::Bits(b) => self.store_bits(b, v),
        }
    }

    /// `ptr + index` for a pointer of type `ptr_ty` and a `long` index.
    fn add_ptr(&mut self, ptr: Val, mut index: Val, ptr_ty: &Type) -> Val {
        let size = self.element_size(ptr_ty);
        // An element of 4 GiB or more (an `extern` array's row), or of a
        // variable size, is scaled by a multiplication first.
        let scale = match size {
            Val::Constant(Const::Long(size)) if u32::try_from(size).is_ok() => size as u32,
            size => {
                let scaled = self.temp(Type::Long);
                self.emit(Instr::Binary {
                    op: tacky::BinaryOp::Multiply,
                    lhs: index,
                    rhs: size,
                    dst: scaled,
                });
                index = scaled;
                1
            }
        };
        let dst = self.temp(ptr_ty.clone());
        self.emit(Instr::AddPtr {
            ptr,
            index,
            scale,
            dst,
        });
        dst
    }

    /// The size of what a pointer of type `ptr_ty` points to, a `long`:
    /// a constant, or a variable-length array's size.
    fn element_size(&mut self, ptr_ty: &Type) -> Val {
        match ptr_ty.element().expect("a pointer") {
            Type::Vla(_, size) => self.convert(Val::Var(*size), &Type::ULong, &Type::Long),
            elem => Val::Constant(Const::Long(self.symbols.types.size(elem) as i64)),
        }
    }

    /// `-v` for a `long` value.
    fn negate(&mut self, v: Val) -> Val {
        match v {
            Val::Constant(c) => Val::Constant(Const::unary(tacky::UnaryOp::Negate, c)),
            var => {
                let dst = self.temp(Type::Long);
                self.emit(Instr::Unary {
                    op: tacky::UnaryOp::Negate,
                    src: var,
                    dst,
                });
                dst
            }
        }
    }

    /// `l op r` other than `&&` and `||`: arithmetic, comparisons, and the
    /// pointer arithmetic of C11 6.5.6 (`p + n`, `n + p`, `p - n`, `p - q`).
    fn binary(&mut self, op: BinaryOp, l: &Expr, r: &Expr, ty: &Type) -> Val {
        let lhs = self.expr(l);
        let rhs = self.expr(r);
        match op {
            BinaryOp::Add if l.ty().is_pointer() => return self.add_ptr(lhs, rhs, l.ty()),
            BinaryOp::Add if r.ty().is_pointer() => return self.add_ptr(rhs, lhs, r.ty()),
            BinaryOp::Subtract if l.ty().is_pointer() && r.ty().is_integer() => {
                let index = self.negate(rhs);
                return self.add_ptr(lhs, index, l.ty());
            }
            BinaryOp::Subtract if l.ty().is_pointer() => {
                // The difference of the addresses in elements.
                let bytes = self.temp(Type::Long);
                let (a, b) = (
                    self.convert(lhs, l.ty(), &Type::Long),
                    self.convert(rhs, r.ty(), &Type::Long),
                );
                self.emit(Instr::Binary {
                    op: tacky::BinaryOp::Subtract,
                    lhs: a,
                    rhs: b,
                    dst: bytes,
                });
                let size = self.element_size(l.ty());
                let dst = self.temp(Type::Long);
                self.emit(Instr::Binary {
                    op: tacky::BinaryOp::Divide,
                    lhs: bytes,
                    rhs: size,
                    dst,
                });
                return dst;
            }
            _ => {}
        }
        let dst = self.temp(ty.clone());
        self.emit(Instr::Binary {
            op: binary_op(op),
            lhs,
            rhs,
            dst,
        });
        dst
    }

    /// `dst = (type of dst) src` where `src` has type `from`: nothing, a
    /// constant converted now, a `Copy` between integer types of one size
    /// or a `Convert`.
    fn convert_into(&mut self, src: Val, from: &Type, dst: Val, to: &Type) {
        let src = match src {
            Val::Constant(c) => Val::Constant(c.convert(to)),
            var => var,
        };
        // To `_Bool`: whether the value is not 0 (C11 6.3.1.2), an `int`
        // narrowed.
        if *to == Type::Bool && *from != Type::Bool && matches!(src, Val::Var(_)) {
            let zero = Val::Constant(Const::Int(0).convert(&value_type(from)));
            let truth = self.binary_temp(tacky::BinaryOp::NotEqual, src, zero, &Type::Int);
            self.emit(Instr::Convert {
                op: ConvertOp::Truncate,
                src: truth,
                dst,
            });
            return;
        }
        let op =
            match (from, to) {
                _ if src.ty(self.symbols) == *to => None,
                (Type::Float, Type::Double | Type::LongDouble)
                | (Type::Double, Type::LongDouble) => Some(ConvertOp::FloatToDouble),
                (Type::Double | Type::LongDouble, Type::Float)
                | (Type::LongDouble, Type::Double) => Some(ConvertOp::DoubleToFloat),
                (from, to) if from.is_floating() && to.is_signed() => Some(ConvertOp::DoubleToInt),
                (from, _) if from.is_floating() => Some(ConvertOp::DoubleToUInt),
                (from, to) if to.is_floating() && from.is_signed() => Some(ConvertOp::IntToDouble),
                (_, to) if to.is_floating() => Some(ConvertOp::UIntToDouble),
                _ if from.size() == to.size() => None,
                _ if from.size() > to.size() => Some(ConvertOp::Truncate),
                _ if from.is_signed() => Some(ConvertOp::SignExtend),
                _ => Some(ConvertOp::ZeroExtend),
            };
        self.emit(match op {
            Some(op) => Instr::Convert { op, src, dst },
            None => Instr::Copy { src, dst },
        });
    }

    /// `v` (of type `from`) as a value of type `to`: itself if the types
    /// agree, else a converted constant or a new temporary.
    fn convert(&mut self, v: Val, from: &Type, to: &Type) -> Val {
        match v {
            // Pointers that differ only in qualifiers are the same value.
            _ if from.eq_unqualified(to) => v,
            Val::Constant(c) => Val::Constant(c.convert(to)),
            Val::Var(_) => {
                let dst = self.temp(to.clone());
                self.convert_into(v, from, dst, to);
                dst
            }
        }
    }

    /// `a op= b`, computed in the type `b` was converted to (for a shift, in
    /// `a`'s promoted type) and converted back to `a`'s (C11 6.5.16.2p3);
    /// `p += n` and `p -= n` move a pointer.
    fn compound_assign(&mut self, op: BinaryOp, target: &Expr, value: &Expr) -> Val {
        let place = self.lvalue(target);
        let rhs = self.expr(value);
        let ty = target.ty();
        let current = self.load(place, ty);
        if ty.is_pointer() {
            let index = if op == BinaryOp::Subtract {
                self.negate(rhs)
            } else {
                rhs
            };
            let moved = self.add_ptr(current, index, ty);
            self.store(place, moved);
            return moved;
        }
        let op_ty = if op.is_shift() {
            ty.promoted()
        } else {
            value.ty().clone()
        };
        let lhs = self.convert(current, ty, &op_ty);
        // Computed in place when the target is a variable of the
        // operation's type.
        let result = match place {
            Place::Var(name) if op_ty == *ty => Val::Var(name),
            _ => self.temp(op_ty.clone()),
        };
        self.emit(Instr::Binary {
            op: binary_op(op),
            lhs,
            rhs,
            dst: result,
        });
        match place {
            Place::Var(name) => {
                if result != Val::Var(name) {
                    self.convert_into(result, &op_ty, Val::Var(name), ty);
                }
                Val::Var(name)
            }
            Place::Member(..) | Place::Deref(_) | Place::Bits(_) => {
                let v = self.convert(result, &op_ty, ty);
                self.store(place, v);
                v
            }
        }
    }

    fn inc_dec(&mut self, op: IncDec, operand: &Expr) -> Val {
        let ty = operand.ty();
        let place = self.lvalue(operand);
        let current = self.load(place, ty);
        let decrement = matches!(op, IncDec::PreDecrement | IncDec::PostDecrement);
        let post = matches!(op, IncDec::PostIncrement | IncDec::PostDecrement);
        let old = if post {
            let old = self.temp(ty.clone());
            self.emit(Instr::Copy {
                src: current,
                dst: old,
            });
            Some(old)
        } else {
            None
        };
        let new = if ty.is_pointer() {
            let step = Val::Constant(Const::Long(if decrement { -1 } else { 1 }));
            self.add_ptr(current, step, ty)
        } else {
            let arith = if decrement {
                tacky::BinaryOp::Subtract
            } else {
                tacky::BinaryOp::Add
            };
            // `++c` on a `char` computes `c + 1` in `int` (C11 6.5.3.1p2).
            let op_ty = ty.promoted();
            let one = Val::Constant(Const::Int(1).convert(&op_ty));
            let lhs = self.convert(current, ty, &op_ty);
            let dst = match place {
                Place::Var(name) if op_ty == *ty => Val::Var(name),
                _ => self.temp(op_ty.clone()),
            };
            self.emit(Instr::Binary {
                op: arith,
                lhs,
                rhs: one,
                dst,
            });
            self.convert(dst, &op_ty, ty)
        };
        self.store(place, new);
        old.unwrap_or(match place {
            Place::Var(name) => Val::Var(name),
            Place::Member(..) | Place::Deref(_) | Place::Bits(_) => new,
        })
    }

    /// `l && r` (is_and) or `l || r`: evaluates `r` only when `l` does not
    /// decide the result (C11 6.5.13, 6.5.14).
    fn logical(&mut self, l: &Expr, r: &Expr, is_and: bool, ty: &Type) -> Val {
        let decided = self.names.label();
        let end = self.names.label();
        let dst = self.temp(ty.clone());
        let jump = |v, l| {
            if is_and {
                Instr::JumpIfZero(v, l)
            } else {
                Instr::JumpIfNotZero(v, l)
            }
        };
        let lv = self.expr(l);
        self.emit(jump(lv, decided));
        let rv = self.expr(r);
        self.emit(jump(rv, decided));
        let (fallthrough, short) = if is_and { (1, 0) } else { (0, 1) };
        self.emit(Instr::Copy {
            src: Val::Constant(Const::Int(fallthrough)),
            dst,
        });
        self.emit(Instr::Jump(end));
        self.label(decided);
        self.emit(Instr::Copy {
            src: Val::Constant(Const::Int(short)),
            dst,
        });
        self.label(end);
        dst
    }

    /// `c ? t : f`; when both arms are `void`, only their effects.
    fn conditional(&mut self, c: &Expr, t: &Expr, f: &Expr, ty: &Type) -> Val {
        let else_label = self.names.label();
        let end = self.names.label();
        let dst = (*ty != Type::Void).then(|| self.temp(ty.clone()));
        let cv = self.expr(c);
        self.emit(Instr::JumpIfZero(cv, else_label));
        let tv = self.expr(t);
        if let Some(dst) = dst {
            self.emit(Instr::Copy { src: tv, dst });
        }
        self.emit(Instr::Jump(end));
        self.label(else_label);
        let fv = self.expr(f);
        if let Some(dst) = dst {
            self.emit(Instr::Copy { src: fv, dst });
        }
        self.label(end);
        dst.unwrap_or(VOID)
    }

    /// `va_arg (ap, ty)` for a scalar `ty` (ABI 3.5.7): from the register
    /// save area while the registers of its class last (`gp_offset` below
    /// 48 for integers and pointers, `fp_offset` below 176 for `double`),
    /// then from the stack, each argument one eightbyte there.
    fn va_arg(&mut self, ap: &Expr, ty: &Type) -> Val {
        use tacky::BinaryOp as T;
        let ap = self.expr(ap);
        if *ty == Type::LongDouble {
            return self.va_arg_x87(ap);
        }
        if ty.is_aggregate_tag() {
            return self.va_arg_aggregate(ap, ty);
        }
        let (offset_field, limit, step) = if *ty == Type::Double {
            (va_list::FP_OFFSET, va_list::FP_LIMIT, 16)
        } else {
            (va_list::GP_OFFSET, va_list::GP_LIMIT, 8)
        };
        let bytes = Type::pointer_to(Type::UChar);
        let (from_stack, done) = (self.names.label(), self.names.label());
        // Where the argument is, set on both paths.
        let at = self.temp(bytes.clone());
        // In the save area?
        let offset_ptr = self.offset_ptr(ap, offset_field, &Type::UInt);
        let offset = self.load(Place::Deref(offset_ptr), &Type::UInt);
        let limit = Val::Constant(Const::UInt(limit));
        let exhausted = self.binary_temp(T::GreaterEqual, offset, limit, &Type::Int);
        self.emit(Instr::JumpIfNotZero(exhausted, from_stack));
        let area_ptr = self.offset_ptr(ap, va_list::REG_SAVE_AREA, &bytes);
        let area = self.load(Place::Deref(area_ptr), &bytes);
        let index = self.convert(offset, &Type::UInt, &Type::Long);
        self.emit(Instr::AddPtr {
            ptr: area,
            index,
            scale: 1,
            dst: at,
        });
        let step = Val::Constant(Const::UInt(step));
        let next = self.binary_temp(T::Add, offset, step, &Type::UInt);
        self.store(Place::Deref(offset_ptr), next);
        self.emit(Instr::Jump(done));
        // On the stack, one eightbyte.
        self.label(from_stack);
        let on_stack = self.take_overflow_arg(ap, 8, 8);
        self.emit(Instr::Copy {
            src: on_stack,
            dst: at,
        });
        self.label(done);
        let typed = self.temp(Type::pointer_to(ty.clone()));
        self.emit(Instr::Copy {
            src: at,
            dst: typed,
        });
        self.load(Place::Deref(typed), ty)
    }

    /// `va_arg (ap, T)` for a structure or union `T` (ABI 3.5.7): when it
    /// travels in registers (by its classes) and as many as it needs of
    /// each kind are left, its eightbytes come from the register save
    /// area; otherwise the whole object from the overflow area (rounded up
    /// to 16 first for a 16-aligned one). Either way it is copied into a
    /// temporary object, the value.
    fn va_arg_aggregate(&mut self, ap: Val, ty: &Type) -> Val {
        use crate::codegen::abi::{self, Class};
        use tacky::BinaryOp as T;
        let classes = abi::classify(ty, &self.symbols.types);
        let (size, align) = (self.symbols.types.size(ty), self.symbols.types.align(ty));
        let bytes = Type::pointer_to(Type::UChar);
        let result = self.temp(ty.clone());
        let Val::Var(object) = result else {
            unreachable!("a temporary is a variable")
        };
        let (from_stack, done) = (self.names.label(), self.names.label());
        if classes != [Class::Memory] {
            let count = |c| classes.iter().filter(|&&k| k == c).count() as u32;
            let uint = |v: u32| Val::Constant(Const::UInt(v));
            // Each kind's offset, its field, and its slot size.
            let mut kinds = Vec::new();
            for (class, field, limit, step) in [
                (Class::Integer, va_list::GP_OFFSET, va_list::GP_LIMIT, 8),
                (Class::Sse, va_list::FP_OFFSET, va_list::FP_LIMIT, 16),
            ] {
                let need = count(class);
                if need == 0 {
                    continue;
                }
                let field_ptr = self.offset_ptr(ap, field, &Type::UInt);
                let offset = self.load(Place::Deref(field_ptr), &Type::UInt);
                let last = uint(limit - step * need);
                let exhausted = self.binary_temp(T::Greater, offset, last, &Type::Int);
                self.emit(Instr::JumpIfNotZero(exhausted, from_stack));
                kinds.push((class, field_ptr, offset, step));
            }
            let area_ptr = self.offset_ptr(ap, va_list::REG_SAVE_AREA, &bytes);
            let area = self.load(Place::Deref(area_ptr), &bytes);
            for (i, class) in classes.iter().enumerate() {
                let kind = kinds
                    .iter_mut()
                    .find(|k| k.0 == *class)
                    .expect("each class's offset was read");
                let index = self.convert(kind.2, &Type::UInt, &Type::Long);
                let slot = self.temp(bytes.clone());
                self.emit(Instr::AddPtr {
                    ptr: area,
                    index,
                    scale: 1,
                    dst: slot,
                });
                let at = 8 * i as u64;
                self.copy_in(slot, object, at, (size - at).min(8));
                kind.2 = self.binary_temp(T::Add, kind.2, uint(kind.3), &Type::UInt);
            }
            for (_, field_ptr, offset, _) in kinds {
                self.store(Place::Deref(field_ptr), offset);
            }
            self.emit(Instr::Jump(done));
        }
        self.label(from_stack);
        let at = self.take_overflow_arg(ap, size, align);
        self.copy_in(at, object, 0, size);
        self.label(done);
        result
    }

    /// The address (an `unsigned char *`) of the next argument of `size`
    /// bytes in `ap`'s overflow area (the stack arguments), which moves
    /// past it: an argument takes whole eightbytes, and one aligned to 16
    /// starts at a multiple of 16 (ABI 3.5.7).
    fn take_overflow_arg(&mut self, ap: Val, size: u64, align: u64) -> Val {
        let bytes = Type::pointer_to(Type::UChar);
        let overflow_ptr = self.offset_ptr(ap, va_list::OVERFLOW_ARG_AREA, &bytes);
        let mut at = self.load(Place::Deref(overflow_ptr), &bytes);
        if align >= 16 {
            at = self.align_up_16(at);
        }
        let past = self.offset_ptr(at, size.next_multiple_of(8) as i64, &Type::UChar);
        self.store(Place::Deref(overflow_ptr), past);
        at
    }

    /// Copies `len` bytes from where `src` (a `unsigned char *`) points
    /// into variable `dst` at `offset`: 8, 4, then 1 at a time.
    fn copy_in(&mut self, src: Val, dst: Sym, offset: u64, len: u64) {
        let mut done = 0;
        while done < len {
            let chunk = match len - done {
                8.. => Type::ULong,
                4..=7 => Type::UInt,
                _ => Type::UChar,
            };
            let ptr = self.offset_ptr(src, done as i64, &chunk);
            let value = self.load(Place::Deref(ptr), &chunk);
            self.emit(Instr::CopyToOffset {
                src: value,
                dst,
                offset: (offset + done) as i64,
            });
            done += chunk.size();
        }
    }

    /// `p` (a `unsigned char *`) rounded up to a multiple of 16.
    fn align_up_16(&mut self, p: Val) -> Val {
        use tacky::BinaryOp as T;
        let address = self.temp(Type::ULong);
        self.emit(Instr::Copy {
            src: p,
            dst: address,
        });
        let ulong = |v: u64| Val::Constant(Const::ULong(v));
        let up = self.binary_temp(T::Add, address, ulong(15), &Type::ULong);
        let aligned = self.binary_temp(T::BitAnd, up, ulong(!15), &Type::ULong);
        let at = self.temp(Type::pointer_to(Type::UChar));
        self.emit(Instr::Copy {
            src: aligned,
            dst: at,
        });
        at
    }

    /// `va_arg (ap, long double)`: always on the stack (class X87, ABI
    /// 3.5.7), at the overflow area rounded up to 16.
    fn va_arg_x87(&mut self, ap: Val) -> Val {
        let at = self.take_overflow_arg(ap, 16, 16);
        let typed = self.temp(Type::pointer_to(Type::LongDouble));
        self.emit(Instr::Copy {
            src: at,
            dst: typed,
        });
        self.load(Place::Deref(typed), &Type::LongDouble)
    }

    /// `operand` (of unsigned type `ty`) with its bytes reversed: each
    /// byte masked out and shifted to its mirror place, the pieces or-ed
    /// together (in `ty`, or `int` for 16 bits, then truncated).
    fn byte_swap(&mut self, operand: &Expr, ty: &Type) -> Val {
        use tacky::BinaryOp as T;
        let v = self.expr(operand);
        let bytes = ty.size() as u8;
        let work = if bytes < 4 { Type::UInt } else { ty.clone() };
        let x = self.convert(v, ty, &work);
        let byte_mask = Val::Constant(Const::Int(0xff).convert(&work));
        let mut acc: Option<Val> = None;
        for i in 0..bytes {
            // ((x >> 8i) & 0xff) << 8(n-1-i)
            let shifted = self.binary_temp(T::ShiftRight, x, count(8 * i), &work);
            let byte = self.binary_temp(T::BitAnd, shifted, byte_mask, &work);
            let placed = self.binary_temp(T::ShiftLeft, byte, count(8 * (bytes - 1 - i)), &work);
            acc = Some(match acc {
                None => placed,
                Some(prev) => self.binary_temp(T::BitOr, prev, placed, &work),
            });
        }
        let swapped = acc.expect("at least two bytes");
        self.convert(swapped, &work, ty)
    }

    /// `__builtin_add/sub/mul_overflow`: `*res` set to `a op b` wrapped to
    /// its type, and whether the exact result did not fit (an `int`),
    /// computed without branches and without overflowing. `a` and `b`
    /// have the working type (see [`ExprKind::Overflow`]).
    fn overflow(&mut self, op: tacky::BinaryOp, a: &Expr, b: &Expr, res: &Expr) -> Val {
        use tacky::BinaryOp as T;
        let work = a.ty().clone();
        let result = res.ty().element().expect("a pointer").clone();
        let (x, y) = (self.expr(a), self.expr(b));
        let ptr = self.expr(res);
        let int = Type::Int;
        if work != result {
            // Exact in the working type: it overflowed when the value does
            // not survive the round trip through the result's type.
            let exact = self.binary_temp(op, x, y, &work);
            let wrapped = self.convert(exact, &work, &result);
            self.store(Place::Deref(ptr), wrapped);
            let back = self.convert(wrapped, &result, &work);
            return self.binary_temp(T::NotEqual, back, exact, &int);
        }
        // In the result's type: wrapping arithmetic is unsigned arithmetic.
        let unsigned = Type::integer(work.size(), false);
        let (ux, uy) = (
            self.convert(x, &work, &unsigned),
            self.convert(y, &work, &unsigned),
        );
        let wrapped = self.binary_temp(op, ux, uy, &unsigned);
        let r = self.convert(wrapped, &unsigned, &work);
        self.store(Place::Deref(ptr), r);
        let zero = Val::Constant(Const::Int(0).convert(&work));
        let constant = |v: i64| Val::Constant(Const::Long(v).convert(&work));
        match (op, work.is_signed()) {
            (T::Add, false) => self.binary_temp(T::Less, r, x, &int),
            (T::Subtract, false) => self.binary_temp(T::Less, x, y, &int),
            // Signed: the sign of the result is wrong (for `+`, both
            // operands differ in sign from it; for `-`, the operands
            // differ in sign and the result differs from `a`'s).
            (T::Add | T::Subtract, true) => {
                let ((p1, p2), (q1, q2)) = if op == T::Add {
                    ((x, r), (y, r))
                } else {
                    ((x, y), (x, r))
                };
                let p = self.binary_temp(T::BitXor, p1, p2, &work);
                let q = self.binary_temp(T::BitXor, q1, q2, &work);
                let both = self.binary_temp(T::BitAnd, p, q, &work);
                self.binary_temp(T::Less, both, zero, &int)
            }
            // A product overflowed when dividing it by `a` does not give
            // `b` back; the divisor is made 1 where `a` is 0 (no
            // overflow) or -1 (overflow exactly when `b` is the minimum,
            // and the division itself would trap).
            (_, signed) => {
                let a_zero = self.binary_temp(T::Equal, x, zero, &int);
                let a_zero_w = self.convert(a_zero, &int, &work);
                let mut divisor = self.binary_temp(T::Add, x, a_zero_w, &work);
                let a_minus_one = if signed {
                    let m = self.binary_temp(T::Equal, x, constant(-1), &int);
                    let m_w = self.convert(m, &int, &work);
                    let twice = self.binary_temp(T::Add, m_w, m_w, &work);
                    divisor = self.binary_temp(T::Add, divisor, twice, &work);
                    Some(m)
                } else {
                    None
                };
                let quotient = self.binary_temp(T::Divide, r, divisor, &work);
                let differs = self.binary_temp(T::NotEqual, quotient, y, &int);
                let a_nonzero = self.binary_temp(T::NotEqual, x, zero, &int);
                let mut ovf = self.binary_temp(T::BitAnd, differs, a_nonzero, &int);
                if let Some(m) = a_minus_one {
                    let min = constant(i64::MIN >> (64 - work.size() * 8));
                    let not_m = self.binary_temp(T::BitXor, m, Val::Constant(Const::Int(1)), &int);
                    ovf = self.binary_temp(T::BitAnd, ovf, not_m, &int);
                    let b_min = self.binary_temp(T::Equal, y, min, &int);
                    let special = self.binary_temp(T::BitAnd, m, b_min, &int);
                    ovf = self.binary_temp(T::BitOr, ovf, special, &int);
                }
                ovf
            }
        }
    }

    /// `__builtin_clz`, `ctz`, `popcount` of an unsigned operand, without
    /// branches: leading and trailing zeros by halving the window (shift
    /// the operand by the width of an all-zero half, counting it), ones by
    /// summing bits in ever wider fields.
    fn count_bits(&mut self, what: BitCount, operand: &Expr) -> Val {
        use tacky::BinaryOp as T;
        let ty = operand.ty().clone();
        let bits = (ty.size() * 8) as u8;
        let c = |v: u64| Val::Constant(Const::ULong(v).convert(&ty));
        let int = Type::Int;
        let mut x = self.expr(operand);
        if what == BitCount::Ones {
            let pattern = |byte: u64| byte * (u64::MAX / 0xff);
            let mask = |v: u64| if bits == 64 { v } else { v & 0xffff_ffff };
            // x - ((x >> 1) & 0x55..), then pairs, nibbles, and a multiply
            // that sums the bytes into the top one.
            let half = self.binary_temp(T::ShiftRight, x, count(1), &ty);
            let odd = self.binary_temp(T::BitAnd, half, c(mask(pattern(0x55))), &ty);
            x = self.binary_temp(T::Subtract, x, odd, &ty);
            let low = self.binary_temp(T::BitAnd, x, c(mask(pattern(0x33))), &ty);
            let shifted = self.binary_temp(T::ShiftRight, x, count(2), &ty);
            let high = self.binary_temp(T::BitAnd, shifted, c(mask(pattern(0x33))), &ty);
            x = self.binary_temp(T::Add, low, high, &ty);
            let shifted = self.binary_temp(T::ShiftRight, x, count(4), &ty);
            let sum = self.binary_temp(T::Add, x, shifted, &ty);
            x = self.binary_temp(T::BitAnd, sum, c(mask(pattern(0x0f))), &ty);
            let spread = self.binary_temp(T::Multiply, x, c(mask(pattern(0x01))), &ty);
            let top = self.binary_temp(T::ShiftRight, spread, count(bits - 8), &ty);
            return self.convert(top, &ty, &int);
        }
        let mut n = Val::Constant(Const::Int(0));
        let mut width = bits / 2;
        while width > 0 {
            // Whether the half at the end being counted is all zeros.
            let window = if what == BitCount::LeadingZeros {
                self.binary_temp(T::ShiftRight, x, count(bits - width), &ty)
            } else {
                self.binary_temp(T::BitAnd, x, c((1u64 << width) - 1), &ty)
            };
            let zero = self.binary_temp(T::Equal, window, c(0), &int);
            let step = self.binary_temp(T::Multiply, zero, count(width), &int);
            n = self.binary_temp(T::Add, n, step, &int);
            let shift = if what == BitCount::LeadingZeros {
                T::ShiftLeft
            } else {
                T::ShiftRight
            };
            x = self.binary_temp(shift, x, step, &ty);
            width /= 2;
        }
        n
    }

    /// A call: a function's name calls it directly, any other callee is
    /// a pointer, evaluated before the arguments.
    fn call(&mut self, callee: &Expr, args: &[Expr], ty: &Type) -> Val {
        let callee = match (&callee.kind, callee.ty()) {
            (ExprKind::Var(name), Type::Function(_)) => Callee::Function(*name),
            _ => Callee::Pointer(self.expr(callee)),
        };
        let args = args.iter().map(|a| self.expr(a)).collect();
        let dst = (*ty != Type::Void).then(|| self.temp(ty.clone()));
        self.emit(Instr::Call { callee, args, dst });
        dst.unwrap_or(VOID)
    }
}

/// The type of the function a call calls, when the table knows it: a
/// pointer callee's type is lost once copy propagation makes it a
/// constant.
fn callee_type<'t>(callee: &Callee, symbols: &'t SymbolTable) -> Option<&'t FunType> {
    let ty = match callee {
        Callee::Function(name) => &symbols.info(*name).ty,
        Callee::Pointer(Val::Var(p)) => match &symbols.info(*p).ty {
            Type::Pointer(to, _) => to,
            _ => return None,
        },
        Callee::Pointer(Val::Constant(_)) => return None,
    };
    match ty {
        Type::Function(ft) => Some(ft),
        _ => None,
    }
}

/// See `check_typing`.
fn value_type(t: &Type) -> Type {
    match t {
        Type::SChar => Type::Char,
        Type::Bool => Type::UChar,
        Type::Pointer(..) => Type::ULong,
        t => t.clone(),
    }
}

/// Integers and pointers, which convert among themselves by copying,
/// extending or truncating.
fn int_like(ty: &Type) -> bool {
    ty.is_integer() || ty.is_pointer()
}

fn binary_op(op: BinaryOp) -> tacky::BinaryOp {
    op.tacky()
        .expect("short-circuit operators are lowered to jumps")
}

/// Checks (in debug builds) that an instruction is typed as the back end
/// expects (see the module header); a violation is a bug here.
fn check_typing(instr: &Instr, ret: &Type, symbols: &SymbolTable) {
    use tacky::BinaryOp as B;
    let ty = |v: &Val| v.ty(symbols);
    // A value's type up to what constants can say: a `signed char`
    // constant is a `char`, a null pointer an `unsigned long`.
    let vt = |v: &Val| value_type(&v.ty(symbols));
    let ok = match instr {
        Instr::Return(Some(v)) => vt(v) == value_type(ret),
        Instr::Return(None) => *ret == Type::Void,
        Instr::Unary { op, src, dst } => match op {
            tacky::UnaryOp::Not => vt(dst) == Type::Int,
            tacky::UnaryOp::Complement => vt(src) == vt(dst) && vt(src).is_integer(),
            tacky::UnaryOp::Negate => vt(src) == vt(dst),
        },
        Instr::Binary { op, lhs, rhs, dst } => match op {
            B::ShiftLeft | B::ShiftRight => {
                vt(lhs) == vt(dst) && vt(lhs).is_integer() && vt(rhs).is_integer()
            }
            B::Equal | B::NotEqual | B::Less | B::LessEqual | B::Greater | B::GreaterEqual => {
                vt(lhs) == vt(rhs) && vt(dst) == Type::Int
            }
            B::Remainder | B::BitAnd | B::BitOr | B::BitXor => {
                vt(lhs) == vt(rhs) && vt(lhs) == vt(dst) && vt(lhs).is_integer()
            }
            B::Add | B::Subtract | B::Multiply | B::Divide => {
                vt(lhs) == vt(rhs) && vt(lhs) == vt(dst)
            }
        },
        Instr::Copy { src, dst } => {
            let (s, d) = (vt(src), vt(dst));
            s == d || (int_like(&s) && int_like(&d) && s.size() == d.size())
        }
        Instr::Convert { op, src, dst } => {
            let (s, d) = (ty(src), ty(dst));
            let int_to_int = int_like(&s) && int_like(&d);
            match op {
                ConvertOp::SignExtend => int_to_int && s.is_signed() && s.size() < d.size(),
                ConvertOp::ZeroExtend => int_to_int && !s.is_signed() && s.size() < d.size(),
                ConvertOp::Truncate => int_to_int && s.size() > d.size(),
                ConvertOp::DoubleToInt => s.is_floating() && d.is_signed(),
                ConvertOp::DoubleToUInt => s.is_floating() && d.is_integer() && !d.is_signed(),
                ConvertOp::IntToDouble => s.is_signed() && d.is_floating(),
                ConvertOp::UIntToDouble => s.is_integer() && !s.is_signed() && d.is_floating(),
                ConvertOp::FloatToDouble => {
                    s.is_floating() && d.is_floating() && s.size() < d.size()
                }
                ConvertOp::DoubleToFloat => {
                    s.is_floating() && d.is_floating() && s.size() > d.size()
                }
            }
        }
        Instr::Call { callee, args, dst } => match callee_type(callee, symbols) {
            // Arguments to a function without a prototype are only
            // promoted (an old-style definition may have other types).
            Some(ft) => {
                dst.as_ref().map_or(Type::Void, ty) == *ft.ret
                    && (!ft.prototype
                        || (args.len() == ft.params.len()
                            || ft.variadic && args.len() > ft.params.len())
                            && args
                                .iter()
                                .zip(&ft.params)
                                .all(|(a, p)| vt(a) == value_type(p)))
            }
            None => matches!(callee, Callee::Pointer(Val::Constant(_))),
        },
        // An array's address is also that of its first element (decay).
        Instr::GetAddress { src, dst } => {
            let (s, d) = (ty(src), ty(dst));
            // (What a pointer's target is qualified with is the type
            // checker's business.)
            d.eq_unqualified(&Type::pointer_to(s.clone()))
                || matches!(&s, Type::Array(elem, _)
                    if d.eq_unqualified(&Type::pointer_to((**elem).clone())))
        }
        Instr::Load { ptr, dst } => ty(ptr).eq_unqualified(&Type::pointer_to(ty(dst))),
        // An integer or pointer of 1, 4 or 8 bytes, as the target.
        Instr::AtomicRmw { ptr, src, dst, .. } => {
            matches!(ty(ptr), Type::Pointer(t, _) if value_type(&t) == vt(dst))
                && vt(src) == vt(dst)
                && matches!(symbols.types.size(&ty(dst)), 1 | 4 | 8)
        }
        Instr::CompareExchange {
            ptr,
            expected,
            desired,
            dst,
        } => {
            matches!(ty(ptr), Type::Pointer(t, _) if value_type(&t) == vt(dst))
                && vt(expected) == vt(dst)
                && vt(desired) == vt(dst)
                && matches!(symbols.types.size(&ty(dst)), 1 | 4 | 8)
        }
        Instr::LabelAddress { dst, .. } => ty(dst).is_pointer(),
        Instr::JumpIndirect(target) => ty(target).is_pointer(),
        Instr::Fence => true,
        Instr::Alloca { size, dst } => vt(size) == Type::ULong && ty(dst).is_pointer(),
        Instr::SaveStack(v) | Instr::RestoreStack(v) => ty(v).is_pointer(),
        Instr::VaStart(ap) => {
            matches!(ty(ap), Type::Pointer(t, _) if matches!(*t, Type::Struct(_)))
        }
        Instr::Store { src, ptr } => {
            matches!(ty(ptr), Type::Pointer(t, _) if value_type(&t) == vt(src))
        }
        Instr::AddPtr {
            ptr,
            index,
            scale,
            dst,
        } => {
            let types = &symbols.types;
            // Scale 1: a byte offset (a member's address, an element of 4
            // GiB or more scaled beforehand), between any pointer types.
            ty(index) == Type::Long
                && ty(ptr).is_pointer()
                && ty(dst).is_pointer()
                && (*scale == 1
                    || (ty(ptr).eq_unqualified(&ty(dst))
                        && ty(ptr)
                            .element()
                            .is_some_and(|e| types.size(e) == u64::from(*scale))))
        }
        Instr::CopyToOffset { src, dst, offset } => {
            let whole = symbols.types.size(&symbols.info(*dst).ty) as i64;
            *offset >= 0 && *offset + symbols.types.size(&ty(src)) as i64 <= whole
        }
        Instr::CopyFromOffset { src, offset, dst } => {
            let whole = symbols.types.size(&symbols.info(*src).ty) as i64;
            *offset >= 0 && *offset + symbols.types.size(&ty(dst)) as i64 <= whole
        }
        Instr::JumpIfZero(v, _) | Instr::JumpIfNotZero(v, _) => ty(v).is_scalar(),
        Instr::Jump(_) | Instr::Label(_) => true,
    };
    assert!(ok, "mistyped TACKY instruction: {instr:?}");
}
