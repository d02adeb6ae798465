//! The AT&T text back end: prints the final assembly IR for GNU `as`.
//!
//! Takes a concrete asm program (after fix-up); returns assembly text. It only
//! prints: one IR instruction is one line, and every naming and section
//! decision comes from [`Target`], which the encoder shares.

use rustc_hash::FxHashSet as HashSet;
use std::fmt::Write as _;

use crate::intern::{Interner, Names, Sym};
use crate::ir::asm::{
    AsmType, AtomicOp, CallTarget, Constant, ConstantData, DataName, Function, Instr, Operand,
    Program, SectionContents, StaticVar, TlsModel, TopLevel, UnaryOp, X87, X87Arith,
};
use crate::ir::symbols::{LinkageAttributes, StaticInit, all_zero};
use crate::target::{ObjectFormat, Section, Target};

/// The text of one file, written one function at a time as the pipeline
/// finishes each, then the data ([`TextWriter::finish`]).
pub struct TextWriter {
    out: String,
    /// Functions defined so far: calls to others go through the PLT.
    defined: HashSet<Sym>,
    /// Calls printed before their callee was defined (or never defined):
    /// where in `out` a `@PLT` goes if the callee is still undefined at the
    /// end of the file.
    undecided: Vec<(usize, Sym)>,
    /// Where each function printed without `.globl` starts, in case the end
    /// of the file makes it global (an inline definition that a later
    /// declaration turns into the external one).
    local_starts: Vec<(usize, Sym)>,
    /// The symbols the functions so far name (calls and data operands),
    /// which a hidden-visibility directive may concern.
    mentioned: HashSet<Sym>,
    /// The sections functions so far are in (gcc's `section`), in the
    /// order first entered.
    code_sections: Vec<Sym>,
    /// Whether functions describe their frames (`.cfi_*`) for unwind tables.
    unwind: bool,
    target: Target,
}

impl TextWriter {
    pub fn new(target: &Target, unwind: bool) -> Self {
        let mut out = String::with_capacity(1 << 16);
        out.push_str(&target.text_prologue());
        TextWriter {
            out,
            defined: HashSet::default(),
            undecided: Vec::new(),
            local_starts: Vec::new(),
            mentioned: HashSet::default(),
            code_sections: Vec::new(),
            unwind,
            target: *target,
        }
    }

    pub fn function(&mut self, f: &Function, interner: &dyn Names, target: &Target) {
        self.defined.insert(f.name);
        self.mentioned.insert(f.name);
        for i in &f.instrs {
            self.mentioned.extend(i.item.symbols());
        }
        if !f.global {
            self.local_starts.push((self.out.len(), f.name));
        }
        if let Some(Section::Named(name)) = f.section
            && !self.code_sections.contains(&name)
        {
            self.code_sections.push(name);
        }
        let mut r = Renderer {
            out: std::mem::take(&mut self.out),
            interner,
            target,
            defined: &self.defined,
            undecided: std::mem::take(&mut self.undecided),
        };
        r.function(f, self.unwind);
        self.out = r.out;
        self.undecided = r.undecided;
    }

    /// The whole text: the functions so far, then the static variables and
    /// the constants, then the debug sections; the functions in
    /// `now_global`, printed as local, are made global.
    pub fn finish(
        self,
        statics: &[StaticVar],
        constants: &[Constant],
        now_global: &[Sym],
        linkage: LinkageAttributes,
        interner: &Interner,
        debug: &[super::debug::DebugSection],
    ) -> String {
        let target = &self.target;
        let mut r = Renderer {
            out: self.out,
            interner,
            target,
            defined: &self.defined,
            undecided: Vec::new(),
        };
        let named = crate::ir::asm::named_sections(&self.code_sections, statics);
        for s in statics {
            r.static_var(s, &named);
        }
        for c in constants {
            r.constant(c);
        }
        // The functions run before `main` and at exit: a pointer to each.
        for (section, functions) in linkage.init_fini_arrays(target.has_init_priorities()) {
            let directive = target.section_directive(section);
            let _ = writeln!(r.out, "\t{directive}\n\t.balign 8");
            for f in functions {
                let name = target.symbol_name(interner.get(f));
                let _ = writeln!(r.out, "\t.quad {name}");
            }
        }
        // Aliases: another global name for a symbol defined above.
        for &(alias, real) in linkage.aliases {
            let alias = target.symbol_name(interner.get(alias));
            let real = target.symbol_name(interner.get(real));
            let _ = writeln!(r.out, "\t.globl {alias}\n\t.set {alias}, {real}");
        }
        // Visibility for the global symbols the text defines or names
        // (the assembler would create any other).
        let mut mentioned = self.mentioned;
        for s in statics {
            mentioned.insert(s.name);
            mentioned.extend(s.init.iter().filter_map(|piece| match piece {
                StaticInit::Address { name, .. } => Some(*name),
                _ => None,
            }));
        }
        let local = |sym: Sym| {
            statics.iter().any(|s| s.name == sym && !s.global)
                || self
                    .local_starts
                    .iter()
                    .any(|&(_, f)| f == sym && !now_global.contains(&f))
        };
        for &(sym, v) in linkage.visibility {
            if mentioned.contains(&sym)
                && !local(sym)
                && let Some(directive) = target.visibility_directive(v)
            {
                let name = target.symbol_name(interner.get(sym));
                let _ = writeln!(r.out, "\t{directive} {name}");
            }
        }
        for &sym in linkage.weak {
            if mentioned.contains(&sym) && !local(sym) {
                let defined = self.defined.contains(&sym) || statics.iter().any(|s| s.name == sym);
                let name = target.symbol_name(interner.get(sym));
                let directive = target.weak_directive(defined);
                let _ = writeln!(r.out, "\t{directive} {name}");
            }
        }
        for d in debug {
            r.debug_section(d);
        }
        r.out.push_str(target.text_epilogue());
        let text = r.out;
        // What the end of the file decides, inserted where it goes.
        let mut inserts: Vec<(usize, String)> = self
            .undecided
            .iter()
            .filter(|(_, callee)| target.call_via_plt(self.defined.contains(callee)))
            .map(|&(at, _)| (at, "@PLT".to_string()))
            .collect();
        for &(at, name) in &self.local_starts {
            if now_global.contains(&name) {
                let name = target.symbol_name(interner.get(name));
                inserts.push((at, format!("\t.globl {name}\n")));
            }
        }
        if inserts.is_empty() {
            return text;
        }
        inserts.sort_by_key(|&(at, _)| at);
        let mut out =
            String::with_capacity(text.len() + inserts.iter().map(|i| i.1.len()).sum::<usize>());
        let mut from = 0;
        for (at, insert) in inserts {
            out.push_str(&text[from..at]);
            out.push_str(&insert);
            from = at;
        }
        out.push_str(&text[from..]);
        out
    }
}

/// A whole program's text: its functions in order, then its static
/// variables, then its constants.
pub fn render_program(prog: &Program, interner: &Interner, target: &Target) -> String {
    let mut w = TextWriter::new(target, false);
    let mut statics = Vec::new();
    for item in &prog.items {
        match item {
            TopLevel::Function(f) => w.function(f, interner, target),
            TopLevel::StaticVar(s) => statics.push(s.clone()),
        }
    }
    w.finish(
        &statics,
        &prog.constants,
        &[],
        LinkageAttributes::NONE,
        interner,
        &[],
    )
}

/// One instruction as [`TextWriter`] prints it, without the indentation
/// and newline; a call is rendered as a call to a function defined elsewhere.
pub fn render_instr(instr: &Instr, interner: &Interner, target: &Target) -> String {
    let defined = HashSet::default();
    let mut r = Renderer {
        out: String::new(),
        interner,
        target,
        defined: &defined,
        undecided: Vec::new(),
    };
    r.instr(instr);
    let mut text = r.out;
    for &(at, _) in r.undecided.iter().rev() {
        if target.call_via_plt(false) {
            text.insert_str(at, "@PLT");
        }
    }
    text.trim().to_string()
}

struct Renderer<'a> {
    out: String,
    interner: &'a dyn Names,
    target: &'a Target,
    /// Functions defined so far.
    defined: &'a HashSet<Sym>,
    /// See [`TextWriter::undecided`].
    undecided: Vec<(usize, Sym)>,
}

impl<'a> Renderer<'a> {
    fn symbol(&self, name: Sym) -> String {
        self.target.symbol_name(self.interner.name(name))
    }

    fn operand(&self, op: Operand, ty: AsmType) -> String {
        match op {
            Operand::Imm(v) => format!("${v}"),
            Operand::Reg(r) => r.name(ty).to_string(),
            Operand::Xmm(x) => format!("%xmm{}", x.0),
            Operand::Memory { base, disp: 0 } => format!("({})", base.name(AsmType::Quad)),
            Operand::Memory { base, disp } => format!("{disp}({})", base.name(AsmType::Quad)),
            Operand::Indexed {
                base,
                index,
                scale,
                disp,
            } => format!(
                "{}({},{},{scale})",
                if disp == 0 {
                    String::new()
                } else {
                    disp.to_string()
                },
                base.name(AsmType::Quad),
                index.name(AsmType::Quad)
            ),
            Operand::Data { name, offset } => {
                let name = match name {
                    DataName::Symbol(sym) => self.symbol(sym),
                    DataName::Constant(label) | DataName::Code(label) => {
                        self.target.local_label(label)
                    }
                    DataName::Got(sym) => format!("{}@GOTPCREL", self.symbol(sym)),
                };
                match offset {
                    0 => format!("{name}(%rip)"),
                    o => format!("{name}{o:+}(%rip)"),
                }
            }
            Operand::Pseudo(_) | Operand::PseudoMem { .. } => {
                panic!("pseudo-register reached the text back end")
            }
        }
    }

    fn line(&mut self, text: std::fmt::Arguments<'_>) {
        let _ = writeln!(self.out, "\t{text}");
    }

    fn globl(&mut self, name: &str, global: bool) {
        if global {
            let _ = writeln!(self.out, "\t.globl {name}");
        }
    }

    /// ELF symbols carry a type and a size, as gcc's text gives them
    /// (`.type`, `.size`): a program linked against a shared library needs
    /// both to copy the library's data. Mach-O has neither.
    fn elf_symbols(&self) -> bool {
        self.target.format == ObjectFormat::Elf
    }

    fn function(&mut self, f: &Function, unwind: bool) {
        let name = self.symbol(f.name);
        self.globl(&name, f.global);
        let section = match f.section {
            Some(Section::Named(section)) => self
                .target
                .named_section_directive(self.interner.name(section), SectionContents::Code),
            _ => ".text".to_string(),
        };
        let _ = writeln!(self.out, "\t{section}");
        if let Some(align) = f.align {
            let _ = writeln!(self.out, "\t.balign {align}");
        }
        if self.elf_symbols() {
            let _ = writeln!(self.out, "\t.type {name}, @function");
        }
        let _ = writeln!(self.out, "{name}:");
        let cfi = if unwind {
            self.out.push_str("\t.cfi_startproc\n");
            super::unwind::cfi(f)
        } else {
            Vec::new()
        };
        let mut next = cfi.iter().peekable();
        for (i, instr) in f.instrs.iter().enumerate() {
            self.instr(&instr.item);
            while let Some((_, c)) = next.next_if(|&&(at, _)| at == i) {
                let _ = writeln!(self.out, "\t{}", c.directive());
            }
        }
        if unwind {
            self.out.push_str("\t.cfi_endproc\n");
        }
        if self.elf_symbols() {
            let _ = writeln!(self.out, "\t.size {name}, .-{name}");
        }
    }

    /// A debug section: its bytes, and each reference as the directive that
    /// makes `as` relocate it as the encoder does.
    fn debug_section(&mut self, d: &super::debug::DebugSection) {
        let Section::Debug(name) = d.section else {
            unreachable!("a debug section")
        };
        let _ = writeln!(self.out, "\t.section {name},\"\",@progbits");
        let mut at = 0usize;
        for &(offset, r) in &d.refs {
            self.byte_lines(&d.bytes[at..offset as usize]);
            at = match r {
                super::debug::DebugRef::Address(sym, addend) => {
                    let name = self.symbol(sym);
                    let _ = writeln!(self.out, "\t.quad {name}{addend:+}");
                    offset as usize + 8
                }
                super::debug::DebugRef::DtpOff(sym) => {
                    let name = self.symbol(sym);
                    let _ = writeln!(self.out, "\t.quad {name}@dtpoff");
                    offset as usize + 8
                }
                super::debug::DebugRef::Offset(Section::Debug(section), addend) => {
                    let _ = writeln!(self.out, "\t.long {section}{addend:+}");
                    offset as usize + 4
                }
                super::debug::DebugRef::Offset(..) => unreachable!("offsets into debug sections"),
            };
        }
        self.byte_lines(&d.bytes[at..]);
    }

    /// `.byte` lines of at most 16 values.
    fn byte_lines(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(16) {
            let list: Vec<String> = chunk.iter().map(|b| b.to_string()).collect();
            let _ = writeln!(self.out, "\t.byte {}", list.join(","));
        }
    }

    /// A static variable; `named`: the named sections and what they hold.
    fn static_var(&mut self, s: &StaticVar, named: &[(Sym, SectionContents)]) {
        let name = self.symbol(s.name);
        self.globl(&name, s.global);
        let section = match s.section {
            Some(Section::Named(name)) => {
                let contents = named
                    .iter()
                    .find(|&&(n, _)| n == name)
                    .map(|&(_, c)| c)
                    .expect("every named section is listed");
                self.target
                    .named_section_directive(self.interner.name(name), contents)
            }
            Some(section) => self.target.section_directive(section),
            None => self
                .target
                .data_section(all_zero(&s.init))
                .directive()
                .to_string(),
        };
        let _ = writeln!(self.out, "\t{section}\n\t.balign {}", s.align);
        if self.elf_symbols() {
            let size: u64 = s.init.iter().map(StaticInit::size).sum();
            let _ = writeln!(self.out, "\t.type {name}, @object\n\t.size {name}, {size}");
        }
        let _ = writeln!(self.out, "{name}:");
        for piece in &s.init {
            self.static_init(piece);
        }
    }

    /// The low `bytes` bytes of `value` (1, 2, 4, 8 or 16: a `long
    /// double`'s 10 and its padding, or a packed operand) as data
    /// directives.
    fn bits(&mut self, value: u128, bytes: u64) {
        match bytes {
            1 => self.line(format_args!(".byte {}", value as u8 as i8)),
            2 => self.line(format_args!(".value {}", value as u16 as i16)),
            4 => self.line(format_args!(".long {}", value as u32 as i32)),
            8 => self.line(format_args!(".quad {}", value as i64)),
            _ => {
                self.line(format_args!(".quad {}", value as i64));
                self.line(format_args!(".quad {}", (value >> 64) as i64));
            }
        }
    }

    /// One piece of a static value as a data directive.
    fn static_init(&mut self, init: &StaticInit) {
        match init {
            init if init.is_zero() => self.line(format_args!(".zero {}", init.size())),
            StaticInit::Scalar(c) => self.bits(c.wide_bits(), c.ty().size()),
            StaticInit::Zero(n) => self.line(format_args!(".zero {n}")),
            StaticInit::String {
                bytes,
                null_terminated,
            } => {
                let directive = if *null_terminated { ".asciz" } else { ".ascii" };
                self.line(format_args!("{directive} \"{}\"", escape(bytes)));
            }
            StaticInit::Pointer(label) => {
                let label = self.target.local_label(*label);
                self.line(format_args!(".quad {label}"));
            }
            StaticInit::CodeLabel(label) => {
                let label = self.target.local_label(*label);
                self.line(format_args!(".quad {label}"));
            }
            StaticInit::Address { name, offset } => {
                let name = self.symbol(*name);
                match offset {
                    0 => self.line(format_args!(".quad {name}")),
                    _ => self.line(format_args!(".quad {name}{offset:+}")),
                }
            }
        }
    }

    /// A constant under its local label: a float's or double's raw bits (so no
    /// decimal round trip is involved), zero-padded to its size, or a
    /// string literal.
    fn constant(&mut self, c: &Constant) {
        let section = self.target.section_of(c).directive();
        let label = self.target.local_label(c.label);
        match &c.data {
            ConstantData::Bits { value, bytes } => {
                let _ = writeln!(self.out, "\t{section}\n\t.balign {bytes}\n{label}:");
                self.bits(*value, u64::from(*bytes));
            }
            ConstantData::String(s) => {
                let _ = writeln!(self.out, "\t{section}\n{label}:");
                self.line(format_args!(".asciz \"{}\"", escape(s)));
            }
        }
    }

    /// An x87 instruction (see [`crate::backend::x86`] for the AT&T
    /// spelling of the reversed forms).
    fn x87(&mut self, x: X87) {
        match x {
            X87::Load(format, src) => {
                let i = if format.is_integer() { "i" } else { "" };
                let s = self.operand(src, AsmType::Quad);
                self.line(format_args!("f{i}ld{} {s}", format.suffix()));
            }
            X87::StorePop(format, dst) => {
                let i = if format.is_integer() { "i" } else { "" };
                let d = self.operand(dst, AsmType::Quad);
                self.line(format_args!("f{i}stp{} {d}", format.suffix()));
            }
            X87::ArithPop(arith) => {
                let mnemonic = match arith {
                    X87Arith::Add => "faddp",
                    X87Arith::Sub => "fsubrp",
                    X87Arith::Mul => "fmulp",
                    X87Arith::Div => "fdivrp",
                };
                self.line(format_args!("{mnemonic} %st, %st(1)"));
            }
            X87::ChangeSign => self.line(format_args!("fchs")),
            X87::CompareAndPop { signaling } => {
                let u = if signaling { "" } else { "u" };
                self.line(format_args!("f{u}comip %st(1), %st"));
            }
            X87::Pop => self.line(format_args!("fstp %st(0)")),
            X87::LoadZero => self.line(format_args!("fldz")),
            X87::StoreControl(dst) => {
                let d = self.operand(dst, AsmType::Quad);
                self.line(format_args!("fnstcw {d}"));
            }
            X87::LoadControl(src) => {
                let s = self.operand(src, AsmType::Quad);
                self.line(format_args!("fldcw {s}"));
            }
        }
    }

    fn instr(&mut self, instr: &Instr) {
        /// The letter of a scalar SSE mnemonic: `d` or `s`.
        fn fp_letter(fp: AsmType) -> char {
            if fp == AsmType::Single { 's' } else { 'd' }
        }
        match *instr {
            Instr::X87(x) => self.x87(x),
            Instr::Mov { ty, src, dst } => {
                let (s, d) = (self.operand(src, ty), self.operand(dst, ty));
                match ty {
                    // Between registers, `movapd` copies the whole
                    // register; `movsd` would merge into the destination's
                    // upper half and so wait for its last writer.
                    AsmType::Double if matches!((src, dst), (Operand::Xmm(_), Operand::Xmm(_))) => {
                        self.line(format_args!("movapd {s}, {d}"))
                    }
                    AsmType::Double => self.line(format_args!("movsd {s}, {d}")),
                    AsmType::Single if matches!((src, dst), (Operand::Xmm(_), Operand::Xmm(_))) => {
                        self.line(format_args!("movaps {s}, {d}"))
                    }
                    AsmType::Single => self.line(format_args!("movss {s}, {d}")),
                    _ => self.line(format_args!("mov{} {s}, {d}", ty.suffix())),
                }
            }
            Instr::Movsx {
                src_ty,
                dst_ty,
                src,
                dst,
            }
            | Instr::MovZeroExtend {
                src_ty,
                dst_ty,
                src,
                dst,
            } => {
                let kind = if matches!(instr, Instr::Movsx { .. }) {
                    's'
                } else {
                    'z'
                };
                let (s, d) = (self.operand(src, src_ty), self.operand(dst, dst_ty));
                let (a, b) = (src_ty.suffix(), dst_ty.suffix());
                self.line(format_args!("mov{kind}{a}{b} {s}, {d}"));
            }
            Instr::Lea { src, dst } => {
                let (s, d) = (
                    self.operand(src, AsmType::Quad),
                    self.operand(dst, AsmType::Quad),
                );
                self.line(format_args!("leaq {s}, {d}"));
            }
            Instr::Cvttsd2si { fp, ty, src, dst } => {
                let (s, d) = (self.operand(src, fp), self.operand(dst, ty));
                let x = fp_letter(fp);
                self.line(format_args!("cvtts{x}2si{} {s}, {d}", ty.suffix()));
            }
            Instr::Cvtsi2sd { fp, ty, src, dst } => {
                let (s, d) = (self.operand(src, ty), self.operand(dst, fp));
                let x = fp_letter(fp);
                self.line(format_args!("cvtsi2s{x}{} {s}, {d}", ty.suffix()));
            }
            Instr::Cvtfp { from, src, dst } => {
                let (s, d) = (self.operand(src, from), self.operand(dst, from));
                let mnemonic = if from == AsmType::Single {
                    "cvtss2sd"
                } else {
                    "cvtsd2ss"
                };
                self.line(format_args!("{mnemonic} {s}, {d}"));
            }
            Instr::Unary { op, ty, dst } => {
                let mnemonic = match op {
                    UnaryOp::Neg => "neg",
                    UnaryOp::Not => "not",
                };
                let d = self.operand(dst, ty);
                self.line(format_args!("{mnemonic}{} {d}", ty.suffix()));
            }
            Instr::Binary { op, ty, src, dst } => {
                // A shift count register is always %cl.
                let src_ty = if op.is_shift() { AsmType::Byte } else { ty };
                let (s, d) = (self.operand(src, src_ty), self.operand(dst, ty));
                let mnemonic = op.mnemonic(ty);
                match ty {
                    AsmType::Double | AsmType::Single => {
                        self.line(format_args!("{mnemonic} {s}, {d}"))
                    }
                    _ => self.line(format_args!("{mnemonic}{} {s}, {d}", ty.suffix())),
                }
            }
            Instr::Cmp { ty, src, dst } => {
                let (s, d) = (self.operand(src, ty), self.operand(dst, ty));
                match ty {
                    AsmType::Double => self.line(format_args!("comisd {s}, {d}")),
                    AsmType::Single => self.line(format_args!("comiss {s}, {d}")),
                    _ => self.line(format_args!("cmp{} {s}, {d}", ty.suffix())),
                }
            }
            Instr::Idiv { ty, src } => {
                let s = self.operand(src, ty);
                self.line(format_args!("idiv{} {s}", ty.suffix()));
            }
            Instr::Div { ty, src } => {
                let s = self.operand(src, ty);
                self.line(format_args!("div{} {s}", ty.suffix()));
            }
            Instr::Cdq { ty: AsmType::Quad } => self.line(format_args!("cqto")),
            Instr::Cdq { .. } => self.line(format_args!("cltd")),
            Instr::JmpIndirect(target) => {
                let t = self.operand(target, AsmType::Quad);
                self.line(format_args!("jmp *{t}"));
            }
            Instr::Jmp(l) => {
                let l = self.target.local_label(l);
                self.line(format_args!("jmp {l}"));
            }
            Instr::JmpCC(cc, l) => {
                let l = self.target.local_label(l);
                self.line(format_args!("j{} {l}", cc.suffix()));
            }
            Instr::SetCC(cc, dst) => {
                let d = self.operand(dst, AsmType::Byte);
                self.line(format_args!("set{} {d}", cc.suffix()));
            }
            Instr::Label(l) => {
                let l = self.target.local_label(l);
                let _ = writeln!(self.out, "{l}:");
            }
            Instr::Push(src) => {
                let s = self.operand(src, AsmType::Quad);
                self.line(format_args!("pushq {s}"));
            }
            Instr::Pop(reg) => self.line(format_args!("popq {}", reg.name(AsmType::Quad))),
            Instr::Call {
                target: CallTarget::R11,
                ..
            } => self.line(format_args!("call *%r11")),
            Instr::Call {
                target: CallTarget::Symbol(target),
                ..
            } => {
                let sym = self.symbol(target);
                let _ = write!(self.out, "\tcall {sym}");
                if !self.defined.contains(&target) {
                    // Decided at the end of the file: a later definition
                    // makes it a direct call.
                    self.undecided.push((self.out.len(), target));
                }
                self.out.push('\n');
            }
            Instr::Leave => self.line(format_args!("leave")),
            Instr::Mfence => self.line(format_args!("mfence")),
            Instr::Atomic { op, ty, src, dst } => {
                let (s, d) = (self.operand(src, ty), self.operand(dst, ty));
                let mnemonic = match op {
                    AtomicOp::FetchAdd => "lock xadd",
                    AtomicOp::Exchange => "xchg",
                    AtomicOp::CompareExchange => "lock cmpxchg",
                };
                self.line(format_args!("{mnemonic}{} {s}, {d}", ty.suffix()));
            }
            Instr::ThreadAddress { var, model } => {
                let var = self.symbol(var);
                match model {
                    TlsModel::LocalExec => {
                        self.line(format_args!("movq %fs:0, %rax"));
                        self.line(format_args!("addq ${var}@tpoff, %rax"));
                    }
                    TlsModel::InitialExec => {
                        self.line(format_args!("movq {var}@gottpoff(%rip), %rax"));
                        self.line(format_args!("addq %fs:0, %rax"));
                    }
                    // The prefixes make the 16 bytes the linker may rewrite
                    // into another model's sequence.
                    TlsModel::GeneralDynamic { get_addr } => {
                        let get_addr = self.symbol(get_addr);
                        self.line(format_args!(".byte 0x66"));
                        self.line(format_args!("leaq {var}@tlsgd(%rip), %rdi"));
                        self.line(format_args!(".value 0x6666"));
                        self.line(format_args!("rex64"));
                        self.line(format_args!("call {get_addr}@PLT"));
                    }
                }
            }
            Instr::Ret => self.line(format_args!("ret")),
        }
    }
}

/// Bytes as the inside of an assembler string: printable ASCII as itself
/// (but `"` and `\\`), everything else as a three-digit octal escape, which
/// no following digit can extend. GNU `as` and `llvm-mc` read it alike.
fn escape(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        match b {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7e => out.push(b as char),
            _ => {
                let _ = write!(out, "\\{b:03o}");
            }
        }
    }
    out
}
