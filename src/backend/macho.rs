//! Mach-O relocatable object writer (shared docs/x86-encoding-and-objects.md,
//! section 5).
//!
//! Takes the encoder's [`ObjectCode`] for `x86_64-apple-darwin`; returns the
//! bytes of a Mach-O `.o` identical to what `llvm-mc` writes for the same
//! program: `__TEXT,__text` first, then `__DATA,__data` / `__DATA,__bss` in
//! the order the text enters them, `LC_BUILD_VERSION` matching the text's
//! `.build_version`, `MH_SUBSECTIONS_VIA_SYMBOLS`, symbols ordered locals (in
//! creation order), defined externals (by name), undefined (by name), and
//! relocations with their addends already in the fields.

use object::write::{
    MachOBuildVersion, Mangling, Object, Relocation, Symbol, SymbolId, SymbolSection,
};
use object::{
    Architecture, BinaryFormat, Endianness, RelocationFlags, SectionKind, SymbolFlags, SymbolKind,
    macho,
};
use std::cmp::Ordering;

use crate::backend::encode::{ObjSymbol, ObjectCode, RelocKind, RelocTarget, Section};
use crate::target::MACOS_MIN_VERSION;

pub fn write_macho(code: &ObjectCode) -> Vec<u8> {
    let mut obj = Object::new(
        BinaryFormat::MachO,
        Architecture::X86_64,
        Endianness::Little,
    );
    // Names already carry their `_` (target.rs); object must not add another.
    obj.set_mangling(Mangling::None);
    obj.set_subsections_via_symbols();
    let (major, minor) = MACOS_MIN_VERSION;
    let mut version = MachOBuildVersion::default();
    version.platform = macho::PLATFORM_MACOS;
    version.minos = macho::Version::new(major, minor, 0);
    obj.set_macho_build_version(version);

    let text = obj.add_section(b"__TEXT".to_vec(), b"__text".to_vec(), SectionKind::Text);
    obj.append_section_data(text, &code.text, 1);
    let mut data = None;
    let mut bss = None;
    for &s in &code.data_sections {
        match s {
            Section::Data => {
                let id = obj.add_section(b"__DATA".to_vec(), b"__data".to_vec(), SectionKind::Data);
                obj.append_section_data(id, &code.data, code.data_align);
                data = Some(id);
            }
            Section::Bss => {
                let id = obj.add_section(
                    b"__DATA".to_vec(),
                    b"__bss".to_vec(),
                    SectionKind::UninitializedData,
                );
                obj.append_section_bss(id, code.bss_size, code.bss_align);
                bss = Some(id);
            }
            Section::Text => unreachable!("text is not a data section"),
        }
    }
    let section_id = |s: Section| match s {
        Section::Text => text,
        Section::Data => data.expect("data section entered"),
        Section::Bss => bss.expect("bss section entered"),
    };

    let group = |sym: &ObjSymbol| match (sym.global, sym.definition.is_some()) {
        (false, _) => 0,
        (true, true) => 1,
        (true, false) => 2,
    };
    // Locals keep creation order (the sort is stable and `order` starts in
    // it); the other groups are sorted by name.
    let mut order: Vec<usize> = (0..code.symbols.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&code.symbols[a], &code.symbols[b]);
        group(a).cmp(&group(b)).then_with(|| {
            if group(a) == 0 {
                Ordering::Equal
            } else {
                a.name.cmp(&b.name)
            }
        })
    });
    let mut ids: Vec<Option<SymbolId>> = vec![None; code.symbols.len()];
    for i in order {
        let sym = &code.symbols[i];
        let (section, value, kind) = match sym.definition {
            Some((s, offset)) => {
                let kind = if s == Section::Text {
                    SymbolKind::Text
                } else {
                    SymbolKind::Data
                };
                (SymbolSection::Section(section_id(s)), offset, kind)
            }
            None => (SymbolSection::Undefined, 0, SymbolKind::Unknown),
        };
        ids[i] = Some(obj.add_symbol(Symbol {
            name: sym.name.as_bytes().to_vec(),
            value,
            size: 0,
            kind,
            scope: sym.scope(),
            weak: false,
            section,
            flags: SymbolFlags::None,
        }));
    }

    for r in &code.text_relocations {
        let RelocTarget::Symbol(i) = r.target else {
            panic!("Mach-O references go through symbols, not sections")
        };
        // object adds the PC bias of the type to the addend and writes the
        // sum into the field when non-zero; the encoder has written the
        // field already, so the sum must be zero.
        let (r_type, bias) = match r.kind {
            RelocKind::Branch => (macho::X86_64_RELOC_BRANCH, 4),
            RelocKind::Signed(0) => (macho::X86_64_RELOC_SIGNED, 4),
            RelocKind::Signed(1) => (macho::X86_64_RELOC_SIGNED_1, 5),
            RelocKind::Signed(2) => (macho::X86_64_RELOC_SIGNED_2, 6),
            RelocKind::Signed(4) => (macho::X86_64_RELOC_SIGNED_4, 8),
            other => panic!("{other:?} is not a Mach-O x86-64 relocation"),
        };
        let flags = RelocationFlags::MachO {
            r_type,
            r_pcrel: true,
            r_length: 2,
        };
        let symbol = ids[i].expect("every symbol was added");
        obj.add_relocation(
            text,
            Relocation {
                offset: r.offset,
                symbol,
                addend: -bias,
                flags,
            },
        )
        .expect("x86-64 Mach-O relocation");
    }
    obj.write()
        .expect("object crate writes every Mach-O we build")
}
