//! What the two back ends must agree on about the target, in one place:
//! symbol mangling, local label names, sections, alignment and the notes an
//! object file carries.
//!
//! A [`Target`] is a value the driver builds from the `--target` triple and
//! passes down; nothing reads the host at compile time.

use target_lexicon::{BinaryFormat, Triple};

use crate::intern::Sym;
use crate::ir::Label;
use crate::ir::asm::SectionContents;

/// The ELF name of an `.init_array` or `.fini_array` section: with a
/// priority, five digits after a dot, as gcc names it.
pub fn init_fini_name(section: Section) -> String {
    let (base, priority) = match section {
        Section::InitArray(p) => (".init_array", p),
        Section::FiniArray(p) => (".fini_array", p),
        other => panic!("{other:?} is no array of functions"),
    };
    match priority {
        Some(p) => format!("{base}.{p:05}"),
        None => base.to_string(),
    }
}

/// A Mach-O `segment,section` for a section name gcc's `section` gives:
/// as written when it has a segment (without any type and attributes after
/// it), else in `__TEXT` for code and `__DATA` for data.
pub fn macho_section_name(name: &str, contents: SectionContents) -> String {
    let mut parts = name.splitn(3, ',');
    match (parts.next(), parts.next()) {
        (Some(segment), Some(section)) => format!("{segment},{section}"),
        _ if contents == SectionContents::Code => format!("__TEXT,{name}"),
        _ => format!("__DATA,{name}"),
    }
}

/// The macOS version Mach-O objects are built for: the text says
/// `.build_version macos, 11, 0`, the object carries the same
/// `LC_BUILD_VERSION` (so Apple's linker does not warn), and `llvm-mc` runs
/// for the matching `x86_64-apple-macosx11.0.0` triple.
pub const MACOS_MIN_VERSION: (u16, u8) = (11, 0);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectFormat {
    Elf,
    MachO,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    pub format: ObjectFormat,
}

/// The sections mcc's output uses. Which one holds what is decided by
/// [`Target::data_section`] and [`Target::constant_section`]; both back ends
/// name them through [`Section::directive`] and the object writers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    Text,
    /// Initialised, writable data.
    Data,
    /// Zero-initialised data: occupies no file space.
    Bss,
    /// ELF read-only data (`.rodata`).
    ReadOnly,
    /// Mach-O 4-byte literals (`__TEXT,__literal4`), merged by the linker.
    Literal4,
    /// Mach-O 8-byte literals (`__TEXT,__literal8`), merged by the linker.
    Literal8,
    /// Mach-O 16-byte literals (`__TEXT,__literal16`).
    Literal16,
    /// Mach-O C strings (`__TEXT,__cstring`): NUL-terminated literals the
    /// linker may merge, so none may contain a NUL of its own.
    CString,
    /// Mach-O read-only data (`__TEXT,__const`): string literals with an
    /// embedded NUL, as clang places them.
    Const,
    /// The pointers to the functions run before `main` (gcc's
    /// `constructor`): ELF `.init_array`, or with a priority
    /// `.init_array.NNNNN` (which the linker sorts); Mach-O
    /// `__DATA,__mod_init_func`, which has no priorities.
    InitArray(Option<u16>),
    /// And at exit (`destructor`): ELF `.fini_array` (`.fini_array.NNNNN`),
    /// Mach-O `__DATA,__mod_term_func`.
    FiniArray(Option<u16>),
    /// A section declarations name (gcc's `section ("name")`; on Mach-O
    /// `"segment,section"`): code, or data writable unless every variable
    /// in it is read-only (see [`crate::ir::asm::StaticVar::writable`]).
    Named(Sym),
    /// ELF thread-local data (`_Thread_local`): the initial image of each
    /// thread's copy (`.tdata`), and the zero-initialised part (`.tbss`).
    Tdata,
    Tbss,
    /// ELF unwind tables, which `as` builds from the text's `.cfi_*`
    /// directives (see `backend::unwind`), after every other section.
    EhFrame,
    /// A DWARF section (`-g`, see `backend::debug`), by its name
    /// (`.debug_info`, ...).
    Debug(&'static str),
}

impl Section {
    /// The directive that enters the section in assembly text.
    pub fn directive(self) -> &'static str {
        match self {
            Section::Text => ".text",
            Section::Data => ".data",
            Section::Bss => ".bss",
            Section::ReadOnly => ".section .rodata",
            Section::Tdata => ".section .tdata,\"awT\",@progbits",
            Section::Tbss => ".section .tbss,\"awT\",@nobits",
            Section::Literal4 => ".literal4",
            Section::Literal8 => ".literal8",
            Section::Literal16 => ".literal16",
            Section::CString => ".cstring",
            Section::Const => ".const",
            Section::InitArray(_) | Section::FiniArray(_) => {
                panic!("the directive of {self:?} depends on the target: Target::section_directive")
            }
            Section::Named(_) => {
                panic!(
                    "the directive of a named section needs its name: Target::named_section_directive"
                )
            }
            Section::EhFrame => panic!("the text describes .eh_frame with .cfi directives"),
            Section::Debug(_) => panic!("a debug section's directive depends on the target"),
        }
    }

    /// Zero-fill: a size and no bytes in the file.
    pub fn is_zero_fill(self) -> bool {
        matches!(self, Section::Bss | Section::Tbss)
    }
}

/// Where a thread-local variable goes (ELF only): zero-initialised ones
/// to `.tbss`, as ordinary ones go to `.bss` ([`Target::data_section`]).
pub fn thread_local_section(zero: bool) -> Section {
    if zero { Section::Tbss } else { Section::Tdata }
}

impl Target {
    pub const LINUX: Target = Target {
        format: ObjectFormat::Elf,
    };

    /// The target of an x86-64 triple such as `x86_64-unknown-linux-gnu` or
    /// `x86_64-apple-darwin`.
    pub fn from_triple(triple: &str) -> Result<Target, String> {
        let t: Triple = triple
            .parse()
            .map_err(|e| format!("invalid target '{triple}': {e}"))?;
        if t.architecture != target_lexicon::Architecture::X86_64 {
            return Err(format!(
                "unsupported target '{triple}': only x86_64 is supported"
            ));
        }
        let format = match t.binary_format {
            BinaryFormat::Elf => ObjectFormat::Elf,
            BinaryFormat::Macho => ObjectFormat::MachO,
            _ => {
                return Err(format!(
                    "unsupported target '{triple}': no ELF or Mach-O output"
                ));
            }
        };
        Ok(Target { format })
    }

    /// The system headers and predefined macros are Linux's (glibc, gcc's
    /// set) for ELF, Darwin's (clang's set) for Mach-O.
    pub fn is_linux(&self) -> bool {
        self.format == ObjectFormat::Elf
    }

    /// The assembler name of a C identifier (Mach-O prefixes `_`).
    pub fn symbol_name(&self, c_name: &str) -> String {
        // An `__asm__` label is the assembler's name already.
        if let Some(label) = c_name.strip_prefix('\u{1}') {
            return label.to_string();
        }
        match self.format {
            ObjectFormat::Elf => c_name.to_string(),
            ObjectFormat::MachO => format!("_{c_name}"),
        }
    }

    /// The name of a compiler-generated label: assembler-local, never in the
    /// symbol table (`.L` on ELF, `L` on Mach-O).
    pub fn local_label(&self, label: Label) -> String {
        match self.format {
            ObjectFormat::Elf => format!(".L{}", label.0),
            ObjectFormat::MachO => format!("L{}", label.0),
        }
    }

    /// Whether calls to `name` go through the PLT: on ELF every call to a
    /// function that may be preempted or undefined does (PIE executables).
    pub fn call_via_plt(&self, defined_here: bool) -> bool {
        self.format == ObjectFormat::Elf && !defined_here
    }

    /// Whether the assembler resolves a `call` in place (the displacement
    /// written into the instruction, no relocation). `callee_global`: the
    /// callee is `.globl` or not defined in this file; `self_call`: a
    /// function calls itself.
    ///
    /// GNU `as` (ELF) resolves a call to a local function, which is in the
    /// same section and cannot be preempted; a global one may be, so it gets
    /// a PLT relocation. `llvm-mc` (Mach-O, `.subsections_via_symbols`)
    /// treats every symbol as the start of an atom the linker may move, so it
    /// resolves only a call within one atom: a function calling itself.
    pub fn call_resolved_in_place(&self, callee_global: bool, self_call: bool) -> bool {
        match self.format {
            ObjectFormat::Elf => !callee_global,
            ObjectFormat::MachO => self_call,
        }
    }

    /// Whether a relocation against local (not `.globl`) data names the
    /// section's symbol, with the data's offset in the addend, instead of
    /// the data's own symbol.
    ///
    /// GNU `as` (ELF) rewrites relocations against local symbols that way;
    /// `llvm-mc` (Mach-O) keeps the symbol, which names the atom the linker
    /// may move.
    pub fn local_data_via_section_symbol(&self) -> bool {
        self.format == ObjectFormat::Elf
    }

    /// Where a static-storage object goes: zero-initialised ones to `.bss`.
    pub fn data_section(&self, zero: bool) -> Section {
        if zero { Section::Bss } else { Section::Data }
    }

    /// Where a read-only constant of `bytes` bytes goes, under a local
    /// label: `.rodata` on ELF (as gcc without merging), the literal
    /// section of its size on Mach-O (as clang does).
    pub fn constant_section(&self, bytes: u32) -> Section {
        match (self.format, bytes) {
            (ObjectFormat::Elf, _) => Section::ReadOnly,
            (ObjectFormat::MachO, 4) => Section::Literal4,
            (ObjectFormat::MachO, 8) => Section::Literal8,
            (ObjectFormat::MachO, 16) => Section::Literal16,
            (ObjectFormat::MachO, n) => panic!("no {n}-byte literal section"),
        }
    }

    /// Where a string literal's array goes, under a local label: `.rodata`
    /// on ELF; on Mach-O `__cstring`, or `__const` for a literal with an
    /// embedded NUL (which `__cstring` would split), as clang does.
    pub fn string_section(&self, embedded_nul: bool) -> Section {
        match (self.format, embedded_nul) {
            (ObjectFormat::Elf, _) => Section::ReadOnly,
            (ObjectFormat::MachO, false) => Section::CString,
            (ObjectFormat::MachO, true) => Section::Const,
        }
    }

    /// The section of a read-only constant.
    pub fn section_of(&self, c: &crate::ir::asm::Constant) -> Section {
        match &c.data {
            crate::ir::asm::ConstantData::Bits { bytes, .. } => self.constant_section(*bytes),
            crate::ir::asm::ConstantData::String(s) => self.string_section(s.contains(&0)),
        }
    }

    /// The directive that gives a symbol visibility `v`: ELF's own; on
    /// Mach-O `.private_extern` for hidden and internal, nothing for
    /// protected (which Mach-O has not).
    pub fn visibility_directive(&self, v: crate::ir::symbols::Visibility) -> Option<&'static str> {
        use crate::ir::symbols::Visibility;
        match (self.format, v) {
            (ObjectFormat::Elf, v) => Some(v.directive()),
            (ObjectFormat::MachO, Visibility::Protected) => None,
            (ObjectFormat::MachO, _) => Some(".private_extern"),
        }
    }

    /// The directive that makes a symbol weak: ELF's `.weak` for both; on
    /// Mach-O, a definition (`N_WEAK_DEF`) or a reference (`N_WEAK_REF`).
    pub fn weak_directive(&self, defined: bool) -> &'static str {
        match (self.format, defined) {
            (ObjectFormat::Elf, _) => ".weak",
            (ObjectFormat::MachO, true) => ".weak_definition",
            (ObjectFormat::MachO, false) => ".weak_reference",
        }
    }

    /// Whether constructors and destructors may have priorities (ELF's
    /// sorted `.init_array.NNNNN`; Mach-O's one array has none).
    pub fn has_init_priorities(&self) -> bool {
        self.format == ObjectFormat::Elf
    }

    /// The directive that enters `section` in assembly text.
    pub fn section_directive(&self, section: Section) -> String {
        match (self.format, section) {
            (ObjectFormat::Elf, Section::InitArray(_) | Section::FiniArray(_)) => {
                format!(".section {},\"aw\"", init_fini_name(section))
            }
            (ObjectFormat::MachO, Section::InitArray(_)) => {
                ".section __DATA,__mod_init_func,mod_init_funcs".to_string()
            }
            (ObjectFormat::MachO, Section::FiniArray(_)) => {
                ".section __DATA,__mod_term_func,mod_term_funcs".to_string()
            }
            (_, s) => s.directive().to_string(),
        }
    }

    /// The directive that enters a section a declaration names: on ELF
    /// with gcc's flags (`"ax"` for code, `"aw"` for data, or `"a"` for
    /// `const` data); on Mach-O, `segment,section` (see
    /// [`macho_section_name`]), code with clang's `regular,pure_instructions`.
    pub fn named_section_directive(&self, name: &str, contents: SectionContents) -> String {
        match (self.format, contents) {
            (ObjectFormat::Elf, SectionContents::Code) => {
                format!(".section {name},\"ax\",@progbits")
            }
            (ObjectFormat::Elf, SectionContents::Data { writable }) => {
                let flags = if writable { "aw" } else { "a" };
                format!(".section {name},\"{flags}\"")
            }
            (ObjectFormat::MachO, SectionContents::Code) => format!(
                ".section {},regular,pure_instructions",
                macho_section_name(name, contents)
            ),
            (ObjectFormat::MachO, SectionContents::Data { .. }) => {
                format!(".section {}", macho_section_name(name, contents))
            }
        }
    }

    /// Directives that open the assembly text.
    pub fn text_prologue(&self) -> String {
        match self.format {
            ObjectFormat::Elf => String::new(),
            ObjectFormat::MachO => {
                let (major, minor) = MACOS_MIN_VERSION;
                format!("\t.build_version macos, {major}, {minor}\n")
            }
        }
    }

    /// Directives that close the assembly text: ELF objects say the stack
    /// need not be executable; Mach-O objects let the linker split sections
    /// at symbols.
    pub fn text_epilogue(&self) -> &'static str {
        match self.format {
            ObjectFormat::Elf => "\t.section .note.GNU-stack,\"\",@progbits\n",
            ObjectFormat::MachO => "\t.subsections_via_symbols\n",
        }
    }

    /// The external assembler that makes this target's objects from our
    /// text: the program and its arguments before `-o OUT IN`.
    pub fn external_assembler(&self) -> (&'static str, Vec<String>) {
        match self.format {
            ObjectFormat::Elf => ("as", vec!["--64".to_string()]),
            // The macOS triple makes the same object as `x86_64-apple-darwin`
            // without warning about `.build_version`.
            ObjectFormat::MachO => {
                let (major, minor) = MACOS_MIN_VERSION;
                let triple = format!("x86_64-apple-macosx{major}.{minor}.0");
                (
                    "llvm-mc",
                    vec!["-triple".to_string(), triple, "-filetype=obj".to_string()],
                )
            }
        }
    }
}
