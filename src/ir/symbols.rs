//! The symbol table: what semantic analysis learns about each identifier, and
//! what TACKY lowering and code generation read back (book chapters 9-10).

use crate::intern::Sym;
use crate::ir::Label;
use crate::ir::consts::Const;
use crate::ir::types::{Quals, Type, TypeTable};
use rustc_hash::FxHashMap as HashMap;

/// One piece of the value a static-storage object starts with, already
/// gcc's symbol visibilities other than the default (the ELF `st_other`
/// values): what other modules may see of a global symbol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visibility {
    Internal = 1,
    Hidden = 2,
    Protected = 3,
}

impl Visibility {
    pub fn from_name(name: &[u8]) -> Option<Option<Visibility>> {
        Some(match name {
            b"default" => None,
            b"internal" => Some(Visibility::Internal),
            b"hidden" => Some(Visibility::Hidden),
            b"protected" => Some(Visibility::Protected),
            _ => return None,
        })
    }

    /// The ELF directive that gives it (`.hidden`).
    pub fn directive(self) -> &'static str {
        match self {
            Visibility::Internal => ".internal",
            Visibility::Hidden => ".hidden",
            Visibility::Protected => ".protected",
        }
    }
}

/// converted to the type of the part it initialises (C11 6.7.9p10: what no
/// initialiser covers is zero). An object's value is a list of pieces in
/// address order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StaticInit {
    Scalar(Const),
    /// `n` zero bytes.
    Zero(u64),
    /// The bytes of a `char` array initialised by a string literal, with a
    /// terminating NUL when the array has room for it.
    String {
        bytes: Vec<u8>,
        null_terminated: bool,
    },
    /// The address of the string-literal constant under this label (a
    /// `char *` initialised by a string literal): 8 bytes.
    Pointer(Label),
    /// The address of a static object or a function, plus `offset` bytes
    /// (an address constant, C11 6.6p9): 8 bytes.
    Address {
        name: Sym,
        offset: i64,
    },
    /// The address of a label in the code (gcc's `&&name` in a static
    /// table): 8 bytes.
    CodeLabel(Label),
}

impl StaticInit {
    /// Bytes the piece occupies.
    pub fn size(&self) -> u64 {
        match self {
            StaticInit::Scalar(c) => c.ty().size(),
            StaticInit::Zero(n) => *n,
            StaticInit::String {
                bytes,
                null_terminated,
            } => bytes.len() as u64 + u64::from(*null_terminated),
            StaticInit::Pointer(_) | StaticInit::Address { .. } | StaticInit::CodeLabel(_) => 8,
        }
    }

    /// Every byte zero (so `-0.0` is not; a string never counts).
    pub fn is_zero(&self) -> bool {
        match self {
            StaticInit::Scalar(c) => c.is_zero_bits(),
            StaticInit::Zero(_) => true,
            StaticInit::String { .. }
            | StaticInit::Pointer(_)
            | StaticInit::Address { .. }
            | StaticInit::CodeLabel(_) => false,
        }
    }
}

/// Whether every piece of a static value is zero, so the object can go to
/// `.bss`.
pub fn all_zero(init: &[StaticInit]) -> bool {
    init.iter().all(StaticInit::is_zero)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InitialValue {
    /// Declared without initialiser and without `extern`: zero unless defined
    /// elsewhere in the file (C11 6.9.2).
    Tentative,
    Initial(Vec<StaticInit>),
    /// `extern` without an initialiser: defined in some other file, or later.
    NoInitializer,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attrs {
    Fun {
        defined: bool,
        global: bool,
        /// Every file-scope declaration so far says `inline` and none
        /// `extern`: a definition here is an inline definition (C11
        /// 6.7.4p7), which provides no external definition, so its code is
        /// local to this file.
        inline_only: bool,
    },
    Static {
        init: InitialValue,
        global: bool,
    },
    /// A local variable, parameter or TACKY temporary: lives in the frame.
    Local,
    /// A string literal's read-only array, under a local label.
    Constant {
        label: Label,
        bytes: Vec<u8>,
    },
}

#[derive(Clone, Debug)]
pub struct SymbolInfo {
    pub ty: Type,
    pub attrs: Attrs,
    /// An object's qualifiers (`const int x`): the type checker's, which
    /// refuses to assign a `const` one.
    pub quals: Quals,
}

/// gcc's attributes on symbols that both back ends write out: visibility,
/// weakness, and the functions run before `main` and at exit.
#[derive(Clone, Copy)]
pub struct LinkageAttributes<'a> {
    pub visibility: &'a [(Sym, Visibility)],
    pub weak: &'a [Sym],
    /// Each with its priority, if it has one.
    pub constructors: &'a [(Sym, Option<u16>)],
    pub destructors: &'a [(Sym, Option<u16>)],
    /// (alias, target): a global name for a symbol defined here.
    pub aliases: &'a [(Sym, Sym)],
}

impl LinkageAttributes<'_> {
    /// The arrays of functions run before `main` and at exit, each with
    /// its functions in order: one per priority, in the order the
    /// functions first ask for it, constructors first; or, without
    /// `priorities` (Mach-O has none), one of each.
    pub fn init_fini_arrays(&self, priorities: bool) -> Vec<(crate::target::Section, Vec<Sym>)> {
        use crate::target::Section;
        let mut arrays: Vec<(Section, Vec<Sym>)> = Vec::new();
        let both = [
            (
                self.constructors,
                Section::InitArray as fn(Option<u16>) -> Section,
            ),
            (self.destructors, Section::FiniArray),
        ];
        for (list, section) in both {
            for &(f, priority) in list {
                let s = section(priority.filter(|_| priorities));
                match arrays.iter_mut().find(|(t, _)| *t == s) {
                    Some((_, functions)) => functions.push(f),
                    None => arrays.push((s, vec![f])),
                }
            }
        }
        arrays
    }

    /// None at all: every symbol of default visibility, none weak.
    pub const NONE: LinkageAttributes<'static> = LinkageAttributes {
        visibility: &[],
        weak: &[],
        constructors: &[],
        destructors: &[],
        aliases: &[],
    };

    pub fn visibility_of(&self, sym: Sym) -> Option<Visibility> {
        self.visibility
            .iter()
            .find(|&&(s, _)| s == sym)
            .map(|&(_, v)| v)
    }

    pub fn is_weak(&self, sym: Sym) -> bool {
        self.weak.contains(&sym)
    }

    /// The symbol `sym` is another name for, when it is an alias.
    pub fn alias_target(&self, sym: Sym) -> Option<Sym> {
        self.aliases
            .iter()
            .find(|&&(a, _)| a == sym)
            .map(|&(_, target)| target)
    }
}

/// Why a declaration cannot be placed in the section it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionClash {
    /// An earlier declaration named this other section.
    Differs(Sym),
    /// The section holds the other kind (code or data), first placed there
    /// by this declaration.
    Kind(Sym),
}

/// See [`SymbolTable::declared`].
#[derive(Clone, Copy, Debug)]
pub struct Declared {
    pub name: Sym,
    pub span: crate::diag::Span,
    pub param: bool,
    pub scope: Option<crate::diag::Span>,
}

#[derive(Default)]
pub struct SymbolTable {
    /// The layouts of the structures and unions the program completes.
    pub types: TypeTable,
    /// The symbols some declaration gave a visibility other than the
    /// default, in the order first given (the first one given stays).
    pub visibility: Vec<(Sym, Visibility)>,
    /// The symbols some declaration made weak (gcc's `weak`), in the
    /// order first made so.
    pub weak: Vec<Sym>,
    /// The functions defined here that run before `main` and at exit
    /// (gcc's `constructor` and `destructor`), in the order defined; and
    /// those some declaration gave one of the attributes, defined or not.
    pub constructors: Vec<(Sym, Option<u16>)>,
    pub destructors: Vec<(Sym, Option<u16>)>,
    marked_constructor: Vec<(Sym, Option<u16>)>,
    marked_destructor: Vec<(Sym, Option<u16>)>,
    /// gcc's aliases: each name and the symbol defined here it names.
    pub aliases: Vec<(Sym, Sym)>,
    /// Scalar variables declared `volatile` or `_Atomic`.
    pub volatile: rustc_hash::FxHashSet<Sym>,
    /// Variables declared `_Thread_local`, with where first: one object
    /// per thread, in `.tdata`/`.tbss`, reached only through an address
    /// computed from the thread pointer (see `pic`).
    pub thread_local: rustc_hash::FxHashMap<Sym, crate::diag::Span>,
    /// The parameters and automatic variables the program declared (not
    /// the compiler's temporaries), with where, whether a parameter, and
    /// the block scope inside the function body they belong to (the span
    /// of its statement; none for the body's own): what debug information
    /// describes; taken after each function.
    pub declared: Vec<Declared>,
    /// The variables and parameters whose type as written names a typedef
    /// or an enumerated type, with that type (a [`Type::Alias`] where each
    /// is named), for debug information.
    pub written_types: HashMap<Sym, Type>,
    /// The same of structure and union members, by tag and member (in the
    /// order of the layout's members), where any names one.
    pub written_members: HashMap<Sym, Vec<Option<Type>>>,
    /// Functions and variables placed in a section of their own (gcc's
    /// `section`), with its name.
    sections: HashMap<Sym, Sym>,
    /// Each section named, whether it holds code, and the first
    /// declaration naming it.
    section_users: HashMap<Sym, (bool, Sym)>,
    /// Variables declared with more alignment than their type's (gcc's
    /// `aligned`, C11's `_Alignas`): the largest asked for.
    alignments: HashMap<Sym, u64>,
    /// The entries in the order their names were first entered, so that
    /// everything derived from the table (the order of static variables in
    /// the output) is deterministic.
    entries: Vec<(Sym, SymbolInfo)>,
    /// For each symbol handle (a dense index), its entry's position in
    /// `entries`, or `NONE`: every pass looks names up, and an array read
    /// costs less than hashing.
    slots: Vec<u32>,
}

/// No entry for this handle.
const NONE: u32 = u32::MAX;

impl SymbolTable {
    #[inline]
    pub fn get(&self, name: Sym) -> Option<&SymbolInfo> {
        match self.slots.get(name.index()) {
            Some(&slot) if slot != NONE => Some(&self.entries[slot as usize].1),
            _ => None,
        }
    }

    /// The entry of a name semantic analysis has checked; a missing one is a bug.
    #[inline]
    /// A variable with external linkage, defined in this file or not:
    /// another module may define or preempt it (`-fPIC` reaches it through
    /// the GOT).
    pub fn is_global_variable(&self, name: Sym) -> bool {
        matches!(self.info(name).attrs, Attrs::Static { global: true, .. })
    }

    /// A weak variable not defined so far: it may stay undefined (its
    /// address 0), which only an address from the GOT can say in a
    /// position-independent executable, as gcc's `-fPIE` code does.
    pub fn is_weak_undefined_variable(&self, name: Sym) -> bool {
        matches!(
            self.info(name).attrs,
            Attrs::Static {
                init: InitialValue::NoInitializer,
                ..
            }
        ) && self.weak.contains(&name)
    }

    /// A function with external linkage.
    pub fn is_global_function(&self, name: Sym) -> bool {
        matches!(self.info(name).attrs, Attrs::Fun { global: true, .. })
    }

    /// A function whose definition here is the external one: global, and
    /// not an inline definition (C11 6.7.4p7), which provides none. What
    /// the declarations so far say; a later one can still make an inline
    /// definition external.
    pub fn provides_external_definition(&self, name: Sym) -> bool {
        matches!(
            self.info(name).attrs,
            Attrs::Fun {
                global: true,
                inline_only: false,
                ..
            }
        )
    }

    pub fn info(&self, name: Sym) -> &SymbolInfo {
        self.get(name)
            .expect("identifier missing from the symbol table")
    }

    pub fn insert(&mut self, name: Sym, info: SymbolInfo) {
        let index = name.index();
        if index >= self.slots.len() {
            self.slots.resize((index + 1).next_power_of_two(), NONE);
        }
        match self.slots[index] {
            NONE => {
                self.slots[index] = self.entries.len() as u32;
                self.entries.push((name, info));
            }
            slot => self.entries[slot as usize].1 = info,
        }
    }

    /// Every entry, in the order names were first entered.
    pub fn iter(&self) -> impl Iterator<Item = (Sym, &SymbolInfo)> {
        self.entries.iter().map(|(name, info)| (*name, info))
    }

    /// Places variable `name` in section `section` (gcc's `section`); the
    /// first declaration to name one decides (the section it named is the
    /// error when this one differs).
    /// `code`: whether `name` is a function. A section holds code or data,
    /// not both (the clash names the first declaration of the other kind).
    pub fn set_section(&mut self, name: Sym, section: Sym, code: bool) -> Result<(), SectionClash> {
        match *self.sections.entry(name).or_insert(section) {
            before if before != section => return Err(SectionClash::Differs(before)),
            _ => {}
        }
        match *self.section_users.entry(section).or_insert((code, name)) {
            (was_code, first) if was_code != code => Err(SectionClash::Kind(first)),
            _ => Ok(()),
        }
    }

    /// The section variable `name` is placed in by gcc's `section`.
    pub fn section_of(&self, name: Sym) -> Option<Sym> {
        self.sections.get(&name).copied()
    }

    /// Gives `name` a visibility (gcc's `visibility("...")`).
    pub fn set_visibility(&mut self, name: Sym, v: Visibility) {
        if !self.visibility.iter().any(|&(s, _)| s == name) {
            self.visibility.push((name, v));
        }
    }

    /// What declarations said of the symbols beyond their types, for the
    /// back ends.
    pub fn linkage_attributes(&self) -> LinkageAttributes<'_> {
        LinkageAttributes {
            visibility: &self.visibility,
            weak: &self.weak,
            constructors: &self.constructors,
            destructors: &self.destructors,
            aliases: &self.aliases,
        }
    }

    /// Records gcc's `constructor`/`destructor` on a declaration of
    /// function `name`; once it is `defined`, it is entered in the lists
    /// the back ends write out.
    /// (`constructor` and `destructor`: whether the declaration says so,
    /// and with which priority.)
    pub fn mark_init_fini(
        &mut self,
        name: Sym,
        constructor: Option<Option<u16>>,
        destructor: Option<Option<u16>>,
        defined: bool,
    ) {
        for (marked, on, list) in [
            (
                &mut self.marked_constructor,
                constructor,
                &mut self.constructors,
            ),
            (
                &mut self.marked_destructor,
                destructor,
                &mut self.destructors,
            ),
        ] {
            if let Some(priority) = on
                && !marked.iter().any(|&(f, _)| f == name)
            {
                marked.push((name, priority));
            }
            let entry = marked.iter().find(|&&(f, _)| f == name).copied();
            if defined
                && let Some(entry) = entry
                && !list.iter().any(|&(f, _)| f == name)
            {
                list.push(entry);
            }
        }
    }

    /// Asks for variable `name` to be aligned to at least `align` bytes.
    pub fn set_alignment(&mut self, name: Sym, align: u64) {
        let a = self.alignments.entry(name).or_insert(align);
        *a = (*a).max(align);
    }

    /// The alignment a declaration asked for variable `name`, if any.
    pub fn alignment(&self, name: Sym) -> Option<u64> {
        self.alignments.get(&name).copied()
    }

    /// Makes `name` a weak symbol.
    pub fn set_weak(&mut self, name: Sym) {
        if !self.weak.contains(&name) {
            self.weak.push(name);
        }
    }

    pub fn add_local(&mut self, name: Sym, ty: Type) {
        self.add_qualified_local(name, ty, Quals::NONE);
    }

    /// A local variable or parameter declared with qualifiers.
    pub fn add_qualified_local(&mut self, name: Sym, ty: Type, quals: Quals) {
        self.insert(
            name,
            SymbolInfo {
                ty,
                attrs: Attrs::Local,
                quals,
            },
        );
    }

    /// Removes the automatic variables (locals and temporaries) entered
    /// since the table had `mark` entries, keeping everything else in
    /// order: once a function is compiled its locals are never looked up
    /// again, and a long file should not keep them all.
    pub fn forget_locals_since(&mut self, mark: usize) {
        let mut kept = mark;
        for i in mark..self.entries.len() {
            let name = self.entries[i].0;
            if matches!(self.entries[i].1.attrs, Attrs::Local) {
                self.slots[name.index()] = NONE;
                if !self.written_types.is_empty() {
                    self.written_types.remove(&name);
                }
            } else {
                self.entries.swap(kept, i);
                self.slots[name.index()] = kept as u32;
                kept += 1;
            }
        }
        self.entries.truncate(kept);
        // A long function's temporaries can outnumber the file's symbols
        // many times over: give their room back rather than keep it (and
        // its pages) for the rest of the file. Halving keeps the growth
        // amortised for functions of ordinary size.
        if self.entries.capacity() > 4 * kept.max(1024) {
            self.entries.shrink_to(2 * kept.max(1024));
        }
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
