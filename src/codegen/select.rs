//! Instruction selection: TACKY to assembly over pseudo-registers (book
//! chapters 2-4, 6, 9; System V AMD64 ABI 3.2.3 for calls).
//!
//! Takes a TACKY program; returns an asm program whose
//! operands may still be pseudo-registers and memory-to-memory pairs. Each
//! TACKY instruction becomes a short fixed sequence; every instruction keeps
//! the span of the TACKY instruction it came from.

use crate::diag::Span;
use crate::ir::asm::{self, BinaryOp, CondCode, Instr, Operand, Reg, Width};
use crate::ir::consts::Const;
use crate::ir::tacky::{self, Sourced, Val};

/// Integer argument registers, in order (ABI 3.2.3).
pub const ARG_REGS: [Reg; 6] = [Reg::Di, Reg::Si, Reg::Dx, Reg::Cx, Reg::R8, Reg::R9];

pub fn select_instructions(prog: &tacky::Program) -> asm::Program {
    let items = prog
        .items
        .iter()
        .map(|item| match item {
            tacky::TopLevel::Function(f) => asm::TopLevel::Function(select_function(f)),
            tacky::TopLevel::StaticVar(s) => asm::TopLevel::StaticVar(asm::StaticVar {
                name: s.name,
                global: s.global,
                align: s.ty.align() as u32,
                init: s.init,
            }),
        })
        .collect();
    asm::Program { items }
}

fn select_function(f: &tacky::Function) -> asm::Function {
    let mut s = Selector {
        out: Vec::with_capacity(f.body.len() * 3),
        span: Span::default(),
    };
    if let Some(first) = f.body.first() {
        s.span = first.span;
    }
    // Parameters arrive in registers, then on the stack above the return
    // address and the saved %rbp.
    for (i, &param) in f.params.iter().enumerate() {
        let src = match ARG_REGS.get(i) {
            Some(&reg) => Operand::Reg(reg),
            None => Operand::Memory {
                base: Reg::Bp,
                disp: 16 + 8 * (i as i32 - 6),
            },
        };
        s.emit(Instr::Mov {
            width: Width::Long,
            src,
            dst: Operand::Pseudo(param),
        });
    }
    for instr in &f.body {
        s.span = instr.span;
        s.instr(&instr.item);
    }
    asm::Function {
        name: f.name,
        global: f.global,
        instrs: s.out,
    }
}

struct Selector {
    out: Vec<Sourced<Instr>>,
    span: Span,
}

fn operand(v: &Val) -> Operand {
    match v {
        Val::Constant(Const::Int(v)) => Operand::Imm(i64::from(*v)),
        Val::Constant(c) => Operand::Imm(c.bits() as i64),
        Val::Var(name) => Operand::Pseudo(*name),
    }
}

impl Selector {
    fn emit(&mut self, item: Instr) {
        self.out.push(Sourced {
            item,
            span: self.span,
        });
    }

    fn instr(&mut self, instr: &tacky::Instr) {
        use tacky::Instr as T;
        let w = Width::Long;
        match instr {
            T::Return(v) => {
                self.emit(Instr::Mov {
                    width: w,
                    src: operand(v),
                    dst: Operand::Reg(Reg::Ax),
                });
                self.emit(Instr::Ret);
            }
            T::Unary {
                op: tacky::UnaryOp::Not,
                src,
                dst,
            } => {
                self.emit(Instr::Cmp {
                    width: w,
                    src: Operand::Imm(0),
                    dst: operand(src),
                });
                self.set_flag(CondCode::E, operand(dst));
            }
            T::Unary { op, src, dst } => {
                let op = match op {
                    tacky::UnaryOp::Negate => asm::UnaryOp::Neg,
                    tacky::UnaryOp::Complement => asm::UnaryOp::Not,
                    tacky::UnaryOp::Not => unreachable!("handled above"),
                };
                self.emit(Instr::Mov {
                    width: w,
                    src: operand(src),
                    dst: operand(dst),
                });
                self.emit(Instr::Unary {
                    op,
                    width: w,
                    dst: operand(dst),
                });
            }
            T::Binary { op, lhs, rhs, dst } => {
                self.binary(*op, operand(lhs), operand(rhs), operand(dst))
            }
            T::Copy { src, dst } => self.emit(Instr::Mov {
                width: w,
                src: operand(src),
                dst: operand(dst),
            }),
            T::Jump(l) => self.emit(Instr::Jmp(*l)),
            T::JumpIfZero(v, l) | T::JumpIfNotZero(v, l) => {
                let cc = if matches!(instr, T::JumpIfZero(..)) {
                    CondCode::E
                } else {
                    CondCode::Ne
                };
                self.emit(Instr::Cmp {
                    width: w,
                    src: Operand::Imm(0),
                    dst: operand(v),
                });
                self.emit(Instr::JmpCC(cc, *l));
            }
            T::Label(l) => self.emit(Instr::Label(*l)),
            T::Convert { .. } => todo!("conversions"),
            T::Call { name, args, dst } => self.call(*name, args, operand(dst)),
        }
    }

    /// `dst = 0; setCC dst`: materialises a comparison as 0 or 1.
    fn set_flag(&mut self, cc: CondCode, dst: Operand) {
        self.emit(Instr::Mov {
            width: Width::Long,
            src: Operand::Imm(0),
            dst,
        });
        self.emit(Instr::SetCC(cc, dst));
    }

    fn binary(&mut self, op: tacky::BinaryOp, lhs: Operand, rhs: Operand, dst: Operand) {
        use tacky::BinaryOp as T;
        let w = Width::Long;
        let arith = match op {
            T::Add => BinaryOp::Add,
            T::Subtract => BinaryOp::Sub,
            T::Multiply => BinaryOp::Imul,
            T::BitAnd => BinaryOp::And,
            T::BitOr => BinaryOp::Or,
            T::BitXor => BinaryOp::Xor,
            T::ShiftLeft => BinaryOp::Sal,
            T::ShiftRight => BinaryOp::Sar,
            T::Divide | T::Remainder => {
                // idiv divides %edx:%eax; the quotient lands in %eax, the
                // remainder in %edx.
                let result = if op == T::Divide { Reg::Ax } else { Reg::Dx };
                self.emit(Instr::Mov {
                    width: w,
                    src: lhs,
                    dst: Operand::Reg(Reg::Ax),
                });
                self.emit(Instr::Cdq { width: w });
                self.emit(Instr::Idiv { width: w, src: rhs });
                self.emit(Instr::Mov {
                    width: w,
                    src: Operand::Reg(result),
                    dst,
                });
                return;
            }
            T::Equal | T::NotEqual | T::Less | T::LessEqual | T::Greater | T::GreaterEqual => {
                let cc = match op {
                    T::Equal => CondCode::E,
                    T::NotEqual => CondCode::Ne,
                    T::Less => CondCode::L,
                    T::LessEqual => CondCode::Le,
                    T::Greater => CondCode::G,
                    _ => CondCode::Ge,
                };
                self.emit(Instr::Cmp {
                    width: w,
                    src: rhs,
                    dst: lhs,
                });
                self.set_flag(cc, dst);
                return;
            }
        };
        self.emit(Instr::Mov {
            width: w,
            src: lhs,
            dst,
        });
        let src = match (arith.is_shift(), rhs) {
            // The hardware uses the count modulo the operand width; an
            // immediate is reduced the same way so that it fits in a byte.
            (true, Operand::Imm(count)) => Operand::Imm(count & i64::from(w.bytes() * 8 - 1)),
            (true, count) => {
                self.emit(Instr::Mov {
                    width: w,
                    src: count,
                    dst: Operand::Reg(Reg::Cx),
                });
                Operand::Reg(Reg::Cx)
            }
            (false, rhs) => rhs,
        };
        self.emit(Instr::Binary {
            op: arith,
            width: w,
            src,
            dst,
        });
    }

    /// A call under the System V ABI: six arguments in registers, the rest
    /// pushed right to left, `%rsp` 16-byte aligned at the `call`.
    fn call(&mut self, name: crate::intern::Sym, args: &[Val], dst: Operand) {
        let (reg_args, stack_args) = args.split_at(args.len().min(ARG_REGS.len()));
        let padding = if stack_args.len() % 2 == 1 { 8 } else { 0 };
        if padding != 0 {
            self.emit(Instr::Binary {
                op: BinaryOp::Sub,
                width: Width::Quad,
                src: Operand::Imm(padding),
                dst: Operand::Reg(Reg::Sp),
            });
        }
        for (arg, &reg) in reg_args.iter().zip(&ARG_REGS) {
            self.emit(Instr::Mov {
                width: Width::Long,
                src: operand(arg),
                dst: Operand::Reg(reg),
            });
        }
        for arg in stack_args.iter().rev() {
            match operand(arg) {
                op @ (Operand::Imm(_) | Operand::Reg(_)) => self.emit(Instr::Push(op)),
                // A 4-byte object is pushed through a register: `pushq` of
                // the slot would read 4 bytes past it.
                op => {
                    self.emit(Instr::Mov {
                        width: Width::Long,
                        src: op,
                        dst: Operand::Reg(Reg::Ax),
                    });
                    self.emit(Instr::Push(Operand::Reg(Reg::Ax)));
                }
            }
        }
        self.emit(Instr::Call(name));
        let pop = 8 * stack_args.len() as i64 + padding;
        if pop != 0 {
            self.emit(Instr::Binary {
                op: BinaryOp::Add,
                width: Width::Quad,
                src: Operand::Imm(pop),
                dst: Operand::Reg(Reg::Sp),
            });
        }
        self.emit(Instr::Mov {
            width: Width::Long,
            src: Operand::Reg(Reg::Ax),
            dst,
        });
    }
}
