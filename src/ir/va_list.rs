//! gcc's `__builtin_va_list` on x86-64 (System V ABI 3.5.7), described
//! once for the passes that declare, check, lower and select it:
//!
//! ```c
//! typedef struct __va_list_tag {
//!     unsigned int gp_offset;   /* next general register in the save area */
//!     unsigned int fp_offset;   /* next SSE register in the save area */
//!     void *overflow_arg_area;  /* next argument on the stack */
//!     void *reg_save_area;      /* where the prologue saved the registers */
//! } __builtin_va_list[1];
//! ```
//!
//! gcc declares both names before the file's first line; so do the parser,
//! identifier resolution and the type table ([`declare`]).

use crate::intern::{Interner, Sym};
use crate::ir::types::{Layout, Member, Quals, Type, TypeTable};

/// The typedef name `<stdarg.h>` builds `va_list` on.
pub const TYPEDEF: &str = "__builtin_va_list";
/// The structure's tag, reserved to the implementation as gcc's is.
pub const TAG: &str = "__va_list_tag";

pub const GP_OFFSET: i64 = 0;
pub const FP_OFFSET: i64 = 4;
pub const OVERFLOW_ARG_AREA: i64 = 8;
pub const REG_SAVE_AREA: i64 = 16;

/// The register save area a variadic function's prologue fills: the six
/// integer argument registers, then the eight SSE ones, 16 bytes each.
pub const SAVE_AREA_SIZE: u64 = 48 + 8 * 16;
/// Where the SSE registers start in it, and where `gp_offset` says the
/// integer ones are used up.
pub const GP_LIMIT: u32 = 48;
/// Where `fp_offset` says the SSE ones are used up.
pub const FP_LIMIT: u32 = 176;

/// `__builtin_va_list`'s type: an array of one `struct __va_list_tag`.
pub fn ty(interner: &mut Interner) -> Type {
    Type::Array(Box::new(Type::Struct(interner.intern(TAG))), 1)
}

/// Enters the structure's layout in `types` (its tag is not renamed:
/// identifier resolution keeps it as it is).
pub fn declare(types: &mut TypeTable, interner: &mut Interner) {
    let void_ptr = Type::pointer_to(Type::Void);
    let member = |interner: &mut Interner, name: &str, ty: Type, offset: i64| Member {
        name: interner.intern(name),
        ty,
        quals: Quals::NONE,
        offset: offset as u64,
        anonymous: false,
        bits: None,
        padding: false,
    };
    let members = vec![
        member(interner, "gp_offset", Type::UInt, GP_OFFSET),
        member(interner, "fp_offset", Type::UInt, FP_OFFSET),
        member(
            interner,
            "overflow_arg_area",
            void_ptr.clone(),
            OVERFLOW_ARG_AREA,
        ),
        member(interner, "reg_save_area", void_ptr, REG_SAVE_AREA),
    ];
    let tag: Sym = interner.intern(TAG);
    types.insert(
        tag,
        Layout {
            members,
            size: 24,
            align: 8,
            is_union: false,
        },
    );
}
