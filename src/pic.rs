//! Position-independent data (`-fPIC`): every access to a variable another
//! module may define or preempt goes through its address; without `-fPIC`,
//! every access to a weak variable not defined so far (which may be
//! undefined at run time, at address 0). Always, every access to a
//! `volatile` scalar: through its address it lives in memory, and no
//! optimisation drops or merges a load or a store. Always, every access to
//! a `_Thread_local` variable, whose address is computed from the thread
//! pointer (selection's `ThreadAddress`).
//!
//! Takes lowered TACKY and the symbol table; rewrites each function so that
//! no instruction names a global or `extern` variable (an
//! `Attrs::Static` with `global`) except as the operand of `GetAddress`:
//! a read becomes `p = &x; t = *p` (a member read `*(p + offset)`), a
//! write `t = ...; p = &x; *p = t`. Selection then loads such an address
//! from the global offset table (`x@GOTPCREL(%rip)`), which the dynamic
//! linker fills in, so the object can go into a shared library. Variables
//! of this file only (`static`) keep direct RIP-relative access.
//! Guarantees: the function computes what it did; every temporary it adds
//! is a local in the symbol table.

use crate::diag::Span;
use crate::intern::{Interner, Sym};
use crate::ir::NameGen;
use crate::ir::consts::Const;
use crate::ir::symbols::{Attrs, SymbolTable};
use crate::ir::tacky::{Function, Instr, Sourced, Val};
use crate::ir::types::Type;

/// Whether the rewrite can concern any variable of the file: under
/// `-fPIC`, or when some variable is weak or `volatile` (see the header).
pub fn reaches_any(symbols: &SymbolTable, pic: bool) -> bool {
    pic || !symbols.weak.is_empty()
        || !symbols.volatile.is_empty()
        || !symbols.thread_local.is_empty()
}

/// Rewrites one function.
pub fn reach_globals_through_addresses(
    f: &mut Function,
    symbols: &mut SymbolTable,
    interner: &mut Interner,
    names: &mut NameGen,
    pic: bool,
) {
    Rewriter {
        symbols,
        interner,
        names,
        pic,
    }
    .function(f);
}

struct Rewriter<'a> {
    symbols: &'a mut SymbolTable,
    interner: &'a mut Interner,
    names: &'a mut NameGen,
    /// `-fPIC`: every global variable is reached so.
    pic: bool,
}

impl Rewriter<'_> {
    fn preemptible(&self, v: Sym) -> bool {
        if self.symbols.volatile.contains(&v) || self.symbols.thread_local.contains_key(&v) {
            return true;
        }
        if self.pic {
            matches!(
                self.symbols.info(v).attrs,
                Attrs::Static { global: true, .. }
            )
        } else {
            self.symbols.is_weak_undefined_variable(v)
        }
    }

    fn temp(&mut self, ty: Type) -> Sym {
        let name = self.interner.temp(self.names.temp());
        self.symbols.add_local(name, ty);
        name
    }

    /// `p = &x`, emitted into `out`; returns `p`.
    fn address(&mut self, x: Sym, out: &mut Vec<Sourced<Instr>>, span: Span) -> Val {
        let ty = Type::pointer_to(self.symbols.info(x).ty.clone());
        let p = Val::Var(self.temp(ty));
        out.push(Sourced {
            item: Instr::GetAddress {
                src: Val::Var(x),
                dst: p,
            },
            span,
        });
        p
    }

    /// `&x + offset`, as a byte pointer.
    fn member_address(
        &mut self,
        x: Sym,
        offset: i64,
        out: &mut Vec<Sourced<Instr>>,
        span: Span,
    ) -> Val {
        let base = self.address(x, out, span);
        let p = Val::Var(self.temp(Type::pointer_to(Type::Char)));
        out.push(Sourced {
            item: Instr::AddPtr {
                ptr: base,
                index: Val::Constant(Const::Long(offset)),
                scale: 1,
                dst: p,
            },
            span,
        });
        p
    }

    fn function(&mut self, f: &mut Function) {
        let uses_global = f.body.iter().any(|i| self.mentions_preemptible(&i.item));
        if !uses_global {
            return;
        }
        let body = std::mem::take(&mut f.body);
        let mut out = Vec::with_capacity(body.len() * 2);
        for Sourced { mut item, span } in body {
            // Reads: each preemptible variable read is loaded first.
            let mut reads: Vec<Sym> = Vec::new();
            if !matches!(item, Instr::GetAddress { .. }) {
                item.for_each_use(|v| {
                    if let Val::Var(x) = v
                        && self.preemptible(*x)
                        && !reads.contains(x)
                    {
                        reads.push(*x);
                    }
                });
            }
            for x in reads {
                let p = self.address(x, &mut out, span);
                let t = Val::Var(self.temp(self.symbols.info(x).ty.clone()));
                out.push(Sourced {
                    item: Instr::Load { ptr: p, dst: t },
                    span,
                });
                item.for_each_use_mut(|v| {
                    if *v == Val::Var(x) {
                        *v = t;
                    }
                });
            }
            match item {
                Instr::CopyFromOffset { src, offset, dst } if self.preemptible(src) => {
                    let p = self.member_address(src, offset, &mut out, span);
                    out.push(Sourced {
                        item: Instr::Load { ptr: p, dst },
                        span,
                    });
                    continue;
                }
                Instr::CopyToOffset { src, dst, offset } if self.preemptible(dst) => {
                    let p = self.member_address(dst, offset, &mut out, span);
                    out.push(Sourced {
                        item: Instr::Store { src, ptr: p },
                        span,
                    });
                    continue;
                }
                _ => {}
            }
            // A write: into a temporary, then stored.
            let written = item.dst().filter(|&x| self.preemptible(x));
            if let Some(x) = written {
                let t = Val::Var(self.temp(self.symbols.info(x).ty.clone()));
                *item
                    .whole_dst_mut()
                    .expect("a CopyToOffset was rewritten above") = t;
                out.push(Sourced { item, span });
                let p = self.address(x, &mut out, span);
                out.push(Sourced {
                    item: Instr::Store { src: t, ptr: p },
                    span,
                });
                continue;
            }
            out.push(Sourced { item, span });
        }
        f.body = out;
    }

    fn mentions_preemptible(&self, item: &Instr) -> bool {
        let mut found = false;
        item.for_each_use(|v| found |= matches!(v, Val::Var(x) if self.preemptible(*x)));
        found
            || item.dst().is_some_and(|x| self.preemptible(x))
            || matches!(item, Instr::CopyFromOffset { src, .. } if self.preemptible(*src))
    }
}
