//! Placing a braced initialiser's items (C11 6.7.9p17-22), part of type
//! checking.
//!
//! Takes an initialiser as parsed, with designators (`.member`, `[index]`,
//! gcc's `[first ... last]`) and with braces elided around subaggregates,
//! and the type it initialises. Rewrites it into the fully braced,
//! positional form every later step reads: an aggregate's list has one item
//! per element or member, in order, a member or element no item reaches is
//! [`Initializer::Zero`], and a union's list ends at the member it
//! initialises. An array of open length gets the length its initialiser
//! gives it. Expressions are checked only where placing needs their type (a
//! lone expression where a subaggregate begins initialises it whole when it
//! is of its type, else starts its elided braces), before the object is in
//! scope; the rest are checked by the initialisation checks after, once
//! each.

use std::collections::VecDeque;

use super::{Checker, excess_elements, unwrap_braced_string, wide_string_as_list};
use crate::diag::{Diagnostic, Result, Span};
use crate::ir::ast::{Const, Designator, Expr, ExprKind, Initializer};
use crate::ir::types::Type;
use crate::sema::const_eval::eval_constant;

/// The items of a braced list not placed yet, in order; an item whose
/// braces are elided is put back in front while its subaggregate takes it.
type Stream = VecDeque<Initializer>;

impl Checker<'_> {
    /// Places the items of `init`, for an object of type `ty` (see the
    /// module header), completing an array of open length (`[]`, length 0
    /// until now).
    pub(super) fn place_initializer(
        &mut self,
        init: &mut Initializer,
        ty: &mut Type,
    ) -> Result<()> {
        let open = matches!(ty, Type::Array(_, 0));
        // An incomplete structure has nothing to place into: the checks
        // after refuse it.
        if !open && !self.symbols.types.is_complete(ty) {
            return Ok(());
        }
        if is_char_array(ty) {
            unwrap_braced_string(init);
        }
        wide_string_as_list(init, ty);
        match init {
            Initializer::Compound(items, span) if is_aggregate(ty) => {
                let span = *span;
                let mut stream: Stream = std::mem::take(items).into();
                let mut slots = Vec::new();
                self.fill(ty, &mut slots, 0, &mut stream, false, open)?;
                if open && let Type::Array(_, len) = ty {
                    *len = slots.len() as u64;
                }
                *init = Initializer::Compound(slots, span);
            }
            Initializer::Single(e) if open => match (&e.kind, &mut *ty) {
                (ExprKind::String(bytes), Type::Array(elem, n)) if elem.is_character() => {
                    *n = bytes.len() as u64 + 1;
                }
                _ => return Err(Diagnostic::error(e.span, "invalid initializer")),
            },
            _ => {}
        }
        Ok(())
    }

    /// Fills the current object `ty`, whose items so far are `slots`, from
    /// `stream`, at position `next` on. A subaggregate whose braces are
    /// elided (`elided`) stops where it is full or a designator begins
    /// (designators belong to the braced list around it); a braced list
    /// takes every item, and more than it holds is an error. `open`: an
    /// array of open length, which holds any number.
    fn fill(
        &mut self,
        ty: &Type,
        slots: &mut Vec<Initializer>,
        mut next: usize,
        stream: &mut Stream,
        elided: bool,
        open: bool,
    ) -> Result<()> {
        while let Some(front) = stream.front() {
            if let Initializer::Designated(..) = front {
                if elided {
                    return Ok(());
                }
                let Some(Initializer::Designated(designators, value, span)) = stream.pop_front()
                else {
                    unreachable!("just seen")
                };
                next = self.designation(ty, slots, &designators, *value, span, stream, open)?;
                continue;
            }
            if !open && next >= self.positions(ty) {
                if elided {
                    return Ok(());
                }
                return Err(excess_elements(front.span(), kind(ty)));
            }
            let item = stream.pop_front().expect("just seen");
            let sub = self.position_type(ty, next);
            let mut slot = take_slot(ty, slots, next);
            self.assign(&sub, &mut slot, item, stream)?;
            slots[next] = slot;
            next += 1;
        }
        Ok(())
    }

    /// Places `value` where `designators` say within the current object
    /// `ty` (C11 6.7.9p17-19); after a designator of a subaggregate, the
    /// items that follow continue inside it, as an elided list. Returns
    /// the position after the one designated.
    #[allow(clippy::too_many_arguments)]
    fn designation(
        &mut self,
        ty: &Type,
        slots: &mut Vec<Initializer>,
        designators: &[Designator],
        value: Initializer,
        span: Span,
        stream: &mut Stream,
        open: bool,
    ) -> Result<usize> {
        let (first, last, expanded) = self.designated(ty, designators, open)?;
        let designators = expanded.as_deref().unwrap_or(designators);
        for p in first..=last {
            let sub = self.position_type(ty, p);
            let mut slot = take_slot(ty, slots, p);
            if designators.len() > 1 {
                if !is_aggregate(&sub) {
                    return Err(designator_error(&designators[1]));
                }
                let mut sub_slots = match slot {
                    Initializer::Compound(items, _) => items,
                    Initializer::Zero(_) => Vec::new(),
                    other => {
                        return Err(Diagnostic::error(
                            other.span(),
                            "a designator into a member initialised whole is not supported",
                        ));
                    }
                };
                let sub_next = self.designation(
                    &sub,
                    &mut sub_slots,
                    &designators[1..],
                    value.clone(),
                    span,
                    stream,
                    false,
                )?;
                if p == last {
                    self.fill(&sub, &mut sub_slots, sub_next, stream, true, false)?;
                }
                slot = Initializer::Compound(sub_slots, span);
            } else {
                self.assign(&sub, &mut slot, value.clone(), stream)?;
            }
            slots[p] = slot;
        }
        Ok(last + 1)
    }

    /// Puts `item` in `slot`, the subobject of type `ty`: a braced list
    /// fills it; an expression initialises it whole when it is a scalar,
    /// of its type, or a string for a character array, and otherwise
    /// begins its elided braces, taking from `stream` what else it holds.
    fn assign(
        &mut self,
        ty: &Type,
        slot: &mut Initializer,
        mut item: Initializer,
        stream: &mut Stream,
    ) -> Result<()> {
        if is_char_array(ty) {
            unwrap_braced_string(&mut item);
        }
        match item {
            Initializer::Compound(items, span) if is_aggregate(ty) => {
                let mut list: Stream = items.into();
                let mut slots = Vec::new();
                // A flexible array member (length 0) holds what its list
                // gives it: gcc's static initialisation of one.
                let flexible = matches!(ty, Type::Array(_, 0));
                self.fill(ty, &mut slots, 0, &mut list, false, flexible)?;
                *slot = Initializer::Compound(slots, span);
            }
            // Braces around a scalar: checked as such after.
            Initializer::Compound(items, span) => *slot = Initializer::Compound(items, span),
            Initializer::Single(e) if is_char_array(ty) && e.ty.is_none() && is_string(&e) => {
                *slot = Initializer::Single(e);
            }
            Initializer::Single(mut e) if is_aggregate(ty) => {
                self.value_once(&mut e)?;
                if e.ty() == ty {
                    *slot = Initializer::Single(e);
                    return Ok(());
                }
                let span = e.span;
                stream.push_front(Initializer::Single(e));
                let mut slots = Vec::new();
                self.fill(ty, &mut slots, 0, stream, true, false)?;
                *slot = Initializer::Compound(slots, span);
            }
            // A scalar's, checked after (when the object being initialised
            // is in scope: `void *p = &p;`).
            Initializer::Single(e) => *slot = Initializer::Single(e),
            Initializer::Designated(..) | Initializer::Zero(_) => {
                unreachable!("fill places designated items; only placing makes zeros")
            }
        }
        Ok(())
    }

    /// The positions the first of `designators` names in `ty` (one, or
    /// gcc's range); a member of an anonymous structure or union is
    /// reached through it, with the designators to use instead.
    fn designated(
        &mut self,
        ty: &Type,
        designators: &[Designator],
        open: bool,
    ) -> Result<(usize, usize, Option<Vec<Designator>>)> {
        match (&designators[0], ty) {
            (Designator::Index(e), Type::Array(_, len)) => {
                let mut e = e.clone();
                let i = self.designator_index(&mut e, *len, open)?;
                Ok((i, i, None))
            }
            (Designator::Range(first, last), Type::Array(_, len)) => {
                let (mut first, mut last) = (first.clone(), last.clone());
                let span = first.span.to(last.span);
                let (a, b) = (
                    self.designator_index(&mut first, *len, open)?,
                    self.designator_index(&mut last, *len, open)?,
                );
                if a > b {
                    return Err(Diagnostic::error(span, "empty index range in initializer"));
                }
                Ok((a, b, None))
            }
            (Designator::Member(name, span), Type::Struct(_) | Type::Union(_)) => {
                let layout = self.symbols.types.layout(ty).expect("a complete aggregate");
                let named = layout.members.iter().filter(|m| !m.padding);
                if let Some(p) = named.clone().position(|m| m.name == *name) {
                    return Ok((p, p, None));
                }
                // In an anonymous member: designate it, then the name in it.
                let inside = named.enumerate().find(|(_, m)| {
                    m.anonymous && self.symbols.types.member(&m.ty, *name).is_some()
                });
                let Some((p, anonymous)) = inside else {
                    return Err(Diagnostic::error(
                        *span,
                        format!(
                            "'{}' has no member named '{}'",
                            self.show(ty),
                            self.name(*name)
                        ),
                    ));
                };
                let mut expanded = vec![Designator::Member(anonymous.name, *span)];
                expanded.extend(designators.iter().cloned());
                Ok((p, p, Some(expanded)))
            }
            (d, _) => Err(designator_error(d)),
        }
    }

    /// An array designator's index: an integer constant expression within
    /// the array (any size for one of open length).
    fn designator_index(&mut self, e: &mut Expr, len: u64, open: bool) -> Result<usize> {
        self.value(e)?;
        let value = e
            .ty()
            .is_integer()
            .then(|| eval_constant(e))
            .flatten()
            .ok_or_else(|| Diagnostic::error(e.span, "nonconstant array index in initializer"))?;
        let Const::Long(i) = value.convert(&Type::Long) else {
            unreachable!("converted to long")
        };
        let beyond = i < 0 || (!open && i as u64 >= len) || i > i64::from(i32::MAX);
        if beyond {
            return Err(Diagnostic::error(
                e.span,
                "array index in initializer exceeds array bounds",
            ));
        }
        Ok(i as usize)
    }

    /// How many positions a braced list for `ty` has: an array's elements,
    /// a structure's named members, and one for a union (items after its
    /// first member, or after a designated one, are in excess).
    fn positions(&self, ty: &Type) -> usize {
        match ty {
            Type::Array(_, len) => usize::try_from(*len).unwrap_or(usize::MAX),
            Type::Union(_) => 1,
            _ => self.named_members(ty).count(),
        }
    }

    /// The type of the element or member at `position` of `ty`.
    fn position_type(&self, ty: &Type, position: usize) -> Type {
        match ty {
            Type::Array(elem, _) => (**elem).clone(),
            _ => self
                .named_members(ty)
                .nth(position)
                .expect("a position within the aggregate")
                .ty
                .clone(),
        }
    }

    fn named_members(&self, ty: &Type) -> impl Iterator<Item = &crate::ir::types::Member> + Clone {
        self.symbols
            .types
            .layout(ty)
            .expect("a complete aggregate")
            .members
            .iter()
            .filter(|m| !m.padding)
    }

    /// Checks `e` as a value, unless placing checked it already.
    pub(super) fn value_once(&mut self, e: &mut Expr) -> Result<()> {
        if e.ty.is_some() {
            return Ok(());
        }
        self.value(e)
    }
}

/// Takes the item at `position` out of `slots` (zero if none yet),
/// extending the list to it; for a union, every other member's item is
/// dropped (the last designated member is the one initialised).
fn take_slot(ty: &Type, slots: &mut Vec<Initializer>, position: usize) -> Initializer {
    let zero = |span| Initializer::Zero(span);
    let span = slots.first().map_or(Span::default(), Initializer::span);
    if matches!(ty, Type::Union(_)) {
        slots.truncate(position + 1);
        for s in slots.iter_mut().take(position) {
            *s = zero(s.span());
        }
    }
    while slots.len() <= position {
        slots.push(zero(span));
    }
    std::mem::replace(&mut slots[position], zero(span))
}

fn is_aggregate(ty: &Type) -> bool {
    matches!(ty, Type::Array(..) | Type::Struct(_) | Type::Union(_))
}

fn is_char_array(ty: &Type) -> bool {
    matches!(ty, Type::Array(elem, _) if elem.is_character())
}

fn is_string(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::String(_))
}

/// What an aggregate is called in gcc's "excess elements" error.
fn kind(ty: &Type) -> &'static str {
    match ty {
        Type::Array(..) => "array",
        Type::Union(_) => "union",
        Type::Struct(_) => "struct",
        _ => "scalar",
    }
}

/// A designator that does not fit the object it designates into.
fn designator_error(d: &Designator) -> Diagnostic {
    let (span, message) = match d {
        Designator::Member(_, span) => (*span, "field name not in record or union initializer"),
        Designator::Index(e) | Designator::Range(e, _) => {
            (e.span, "array index in non-array initializer")
        }
    };
    Diagnostic::error(span, message)
}
