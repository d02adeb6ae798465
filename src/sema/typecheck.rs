//! Type checking and the symbol table (book chapters 9-16).
//!
//! Takes one resolved, labelled external declaration at a time; enters in
//! the [`SymbolTable`] every function, global, static, local and string
//! literal it declares, sets the type of
//! every expression and makes every implicit conversion explicit (C11 6.3):
//! the integer promotions and the usual arithmetic conversions (6.3.1.1,
//! 6.3.1.8) as casts on operands, conversions as if by assignment (6.5.16.1)
//! of assigned values, initialisers, call arguments and returned values,
//! the default argument promotions of a variadic call's extra arguments,
//! array-to-pointer decay as an [`ExprKind::AddrOf`] (6.3.2.1p3), and an
//! integer added to or subtracted from a pointer, or used as a subscript,
//! as a `long`. A compound assignment's right operand is converted to the
//! type the operation is computed in (6.5.16.2; for `<<=` and `>>=` it is
//! only promoted). Every string literal that does not initialise a `char`
//! array becomes a variable naming a read-only array entered in the table.
//! Fills in each switch's case values, converted to the promoted type of
//! its controlling expression (6.8.4.2p5).
//!
//! Guarantees declarations of one entity agree (type and qualifiers,
//! linkage, at most one definition), no `const` object (or structure with
//! a `const` member) is assigned, incremented or decremented, calls match their function's parameter count (at least
//! that many for a variadic one), functions are only called and variables
//! never called, operators get operands of the types C allows (pointers
//! only where pointer arithmetic, comparison or dereference is defined;
//! compatible pointer types; null pointer constants where an integer meets
//! a pointer), arrays are never assigned, conditions are scalar, a switch
//! controls on an integer and its case values are integer constants distinct
//! after conversion, and initialisers fit what they initialise; static-storage
//! initialisers are constant, their values converted and laid out piece by
//! piece.

use crate::diag::{Diagnostic, Result, Span};
use crate::intern::{Interner, Sym};
use crate::ir::ast::*;
use crate::ir::consts::F80;
use crate::ir::symbols::{Attrs, InitialValue, SectionClash, StaticInit, SymbolInfo, SymbolTable};
use crate::ir::types::{FunType, Layout, Quals, Type, written_align};
use crate::ir::va_list;
use crate::ir::{Label, NameGen};
use crate::sema::const_eval::{array_length, eval_constant};

mod compat;
mod initializers;

use compat::{PointerConversion, composite, pointer_conversion};

/// Checks one external declaration, entering what it declares in
/// `symbols` (which holds everything declared before it).
pub fn typecheck_decl(
    decl: &mut Decl,
    symbols: &mut SymbolTable,
    interner: &mut Interner,
    names: &mut NameGen,
    warnings: &mut Vec<Diagnostic>,
) -> Result<()> {
    let mut c = Checker {
        symbols,
        interner,
        names,
        warnings,
        params: Vec::new(),
        cleanups: false,
        ret: Type::Int,
        frame_bytes: 0,
        switches: Vec::new(),
        registers: Default::default(),
        in_function: false,
        variadic: false,
        labels: Vec::new(),
        address_taken: Vec::new(),
        vla_sizes: None,
        vla_objects: Default::default(),
        prototype: false,
        scopes: Vec::new(),
        vlas_in_scope: Vec::new(),
        label_vlas: Default::default(),
        gotos: Vec::new(),
    };
    match decl {
        Decl::Fun(f) => c.function(f, true),
        Decl::Var(v) => c.file_scope_var(v),
        Decl::Struct(s) => c.struct_decl(s),
        Decl::StaticAssert(a) => c.static_assert(a),
        // Only for its diagnostics: every use has a copy of the type.
        Decl::Typedef(t) => c.check_type(&mut t.ty, t.name_span).map(drop),
    }
}

/// What converts a value as if by assignment, for the warnings about it.
#[derive(Clone, Copy)]
enum Conversion {
    Assignment,
    Initialization,
    Return,
    /// The argument (counted from 1) of a call of the function named, if
    /// it is called by name.
    Argument(usize, Option<Sym>),
}

/// Why an array decays to a pointer (see [`Checker::value_in`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Decay {
    Address,
    Subscript,
}

/// The largest static object mcc defines: code reaches static data through
/// 32-bit RIP-relative displacements (the small code model), so no object
/// may span more than 2 GiB.
const MAX_STATIC_OBJECT: u64 = i32::MAX as u64;

/// The most stack a function's variables may take: frame offsets are
/// 32-bit displacements, and temporaries need room too.
const MAX_FRAME: u64 = 1 << 30;

/// An enclosing switch: the type of its controlling expression and its case
/// values so far.
struct Switch {
    ty: Type,
    cases: Vec<(i64, Label)>,
    /// How many variable-length arrays were in scope at the `switch`.
    vlas: usize,
}

struct Checker<'a> {
    symbols: &'a mut SymbolTable,
    interner: &'a mut Interner,
    names: &'a mut NameGen,
    /// Where warnings go (the program stays valid).
    warnings: &'a mut Vec<Diagnostic>,
    /// The parameters of the function being checked (gcc names them so
    /// when they are read-only).
    params: Vec<Sym>,
    /// The function being checked has a variable with a `cleanup`.
    cleanups: bool,
    /// The return type of the function whose body is being checked.
    ret: Type,
    /// The bytes of automatic variables declared in it so far.
    frame_bytes: u64,
    /// The switches around the statement being checked, innermost last.
    switches: Vec<Switch>,
    /// The `register` variables and parameters of the function being
    /// checked, whose address may not be taken (C11 6.5.3.2p1).
    registers: rustc_hash::FxHashSet<Sym>,
    /// Inside a function body (compound literals have automatic storage).
    in_function: bool,
    /// The function being checked takes variable arguments.
    variadic: bool,
    /// Its labels by name, and those whose address it takes (`&&name`).
    labels: Vec<(Sym, crate::ir::Label)>,
    address_taken: Vec<crate::ir::Label>,
    /// Where a variable-length array may be formed (a type of an
    /// automatic object, of a parameter, or named in an expression inside
    /// a function), the computations of the sizes of those
    /// [`Checker::check_type`] forms, in order; `None` elsewhere, where an
    /// array length must be constant.
    vla_sizes: Option<Vec<Expr>>,
    /// The function's variable-length array objects: each is a pointer
    /// variable holding where the array is, and the type checker makes
    /// every use of the name `*name` (see [`Type::Vla`]).
    vla_objects: rustc_hash::FxHashSet<Sym>,
    /// Checking the parameters of a declaration that is not a definition
    /// (function prototype scope, where `[*]` may be written).
    prototype: bool,
    /// The block scopes inside the function body around what is being
    /// checked, innermost last (see [`SymbolTable::declared`]).
    scopes: Vec<Span>,
    /// The variable-length arrays in scope, in declaration order; those
    /// in scope at each label that has any; each `goto` with those in
    /// scope at it (see [`Checker::jumps_into_vla_scopes`]).
    vlas_in_scope: Vec<Sym>,
    label_vlas: rustc_hash::FxHashMap<Label, Vec<Sym>>,
    gotos: Vec<(Label, Span, Vec<Sym>)>,
}

/// The error for an array length that is not constant where a variable
/// one may not be; declarations say it in gcc's words.
const NOT_CONSTANT_LENGTH: &str = "array size is not an integer constant expression";

/// Whether a type holds an array length the type checker evaluates, which
/// may name a parameter (not through a function type).
fn has_length_expr(ty: &Type) -> bool {
    ty.any_derived(&|t| matches!(t, Type::DeferredArray(_) | Type::TypeOf(_)))
}

/// Two pointers to compatible types, however each is qualified.
fn same_target(a: &Type, b: &Type) -> bool {
    match (a, b) {
        (Type::Pointer(x, _), Type::Pointer(y, _)) => compat::compatible(x, y),
        _ => false,
    }
}

/// `e` without the casts around it.
fn strip_casts(e: &Expr) -> &Expr {
    match &e.kind {
        ExprKind::Cast(_, inner) => strip_casts(inner),
        _ => e,
    }
}

/// The complex types are only declared: their arithmetic is not done. The
/// error for a value of such a type, if `ty` is one.
fn declared_only(ty: &Type, span: Span) -> Result<()> {
    match ty {
        Type::Complex(_) => Err(Diagnostic::error(span, "complex values are not supported")),
        _ => Ok(()),
    }
}

/// Wraps `e` in a cast to `ty` unless it has that type already.
fn convert_to(e: &mut Expr, ty: &Type) {
    if e.ty() == ty {
        return;
    }
    let span = e.span;
    let inner = std::mem::replace(e, Expr::new(ExprKind::Constant(Const::Int(0)), span));
    *e = Expr {
        kind: ExprKind::Cast(Box::new(ty.clone()), Box::new(inner)),
        span,
        ty: Some(ty.clone()),
    };
}

/// A null pointer constant (C11 6.3.2.3p3): an integer constant expression
/// with the value 0, or such an expression cast to `void *`.
fn is_null_pointer_constant(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Cast(to, inner) if to.is_void_pointer() => is_null_pointer_constant(inner),
        _ => e.ty().is_integer() && eval_constant(e).is_some_and(Const::is_zero),
    }
}

/// The spelling of a binary operator, for diagnostics.
fn op_text(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Add => "+",
        BinaryOp::Subtract => "-",
        BinaryOp::Multiply => "*",
        BinaryOp::Divide => "/",
        BinaryOp::Remainder => "%",
        BinaryOp::BitAnd => "&",
        BinaryOp::BitOr => "|",
        BinaryOp::BitXor => "^",
        BinaryOp::ShiftLeft => "<<",
        BinaryOp::ShiftRight => ">>",
        BinaryOp::And => "&&",
        BinaryOp::Or => "||",
        BinaryOp::Equal => "==",
        BinaryOp::NotEqual => "!=",
        BinaryOp::Less => "<",
        BinaryOp::LessEqual => "<=",
        BinaryOp::Greater => ">",
        BinaryOp::GreaterEqual => ">=",
    }
}

/// A value as C writes it, without the type suffix `Const`'s display adds.
fn plain_value(c: Const) -> String {
    match c {
        Const::Char(v) => v.to_string(),
        Const::UChar(v) => v.to_string(),
        Const::Short(v) => v.to_string(),
        Const::UShort(v) => v.to_string(),
        Const::Int(v) => v.to_string(),
        Const::Long(v) => v.to_string(),
        Const::UInt(v) => v.to_string(),
        Const::ULong(v) => v.to_string(),
        Const::Double(v) => v.to_string(),
        Const::Float(v) => v.to_string(),
        Const::LongDouble(v) => v.to_f64().to_string(),
    }
}

/// Whether `e` is a string literal (before or after it became a variable
/// naming its array, which happens only when it is checked as a value).
fn string_literal(init: &Initializer) -> Option<&[u8]> {
    match init {
        Initializer::Single(Expr {
            kind: ExprKind::String(bytes),
            ..
        }) => Some(bytes),
        _ => None,
    }
}

/// A wide string literal initialising an array of wider integers (braced
/// or not): the braced list of its units and the terminator, which the
/// checks after place as any other.
fn wide_string_as_list(init: &mut Initializer, ty: &Type) {
    let Type::Array(elem, _) = ty else {
        return;
    };
    if !elem.is_integer() || elem.size() == 1 {
        return;
    }
    let single = match &*init {
        Initializer::Compound(items, _) if items.len() == 1 => &items[0],
        single => single,
    };
    let Initializer::Single(Expr {
        kind: ExprKind::WideString(units, _),
        span,
        ..
    }) = single
    else {
        return;
    };
    let span = *span;
    let items: Vec<Initializer> = units
        .iter()
        .chain([&0])
        .map(|&u| {
            let c = Const::ULong(u64::from(u));
            Initializer::Single(Expr::new(ExprKind::Constant(c), span))
        })
        .collect();
    *init = Initializer::Compound(items, span);
}

/// A string literal initialising a character array may be enclosed in
/// braces (C11 6.7.9p14): `{"ab"}` becomes `"ab"`.
fn unwrap_braced_string(init: &mut Initializer) {
    if let Initializer::Compound(items, _) = init
        && let [item] = items.as_mut_slice()
        && string_literal(item).is_some()
    {
        let item = std::mem::replace(item, Initializer::Compound(Vec::new(), item.span()));
        *init = item;
    }
}

impl Checker<'_> {
    /// The name as the user wrote it (see [`crate::intern::written_name`]).
    fn name(&self, s: Sym) -> &str {
        crate::intern::written_name(self.interner.get(s))
    }

    fn different_kind(&self, name: Sym, span: Span) -> Diagnostic {
        super::different_kind(self.name(name), span)
    }

    fn conflicting_qualifiers(&self, name: Sym, span: Span) -> Diagnostic {
        let msg = format!("conflicting type qualifiers for '{}'", self.name(name));
        Diagnostic::error(span, msg)
    }

    fn conflicting_types(&self, name: Sym, span: Span) -> Diagnostic {
        Diagnostic::error(span, format!("conflicting types for '{}'", self.name(name)))
    }

    /// A function declaration or definition; `file_scope`: not inside a
    /// function body.
    fn function(&mut self, f: &mut FunDecl, file_scope: bool) -> Result<()> {
        // A parameter's qualifiers are not the function type's (C11
        // 6.7.6.3p15), but its object's in the body.
        let mut param_quals = Vec::new();
        // The sizes of the variable-length arrays the parameters' types
        // name, computed as the body starts.
        let mut param_sizes = Vec::new();
        let mark = self.symbols.len();
        // The definition's parameter types as written (for debug
        // information), where they name a typedef or an enumeration.
        let mut written = Vec::new();
        if let Type::Function(ft) = &mut f.ty {
            // An array length may name an earlier parameter: those are in
            // the symbol table while the types are checked.
            let named = f.params.len() == ft.params.len() && ft.params.iter().any(has_length_expr);
            for (i, p) in ft.params.iter_mut().enumerate() {
                if f.body.is_some() {
                    written.push(p.has_alias().then(|| p.clone()));
                }
                self.prototype = f.body.is_none();
                let checked = self.check_vla_type(p, f.name_span);
                self.prototype = false;
                let (quals, sizes) = checked?;
                param_quals.push(quals);
                param_sizes.extend(sizes);
                if named && let Some(name) = f.params[i].name {
                    self.symbols.add_qualified_local(name, p.clone(), quals);
                }
            }
        }
        self.check_type(&mut f.ty, f.name_span)?;
        if f.body.is_none() && self.symbols.len() > mark {
            self.symbols.forget_locals_since(mark);
        }
        if let Some(v) = f.visibility {
            self.symbols.set_visibility(f.name, v);
        }
        if let Some((section, span)) = f.section {
            self.section(f.name, f.name_span, section, span, true)?;
        }
        if let Some(align) = f.align {
            self.symbols.set_alignment(f.name, align);
        }
        if f.weak {
            let external = f.storage != Some(StorageClass::Static);
            self.weak(f.name, external, f.name_span)?;
        }
        let defined = f.body.is_some()
            || matches!(
                self.symbols.get(f.name),
                Some(SymbolInfo {
                    attrs: Attrs::Fun { defined: true, .. },
                    ..
                })
            );
        self.symbols.mark_init_fini(
            f.name,
            f.constructor.then_some(f.priority),
            f.destructor.then_some(f.priority),
            defined,
        );
        if f.inline && self.interner.get(f.name) == "main" {
            return Err(Diagnostic::error(
                f.name_span,
                "cannot inline function 'main'",
            ));
        }
        let has_body = f.body.is_some();
        let mut global = f.storage != Some(StorageClass::Static);
        // An alias is defined where its target is.
        let mut defined = has_body || f.alias.is_some();
        if let Some((target, span)) = f.alias {
            self.alias(f.name, target, f.storage, has_body, true, span)?;
        }
        // Only file-scope declarations decide whether a definition is an
        // inline definition (C11 6.7.4p7).
        let inline_without_extern = f.inline && f.storage != Some(StorageClass::Extern);
        let mut inline_only = !file_scope || inline_without_extern;
        // What the declarations so far say together (C11 6.2.7p3).
        let mut composite_ty = f.ty.clone();
        if let Some(prev) = self.symbols.get(f.name) {
            let Attrs::Fun {
                defined: prev_defined,
                global: prev_global,
                inline_only: prev_inline_only,
            } = prev.attrs
            else {
                return Err(self.different_kind(f.name, f.name_span));
            };
            inline_only &= prev_inline_only;
            let Some(composite) = composite(&prev.ty, &f.ty) else {
                return Err(self.conflicting_types(f.name, f.name_span));
            };
            // A definition `f() { ... }` takes no parameters, and a
            // prototype must agree with it on that (C11 6.7.6.3p15).
            let unprototyped = |ty: &Type| matches!(ty, Type::Function(ft) if !ft.prototype);
            let prototype_params = match &composite {
                Type::Function(ft) if ft.prototype => ft.params.len(),
                _ => 0,
            };
            let old_style_params = match &f.ty {
                Type::Function(ft) if !ft.prototype => ft.params.len(),
                _ => 0,
            };
            if prototype_params > 0 {
                if has_body && unprototyped(&f.ty) && old_style_params != prototype_params {
                    return Err(Diagnostic::error(
                        f.name_span,
                        "number of arguments doesn't match prototype",
                    ));
                }
                if prev_defined && unprototyped(&prev.ty) {
                    return Err(Diagnostic::error(
                        f.name_span,
                        format!(
                            "prototype for '{}' declares more arguments than previous old-style definition",
                            self.name(f.name)
                        ),
                    ));
                }
            }
            composite_ty = composite;
            if prev_defined && has_body {
                return Err(Diagnostic::error(
                    f.name_span,
                    format!("redefinition of '{}'", self.name(f.name)),
                ));
            }
            if prev_global && !global {
                return Err(Diagnostic::error(
                    f.name_span,
                    format!(
                        "static declaration of '{}' follows non-static declaration",
                        self.name(f.name)
                    ),
                ));
            }
            global = prev_global;
            defined |= prev_defined;
        }
        self.symbols.insert(
            f.name,
            SymbolInfo {
                ty: composite_ty,
                attrs: Attrs::Fun {
                    defined,
                    global,
                    inline_only,
                },
                quals: Quals::NONE,
            },
        );
        if let Some(body) = &mut f.body {
            let Type::Function(ft) = &f.ty else {
                unreachable!("a function declaration has a function type")
            };
            for t in ft.params.iter().chain([&*ft.ret]) {
                declared_only(t, f.name_span)?;
            }
            // A definition needs complete parameter and return types (C11
            // 6.9.1p3, p7).
            if let Some(ty) = ft
                .params
                .iter()
                .chain([&*ft.ret])
                .find(|t| t.is_aggregate_tag() && !self.symbols.types.is_complete(t))
            {
                return Err(Diagnostic::error(
                    f.name_span,
                    format!("'{}' has incomplete type", self.show(ty)),
                ));
            }
            self.params.clear();
            let params = f.params.iter().zip(&ft.params).zip(param_quals);
            for (i, ((p, ty), quals)) in params.enumerate() {
                let name = p.name.expect("definitions name every parameter");
                self.symbols.add_qualified_local(name, ty.clone(), quals);
                self.declare(name, p.span, true);
                if let Some(w) = written.get_mut(i).and_then(Option::take) {
                    self.symbols.written_types.insert(name, w);
                }
                self.params.push(name);
                if p.register {
                    self.registers.insert(name);
                }
            }
            self.ret = (*ft.ret).clone();
            self.variadic = ft.variadic;
            self.labels = std::mem::take(&mut f.labels);
            self.address_taken.clear();
            self.frame_bytes = 0;
            self.in_function = true;
            self.cleanups = false;
            self.vla_objects.clear();
            self.block(body)?;
            self.jumps_into_vla_scopes()?;
            let prologue = param_sizes.into_iter().map(|e| {
                BlockItem::Stmt(Stmt {
                    span: e.span,
                    kind: StmtKind::Expr(e),
                })
            });
            body.items.splice(0..0, prologue);
            self.in_function = false;
            // Lowering runs cleanups where scopes end, at `return`, `break`,
            // `continue` and `goto`; a computed `goto` could leave a scope
            // for anywhere.
            if self.cleanups && !self.address_taken.is_empty() {
                return Err(Diagnostic::error(
                    f.name_span,
                    "labels as values in a function with 'cleanup' variables are not supported",
                ));
            }
            f.address_taken = std::mem::take(&mut self.address_taken);
        }
        Ok(())
    }

    /// A string literal's read-only array, entered in the symbol table under
    /// a fresh name and local label.
    fn string_constant(&mut self, bytes: Vec<u8>) -> Sym {
        let len = bytes.len() as u64 + 1;
        self.read_only_array(Type::Char, len, bytes)
    }

    /// A read-only array of `len` elements of `elem` under a fresh name and
    /// local label: `bytes`, then the NUL the constant's writing adds.
    fn read_only_array(&mut self, elem: Type, len: u64, bytes: Vec<u8>) -> Sym {
        let name = self.interner.add_numbered("string", self.names.bump());
        let ty = Type::Array(Box::new(elem), len);
        let label = self.names.label();
        self.symbols.insert(
            name,
            SymbolInfo {
                ty,
                attrs: Attrs::Constant { label, bytes },
                quals: Quals::NONE,
            },
        );
        name
    }

    /// A wide string literal's read-only array, as [`Checker::string_constant`]
    /// enters a plain one: its units little-endian, the terminator's bytes
    /// all but the last (which the constant's writing adds) included.
    fn wide_string_constant(&mut self, units: &[u32], elem: &Type) -> Sym {
        let size = elem.size() as usize;
        let mut bytes: Vec<u8> = units
            .iter()
            .flat_map(|u| u.to_le_bytes().into_iter().take(size))
            .collect();
        bytes.extend(std::iter::repeat_n(0, size - 1));
        self.read_only_array(elem.clone(), units.len() as u64 + 1, bytes)
    }

    /// The value of a static-storage object's initialiser, which must be
    /// constant, piece by piece: scalars converted to their type, string
    /// literals in `char` arrays, addresses of string literals, and zero
    /// where nothing is given.
    fn static_init(&mut self, init: &mut Initializer, ty: &Type) -> Result<Vec<StaticInit>> {
        let mut pieces = Vec::new();
        self.static_pieces(init, ty, &mut pieces)?;
        Ok(pieces)
    }

    fn static_pieces(
        &mut self,
        init: &mut Initializer,
        ty: &Type,
        out: &mut Vec<StaticInit>,
    ) -> Result<()> {
        if let Initializer::Zero(_) = init {
            out.push(StaticInit::Zero(self.symbols.types.size(ty)));
            return Ok(());
        }
        match ty {
            Type::Array(elem, len) => {
                if self.char_array_string(init, elem, *len)? {
                    let bytes = string_literal(init).expect("checked").to_vec();
                    // A flexible array member's is the string's, NUL too.
                    let len = if *len == 0 {
                        bytes.len() + 1
                    } else {
                        *len as usize
                    };
                    let null_terminated = bytes.len() < len;
                    let padding = len.saturating_sub(bytes.len() + 1);
                    out.push(StaticInit::String {
                        bytes,
                        null_terminated,
                    });
                    if padding > 0 {
                        out.push(StaticInit::Zero(padding as u64));
                    }
                    return Ok(());
                }
                let Initializer::Compound(items, span) = init else {
                    return Err(Diagnostic::error(init.span(), "invalid initializer"));
                };
                // (Length 0: a flexible array member, as many as given.)
                if *len > 0 && items.len() as u64 > *len {
                    return Err(excess_elements(*span, "array"));
                }
                let given = items.len() as u64;
                for item in items {
                    self.static_pieces(item, elem, out)?;
                }
                if given < *len {
                    out.push(StaticInit::Zero(
                        (*len - given) * self.symbols.types.size(elem),
                    ));
                }
                Ok(())
            }
            Type::Struct(_) | Type::Union(_) => {
                let layout = self.layout_of(ty);
                let Initializer::Compound(items, _) = init else {
                    return Err(Diagnostic::error(
                        init.span(),
                        "initializer element is not constant",
                    ));
                };
                let mut at = 0;
                let mut flexible = 0;
                // The bytes of the run of bit-fields being filled, from
                // offset `at` on.
                let mut bits: Vec<u8> = Vec::new();
                let named = layout.members.iter().filter(|m| !m.padding);
                for (item, m) in items.iter_mut().zip(named) {
                    // What no item reaches is zero, as the padding is.
                    if let Initializer::Zero(_) = item {
                        continue;
                    }
                    if let Some((pos, width)) = m.bits {
                        let mut piece = Vec::new();
                        self.static_pieces(item, &m.ty, &mut piece)?;
                        let [StaticInit::Scalar(c)] = piece[..] else {
                            unreachable!("an integer's initialiser is one scalar")
                        };
                        if bits.is_empty() && m.offset > at {
                            out.push(StaticInit::Zero(m.offset - at));
                            at = m.offset;
                        }
                        // A bit-field may share its unit with the member
                        // before it, never bytes that member occupies.
                        let first = m.offset * 8 + u64::from(pos) - at * 8;
                        for i in 0..u64::from(width) {
                            let (byte, bit) = (((first + i) / 8) as usize, (first + i) % 8);
                            if bits.len() <= byte {
                                bits.resize(byte + 1, 0);
                            }
                            bits[byte] |= (((c.bits() >> i) & 1) as u8) << bit;
                        }
                        continue;
                    }
                    if !bits.is_empty() {
                        at += bits.len() as u64;
                        out.push(StaticInit::String {
                            bytes: std::mem::take(&mut bits),
                            null_terminated: false,
                        });
                    }
                    if m.offset > at {
                        out.push(StaticInit::Zero(m.offset - at));
                    }
                    // What the member's pieces hold: its size, or what a
                    // flexible array member's initialiser gives it.
                    let before = out.len();
                    self.static_pieces(item, &m.ty, out)?;
                    let bytes = out[before..].iter().map(StaticInit::size).sum::<u64>();
                    if matches!(m.ty, Type::Array(_, 0)) {
                        flexible = bytes;
                    }
                    at = m.offset + bytes;
                }
                if !bits.is_empty() {
                    at += bits.len() as u64;
                    out.push(StaticInit::String {
                        bytes: bits,
                        null_terminated: false,
                    });
                }
                // As gcc sizes it: the structure, then what its flexible
                // array member holds.
                let end = layout.size + flexible;
                if end > at {
                    out.push(StaticInit::Zero(end - at));
                }
                Ok(())
            }
            _ => {
                let e = self.scalar_initializer(init)?;
                self.value_once(e)?;
                self.convert_by_assignment(e, ty, Conversion::Initialization)?;
                let not_constant =
                    || Diagnostic::error(e.span, "initializer element is not constant");
                // The address of a string literal's array.
                if let ExprKind::AddrOf(inner) = &strip_casts(e).kind
                    && let ExprKind::Var(name) = inner.kind
                    && let Some(SymbolInfo {
                        attrs: Attrs::Constant { label, .. },
                        ..
                    }) = self.symbols.get(name)
                {
                    out.push(StaticInit::Pointer(*label));
                    return Ok(());
                }
                if let ExprKind::LabelAddr(_, Some(label)) = strip_casts(e).kind {
                    out.push(StaticInit::CodeLabel(label));
                    return Ok(());
                }
                if ty.is_pointer()
                    && let Some((name, offset)) = self.address_constant(e)
                {
                    out.push(StaticInit::Address { name, offset });
                    return Ok(());
                }
                let c = eval_constant(e).ok_or_else(not_constant)?;
                out.push(StaticInit::Scalar(c.convert(ty)));
                Ok(())
            }
        }
    }

    /// Whether `init`, for an array of `elem` of `len` elements, is a
    /// string literal initialising a character array (braces around it
    /// dropped, C11 6.7.9p14), after checking its characters fit: the
    /// terminating NUL is dropped when only it does not (6.7.9p14).
    fn char_array_string(&self, init: &mut Initializer, elem: &Type, len: u64) -> Result<bool> {
        if !elem.is_character() {
            return Ok(false);
        }
        unwrap_braced_string(init);
        match string_literal(init) {
            // (Length 0: a flexible array member, any length.)
            Some(bytes) if len > 0 && bytes.len() as u64 > len => Err(Diagnostic::error(
                init.span(),
                "initializer-string for array of 'char' is too long",
            )),
            Some(_) => Ok(true),
            None => Ok(false),
        }
    }

    /// The layout of a structure or union the checks before have found
    /// complete.
    fn layout_of(&self, ty: &Type) -> Layout {
        self.symbols
            .types
            .layout(ty)
            .expect("complete: checked with the variable")
            .clone()
    }

    /// The expression initialising a scalar: the initialiser itself, or the
    /// one expression in braces (C11 6.7.9p11).
    fn scalar_initializer<'i>(&self, init: &'i mut Initializer) -> Result<&'i mut Expr> {
        match init {
            Initializer::Single(e) => Ok(e),
            Initializer::Compound(items, span) => {
                if items.len() > 1 {
                    return Err(excess_elements(*span, "scalar"));
                }
                match items.first_mut() {
                    Some(Initializer::Single(e)) => Ok(e),
                    Some(Initializer::Compound(_, span)) => {
                        Err(Diagnostic::error(*span, "braces around scalar initializer"))
                    }
                    Some(Initializer::Designated(designators, ..)) => match &designators[0] {
                        Designator::Member(_, span) => Err(Diagnostic::error(
                            *span,
                            "field name not in record or union initializer",
                        )),
                        Designator::Index(e) | Designator::Range(e, _) => Err(Diagnostic::error(
                            e.span,
                            "array index in non-array initializer",
                        )),
                    },
                    None => Err(Diagnostic::error(*span, "empty scalar initializer")),
                    Some(Initializer::Zero(_)) => unreachable!("no zero in braces around a scalar"),
                }
            }
            Initializer::Designated(..) | Initializer::Zero(_) => {
                unreachable!("placed before: a scalar's initialiser is an expression or braces")
            }
        }
    }

    /// Checks an automatic object's initialiser against its type and
    /// converts its expressions; a braced scalar initialiser is unwrapped,
    /// and a string literal initialising a `char` array stays a literal.
    fn auto_init(&mut self, init: &mut Initializer, ty: &Type) -> Result<()> {
        if let Initializer::Zero(_) = init {
            return Ok(());
        }
        let empty = matches!(init, Initializer::Compound(items, _) if items.is_empty());
        if matches!(ty, Type::Array(_, 0)) && !empty {
            return Err(Diagnostic::error(
                init.span(),
                "non-static initialization of a flexible array member",
            ));
        }
        match ty {
            Type::Array(elem, len) => {
                if self.char_array_string(init, elem, *len)? {
                    if let Initializer::Single(e) = init {
                        e.ty = Some(ty.clone());
                    }
                    return Ok(());
                }
                let Initializer::Compound(items, span) = init else {
                    return Err(Diagnostic::error(init.span(), "invalid initializer"));
                };
                if items.len() as u64 > *len {
                    return Err(excess_elements(*span, "array"));
                }
                for item in items {
                    self.auto_init(item, elem)?;
                }
                Ok(())
            }
            Type::Struct(_) | Type::Union(_) => {
                let layout = self.layout_of(ty);
                match init {
                    // Placed: an item per member (a union's last is the
                    // member it initialises).
                    Initializer::Compound(items, _) => {
                        let named = layout.members.iter().filter(|m| !m.padding);
                        for (item, m) in items.iter_mut().zip(named) {
                            self.auto_init(item, &m.ty)?;
                        }
                        Ok(())
                    }
                    // Another structure of the same type.
                    Initializer::Single(e) => {
                        self.value_once(e)?;
                        self.convert_by_assignment(e, ty, Conversion::Initialization)
                    }
                    Initializer::Designated(..) | Initializer::Zero(_) => {
                        unreachable!("placed before")
                    }
                }
            }
            _ => {
                let e = self.scalar_initializer(init)?;
                self.value_once(e)?;
                self.convert_by_assignment(e, ty, Conversion::Initialization)?;
                if let Initializer::Compound(items, _) = init {
                    *init = items.pop().expect("one item");
                }
                Ok(())
            }
        }
    }

    /// Enters a static-storage variable, then checks its initialiser, in
    /// whose scope the variable already is (C11 6.2.1p7).
    fn insert_static(
        &mut self,
        v: &mut VarDecl,
        init: InitialValue,
        global: bool,
        quals: Quals,
    ) -> Result<()> {
        if init != InitialValue::NoInitializer && !self.symbols.types.is_complete(&v.ty) {
            return Err(Diagnostic::error(
                v.name_span,
                format!("storage size of '{}' isn't known", self.name(v.name)),
            ));
        }
        if init != InitialValue::NoInitializer && self.symbols.types.size(&v.ty) > MAX_STATIC_OBJECT
        {
            return Err(Diagnostic::error(
                v.name_span,
                format!(
                    "'{}' is too large for static storage (2 GiB at most)",
                    self.name(v.name)
                ),
            ));
        }
        let mut info = SymbolInfo {
            ty: v.ty.clone(),
            attrs: Attrs::Static { init, global },
            quals,
        };
        self.symbols.insert(v.name, info.clone());
        if let Some(e) = &mut v.init {
            let value = self.static_init(e, &v.ty)?;
            info.attrs = Attrs::Static {
                init: InitialValue::Initial(value),
                global,
            };
            self.symbols.insert(v.name, info);
        }
        Ok(())
    }

    /// An object cannot have type `void` (C11 6.7p7). Gives the
    /// qualifiers it is declared with.
    fn require_object_type(&mut self, v: &mut VarDecl) -> Result<Quals> {
        let written = v.ty.has_alias().then(|| v.ty.clone());
        // An aligned typedef raises the variable's alignment as `aligned`
        // on it would (a lower one is kept by structure members only).
        if let Some(align) = written.as_ref().and_then(written_align) {
            v.align = v.align.max(Some(align));
        }
        let quals = if self.in_function && StorageClass::is_automatic(v.storage) {
            let (quals, sizes) = self.check_vla_type(&mut v.ty, v.name_span)?;
            v.vla_sizes = sizes;
            if let (Type::Vla(..), Some(init)) = (&v.ty, &v.init) {
                return Err(Diagnostic::error(
                    init.span(),
                    "variable-sized object may not be initialized",
                ));
            }
            quals
        } else {
            self.check_fixed_type(&mut v.ty, v.name_span, |c| {
                let name = c.name(v.name);
                if c.in_function {
                    format!("storage size of '{name}' isn't constant")
                } else {
                    format!("variably modified '{name}' at file scope")
                }
            })?
        };
        if let Some(w) = written {
            self.symbols.written_types.insert(v.name, w);
        }
        if let Some(init) = &mut v.init {
            self.place_initializer(init, &mut v.ty)?;
        }
        if v.ty == Type::Void {
            return Err(Diagnostic::error(
                v.name_span,
                format!("variable or field '{}' declared void", self.name(v.name)),
            ));
        }
        declared_only(&v.ty, v.name_span)?;
        // Only a declaration of an object defined elsewhere may leave its
        // structure incomplete (C11 6.7p7).
        if v.storage != Some(StorageClass::Extern) && !self.symbols.types.is_complete(&v.ty) {
            return Err(Diagnostic::error(
                v.name_span,
                format!("storage size of '{}' isn't known", self.name(v.name)),
            ));
        }
        Ok(quals)
    }

    /// Enters the layout of a structure or union declared with its members
    /// (System V ABI 3.1.2: each member at the next multiple of its
    /// alignment, the whole padded to the largest alignment; a union's
    /// members all at 0).
    fn struct_decl(&mut self, s: &mut StructDecl) -> Result<()> {
        let Some(members) = &mut s.members else {
            return Ok(());
        };
        let mut member_quals = Vec::with_capacity(members.len());
        let mut written = Vec::new();
        // What aligned typedefs ask of each member (lower or higher than
        // its type's alignment).
        let mut typedef_aligns = Vec::with_capacity(members.len());
        for m in members.iter_mut() {
            written.push(m.ty.has_alias().then(|| m.ty.clone()));
            typedef_aligns.push(written_align(&m.ty));
            let quals = self.check_fixed_type(&mut m.ty, m.span, |_| {
                "a member of variable length (a GNU extension) is not supported".into()
            })?;
            member_quals.push(quals);
        }
        if written.iter().any(Option::is_some) {
            self.symbols.written_members.insert(s.tag, written);
        }
        let Some(members) = &s.members else {
            unreachable!("matched above")
        };
        let ty = if s.is_union {
            Type::Union(s.tag)
        } else {
            Type::Struct(s.tag)
        };
        let keyword = if s.is_union { "union" } else { "struct" };
        if self.symbols.types.layout(&ty).is_some() {
            return Err(Diagnostic::error(
                s.tag_span,
                format!("redefinition of '{keyword} {}'", self.name(s.tag)),
            ));
        }
        let types = &self.symbols.types;
        // `end` counts bits, so that bit-fields can share bytes.
        let (mut end, mut size, mut align) = (0u64, 0u64, 1u64);
        let mut laid_out: Vec<crate::ir::types::Member> = Vec::with_capacity(members.len());
        for ((m, &quals), &typedef_align) in members.iter().zip(&member_quals).zip(&typedef_aligns)
        {
            if laid_out.iter().any(|l| l.name == m.name) {
                return Err(Diagnostic::error(
                    m.span,
                    format!("duplicate member '{}'", self.name(m.name)),
                ));
            }
            // A flexible array member (`[]`, or gcc's `[0]`) has no size
            // and must come last.
            let flexible = matches!(&m.ty, Type::Array(elem, 0) if types.is_complete(elem));
            if flexible && !std::ptr::eq(m, members.last().expect("this member")) {
                return Err(Diagnostic::error(
                    m.span,
                    "flexible array member not at end of struct",
                ));
            }
            if !flexible && !types.is_complete(&m.ty) {
                return Err(Diagnostic::error(
                    m.span,
                    format!("field '{}' has incomplete type", self.name(m.name)),
                ));
            }
            // `packed` drops the member's own alignment; `aligned` raises it.
            let natural = match typedef_align {
                _ if s.packed => 1,
                Some(align) => align,
                None => types.align(&m.ty),
            };
            let m_align = m.align.map_or(natural, |a| a.max(natural));
            let m_size = types.size(&m.ty);
            let (offset, bits) = match m.bits {
                Some((width, span)) => {
                    if s.packed {
                        return Err(Diagnostic::error(
                            span,
                            "bit-fields in a packed structure are not supported",
                        ));
                    }
                    let (offset, bits) = self.place_bit_field(m, width, span, end, s.is_union)?;
                    if let Some((pos, width)) = bits {
                        end = offset * 8 + u64::from(pos) + u64::from(width);
                    } else {
                        // A zero width ends the unit (C11 6.7.2.1p12).
                        end = end.next_multiple_of(m_size * 8);
                    }
                    // As gcc: a named bit-field aligns the structure as its
                    // type would; an unnamed one does not.
                    if !m.padding {
                        align = align.max(m_align);
                    }
                    size = size.max(end.div_ceil(8));
                    if bits.is_none() {
                        continue;
                    }
                    (offset, bits)
                }
                None => {
                    let offset = if s.is_union {
                        0
                    } else {
                        end.div_ceil(8).next_multiple_of(m_align)
                    };
                    end = (offset + m_size) * 8;
                    size = size.max(offset + m_size);
                    align = align.max(m_align);
                    (offset, None)
                }
            };
            if s.is_union {
                end = 0;
            }
            laid_out.push(crate::ir::types::Member {
                name: m.name,
                ty: m.ty.clone(),
                quals,
                offset,
                anonymous: m.anonymous,
                bits,
                padding: m.padding,
            });
        }
        let align = s.align.map_or(align, |a| a.max(align));
        let layout = Layout {
            members: laid_out,
            size: size.next_multiple_of(align),
            align,
            is_union: s.is_union,
        };
        self.symbols.types.insert(s.tag, layout);
        Ok(())
    }

    /// Where a bit-field of `width` bits goes when the bits before it end
    /// at `end`, as gcc lays it out (System V ABI 3.1.2): in the storage
    /// unit of its type (aligned as the type) holding the next free bit,
    /// or the next unit when it would straddle one. `None` for the bits of
    /// a zero-width one, which only ends the unit.
    fn place_bit_field(
        &self,
        m: &MemberDecl,
        width: u32,
        span: Span,
        end: u64,
        is_union: bool,
    ) -> Result<(u64, Option<(u8, u8)>)> {
        if !m.ty.is_integer() {
            return Err(Diagnostic::error(
                span,
                format!("bit-field '{}' has invalid type", self.name(m.name)),
            ));
        }
        let unit = m.ty.size() * 8;
        // A `_Bool` has one value bit (C11 6.7.2.1p4).
        let value_bits = if m.ty == Type::Bool { 1 } else { unit };
        if u64::from(width) > value_bits {
            return Err(Diagnostic::error(
                span,
                format!("width of '{}' exceeds its type", self.name(m.name)),
            ));
        }
        if width == 0 {
            if !m.padding {
                return Err(Diagnostic::error(
                    span,
                    format!("zero width for bit-field '{}'", self.name(m.name)),
                ));
            }
            return Ok((0, None));
        }
        let start = if is_union {
            0
        } else if end / unit != (end + u64::from(width) - 1) / unit {
            end.next_multiple_of(unit)
        } else {
            end
        };
        let offset = start / unit * m.ty.size();
        Ok((offset, Some(((start % unit) as u8, width as u8))))
    }

    /// What a variable declaration's attributes and qualifiers ask of its
    /// symbol (`file_scope`: not inside a function body): `volatile` and
    /// `_Atomic` (of a scalar: every access to it is one the program
    /// makes; through pointers every access is kept anyway), gcc's
    /// `alias`, `aligned` and `weak`.
    fn variable_attributes(&mut self, v: &VarDecl, quals: Quals, file_scope: bool) -> Result<()> {
        if quals.keeps_accesses() && v.ty.is_scalar() {
            self.symbols.volatile.insert(v.name);
        }
        match v.alias {
            Some((target, span)) if file_scope => {
                self.alias(v.name, target, v.storage, v.init.is_some(), false, span)?;
            }
            Some((_, span)) => {
                return Err(Diagnostic::error(
                    span,
                    "an alias declared in a block is not supported",
                ));
            }
            None => {}
        }
        if let Some((section, span)) = v.section {
            if !file_scope && StorageClass::is_automatic(v.storage) {
                return Err(Diagnostic::error(
                    span,
                    "section attribute cannot be specified for local variables",
                ));
            }
            self.section(v.name, v.name_span, section, span, false)?;
        }
        if let Some(align) = v.align {
            // The frame is 16-aligned; more would need the stack realigned.
            if StorageClass::is_automatic(v.storage) && align > 16 && !file_scope {
                return Err(Diagnostic::error(
                    v.name_span,
                    format!(
                        "an alignment of {align} bytes for automatic variable '{}' is not supported (16 at most)",
                        self.name(v.name)
                    ),
                ));
            }
            self.symbols.set_alignment(v.name, align);
        }
        if v.weak {
            // In a block, only an `extern` declaration names a symbol.
            let external = if file_scope {
                v.storage != Some(StorageClass::Static)
            } else {
                v.storage == Some(StorageClass::Extern)
            };
            self.weak(v.name, external, v.name_span)?;
        }
        Ok(())
    }

    /// gcc's `weak` on `name`, which must have external linkage.
    fn weak(&mut self, name: Sym, external: bool, span: Span) -> Result<()> {
        if !external {
            return Err(Diagnostic::error(
                span,
                format!("weak declaration of '{}' must be public", self.name(name)),
            ));
        }
        self.symbols.set_weak(name);
        Ok(())
    }
    /// Places `name` (declared at `name_span`, a function when `code`) in
    /// the section its attribute at `span` names: gcc keeps the first
    /// section a declaration names and warns of a later one; a section
    /// holds code or data, not both.
    #[inline(never)]
    fn section(
        &mut self,
        name: Sym,
        name_span: Span,
        section: Sym,
        span: Span,
        code: bool,
    ) -> Result<()> {
        match self.symbols.set_section(name, section, code) {
            Ok(()) => Ok(()),
            Err(SectionClash::Differs(before)) => {
                let warning = format!(
                    "ignoring attribute 'section (\"{}\")' because it conflicts with previous 'section (\"{}\")' [-Wattributes]",
                    self.name(section),
                    self.name(before)
                );
                self.warnings.push(Diagnostic::warning(span, warning));
                Ok(())
            }
            Err(SectionClash::Kind(other)) => Err(Diagnostic::error(
                name_span,
                format!(
                    "'{}' causes a section type conflict with '{}'",
                    self.name(name),
                    self.name(other)
                ),
            )),
        }
    }

    /// gcc's `alias ("target")` on the declaration of `name`: a global
    /// name for a function (`function`) or variable defined here before
    /// it (mcc asks for the target first: its place is known then).
    fn alias(
        &mut self,
        name: Sym,
        target: Sym,
        storage: Option<StorageClass>,
        defined: bool,
        function: bool,
        span: Span,
    ) -> Result<()> {
        if defined {
            return Err(Diagnostic::error(
                span,
                format!(
                    "'{}' defined both normally and as 'alias' attribute",
                    self.name(name)
                ),
            ));
        }
        if storage == Some(StorageClass::Static) {
            return Err(Diagnostic::error(span, "a static alias is not supported"));
        }
        let target_defined = match self.symbols.get(target).map(|i| &i.attrs) {
            Some(Attrs::Fun { defined, .. }) => function && *defined,
            Some(Attrs::Static { init, .. }) => !function && *init != InitialValue::NoInitializer,
            _ => false,
        };
        if !target_defined {
            return Err(Diagnostic::error(
                span,
                format!(
                    "'{}' aliased to undefined symbol '{}' (an alias must follow its target's definition)",
                    self.name(name),
                    self.interner.get(target)
                ),
            ));
        }
        if !self.symbols.aliases.iter().any(|&(a, _)| a == name) {
            self.symbols.aliases.push((name, target));
        }
        Ok(())
    }

    fn file_scope_var(&mut self, v: &mut VarDecl) -> Result<()> {
        let quals = self.require_object_type(v)?;
        self.thread_local(v)?;
        if let Some(vis) = v.visibility {
            self.symbols.set_visibility(v.name, vis);
        }
        self.variable_attributes(v, quals, true)?;
        // An initialised variable's value is filled in by `insert_static`.
        let mut init = match (&v.init, v.storage) {
            (Some(_), _) => InitialValue::Initial(vec![StaticInit::Zero(0)]),
            (None, Some(StorageClass::Extern)) => InitialValue::NoInitializer,
            (None, _) => InitialValue::Tentative,
        };
        let mut global = v.storage != Some(StorageClass::Static);
        if let Some(prev) = self.symbols.get(v.name) {
            let Attrs::Static {
                init: prev_init,
                global: prev_global,
            } = prev.attrs.clone()
            else {
                return Err(self.different_kind(v.name, v.name_span));
            };
            let Some(composite) = composite(&prev.ty, &v.ty) else {
                return Err(self.conflicting_types(v.name, v.name_span));
            };
            if prev.quals != quals {
                return Err(self.conflicting_qualifiers(v.name, v.name_span));
            }
            v.ty = composite;
            if v.storage == Some(StorageClass::Extern) {
                // `extern` takes the linkage of a visible earlier declaration (C11 6.2.2p4).
                global = prev_global;
            } else if prev_global != global {
                let msg = if global {
                    "non-static declaration of '{}' follows static declaration"
                } else {
                    "static declaration of '{}' follows non-static declaration"
                };
                return Err(Diagnostic::error(
                    v.name_span,
                    msg.replace("{}", self.name(v.name)),
                ));
            }
            init = match (prev_init, init) {
                (InitialValue::Initial(_), InitialValue::Initial(_)) => {
                    return Err(Diagnostic::error(
                        v.name_span,
                        format!("redefinition of '{}'", self.name(v.name)),
                    ));
                }
                (InitialValue::Initial(i), _) | (_, InitialValue::Initial(i)) => {
                    InitialValue::Initial(i)
                }
                (InitialValue::Tentative, _) | (_, InitialValue::Tentative) => {
                    InitialValue::Tentative
                }
                _ => InitialValue::NoInitializer,
            };
        }
        self.insert_static(v, init, global, quals)
    }

    fn local_var(&mut self, v: &mut VarDecl) -> Result<()> {
        let quals = self.require_object_type(v)?;
        if let Some((function, span)) = v.cleanup {
            self.cleanup(v, function, span)?;
        }
        self.variable_attributes(v, quals, false)?;
        if !StorageClass::is_automatic(v.storage) {
            self.thread_local(v)?;
        }
        match v.storage {
            Some(StorageClass::Extern) => {
                if let Some(init) = &v.init {
                    return Err(Diagnostic::error(
                        init.span(),
                        format!("'{}' has both 'extern' and initializer", self.name(v.name)),
                    ));
                }
                match self.symbols.get(v.name) {
                    Some(prev) if !matches!(prev.attrs, Attrs::Static { .. }) => {
                        return Err(self.different_kind(v.name, v.name_span));
                    }
                    Some(prev) if composite(&prev.ty, &v.ty).is_none() => {
                        return Err(self.conflicting_types(v.name, v.name_span));
                    }
                    Some(prev) if prev.quals != quals => {
                        return Err(self.conflicting_qualifiers(v.name, v.name_span));
                    }
                    Some(_) => {}
                    None => self.symbols.insert(
                        v.name,
                        SymbolInfo {
                            ty: v.ty.clone(),
                            attrs: Attrs::Static {
                                init: InitialValue::NoInitializer,
                                global: true,
                            },
                            quals,
                        },
                    ),
                }
            }
            Some(StorageClass::Static) => {
                let zero =
                    InitialValue::Initial(vec![StaticInit::Zero(self.symbols.types.size(&v.ty))]);
                self.insert_static(v, zero, false, quals)?;
            }
            Some(StorageClass::Auto | StorageClass::Register) | None => {
                if v.thread_local {
                    return Err(Diagnostic::error(
                        v.name_span,
                        format!(
                            "function-scope '{}' implicitly auto and declared '_Thread_local'",
                            self.name(v.name)
                        ),
                    ));
                }
                if v.storage == Some(StorageClass::Register) {
                    self.registers.insert(v.name);
                }
                if let Type::Vla(..) = v.ty {
                    return self.vla_object(v, quals);
                }
                self.frame_bytes += self.symbols.types.size(&v.ty);
                if self.frame_bytes > MAX_FRAME {
                    return Err(Diagnostic::error(
                        v.name_span,
                        "the function's local variables exceed 1 GiB of stack",
                    ));
                }
                self.symbols
                    .add_qualified_local(v.name, v.ty.clone(), quals);
                self.declare(v.name, v.name_span, false);
                if let Some(init) = &mut v.init {
                    self.auto_init(init, &v.ty)?;
                }
            }
        }
        Ok(())
    }

    /// `_Thread_local` on a variable of static storage: every declaration
    /// of it says so, or none does (C11 6.7.1p3).
    fn thread_local(&mut self, v: &VarDecl) -> Result<()> {
        let was = self.symbols.thread_local.contains_key(&v.name);
        if self.symbols.get(v.name).is_some() && was != v.thread_local {
            let (this, that) = if v.thread_local {
                ("thread-local", "non-thread-local")
            } else {
                ("non-thread-local", "thread-local")
            };
            return Err(Diagnostic::error(
                v.name_span,
                format!(
                    "{this} declaration of '{}' follows {that} declaration",
                    self.name(v.name)
                ),
            ));
        }
        if v.thread_local && !was {
            self.symbols.thread_local.insert(v.name, v.name_span);
        }
        Ok(())
    }

    /// An automatic variable-length array: a pointer to it in the frame,
    /// which lowering sets to where it allocates the array, and which
    /// every use of the name reads (see [`Checker::vla_use`]).
    #[inline(never)]
    fn vla_object(&mut self, v: &mut VarDecl, quals: Quals) -> Result<()> {
        self.frame_bytes += 8;
        let ty = Type::Pointer(Box::new(v.ty.clone()), quals);
        self.symbols.add_local(v.name, ty);
        self.declare(v.name, v.name_span, false);
        self.vla_objects.insert(v.name);
        self.vlas_in_scope.push(v.name);
        Ok(())
    }

    /// A use of variable-length array `name`: `*name` (see
    /// [`Checker::vla_object`]).
    #[inline(never)]
    fn vla_use(&mut self, e: &mut Expr, name: Sym) -> Type {
        let ptr = self.var(name);
        let array = ptr.element().expect("a pointer to the array").clone();
        let var = Expr::typed(ExprKind::Var(name), e.span, &ptr);
        e.kind = ExprKind::Deref(Box::new(var));
        array
    }

    /// gcc's `cleanup (f)` on variable `v`: `f` must be a function taking
    /// a pointer to it; on a variable that is not automatic it is ignored,
    /// with gcc's warning.
    fn cleanup(&mut self, v: &mut VarDecl, function: Sym, span: Span) -> Result<()> {
        if !StorageClass::is_automatic(v.storage) {
            let warning = "'cleanup' attribute ignored [-Wattributes]";
            self.warnings.push(Diagnostic::warning(span, warning));
            v.cleanup = None;
            return Ok(());
        }
        let address = Type::pointer_to(v.ty.clone());
        let fits = match &self.symbols.get(function).map(|info| &info.ty) {
            Some(Type::Function(ft)) => {
                ft.params.len() == 1
                    && pointer_conversion(&address, &ft.params[0])
                        != PointerConversion::Incompatible
            }
            _ => false,
        };
        if !fits {
            return Err(Diagnostic::error(
                span,
                format!(
                    "cleanup argument '{}' is not a function taking a pointer to '{}'",
                    self.name(function),
                    self.name(v.name)
                ),
            ));
        }
        self.cleanups = true;
        Ok(())
    }

    fn block(&mut self, b: &mut Block) -> Result<()> {
        for item in &mut b.items {
            match item {
                BlockItem::Stmt(s) => self.stmt(s)?,
                BlockItem::Decl(Decl::Var(v)) => self.local_var(v)?,
                BlockItem::Decl(Decl::Fun(f)) => self.function(f, false)?,
                BlockItem::Decl(Decl::Struct(s)) => self.struct_decl(s)?,
                BlockItem::Decl(Decl::StaticAssert(a)) => self.static_assert(a)?,
                // Its variable lengths are evaluated where it is used.
                BlockItem::Decl(Decl::Typedef(t)) => {
                    self.check_vla_type(&mut t.ty, t.name_span)?;
                }
            }
        }
        Ok(())
    }

    /// `f` in a block scope of the function body, the statement at `span`
    /// (for debug information's lexical blocks).
    #[inline(never)]
    fn scoped(&mut self, span: Span, f: impl FnOnce(&mut Self) -> Result<()>) -> Result<()> {
        self.scopes.push(span);
        let vlas = self.vlas_in_scope.len();
        let result = f(self);
        self.vlas_in_scope.truncate(vlas);
        self.scopes.pop();
        result
    }

    /// A `for` statement's parts.
    #[inline(never)]
    fn for_parts(
        &mut self,
        init: &mut ForInit,
        cond: &mut Option<Expr>,
        post: &mut Option<Expr>,
        body: &mut Stmt,
    ) -> Result<()> {
        match init {
            ForInit::Decl(vs) => {
                for v in vs {
                    self.local_var(v)?;
                }
            }
            ForInit::Expr(e) => self.optional_expr(e)?,
        }
        if let Some(c) = cond {
            self.condition(c)?;
        }
        self.optional_expr(post)?;
        self.stmt(body)
    }

    /// A `case` or `default` label may not be inside the scope of a
    /// variable-length array its `switch` is outside of (C11 6.8.4.2p2).
    #[inline(never)]
    fn case_in_scope(&self, span: Span) -> Result<()> {
        match self.switches.last() {
            Some(switch) if switch.vlas < self.vlas_in_scope.len() => Err(Diagnostic::error(
                span,
                "switch jumps into scope of identifier with variably modified type",
            )),
            _ => Ok(()),
        }
    }

    /// The variable-length arrays in scope at a label (see
    /// [`Checker::jumps_into_vla_scopes`]).
    #[inline(never)]
    fn label_in_scope(&mut self, label: Label) {
        if !self.vlas_in_scope.is_empty() {
            self.label_vlas.insert(label, self.vlas_in_scope.clone());
        }
    }

    /// A `goto`, with the variable-length arrays in scope at it.
    #[inline(never)]
    fn goto_in_scope(&mut self, label: Label, span: Span) {
        self.gotos.push((label, span, self.vlas_in_scope.clone()));
    }

    /// No `goto` may jump into the scope of a variable-length array from
    /// outside it (C11 6.8.6.1p1): the arrays in scope at its label must
    /// all be in scope at the `goto`.
    fn jumps_into_vla_scopes(&mut self) -> Result<()> {
        let gotos = std::mem::take(&mut self.gotos);
        let labels = std::mem::take(&mut self.label_vlas);
        for (label, span, at_goto) in gotos {
            if labels
                .get(&label)
                .is_some_and(|at_label| !at_goto.starts_with(at_label))
            {
                return Err(Diagnostic::error(
                    span,
                    "jump into scope of identifier with variably modified type",
                ));
            }
        }
        Ok(())
    }

    /// A program's parameter or automatic variable, for debug information.
    fn declare(&mut self, name: Sym, span: Span, param: bool) {
        let scope = self.scopes.last().copied();
        self.symbols.declared.push(crate::ir::symbols::Declared {
            name,
            span,
            param,
            scope,
        });
    }

    /// A controlling expression: a value of scalar type (C11 6.8.4.1p1,
    /// 6.8.5p2).
    fn condition(&mut self, e: &mut Expr) -> Result<()> {
        self.value(e)?;
        if !e.ty().is_scalar() {
            // gcc's words.
            let what = match e.ty() {
                Type::Struct(_) => "struct type value".to_string(),
                Type::Union(_) => "union type value".to_string(),
                ty => format!("a value of type '{}'", self.show(ty)),
            };
            return Err(Diagnostic::error(
                e.span,
                format!("used {what} where scalar is required"),
            ));
        }
        Ok(())
    }

    fn stmt(&mut self, s: &mut Stmt) -> Result<()> {
        let span = s.span;
        match &mut s.kind {
            StmtKind::GotoIndirect(target) => {
                self.value(target)?;
                if !target.ty().is_pointer() {
                    return Err(Diagnostic::error(
                        target.span,
                        "'goto *' needs a pointer (the address of a label)",
                    ));
                }
                convert_to(target, &Type::pointer_to(Type::Void));
                Ok(())
            }
            StmtKind::Return(e) => match (e, self.ret == Type::Void) {
                (None, true) => Ok(()),
                (None, false) => Err(Diagnostic::error(
                    s.span,
                    "'return' with no value, in function returning non-void",
                )),
                (Some(e), true) => Err(Diagnostic::error(
                    e.span,
                    "'return' with a value, in function returning void",
                )),
                (Some(e), false) => {
                    self.value(e)?;
                    let ret = self.ret.clone();
                    self.convert_by_assignment(e, &ret, Conversion::Return)
                }
            },
            StmtKind::Expr(e) => self.value(e),
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.condition(cond)?;
                self.stmt(then)?;
                otherwise.as_mut().map_or(Ok(()), |o| self.stmt(o))
            }
            StmtKind::Compound(b) => self.scoped(span, |c| c.block(b)),
            StmtKind::While { cond, body, .. } | StmtKind::DoWhile { body, cond, .. } => {
                self.condition(cond)?;
                self.stmt(body)
            }
            StmtKind::For {
                init,
                cond,
                post,
                body,
                ..
            } => {
                // The declarations have a scope of their own.
                if matches!(init, ForInit::Decl(vs) if !vs.is_empty()) {
                    self.scoped(span, |c| c.for_parts(init, cond, post, body))
                } else {
                    self.for_parts(init, cond, post, body)
                }
            }
            StmtKind::Switch { cond, body, cases } => {
                self.value(cond)?;
                if !cond.ty().is_integer() {
                    return Err(Diagnostic::error(
                        cond.span,
                        "switch quantity not an integer",
                    ));
                }
                let promoted = cond.ty().promoted();
                convert_to(cond, &promoted);
                self.switches.push(Switch {
                    ty: promoted,
                    cases: Vec::new(),
                    vlas: self.vlas_in_scope.len(),
                });
                let result = self.stmt(body);
                let switch = self.switches.pop().expect("pushed above");
                result?;
                cases.as_mut().expect("labelled by sema").cases = switch.cases;
                Ok(())
            }
            StmtKind::Case { value, body, label } => {
                self.case(value, label.expect("labelled by sema"))?;
                self.case_in_scope(span)?;
                self.stmt(body)
            }
            StmtKind::Default { body, .. } => {
                self.case_in_scope(span)?;
                self.stmt(body)
            }
            StmtKind::Labeled { body, label, .. } => {
                self.label_in_scope(label.expect("labelled by sema"));
                self.stmt(body)
            }
            StmtKind::Goto { label, .. } => {
                self.goto_in_scope(label.expect("labelled by sema"), span);
                Ok(())
            }
            StmtKind::Break(_) | StmtKind::Continue(_) | StmtKind::Null => Ok(()),
        }
    }

    /// A compound literal: an unnamed automatic object of its type, its
    /// initialiser checked as a declaration's is (C11 6.5.2.5).
    fn compound_literal(
        &mut self,
        ty: &mut Type,
        init: &mut Initializer,
        name: Sym,
        span: Span,
    ) -> Result<Type> {
        if !self.in_function {
            return Err(Diagnostic::error(
                span,
                "a compound literal outside a function is not supported yet",
            ));
        }
        let quals = self.check_type(ty, span)?;
        if self.symbols.types.is_complete(ty) || matches!(ty, Type::Array(..)) {
            self.place_initializer(init, ty)?;
        }
        if matches!(ty, Type::Void | Type::Function(_)) || !self.symbols.types.is_complete(ty) {
            return Err(Diagnostic::error(
                span,
                "compound literal has variable size or incomplete type",
            ));
        }
        self.frame_bytes += self.symbols.types.size(ty);
        if self.frame_bytes > MAX_FRAME {
            return Err(Diagnostic::error(
                span,
                "the function's local variables exceed 1 GiB of stack",
            ));
        }
        self.symbols.add_qualified_local(name, ty.clone(), quals);
        self.auto_init(init, ty)?;
        Ok(ty.clone())
    }

    /// A static assertion: its condition an integer constant expression
    /// (C11 6.7.10p3), which must not be zero; failing, gcc's message.
    fn static_assert(&mut self, a: &mut StaticAssert) -> Result<()> {
        self.value(&mut a.condition)?;
        let value = Some(&a.condition)
            .filter(|c| c.ty().is_integer())
            .and_then(eval_constant);
        // The parser's check of an enumeration constant's value, which it
        // made an `int`: the value before that conversion must fit one.
        if let Some(name) = a.enumerator {
            let ExprKind::Cast(_, inner) = &a.condition.kind else {
                unreachable!("the parser makes the value an int")
            };
            let exact = eval_constant(inner).filter(|_| inner.ty().is_integer());
            let signed = inner.ty().is_signed();
            let fits = exact.is_some_and(|c| match c.convert(&Type::ULong) {
                Const::ULong(u) if !signed => u <= i32::MAX as u64,
                _ => matches!(c.convert(&Type::Long), Const::Long(v) if i32::try_from(v).is_ok()),
            });
            return match (value, fits) {
                (Some(_), true) => Ok(()),
                (Some(_), false) => Err(Diagnostic::error(
                    a.condition.span,
                    format!(
                        "value of enumeration constant '{}' does not fit an 'int' (not supported)",
                        self.name(name)
                    ),
                )),
                (None, _) => Err(Diagnostic::error(
                    a.condition.span,
                    format!(
                        "enumerator value for '{}' is not an integer constant",
                        self.name(name)
                    ),
                )),
            };
        }
        let value = value.ok_or_else(|| {
            Diagnostic::error(
                a.condition.span,
                "expression in static assertion is not an integer constant expression",
            )
        })?;
        if !value.is_zero() {
            return Ok(());
        }
        let message = match &a.message {
            Some(bytes) => format!(
                "static assertion failed: \"{}\"",
                String::from_utf8_lossy(bytes)
            ),
            None => "static assertion failed".to_string(),
        };
        Err(Diagnostic::error(a.span, message))
    }

    /// Checks a case value and records it, converted to the controlling
    /// type, in the innermost switch.
    fn case(&mut self, value: &mut Expr, label: Label) -> Result<()> {
        self.value(value)?;
        let not_constant = || {
            Diagnostic::error(
                value.span,
                "case label does not reduce to an integer constant",
            )
        };
        if !value.ty().is_integer() {
            return Err(not_constant());
        }
        let c = eval_constant(value).ok_or_else(not_constant)?;
        let switch = self
            .switches
            .last_mut()
            .expect("sema put every case in a switch");
        let c = c.convert(&switch.ty);
        let Const::Long(v) = c.convert(&Type::Long) else {
            unreachable!("converted to long")
        };
        if switch.cases.iter().any(|&(prev, _)| prev == v) {
            return Err(Diagnostic::error(
                value.span,
                format!("duplicate case value '{}'", plain_value(c)),
            ));
        }
        switch.cases.push((v, label));
        Ok(())
    }

    fn optional_expr(&mut self, e: &mut Option<Expr>) -> Result<()> {
        e.as_mut().map_or(Ok(()), |e| self.value(e))
    }

    /// Fails if the lvalue `e` is (a member of) a `register` variable,
    /// whose address is asked for.
    fn not_in_register(&self, e: &Expr) -> Result<()> {
        match &e.kind {
            ExprKind::Var(name) if self.registers.contains(name) => Err(Diagnostic::error(
                e.span,
                format!(
                    "address of register variable '{}' requested",
                    self.name(*name)
                ),
            )),
            ExprKind::Dot(inner, _) => self.not_in_register(inner),
            _ => Ok(()),
        }
    }

    /// Checks `e` as a value: an array decays to a pointer to its first
    /// element (C11 6.3.2.1p3).
    fn value(&mut self, e: &mut Expr) -> Result<()> {
        self.value_in(e, Decay::Address)
    }

    /// [`Checker::value`], where a decaying array is or is not asked for its
    /// address: gcc lets a `register` array be subscripted (C leaves it
    /// undefined), but no other use of its address.
    fn value_in(&mut self, e: &mut Expr, decay: Decay) -> Result<()> {
        self.expr(e)?;
        if e.ty().is_aggregate_tag() && !self.symbols.types.is_complete(e.ty()) {
            return Err(Diagnostic::error(
                e.span,
                format!("invalid use of incomplete type '{}'", self.show(e.ty())),
            ));
        }
        declared_only(e.ty(), e.span)?;
        // A function designator becomes a pointer to the function
        // (C11 6.3.2.1p4).
        if let Type::Function(_) = e.ty() {
            let ptr = Type::pointer_to(e.ty().clone());
            let span = e.span;
            let inner = std::mem::replace(e, Expr::new(ExprKind::Constant(Const::Int(0)), span));
            *e = Expr {
                kind: ExprKind::AddrOf(Box::new(inner)),
                span,
                ty: Some(ptr),
            };
            return Ok(());
        }
        if let Type::Array(elem, _) | Type::Vla(elem, _) = e.ty() {
            if decay == Decay::Address {
                self.not_in_register(e)?;
            }
            let ptr = Type::Pointer(elem.clone(), self.lvalue_quals(e));
            let span = e.span;
            let inner = std::mem::replace(e, Expr::new(ExprKind::Constant(Const::Int(0)), span));
            *e = Expr {
                kind: ExprKind::AddrOf(Box::new(inner)),
                span,
                ty: Some(ptr),
            };
        }
        Ok(())
    }

    /// Converts `e` to `ty` as assignment does (C11 6.5.16.1p1): between
    /// arithmetic types, a null pointer constant to a pointer, a pointer to
    /// a compatible pointer type or to or from `void *`; anything else is an
    /// error. A pointer converted to one whose target lacks qualifiers its
    /// own has, or that differs from it only in qualifiers further down,
    /// gets gcc's warning; `how` says what converts, for it.
    fn convert_by_assignment(&mut self, e: &mut Expr, ty: &Type, how: Conversion) -> Result<()> {
        let from = e.ty();
        let mut ok = from == ty
            || (from.is_arithmetic() && ty.is_arithmetic())
            || (ty.is_pointer() && is_null_pointer_constant(e))
            // A pointer is true when not null (6.3.1.2).
            || (*ty == Type::Bool && from.is_pointer());
        if !ok && from.is_pointer() && ty.is_pointer() {
            let conversion = pointer_conversion(from, ty);
            ok = conversion != PointerConversion::Incompatible;
            let (discarded, below) = match conversion {
                PointerConversion::Allowed(q) => (q, false),
                PointerConversion::QualifiersBelow(q) => (q, true),
                PointerConversion::Incompatible => (Quals::NONE, false),
            };
            if below {
                let warning = format!(
                    "{} [-Wincompatible-pointer-types]",
                    self.incompatible_pointer_warning(from, ty, how)
                );
                self.warnings.push(Diagnostic::warning(e.span, warning));
            } else if !discarded.is_empty() {
                let warning = format!(
                    "{} discards '{}' qualifier from pointer target type [-Wdiscarded-qualifiers]",
                    self.conversion_words(how),
                    discarded.words()
                );
                self.warnings.push(Diagnostic::warning(e.span, warning));
            }
        }
        let from = e.ty();
        if !ok {
            return Err(Diagnostic::error(
                e.span,
                format!(
                    "incompatible types when converting from '{}' to '{}'",
                    self.show(from),
                    self.show(ty)
                ),
            ));
        }
        convert_to(e, ty);
        Ok(())
    }

    /// What gcc's warnings call a conversion of `how`'s kind.
    fn conversion_words(&self, how: Conversion) -> String {
        match how {
            Conversion::Assignment => "assignment".to_string(),
            Conversion::Initialization => "initialization".to_string(),
            Conversion::Return => "return".to_string(),
            Conversion::Argument(i, callee) => match callee {
                Some(f) => format!("passing argument {i} of '{}'", self.name(f)),
                None => format!("passing argument {i}"),
            },
        }
    }

    /// gcc's warning for pointers whose targets differ only in qualifiers
    /// below the first level.
    fn incompatible_pointer_warning(&self, from: &Type, to: &Type, how: Conversion) -> String {
        let (from, to) = (self.show(from), self.show(to));
        match how {
            Conversion::Assignment => {
                format!("assignment to '{to}' from incompatible pointer type '{from}'")
            }
            Conversion::Initialization => {
                format!("initialization of '{to}' from incompatible pointer type '{from}'")
            }
            Conversion::Return => {
                format!("returning '{from}' from a function with incompatible return type '{to}'")
            }
            Conversion::Argument(..) => format!(
                "{} from incompatible pointer type",
                self.conversion_words(how)
            ),
        }
    }

    /// Checks an lvalue that is about to be assigned (`what`: an
    /// assignment, increment or decrement; `modifies`: one that reads the
    /// value first): arrays cannot be, nor what is `const`, nor a
    /// structure with a `const` member (C11 6.3.2.1p1). An `_Atomic` one
    /// only if a scalar, and modified (made atomic by
    /// [`Checker::atomic_modify`]) only if an integer or a pointer of 1, 4
    /// or 8 bytes.
    fn assignable(&mut self, target: &mut Expr, what: &str, modifies: bool) -> Result<()> {
        let generic = matches!(target.kind, ExprKind::Generic(..));
        self.expr(target)?;
        if generic {
            let operand = match what {
                "assignment" => "left operand of assignment".to_string(),
                _ => format!("{what} operand"),
            };
            crate::sema::resolve::require_lvalue(target, &operand)?;
        }
        let ty = target.ty();
        let lockable = (ty.is_integer() || ty.is_pointer()) && matches!(ty.size(), 1 | 4 | 8);
        if self.lvalue_quals(target).contains(Quals::ATOMIC)
            && (if modifies { !lockable } else { !ty.is_scalar() })
        {
            return Err(Diagnostic::error(
                target.span,
                format!("{what} of an '_Atomic' object is not supported"),
            ));
        }
        if target.ty().is_array() {
            return Err(Diagnostic::error(
                target.span,
                "assignment to expression with array type",
            ));
        }
        let whole_const = self.lvalue_quals(target).is_const();
        if !whole_const && !self.has_const_member(target.ty()) {
            return Ok(());
        }
        let which = match &target.kind {
            ExprKind::Var(name) if self.params.contains(name) => {
                format!("read-only parameter '{}'", self.name(*name))
            }
            ExprKind::Var(name) => format!("read-only variable '{}'", self.name(*name)),
            ExprKind::Dot(base, member) | ExprKind::Arrow(base, member) => {
                let aggregate = match base.ty() {
                    Type::Pointer(to, _) => &**to,
                    ty => ty,
                };
                if self
                    .symbols
                    .types
                    .member_quals(aggregate, *member)
                    .is_const()
                {
                    format!("read-only member '{}'", self.name(*member))
                } else if whole_const {
                    return Err(Diagnostic::error(
                        target.span,
                        format!(
                            "{what} of member '{}' in read-only object",
                            self.name(*member)
                        ),
                    ));
                } else {
                    "read-only location".to_string()
                }
            }
            _ => match self.location_text(target) {
                Some(text) => format!("read-only location '{text}'"),
                None => "read-only location".to_string(),
            },
        };
        Err(Diagnostic::error(target.span, format!("{what} of {which}")))
    }

    /// A variable or a member of one (`b.data`), as written.
    fn object_text(&self, e: &Expr) -> Option<String> {
        match &e.kind {
            ExprKind::Var(name) => Some(self.name(*name).to_string()),
            ExprKind::Dot(inner, member) => Some(format!(
                "{}.{}",
                self.object_text(inner)?,
                self.name(*member)
            )),
            _ => None,
        }
    }

    /// How gcc writes an lvalue reached through a pointer in its
    /// diagnostics, for the simple forms: `*p`, `*(p + 8)` (the offset in
    /// bytes, as `p[2]` and `*(p + 2)` of 4-byte elements both become;
    /// `*(p + -4)` below) and `a[1]` or `b.data[2]` for an element of an
    /// array variable or member.
    fn location_text(&self, e: &Expr) -> Option<String> {
        // A pointer variable and a constant element index.
        let at = |ptr: &Expr, index: i64| -> Option<String> {
            let ExprKind::Var(p) = strip_casts(ptr).kind else {
                return None;
            };
            let elem = ptr.ty().element()?;
            if matches!(elem, Type::Vla(..)) || !self.symbols.types.is_complete(elem) {
                return None;
            }
            let bytes = index.checked_mul(self.symbols.types.size(elem) as i64)?;
            let p = self.name(p);
            Some(match bytes {
                0 => format!("*{p}"),
                n => format!("*({p} + {n})"),
            })
        };
        let constant = |i: &Expr| match eval_constant(i)?.convert(&Type::Long) {
            Const::Long(n) => Some(n),
            _ => None,
        };
        match &e.kind {
            ExprKind::Deref(inner) => match &inner.kind {
                ExprKind::Binary(BinaryOp::Add, p, n) if p.ty().is_pointer() => at(p, constant(n)?),
                ExprKind::Binary(BinaryOp::Subtract, p, n) if p.ty().is_pointer() => {
                    at(p, constant(n)?.checked_neg()?)
                }
                _ => at(inner, 0),
            },
            ExprKind::Subscript(a, i) => {
                let (ptr, index) = if a.ty().is_pointer() { (a, i) } else { (i, a) };
                let k = constant(index)?;
                match &ptr.kind {
                    ExprKind::AddrOf(array) => Some(format!("{}[{k}]", self.object_text(array)?)),
                    _ => at(ptr, k),
                }
            }
            _ => None,
        }
    }

    /// The qualifiers of the object a checked lvalue designates: those it
    /// was declared with, those of the pointer's target it is reached
    /// through, and for a member, the member's and the whole's.
    fn lvalue_quals(&self, e: &Expr) -> Quals {
        let pointee = |p: &Expr| match p.ty() {
            Type::Pointer(_, q) => *q,
            _ => Quals::NONE,
        };
        match &e.kind {
            ExprKind::Var(name) | ExprKind::CompoundLiteral(_, _, Some(name)) => {
                self.symbols.info(*name).quals
            }
            ExprKind::Deref(p) => pointee(p),
            ExprKind::Subscript(a, i) => {
                if a.ty().is_pointer() {
                    pointee(a)
                } else {
                    pointee(i)
                }
            }
            ExprKind::Dot(base, member) => {
                self.lvalue_quals(base) | self.symbols.types.member_quals(base.ty(), *member)
            }
            ExprKind::Arrow(p, member) => match p.ty() {
                Type::Pointer(to, q) => *q | self.symbols.types.member_quals(to, *member),
                _ => Quals::NONE,
            },
            _ => Quals::NONE,
        }
    }

    /// A structure or union with a `const` member, at any depth: it cannot
    /// be assigned as a whole.
    fn has_const_member(&self, ty: &Type) -> bool {
        self.symbols.types.layout(ty).is_some_and(|layout| {
            layout
                .members
                .iter()
                .any(|m| m.quals.is_const() || self.has_const_member(&m.ty))
        })
    }

    /// Sets the type of `e` (checking its operands first). The work for
    /// each kind is a function of its own, so that this function, which
    /// recursion through deep expressions passes at every level, keeps a
    /// small stack frame.
    fn expr(&mut self, e: &mut Expr) -> Result<()> {
        let span = e.span;
        let ty = match &mut e.kind {
            ExprKind::Elvis(..) => return self.elvis(e),
            ExprKind::Constant(c) => c.ty(),
            ExprKind::String(bytes) => {
                let name = self.string_constant(std::mem::take(bytes));
                e.kind = ExprKind::Var(name);
                self.symbols.info(name).ty.clone()
            }
            ExprKind::WideString(units, elem) => {
                let name = self.wide_string_constant(units, elem);
                e.kind = ExprKind::Var(name);
                self.symbols.info(name).ty.clone()
            }
            ExprKind::Var(name)
                if !self.vla_objects.is_empty() && self.vla_objects.contains(name) =>
            {
                let name = *name;
                self.vla_use(e, name)
            }
            ExprKind::Var(name) => self.var(*name),
            ExprKind::CompoundLiteral(ty, init, name) => {
                let name = name.expect("resolution names every compound literal");
                self.compound_literal(ty, init, name, span)?
            }
            ExprKind::Binary(op, l, r) => self.binary_expr(*op, l, r, span)?,
            ExprKind::Cast(ty, _) | ExprKind::SizeOfType(ty) | ExprKind::AlignOfType(ty)
                if self.in_function && has_length_expr(ty) =>
            {
                return self.with_vla_sizes(e);
            }
            ExprKind::SizeOfExpr(_)
            | ExprKind::SizeOfType(_)
            | ExprKind::AlignOfExpr(_)
            | ExprKind::AlignOfType(_) => {
                e.kind = self.size_of(&mut e.kind, span)?;
                Type::ULong
            }
            ExprKind::OffsetOf(ty, steps) => {
                self.check_type(ty, span)?;
                let ty = (**ty).clone();
                *e = self.offset_of(&ty, steps, span)?;
                return Ok(());
            }
            ExprKind::Generic(..) | ExprKind::TypesCompatible(..) => {
                return self.type_selection(e);
            }
            ExprKind::Builtin(b, args) => {
                let (b, args) = (*b, std::mem::take(args));
                *e = self.builtin(b, args, span)?;
                return Ok(());
            }
            kind => self.other_expr(kind, span)?,
        };
        e.ty = Some(ty);
        if matches!(
            e.kind,
            ExprKind::Assign(..) | ExprKind::CompoundAssign(..) | ExprKind::IncDec(..)
        ) {
            self.atomic_access(e)?;
        }
        Ok(())
    }

    /// A generic selection or `__builtin_types_compatible_p`, replaced by
    /// what it selects or says. (Out of [`Checker::expr`], whose frame
    /// every level of a deep expression has.)
    #[inline(never)]
    fn type_selection(&mut self, e: &mut Expr) -> Result<()> {
        let span = e.span;
        match &mut e.kind {
            ExprKind::Generic(control, associations) => {
                let control = std::mem::replace(&mut **control, Expr::new(ExprKind::Fence, span));
                let associations = std::mem::take(associations);
                *e = self.generic(control, associations, span)?;
            }
            ExprKind::TypesCompatible(a, b) => {
                self.check_type(a, span)?;
                self.check_type(b, span)?;
                let same = compat::compatible(a, b);
                e.kind = ExprKind::Constant(Const::Int(same.into()));
                e.ty = Some(Type::Int);
            }
            _ => unreachable!("a generic selection or types_compatible_p"),
        }
        Ok(())
    }

    /// A checked assignment, compound assignment, increment or decrement:
    /// of an `_Atomic` object, made atomic.
    #[inline(never)]
    fn atomic_access(&mut self, e: &mut Expr) -> Result<()> {
        match &e.kind {
            ExprKind::Assign(target, _) if self.lvalue_quals(target).contains(Quals::ATOMIC) => {
                self.atomic_store(e);
            }
            ExprKind::CompoundAssign(_, target, _) | ExprKind::IncDec(_, target)
                if self.lvalue_quals(target).contains(Quals::ATOMIC) =>
            {
                self.atomic_modify(e)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// A checked compound assignment, increment or decrement of an
    /// `_Atomic` integer or pointer, as one atomic read-modify-write
    /// ([`ExprKind::Atomic`] through the object's address): `+=`, `-=`,
    /// `&=`, `|=`, `^=`, `++` and `--` (a pointer's in bytes, scaled
    /// here); its value the new one, the old one for `x++` and `x--`.
    fn atomic_modify(&mut self, e: &mut Expr) -> Result<()> {
        let (span, ty) = (e.span, e.ty().clone());
        let typed = |kind, ty: &Type| Expr::typed(kind, span, ty);
        let placeholder = std::mem::replace(&mut e.kind, ExprKind::Fence);
        let (op, target, value, old) = match placeholder {
            ExprKind::CompoundAssign(op, target, value) => {
                let arith = match op {
                    BinaryOp::Add => AtomicArith::Add,
                    BinaryOp::Subtract => AtomicArith::Sub,
                    BinaryOp::BitAnd => AtomicArith::And,
                    BinaryOp::BitOr => AtomicArith::Or,
                    BinaryOp::BitXor => AtomicArith::Xor,
                    _ => {
                        return Err(Diagnostic::error(
                            span,
                            format!(
                                "compound assignment '{}=' of an '_Atomic' object is not supported",
                                op_text(op)
                            ),
                        ));
                    }
                };
                if !value.ty().is_integer() {
                    return Err(Diagnostic::error(
                        value.span,
                        "compound assignment of an '_Atomic' object with a floating value is not supported",
                    ));
                }
                (arith, target, *value, false)
            }
            ExprKind::IncDec(op, target) => {
                let one = typed(ExprKind::Constant(Const::Long(1)), &Type::Long);
                let arith = match op {
                    IncDec::PreIncrement | IncDec::PostIncrement => AtomicArith::Add,
                    _ => AtomicArith::Sub,
                };
                let post = matches!(op, IncDec::PostIncrement | IncDec::PostDecrement);
                (arith, target, one, post)
            }
            _ => unreachable!("a compound assignment or an increment"),
        };
        // A pointer moves by its elements' size, in bytes.
        let mut value = value;
        let operand = if let Type::Pointer(elem, _) = &ty {
            let size = self.symbols.types.size(elem) as i64;
            convert_to(&mut value, &Type::Long);
            let size = Box::new(typed(ExprKind::Constant(Const::Long(size)), &Type::Long));
            value = typed(
                ExprKind::Binary(BinaryOp::Multiply, Box::new(value), size),
                &Type::Long,
            );
            Type::ULong
        } else {
            ty.clone()
        };
        convert_to(&mut value, &operand);
        let address = Type::Pointer(Box::new(ty.clone()), self.lvalue_quals(&target));
        let ptr = typed(ExprKind::AddrOf(target), &address);
        *e = typed(
            ExprKind::Atomic(op, Box::new(ptr), Box::new(value), old),
            &ty,
        );
        Ok(())
    }

    /// A generic selection (C11 6.5.1.1): the association whose type is
    /// compatible with the controlling expression's (after lvalue
    /// conversion and decay; the expression is not evaluated), else the
    /// default one; the selected expression, checked, replaces it.
    fn generic(
        &mut self,
        mut control: Expr,
        associations: Vec<(Option<Type>, Expr)>,
        span: Span,
    ) -> Result<Expr> {
        self.value(&mut control)?;
        let wanted = control.ty().clone();
        let mut types: Vec<Type> = Vec::new();
        let mut chosen = None;
        let mut default = None;
        for (ty, e) in associations {
            let Some(mut ty) = ty else {
                default = Some(e);
                continue;
            };
            // A qualified type is never an unqualified value's.
            let quals = self.check_type(&mut ty, e.span)?;
            if types.iter().any(|t| compat::compatible(t, &ty)) {
                return Err(Diagnostic::error(
                    e.span,
                    format!(
                        "'_Generic' specifies two compatible types ('{}')",
                        self.show(&ty)
                    ),
                ));
            }
            if quals.is_empty() && compat::compatible(&wanted, &ty) {
                chosen = Some(e);
            }
            types.push(ty);
        }
        let Some(mut e) = chosen.or(default) else {
            return Err(Diagnostic::error(
                span,
                format!(
                    "'_Generic' selector of type '{}' is not compatible with any association",
                    self.show(&wanted)
                ),
            ));
        };
        self.expr(&mut e)?;
        Ok(e)
    }

    /// `__builtin_tgmath (f, g, ..., args...)` (gcc's rules): the leading
    /// function designators are the candidates, the rest the arguments;
    /// a parameter is type-generic where the candidates' types differ,
    /// and the arguments there select the type: `long double` if one is,
    /// else `double` if one is `double` or an integer, else `float`. The
    /// call is of the first candidate whose type-generic parameters have
    /// that type. (Complex arguments and `long double` are only declared
    /// here, and refused as values.)
    fn tgmath(&mut self, args: Vec<Expr>, span: Span) -> Result<Expr> {
        let mut candidates: Vec<(Expr, FunType)> = Vec::new();
        let mut values = Vec::new();
        for mut a in args {
            if values.is_empty() {
                self.expr(&mut a)?;
                if let Type::Function(ft) = a.ty() {
                    let ft = (**ft).clone();
                    candidates.push((a, ft));
                    continue;
                }
            }
            values.push(a);
        }
        let arity = values.len();
        let usable = |ft: &FunType| ft.prototype && !ft.variadic && ft.params.len() == arity;
        if values.is_empty()
            || candidates.is_empty()
            || !candidates.iter().all(|(_, ft)| usable(ft))
        {
            return Err(Diagnostic::error(
                span,
                "'__builtin_tgmath' takes functions of as many parameters as arguments follow them",
            ));
        }
        let generic: Vec<bool> = (0..arity)
            .map(|j| {
                let first = &candidates[0].1.params[j];
                candidates.iter().any(|(_, ft)| ft.params[j] != *first)
            })
            .collect();
        let mut wanted = Type::Float;
        for (v, &is_generic) in values.iter_mut().zip(&generic) {
            self.value(v)?;
            if !is_generic {
                continue;
            }
            let ty = v.ty();
            if !ty.is_arithmetic() {
                return Err(Diagnostic::error(
                    v.span,
                    "invalid type of argument to '__builtin_tgmath'",
                ));
            }
            if *ty == Type::Double || ty.is_integer() {
                wanted = Type::Double;
            }
        }
        let Some((callee, ft)) = candidates.into_iter().find(|(_, ft)| {
            ft.params
                .iter()
                .zip(&generic)
                .all(|(p, &is_generic)| !is_generic || *p == wanted)
        }) else {
            return Err(Diagnostic::error(
                span,
                format!("no '__builtin_tgmath' function of '{}'", self.show(&wanted)),
            ));
        };
        for (i, (v, p)) in values.iter_mut().zip(&ft.params).enumerate() {
            self.convert_by_assignment(v, p, Conversion::Argument(i + 1, None))?;
        }
        Ok(Expr {
            kind: ExprKind::Call(Box::new(callee), values),
            span,
            ty: Some((*ft.ret).clone()),
        })
    }

    /// A floating classification or quiet comparison, as C: each operand
    /// (which must be `float` or `double`, or for a comparison one of them
    /// must) is evaluated once into a temporary, and the test is an
    /// expression of the temporaries, checked as if written.
    fn float_test(&mut self, test: FloatTest, mut args: Vec<Expr>, span: Span) -> Result<Expr> {
        let operands = if test.arity() == 2 { 2 } else { 1 };
        let classes = args.len() - operands;
        let mut temps = Vec::new();
        let mut init: Option<Expr> = None;
        for mut x in args.drain(classes..) {
            self.value(&mut x)?;
            let ty = x.ty().clone();
            let temp = self.local_temp("float_test", &ty);
            let var = Expr::typed(ExprKind::Var(temp), span, &ty);
            let keep = Expr::typed(ExprKind::Assign(Box::new(var), Box::new(x)), span, &ty);
            init = Some(match init {
                None => keep,
                Some(first) => {
                    Expr::typed(ExprKind::Comma(Box::new(first), Box::new(keep)), span, &ty)
                }
            });
            temps.push((temp, ty));
        }
        let floating = temps.iter().filter(|(_, ty)| ty.is_floating()).count();
        if floating == 0 || (operands == 1 && floating != 1) {
            let s = if operands == 2 { "s" } else { "" };
            return Err(Diagnostic::error(
                span,
                format!(
                    "non-floating-point argument{s} in call to function '{}'",
                    Builtin::Float(test).name()
                ),
            ));
        }
        let node = |kind| Box::new(Expr::new(kind, span));
        let var = |i: usize| node(ExprKind::Var(temps[i].0));
        let ty = temps[0].1.clone();
        let constant = |v: f64| node(ExprKind::Constant(Const::Double(v).convert(&ty)));
        let binary = |op, l, r| node(ExprKind::Binary(op, l, r));
        let cond = |c, t, f| node(ExprKind::Conditional(c, t, f));
        let int = |v: i32| node(ExprKind::Constant(Const::Int(v)));
        let float = ty == Type::Float;
        let exact = |c: Const| node(ExprKind::Constant(c));
        let (min, max) = match ty {
            Type::Float => (Const::Float(f32::MIN_POSITIVE), Const::Float(f32::MAX)),
            Type::LongDouble => (
                Const::LongDouble(F80::from_bits(1 << 63 | 1 << 64)),
                Const::LongDouble(F80::from_bits(0x7ffe << 64 | u128::from(u64::MAX))),
            ),
            _ => (Const::Double(f64::MIN_POSITIVE), Const::Double(f64::MAX)),
        };
        let is_nan = || binary(BinaryOp::NotEqual, var(0), var(0));
        let is_inf = || {
            binary(
                BinaryOp::Or,
                binary(BinaryOp::Equal, var(0), constant(f64::INFINITY)),
                binary(BinaryOp::Equal, var(0), constant(f64::NEG_INFINITY)),
            )
        };
        // |x| in [MIN, MAX]: false for a NaN, as every comparison.
        let is_normal = || {
            let magnitude = || {
                cond(
                    binary(BinaryOp::Less, var(0), constant(0.0)),
                    node(ExprKind::Unary(UnaryOp::Negate, var(0))),
                    var(0),
                )
            };
            binary(
                BinaryOp::And,
                binary(BinaryOp::GreaterEqual, magnitude(), exact(min)),
                binary(BinaryOp::LessEqual, magnitude(), exact(max)),
            )
        };
        let mut e = match test {
            FloatTest::IsNan => is_nan(),
            FloatTest::IsInf => is_inf(),
            FloatTest::IsInfSign => cond(
                binary(BinaryOp::Equal, var(0), constant(f64::INFINITY)),
                int(1),
                cond(
                    binary(BinaryOp::Equal, var(0), constant(f64::NEG_INFINITY)),
                    int(-1),
                    int(0),
                ),
            ),
            FloatTest::IsFinite => binary(
                BinaryOp::And,
                binary(BinaryOp::Equal, var(0), var(0)),
                node(ExprKind::Unary(UnaryOp::Not, is_inf())),
            ),
            FloatTest::IsNormal => is_normal(),
            // The sign bit, read through the temporary's address.
            FloatTest::SignBit => {
                // A `long double`'s sign is the top bit of its 16-bit
                // sign and exponent, after the 8 bytes of significand.
                let (bits_ty, at) = match ty {
                    Type::Float => (Type::Int, 0),
                    Type::LongDouble => (Type::Short, 8),
                    _ => (Type::Long, 0),
                };
                let bytes = node(ExprKind::Cast(
                    Box::new(Type::pointer_to(Type::Char)),
                    node(ExprKind::AddrOf(var(0))),
                ));
                let bits = node(ExprKind::Deref(node(ExprKind::Cast(
                    Box::new(Type::pointer_to(bits_ty)),
                    binary(BinaryOp::Add, bytes, int(at)),
                ))));
                if float {
                    binary(BinaryOp::BitAnd, bits, int(i32::MIN))
                } else {
                    binary(BinaryOp::Less, bits, int(0))
                }
            }
            FloatTest::FpClassify => {
                let mut class = args.drain(..).map(Box::new);
                let mut next = || class.next().expect("five classes");
                let (nan, inf, normal, subnormal, zero) = (next(), next(), next(), next(), next());
                cond(
                    is_nan(),
                    nan,
                    cond(
                        is_inf(),
                        inf,
                        cond(
                            is_normal(),
                            normal,
                            cond(
                                binary(BinaryOp::Equal, var(0), constant(0.0)),
                                zero,
                                subnormal,
                            ),
                        ),
                    ),
                )
            }
            FloatTest::IsGreater => binary(BinaryOp::Greater, var(0), var(1)),
            FloatTest::IsGreaterEqual => binary(BinaryOp::GreaterEqual, var(0), var(1)),
            FloatTest::IsLess => binary(BinaryOp::Less, var(0), var(1)),
            FloatTest::IsLessEqual => binary(BinaryOp::LessEqual, var(0), var(1)),
            FloatTest::IsLessGreater => binary(
                BinaryOp::Or,
                binary(BinaryOp::Less, var(0), var(1)),
                binary(BinaryOp::Greater, var(0), var(1)),
            ),
            FloatTest::IsUnordered => binary(
                BinaryOp::Or,
                binary(BinaryOp::NotEqual, var(0), var(0)),
                binary(BinaryOp::NotEqual, var(1), var(1)),
            ),
        };
        self.value(&mut e)?;
        let ty = e.ty().clone();
        let init = init.expect("at least one operand");
        Ok(Expr {
            kind: ExprKind::Comma(Box::new(init), e),
            span,
            ty: Some(ty),
        })
    }

    /// gcc's `a ?: b` as `(t = a, t ? t : b)`, `a` evaluated once into a
    /// temporary of its type; in a constant expression, what it selects.
    #[inline(never)]
    fn elvis(&mut self, e: &mut Expr) -> Result<()> {
        let span = e.span;
        let ExprKind::Elvis(c, f) = std::mem::replace(&mut e.kind, ExprKind::Fence) else {
            unreachable!("an elvis")
        };
        let (mut c, f) = (*c, f);
        if !self.in_function {
            // A static initialiser: `a` is a constant, evaluated once
            // whichever way it is written.
            e.kind = ExprKind::Conditional(Box::new(c.clone()), Box::new(c), f);
            return self.expr(e);
        }
        self.condition(&mut c)?;
        let ty = c.ty().clone();
        let temp = self.local_temp("elvis", &ty);
        let var = || Box::new(Expr::typed(ExprKind::Var(temp), span, &ty));
        let keep = Expr::typed(ExprKind::Assign(var(), Box::new(c)), span, &ty);
        let mut choice = Expr::new(ExprKind::Conditional(var(), var(), f), span);
        self.expr(&mut choice)?;
        let choice_ty = choice.ty().clone();
        *e = Expr::typed(
            ExprKind::Comma(Box::new(keep), Box::new(choice)),
            span,
            &choice_ty,
        );
        Ok(())
    }

    /// A fresh automatic variable of type `ty` (named after `what`), for
    /// an operand the type checker's rewrites must evaluate once.
    fn local_temp(&mut self, what: &str, ty: &Type) -> Sym {
        let name = self.interner.add_numbered(what, self.names.bump());
        self.symbols.add_local(name, ty.clone());
        name
    }

    /// A checked assignment `a = v` to an `_Atomic` scalar, made
    /// sequentially consistent as gcc makes it: the store, then a fence (a
    /// later load must not pass it, which x86 allows). Its value is `v`'s,
    /// kept in a temporary: `(t = v, a = t, fence, t)`.
    fn atomic_store(&mut self, e: &mut Expr) {
        let (span, ty) = (e.span, e.ty().clone());
        let temp = self.local_temp("atomic", &ty);
        let typed = |kind, ty: &Type| Expr::typed(kind, span, ty);
        let var = || Box::new(typed(ExprKind::Var(temp), &ty));
        let ExprKind::Assign(target, value) = std::mem::replace(&mut e.kind, ExprKind::Fence)
        else {
            unreachable!("an assignment")
        };
        let keep = typed(ExprKind::Assign(var(), value), &ty);
        let store = typed(ExprKind::Assign(target, var()), &ty);
        let fence = typed(ExprKind::Fence, &Type::Void);
        let tail = typed(ExprKind::Comma(Box::new(fence), var()), &ty);
        let tail = typed(ExprKind::Comma(Box::new(store), Box::new(tail)), &ty);
        *e = typed(ExprKind::Comma(Box::new(keep), Box::new(tail)), &ty);
    }

    /// The value of `sizeof e` (whose operand is checked but not decayed,
    /// and never evaluated) or `sizeof (type)`, or of `_Alignof`: a
    /// `size_t`, `unsigned long` here (C11 6.5.3.4).
    /// A cast, `sizeof` or `_Alignof` of a type inside a function whose
    /// array lengths are not all constants: the sizes of the
    /// variable-length arrays it names are computed first (C11 6.8p3),
    /// `(size = ..., expression)`.
    #[inline(never)]
    fn with_vla_sizes(&mut self, e: &mut Expr) -> Result<()> {
        let span = e.span;
        let (ExprKind::Cast(ty, _) | ExprKind::SizeOfType(ty) | ExprKind::AlignOfType(ty)) =
            &mut e.kind
        else {
            unreachable!("a cast, sizeof or _Alignof of a type")
        };
        let (_, sizes) = self.check_vla_type(ty, span)?;
        self.expr(e)?;
        for set in sizes.into_iter().rev() {
            let ty = e.ty().clone();
            let inner = std::mem::replace(e, Expr::new(ExprKind::Fence, span));
            *e = Expr::typed(ExprKind::Comma(Box::new(set), Box::new(inner)), span, &ty);
        }
        Ok(())
    }

    /// `sizeof` or `_Alignof`: a constant, or for a variable-length array
    /// the variable holding its size.
    fn size_of(&mut self, kind: &mut ExprKind, span: Span) -> Result<ExprKind> {
        let align = matches!(kind, ExprKind::AlignOfExpr(_) | ExprKind::AlignOfType(_));
        // `_Alignof` of a typedef name that asks for an alignment.
        let mut typedef_align = None;
        let ty = match kind {
            ExprKind::SizeOfExpr(operand) | ExprKind::AlignOfExpr(operand) => {
                self.expr(operand)?;
                operand.ty().clone()
            }
            ExprKind::SizeOfType(ty) | ExprKind::AlignOfType(ty) => {
                typedef_align = written_align(ty);
                self.check_type(ty, span)?;
                (**ty).clone()
            }
            _ => unreachable!("not a sizeof or an alignof"),
        };
        if !self.symbols.types.is_complete(&ty) {
            let what = match ty {
                Type::Void => "a void type",
                Type::Function(_) => "a function type",
                _ => "an incomplete type",
            };
            let operator = if align { "_Alignof" } else { "sizeof" };
            return Err(Diagnostic::error(
                span,
                format!("invalid application of '{operator}' to {what}"),
            ));
        }
        Ok(match ty {
            _ if align => {
                let align = typedef_align.unwrap_or_else(|| self.symbols.types.align(&ty));
                ExprKind::Constant(Const::ULong(align))
            }
            Type::Vla(_, size) => ExprKind::Var(size),
            _ => ExprKind::Constant(Const::ULong(self.symbols.types.size(&ty))),
        })
    }

    fn var(&self, name: Sym) -> Type {
        self.symbols.info(name).ty.clone()
    }

    /// Whether `e` (checked) designates a bit-field.
    fn is_bit_field(&self, e: &Expr) -> bool {
        let (aggregate, member) = match &e.kind {
            ExprKind::Dot(s, m) => (s.ty(), *m),
            ExprKind::Arrow(p, m) => match p.ty() {
                Type::Pointer(to, _) => (&**to, *m),
                _ => return false,
            },
            _ => return false,
        };
        self.symbols.types.bit_field(aggregate, member).is_some()
    }

    /// The error for calling what is no function.
    fn not_callable(&self, callee: &Expr) -> Diagnostic {
        let what = match callee.kind {
            ExprKind::Var(name) => format!("'{}' ", self.name(name)),
            _ => String::new(),
        };
        Diagnostic::error(
            callee.span,
            format!("called object {what}is not a function or function pointer"),
        )
    }

    #[inline(never)]
    fn binary_expr(
        &mut self,
        op: BinaryOp,
        l: &mut Expr,
        r: &mut Expr,
        span: Span,
    ) -> Result<Type> {
        self.value(l)?;
        self.value(r)?;
        self.binary(op, l, r, span)
    }

    #[inline(never)]
    fn other_expr(&mut self, kind: &mut ExprKind, span: Span) -> Result<Type> {
        Ok(match kind {
            // The value of the last statement, when it is an expression.
            ExprKind::StmtExpr(b) => {
                self.scoped(span, |c| c.block(b))?;
                match b.items.last() {
                    Some(BlockItem::Stmt(Stmt {
                        kind: StmtKind::Expr(e),
                        ..
                    })) => e.ty().clone(),
                    _ => Type::Void,
                }
            }
            ExprKind::LabelAddr(name, label) => {
                let Some(&(_, found)) = self.labels.iter().find(|(n, _)| n == name) else {
                    return Err(Diagnostic::error(
                        span,
                        format!("label '{}' used but not defined", self.name(*name)),
                    ));
                };
                *label = Some(found);
                if !self.address_taken.contains(&found) {
                    self.address_taken.push(found);
                }
                Type::pointer_to(Type::Void)
            }
            ExprKind::Cast(ty, operand) => {
                self.check_type(ty, span)?;
                self.value(operand)?;
                let from = operand.ty();
                let bad = match (&**ty, from) {
                    // Anything may be cast to `void`, discarding its value.
                    (Type::Void, _) => None,
                    (_, Type::Void) => Some("void value not ignored as it ought to be".to_string()),
                    (to, from) if to.is_aggregate_tag() || from.is_aggregate_tag() => {
                        Some("conversion to or from a non-scalar type requested".to_string())
                    }
                    (to, _) if to.is_array() => Some("cast specifies array type".to_string()),
                    (to, Type::Pointer(..)) if to.is_floating() => {
                        Some("pointer value used where a floating-point was expected".to_string())
                    }
                    (Type::Pointer(..), from) if from.is_floating() => {
                        Some("cannot convert to a pointer type".to_string())
                    }
                    _ => None,
                };
                if let Some(msg) = bad {
                    return Err(Diagnostic::error(span, msg));
                }
                (**ty).clone()
            }
            ExprKind::Unary(op, operand) => {
                self.value(operand)?;
                let ty = operand.ty().clone();
                match op {
                    UnaryOp::Not if ty.is_scalar() => Type::Int,
                    UnaryOp::Complement if ty.is_integer() => {
                        convert_to(operand, &ty.promoted());
                        ty.promoted()
                    }
                    UnaryOp::Negate | UnaryOp::Plus if ty.is_arithmetic() => {
                        convert_to(operand, &ty.promoted());
                        ty.promoted()
                    }
                    _ => {
                        let what = match op {
                            UnaryOp::Not => "unary exclamation mark",
                            UnaryOp::Complement => "bit-complement",
                            UnaryOp::Negate => "unary minus",
                            UnaryOp::Plus => "unary plus",
                        };
                        return Err(Diagnostic::error(
                            span,
                            format!("wrong type argument to {what}"),
                        ));
                    }
                }
            }
            ExprKind::Assign(target, value) => {
                self.assignable(target, "assignment", false)?;
                self.value(value)?;
                let ty = target.ty().clone();
                self.convert_by_assignment(value, &ty, Conversion::Assignment)?;
                ty
            }
            ExprKind::CompoundAssign(op, target, value) => {
                self.assignable(target, "assignment", true)?;
                self.value(value)?;
                self.compound_assign(*op, target, value, span)?
            }
            ExprKind::IncDec(op, operand) => {
                let what = match op {
                    IncDec::PreIncrement | IncDec::PostIncrement => "increment",
                    _ => "decrement",
                };
                self.assignable(operand, what, true)?;
                if !operand.ty().is_scalar() || self.incomplete_pointee(operand.ty()) {
                    return Err(Diagnostic::error(
                        span,
                        format!(
                            "wrong type argument to increment or decrement (have '{}')",
                            self.show(operand.ty())
                        ),
                    ));
                }
                operand.ty().clone()
            }
            ExprKind::Conditional(c, t, f) => {
                self.condition(c)?;
                self.value(t)?;
                self.value(f)?;
                self.conditional(t, f, span)?
            }
            ExprKind::Elvis(..) => unreachable!("rewritten by expr"),
            ExprKind::Call(callee, args) => {
                // A function's name calls it directly; anything else must
                // be (or decay to) a pointer to a function (C11 6.5.2.2p1).
                let direct = match callee.kind {
                    ExprKind::Var(name) => match &self.symbols.info(name).ty {
                        Type::Function(ft) => Some((ft.clone(), name)),
                        _ => None,
                    },
                    _ => None,
                };
                let (ft, what, callee_name) = match direct {
                    Some((ft, name)) => {
                        callee.ty = Some(Type::Function(ft.clone()));
                        (ft, format!("function '{}'", self.name(name)), Some(name))
                    }
                    None => {
                        self.value(callee)?;
                        let Type::Pointer(to, _) = callee.ty() else {
                            return Err(self.not_callable(callee));
                        };
                        let Type::Function(ft) = &**to else {
                            return Err(self.not_callable(callee));
                        };
                        (ft.clone(), "function".to_string(), None)
                    }
                };
                for t in ft.params.iter().chain([&*ft.ret]) {
                    declared_only(t, span)?;
                }
                if ft.ret.is_aggregate_tag() && !self.symbols.types.is_complete(&ft.ret) {
                    return Err(Diagnostic::error(
                        span,
                        format!(
                            "calling a function with incomplete return type '{}'",
                            self.show(&ft.ret)
                        ),
                    ));
                }
                if ft.prototype
                    && (args.len() < ft.params.len()
                        || (args.len() > ft.params.len() && !ft.variadic))
                {
                    let which = if args.len() > ft.params.len() {
                        "many"
                    } else {
                        "few"
                    };
                    return Err(Diagnostic::error(
                        span,
                        format!("too {which} arguments to {what}"),
                    ));
                }
                for (i, a) in args.iter_mut().enumerate() {
                    self.value(a)?;
                    match ft.params.get(i) {
                        Some(ty) if ft.prototype => self.convert_by_assignment(
                            a,
                            ty,
                            Conversion::Argument(i + 1, callee_name),
                        )?,
                        // An old-style definition's parameter takes what
                        // the default argument promotions make of its type
                        // (a `float` one arrives as a `double`).
                        Some(ty) => self.convert_by_assignment(
                            a,
                            &ty.argument_promoted(),
                            Conversion::Argument(i + 1, callee_name),
                        )?,
                        None if *a.ty() == Type::Void => {
                            return Err(Diagnostic::error(
                                a.span,
                                "invalid use of void expression",
                            ));
                        }
                        // The default argument promotions (C11 6.5.2.2p7).
                        None => {
                            let promoted = a.ty().argument_promoted();
                            convert_to(a, &promoted);
                        }
                    }
                }
                *ft.ret
            }
            ExprKind::Deref(operand) => {
                self.value(operand)?;
                match operand.ty() {
                    Type::Pointer(to, _) if **to == Type::Void => {
                        return Err(Diagnostic::error(span, "dereferencing 'void *' pointer"));
                    }
                    Type::Pointer(to, _) => (**to).clone(),
                    other => {
                        return Err(Diagnostic::error(
                            span,
                            format!(
                                "invalid type argument of unary '*' (have '{}')",
                                self.show(other)
                            ),
                        ));
                    }
                }
            }
            ExprKind::AddrOf(operand) => {
                let generic = matches!(operand.kind, ExprKind::Generic(..));
                self.expr(operand)?;
                if generic {
                    crate::sema::resolve::require_lvalue(operand, "unary '&' operand")?;
                }
                self.not_in_register(operand)?;
                if self.is_bit_field(operand) {
                    return Err(Diagnostic::error(span, "cannot take address of bit-field"));
                }
                Type::Pointer(Box::new(operand.ty().clone()), self.lvalue_quals(operand))
            }
            ExprKind::Subscript(a, i) => {
                self.value_in(a, Decay::Subscript)?;
                self.value_in(i, Decay::Subscript)?;
                // Either operand may be the pointer (C11 6.5.2.1p2).
                let (ptr, index) = if a.ty().is_pointer() { (a, i) } else { (i, a) };
                match ptr.ty() {
                    Type::Pointer(elem, _) if **elem == Type::Void => {
                        return Err(Diagnostic::error(span, "dereferencing 'void *' pointer"));
                    }
                    Type::Pointer(elem, _) if !self.symbols.types.is_complete(elem) => {
                        return Err(self.pointer_arithmetic_error(span));
                    }
                    Type::Pointer(elem, _) if index.ty().is_integer() => {
                        let elem = (**elem).clone();
                        convert_to(index, &Type::Long);
                        elem
                    }
                    Type::Pointer(..) => {
                        return Err(Diagnostic::error(span, "array subscript is not an integer"));
                    }
                    _ => {
                        return Err(Diagnostic::error(
                            span,
                            "subscripted value is neither array nor pointer",
                        ));
                    }
                }
            }
            ExprKind::Constant(_)
            | ExprKind::String(_)
            | ExprKind::WideString(..)
            | ExprKind::Var(_)
            | ExprKind::Binary(..)
            | ExprKind::SizeOfExpr(_)
            | ExprKind::SizeOfType(_)
            | ExprKind::AlignOfExpr(_)
            | ExprKind::AlignOfType(_)
            | ExprKind::Builtin(..)
            | ExprKind::OffsetOf(..)
            | ExprKind::Generic(..)
            | ExprKind::TypesCompatible(..)
            | ExprKind::CompoundLiteral(..) => unreachable!("handled by expr"),
            ExprKind::Fence => Type::Void,
            ExprKind::VaStart(_)
            | ExprKind::ByteSwap(_)
            | ExprKind::Overflow(..)
            | ExprKind::Atomic(..)
            | ExprKind::CompareExchange(..)
            | ExprKind::CountBits(..)
            | ExprKind::Alloca(..) => {
                unreachable!("made by the type checker")
            }
            // A scalar, structure or union argument (an array or a
            // function type is never one: its argument was converted).
            ExprKind::VaArg(ap, ty) => {
                self.va_list(ap)?;
                self.check_type(ty, span)?;
                let ty = (**ty).clone();
                if ty.is_aggregate_tag() && !self.symbols.types.is_complete(&ty) {
                    return Err(Diagnostic::error(
                        span,
                        format!(
                            "second argument to 'va_arg' is of incomplete type '{}'",
                            self.show(&ty)
                        ),
                    ));
                }
                if !ty.is_scalar() && !ty.is_aggregate_tag() {
                    return Err(Diagnostic::error(
                        span,
                        format!("'va_arg' of type '{}' is not supported", self.show(&ty)),
                    ));
                }
                ty
            }
            // The left operand's value, if any, is discarded (C11 6.5.17).
            ExprKind::Comma(a, b) => {
                self.value(a)?;
                self.value(b)?;
                b.ty().clone()
            }
            ExprKind::Dot(operand, member) => {
                self.value(operand)?;
                self.member_type(operand.ty(), *member, span)?
            }
            ExprKind::Arrow(operand, member) => {
                self.value(operand)?;
                match operand.ty() {
                    Type::Pointer(to, _) => self.member_type(to, *member, span)?,
                    other => {
                        return Err(Diagnostic::error(
                            span,
                            format!(
                                "invalid type argument of '->' (have '{}')",
                                self.show(other)
                            ),
                        ));
                    }
                }
            }
        })
    }

    /// A pointer whose pointee has no size (`void`, an incomplete
    /// structure): no arithmetic on it.
    fn incomplete_pointee(&self, ty: &Type) -> bool {
        matches!(ty, Type::Pointer(to, _) if !self.symbols.types.is_complete(to))
    }

    fn pointer_arithmetic_error(&self, span: Span) -> Diagnostic {
        Diagnostic::error(span, "arithmetic on a pointer to an incomplete type")
    }

    /// `ty`, an array type whose element is settled and whose length is
    /// checked but not constant, or whose element is variably modified,
    /// made a [`Type::Vla`] (C11 6.7.6.2p4).
    #[inline(never)]
    fn variable_length(&mut self, ty: &mut Type, span: Span) -> Result<Quals> {
        let Type::DeferredArray(d) = ty else {
            unreachable!("an array with its length still an expression")
        };
        let mut len = std::mem::replace(&mut d.len.0, Expr::new(ExprKind::Fence, span));
        if !len.ty().is_integer() {
            return Err(Diagnostic::error(
                len.span,
                "size of array has non-integer type",
            ));
        }
        if !self.symbols.types.is_complete(&d.elem) {
            return Err(Diagnostic::error(
                span,
                "array type has incomplete element type",
            ));
        }
        if let Type::Function(_) = d.elem {
            return Err(Diagnostic::error(span, "declaration as array of functions"));
        }
        convert_to(&mut len, &Type::ULong);
        let elem = std::mem::replace(&mut d.elem, Type::Void);
        *ty = self.vla(elem, len, span);
        Ok(Quals::NONE)
    }

    /// The variable-length array of `count` elements (an `unsigned long`
    /// expression) of `elem`: its size's variable, and the assignment of
    /// `count` times the element's size to it among the sizes to compute.
    fn vla(&mut self, elem: Type, count: Expr, span: Span) -> Type {
        let size = self.local_temp("vla.size", &Type::ULong);
        let ulong = |kind| Expr::typed(kind, span, &Type::ULong);
        let elem_size = match &elem {
            Type::Vla(_, inner) => ulong(ExprKind::Var(*inner)),
            ty => ulong(ExprKind::Constant(Const::ULong(
                self.symbols.types.size(ty),
            ))),
        };
        let bytes = ulong(ExprKind::Binary(
            BinaryOp::Multiply,
            Box::new(count),
            Box::new(elem_size),
        ));
        let set = ulong(ExprKind::Assign(
            Box::new(ulong(ExprKind::Var(size))),
            Box::new(bytes),
        ));
        self.vla_sizes
            .as_mut()
            .expect("variable lengths only where their sizes go")
            .push(set);
        Type::Vla(Box::new(elem), size)
    }

    /// [`Checker::check_type`] where no variable length may be: the error
    /// for one is `message`'s, gcc's words for the place.
    fn check_fixed_type(
        &mut self,
        ty: &mut Type,
        span: Span,
        message: impl FnOnce(&Self) -> String,
    ) -> Result<Quals> {
        self.check_type(ty, span).map_err(|mut d| {
            if d.message == NOT_CONSTANT_LENGTH {
                d.message = message(self);
            }
            d
        })
    }

    /// [`Checker::check_type`] where variable-length arrays may be
    /// formed: with the computations of their sizes.
    fn check_vla_type(&mut self, ty: &mut Type, span: Span) -> Result<(Quals, Vec<Expr>)> {
        let outer = self.vla_sizes.replace(Vec::new());
        let quals = self.check_type(ty, span);
        let sizes = std::mem::replace(&mut self.vla_sizes, outer).unwrap_or_default();
        Ok((quals?, sizes))
    }

    /// Settles and checks a type a declaration, cast or `sizeof` names:
    /// each array length the parser left as an expression is evaluated
    /// here, where structure sizes and expression types are known, and the
    /// elements of an array must be complete where the array type is formed
    /// (C11 6.7.6.2p1), even behind pointers.
    ///
    /// The qualifiers are settled here too: those on what a pointer points
    /// to move into the pointer, an array's are its element's, and those
    /// at the top (what the declared object is qualified with) are
    /// returned; a function's parameters and result keep none.
    fn check_type(&mut self, ty: &mut Type, span: Span) -> Result<Quals> {
        match ty {
            Type::Qualified(quals, inner) => {
                let quals = *quals;
                let inner = std::mem::replace(&mut **inner, Type::Void);
                *ty = inner;
                Ok(quals | self.check_type(ty, span)?)
            }
            // What a typedef name or enumerated type stands for (the
            // declaration's written type is kept aside, for debug
            // information).
            Type::Alias(a) => {
                *ty = std::mem::replace(&mut a.ty, Type::Void);
                self.check_type(ty, span)
            }
            // The type of the expression as written: no decay, not
            // evaluated (C23 6.7.2.5); an lvalue's qualifiers with it.
            Type::TypeOf(t) => {
                self.expr(&mut t.0)?;
                let quals = self.lvalue_quals(&t.0);
                *ty = t.0.ty().clone();
                Ok(quals | self.check_type(ty, span)?)
            }
            Type::DeferredArray(d) if d.unspecified => {
                let quals = self.check_type(&mut d.elem, span)?;
                if !self.prototype {
                    return Err(Diagnostic::error(
                        d.len.0.span,
                        "'[*]' not allowed in other than function prototype scope",
                    ));
                }
                // Its size is never asked: the variable is never set.
                let size = self.local_temp("vla.size", &Type::ULong);
                let elem = std::mem::replace(&mut d.elem, Type::Void);
                *ty = Type::Vla(Box::new(elem), size);
                Ok(quals)
            }
            Type::DeferredArray(d) => {
                let quals = self.check_type(&mut d.elem, span)?;
                let len = &mut d.len.0;
                let len_span = len.span;
                self.value(len)?;
                let constant = eval_constant(len);
                if self.vla_sizes.is_some() && (constant.is_none() || d.elem.is_variably_modified())
                {
                    return self.variable_length(ty, span).map(|q| q | quals);
                }
                let Some(c) = constant else {
                    return Err(Diagnostic::error(len_span, NOT_CONSTANT_LENGTH));
                };
                let types = &self.symbols.types;
                let elem_size = types.is_complete(&d.elem).then(|| types.size(&d.elem));
                let len = array_length(c, d.zero_allowed, elem_size, len_span)?;
                let elem = std::mem::replace(&mut d.elem, Type::Void);
                *ty = Type::Array(Box::new(elem), len);
                Ok(quals | self.check_type(ty, span)?)
            }
            Type::Array(elem, len) => {
                let quals = self.check_type(elem, span)?;
                if !self.symbols.types.is_complete(elem) {
                    return Err(Diagnostic::error(
                        span,
                        "array type has incomplete element type",
                    ));
                }
                // An array of variable-length arrays has a variable size.
                if let Type::Vla(..) = **elem {
                    let count =
                        Expr::typed(ExprKind::Constant(Const::ULong(*len)), span, &Type::ULong);
                    let elem = std::mem::replace(&mut **elem, Type::Void);
                    *ty = self.vla(elem, count, span);
                }
                Ok(quals)
            }
            Type::Pointer(inner, quals) => {
                *quals |= self.check_type(inner, span)?;
                Ok(Quals::NONE)
            }
            Type::Function(ft) => {
                for p in &mut ft.params {
                    self.check_type(p, span)?;
                }
                self.check_type(&mut ft.ret, span)?;
                Ok(Quals::NONE)
            }
            _ => Ok(Quals::NONE),
        }
    }

    /// The type of member `member` of a value of type `ty`, which must be
    /// a complete structure or union that has it.
    /// What a call of a gcc builtin means, checked (see [`Builtin`]).
    fn builtin(&mut self, b: Builtin, mut args: Vec<Expr>, span: Span) -> Result<Expr> {
        let wanted = match b {
            Builtin::Expect => 2,
            Builtin::Unreachable | Builtin::Infinity { .. } => 0,
            Builtin::Nan { .. } => 1,
            Builtin::ConstantP
            | Builtin::VaEnd
            | Builtin::Bswap16
            | Builtin::Bswap32
            | Builtin::Bswap64 => 1,
            Builtin::VaStart | Builtin::VaCopy => 2,
            Builtin::Overflow(_) | Builtin::AtomicStore => 3,
            Builtin::CountBits { .. } | Builtin::ThreadFence => 1,
            Builtin::AtomicLoad => 2,
            Builtin::SyncSynchronize => 0,
            Builtin::Alloca => 1,
            Builtin::Float(test) => test.arity(),
            Builtin::ChooseExpr => 3,
            Builtin::AtomicRmw(_, _, sync) => 3 - usize::from(sync),
            Builtin::CompareExchange(CompareExchangeKind::Atomic) => 6,
            Builtin::CompareExchange(_) => 3,
            Builtin::LockRelease => 1,
            Builtin::AtomicGeneric(g) => g.arity(),
            // Functions, then at least one argument.
            Builtin::Tgmath => args.len().max(2),
        };
        if args.len() != wanted {
            let which = if args.len() > wanted { "many" } else { "few" };
            return Err(Diagnostic::error(
                span,
                format!("too {which} arguments to function '{}'", b.name()),
            ));
        }
        Ok(match b {
            // Already checked and converted: `e` as a `long`.
            Builtin::Expect => {
                let mut value = args.swap_remove(0);
                let mut hint = args.pop().expect("two arguments");
                self.value(&mut hint)?;
                self.value(&mut value)?;
                self.convert_by_assignment(&mut value, &Type::Long, Conversion::Assignment)?;
                value.span = span;
                value
            }
            Builtin::Unreachable => {
                let zero = Expr::new(ExprKind::Constant(Const::Int(0)), span);
                let mut e = Expr::new(ExprKind::Cast(Box::new(Type::Void), Box::new(zero)), span);
                self.expr(&mut e)?;
                e
            }
            Builtin::VaStart => {
                if !self.variadic {
                    return Err(Diagnostic::error(
                        span,
                        "'va_start' used in function with fixed arguments",
                    ));
                }
                // `last` names the last parameter; it is not evaluated.
                let mut ap = args.swap_remove(0);
                self.va_list(&mut ap)?;
                Expr {
                    kind: ExprKind::VaStart(Box::new(ap)),
                    span,
                    ty: Some(Type::Void),
                }
            }
            Builtin::Infinity { of } | Builtin::Nan { of } => {
                // `__builtin_nan`'s string chooses the payload; only ""
                // (what `NAN` passes) is supported.
                if let Some(tag) = args.first()
                    && !matches!(&tag.kind, ExprKind::String(s) if s.is_empty())
                {
                    return Err(Diagnostic::error(
                        tag.span,
                        "only \"\" is supported as the payload of __builtin_nan",
                    ));
                }
                let infinity = matches!(b, Builtin::Infinity { .. });
                // Every type's infinity and quiet NaN are the double's
                // converted.
                let value = if infinity { f64::INFINITY } else { f64::NAN };
                let value = Const::Double(value).convert(&of.ty());
                let mut e = Expr::new(ExprKind::Constant(value), span);
                self.expr(&mut e)?;
                e
            }
            Builtin::Bswap16 | Builtin::Bswap32 | Builtin::Bswap64 => {
                let ty = match b {
                    Builtin::Bswap16 => Type::UShort,
                    Builtin::Bswap32 => Type::UInt,
                    _ => Type::ULong,
                };
                let mut operand = args.pop().expect("one argument");
                self.value(&mut operand)?;
                self.convert_by_assignment(&mut operand, &ty, Conversion::Assignment)?;
                Expr {
                    kind: ExprKind::ByteSwap(Box::new(operand)),
                    span,
                    ty: Some(ty),
                }
            }
            Builtin::VaEnd => {
                let mut ap = args.pop().expect("one argument");
                self.va_list(&mut ap)?;
                let mut e = Expr::new(ExprKind::Cast(Box::new(Type::Void), Box::new(ap)), span);
                self.expr(&mut e)?;
                e
            }
            // `(void) (*dst = *src)`, a structure assignment, built typed
            // (its operands are checked already).
            Builtin::VaCopy => {
                let (mut dst, mut src) = (args.swap_remove(0), args.pop().expect("two"));
                self.va_list(&mut dst)?;
                self.va_list(&mut src)?;
                let Type::Pointer(tag, _) = dst.ty().clone() else {
                    unreachable!("checked to be a va_list")
                };
                let typed = |kind, ty: &Type| Expr::typed(kind, span, ty);
                let deref = |e: Expr| typed(ExprKind::Deref(Box::new(e)), &tag);
                let assign = typed(
                    ExprKind::Assign(Box::new(deref(dst)), Box::new(deref(src))),
                    &tag,
                );
                typed(
                    ExprKind::Cast(Box::new(Type::Void), Box::new(assign)),
                    &Type::Void,
                )
            }
            Builtin::Overflow(op) => self.overflow_builtin(b, op, args, span)?,
            Builtin::CountBits { count, long } => {
                let ty = if long { Type::ULong } else { Type::UInt };
                let mut operand = args.pop().expect("one argument");
                self.value(&mut operand)?;
                self.convert_by_assignment(&mut operand, &ty, Conversion::Assignment)?;
                Expr {
                    kind: ExprKind::CountBits(count, Box::new(operand)),
                    span,
                    ty: Some(Type::Int),
                }
            }
            Builtin::Alloca => {
                let mut size = args.pop().expect("one argument");
                self.value(&mut size)?;
                self.convert_by_assignment(&mut size, &Type::ULong, Conversion::Assignment)?;
                Expr {
                    kind: ExprKind::Alloca(Box::new(size)),
                    span,
                    ty: Some(Type::pointer_to(Type::Void)),
                }
            }
            Builtin::Float(test) => self.float_test(test, args, span)?,
            Builtin::Tgmath => self.tgmath(args, span)?,
            Builtin::AtomicRmw(op, old, sync) => {
                if !sync {
                    self.memory_order(args.pop().expect("three arguments"))?;
                }
                let mut value = args.pop().expect("two arguments");
                let mut ptr = args.pop().expect("two arguments");
                let ty = self.atomic_target(&mut ptr, b)?;
                self.value(&mut value)?;
                self.atomic_operand(&mut value, &ty, op, b)?;
                Expr {
                    kind: ExprKind::Atomic(op, Box::new(ptr), Box::new(value), old),
                    span,
                    ty: Some(ty),
                }
            }
            Builtin::CompareExchange(kind) => self.compare_exchange(kind, args, span)?,
            Builtin::AtomicGeneric(g) => self.atomic_generic(g, args, span)?,
            // `*p = 0` (x86 stores release).
            Builtin::LockRelease => {
                let p = args.pop().expect("one argument");
                let zero = Expr::new(ExprKind::Constant(Const::Int(0)), span);
                let target = Expr::new(ExprKind::Deref(Box::new(p)), span);
                let assign = Expr::new(ExprKind::Assign(Box::new(target), Box::new(zero)), span);
                let mut e = Expr::new(ExprKind::Cast(Box::new(Type::Void), Box::new(assign)), span);
                self.expr(&mut e)?;
                e
            }
            Builtin::ChooseExpr => {
                let otherwise = args.pop().expect("three arguments");
                let then = args.pop().expect("three arguments");
                let mut condition = args.pop().expect("three arguments");
                self.value(&mut condition)?;
                let value = eval_constant(&condition).filter(|_| condition.ty().is_integer());
                let Some(value) = value else {
                    return Err(Diagnostic::error(
                        condition.span,
                        "first argument to '__builtin_choose_expr' not a constant",
                    ));
                };
                let mut chosen = if value.is_zero() { otherwise } else { then };
                self.expr(&mut chosen)?;
                chosen
            }
            // `*p`, checked as if written so, with the order checked and
            // dropped (a constant: there is nothing to evaluate).
            Builtin::AtomicLoad => {
                let order = args.pop().expect("two arguments");
                self.memory_order(order)?;
                let p = args.pop().expect("two arguments");
                let mut e = Expr::new(ExprKind::Deref(Box::new(p)), span);
                self.value(&mut e)?;
                self.require_atomic_scalar(&e, b)?;
                e
            }
            // `(void) (*p = v)`, then a fence if the order asks for
            // sequential consistency (a later load must not pass the
            // store, which x86 allows).
            Builtin::AtomicStore => {
                let order = args.pop().expect("three arguments");
                let seq_cst = self.memory_order(order)?;
                let v = args.pop().expect("three arguments");
                let p = args.pop().expect("three arguments");
                let target = Expr::new(ExprKind::Deref(Box::new(p)), span);
                let assign = Expr::new(ExprKind::Assign(Box::new(target), Box::new(v)), span);
                let mut e = Expr::new(ExprKind::Cast(Box::new(Type::Void), Box::new(assign)), span);
                self.expr(&mut e)?;
                let ExprKind::Cast(_, assign) = &e.kind else {
                    unreachable!("built as a cast")
                };
                // A store to an `_Atomic` object is one already, with its
                // fence (see `Checker::atomic_store`).
                let ExprKind::Assign(target, _) = &assign.kind else {
                    return Ok(e);
                };
                self.require_atomic_scalar(target, b)?;
                if seq_cst {
                    let fence = Expr {
                        kind: ExprKind::Fence,
                        span,
                        ty: Some(Type::Void),
                    };
                    e = Expr {
                        kind: ExprKind::Comma(Box::new(e), Box::new(fence)),
                        span,
                        ty: Some(Type::Void),
                    };
                }
                e
            }
            // Every fence is a full one (stronger than relaxed, acquire
            // and release ask for, as correct).
            Builtin::ThreadFence | Builtin::SyncSynchronize => {
                if let Some(order) = args.pop() {
                    self.memory_order(order)?;
                }
                Expr {
                    kind: ExprKind::Fence,
                    span,
                    ty: Some(Type::Void),
                }
            }
            Builtin::ConstantP => {
                let mut operand = args.pop().expect("one argument");
                self.value(&mut operand)?;
                let constant = operand.ty().is_integer() && eval_constant(&operand).is_some();
                let mut e = Expr::new(ExprKind::Constant(Const::Int(constant.into())), span);
                self.expr(&mut e)?;
                e
            }
        })
    }

    /// A memory order argument of the `__atomic` builtins: an integer
    /// constant (one of `__ATOMIC_RELAXED` ... `__ATOMIC_SEQ_CST`); whether
    /// it asks for sequential consistency.
    fn memory_order(&mut self, mut order: Expr) -> Result<bool> {
        self.value(&mut order)?;
        let value = order
            .ty()
            .is_integer()
            .then(|| eval_constant(&order))
            .flatten()
            .map(|c| c.convert(&Type::Long));
        match value {
            Some(Const::Long(n)) if (0..=5).contains(&n) => Ok(n == 5),
            _ => Err(Diagnostic::error(
                order.span,
                "the memory order must be a constant from __ATOMIC_RELAXED to __ATOMIC_SEQ_CST",
            )),
        }
    }

    /// The type an atomic read-modify-write builtin's pointer (checked
    /// here) points to: an integer or a pointer of 1, 4 or 8 bytes (what
    /// the locked instructions take), not `const`.
    fn atomic_target(&mut self, ptr: &mut Expr, b: Builtin) -> Result<Type> {
        self.value(ptr)?;
        let (ty, quals) = match ptr.ty() {
            Type::Pointer(t, q) => ((**t).clone(), *q),
            other => {
                return Err(Diagnostic::error(
                    ptr.span,
                    format!(
                        "argument 1 of '{}' must be a pointer, not '{}'",
                        b.name(),
                        self.show(other)
                    ),
                ));
            }
        };
        let sized = (ty.is_integer() || ty.is_pointer()) && matches!(ty.size(), 1 | 4 | 8);
        if !sized {
            return Err(Diagnostic::error(
                ptr.span,
                format!(
                    "'{}' on a '{}' is not supported (an integer or pointer of 1, 4 or 8 bytes)",
                    b.name(),
                    self.show(&ty)
                ),
            ));
        }
        if quals.is_const() {
            return Err(Diagnostic::error(
                ptr.span,
                format!("argument 1 of '{}' points to a const object", b.name()),
            ));
        }
        Ok(ty)
    }

    /// An atomic operation's operand, checked, as the operation takes it:
    /// what an exchange stores converts as by assignment; arithmetic on an
    /// integer is in its type, on a pointer in bytes, as an `unsigned long`
    /// (gcc's `__atomic` builtins do not scale).
    fn atomic_operand(
        &mut self,
        value: &mut Expr,
        ty: &Type,
        op: AtomicArith,
        b: Builtin,
    ) -> Result<()> {
        if op == AtomicArith::Exchange {
            return self.convert_by_assignment(value, ty, Conversion::Assignment);
        }
        let arithmetic = matches!(op, AtomicArith::Add | AtomicArith::Sub);
        if !value.ty().is_integer() || (ty.is_pointer() && !arithmetic) {
            return Err(Diagnostic::error(
                value.span,
                format!(
                    "operand of '{}' must be an integer (and the object an integer for a bitwise operation)",
                    b.name()
                ),
            ));
        }
        let operand = if ty.is_pointer() {
            Type::ULong
        } else {
            ty.clone()
        };
        convert_to(value, &operand);
        Ok(())
    }

    /// gcc's atomic builtins that take values through pointers, as what
    /// they mean written with the `_n` ones (see [`AtomicGeneric`]),
    /// checked as if written so.
    fn atomic_generic(&mut self, g: AtomicGeneric, args: Vec<Expr>, span: Span) -> Result<Expr> {
        let node = |kind| Expr::new(kind, span);
        let deref = |e: Expr| node(ExprKind::Deref(Box::new(e)));
        let discard = |e: Expr| node(ExprKind::Cast(Box::new(Type::Void), Box::new(e)));
        let assign = |to: Expr, v: Expr| node(ExprKind::Assign(Box::new(to), Box::new(v)));
        let int = |v: i32| node(ExprKind::Constant(Const::Int(v)));
        let bytes = |p: Expr| {
            let ty = Type::pointer_to(Type::UChar);
            node(ExprKind::Cast(Box::new(ty), Box::new(p)))
        };
        let mut args = args.into_iter();
        let mut next = || args.next().expect("counted");
        let mut e = match g {
            AtomicGeneric::Load => {
                let (p, ret, order) = (next(), next(), next());
                let load = node(ExprKind::Builtin(Builtin::AtomicLoad, vec![p, order]));
                discard(assign(deref(ret), load))
            }
            AtomicGeneric::Store => {
                let (p, val, order) = (next(), next(), next());
                node(ExprKind::Builtin(
                    Builtin::AtomicStore,
                    vec![p, deref(val), order],
                ))
            }
            AtomicGeneric::Exchange => {
                let (p, val, ret, order) = (next(), next(), next(), next());
                let exchange = Builtin::AtomicRmw(AtomicArith::Exchange, true, false);
                let old = node(ExprKind::Builtin(exchange, vec![p, deref(val), order]));
                discard(assign(deref(ret), old))
            }
            AtomicGeneric::CompareExchange => {
                let (p, expected, desired) = (next(), next(), next());
                let (weak, success, failure) = (next(), next(), next());
                let b = Builtin::CompareExchange(CompareExchangeKind::Atomic);
                let args = vec![p, expected, deref(desired), weak, success, failure];
                node(ExprKind::Builtin(b, args))
            }
            AtomicGeneric::TestAndSet => {
                let (p, order) = (next(), next());
                let exchange = Builtin::AtomicRmw(AtomicArith::Exchange, true, false);
                let old = node(ExprKind::Builtin(exchange, vec![bytes(p), int(1), order]));
                node(ExprKind::Cast(Box::new(Type::Bool), Box::new(old)))
            }
            AtomicGeneric::Clear => {
                let (p, order) = (next(), next());
                node(ExprKind::Builtin(
                    Builtin::AtomicStore,
                    vec![bytes(p), int(0), order],
                ))
            }
            AtomicGeneric::IsLockFree => {
                let mut size = next();
                self.value(&mut size)?;
                let Some(n) = eval_constant(&size).filter(|_| size.ty().is_integer()) else {
                    return Err(Diagnostic::error(
                        size.span,
                        "the size given to '__atomic_is_lock_free' must be a constant",
                    ));
                };
                let free = matches!(n.convert(&Type::Long), Const::Long(1 | 2 | 4 | 8));
                node(ExprKind::Constant(Const::Int(free.into())))
            }
            AtomicGeneric::SignalFence => {
                self.memory_order(next())?;
                node(ExprKind::Fence)
            }
        };
        if g == AtomicGeneric::SignalFence {
            e.ty = Some(Type::Void);
        } else {
            self.expr(&mut e)?;
        }
        Ok(e)
    }

    /// gcc's compare-and-swap builtins (see [`CompareExchangeKind`]), as
    /// [`ExprKind::CompareExchange`] with what each gives around it; each
    /// operand evaluated once.
    fn compare_exchange(
        &mut self,
        kind: CompareExchangeKind,
        mut args: Vec<Expr>,
        span: Span,
    ) -> Result<Expr> {
        let b = Builtin::CompareExchange(kind);
        if kind == CompareExchangeKind::Atomic {
            self.memory_order(args.pop().expect("six arguments"))?;
            self.memory_order(args.pop().expect("six arguments"))?;
            let mut weak = args.pop().expect("six arguments");
            self.value(&mut weak)?;
        }
        let mut desired = args.pop().expect("three arguments");
        let mut expected = args.pop().expect("three arguments");
        let mut ptr = args.pop().expect("three arguments");
        let ty = self.atomic_target(&mut ptr, b)?;
        self.value(&mut desired)?;
        self.convert_by_assignment(&mut desired, &ty, Conversion::Assignment)?;
        self.value(&mut expected)?;
        let typed = |kind, ty: &Type| Expr::typed(kind, span, ty);
        let int = |v: i32| Box::new(typed(ExprKind::Constant(Const::Int(v)), &Type::Int));
        match kind {
            CompareExchangeKind::SyncValue => {
                self.convert_by_assignment(&mut expected, &ty, Conversion::Assignment)?;
                let kind =
                    ExprKind::CompareExchange(Box::new(ptr), Box::new(expected), Box::new(desired));
                Ok(typed(kind, &ty))
            }
            // `(e = expected, compare-exchange (p, e, desired) == e)`
            CompareExchangeKind::SyncBool => {
                self.convert_by_assignment(&mut expected, &ty, Conversion::Assignment)?;
                let e = self.local_temp("compare_exchange", &ty);
                let var = || Box::new(typed(ExprKind::Var(e), &ty));
                let keep = typed(ExprKind::Assign(var(), Box::new(expected)), &ty);
                let found = typed(
                    ExprKind::CompareExchange(Box::new(ptr), var(), Box::new(desired)),
                    &ty,
                );
                let same = typed(
                    ExprKind::Binary(BinaryOp::Equal, Box::new(found), var()),
                    &Type::Int,
                );
                Ok(typed(
                    ExprKind::Comma(Box::new(keep), Box::new(same)),
                    &Type::Int,
                ))
            }
            // `(q = expected, f = compare-exchange (p, *q, desired),
            //   f == *q ? 1 : (*q = f, 0))`, a `_Bool`'s value.
            CompareExchangeKind::Atomic => {
                let q_ty = expected.ty().clone();
                let points_right = matches!(&q_ty, Type::Pointer(t, q)
                    if compat::compatible(t, &ty) && !q.is_const());
                if !points_right {
                    return Err(Diagnostic::error(
                        expected.span,
                        format!(
                            "argument 2 of '{}' must point to a '{}'",
                            b.name(),
                            self.show(&ty)
                        ),
                    ));
                }
                let (q, f) = (
                    self.local_temp("compare_exchange", &q_ty),
                    self.local_temp("compare_exchange", &ty),
                );
                let q_var = || Box::new(typed(ExprKind::Var(q), &q_ty));
                let f_var = || Box::new(typed(ExprKind::Var(f), &ty));
                let through_q = || Box::new(typed(ExprKind::Deref(q_var()), &ty));
                let keep = typed(ExprKind::Assign(q_var(), Box::new(expected)), &q_ty);
                let cas = typed(
                    ExprKind::CompareExchange(Box::new(ptr), through_q(), Box::new(desired)),
                    &ty,
                );
                let found = typed(ExprKind::Assign(f_var(), Box::new(cas)), &ty);
                let same = typed(
                    ExprKind::Binary(BinaryOp::Equal, f_var(), through_q()),
                    &Type::Int,
                );
                let write_back = typed(ExprKind::Assign(through_q(), f_var()), &ty);
                let failed = typed(ExprKind::Comma(Box::new(write_back), int(0)), &Type::Int);
                let result = typed(
                    ExprKind::Conditional(Box::new(same), int(1), Box::new(failed)),
                    &Type::Int,
                );
                let tail = typed(
                    ExprKind::Comma(Box::new(found), Box::new(result)),
                    &Type::Int,
                );
                Ok(typed(
                    ExprKind::Comma(Box::new(keep), Box::new(tail)),
                    &Type::Int,
                ))
            }
        }
    }

    /// What `__atomic_load_n` and `__atomic_store_n` reach through their
    /// pointer: an integer or a pointer (of 1, 2, 4 or 8 bytes, which x86
    /// loads and stores atomically when aligned).
    fn require_atomic_scalar(&self, target: &Expr, b: Builtin) -> Result<()> {
        let ty = target.ty();
        if ty.is_integer() || ty.is_pointer() {
            return Ok(());
        }
        Err(Diagnostic::error(
            target.span,
            format!(
                "operand of '{}' must point to an integer or a pointer, not '{}'",
                b.name(),
                self.show(ty)
            ),
        ))
    }

    /// `__builtin_add/sub/mul_overflow (a, b, res)`: the operands checked
    /// and converted to the type the operation is computed in (see
    /// [`ExprKind::Overflow`]).
    fn overflow_builtin(
        &mut self,
        b: Builtin,
        op: crate::ir::tacky::BinaryOp,
        mut args: Vec<Expr>,
        span: Span,
    ) -> Result<Expr> {
        let mut res = args.pop().expect("three arguments");
        let mut rhs = args.pop().expect("three arguments");
        let mut lhs = args.pop().expect("three arguments");
        for (n, operand) in [(1, &mut lhs), (2, &mut rhs)] {
            self.value(operand)?;
            if !operand.ty().is_integer() {
                return Err(Diagnostic::error(
                    operand.span,
                    format!(
                        "argument {n} in call to function '{}' does not have integral type",
                        b.name()
                    ),
                ));
            }
        }
        self.value(&mut res)?;
        let result = match res.ty() {
            Type::Pointer(t, _) if t.is_integer() => (**t).clone(),
            _ => {
                return Err(Diagnostic::error(
                    res.span,
                    format!(
                        "argument 3 in call to function '{}' does not have pointer to integer type",
                        b.name()
                    ),
                ));
            }
        };
        let (l, r) = (lhs.ty().clone(), rhs.ty().clone());
        let narrow = |t: &Type| t.size() <= 4;
        // Whether every value of `from` is one of `to`.
        let holds = |to: &Type, from: &Type| {
            (from.is_signed() == to.is_signed() && from.size() <= to.size())
                || (!from.is_signed() && to.is_signed() && from.size() < to.size())
        };
        let work = if narrow(&l) && narrow(&r) && narrow(&result) {
            // Exact in 64 bits; a product of two unsigned 32-bit values
            // only in unsigned ones.
            let unsigned_product =
                op == crate::ir::tacky::BinaryOp::Multiply && !l.is_signed() && !r.is_signed();
            if unsigned_product {
                Type::ULong
            } else {
                Type::Long
            }
        } else if holds(&result, &l) && holds(&result, &r) {
            result
        } else {
            return Err(Diagnostic::error(
                span,
                format!(
                    "'{}' with an operand whose values its result type cannot all hold is not supported",
                    b.name()
                ),
            ));
        };
        convert_to(&mut lhs, &work);
        convert_to(&mut rhs, &work);
        Ok(Expr {
            kind: ExprKind::Overflow(op, Box::new(lhs), Box::new(rhs), Box::new(res)),
            span,
            ty: Some(Type::Int),
        })
    }

    /// The object or function and byte offset an address constant (C11
    /// 6.6p9) designates: `&x`, an array or function decayed, `&a[2]`,
    /// `&s.m`, `p + 3` of those, through casts to pointer types; `None`
    /// for anything else. `x` must have static storage.
    fn address_constant(&self, e: &Expr) -> Option<(Sym, i64)> {
        match &e.kind {
            ExprKind::Cast(to, inner) if to.is_pointer() && inner.ty().is_pointer() => {
                self.address_constant(inner)
            }
            ExprKind::AddrOf(place) => self.constant_place(place),
            ExprKind::Binary(op @ (BinaryOp::Add | BinaryOp::Subtract), p, n)
                if p.ty().is_pointer() =>
            {
                let (name, offset) = self.address_constant(p)?;
                let Const::Long(count) = eval_constant(n)?.convert(&Type::Long) else {
                    return None;
                };
                let Type::Pointer(elem, _) = p.ty() else {
                    return None;
                };
                if let Type::Vla(..) = **elem {
                    return None;
                }
                let step = i64::try_from(self.symbols.types.size(elem)).ok()?;
                let delta = count.checked_mul(step)?;
                let offset = match op {
                    BinaryOp::Add => offset.checked_add(delta)?,
                    _ => offset.checked_sub(delta)?,
                };
                Some((name, offset))
            }
            _ => None,
        }
    }

    /// The object and offset an lvalue designates, when both are constant
    /// (see [`Checker::address_constant`]).
    fn constant_place(&self, place: &Expr) -> Option<(Sym, i64)> {
        match &place.kind {
            // A thread-local object's address is the running thread's.
            ExprKind::Var(name) if self.symbols.thread_local.contains_key(name) => None,
            ExprKind::Var(name) => match self.symbols.get(*name)?.attrs {
                Attrs::Static { .. } | Attrs::Fun { .. } => Some((*name, 0)),
                _ => None,
            },
            ExprKind::Subscript(a, i) => {
                let (name, offset) = self.address_constant(a)?;
                let Const::Long(index) = eval_constant(i)?.convert(&Type::Long) else {
                    return None;
                };
                let step = i64::try_from(self.symbols.types.size(place.ty())).ok()?;
                Some((name, offset.checked_add(index.checked_mul(step)?)?))
            }
            ExprKind::Dot(inner, member) => {
                let (name, offset) = self.constant_place(inner)?;
                let (_, at) = self.symbols.types.member(inner.ty(), *member)?;
                Some((name, offset + at as i64))
            }
            ExprKind::Arrow(p, member) => {
                let (name, offset) = self.address_constant(p)?;
                let Type::Pointer(to, _) = p.ty() else {
                    return None;
                };
                let (_, at) = self.symbols.types.member(to, *member)?;
                Some((name, offset + at as i64))
            }
            ExprKind::Deref(p) => self.address_constant(p),
            _ => None,
        }
    }

    /// Checks a `va_list` operand: (decayed to) a pointer to its
    /// structure.
    fn va_list(&mut self, ap: &mut Expr) -> Result<()> {
        self.value(ap)?;
        let ok = matches!(ap.ty(), Type::Pointer(to, _)
            if matches!(**to, Type::Struct(tag) if self.interner.get(tag) == va_list::TAG));
        if ok {
            Ok(())
        } else {
            Err(Diagnostic::error(
                ap.span,
                format!("expected a 'va_list', not '{}'", self.show(ap.ty())),
            ))
        }
    }

    /// `__builtin_offsetof (ty, steps)`: where the designated member is in
    /// a `ty` (C11 7.19p3), an `unsigned long` constant; an array index
    /// that is not constant (gcc allows it) makes it a computed value.
    fn offset_of(&mut self, ty: &Type, steps: &mut [Designator], span: Span) -> Result<Expr> {
        let ulong = |kind| Expr {
            kind,
            span,
            ty: Some(Type::ULong),
        };
        let mut at = ty.clone();
        let mut offset = 0u64;
        let mut computed: Option<Expr> = None;
        for step in steps {
            match step {
                Designator::Member(name, member_span) => {
                    let member_ty = self.member_type(&at, *name, *member_span)?;
                    let (_, at_offset) = self
                        .symbols
                        .types
                        .member(&at, *name)
                        .expect("member_type found it");
                    offset += at_offset;
                    at = member_ty;
                }
                Designator::Range(..) => unreachable!("the parser gives offsetof no range"),
                Designator::Index(i) => {
                    self.value(i)?;
                    let Type::Array(elem, _) = &at else {
                        return Err(Diagnostic::error(
                            i.span,
                            "subscripted value is not an array",
                        ));
                    };
                    if !i.ty().is_integer() {
                        return Err(Diagnostic::error(
                            i.span,
                            "array subscript is not an integer",
                        ));
                    }
                    let elem = (**elem).clone();
                    let size = self.symbols.types.size(&elem);
                    match eval_constant(i) {
                        Some(c) => {
                            let Const::Long(index) = c.convert(&Type::Long) else {
                                unreachable!("converted to long")
                            };
                            offset = offset.wrapping_add((index as u64).wrapping_mul(size));
                        }
                        None => {
                            let mut index = std::mem::replace(
                                i,
                                Expr::new(ExprKind::Constant(Const::Int(0)), span),
                            );
                            convert_to(&mut index, &Type::ULong);
                            let size = ulong(ExprKind::Constant(Const::ULong(size)));
                            let term = ulong(ExprKind::Binary(
                                BinaryOp::Multiply,
                                Box::new(index),
                                Box::new(size),
                            ));
                            computed = Some(match computed {
                                Some(sum) => ulong(ExprKind::Binary(
                                    BinaryOp::Add,
                                    Box::new(sum),
                                    Box::new(term),
                                )),
                                None => term,
                            });
                        }
                    }
                    at = elem;
                }
            }
        }
        let constant = ulong(ExprKind::Constant(Const::ULong(offset)));
        Ok(match computed {
            Some(sum) => ulong(ExprKind::Binary(
                BinaryOp::Add,
                Box::new(constant),
                Box::new(sum),
            )),
            None => constant,
        })
    }

    fn member_type(&self, ty: &Type, member: Sym, span: Span) -> Result<Type> {
        let Some(layout) = self.symbols.types.layout(ty) else {
            let msg = if ty.is_aggregate_tag() {
                format!("invalid use of incomplete type '{}'", self.show(ty))
            } else {
                format!(
                    "request for member '{}' in something not a structure or union",
                    self.name(member)
                )
            };
            return Err(Diagnostic::error(span, msg));
        };
        match self.symbols.types.member(ty, member) {
            // A `_Bool` bit-field stays one: what is stored in it must be
            // converted to 0 or 1 first.
            Some((Type::Bool, _)) => Ok(Type::Bool),
            // A bit-field narrower than `int` reads as an `int`, which
            // holds all its values (gcc's rule for C11 6.3.1.1p2).
            Some(_)
                if self
                    .symbols
                    .types
                    .bit_field(ty, member)
                    .is_some_and(|(_, w)| w < 32) =>
            {
                Ok(Type::Int)
            }
            Some((ty, _)) => Ok(ty),
            None if layout.members.is_empty() => unreachable!("a complete type has members"),
            None => Err(Diagnostic::error(
                span,
                format!(
                    "'{}' has no member named '{}'",
                    self.show(ty),
                    self.name(member)
                ),
            )),
        }
    }

    /// A type as the user wrote it: tags without the suffix identifier
    /// resolution gives them.
    fn show(&self, ty: &Type) -> String {
        ty.spelled(&|tag| self.name(tag).to_string())
    }

    fn invalid_operands(&self, op: BinaryOp, l: &Expr, r: &Expr, span: Span) -> Diagnostic {
        Diagnostic::error(
            span,
            format!(
                "invalid operands to binary {} (have '{}' and '{}')",
                op_text(op),
                self.show(l.ty()),
                self.show(r.ty())
            ),
        )
    }

    /// The type of `l op r` (operands checked), converting the operands of
    /// arithmetic and comparison operators to their common type, and the
    /// integer of pointer arithmetic to `long`.
    fn binary(&self, op: BinaryOp, l: &mut Expr, r: &mut Expr, span: Span) -> Result<Type> {
        // The common case first: operands of one arithmetic type that
        // promotion leaves alone need no conversion.
        let same = l.ty();
        if same == r.ty()
            && same.is_arithmetic()
            && !same.is_promoted_to_int()
            && (same.is_integer() || !op.needs_integers())
        {
            return Ok(match op {
                _ if op.is_comparison() => Type::Int,
                BinaryOp::And | BinaryOp::Or => Type::Int,
                _ => same.clone(),
            });
        }
        let (lt, rt) = (l.ty().clone(), r.ty().clone());
        let arithmetic = lt.is_arithmetic() && rt.is_arithmetic();
        match op {
            BinaryOp::And | BinaryOp::Or if lt.is_scalar() && rt.is_scalar() => Ok(Type::Int),
            // Each operand is promoted on its own; the result has the left
            // one's type (C11 6.5.7p3).
            BinaryOp::ShiftLeft | BinaryOp::ShiftRight if lt.is_integer() && rt.is_integer() => {
                convert_to(l, &lt.promoted());
                convert_to(r, &rt.promoted());
                Ok(lt.promoted())
            }
            BinaryOp::ShiftLeft | BinaryOp::ShiftRight => {
                Err(self.invalid_operands(op, l, r, span))
            }
            _ if op.needs_integers() && !(lt.is_integer() && rt.is_integer()) => {
                Err(self.invalid_operands(op, l, r, span))
            }
            _ if arithmetic && !matches!(op, BinaryOp::And | BinaryOp::Or) => {
                let common = Type::common(&lt, &rt);
                convert_to(l, &common);
                convert_to(r, &common);
                Ok(if op.is_comparison() {
                    Type::Int
                } else {
                    common
                })
            }
            BinaryOp::Add | BinaryOp::Subtract
                if self.incomplete_pointee(&lt)
                    || (op == BinaryOp::Add && self.incomplete_pointee(&rt)) =>
            {
                Err(self.pointer_arithmetic_error(span))
            }
            BinaryOp::Add if lt.is_pointer() && rt.is_integer() => {
                convert_to(r, &Type::Long);
                Ok(lt)
            }
            BinaryOp::Add if lt.is_integer() && rt.is_pointer() => {
                convert_to(l, &Type::Long);
                Ok(rt)
            }
            BinaryOp::Subtract if lt.is_pointer() && rt.is_integer() => {
                convert_to(r, &Type::Long);
                Ok(lt)
            }
            BinaryOp::Subtract if same_target(&lt, &rt) => Ok(Type::Long),
            BinaryOp::Equal | BinaryOp::NotEqual
                if (lt.is_pointer() || rt.is_pointer())
                    && (same_target(&lt, &rt)
                        || (lt.is_pointer() && is_null_pointer_constant(r))
                        || (rt.is_pointer() && is_null_pointer_constant(l))
                        || (lt.is_void_pointer() && rt.is_pointer())
                        || (rt.is_void_pointer() && lt.is_pointer())) =>
            {
                // Compared as the pointer type, `void *` if either is.
                let ptr = if rt.is_void_pointer() || !lt.is_pointer() {
                    rt
                } else {
                    lt
                };
                convert_to(l, &ptr);
                convert_to(r, &ptr);
                Ok(Type::Int)
            }
            BinaryOp::Less | BinaryOp::LessEqual | BinaryOp::Greater | BinaryOp::GreaterEqual
                if same_target(&lt, &rt) =>
            {
                Ok(Type::Int)
            }
            _ => Err(self.invalid_operands(op, l, r, span)),
        }
    }

    /// The type of `target op= value`: for a pointer target, `+=`/`-=` of an
    /// integer (converted to `long`); otherwise the right operand converted
    /// to the type the operation is computed in (for a shift, only
    /// promoted), and the result the target's type.
    fn compound_assign(
        &self,
        op: BinaryOp,
        target: &Expr,
        value: &mut Expr,
        span: Span,
    ) -> Result<Type> {
        let (tt, vt) = (target.ty().clone(), value.ty().clone());
        if tt.is_pointer() {
            if self.incomplete_pointee(&tt) {
                return Err(self.pointer_arithmetic_error(span));
            }
            if matches!(op, BinaryOp::Add | BinaryOp::Subtract) && vt.is_integer() {
                convert_to(value, &Type::Long);
                return Ok(tt);
            }
            return Err(self.invalid_operands(op, target, value, span));
        }
        let ok = if op.needs_integers() {
            tt.is_integer() && vt.is_integer()
        } else {
            tt.is_arithmetic() && vt.is_arithmetic()
        };
        if !ok {
            return Err(self.invalid_operands(op, target, value, span));
        }
        if op.is_shift() {
            convert_to(value, &vt.promoted());
        } else {
            convert_to(value, &Type::common(&tt, &vt));
        }
        Ok(tt)
    }

    /// The type of `c ? t : f` (C11 6.5.15p3-6), converting both arms to it.
    fn conditional(&self, t: &mut Expr, f: &mut Expr, span: Span) -> Result<Type> {
        let (tt, ft) = (t.ty().clone(), f.ty().clone());
        // Pointers to one type, or one of them to `void`, make a pointer
        // to it qualified as both are (C11 6.5.15p6).
        let both_quals = match (&tt, &ft) {
            (Type::Pointer(_, a), Type::Pointer(_, b)) => *a | *b,
            _ => Quals::NONE,
        };
        let common = if tt.is_arithmetic() && ft.is_arithmetic() {
            Type::common(&tt, &ft)
        } else if let (Type::Pointer(a, _), Type::Pointer(b, _)) = (&tt, &ft)
            && !is_null_pointer_constant(t)
            && !is_null_pointer_constant(f)
            && let Some(target) = if **a == Type::Void || **b == Type::Void {
                Some(Type::Void)
            } else {
                composite(a, b)
            }
        {
            Type::Pointer(Box::new(target), both_quals)
        } else if tt == ft
            || (tt.is_pointer() && is_null_pointer_constant(f))
            || (tt.is_void_pointer() && ft.is_pointer() && !is_null_pointer_constant(t))
        {
            tt
        } else if (ft.is_void_pointer() && tt.is_pointer())
            || (ft.is_pointer() && is_null_pointer_constant(t))
        {
            ft
        } else {
            return Err(Diagnostic::error(
                span,
                format!(
                    "type mismatch in conditional expression ('{}' and '{}')",
                    self.show(&tt),
                    self.show(&ft)
                ),
            ));
        };
        convert_to(t, &common);
        convert_to(f, &common);
        Ok(common)
    }
}

/// More initialisers than elements (gcc warns and drops them; the book,
/// and mcc, refuse).
fn excess_elements(span: Span, what: &str) -> Diagnostic {
    Diagnostic::error(span, format!("excess elements in {what} initializer"))
}
