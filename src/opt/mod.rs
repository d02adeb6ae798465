//! The TACKY optimisations (book chapter 19), one pass per file, run over
//! each function until none of them changes anything.
//!
//! Takes a lowered TACKY function and the symbol table; returns the
//! function optimised by the passes `Optimizations` selects. All four work
//! on the function's control-flow graph ([`crate::flow::cfg`]), built once;
//! its edges are rebuilt when folding changes a branch. Guarantees: the function computes what it did
//! (what C leaves undefined aside), every variable it still names is in the
//! symbol table, and the result is a fixed point of the selected passes.

mod branches;
mod copy_prop;
mod dead_stores;
mod fold;
pub mod unreachable;
mod vars;

use crate::flow::cfg::Cfg;
use crate::ir::NameGen;
use crate::ir::symbols::SymbolTable;
use crate::ir::tacky::Function;

/// Which passes run (the book's four flags; `-O1` and up select all).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Optimizations {
    pub fold_constants: bool,
    pub eliminate_unreachable_code: bool,
    pub propagate_copies: bool,
    pub eliminate_dead_stores: bool,
}

impl Optimizations {
    pub const ALL: Optimizations = Optimizations {
        fold_constants: true,
        eliminate_unreachable_code: true,
        propagate_copies: true,
        eliminate_dead_stores: true,
    };

    pub fn any(self) -> bool {
        self != Optimizations::default()
    }
}

/// Runs the selected passes over functions, keeping the buffers one
/// function's analyses need for the next.
#[derive(Default)]
pub struct Optimizer {
    slots: vars::Slots,
}

impl Optimizer {
    /// Runs the selected passes over `f` to a fixed point.
    pub fn optimize_function(
        &mut self,
        f: &mut Function,
        symbols: &SymbolTable,
        names: &mut NameGen,
        opts: Optimizations,
    ) {
        if !opts.any() {
            return;
        }
        let mut cfg = Cfg::new(std::mem::take(&mut f.body));
        // Every round removes instructions or replaces a variable with a value
        // computed earlier, so the loop ends; the bound only turns a bug into
        // a panic in debug builds instead of a hang.
        for _ in 0..10_000 {
            let mut changed = false;
            if opts.fold_constants && fold::fold_constants(&mut cfg, symbols) {
                // Folded branches change the edges.
                cfg.rebuild_edges();
                changed = true;
            }
            // Branches on what `!`, `&&` and `||` made: constant on some
            // paths, which is folding's business too.
            if opts.fold_constants {
                changed |= branches::simplify_branches(&mut cfg, names);
            }
            if opts.eliminate_unreachable_code {
                changed |= unreachable::eliminate_unreachable_code(&mut cfg, &f.address_taken);
            }
            if opts.propagate_copies || opts.eliminate_dead_stores {
                let vars = vars::Vars::of_cfg(&cfg, symbols, &mut self.slots);
                if opts.propagate_copies {
                    changed |= copy_prop::propagate_copies(&mut cfg, &vars, symbols);
                }
                if opts.eliminate_dead_stores {
                    changed |= dead_stores::eliminate_dead_stores(&mut cfg, &vars);
                }
            }
            if !changed {
                f.body = cfg.into_instrs();
                return;
            }
        }
        debug_assert!(false, "optimisations did not converge");
    }
}
