//! The AT&T text back end: prints the final assembly IR for GNU `as`.
//!
//! Takes a concrete asm program (after fix-up); returns assembly text. It only
//! prints: one IR instruction is one line, and every naming and section
//! decision comes from [`Target`], which the encoder shares.

use rustc_hash::FxHashSet as HashSet;
use std::fmt::Write as _;

use crate::intern::{Interner, Sym};
use crate::ir::asm::{
    BinaryOp, CondCode, Function, Instr, Operand, Program, Reg, StaticVar, TopLevel, UnaryOp, Width,
};
use crate::ir::symbols::StaticInit;
use crate::target::{DataSection, Target};

pub fn render_program(prog: &Program, interner: &Interner, target: &Target) -> String {
    let defined: HashSet<Sym> = prog
        .items
        .iter()
        .filter_map(|item| match item {
            TopLevel::Function(f) => Some(f.name),
            TopLevel::StaticVar(_) => None,
        })
        .collect();
    let mut r = Renderer::new(interner, target, defined);
    r.out.reserve(4096);
    r.out.push_str(&target.text_prologue());
    for item in &prog.items {
        match item {
            TopLevel::Function(f) => r.function(f),
            TopLevel::StaticVar(s) => r.static_var(s),
        }
    }
    r.out.push_str(target.text_epilogue());
    r.out
}

/// One instruction as `render_program` prints it, without the indentation
/// and newline; a call is rendered as a call to a function defined elsewhere.
pub fn render_instr(instr: &Instr, interner: &Interner, target: &Target) -> String {
    let mut r = Renderer::new(interner, target, HashSet::default());
    r.instr(instr);
    r.out.trim().to_string()
}

struct Renderer<'a> {
    out: String,
    interner: &'a Interner,
    target: &'a Target,
    /// Functions defined in this file: calls to others go through the PLT.
    defined: HashSet<Sym>,
}

fn reg_name(reg: Reg, width: Width) -> &'static str {
    use Reg::*;
    use Width::*;
    match (reg, width) {
        (Ax, Byte) => "%al",
        (Ax, Long) => "%eax",
        (Ax, Quad) => "%rax",
        (Cx, Byte) => "%cl",
        (Cx, Long) => "%ecx",
        (Cx, Quad) => "%rcx",
        (Dx, Byte) => "%dl",
        (Dx, Long) => "%edx",
        (Dx, Quad) => "%rdx",
        (Bx, Byte) => "%bl",
        (Bx, Long) => "%ebx",
        (Bx, Quad) => "%rbx",
        (Sp, Byte) => "%spl",
        (Sp, Long) => "%esp",
        (Sp, Quad) => "%rsp",
        (Bp, Byte) => "%bpl",
        (Bp, Long) => "%ebp",
        (Bp, Quad) => "%rbp",
        (Si, Byte) => "%sil",
        (Si, Long) => "%esi",
        (Si, Quad) => "%rsi",
        (Di, Byte) => "%dil",
        (Di, Long) => "%edi",
        (Di, Quad) => "%rdi",
        (R8, Byte) => "%r8b",
        (R8, Long) => "%r8d",
        (R8, Quad) => "%r8",
        (R9, Byte) => "%r9b",
        (R9, Long) => "%r9d",
        (R9, Quad) => "%r9",
        (R10, Byte) => "%r10b",
        (R10, Long) => "%r10d",
        (R10, Quad) => "%r10",
        (R11, Byte) => "%r11b",
        (R11, Long) => "%r11d",
        (R11, Quad) => "%r11",
        (R12, Byte) => "%r12b",
        (R12, Long) => "%r12d",
        (R12, Quad) => "%r12",
        (R13, Byte) => "%r13b",
        (R13, Long) => "%r13d",
        (R13, Quad) => "%r13",
        (R14, Byte) => "%r14b",
        (R14, Long) => "%r14d",
        (R14, Quad) => "%r14",
        (R15, Byte) => "%r15b",
        (R15, Long) => "%r15d",
        (R15, Quad) => "%r15",
    }
}

fn suffix(width: Width) -> char {
    match width {
        Width::Byte => 'b',
        Width::Long => 'l',
        Width::Quad => 'q',
    }
}

fn cond_suffix(cc: CondCode) -> &'static str {
    match cc {
        CondCode::E => "e",
        CondCode::Ne => "ne",
        CondCode::L => "l",
        CondCode::Le => "le",
        CondCode::G => "g",
        CondCode::Ge => "ge",
    }
}

impl<'a> Renderer<'a> {
    /// An empty renderer; `defined` are the functions defined in this file.
    fn new(interner: &'a Interner, target: &'a Target, defined: HashSet<Sym>) -> Self {
        Renderer {
            out: String::new(),
            interner,
            target,
            defined,
        }
    }

    fn symbol(&self, name: Sym) -> String {
        self.target.symbol_name(self.interner.get(name))
    }

    fn operand(&self, op: Operand, width: Width) -> String {
        match op {
            Operand::Imm(v) => format!("${v}"),
            Operand::Reg(r) => reg_name(r, width).to_string(),
            Operand::Memory { base, disp: 0 } => format!("({})", reg_name(base, Width::Quad)),
            Operand::Memory { base, disp } => format!("{disp}({})", reg_name(base, Width::Quad)),
            Operand::Data(name) => format!("{}(%rip)", self.symbol(name)),
            Operand::Pseudo(_) => panic!("pseudo-register reached the text back end"),
        }
    }

    fn line(&mut self, text: std::fmt::Arguments<'_>) {
        let _ = writeln!(self.out, "\t{text}");
    }

    fn globl(&mut self, name: &str, global: bool) {
        if global {
            let _ = writeln!(self.out, "\t.globl {name}");
        }
    }

    fn function(&mut self, f: &Function) {
        let name = self.symbol(f.name);
        self.globl(&name, f.global);
        let _ = writeln!(self.out, "\t.text\n{name}:");
        for instr in &f.instrs {
            self.instr(&instr.item);
        }
    }

    fn static_var(&mut self, s: &StaticVar) {
        let name = self.symbol(s.name);
        self.globl(&name, s.global);
        let section = match self.target.data_section(s.init.is_zero()) {
            DataSection::Data => ".data",
            DataSection::Bss => ".bss",
        };
        let _ = writeln!(self.out, "\t{section}\n\t.balign {}\n{name}:", s.align);
        match s.init {
            init if init.is_zero() => self.line(format_args!(".zero {}", init.size())),
            StaticInit::Scalar(c) => self.line(format_args!(".long {}", c.bits() as u32 as i32)),
        }
    }

    fn instr(&mut self, instr: &Instr) {
        match *instr {
            Instr::Mov { width, src, dst } => {
                let (s, d) = (self.operand(src, width), self.operand(dst, width));
                self.line(format_args!("mov{} {s}, {d}", suffix(width)));
            }
            Instr::Unary { op, width, dst } => {
                let mnemonic = match op {
                    UnaryOp::Neg => "neg",
                    UnaryOp::Not => "not",
                };
                let d = self.operand(dst, width);
                self.line(format_args!("{mnemonic}{} {d}", suffix(width)));
            }
            Instr::Binary {
                op,
                width,
                src,
                dst,
            } => {
                let mnemonic = match op {
                    BinaryOp::Add => "add",
                    BinaryOp::Sub => "sub",
                    BinaryOp::Imul => "imul",
                    BinaryOp::And => "and",
                    BinaryOp::Or => "or",
                    BinaryOp::Xor => "xor",
                    BinaryOp::Sal => "sal",
                    BinaryOp::Sar => "sar",
                };
                // A shift count register is always %cl.
                let src_width = if op.is_shift() { Width::Byte } else { width };
                let (s, d) = (self.operand(src, src_width), self.operand(dst, width));
                self.line(format_args!("{mnemonic}{} {s}, {d}", suffix(width)));
            }
            Instr::Cmp { width, src, dst } => {
                let (s, d) = (self.operand(src, width), self.operand(dst, width));
                self.line(format_args!("cmp{} {s}, {d}", suffix(width)));
            }
            Instr::Idiv { width, src } => {
                let s = self.operand(src, width);
                self.line(format_args!("idiv{} {s}", suffix(width)));
            }
            Instr::Cdq { width: Width::Quad } => self.line(format_args!("cqto")),
            Instr::Cdq { .. } => self.line(format_args!("cltd")),
            Instr::Jmp(l) => {
                let l = self.target.local_label(l);
                self.line(format_args!("jmp {l}"));
            }
            Instr::JmpCC(cc, l) => {
                let l = self.target.local_label(l);
                self.line(format_args!("j{} {l}", cond_suffix(cc)));
            }
            Instr::SetCC(cc, dst) => {
                let d = self.operand(dst, Width::Byte);
                self.line(format_args!("set{} {d}", cond_suffix(cc)));
            }
            Instr::Label(l) => {
                let l = self.target.local_label(l);
                let _ = writeln!(self.out, "{l}:");
            }
            Instr::Push(src) => {
                let s = self.operand(src, Width::Quad);
                self.line(format_args!("pushq {s}"));
            }
            Instr::Pop(reg) => self.line(format_args!("popq {}", reg_name(reg, Width::Quad))),
            Instr::Call(name) => {
                let sym = self.symbol(name);
                let plt = self.target.call_via_plt(self.defined.contains(&name));
                self.line(format_args!("call {sym}{}", if plt { "@PLT" } else { "" }));
            }
            Instr::Ret => self.line(format_args!("ret")),
        }
    }
}
