//! The variables of one TACKY function, numbered densely so that dataflow
//! facts about them are bit sets, and the alias facts the optimisations
//! share: which variables live in static storage, and which may be read
//! or written other than by name ("aliased": statics, whose address any
//! function may hold, and locals whose address the function takes).
//!
//! Takes a function's CFG and the symbol table; guarantees every variable
//! the body names (read, written, or its address taken) has an index.

use std::collections::HashMap;

use crate::flow::bitset::BitSet;
use crate::flow::cfg::Cfg;
use crate::intern::Sym;
use crate::ir::symbols::{Attrs, SymbolTable};
use crate::ir::tacky::{Instr, Sourced, Val};

pub struct Vars {
    index: HashMap<Sym, usize>,
    /// The variables, by index.
    pub syms: Vec<Sym>,
    /// Static storage (and string literals' arrays, which never change).
    pub statics: BitSet,
    /// Statics and address-taken locals.
    pub aliased: BitSet,
}

impl Vars {
    pub fn of_cfg(cfg: &Cfg<Sourced<Instr>>, symbols: &SymbolTable) -> Vars {
        let mut index = HashMap::new();
        let mut syms = Vec::new();
        let mut taken = Vec::new();
        let mut add = |v: Sym| {
            index.entry(v).or_insert_with(|| {
                syms.push(v);
                syms.len() - 1
            });
        };
        for instr in cfg.blocks.iter().flat_map(|b| &b.instrs) {
            instr.item.for_each_use(|v| {
                if let Val::Var(v) = v {
                    add(*v);
                }
            });
            if let Some(d) = instr.item.dst() {
                add(d);
            }
            match instr.item {
                Instr::GetAddress {
                    src: Val::Var(v), ..
                } => {
                    add(v);
                    taken.push(v);
                }
                Instr::CopyFromOffset { src, .. } => add(src),
                _ => {}
            }
        }
        let mut statics = BitSet::empty(syms.len());
        for (i, &v) in syms.iter().enumerate() {
            if !matches!(symbols.info(v).attrs, Attrs::Local) {
                statics.insert(i);
            }
        }
        let mut aliased = statics.clone();
        for v in taken {
            aliased.insert(index[&v]);
        }
        Vars {
            index,
            syms,
            statics,
            aliased,
        }
    }

    /// The index of a variable the body names.
    #[inline]
    pub fn index(&self, v: Sym) -> usize {
        self.index[&v]
    }

    pub fn len(&self) -> usize {
        self.syms.len()
    }
}
