//! Lexing for the parser: preprocessing tokens to tokens (C11 5.1.1.2 phase
//! 7, book chapter 1).
//!
//! Takes the preprocessor's fully expanded tokens; returns the parser's
//! tokens ending in `Eof`: identifiers split from keywords, pp-numbers
//! converted to integer literals, `#pragma`s dropped. Guarantees every token
//! keeps its span; the first pp-token that is no token of the language
//! (`@`, a stray `#`, `1foo`, a string while strings are unsupported) is a
//! diagnostic at its position.

use crate::diag::{Diagnostic, Result};
use crate::intern::Interner;
use crate::ir::token::{
    KEYWORDS, Keyword, PpKind, PpToken, Punct, Token, TokenKind, UNSUPPORTED_KEYWORDS, pp_flags,
};
use crate::pp::Preprocessor;

/// Runs the preprocessor to the end and converts its tokens.
pub fn lex(pp: &mut Preprocessor) -> Result<Vec<Token>> {
    let mut tokens = Vec::new();
    let keywords = keyword_table(pp.interner());
    loop {
        let t = pp.next_token()?;
        if t.kind == PpKind::Pragma {
            continue;
        }
        let kind = convert(&t, pp.interner(), &keywords)?;
        tokens.push(Token { kind, span: t.span });
        if kind == TokenKind::Eof {
            return Ok(tokens);
        }
    }
}

/// `table[sym]`: the keyword an identifier is, if any. Keywords are
/// interned when the table is made, early, so the table stays short.
fn keyword_table(interner: &mut Interner) -> Vec<Option<Keyword>> {
    let mut table = Vec::new();
    for &k in KEYWORDS.iter().chain(UNSUPPORTED_KEYWORDS) {
        let sym = interner.intern(k);
        if table.len() <= sym.index() {
            table.resize(sym.index() + 1, None);
        }
        table[sym.index()] = Keyword::lookup(k);
    }
    table
}

fn convert(t: &PpToken, interner: &Interner, keywords: &[Option<Keyword>]) -> Result<TokenKind> {
    Ok(match t.kind {
        PpKind::Ident => match keywords.get(t.sym.index()) {
            Some(&Some(k)) => TokenKind::Keyword(k),
            _ => TokenKind::Ident(t.sym),
        },
        PpKind::Number => number(t, interner)?,
        PpKind::Punct(p @ (Punct::Hash | Punct::HashHash)) => {
            return Err(Diagnostic::error(
                t.span,
                format!("stray '{}' in program", p.text()),
            ));
        }
        PpKind::Punct(p) => TokenKind::Punct(p),
        PpKind::Eof => TokenKind::Eof,
        PpKind::Char | PpKind::Str if t.has(pp_flags::UNTERMINATED) => {
            let quote = if t.kind == PpKind::Char { '\'' } else { '"' };
            return Err(Diagnostic::error(
                t.span,
                format!("missing terminating {quote} character"),
            ));
        }
        PpKind::Char => {
            return Err(Diagnostic::error(
                t.span,
                "character constants are not supported yet",
            ));
        }
        PpKind::Str => {
            return Err(Diagnostic::error(
                t.span,
                "string literals are not supported yet",
            ));
        }
        PpKind::Other | PpKind::HeaderName | PpKind::Placemarker | PpKind::Pragma => {
            let text = t.spelling(interner);
            let ch = text.chars().next().unwrap_or(' ');
            let shown = if ch.is_ascii_graphic() {
                format!("'{ch}'")
            } else {
                format!("{ch:?}")
            };
            return Err(Diagnostic::error(
                t.span,
                format!("stray {shown} in program"),
            ));
        }
    })
}

/// Decimal, octal (`017`) and hexadecimal (`0x1f`) integer literals.
fn number(t: &PpToken, interner: &Interner) -> Result<TokenKind> {
    let text = t.spelling(interner);
    let (radix, digits) = match text.as_bytes() {
        [b'0', b'x' | b'X', ..] => (16, &text[2..]),
        [b'0', ..] => (8, text),
        _ => (10, text),
    };
    let end = digits
        .find(|c: char| !c.is_ascii_hexdigit())
        .unwrap_or(digits.len());
    if end != digits.len()
        || digits.is_empty()
        || (radix == 10 && digits.contains(|c: char| !c.is_ascii_digit()))
    {
        return Err(Diagnostic::error(
            t.span,
            format!("invalid suffix or malformed number '{text}'"),
        ));
    }
    match u64::from_str_radix(digits, radix) {
        Ok(value) => Ok(TokenKind::IntLit(value)),
        Err(e) if *e.kind() == std::num::IntErrorKind::PosOverflow => Err(Diagnostic::error(
            t.span,
            "integer constant is too large for its type",
        )),
        Err(_) => Err(Diagnostic::error(
            t.span,
            format!("invalid digit in number '{text}'"),
        )),
    }
}
