//! Type checking and the symbol table (book chapters 9-10).
//!
//! Takes the resolved, labelled program; returns the [`SymbolTable`] of every
//! function, global, static and local, and sets the type of every expression.
//! Guarantees declarations of one entity agree (type, linkage, at most one
//! definition), calls match their function's parameter count, functions are
//! only called and variables never called, and static-storage initialisers are
//! constant.

use crate::diag::{Diagnostic, Result, Span};
use crate::intern::{Interner, Sym};
use crate::ir::ast::*;
use crate::ir::symbols::{Attrs, InitialValue, StaticInit, SymbolInfo, SymbolTable};
use crate::ir::types::Type;
use crate::sema::const_eval::eval_int;

pub fn typecheck_program(prog: &mut Program, interner: &Interner) -> Result<SymbolTable> {
    let mut c = Checker {
        symbols: SymbolTable::default(),
        interner,
    };
    for decl in &mut prog.decls {
        match decl {
            Decl::Fun(f) => c.function(f)?,
            Decl::Var(v) => c.file_scope_var(v)?,
        }
    }
    Ok(c.symbols)
}

struct Checker<'a> {
    symbols: SymbolTable,
    interner: &'a Interner,
}

impl Checker<'_> {
    fn name(&self, s: Sym) -> &str {
        self.interner.get(s)
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
                return Err(Diagnostic::error(
                    f.name_span,
                    format!("conflicting types for '{}'", self.name(f.name)),
                ));
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
            for p in &f.params {
                self.symbols
                    .add_local(p.name.expect("definitions name every parameter"), Type::Int);
            }
            self.block(body)?;
        }
        Ok(())
    }

    /// The value of a static-storage initialiser, which must be constant.
    fn static_init(&self, init: &Expr) -> Result<StaticInit> {
        eval_int(init)
            .map(|v| StaticInit::Scalar(Const::Int(v)))
            .ok_or_else(|| Diagnostic::error(init.span, "initializer element is not constant"))
    }

    fn file_scope_var(&mut self, v: &mut VarDecl) -> Result<()> {
        let mut init = match (&v.init, v.storage) {
            (Some(e), _) => InitialValue::Initial(self.static_init(e)?),
            (None, Some(StorageClass::Extern)) => InitialValue::NoInitializer,
            (None, _) => InitialValue::Tentative,
        };
        let mut global = v.storage != Some(StorageClass::Static);
        if let Some(prev) = self.symbols.get(v.name) {
            let Attrs::Static {
                init: prev_init,
                global: prev_global,
            } = prev.attrs
            else {
                return Err(self.different_kind(v.name, v.name_span));
            };
            if prev.ty != v.ty {
                return Err(Diagnostic::error(
                    v.name_span,
                    format!("conflicting types for '{}'", self.name(v.name)),
                ));
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
        self.symbols.insert(
            v.name,
            SymbolInfo {
                ty: v.ty.clone(),
                attrs: Attrs::Static { init, global },
            },
        );
        Ok(())
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
                        return Err(Diagnostic::error(
                            v.name_span,
                            format!("conflicting types for '{}'", self.name(v.name)),
                        ));
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
                let init = match &v.init {
                    Some(e) => self.static_init(e)?,
                    None => StaticInit::Scalar(Const::Int(0)),
                };
                self.symbols.insert(
                    v.name,
                    SymbolInfo {
                        ty: v.ty.clone(),
                        attrs: Attrs::Static {
                            init: InitialValue::Initial(init),
                            global: false,
                        },
                    },
                );
            }
            None => {
                self.symbols.add_local(v.name, v.ty.clone());
                if let Some(init) = &mut v.init {
                    self.expr(init)?;
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
            StmtKind::Return(e) | StmtKind::Expr(e) => self.expr(e),
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
            StmtKind::Switch { cond, body, .. } => {
                self.expr(cond)?;
                self.stmt(body)
            }
            StmtKind::Case { value, body, .. } => {
                self.expr(value)?;
                self.stmt(body)
            }
            StmtKind::Default { body, .. } | StmtKind::Labeled { body, .. } => self.stmt(body),
            StmtKind::Break(_) | StmtKind::Continue(_) | StmtKind::Goto { .. } | StmtKind::Null => {
                Ok(())
            }
        }
    }

    fn optional_expr(&mut self, e: &mut Option<Expr>) -> Result<()> {
        e.as_mut().map_or(Ok(()), |e| self.expr(e))
    }

    fn expr(&mut self, e: &mut Expr) -> Result<()> {
        let ty = match &mut e.kind {
            ExprKind::Constant(c) => c.ty(),
            ExprKind::Var(name) => {
                let info = self.symbols.info(*name);
                if let Type::Function(_) = info.ty {
                    return Err(Diagnostic::error(
                        e.span,
                        format!("function '{}' used as a variable", self.name(*name)),
                    ));
                }
                info.ty.clone()
            }
            ExprKind::Unary(_, operand) => {
                self.expr(operand)?;
                Type::Int
            }
            ExprKind::Binary(_, l, r) => {
                self.expr(l)?;
                self.expr(r)?;
                Type::Int
            }
            ExprKind::Assign(target, value) | ExprKind::CompoundAssign(_, target, value) => {
                self.expr(target)?;
                self.expr(value)?;
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
                Type::Int
            }
            ExprKind::Call(name, args) => {
                let Type::Function(ft) = &self.symbols.info(*name).ty else {
                    return Err(Diagnostic::error(
                        e.span,
                        format!("called object '{}' is not a function", self.name(*name)),
                    ));
                };
                let (expected, ret) = (ft.params.len(), (*ft.ret).clone());
                if args.len() != expected {
                    let which = if args.len() > expected { "many" } else { "few" };
                    return Err(Diagnostic::error(
                        e.span,
                        format!("too {which} arguments to function '{}'", self.name(*name)),
                    ));
                }
                for a in args.iter_mut() {
                    self.expr(a)?;
                }
                ret
            }
        };
        e.ty = Some(ty);
        Ok(())
    }
}
