//! C types as semantic analysis and the IRs see them (book chapters 9-13).

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Type {
    Int,
    Long,
    UInt,
    ULong,
    Double,
    Function(FunType),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunType {
    pub params: Vec<Type>,
    pub ret: Box<Type>,
}

impl Type {
    /// Size in bytes of an object of this type (System V AMD64 ABI, 3.1.2).
    pub fn size(&self) -> u64 {
        match self {
            Type::Int | Type::UInt => 4,
            Type::Long | Type::ULong | Type::Double => 8,
            Type::Function(_) => panic!("functions have no size"),
        }
    }

    pub fn align(&self) -> u64 {
        self.size()
    }

    /// `int` and `long` (C11 6.2.5p4); `double` counts as neither.
    pub fn is_signed(&self) -> bool {
        matches!(self, Type::Int | Type::Long)
    }

    pub fn is_integer(&self) -> bool {
        matches!(self, Type::Int | Type::Long | Type::UInt | Type::ULong)
    }

    pub fn is_arithmetic(&self) -> bool {
        self.is_integer() || *self == Type::Double
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Int => write!(f, "int"),
            Type::Long => write!(f, "long"),
            Type::UInt => write!(f, "unsigned int"),
            Type::ULong => write!(f, "unsigned long"),
            Type::Double => write!(f, "double"),
            Type::Function(ft) => {
                write!(f, "{}(", ft.ret)?;
                if ft.params.is_empty() {
                    write!(f, "void")?;
                }
                for (i, p) in ft.params.iter().enumerate() {
                    if i > 0 {
                        write!(f, ", ")?;
                    }
                    write!(f, "{p}")?;
                }
                write!(f, ")")
            }
        }
    }
}
