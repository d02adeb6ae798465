//! Unwind tables: what each function's prologue and epilogues do to the
//! frame, as call-frame information (CFI), for `.eh_frame` on ELF.
//!
//! Takes a fixed-up function (its [`Frame`] says what fix-up wrote at its
//! start); [`cfi`] returns the CFI directives due after each instruction,
//! which the text back end prints (`.cfi_*`, for `as` to build `.eh_frame`
//! from) and the encoder turns into bytes with [`eh_frame`], laid out as
//! GNU `as` lays them out, so that the two objects are the same.
//!
//! Every function keeps `%rbp` as its frame pointer, so the rules are few:
//! `push %rbp` moves the canonical frame address (CFA, `%rsp` before the
//! call) to `%rsp+16` and saves `%rbp` at CFA-16; `mov %rsp,%rbp` makes
//! `%rbp` the CFA's register (nothing later in the body moves it: pushes
//! of call arguments change `%rsp` only); each callee-saved register the
//! prologue pushes is saved below the frame; `leave` puts the CFA back on
//! `%rsp+8`. A `ret` that is not the function's last instruction is
//! followed by more code in the frame: the state before the epilogue is
//! remembered and restored after it, as gcc writes it.

use crate::backend::encode::{RelocKind, RelocTarget, Relocation, SectionCode};
use crate::ir::asm::{Function, Instr, Reg};
use crate::target::Section;

/// One CFI directive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cfi {
    /// `.cfi_def_cfa_offset N`
    DefCfaOffset(u32),
    /// `.cfi_offset REG, -N`: `reg` saved at CFA-N.
    Offset(Reg, u32),
    /// `.cfi_def_cfa_register REG`
    DefCfaRegister(Reg),
    /// `.cfi_def_cfa REG, N`
    DefCfa(Reg, u32),
    /// `.cfi_remember_state`
    RememberState,
    /// `.cfi_restore_state`
    RestoreState,
}

impl Cfi {
    /// The directive, for the text back end.
    pub fn directive(self) -> String {
        match self {
            Cfi::DefCfaOffset(n) => format!(".cfi_def_cfa_offset {n}"),
            Cfi::Offset(r, n) => format!(".cfi_offset {}, -{n}", dwarf_number(r)),
            Cfi::DefCfaRegister(r) => format!(".cfi_def_cfa_register {}", dwarf_number(r)),
            Cfi::DefCfa(r, n) => format!(".cfi_def_cfa {}, {n}", dwarf_number(r)),
            Cfi::RememberState => ".cfi_remember_state".to_string(),
            Cfi::RestoreState => ".cfi_restore_state".to_string(),
        }
    }

    /// The DWARF call-frame instruction (data alignment -8).
    fn encode(self, out: &mut Vec<u8>) {
        match self {
            Cfi::DefCfaOffset(n) => {
                out.push(0x0e);
                uleb(n.into(), out);
            }
            Cfi::Offset(r, n) => {
                out.push(0x80 | dwarf_number(r));
                uleb((n / 8).into(), out);
            }
            Cfi::DefCfaRegister(r) => out.extend_from_slice(&[0x0d, dwarf_number(r)]),
            Cfi::DefCfa(r, n) => {
                out.extend_from_slice(&[0x0c, dwarf_number(r)]);
                uleb(n.into(), out);
            }
            Cfi::RememberState => out.push(0x0a),
            Cfi::RestoreState => out.push(0x0b),
        }
    }
}

/// The DWARF number of a general register (x86-64 psABI 3.6.2).
fn dwarf_number(r: Reg) -> u8 {
    match r {
        Reg::Ax => 0,
        Reg::Dx => 1,
        Reg::Cx => 2,
        Reg::Bx => 3,
        Reg::Si => 4,
        Reg::Di => 5,
        Reg::Bp => 6,
        Reg::Sp => 7,
        Reg::R8 => 8,
        Reg::R9 => 9,
        Reg::R10 => 10,
        Reg::R11 => 11,
        Reg::R12 => 12,
        Reg::R13 => 13,
        Reg::R14 => 14,
        Reg::R15 => 15,
    }
}

/// The CFI directives due after instructions of fixed-up function `f`:
/// `(index, directive)` in instruction order.
pub fn cfi(f: &Function) -> Vec<(usize, Cfi)> {
    let mut out = Vec::new();
    let n = f.instrs.len();
    // Fix-up's prologue: push %rbp, mov %rsp,%rbp, sub (with a frame),
    // then the pushes of the callee-saved registers.
    if n < 2 {
        return out;
    }
    out.push((0, Cfi::DefCfaOffset(16)));
    out.push((0, Cfi::Offset(Reg::Bp, 16)));
    out.push((1, Cfi::DefCfaRegister(Reg::Bp)));
    // The CFA is `%rbp` + 16.
    let first_push = f.frame.prologue_len() - f.frame.callee_saved.len();
    for (k, &r) in f.frame.callee_saved.iter().enumerate() {
        let below = (16 - f.frame.saved_register_disp(k)) as u32;
        out.push((first_push + k, Cfi::Offset(r, below)));
    }
    for (i, instr) in f.instrs.iter().enumerate() {
        match instr.item {
            Instr::Leave => {
                // Fix-up follows every `leave` with `ret`.
                let last = i + 2 == n;
                if !last {
                    out.push((i, Cfi::RememberState));
                }
                out.push((i, Cfi::DefCfa(Reg::Sp, 8)));
                if !last {
                    out.push((i + 1, Cfi::RestoreState));
                }
            }
            _ => continue,
        }
    }
    out
}

/// One function's frame description: where its code is, and each
/// directive at its offset from the start.
pub struct Fde {
    pub section: Section,
    pub start: u64,
    pub size: u64,
    pub cfi: Vec<(u32, Cfi)>,
}

/// `.eh_frame` as GNU `as` builds it from `.cfi_*` directives: one CIE
/// (augmentation "zR", code alignment 1, data alignment -8, return address
/// in column 16, FDE addresses PC-relative 4-byte, CFA at `%rsp+8` and the
/// return address at CFA-8), then an FDE per function, each padded with
/// `DW_CFA_nop` to 4 bytes, the last to 8; each FDE's address a PC32
/// relocation against its code section.
pub fn eh_frame(fdes: &[Fde]) -> SectionCode {
    let mut code = SectionCode::new(Section::EhFrame);
    code.align = 8;
    let out = &mut code.bytes;
    const CIE: [u8; 24] = [
        0x14, 0, 0, 0, // length
        0, 0, 0, 0, // CIE id
        1, b'z', b'R', 0, // version, augmentation
        1, 0x78, 16, // code alignment, data alignment (-8), return address column
        1, 0x1b, // augmentation data: FDE pointers pcrel sdata4
        0x0c, 7, 8, // DW_CFA_def_cfa %rsp, 8
        0x90, 1, // DW_CFA_offset r16 (return address), CFA-8
        0, 0, // DW_CFA_nop padding
    ];
    out.extend_from_slice(&CIE);
    for (k, fde) in fdes.iter().enumerate() {
        let start = out.len();
        out.extend_from_slice(&[0; 4]); // length, filled below
        let cie_pointer = (start + 4) as u32;
        out.extend_from_slice(&cie_pointer.to_le_bytes());
        code.relocations.push(Relocation {
            offset: out.len() as u64,
            kind: RelocKind::Pc32,
            target: RelocTarget::Section(fde.section),
            addend: fde.start as i64,
        });
        out.extend_from_slice(&[0; 4]);
        out.extend_from_slice(&(fde.size as u32).to_le_bytes());
        out.push(0); // augmentation data length
        let mut at = 0u32;
        for &(offset, cfi) in &fde.cfi {
            advance(offset - at, out);
            at = offset;
            cfi.encode(out);
        }
        let align = if k + 1 == fdes.len() { 8 } else { 4 };
        out.resize(out.len().next_multiple_of(align), 0);
        let length = (out.len() - start - 4) as u32;
        out[start..start + 4].copy_from_slice(&length.to_le_bytes());
    }
    code.size = code.bytes.len() as u64;
    code
}

/// `DW_CFA_advance_loc` in its smallest form (none for no distance).
fn advance(delta: u32, out: &mut Vec<u8>) {
    match delta {
        0 => {}
        1..0x40 => out.push(0x40 | delta as u8),
        0x40..0x100 => out.extend_from_slice(&[0x02, delta as u8]),
        0x100..0x10000 => {
            out.push(0x03);
            out.extend_from_slice(&(delta as u16).to_le_bytes());
        }
        _ => {
            out.push(0x04);
            out.extend_from_slice(&delta.to_le_bytes());
        }
    }
}

fn uleb(v: u64, out: &mut Vec<u8>) {
    out.extend_from_slice(gimli::leb128::write::Leb128::unsigned(v).bytes());
}
