//! Semantic analysis: the passes between parsing and TACKY (book chapters 5-10).
//!
//! `resolve` gives every local a unique name, `labels` ties loops, switches and
//! gotos to labels, `typecheck` builds the symbol table and types every
//! expression. `const_eval` folds the constant expressions C requires (case
//! values, static initialisers).

pub mod const_eval;
pub mod labels;
pub mod resolve;
pub mod typecheck;
