//! Frame layout: gives every pseudo-register a home (book chapters 2 and 10).
//!
//! Takes a function over pseudo-registers; replaces each pseudo-register that
//! names a static-storage object with a RIP-relative data operand and every
//! other one with its own `%rbp`-relative stack slot, aligned to its type.
//! Returns the frame size, rounded up to 16 bytes so that `%rsp` stays aligned
//! for calls (ABI 3.2.2).

use rustc_hash::FxHashMap as HashMap;

use crate::intern::Sym;
use crate::ir::asm::{Function, Instr, Operand, Reg};
use crate::ir::symbols::SymbolTable;

pub fn assign_stack_slots(f: &mut Function, symbols: &SymbolTable) -> u32 {
    let mut slots: HashMap<Sym, i32> = HashMap::default();
    let mut size: u64 = 0;
    let mut home = |op: &mut Operand| {
        let Operand::Pseudo(name) = *op else { return };
        if symbols.is_static(name) {
            *op = Operand::Data(name);
            return;
        }
        let disp = *slots.entry(name).or_insert_with(|| {
            let ty = &symbols.info(name).ty;
            size = (size + ty.size()).next_multiple_of(ty.align());
            -(size as i32)
        });
        *op = Operand::Memory {
            base: Reg::Bp,
            disp,
        };
    };
    for instr in &mut f.instrs {
        match &mut instr.item {
            Instr::Mov { src, dst, .. }
            | Instr::Binary { src, dst, .. }
            | Instr::Cmp { src, dst, .. } => {
                home(src);
                home(dst);
            }
            Instr::Unary { dst: op, .. }
            | Instr::Idiv { src: op, .. }
            | Instr::SetCC(_, op)
            | Instr::Push(op) => home(op),
            Instr::Cdq { .. }
            | Instr::Jmp(_)
            | Instr::JmpCC(..)
            | Instr::Label(_)
            | Instr::Pop(_)
            | Instr::Call(_)
            | Instr::Ret => {}
        }
    }
    (size as u32).next_multiple_of(16)
}
