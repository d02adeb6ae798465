//! Lexer: preprocessed text to tokens (book chapter 1, plus C's full operator set).
//!
//! Takes the output of the preprocessor, returns the tokens ending in `Eof`, and
//! records the `# LINE "FILE"` markers it skips (for [`crate::diag::SourceMap`]).
//! Guarantees every token has the span of its text; the first invalid character
//! or malformed number is reported as a diagnostic at its position.

use crate::diag::{Diagnostic, LineMarker, Result, Span};
use crate::intern::Interner;
use crate::ir::token::{Keyword, Punct, Token, TokenKind};

/// Lexes `text`, appending the line markers it passes to `markers` (kept even
/// when lexing fails, so the error can be located).
pub fn lex(
    text: &str,
    interner: &mut Interner,
    markers: &mut Vec<LineMarker>,
) -> Result<Vec<Token>> {
    let mut lexer = Lexer {
        src: text.as_bytes(),
        pos: 0,
        line: 0,
        at_line_start: true,
    };
    let mut tokens = Vec::with_capacity(text.len() / 4);
    loop {
        lexer.skip_trivia(text, markers)?;
        let start = lexer.pos;
        let Some(&c) = lexer.src.get(start) else {
            tokens.push(Token {
                kind: TokenKind::Eof,
                span: Span::new(start, start),
            });
            return Ok(tokens);
        };
        let kind = if c.is_ascii_alphabetic() || c == b'_' {
            let word = lexer.take_while(|b| b.is_ascii_alphanumeric() || b == b'_');
            let word = &text[word.0..word.1];
            match Keyword::lookup(word) {
                Some(kw) => TokenKind::Keyword(kw),
                None => TokenKind::Ident(interner.intern(word)),
            }
        } else if c.is_ascii_digit() {
            lexer.number(text)?
        } else if let Some(p) = lexer.punct() {
            TokenKind::Punct(p)
        } else {
            let ch = text[start..].chars().next().expect("in bounds");
            let end = start + ch.len_utf8();
            let shown = if ch.is_ascii_graphic() {
                format!("'{ch}'")
            } else {
                format!("{ch:?}")
            };
            return Err(Diagnostic::error(
                Span::new(start, end),
                format!("stray {shown} in program"),
            ));
        };
        tokens.push(Token {
            kind,
            span: Span::new(start, lexer.pos),
        });
    }
}

struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    /// Physical line number (0-based) of `pos`.
    line: u32,
    at_line_start: bool,
}

impl Lexer<'_> {
    fn peek(&self, ahead: usize) -> u8 {
        self.src.get(self.pos + ahead).copied().unwrap_or(0)
    }

    fn take_while(&mut self, pred: impl Fn(u8) -> bool) -> (usize, usize) {
        let start = self.pos;
        while self.pos < self.src.len() && pred(self.src[self.pos]) {
            self.pos += 1;
        }
        (start, self.pos)
    }

    /// Skips white space, comments and preprocessor line markers.
    fn skip_trivia(&mut self, text: &str, markers: &mut Vec<LineMarker>) -> Result<()> {
        while self.pos < self.src.len() {
            match self.src[self.pos] {
                b'\n' => {
                    self.pos += 1;
                    self.line += 1;
                    self.at_line_start = true;
                }
                b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c' => self.pos += 1,
                b'/' if self.peek(1) == b'/' => {
                    self.take_while(|b| b != b'\n');
                }
                b'/' if self.peek(1) == b'*' => self.block_comment()?,
                b'#' if self.at_line_start => self.directive_line(text, markers),
                _ => break,
            }
        }
        self.at_line_start = false;
        Ok(())
    }

    fn block_comment(&mut self) -> Result<()> {
        let start = self.pos;
        self.pos += 2;
        loop {
            match self.src.get(self.pos) {
                None => {
                    return Err(Diagnostic::error(
                        Span::new(start, start + 2),
                        "unterminated comment",
                    ));
                }
                Some(b'*') if self.peek(1) == b'/' => {
                    self.pos += 2;
                    return Ok(());
                }
                Some(&b) => {
                    if b == b'\n' {
                        self.line += 1;
                    }
                    self.pos += 1;
                }
            }
        }
    }

    /// A line starting with `#` after preprocessing: a line marker
    /// (`# 12 "file.c" 2`) is recorded; `#pragma` and `#ident` lines that the
    /// preprocessor passes on are ignored.
    fn directive_line(&mut self, text: &str, markers: &mut Vec<LineMarker>) {
        let (start, end) = self.take_while(|b| b != b'\n');
        let line = &text[start + 1..end];
        let mut words = line.trim_start().splitn(2, ' ');
        let first = words.next().unwrap_or("");
        let first = first
            .strip_prefix("line")
            .map_or(first, |_| words.next().unwrap_or(""));
        if let Ok(number) = first.parse::<u32>() {
            let rest = line
                .trim_start()
                .split_once('"')
                .map(|(_, r)| r)
                .unwrap_or("");
            let file = rest.rsplit_once('"').map(|(f, _)| f);
            markers.push(LineMarker {
                // The marker describes the line after it.
                phys_line: self.line + 1,
                line: number,
                file: file.map_or_else(
                    || markers.last().map_or(String::new(), |m| m.file.clone()),
                    str::to_string,
                ),
            });
        }
    }

    /// Decimal, octal (`017`) and hexadecimal (`0x1f`) integer literals.
    fn number(&mut self, text: &str) -> Result<TokenKind> {
        let start = self.pos;
        let (radix, digits_start) = if self.peek(0) == b'0' && matches!(self.peek(1), b'x' | b'X') {
            (16, start + 2)
        } else if self.peek(0) == b'0' {
            (8, start)
        } else {
            (10, start)
        };
        self.pos = digits_start;
        let (ds, de) = self.take_while(|b| b.is_ascii_hexdigit());
        // Anything glued to a number (`123abc`, `1.5`, `1u`) is not an int literal.
        let (_, end) = self.take_while(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
        let span = Span::new(start, end);
        let digits = &text[ds..de];
        if end != de || digits.is_empty() {
            return Err(Diagnostic::error(
                span,
                format!("invalid suffix or malformed number '{}'", &text[start..end]),
            ));
        }
        match u64::from_str_radix(digits, radix) {
            Ok(value) => Ok(TokenKind::IntLit(value)),
            Err(e) if *e.kind() == std::num::IntErrorKind::PosOverflow => Err(Diagnostic::error(
                span,
                "integer constant is too large for its type",
            )),
            Err(_) => Err(Diagnostic::error(
                span,
                format!("invalid digit in number '{}'", &text[start..end]),
            )),
        }
    }

    /// The longest punctuator at the current position.
    fn punct(&mut self) -> Option<Punct> {
        use Punct::*;
        let (c0, c1, c2) = (self.peek(0), self.peek(1), self.peek(2));
        let (p, len) = match (c0, c1, c2) {
            (b'<', b'<', b'=') => (ShlAssign, 3),
            (b'>', b'>', b'=') => (ShrAssign, 3),
            (b'<', b'<', _) => (Shl, 2),
            (b'>', b'>', _) => (Shr, 2),
            (b'&', b'&', _) => (AmpAmp, 2),
            (b'|', b'|', _) => (PipePipe, 2),
            (b'=', b'=', _) => (EqEq, 2),
            (b'!', b'=', _) => (NotEq, 2),
            (b'<', b'=', _) => (Le, 2),
            (b'>', b'=', _) => (Ge, 2),
            (b'+', b'+', _) => (PlusPlus, 2),
            (b'-', b'-', _) => (MinusMinus, 2),
            (b'+', b'=', _) => (PlusAssign, 2),
            (b'-', b'=', _) => (MinusAssign, 2),
            (b'*', b'=', _) => (StarAssign, 2),
            (b'/', b'=', _) => (SlashAssign, 2),
            (b'%', b'=', _) => (PercentAssign, 2),
            (b'&', b'=', _) => (AmpAssign, 2),
            (b'|', b'=', _) => (PipeAssign, 2),
            (b'^', b'=', _) => (CaretAssign, 2),
            (b'(', _, _) => (LParen, 1),
            (b')', _, _) => (RParen, 1),
            (b'{', _, _) => (LBrace, 1),
            (b'}', _, _) => (RBrace, 1),
            (b';', _, _) => (Semi, 1),
            (b',', _, _) => (Comma, 1),
            (b'?', _, _) => (Question, 1),
            (b':', _, _) => (Colon, 1),
            (b'~', _, _) => (Tilde, 1),
            (b'!', _, _) => (Bang, 1),
            (b'+', _, _) => (Plus, 1),
            (b'-', _, _) => (Minus, 1),
            (b'*', _, _) => (Star, 1),
            (b'/', _, _) => (Slash, 1),
            (b'%', _, _) => (Percent, 1),
            (b'&', _, _) => (Amp, 1),
            (b'|', _, _) => (Pipe, 1),
            (b'^', _, _) => (Caret, 1),
            (b'=', _, _) => (Assign, 1),
            (b'<', _, _) => (Lt, 1),
            (b'>', _, _) => (Gt, 1),
            _ => return None,
        };
        self.pos += len;
        Some(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<TokenKind> {
        let mut interner = Interner::new();
        lex(src, &mut interner, &mut Vec::new())
            .unwrap()
            .into_iter()
            .map(|t| t.kind)
            .collect()
    }

    #[test]
    fn longest_punctuator_wins() {
        use Punct::*;
        let k = kinds("a<<=b>>c");
        assert_eq!(k[1], TokenKind::Punct(ShlAssign));
        assert_eq!(k[3], TokenKind::Punct(Shr));
    }

    #[test]
    fn literals_in_three_radixes() {
        assert_eq!(
            kinds("10 010 0x10")[..3],
            [
                TokenKind::IntLit(10),
                TokenKind::IntLit(8),
                TokenKind::IntLit(16)
            ]
        );
    }

    #[test]
    fn glued_suffix_is_an_error() {
        let mut interner = Interner::new();
        let err = lex("return 1foo;", &mut interner, &mut Vec::new())
            .err()
            .unwrap();
        assert_eq!(err.span, Span::new(7, 11));
    }

    #[test]
    fn markers_are_recorded_not_lexed() {
        let mut interner = Interner::new();
        let mut markers = Vec::new();
        let tokens = lex(
            "# 1 \"x.c\"\nint\n# 5 \"x.c\" 2\nreturn",
            &mut interner,
            &mut markers,
        )
        .unwrap();
        assert_eq!(tokens.len(), 3);
        assert_eq!(markers[1].phys_line, 3);
        assert_eq!(markers[1].line, 5);
    }
}
