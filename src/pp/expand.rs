//! Macros: `#define` and `#undef`, expansion (C11 6.10.3), `#` and `##`,
//! `__VA_OPT__` (C23 6.10.5.2, as gcc 12 has it in C), and
//! the built-in macros (`__FILE__`, `__LINE__`, `__COUNTER__`, `__DATE__`,
//! `__TIME__`, `_Pragma`, `__has_include`, ...).
//!
//! Takes a macro name token and the token stream after it; pushes the
//! replacement as a context to rescan, with the macro disabled until the
//! context is read (the painted-blue rule of 6.10.3.4). Guarantees each
//! replacement token carries a span into the definition (or into the
//! argument, for argument tokens) and the expansion it came from; a call
//! with the wrong number of arguments, an unterminated call, or a `##` that
//! makes no single token is a diagnostic.

use std::cell::Cell;
use std::rc::Rc;

use super::{Context, Preprocessor, lexer};
use crate::diag::{Diagnostic, Result, Span};
use crate::intern::Sym;
use crate::ir::token::{PpKind, PpToken, Punct, pp_flags};

pub(super) struct Macro {
    pub kind: MacroKind,
    pub params: Vec<Sym>,
    pub variadic: bool,
    pub body: Vec<PpToken>,
    /// For each body token: the index of the parameter it names, or
    /// `NOT_PARAM`.
    pub param_of: Vec<u16>,
    /// Being expanded: its name is painted blue when met.
    pub disabled: Cell<bool>,
}

const NOT_PARAM: u16 = u16::MAX;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum MacroKind {
    Object,
    Function,
    Builtin(Builtin),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Builtin {
    File,
    Line,
    Counter,
    Date,
    Time,
    BaseFile,
    IncludeLevel,
    Pragma,
    HasInclude,
    HasIncludeNext,
    /// gcc's `__has_builtin (name)`: whether mcc knows the builtin.
    HasBuiltinFn,
}

impl Macro {
    /// C11 6.10.3p2: a redefinition must be identical (same parameters, same
    /// tokens, white space in the same places).
    fn same_as(&self, other: &Macro, interner: &crate::intern::Interner) -> bool {
        self.kind == other.kind
            && self.params == other.params
            && self.variadic == other.variadic
            && self.body.len() == other.body.len()
            && self
                .body
                .iter()
                .zip(&other.body)
                .enumerate()
                .all(|(i, (a, b))| {
                    a.kind == b.kind
                        && a.spelling(interner) == b.spelling(interner)
                        && (i == 0
                            || a.has(pp_flags::LEADING_SPACE) == b.has(pp_flags::LEADING_SPACE))
                })
    }
}

impl Preprocessor<'_> {
    pub(super) fn define_builtins(&mut self) {
        use Builtin::*;
        for (name, b) in [
            ("__FILE__", File),
            ("__LINE__", Line),
            ("__COUNTER__", Counter),
            ("__DATE__", Date),
            ("__TIME__", Time),
            ("__BASE_FILE__", BaseFile),
            ("__INCLUDE_LEVEL__", IncludeLevel),
            ("_Pragma", Pragma),
            ("__has_include", HasInclude),
            ("__has_include_next", HasIncludeNext),
            ("__has_builtin", HasBuiltinFn),
        ] {
            let sym = self.interner.intern(name);
            self.set_macro(
                sym,
                Rc::new(Macro {
                    kind: MacroKind::Builtin(b),
                    params: Vec::new(),
                    variadic: false,
                    body: Vec::new(),
                    param_of: Vec::new(),
                    disabled: Cell::new(false),
                }),
            );
        }
    }

    /// The macro name of `#define`, `#undef`.
    fn macro_name(&mut self, directive: PpToken) -> Result<PpToken> {
        let dname = directive.spelling(self.interner).to_string();
        let Some(name) = self.directive_token()? else {
            return Err(Diagnostic::error(
                directive.span,
                format!("no macro name given in #{dname} directive"),
            ));
        };
        if name.kind != PpKind::Ident {
            return Err(Diagnostic::error(
                name.span,
                "macro names must be identifiers",
            ));
        }
        if name.sym == self.names.defined {
            return Err(Diagnostic::error(
                name.span,
                "\"defined\" cannot be used as a macro name",
            ));
        }
        Ok(name)
    }

    pub(super) fn define(&mut self, directive: PpToken) -> Result<()> {
        let name = self.macro_name(directive)?;
        let mut rest = self.line_tokens()?.into_iter().peekable();
        let mut params = Vec::new();
        let mut variadic = false;
        let function_like = rest
            .peek()
            .is_some_and(|t| t.is_punct(Punct::LParen) && !t.has(pp_flags::LEADING_SPACE));
        if function_like {
            let open = rest.next().expect("peeked");
            let missing = |at: Span| Diagnostic::error(at, "missing ')' in macro parameter list");
            let mut last = open.span;
            if rest.peek().is_some_and(|t| t.is_punct(Punct::RParen)) {
                rest.next();
            } else {
                loop {
                    let Some(p) = rest.next() else {
                        return Err(missing(last));
                    };
                    last = p.span;
                    if p.is_punct(Punct::Ellipsis) {
                        variadic = true;
                        params.push(self.names.va_args);
                        match rest.next() {
                            Some(t) if t.is_punct(Punct::RParen) => break,
                            Some(t) => return Err(missing(t.span)),
                            None => return Err(missing(last)),
                        }
                    }
                    if p.kind != PpKind::Ident || p.sym == self.names.va_args {
                        return Err(Diagnostic::error(
                            p.span,
                            format!(
                                "expected parameter name, found \"{}\"",
                                p.spelling(self.interner)
                            ),
                        ));
                    }
                    if params.contains(&p.sym) {
                        return Err(Diagnostic::error(
                            p.span,
                            format!(
                                "duplicate macro parameter \"{}\"",
                                p.spelling(self.interner)
                            ),
                        ));
                    }
                    params.push(p.sym);
                    match rest.next() {
                        Some(t) if t.is_punct(Punct::RParen) => break,
                        // GNU's named variable arguments: `args...`.
                        Some(t) if t.is_punct(Punct::Ellipsis) => {
                            variadic = true;
                            match rest.next() {
                                Some(t) if t.is_punct(Punct::RParen) => break,
                                Some(t) => return Err(missing(t.span)),
                                None => return Err(missing(last)),
                            }
                        }
                        Some(t) if t.is_punct(Punct::Comma) => {}
                        Some(t) => {
                            return Err(Diagnostic::error(
                                t.span,
                                format!(
                                    "expected ',' or ')', found \"{}\"",
                                    t.spelling(self.interner)
                                ),
                            ));
                        }
                        None => return Err(missing(last)),
                    }
                }
            }
        }
        let mut body: Vec<PpToken> = rest.collect();
        if let Some(first) = body.first_mut() {
            first.flags &= !pp_flags::LEADING_SPACE;
        }
        let param_of: Vec<u16> = body
            .iter()
            .map(|t| {
                if t.kind == PpKind::Ident && function_like {
                    params
                        .iter()
                        .position(|&p| p == t.sym)
                        .map_or(NOT_PARAM, |i| i as u16)
                } else {
                    NOT_PARAM
                }
            })
            .collect();
        if let Some(t) = body.iter().find(|t| t.is_ident(self.names.va_args))
            && !variadic
        {
            self.warnings.push(Diagnostic::warning(
                t.span,
                "__VA_ARGS__ can only appear in the expansion of a C99 variadic macro",
            ));
        }
        let va_opt = self.names.va_opt;
        if variadic {
            self.check_va_opts(&body)?;
        } else if let Some(t) = body.iter().find(|t| t.is_ident(va_opt)) {
            self.warnings.push(Diagnostic::warning(
                t.span,
                "__VA_OPT__ can only appear in the expansion of a C++20 variadic macro",
            ));
        }
        // In assembly a `#` may start a comment or an immediate, so gcc
        // keeps one before no parameter as it is.
        if function_like && !self.opts.assembler {
            for (i, t) in body.iter().enumerate() {
                if t.is_punct(Punct::Hash)
                    && param_of.get(i + 1).is_none_or(|&p| p == NOT_PARAM)
                    && !(variadic && body.get(i + 1).is_some_and(|t| t.is_ident(va_opt)))
                {
                    return Err(Diagnostic::error(
                        t.span,
                        "'#' is not followed by a macro parameter",
                    ));
                }
            }
        }
        for t in [body.first(), body.last()].into_iter().flatten() {
            if t.is_punct(Punct::HashHash) {
                return Err(Diagnostic::error(
                    t.span,
                    "'##' cannot appear at either end of a macro expansion",
                ));
            }
        }
        // Nothing in a body is at a line start (the directive's line holds it all).
        for t in &mut body {
            t.flags &= !pp_flags::LINE_START;
        }
        let new = Macro {
            kind: if function_like {
                MacroKind::Function
            } else {
                MacroKind::Object
            },
            params,
            variadic,
            body,
            param_of,
            disabled: Cell::new(false),
        };
        if let Some(old) = self.macros.get(&name.sym) {
            let builtin = matches!(old.kind, MacroKind::Builtin(_));
            if builtin || !old.same_as(&new, self.interner) {
                let what = if builtin {
                    "redefining builtin macro"
                } else {
                    "redefined"
                };
                let shown = name.spelling(self.interner);
                let message = if builtin {
                    format!("{what} \"{shown}\"")
                } else {
                    format!("\"{shown}\" {what}")
                };
                self.warnings.push(Diagnostic::warning(name.span, message));
            }
        }
        self.set_macro(name.sym, Rc::new(new));
        Ok(())
    }

    /// Each `__VA_OPT__` in a variadic macro's body is followed by a
    /// parenthesized group holding no other `__VA_OPT__` and no `##` at
    /// either end (C23 6.10.5.1).
    fn check_va_opts(&self, body: &[PpToken]) -> Result<()> {
        let mut i = 0;
        while i < body.len() {
            let t = body[i];
            if t.is_ident(self.names.va_opt) {
                let unterminated = || Diagnostic::error(t.span, "unterminated __VA_OPT__");
                if !body.get(i + 1).is_some_and(|t| t.is_punct(Punct::LParen)) {
                    return Err(unterminated());
                }
                let close = va_opt_close(body, i + 1).ok_or_else(unterminated)?;
                let content = &body[i + 2..close];
                if let Some(inner) = content.iter().find(|t| t.is_ident(self.names.va_opt)) {
                    return Err(Diagnostic::error(
                        inner.span,
                        "__VA_OPT__ may not appear in a __VA_OPT__",
                    ));
                }
                for t in [content.first(), content.last()].into_iter().flatten() {
                    if t.is_punct(Punct::HashHash) {
                        return Err(Diagnostic::error(
                            t.span,
                            "'##' cannot appear at either end of __VA_OPT__",
                        ));
                    }
                }
                i = close;
            }
            i += 1;
        }
        Ok(())
    }

    pub(super) fn undef(&mut self, directive: PpToken) -> Result<()> {
        let name = self.macro_name(directive)?;
        self.remove_macro(name.sym);
        self.end_of_directive("undef")
    }

    /// Expands the macro `m` named by `name`; `false` when it is a
    /// function-like macro not followed by `(` (then it is no call).
    pub(super) fn expand(&mut self, name: PpToken, m: Rc<Macro>) -> Result<bool> {
        let tokens = match m.kind {
            MacroKind::Builtin(b) => {
                let tokens = self.builtin(name, b)?;
                self.push_expansion(name, tokens, None);
                return Ok(true);
            }
            MacroKind::Object => self.substitute(name, &m, &[], false)?,
            MacroKind::Function => {
                let next = self.next_unexpanded()?;
                if !next.is_punct(Punct::LParen) {
                    self.lookahead = Some(next);
                    return Ok(false);
                }
                let (args, va_omitted) = self.collect_args(name, &m)?;
                self.substitute(name, &m, &args, va_omitted)?
            }
        };
        m.disabled.set(true);
        self.push_expansion(name, tokens, Some(m));
        Ok(true)
    }

    /// Pushes a replacement to rescan; its first token takes the place (line
    /// start, white space) of the macro name.
    fn push_expansion(
        &mut self,
        name: PpToken,
        mut tokens: Vec<PpToken>,
        disables: Option<Rc<Macro>>,
    ) {
        debug_assert!(
            self.lookahead.is_none(),
            "no token read ahead across an expansion"
        );
        let place = name.flags & (pp_flags::LINE_START | pp_flags::LEADING_SPACE);
        match tokens.first_mut() {
            Some(first) => first.flags = (first.flags & !pp_flags::LINE_START) | place,
            None => self.carried_flags |= place,
        }
        self.contexts.push(Context {
            tokens,
            pos: 0,
            disables,
            barrier: false,
        });
    }

    /// The arguments of a call, after its `(`: split at top-level commas
    /// (all of them go to `...` once it is reached).
    /// Also says whether the variable arguments were left out entirely
    /// (`F(a)` for `F(a, ...)`), which GNU `, ## __VA_ARGS__` cares about.
    fn collect_args(&mut self, name: PpToken, m: &Macro) -> Result<(Vec<Vec<PpToken>>, bool)> {
        let mut args: Vec<Vec<PpToken>> = vec![Vec::new()];
        let mut depth = 0u32;
        let shown = |s: &Self| name.spelling(s.interner).to_string();
        loop {
            let mut t = self.next_unexpanded()?;
            match t.kind {
                PpKind::Eof => {
                    return Err(Diagnostic::error(
                        name.span,
                        format!(
                            "unterminated argument list invoking macro \"{}\"",
                            shown(self)
                        ),
                    ));
                }
                PpKind::Pragma => continue,
                PpKind::Punct(Punct::LParen) => depth += 1,
                PpKind::Punct(Punct::RParen) if depth == 0 => break,
                PpKind::Punct(Punct::RParen) => depth -= 1,
                PpKind::Punct(Punct::Comma)
                    if depth == 0 && !(m.variadic && args.len() == m.params.len()) =>
                {
                    args.push(Vec::new());
                    continue;
                }
                _ => {}
            }
            if t.has(pp_flags::LINE_START) {
                t.flags = (t.flags & !pp_flags::LINE_START) | pp_flags::LEADING_SPACE;
            }
            args.last_mut().expect("one at least").push(t);
        }
        let want = m.params.len();
        if want == 0 && args.len() == 1 && args[0].is_empty() {
            return Ok((Vec::new(), false));
        }
        let va_omitted = args.len() + 1 == want && m.variadic;
        if va_omitted {
            args.push(Vec::new()); // `F(a)` for `F(a, ...)`, as gcc allows
        }
        if args.len() < want {
            return Err(Diagnostic::error(
                name.span,
                format!(
                    "macro \"{}\" requires {want} arguments, but only {} given",
                    shown(self),
                    args.len()
                ),
            ));
        }
        if args.len() > want {
            return Err(Diagnostic::error(
                name.span,
                format!(
                    "macro \"{}\" passed {} arguments, but takes just {want}",
                    shown(self),
                    args.len()
                ),
            ));
        }
        Ok((args, va_omitted))
    }

    /// The replacement list with arguments substituted, `#` and `##` applied
    /// (C11 6.10.3.1-3).
    fn substitute(
        &mut self,
        name: PpToken,
        m: &Macro,
        args: &[Vec<PpToken>],
        va_omitted: bool,
    ) -> Result<Vec<PpToken>> {
        let ctx = self.map.add_expansion(name.sym, name.span);
        let body = &m.body;
        if args.is_empty() && !body.iter().any(|t| t.is_punct(Punct::HashHash)) {
            return Ok(body
                .iter()
                .map(|&t| PpToken {
                    span: Span { ctx, ..t.span },
                    ..t
                })
                .collect());
        }
        let mut expanded: Vec<Option<Vec<PpToken>>> = vec![None; args.len()];
        let how = Substitution {
            m,
            args,
            va_omitted,
            ctx,
        };
        let mut out = self.substitute_range(&how, 0, body.len(), &mut expanded)?;
        out.retain(|t| t.kind != PpKind::Placemarker);
        Ok(out)
    }

    /// `substitute` for `m.body[lo..hi]` (the whole body, or the group of a
    /// `__VA_OPT__`); placemarkers are left in. `expanded[p]` caches the
    /// macro-expanded argument `p`.
    fn substitute_range(
        &mut self,
        how: &Substitution,
        lo: usize,
        hi: usize,
        expanded: &mut [Option<Vec<PpToken>>],
    ) -> Result<Vec<PpToken>> {
        let Substitution {
            m,
            args,
            va_omitted,
            ctx,
        } = *how;
        let body = &m.body;
        let function_like = m.kind == MacroKind::Function;
        let mut out: Vec<PpToken> = Vec::with_capacity(hi - lo);
        let mut paste = false;
        let mut i = lo;
        while i < hi {
            let bt = body[i];
            if bt.is_punct(Punct::HashHash) {
                paste = true;
                i += 1;
                continue;
            }
            let va_opt_at = |at: usize| {
                m.variadic && body.get(at).is_some_and(|t| t.is_ident(self.names.va_opt))
            };
            let space = bt.flags & pp_flags::LEADING_SPACE;
            let mut operand: Vec<PpToken> =
                if function_like && bt.is_punct(Punct::Hash) && va_opt_at(i + 1) {
                    // `#__VA_OPT__(...)`: the group's replacement, spelled.
                    let close = va_opt_close(body, i + 2).expect("checked by define");
                    let mut group = self.va_opt_group(how, i + 1, close, expanded)?;
                    group.retain(|t| t.kind != PpKind::Placemarker);
                    i = close + 1;
                    vec![self.stringify(&group, Span { ctx, ..bt.span }, space)]
                } else if function_like
                    && bt.is_punct(Punct::Hash)
                    && m.param_of.get(i + 1).is_some_and(|&p| p != NOT_PARAM)
                {
                    let arg = &args[m.param_of[i + 1] as usize];
                    i += 2;
                    vec![self.stringify(arg, Span { ctx, ..bt.span }, space)]
                } else if va_opt_at(i) {
                    let close = va_opt_close(body, i + 1).expect("checked by define");
                    let mut group = self.va_opt_group(how, i, close, expanded)?;
                    i = close + 1;
                    let pasting_next = body.get(i).is_some_and(|t| t.is_punct(Punct::HashHash));
                    let at = Span { ctx, ..bt.span };
                    place_operand(&mut group, space, paste || pasting_next, at);
                    group
                } else if m.param_of[i] != NOT_PARAM {
                    let pasting_next = body.get(i + 1).is_some_and(|t| t.is_punct(Punct::HashHash));
                    let p = m.param_of[i] as usize;
                    i += 1;
                    let mut tokens = if paste || pasting_next {
                        args[p].clone()
                    } else {
                        self.expanded_arg(args, p, expanded)?.to_vec()
                    };
                    // The right operand of `##` keeps the argument's own
                    // spacing: a successful paste takes the left one's, and
                    // one that fails (in assembly) is printed as written.
                    let space = match tokens.first() {
                        Some(first) if paste => first.flags & pp_flags::LEADING_SPACE,
                        _ => space,
                    };
                    let at = Span { ctx, ..bt.span };
                    place_operand(&mut tokens, space, paste || pasting_next, at);
                    tokens
                } else {
                    i += 1;
                    vec![PpToken {
                        span: Span { ctx, ..bt.span },
                        ..bt
                    }]
                };
            // GNU `, ## __VA_ARGS__`: the variable arguments follow the
            // comma unpasted; the comma goes when they were left out (or,
            // for a macro with only `...`, are empty), as gcc does.
            let gnu_comma = paste
                && m.variadic
                && i > 0
                && m.param_of[i - 1] as usize == m.params.len() - 1
                && out.last().is_some_and(|t| t.is_punct(Punct::Comma));
            if gnu_comma {
                let empty = operand.iter().all(|t| t.kind == PpKind::Placemarker);
                if empty && (va_omitted || m.params.len() == 1) {
                    out.pop();
                }
            } else if paste && let Some(lhs) = out.pop() {
                let rhs = operand.remove(0);
                match self.paste(lhs, rhs)? {
                    Some(pasted) => out.push(pasted),
                    // Assembly: both stay, and the right one is rescanned
                    // (and may paste with what follows) as gcc has it.
                    None => {
                        out.push(lhs);
                        operand.insert(0, rhs);
                    }
                }
            }
            paste = false;
            out.append(&mut operand);
        }
        Ok(out)
    }

    /// The replacement of the `__VA_OPT__` at `body[at]` whose group closes
    /// at `body[close]`: the group substituted when the variable arguments,
    /// macro-expanded, have tokens, and nothing otherwise (as gcc 12 and C23
    /// decide it).
    fn va_opt_group(
        &mut self,
        how: &Substitution,
        at: usize,
        close: usize,
        expanded: &mut [Option<Vec<PpToken>>],
    ) -> Result<Vec<PpToken>> {
        let va = how.m.params.len() - 1;
        let present = !how.va_omitted
            && self
                .expanded_arg(how.args, va, expanded)?
                .iter()
                .any(|t| t.kind != PpKind::Placemarker);
        if !present {
            return Ok(Vec::new());
        }
        self.substitute_range(how, at + 2, close, expanded)
    }

    /// Argument `p`, macro-expanded once and cached.
    fn expanded_arg<'e>(
        &mut self,
        args: &[Vec<PpToken>],
        p: usize,
        expanded: &'e mut [Option<Vec<PpToken>>],
    ) -> Result<&'e [PpToken]> {
        if expanded[p].is_none() {
            expanded[p] = Some(self.expand_list(args[p].clone())?);
        }
        Ok(expanded[p].as_deref().expect("just expanded"))
    }

    /// `#`: the argument's spelling as a string literal (C11 6.10.3.2).
    fn stringify(&mut self, arg: &[PpToken], span: Span, space: u8) -> PpToken {
        let mut text = String::from("\"");
        for (i, t) in arg.iter().enumerate() {
            if i > 0 && t.has(pp_flags::LEADING_SPACE | pp_flags::LINE_START) {
                text.push(' ');
            }
            let s = t.spelling(self.interner);
            if matches!(t.kind, PpKind::Str | PpKind::Char) {
                push_escaped(&mut text, s);
            } else {
                text.push_str(s);
            }
        }
        text.push('"');
        PpToken {
            kind: PpKind::Str,
            flags: space,
            sym: self.interner.intern(&text),
            span,
        }
    }

    /// `##`: one token from two (C11 6.10.3.3). Two that make no single
    /// token are an error in C; in assembly, where `##` means nothing to
    /// the assembler either, gcc leaves them unpasted (`None`).
    fn paste(&mut self, lhs: PpToken, rhs: PpToken) -> Result<Option<PpToken>> {
        if lhs.kind == PpKind::Placemarker {
            return Ok(Some(PpToken {
                flags: (rhs.flags & !pp_flags::LEADING_SPACE)
                    | (lhs.flags & pp_flags::LEADING_SPACE),
                ..rhs
            }));
        }
        if rhs.kind == PpKind::Placemarker {
            return Ok(Some(lhs));
        }
        let text = format!(
            "{}{}",
            lhs.spelling(self.interner),
            rhs.spelling(self.interner)
        );
        match lexer::single_token(&text, self.interner, self.opts.assembler) {
            Some(tok) => Ok(Some(PpToken {
                kind: tok.kind,
                flags: (tok.flags & pp_flags::DIGRAPH) | (lhs.flags & pp_flags::LEADING_SPACE),
                sym: tok.sym,
                span: lhs.span,
            })),
            None if self.opts.assembler => Ok(None),
            None => Err(Diagnostic::error(
                lhs.span,
                format!(
                    "pasting \"{}\" and \"{}\" does not give a valid preprocessing token",
                    lhs.spelling(self.interner),
                    rhs.spelling(self.interner)
                ),
            )),
        }
    }

    fn token(&mut self, kind: PpKind, text: &str, span: Span) -> PpToken {
        PpToken {
            kind,
            flags: 0,
            sym: self.interner.intern(text),
            span,
        }
    }

    fn string_token(&mut self, value: &str, span: Span) -> PpToken {
        let mut text = String::from("\"");
        push_escaped(&mut text, value);
        text.push('"');
        self.token(PpKind::Str, &text, span)
    }

    /// What a built-in macro stands for here.
    fn builtin(&mut self, name: PpToken, b: Builtin) -> Result<Vec<PpToken>> {
        let span = name.span;
        let site = self.map.outermost(span);
        Ok(match b {
            Builtin::File => {
                let file = self.map.locate(site.lo).file.to_string();
                vec![self.string_token(&file, span)]
            }
            Builtin::BaseFile => {
                let file = self.main_name.clone();
                vec![self.string_token(&file, span)]
            }
            Builtin::Line => {
                let line = self.map.locate(site.lo).line;
                vec![self.token(PpKind::Number, &line.to_string(), span)]
            }
            Builtin::Counter => {
                let n = self.counter;
                self.counter += 1;
                vec![self.token(PpKind::Number, &n.to_string(), span)]
            }
            Builtin::IncludeLevel => {
                let level = self.files.len().saturating_sub(1);
                vec![self.token(PpKind::Number, &level.to_string(), span)]
            }
            Builtin::Date | Builtin::Time => {
                let (date, time) = date_and_time(self.opts.timestamp);
                let text = if b == Builtin::Date { date } else { time };
                vec![self.string_token(&text, span)]
            }
            Builtin::Pragma => vec![self.pragma_operator(name)?],
            Builtin::HasInclude | Builtin::HasIncludeNext | Builtin::HasBuiltinFn => {
                return Err(Diagnostic::error(
                    span,
                    format!(
                        "\"{}\" used outside of preprocessing directive",
                        name.spelling(self.interner)
                    ),
                ));
            }
        })
    }

    /// `_Pragma ( string-literal )` (C11 6.10.9): a `#pragma` to pass on.
    fn pragma_operator(&mut self, name: PpToken) -> Result<PpToken> {
        let bad = || Diagnostic::error(name.span, "_Pragma takes a parenthesized string literal");
        let open = self.next_unexpanded()?;
        let string = self.next_unexpanded()?;
        let close = self.next_unexpanded()?;
        if !open.is_punct(Punct::LParen)
            || string.kind != PpKind::Str
            || string.has(pp_flags::UNTERMINATED)
            || !close.is_punct(Punct::RParen)
        {
            return Err(bad());
        }
        let s = string.spelling(self.interner);
        let inner = &s[s.find('"').ok_or_else(bad)? + 1..s.len() - 1];
        let text = inner.replace("\\\"", "\"").replace("\\\\", "\\");
        Ok(PpToken {
            kind: PpKind::Pragma,
            flags: pp_flags::LINE_START,
            sym: self.interner.intern(text.trim()),
            span: name.span,
        })
    }

    /// In `#if`: `defined NAME`, `defined ( NAME )`, `__has_include(...)`
    /// become `1` or `0`; `None` for any other identifier.
    pub(super) fn if_operator(&mut self, tok: PpToken) -> Result<Option<PpToken>> {
        let has_include = match self.macros.get(&tok.sym).map(|m| m.kind) {
            Some(MacroKind::Builtin(Builtin::HasInclude)) => Some(false),
            Some(MacroKind::Builtin(Builtin::HasIncludeNext)) => Some(true),
            _ => None,
        };
        let value = if tok.sym == self.names.defined {
            let mut t = self.next_unexpanded()?;
            let paren = t.is_punct(Punct::LParen);
            if paren {
                t = self.next_unexpanded()?;
            }
            if t.kind != PpKind::Ident {
                return Err(Diagnostic::error(
                    if t.kind == PpKind::Eof {
                        tok.span
                    } else {
                        t.span
                    },
                    "operator \"defined\" requires an identifier",
                ));
            }
            if paren && !self.next_unexpanded()?.is_punct(Punct::RParen) {
                return Err(Diagnostic::error(t.span, "missing ')' after \"defined\""));
            }
            self.has_macro(t.sym)
        } else if let Some(next) = has_include {
            self.has_include(tok, next)?
        } else if let Some(MacroKind::Builtin(Builtin::HasBuiltinFn)) =
            self.macros.get(&tok.sym).map(|m| m.kind)
        {
            self.has_builtin(tok)?
        } else {
            return Ok(None);
        };
        let text = if value { "1" } else { "0" };
        Ok(Some(PpToken {
            flags: tok.flags & pp_flags::LEADING_SPACE,
            ..self.token(PpKind::Number, text, tok.span)
        }))
    }

    /// `__has_builtin ( name )`: the builtins called like functions that
    /// the compiler implements, and, as gcc answers, `__builtin_offsetof`
    /// (but not `__builtin_va_arg`) of those the parser reads as syntax.
    fn has_builtin(&mut self, tok: PpToken) -> Result<bool> {
        let missing = |what: &str| {
            Diagnostic::error(tok.span, format!("missing {what} in \"__has_builtin\""))
        };
        if !self.next_unexpanded()?.is_punct(Punct::LParen) {
            return Err(missing("'('"));
        }
        let name = self.next_unexpanded()?;
        if name.kind != PpKind::Ident {
            return Err(missing("a builtin name"));
        }
        if !self.next_unexpanded()?.is_punct(Punct::RParen) {
            return Err(missing("')'"));
        }
        let spelled = name.spelling(self.interner);
        Ok(
            crate::ir::ast::Builtin::from_name(spelled).is_some()
                || spelled == "__builtin_offsetof",
        )
    }

    fn has_include(&mut self, tok: PpToken, next: bool) -> Result<bool> {
        let bad = |at: Span| Diagnostic::error(at, "missing '(' before \"__has_include\" operand");
        if !self.next_unexpanded()?.is_punct(Punct::LParen) {
            return Err(bad(tok.span));
        }
        let unclosed =
            || Diagnostic::error(tok.span, "missing ')' after \"__has_include\" operand");
        let first = self.next_token()?;
        let mut header = vec![first];
        if first.is_punct(Punct::Lt) {
            // `<name>`: the words inside are no macros.
            loop {
                let t = self.next_unexpanded()?;
                if t.kind == PpKind::Eof {
                    return Err(unclosed());
                }
                header.push(t);
                if t.is_punct(Punct::Gt) {
                    break;
                }
            }
        }
        if !self.next_token()?.is_punct(Punct::RParen) {
            return Err(unclosed());
        }
        let (name, angled, _) = self.header_from_tokens(&header, tok.span)?;
        Ok(self
            .find_include(&name, angled, self.search_start(next))
            .is_some())
    }
}

/// What one macro call substitutes: the macro, its arguments and the
/// expansion's context for spans.
#[derive(Clone, Copy)]
struct Substitution<'m> {
    m: &'m Macro,
    args: &'m [Vec<PpToken>],
    va_omitted: bool,
    ctx: u32,
}

/// Puts a substituted operand (an argument, a `__VA_OPT__` group) where the
/// parameter stood: its first token takes the parameter's spacing, and an
/// empty one next to `##` becomes a placemarker (C11 6.10.3.3p2).
fn place_operand(tokens: &mut Vec<PpToken>, space: u8, pasting: bool, at: Span) {
    match tokens.first_mut() {
        Some(first) => first.flags = (first.flags & !pp_flags::LEADING_SPACE) | space,
        None if pasting => tokens.push(PpToken {
            kind: PpKind::Placemarker,
            flags: space,
            sym: Sym::NONE,
            span: at,
        }),
        None => {}
    }
}

/// The index of the `)` closing the `(` at `body[open]`, if any.
fn va_opt_close(body: &[PpToken], open: usize) -> Option<usize> {
    let mut depth = 0u32;
    for (i, t) in body.iter().enumerate().skip(open) {
        if t.is_punct(Punct::LParen) {
            depth += 1;
        } else if t.is_punct(Punct::RParen) {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

/// `s` as it is written inside a string literal: `"` and `\` escaped.
pub(super) fn push_escaped(text: &mut String, s: &str) {
    for c in s.chars() {
        if c == '"' || c == '\\' {
            text.push('\\');
        }
        text.push(c);
    }
}

/// `__DATE__` ("Nov 21 2026") and `__TIME__` ("08:37:00") of a UTC time.
fn date_and_time(seconds: i64) -> (String, String) {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        format!("{} {day:>2} {year}", MONTHS[(month - 1) as usize]),
        format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_civil_utc() {
        assert_eq!(
            super::date_and_time(0),
            ("Jan  1 1970".to_string(), "00:00:00".to_string())
        );
        assert_eq!(
            super::date_and_time(1_795_250_000),
            ("Nov 21 2026".to_string(), "08:33:20".to_string())
        );
    }
}
