//! Lexing for the parser: preprocessing tokens to tokens (C11 5.1.1.2 phase
//! 7, book chapter 1).
//!
//! Takes the preprocessor; returns the parser's tokens one at a time as the
//! preprocessor makes them, ending in `Eof` (no token vector: a large file's
//! tokens would cost more to store than to make): identifiers split from
//! keywords, pp-numbers converted to integer literals, `#pragma`s dropped.
//! Guarantees every token keeps its span; the first pp-token that is no
//! token of the language (`@`, a stray `#`, `1foo`, a string while strings
//! are unsupported), or the preprocessor's first error, ends the stream and
//! is kept as the diagnostic [`TokenStream::finish`] returns.

use crate::diag::{Diagnostic, Result, Span};
use crate::intern::Interner;
use crate::ir::token::{
    KEYWORDS, Keyword, PpKind, PpToken, Punct, Token, TokenKind, UNSUPPORTED_KEYWORDS, pp_flags,
};
use crate::pp::Preprocessor;

pub struct TokenStream<'p, 'a> {
    pp: &'p mut Preprocessor<'a>,
    keywords: Vec<Option<Keyword>>,
    /// The error that ended the stream.
    error: Option<Diagnostic>,
    /// Every token returned so far, when asked for (`--tokens`).
    log: Option<Vec<Token>>,
}

impl<'p, 'a> TokenStream<'p, 'a> {
    pub fn new(pp: &'p mut Preprocessor<'a>) -> Self {
        let keywords = keyword_table(pp.interner_mut());
        TokenStream {
            pp,
            keywords,
            error: None,
            log: None,
        }
    }

    /// Keeps every token from now on, for [`TokenStream::recorded`].
    pub fn record(&mut self) {
        self.log = Some(Vec::new());
    }

    /// The tokens returned since [`TokenStream::record`], ending in one `Eof`.
    pub fn recorded(&mut self) -> Option<Vec<Token>> {
        self.log.take()
    }

    /// The next token; `Eof` at the end, forever, and after an error.
    #[inline]
    pub fn next_token(&mut self) -> Token {
        const END: Token = Token {
            kind: TokenKind::Eof,
            span: Span {
                lo: 0,
                hi: 0,
                ctx: 0,
            },
        };
        if self.error.is_some() {
            return END;
        }
        loop {
            let t = match self.pp.next_token() {
                Ok(t) => t,
                Err(e) => {
                    self.error = Some(e);
                    return END;
                }
            };
            if t.kind == PpKind::Pragma {
                continue;
            }
            let kind = match convert(&t, self.pp.interner(), &self.keywords) {
                Ok(kind) => kind,
                Err(e) => {
                    self.error = Some(e);
                    return END;
                }
            };
            let token = Token { kind, span: t.span };
            if let Some(log) = &mut self.log
                && log.last().is_none_or(|t| t.kind != TokenKind::Eof)
            {
                log.push(token);
            }
            return token;
        }
    }

    /// The interner the tokens' symbols belong to.
    pub fn interner(&self) -> &Interner {
        self.pp.interner()
    }

    /// Reads to the end and returns the first error, if any. A lexical or
    /// preprocessing error anywhere in the file is reported ahead of a
    /// syntax error, as when the whole file was lexed before parsing.
    pub fn finish(&mut self) -> Result<()> {
        while self.error.is_none() && self.next_token().kind != TokenKind::Eof {}
        self.error.take().map_or(Ok(()), Err)
    }
}

/// `table[sym]`: the keyword an identifier is, if any. Keywords are
/// interned when the table is made, early, so the table stays short.
fn keyword_table(interner: &mut Interner) -> Vec<Option<Keyword>> {
    let mut table = Vec::new();
    let unsupported = UNSUPPORTED_KEYWORDS
        .iter()
        .map(|&name| Keyword::Unsupported(name));
    for k in KEYWORDS.into_iter().chain(unsupported) {
        let sym = interner.intern(k.name());
        if table.len() <= sym.index() {
            table.resize(sym.index() + 1, None);
        }
        table[sym.index()] = Some(k);
    }
    table
}

#[inline]
fn convert(t: &PpToken, interner: &Interner, keywords: &[Option<Keyword>]) -> Result<TokenKind> {
    match t.kind {
        PpKind::Ident => Ok(match keywords.get(t.sym.index()) {
            Some(&Some(k)) => TokenKind::Keyword(k),
            _ => TokenKind::Ident(t.sym),
        }),
        PpKind::Punct(p) if !matches!(p, Punct::Hash | Punct::HashHash) => Ok(TokenKind::Punct(p)),
        PpKind::Number => number(t, interner),
        _ => convert_other(t, interner),
    }
}

/// The kinds [`convert`] leaves: the end, and the errors.
#[cold]
fn convert_other(t: &PpToken, interner: &Interner) -> Result<TokenKind> {
    Ok(match t.kind {
        PpKind::Punct(p @ (Punct::Hash | Punct::HashHash)) => {
            return Err(Diagnostic::error(
                t.span,
                format!("stray '{}' in program", p.text()),
            ));
        }
        PpKind::Ident | PpKind::Number | PpKind::Punct(_) => unreachable!("converted by convert"),
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
    // Most literals: a few decimal digits, no leading zero, no suffix.
    if let [b'1'..=b'9', rest @ ..] = text.as_bytes()
        && rest.len() < 18
        && rest.iter().all(u8::is_ascii_digit)
    {
        let value = text.bytes().fold(0, |v, d| v * 10 + u64::from(d - b'0'));
        return Ok(TokenKind::IntLit(value));
    }
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
