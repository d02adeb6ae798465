//! String interning for identifiers and generated names.
//!
//! Takes strings, returns small copyable [`Sym`] handles; guarantees that equal
//! strings get equal handles for the life of one [`Interner`]. The interner is
//! owned by a compilation and passed explicitly (no global state).

use rustc_hash::FxHashMap as HashMap;

/// An interned string: compare and hash as an integer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(u32);

impl Sym {
    /// No string: the `sym` of tokens whose kind says everything (punctuators).
    pub const NONE: Sym = Sym(u32::MAX);

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Default)]
pub struct Interner {
    map: HashMap<Box<str>, Sym>,
    strings: Vec<Box<str>>,
}

impl Interner {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn intern(&mut self, s: &str) -> Sym {
        if let Some(&sym) = self.map.get(s) {
            return sym;
        }
        let sym = Sym(self.strings.len() as u32);
        self.strings.push(s.into());
        self.map.insert(s.into(), sym);
        sym
    }

    pub fn get(&self, sym: Sym) -> &str {
        self.strings.get(sym.0 as usize).map_or("", |s| s)
    }

    /// How many strings are interned (every `Sym` is below this).
    pub fn len(&self) -> usize {
        self.strings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }
}
