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
//! for later arguments; MEMORY aggregates always go to the stack.
//!
//! Return values: INTEGER eightbytes in `%rax` then `%rdx`, SSE ones in
//! `%xmm0` then `%xmm1`. A MEMORY return value is written where the caller
//! says: the caller passes the address as a hidden first argument (in
//! `%rdi`, which the other arguments then cannot use), and the callee
//! returns that address in `%rax`.
//!
//! `long double` is of class X87: as an argument it goes to the stack
//! (MEMORY), and an aggregate with one inside is MEMORY. As a return
//! value it comes back in `%st(0)`, and so does an aggregate that is
//! nothing but one `long double` (its classes X87, X87UP:
//! [`returns_on_x87`]).
//!
//! Stack arguments occupy eightbytes in order from the lowest address,
//! each at a multiple of its alignment when that is 16 (a `long double`,
//! an aggregate aligned so), which may leave an eightbyte of padding.

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
        Type::Double | Type::Float => vec![Class::Sse],
        Type::LongDouble => vec![Class::Memory],
        Type::Struct(_) | Type::Union(_) => {
            let size = types.size(ty);
            if size > 16 {
                return vec![Class::Memory];
            }
            let mut classes = vec![Class::Sse; size.div_ceil(8) as usize];
            let mut x87 = false;
            scalars(ty, 0, types, &mut |offset, scalar| {
                if *scalar == Type::LongDouble {
                    x87 = true;
                } else if !scalar.is_floating() {
                    classes[(offset / 8) as usize] = Class::Integer;
                }
            });
            if x87 {
                return vec![Class::Memory];
            }
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

/// Whether a return value of type `ty` comes back in `%st(0)`: a `long
/// double`, or an aggregate whose only scalar is one at its start (and
/// which is no bigger).
pub fn returns_on_x87(ty: &Type, types: &TypeTable) -> bool {
    match ty {
        Type::LongDouble => true,
        Type::Struct(_) | Type::Union(_) if types.size(ty) == 16 => {
            let mut only = true;
            scalars(ty, 0, types, &mut |offset, scalar| {
                only &= offset == 0 && *scalar == Type::LongDouble;
            });
            only
        }
        _ => false,
    }
}

/// Where one argument (or parameter) goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// One register per eightbyte (one for a scalar).
    Regs(Vec<RegLoc>),
    /// On the stack, `offset` bytes above the first stack argument, taking
    /// `eightbytes` slots.
    Stack { offset: u64, eightbytes: u64 },
}

/// One argument as the ABI sees it: its classes (from [`classify`]), size
/// and alignment in bytes.
pub type Arg = (Vec<Class>, u64, u64);

/// Where each of a call's arguments goes; `hidden_return` reserves `%rdi`
/// for the address of a MEMORY return value. Also returns how many
/// integer and SSE registers the call uses and the bytes of stack
/// arguments (up to the end of the last, not rounded).
pub fn place_arguments(args: &[Arg], hidden_return: bool) -> (Vec<Placement>, u8, u8, u64) {
    let mut ints = usize::from(hidden_return);
    let mut sses = 0;
    let mut stack = 0u64;
    let placements = args
        .iter()
        .map(|(classes, size, align)| {
            let need_int = classes.iter().filter(|&&c| c == Class::Integer).count();
            let need_sse = classes.iter().filter(|&&c| c == Class::Sse).count();
            let fits = !classes.contains(&Class::Memory)
                && ints + need_int <= INT_ARG_REGS.len()
                && sses + need_sse <= SSE_ARG_REGS.len();
            if !fits {
                let offset = if *align >= 16 {
                    stack.next_multiple_of(16)
                } else {
                    stack
                };
                let eightbytes = size.div_ceil(8);
                stack = offset + 8 * eightbytes;
                return Placement::Stack { offset, eightbytes };
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
    (placements, ints as u8, sses as u8, stack)
}

/// Whether a return value of type `ty` goes through the caller's buffer
/// (an aggregate of class MEMORY that does not come back in `%st(0)`).
pub fn returns_in_memory(ty: &Type, types: &TypeTable) -> bool {
    ty.is_aggregate_tag() && return_registers(ty, types).is_none() && !returns_on_x87(ty, types)
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

#[cfg(test)]
mod tests {
    use super::Class::{Integer, Memory, Sse};
    use super::*;
    use crate::intern::Interner;
    use crate::ir::types::{Layout, Member, Quals};

    /// A table holding one structure (or union) of the given member types,
    /// laid out as the type checker lays them out; returns its type.
    fn aggregate(
        types: &mut TypeTable,
        names: &mut Interner,
        union: bool,
        members: &[Type],
    ) -> Type {
        let (mut end, mut size, mut align) = (0u64, 0u64, 1u64);
        let mut laid_out = Vec::new();
        for (i, ty) in members.iter().enumerate() {
            let (s, a) = (types.size(ty), types.align(ty));
            let offset = if union { 0 } else { end.next_multiple_of(a) };
            end = offset + s;
            size = size.max(end);
            align = align.max(a);
            laid_out.push(Member {
                name: names.add_numbered("m", i as u32),
                ty: ty.clone(),
                quals: Quals::NONE,
                offset,
                anonymous: false,
                bits: None,
                padding: false,
            });
        }
        let layout = Layout {
            members: laid_out,
            size: size.next_multiple_of(align),
            align,
            is_union: union,
        };
        // Every handle `add_numbered` gives is new.
        let tag = names.add_numbered("tag", 0);
        types.insert(tag, layout);
        if union {
            Type::Union(tag)
        } else {
            Type::Struct(tag)
        }
    }

    #[test]
    fn eightbytes_are_sse_only_when_every_scalar_in_them_is_a_double() {
        let (mut t, mut n) = (TypeTable::default(), Interner::new());
        let int_double = aggregate(&mut t, &mut n, false, &[Type::Int, Type::Double]);
        let two_doubles = aggregate(&mut t, &mut n, false, &[Type::Double, Type::Double]);
        let char_tail = aggregate(&mut t, &mut n, false, &[Type::Long, Type::Char]);
        let chars = aggregate(
            &mut t,
            &mut n,
            false,
            &[Type::Array(Box::new(Type::Char), 3)],
        );
        let int_in_double = aggregate(&mut t, &mut n, false, &[Type::Double, Type::Int, Type::Int]);
        assert_eq!(classify(&int_double, &t), [Integer, Sse]);
        assert_eq!(classify(&two_doubles, &t), [Sse, Sse]);
        assert_eq!(classify(&char_tail, &t), [Integer, Integer]);
        assert_eq!(classify(&chars, &t), [Integer]);
        assert_eq!(classify(&int_in_double, &t), [Sse, Integer]);
    }

    #[test]
    fn unions_merge_their_members_and_big_aggregates_go_to_memory() {
        let (mut t, mut n) = (TypeTable::default(), Interner::new());
        let int_or_double = aggregate(&mut t, &mut n, true, &[Type::Int, Type::Double]);
        let double_or_double = aggregate(&mut t, &mut n, true, &[Type::Double, Type::Double]);
        let big = aggregate(
            &mut t,
            &mut n,
            false,
            &[Type::Array(Box::new(Type::Char), 17)],
        );
        let nested = aggregate(
            &mut t,
            &mut n,
            false,
            &[int_or_double.clone(), Type::Double],
        );
        assert_eq!(classify(&int_or_double, &t), [Integer]);
        assert_eq!(classify(&double_or_double, &t), [Sse]);
        assert_eq!(classify(&big, &t), [Memory]);
        assert_eq!(classify(&nested, &t), [Integer, Sse]);
        assert_eq!(return_registers(&big, &t), None);
        assert_eq!(
            return_registers(&nested, &t),
            Some(vec![RegLoc::Int(Reg::Ax), RegLoc::Sse(Xmm(0))])
        );
    }

    #[test]
    fn an_aggregate_that_does_not_fit_goes_whole_to_the_stack() {
        // Five integers, then a two-INTEGER structure (one register left:
        // to the stack), then a long (still takes %r9).
        let mut args = vec![(vec![Integer], 8, 8); 5];
        args.push((vec![Integer, Integer], 16, 8));
        args.push((vec![Integer], 8, 8));
        let (placements, ints, sses, stack) = place_arguments(&args, false);
        assert_eq!(
            placements[5],
            Placement::Stack {
                offset: 0,
                eightbytes: 2
            }
        );
        assert_eq!(placements[6], Placement::Regs(vec![RegLoc::Int(Reg::R9)]));
        assert_eq!((ints, sses, stack), (6, 0, 16));
        // A hidden return buffer takes %rdi.
        let (placements, ..) = place_arguments(&[(vec![Integer], 8, 8)], true);
        assert_eq!(placements[0], Placement::Regs(vec![RegLoc::Int(Reg::Si)]));
    }

    #[test]
    fn long_doubles_go_to_the_stack_at_multiples_of_sixteen() {
        let t = TypeTable::default();
        assert_eq!(classify(&Type::LongDouble, &t), [Memory]);
        assert_eq!(return_registers(&Type::LongDouble, &t), None);
        assert!(returns_on_x87(&Type::LongDouble, &t));
        // An eightbyte, then a long double: padded to 16.
        let args = [(vec![Memory], 8, 8), (vec![Memory], 16, 16)];
        let (placements, .., stack) = place_arguments(&args, false);
        assert_eq!(
            placements[1],
            Placement::Stack {
                offset: 16,
                eightbytes: 2
            }
        );
        assert_eq!(stack, 32);
    }

    #[test]
    fn an_aggregate_of_one_long_double_returns_on_the_x87_stack() {
        let (mut t, mut n) = (TypeTable::default(), Interner::new());
        let single = aggregate(&mut t, &mut n, false, &[Type::LongDouble]);
        let tagged = aggregate(&mut t, &mut n, false, &[Type::LongDouble, Type::Int]);
        let mixed = aggregate(&mut t, &mut n, true, &[Type::LongDouble, Type::Int]);
        assert_eq!(classify(&single, &t), [Memory]);
        assert!(returns_on_x87(&single, &t));
        assert!(!returns_on_x87(&tagged, &t) && !returns_on_x87(&mixed, &t));
        assert_eq!(classify(&mixed, &t), [Memory]);
    }
}
