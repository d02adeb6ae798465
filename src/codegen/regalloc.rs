//! Register allocation (book chapter 20): pseudo-registers into hardware
//! registers by graph colouring, when optimising.
//!
//! Takes a function over pseudo-registers (after selection) and the
//! [`AsmSymbols`]; rewrites every pseudo-register it can colour to a
//! register of its class and returns the callee-saved registers the
//! colouring uses (which the prologue saves and every `ret` restores).
//! Pseudo-registers it cannot colour stay, and frame layout gives them
//! stack slots as before.
//!
//! # The algorithm
//!
//! One allocator, run once per register class (general registers for the
//! integer and pointer types, XMM registers for `double`):
//!
//! 1. **Candidates.** Scalars of the class that live in the frame and whose
//!    address is never taken (`lea` of a pseudo keeps it in memory, so does
//!    a static home or an aggregate). Every other operand is left alone.
//! 2. **Liveness** over the function's control-flow graph, an instance of
//!    the shared backward dataflow solver ([`crate::flow::dataflow`]): the
//!    live set holds candidates and the allocatable hardware registers. What
//!    an instruction reads and writes comes from [`Instr::operands`] (the
//!    pseudos) and [`Instr::registers`] (hardware registers, implicit ones
//!    included: division, `cltd`, calls reading their argument registers and
//!    clobbering every caller-saved one, `ret` reading the return
//!    registers); nothing here knows an instruction's operands itself.
//!    `setCC` writes one byte of its operand and so also reads it.
//! 3. **Interference.** A value written by an instruction interferes with
//!    everything live after it, except, for a `mov`, its own source (the
//!    two may share a register). Hardware registers are precoloured nodes.
//! 4. **Colouring** (Chaitin-Briggs with optimistic spilling): nodes of
//!    degree below K are simplified first; when none is left, the node with
//!    the lowest spill cost per neighbour is pushed as a potential spill.
//!    The cost is the number of times the pseudo occurs, the book's
//!    measure (weighting occurrences inside loops more would be better and
//!    is not done yet). Popping, each node takes the first register in the
//!    class's order that no coloured neighbour holds; one that finds none
//!    is spilled: it stays a pseudo-register, in memory. Caller-saved
//!    registers come first in that order, so callee-saved ones (which cost
//!    a save and a restore) are used only by values live across calls or
//!    under pressure.
//! 5. **Rewrite.** Coloured pseudos become their registers; a `mov` of a
//!    register onto itself disappears.
//!
//! Before colouring, **conservative coalescing** merges the two ends of a
//! `mov` that do not interfere, so the move disappears: by Briggs's test,
//! or George's for a pseudo and a register (see [`coalesce`]),
//! rebuilding liveness and the graph after each round until no move can
//! merge. Both tests are conservative: a merge is made only when a graph
//! that simplified without spilling before it still does after it.
//!
//! Edges live in a bit matrix (a hash set beyond 8,192 nodes) so that the
//! millions of pairs a function with thousands of live values produces
//! cost a bit test each.
//!
//! # Invariants
//!
//! `%r10`, `%r11`, `%xmm14` and `%xmm15` are never allocated: fix-up needs
//! them as scratch registers. `%rsp` and `%rbp` hold the frame. A register
//! holds two pseudos only where their live ranges do not overlap (or one
//! is a copy of the other at the `mov` that starts it).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::flow::bitset::BitSet;
use crate::flow::cfg::Cfg;
use crate::flow::dataflow::{self, Analysis, Direction};
use crate::intern::Sym;
use crate::ir::asm::{
    Access, AsmSymbols, AsmType, CALLEE_SAVED, CALLER_SAVED, Function, Home, Instr, Operand, Reg,
    RegSet, Xmm,
};
use crate::ir::tacky::Sourced;

/// A register class: its allocatable registers as operands, in order of
/// preference, and which `RegSet` bit each is.
struct Class {
    regs: Vec<Operand>,
    bits: Vec<u32>,
    double: bool,
}

impl Class {
    /// Caller-saved registers first (see the header), fix-up's scratch
    /// registers left out.
    fn general() -> Class {
        let order: Vec<Reg> = CALLER_SAVED
            .into_iter()
            .filter(|r| !matches!(r, Reg::R10 | Reg::R11))
            .chain(CALLEE_SAVED)
            .collect();
        Class {
            regs: order.iter().map(|&r| Operand::Reg(r)).collect(),
            bits: order.iter().map(|&r| r as u32).collect(),
            double: false,
        }
    }

    fn xmm() -> Class {
        Class {
            regs: (0..14u8).map(|n| Operand::Xmm(Xmm(n))).collect(),
            bits: (0..14u8).map(|n| 16 + u32::from(n)).collect(),
            double: true,
        }
    }
}

/// Allocates registers in `f`; returns the callee-saved registers used.
pub fn allocate_registers(f: &mut Function, symbols: &AsmSymbols) -> Vec<Reg> {
    let mut assigned: HashMap<Sym, Operand> = HashMap::default();
    for class in [Class::general(), Class::xmm()] {
        colour(f, symbols, &class, &mut assigned);
    }
    if assigned.is_empty() {
        return Vec::new();
    }
    rename(f, &assigned);
    CALLEE_SAVED
        .into_iter()
        .filter(|&r| assigned.values().any(|&op| op == Operand::Reg(r)))
        .collect()
}

/// Replaces each pseudo-register `to` names with what it maps to, then
/// drops the moves that became moves onto themselves.
fn rename(f: &mut Function, to: &HashMap<Sym, Operand>) {
    for instr in &mut f.instrs {
        for op in instr.item.operands_mut().into_iter().flatten() {
            if let Operand::Pseudo(name) = *op
                && let Some(&new) = to.get(&name)
            {
                *op = new;
            }
        }
    }
    f.instrs.retain(|i| !is_self_move(&i.item));
}

/// The interference graph of one class: nodes `0..K` are the class's
/// registers (precoloured), the rest its candidate pseudos.
struct Graph {
    k: usize,
    pseudos: Vec<Sym>,
    node_of: HashMap<Sym, usize>,
    /// Node of each `RegSet` bit, for the class's registers.
    reg_node: [Option<usize>; 32],
    edges: EdgeSet,
    adjacent: Vec<Vec<u32>>,
    cost: Vec<u32>,
}

/// The edges of a graph, asked "is this one there" for every pair an
/// instruction makes: a bit matrix up to `MATRIX_NODES` nodes (8 MiB at
/// most, and no hashing), a hash set beyond.
enum EdgeSet {
    Matrix { n: usize, bits: Vec<u64> },
    Hashed(HashSet<(u32, u32)>),
}

const MATRIX_NODES: usize = 8192;

impl EdgeSet {
    fn new(n: usize) -> EdgeSet {
        if n <= MATRIX_NODES {
            EdgeSet::Matrix {
                n,
                bits: vec![0; (n * n).div_ceil(64)],
            }
        } else {
            EdgeSet::Hashed(HashSet::default())
        }
    }

    /// Adds the edge; says whether it is new.
    fn insert(&mut self, a: usize, b: usize) -> bool {
        let (a, b) = (a.min(b), a.max(b));
        match self {
            EdgeSet::Matrix { n, bits } => {
                let i = a * *n + b;
                let (word, mask) = (i / 64, 1u64 << (i % 64));
                let new = bits[word] & mask == 0;
                bits[word] |= mask;
                new
            }
            EdgeSet::Hashed(set) => set.insert((a as u32, b as u32)),
        }
    }
}

impl Graph {
    fn len(&self) -> usize {
        self.k + self.pseudos.len()
    }

    fn add_edge(&mut self, a: usize, b: usize) {
        if a != b && self.edges.insert(a, b) {
            self.adjacent[a].push(b as u32);
            self.adjacent[b].push(a as u32);
        }
    }

    /// The node of an operand that is one: a candidate or a register of
    /// the class.
    fn node(&self, op: Operand) -> Option<usize> {
        match op {
            Operand::Pseudo(name) => self.node_of.get(&name).copied(),
            Operand::Reg(r) => self.reg_node[r as usize],
            Operand::Xmm(Xmm(x)) => self.reg_node[16 + usize::from(x)],
            _ => None,
        }
    }

    /// The nodes an instruction reads and writes.
    fn effects(&self, instr: &Instr, returns: RegSet) -> (Nodes, Nodes) {
        let (mut uses, mut defs) = (Nodes::default(), Nodes::default());
        for slot in instr.operands().into_iter().flatten() {
            if let Operand::Pseudo(name) = slot.operand
                && let Some(&n) = self.node_of.get(&name)
            {
                // setCC writes one byte: the rest of the register stays.
                let access = match instr {
                    Instr::SetCC(..) => Access::ReadWrite,
                    _ => slot.access,
                };
                if access.reads() {
                    uses.push(n);
                }
                if access.writes() {
                    defs.push(n);
                }
            }
        }
        let fx = instr.registers(returns);
        for (set, nodes) in [(fx.uses, &mut uses), (fx.defs, &mut defs)] {
            let mut bits = set.0;
            while bits != 0 {
                let bit = bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if let Some(n) = self.reg_node[bit] {
                    nodes.push(n);
                }
            }
        }
        (uses, defs)
    }
}

/// The nodes one instruction reads or writes: at most its two operands and
/// every register of both classes, so a fixed array (liveness asks for
/// every instruction it visits; a heap allocation each time showed).
struct Nodes {
    len: usize,
    nodes: [usize; 34],
}

impl Default for Nodes {
    fn default() -> Nodes {
        Nodes {
            len: 0,
            nodes: [0; 34],
        }
    }
}

impl Nodes {
    fn push(&mut self, n: usize) {
        self.nodes[self.len] = n;
        self.len += 1;
    }

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.nodes[..self.len].iter().copied()
    }
}

/// Liveness of a class's nodes: the shared backward solver.
struct Liveness<'a> {
    graph: &'a Graph,
    returns: RegSet,
}

impl Analysis<Sourced<Instr>> for Liveness<'_> {
    type Fact = BitSet;
    const DIRECTION: Direction = Direction::Backward;

    fn boundary(&self) -> BitSet {
        BitSet::empty(self.graph.len())
    }

    fn initial(&self) -> BitSet {
        BitSet::empty(self.graph.len())
    }

    fn meet(&self, into: &mut BitSet, other: &BitSet) {
        into.union_with(other);
    }

    fn transfer(&self, instr: &Sourced<Instr>, live: &mut BitSet) {
        let (uses, defs) = self.graph.effects(&instr.item, self.returns);
        defs.iter().for_each(|d| live.remove(d));
        uses.iter().for_each(|u| live.insert(u));
    }
}

fn colour(
    f: &mut Function,
    symbols: &AsmSymbols,
    class: &Class,
    assigned: &mut HashMap<Sym, Operand>,
) {
    // Coalesce to a fixed point, rebuilding the graph after each round of
    // merges; then colour what is left.
    loop {
        let graph = interference(f, symbols, class);
        if graph.pseudos.is_empty() {
            return;
        }
        let renames = coalesce(&graph, f, class);
        if renames.is_empty() {
            let colours = simplify_and_select(&graph);
            for (i, &name) in graph.pseudos.iter().enumerate() {
                if let Some(c) = colours[graph.k + i] {
                    assigned.insert(name, class.regs[c]);
                }
            }
            return;
        }
        rename(f, &renames);
    }
}

/// A `mov` of a register or pseudo-register onto itself: nothing to do.
fn is_self_move(instr: &Instr) -> bool {
    matches!(instr, Instr::Mov { src, dst, .. } if src == dst && !src.is_memory())
}

/// The interference graph of a class's candidates and registers.
fn interference(f: &mut Function, symbols: &AsmSymbols, class: &Class) -> Graph {
    let mut graph = build_nodes(f, symbols, class);
    if graph.pseudos.is_empty() {
        return graph;
    }
    let cfg = Cfg::new(std::mem::take(&mut f.instrs));
    let liveness = Liveness {
        graph: &graph,
        returns: f.returns,
    };
    let live_out = dataflow::solve(&cfg, &liveness);
    // Edges go straight into the set as the walk finds them (a function
    // with thousands of live values makes millions of pairs, mostly seen
    // before).
    let mut edges = EdgeSet::new(graph.len());
    let mut adjacent = vec![Vec::new(); graph.len()];
    for (block, fact) in cfg.blocks.iter().zip(live_out) {
        dataflow::walk(&liveness, &block.instrs, fact, |i, live_after| {
            let instr = &block.instrs[i].item;
            let (_, defs) = graph.effects(instr, f.returns);
            // A move's destination may share its source's register.
            let source = match instr {
                Instr::Mov { src, .. } => graph.node(*src),
                _ => None,
            };
            for d in defs.iter() {
                for l in live_after.iter() {
                    if Some(l) != source && l != d && edges.insert(d, l) {
                        adjacent[d].push(l as u32);
                        adjacent[l].push(d as u32);
                    }
                }
            }
        });
    }
    f.instrs = cfg.into_instrs();
    graph.edges = edges;
    graph.adjacent = adjacent;
    // Precoloured registers interfere with each other: no two share a colour.
    for a in 0..graph.k {
        for b in a + 1..graph.k {
            graph.add_edge(a, b);
        }
    }
    graph
}

/// Conservative coalescing: for each `mov` between two nodes that do not
/// interfere, merge them when colouring stays as easy as it was: by
/// Briggs's test (the merged node has fewer than K neighbours of K or more
/// neighbours), or, for a pseudo and a register,
/// by George's (every neighbour of the pseudo already interferes with the
/// register or has fewer than K neighbours). Returns what each merged
/// pseudo becomes.
fn coalesce(graph: &Graph, f: &Function, class: &Class) -> HashMap<Sym, Operand> {
    let k = graph.k;
    let mut adjacent: Vec<HashSet<u32>> = graph
        .adjacent
        .iter()
        .map(|a| a.iter().copied().collect())
        .collect();
    let mut alias: Vec<usize> = (0..graph.len()).collect();
    let find = |alias: &[usize], mut v: usize| {
        while alias[v] != v {
            v = alias[v];
        }
        v
    };
    // Registers count by their real degree too (all interfere with each
    // other, so a register is significant once any pseudo interferes).
    let significant = |adjacent: &[HashSet<u32>], t: usize| adjacent[t].len() >= k;
    let mut merged = false;
    for instr in &f.instrs {
        let Instr::Mov { src, dst, .. } = instr.item else {
            continue;
        };
        let (Some(s), Some(d)) = (graph.node(src), graph.node(dst)) else {
            continue;
        };
        let (s, d) = (find(&alias, s), find(&alias, d));
        if s == d || (s < k && d < k) || adjacent[s].contains(&(d as u32)) {
            continue;
        }
        let (keep, gone) = if d < k { (d, s) } else { (s, d) };
        let george = || {
            adjacent[gone].iter().all(|&t| {
                let t = t as usize;
                adjacent[t].contains(&(keep as u32)) || !significant(&adjacent, t)
            })
        };
        let briggs = || {
            // The merged node's neighbours: keep's, then gone's not already
            // counted; a common neighbour loses one edge in the merge.
            let heavy_keep = adjacent[keep]
                .iter()
                .filter(|&&t| {
                    let both = adjacent[gone].contains(&t);
                    adjacent[t as usize].len() - usize::from(both) >= k
                })
                .count();
            let heavy_gone = adjacent[gone]
                .iter()
                .filter(|&&t| !adjacent[keep].contains(&t) && adjacent[t as usize].len() >= k)
                .count();
            heavy_keep + heavy_gone < k
        };
        let ok = briggs() || (keep < k && george());
        if !ok {
            continue;
        }
        alias[gone] = keep;
        merged = true;
        for t in std::mem::take(&mut adjacent[gone]) {
            let t = t as usize;
            adjacent[t].remove(&(gone as u32));
            adjacent[t].insert(keep as u32);
            adjacent[keep].insert(t as u32);
        }
    }
    let mut renames = HashMap::default();
    if !merged {
        return renames;
    }
    for (i, &name) in graph.pseudos.iter().enumerate() {
        let root = find(&alias, k + i);
        if root != k + i {
            let to = if root < k {
                class.regs[root]
            } else {
                Operand::Pseudo(graph.pseudos[root - k])
            };
            renames.insert(name, to);
        }
    }
    renames
}

/// The candidates of a class, their spill costs, and the register nodes.
fn build_nodes(f: &Function, symbols: &AsmSymbols, class: &Class) -> Graph {
    let k = class.regs.len();
    let mut reg_node = [None; 32];
    for (n, &bit) in class.bits.iter().enumerate() {
        reg_node[bit as usize] = Some(n);
    }
    let mut graph = Graph {
        k,
        pseudos: Vec::new(),
        node_of: HashMap::default(),
        reg_node,
        edges: EdgeSet::new(0),
        adjacent: Vec::new(),
        // Registers are never spilled; their cost is never read.
        cost: vec![0; k],
    };
    let mut taken: HashSet<Sym> = HashSet::default();
    for instr in &f.instrs {
        if let Instr::Lea {
            src: Operand::Pseudo(name),
            ..
        } = instr.item
        {
            taken.insert(name);
        }
    }
    for instr in &f.instrs {
        for slot in instr.item.operands().into_iter().flatten() {
            let Operand::Pseudo(name) = slot.operand else {
                continue;
            };
            if let Some(&n) = graph.node_of.get(&name) {
                graph.cost[n] += 1;
                continue;
            }
            let object = symbols.object(name);
            let fits = object.home == Home::Stack
                && object.ty != AsmType::ByteArray
                && object.ty.is_sse() == class.double
                && !taken.contains(&name);
            if fits {
                let n = k + graph.pseudos.len();
                graph.pseudos.push(name);
                graph.node_of.insert(name, n);
                graph.cost.push(1);
            }
        }
    }
    graph
}

/// Chaitin-Briggs: simplify (optimistically pushing the cheapest spill
/// candidate when every node left has K or more neighbours), then select.
/// The colour of each node (a register nodes' colour is its own index).
fn simplify_and_select(graph: &Graph) -> Vec<Option<usize>> {
    let (k, n) = (graph.k, graph.len());
    let mut degree: Vec<usize> = graph.adjacent.iter().map(Vec::len).collect();
    let mut removed = vec![false; n];
    let mut stack = Vec::with_capacity(n - k);
    let mut low: Vec<usize> = (k..n).filter(|&v| degree[v] < k).collect();
    let mut left = n - k;
    while left > 0 {
        let v = match low.pop() {
            Some(v) if removed[v] => continue,
            Some(v) => v,
            None => (k..n)
                .filter(|&v| !removed[v])
                .min_by(|&a, &b| {
                    let ratio = |v: usize| f64::from(graph.cost[v]) / degree[v].max(1) as f64;
                    ratio(a).total_cmp(&ratio(b))
                })
                .expect("a node is left"),
        };
        removed[v] = true;
        left -= 1;
        stack.push(v);
        for &m in &graph.adjacent[v] {
            let m = m as usize;
            if m >= k && !removed[m] {
                degree[m] -= 1;
                if degree[m] == k - 1 {
                    low.push(m);
                }
            }
        }
    }
    let mut colour: Vec<Option<usize>> = (0..n).map(|v| (v < k).then_some(v)).collect();
    while let Some(v) = stack.pop() {
        let mut taken = vec![false; k];
        for &m in &graph.adjacent[v] {
            if let Some(c) = colour[m as usize] {
                taken[c] = true;
            }
        }
        colour[v] = (0..k).find(|&c| !taken[c]);
    }
    colour
}
