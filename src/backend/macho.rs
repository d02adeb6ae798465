//! Mach-O relocatable object writer (shared docs/x86-encoding-and-objects.md,
//! section 5).
//!
//! Takes the encoder's [`ObjectCode`] for `x86_64-apple-darwin`; returns the
//! bytes of a Mach-O `.o` identical to what `llvm-mc` writes for the same
//! program: `__TEXT,__text` first, then `__DATA,__data`, `__DATA,__bss` and
//! the constant sections (`__literal8`, `__literal16`, `__cstring`,
//! `__const`) in the order the text enters them, `LC_BUILD_VERSION`
//! matching the text's `.build_version`, `MH_SUBSECTIONS_VIA_SYMBOLS`,
//! symbols ordered locals (in creation order), defined externals (by name),
//! undefined (by name), and relocations of every section with their addends
//! already in the fields (doc 5.2: RIP-relative `SIGNED`/`BRANCH` in code,
//! 64-bit `UNSIGNED` addresses in data).

use object::write::{
    MachOBuildVersion, Mangling, Object, Relocation, SectionId, Symbol, SymbolId, SymbolSection,
};
use object::{
    Architecture, BinaryFormat, Endianness, RelocationFlags, SectionFlags, SectionKind,
    SymbolFlags, SymbolKind, macho,
};
use rustc_hash::FxHashMap as HashMap;
use std::cmp::Ordering;

use crate::backend::encode::{ObjSymbol, ObjectCode, RelocKind, RelocTarget, SectionCode};
use crate::ir::asm::SectionContents;
use crate::target::MACOS_MIN_VERSION;
use crate::target::Section;

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

    // Sections in the order the text enters them, `__text` first.
    let addresses = section_addresses(code);
    let mut ids: Vec<(Section, SectionId)> = Vec::new();
    for c in &code.sections {
        let named;
        let (segment, name, kind, flags) = match c.section {
            Section::Tdata | Section::Tbss => {
                panic!("ELF thread-local section in a Mach-O object")
            }
            Section::Named(name) => {
                let (name, contents) = code.named_section(name);
                named = crate::target::macho_section_name(name, contents);
                let (segment, section) = named.split_once(',').expect("a segment, then a section");
                match contents {
                    // What `regular,pure_instructions` says, and llvm-mc
                    // adds that the section holds some.
                    SectionContents::Code => (
                        segment,
                        section,
                        SectionKind::Text,
                        Some(macho::S_ATTR_PURE_INSTRUCTIONS | macho::S_ATTR_SOME_INSTRUCTIONS),
                    ),
                    SectionContents::Data { .. } => (segment, section, SectionKind::Data, None),
                }
            }
            Section::Text => ("__TEXT", "__text", SectionKind::Text, None),
            Section::Data => ("__DATA", "__data", SectionKind::Data, None),
            Section::Bss => ("__DATA", "__bss", SectionKind::UninitializedData, None),
            Section::Literal4 => (
                "__TEXT",
                "__literal4",
                SectionKind::ReadOnlyData,
                Some(macho::S_4BYTE_LITERALS.into()),
            ),
            Section::Literal8 => (
                "__TEXT",
                "__literal8",
                SectionKind::ReadOnlyData,
                Some(macho::S_8BYTE_LITERALS.into()),
            ),
            Section::Literal16 => (
                "__TEXT",
                "__literal16",
                SectionKind::ReadOnlyData,
                Some(macho::S_16BYTE_LITERALS.into()),
            ),
            Section::CString => (
                "__TEXT",
                "__cstring",
                SectionKind::ReadOnlyString,
                Some(macho::S_CSTRING_LITERALS.into()),
            ),
            Section::Const => ("__TEXT", "__const", SectionKind::ReadOnlyData, None),
            Section::InitArray(_) => (
                "__DATA",
                "__mod_init_func",
                SectionKind::Data,
                Some(macho::S_MOD_INIT_FUNC_POINTERS.into()),
            ),
            Section::FiniArray(_) => (
                "__DATA",
                "__mod_term_func",
                SectionKind::Data,
                Some(macho::S_MOD_TERM_FUNC_POINTERS.into()),
            ),
            Section::ReadOnly | Section::EhFrame | Section::Debug(_) => {
                panic!("ELF section in a Mach-O object")
            }
        };
        let id = obj.add_section(segment.as_bytes().to_vec(), name.as_bytes().to_vec(), kind);
        // llvm-mc marks `__text` as holding some instructions only when it
        // does.
        let flags = match (c.section, c.bytes.is_empty()) {
            (Section::Text, true) => Some(macho::S_ATTR_PURE_INSTRUCTIONS),
            _ => flags,
        };
        if let Some(flags) = flags {
            obj.section_mut(id).flags = SectionFlags::MachO {
                flags,
                reserved2: 0,
            };
        }
        if c.section.is_zero_fill() {
            obj.append_section_bss(id, c.size, c.align);
        } else {
            let mut bytes = c.bytes.clone();
            fill_section_relative_fields(c, &addresses, &mut bytes);
            obj.append_section_data(id, &bytes, c.align);
        }
        ids.push((c.section, id));
    }
    let section_id = |s: Section| {
        ids.iter()
            .find(|&&(t, _)| t == s)
            .map(|&(_, id)| id)
            .expect("section entered")
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
    let mut ids_of_symbols: Vec<Option<SymbolId>> = vec![None; code.symbols.len()];
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
        ids_of_symbols[i] = Some(obj.add_symbol(Symbol {
            name: sym.name.as_bytes().to_vec(),
            value,
            size: 0,
            kind,
            scope: sym.scope(),
            // N_WEAK_DEF when defined, N_WEAK_REF when not.
            weak: sym.weak,
            section,
            flags: SymbolFlags::None,
        }));
    }

    for c in &code.sections {
        for r in &c.relocations {
            // object adds the PC bias of the type to the addend and writes
            // the sum into the field when non-zero; the field is written
            // already, so the sum must be zero.
            let (r_type, bias) = match r.kind {
                RelocKind::Branch => (macho::X86_64_RELOC_BRANCH, 4),
                RelocKind::Signed(0) => (macho::X86_64_RELOC_SIGNED, 4),
                RelocKind::Signed(1) => (macho::X86_64_RELOC_SIGNED_1, 5),
                RelocKind::Signed(2) => (macho::X86_64_RELOC_SIGNED_2, 6),
                RelocKind::Signed(4) => (macho::X86_64_RELOC_SIGNED_4, 8),
                RelocKind::Unsigned => (macho::X86_64_RELOC_UNSIGNED, 0),
                RelocKind::GotLoad => (macho::X86_64_RELOC_GOT_LOAD, 4),
                other => panic!("{other:?} is not a Mach-O x86-64 relocation"),
            };
            // `r_length` is log2 of the field size: 2 for 4 bytes, 3 for 8.
            let flags = RelocationFlags::MachO {
                r_type,
                r_pcrel: r.kind.is_pc_relative(),
                r_length: r.kind.field_size().trailing_zeros() as u8,
            };
            // A section target is written non-extern, with the section's
            // ordinal.
            let symbol = match r.target {
                RelocTarget::Symbol(i) => ids_of_symbols[i].expect("every symbol was added"),
                RelocTarget::Section(s) => obj.section_symbol(section_id(s)),
            };
            obj.add_relocation(
                section_id(c.section),
                Relocation {
                    offset: r.offset,
                    symbol,
                    addend: -bias,
                    flags,
                },
            )
            .expect("x86-64 Mach-O relocation");
        }
    }
    obj.write()
        .expect("object crate writes every Mach-O we build")
}

/// Writes the implicit addend of every section-relative relocation of `c`
/// into its field in `bytes`, as `llvm-mc` does for a non-extern
/// relocation (shared doc 5.2): the target's address in the object's own
/// address space, for a RIP-relative field less the address of the field's
/// end. Symbol relocations were filled by the encoder.
fn fill_section_relative_fields(
    c: &SectionCode,
    addresses: &HashMap<Section, u64>,
    bytes: &mut [u8],
) {
    for r in &c.relocations {
        let RelocTarget::Section(target) = r.target else {
            continue;
        };
        let field = r.offset as usize;
        let address = addresses[&target] as i64 + r.addend;
        if r.kind.is_pc_relative() {
            let end = (addresses[&c.section] + r.offset + 4) as i64;
            bytes[field..field + 4].copy_from_slice(&((address - end) as i32).to_le_bytes());
        } else {
            bytes[field..field + 8].copy_from_slice(&address.to_le_bytes());
        }
    }
}

/// Each section's address in the object's own address space, as `llvm-mc`
/// (and the object crate) assign them: consecutive from 0 in creation
/// order, each aligned, zero-fill sections after all others.
fn section_addresses(code: &ObjectCode) -> HashMap<Section, u64> {
    let mut addresses = HashMap::default();
    let mut at = 0u64;
    let (zero_fill, contents): (Vec<_>, Vec<_>) =
        code.sections.iter().partition(|c| c.section.is_zero_fill());
    for c in contents.into_iter().chain(zero_fill) {
        at = at.next_multiple_of(c.align);
        addresses.insert(c.section, at);
        at += c.size;
    }
    addresses
}
