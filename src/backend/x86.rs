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
use crate::ir::asm::{BinaryOp, CondCode, Instr, Operand, Reg, UnaryOp, Width};

/// A symbol reference inside an encoded instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SymbolField {
    pub symbol: Sym,
    /// Offset of the 4-byte field within the instruction.
    pub offset: usize,
    /// Bytes after the field (a trailing immediate); the PC-relative addend
    /// is `-4 - tail`.
    pub tail: usize,
    pub kind: FieldKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// `call sym`: a branch displacement.
    Call,
    /// `sym(%rip)`: a RIP-relative data reference.
    RipData,
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
        let (iced, symbol) = to_iced(instr);
        let len = self
            .encoder
            .encode(&iced, 0)
            .unwrap_or_else(|e| panic!("iced cannot encode {instr:?}: {e}"));
        let offsets = self.encoder.get_constant_offsets();
        let start = out.len();
        self.drain_into(out);
        symbol.map(|(symbol, kind)| {
            let offset = match kind {
                FieldKind::Call => offsets.immediate_offset(),
                FieldKind::RipData => offsets.displacement_offset(),
            };
            // The field holds whatever iced computed from the placeholder
            // target; relocations (RELA) and later patching want it zero.
            out[start + offset..start + offset + 4].fill(0);
            SymbolField {
                symbol,
                offset,
                tail: len - offset - 4,
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

/// Size in bytes of a branch form.
pub fn branch_size(cc: Option<CondCode>, short: bool) -> u32 {
    match (cc, short) {
        (_, true) => 2,
        (None, false) => 5,
        (Some(_), false) => 6,
    }
}

fn branch_code(cc: Option<CondCode>, short: bool) -> Code {
    use CondCode::*;
    match (cc, short) {
        (None, true) => Code::Jmp_rel8_64,
        (None, false) => Code::Jmp_rel32_64,
        (Some(E), true) => Code::Je_rel8_64,
        (Some(E), false) => Code::Je_rel32_64,
        (Some(Ne), true) => Code::Jne_rel8_64,
        (Some(Ne), false) => Code::Jne_rel32_64,
        (Some(L), true) => Code::Jl_rel8_64,
        (Some(L), false) => Code::Jl_rel32_64,
        (Some(Le), true) => Code::Jle_rel8_64,
        (Some(Le), false) => Code::Jle_rel32_64,
        (Some(G), true) => Code::Jg_rel8_64,
        (Some(G), false) => Code::Jg_rel32_64,
        (Some(Ge), true) => Code::Jge_rel8_64,
        (Some(Ge), false) => Code::Jge_rel32_64,
    }
}

fn register(reg: Reg, width: Width) -> Register {
    use Register as R;
    const BYTE: [Register; 16] = [
        R::AL,
        R::CL,
        R::DL,
        R::BL,
        R::SPL,
        R::BPL,
        R::SIL,
        R::DIL,
        R::R8L,
        R::R9L,
        R::R10L,
        R::R11L,
        R::R12L,
        R::R13L,
        R::R14L,
        R::R15L,
    ];
    const LONG: [Register; 16] = [
        R::EAX,
        R::ECX,
        R::EDX,
        R::EBX,
        R::ESP,
        R::EBP,
        R::ESI,
        R::EDI,
        R::R8D,
        R::R9D,
        R::R10D,
        R::R11D,
        R::R12D,
        R::R13D,
        R::R14D,
        R::R15D,
    ];
    const QUAD: [Register; 16] = [
        R::RAX,
        R::RCX,
        R::RDX,
        R::RBX,
        R::RSP,
        R::RBP,
        R::RSI,
        R::RDI,
        R::R8,
        R::R9,
        R::R10,
        R::R11,
        R::R12,
        R::R13,
        R::R14,
        R::R15,
    ];
    let table = match width {
        Width::Byte => &BYTE,
        Width::Long => &LONG,
        Width::Quad => &QUAD,
    };
    table[reg as usize]
}

/// An operand in iced's terms; `Mem` also remembers a symbol it refers to.
#[derive(Clone, Copy)]
enum Op {
    R(Register),
    M(MemoryOperand, Option<Sym>),
    /// An immediate, already truncated to the operand width.
    I(i64),
}

/// `operand` at `width`; an immediate is truncated to that width here, once,
/// before any imm8/imm32 choice looks at it.
fn op(operand: Operand, width: Width) -> Op {
    match operand {
        Operand::Reg(r) => Op::R(register(r, width)),
        // `as` drops a zero displacement; iced does too when displ_size is 0.
        Operand::Memory { base, disp } => Op::M(
            MemoryOperand::new(
                register(base, Width::Quad),
                Register::None,
                1,
                i64::from(disp),
                u32::from(disp != 0),
                false,
                Register::None,
            ),
            None,
        ),
        Operand::Data(sym) => Op::M(
            MemoryOperand::new(
                Register::RIP,
                Register::None,
                1,
                0,
                8,
                false,
                Register::None,
            ),
            Some(sym),
        ),
        Operand::Imm(v) => Op::I(truncate(v, width)),
        Operand::Pseudo(_) => panic!("pseudo-register reached the encoder"),
    }
}

/// The immediate as `as` sees it: truncated to the operand width.
fn truncate(v: i64, width: Width) -> i64 {
    match width {
        Width::Byte => i64::from(v as i8),
        Width::Long => i64::from(v as i32),
        Width::Quad => v,
    }
}

fn fits8(v: i64) -> bool {
    i8::try_from(v).is_ok()
}

fn is_acc(o: Op) -> bool {
    matches!(o, Op::R(Register::AL | Register::EAX | Register::RAX))
}

/// Builds an instruction from Intel-order operands (destination first).
fn build(code: Code, ops: &[Op]) -> (Instruction, Option<(Sym, FieldKind)>) {
    let sym = ops.iter().find_map(|o| match o {
        Op::M(_, Some(s)) => Some((*s, FieldKind::RipData)),
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
    (r.unwrap_or_else(|e| panic!("{code:?}: {e}")), sym)
}

/// The encodings of one ALU operation (C11 has no 16-bit forms here).
struct AluCodes {
    rm8_r8: Code,
    r8_rm8: Code,
    al_imm8: Code,
    rm8_imm8: Code,
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
fn alu(
    codes: &AluCodes,
    width: Width,
    src: Operand,
    dst: Operand,
) -> (Instruction, Option<(Sym, FieldKind)>) {
    let (s, d) = (op(src, width), op(dst, width));
    let code = match (width, s) {
        (Width::Byte, Op::I(_)) if is_acc(d) => codes.al_imm8,
        (Width::Byte, Op::I(_)) => codes.rm8_imm8,
        (Width::Long, Op::I(v)) if fits8(v) => codes.rm32_imm8,
        (Width::Long, Op::I(_)) if is_acc(d) => codes.eax_imm32,
        (Width::Long, Op::I(_)) => codes.rm32_imm32,
        (Width::Quad, Op::I(v)) if fits8(v) => codes.rm64_imm8,
        (Width::Quad, Op::I(_)) if is_acc(d) => codes.rax_imm32,
        (Width::Quad, Op::I(_)) => codes.rm64_imm32,
        (Width::Byte, Op::R(_)) => codes.rm8_r8,
        (Width::Long, Op::R(_)) => codes.rm32_r32,
        (Width::Quad, Op::R(_)) => codes.rm64_r64,
        (Width::Byte, Op::M(..)) => codes.r8_rm8,
        (Width::Long, Op::M(..)) => codes.r32_rm32,
        (Width::Quad, Op::M(..)) => codes.r64_rm64,
    };
    build(code, &[d, s])
}

fn by_width(width: Width, b: Code, l: Code, q: Code) -> Code {
    match width {
        Width::Byte => b,
        Width::Long => l,
        Width::Quad => q,
    }
}

fn mov(width: Width, src: Operand, dst: Operand) -> (Instruction, Option<(Sym, FieldKind)>) {
    let (s, d) = (op(src, width), op(dst, width));
    let code = match (s, d) {
        (Op::R(_), _) => by_width(
            width,
            Code::Mov_rm8_r8,
            Code::Mov_rm32_r32,
            Code::Mov_rm64_r64,
        ),
        (Op::M(..), _) => by_width(
            width,
            Code::Mov_r8_rm8,
            Code::Mov_r32_rm32,
            Code::Mov_r64_rm64,
        ),
        (Op::I(v), Op::R(_)) => match width {
            Width::Byte => Code::Mov_r8_imm8,
            Width::Long => Code::Mov_r32_imm32,
            // `as` uses movabs only when the value needs all 64 bits.
            Width::Quad if i32::try_from(v).is_ok() => Code::Mov_rm64_imm32,
            Width::Quad => Code::Mov_r64_imm64,
        },
        (Op::I(_), _) => by_width(
            width,
            Code::Mov_rm8_imm8,
            Code::Mov_rm32_imm32,
            Code::Mov_rm64_imm32,
        ),
    };
    build(code, &[d, s])
}

fn shift(
    binop: BinaryOp,
    width: Width,
    count: Operand,
    dst: Operand,
) -> (Instruction, Option<(Sym, FieldKind)>) {
    let d = op(dst, width);
    let sal = binop == BinaryOp::Sal;
    let pick = |sal_codes: [Code; 3], sar_codes: [Code; 3]| {
        let codes = if sal { sal_codes } else { sar_codes };
        by_width(width, codes[0], codes[1], codes[2])
    };
    match count {
        // `as` uses the D0/D1 short form for a count of 1.
        Operand::Imm(1) => build(
            pick(
                [Code::Shl_rm8_1, Code::Shl_rm32_1, Code::Shl_rm64_1],
                [Code::Sar_rm8_1, Code::Sar_rm32_1, Code::Sar_rm64_1],
            ),
            &[d, Op::I(1)],
        ),
        Operand::Imm(n) => build(
            pick(
                [Code::Shl_rm8_imm8, Code::Shl_rm32_imm8, Code::Shl_rm64_imm8],
                [Code::Sar_rm8_imm8, Code::Sar_rm32_imm8, Code::Sar_rm64_imm8],
            ),
            &[d, Op::I(i64::from(n as u8))],
        ),
        Operand::Reg(Reg::Cx) => build(
            pick(
                [Code::Shl_rm8_CL, Code::Shl_rm32_CL, Code::Shl_rm64_CL],
                [Code::Sar_rm8_CL, Code::Sar_rm32_CL, Code::Sar_rm64_CL],
            ),
            &[d, Op::R(Register::CL)],
        ),
        other => panic!("shift count {other:?} is not an immediate or %cl"),
    }
}

fn imul(width: Width, src: Operand, dst: Operand) -> (Instruction, Option<(Sym, FieldKind)>) {
    let d = op(dst, width);
    match op(src, width) {
        // `imul $i, %r` is the three-operand form with the register twice.
        Op::I(v) => {
            let code = match (width, fits8(v)) {
                (Width::Long, true) => Code::Imul_r32_rm32_imm8,
                (Width::Long, false) => Code::Imul_r32_rm32_imm32,
                (Width::Quad, true) => Code::Imul_r64_rm64_imm8,
                (Width::Quad, false) => Code::Imul_r64_rm64_imm32,
                (Width::Byte, _) => panic!("no two-operand byte imul"),
            };
            build(code, &[d, d, Op::I(v)])
        }
        s => {
            let code = match width {
                Width::Long => Code::Imul_r32_rm32,
                Width::Quad => Code::Imul_r64_rm64,
                Width::Byte => panic!("no two-operand byte imul"),
            };
            build(code, &[d, s])
        }
    }
}

fn set_code(cc: CondCode) -> Code {
    match cc {
        CondCode::E => Code::Sete_rm8,
        CondCode::Ne => Code::Setne_rm8,
        CondCode::L => Code::Setl_rm8,
        CondCode::Le => Code::Setle_rm8,
        CondCode::G => Code::Setg_rm8,
        CondCode::Ge => Code::Setge_rm8,
    }
}

fn to_iced(instr: &Instr) -> (Instruction, Option<(Sym, FieldKind)>) {
    match *instr {
        Instr::Mov { width, src, dst } => mov(width, src, dst),
        Instr::Unary {
            op: unop,
            width,
            dst,
        } => {
            let code = match unop {
                UnaryOp::Neg => by_width(width, Code::Neg_rm8, Code::Neg_rm32, Code::Neg_rm64),
                UnaryOp::Not => by_width(width, Code::Not_rm8, Code::Not_rm32, Code::Not_rm64),
            };
            build(code, &[op(dst, width)])
        }
        Instr::Binary {
            op: binop,
            width,
            src,
            dst,
        } => match binop {
            BinaryOp::Add => alu(&ADD, width, src, dst),
            BinaryOp::Sub => alu(&SUB, width, src, dst),
            BinaryOp::And => alu(&AND, width, src, dst),
            BinaryOp::Or => alu(&OR, width, src, dst),
            BinaryOp::Xor => alu(&XOR, width, src, dst),
            BinaryOp::Imul => imul(width, src, dst),
            BinaryOp::Sal | BinaryOp::Sar => shift(binop, width, src, dst),
        },
        Instr::Cmp { width, src, dst } => alu(&CMP, width, src, dst),
        Instr::Idiv { width, src } => build(
            by_width(width, Code::Idiv_rm8, Code::Idiv_rm32, Code::Idiv_rm64),
            &[op(src, width)],
        ),
        Instr::Cdq { width: Width::Quad } => build(Code::Cqo, &[]),
        Instr::Cdq { .. } => build(Code::Cdq, &[]),
        Instr::SetCC(cc, dst) => build(set_code(cc), &[op(dst, Width::Byte)]),
        Instr::Push(src) => match op(src, Width::Quad) {
            Op::R(r) => build(Code::Push_r64, &[Op::R(r)]),
            Op::I(v) if fits8(v) => build(Code::Pushq_imm8, &[Op::I(v)]),
            Op::I(v) => build(Code::Pushq_imm32, &[Op::I(v)]),
            m => build(Code::Push_rm64, &[m]),
        },
        Instr::Pop(reg) => build(Code::Pop_r64, &[Op::R(register(reg, Width::Quad))]),
        Instr::Call(sym) => {
            // Target 5 = the end of the instruction at address 0: a zero field.
            let call = Instruction::with_branch(Code::Call_rel32_64, 5).expect("call code");
            (call, Some((sym, FieldKind::Call)))
        }
        Instr::Ret => build(Code::Retnq, &[]),
        Instr::Jmp(_) | Instr::JmpCC(..) | Instr::Label(_) => {
            panic!("jumps and labels are laid out by the encoder, not encoded alone")
        }
    }
}
