//! ELF relocatable object writer (shared docs/x86-encoding-and-objects.md,
//! section 4).
//!
//! Takes the encoder's [`ObjectCode`]; returns the bytes of an ELF64 x86-64
//! `.o` equivalent to what GNU `as` writes for the same program: sections
//! `.text`, `.data`, `.bss` (always), then `.rodata` when constants need it,
//! `.note.GNU-stack`, a `.rela.*` after each section with relocations
//! (`.rela.text` for code, `.rela.data` for addresses in data); section
//! symbols only for sections a relocation refers to, where `as` creates
//! them; named symbols in creation order, locals before globals, all
//! `STT_NOTYPE`.

use object::write::{Object, Relocation, SectionId, Symbol, SymbolId, SymbolSection};
use object::{
    Architecture, BinaryFormat, Endianness, RelocationFlags, SectionFlags, SectionKind,
    SymbolFlags, SymbolKind, elf,
};

use crate::backend::encode::{ObjectCode, RelocKind, RelocTarget};
use crate::ir::asm::SectionContents;
use crate::target::Section;

/// Takes the code by value so that the section bytes move into the object
/// rather than being copied (a long file's `.text` is megabytes).
pub fn write_elf(mut code: ObjectCode) -> Vec<u8> {
    let mut obj = Object::new(BinaryFormat::Elf, Architecture::X86_64, Endianness::Little);
    // `as` always has .text, .data and .bss, first; any other section
    // follows in the order the text enters it, then the stack note.
    let mut ids: Vec<(Section, SectionId)> = Vec::new();
    let standard = [Section::Text, Section::Data, Section::Bss];
    let others = code
        .sections
        .iter()
        .map(|c| c.section)
        .filter(|s| !standard.contains(s) && *s != Section::EhFrame)
        .collect::<Vec<_>>();
    for s in standard.into_iter().chain(others) {
        let array_name;
        let (name, kind) = match s {
            Section::Text => (".text", SectionKind::Text),
            Section::Data => (".data", SectionKind::Data),
            Section::Bss => (".bss", SectionKind::UninitializedData),
            Section::ReadOnly => (".rodata", SectionKind::ReadOnlyData),
            Section::Tdata => (".tdata", SectionKind::Tls),
            Section::Tbss => (".tbss", SectionKind::UninitializedTls),
            Section::InitArray(_) | Section::FiniArray(_) => {
                array_name = crate::target::init_fini_name(s);
                (array_name.as_str(), SectionKind::Data)
            }
            // `.section name,"aw"` (or `"a"`): bytes in the file, as `as`
            // makes any section of another name.
            Section::Named(name) => {
                let (name, contents) = code.named_section(name);
                let kind = match contents {
                    SectionContents::Code => SectionKind::Text,
                    SectionContents::Data { writable: true } => SectionKind::Data,
                    SectionContents::Data { writable: false } => SectionKind::ReadOnlyData,
                };
                (name, kind)
            }
            Section::EhFrame => unreachable!("added after the stack note"),
            Section::Debug(name) => (name, SectionKind::Debug),
            Section::Literal4
            | Section::Literal8
            | Section::Literal16
            | Section::CString
            | Section::Const => {
                panic!("Mach-O section in an ELF object")
            }
        };
        let id = obj.add_section(vec![], name.as_bytes().to_vec(), kind);
        let array_type = match s {
            Section::InitArray(_) => Some(elf::SHT_INIT_ARRAY),
            Section::FiniArray(_) => Some(elf::SHT_FINI_ARRAY),
            _ => None,
        };
        if let Some(sh_type) = array_type {
            obj.section_mut(id).flags = SectionFlags::Elf {
                sh_type,
                sh_flags: elf::SHF_WRITE | elf::SHF_ALLOC,
            };
        }
        match code.sections.iter_mut().find(|c| c.section == s) {
            Some(c) if s.is_zero_fill() => {
                obj.append_section_bss(id, c.size, c.align);
            }
            Some(c) => {
                obj.set_section_data(id, std::mem::take(&mut c.bytes), c.align);
            }
            None => {}
        }
        ids.push((s, id));
    }
    obj.add_section(vec![], b".note.GNU-stack".to_vec(), SectionKind::Other);
    // `as` makes `.eh_frame` at the end of its input, after the note.
    if let Some(c) = code
        .sections
        .iter_mut()
        .find(|c| c.section == Section::EhFrame)
    {
        let id = obj.add_section(vec![], b".eh_frame".to_vec(), SectionKind::ReadOnlyData);
        obj.set_section_data(id, std::mem::take(&mut c.bytes), c.align);
        ids.push((Section::EhFrame, id));
    }
    let section_id = |s: Section| {
        ids.iter()
            .find(|&&(t, _)| t == s)
            .map(|&(_, id)| id)
            .expect("section added")
    };

    // Section symbols go where `as` creates them among the named symbols.
    let mut section_symbols = code.section_symbols.iter().peekable();
    let mut symbols: Vec<SymbolId> = Vec::with_capacity(code.symbols.len());
    for (i, sym) in code.symbols.iter().enumerate() {
        while let Some(&&(s, _)) = section_symbols.peek().filter(|&&&(_, at)| at <= i) {
            obj.section_symbol(section_id(s));
            section_symbols.next();
        }
        let visibility = sym
            .visibility
            .map_or(elf::STV_DEFAULT, |v| elf::SymbolVisibility(v as u8));
        let (section, value, flags) = match sym.definition {
            Some((s, offset)) => {
                let bind = match (sym.global, sym.weak) {
                    (true, true) => elf::STB_WEAK,
                    (true, false) => elf::STB_GLOBAL,
                    _ => elf::STB_LOCAL,
                };
                let st_type = match sym.kind {
                    SymbolKind::Text => elf::STT_FUNC,
                    SymbolKind::Data => elf::STT_OBJECT,
                    SymbolKind::Tls => elf::STT_TLS,
                    _ => elf::STT_NOTYPE,
                };
                let flags = SymbolFlags::Elf {
                    st_info: elf::SymbolInfo::new(bind, st_type),
                    st_other: visibility.into(),
                };
                (SymbolSection::Section(section_id(s)), offset, flags)
            }
            None if visibility != elf::STV_DEFAULT || sym.weak => {
                let bind = if sym.weak {
                    elf::STB_WEAK
                } else {
                    elf::STB_GLOBAL
                };
                let flags = SymbolFlags::Elf {
                    st_info: elf::SymbolInfo::new(bind, elf::STT_NOTYPE),
                    st_other: visibility.into(),
                };
                (SymbolSection::Undefined, 0, flags)
            }
            None => (SymbolSection::Undefined, 0, SymbolFlags::None),
        };
        symbols.push(obj.add_symbol(Symbol {
            name: sym.name.as_bytes().to_vec(),
            value,
            size: sym.size,
            kind: sym.kind,
            scope: sym.scope(),
            weak: false,
            section,
            flags,
        }));
    }
    for &(s, _) in section_symbols {
        obj.section_symbol(section_id(s));
    }
    for c in &mut code.sections {
        // Each list is dropped once the object has it.
        for r in std::mem::take(&mut c.relocations) {
            let symbol = match r.target {
                RelocTarget::Symbol(i) => symbols[i],
                RelocTarget::Section(s) => obj.section_symbol(section_id(s)),
            };
            let r_type = match r.kind {
                RelocKind::Plt32 => elf::R_X86_64_PLT32,
                RelocKind::Pc32 => elf::R_X86_64_PC32,
                RelocKind::Abs64 => elf::R_X86_64_64,
                RelocKind::Abs32 => elf::R_X86_64_32,
                RelocKind::RexGotPcRelX => elf::R_X86_64_REX_GOTPCRELX,
                RelocKind::TpOff32 => elf::R_X86_64_TPOFF32,
                RelocKind::GotTpOff => elf::R_X86_64_GOTTPOFF,
                RelocKind::TlsGd => elf::R_X86_64_TLSGD,
                RelocKind::DtpOff64 => elf::R_X86_64_DTPOFF64,
                RelocKind::Branch
                | RelocKind::Signed(_)
                | RelocKind::Unsigned
                | RelocKind::GotLoad => {
                    panic!("Mach-O relocation in an ELF object")
                }
            };
            obj.add_relocation(
                section_id(c.section),
                Relocation {
                    offset: r.offset,
                    symbol,
                    addend: r.addend,
                    flags: RelocationFlags::Elf { r_type },
                },
            )
            .expect("x86-64 ELF relocation");
        }
    }
    let mut bytes = obj.write().expect("object crate writes every ELF we build");
    set_array_entry_sizes(&mut bytes);
    bytes
}

/// Gives `.init_array` and `.fini_array` the entry size `as` gives them
/// (8, a pointer), which the `object` crate has no field for.
fn set_array_entry_sizes(bytes: &mut [u8]) {
    let u16_at = |b: &[u8], at: usize| u16::from_le_bytes([b[at], b[at + 1]]) as usize;
    let shoff = u64::from_le_bytes(bytes[0x28..0x30].try_into().expect("an ELF64 header")) as usize;
    let (shentsize, shnum) = (u16_at(bytes, 0x3a), u16_at(bytes, 0x3c));
    for i in 0..shnum {
        let header = shoff + i * shentsize;
        let sh_type =
            u32::from_le_bytes(bytes[header + 4..header + 8].try_into().expect("sh_type"));
        if sh_type == elf::SHT_INIT_ARRAY.0 || sh_type == elf::SHT_FINI_ARRAY.0 {
            bytes[header + 56..header + 64].copy_from_slice(&8u64.to_le_bytes());
        }
    }
}
