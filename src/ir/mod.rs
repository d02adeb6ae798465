//! Intermediate representations: data types only, and their printers. Passes
//! live elsewhere, one per file.

pub mod asm;
pub mod ast;
pub mod consts;
pub mod symbols;
pub mod tacky;
pub mod token;
pub mod types;
pub mod va_list;

use std::fmt;

/// A compiler-generated label, unique in the translation unit. Produced by
/// semantic analysis (loops, switches, `goto`) and TACKY lowering; rendered by
/// the target as a local label (`.L12` on ELF).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Label(pub u32);

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "L{}", self.0)
    }
}

/// Hands out fresh labels and name numbers for one translation unit, and
/// the numbers of one function's temporaries.
#[derive(Default)]
pub struct NameGen {
    next: u32,
    temps: u32,
}

impl NameGen {
    /// Temporaries are numbered from zero again in each function: they die
    /// with it, so the next function can reuse their names (and a long file
    /// interns only as many as its largest function needs).
    pub fn start_function(&mut self) {
        self.temps = 0;
    }

    /// The number of the function's next temporary (see
    /// [`crate::intern::Interner::temp`]).
    pub fn temp(&mut self) -> u32 {
        let t = self.temps;
        self.temps += 1;
        t
    }

    pub fn label(&mut self) -> Label {
        Label(self.bump())
    }

    pub fn bump(&mut self) -> u32 {
        self.next += 1;
        self.next
    }
}
