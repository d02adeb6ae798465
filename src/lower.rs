//! TACKY generation: the checked AST to three-address code (book chapters 2-10).
//!
//! Takes the annotated AST and the symbol table; returns a [`tacky::Program`]
//! with one function per definition and one static variable per defined or
//! tentatively defined static-storage object. Every temporary it creates is
//! added to the symbol table with its type. Guarantees C's evaluation rules:
//! `&&`, `||` and `?:` evaluate only what they must, and every function ends
//! in a `return` (falling off `main` returns 0, C11 5.1.2.2.3).

use crate::diag::Span;
use crate::intern::{Interner, Sym};
use crate::ir::ast::{
    self, BinaryOp, Block, BlockItem, Const, Decl, Expr, ExprKind, ForInit, IncDec, Stmt, StmtKind,
};
use crate::ir::symbols::{Attrs, InitialValue, StaticInit, SymbolTable};
use crate::ir::tacky::{self, Instr, Sourced, TopLevel, Val};
use crate::ir::types::Type;
use crate::ir::{Label, NameGen};

pub fn lower_program(
    prog: &ast::Program,
    symbols: &mut SymbolTable,
    interner: &mut Interner,
    names: &mut NameGen,
) -> tacky::Program {
    let mut items = Vec::new();
    for decl in &prog.decls {
        if let Decl::Fun(f) = decl
            && let Some(body) = &f.body
        {
            let global = matches!(symbols.info(f.name).attrs, Attrs::Fun { global: true, .. });
            let mut l = Lowerer {
                out: Vec::new(),
                span: f.name_span,
                symbols,
                interner,
                names,
            };
            l.block(body);
            l.emit(Instr::Return(Val::Constant(Const::Int(0))));
            items.push(TopLevel::Function(tacky::Function {
                name: f.name,
                global,
                params: f
                    .params
                    .iter()
                    .map(|p| p.name.expect("definitions name every parameter"))
                    .collect(),
                body: l.out,
            }));
        }
    }
    for (name, info) in symbols.iter() {
        if let Attrs::Static { init, global } = info.attrs {
            let init = match init {
                InitialValue::Initial(i) => i,
                InitialValue::Tentative => StaticInit::Scalar(Const::Int(0)),
                InitialValue::NoInitializer => continue,
            };
            items.push(TopLevel::StaticVar(tacky::StaticVar {
                name,
                global,
                ty: info.ty.clone(),
                init,
            }));
        }
    }
    tacky::Program { items }
}

struct Lowerer<'a> {
    out: Vec<Sourced<Instr>>,
    /// The span of the construct being lowered, given to each instruction.
    span: Span,
    symbols: &'a mut SymbolTable,
    interner: &'a mut Interner,
    names: &'a mut NameGen,
}

impl Lowerer<'_> {
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
        let name = format!("tmp.{}", self.names.bump());
        let name = self.interner.intern(&name);
        self.symbols.add_local(name, ty);
        Val::Var(name)
    }

    fn block(&mut self, b: &Block) {
        for item in &b.items {
            match item {
                BlockItem::Stmt(s) => self.stmt(s),
                BlockItem::Decl(Decl::Var(v)) => self.local_var(v),
                BlockItem::Decl(Decl::Fun(_)) => {}
            }
        }
    }

    /// Only automatic variables with an initialiser produce code; static and
    /// extern ones are emitted as static data.
    fn local_var(&mut self, v: &ast::VarDecl) {
        if let (Some(init), None) = (&v.init, v.storage) {
            self.span = v.name_span;
            let value = self.expr(init);
            self.emit(Instr::Copy {
                src: value,
                dst: Val::Var(v.name),
            });
        }
    }

    fn stmt(&mut self, s: &Stmt) {
        self.span = s.span;
        match &s.kind {
            StmtKind::Return(e) => {
                let v = self.expr(e);
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
                self.emit(Instr::Jump(target.expect("labelled by sema")));
            }
            StmtKind::While { cond, body, labels } => {
                let labels = labels.expect("labelled by sema");
                self.label(labels.continue_label);
                let c = self.expr(cond);
                self.emit(Instr::JumpIfZero(c, labels.break_label));
                self.stmt(body);
                self.emit(Instr::Jump(labels.continue_label));
                self.label(labels.break_label);
            }
            StmtKind::DoWhile { body, cond, labels } => {
                let labels = labels.expect("labelled by sema");
                let start = self.names.label();
                self.label(start);
                self.stmt(body);
                self.label(labels.continue_label);
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
                match init {
                    ForInit::Decl(v) => self.local_var(v),
                    ForInit::Expr(e) => {
                        if let Some(e) = e {
                            self.expr(e);
                        }
                    }
                }
                let start = self.names.label();
                self.label(start);
                if let Some(cond) = cond {
                    let c = self.expr(cond);
                    self.emit(Instr::JumpIfZero(c, labels.break_label));
                }
                self.stmt(body);
                self.label(labels.continue_label);
                if let Some(post) = post {
                    self.expr(post);
                }
                self.emit(Instr::Jump(start));
                self.label(labels.break_label);
            }
            StmtKind::Switch { cond, body, cases } => {
                let cases = cases.as_ref().expect("labelled by sema");
                self.switch(cond, cases);
                self.stmt(body);
                self.label(cases.break_label);
            }
            StmtKind::Case { body, label, .. }
            | StmtKind::Default { body, label }
            | StmtKind::Labeled { body, label, .. } => {
                self.label(label.expect("labelled by sema"));
                self.stmt(body);
            }
            StmtKind::Goto { label, .. } => {
                self.emit(Instr::Jump(label.expect("labelled by sema")))
            }
            StmtKind::Null => {}
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
            let hit = self.temp(ty.clone());
            let case = Val::Constant(Const::Int(case as i32));
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
            ExprKind::Unary(ast::UnaryOp::Plus, operand) => self.expr(operand),
            ExprKind::Unary(op, operand) => {
                let src = self.expr(operand);
                let dst = self.temp(e.ty().clone());
                let op = match op {
                    ast::UnaryOp::Negate => tacky::UnaryOp::Negate,
                    ast::UnaryOp::Complement => tacky::UnaryOp::Complement,
                    ast::UnaryOp::Not => tacky::UnaryOp::Not,
                    ast::UnaryOp::Plus => unreachable!("handled above"),
                };
                self.emit(Instr::Unary { op, src, dst });
                dst
            }
            ExprKind::Binary(BinaryOp::And, l, r) => self.logical(l, r, true, e.ty()),
            ExprKind::Binary(BinaryOp::Or, l, r) => self.logical(l, r, false, e.ty()),
            ExprKind::Binary(op, l, r) => {
                let lhs = self.expr(l);
                let rhs = self.expr(r);
                let dst = self.temp(e.ty().clone());
                self.emit(Instr::Binary {
                    op: binary_op(*op),
                    lhs,
                    rhs,
                    dst,
                });
                dst
            }
            ExprKind::Assign(target, value) => {
                let v = self.expr(value);
                let dst = self.expr(target);
                self.emit(Instr::Copy { src: v, dst });
                dst
            }
            ExprKind::CompoundAssign(op, target, value) => {
                let dst = self.expr(target);
                let rhs = self.expr(value);
                self.emit(Instr::Binary {
                    op: binary_op(*op),
                    lhs: dst,
                    rhs,
                    dst,
                });
                dst
            }
            ExprKind::IncDec(op, operand) => self.inc_dec(*op, operand),
            ExprKind::Conditional(c, t, f) => self.conditional(c, t, f, e.ty()),
            ExprKind::Call(name, args) => self.call(*name, args, e.ty()),
        }
    }

    fn inc_dec(&mut self, op: IncDec, operand: &Expr) -> Val {
        let var = self.expr(operand);
        let one = Val::Constant(Const::Int(1));
        let arith = match op {
            IncDec::PreIncrement | IncDec::PostIncrement => tacky::BinaryOp::Add,
            IncDec::PreDecrement | IncDec::PostDecrement => tacky::BinaryOp::Subtract,
        };
        match op {
            IncDec::PreIncrement | IncDec::PreDecrement => {
                self.emit(Instr::Binary {
                    op: arith,
                    lhs: var,
                    rhs: one,
                    dst: var,
                });
                var
            }
            IncDec::PostIncrement | IncDec::PostDecrement => {
                let old = self.temp(operand.ty().clone());
                self.emit(Instr::Copy { src: var, dst: old });
                self.emit(Instr::Binary {
                    op: arith,
                    lhs: var,
                    rhs: one,
                    dst: var,
                });
                old
            }
        }
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

    fn conditional(&mut self, c: &Expr, t: &Expr, f: &Expr, ty: &Type) -> Val {
        let else_label = self.names.label();
        let end = self.names.label();
        let dst = self.temp(ty.clone());
        let cv = self.expr(c);
        self.emit(Instr::JumpIfZero(cv, else_label));
        let tv = self.expr(t);
        self.emit(Instr::Copy { src: tv, dst });
        self.emit(Instr::Jump(end));
        self.label(else_label);
        let fv = self.expr(f);
        self.emit(Instr::Copy { src: fv, dst });
        self.label(end);
        dst
    }

    fn call(&mut self, name: Sym, args: &[Expr], ty: &Type) -> Val {
        let args = args.iter().map(|a| self.expr(a)).collect();
        let dst = self.temp(ty.clone());
        self.emit(Instr::Call { name, args, dst });
        dst
    }
}

fn binary_op(op: BinaryOp) -> tacky::BinaryOp {
    use tacky::BinaryOp as T;
    match op {
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
        BinaryOp::And | BinaryOp::Or => {
            unreachable!("short-circuit operators are lowered to jumps")
        }
    }
}
