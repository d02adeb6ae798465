//! Back ends over the final assembly IR. `att` prints AT&T text; the built-in
//! encoder (a later milestone) will encode the same IR.

pub mod att;
