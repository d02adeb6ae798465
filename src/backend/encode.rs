//! The built-in encoder: the final asm IR to section bytes, symbols and
//! relocations, exactly as GNU `as` would make them from `backend::att`'s text
//! (shared docs/x86-encoding-and-objects.md, sections 3 and 4).
//!
//! Takes a concrete asm program; returns an [`ObjectCode`], independent of the
//! object file format. Guarantees: jumps are sized like `as` sizes them (every
//! jump starts short and only grows until the layout is stable, the least
//! fixed point), calls are resolved in place where the target's assembler
//! resolves them ([`Target::call_resolved_in_place`]), every other symbol
//! reference is a relocation, and symbols come in the order `as`
//! creates them (first mention in the text).

use object::SymbolScope;
use rustc_hash::FxHashMap as HashMap;

use crate::backend::x86::{self, FieldKind, InstrEncoder, SymbolField};
use crate::intern::{Interner, Sym};
use crate::ir::Label;
use crate::ir::asm::{CondCode, Instr, Program, StaticVar, TopLevel};
use crate::ir::symbols::StaticInit;
use crate::target::{DataSection, ObjectFormat, Target};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Text,
    Data,
    Bss,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjSymbol {
    pub name: String,
    pub global: bool,
    /// Where it is defined; `None` for an undefined (external) symbol.
    pub definition: Option<(Section, u64)>,
}

impl ObjSymbol {
    /// The scope both object writers give the symbol: a global is visible
    /// outside this object with default visibility (so to the dynamic
    /// linker too); a local is not.
    pub fn scope(&self) -> SymbolScope {
        if self.global {
            SymbolScope::Dynamic
        } else {
            SymbolScope::Compilation
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelocKind {
    /// ELF: a call through the PLT (`R_X86_64_PLT32`).
    Plt32,
    /// ELF: a 32-bit PC-relative data reference (`R_X86_64_PC32`).
    Pc32,
    /// Mach-O: a call (`X86_64_RELOC_BRANCH`).
    Branch,
    /// Mach-O: a RIP-relative reference followed by `n` = 0, 1, 2 or 4 bytes
    /// of immediate (`X86_64_RELOC_SIGNED`, `_SIGNED_1`, `_2`, `_4`).
    Signed(u8),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelocTarget {
    /// Index into [`ObjectCode::symbols`].
    Symbol(usize),
    /// The section symbol of a section: references to local data.
    Section(Section),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Relocation {
    pub offset: u64,
    pub kind: RelocKind,
    pub target: RelocTarget,
    pub addend: i64,
}

/// Everything an object writer needs, in the order `as` would produce it.
#[derive(Debug, Default)]
pub struct ObjectCode {
    pub text: Vec<u8>,
    pub data: Vec<u8>,
    pub data_align: u64,
    pub bss_size: u64,
    pub bss_align: u64,
    /// `.data` and `.bss` in the order the text first enters them (Mach-O
    /// creates sections in that order).
    pub data_sections: Vec<Section>,
    pub symbols: Vec<ObjSymbol>,
    /// Relocations in `.text`, by ascending offset. For Mach-O the addend is
    /// also written into the field (Mach-O addends are implicit).
    pub text_relocations: Vec<Relocation>,
}

impl ObjectCode {
    /// Sections whose section symbol a relocation refers to, in the order
    /// `as` creates them (`.text`, `.data`, `.bss` at start-up).
    pub fn section_symbols(&self) -> Vec<Section> {
        let mut used: Vec<Section> = self
            .text_relocations
            .iter()
            .filter_map(|r| match r.target {
                RelocTarget::Section(s) => Some(s),
                RelocTarget::Symbol(_) => None,
            })
            .collect();
        used.sort();
        used.dedup();
        used
    }
}

pub fn encode_program(prog: &Program, interner: &Interner, target: &Target) -> ObjectCode {
    let mut code = ObjectCode {
        data_align: 1,
        bss_align: 1,
        ..Default::default()
    };
    let data_defs = lay_out_data(prog, target, &mut code);
    let mut encoder = InstrEncoder::new();
    let (items, pool) = text_items(prog, &mut encoder);
    let layout = Layout::of(&items);
    let symbols = SymbolOrder::of(prog);
    let defs = Definitions {
        data: &data_defs,
        functions: &layout.functions,
        symbols: &symbols,
        target,
    };
    let mut current_function = None;
    code.text.reserve(pool.len() + items.len());
    for (item, &size) in items.iter().zip(&layout.sizes) {
        let at = code.text.len() as u64;
        match *item {
            Item::Function(name) => current_function = Some(name),
            Item::Label(_) => {}
            Item::Branch { cc, target: l } => {
                let disp = i64::from(layout.labels[l.0 as usize]) - (at + u64::from(size)) as i64;
                encoder.encode_branch(cc, size == 2, disp as i32, &mut code.text);
            }
            Item::Fixed { start, len, field } => {
                code.text
                    .extend_from_slice(&pool[start as usize..(start + len) as usize]);
                if let Some(f) = field {
                    let caller = current_function.expect("instructions belong to a function");
                    defs.resolve(f, at, caller, &mut code.text, &mut code.text_relocations);
                }
            }
        }
    }
    code.symbols = symbols.finish(interner, target, &layout.functions, &data_defs);
    code
}

/// Item sizes once branches are relaxed, and where functions and labels
/// then start.
struct Layout {
    /// Size of each item.
    sizes: Vec<u32>,
    functions: HashMap<Sym, u64>,
    /// Offset of each label, indexed by label number.
    labels: Vec<u32>,
}

impl Layout {
    fn of(items: &[Item]) -> Layout {
        let (sizes, offsets, labels) = relax_branches(items);
        let functions = items
            .iter()
            .zip(offsets)
            .filter_map(|(item, at)| match item {
                Item::Function(name) => Some((*name, u64::from(at))),
                _ => None,
            })
            .collect();
        Layout {
            sizes,
            functions,
            labels,
        }
    }
}

/// The offset of every item, and of every label (indexed by label number).
fn label_offsets(items: &[Item], sizes: &[u32]) -> (Vec<u32>, Vec<u32>) {
    let max_label = items
        .iter()
        .filter_map(|i| match i {
            Item::Label(l) => Some(l.0 as usize),
            _ => None,
        })
        .max()
        .map_or(0, |m| m + 1);
    let mut labels = vec![0u32; max_label];
    let mut offsets = Vec::with_capacity(items.len());
    let mut at = 0u32;
    for (item, &size) in items.iter().zip(sizes) {
        offsets.push(at);
        if let Item::Label(l) = item {
            labels[l.0 as usize] = at;
        }
        at += size;
    }
    (offsets, labels)
}

/// Lays out static variables in `.data` and `.bss` in program order, as the
/// text's `.balign` + `.long`/`.zero` directives do.
fn lay_out_data(
    prog: &Program,
    target: &Target,
    code: &mut ObjectCode,
) -> HashMap<Sym, (Section, u64)> {
    let mut defs = HashMap::default();
    for item in &prog.items {
        let TopLevel::StaticVar(StaticVar {
            name, align, init, ..
        }) = item
        else {
            continue;
        };
        let align = u64::from(*align);
        let def = match target.data_section(init.is_zero()) {
            DataSection::Data => {
                code.data_align = code.data_align.max(align);
                code.data
                    .resize((code.data.len() as u64).next_multiple_of(align) as usize, 0);
                let at = code.data.len() as u64;
                match init {
                    StaticInit::Scalar(c) => code
                        .data
                        .extend(&c.bits().to_le_bytes()[..c.ty().size() as usize]),
                }
                (Section::Data, at)
            }
            DataSection::Bss => {
                code.bss_align = code.bss_align.max(align);
                let at = code.bss_size.next_multiple_of(align);
                code.bss_size = at + init.size();
                (Section::Bss, at)
            }
        };
        if !code.data_sections.contains(&def.0) {
            code.data_sections.push(def.0);
        }
        defs.insert(*name, def);
    }
    defs
}

/// A piece of `.text` before layout.
enum Item {
    /// The start of a function (its symbol's position).
    Function(Sym),
    Label(Label),
    /// A relaxable `jmp` (`cc` = None) or `jCC` to a label.
    Branch {
        cc: Option<CondCode>,
        target: Label,
    },
    /// An instruction whose size does not depend on layout: `len` bytes at
    /// `start` in the byte pool.
    Fixed {
        start: u32,
        len: u32,
        field: Option<SymbolField>,
    },
}

/// The items of `.text` and the byte pool holding every fixed instruction.
fn text_items(prog: &Program, encoder: &mut InstrEncoder) -> (Vec<Item>, Vec<u8>) {
    let mut items = Vec::new();
    let mut pool = Vec::new();
    for item in &prog.items {
        let TopLevel::Function(f) = item else {
            continue;
        };
        items.push(Item::Function(f.name));
        for instr in &f.instrs {
            items.push(match instr.item {
                Instr::Label(l) => Item::Label(l),
                Instr::Jmp(l) => Item::Branch {
                    cc: None,
                    target: l,
                },
                Instr::JmpCC(cc, l) => Item::Branch {
                    cc: Some(cc),
                    target: l,
                },
                ref other => {
                    let start = pool.len();
                    let field = encoder.encode(other, &mut pool);
                    Item::Fixed {
                        start: start as u32,
                        len: (pool.len() - start) as u32,
                        field,
                    }
                }
            });
        }
    }
    (items, pool)
}

/// The size of every item once branches are relaxed the way `as` does it:
/// all branches start short; each pass lays the code out and promotes every
/// short branch whose displacement does not fit in a byte; stop when a pass
/// promotes nothing. Branches only grow, so this reaches the least fixed
/// point, which does not depend on the order of promotions.
///
/// Returns the sizes with the offsets of every item and every label that the
/// last pass computed from them (see [`label_offsets`]).
fn relax_branches(items: &[Item]) -> (Vec<u32>, Vec<u32>, Vec<u32>) {
    let mut sizes: Vec<u32> = items
        .iter()
        .map(|item| match item {
            Item::Function(_) | Item::Label(_) => 0,
            Item::Branch { cc, .. } => x86::branch_size(*cc, true),
            Item::Fixed { len, .. } => *len,
        })
        .collect();
    loop {
        let (offsets, labels) = label_offsets(items, &sizes);
        let mut changed = false;
        for (i, item) in items.iter().enumerate() {
            let Item::Branch { cc, target } = item else {
                continue;
            };
            if sizes[i] != 2 {
                continue;
            }
            let disp = i64::from(labels[target.0 as usize]) - i64::from(offsets[i] + 2);
            if i8::try_from(disp).is_err() {
                sizes[i] = x86::branch_size(*cc, false);
                changed = true;
            }
        }
        if !changed {
            return (sizes, offsets, labels);
        }
    }
}

/// What the encoder knows about where symbols are defined, to resolve or
/// relocate a symbol field.
struct Definitions<'a> {
    data: &'a HashMap<Sym, (Section, u64)>,
    functions: &'a HashMap<Sym, u64>,
    symbols: &'a SymbolOrder,
    target: &'a Target,
}

impl Definitions<'_> {
    /// Fills in or records the symbol field of the instruction at `at`, in
    /// function `caller`; `text` ends with that instruction.
    fn resolve(
        &self,
        f: SymbolField,
        at: u64,
        caller: Sym,
        text: &mut [u8],
        relocs: &mut Vec<Relocation>,
    ) {
        let field = (at + f.offset as u64) as usize;
        let symbol = RelocTarget::Symbol(self.symbols.index(f.symbol));
        let mut push = |kind, target, addend: i64| {
            relocs.push(Relocation {
                offset: field as u64,
                kind,
                target,
                addend,
            });
        };
        let global = self.symbols.is_global(f.symbol);
        let self_call = f.symbol == caller;
        match f.kind {
            FieldKind::Call if self.target.call_resolved_in_place(global, self_call) => {
                self.patch_call(f.symbol, field, text)
            }
            FieldKind::Call => match self.target.format {
                ObjectFormat::Elf => push(RelocKind::Plt32, symbol, -4),
                ObjectFormat::MachO => push(RelocKind::Branch, symbol, 0),
            },
            FieldKind::RipData => {
                let via_section = self
                    .data
                    .get(&f.symbol)
                    .filter(|_| !global && self.target.local_data_via_section_symbol());
                let pc_addend = -4 - f.tail as i64;
                match (self.target.format, via_section) {
                    (ObjectFormat::Elf, Some(&(section, offset))) => push(
                        RelocKind::Pc32,
                        RelocTarget::Section(section),
                        offset as i64 + pc_addend,
                    ),
                    (ObjectFormat::Elf, None) => push(RelocKind::Pc32, symbol, pc_addend),
                    (ObjectFormat::MachO, None) => {
                        // The field holds the constant the assembler could
                        // not apply: minus the bytes of immediate after it.
                        let value = -(f.tail as i64);
                        text[field..field + 4].copy_from_slice(&(value as i32).to_le_bytes());
                        let kind = match f.tail {
                            1 | 2 | 4 => RelocKind::Signed(f.tail as u8),
                            _ => RelocKind::Signed(0),
                        };
                        push(kind, symbol, value);
                    }
                    (ObjectFormat::MachO, Some(_)) => {
                        unreachable!("Mach-O data references name their symbol")
                    }
                }
            }
        }
    }

    /// Writes the displacement of a resolved call whose field is at `field`.
    fn patch_call(&self, callee: Sym, field: usize, text: &mut [u8]) {
        let end = field as i64 + 4;
        let rel = self.functions[&callee] as i64 - end;
        text[field..field + 4].copy_from_slice(&(rel as i32).to_le_bytes());
    }
}

/// Named symbols in the order `as` creates them: at their first mention
/// (`.globl`, definition, or reference) in the text `backend::att` prints.
struct SymbolOrder {
    order: Vec<Sym>,
    index: HashMap<Sym, usize>,
    global: HashMap<Sym, bool>,
}

impl SymbolOrder {
    fn of(prog: &Program) -> SymbolOrder {
        let mut s = SymbolOrder {
            order: Vec::new(),
            index: HashMap::default(),
            global: HashMap::default(),
        };
        for item in &prog.items {
            match item {
                TopLevel::Function(f) => {
                    s.mention(f.name);
                    s.global.insert(f.name, f.global);
                    for instr in &f.instrs {
                        for sym in referenced_symbols(&instr.item) {
                            s.mention(sym);
                        }
                    }
                }
                TopLevel::StaticVar(v) => {
                    s.mention(v.name);
                    s.global.insert(v.name, v.global);
                }
            }
        }
        s
    }

    fn mention(&mut self, sym: Sym) {
        if !self.index.contains_key(&sym) {
            self.index.insert(sym, self.order.len());
            self.order.push(sym);
        }
    }

    fn index(&self, sym: Sym) -> usize {
        self.index[&sym]
    }

    /// Defined with `.globl`, or not defined here at all.
    fn is_global(&self, sym: Sym) -> bool {
        self.global.get(&sym).copied().unwrap_or(true)
    }

    fn finish(
        &self,
        interner: &Interner,
        target: &Target,
        functions: &HashMap<Sym, u64>,
        data: &HashMap<Sym, (Section, u64)>,
    ) -> Vec<ObjSymbol> {
        self.order
            .iter()
            .map(|&sym| ObjSymbol {
                name: target.symbol_name(interner.get(sym)),
                global: self.is_global(sym),
                definition: functions
                    .get(&sym)
                    .map(|&o| (Section::Text, o))
                    .or_else(|| data.get(&sym).copied()),
            })
            .collect()
    }
}

fn referenced_symbols(instr: &Instr) -> impl Iterator<Item = Sym> {
    use crate::ir::asm::Operand;
    let data = |op: &Operand| match op {
        Operand::Data(s) => Some(*s),
        _ => None,
    };
    let syms: [Option<Sym>; 2] = match instr {
        Instr::Call(s) => [Some(*s), None],
        Instr::Mov { src, dst, .. }
        | Instr::Binary { src, dst, .. }
        | Instr::Cmp { src, dst, .. } => [data(src), data(dst)],
        Instr::Unary { dst: o, .. }
        | Instr::Idiv { src: o, .. }
        | Instr::SetCC(_, o)
        | Instr::Push(o) => [data(o), None],
        _ => [None, None],
    };
    syms.into_iter().flatten()
}
