//! Type compatibility (C11 6.2.7): whether two types may be declarations
//! of one entity, or what two pointers point to, and the composite type
//! two compatible declarations make together.
//!
//! Takes settled types (no typedef names, qualifiers in their pointers);
//! [`composite`] is the one place compatibility is decided, and
//! [`pointer_conversion`] what converting one pointer to another as if by
//! assignment does to what it points to.

use crate::ir::types::{FunType, Quals, Type};

/// The composite of two types if they are compatible (C11 6.2.7p1-3):
/// the same type, qualified alike at every level; arrays of compatible
/// elements of which one may leave the length unknown (the known length
/// wins); functions with compatible return types and parameters, where a
/// declaration without a prototype agrees with a prototype whose
/// parameters the default argument promotions leave alone and which is
/// not variadic, and the prototype is what the two say together.
pub fn composite(a: &Type, b: &Type) -> Option<Type> {
    match (a, b) {
        _ if a == b => Some(a.clone()),
        (Type::Pointer(x, qx), Type::Pointer(y, qy)) if qx == qy => {
            Some(Type::Pointer(Box::new(composite(x, y)?), *qx))
        }
        (Type::Array(x, n), Type::Array(y, m)) if n == m || *n == 0 || *m == 0 => {
            Some(Type::Array(Box::new(composite(x, y)?), *n.max(m)))
        }
        // A variable length is compatible with any (6.7.6.2p6); a
        // constant one is what the two say together.
        (Type::Vla(x, size), Type::Vla(y, _)) | (Type::Vla(x, size), Type::Array(y, 0)) => {
            Some(Type::Vla(Box::new(composite(x, y)?), *size))
        }
        (Type::Array(y, 0), Type::Vla(x, size)) => {
            Some(Type::Vla(Box::new(composite(x, y)?), *size))
        }
        (Type::Vla(x, _), Type::Array(y, n)) | (Type::Array(y, n), Type::Vla(x, _)) => {
            Some(Type::Array(Box::new(composite(y, x)?), *n))
        }
        (Type::Function(fa), Type::Function(fb)) => composite_function(fa, fb),
        _ => None,
    }
}

pub fn compatible(a: &Type, b: &Type) -> bool {
    composite(a, b).is_some()
}

fn composite_function(fa: &FunType, fb: &FunType) -> Option<Type> {
    let ret = Box::new(composite(&fa.ret, &fb.ret)?);
    let promotable =
        |ft: &FunType| !ft.variadic && ft.params.iter().all(|p| p.argument_promoted() == *p);
    // An old-style definition's parameters, promoted, must be the
    // prototype's (6.7.6.3p15).
    let matches_definition = |proto: &FunType, old: &FunType| {
        !proto.variadic
            && proto.params.len() == old.params.len()
            && proto
                .params
                .iter()
                .zip(&old.params)
                .all(|(p, o)| compatible(p, &o.argument_promoted()))
    };
    let with_ret = |ft: &FunType| {
        Some(Type::Function(Box::new(FunType {
            ret: ret.clone(),
            ..ft.clone()
        })))
    };
    let both = |fa: &FunType, fb: &FunType| {
        if fa.variadic != fb.variadic || fa.params.len() != fb.params.len() {
            return None;
        }
        let params = fa
            .params
            .iter()
            .zip(&fb.params)
            .map(|(p, q)| composite(p, q))
            .collect::<Option<Vec<Type>>>()?;
        Some(Type::Function(Box::new(FunType {
            params,
            ret: ret.clone(),
            ..fa.clone()
        })))
    };
    match (fa.prototype, fb.prototype) {
        (true, true) => both(fa, fb),
        // Neither says much: the one with parameters (an old-style
        // definition's) says more.
        (false, false) if fa.params.is_empty() => with_ret(fb),
        (false, false) if fb.params.is_empty() => with_ret(fa),
        (false, false) => both(fa, fb),
        (true, false) if !fb.params.is_empty() => {
            matches_definition(fa, fb).then(|| with_ret(fa))?
        }
        (false, true) if !fa.params.is_empty() => {
            matches_definition(fb, fa).then(|| with_ret(fb))?
        }
        (true, false) => promotable(fa).then(|| with_ret(fa))?,
        (false, true) => promotable(fb).then(|| with_ret(fb))?,
    }
}

/// What converting a pointer of type `from` to pointer type `to` as if by
/// assignment (C11 6.5.16.1p1) does to the type pointed to.
#[derive(Debug, PartialEq, Eq)]
pub enum PointerConversion {
    /// Allowed: compatible types, or `void *` on either side, with the
    /// qualifiers `to` points to lacking those `from`'s has (gcc warns
    /// that they are discarded; none when it is `Quals::NONE`).
    Allowed(Quals),
    /// Types that differ only in the qualifiers below the first level
    /// (`char **` to `const char **`): gcc warns of incompatible pointer
    /// types, and so does mcc.
    QualifiersBelow(Quals),
    /// Anything else: an error.
    Incompatible,
}

pub fn pointer_conversion(from: &Type, to: &Type) -> PointerConversion {
    let (Type::Pointer(f, fq), Type::Pointer(t, tq)) = (from, to) else {
        return PointerConversion::Incompatible;
    };
    let discarded = fq.without(*tq);
    if **f == Type::Void || **t == Type::Void || compatible(f, t) {
        PointerConversion::Allowed(discarded)
    } else if f.eq_unqualified(t) {
        PointerConversion::QualifiersBelow(discarded)
    } else {
        PointerConversion::Incompatible
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ptr(t: Type, q: Quals) -> Type {
        Type::Pointer(Box::new(t), q)
    }

    #[test]
    fn arrays_of_unknown_length_take_the_known_one() {
        let open = Type::Array(Box::new(Type::Int), 0);
        let three = Type::Array(Box::new(Type::Int), 3);
        assert_eq!(composite(&open, &three), Some(three.clone()));
        assert!(!compatible(&three, &Type::Array(Box::new(Type::Int), 4)));
    }

    #[test]
    fn qualifiers_must_agree_below_the_top() {
        let cc = ptr(Type::Char, Quals::CONST);
        assert!(!compatible(
            &ptr(cc.clone(), Quals::NONE),
            &ptr(ptr(Type::Char, Quals::NONE), Quals::NONE)
        ));
        assert_eq!(
            pointer_conversion(&cc, &ptr(Type::Char, Quals::NONE)),
            PointerConversion::Allowed(Quals::CONST)
        );
        assert_eq!(
            pointer_conversion(&ptr(Type::Char, Quals::NONE), &cc),
            PointerConversion::Allowed(Quals::NONE)
        );
        assert_eq!(
            pointer_conversion(
                &ptr(ptr(Type::Char, Quals::NONE), Quals::NONE),
                &ptr(cc, Quals::NONE)
            ),
            PointerConversion::QualifiersBelow(Quals::NONE)
        );
        assert_eq!(
            pointer_conversion(&ptr(Type::Int, Quals::NONE), &ptr(Type::Long, Quals::NONE)),
            PointerConversion::Incompatible
        );
    }
}
