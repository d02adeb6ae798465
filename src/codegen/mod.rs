//! Code generation: TACKY to the final, concrete assembly IR.
//!
//! `select` chooses instructions over pseudo-registers, `frame` gives each
//! pseudo-register a home, `fixup` legalises operands and writes out the
//! prologue and epilogue, and `verify` checks the result is concrete.

pub mod abi;
pub mod fixup;
pub mod frame;
pub mod select;
pub mod verify;
