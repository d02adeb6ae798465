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
//! Strings are inline (`DW_FORM_string`), so there is no string section to
//! merge. Types and variables are not described yet.

use gimli::write::{
    Address, AttributeValue, DwarfUnit, EndianVec, Expression, LineProgram, LineString,
    RelocateWriter, Relocation, RelocationTarget, Sections,
};
use gimli::{Encoding, Format, LineEncoding, LittleEndian, constants};

use crate::diag::{SourceMap, Span};
use crate::intern::{Interner, Sym};
use crate::target::Section;

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
}

/// A reference in a debug section, at an offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DebugRef {
    /// An 8-byte address: the function's symbol plus an offset.
    Address(Sym, i64),
    /// A 4-byte offset into another debug section.
    Offset(Section, i64),
}

/// One debug section's bytes and the references in them, by offset.
pub struct DebugSection {
    pub section: Section,
    pub bytes: Vec<u8>,
    pub refs: Vec<(u64, DebugRef)>,
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
/// order compiled), named `file_name` and compiled in `comp_dir`.
pub fn dwarf(
    functions: &[DebugFunction],
    map: &SourceMap,
    interner: &Interner,
    file_name: &str,
    comp_dir: &str,
) -> Vec<DebugSection> {
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
    cu.set(
        constants::DW_AT_producer,
        AttributeValue::String(producer.into_bytes()),
    );
    cu.set(
        constants::DW_AT_language,
        AttributeValue::Language(constants::DW_LANG_C11),
    );
    cu.set(
        constants::DW_AT_name,
        AttributeValue::String(file_name.as_bytes().to_vec()),
    );
    cu.set(
        constants::DW_AT_comp_dir,
        AttributeValue::String(comp_dir.as_bytes().to_vec()),
    );
    // The code's addresses: one range when every function is in `.text`
    // (where they follow one another from its start), else a list.
    let address = |i: usize| Address::Symbol {
        symbol: i,
        addend: 0,
    };
    if functions.iter().all(|f| f.section == Section::Text) {
        let size = functions.iter().map(|f| f.size).sum();
        let low = if functions.is_empty() {
            Address::Constant(0)
        } else {
            address(0)
        };
        let cu = dwarf.unit.get_mut(root);
        cu.set(constants::DW_AT_low_pc, AttributeValue::Address(low));
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
        sub.set(
            constants::DW_AT_name,
            AttributeValue::String(interner.get(f.name).as_bytes().to_vec()),
        );
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
    }
    dwarf.unit.line_program = program;

    let mut sections = Sections::new(Out {
        data: EndianVec::new(LittleEndian),
        relocations: Vec::new(),
    });
    dwarf
        .write(&mut sections)
        .expect("gimli writes the debug information mcc builds");
    let mut out = Vec::new();
    let _ = sections.for_each(|id, w: &Out| -> Result<(), ()> {
        if w.data.slice().is_empty() {
            return Ok(());
        }
        let mut refs: Vec<(u64, DebugRef)> = w
            .relocations
            .iter()
            .map(|r| {
                let at = r.offset as u64;
                match r.target {
                    RelocationTarget::Symbol(i) => {
                        assert_eq!(r.size, 8, "addresses are 8 bytes");
                        (at, DebugRef::Address(functions[i].name, r.addend))
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
            bytes: w.data.slice().to_vec(),
            refs,
        });
        Ok(())
    });
    out
}
