//! Fix-up: makes every instruction encodable (book chapters 2-4, 9).
//!
//! Takes a function whose operands all have homes and its frame size; returns
//! it with the prologue (`push %rbp; mov %rsp,%rbp; sub $N,%rsp`) and, before
//! each `ret`, the epilogue written out as instructions, and with every
//! operand combination x86-64 cannot encode rewritten through the scratch
//! registers `%r10` (sources) and `%r11` (destinations). After this pass one
//! IR instruction is one machine instruction.

use crate::ir::asm::{BinaryOp, Function, Instr, Operand, Reg, Width};
use crate::ir::tacky::Sourced;

const SRC_SCRATCH: Operand = Operand::Reg(Reg::R10);
const DST_SCRATCH: Operand = Operand::Reg(Reg::R11);

pub fn fix_up_instructions(f: &mut Function, frame_size: u32) {
    let old = std::mem::take(&mut f.instrs);
    let mut out = Fixer {
        out: Vec::with_capacity(old.len() + old.len() / 4 + 3),
        span: Default::default(),
    };
    if let Some(first) = old.first() {
        out.span = first.span;
    }
    out.emit(Instr::Push(Operand::Reg(Reg::Bp)));
    out.emit(Instr::Mov {
        width: Width::Quad,
        src: Operand::Reg(Reg::Sp),
        dst: Operand::Reg(Reg::Bp),
    });
    if frame_size > 0 {
        out.emit(Instr::Binary {
            op: BinaryOp::Sub,
            width: Width::Quad,
            src: Operand::Imm(i64::from(frame_size)),
            dst: Operand::Reg(Reg::Sp),
        });
    }
    for instr in old {
        out.span = instr.span;
        out.instr(instr.item);
    }
    f.instrs = out.out;
}

struct Fixer {
    out: Vec<Sourced<Instr>>,
    span: crate::diag::Span,
}

/// An immediate that does not fit the sign-extended 32-bit field of an
/// ALU instruction (only `mov` to a register takes a 64-bit immediate).
fn is_wide_imm(op: Operand) -> bool {
    matches!(op, Operand::Imm(v) if i32::try_from(v).is_err())
}

impl Fixer {
    fn emit(&mut self, item: Instr) {
        self.out.push(Sourced {
            item,
            span: self.span,
        });
    }

    fn instr(&mut self, instr: Instr) {
        match instr {
            Instr::Mov { width, src, dst } if src.is_memory() && dst.is_memory() => {
                self.emit(Instr::Mov {
                    width,
                    src,
                    dst: SRC_SCRATCH,
                });
                self.emit(Instr::Mov {
                    width,
                    src: SRC_SCRATCH,
                    dst,
                });
            }
            Instr::Mov {
                width: Width::Quad,
                src,
                dst,
            } if is_wide_imm(src) && dst.is_memory() => {
                self.emit(Instr::Mov {
                    width: Width::Quad,
                    src,
                    dst: SRC_SCRATCH,
                });
                self.emit(Instr::Mov {
                    width: Width::Quad,
                    src: SRC_SCRATCH,
                    dst,
                });
            }
            Instr::Binary {
                op: BinaryOp::Imul,
                width,
                src,
                dst,
            } if dst.is_memory() => {
                let src = self.legal_source(width, src, false);
                self.emit(Instr::Mov {
                    width,
                    src: dst,
                    dst: DST_SCRATCH,
                });
                self.emit(Instr::Binary {
                    op: BinaryOp::Imul,
                    width,
                    src,
                    dst: DST_SCRATCH,
                });
                self.emit(Instr::Mov {
                    width,
                    src: DST_SCRATCH,
                    dst,
                });
            }
            Instr::Binary {
                op,
                width,
                src,
                dst,
            } => {
                let src = if op.is_shift() {
                    src
                } else {
                    self.legal_source(width, src, dst.is_memory())
                };
                self.emit(Instr::Binary {
                    op,
                    width,
                    src,
                    dst,
                });
            }
            Instr::Cmp { width, src, dst } => {
                let src = self.legal_source(width, src, dst.is_memory());
                let dst = match dst {
                    Operand::Imm(_) => {
                        self.emit(Instr::Mov {
                            width,
                            src: dst,
                            dst: DST_SCRATCH,
                        });
                        DST_SCRATCH
                    }
                    dst => dst,
                };
                self.emit(Instr::Cmp { width, src, dst });
            }
            Instr::Idiv {
                width,
                src: src @ Operand::Imm(_),
            } => {
                self.emit(Instr::Mov {
                    width,
                    src,
                    dst: SRC_SCRATCH,
                });
                self.emit(Instr::Idiv {
                    width,
                    src: SRC_SCRATCH,
                });
            }
            Instr::Push(src) if is_wide_imm(src) => {
                self.emit(Instr::Mov {
                    width: Width::Quad,
                    src,
                    dst: SRC_SCRATCH,
                });
                self.emit(Instr::Push(SRC_SCRATCH));
            }
            Instr::Ret => {
                self.emit(Instr::Mov {
                    width: Width::Quad,
                    src: Operand::Reg(Reg::Bp),
                    dst: Operand::Reg(Reg::Sp),
                });
                self.emit(Instr::Pop(Reg::Bp));
                self.emit(Instr::Ret);
            }
            other => self.emit(other),
        }
    }

    /// A source operand the instruction can take: through `%r10` when both
    /// operands would be in memory or the immediate is too wide.
    fn legal_source(&mut self, width: Width, src: Operand, dst_in_memory: bool) -> Operand {
        if (src.is_memory() && dst_in_memory) || is_wide_imm(src) {
            self.emit(Instr::Mov {
                width,
                src,
                dst: SRC_SCRATCH,
            });
            SRC_SCRATCH
        } else {
            src
        }
    }
}
