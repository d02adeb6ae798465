//! The built-in encoder: the final asm IR to section bytes, symbols and
//! relocations, exactly as GNU `as` (ELF) or `llvm-mc` (Mach-O) would make
//! them from `backend::att`'s text (shared docs/x86-encoding-and-objects.md,
//! sections 3-5).
//!
//! # The problem
//!
//! The text back end prints directives and instructions; an assembler turns
//! them into sections, symbols and relocations by rules of its own: which
//! sections exist and in what order, how big each jump is, which references
//! it resolves and which it leaves to the linker (against a named symbol or
//! against a section plus offset), and in what order it creates symbols.
//! The built-in object must come out the same, so the encoder models what
//! the assembler does rather than what would merely link.
//!
//! # The object model
//!
//! An [`ObjectCode`] is a list of sections in the order the text first
//! enters them (`.text` first), each with its bytes (none for zero-fill),
//! alignment (the largest `.balign` it saw) and relocations; the named
//! symbols in creation order; and the section symbols relocations need,
//! each placed where the assembler creates it. Any section may carry
//! relocations: `.text` has calls and RIP-relative operands (32-bit,
//! PC-relative fields), `.data` has the 64-bit addresses a `.quad .LN`
//! piece stores (a `char *` initialised by a string literal). A relocation
//! targets a symbol or a section: references to a local label (a constant
//! such as `.L12`, from code or data) and, on ELF, to local data become
//! section-relative, as `as` writes them. The object writers
//! (`backend::elf`, `backend::macho`) only translate this model into their
//! format.
//!
//! # The algorithm
//!
//! The [`Assembler`] takes the file a function at a time, as the pipeline
//! finishes each, then the data:
//!
//! 1. For each function: record the first mention of every named symbol
//!    (definition or reference) in creation order; encode every non-branch
//!    instruction once into a byte pool (their size never depends on
//!    layout: RIP-relative fields and calls are always 32 bits); size the
//!    function's branches by the least fixed point `as` reaches
//!    ([`relax_branches`]); append its bytes to `.text`, noting each symbol
//!    field for later.
//! 2. At the end of the file, the static variables and constants enter
//!    their sections (creation order again), and data is laid out: static
//!    variables in order into `.data`/`.bss`, then the constants into the
//!    target's constant sections, each aligned as its `.balign` says,
//!    noting the fields that hold a constant's address ([`lay_out_data`]).
//!    Only once every constant has its place do those fields become `.data`
//!    relocations ([`Definitions::address_of_constant`]).
//! 3. Every symbol field of `.text` is resolved in place or becomes a
//!    relocation by the target's rules ([`Definitions::resolve`]): only now
//!    is it known which symbols the file defines, where, and which are
//!    global.
//! 4. Collect the sections that the relocations of every section target;
//!    each gets its section symbol where `as` creates it.
//!
//! # Invariants
//!
//! * Section order, symbol order and relocation order are those of the
//!   assembler for the same text; nothing depends on hash-map iteration.
//!   Each section's relocations are in ascending offset order (data is laid
//!   out, and code emitted, front to back).
//! * Relocation fields hold zero on ELF (RELA addends); on Mach-O they hold
//!   the implicit addend, written here for symbol relocations and by the
//!   Mach-O writer (which knows section addresses) for section ones: the
//!   target's address, less the field's end for a PC-relative field.
//! * A section symbol exists exactly for each section some relocation, in
//!   any section, targets.
//! * Branches only grow during relaxation, so it terminates, and its result
//!   does not depend on the order of promotions.
//!
//! # Thread-local references (verified against GNU `as` 2.40)
//!
//! A thread-local sequence (`Instr::ThreadAddress`) is one item of fixed
//! bytes with up to two fields: `$var@tpoff` (`R_X86_64_TPOFF32 var + 0`),
//! `var@gottpoff(%rip)` (`R_X86_64_GOTTPOFF var - 4`), `var@tlsgd(%rip)`
//! (`R_X86_64_TLSGD var - 4`) and the `call __tls_get_addr@PLT` after it.
//! Each names the variable's own symbol, even a local one (no section
//! symbol); `as` creates `_GLOBAL_OFFSET_TABLE_` at the first such
//! reference (local-exec ones too), before the variable's symbol; and
//! every symbol a thread-local reference names, defined or not, and every
//! one defined in `.tdata`/`.tbss`, is `STT_TLS`. Debug information's
//! `.quad var@dtpoff` is `R_X86_64_DTPOFF64 var + 0`.

use object::{SymbolKind, SymbolScope};
use rustc_hash::FxHashMap as HashMap;
use rustc_hash::FxHashSet as HashSet;

use crate::backend::x86::{self, FieldKind, InstrEncoder, SymbolField};
use crate::backend::{debug, unwind};
use crate::intern::{Interner, Sym};
use crate::ir::Label;
use crate::ir::asm::{
    CondCode, Constant, ConstantData, DataName, Function, Instr, Operand, Program, SectionContents,
    StaticVar, TopLevel,
};
use crate::ir::symbols::{LinkageAttributes, StaticInit, Visibility, all_zero};
use crate::target::{ObjectFormat, Section, Target};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjSymbol {
    pub name: String,
    pub global: bool,
    /// Where it is defined; `None` for an undefined (external) symbol.
    pub definition: Option<(Section, u64)>,
    /// What it names and its size in bytes, as `.type` and `.size` give
    /// them on ELF (`Unknown` and 0 when undefined, and on Mach-O).
    pub kind: SymbolKind,
    pub size: u64,
    /// A global's visibility when not the default.
    pub visibility: Option<Visibility>,
    /// A weak global (gcc's `weak`).
    pub weak: bool,
}

impl ObjSymbol {
    /// The scope both object writers give the symbol: a global is visible
    /// outside this object with default visibility (so to the dynamic
    /// linker too); a local is not.
    pub fn scope(&self) -> SymbolScope {
        let private = matches!(
            self.visibility,
            Some(Visibility::Hidden | Visibility::Internal)
        );
        if self.global && private {
            // N_PEXT on Mach-O (ELF's `st_other` is written explicitly).
            SymbolScope::Linkage
        } else if self.global {
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
    /// ELF: a 64-bit address in data (`R_X86_64_64`), as `.quad` makes.
    Abs64,
    /// ELF: a 32-bit offset into a debug section (`R_X86_64_32`), as
    /// `.long .debug_line+N` makes.
    Abs32,
    /// Mach-O: a call (`X86_64_RELOC_BRANCH`).
    Branch,
    /// Mach-O: a RIP-relative reference followed by `n` = 0, 1, 2 or 4 bytes
    /// of immediate (`X86_64_RELOC_SIGNED`, `_SIGNED_1`, `_2`, `_4`).
    Signed(u8),
    /// Mach-O: a 64-bit address in data (`X86_64_RELOC_UNSIGNED`, length 3).
    Unsigned,
    /// ELF: the GOT entry of a symbol loaded by a `movq` with a REX prefix
    /// (`sym@GOTPCREL(%rip)`: `R_X86_64_REX_GOTPCRELX`, which the linker
    /// may relax to a `lea`).
    RexGotPcRelX,
    /// Mach-O: the same load (`X86_64_RELOC_GOT_LOAD`).
    GotLoad,
    /// ELF TLS: a thread-local variable's offset from the thread pointer
    /// (`var@tpoff`, `R_X86_64_TPOFF32`), a 32-bit immediate.
    TpOff32,
    /// ELF TLS: the GOT entry holding that offset (`var@gottpoff(%rip)`,
    /// `R_X86_64_GOTTPOFF`), PC-relative.
    GotTpOff,
    /// ELF TLS: the GOT pair `__tls_get_addr` takes (`var@tlsgd(%rip)`,
    /// `R_X86_64_TLSGD`), PC-relative.
    TlsGd,
    /// ELF TLS: a variable's 64-bit offset in its module's TLS block, in
    /// debug information (`.quad var@dtpoff`, `R_X86_64_DTPOFF64`).
    DtpOff64,
}

impl RelocKind {
    /// Whether the field holds a displacement from the end of a 4-byte
    /// field (calls and RIP-relative operands) rather than an 8-byte
    /// address.
    pub fn is_pc_relative(self) -> bool {
        !matches!(
            self,
            RelocKind::Abs64
                | RelocKind::Unsigned
                | RelocKind::Abs32
                | RelocKind::TpOff32
                | RelocKind::DtpOff64
        )
    }

    /// The size of the relocated field in bytes.
    pub fn field_size(self) -> usize {
        match self {
            RelocKind::Abs64 | RelocKind::Unsigned | RelocKind::DtpOff64 => 8,
            _ => 4,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelocTarget {
    /// Index into [`ObjectCode::symbols`].
    Symbol(usize),
    /// A section (its section symbol on ELF, its ordinal on Mach-O); the
    /// addend is relative to the section's start.
    Section(Section),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Relocation {
    pub offset: u64,
    pub kind: RelocKind,
    pub target: RelocTarget,
    pub addend: i64,
}

/// One section's contents.
#[derive(Debug)]
pub struct SectionCode {
    pub section: Section,
    /// The bytes; empty for a zero-fill section.
    pub bytes: Vec<u8>,
    /// The size, which for a zero-fill section is all there is.
    pub size: u64,
    /// The largest alignment requested in it (1 if none).
    pub align: u64,
    /// By ascending offset.
    pub relocations: Vec<Relocation>,
}

impl SectionCode {
    pub fn new(section: Section) -> SectionCode {
        SectionCode {
            section,
            bytes: Vec::new(),
            size: 0,
            align: 1,
            relocations: Vec::new(),
        }
    }

    /// Pads to `align` and reserves `size` bytes of `init` (zero-fill
    /// sections take only the size); returns the offset.
    fn append(&mut self, align: u64, size: u64, init: Option<&[u8]>) -> u64 {
        self.align = self.align.max(align);
        let at = self.size.next_multiple_of(align);
        self.size = at + size;
        if !self.section.is_zero_fill() {
            self.bytes.resize(at as usize, 0);
            match init {
                Some(bytes) => self.bytes.extend_from_slice(bytes),
                None => self.bytes.resize(self.size as usize, 0),
            }
        }
        at
    }
}

/// Everything an object writer needs, in the order the assembler would
/// produce it.
#[derive(Debug)]
pub struct ObjectCode {
    /// Sections in the order the text first enters them; `.text` first.
    pub sections: Vec<SectionCode>,
    /// Named symbols in creation order.
    pub symbols: Vec<ObjSymbol>,
    /// The sections whose symbol a relocation (of any section) needs, each
    /// with the number of named symbols created before it (`.text`, `.data`
    /// and `.bss` at start-up: 0; any other at its first `.section`
    /// directive), in that order.
    pub section_symbols: Vec<(Section, usize)>,
    /// The sections declarations name (`Section::Named`): each name, and
    /// what it holds.
    pub section_names: Vec<(Sym, String, SectionContents)>,
}

impl ObjectCode {
    /// The name of a section declarations name, and what it holds.
    pub fn named_section(&self, name: Sym) -> (&str, SectionContents) {
        let (_, s, contents) = self
            .section_names
            .iter()
            .find(|(s, ..)| *s == name)
            .expect("every named section's name is kept");
        (s, *contents)
    }
}

impl ObjectCode {
    pub fn section(&self, s: Section) -> Option<&SectionCode> {
        self.sections.iter().find(|c| c.section == s)
    }
}

/// The object of one file, assembled one function at a time as the
/// pipeline finishes each ([`Assembler::function`]: symbols mentioned,
/// instructions encoded, branches relaxed, bytes appended to `.text`), then
/// the data and every symbol field ([`Assembler::finish`]), once the whole
/// file says where everything is defined and which symbols are global.
pub struct Assembler<'t> {
    target: &'t Target,
    order: CreationOrder,
    /// `_GLOBAL_OFFSET_TABLE_`, mentioned at the first GOT reference (GNU
    /// `as` creates it then; llvm-mc does not).
    got_base: Option<Sym>,
    encoder: InstrEncoder,
    /// The code sections: `.text`, then those functions name (gcc's
    /// `section`), in the order entered.
    texts: Vec<SectionCode>,
    /// The symbol fields of the code, in offset order within each section:
    /// the offset of their instruction and the field. One per call or data
    /// reference in the file, so kept small: where each function's run of
    /// them starts is in `field_runs`.
    fields: Vec<(u64, SymbolField)>,
    /// Each function's fields: its section's index in `texts`, the
    /// function, and where its fields are in `fields`.
    field_runs: Vec<(usize, Sym, std::ops::Range<usize>)>,
    /// Where each function starts.
    functions: HashMap<Sym, (Section, u64)>,
    /// Each function's size in bytes (its `.size f, .-f`).
    function_sizes: HashMap<Sym, u64>,
    /// Where each label whose address is taken ended up (in its
    /// function's section), and the function it is in.
    code_labels: HashMap<Label, (u64, Sym)>,
    /// One function's items and byte pool, reused from one to the next.
    items: Vec<Item>,
    pool: Vec<u8>,
    /// Each function's frame description, when unwind tables are made.
    fdes: Option<Vec<unwind::Fde>>,
    /// What debug information needs of each function, with `-g`.
    debug: Option<Vec<debug::DebugFunction>>,
}

impl<'t> Assembler<'t> {
    /// `unwind`: make `.eh_frame` (ELF); `debug`: record what debug
    /// information needs ([`Assembler::debug_functions`]).
    pub fn new(target: &'t Target, got_base: Option<Sym>, unwind: bool, debug: bool) -> Self {
        Assembler {
            target,
            order: CreationOrder::default(),
            got_base: got_base.filter(|_| target.format == ObjectFormat::Elf),
            encoder: InstrEncoder::new(),
            texts: vec![SectionCode::new(Section::Text)],
            fields: Vec::new(),
            field_runs: Vec::new(),
            functions: HashMap::default(),
            function_sizes: HashMap::default(),
            code_labels: HashMap::default(),
            items: Vec::new(),
            pool: Vec::new(),
            fdes: unwind.then(Vec::new),
            debug: debug.then(Vec::new),
        }
    }

    /// What debug information needs of the functions so far (empty
    /// without `-g`).
    pub fn debug_functions(&mut self) -> Vec<debug::DebugFunction> {
        self.debug.take().unwrap_or_default()
    }

    pub fn function(&mut self, f: &Function) {
        let order = &mut self.order;
        // As the text: `.globl` (which makes the symbol), the section
        // directive, then the label.
        let section = f.section.unwrap_or(Section::Text);
        if f.global {
            order.mention(f.name);
        }
        order.enter(section);
        order.mention(f.name);
        order.global.insert(f.name, f.global);
        for instr in &f.instrs {
            if let Some(base) = self.got_base
                && reads_got(&instr.item)
            {
                order.mention(base);
            }
            for sym in instr.item.symbols() {
                order.mention(sym);
            }
            if let Instr::ThreadAddress { var, .. } = instr.item {
                order.thread_local.insert(var);
            }
        }
        self.items.clear();
        self.pool.clear();
        text_items(f, &mut self.encoder, &mut self.items, &mut self.pool);
        let layout = relax_branches(&self.items);
        let index = match self.texts.iter().position(|c| c.section == section) {
            Some(index) => index,
            None => {
                self.texts.push(SectionCode::new(section));
                self.texts.len() - 1
            }
        };
        // gcc's `aligned` on the function: NOPs before it, as the text's
        // `.balign` makes the assembler put there.
        if let Some(align) = f.align {
            let code = &mut self.texts[index];
            let align = u64::from(align);
            let pad = (align - code.bytes.len() as u64 % align) % align;
            let longest = match self.target.format {
                ObjectFormat::Elf => 11,
                ObjectFormat::MachO => 10,
            };
            x86::code_padding(pad as usize, longest, &mut code.bytes);
            code.align = code.align.max(align);
        }
        let start = self.texts[index].bytes.len() as u64;
        let first_field = self.fields.len();
        let text = &mut self.texts[index].bytes;
        text.reserve(self.pool.len() + self.items.len());
        for (item, (&size, &offset)) in self
            .items
            .iter()
            .zip(layout.sizes.iter().zip(&layout.offsets))
        {
            match *item {
                Item::Label(_) => {}
                Item::Branch { cc, target: l } => {
                    let disp = i64::from(layout.label(l)) - i64::from(offset + size);
                    self.encoder.encode_branch(cc, size == 2, disp as i32, text);
                }
                Item::Fixed {
                    start: from,
                    len,
                    field,
                    second,
                } => {
                    let at = text.len() as u64;
                    text.extend_from_slice(&self.pool[from as usize..(from + len) as usize]);
                    for field in [field, second].into_iter().flatten() {
                        self.fields.push((at, field));
                    }
                }
            }
        }
        self.field_runs
            .push((index, f.name, first_field..self.fields.len()));
        for &l in &f.address_taken {
            self.code_labels
                .insert(l, (start + u64::from(layout.label(l)), f.name));
        }
        let size = self.texts[index].bytes.len() as u64 - start;
        if let Some(functions) = &mut self.debug {
            // The prologue is the definition's line; then each span from
            // the instruction where it starts.
            let mut rows = vec![(0, f.span)];
            for (i, instr) in f.instrs.iter().enumerate().skip(f.frame.prologue_len()) {
                if rows.last().is_none_or(|&(_, span)| span != instr.span) {
                    rows.push((layout.offsets[i], instr.span));
                }
            }
            functions.push(debug::DebugFunction {
                name: f.name,
                global: f.global,
                section,
                size,
                span: f.span,
                rows,
                vars: f.debug_vars.clone(),
            });
        }
        if let Some(fdes) = &mut self.fdes {
            let cfi = unwind::cfi(f)
                .into_iter()
                .map(|(i, c)| (layout.offsets[i] + layout.sizes[i], c))
                .collect();
            fdes.push(unwind::Fde {
                section,
                start,
                size,
                cfi,
            });
        }
        self.functions.insert(f.name, (section, start));
        self.function_sizes.insert(f.name, size);
    }

    /// The object: the functions so far, then the static variables and the
    /// constants, with every symbol field resolved or relocated.
    /// `now_global`: functions encoded as local that the end of the file
    /// made global; `visibility`: the symbols declared with a visibility.
    pub fn finish(
        mut self,
        statics: &[StaticVar],
        constants: &[Constant],
        now_global: &[Sym],
        linkage: LinkageAttributes,
        interner: &Interner,
        debug: &[debug::DebugSection],
    ) -> ObjectCode {
        let target = self.target;
        let code_sections: Vec<Sym> = self
            .texts
            .iter()
            .filter_map(|c| match c.section {
                Section::Named(name) => Some(name),
                _ => None,
            })
            .collect();
        for &name in now_global {
            self.order.global.insert(name, true);
        }
        for v in statics {
            // As the text: `.globl` (which makes the symbol), the section
            // directive, then the label (which makes a local one).
            if v.global {
                self.order.mention(v.name);
            }
            self.order.enter(static_section(v, target));
            self.order.mention(v.name);
            self.order.global.insert(v.name, v.global);
            // `.quad name` mentions `name` where the value is.
            for piece in &v.init {
                if let StaticInit::Address { name, .. } = piece {
                    self.order.mention(*name);
                }
            }
        }
        for c in constants {
            self.order.enter(target.section_of(c));
        }
        // The functions run before `main` and at exit, as the text lists
        // them after the constants.
        let init_fini = linkage.init_fini_arrays(target.has_init_priorities());
        for (section, functions) in &init_fini {
            self.order.enter(*section);
            for &f in functions {
                self.order.mention(f);
            }
        }
        // Aliases, global, defined where their targets are (see
        // `CreationOrder::finish`).
        for &(alias, _) in linkage.aliases {
            self.order.mention(alias);
            self.order.global.insert(alias, true);
        }
        // The debug sections, as the text prints them last.
        for d in debug {
            self.order.enter(d.section);
        }
        let order = &self.order;
        let mut sections: Vec<SectionCode> = order
            .sections
            .iter()
            .map(|&(s, _)| SectionCode::new(s))
            .collect();
        let mut data = lay_out_data(statics, constants, target, order, &mut sections);
        for (section, functions) in init_fini {
            let code = &mut sections[order.section_index(section)];
            let zeros = vec![0u8; 8 * functions.len()];
            let at = code.append(8, zeros.len() as u64, Some(&zeros));
            for (i, &f) in functions.iter().enumerate() {
                let field = (section, at + 8 * i as u64, AddressOf::Symbol(f, 0));
                data.addresses.push(field);
            }
        }
        for d in debug {
            let code = &mut sections[order.section_index(d.section)];
            code.append(1, d.bytes.len() as u64, Some(&d.bytes));
            for &(offset, r) in &d.refs {
                let field = match r {
                    debug::DebugRef::Address(name, addend) => AddressOf::Symbol(name, addend),
                    debug::DebugRef::DtpOff(name) => AddressOf::DtpOff(name),
                    debug::DebugRef::Offset(section, addend) => {
                        AddressOf::DebugOffset(section, addend)
                    }
                };
                data.addresses.push((d.section, offset, field));
            }
        }
        let defs = Definitions {
            data: &data,
            functions: &self.functions,
            code_labels: &self.code_labels,
            symbols: order,
            target,
        };
        for &(section, offset, target) in &data.addresses {
            let code = &mut sections[order.section_index(section)];
            let reloc = match target {
                AddressOf::Constant(label) => defs.address_of_constant(offset, label),
                AddressOf::Code(label) => {
                    let (reloc, field) = defs.address_of_code(offset, label);
                    let at = offset as usize;
                    code.bytes[at..at + 8].copy_from_slice(&field.to_le_bytes());
                    reloc
                }
                AddressOf::Symbol(name, addend) => {
                    let (reloc, field) = defs.address_of_symbol(offset, name, addend);
                    let at = offset as usize;
                    code.bytes[at..at + 8].copy_from_slice(&field.to_le_bytes());
                    reloc
                }
                // Against the variable's own symbol, local or not.
                AddressOf::DtpOff(name) => Relocation {
                    offset,
                    kind: RelocKind::DtpOff64,
                    target: RelocTarget::Symbol(order.index(name)),
                    addend: 0,
                },
                // RELA: the field stays zero.
                AddressOf::DebugOffset(section, addend) => Relocation {
                    offset,
                    kind: RelocKind::Abs32,
                    target: RelocTarget::Section(section),
                    addend,
                },
            };
            code.relocations.push(reloc);
        }
        let mut texts = std::mem::take(&mut self.texts);
        for (index, caller, run) in &self.field_runs {
            for &(at, field) in &self.fields[run.clone()] {
                defs.resolve(field, at, *caller, &mut texts[*index]);
            }
        }
        for mut text in texts {
            text.size = text.bytes.len() as u64;
            let index = order.section_index(text.section);
            sections[index] = text;
        }
        if let Some(fdes) = &self.fdes
            && !fdes.is_empty()
        {
            sections.push(unwind::eh_frame(fdes));
        }
        let section_symbols = order.section_symbols(&sections);
        let symbols = order.finish(
            interner,
            linkage,
            target,
            &self.functions,
            &self.function_sizes,
            &data,
        );
        let section_names = crate::ir::asm::named_sections(&code_sections, statics)
            .into_iter()
            .map(|(name, contents)| (name, interner.get(name).to_string(), contents))
            .collect();
        ObjectCode {
            sections,
            symbols,
            section_symbols,
            section_names,
        }
    }
}

/// The section a static variable goes in: the one it names, else the
/// target's for data.
fn static_section(v: &StaticVar, target: &Target) -> Section {
    v.section
        .unwrap_or_else(|| target.data_section(all_zero(&v.init)))
}

/// A whole program's object: its functions in order, then its static
/// variables, then its constants (the order [`super::att::render_program`]
/// prints them in).
pub fn encode_program(prog: &Program, interner: &Interner, target: &Target) -> ObjectCode {
    let mut a = Assembler::new(target, prog.got_base, false, false);
    let mut statics = Vec::new();
    for item in &prog.items {
        match item {
            TopLevel::Function(f) => a.function(f),
            TopLevel::StaticVar(s) => statics.push(s.clone()),
        }
    }
    a.finish(
        &statics,
        &prog.constants,
        &[],
        LinkageAttributes::NONE,
        interner,
        &[],
    )
}

/// Where each static variable and constant lives, and where static values
/// hold a constant's address.
#[derive(Default)]
struct DataLayout {
    statics: HashMap<Sym, (Section, u64)>,
    /// Each static variable's size in bytes.
    sizes: HashMap<Sym, u64>,
    constants: HashMap<Label, (Section, u64)>,
    /// The 8-byte fields (section, offset) that hold the address of the
    /// constant under a label (a `.quad .LN` piece) or of a symbol plus an
    /// offset (`.quad name+8`), and the 4-byte offsets a debug section
    /// holds into another (`.long .debug_line+N`), in text order, so by
    /// ascending offset within each section. Left zero here.
    addresses: Vec<(Section, u64, AddressOf)>,
}

/// What a static value's 8-byte address field points to; or, in a debug
/// section, what a 4-byte offset into another one is.
#[derive(Clone, Copy)]
enum AddressOf {
    Constant(Label),
    Symbol(Sym, i64),
    Code(Label),
    DebugOffset(Section, i64),
    /// A thread-local variable's offset in its module's TLS block.
    DtpOff(Sym),
}

/// Lays out static variables in `.data` and `.bss` in program order, then
/// the constants, as the text's `.balign` + `.byte`/`.long`/`.quad`/
/// `.zero`/`.ascii` directives do.
fn lay_out_data(
    statics: &[StaticVar],
    constants: &[Constant],
    target: &Target,
    order: &CreationOrder,
    sections: &mut [SectionCode],
) -> DataLayout {
    let mut layout = DataLayout::default();
    for v @ StaticVar {
        name, align, init, ..
    } in statics
    {
        let section = static_section(v, target);
        let code = &mut sections[order.section_index(section)];
        if section.is_zero_fill() {
            // Only a size: a large zero array costs no memory here.
            let size = init.iter().map(StaticInit::size).sum();
            let at = code.append(u64::from(*align), size, None);
            layout.statics.insert(*name, (section, at));
            layout.sizes.insert(*name, size);
            continue;
        }
        let (bytes, addresses) = static_bytes(init);
        let at = code.append(u64::from(*align), bytes.len() as u64, Some(&bytes));
        layout.statics.insert(*name, (section, at));
        layout.sizes.insert(*name, bytes.len() as u64);
        let fields = addresses.into_iter().map(|(o, l)| (section, at + o, l));
        layout.addresses.extend(fields);
    }
    for c in constants {
        let section = target.section_of(c);
        let bytes = match &c.data {
            ConstantData::Bits { value, bytes } => {
                let mut b = value.to_le_bytes().to_vec();
                b.resize(*bytes as usize, 0);
                b
            }
            ConstantData::String(s) => {
                let mut b = s.clone();
                b.push(0);
                b
            }
        };
        let code = &mut sections[order.section_index(section)];
        let at = code.append(u64::from(c.align()), bytes.len() as u64, Some(&bytes));
        layout.constants.insert(c.label, (section, at));
    }
    layout
}

/// The bytes of a static value, with the offset of each constant address
/// in it (left zero here).
fn static_bytes(init: &[StaticInit]) -> (Vec<u8>, Vec<(u64, AddressOf)>) {
    let mut bytes = Vec::new();
    let mut addresses = Vec::new();
    for piece in init {
        match piece {
            StaticInit::Scalar(c) => {
                let size = c.ty().size() as usize;
                bytes.extend_from_slice(&c.wide_bits().to_le_bytes()[..size]);
            }
            StaticInit::Zero(n) => bytes.resize(bytes.len() + *n as usize, 0),
            StaticInit::String {
                bytes: s,
                null_terminated,
            } => {
                bytes.extend_from_slice(s);
                if *null_terminated {
                    bytes.push(0);
                }
            }
            StaticInit::Pointer(label) => {
                addresses.push((bytes.len() as u64, AddressOf::Constant(*label)));
                bytes.extend_from_slice(&[0; 8]);
            }
            StaticInit::Address { name, offset } => {
                addresses.push((bytes.len() as u64, AddressOf::Symbol(*name, *offset)));
                bytes.extend_from_slice(&[0; 8]);
            }
            StaticInit::CodeLabel(label) => {
                addresses.push((bytes.len() as u64, AddressOf::Code(*label)));
                bytes.extend_from_slice(&[0; 8]);
            }
        }
    }
    (bytes, addresses)
}

/// One function's items, with every fixed instruction's bytes in `pool`.
fn text_items(f: &Function, encoder: &mut InstrEncoder, items: &mut Vec<Item>, pool: &mut Vec<u8>) {
    items.reserve(f.instrs.len());
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
            Instr::ThreadAddress { var, model } => {
                let start = pool.len();
                let [field, second] = x86::thread_address(var, model, pool);
                Item::Fixed {
                    start: start as u32,
                    len: (pool.len() - start) as u32,
                    field,
                    second,
                }
            }
            ref other => {
                let start = pool.len();
                let field = encoder.encode(other, pool);
                Item::Fixed {
                    start: start as u32,
                    len: (pool.len() - start) as u32,
                    field,
                    second: None,
                }
            }
        });
    }
}

/// A piece of a function's `.text` before layout.
enum Item {
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
        /// A second field: only the general-dynamic thread-local sequence
        /// (a `leaq` and a `call`) has one.
        second: Option<SymbolField>,
    },
}

/// One function's layout once its branches are relaxed: each item's size
/// and offset from the function's start, and each label's offset.
struct Layout {
    sizes: Vec<u32>,
    offsets: Vec<u32>,
    /// The lowest label number in the function: `labels[l - first]` is
    /// the offset of label `l`.
    first: u32,
    labels: Vec<u32>,
}

impl Layout {
    fn label(&self, l: Label) -> u32 {
        self.labels[(l.0 - self.first) as usize]
    }

    /// Lays the items out with the current sizes; labels too.
    fn place(&mut self, items: &[Item]) {
        let mut at = 0u32;
        for (i, item) in items.iter().enumerate() {
            self.offsets[i] = at;
            if let Item::Label(l) = *item {
                self.labels[(l.0 - self.first) as usize] = at;
            }
            at += self.sizes[i];
        }
    }
}

/// The layout of one function's items once its branches are relaxed the
/// way `as` does it: all branches start short; each pass lays the code out
/// and promotes every short branch whose displacement does not fit in a
/// byte; stop when a pass promotes nothing. Branches only grow, so this
/// reaches the least fixed point, which does not depend on the order of
/// promotions.
///
/// Relaxing each function on its own reaches the same fixed point as the
/// whole section at once: a branch targets a label of its own function, so
/// its displacement depends only on the sizes of that function's items
/// (there is no alignment padding in `.text`). A long file then costs
/// passes in proportion to each function's own chains of promotions, not
/// to the longest one anywhere.
fn relax_branches(items: &[Item]) -> Layout {
    let sizes: Vec<u32> = items
        .iter()
        .map(|item| match item {
            Item::Label(_) => 0,
            Item::Branch { cc, .. } => x86::branch_size(*cc, true),
            Item::Fixed { len, .. } => *len,
        })
        .collect();
    let (mut first, mut last) = (u32::MAX, 0);
    for item in items {
        if let Item::Label(l) = item {
            first = first.min(l.0);
            last = last.max(l.0);
        }
    }
    let count = if first == u32::MAX {
        first = 0;
        0
    } else {
        (last - first + 1) as usize
    };
    let mut layout = Layout {
        sizes,
        offsets: vec![0; items.len()],
        first,
        labels: vec![0; count],
    };
    loop {
        layout.place(items);
        let mut changed = false;
        for (i, item) in items.iter().enumerate() {
            let Item::Branch { cc, target } = *item else {
                continue;
            };
            if layout.sizes[i] != 2 {
                continue;
            }
            let disp = i64::from(layout.label(target)) - i64::from(layout.offsets[i] + 2);
            if i8::try_from(disp).is_err() {
                layout.sizes[i] = x86::branch_size(cc, false);
                changed = true;
            }
        }
        if !changed {
            return layout;
        }
    }
}

/// What the encoder knows about where symbols are defined, to resolve or
/// relocate a symbol field.
struct Definitions<'a> {
    data: &'a DataLayout,
    functions: &'a HashMap<Sym, (Section, u64)>,
    code_labels: &'a HashMap<Label, (u64, Sym)>,
    symbols: &'a CreationOrder,
    target: &'a Target,
}

impl Definitions<'_> {
    /// Fills in or records the symbol field of the instruction at `at`, in
    /// function `caller`, in code section `code`.
    fn resolve(&self, f: SymbolField, at: u64, caller: Sym, code: &mut SectionCode) {
        let field = (at + f.offset as u64) as usize;
        let here = code.section;
        let text = &mut code.bytes;
        let mut push = |kind, target, addend: i64| {
            code.relocations.push(Relocation {
                offset: field as u64,
                kind,
                target,
                addend,
            });
        };
        let pc_addend = i64::from(f.addend) - 4 - f.tail as i64;
        let sym = match f.name {
            DataName::Symbol(sym) => sym,
            // A label of the code: both assemblers resolve the distance
            // within `.text` themselves.
            DataName::Code(label) => {
                let end = field as i64 + 4 + f.tail as i64;
                let rel = self.code_labels[&label].0 as i64 + i64::from(f.addend) - end;
                text[field..field + 4].copy_from_slice(&(rel as i32).to_le_bytes());
                return;
            }
            DataName::Got(sym) => {
                let symbol = RelocTarget::Symbol(self.symbols.index(sym));
                match self.target.format {
                    ObjectFormat::Elf => push(RelocKind::RexGotPcRelX, symbol, pc_addend),
                    ObjectFormat::MachO => push(RelocKind::GotLoad, symbol, 0),
                }
                return;
            }
            DataName::Constant(label) => {
                let (section, offset) = self.data.constants[&label];
                match self.target.format {
                    ObjectFormat::Elf => push(
                        RelocKind::Pc32,
                        RelocTarget::Section(section),
                        offset as i64 + pc_addend,
                    ),
                    // llvm-mc keeps a reference to a temporary label
                    // section-relative only without offset or trailing
                    // immediate (shared doc 5.2), which is all selection
                    // produces; the Mach-O writer fills the field.
                    ObjectFormat::MachO => {
                        assert!(f.addend == 0 && f.tail == 0, "constant reference form");
                        push(
                            RelocKind::Signed(0),
                            RelocTarget::Section(section),
                            offset as i64,
                        )
                    }
                }
                return;
            }
        };
        let symbol = RelocTarget::Symbol(self.symbols.index(sym));
        let global = self.symbols.is_global(sym);
        let self_call = sym == caller;
        // A local function of this file: GNU `as` resolves a reference to
        // one in the same section itself, and makes one in another section
        // PC-relative to that section (a call too: no PLT for a local).
        let local_function = self
            .functions
            .get(&sym)
            .copied()
            .filter(|_| !global && self.target.format == ObjectFormat::Elf);
        match (f.kind, local_function) {
            // Thread-local references always name the variable's symbol,
            // local or not.
            (FieldKind::TpOff, _) => push(RelocKind::TpOff32, symbol, 0),
            (FieldKind::GotTpOff, _) => push(RelocKind::GotTpOff, symbol, pc_addend),
            (FieldKind::TlsGd, _) => push(RelocKind::TlsGd, symbol, pc_addend),
            (FieldKind::Call | FieldKind::RipData, Some((section, start))) if section != here => {
                let addend = start as i64 + i64::from(f.addend) - 4 - f.tail as i64;
                push(RelocKind::Pc32, RelocTarget::Section(section), addend);
            }
            (FieldKind::Call, _) if self.target.call_resolved_in_place(global, self_call) => {
                self.patch_call(sym, field, text)
            }
            (FieldKind::Call, _) => match self.target.format {
                ObjectFormat::Elf => push(RelocKind::Plt32, symbol, -4),
                ObjectFormat::MachO => push(RelocKind::Branch, symbol, 0),
            },
            (FieldKind::RipData, Some((_, start))) => {
                let end = field as i64 + 4 + f.tail as i64;
                let rel = start as i64 + i64::from(f.addend) - end;
                text[field..field + 4].copy_from_slice(&(rel as i32).to_le_bytes());
            }
            (FieldKind::RipData, None) => {
                let via_section = self
                    .data
                    .statics
                    .get(&sym)
                    .filter(|_| !global && self.target.local_data_via_section_symbol());
                match (self.target.format, via_section) {
                    (ObjectFormat::Elf, Some(&(section, offset))) => push(
                        RelocKind::Pc32,
                        RelocTarget::Section(section),
                        offset as i64 + pc_addend,
                    ),
                    (ObjectFormat::Elf, None) => push(RelocKind::Pc32, symbol, pc_addend),
                    (ObjectFormat::MachO, None) => {
                        // The field holds the constant the assembler could
                        // not apply: the offset minus the bytes of
                        // immediate after the field.
                        let value = i64::from(f.addend) - f.tail as i64;
                        text[field..field + 4].copy_from_slice(&(value as i32).to_le_bytes());
                        let kind = match (f.addend, f.tail) {
                            (0, 1 | 2 | 4) => RelocKind::Signed(f.tail),
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

    /// The relocation of the 8-byte field at `offset` (in a data section)
    /// that holds the address of the constant under `label`.
    ///
    /// `.quad .LN` names a local label, so both assemblers relocate it
    /// against the label's section with the label's offset as the addend
    /// (shared doc 4.1, 5.2): the field stays zero on ELF, and on Mach-O
    /// the writer fills in the section's address plus the addend.
    fn address_of_constant(&self, offset: u64, label: Label) -> Relocation {
        let (section, at) = self.data.constants[&label];
        let kind = match self.target.format {
            ObjectFormat::Elf => RelocKind::Abs64,
            ObjectFormat::MachO => RelocKind::Unsigned,
        };
        Relocation {
            offset,
            kind,
            target: RelocTarget::Section(section),
            addend: at as i64,
        }
    }

    /// The relocation of the 8-byte field at `offset` (in a data section)
    /// that holds the address of a label in the code, and what the field
    /// holds: GNU `as` relocates against the function's section plus the
    /// label's offset (the field stays zero); `llvm-mc` against the function
    /// the label is in (the atom), the distance from it in the field.
    fn address_of_code(&self, offset: u64, label: Label) -> (Relocation, i64) {
        let (at, function) = self.code_labels[&label];
        let (section, start) = self.functions[&function];
        match self.target.format {
            ObjectFormat::Elf => (
                Relocation {
                    offset,
                    kind: RelocKind::Abs64,
                    target: RelocTarget::Section(section),
                    addend: at as i64,
                },
                0,
            ),
            ObjectFormat::MachO => {
                let into = (at - start) as i64;
                let symbol = RelocTarget::Symbol(self.symbols.index(function));
                (
                    Relocation {
                        offset,
                        kind: RelocKind::Unsigned,
                        target: symbol,
                        addend: into,
                    },
                    into,
                )
            }
        }
    }

    /// The relocation of the 8-byte field at `offset` that holds the
    /// address of `name` plus `addend`, and what the field itself holds.
    ///
    /// GNU `as` rewrites a reference to a local symbol defined here as one
    /// to its section with the symbol's offset added (RELA: the field stays
    /// zero); other symbols are named. `llvm-mc` names the symbol and keeps
    /// the addend in the field.
    fn address_of_symbol(&self, offset: u64, name: Sym, addend: i64) -> (Relocation, i64) {
        let relocation = |kind, target, addend| Relocation {
            offset,
            kind,
            target,
            addend,
        };
        if self.target.format == ObjectFormat::MachO {
            let target = RelocTarget::Symbol(self.symbols.index(name));
            return (relocation(RelocKind::Unsigned, target, addend), addend);
        }
        let defined = self
            .data
            .statics
            .get(&name)
            .or_else(|| self.functions.get(&name));
        let reloc = match defined {
            Some(&(section, at)) if !self.symbols.is_global(name) => relocation(
                RelocKind::Abs64,
                RelocTarget::Section(section),
                at as i64 + addend,
            ),
            _ => relocation(
                RelocKind::Abs64,
                RelocTarget::Symbol(self.symbols.index(name)),
                addend,
            ),
        };
        (reloc, 0)
    }

    /// Writes the displacement of a resolved call whose field is at `field`.
    fn patch_call(&self, callee: Sym, field: usize, text: &mut [u8]) {
        let end = field as i64 + 4;
        let rel = self.functions[&callee].1 as i64 - end;
        text[field..field + 4].copy_from_slice(&(rel as i32).to_le_bytes());
    }
}

/// What the assembler creates, in the order it creates it while reading the
/// text `backend::att` prints: named symbols at their first mention
/// (`.globl`, definition, or reference) and sections at their first entry.
struct CreationOrder {
    order: Vec<Sym>,
    index: HashMap<Sym, usize>,
    global: HashMap<Sym, bool>,
    /// Each section entered, with the number of named symbols created
    /// before its first entry; `.text` first.
    sections: Vec<(Section, usize)>,
    /// The symbols thread-local references name (`STT_TLS`, defined here
    /// or not).
    thread_local: HashSet<Sym>,
}

impl Default for CreationOrder {
    fn default() -> Self {
        CreationOrder {
            order: Vec::new(),
            index: HashMap::default(),
            global: HashMap::default(),
            sections: vec![(Section::Text, 0)],
            thread_local: HashSet::default(),
        }
    }
}

impl CreationOrder {
    fn mention(&mut self, sym: Sym) {
        if !self.index.contains_key(&sym) {
            self.index.insert(sym, self.order.len());
            self.order.push(sym);
        }
    }

    fn enter(&mut self, section: Section) {
        if !self.sections.iter().any(|&(s, _)| s == section) {
            self.sections.push((section, self.order.len()));
        }
    }

    /// The position of `section` in the order sections are entered.
    fn section_index(&self, section: Section) -> usize {
        self.sections
            .iter()
            .position(|&(s, _)| s == section)
            .expect("section entered")
    }

    fn index(&self, sym: Sym) -> usize {
        self.index[&sym]
    }

    /// Defined with `.globl`, or not defined here at all.
    fn is_global(&self, sym: Sym) -> bool {
        self.global.get(&sym).copied().unwrap_or(true)
    }

    /// The section symbols the relocations of every section need, each
    /// where `as` creates it (see [`ObjectCode::section_symbols`]).
    fn section_symbols(&self, sections: &[SectionCode]) -> Vec<(Section, usize)> {
        let mut used: Vec<Section> = sections
            .iter()
            .flat_map(|c| &c.relocations)
            .filter_map(|r| match r.target {
                RelocTarget::Section(s) => Some(s),
                RelocTarget::Symbol(_) => None,
            })
            .collect();
        // Creation order: those made at start-up in section order, the
        // others as their sections were entered (several can be entered
        // before another named symbol is made).
        let rank = |s: Section| match s {
            Section::Text => 0,
            Section::Data => 1,
            Section::Bss => 2,
            s => 3 + self.section_index(s),
        };
        used.sort_by_key(|&s| rank(s));
        used.dedup();
        let mut symbols: Vec<(Section, usize)> = used
            .into_iter()
            .map(|s| (s, self.section_symbol_position(s)))
            .collect();
        symbols.sort_by_key(|&(s, at)| (at, rank(s)));
        symbols
    }

    /// Where `as` creates the section symbol of `section`: at start-up for
    /// `.text`, `.data` and `.bss`, else at the section's first entry.
    fn section_symbol_position(&self, section: Section) -> usize {
        match section {
            Section::Text | Section::Data | Section::Bss => 0,
            _ => self
                .sections
                .iter()
                .find(|&&(s, _)| s == section)
                .map_or(0, |&(_, at)| at),
        }
    }

    fn finish(
        &self,
        interner: &Interner,
        linkage: LinkageAttributes,
        target: &Target,
        functions: &HashMap<Sym, (Section, u64)>,
        function_sizes: &HashMap<Sym, u64>,
        data: &DataLayout,
    ) -> Vec<ObjSymbol> {
        let elf = target.format == ObjectFormat::Elf;
        self.order
            .iter()
            .map(|&sym| {
                // An alias takes its target's place, kind and size.
                let real = linkage.alias_target(sym).unwrap_or(sym);
                let function = functions.get(&real).copied();
                let in_tls = |s: &(Section, u64)| matches!(s.0, Section::Tdata | Section::Tbss);
                let thread_local = self.thread_local.contains(&real)
                    || data.statics.get(&real).is_some_and(in_tls);
                let (kind, size) = match (elf, function.is_some(), data.sizes.get(&real)) {
                    (true, false, size) if thread_local => {
                        (SymbolKind::Tls, size.copied().unwrap_or(0))
                    }
                    (true, true, _) => (SymbolKind::Text, function_sizes[&real]),
                    (true, false, Some(&size)) => (SymbolKind::Data, size),
                    _ => (SymbolKind::Unknown, 0),
                };
                ObjSymbol {
                    name: target.symbol_name(interner.get(sym)),
                    global: self.is_global(sym),
                    definition: function.or_else(|| data.statics.get(&real).copied()),
                    kind,
                    size,
                    visibility: linkage.visibility_of(sym).filter(|_| self.is_global(sym)),
                    weak: linkage.is_weak(sym) && self.is_global(sym),
                }
            })
            .collect()
    }
}

/// Whether `instr` reads a GOT entry, or makes `as` create the GOT's
/// symbol as if it did: every thread-local reference does, local-exec
/// ones included.
fn reads_got(instr: &Instr) -> bool {
    if let Instr::ThreadAddress { .. } = instr {
        return true;
    }
    instr.operands().into_iter().flatten().any(|slot| {
        matches!(
            slot.operand,
            Operand::Data {
                name: DataName::Got(_),
                ..
            }
        )
    })
}
