//! One final-asm instruction to machine code, choosing the encoding GNU `as`
//! chooses (shared docs/x86-encoding-and-objects.md, section 2).
//!
//! Takes a concrete [`Instr`] that is not a label or a jump; returns its
//! bytes and, when it refers to a symbol, where the 32-bit field that needs a
//! relocation (or a resolved displacement) sits. Every form picks an explicit
//! iced-x86 [`Code`]: iced's own automatic choices differ from `as`.
//! Immediates are truncated to the operand width before the imm8/imm32
//! choice, as `as` does.

use iced_x86::{Code, Encoder, Instruction, MemoryOperand, Register};

use crate::intern::Sym;
use crate::ir::asm::{
    AsmType, AtomicOp, BinaryOp, CallTarget, CondCode, DataName, Instr, Operand, Reg, TlsModel,
    UnaryOp, X87, X87Arith, X87Format,
};

/// A symbol reference inside an encoded instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SymbolField {
    /// What the field refers to, and the constant added to its address
    /// (`name+addend(%rip)`).
    pub name: DataName,
    pub addend: i32,
    /// Offset of the 4-byte field within the instruction (an instruction
    /// is at most 15 bytes: one byte each keeps the encoder's list of
    /// fields, one per call or data reference in the file, small).
    pub offset: u8,
    /// Bytes after the field (a trailing immediate); the PC-relative addend
    /// is `-4 - tail`.
    pub tail: u8,
    pub kind: FieldKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// `call sym`: a branch displacement.
    Call,
    /// `sym(%rip)`: a RIP-relative data reference.
    RipData,
    /// `$sym@tpoff`: a thread-local variable's offset from the thread
    /// pointer, an absolute 32-bit immediate.
    TpOff,
    /// `sym@gottpoff(%rip)`: the GOT entry holding that offset.
    GotTpOff,
    /// `sym@tlsgd(%rip)`: the GOT pair `__tls_get_addr` takes.
    TlsGd,
}

pub struct Encoded {
    pub bytes: Vec<u8>,
    pub field: Option<SymbolField>,
}

/// Encodes `instr` alone (see [`InstrEncoder::encode`]).
pub fn encode_instr(instr: &Instr) -> Encoded {
    let mut bytes = Vec::new();
    let field = InstrEncoder::new().encode(instr, &mut bytes);
    Encoded { bytes, field }
}

/// Encodes instructions one after another, reusing one iced encoder and its
/// buffer.
pub struct InstrEncoder {
    encoder: Encoder,
}

impl Default for InstrEncoder {
    fn default() -> Self {
        Self::new()
    }
}

impl InstrEncoder {
    pub fn new() -> Self {
        InstrEncoder {
            encoder: Encoder::new(64),
        }
    }

    /// Appends the bytes of `instr` to `out`, with its symbol field (if any)
    /// left zero, and returns where that field is.
    pub fn encode(&mut self, instr: &Instr, out: &mut Vec<u8>) -> Option<SymbolField> {
        let (iced, reference) = to_iced(instr);
        let len = self
            .encoder
            .encode(&iced, 0)
            .unwrap_or_else(|e| panic!("iced cannot encode {instr:?}: {e}"));
        let offsets = self.encoder.get_constant_offsets();
        let start = out.len();
        self.drain_into(out);
        reference.map(|(name, addend, kind)| {
            let offset = match kind {
                FieldKind::Call => offsets.immediate_offset(),
                FieldKind::RipData => offsets.displacement_offset(),
                FieldKind::TpOff | FieldKind::GotTpOff | FieldKind::TlsGd => {
                    unreachable!("thread-local sequences are encoded by thread_address")
                }
            };
            // The field holds whatever iced computed from the placeholder
            // target; relocations (RELA) and later patching want it zero.
            out[start + offset..start + offset + 4].fill(0);
            SymbolField {
                name,
                addend,
                offset: offset as u8,
                tail: (len - offset - 4) as u8,
                kind,
            }
        })
    }

    /// Appends a `jmp` (`cc` = None) or `jCC` with displacement `disp` from
    /// the end of the instruction, in its short (rel8) or near (rel32) form.
    pub fn encode_branch(
        &mut self,
        cc: Option<CondCode>,
        short: bool,
        disp: i32,
        out: &mut Vec<u8>,
    ) {
        let len = i64::from(branch_size(cc, short));
        // Encode at a fixed address so the target is representable whatever
        // the sign of `disp`.
        let base = 1u64 << 32;
        let target = (base as i64 + len + i64::from(disp)) as u64;
        let branch = Instruction::with_branch(branch_code(cc, short), target).expect("branch code");
        self.encoder
            .encode(&branch, base)
            .expect("displacement checked by the caller");
        self.drain_into(out);
    }

    /// Moves the encoded bytes to `out`, keeping the encoder's buffer (and
    /// its allocation) for the next instruction.
    fn drain_into(&mut self, out: &mut Vec<u8>) {
        let mut buffer = self.encoder.take_buffer();
        out.extend_from_slice(&buffer);
        buffer.clear();
        self.encoder.set_buffer(buffer);
    }
}

/// Appends the bytes of a thread-local variable's address sequence (see
/// [`TlsModel`]) to `out`, its symbol fields left zero, and returns them.
/// These are fixed sequences, as `as` assembles the text's and the linker
/// expects them (it may rewrite one model into another): written out here
/// rather than through iced, with the bytes `as` makes (checked by the
/// cross-check fixtures).
pub fn thread_address(var: Sym, model: TlsModel, out: &mut Vec<u8>) -> [Option<SymbolField>; 2] {
    // A field at `offset` of the sequence, with nothing of its
    // instruction after it.
    let field = |name, offset, kind| {
        Some(SymbolField {
            name: DataName::Symbol(name),
            addend: 0,
            offset,
            tail: 0,
            kind,
        })
    };
    // `movq %fs:0, %rax` (no base or index: the SIB form of an absolute
    // address) and `addq %fs:0, %rax`.
    const LOAD_FS0: [u8; 9] = [0x64, 0x48, 0x8b, 0x04, 0x25, 0, 0, 0, 0];
    const ADD_FS0: [u8; 9] = [0x64, 0x48, 0x03, 0x04, 0x25, 0, 0, 0, 0];
    match model {
        TlsModel::LocalExec => {
            out.extend_from_slice(&LOAD_FS0);
            // `addq $imm32, %rax`: the accumulator form.
            out.extend_from_slice(&[0x48, 0x05, 0, 0, 0, 0]);
            [field(var, 11, FieldKind::TpOff), None]
        }
        TlsModel::InitialExec => {
            // `movq var@gottpoff(%rip), %rax`.
            out.extend_from_slice(&[0x48, 0x8b, 0x05, 0, 0, 0, 0]);
            out.extend_from_slice(&ADD_FS0);
            [field(var, 3, FieldKind::GotTpOff), None]
        }
        TlsModel::GeneralDynamic { get_addr } => {
            // `data16 leaq var@tlsgd(%rip), %rdi`, then `data16 data16
            // rex.W call __tls_get_addr`.
            out.extend_from_slice(&[0x66, 0x48, 0x8d, 0x3d, 0, 0, 0, 0]);
            out.extend_from_slice(&[0x66, 0x66, 0x48, 0xe8, 0, 0, 0, 0]);
            [
                field(var, 4, FieldKind::TlsGd),
                field(get_addr, 12, FieldKind::Call),
            ]
        }
    }
}

/// The NOPs an assembler fills `n` bytes of code alignment with: the
/// longest NOP it uses (`longest`: 11 bytes for GNU `as` 2.40, 10 for
/// `llvm-mc`) as often as it fits, then one shorter one for the rest
/// (shared docs/x86-encoding-and-objects.md, section 3.2).
pub fn code_padding(n: usize, longest: usize, out: &mut Vec<u8>) {
    const NOPS: [&[u8]; 11] = [
        &[0x90],
        &[0x66, 0x90],
        &[0x0f, 0x1f, 0x00],
        &[0x0f, 0x1f, 0x40, 0x00],
        &[0x0f, 0x1f, 0x44, 0x00, 0x00],
        &[0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00],
        &[0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00],
        &[0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
        &[0x66, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
        &[0x66, 0x2e, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
        &[
            0x66, 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00,
        ],
    ];
    let mut left = n;
    while left > 0 {
        let piece = left.min(longest);
        out.extend_from_slice(NOPS[piece - 1]);
        left -= piece;
    }
}

/// Size in bytes of a branch form.
pub fn branch_size(cc: Option<CondCode>, short: bool) -> u32 {
    match (cc, short) {
        (_, true) => 2,
        (None, false) => 5,
        (Some(_), false) => 6,
    }
}

fn branch_code(cc: Option<CondCode>, short: bool) -> Code {
    match (cc, short) {
        (None, true) => Code::Jmp_rel8_64,
        (None, false) => Code::Jmp_rel32_64,
        (Some(cc), true) => COND_CODES[cc as usize].1,
        (Some(cc), false) => COND_CODES[cc as usize].2,
    }
}

/// Per condition code, in [`CondCode`] order: `setCC r/m8`, `jCC rel8`,
/// `jCC rel32`.
const COND_CODES: [(Code, Code, Code); 12] = [
    (Code::Sete_rm8, Code::Je_rel8_64, Code::Je_rel32_64),
    (Code::Setne_rm8, Code::Jne_rel8_64, Code::Jne_rel32_64),
    (Code::Setl_rm8, Code::Jl_rel8_64, Code::Jl_rel32_64),
    (Code::Setle_rm8, Code::Jle_rel8_64, Code::Jle_rel32_64),
    (Code::Setg_rm8, Code::Jg_rel8_64, Code::Jg_rel32_64),
    (Code::Setge_rm8, Code::Jge_rel8_64, Code::Jge_rel32_64),
    (Code::Setb_rm8, Code::Jb_rel8_64, Code::Jb_rel32_64),
    (Code::Setbe_rm8, Code::Jbe_rel8_64, Code::Jbe_rel32_64),
    (Code::Seta_rm8, Code::Ja_rel8_64, Code::Ja_rel32_64),
    (Code::Setae_rm8, Code::Jae_rel8_64, Code::Jae_rel32_64),
    (Code::Setp_rm8, Code::Jp_rel8_64, Code::Jp_rel32_64),
    (Code::Setnp_rm8, Code::Jnp_rel8_64, Code::Jnp_rel32_64),
];

/// iced's register for `reg` at `ty` (Byte, Long or Quad). iced numbers
/// EAX..R15D and RAX..R15 in encoding order, and the byte registers AL..BL,
/// then AH..BH (which REX-prefixed code cannot name), then SPL..R15L.
fn register(reg: Reg, ty: AsmType) -> Register {
    let index = reg as usize;
    let (base, index) = match ty {
        AsmType::Byte if index < 4 => (Register::AL, index),
        AsmType::Byte => (Register::SPL, index - 4),
        AsmType::Word => (Register::AX, index),
        AsmType::Long => (Register::EAX, index),
        AsmType::Quad => (Register::RAX, index),
        other => panic!("no {other:?} view of a general register"),
    };
    Register::try_from(base as usize + index).expect("a general register")
}

fn xmm(n: u8) -> Register {
    Register::try_from(Register::XMM0 as usize + usize::from(n)).expect("xmm register")
}

/// An operand in iced's terms; `M` also remembers the data it refers to.
#[derive(Clone, Copy)]
enum Op {
    R(Register),
    M(MemoryOperand, Option<(DataName, i32)>),
    /// An immediate, already truncated to the operand width.
    I(i64),
}

/// A symbol reference of an instruction: what, the addend, which field.
type Reference = Option<(DataName, i32, FieldKind)>;

/// `operand` at `ty`; an immediate is truncated to that width here, once,
/// before any imm8/imm32 choice looks at it.
#[inline]
fn op(operand: Operand, ty: AsmType) -> Op {
    let memory = |base, disp: i64, displ_size| {
        MemoryOperand::new(
            base,
            Register::None,
            1,
            disp,
            displ_size,
            false,
            Register::None,
        )
    };
    match operand {
        Operand::Reg(r) => Op::R(register(r, ty)),
        Operand::Xmm(x) => Op::R(xmm(x.0)),
        // `as` drops a zero displacement; iced does too when displ_size is 0.
        Operand::Memory { base, disp } => Op::M(
            memory(
                register(base, AsmType::Quad),
                i64::from(disp),
                u32::from(disp != 0),
            ),
            None,
        ),
        Operand::Indexed {
            base,
            index,
            scale,
            disp,
        } => Op::M(
            MemoryOperand::new(
                register(base, AsmType::Quad),
                register(index, AsmType::Quad),
                u32::from(scale),
                i64::from(disp),
                u32::from(disp != 0),
                false,
                Register::None,
            ),
            None,
        ),
        Operand::Data { name, offset } => Op::M(memory(Register::RIP, 0, 8), Some((name, offset))),
        Operand::Imm(v) => Op::I(truncate(v, ty)),
        Operand::Pseudo(_) | Operand::PseudoMem { .. } => {
            panic!("pseudo-register reached the encoder")
        }
    }
}

/// The immediate as `as` sees it: truncated to the operand width.
fn truncate(v: i64, ty: AsmType) -> i64 {
    match ty {
        AsmType::Byte => i64::from(v as i8),
        AsmType::Word => i64::from(v as i16),
        AsmType::Long => i64::from(v as i32),
        AsmType::Quad | AsmType::Single | AsmType::Double | AsmType::ByteArray => v,
    }
}

fn fits8(v: i64) -> bool {
    i8::try_from(v).is_ok()
}

fn is_acc(o: Op) -> bool {
    matches!(
        o,
        Op::R(Register::AL | Register::AX | Register::EAX | Register::RAX)
    )
}

/// Builds an instruction from Intel-order operands (destination first).
fn build(code: Code, ops: &[Op]) -> (Instruction, Reference) {
    let reference = ops.iter().find_map(|o| match o {
        Op::M(_, Some((name, addend))) => Some((*name, *addend, FieldKind::RipData)),
        _ => None,
    });
    let i = |v: i64| v as i32;
    let r = match *ops {
        [] => Ok(Instruction::with(code)),
        [Op::R(a)] => Instruction::with1(code, a),
        [Op::M(a, _)] => Instruction::with1(code, a),
        [Op::I(a)] => Instruction::with1(code, i(a)),
        [Op::R(a), Op::R(b)] => Instruction::with2(code, a, b),
        [Op::R(a), Op::M(b, _)] => Instruction::with2(code, a, b),
        [Op::M(a, _), Op::R(b)] => Instruction::with2(code, a, b),
        [Op::R(a), Op::I(b)] if code == Code::Mov_r64_imm64 => Instruction::with2(code, a, b),
        [Op::R(a), Op::I(b)] => Instruction::with2(code, a, i(b)),
        [Op::M(a, _), Op::I(b)] => Instruction::with2(code, a, i(b)),
        [Op::R(a), Op::R(b), Op::I(c)] => Instruction::with3(code, a, b, i(c)),
        [Op::R(a), Op::M(b, _), Op::I(c)] => Instruction::with3(code, a, b, i(c)),
        _ => panic!("no operand combination for {code:?}"),
    };
    (r.unwrap_or_else(|e| panic!("{code:?}: {e}")), reference)
}

/// The encodings of one ALU operation (C11 has no 16-bit forms here).
struct AluCodes {
    rm8_r8: Code,
    r8_rm8: Code,
    al_imm8: Code,
    rm8_imm8: Code,
    rm16_r16: Code,
    r16_rm16: Code,
    rm16_imm8: Code,
    ax_imm16: Code,
    rm16_imm16: Code,
    rm32_r32: Code,
    r32_rm32: Code,
    rm32_imm8: Code,
    eax_imm32: Code,
    rm32_imm32: Code,
    rm64_r64: Code,
    r64_rm64: Code,
    rm64_imm8: Code,
    rax_imm32: Code,
    rm64_imm32: Code,
}

const ADD: AluCodes = AluCodes {
    rm8_r8: Code::Add_rm8_r8,
    r8_rm8: Code::Add_r8_rm8,
    al_imm8: Code::Add_AL_imm8,
    rm8_imm8: Code::Add_rm8_imm8,
    rm16_r16: Code::Add_rm16_r16,
    r16_rm16: Code::Add_r16_rm16,
    rm16_imm8: Code::Add_rm16_imm8,
    ax_imm16: Code::Add_AX_imm16,
    rm16_imm16: Code::Add_rm16_imm16,
    rm32_r32: Code::Add_rm32_r32,
    r32_rm32: Code::Add_r32_rm32,
    rm32_imm8: Code::Add_rm32_imm8,
    eax_imm32: Code::Add_EAX_imm32,
    rm32_imm32: Code::Add_rm32_imm32,
    rm64_r64: Code::Add_rm64_r64,
    r64_rm64: Code::Add_r64_rm64,
    rm64_imm8: Code::Add_rm64_imm8,
    rax_imm32: Code::Add_RAX_imm32,
    rm64_imm32: Code::Add_rm64_imm32,
};

const SUB: AluCodes = AluCodes {
    rm8_r8: Code::Sub_rm8_r8,
    r8_rm8: Code::Sub_r8_rm8,
    al_imm8: Code::Sub_AL_imm8,
    rm8_imm8: Code::Sub_rm8_imm8,
    rm16_r16: Code::Sub_rm16_r16,
    r16_rm16: Code::Sub_r16_rm16,
    rm16_imm8: Code::Sub_rm16_imm8,
    ax_imm16: Code::Sub_AX_imm16,
    rm16_imm16: Code::Sub_rm16_imm16,
    rm32_r32: Code::Sub_rm32_r32,
    r32_rm32: Code::Sub_r32_rm32,
    rm32_imm8: Code::Sub_rm32_imm8,
    eax_imm32: Code::Sub_EAX_imm32,
    rm32_imm32: Code::Sub_rm32_imm32,
    rm64_r64: Code::Sub_rm64_r64,
    r64_rm64: Code::Sub_r64_rm64,
    rm64_imm8: Code::Sub_rm64_imm8,
    rax_imm32: Code::Sub_RAX_imm32,
    rm64_imm32: Code::Sub_rm64_imm32,
};

const AND: AluCodes = AluCodes {
    rm8_r8: Code::And_rm8_r8,
    r8_rm8: Code::And_r8_rm8,
    al_imm8: Code::And_AL_imm8,
    rm8_imm8: Code::And_rm8_imm8,
    rm16_r16: Code::And_rm16_r16,
    r16_rm16: Code::And_r16_rm16,
    rm16_imm8: Code::And_rm16_imm8,
    ax_imm16: Code::And_AX_imm16,
    rm16_imm16: Code::And_rm16_imm16,
    rm32_r32: Code::And_rm32_r32,
    r32_rm32: Code::And_r32_rm32,
    rm32_imm8: Code::And_rm32_imm8,
    eax_imm32: Code::And_EAX_imm32,
    rm32_imm32: Code::And_rm32_imm32,
    rm64_r64: Code::And_rm64_r64,
    r64_rm64: Code::And_r64_rm64,
    rm64_imm8: Code::And_rm64_imm8,
    rax_imm32: Code::And_RAX_imm32,
    rm64_imm32: Code::And_rm64_imm32,
};

const OR: AluCodes = AluCodes {
    rm8_r8: Code::Or_rm8_r8,
    r8_rm8: Code::Or_r8_rm8,
    al_imm8: Code::Or_AL_imm8,
    rm8_imm8: Code::Or_rm8_imm8,
    rm16_r16: Code::Or_rm16_r16,
    r16_rm16: Code::Or_r16_rm16,
    rm16_imm8: Code::Or_rm16_imm8,
    ax_imm16: Code::Or_AX_imm16,
    rm16_imm16: Code::Or_rm16_imm16,
    rm32_r32: Code::Or_rm32_r32,
    r32_rm32: Code::Or_r32_rm32,
    rm32_imm8: Code::Or_rm32_imm8,
    eax_imm32: Code::Or_EAX_imm32,
    rm32_imm32: Code::Or_rm32_imm32,
    rm64_r64: Code::Or_rm64_r64,
    r64_rm64: Code::Or_r64_rm64,
    rm64_imm8: Code::Or_rm64_imm8,
    rax_imm32: Code::Or_RAX_imm32,
    rm64_imm32: Code::Or_rm64_imm32,
};

const XOR: AluCodes = AluCodes {
    rm8_r8: Code::Xor_rm8_r8,
    r8_rm8: Code::Xor_r8_rm8,
    al_imm8: Code::Xor_AL_imm8,
    rm8_imm8: Code::Xor_rm8_imm8,
    rm16_r16: Code::Xor_rm16_r16,
    r16_rm16: Code::Xor_r16_rm16,
    rm16_imm8: Code::Xor_rm16_imm8,
    ax_imm16: Code::Xor_AX_imm16,
    rm16_imm16: Code::Xor_rm16_imm16,
    rm32_r32: Code::Xor_rm32_r32,
    r32_rm32: Code::Xor_r32_rm32,
    rm32_imm8: Code::Xor_rm32_imm8,
    eax_imm32: Code::Xor_EAX_imm32,
    rm32_imm32: Code::Xor_rm32_imm32,
    rm64_r64: Code::Xor_rm64_r64,
    r64_rm64: Code::Xor_r64_rm64,
    rm64_imm8: Code::Xor_rm64_imm8,
    rax_imm32: Code::Xor_RAX_imm32,
    rm64_imm32: Code::Xor_rm64_imm32,
};

const CMP: AluCodes = AluCodes {
    rm8_r8: Code::Cmp_rm8_r8,
    r8_rm8: Code::Cmp_r8_rm8,
    al_imm8: Code::Cmp_AL_imm8,
    rm8_imm8: Code::Cmp_rm8_imm8,
    rm16_r16: Code::Cmp_rm16_r16,
    r16_rm16: Code::Cmp_r16_rm16,
    rm16_imm8: Code::Cmp_rm16_imm8,
    ax_imm16: Code::Cmp_AX_imm16,
    rm16_imm16: Code::Cmp_rm16_imm16,
    rm32_r32: Code::Cmp_rm32_r32,
    r32_rm32: Code::Cmp_r32_rm32,
    rm32_imm8: Code::Cmp_rm32_imm8,
    eax_imm32: Code::Cmp_EAX_imm32,
    rm32_imm32: Code::Cmp_rm32_imm32,
    rm64_r64: Code::Cmp_rm64_r64,
    r64_rm64: Code::Cmp_r64_rm64,
    rm64_imm8: Code::Cmp_rm64_imm8,
    rax_imm32: Code::Cmp_RAX_imm32,
    rm64_imm32: Code::Cmp_rm64_imm32,
};

/// `OP src, dst` for the two-operand ALU group (add sub and or xor cmp).
fn alu(codes: &AluCodes, ty: AsmType, src: Operand, dst: Operand) -> (Instruction, Reference) {
    let (s, d) = (op(src, ty), op(dst, ty));
    let code = match (ty, s) {
        (AsmType::Byte, Op::I(_)) if is_acc(d) => codes.al_imm8,
        (AsmType::Byte, Op::I(_)) => codes.rm8_imm8,
        (AsmType::Word, Op::I(v)) if fits8(v) => codes.rm16_imm8,
        (AsmType::Word, Op::I(_)) if is_acc(d) => codes.ax_imm16,
        (AsmType::Word, Op::I(_)) => codes.rm16_imm16,
        (AsmType::Long, Op::I(v)) if fits8(v) => codes.rm32_imm8,
        (AsmType::Long, Op::I(_)) if is_acc(d) => codes.eax_imm32,
        (AsmType::Long, Op::I(_)) => codes.rm32_imm32,
        (AsmType::Quad, Op::I(v)) if fits8(v) => codes.rm64_imm8,
        (AsmType::Quad, Op::I(_)) if is_acc(d) => codes.rax_imm32,
        (AsmType::Quad, Op::I(_)) => codes.rm64_imm32,
        (AsmType::Byte, Op::R(_)) => codes.rm8_r8,
        (AsmType::Word, Op::R(_)) => codes.rm16_r16,
        (AsmType::Long, Op::R(_)) => codes.rm32_r32,
        (AsmType::Quad, Op::R(_)) => codes.rm64_r64,
        (AsmType::Byte, Op::M(..)) => codes.r8_rm8,
        (AsmType::Word, Op::M(..)) => codes.r16_rm16,
        (AsmType::Long, Op::M(..)) => codes.r32_rm32,
        (AsmType::Quad, Op::M(..)) => codes.r64_rm64,
        (AsmType::Single | AsmType::Double | AsmType::ByteArray, _) => {
            panic!("integer ALU operation on {ty:?}: {src:?}, {dst:?}")
        }
    };
    build(code, &[d, s])
}

/// The code for an integer type: byte, long or quad.
fn by_width(ty: AsmType, b: Code, l: Code, q: Code) -> Code {
    match ty {
        AsmType::Byte => b,
        AsmType::Long => l,
        AsmType::Quad => q,
        other => panic!("integer form for {other:?}"),
    }
}

fn mov(ty: AsmType, src: Operand, dst: Operand) -> (Instruction, Reference) {
    let (s, d) = (op(src, ty), op(dst, ty));
    let code = match (ty, s, d) {
        // Register to register is `movapd` (see `att`), in the load form
        // (66 0F 28) as `as` encodes it.
        (AsmType::Double, Op::R(_), Op::R(_)) => Code::Movapd_xmm_xmmm128,
        (AsmType::Double, _, Op::R(_)) => Code::Movsd_xmm_xmmm64,
        (AsmType::Double, _, _) => Code::Movsd_xmmm64_xmm,
        (AsmType::Single, Op::R(_), Op::R(_)) => Code::Movaps_xmm_xmmm128,
        (AsmType::Single, _, Op::R(_)) => Code::Movss_xmm_xmmm32,
        (AsmType::Single, _, _) => Code::Movss_xmmm32_xmm,
        (AsmType::Word, Op::R(_), _) => Code::Mov_rm16_r16,
        (AsmType::Word, Op::M(..), _) => Code::Mov_r16_rm16,
        (AsmType::Word, Op::I(_), Op::R(_)) => Code::Mov_r16_imm16,
        (AsmType::Word, Op::I(_), _) => Code::Mov_rm16_imm16,
        (_, Op::R(_), _) => by_width(ty, Code::Mov_rm8_r8, Code::Mov_rm32_r32, Code::Mov_rm64_r64),
        (_, Op::M(..), _) => by_width(ty, Code::Mov_r8_rm8, Code::Mov_r32_rm32, Code::Mov_r64_rm64),
        (_, Op::I(v), Op::R(_)) => match ty {
            AsmType::Byte => Code::Mov_r8_imm8,
            AsmType::Long => Code::Mov_r32_imm32,
            // `as` uses movabs only when the value needs all 64 bits.
            _ if i32::try_from(v).is_ok() => Code::Mov_rm64_imm32,
            _ => Code::Mov_r64_imm64,
        },
        (_, Op::I(_), _) => by_width(
            ty,
            Code::Mov_rm8_imm8,
            Code::Mov_rm32_imm32,
            Code::Mov_rm64_imm32,
        ),
    };
    build(code, &[d, s])
}

/// `movs`/`movz` from `src_ty` to `dst_ty` (a register).
fn extend(
    signed: bool,
    src_ty: AsmType,
    dst_ty: AsmType,
    src: Operand,
    dst: Operand,
) -> (Instruction, Reference) {
    use AsmType::*;
    let code = match (signed, src_ty, dst_ty) {
        (true, Long, Quad) => Code::Movsxd_r64_rm32,
        (true, Byte, Long) => Code::Movsx_r32_rm8,
        (true, Byte, Quad) => Code::Movsx_r64_rm8,
        (true, Word, Long) => Code::Movsx_r32_rm16,
        (true, Word, Quad) => Code::Movsx_r64_rm16,
        (false, Byte, Long) => Code::Movzx_r32_rm8,
        (false, Byte, Quad) => Code::Movzx_r64_rm8,
        (false, Word, Long) => Code::Movzx_r32_rm16,
        (false, Word, Quad) => Code::Movzx_r64_rm16,
        _ => panic!("no extension from {src_ty:?} to {dst_ty:?} (signed: {signed})"),
    };
    build(code, &[op(dst, dst_ty), op(src, src_ty)])
}

/// The three shifts' codes: by 1 (the D0/D1 short form `as` uses for a
/// count of 1), by an immediate, by `%cl`; each byte, long, quad.
fn shift_codes(binop: BinaryOp) -> [[Code; 3]; 3] {
    match binop {
        BinaryOp::Sal => [
            [Code::Shl_rm8_1, Code::Shl_rm32_1, Code::Shl_rm64_1],
            [Code::Shl_rm8_imm8, Code::Shl_rm32_imm8, Code::Shl_rm64_imm8],
            [Code::Shl_rm8_CL, Code::Shl_rm32_CL, Code::Shl_rm64_CL],
        ],
        BinaryOp::Sar => [
            [Code::Sar_rm8_1, Code::Sar_rm32_1, Code::Sar_rm64_1],
            [Code::Sar_rm8_imm8, Code::Sar_rm32_imm8, Code::Sar_rm64_imm8],
            [Code::Sar_rm8_CL, Code::Sar_rm32_CL, Code::Sar_rm64_CL],
        ],
        BinaryOp::Shr => [
            [Code::Shr_rm8_1, Code::Shr_rm32_1, Code::Shr_rm64_1],
            [Code::Shr_rm8_imm8, Code::Shr_rm32_imm8, Code::Shr_rm64_imm8],
            [Code::Shr_rm8_CL, Code::Shr_rm32_CL, Code::Shr_rm64_CL],
        ],
        other => panic!("{other:?} is not a shift"),
    }
}

fn shift(binop: BinaryOp, ty: AsmType, count: Operand, dst: Operand) -> (Instruction, Reference) {
    let d = op(dst, ty);
    let [by_one, by_imm, by_cl] = shift_codes(binop);
    let pick = |codes: [Code; 3]| by_width(ty, codes[0], codes[1], codes[2]);
    match count {
        Operand::Imm(1) => build(pick(by_one), &[d, Op::I(1)]),
        Operand::Imm(n) => build(pick(by_imm), &[d, Op::I(i64::from(n as u8))]),
        Operand::Reg(Reg::Cx) => build(pick(by_cl), &[d, Op::R(Register::CL)]),
        other => panic!("shift count {other:?} is not an immediate or %cl"),
    }
}

fn imul(ty: AsmType, src: Operand, dst: Operand) -> (Instruction, Reference) {
    let d = op(dst, ty);
    match op(src, ty) {
        // `imul $i, %r` is the three-operand form with the register twice.
        Op::I(v) => {
            let code = match (ty, fits8(v)) {
                (AsmType::Long, true) => Code::Imul_r32_rm32_imm8,
                (AsmType::Long, false) => Code::Imul_r32_rm32_imm32,
                (AsmType::Quad, true) => Code::Imul_r64_rm64_imm8,
                (AsmType::Quad, false) => Code::Imul_r64_rm64_imm32,
                _ => panic!("no two-operand {ty:?} imul"),
            };
            build(code, &[d, d, Op::I(v)])
        }
        s => {
            let code = match ty {
                AsmType::Long => Code::Imul_r32_rm32,
                AsmType::Quad => Code::Imul_r64_rm64,
                _ => panic!("no two-operand {ty:?} imul"),
            };
            build(code, &[d, s])
        }
    }
}

/// SSE arithmetic on doubles and floats: `OPsd`/`OPss src, %xmm` (`xorpd`,
/// `xorps` and friends read 16 bytes).
fn sse(binop: BinaryOp, ty: AsmType, src: Operand, dst: Operand) -> (Instruction, Reference) {
    let code = match (binop, ty) {
        (BinaryOp::Add, AsmType::Double) => Code::Addsd_xmm_xmmm64,
        (BinaryOp::Sub, AsmType::Double) => Code::Subsd_xmm_xmmm64,
        (BinaryOp::Mul, AsmType::Double) => Code::Mulsd_xmm_xmmm64,
        (BinaryOp::DivDouble, AsmType::Double) => Code::Divsd_xmm_xmmm64,
        (BinaryOp::Xor, AsmType::Double) => Code::Xorpd_xmm_xmmm128,
        (BinaryOp::And, AsmType::Double) => Code::Andpd_xmm_xmmm128,
        (BinaryOp::Or, AsmType::Double) => Code::Orpd_xmm_xmmm128,
        (BinaryOp::Add, _) => Code::Addss_xmm_xmmm32,
        (BinaryOp::Sub, _) => Code::Subss_xmm_xmmm32,
        (BinaryOp::Mul, _) => Code::Mulss_xmm_xmmm32,
        (BinaryOp::DivDouble, _) => Code::Divss_xmm_xmmm32,
        (BinaryOp::Xor, _) => Code::Xorps_xmm_xmmm128,
        (BinaryOp::And, _) => Code::Andps_xmm_xmmm128,
        (BinaryOp::Or, _) => Code::Orps_xmm_xmmm128,
        (other, _) => panic!("no SSE form of {other:?}"),
    };
    build(code, &[op(dst, ty), op(src, ty)])
}

/// An x87 instruction: the memory forms by format, the register forms on
/// `%st(1)` (`fsubrp %st, %st(1)` in AT&T is Intel's `fsubp st(1), st`,
/// DE E9: `%st(1) - %st(0)`, as GNU `as` reads it).
fn x87(x: X87) -> (Instruction, Reference) {
    use X87Format::*;
    let st1 = Op::R(Register::ST1);
    let st0 = Op::R(Register::ST0);
    let mem = |operand| op(operand, AsmType::Quad);
    match x {
        X87::Load(format, src) => {
            let code = match format {
                Single => Code::Fld_m32fp,
                Double => Code::Fld_m64fp,
                Extended => Code::Fld_m80fp,
                Int16 => Code::Fild_m16int,
                Int32 => Code::Fild_m32int,
                Int64 => Code::Fild_m64int,
            };
            build(code, &[mem(src)])
        }
        X87::StorePop(format, dst) => {
            let code = match format {
                Single => Code::Fstp_m32fp,
                Double => Code::Fstp_m64fp,
                Extended => Code::Fstp_m80fp,
                Int16 => Code::Fistp_m16int,
                Int32 => Code::Fistp_m32int,
                Int64 => Code::Fistp_m64int,
            };
            build(code, &[mem(dst)])
        }
        X87::ArithPop(arith) => {
            let code = match arith {
                X87Arith::Add => Code::Faddp_sti_st0,
                X87Arith::Sub => Code::Fsubp_sti_st0,
                X87Arith::Mul => Code::Fmulp_sti_st0,
                X87Arith::Div => Code::Fdivp_sti_st0,
            };
            build(code, &[st1, st0])
        }
        X87::ChangeSign => build(Code::Fchs, &[]),
        X87::CompareAndPop { signaling: false } => build(Code::Fucomip_st0_sti, &[st0, st1]),
        X87::CompareAndPop { signaling: true } => build(Code::Fcomip_st0_sti, &[st0, st1]),
        X87::Pop => build(Code::Fstp_sti, &[st0]),
        X87::LoadZero => build(Code::Fldz, &[]),
        X87::StoreControl(dst) => build(Code::Fnstcw_m2byte, &[mem(dst)]),
        X87::LoadControl(src) => build(Code::Fldcw_m2byte, &[mem(src)]),
    }
}

fn to_iced(instr: &Instr) -> (Instruction, Reference) {
    use AsmType::{Double, Quad};
    match *instr {
        Instr::Mov { ty, src, dst } => mov(ty, src, dst),
        Instr::Movsx {
            src_ty,
            dst_ty,
            src,
            dst,
        } => extend(true, src_ty, dst_ty, src, dst),
        Instr::MovZeroExtend {
            src_ty,
            dst_ty,
            src,
            dst,
        } => extend(false, src_ty, dst_ty, src, dst),
        Instr::Lea { src, dst } => build(Code::Lea_r64_m, &[op(dst, Quad), op(src, Quad)]),
        Instr::Cvttsd2si { fp, ty, src, dst } => {
            let code = match (fp, ty) {
                (Double, Quad) => Code::Cvttsd2si_r64_xmmm64,
                (Double, _) => Code::Cvttsd2si_r32_xmmm64,
                (_, Quad) => Code::Cvttss2si_r64_xmmm32,
                _ => Code::Cvttss2si_r32_xmmm32,
            };
            build(code, &[op(dst, ty), op(src, fp)])
        }
        Instr::Cvtsi2sd { fp, ty, src, dst } => {
            let code = match (fp, ty) {
                (Double, Quad) => Code::Cvtsi2sd_xmm_rm64,
                (Double, _) => Code::Cvtsi2sd_xmm_rm32,
                (_, Quad) => Code::Cvtsi2ss_xmm_rm64,
                _ => Code::Cvtsi2ss_xmm_rm32,
            };
            build(code, &[op(dst, fp), op(src, ty)])
        }
        Instr::Cvtfp { from, src, dst } => {
            let code = match from {
                Double => Code::Cvtsd2ss_xmm_xmmm64,
                _ => Code::Cvtss2sd_xmm_xmmm32,
            };
            build(code, &[op(dst, from), op(src, from)])
        }
        Instr::Unary { op: unop, ty, dst } => {
            let code = match unop {
                UnaryOp::Neg => by_width(ty, Code::Neg_rm8, Code::Neg_rm32, Code::Neg_rm64),
                UnaryOp::Not => by_width(ty, Code::Not_rm8, Code::Not_rm32, Code::Not_rm64),
            };
            build(code, &[op(dst, ty)])
        }
        Instr::Binary {
            op: binop,
            ty: ty @ (Double | AsmType::Single),
            src,
            dst,
        } => sse(binop, ty, src, dst),
        Instr::Binary {
            op: binop,
            ty,
            src,
            dst,
        } => match binop {
            BinaryOp::Add => alu(&ADD, ty, src, dst),
            BinaryOp::Sub => alu(&SUB, ty, src, dst),
            BinaryOp::And => alu(&AND, ty, src, dst),
            BinaryOp::Or => alu(&OR, ty, src, dst),
            BinaryOp::Xor => alu(&XOR, ty, src, dst),
            BinaryOp::Mul => imul(ty, src, dst),
            BinaryOp::Sal | BinaryOp::Sar | BinaryOp::Shr => shift(binop, ty, src, dst),
            BinaryOp::DivDouble => panic!("divsd on integers"),
        },
        Instr::Cmp {
            ty: Double,
            src,
            dst,
        } => build(Code::Comisd_xmm_xmmm64, &[op(dst, Double), op(src, Double)]),
        Instr::Cmp {
            ty: AsmType::Single,
            src,
            dst,
        } => build(
            Code::Comiss_xmm_xmmm32,
            &[op(dst, AsmType::Single), op(src, AsmType::Single)],
        ),
        Instr::Cmp { ty, src, dst } => alu(&CMP, ty, src, dst),
        Instr::Idiv { ty, src } => build(
            by_width(ty, Code::Idiv_rm8, Code::Idiv_rm32, Code::Idiv_rm64),
            &[op(src, ty)],
        ),
        Instr::Div { ty, src } => build(
            by_width(ty, Code::Div_rm8, Code::Div_rm32, Code::Div_rm64),
            &[op(src, ty)],
        ),
        Instr::Cdq { ty: Quad } => build(Code::Cqo, &[]),
        Instr::Cdq { .. } => build(Code::Cdq, &[]),
        Instr::SetCC(cc, dst) => build(COND_CODES[cc as usize].0, &[op(dst, AsmType::Byte)]),
        Instr::Push(src) => match op(src, Quad) {
            Op::R(r) => build(Code::Push_r64, &[Op::R(r)]),
            Op::I(v) if fits8(v) => build(Code::Pushq_imm8, &[Op::I(v)]),
            Op::I(v) => build(Code::Pushq_imm32, &[Op::I(v)]),
            m => build(Code::Push_rm64, &[m]),
        },
        Instr::Pop(reg) => build(Code::Pop_r64, &[Op::R(register(reg, Quad))]),
        Instr::JmpIndirect(target) => build(Code::Jmp_rm64, &[op(target, Quad)]),
        Instr::Call {
            target: CallTarget::R11,
            ..
        } => build(Code::Call_rm64, &[Op::R(Register::R11)]),
        Instr::Call {
            target: CallTarget::Symbol(target),
            ..
        } => {
            // Target 5 = the end of the instruction at address 0: a zero field.
            let call = Instruction::with_branch(Code::Call_rel32_64, 5).expect("call code");
            (call, Some((DataName::Symbol(target), 0, FieldKind::Call)))
        }
        Instr::Leave => build(Code::Leaveq, &[]),
        Instr::Mfence => build(Code::Mfence, &[]),
        Instr::ThreadAddress { .. } => {
            unreachable!("a thread-local sequence is encoded by thread_address")
        }
        Instr::Atomic {
            op: atomic,
            ty,
            src,
            dst,
        } => {
            let (code, lock) = match atomic {
                AtomicOp::FetchAdd => (
                    by_width(
                        ty,
                        Code::Xadd_rm8_r8,
                        Code::Xadd_rm32_r32,
                        Code::Xadd_rm64_r64,
                    ),
                    true,
                ),
                AtomicOp::Exchange => (
                    by_width(
                        ty,
                        Code::Xchg_rm8_r8,
                        Code::Xchg_rm32_r32,
                        Code::Xchg_rm64_r64,
                    ),
                    false,
                ),
                AtomicOp::CompareExchange => (
                    by_width(
                        ty,
                        Code::Cmpxchg_rm8_r8,
                        Code::Cmpxchg_rm32_r32,
                        Code::Cmpxchg_rm64_r64,
                    ),
                    true,
                ),
            };
            let (mut i, reference) = build(code, &[op(dst, ty), op(src, ty)]);
            i.set_has_lock_prefix(lock);
            (i, reference)
        }
        Instr::Ret => build(Code::Retnq, &[]),
        Instr::X87(x) => x87(x),
        Instr::Jmp(_) | Instr::JmpCC(..) | Instr::Label(_) => {
            panic!("jumps and labels are laid out by the encoder, not encoded alone")
        }
    }
}
