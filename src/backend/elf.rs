//! ELF relocatable object writer (shared docs/x86-encoding-and-objects.md,
//! section 4).
//!
//! Takes the encoder's [`ObjectCode`]; returns the bytes of an ELF64 x86-64
//! `.o` equivalent to what GNU `as` writes for the same program: sections
//! `.text`, `.data`, `.bss` (always), `.note.GNU-stack`, `.rela.text` when
//! needed; section symbols only for sections a relocation refers to; named
//! symbols in creation order, locals before globals, all `STT_NOTYPE`.

use object::write::{Object, Relocation, Symbol, SymbolId, SymbolSection};
use object::{
    Architecture, BinaryFormat, Endianness, RelocationFlags, SectionKind, SymbolFlags, SymbolKind,
    elf,
};

use crate::backend::encode::{ObjectCode, RelocKind, RelocTarget, Section};

pub fn write_elf(code: &ObjectCode) -> Vec<u8> {
    let mut obj = Object::new(BinaryFormat::Elf, Architecture::X86_64, Endianness::Little);
    let text = obj.add_section(vec![], b".text".to_vec(), SectionKind::Text);
    let data = obj.add_section(vec![], b".data".to_vec(), SectionKind::Data);
    let bss = obj.add_section(vec![], b".bss".to_vec(), SectionKind::UninitializedData);
    obj.add_section(vec![], b".note.GNU-stack".to_vec(), SectionKind::Other);
    obj.append_section_data(text, &code.text, 1);
    obj.append_section_data(data, &code.data, code.data_align);
    obj.append_section_bss(bss, code.bss_size, code.bss_align);
    let section_id = |s: Section| match s {
        Section::Text => text,
        Section::Data => data,
        Section::Bss => bss,
    };

    // `as` creates the section symbols of .text, .data and .bss at start-up,
    // so they precede every named symbol.
    for s in code.section_symbols() {
        obj.section_symbol(section_id(s));
    }
    let symbols: Vec<SymbolId> = code
        .symbols
        .iter()
        .map(|sym| {
            let (section, value, flags) = match sym.definition {
                Some((s, offset)) => {
                    let bind = if sym.global {
                        elf::STB_GLOBAL
                    } else {
                        elf::STB_LOCAL
                    };
                    let flags = SymbolFlags::Elf {
                        st_info: elf::SymbolInfo::new(bind, elf::STT_NOTYPE),
                        st_other: elf::STV_DEFAULT.into(),
                    };
                    (SymbolSection::Section(section_id(s)), offset, flags)
                }
                None => (SymbolSection::Undefined, 0, SymbolFlags::None),
            };
            obj.add_symbol(Symbol {
                name: sym.name.as_bytes().to_vec(),
                value,
                size: 0,
                kind: SymbolKind::Unknown,
                scope: sym.scope(),
                weak: false,
                section,
                flags,
            })
        })
        .collect();
    for r in &code.text_relocations {
        let symbol = match r.target {
            RelocTarget::Symbol(i) => symbols[i],
            RelocTarget::Section(s) => obj.section_symbol(section_id(s)),
        };
        let r_type = match r.kind {
            RelocKind::Plt32 => elf::R_X86_64_PLT32,
            RelocKind::Pc32 => elf::R_X86_64_PC32,
            RelocKind::Branch | RelocKind::Signed(_) => {
                panic!("Mach-O relocation in an ELF object")
            }
        };
        obj.add_relocation(
            text,
            Relocation {
                offset: r.offset,
                symbol,
                addend: r.addend,
                flags: RelocationFlags::Elf { r_type },
            },
        )
        .expect("x86-64 ELF relocation");
    }
    obj.write().expect("object crate writes every ELF we build")
}
