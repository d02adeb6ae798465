//! Type checking and the symbol table (book chapters 9-13).
//!
//! Takes the resolved, labelled program; returns the [`SymbolTable`] of every
//! function, global, static and local, sets the type of every expression and
//! makes every implicit conversion an explicit cast (C11 6.3): operands of
//! arithmetic and comparison operators and of `?:` to their common type
//! (the usual arithmetic conversions, 6.3.1.8), an assigned value to the
//! target's type, the right operand of a compound assignment to the type
//! the operation is computed in (6.5.16.2; for `<<=` and `>>=` it stays its
//! own), call arguments to the parameter types, a returned value to the
//! function's return type. Shift operands are never converted to each other
//! (6.5.7p3). Fills in each switch's case values, converted to the type of
//! its controlling expression (6.8.4.2p5).
//!
//! Guarantees declarations of one entity agree (type, linkage, at most one
//! definition), calls match their function's parameter count, functions are
//! only called and variables never called, `%`, `~`, bitwise operators and
//! shifts have integer operands, a switch controls on an integer and its case
//! values are integer constants distinct after conversion, and static-storage
//! initialisers are constant (their values converted to the object's type).

use crate::diag::{Diagnostic, Result, Span};
use crate::intern::{Interner, Sym};
use crate::ir::Label;
use crate::ir::ast::*;
use crate::ir::symbols::{Attrs, InitialValue, StaticInit, SymbolInfo, SymbolTable};
use crate::ir::types::Type;
use crate::sema::const_eval::eval_constant;

pub fn typecheck_program(prog: &mut Program, interner: &Interner) -> Result<SymbolTable> {
    let mut c = Checker {
        symbols: SymbolTable::default(),
        interner,
        ret: Type::Int,
        switches: Vec::new(),
    };
    for decl in &mut prog.decls {
        match decl {
            Decl::Fun(f) => c.function(f)?,
            Decl::Var(v) => c.file_scope_var(v)?,
        }
    }
    Ok(c.symbols)
}

/// An enclosing switch: the type of its controlling expression and its case
/// values so far.
struct Switch {
    ty: Type,
    cases: Vec<(i64, Label)>,
}

struct Checker<'a> {
    symbols: SymbolTable,
    interner: &'a Interner,
    /// The return type of the function whose body is being checked.
    ret: Type,
    /// The switches around the statement being checked, innermost last.
    switches: Vec<Switch>,
}

/// The usual arithmetic conversions (C11 6.3.1.8) for the types of this
/// subset, whose integer promotions change nothing: `double` wins, then the
/// wider type, then (of one width) the unsigned one.
fn common_type(a: &Type, b: &Type) -> Type {
    if a == b {
        a.clone()
    } else if *a == Type::Double || *b == Type::Double {
        Type::Double
    } else if a.size() == b.size() {
        if a.is_signed() { b.clone() } else { a.clone() }
    } else if a.size() > b.size() {
        a.clone()
    } else {
        b.clone()
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

/// The spelling of an operator that takes integer operands only.
fn integer_op_text(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Remainder => "%",
        BinaryOp::BitAnd => "&",
        BinaryOp::BitOr => "|",
        BinaryOp::BitXor => "^",
        BinaryOp::ShiftLeft => "<<",
        BinaryOp::ShiftRight => ">>",
        _ => unreachable!("{op:?} takes any arithmetic operands"),
    }
}

/// A value as C writes it, without the type suffix `Const`'s display adds.
fn plain_value(c: Const) -> String {
    match c {
        Const::Char(v) => v.to_string(),
        Const::UChar(v) => v.to_string(),
        Const::Int(v) => v.to_string(),
        Const::Long(v) => v.to_string(),
        Const::UInt(v) => v.to_string(),
        Const::ULong(v) => v.to_string(),
        Const::Double(v) => v.to_string(),
    }
}

impl Checker<'_> {
    /// The name as the user wrote it: `resolve` appends `.N` to locals, and
    /// no identifier contains a dot.
    fn name(&self, s: Sym) -> &str {
        let unique = self.interner.get(s);
        unique.split('.').next().unwrap_or(unique)
    }

    fn different_kind(&self, name: Sym, span: Span) -> Diagnostic {
        Diagnostic::error(
            span,
            format!(
                "'{}' redeclared as different kind of symbol",
                self.name(name)
            ),
        )
    }

    fn conflicting_types(&self, name: Sym, span: Span) -> Diagnostic {
        Diagnostic::error(span, format!("conflicting types for '{}'", self.name(name)))
    }

    fn function(&mut self, f: &mut FunDecl) -> Result<()> {
        let has_body = f.body.is_some();
        let mut global = f.storage != Some(StorageClass::Static);
        let mut defined = has_body;
        if let Some(prev) = self.symbols.get(f.name) {
            let Attrs::Fun {
                defined: prev_defined,
                global: prev_global,
            } = prev.attrs
            else {
                return Err(self.different_kind(f.name, f.name_span));
            };
            if prev.ty != f.ty {
                return Err(self.conflicting_types(f.name, f.name_span));
            }
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
                ty: f.ty.clone(),
                attrs: Attrs::Fun { defined, global },
            },
        );
        if let Some(body) = &mut f.body {
            let Type::Function(ft) = &f.ty else {
                unreachable!("a function declaration has a function type")
            };
            for (p, ty) in f.params.iter().zip(&ft.params) {
                let name = p.name.expect("definitions name every parameter");
                self.symbols.add_local(name, ty.clone());
            }
            self.ret = (*ft.ret).clone();
            self.block(body)?;
        }
        Ok(())
    }

    /// The value of a static-storage initialiser, which must be constant,
    /// converted to the object's type.
    fn static_init(&mut self, init: &mut Expr, ty: &Type) -> Result<Vec<StaticInit>> {
        self.expr(init)?;
        eval_constant(init)
            .map(|c| vec![StaticInit::Scalar(c.convert(ty))])
            .ok_or_else(|| Diagnostic::error(init.span, "initializer element is not constant"))
    }

    /// Enters a static-storage variable, then checks its initialiser, in
    /// whose scope the variable already is (C11 6.2.1p7).
    fn insert_static(&mut self, v: &mut VarDecl, init: InitialValue, global: bool) -> Result<()> {
        let mut info = SymbolInfo {
            ty: v.ty.clone(),
            attrs: Attrs::Static { init, global },
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

    fn file_scope_var(&mut self, v: &mut VarDecl) -> Result<()> {
        // An initialised variable's value is filled in by `insert_static`.
        let mut init = match (&v.init, v.storage) {
            (Some(_), _) => InitialValue::Initial(vec![StaticInit::Zero(v.ty.size())]),
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
            if prev.ty != v.ty {
                return Err(self.conflicting_types(v.name, v.name_span));
            }
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
        self.insert_static(v, init, global)
    }

    fn local_var(&mut self, v: &mut VarDecl) -> Result<()> {
        match v.storage {
            Some(StorageClass::Extern) => {
                if let Some(init) = &v.init {
                    return Err(Diagnostic::error(
                        init.span,
                        format!("'{}' has both 'extern' and initializer", self.name(v.name)),
                    ));
                }
                match self.symbols.get(v.name) {
                    Some(prev) if !matches!(prev.attrs, Attrs::Static { .. }) => {
                        return Err(self.different_kind(v.name, v.name_span));
                    }
                    Some(prev) if prev.ty != v.ty => {
                        return Err(self.conflicting_types(v.name, v.name_span));
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
                        },
                    ),
                }
            }
            Some(StorageClass::Static) => {
                let zero = InitialValue::Initial(vec![StaticInit::Zero(v.ty.size())]);
                self.insert_static(v, zero, false)?;
            }
            None => {
                self.symbols.add_local(v.name, v.ty.clone());
                if let Some(init) = &mut v.init {
                    self.expr(init)?;
                    convert_to(init, &v.ty);
                }
            }
        }
        Ok(())
    }

    fn block(&mut self, b: &mut Block) -> Result<()> {
        for item in &mut b.items {
            match item {
                BlockItem::Stmt(s) => self.stmt(s)?,
                BlockItem::Decl(Decl::Var(v)) => self.local_var(v)?,
                BlockItem::Decl(Decl::Fun(f)) => self.function(f)?,
            }
        }
        Ok(())
    }

    fn stmt(&mut self, s: &mut Stmt) -> Result<()> {
        match &mut s.kind {
            StmtKind::Return(e) => {
                self.expr(e)?;
                convert_to(e, &self.ret);
                Ok(())
            }
            StmtKind::Expr(e) => self.expr(e),
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond)?;
                self.stmt(then)?;
                otherwise.as_mut().map_or(Ok(()), |o| self.stmt(o))
            }
            StmtKind::Compound(b) => self.block(b),
            StmtKind::While { cond, body, .. } | StmtKind::DoWhile { body, cond, .. } => {
                self.expr(cond)?;
                self.stmt(body)
            }
            StmtKind::For {
                init,
                cond,
                post,
                body,
                ..
            } => {
                match init {
                    ForInit::Decl(v) => self.local_var(v)?,
                    ForInit::Expr(e) => self.optional_expr(e)?,
                }
                self.optional_expr(cond)?;
                self.optional_expr(post)?;
                self.stmt(body)
            }
            StmtKind::Switch { cond, body, cases } => {
                self.expr(cond)?;
                // The integer promotions (C11 6.8.4.2p5) change none of
                // this subset's types.
                if !cond.ty().is_integer() {
                    return Err(Diagnostic::error(
                        cond.span,
                        "switch quantity not an integer",
                    ));
                }
                self.switches.push(Switch {
                    ty: cond.ty().clone(),
                    cases: Vec::new(),
                });
                let result = self.stmt(body);
                let switch = self.switches.pop().expect("pushed above");
                result?;
                cases.as_mut().expect("labelled by sema").cases = switch.cases;
                Ok(())
            }
            StmtKind::Case { value, body, label } => {
                self.case(value, label.expect("labelled by sema"))?;
                self.stmt(body)
            }
            StmtKind::Default { body, .. } | StmtKind::Labeled { body, .. } => self.stmt(body),
            StmtKind::Break(_) | StmtKind::Continue(_) | StmtKind::Goto { .. } | StmtKind::Null => {
                Ok(())
            }
        }
    }

    /// Checks a case value and records it, converted to the controlling
    /// type, in the innermost switch.
    fn case(&mut self, value: &mut Expr, label: Label) -> Result<()> {
        self.expr(value)?;
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
        e.as_mut().map_or(Ok(()), |e| self.expr(e))
    }

    fn expr(&mut self, e: &mut Expr) -> Result<()> {
        let span = e.span;
        let ty = match &mut e.kind {
            ExprKind::Constant(c) => c.ty(),
            ExprKind::Var(name) => {
                let info = self.symbols.info(*name);
                if let Type::Function(_) = info.ty {
                    return Err(Diagnostic::error(
                        span,
                        format!("function '{}' used as a variable", self.name(*name)),
                    ));
                }
                info.ty.clone()
            }
            ExprKind::Cast(ty, operand) => {
                // Every arithmetic type converts to every other (C11 6.5.4).
                self.expr(operand)?;
                (**ty).clone()
            }
            ExprKind::Unary(op, operand) => {
                self.expr(operand)?;
                match op {
                    UnaryOp::Not => Type::Int,
                    UnaryOp::Complement if *operand.ty() == Type::Double => {
                        return Err(Diagnostic::error(
                            span,
                            "wrong type argument to bit-complement",
                        ));
                    }
                    UnaryOp::Complement | UnaryOp::Negate | UnaryOp::Plus => operand.ty().clone(),
                }
            }
            ExprKind::Binary(op, l, r) => {
                self.expr(l)?;
                self.expr(r)?;
                self.binary(*op, l, r, span)?
            }
            ExprKind::Assign(target, value) => {
                self.expr(target)?;
                self.expr(value)?;
                convert_to(value, target.ty());
                target.ty().clone()
            }
            ExprKind::CompoundAssign(op, target, value) => {
                self.expr(target)?;
                self.expr(value)?;
                self.require_integers(*op, target, value, span)?;
                // The operation is computed in the common type, or for a
                // shift in the target's (promoted) type; the lowering
                // converts the target and the result (C11 6.5.16.2p3).
                if !op.is_shift() {
                    let common = common_type(target.ty(), value.ty());
                    convert_to(value, &common);
                }
                target.ty().clone()
            }
            ExprKind::IncDec(_, operand) => {
                self.expr(operand)?;
                operand.ty().clone()
            }
            ExprKind::Conditional(c, t, f) => {
                self.expr(c)?;
                self.expr(t)?;
                self.expr(f)?;
                let common = common_type(t.ty(), f.ty());
                convert_to(t, &common);
                convert_to(f, &common);
                common
            }
            ExprKind::Call(name, args) => {
                let Type::Function(ft) = &self.symbols.info(*name).ty else {
                    return Err(Diagnostic::error(
                        span,
                        format!("called object '{}' is not a function", self.name(*name)),
                    ));
                };
                let ft = ft.clone();
                if args.len() != ft.params.len() {
                    let which = if args.len() > ft.params.len() {
                        "many"
                    } else {
                        "few"
                    };
                    return Err(Diagnostic::error(
                        span,
                        format!("too {which} arguments to function '{}'", self.name(*name)),
                    ));
                }
                for (a, ty) in args.iter_mut().zip(&ft.params) {
                    self.expr(a)?;
                    convert_to(a, ty);
                }
                *ft.ret
            }
        };
        e.ty = Some(ty);
        Ok(())
    }

    /// The type of `l op r` (operands checked), converting the operands of
    /// arithmetic and comparison operators to their common type.
    fn binary(&self, op: BinaryOp, l: &mut Expr, r: &mut Expr, span: Span) -> Result<Type> {
        self.require_integers(op, l, r, span)?;
        Ok(match op {
            BinaryOp::And | BinaryOp::Or => Type::Int,
            // Each operand is promoted on its own; the result has the left
            // one's type (C11 6.5.7p3).
            BinaryOp::ShiftLeft | BinaryOp::ShiftRight => l.ty().clone(),
            _ => {
                let common = common_type(l.ty(), r.ty());
                convert_to(l, &common);
                convert_to(r, &common);
                if op.is_comparison() {
                    Type::Int
                } else {
                    common
                }
            }
        })
    }

    /// Rejects a `double` operand of `%`, a bitwise operator or a shift.
    fn require_integers(&self, op: BinaryOp, l: &Expr, r: &Expr, span: Span) -> Result<()> {
        if op.needs_integers() && !(l.ty().is_integer() && r.ty().is_integer()) {
            return Err(Diagnostic::error(
                span,
                format!(
                    "invalid operands to binary {} (have '{}' and '{}')",
                    integer_op_text(op),
                    l.ty(),
                    r.ty()
                ),
            ));
        }
        Ok(())
    }
}
