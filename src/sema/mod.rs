//! Semantic analysis: the passes between parsing and TACKY (book chapters 5-13).
//!
//! `resolve` gives every local a unique name, `labels` ties loops, switches and
//! gotos to labels, `typecheck` builds the symbol table, types every
//! expression, makes implicit conversions explicit casts and checks case
//! values against their switch. `const_eval` computes the constant
//! expressions C requires (case values, static initialisers) in their types.

use crate::diag::{Diagnostic, Span};

/// gcc's error for a name declared as two kinds of thing (an object, a
/// function, a typedef name), from resolution and from the type checker.
pub fn different_kind(name: &str, span: Span) -> Diagnostic {
    Diagnostic::error(
        span,
        format!("'{name}' redeclared as different kind of symbol"),
    )
}

pub mod const_eval;
pub mod labels;
pub mod resolve;
pub mod typecheck;
