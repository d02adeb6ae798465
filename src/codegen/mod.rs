//! Code generation: TACKY to the final, concrete assembly IR.
//!
//! `select` chooses instructions over pseudo-registers, `regalloc` (when
//! optimising) colours pseudo-registers with hardware registers and
//! `peephole` then tidies what selection and colouring left, `frame`
//! gives each remaining pseudo-register a home, `fixup` legalises operands and writes out the
//! prologue and epilogue, and `verify` checks the result is concrete.

pub mod abi;
pub mod fixup;
pub mod frame;
pub mod peephole;
pub mod regalloc;
pub mod select;
pub mod verify;
