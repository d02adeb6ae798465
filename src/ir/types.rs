//! C types as semantic analysis and the IRs see them.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Type {
    Int,
    Function(FunType),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunType {
    pub params: Vec<Type>,
    pub ret: Box<Type>,
}

impl Type {
    /// Size in bytes of an object of this type.
    pub fn size(&self) -> u64 {
        match self {
            Type::Int => 4,
            Type::Function(_) => panic!("functions have no size"),
        }
    }

    pub fn align(&self) -> u64 {
        self.size()
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Int => write!(f, "int"),
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
