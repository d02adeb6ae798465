//! Static data, constants and the code that reaches them, through the
//! built-in encoder and through the assemblers (shared docs
//! x86-encoding-and-objects.md, sections 4-5).
//!
//! The front end cannot yet produce every kind of static value, so the
//! programs here are asm IR built by hand: static variables made of every
//! [`StaticInit`] piece (1-, 4- and 8-byte scalars, zeros, strings with and
//! without their NUL, addresses of string constants), string constants with
//! and without an embedded NUL and with quotes, backslashes and non-ASCII
//! bytes, doubles of 8 and 16 bytes, and functions that take a string's
//! address and read static arrays. Each program is rendered with
//! `backend::att`, assembled with GNU `as` (ELF) and `llvm-mc` (Mach-O),
//! and compared with the built-in object: ELF with `backend::crosscheck`,
//! Mach-O byte for byte. Each case also asserts the relocations it exists
//! to exercise, and the ELF program that returns a value is linked and run.
//! Last, 150 random programs of the same ingredients (seeded, so a failure
//! names the seed that reproduces it) go through both targets.

use mcc::backend::{att, crosscheck, elf, encode, macho};
use mcc::diag::Span;
use mcc::intern::{Interner, Sym};
use mcc::ir::Label;
use mcc::ir::asm::{
    AsmType, BinaryOp, CallTarget, Constant, ConstantData, DataName, Function, Instr, Operand,
    Program, Reg, StaticVar, TopLevel, Xmm,
};
use mcc::ir::consts::Const;
use mcc::ir::symbols::StaticInit;
use mcc::ir::tacky::Sourced;
use mcc::target::{Section, Target};
use object::{Object, ObjectSection, RelocationFlags, RelocationTarget};

mod common;

use common::Rng;

fn darwin() -> Target {
    Target::from_triple("x86_64-apple-darwin").unwrap()
}

fn var(name: &str, global: bool, align: u32, init: Vec<StaticInit>, i: &mut Interner) -> TopLevel {
    TopLevel::StaticVar(StaticVar {
        name: i.intern(name),
        global,
        align,
        section: None,
        writable: true,
        init,
    })
}

fn function(name: &str, global: bool, instrs: Vec<Instr>, i: &mut Interner) -> TopLevel {
    function_named(i.intern(name), global, instrs)
}

fn function_named(name: Sym, global: bool, instrs: Vec<Instr>) -> TopLevel {
    TopLevel::Function(Function {
        name,
        global,
        section: None,
        span: Default::default(),
        align: None,
        frame: Default::default(),
        dynamic_stack: false,
        debug_vars: Vec::new(),
        returns: Default::default(),
        address_taken: Vec::new(),
        instrs: instrs
            .into_iter()
            .map(|item| Sourced {
                item,
                span: Span::default(),
            })
            .collect(),
    })
}

fn string(label: u32, bytes: &[u8]) -> Constant {
    Constant {
        label: Label(label),
        data: ConstantData::String(bytes.to_vec()),
    }
}

fn double(label: u32, value: f64, bytes: u32) -> Constant {
    Constant {
        label: Label(label),
        data: ConstantData::Bits {
            value: value.to_bits().into(),
            bytes,
        },
    }
}

fn chars(bytes: &[u8], null_terminated: bool) -> StaticInit {
    StaticInit::String {
        bytes: bytes.to_vec(),
        null_terminated,
    }
}

fn pointer(label: u32) -> StaticInit {
    StaticInit::Pointer(Label(label))
}

/// The string constants of [`every_piece`]: plain, empty, with an embedded
/// NUL (Mach-O `__const`), with every character the text must escape.
const HELLO: &[u8] = b"hello";
/// The NUL before a digit checks that octal escapes are three digits long.
const WITH_NUL: &[u8] = b"with \0 nul, then \x001 and \\\x00";
const ESCAPES: &[u8] = b"quote\" back\\ e\xcc\x81 \xe9\x80\xff tab\t nl\n del\x7f \x01\x1f ?";

/// Every piece kind in `.data`, zero-only variables in `.bss` (one entered
/// before `.data`, so Mach-O's `__bss` follows sections created after it),
/// and addresses of constants at the start, middle and end of variables,
/// of constants at offset 0 and further in their sections, and of one
/// constant twice.
fn every_piece(i: &mut Interner) -> Program {
    use Const::*;
    let items = vec![
        var("zeros", false, 8, vec![StaticInit::Zero(16)], i),
        var(
            "scalars",
            true,
            8,
            vec![
                StaticInit::Scalar(Char(-1)),
                StaticInit::Scalar(UChar(200)),
                StaticInit::Zero(2),
                StaticInit::Scalar(Int(-5)),
                StaticInit::Scalar(UInt(0xdead_beef)),
                StaticInit::Zero(4),
                StaticInit::Scalar(Long(-2)),
                StaticInit::Scalar(ULong(u64::MAX)),
                StaticInit::Scalar(Double(-0.0)),
                StaticInit::Scalar(Double(1.5)),
            ],
            i,
        ),
        var("text", false, 1, vec![chars(ESCAPES, true)], i),
        var("exact", false, 1, vec![chars(b"abc", false)], i),
        var(
            "ptrs",
            true,
            8,
            vec![
                pointer(1),
                pointer(3),
                StaticInit::Scalar(Int(7)),
                StaticInit::Zero(4),
                pointer(1),
                pointer(5),
            ],
            i,
        ),
        var(
            "padded",
            true,
            16,
            vec![chars(b"ab", true), StaticInit::Zero(13)],
            i,
        ),
        var("zero_char", true, 1, vec![StaticInit::Scalar(Char(0))], i),
        var(
            "tail_ptr",
            false,
            8,
            vec![pointer(8), pointer(7), pointer(4)],
            i,
        ),
    ];
    Program {
        got_base: None,
        items,
        constants: vec![
            string(1, HELLO),
            double(2, 1.5, 8),
            string(3, WITH_NUL),
            string(4, b""),
            string(5, ESCAPES),
            double(6, -0.0, 16),
            string(7, b"\0"),
            string(8, b"tail"),
        ],
    }
}

/// The `char` array `garr` of [`reaches_data`].
const GARR: &[u8] = b"\x01\x02\x05\x00\x03";

/// Pointer pieces in [`every_piece`].
const EVERY_PIECE_POINTERS: usize = 7;

/// `main` takes a string's address and reads bytes through it, reads a
/// local static array by offset and by index, a global `char` array
/// defined after it, and a pointer in `.data` that leads to a string; a
/// static helper loads a double constant and stores through an indexed
/// `%rbp` operand. Returns `"hello"[1] + arr[2] + arr[2] + "world"[3] +
/// garr[2] + garr[4]`, truncated by the exit status.
fn reaches_data(i: &mut Interner) -> Program {
    let arr = i.intern("arr");
    let garr = i.intern("garr");
    let ptr = i.intern("ptr");
    let reg = Operand::Reg;
    let data = |sym, offset| Operand::Data {
        name: DataName::Symbol(sym),
        offset,
    };
    let add = |src, dst| Instr::Binary {
        op: BinaryOp::Add,
        ty: AsmType::Long,
        src,
        dst,
    };
    let main = vec![
        Instr::Lea {
            src: Operand::constant(Label(1)),
            dst: reg(Reg::Ax),
        },
        Instr::Movsx {
            src_ty: AsmType::Byte,
            dst_ty: AsmType::Long,
            src: Operand::Memory {
                base: Reg::Ax,
                disp: 1,
            },
            dst: reg(Reg::Cx),
        },
        Instr::Mov {
            ty: AsmType::Long,
            src: data(arr, 8),
            dst: reg(Reg::Dx),
        },
        Instr::Lea {
            src: data(arr, 0),
            dst: reg(Reg::Si),
        },
        Instr::Mov {
            ty: AsmType::Quad,
            src: Operand::Imm(2),
            dst: reg(Reg::R9),
        },
        Instr::Mov {
            ty: AsmType::Long,
            src: Operand::Indexed {
                base: Reg::Si,
                index: Reg::R9,
                scale: 4,
                disp: 0,
            },
            dst: reg(Reg::Ax),
        },
        add(reg(Reg::Cx), reg(Reg::Ax)),
        add(reg(Reg::Dx), reg(Reg::Ax)),
        Instr::Mov {
            ty: AsmType::Quad,
            src: data(ptr, 8),
            dst: reg(Reg::R13),
        },
        Instr::MovZeroExtend {
            src_ty: AsmType::Byte,
            dst_ty: AsmType::Long,
            src: Operand::Memory {
                base: Reg::R13,
                disp: 3,
            },
            dst: reg(Reg::Cx),
        },
        add(reg(Reg::Cx), reg(Reg::Ax)),
        Instr::Lea {
            src: data(garr, 0),
            dst: reg(Reg::R12),
        },
        Instr::Movsx {
            src_ty: AsmType::Byte,
            dst_ty: AsmType::Quad,
            src: Operand::Indexed {
                base: Reg::R12,
                index: Reg::R9,
                scale: 1,
                disp: 0,
            },
            dst: reg(Reg::Dx),
        },
        add(reg(Reg::Dx), reg(Reg::Ax)),
        Instr::Movsx {
            src_ty: AsmType::Byte,
            dst_ty: AsmType::Long,
            src: data(garr, 4),
            dst: reg(Reg::Dx),
        },
        add(reg(Reg::Dx), reg(Reg::Ax)),
        Instr::Ret,
    ];
    let helper = vec![
        Instr::Mov {
            ty: AsmType::Double,
            src: Operand::constant(Label(2)),
            dst: Operand::Xmm(Xmm(0)),
        },
        Instr::Lea {
            src: Operand::constant(Label(3)),
            dst: reg(Reg::R8),
        },
        Instr::Mov {
            ty: AsmType::Byte,
            src: Operand::Imm(-1),
            dst: Operand::Indexed {
                base: Reg::Bp,
                index: Reg::R8,
                scale: 1,
                disp: 0,
            },
        },
        Instr::Ret,
    ];
    let ints = |v: &[i32]| {
        v.iter()
            .map(|&n| StaticInit::Scalar(Const::Int(n)))
            .collect()
    };
    Program {
        items: vec![
            var("arr", false, 16, ints(&[10, 20, 30, 40]), i),
            function("main", true, main, i),
            function("helper", false, helper, i),
            var("garr", true, 1, vec![chars(GARR, false)], i),
            var("ptr", false, 8, vec![pointer(1), pointer(3)], i),
        ],
        constants: vec![string(1, HELLO), double(2, 2.5, 8), string(3, b"world")],
        got_base: None,
    }
}

/// Only constants (no `.data` at all), one of each section kind.
fn constants_only(i: &mut Interner) -> Program {
    let f = vec![
        Instr::Lea {
            src: Operand::constant(Label(4)),
            dst: reg(Reg::Di),
        },
        Instr::Lea {
            src: Operand::constant(Label(2)),
            dst: reg(Reg::R15),
        },
        Instr::Binary {
            op: BinaryOp::Xor,
            ty: AsmType::Double,
            src: Operand::constant(Label(3)),
            dst: Operand::Xmm(Xmm(1)),
        },
        Instr::Ret,
    ];
    Program {
        got_base: None,
        items: vec![function("f", true, f, i)],
        constants: vec![
            string(1, b"first"),
            string(2, WITH_NUL),
            double(3, -0.0, 16),
            string(4, ESCAPES),
        ],
    }
}

fn reg(r: Reg) -> Operand {
    Operand::Reg(r)
}

/// Both objects of `prog` for `target`: the built-in one and the external
/// assembler's from the rendered text.
fn objects(prog: &Program, interner: &Interner, target: &Target) -> (Vec<u8>, Vec<u8>) {
    let code = encode::encode_program(prog, interner, target);
    let ours = match target.format {
        mcc::target::ObjectFormat::Elf => elf::write_elf(code),
        mcc::target::ObjectFormat::MachO => macho::write_macho(&code),
    };
    let dir = tempfile::tempdir().unwrap();
    let text = att::render_program(prog, interner, target);
    let theirs = common::assemble(target, dir.path(), "t", &text);
    (ours, theirs)
}

/// The built-in ELF object of `prog`, checked equivalent to GNU `as`'s.
fn check_elf(prog: &Program, interner: &Interner) -> Vec<u8> {
    let (ours, theirs) = objects(prog, interner, &Target::LINUX);
    if let Err(report) = crosscheck::compare_objects(&ours, &theirs) {
        panic!("differs from GNU as:\n{report}");
    }
    ours
}

/// The built-in Mach-O object of `prog`, checked identical to `llvm-mc`'s.
fn check_macho(prog: &Program, interner: &Interner) -> Vec<u8> {
    let (ours, theirs) = objects(prog, interner, &darwin());
    if ours != theirs {
        let report = crosscheck::compare_objects(&ours, &theirs)
            .err()
            .unwrap_or_else(|| "equivalent, but the bytes differ".to_string());
        let at = ours.iter().zip(&theirs).position(|(a, b)| a != b);
        panic!(
            "differs from llvm-mc (sizes {} and {}, first differing byte {at:?}):\n{report}",
            ours.len(),
            theirs.len()
        );
    }
    ours
}

/// The relocations of section `name` as (offset, type, target section,
/// addend), target `None` for a symbol; by offset.
fn relocations(file: &[u8], name: &str) -> Vec<(u64, u32, Option<String>, i64)> {
    let file = object::File::parse(file).unwrap();
    let Some(section) = file.section_by_name(name) else {
        return Vec::new();
    };
    let mut out: Vec<_> = section
        .relocations()
        .map(|(offset, r)| {
            let ty = match r.flags() {
                RelocationFlags::Elf { r_type } => r_type.0,
                RelocationFlags::MachO { r_type, .. } => u32::from(r_type.0),
                other => panic!("{other:?}"),
            };
            let target = match r.target() {
                RelocationTarget::Section(i) => Some(
                    file.section_by_index(i)
                        .unwrap()
                        .name()
                        .unwrap()
                        .to_string(),
                ),
                RelocationTarget::Symbol(s) => {
                    let sym = file.symbol_by_index(s).unwrap();
                    use object::ObjectSymbol;
                    sym.section_index()
                        .filter(|_| sym.kind() == object::SymbolKind::Section)
                        .map(|i| {
                            file.section_by_index(i)
                                .unwrap()
                                .name()
                                .unwrap()
                                .to_string()
                        })
                }
                other => panic!("{other:?}"),
            };
            (offset, ty, target, r.addend())
        })
        .collect();
    out.sort_by_key(|r| r.0);
    out
}

/// The bytes of section `name`.
fn section_data(file: &[u8], name: &str) -> Vec<u8> {
    let file = object::File::parse(file).unwrap();
    file.section_by_name(name).unwrap().data().unwrap().to_vec()
}

#[test]
fn every_piece_elf() {
    let mut interner = Interner::new();
    let prog = every_piece(&mut interner);
    let ours = check_elf(&prog, &interner);
    let relocs = relocations(&ours, ".data");
    assert_eq!(relocs.len(), EVERY_PIECE_POINTERS);
    // `.rodata`: "hello\0" at 0, 1.5 at 8, WITH_NUL at 16, "" after it,
    // ESCAPES after that.
    let with_nul = 16;
    let empty = with_nul + WITH_NUL.len() as i64 + 1;
    let escapes = empty + 1;
    let addends: Vec<i64> = relocs.iter().map(|r| r.3).collect();
    let tail = relocs[4].3;
    assert_eq!(addends[..4], [0, with_nul, 0, escapes]);
    assert_eq!(addends[6], empty);
    assert!(tail > escapes, "\"tail\" follows the 16-byte constant");
    for r in &relocs {
        assert_eq!(r.1, object::elf::R_X86_64_64.0);
        assert_eq!(r.2.as_deref(), Some(".rodata"));
    }
    // The fields stay zero (RELA): the first pointer is at `ptrs`, 8-aligned
    // after scalars (48 bytes), text and exact.
    let data = section_data(&ours, ".data");
    let ptrs = (48 + ESCAPES.len() + 1 + 3).next_multiple_of(8);
    assert_eq!(relocs[0].0, ptrs as u64);
    assert_eq!(data[ptrs..ptrs + 8], [0; 8]);
}

#[test]
fn every_piece_macho() {
    let mut interner = Interner::new();
    let prog = every_piece(&mut interner);
    let ours = check_macho(&prog, &interner);
    let relocs = relocations(&ours, "__data");
    assert_eq!(relocs.len(), EVERY_PIECE_POINTERS);
    let data = section_data(&ours, "__data");
    let file = object::File::parse(&*ours).unwrap();
    let address = |name| file.section_by_name(name).unwrap().address();
    for r in &relocs {
        assert_eq!(r.1, u32::from(object::macho::X86_64_RELOC_UNSIGNED.0));
        // Non-extern: the field holds the target's address.
        let target = r.2.as_deref().expect("section-relative");
        let field = u64::from_le_bytes(data[r.0 as usize..][..8].try_into().unwrap());
        let section = file.section_by_name(target).unwrap();
        assert!(
            (section.address()..section.address() + section.size()).contains(&field),
            "{r:?} holds {field:#x}, outside {target}"
        );
    }
    // The embedded NUL strings went to `__const`, the others to `__cstring`.
    let targets: Vec<&str> = relocs.iter().map(|r| r.2.as_deref().unwrap()).collect();
    assert_eq!(
        targets,
        [
            "__cstring",
            "__const",
            "__cstring",
            "__cstring",
            "__cstring",
            "__const",
            "__cstring"
        ]
    );
    assert!(address("__bss") > address("__cstring"));
}

#[test]
fn reaches_data_elf_links_and_runs() {
    let mut interner = Interner::new();
    let prog = reaches_data(&mut interner);
    let ours = check_elf(&prog, &interner);
    assert_eq!(relocations(&ours, ".data").len(), 2);
    let text = relocations(&ours, ".text");
    assert!(
        text.iter()
            .any(|r| r.1 == object::elf::R_X86_64_PC32.0 && r.2.as_deref() == Some(".rodata")),
        "{text:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let (object, exe) = (dir.path().join("ours.o"), dir.path().join("prog"));
    std::fs::write(&object, &ours).unwrap();
    let paths = [object.to_str().unwrap(), "-o", exe.to_str().unwrap()];
    common::run_ok("cc", &paths, dir.path());
    let status = std::process::Command::new(&exe).status().unwrap();
    let expected = [HELLO[1], 30, 30, b"world"[3], GARR[2], GARR[4]]
        .iter()
        .map(|&b| i32::from(b))
        .sum::<i32>();
    assert_eq!(status.code(), Some(expected & 0xff));
}

#[test]
fn reaches_data_macho() {
    let mut interner = Interner::new();
    let prog = reaches_data(&mut interner);
    let ours = check_macho(&prog, &interner);
    assert_eq!(relocations(&ours, "__data").len(), 2);
    // `_arr+8(%rip)`: extern, the offset in the field.
    let text = relocations(&ours, "__text");
    assert!(text.iter().any(|r| r.2.is_none()));
    assert!(text.iter().any(|r| r.2.as_deref() == Some("__cstring")));
}

#[test]
fn constants_only_elf() {
    let mut interner = Interner::new();
    let prog = constants_only(&mut interner);
    let ours = check_elf(&prog, &interner);
    assert!(relocations(&ours, ".data").is_empty());
    let rodata = section_data(&ours, ".rodata");
    assert_eq!(rodata[..6], *b"first\0");
}

#[test]
fn constants_only_macho() {
    let mut interner = Interner::new();
    let prog = constants_only(&mut interner);
    let ours = check_macho(&prog, &interner);
    let file = object::File::parse(&*ours).unwrap();
    let names: Vec<&str> = file.sections().map(|s| s.name().unwrap()).collect();
    assert_eq!(names, ["__text", "__cstring", "__const", "__literal16"]);
}

/// Bytes a random string is made of: letters, digits (after an escape),
/// everything the text must escape, and an occasional NUL.
const STRING_BYTES: &[u8] = b"ab1\"\\\n\t\x7f\x80\xe9\xff ?";

fn random_bytes(rng: &mut Rng, nul: bool) -> Vec<u8> {
    let mut bytes: Vec<u8> = (0..rng.below(12)).map(|_| rng.pick(STRING_BYTES)).collect();
    if nul {
        let at = rng.below(bytes.len() + 1);
        bytes.insert(at, 0);
    }
    bytes
}

/// What a random program's code and data may refer to.
struct Names {
    /// Static variables (defined somewhere in the program) and undefined
    /// externals.
    data: Vec<mcc::intern::Sym>,
    functions: Vec<mcc::intern::Sym>,
    strings: Vec<u32>,
    doubles8: Vec<u32>,
    doubles16: Vec<u32>,
}

fn random_piece(rng: &mut Rng, names: &Names) -> StaticInit {
    use Const::*;
    let v = rng.next();
    match rng.below(9) {
        0 => StaticInit::Scalar(Char(v as i8)),
        1 => StaticInit::Scalar(UChar(v as u8)),
        2 => StaticInit::Scalar(Int(v as i32)),
        3 => StaticInit::Scalar(Long(v as i64)),
        4 => StaticInit::Scalar(Double(f64::from_bits(v))),
        5 => StaticInit::Zero(1 + rng.below(20) as u64),
        6 => {
            let nul = rng.chance(20);
            chars(&random_bytes(rng, nul), rng.chance(70))
        }
        _ => StaticInit::Pointer(Label(rng.pick(&names.strings))),
    }
}

/// A data operand: a variable or external at some offset, or (only where
/// both assemblers keep it section-relative: no offset, no trailing
/// immediate) a constant.
fn random_data(rng: &mut Rng, names: &Names) -> Operand {
    Operand::Data {
        name: DataName::Symbol(rng.pick(&names.data)),
        offset: rng.pick(&[0, 0, 1, 4, 8, -8, 100]),
    }
}

fn random_reg(rng: &mut Rng) -> Reg {
    rng.pick(&Reg::ALL)
}

fn random_indexed(rng: &mut Rng) -> Operand {
    let index = loop {
        let r = random_reg(rng);
        if r != Reg::Sp {
            break r;
        }
    };
    Operand::Indexed {
        base: random_reg(rng),
        index,
        scale: rng.pick(&[1, 2, 4, 8]),
        disp: rng.pick(&[0, 8, -8, 127, 128, -129, 70_000]),
    }
}

fn random_instr(rng: &mut Rng, names: &Names) -> Instr {
    let ty = rng.pick(&[AsmType::Byte, AsmType::Long, AsmType::Quad]);
    let reg = Operand::Reg(random_reg(rng));
    let xmm = Operand::Xmm(Xmm(rng.below(16) as u8));
    // An immediate of the operand's width: 1 byte of it after a byte
    // operation's field, else 1 (imm8) or 4.
    let imm = match ty {
        AsmType::Byte => rng.pick(&[0, -1, 127]),
        _ => rng.pick(&[0, 5, -1, 300, -1000]),
    };
    match rng.below(11) {
        0 => Instr::Lea {
            src: Operand::constant(Label(rng.pick(&names.strings))),
            dst: reg,
        },
        1 => Instr::Lea {
            src: random_data(rng, names),
            dst: reg,
        },
        2 => Instr::Mov {
            ty,
            src: random_data(rng, names),
            dst: reg,
        },
        // A store with a trailing immediate of 1 or 4 bytes.
        3 => Instr::Mov {
            ty,
            src: Operand::Imm(imm),
            dst: random_data(rng, names),
        },
        4 => Instr::Cmp {
            ty,
            src: Operand::Imm(imm),
            dst: random_data(rng, names),
        },
        5 => Instr::Mov {
            ty: AsmType::Double,
            src: Operand::constant(Label(rng.pick(&names.doubles8))),
            dst: xmm,
        },
        6 => Instr::Binary {
            op: BinaryOp::Xor,
            ty: AsmType::Double,
            src: Operand::constant(Label(rng.pick(&names.doubles16))),
            dst: xmm,
        },
        7 => Instr::Movsx {
            src_ty: AsmType::Byte,
            dst_ty: rng.pick(&[AsmType::Long, AsmType::Quad]),
            src: if rng.chance(50) {
                random_data(rng, names)
            } else {
                random_indexed(rng)
            },
            dst: reg,
        },
        8 if rng.chance(50) => Instr::Mov {
            ty,
            src: reg,
            dst: random_indexed(rng),
        },
        8 => Instr::Mov {
            ty,
            src: random_indexed(rng),
            dst: reg,
        },
        _ => Instr::Call {
            target: CallTarget::Symbol(rng.pick(&names.functions)),
            int_args: 0,
            sse_args: 0,
            variadic: false,
        },
    }
}

/// A random mix of static variables (every piece kind, some in sections
/// of their own, writable or not), functions that reach them, externals
/// and constants (strings with and without NULs, doubles of both sizes,
/// in random order).
fn random_program(rng: &mut Rng, i: &mut Interner) -> Program {
    let n_vars = 1 + rng.below(6);
    let n_functions = 1 + rng.below(4);
    let externals: Vec<_> = (0..2).map(|k| i.intern(&format!("ext{k}"))).collect();
    let vars: Vec<_> = (0..n_vars).map(|k| i.intern(&format!("v{k}"))).collect();
    let functions: Vec<_> = (0..n_functions)
        .map(|k| i.intern(&format!("f{k}")))
        .collect();
    let mut constants = vec![
        string(1, &random_bytes(rng, false)),
        double(2, 1.5, 8),
        double(3, -0.0, 16),
    ];
    for label in 4..4 + rng.below(8) as u32 {
        constants.push(match rng.below(4) {
            0 => double(label, f64::from_bits(rng.next()), 8),
            1 => double(label, f64::from_bits(rng.next()), 16),
            n => string(label, &random_bytes(rng, n == 2)),
        });
    }
    // Shuffle the constants (Fisher-Yates), so sections are entered in any
    // order.
    for k in (1..constants.len()).rev() {
        constants.swap(k, rng.below(k + 1));
    }
    let labels = |f: &dyn Fn(&ConstantData) -> bool| -> Vec<u32> {
        constants
            .iter()
            .filter(|c| f(&c.data))
            .map(|c| c.label.0)
            .collect()
    };
    let names = Names {
        data: vars.iter().chain(&externals).copied().collect(),
        functions: functions.iter().chain(&externals).copied().collect(),
        strings: labels(&|d| matches!(d, ConstantData::String(_))),
        doubles8: labels(&|d| matches!(d, ConstantData::Bits { bytes: 8, .. })),
        doubles16: labels(&|d| matches!(d, ConstantData::Bits { bytes: 16, .. })),
    };
    let sections: Vec<_> = ["sec_a", "sec_b"].iter().map(|s| i.intern(s)).collect();
    let mut items: Vec<TopLevel> = Vec::new();
    for &name in &vars {
        let init = if rng.chance(25) {
            vec![StaticInit::Zero(1 + rng.below(32) as u64)]
        } else {
            (0..1 + rng.below(6))
                .map(|_| random_piece(rng, &names))
                .collect()
        };
        items.push(TopLevel::StaticVar(StaticVar {
            name,
            global: rng.chance(50),
            align: rng.pick(&[1, 2, 4, 8, 16]),
            section: rng.chance(30).then(|| Section::Named(rng.pick(&sections))),
            writable: rng.chance(50),
            init,
        }));
    }
    for &name in &functions {
        let mut instrs: Vec<Instr> = (0..1 + rng.below(12))
            .map(|_| random_instr(rng, &names))
            .collect();
        instrs.push(Instr::Ret);
        let at = rng.below(items.len() + 1);
        let global = rng.chance(60);
        items.insert(at, function_named(name, global, instrs));
    }
    Program {
        items,
        constants,
        got_base: None,
    }
}

/// Random programs: every one must come out of the built-in encoder as the
/// assemblers make it, on both targets.
#[test]
fn generated_programs_match_the_assemblers() {
    const PROGRAMS: u64 = 150;
    let mut failures = Vec::new();
    let mut data_relocations = 0;
    for seed in 1..=PROGRAMS {
        let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let mut interner = Interner::new();
        let prog = random_program(&mut rng, &mut interner);
        for target in [Target::LINUX, darwin()] {
            let (ours, theirs) = objects(&prog, &interner, &target);
            let same = match target.format {
                mcc::target::ObjectFormat::Elf => crosscheck::compare_objects(&ours, &theirs),
                mcc::target::ObjectFormat::MachO if ours == theirs => Ok(()),
                mcc::target::ObjectFormat::MachO => {
                    Err(crosscheck::compare_objects(&ours, &theirs)
                        .err()
                        .unwrap_or_else(|| "equivalent, but the bytes differ".into()))
                }
            };
            if let Err(report) = same {
                failures.push(format!("seed {seed}, {:?}:\n{report}", target.format));
            }
            let data = if target == Target::LINUX {
                ".data"
            } else {
                "__data"
            };
            data_relocations += relocations(&ours, data).len();
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} objects differ; the first:\n{}",
        failures.len(),
        2 * PROGRAMS,
        failures[0]
    );
    assert!(
        data_relocations > 100,
        "{data_relocations} data relocations"
    );
}
