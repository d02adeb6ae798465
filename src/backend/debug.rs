//! Debug information for `-g`: DWARF 5 (what gcc 12 writes here), built
//! with gimli's writer.
//!
//! Takes what the encoder recorded of each function ([`DebugFunction`]:
//! its symbol, size and the source span of its code at each offset where
//! the span changes) and the source map; returns the debug sections
//! ([`DebugSection`]) as bytes plus the references in them, which both
//! back ends carry the same way: the encoder makes each reference a
//! relocation, the text back end prints it as a data directive (`.quad
//! f+8`, `.long .debug_line+0`) for `as` to relocate alike.
//!
//! What is described: the compile unit (producer, language, file name,
//! directory, the code's address ranges, the line table), and a subprogram
//! per function with its name, declaration line, address range and frame
//! base (the CFA, which the unwind tables give). The line table maps each
//! function's prologue to the line where the definition names it and
//! every later instruction to the line it came from, through `#include`s
//! and to where the user wrote a macro call; one sequence per function.
//! Each subprogram lists its parameters and variables with their types
//! and stack slots (`DW_OP_fbreg`: frame layout gives the program's
//! variables slots of their own with `-g`; one kept in a register by the
//! optimiser has no location); the file's static variables are described
//! at their addresses; and the C types used are described once
//! each, as the program wrote them where it named a typedef or an
//! enumerated type (`FILE *` is a pointer to the typedef `FILE`, `enum
//! color` an enumeration with its constants), for variables, parameters
//! and structure members alike. Strings are inline (`DW_FORM_string`), so there is no string
//! section to merge. A variable declared in a block scope (a compound
//! statement, a `for` statement's declarations, a statement expression)
//! is in a lexical block over the code that came from inside that scope,
//! nested as the scopes are.

use gimli::write::{
    Address, AttributeValue, DwarfUnit, EndianVec, Expression, LineProgram, LineString,
    RelocateWriter, Relocation, RelocationTarget, Sections,
};
use gimli::{Encoding, Format, LineEncoding, LittleEndian, constants};

use crate::diag::{SourceMap, Span};
use crate::intern::{Interner, Sym, written_name};
use crate::ir::asm::{DebugVar, StaticVar};
use crate::ir::symbols::{Declared, SymbolTable};
use crate::ir::types::{Quals, Type};
use crate::target::Section;

use rustc_hash::FxHashMap as HashMap;

/// What the encoder records of a function for its debug information.
pub struct DebugFunction {
    pub name: Sym,
    pub global: bool,
    pub section: Section,
    pub size: u64,
    /// Where the definition names the function.
    pub span: Span,
    /// The span of the code from each offset on, where it changes (the
    /// prologue's at offset 0).
    pub rows: Vec<(u32, Span)>,
    /// Its parameters and variables, with their stack slots.
    pub vars: Vec<DebugVar>,
}

/// A reference in a debug section, at an offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DebugRef {
    /// An 8-byte address: the function's symbol plus an offset.
    Address(Sym, i64),
    /// A thread-local variable's 8-byte offset in its module's TLS block
    /// (`.quad var@dtpoff`, `R_X86_64_DTPOFF64`).
    DtpOff(Sym),
    /// A 4-byte offset into another debug section.
    Offset(Section, i64),
}

/// One debug section's bytes and the references in them, by offset.
pub struct DebugSection {
    pub section: Section,
    pub bytes: Vec<u8>,
    pub refs: Vec<(u64, DebugRef)>,
}

/// A string attribute, inline.
fn text(s: &str) -> AttributeValue {
    AttributeValue::String(s.as_bytes().to_vec())
}

/// A pointer type's entry, its target for the caller to set.
fn pointer_entry(unit: &mut gimli::write::Unit) -> gimli::write::UnitEntryId {
    let root = unit.root();
    let id = unit.add(root, constants::DW_TAG_pointer_type);
    unit.get_mut(id)
        .set(constants::DW_AT_byte_size, AttributeValue::Udata(8));
    id
}

/// An array type's entry of `n` elements (0: not known), its element type
/// for the caller to set.
fn array_entry(unit: &mut gimli::write::Unit, n: u64) -> gimli::write::UnitEntryId {
    let root = unit.root();
    let id = unit.add(root, constants::DW_TAG_array_type);
    let range = unit.add(id, constants::DW_TAG_subrange_type);
    if n > 0 {
        unit.get_mut(range)
            .set(constants::DW_AT_upper_bound, AttributeValue::Udata(n - 1));
    }
    id
}

/// The lexical blocks of function `f` (gimli's symbol `symbol`) under its
/// subprogram entry `sub`: one for each block scope its variables are
/// declared in, nested as the scopes are, each over the instructions that
/// came from inside it (`low_pc`/`high_pc` for one run, a range list for
/// several; none for a scope without code). Returns each scope's span and
/// entry.
fn lexical_blocks(
    unit: &mut gimli::write::Unit,
    sub: gimli::write::UnitEntryId,
    f: &DebugFunction,
    symbol: usize,
    map: &SourceMap,
) -> Vec<(Span, gimli::write::UnitEntryId)> {
    let mut scopes: Vec<Span> = f.vars.iter().filter_map(|v| v.scope).collect();
    if scopes.is_empty() {
        return Vec::new();
    }
    // Outer scopes before the scopes inside them.
    scopes.sort_by_key(|s| (s.lo, std::cmp::Reverse(s.hi)));
    scopes.dedup();
    let within = |outer: Span, inner: Span| outer.lo <= inner.lo && inner.hi <= outer.hi;
    // Where each row's code ends: at the next row, or the function's end.
    let ends = f
        .rows
        .iter()
        .skip(1)
        .map(|r| u64::from(r.0))
        .chain([f.size]);
    let rows: Vec<(u64, u64, Span)> = f
        .rows
        .iter()
        .zip(ends)
        .map(|(&(start, span), end)| (u64::from(start), end, map.outermost(span)))
        .collect();
    let mut made: Vec<(Span, gimli::write::UnitEntryId)> = Vec::new();
    for scope in scopes {
        // The runs of code from inside the scope: one, or several when
        // code from outside comes between (a loop's step after its body).
        let mut runs: Vec<(u64, u64)> = Vec::new();
        for r in rows.iter().filter(|r| r.0 < r.1 && within(scope, r.2)) {
            match runs.last_mut() {
                Some(last) if last.1 == r.0 => last.1 = r.1,
                _ => runs.push((r.0, r.1)),
            }
        }
        let Some(&(low, high)) = runs.first() else {
            continue;
        };
        let parent = made
            .iter()
            .rev()
            .find(|&&(outer, _)| within(outer, scope))
            .map_or(sub, |&(_, id)| id);
        let id = unit.add(parent, constants::DW_TAG_lexical_block);
        let at = |offset: u64| Address::Symbol {
            symbol,
            addend: offset as i64,
        };
        if runs.len() == 1 {
            let e = unit.get_mut(id);
            e.set(constants::DW_AT_low_pc, AttributeValue::Address(at(low)));
            e.set(constants::DW_AT_high_pc, AttributeValue::Udata(high - low));
        } else {
            let ranges = runs
                .iter()
                .map(|&(start, end)| gimli::write::Range::StartLength {
                    begin: at(start),
                    length: end - start,
                })
                .collect();
            let list = unit.ranges.add(gimli::write::RangeList(ranges));
            unit.get_mut(id)
                .set(constants::DW_AT_ranges, AttributeValue::RangeListRef(list));
        }
        made.push((scope, id));
    }
    made
}

/// The program's parameters and automatic variables of the function just
/// checked (`SymbolTable::declared`), for frame layout to place.
pub fn declared_variables(symbols: &SymbolTable) -> Vec<DebugVar> {
    symbols
        .declared
        .iter()
        .map(
            |&Declared {
                 name,
                 span,
                 param,
                 scope,
             }| DebugVar {
                name,
                scope,
                ty: symbols.info(name).ty.clone(),
                written: symbols.written_types.get(&name).cloned(),
                span,
                param,
                home: None,
            },
        )
        .collect()
}

/// The DWARF entries of the C types described so far.
struct Types<'a> {
    ids: HashMap<Type, gimli::write::UnitEntryId>,
    /// Types as written (typedef names, enumerated types, and what is
    /// derived from them), by the written and the checked type.
    written: HashMap<(Type, Type), gimli::write::UnitEntryId>,
    /// Qualified types: the entry qualified (none for `void`) and the
    /// qualifier's tag.
    qualifiers:
        HashMap<(Option<gimli::write::UnitEntryId>, constants::DwTag), gimli::write::UnitEntryId>,
    symbols: &'a SymbolTable,
    interner: &'a Interner,
}

impl Types<'_> {
    /// The entry describing `ty` as the program wrote it, `written`
    /// (typedef names and enumerated types as [`Type::Alias`]; pointers and
    /// arrays of them), or as itself when that names neither.
    fn written(
        &mut self,
        unit: &mut gimli::write::Unit,
        written: Option<&Type>,
        ty: &Type,
    ) -> Option<gimli::write::UnitEntryId> {
        use constants::*;
        let Some(written) = written.filter(|w| w.has_alias()) else {
            return self.id(unit, ty);
        };
        if let Type::Qualified(_, w) = written {
            return self.written(unit, Some(w), ty);
        }
        let key = (written.clone(), ty.clone());
        if let Some(&id) = self.written.get(&key) {
            return Some(id);
        }
        let root = unit.root();
        let (id, target) = match (written, ty) {
            (Type::Alias(a), _) if a.enumerators.is_some() => (self.enumeration(unit, a, ty), None),
            (Type::Alias(a), _) => {
                let id = unit.add(root, DW_TAG_typedef);
                let name = a.name.expect("a typedef has a name");
                unit.get_mut(id)
                    .set(DW_AT_name, text(self.interner.get(name)));
                (id, self.written(unit, Some(&a.ty), ty))
            }
            (Type::Pointer(w, _), Type::Pointer(t, quals)) => {
                let id = pointer_entry(unit);
                let target = self.written(unit, Some(w), t);
                (id, self.qualified(unit, target, *quals))
            }
            (Type::Array(w, _), Type::Array(t, n)) => {
                (array_entry(unit, *n), self.written(unit, Some(w), t))
            }
            (Type::DeferredArray(d), Type::Array(..)) => {
                let w = Type::Array(Box::new(d.elem.clone()), 0);
                return self.written(unit, Some(&w), ty);
            }
            _ => return self.id(unit, ty),
        };
        if let Some(t) = target {
            unit.get_mut(id).set(DW_AT_type, AttributeValue::UnitRef(t));
        }
        self.written.insert(key, id);
        Some(id)
    }

    /// `const`, `volatile` (and `_Atomic`) entries around `ty`'s entry
    /// (`None` for `void`), as gcc nests them.
    fn qualified(
        &mut self,
        unit: &mut gimli::write::Unit,
        mut ty: Option<gimli::write::UnitEntryId>,
        quals: Quals,
    ) -> Option<gimli::write::UnitEntryId> {
        use constants::*;
        for (q, tag) in [
            (Quals::ATOMIC, DW_TAG_atomic_type),
            (Quals::VOLATILE, DW_TAG_volatile_type),
            (Quals::CONST, DW_TAG_const_type),
        ] {
            if !quals.contains(q) {
                continue;
            }
            if let Some(&id) = self.qualifiers.get(&(ty, tag)) {
                ty = Some(id);
                continue;
            }
            let root = unit.root();
            let id = unit.add(root, tag);
            if let Some(t) = ty {
                unit.get_mut(id).set(DW_AT_type, AttributeValue::UnitRef(t));
            }
            self.qualifiers.insert((ty, tag), id);
            ty = Some(id);
        }
        ty
    }

    /// An enumerated type (`ty` its integer type) with its constants.
    fn enumeration(
        &mut self,
        unit: &mut gimli::write::Unit,
        a: &crate::ir::types::Alias,
        ty: &Type,
    ) -> gimli::write::UnitEntryId {
        use constants::*;
        let base = self.id(unit, ty);
        let root = unit.root();
        let id = unit.add(root, DW_TAG_enumeration_type);
        let e = unit.get_mut(id);
        if let Some(tag) = a.name {
            e.set(DW_AT_name, text(self.interner.get(tag)));
        }
        let signed = ty.is_signed();
        let encoding = if signed {
            DW_ATE_signed
        } else {
            DW_ATE_unsigned
        };
        e.set(DW_AT_encoding, AttributeValue::Encoding(encoding));
        e.set(DW_AT_byte_size, AttributeValue::Udata(ty.size()));
        if let Some(t) = base {
            e.set(DW_AT_type, AttributeValue::UnitRef(t));
        }
        for &(name, value) in a.enumerators.as_deref().unwrap_or_default() {
            let k = unit.add(id, DW_TAG_enumerator);
            let value = if signed {
                AttributeValue::Sdata(value)
            } else {
                AttributeValue::Udata(value as u64)
            };
            let e = unit.get_mut(k);
            e.set(DW_AT_name, text(self.interner.get(name)));
            e.set(DW_AT_const_value, value);
        }
        id
    }

    /// The entry describing `ty` (made on first use), or `None` for `void`.
    fn id(
        &mut self,
        unit: &mut gimli::write::Unit,
        ty: &Type,
    ) -> Option<gimli::write::UnitEntryId> {
        use constants::*;
        if let Some(&id) = self.ids.get(ty) {
            return Some(id);
        }
        let root = unit.root();
        // gcc's names for the base types; their sizes are the types'.
        let base = match ty {
            Type::Void => return None,
            Type::Bool => Some(("_Bool", DW_ATE_boolean)),
            Type::Char => Some(("char", DW_ATE_signed_char)),
            Type::SChar => Some(("signed char", DW_ATE_signed_char)),
            Type::UChar => Some(("unsigned char", DW_ATE_unsigned_char)),
            Type::Short => Some(("short int", DW_ATE_signed)),
            Type::UShort => Some(("short unsigned int", DW_ATE_unsigned)),
            Type::Int => Some(("int", DW_ATE_signed)),
            Type::UInt => Some(("unsigned int", DW_ATE_unsigned)),
            Type::Long => Some(("long int", DW_ATE_signed)),
            Type::ULong => Some(("long unsigned int", DW_ATE_unsigned)),
            Type::Float => Some(("float", DW_ATE_float)),
            Type::Double => Some(("double", DW_ATE_float)),
            Type::LongDouble => Some(("long double", DW_ATE_float)),
            _ => None,
        };
        if let Some((name, encoding)) = base {
            let id = unit.add(root, DW_TAG_base_type);
            let e = unit.get_mut(id);
            e.set(DW_AT_name, text(name));
            e.set(DW_AT_encoding, AttributeValue::Encoding(encoding));
            e.set(DW_AT_byte_size, AttributeValue::Udata(ty.size()));
            self.ids.insert(ty.clone(), id);
            return Some(id);
        }
        let id = match ty {
            Type::Pointer(target, quals) => {
                let id = pointer_entry(unit);
                // Recorded before its target, which may lead back here.
                self.ids.insert(ty.clone(), id);
                let t = self.id(unit, target);
                if let Some(t) = self.qualified(unit, t, *quals) {
                    unit.get_mut(id).set(DW_AT_type, AttributeValue::UnitRef(t));
                }
                id
            }
            // A variable-length array's bound is not described.
            Type::Array(elem, _) | Type::Vla(elem, _) => {
                let n = match ty {
                    Type::Array(_, n) => *n,
                    _ => 0,
                };
                let elem = self.id(unit, elem);
                let id = array_entry(unit, n);
                if let Some(t) = elem {
                    unit.get_mut(id).set(DW_AT_type, AttributeValue::UnitRef(t));
                }
                self.ids.insert(ty.clone(), id);
                id
            }
            Type::Struct(tag) | Type::Union(tag) => {
                let is_union = matches!(ty, Type::Union(_));
                let tag_name = if is_union {
                    DW_TAG_union_type
                } else {
                    DW_TAG_structure_type
                };
                let id = unit.add(root, tag_name);
                self.ids.insert(ty.clone(), id);
                let name = written_name(self.interner.get(*tag)).to_string();
                // The parser's tags of unnamed structures (`<anonymous
                // N>`) are not identifiers; only real names are given.
                if name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
                    unit.get_mut(id).set(DW_AT_name, text(&name));
                }
                match self.symbols.types.layout(ty) {
                    Some(layout) => {
                        unit.get_mut(id)
                            .set(DW_AT_byte_size, AttributeValue::Udata(layout.size));
                        let written = self.symbols.written_members.get(tag);
                        for (i, m) in layout.members.iter().enumerate() {
                            if m.padding {
                                continue;
                            }
                            let w = written.and_then(|w| w.get(i)).and_then(Option::as_ref);
                            let mty = self.written(unit, w, &m.ty);
                            let mty = self.qualified(unit, mty, m.quals);
                            let member = unit.add(id, DW_TAG_member);
                            let e = unit.get_mut(member);
                            if !m.anonymous {
                                e.set(DW_AT_name, text(self.interner.get(m.name)));
                            }
                            if let Some(t) = mty {
                                e.set(DW_AT_type, AttributeValue::UnitRef(t));
                            }
                            match m.bits {
                                Some((first, width)) => {
                                    e.set(DW_AT_bit_size, AttributeValue::Udata(width.into()));
                                    e.set(
                                        DW_AT_data_bit_offset,
                                        AttributeValue::Udata(m.offset * 8 + u64::from(first)),
                                    );
                                }
                                None => e.set(
                                    DW_AT_data_member_location,
                                    AttributeValue::Udata(m.offset),
                                ),
                            }
                        }
                    }
                    None => unit
                        .get_mut(id)
                        .set(DW_AT_declaration, AttributeValue::Flag(true)),
                }
                id
            }
            Type::Function(ft) => {
                let id = unit.add(root, DW_TAG_subroutine_type);
                self.ids.insert(ty.clone(), id);
                unit.get_mut(id)
                    .set(DW_AT_prototyped, AttributeValue::Flag(ft.prototype));
                if let Some(t) = self.id(unit, &ft.ret) {
                    unit.get_mut(id).set(DW_AT_type, AttributeValue::UnitRef(t));
                }
                for p in &ft.params {
                    let pt = self.id(unit, p);
                    let param = unit.add(id, DW_TAG_formal_parameter);
                    if let Some(t) = pt {
                        unit.get_mut(param)
                            .set(DW_AT_type, AttributeValue::UnitRef(t));
                    }
                }
                if ft.variadic {
                    unit.add(id, DW_TAG_unspecified_parameters);
                }
                id
            }
            // What has no DWARF description here (complex numbers): the
            // variable is described without a type.
            _ => return None,
        };
        Some(id)
    }
}

/// A section as gimli writes it, with the relocations it asks for.
#[derive(Clone)]
struct Out {
    data: EndianVec<LittleEndian>,
    relocations: Vec<Relocation>,
}

impl RelocateWriter for Out {
    type Writer = EndianVec<LittleEndian>;

    fn writer(&self) -> &Self::Writer {
        &self.data
    }

    fn writer_mut(&mut self) -> &mut Self::Writer {
        &mut self.data
    }

    fn relocate(&mut self, relocation: Relocation) {
        self.relocations.push(relocation);
    }
}

/// The debug sections of a file whose functions are `functions` (in the
/// order compiled), named `file_name` and compiled in `comp_dir`; the
/// symbol table gives the functions' types and the structures' layouts.
pub fn dwarf(
    functions: &[DebugFunction],
    statics: &[StaticVar],
    map: &SourceMap,
    interner: &Interner,
    symbols: &SymbolTable,
    file_name: &str,
    comp_dir: &str,
) -> Vec<DebugSection> {
    // Nothing to describe without code (static variables are not
    // described yet); an empty line table would have `as` write one of its
    // own.
    if functions.is_empty() {
        return Vec::new();
    }
    let encoding = Encoding {
        format: Format::Dwarf32,
        version: 5,
        address_size: 8,
    };
    let string = |s: &str| LineString::String(s.as_bytes().to_vec());
    let mut program = LineProgram::new(
        encoding,
        LineEncoding::default(),
        string(comp_dir),
        None,
        string(file_name),
        None,
    );
    let mut dwarf = DwarfUnit::new(encoding);
    let root = dwarf.unit.root();
    let cu = dwarf.unit.get_mut(root);
    let producer = format!("mcc {}", env!("CARGO_PKG_VERSION"));
    cu.set(constants::DW_AT_producer, text(&producer));
    cu.set(
        constants::DW_AT_language,
        AttributeValue::Language(constants::DW_LANG_C11),
    );
    cu.set(constants::DW_AT_name, text(file_name));
    cu.set(constants::DW_AT_comp_dir, text(comp_dir));
    // The code's addresses: one range when every function is in `.text`
    // (where they follow one another from its start), else a list.
    let address = |i: usize| Address::Symbol {
        symbol: i,
        addend: 0,
    };
    if functions.iter().all(|f| f.section == Section::Text) {
        let size = functions.iter().map(|f| f.size).sum();
        let cu = dwarf.unit.get_mut(root);
        cu.set(constants::DW_AT_low_pc, AttributeValue::Address(address(0)));
        cu.set(constants::DW_AT_high_pc, AttributeValue::Udata(size));
    } else {
        let ranges = functions
            .iter()
            .enumerate()
            .map(|(i, f)| gimli::write::Range::StartLength {
                begin: address(i),
                length: f.size,
            })
            .collect();
        let list = dwarf.unit.ranges.add(gimli::write::RangeList(ranges));
        let cu = dwarf.unit.get_mut(root);
        cu.set(
            constants::DW_AT_low_pc,
            AttributeValue::Address(Address::Constant(0)),
        );
        cu.set(constants::DW_AT_ranges, AttributeValue::RangeListRef(list));
    }
    // Each file the code comes from, with its directory (the compilation
    // directory for a name without one).
    let mut files: Vec<(String, gimli::write::FileId)> = Vec::new();
    let mut file_id = |program: &mut LineProgram, name: &str| {
        if let Some(&(_, id)) = files.iter().find(|(n, _)| n == name) {
            return id;
        }
        let (dir, base) = match name.rsplit_once('/') {
            Some((dir, base)) => (Some(if dir.is_empty() { "/" } else { dir }), base),
            None => (None, name),
        };
        let dir = match dir {
            Some(dir) => program.add_directory(string(dir)),
            None => program.default_directory(),
        };
        let id = program.add_file(string(base), dir, None);
        files.push((name.to_string(), id));
        id
    };
    let mut types = Types {
        ids: HashMap::default(),
        written: HashMap::default(),
        qualifiers: HashMap::default(),
        symbols,
        interner,
    };
    for (i, f) in functions.iter().enumerate() {
        let decl = map.locate(map.outermost(f.span).lo);
        let (decl_file, decl_line, decl_column) = (decl.file.to_string(), decl.line, decl.column);
        let decl_file = file_id(&mut program, &decl_file);
        program.begin_sequence(Some(address(i)));
        let mut last: Option<(gimli::write::FileId, u32)> = None;
        for &(offset, span) in &f.rows {
            let at = map.locate(map.outermost(span).lo);
            let (line, column) = (at.line, at.column);
            let file = file_id(&mut program, at.file);
            if last == Some((file, line)) {
                continue;
            }
            last = Some((file, line));
            let row = program.row();
            row.address_offset = u64::from(offset);
            row.file = file;
            row.line = u64::from(line);
            row.column = u64::from(column);
            program.generate_row();
        }
        program.end_sequence(f.size);

        let id = dwarf.unit.add(root, constants::DW_TAG_subprogram);
        let sub = dwarf.unit.get_mut(id);
        if f.global {
            sub.set(constants::DW_AT_external, AttributeValue::Flag(true));
        }
        sub.set(constants::DW_AT_name, text(interner.get(f.name)));
        sub.set(
            constants::DW_AT_decl_file,
            AttributeValue::FileIndex(Some(decl_file)),
        );
        sub.set(
            constants::DW_AT_decl_line,
            AttributeValue::Udata(decl_line.into()),
        );
        sub.set(
            constants::DW_AT_decl_column,
            AttributeValue::Udata(decl_column.into()),
        );
        sub.set(constants::DW_AT_low_pc, AttributeValue::Address(address(i)));
        sub.set(constants::DW_AT_high_pc, AttributeValue::Udata(f.size));
        let mut frame_base = Expression::new();
        frame_base.op(constants::DW_OP_call_frame_cfa);
        sub.set(
            constants::DW_AT_frame_base,
            AttributeValue::Exprloc(frame_base),
        );
        if let Type::Function(ft) = &symbols.info(f.name).ty {
            sub.set(
                constants::DW_AT_prototyped,
                AttributeValue::Flag(ft.prototype),
            );
            if let Some(ret) = types.id(&mut dwarf.unit, &ft.ret) {
                dwarf
                    .unit
                    .get_mut(id)
                    .set(constants::DW_AT_type, AttributeValue::UnitRef(ret));
            }
        }
        let blocks = lexical_blocks(&mut dwarf.unit, id, f, i, map);
        for v in &f.vars {
            // In its block, or the function's when that has no code.
            let parent = v
                .scope
                .and_then(|s| blocks.iter().find(|b| b.0 == s))
                .map_or(id, |b| b.1);
            let tag = if v.param {
                constants::DW_TAG_formal_parameter
            } else {
                constants::DW_TAG_variable
            };
            let at = map.locate(map.outermost(v.span).lo);
            let (file, line) = (at.file.to_string(), at.line);
            let file = file_id(&mut program, &file);
            let ty = types.written(&mut dwarf.unit, v.written.as_ref(), &v.ty);
            let var = dwarf.unit.add(parent, tag);
            let e = dwarf.unit.get_mut(var);
            e.set(
                constants::DW_AT_name,
                text(written_name(interner.get(v.name))),
            );
            e.set(
                constants::DW_AT_decl_file,
                AttributeValue::FileIndex(Some(file)),
            );
            e.set(
                constants::DW_AT_decl_line,
                AttributeValue::Udata(line.into()),
            );
            if let Some(ty) = ty {
                e.set(constants::DW_AT_type, AttributeValue::UnitRef(ty));
            }
            // The frame base is the CFA, `%rbp` + 16.
            if let Some(disp) = v.home {
                let mut location = Expression::new();
                location.op_fbreg(i64::from(disp) - 16);
                e.set(constants::DW_AT_location, AttributeValue::Exprloc(location));
            }
        }
    }
    // The file's static variables (those of the program: not string
    // literals' arrays or compound literals), at their addresses; gimli's
    // symbols after the functions' are theirs.
    let described: Vec<&StaticVar> = statics
        .iter()
        .filter(|v| {
            let made_up = interner
                .get(v.name)
                .strip_prefix(crate::sema::resolve::COMPOUND_LITERAL);
            !made_up.is_some_and(|number| number.starts_with('.'))
        })
        .collect();
    for (k, v) in described.iter().enumerate() {
        let written = symbols.written_types.get(&v.name);
        let ty = types.written(&mut dwarf.unit, written, &symbols.info(v.name).ty);
        let id = dwarf.unit.add(root, constants::DW_TAG_variable);
        let e = dwarf.unit.get_mut(id);
        e.set(
            constants::DW_AT_name,
            text(written_name(interner.get(v.name))),
        );
        if v.global {
            e.set(constants::DW_AT_external, AttributeValue::Flag(true));
        }
        if let Some(ty) = ty {
            e.set(constants::DW_AT_type, AttributeValue::UnitRef(ty));
        }
        let mut location = Expression::new();
        location.op_addr(Address::Symbol {
            symbol: functions.len() + k,
            addend: 0,
        });
        // A thread-local variable's location is its offset in the TLS
        // block, for the debugger to add to the thread's (gcc's form): the
        // address operand becomes `DW_OP_const8u var@dtpoff` once written.
        if symbols.thread_local.contains_key(&v.name) {
            location.op(constants::DW_OP_GNU_push_tls_address);
        }
        e.set(constants::DW_AT_location, AttributeValue::Exprloc(location));
    }
    dwarf.unit.line_program = program;

    let mut sections = Sections::new(Out {
        data: EndianVec::new(LittleEndian),
        relocations: Vec::new(),
    });
    dwarf
        .write(&mut sections)
        .expect("gimli writes the debug information mcc builds");
    // gimli's symbols: the functions, then the static variables.
    let addressed: Vec<Sym> = functions
        .iter()
        .map(|f| f.name)
        .chain(described.iter().map(|v| v.name))
        .collect();
    let mut out = Vec::new();
    let _ = sections.for_each(|id, w: &Out| -> Result<(), ()> {
        if w.data.slice().is_empty() {
            return Ok(());
        }
        let mut bytes = w.data.slice().to_vec();
        let mut refs: Vec<(u64, DebugRef)> = w
            .relocations
            .iter()
            .map(|r| {
                let at = r.offset as u64;
                match r.target {
                    RelocationTarget::Symbol(i)
                        if symbols.thread_local.contains_key(&addressed[i]) =>
                    {
                        // `DW_OP_addr` (static variables are the only
                        // addresses in expressions) made `DW_OP_const8u`.
                        let opcode = &mut bytes[at as usize - 1];
                        assert_eq!(*opcode, constants::DW_OP_addr.0, "a location's address");
                        *opcode = constants::DW_OP_const8u.0;
                        (at, DebugRef::DtpOff(addressed[i]))
                    }
                    RelocationTarget::Symbol(i) => {
                        assert_eq!(r.size, 8, "addresses are 8 bytes");
                        (at, DebugRef::Address(addressed[i], r.addend))
                    }
                    RelocationTarget::Section(s) => {
                        assert_eq!(r.size, 4, "32-bit DWARF offsets");
                        (at, DebugRef::Offset(Section::Debug(s.name()), r.addend))
                    }
                }
            })
            .collect();
        refs.sort_by_key(|&(at, _)| at);
        out.push(DebugSection {
            section: Section::Debug(id.name()),
            bytes,
            refs,
        });
        Ok(())
    });
    out
}
