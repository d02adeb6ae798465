//! Tests for `mcc::backend::crosscheck::compare_objects`: small ELF x86-64 objects
//! built with `object::write`, and objects assembled by the system GNU `as`.

use mcc::backend::crosscheck::compare_objects;
use mcc::target::Target;
use object::write::{Object, Relocation, Symbol, SymbolSection};
use object::{
    Architecture, BinaryFormat, Endianness, RelocationFlags, SectionKind, SymbolFlags, SymbolKind,
    SymbolScope, elf,
};

mod common;

/// `main` at 0 (calls `puts`, relocation at 0xb), `helper` at 0x11.
const TEXT: [u8; 0x17] = [
    0x55, // push %rbp
    0x48, 0x89, 0xe5, // mov %rsp,%rbp
    0x89, 0x45, 0xfc, // mov %eax,-4(%rbp)
    0x83, 0xc0, 0x01, // add $1,%eax
    0xe8, 0, 0, 0, 0,    // call puts
    0x5d, // pop %rbp
    0xc3, // ret
    0xb8, 0x2a, 0, 0, 0,    // helper: mov $42,%eax
    0xc3, // ret
];

/// Everything the test objects vary in.
#[derive(Clone)]
struct Spec {
    text: Vec<u8>,
    text_align: u64,
    data: Vec<u8>,
    bss_size: u64,
    /// Names of the defined symbols, in the order they are added.
    symbols: Vec<&'static str>,
    reloc_type: object::elf::RelocationType,
    reloc_addend: i64,
}

impl Default for Spec {
    fn default() -> Self {
        Spec {
            text: TEXT.to_vec(),
            text_align: 16,
            data: vec![1, 2, 3, 4, 5, 6, 7, 8],
            bss_size: 16,
            symbols: vec!["buf", "main", "helper", "counter"],
            reloc_type: elf::R_X86_64_PLT32,
            reloc_addend: -4,
        }
    }
}

fn build(spec: &Spec) -> Vec<u8> {
    let mut obj = Object::new(BinaryFormat::Elf, Architecture::X86_64, Endianness::Little);
    let text = obj.add_section(vec![], b".text".to_vec(), SectionKind::Text);
    let data = obj.add_section(vec![], b".data".to_vec(), SectionKind::Data);
    let bss = obj.add_section(vec![], b".bss".to_vec(), SectionKind::UninitializedData);
    obj.add_section(vec![], b".note.GNU-stack".to_vec(), SectionKind::Other);
    obj.append_section_data(text, &spec.text, spec.text_align);
    obj.append_section_data(data, &spec.data, 8);
    obj.append_section_bss(bss, spec.bss_size, 8);
    for name in &spec.symbols {
        let (section, value, kind, scope) = match *name {
            "main" => (text, 0, SymbolKind::Text, SymbolScope::Dynamic),
            "helper" => (text, 0x11, SymbolKind::Text, SymbolScope::Dynamic),
            "counter" => (data, 0, SymbolKind::Data, SymbolScope::Dynamic),
            _ => (bss, 0, SymbolKind::Data, SymbolScope::Compilation),
        };
        obj.add_symbol(Symbol {
            name: name.as_bytes().to_vec(),
            value,
            size: 0,
            kind,
            scope,
            weak: false,
            section: SymbolSection::Section(section),
            flags: SymbolFlags::None,
        });
    }
    let puts = obj.add_symbol(Symbol {
        name: b"puts".to_vec(),
        value: 0,
        size: 0,
        kind: SymbolKind::Unknown,
        scope: SymbolScope::Dynamic,
        weak: false,
        section: SymbolSection::Undefined,
        flags: SymbolFlags::None,
    });
    let relocation = Relocation {
        offset: 0xb,
        symbol: puts,
        addend: spec.reloc_addend,
        flags: RelocationFlags::Elf {
            r_type: spec.reloc_type,
        },
    };
    obj.add_relocation(text, relocation)
        .expect("add relocation");
    obj.write().expect("write object")
}

/// The disassembly lines marked `>>` (one per side).
fn marked(report: &str) -> Vec<&str> {
    report
        .lines()
        .filter(|l| l.trim_start().starts_with(">>"))
        .collect()
}

/// Compares `build(base)` against `build(changed)`, expecting a difference.
fn report(changed: impl FnOnce(&mut Spec)) -> String {
    let base = Spec::default();
    let mut other = base.clone();
    changed(&mut other);
    let err = compare_objects(&build(&base), &build(&other)).expect_err("objects should differ");
    println!("{err}");
    err
}

#[test]
fn identical_objects_compare_ok() {
    let a = build(&Spec::default());
    let b = build(&Spec::default());
    assert_eq!(compare_objects(&a, &b), Ok(()));
}

#[test]
fn changed_text_byte_names_function_offset_and_disassembles() {
    let r = report(|s| s.text[0x12] = 0x2b);
    assert!(r.contains(".text differs at offset 0x12"), "{r}");
    assert!(r.contains("(helper+0x1)"), "{r}");
    assert!(r.contains("built-in:") && r.contains("external as:"), "{r}");
    let m = marked(&r);
    assert_eq!(m.len(), 2, "{r}");
    assert!(
        m[0].contains("0x11: b8 2a 00 00 00") && m[0].contains("movl $0x2a,%eax"),
        "{r}"
    );
    assert!(
        m[1].contains("0x11: b8 2b 00 00 00") && m[1].contains("movl $0x2b,%eax"),
        "{r}"
    );
}

#[test]
fn changed_byte_in_first_function_shows_context() {
    let r = report(|s| s.text[9] = 2);
    assert!(r.contains("(main+0x9)"), "{r}");
    let m = marked(&r);
    assert!(
        m[0].contains("0x7: 83 c0 01") && m[0].contains("addl $1,%eax"),
        "{r}"
    );
    assert!(
        m[1].contains("0x7: 83 c0 02") && m[1].contains("addl $2,%eax"),
        "{r}"
    );
    assert!(
        r.contains("0x4: 89 45 fc") && r.contains("movl %eax,-4(%rbp)"),
        "{r}"
    );
    assert!(r.contains("0xa: e8 00 00 00 00"), "{r}");
    assert!(
        !r.contains("helper"),
        "context stops 3 instructions after: {r}"
    );
}

#[test]
fn text_size_difference_is_reported_with_first_differing_byte() {
    let r = report(|s| s.text.insert(0x11, 0x90));
    assert!(r.contains("section .text size differs"), "{r}");
    assert!(r.contains("0x17") && r.contains("0x18"), "{r}");
    assert!(r.contains(".text differs at offset 0x11"), "{r}");
}

#[test]
fn changed_data_byte_reports_offset_and_hex() {
    let r = report(|s| s.data[5] = 0xff);
    assert!(
        r.contains(".data differs at offset 0x5 (counter+0x5)"),
        "{r}"
    );
    assert!(r.contains("01 02 03 04 05 06 07 08"), "{r}");
    assert!(r.contains("01 02 03 04 05 ff 07 08"), "{r}");
}

#[test]
fn relocation_addend_difference_is_reported() {
    let r = report(|s| s.reloc_addend = -8);
    assert!(r.contains("relocations of .text differ"), "{r}");
    assert!(r.contains("0xb R_X86_64_PLT32 puts addend=-4"), "{r}");
    assert!(r.contains("0xb R_X86_64_PLT32 puts addend=-8"), "{r}");
}

#[test]
fn relocation_type_difference_is_reported() {
    let r = report(|s| s.reloc_type = elf::R_X86_64_PC32);
    assert!(
        r.contains("R_X86_64_PLT32") && r.contains("R_X86_64_PC32"),
        "{r}"
    );
}

#[test]
fn missing_symbol_is_reported() {
    let r = report(|s| s.symbols.retain(|n| *n != "helper"));
    assert!(r.contains("symbol tables differ"), "{r}");
    assert!(r.contains("only in built-in: helper"), "{r}");
    assert!(!r.contains("different order"), "{r}");
}

#[test]
fn reordered_symbols_are_reported_as_such() {
    let r = report(|s| s.symbols = vec!["buf", "helper", "main", "counter"]);
    assert!(r.contains("same symbols, different order"), "{r}");
    assert!(r.contains("main") && r.contains("helper"), "{r}");
}

#[test]
fn section_alignment_difference_is_reported() {
    let r = report(|s| s.text_align = 1);
    assert!(r.contains("section .text header differs"), "{r}");
    assert!(r.contains("align=16") && r.contains("align=1 "), "{r}");
}

#[test]
fn bss_size_difference_is_reported() {
    let r = report(|s| s.bss_size = 32);
    assert!(
        r.contains("section .bss size differs (built-in 0x10, external as 0x20)"),
        "{r}"
    );
}

#[test]
fn malformed_input_is_an_error_not_a_panic() {
    let good = build(&Spec::default());
    assert!(compare_objects(b"not an object", &good).is_err());
    for cut in [16, 64, good.len() / 2, good.len() - 8] {
        let r = compare_objects(&good, &good[..cut]);
        assert!(r.is_err(), "truncated at {cut} compared equal");
    }
}

const SNIPPET: &str = "\
    .text
    .globl main
main:
    pushq %rbp
    movq %rsp, %rbp
    movl $1, %eax
    addl $2, %eax
    call puts
    popq %rbp
    ret
    .globl helper
helper:
    movl $42, %eax
    ret
    .data
counter:
    .long 5
    .quad helper
    .section .note.GNU-stack,\"\",@progbits
";

#[test]
fn gnu_as_objects_compare() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gnu_as = |name, source: &str| common::assemble(&Target::LINUX, dir.path(), name, source);
    let a = gnu_as("a", SNIPPET);
    let b = gnu_as("b", SNIPPET);
    assert_eq!(compare_objects(&a, &b), Ok(()));

    let changed = gnu_as("c", &SNIPPET.replace("$42", "$43"));
    let r = compare_objects(&a, &changed).expect_err("changed immediate");
    println!("{r}");
    assert!(r.contains("helper+0x"), "{r}");
    assert!(marked(&r)[1].contains("movl $0x2b,%eax"), "{r}");

    let longer = gnu_as("d", &SNIPPET.replace("$2,", "$1000,"));
    let r = compare_objects(&a, &longer).expect_err("longer instruction");
    println!("{r}");
    assert!(r.contains("size differs") && r.contains("(main+0x"), "{r}");
    assert!(r.contains("addl $0x3e8,%eax"), "{r}");
}

#[test]
fn data_relocation_difference_is_reported() {
    // The same bytes everywhere (RELA keeps the addend out of `.data`):
    // only `.rela.data` tells the two apart.
    let dir = tempfile::tempdir().expect("tempdir");
    let gnu_as = |name, source: &str| common::assemble(&Target::LINUX, dir.path(), name, source);
    let a = gnu_as("a", SNIPPET);
    let b = gnu_as("b", &SNIPPET.replace(".quad helper", ".quad helper+8"));
    let r = compare_objects(&a, &b).expect_err("changed data relocation");
    println!("{r}");
    assert!(r.contains("relocations of .data differ at entry #0"), "{r}");
    assert!(r.contains("0x4 R_X86_64_64 helper addend=0"), "{r}");
    assert!(r.contains("0x4 R_X86_64_64 helper addend=8"), "{r}");
}
