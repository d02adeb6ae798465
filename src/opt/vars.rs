//! The variables of one TACKY function, numbered densely so that dataflow
//! facts about them are bit sets, and the alias facts the optimisations
//! share: which variables live in static storage, and which may be read
//! or written other than by name ("aliased": statics, whose address any
//! function may hold, and locals whose address the function takes).
//!
//! Takes a function's CFG and the symbol table; guarantees every variable
//! the body names (read, written, or its address taken) has an index.
//! Looking an index up is an array read: the analyses do it for every
//! operand of every instruction they visit.

use crate::flow::bitset::BitSet;
use crate::flow::cfg::Cfg;
use crate::intern::Sym;
use crate::ir::symbols::{Attrs, SymbolTable};
use crate::ir::tacky::{Instr, Sourced, Val};

/// A slot per symbol handle, reused from one function to the next (so it
/// is allocated once per translation unit, not once per function): a
/// variable's index, or `NONE`. [`Vars`] clears the slots it filled.
#[derive(Default)]
pub struct Slots(Vec<u32>);

const NONE: u32 = u32::MAX;

pub struct Vars<'a> {
    slots: &'a mut Slots,
    /// The variables, by index.
    pub syms: Vec<Sym>,
    /// Static storage (and string literals' arrays, which never change).
    pub statics: BitSet,
    /// Statics and address-taken locals.
    pub aliased: BitSet,
}

impl<'a> Vars<'a> {
    pub fn of_cfg(
        cfg: &Cfg<Sourced<Instr>>,
        symbols: &SymbolTable,
        slots: &'a mut Slots,
    ) -> Vars<'a> {
        let mut syms = Vec::new();
        let mut taken = Vec::new();
        let table = &mut slots.0;
        let mut add = |v: Sym| {
            let i = v.index();
            if i >= table.len() {
                table.resize((i + 1).next_power_of_two(), NONE);
            }
            if table[i] == NONE {
                table[i] = syms.len() as u32;
                syms.push(v);
            }
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
            aliased.insert(slots.0[v.index()] as usize);
        }
        Vars {
            slots,
            syms,
            statics,
            aliased,
        }
    }

    /// The index of a variable the body names.
    #[inline]
    pub fn index(&self, v: Sym) -> usize {
        let slot = self.slots.0[v.index()];
        debug_assert_ne!(slot, NONE, "a variable the function does not name");
        slot as usize
    }

    pub fn len(&self) -> usize {
        self.syms.len()
    }
}

impl Drop for Vars<'_> {
    fn drop(&mut self) {
        for v in &self.syms {
            self.slots.0[v.index()] = NONE;
        }
    }
}
