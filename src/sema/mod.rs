//! Semantic analysis: the passes between parsing and TACKY (book chapters 5-13).
//!
//! `resolve` gives every local a unique name, `labels` ties loops, switches and
//! gotos to labels, `typecheck` builds the symbol table, types every
//! expression, makes implicit conversions explicit casts and checks case
//! values against their switch. `const_eval` computes the constant
//! expressions C requires (case values, static initialisers) in their types.

pub mod const_eval;
pub mod labels;
pub mod resolve;
pub mod typecheck;
