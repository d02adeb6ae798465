//! Copy propagation (book chapter 19): where every path to a use of `x`
//! passes a copy `x = v` after which neither `x` nor `v` changes, the use
//! reads `v` instead; a copy whose destination already holds its source's
//! value goes.
//!
//! Takes a function's CFG with its [`Vars`]; the reaching-copies analysis
//! is a forward "must" dataflow problem ([`crate::flow::dataflow`], facts
//! are sets of copies, meet is intersection). Guarantees: a copy stops
//! reaching at anything that may change either side: a write to either
//! variable (`CopyToOffset` included), a call or a store through a pointer
//! when either side is aliased (a static, or a local whose address is
//! taken); only copies between values of one representation (size,
//! signedness, `double`ness; aggregates of one type) propagate, so a use's
//! operation never changes; the variable `GetAddress` takes the address of
//! is never replaced (but the aggregate `CopyFromOffset` reads a member of
//! is, by another aggregate copied into it).

use rustc_hash::FxHashMap as HashMap;

use super::vars::Vars;
use crate::flow::bitset::BitSet;
use crate::flow::cfg::Cfg;
use crate::flow::dataflow::{self, Analysis, Direction};
use crate::intern::Sym;
use crate::ir::symbols::SymbolTable;
use crate::ir::tacky::{Instr, Sourced, Val};
use crate::ir::types::Type;

/// Propagates copies; says whether anything changed.
pub fn propagate_copies(cfg: &mut Cfg<Sourced<Instr>>, vars: &Vars, symbols: &SymbolTable) -> bool {
    let copies = Copies::of(cfg, vars, symbols);
    if copies.pairs.is_empty() {
        return false;
    }
    let reaching = dataflow::solve(cfg, &copies);
    let mut changed = false;
    let (mut rewritten, mut redundant) = (Vec::new(), Vec::new());
    for (block, fact) in cfg.blocks.iter_mut().zip(reaching) {
        redundant.clear();
        redundant.resize(block.instrs.len(), false);
        dataflow::walk(&copies, &block.instrs, fact, |i, reaching| {
            let instr = &block.instrs[i].item;
            if let Instr::Copy {
                src,
                dst: Val::Var(d),
            } = instr
                && copies.holds(reaching, *d, *src)
            {
                redundant[i] = true;
                return;
            }
            let copied = |v: &Val| match *v {
                Val::Var(x) => copies.value_of(reaching, x),
                Val::Constant(_) => None,
            };
            let mut replaced = false;
            instr.for_each_use(|v| replaced |= copied(v).is_some());
            // The aggregate a member is read from is a name, not a value,
            // but a copy of a whole aggregate stands for it just as well.
            let aggregate = match instr {
                Instr::CopyFromOffset { src, .. } => match copies.value_of(reaching, *src) {
                    Some(Val::Var(y)) => Some(y),
                    _ => None,
                },
                _ => None,
            };
            if !replaced && aggregate.is_none() {
                return;
            }
            let mut new = instr.clone();
            new.for_each_use_mut(|v| {
                if let Some(src) = copied(v) {
                    *v = src;
                }
            });
            if let (Instr::CopyFromOffset { src, .. }, Some(y)) = (&mut new, aggregate) {
                *src = y;
            }
            rewritten.push((i, new));
        });
        changed |= !rewritten.is_empty();
        for (i, new) in rewritten.drain(..) {
            block.instrs[i].item = new;
        }
        let mut i = 0;
        block.instrs.retain(|_| {
            i += 1;
            !redundant[i - 1]
        });
        changed |= redundant.contains(&true);
    }
    changed
}

/// The copies of one function (each distinct `dst = src` once, so that
/// the same copy made on two paths still reaches their join) and the
/// reaching-copies analysis over them.
struct Copies<'a> {
    /// Copy index → (destination, source).
    pairs: Vec<(Sym, Val)>,
    index: HashMap<(Sym, Val), usize>,
    /// Variable index → the copies naming it on either side.
    mentions: Vec<Vec<usize>>,
    /// Variable index → the copies into it.
    into: Vec<Vec<usize>>,
    /// The copies naming an aliased variable on either side.
    aliased: BitSet,
    vars: &'a Vars<'a>,
}

impl<'a> Copies<'a> {
    fn of(cfg: &Cfg<Sourced<Instr>>, vars: &'a Vars<'a>, symbols: &SymbolTable) -> Copies<'a> {
        let mut copies = Copies {
            pairs: Vec::new(),
            index: HashMap::default(),
            mentions: vec![Vec::new(); vars.len()],
            into: vec![Vec::new(); vars.len()],
            aliased: BitSet::empty(0),
            vars,
        };
        for instr in cfg.blocks.iter().flat_map(|b| &b.instrs) {
            let Instr::Copy {
                src,
                dst: Val::Var(d),
            } = instr.item
            else {
                continue;
            };
            if src == Val::Var(d)
                || copies.index.contains_key(&(d, src))
                || !interchangeable(&src.ty(symbols), &symbols.info(d).ty)
            {
                continue;
            }
            let c = copies.pairs.len();
            copies.pairs.push((d, src));
            copies.index.insert((d, src), c);
            let di = vars.index(d);
            copies.mentions[di].push(c);
            copies.into[di].push(c);
            if let Val::Var(s) = src {
                copies.mentions[vars.index(s)].push(c);
            }
        }
        let mut aliased = BitSet::empty(copies.pairs.len());
        for v in vars.aliased.iter() {
            for &c in &copies.mentions[v] {
                aliased.insert(c);
            }
        }
        copies.aliased = aliased;
        copies
    }

    fn kill(&self, fact: &mut BitSet, v: Sym) {
        for &c in &self.mentions[self.vars.index(v)] {
            fact.remove(c);
        }
    }

    /// Whether `dst` already holds `src` where `fact` holds: the copy, or
    /// its reverse, reaches.
    fn holds(&self, fact: &BitSet, dst: Sym, src: Val) -> bool {
        let reaches = |pair| self.index.get(&pair).is_some_and(|&c| fact.contains(c));
        reaches((dst, src)) || matches!(src, Val::Var(s) if reaches((s, Val::Var(dst))))
    }

    /// The value reaching copies give `x`, if one does. Copies chain:
    /// where `x = y` and `y = z` both reach, `x` holds `z`, so a chain of
    /// copies collapses in one round instead of one round per link.
    fn value_of(&self, fact: &BitSet, x: Sym) -> Option<Val> {
        let mut value = self.copied_into(fact, x)?;
        // Two copies each way cannot both reach (the second would be
        // redundant), so chains end; the bound is only a guard.
        for _ in 0..16 {
            match value {
                Val::Var(y) => match self.copied_into(fact, y) {
                    Some(next) if next != Val::Var(x) => value = next,
                    _ => break,
                },
                Val::Constant(_) => break,
            }
        }
        Some(value)
    }

    fn copied_into(&self, fact: &BitSet, x: Sym) -> Option<Val> {
        self.into[self.vars.index(x)]
            .iter()
            .find(|&&c| fact.contains(c))
            .map(|&c| self.pairs[c].1)
    }
}

impl Analysis<Sourced<Instr>> for Copies<'_> {
    type Fact = BitSet;
    const DIRECTION: Direction = Direction::Forward;

    fn boundary(&self) -> BitSet {
        BitSet::empty(self.pairs.len())
    }

    fn initial(&self) -> BitSet {
        BitSet::full(self.pairs.len())
    }

    fn meet(&self, into: &mut BitSet, other: &BitSet) {
        into.intersect_with(other);
    }

    fn transfer(&self, instr: &Sourced<Instr>, fact: &mut BitSet) {
        match &instr.item {
            Instr::Copy {
                src,
                dst: Val::Var(d),
            } => {
                if self.holds(fact, *d, *src) {
                    return;
                }
                self.kill(fact, *d);
                if let Some(&c) = self.index.get(&(*d, *src)) {
                    fact.insert(c);
                }
            }
            Instr::Call { dst, .. } => {
                fact.subtract(&self.aliased);
                if let Some(Val::Var(d)) = dst {
                    self.kill(fact, *d);
                }
            }
            Instr::Store { .. } | Instr::VaStart(_) | Instr::Fence => fact.subtract(&self.aliased),
            // Memory another thread may change, read and written.
            Instr::AtomicRmw { dst, .. } | Instr::CompareExchange { dst, .. } => {
                fact.subtract(&self.aliased);
                if let Val::Var(d) = dst {
                    self.kill(fact, *d);
                }
            }
            other => {
                if let Some(d) = other.dst() {
                    self.kill(fact, d);
                }
            }
        }
    }
}

/// Whether a value of type `a` can stand for one of type `b` in any
/// instruction: the same type, or scalars the machine treats alike.
fn interchangeable(a: &Type, b: &Type) -> bool {
    a == b
        || (a.is_scalar()
            && b.is_scalar()
            && a.size() == b.size()
            && (a.is_signed() == b.is_signed())
            && a.is_floating() == b.is_floating())
}
