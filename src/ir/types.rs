//! C types as semantic analysis and the IRs see them (book chapters 9-17).

use std::fmt;

use rustc_hash::FxHashMap as HashMap;

use crate::intern::Sym;

#[derive(Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// `void`: no value, an incomplete type that cannot be completed.
    Void,
    /// `_Bool`: one byte holding 0 or 1; converting any scalar to it
    /// compares it with 0 (C11 6.3.1.2).
    Bool,
    /// Plain `char`: signed here, as on x86-64 System V, but a type of its
    /// own (C11 6.2.5p15).
    Char,
    SChar,
    UChar,
    /// `short` and `unsigned short`: 16 bits.
    Short,
    UShort,
    Int,
    Long,
    UInt,
    ULong,
    /// `float`: IEEE single precision.
    Float,
    Double,
    /// `long double`: the x87 80-bit extended format in 16 bytes (6 of
    /// them padding), 16-aligned.
    LongDouble,
    /// `float _Complex`, `double _Complex` or `long double _Complex`: a
    /// real and an imaginary part of the type. Only declared (glibc's
    /// `<complex.h>` declares functions of them); its values are refused
    /// by the type checker.
    Complex(Box<Type>),
    /// A pointer, with the qualifiers of what it points to (`const char *`
    /// is `Pointer(Char, CONST)`); a qualified array's qualifiers are its
    /// element's (C11 6.7.3p9), so they are here for a pointer to one too.
    Pointer(Box<Type>, Quals),
    /// An array of `len` elements (C11 6.2.5p20); 0 is an array of unknown
    /// size, an incomplete type (`extern int a[];`).
    Array(Box<Type>, u64),
    /// An array whose length is a constant expression only the type
    /// checker can evaluate (`sizeof` of a structure or of an expression,
    /// `offsetof`): the parser keeps the expression, and the type checker
    /// replaces the type by [`Type::Array`], so no later pass sees one.
    DeferredArray(Box<DeferredArray>),
    /// A variable-length array (C11 6.7.6.2p4): its size in bytes is only
    /// known when its declaration is reached, and is kept in the
    /// function's `unsigned long` variable named here, set where the type
    /// checker placed the computation. Only automatic objects, pointers to
    /// them and parameters have such types; a VLA object is a pointer
    /// variable holding where the array was allocated (see
    /// `sema::typecheck`), so no object in a frame has this type, and
    /// neither `size` nor the type table's is asked of it.
    Vla(Box<Type>, Sym),
    /// `typeof (expression)` as the parser reads it: the type checker
    /// replaces it by the expression's type, so no later pass sees one.
    TypeOf(Box<UncheckedExpr>),
    /// A structure or union, by its tag made unique by identifier
    /// resolution; its members and layout are in the [`TypeTable`] once it
    /// is complete.
    Struct(Sym),
    Union(Sym),
    /// A typedef name as the parser reads it (C11 6.7.8); identifier
    /// resolution replaces it by the [`Type::Alias`] of the type it names,
    /// so no later pass sees one.
    Typedef(Sym),
    /// A type as it was written, under a name: a resolved typedef name or
    /// an enumerated type. Only debug information describes it; the type
    /// checker replaces it by the type it stands for (keeping the written
    /// form of a declaration aside for debug information), so no later
    /// pass sees one.
    Alias(Box<Alias>),
    /// Boxed: function types are rare, and every expression carries a type.
    Function(Box<FunType>),
    /// A qualified type as the parser reads it (`const int`, `int *const`,
    /// a typedef of one): the type checker moves the qualifiers where they
    /// are kept, into the pointer that points to it or onto the object
    /// declared, so no later pass sees one.
    Qualified(Quals, Box<Type>),
}

/// Type qualifiers (C11 6.7.3): `const` and `volatile`. (`restrict` only
/// promises what optimisers may assume, and mcc does not keep it.)
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq, Hash)]
pub struct Quals(u8);

impl Quals {
    pub const NONE: Quals = Quals(0);
    pub const CONST: Quals = Quals(1);
    pub const VOLATILE: Quals = Quals(2);
    /// `_Atomic` (C11 6.7.3p3): every access is one atomic operation.
    pub const ATOMIC: Quals = Quals(4);

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn contains(self, other: Quals) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn is_const(self) -> bool {
        self.contains(Quals::CONST)
    }

    /// The qualifiers of `self` that `other` lacks.
    pub fn without(self, other: Quals) -> Quals {
        Quals(self.0 & !other.0)
    }

    /// Whether accesses to what has them must all be kept, as the
    /// program makes them: `volatile` or `_Atomic`.
    pub fn keeps_accesses(self) -> bool {
        self.0 & (Quals::VOLATILE.0 | Quals::ATOMIC.0) != 0
    }

    /// As gcc's diagnostics spell them (`const volatile`).
    pub fn words(self) -> String {
        [
            (Quals::CONST, "const"),
            (Quals::VOLATILE, "volatile"),
            (Quals::ATOMIC, "_Atomic"),
        ]
        .iter()
        .filter(|(q, _)| self.contains(*q))
        .map(|(_, w)| *w)
        .collect::<Vec<_>>()
        .join(" ")
    }
}

impl std::ops::BitOr for Quals {
    type Output = Quals;
    fn bitor(self, other: Quals) -> Quals {
        Quals(self.0 | other.0)
    }
}

impl std::ops::BitOrAssign for Quals {
    fn bitor_assign(&mut self, other: Quals) {
        self.0 |= other.0;
    }
}

/// An expression inside a type the parser could not settle (a `typeof`,
/// a deferred array length), until the type checker replaces the type.
/// Two are the same when they are the same expression, written at the
/// same place (a typedef's copies).
#[derive(Clone)]
pub struct UncheckedExpr(pub crate::ir::ast::Expr);

impl PartialEq for UncheckedExpr {
    fn eq(&self, other: &Self) -> bool {
        self.0.span == other.0.span
    }
}

impl Eq for UncheckedExpr {}

impl std::hash::Hash for UncheckedExpr {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

impl fmt::Debug for UncheckedExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[expression]")
    }
}

/// See [`Type::Alias`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Alias {
    /// What it stands for, itself as written (a typedef of a typedef is
    /// an alias of an alias); an enumerated type's integer type.
    pub ty: Type,
    /// The typedef name, or the enumeration's tag (none if unnamed).
    pub name: Option<Sym>,
    /// An enumerated type's constants with their values, in order (those
    /// whose values only the type checker knows are left out); `None` for
    /// a typedef name.
    pub enumerators: Option<std::sync::Arc<[(Sym, i64)]>>,
    /// gcc's `aligned (N)` on the typedef: objects and members declared
    /// with it are aligned so (more or less than the type is).
    pub align: Option<u64>,
}

impl Alias {
    /// `ty` written as typedef name `name`, which gcc's `aligned` may
    /// give an alignment.
    pub fn typedef(ty: Type, name: Sym, align: Option<u64>) -> Type {
        Type::Alias(Box::new(Alias {
            ty,
            name: Some(name),
            enumerators: None,
            align,
        }))
    }
}

/// The alignment a declaration's type as written asks through typedef
/// names with gcc's `aligned` (the outermost one that does), looking
/// through qualifiers and into array elements.
pub fn written_align(ty: &Type) -> Option<u64> {
    match ty {
        Type::Alias(a) => a.align.or_else(|| written_align(&a.ty)),
        Type::Qualified(_, t) | Type::Array(t, _) => written_align(t),
        Type::DeferredArray(d) => written_align(&d.elem),
        _ => None,
    }
}

/// An array type with its length still an expression: see
/// [`Type::DeferredArray`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DeferredArray {
    pub elem: Type,
    pub len: UncheckedExpr,
    /// A structure's last member may have length 0 (gcc's flexible array
    /// member before C99).
    pub zero_allowed: bool,
    /// `[*]` (in a prototype): a variable length not given; `len` is a
    /// placeholder.
    pub unspecified: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FunType {
    pub params: Vec<Type>,
    pub ret: Box<Type>,
    /// The parameter list ends in `, ...`.
    pub variadic: bool,
    /// False for `f()`: a declarator that gives no parameter information
    /// (C11 6.7.6.3p14). Calls through such a type are not checked against
    /// parameters and promote every argument (6.5.2.2p6); a definition
    /// `f() { ... }` takes none.
    pub prototype: bool,
}

impl FunType {
    /// Whether a call passes arguments beyond the parameters, as a
    /// variadic call does its extra ones (promoted, with `%al` set).
    pub fn takes_extra_arguments(&self) -> bool {
        self.variadic || !self.prototype
    }
}

impl Clone for Type {
    /// Written out so that copying a scalar type, which every expression
    /// does, is inlined rather than a call into derived code.
    #[inline]
    fn clone(&self) -> Type {
        match self {
            Type::Void => Type::Void,
            Type::Bool => Type::Bool,
            Type::Char => Type::Char,
            Type::SChar => Type::SChar,
            Type::UChar => Type::UChar,
            Type::Short => Type::Short,
            Type::UShort => Type::UShort,
            Type::Int => Type::Int,
            Type::Long => Type::Long,
            Type::UInt => Type::UInt,
            Type::ULong => Type::ULong,
            Type::Double => Type::Double,
            Type::Float => Type::Float,
            Type::LongDouble => Type::LongDouble,
            Type::Complex(t) => Type::Complex(t.clone()),
            Type::Pointer(t, q) => Type::Pointer(t.clone(), *q),
            Type::Array(t, n) => Type::Array(t.clone(), *n),
            Type::DeferredArray(d) => Type::DeferredArray(d.clone()),
            Type::Vla(t, size) => Type::Vla(t.clone(), *size),
            Type::TypeOf(t) => Type::TypeOf(t.clone()),
            Type::Struct(tag) => Type::Struct(*tag),
            Type::Union(tag) => Type::Union(*tag),
            Type::Typedef(name) => Type::Typedef(*name),
            Type::Alias(a) => Type::Alias(a.clone()),
            Type::Function(f) => Type::Function(f.clone()),
            Type::Qualified(q, t) => Type::Qualified(*q, t.clone()),
        }
    }
}

impl Type {
    pub fn pointer_to(ty: Type) -> Type {
        Type::Pointer(Box::new(ty), Quals::NONE)
    }

    /// Whether the two are the same type once every qualifier at every
    /// level is forgotten (`const char **` and `char *const *`): what
    /// code generation cares about.
    pub fn eq_unqualified(&self, other: &Type) -> bool {
        match (self, other) {
            (Type::Pointer(a, _), Type::Pointer(b, _)) => a.eq_unqualified(b),
            (Type::Array(a, n), Type::Array(b, m)) => n == m && a.eq_unqualified(b),
            (Type::Vla(a, n), Type::Vla(b, m)) => n == m && a.eq_unqualified(b),
            (Type::Function(a), Type::Function(b)) => {
                a.variadic == b.variadic
                    && a.prototype == b.prototype
                    && a.params.len() == b.params.len()
                    && a.ret.eq_unqualified(&b.ret)
                    && a.params
                        .iter()
                        .zip(&b.params)
                        .all(|(x, y)| x.eq_unqualified(y))
            }
            (a, b) => a == b,
        }
    }

    /// Size in bytes of an object of this type (System V AMD64 ABI, 3.1.2).
    pub fn size(&self) -> u64 {
        match self {
            Type::Bool | Type::Char | Type::SChar | Type::UChar => 1,
            Type::Short | Type::UShort => 2,
            Type::Int | Type::UInt | Type::Float => 4,
            Type::Long | Type::ULong | Type::Double | Type::Pointer(..) => 8,
            Type::LongDouble => 16,
            Type::Complex(part) => 2 * part.size(),
            Type::Array(elem, len) => elem.size() * len,
            Type::Struct(_) | Type::Union(_) => panic!("an aggregate's size is in the TypeTable"),
            Type::Void | Type::Function(_) => panic!("{self} has no size"),
            Type::Typedef(_) | Type::Alias(_) => {
                panic!("a typedef name is resolved before sizes are asked")
            }
            Type::DeferredArray(_) => {
                panic!("a deferred length is evaluated before sizes are asked")
            }
            Type::TypeOf(_) => panic!("a typeof is replaced before sizes are asked"),
            Type::Qualified(..) => panic!("qualifiers are settled before sizes are asked"),
            Type::Vla(..) => panic!("a variable-length array's size is a variable"),
        }
    }

    /// Alignment in bytes: an array aligns as its element (the ABI's rule
    /// for large arrays is about variables, see `lay_out_frame`).
    pub fn align(&self) -> u64 {
        match self {
            Type::Array(elem, _) | Type::Complex(elem) | Type::Vla(elem, _) => elem.align(),
            Type::DeferredArray(d) => d.elem.align(),
            scalar => scalar.size(),
        }
    }

    /// The integer type of `bytes` bytes (1, 2, 4; 8 for any other), signed
    /// or not: a bit-field's storage unit, what gcc's `mode` asks for.
    pub fn integer(bytes: u64, signed: bool) -> Type {
        match (bytes, signed) {
            (1, true) => Type::SChar,
            (1, false) => Type::UChar,
            (2, true) => Type::Short,
            (2, false) => Type::UShort,
            (4, true) => Type::Int,
            (4, false) => Type::UInt,
            (_, true) => Type::Long,
            (_, false) => Type::ULong,
        }
    }

    /// `char` (signed here), `signed char`, `int` and `long` (C11 6.2.5p4);
    /// `double` counts as neither.
    pub fn is_signed(&self) -> bool {
        matches!(
            self,
            Type::Char | Type::SChar | Type::Short | Type::Int | Type::Long
        )
    }

    pub fn is_character(&self) -> bool {
        matches!(self, Type::Char | Type::SChar | Type::UChar)
    }

    pub fn is_integer(&self) -> bool {
        matches!(
            self,
            Type::Bool
                | Type::Char
                | Type::SChar
                | Type::UChar
                | Type::Short
                | Type::UShort
                | Type::Int
                | Type::Long
                | Type::UInt
                | Type::ULong
        )
    }

    pub fn is_arithmetic(&self) -> bool {
        self.is_integer() || self.is_floating()
    }

    /// `float`, `double` and `long double`: the real floating types.
    pub fn is_floating(&self) -> bool {
        matches!(self, Type::Float | Type::Double | Type::LongDouble)
    }

    pub fn is_pointer(&self) -> bool {
        matches!(self, Type::Pointer(..))
    }

    /// `void *`.
    pub fn is_void_pointer(&self) -> bool {
        matches!(self, Type::Pointer(t, _) if **t == Type::Void)
    }

    /// A type objects can have a size of (C11 6.2.5p1): not `void`, not a
    /// function.
    pub fn is_complete(&self) -> bool {
        !matches!(self, Type::Void | Type::Function(_))
    }

    /// Whether `f` holds of the type or of one it is derived from: a
    /// pointer's target, an array's element, what a qualified type or an
    /// alias stands for (not a function's parameters or result).
    pub fn any_derived(&self, f: &impl Fn(&Type) -> bool) -> bool {
        f(self)
            || match self {
                Type::Pointer(t, _)
                | Type::Array(t, _)
                | Type::Vla(t, _)
                | Type::Qualified(_, t) => t.any_derived(f),
                Type::DeferredArray(d) => d.elem.any_derived(f),
                Type::Alias(a) => a.ty.any_derived(f),
                _ => false,
            }
    }

    /// Whether the type as written names a typedef or an enumerated type
    /// anywhere (not in a function's parameters).
    pub fn has_alias(&self) -> bool {
        self.any_derived(&|t| matches!(t, Type::Alias(_)))
    }

    /// An array, of constant or variable length.
    pub fn is_array(&self) -> bool {
        matches!(self, Type::Array(..) | Type::Vla(..))
    }

    /// A variably modified type (C11 6.7.6p3): a variable-length array,
    /// or one or a pointer to one further down (a function's result and
    /// parameters are not looked into).
    pub fn is_variably_modified(&self) -> bool {
        self.any_derived(&|t| matches!(t, Type::Vla(..)))
    }

    /// Arithmetic and pointer types (C11 6.2.5p21): what conditions test.
    pub fn is_scalar(&self) -> bool {
        self.is_arithmetic() || self.is_pointer()
    }

    /// The type a pointer points to or an array holds.
    pub fn element(&self) -> Option<&Type> {
        match self {
            Type::Pointer(t, _) | Type::Array(t, _) | Type::Vla(t, _) => Some(t),
            _ => None,
        }
    }

    /// A structure or union.
    pub fn is_aggregate_tag(&self) -> bool {
        matches!(self, Type::Struct(_) | Type::Union(_))
    }

    /// The usual arithmetic conversions (C11 6.3.1.8) of two arithmetic
    /// types, after the integer promotions: `double` wins, then the wider
    /// type, then (of one width) the unsigned one.
    pub fn common(a: &Type, b: &Type) -> Type {
        fn promote(t: &Type) -> &Type {
            if t.is_promoted_to_int() {
                &Type::Int
            } else {
                t
            }
        }
        let (a, b) = (promote(a), promote(b));
        if a == b {
            a.clone()
        } else if *a == Type::LongDouble || *b == Type::LongDouble {
            Type::LongDouble
        } else if *a == Type::Double || *b == Type::Double {
            Type::Double
        } else if *a == Type::Float || *b == Type::Float {
            Type::Float
        } else if a.size() == b.size() {
            if a.is_signed() { b.clone() } else { a.clone() }
        } else if a.size() > b.size() {
            a.clone()
        } else {
            b.clone()
        }
    }

    /// The types of lesser rank than `int` (C11 6.3.1.1p1), whose values
    /// all fit in an `int`: the integer promotions make them `int`.
    pub fn is_promoted_to_int(&self) -> bool {
        matches!(
            self,
            Type::Bool | Type::Char | Type::SChar | Type::UChar | Type::Short | Type::UShort
        )
    }

    /// The default argument promotions (C11 6.5.2.2p6): the integer
    /// promotions, and `float` to `double`.
    pub fn argument_promoted(&self) -> Type {
        match self {
            Type::Float => Type::Double,
            t => t.promoted(),
        }
    }

    /// The integer promotions (C11 6.3.1.1p2): the character and short
    /// types become `int`; every other type is unchanged.
    pub fn promoted(&self) -> Type {
        if self.is_promoted_to_int() {
            Type::Int
        } else {
            self.clone()
        }
    }
}

impl fmt::Display for Type {
    /// Without an interner at hand, a structure or union tag shows as its
    /// handle's number (`struct #12`); see [`Type::spelled`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.spelled(&|tag| format!("#{}", tag.index())))
    }
}

impl Type {
    /// The type as C declares it (`int *[3]`, `int (*)[3]`), as gcc's
    /// diagnostics spell types, with each structure or union tag spelled by
    /// `tag`.
    pub fn spelled(&self, tag: &dyn Fn(Sym) -> String) -> String {
        declaration(self, "", Quals::NONE, tag)
    }
}

/// `ty` qualified by `quals` as C declares an object named `name` of it.
fn declaration(ty: &Type, name: &str, quals: Quals, tag: &dyn Fn(Sym) -> String) -> String {
    let base = |word: &str| {
        let q = quals.words();
        let space = if q.is_empty() { "" } else { " " };
        format!("{q}{space}{word}{}", spaced(name))
    };
    match ty {
        Type::Void => base("void"),
        Type::Bool => base("_Bool"),
        Type::Char => base("char"),
        Type::SChar => base("signed char"),
        Type::UChar => base("unsigned char"),
        Type::Short => base("short int"),
        Type::UShort => base("short unsigned int"),
        Type::Int => base("int"),
        Type::Long => base("long int"),
        Type::UInt => base("unsigned int"),
        Type::ULong => base("long unsigned int"),
        Type::Double => base("double"),
        Type::Float => base("float"),
        Type::LongDouble => base("long double"),
        Type::Complex(part) => base(&format!("complex {}", part.spelled(&|_| String::new()))),
        Type::Struct(t) => base(&format!("struct {}", tag(*t))),
        Type::Union(t) => base(&format!("union {}", tag(*t))),
        Type::Typedef(t) => base(&tag(*t)),
        Type::Alias(a) => match (a.name, &a.enumerators) {
            (Some(name), None) => base(&tag(name)),
            (Some(name), Some(_)) => base(&format!("enum {}", tag(name))),
            (None, _) => declaration(&a.ty, name, quals, tag),
        },
        Type::Pointer(inner, inner_quals) => {
            // The pointer's own qualifiers follow its `*` (`char *const`).
            let q = quals.words();
            let own = if q.is_empty() {
                name.to_string()
            } else if name.is_empty() {
                q.to_string()
            } else {
                format!("{q} {name}")
            };
            let inner_name = match **inner {
                Type::Array(..) | Type::DeferredArray(_) | Type::Vla(..) | Type::Function(_) => {
                    format!("(*{own})")
                }
                _ => format!("*{own}"),
            };
            declaration(inner, &inner_name, *inner_quals, tag)
        }
        Type::Array(elem, len) => declaration(elem, &format!("{name}[{len}]"), quals, tag),
        Type::DeferredArray(d) => declaration(&d.elem, &format!("{name}[]"), quals, tag),
        // gcc spells the length as `*` (it is no constant).
        Type::Vla(elem, _) => declaration(elem, &format!("{name}[*]"), quals, tag),
        Type::Qualified(q, inner) => declaration(inner, name, quals | *q, tag),
        Type::TypeOf(_) => base("typeof(...)"),
        Type::Function(ft) => {
            let mut params: Vec<String> = ft.params.iter().map(|p| p.spelled(tag)).collect();
            if ft.variadic {
                params.push("...".to_string());
            }
            if params.is_empty() && ft.prototype {
                params.push("void".to_string());
            }
            declaration(
                &ft.ret,
                &format!("{name}({})", params.join(", ")),
                Quals::NONE,
                tag,
            )
        }
    }
}

/// `name` after a space, or nothing.
fn spaced(name: &str) -> String {
    if name.is_empty() || name.starts_with('[') || name.starts_with('(') && !name.starts_with("(*")
    {
        name.to_string()
    } else {
        format!(" {name}")
    }
}

/// One member of a structure or union.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub name: Sym,
    pub ty: Type,
    /// The member's own qualifiers (`const int m;`).
    pub quals: Quals,
    pub offset: u64,
    /// An unnamed structure or union member (C11 6.7.2.1p13), whose
    /// members are reached as the enclosing one's (its name is made up).
    pub anonymous: bool,
    /// A bit-field: its first bit and its width within the storage unit
    /// of its type at `offset`.
    pub bits: Option<(u8, u8)>,
    /// An unnamed bit-field: padding no initialiser reaches.
    pub padding: bool,
}

/// The layout of a complete structure or union, as the System V ABI (3.1.2)
/// and gcc lay it out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub members: Vec<Member>,
    pub size: u64,
    pub align: u64,
    pub is_union: bool,
}

impl Layout {
    pub fn member(&self, name: Sym) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name)
    }
}

/// The layouts of every complete structure and union, by unique tag: what
/// the sizes and offsets of aggregate types are read from.
#[derive(Default, Debug)]
pub struct TypeTable {
    layouts: HashMap<Sym, Layout>,
}

impl TypeTable {
    /// The bits (first bit, width) of member `name` of the structure or
    /// union type `ty`, when it is a bit-field.
    pub fn bit_field(&self, ty: &Type, name: Sym) -> Option<(u8, u8)> {
        let layout = self.layout(ty)?;
        if let Some(m) = layout.member(name) {
            return m.bits;
        }
        layout
            .members
            .iter()
            .filter(|m| m.anonymous)
            .find_map(|m| self.bit_field(&m.ty, name))
    }

    /// The type and offset of member `name` of the structure or union
    /// type `ty`, looking into anonymous members.
    pub fn member(&self, ty: &Type, name: Sym) -> Option<(Type, u64)> {
        let layout = self.layout(ty)?;
        if let Some(m) = layout.member(name) {
            return Some((m.ty.clone(), m.offset));
        }
        layout
            .members
            .iter()
            .filter(|m| m.anonymous)
            .find_map(|m| self.member(&m.ty, name).map(|(t, at)| (t, m.offset + at)))
    }

    /// The qualifiers member `name` of the structure or union type `ty` is
    /// declared with, with those of the anonymous members it is in.
    pub fn member_quals(&self, ty: &Type, name: Sym) -> Quals {
        let Some(layout) = self.layout(ty) else {
            return Quals::NONE;
        };
        if let Some(m) = layout.member(name) {
            return m.quals;
        }
        layout
            .members
            .iter()
            .filter(|m| m.anonymous)
            .find(|m| self.member(&m.ty, name).is_some())
            .map_or(Quals::NONE, |m| m.quals | self.member_quals(&m.ty, name))
    }

    pub fn insert(&mut self, tag: Sym, layout: Layout) {
        self.layouts.insert(tag, layout);
    }

    /// The layout of a complete structure or union type.
    pub fn layout(&self, ty: &Type) -> Option<&Layout> {
        match ty {
            Type::Struct(tag) | Type::Union(tag) => self.layouts.get(tag),
            _ => None,
        }
    }

    /// Whether objects of the type have a size: not `void`, not a function,
    /// not a structure or union without members yet, nor an array of one.
    #[inline]
    pub fn is_complete(&self, ty: &Type) -> bool {
        match ty {
            Type::Struct(tag) | Type::Union(tag) => self.layouts.contains_key(tag),
            Type::Array(_, 0) => false,
            Type::Array(elem, _) => self.is_complete(elem),
            t => t.is_complete(),
        }
    }

    /// The size of a complete type in bytes.
    #[inline]
    pub fn size(&self, ty: &Type) -> u64 {
        match ty {
            Type::Struct(_) | Type::Union(_) => self.layout(ty).expect("a complete aggregate").size,
            // Saturating: an array of aggregates too large to lay out is
            // refused by the checks on sizes, not by an overflow here.
            Type::Array(elem, len) => self.size(elem).saturating_mul(*len),
            t => t.size(),
        }
    }

    /// The alignment of a complete type in bytes.
    #[inline]
    pub fn align(&self, ty: &Type) -> u64 {
        match ty {
            Type::Struct(_) | Type::Union(_) => {
                self.layout(ty).expect("a complete aggregate").align
            }
            Type::Array(elem, _) | Type::Vla(elem, _) => self.align(elem),
            t => t.align(),
        }
    }
}
