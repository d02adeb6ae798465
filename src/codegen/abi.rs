//! The System V AMD64 calling convention (ABI 3.2.3): where each argument,
//! parameter and return value goes. Instruction selection asks this module
//! for both sides of every call, so caller and callee agree by construction.
//!
//! # The rule
//!
//! A scalar is of class INTEGER (integers, pointers) or SSE (`double`). A
//! structure or union larger than 16 bytes is of class MEMORY. A smaller
//! one is split into eightbytes (8-byte chunks from its start); each
//! eightbyte is SSE if every scalar inside the aggregate that overlaps it
//! (members of nested structures, array elements, union alternatives
//! alike) is a `double`, and INTEGER otherwise. (Members are naturally
//! aligned here, so none straddles two eightbytes and the ABI's
//! "unaligned field" case cannot arise.)
//!
//! Arguments, left to right: each INTEGER eightbyte takes the next of
//! `%rdi %rsi %rdx %rcx %r8 %r9`, each SSE eightbyte the next of
//! `%xmm0`-`%xmm7`. An aggregate whose eightbytes do not all fit in the
//! registers left goes, whole, to the stack, and the registers stay free
//! for later arguments; MEMORY aggregates always go to the stack. Stack
//! arguments occupy eightbytes in order from the lowest address.
//!
//! Return values: INTEGER eightbytes in `%rax` then `%rdx`, SSE ones in
//! `%xmm0` then `%xmm1`. A MEMORY return value is written where the caller
//! says: the caller passes the address as a hidden first argument (in
//! `%rdi`, which the other arguments then cannot use), and the callee
//! returns that address in `%rax`.

use crate::ir::asm::{INT_ARG_REGS, Reg, SSE_ARG_REGS, Xmm};
use crate::ir::types::{Type, TypeTable};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    Integer,
    Sse,
    Memory,
}

/// A register an eightbyte travels in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegLoc {
    Int(Reg),
    Sse(Xmm),
}

/// The classes of a value of type `ty`: one per eightbyte for an aggregate
/// passed in registers (the last one possibly partial), `[Memory]` for one
/// passed in memory, one class for a scalar.
pub fn classify(ty: &Type, types: &TypeTable) -> Vec<Class> {
    match ty {
        Type::Double => vec![Class::Sse],
        Type::Struct(_) | Type::Union(_) => {
            let size = types.size(ty);
            if size > 16 {
                return vec![Class::Memory];
            }
            let mut classes = vec![Class::Sse; size.div_ceil(8) as usize];
            scalars(ty, 0, types, &mut |offset, scalar| {
                if *scalar != Type::Double {
                    classes[(offset / 8) as usize] = Class::Integer;
                }
            });
            classes
        }
        _ => vec![Class::Integer],
    }
}

/// Calls `f` with the offset and type of every scalar inside a value of
/// type `ty` placed at `base`.
fn scalars(ty: &Type, base: u64, types: &TypeTable, f: &mut impl FnMut(u64, &Type)) {
    match ty {
        Type::Struct(_) | Type::Union(_) => {
            let layout = types.layout(ty).expect("a complete aggregate");
            for m in &layout.members {
                scalars(&m.ty, base + m.offset, types, f);
            }
        }
        Type::Array(elem, len) => {
            let size = types.size(elem);
            for i in 0..*len {
                scalars(elem, base + i * size, types, f);
            }
        }
        scalar => f(base, scalar),
    }
}

/// Where one argument (or parameter) goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// One register per eightbyte (one for a scalar).
    Regs(Vec<RegLoc>),
    /// On the stack, taking `eightbytes` slots.
    Stack { eightbytes: u64 },
}

/// Where each of a call's arguments goes, given their classes (from
/// [`classify`]) and sizes in bytes; `hidden_return` reserves `%rdi` for
/// the address of a MEMORY return value. Also returns how many integer and
/// SSE registers the call uses.
pub fn place_arguments(
    args: &[(Vec<Class>, u64)],
    hidden_return: bool,
) -> (Vec<Placement>, u8, u8) {
    let mut ints = usize::from(hidden_return);
    let mut sses = 0;
    let placements = args
        .iter()
        .map(|(classes, size)| {
            let need_int = classes.iter().filter(|&&c| c == Class::Integer).count();
            let need_sse = classes.iter().filter(|&&c| c == Class::Sse).count();
            let fits = !classes.contains(&Class::Memory)
                && ints + need_int <= INT_ARG_REGS.len()
                && sses + need_sse <= SSE_ARG_REGS.len();
            if !fits {
                return Placement::Stack {
                    eightbytes: size.div_ceil(8),
                };
            }
            let regs = classes
                .iter()
                .map(|class| match class {
                    Class::Integer => {
                        ints += 1;
                        RegLoc::Int(INT_ARG_REGS[ints - 1])
                    }
                    _ => {
                        sses += 1;
                        RegLoc::Sse(SSE_ARG_REGS[sses - 1])
                    }
                })
                .collect();
            Placement::Regs(regs)
        })
        .collect();
    (placements, ints as u8, sses as u8)
}

/// Where a return value of type `ty` travels: registers in eightbyte order,
/// or `None` for MEMORY (through the caller's buffer, see the module
/// header).
pub fn return_registers(ty: &Type, types: &TypeTable) -> Option<Vec<RegLoc>> {
    let classes = classify(ty, types);
    if classes == [Class::Memory] {
        return None;
    }
    let (mut ints, mut sses) = ([Reg::Ax, Reg::Dx].into_iter(), [Xmm(0), Xmm(1)].into_iter());
    Some(
        classes
            .iter()
            .map(|class| match class {
                Class::Integer => RegLoc::Int(ints.next().expect("two at most")),
                _ => RegLoc::Sse(sses.next().expect("two at most")),
            })
            .collect(),
    )
}
