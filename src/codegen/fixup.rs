//! Fix-up: makes every instruction encodable (book chapters 2-4, 9, 11-13).
//!
//! Takes a function whose operands all have homes and its [`Frame`];
//! returns it with the prologue (`push %rbp; mov %rsp,%rbp; sub $N,%rsp`,
//! then a push of each callee-saved register allocation used) and, before
//! each `ret`, the epilogue (the pops, then `mov %rbp,%rsp; pop %rbp`)
//! written out as instructions, and
//! with every operand that [`Instr::operands`] says the instruction cannot
//! take replaced by a scratch register: `%r10`/`%xmm14` for sources,
//! `%r11`/`%xmm15` for destinations, loaded before and stored after as the
//! operand's access requires. After this pass one IR instruction is one
//! machine instruction.

use crate::ir::asm::{AsmType, BinaryOp, Frame, Function, Instr, Operand, Reg, Xmm};
use crate::ir::tacky::Sourced;

pub fn fix_up_instructions(f: &mut Function, frame: Frame) {
    f.frame = frame.clone();
    let old = std::mem::take(&mut f.instrs);
    let mut out = Fixer {
        out: Vec::with_capacity(old.len() + old.len() / 4 + 3),
        span: old.first().map(|i| i.span).unwrap_or_default(),
        callee_saved: Vec::new(),
        // After `alloca` the saved registers are no longer at `%rsp`.
        saved_at: (f.dynamic_stack && !frame.callee_saved.is_empty())
            .then(|| frame.saved_register_disp(frame.callee_saved.len() - 1)),
    };
    out.emit(Instr::Push(Operand::Reg(Reg::Bp)));
    out.emit(Instr::Mov {
        ty: AsmType::Quad,
        src: Operand::Reg(Reg::Sp),
        dst: Operand::Reg(Reg::Bp),
    });
    if frame.size > 0 {
        out.emit(Instr::Binary {
            op: BinaryOp::Sub,
            ty: AsmType::Quad,
            src: Operand::Imm(i64::from(frame.size)),
            dst: Operand::Reg(Reg::Sp),
        });
    }
    for &r in &frame.callee_saved {
        out.emit(Instr::Push(Operand::Reg(r)));
    }
    out.callee_saved = frame.callee_saved;
    for instr in old {
        out.span = instr.span;
        out.instr(instr.item);
    }
    f.instrs = out.out;
}

struct Fixer {
    out: Vec<Sourced<Instr>>,
    span: crate::diag::Span,
    /// Restored, in reverse, before every `ret`.
    callee_saved: Vec<Reg>,
    /// Where the saved registers start below `%rbp`, when the function
    /// moved `%rsp` itself: it is put back there before they are popped.
    saved_at: Option<i32>,
}

/// The scratch register for an operand of type `ty` in position `index`
/// (0: source, 1: destination).
fn scratch(ty: AsmType, index: usize) -> Operand {
    match (ty.is_sse(), index) {
        (false, 0) => Operand::Reg(Reg::R10),
        (false, _) => Operand::Reg(Reg::R11),
        (true, 0) => Operand::Xmm(Xmm(14)),
        (true, _) => Operand::Xmm(Xmm(15)),
    }
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
            // No `push` takes an XMM register (a `double` argument on the
            // stack that register allocation put in one): make the room and
            // store it.
            Instr::Push(Operand::Xmm(x)) => {
                self.emit(Instr::Binary {
                    op: BinaryOp::Sub,
                    ty: AsmType::Quad,
                    src: Operand::Imm(8),
                    dst: Operand::Reg(Reg::Sp),
                });
                self.emit(Instr::Mov {
                    ty: AsmType::Double,
                    src: Operand::Xmm(x),
                    dst: Operand::Memory {
                        base: Reg::Sp,
                        disp: 0,
                    },
                });
            }
            Instr::Ret => {
                if let Some(disp) = self.saved_at {
                    self.emit(Instr::Lea {
                        src: Operand::Memory {
                            base: Reg::Bp,
                            disp,
                        },
                        dst: Operand::Reg(Reg::Sp),
                    });
                }
                for i in (0..self.callee_saved.len()).rev() {
                    self.emit(Instr::Pop(self.callee_saved[i]));
                }
                self.emit(Instr::Leave);
                self.emit(Instr::Ret);
            }
            // A byte extended to 16 bits is extended to 32 (`movzbl`, as
            // gcc does it): the register's upper half is no part of the
            // `short`, and `as` gives the 16-bit forms a prefix more.
            Instr::Movsx {
                src_ty: AsmType::Byte,
                dst_ty: AsmType::Word,
                src,
                dst,
            }
            | Instr::MovZeroExtend {
                src_ty: AsmType::Byte,
                dst_ty: AsmType::Word,
                src,
                dst,
            } => {
                let signed = matches!(instr, Instr::Movsx { .. });
                let reg = match dst {
                    Operand::Reg(_) => dst,
                    _ => scratch(AsmType::Long, 1),
                };
                let (src_ty, dst_ty) = (AsmType::Byte, AsmType::Long);
                self.legalize(if signed {
                    Instr::Movsx {
                        src_ty,
                        dst_ty,
                        src,
                        dst: reg,
                    }
                } else {
                    Instr::MovZeroExtend {
                        src_ty,
                        dst_ty,
                        src,
                        dst: reg,
                    }
                });
                if reg != dst {
                    self.emit(Instr::Mov {
                        ty: AsmType::Word,
                        src: reg,
                        dst,
                    });
                }
            }
            // Writing a 32-bit register clears its upper half: zero
            // extension from 32 bits is a `movl` into a register.
            Instr::MovZeroExtend {
                src_ty: AsmType::Long,
                dst_ty: AsmType::Quad,
                src,
                dst,
            } => match dst {
                Operand::Reg(_) => self.legalize(Instr::Mov {
                    ty: AsmType::Long,
                    src,
                    dst,
                }),
                _ => {
                    let r11 = scratch(AsmType::Quad, 1);
                    self.legalize(Instr::Mov {
                        ty: AsmType::Long,
                        src,
                        dst: r11,
                    });
                    self.emit(Instr::Mov {
                        ty: AsmType::Quad,
                        src: r11,
                        dst,
                    });
                }
            },
            other => self.legalize(other),
        }
    }

    /// Emits `instr` with each operand it cannot take (destination first,
    /// since the source's rule depends on it) moved through a scratch
    /// register.
    fn legalize(&mut self, mut instr: Instr) {
        if instr.is_legal() {
            return self.emit(instr);
        }
        let mut after = None;
        for index in [1, 0] {
            let Some(slot) = instr.operands()[index] else {
                continue;
            };
            if slot.accepts.allows(slot.operand) {
                continue;
            }
            assert!(
                slot.accepts.takes_register(),
                "no legal form for operand {index} of {instr:?}"
            );
            let reg = scratch(slot.ty, index);
            if slot.access.reads() {
                self.emit(Instr::Mov {
                    ty: slot.ty,
                    src: slot.operand,
                    dst: reg,
                });
            }
            if slot.access.writes() {
                after = Some(Instr::Mov {
                    ty: slot.ty,
                    src: reg,
                    dst: slot.operand,
                });
            }
            if let Some(op) = instr.operands_mut()[index].as_deref_mut() {
                *op = reg;
            }
        }
        self.emit(instr);
        if let Some(store) = after {
            self.emit(store);
        }
    }
}
