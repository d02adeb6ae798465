//! The encoder against GNU `as`, one instruction form at a time.
//!
//! Every form the code generator can emit (each operation and width, every
//! register including r8-r15 and the byte registers that need a REX prefix,
//! memory operands with each base and displacement size, indexed operands
//! `(%base,%index,scale)` with every base, index and scale, RIP-relative
//! data and constants, `leaq` of all of them, sign and zero extension from
//! every register and memory form, immediates at every 8/32-bit boundary,
//! every condition code) is rendered
//! with `backend::att::render_instr` and encoded with
//! `backend::x86::encode_instr`. `tests/data/x86_forms.txt` holds, per
//! rendered line, the bytes GNU `as` produced for it; the test checks both
//! the text (every line must be in the table) and the bytes, and needs no
//! assembler. `MCC_BLESS=1 cargo test --test encoding_table` regenerates the
//! table with the system `as`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use mcc::backend::crosscheck::hex;
use mcc::backend::{att, x86};
use mcc::intern::Interner;
use mcc::ir::Label;
use mcc::ir::asm::{
    AsmType, AtomicOp, BinaryOp, CallTarget, CondCode, DataName, Instr, Operand, Reg, UnaryOp, X87,
    X87Arith, X87Format, Xmm,
};
use mcc::target::Target;

mod common;

const REGS: [Reg; 16] = Reg::ALL;

/// The locked read-modify-write forms: each operation and width, every
/// register into a few memory operands, and every memory form.
fn atomic_forms(out: &mut Vec<Instr>, mems: &[Operand]) {
    for op in [
        AtomicOp::FetchAdd,
        AtomicOp::Exchange,
        AtomicOp::CompareExchange,
    ] {
        for ty in WIDTHS {
            for &r in &REGS {
                for dst in [
                    Operand::Memory {
                        base: Reg::Dx,
                        disp: 0,
                    },
                    mems[0],
                ] {
                    out.push(Instr::Atomic {
                        op,
                        ty,
                        src: Operand::Reg(r),
                        dst,
                    });
                }
            }
            for &dst in mems {
                out.push(Instr::Atomic {
                    op,
                    ty,
                    src: Operand::Reg(Reg::Cx),
                    dst,
                });
            }
        }
    }
}
const WIDTHS: [AsmType; 3] = [AsmType::Byte, AsmType::Long, AsmType::Quad];

fn memories(interner: &mut Interner) -> Vec<Operand> {
    let mut m: Vec<Operand> = [
        (Reg::Bp, -4),
        (Reg::Bp, 0),
        (Reg::Bp, 127),
        (Reg::Bp, 128),
        (Reg::Bp, -128),
        (Reg::Bp, -129),
        (Reg::Sp, 0),
        (Reg::Sp, 8),
        (Reg::R12, 0),
        (Reg::R12, -8),
        (Reg::R13, 0),
        (Reg::R13, 16),
        (Reg::Ax, 0),
        (Reg::R8, i32::MIN),
        (Reg::R15, i32::MAX),
        (Reg::Di, 24),
    ]
    .into_iter()
    .map(|(base, disp)| Operand::Memory { base, disp })
    .collect();
    m.push(Operand::data(interner.intern("var")));
    m.push(Operand::Data {
        name: DataName::Symbol(interner.intern("var")),
        offset: 8,
    });
    m
}

/// Immediates valid for `width` in an ALU or memory-store instruction.
fn imms(width: AsmType) -> Vec<i64> {
    let mut v = vec![0, 1, -1, 2, 127, 128, -128, -129];
    match width {
        AsmType::Byte => v.extend([255, 100]),
        AsmType::Word => v.extend([255, 256, 1000, -1000, 32767, -32768]),
        _ => v.extend([
            255,
            256,
            1000,
            -1000,
            i64::from(i32::MAX),
            i64::from(i32::MIN),
        ]),
    }
    v
}

/// `mov` of width `ty` from `r` to `%ax` and from `%cx` to `r`: every
/// register as source and as destination.
fn register_moves(out: &mut Vec<Instr>, ty: AsmType, r: Reg) {
    let reg = Operand::Reg;
    out.push(Instr::Mov {
        ty,
        src: reg(r),
        dst: reg(Reg::Ax),
    });
    out.push(Instr::Mov {
        ty,
        src: reg(Reg::Cx),
        dst: reg(r),
    });
}

/// `mov` of width `ty` from `r` to memory `m` and back.
fn memory_moves(out: &mut Vec<Instr>, ty: AsmType, r: Reg, m: Operand) {
    out.push(Instr::Mov {
        ty,
        src: Operand::Reg(r),
        dst: m,
    });
    out.push(Instr::Mov {
        ty,
        src: m,
        dst: Operand::Reg(r),
    });
}

/// Every instruction form, in a fixed order.
fn forms(interner: &mut Interner) -> Vec<Instr> {
    let mems = memories(interner);
    let mut out = Vec::new();
    let reg = Operand::Reg;
    for &w in &WIDTHS {
        // Register to register: every register as source and as destination.
        for &r in &REGS {
            register_moves(&mut out, w, r);
            for &m in &mems {
                if r == REGS[0] || r == Reg::R9 || r == Reg::Si {
                    memory_moves(&mut out, w, r, m);
                }
            }
        }
        let mut mov_imms = imms(w);
        if w == AsmType::Quad {
            mov_imms.extend([
                1 << 31,
                1 << 32,
                -(1 << 31) - 1,
                i64::MAX,
                i64::MIN,
                0xffff_ffff,
            ]);
        }
        for &v in &mov_imms {
            for r in [Reg::Ax, Reg::Dx, Reg::R10, Reg::R11, Reg::Si] {
                out.push(Instr::Mov {
                    ty: w,
                    src: Operand::Imm(v),
                    dst: reg(r),
                });
            }
        }
        for &v in &imms(w) {
            for &m in &mems[..4] {
                out.push(Instr::Mov {
                    ty: w,
                    src: Operand::Imm(v),
                    dst: m,
                });
            }
            out.push(Instr::Mov {
                ty: w,
                src: Operand::Imm(v),
                dst: *mems.last().unwrap(),
            });
        }
        for op in [UnaryOp::Neg, UnaryOp::Not] {
            for &r in &REGS {
                out.push(Instr::Unary {
                    op,
                    ty: w,
                    dst: reg(r),
                });
            }
            for &m in &mems {
                out.push(Instr::Unary { op, ty: w, dst: m });
            }
        }
        for op in [
            BinaryOp::Add,
            BinaryOp::Sub,
            BinaryOp::And,
            BinaryOp::Or,
            BinaryOp::Xor,
        ] {
            alu_forms(&mut out, &mems, w, |src, dst| Instr::Binary {
                op,
                ty: w,
                src,
                dst,
            });
        }
        alu_forms(&mut out, &mems, w, |src, dst| Instr::Cmp {
            ty: w,
            src,
            dst,
        });
        for op in [BinaryOp::Sal, BinaryOp::Sar, BinaryOp::Shr] {
            for count in [
                Operand::Imm(1),
                Operand::Imm(3),
                Operand::Imm(31),
                reg(Reg::Cx),
            ] {
                for dst in [reg(Reg::Ax), reg(Reg::R11), reg(Reg::Si)]
                    .into_iter()
                    .chain(mems.iter().copied())
                {
                    out.push(Instr::Binary {
                        op,
                        ty: w,
                        src: count,
                        dst,
                    });
                }
            }
        }
        for &r in &REGS {
            out.push(Instr::Idiv { ty: w, src: reg(r) });
        }
        for &m in &mems {
            out.push(Instr::Idiv { ty: w, src: m });
        }
        for src in [reg(Reg::Cx), reg(Reg::R10), mems[0], mems[6]] {
            out.push(Instr::Div { ty: w, src });
        }
    }
    for w in [AsmType::Long, AsmType::Quad] {
        for &r in &REGS {
            out.push(Instr::Binary {
                op: BinaryOp::Mul,
                ty: w,
                src: reg(r),
                dst: reg(Reg::R11),
            });
            out.push(Instr::Binary {
                op: BinaryOp::Mul,
                ty: w,
                src: reg(Reg::Ax),
                dst: reg(r),
            });
        }
        for &m in &mems {
            out.push(Instr::Binary {
                op: BinaryOp::Mul,
                ty: w,
                src: m,
                dst: reg(Reg::R11),
            });
        }
        for &v in &imms(w) {
            for r in [Reg::Ax, Reg::R11] {
                out.push(Instr::Binary {
                    op: BinaryOp::Mul,
                    ty: w,
                    src: Operand::Imm(v),
                    dst: reg(r),
                });
            }
        }
        out.push(Instr::Cdq { ty: w });
    }
    for cc in CondCode::ALL {
        for &r in &REGS {
            out.push(Instr::SetCC(cc, reg(r)));
        }
        for &m in &mems {
            out.push(Instr::SetCC(cc, m));
        }
    }
    for &r in &REGS {
        out.push(Instr::Push(reg(r)));
        out.push(Instr::Pop(r));
    }
    for &v in &imms(AsmType::Quad) {
        out.push(Instr::Push(Operand::Imm(v)));
    }
    for &m in &mems {
        out.push(Instr::Push(m));
    }
    out.push(Instr::Call {
        target: CallTarget::Symbol(interner.intern("callee")),
        int_args: 0,
        sse_args: 0,
        variadic: false,
    });
    out.push(Instr::Call {
        target: CallTarget::R11,
        int_args: 0,
        sse_args: 0,
        variadic: true,
    });
    word_forms(&mut out, &mems);
    out.push(Instr::Mfence);
    atomic_forms(&mut out, &mems);
    out.push(Instr::Ret);
    sse_forms(&mut out, &mems);
    pointer_forms(&mut out, &mems);
    x87_forms(&mut out, &mems);
    out
}

/// The x87 forms `long double` uses: loads and popping stores in every
/// format on every memory form, the register-stack arithmetic (AT&T's
/// reversed `fsubrp`/`fdivrp` spellings included), comparisons, pops and
/// the control word.
fn x87_forms(out: &mut Vec<Instr>, mems: &[Operand]) {
    use X87Format::*;
    for format in [Single, Double, Extended, Int16, Int32, Int64] {
        for &m in mems {
            out.push(Instr::X87(X87::Load(format, m)));
            out.push(Instr::X87(X87::StorePop(format, m)));
        }
    }
    for arith in [X87Arith::Add, X87Arith::Sub, X87Arith::Mul, X87Arith::Div] {
        out.push(Instr::X87(X87::ArithPop(arith)));
    }
    for x in [
        X87::ChangeSign,
        X87::CompareAndPop { signaling: true },
        X87::CompareAndPop { signaling: false },
        X87::Pop,
        X87::LoadZero,
        X87::StoreControl(mems[0]),
        X87::LoadControl(mems[0]),
    ] {
        out.push(Instr::X87(x));
    }
}

/// The 16-bit forms, which `short` objects are only moved, stored,
/// extended, truncated and tested with: `movw` between every register and
/// `%ax`, each way with memory, immediates at the 8/16-bit boundaries,
/// `movswl`, `movswq`, `movzwl`, `movzwq` from registers and memory, and
/// `cmpw` (a `short` tested against 0 as a condition) in every form.
fn word_forms(out: &mut Vec<Instr>, mems: &[Operand]) {
    let (reg, w) = (Operand::Reg, AsmType::Word);
    alu_forms(out, mems, w, |src, dst| Instr::Cmp { ty: w, src, dst });
    for &r in &REGS {
        register_moves(out, w, r);
    }
    for &m in mems {
        for r in [Reg::Ax, Reg::Si, Reg::R10] {
            memory_moves(out, w, r, m);
        }
    }
    for v in [0, 1, -1, 127, 128, -128, -129, 255, 256, 32767, -32768] {
        for dst in [reg(Reg::Ax), reg(Reg::R11), reg(Reg::Di), mems[0], mems[8]] {
            out.push(Instr::Mov {
                ty: w,
                src: Operand::Imm(v),
                dst,
            });
        }
    }
    for dst_ty in [AsmType::Long, AsmType::Quad] {
        let sources = REGS.iter().map(|&r| reg(r)).chain(mems.iter().copied());
        for src in sources {
            for dst in [reg(Reg::Ax), reg(Reg::R11)] {
                out.push(Instr::Movsx {
                    src_ty: w,
                    dst_ty,
                    src,
                    dst,
                });
                out.push(Instr::MovZeroExtend {
                    src_ty: w,
                    dst_ty,
                    src,
                    dst,
                });
            }
        }
    }
}

/// Every `(%base,%index,scale)` operand: each base, each register but
/// `%rsp` (which cannot be an index) as index, each scale.
fn all_indexed() -> Vec<Operand> {
    let mut out = Vec::new();
    for base in REGS {
        for index in REGS.into_iter().filter(|&r| r != Reg::Sp) {
            for scale in [1, 2, 4, 8] {
                out.push(Operand::Indexed {
                    base,
                    index,
                    scale,
                    disp: 0,
                });
            }
        }
    }
    out
}

/// Indexed operands that cover the special cases: `%rbp`/`%r13` bases
/// (mod 01 with a zero disp8), `%rsp`/`%r12` bases, r8-r15 as base and
/// index (REX.B, REX.X), `%rbp`/`%r12`/`%r13` as index, every scale, and
/// displacements at the disp8/disp32 boundaries.
fn some_indexed() -> Vec<Operand> {
    [
        (Reg::Bp, Reg::Cx, 1, 0),
        (Reg::Bp, Reg::R8, 2, 8),
        (Reg::R13, Reg::Ax, 4, 0),
        (Reg::R13, Reg::R15, 8, -8),
        (Reg::Sp, Reg::Dx, 1, 127),
        (Reg::Sp, Reg::R12, 8, 128),
        (Reg::R12, Reg::R13, 4, -128),
        (Reg::R12, Reg::Bp, 2, -129),
        (Reg::Ax, Reg::Si, 8, 0),
        (Reg::Ax, Reg::Dx, 1, 24),
        (Reg::R9, Reg::R10, 1, 100_000),
        (Reg::Di, Reg::R11, 4, -100_000),
        (Reg::R15, Reg::R14, 2, 0),
    ]
    .into_iter()
    .map(|(base, index, scale, disp)| Operand::Indexed {
        base,
        index,
        scale,
        disp,
    })
    .collect()
}

/// The forms of chapters 14-16 (pointers, arrays, characters, strings):
/// `leaq` of every memory form, indexed operands for moves, loads,
/// stores and extensions, and the byte-register extensions.
fn pointer_forms(out: &mut Vec<Instr>, mems: &[Operand]) {
    let reg = Operand::Reg;
    let xmm = |n| Operand::Xmm(Xmm(n));
    let constant = Operand::constant(Label(7));
    let indexed = some_indexed();
    // Every memory form, indexed ones included, as the operand of `leaq`.
    for src in all_indexed() {
        out.push(Instr::Lea {
            src,
            dst: reg(Reg::Ax),
        });
    }
    let mut addresses: Vec<Operand> = mems.to_vec();
    addresses.extend(indexed.iter().copied());
    addresses.push(constant);
    for &src in &addresses {
        for dst in [Reg::Ax, Reg::Si, Reg::R9, Reg::R15, Reg::Sp] {
            out.push(Instr::Lea { src, dst: reg(dst) });
        }
    }
    for &w in &WIDTHS {
        for &m in &indexed {
            for r in [Reg::Ax, Reg::Si, Reg::R9, Reg::R13] {
                out.push(Instr::Mov {
                    ty: w,
                    src: m,
                    dst: reg(r),
                });
                out.push(Instr::Mov {
                    ty: w,
                    src: reg(r),
                    dst: m,
                });
            }
        }
        for &v in &imms(w) {
            for &m in &indexed[..4] {
                out.push(Instr::Mov {
                    ty: w,
                    src: Operand::Imm(v),
                    dst: m,
                });
            }
        }
        // A character read straight out of a string constant.
        out.push(Instr::Mov {
            ty: w,
            src: constant,
            dst: reg(Reg::Dx),
        });
        for (i, &m) in indexed.iter().enumerate() {
            let r = [Reg::Cx, Reg::R10, Reg::Di][i % 3];
            out.push(Instr::Binary {
                op: BinaryOp::Add,
                ty: w,
                src: m,
                dst: reg(r),
            });
            out.push(Instr::Cmp {
                ty: w,
                src: reg(r),
                dst: m,
            });
        }
    }
    for &m in &indexed {
        for n in [0, 9, 15] {
            out.push(Instr::Mov {
                ty: AsmType::Double,
                src: m,
                dst: xmm(n),
            });
            out.push(Instr::Mov {
                ty: AsmType::Double,
                src: xmm(n),
                dst: m,
            });
        }
    }
    extension_forms(out, mems, &indexed, constant);
}

/// `movsbl`, `movsbq`, `movzbl`, `movzbq` and `movslq` from every register
/// (the byte ones including `%spl`-`%dil`, which need a bare REX, and
/// `%r8b`-`%r15b`) and from memory: each base class, indexed, RIP-relative.
fn extension_forms(out: &mut Vec<Instr>, mems: &[Operand], indexed: &[Operand], constant: Operand) {
    use AsmType::{Byte, Long, Quad};
    let reg = Operand::Reg;
    let extend = |signed: bool, src_ty, dst_ty, src, dst| {
        if signed {
            Instr::Movsx {
                src_ty,
                dst_ty,
                src,
                dst,
            }
        } else {
            Instr::MovZeroExtend {
                src_ty,
                dst_ty,
                src,
                dst,
            }
        }
    };
    let kinds = [
        (true, Byte, Long),
        (true, Byte, Quad),
        (false, Byte, Long),
        (false, Byte, Quad),
        (true, Long, Quad),
    ];
    let mut sources: Vec<Operand> = mems.to_vec();
    sources.extend(indexed.iter().copied());
    sources.push(constant);
    for (signed, src_ty, dst_ty) in kinds {
        for &r in &REGS {
            for dst in [Reg::Ax, Reg::Si, Reg::R8, Reg::R15] {
                out.push(extend(signed, src_ty, dst_ty, reg(r), reg(dst)));
            }
            out.push(extend(signed, src_ty, dst_ty, reg(Reg::Di), reg(r)));
        }
        for &src in &sources {
            for dst in [Reg::Ax, Reg::Di, Reg::R11] {
                out.push(extend(signed, src_ty, dst_ty, src, reg(dst)));
            }
        }
    }
}

/// Conversions and the SSE forms of chapters 11-13: every XMM register,
/// memory and constant operands.
fn sse_forms(out: &mut Vec<Instr>, mems: &[Operand]) {
    let reg = Operand::Reg;
    let xmm = |n| Operand::Xmm(Xmm(n));
    let constant = Operand::constant(Label(7));
    // `double` (sd, pd) and `float` (ss, ps) alike.
    for fp in [AsmType::Double, AsmType::Single] {
        let mut sources: Vec<Operand> = (0..16).map(xmm).collect();
        sources.extend(mems.iter().copied());
        sources.push(constant);
        for &src in &sources {
            for dst in [xmm(0), xmm(9), xmm(15)] {
                out.push(Instr::Mov { ty: fp, src, dst });
                for op in [
                    BinaryOp::Add,
                    BinaryOp::Sub,
                    BinaryOp::Mul,
                    BinaryOp::DivDouble,
                    BinaryOp::Xor,
                ] {
                    out.push(Instr::Binary {
                        op,
                        ty: fp,
                        src,
                        dst,
                    });
                }
                out.push(Instr::Cmp { ty: fp, src, dst });
                out.push(Instr::Cvtfp { from: fp, src, dst });
            }
            for w in [AsmType::Long, AsmType::Quad] {
                for dst in [reg(Reg::Ax), reg(Reg::R11), reg(Reg::Di)] {
                    out.push(Instr::Cvttsd2si {
                        fp,
                        ty: w,
                        src,
                        dst,
                    });
                }
            }
        }
        for n in 0..16 {
            for &dst in mems {
                out.push(Instr::Mov {
                    ty: fp,
                    src: xmm(n),
                    dst,
                });
            }
        }
        for w in [AsmType::Long, AsmType::Quad] {
            for &r in &REGS {
                for dst in [xmm(0), xmm(14)] {
                    out.push(Instr::Cvtsi2sd {
                        fp,
                        ty: w,
                        src: reg(r),
                        dst,
                    });
                }
            }
            for &src in mems {
                out.push(Instr::Cvtsi2sd {
                    fp,
                    ty: w,
                    src,
                    dst: xmm(3),
                });
            }
        }
    }
    for &r in &REGS {
        for src in [reg(Reg::Ax), reg(Reg::R10), reg(r)] {
            out.push(Instr::Movsx {
                src_ty: AsmType::Long,
                dst_ty: AsmType::Quad,
                src,
                dst: reg(r),
            });
        }
    }
    for &src in mems {
        out.push(Instr::Movsx {
            src_ty: AsmType::Long,
            dst_ty: AsmType::Quad,
            src,
            dst: reg(Reg::R11),
        });
    }
}

/// The operand combinations of a two-operand ALU instruction.
fn alu_forms(
    out: &mut Vec<Instr>,
    mems: &[Operand],
    w: AsmType,
    make: impl Fn(Operand, Operand) -> Instr,
) {
    let reg = Operand::Reg;
    for &r in &REGS {
        out.push(make(reg(r), reg(Reg::Ax)));
        out.push(make(reg(Reg::R10), reg(r)));
    }
    for &m in mems {
        out.push(make(reg(Reg::R10), m));
        out.push(make(m, reg(Reg::Dx)));
    }
    for &v in &imms(w) {
        for dst in [
            reg(Reg::Ax),
            reg(Reg::Cx),
            reg(Reg::R11),
            reg(Reg::Sp),
            mems[0],
            mems[6],
            *mems.last().unwrap(),
        ] {
            out.push(make(Operand::Imm(v), dst));
        }
    }
}

fn table_path() -> PathBuf {
    common::root().join("tests/data/x86_forms.txt")
}

#[test]
fn every_form_matches_gnu_as() {
    let mut interner = Interner::new();
    let instrs = forms(&mut interner);
    let target = Target::LINUX;
    let lines: Vec<String> = instrs
        .iter()
        .map(|i| att::render_instr(i, &interner, &target))
        .collect();
    if std::env::var_os("MCC_BLESS").is_some() {
        bless(&lines);
    }
    let table: BTreeMap<String, String> = std::fs::read_to_string(table_path())
        .expect("tests/data/x86_forms.txt (bless with MCC_BLESS=1)")
        .lines()
        .filter_map(|l| l.split_once(" => "))
        .map(|(text, bytes)| (text.to_string(), bytes.to_string()))
        .collect();
    let mut failures = Vec::new();
    for (instr, text) in instrs.iter().zip(&lines) {
        let ours = hex(&x86::encode_instr(instr).bytes);
        match table.get(text) {
            None => failures.push(format!("{text}: rendered text not in the table")),
            Some(expected) if *expected != ours => {
                failures.push(format!("{text}: ours {ours}, as {expected}"))
            }
            Some(_) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} forms differ:\n{}",
        failures.len(),
        lines.len(),
        failures.join("\n")
    );
    assert!(lines.len() > 9000, "the table covers {} forms", lines.len());
}

/// Assembles every line with the system `as`, each after a label of its own,
/// and records the bytes between consecutive labels.
fn bless(lines: &[String]) {
    use object::{Object, ObjectSection, ObjectSymbol};
    let dir = tempfile::tempdir().unwrap();
    let mut src = String::from("\t.text\n");
    for (i, line) in lines.iter().enumerate() {
        let _ = writeln!(src, "form{i}:\n\t{line}");
    }
    src.push_str("form_end:\n");
    let data = common::assemble(&Target::LINUX, dir.path(), "t", &src);
    let file = object::File::parse(&*data).unwrap();
    let text = file
        .section_by_name(".text")
        .unwrap()
        .data()
        .unwrap()
        .to_vec();
    let mut offsets = BTreeMap::new();
    for sym in file.symbols() {
        if let Ok(name) = sym.name()
            && let Some(i) = name.strip_prefix("form")
        {
            let i = if i == "_end" {
                lines.len()
            } else {
                i.parse::<usize>().unwrap()
            };
            offsets.insert(i, sym.address() as usize);
        }
    }
    let mut out = String::new();
    let mut seen = std::collections::HashSet::new();
    for (i, line) in lines.iter().enumerate() {
        if seen.insert(line) {
            let _ = writeln!(
                out,
                "{line} => {}",
                hex(&text[offsets[&i]..offsets[&(i + 1)]])
            );
        }
    }
    std::fs::write(table_path(), out).unwrap();
}
