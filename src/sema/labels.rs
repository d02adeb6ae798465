//! Loop, switch and goto labelling (book chapters 6, 8 and their extra credit).
//!
//! Takes one resolved external declaration; fills in every `Option<Label>` of its AST: the
//! break/continue labels of loops, each `break`/`continue` target, the label
//! of each case, the break and default labels of each switch (its case
//! values, which depend on types, are the type checker's to fill in), and
//! the label of each labelled statement and `goto`. Guarantees `break` is
//! inside a loop or switch, `continue` inside a loop, `case`/`default`
//! inside a switch, at most one `default` per switch, and goto labels unique
//! and defined per function.

use rustc_hash::FxHashMap as HashMap;

use crate::diag::{Diagnostic, Result, Span};
use crate::intern::{Interner, Sym};
use crate::ir::ast::*;
use crate::ir::{Label, NameGen};

/// Labels the body of one external declaration, if it is a function
/// definition.
pub fn label_decl(decl: &mut Decl, interner: &Interner, names: &mut NameGen) -> Result<()> {
    if let Decl::Fun(FunDecl {
        body: Some(body),
        has_stmt_exprs,
        ..
    }) = decl
    {
        let mut l = Labeler {
            interner,
            names,
            targets: Vec::new(),
            walk_exprs: *has_stmt_exprs,
            switches: Vec::new(),
            goto_labels: HashMap::default(),
        };
        l.block(body)?;
        l.check_gotos_defined()?;
        // For `&&name`, which the type checker resolves.
        if let Decl::Fun(f) = decl {
            f.labels = l
                .goto_labels
                .iter()
                .filter(|(_, g)| g.defined)
                .map(|(&name, g)| (name, g.label))
                .collect();
            // In label order, not the map's.
            f.labels.sort_by_key(|&(_, label)| label);
        }
    }
    Ok(())
}

/// What a `break` or `continue` may refer to.
#[derive(Clone, Copy)]
enum Target {
    Loop(LoopLabels),
    Switch(Label),
}

/// A user label of the current function: its label, whether it was defined,
/// and the first `goto` that used it.
struct GotoLabel {
    label: Label,
    defined: bool,
    first_use: Span,
}

struct Labeler<'a> {
    interner: &'a Interner,
    names: &'a mut NameGen,
    targets: Vec<Target>,
    /// Whether statement expressions may hide in expressions (else the
    /// walk through them is skipped).
    walk_exprs: bool,
    switches: Vec<SwitchCases>,
    goto_labels: HashMap<Sym, GotoLabel>,
}

impl Labeler<'_> {
    fn block(&mut self, b: &mut Block) -> Result<()> {
        for item in &mut b.items {
            match item {
                BlockItem::Stmt(s) => self.stmt(s)?,
                BlockItem::Decl(Decl::Var(VarDecl {
                    init: Some(init), ..
                })) if self.walk_exprs => {
                    let mut result = Ok(());
                    init.for_each_expr_mut(&mut |e| {
                        if result.is_ok() {
                            result = self.expr(e);
                        }
                    });
                    result?;
                }
                BlockItem::Decl(_) => {}
            }
        }
        Ok(())
    }

    /// The statement expressions inside `e`, whose blocks hold
    /// statements to label.
    fn expr(&mut self, e: &mut Expr) -> Result<()> {
        if let ExprKind::StmtExpr(b) = &mut e.kind {
            return self.block(b);
        }
        let mut result = Ok(());
        e.for_each_operand_mut(&mut |child| {
            if result.is_ok() {
                result = self.expr(child);
            }
        });
        result
    }

    /// The expressions of a statement itself (not of the statements in
    /// it).
    fn stmt_exprs(&mut self, s: &mut Stmt) -> Result<()> {
        match &mut s.kind {
            StmtKind::Return(Some(e))
            | StmtKind::Expr(e)
            | StmtKind::GotoIndirect(e)
            | StmtKind::If { cond: e, .. }
            | StmtKind::While { cond: e, .. }
            | StmtKind::DoWhile { cond: e, .. }
            | StmtKind::Switch { cond: e, .. }
            | StmtKind::Case { value: e, .. } => self.expr(e),
            StmtKind::For {
                init, cond, post, ..
            } => {
                match init {
                    ForInit::Expr(Some(e)) => self.expr(e)?,
                    ForInit::Decl(vars) => {
                        for v in vars {
                            if let Some(Initializer::Single(e)) = &mut v.init {
                                self.expr(e)?;
                            }
                        }
                    }
                    ForInit::Expr(None) => {}
                }
                cond.as_mut().map_or(Ok(()), |e| self.expr(e))?;
                post.as_mut().map_or(Ok(()), |e| self.expr(e))
            }
            _ => Ok(()),
        }
    }

    fn goto_label(&mut self, name: Sym, span: Span) -> &mut GotoLabel {
        let names = &mut self.names;
        self.goto_labels.entry(name).or_insert_with(|| GotoLabel {
            label: names.label(),
            defined: false,
            first_use: span,
        })
    }

    fn check_gotos_defined(&self) -> Result<()> {
        let mut undefined: Vec<_> = self
            .goto_labels
            .iter()
            .filter(|(_, g)| !g.defined)
            .collect();
        undefined.sort_by_key(|(_, g)| g.first_use.lo);
        match undefined.first() {
            Some((name, g)) => Err(Diagnostic::error(
                g.first_use,
                format!("label '{}' used but not defined", self.interner.get(**name)),
            )),
            None => Ok(()),
        }
    }

    fn new_loop(&mut self) -> LoopLabels {
        LoopLabels {
            break_label: self.names.label(),
            continue_label: self.names.label(),
        }
    }

    fn loop_body(&mut self, labels: LoopLabels, body: &mut Stmt) -> Result<()> {
        self.targets.push(Target::Loop(labels));
        let result = self.stmt(body);
        self.targets.pop();
        result
    }

    fn stmt(&mut self, s: &mut Stmt) -> Result<()> {
        let span = s.span;
        if self.walk_exprs {
            self.stmt_exprs(s)?;
        }
        match &mut s.kind {
            StmtKind::If {
                then, otherwise, ..
            } => {
                self.stmt(then)?;
                otherwise.as_mut().map_or(Ok(()), |o| self.stmt(o))
            }
            StmtKind::Compound(b) => self.block(b),
            StmtKind::Break(target) => {
                let label = match self.targets.last() {
                    Some(Target::Loop(l)) => l.break_label,
                    Some(Target::Switch(l)) => *l,
                    None => {
                        return Err(Diagnostic::error(
                            span,
                            "break statement not within loop or switch",
                        ));
                    }
                };
                *target = Some(label);
                Ok(())
            }
            StmtKind::Continue(target) => {
                let label = self.targets.iter().rev().find_map(|t| match t {
                    Target::Loop(l) => Some(l.continue_label),
                    Target::Switch(_) => None,
                });
                *target = Some(label.ok_or_else(|| {
                    Diagnostic::error(span, "continue statement not within a loop")
                })?);
                Ok(())
            }
            StmtKind::While { body, labels, .. }
            | StmtKind::DoWhile { body, labels, .. }
            | StmtKind::For { body, labels, .. } => {
                let l = self.new_loop();
                *labels = Some(l);
                self.loop_body(l, body)
            }
            StmtKind::Switch { body, cases, .. } => {
                let break_label = self.names.label();
                self.switches.push(SwitchCases {
                    break_label,
                    cases: Vec::new(),
                    default: None,
                });
                self.targets.push(Target::Switch(break_label));
                let result = self.stmt(body);
                self.targets.pop();
                *cases = self.switches.pop();
                result
            }
            StmtKind::Case { body, label, .. } => {
                if self.switches.is_empty() {
                    return Err(Diagnostic::error(
                        span,
                        "case label not within a switch statement",
                    ));
                }
                *label = Some(self.names.label());
                self.stmt(body)
            }
            StmtKind::Default { body, label } => {
                let fresh = self.names.label();
                let Some(switch) = self.switches.last_mut() else {
                    return Err(Diagnostic::error(
                        span,
                        "'default' label not within a switch statement",
                    ));
                };
                if switch.default.is_some() {
                    return Err(Diagnostic::error(
                        span,
                        "multiple default labels in one switch",
                    ));
                }
                switch.default = Some(fresh);
                *label = Some(fresh);
                self.stmt(body)
            }
            StmtKind::Labeled {
                name,
                name_span,
                body,
                label,
            } => {
                let (name, name_span) = (*name, *name_span);
                let interner = self.interner;
                let entry = self.goto_label(name, name_span);
                if entry.defined {
                    return Err(Diagnostic::error(
                        name_span,
                        format!("duplicate label '{}'", interner.get(name)),
                    ));
                }
                entry.defined = true;
                *label = Some(entry.label);
                self.stmt(body)
            }
            StmtKind::Goto { name, label } => {
                *label = Some(self.goto_label(*name, span).label);
                Ok(())
            }
            StmtKind::Return(_)
            | StmtKind::Expr(_)
            | StmtKind::GotoIndirect(_)
            | StmtKind::Null => Ok(()),
        }
    }
}
