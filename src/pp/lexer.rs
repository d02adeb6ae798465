//! The preprocessor's lexer: one file's text to preprocessing tokens (C11 6.4).
//!
//! Takes a file's text and its base in the translation unit's offset space;
//! returns tokens one at a time with their flags (first on a line, white
//! space before), identifiers and other spellings interned. Line splices
//! (backslash-newline, C11 5.1.1.2 phase 2) are removed up front, and every
//! span still points at the original text. Guarantees the whole input is
//! covered: anything that is no other token is an `Other` token, so only an
//! unterminated comment is an error here.
//!
//! For assembly with C preprocessing ([`Lexer::for_assembler`]) it lexes as
//! gcc's `-lang-asm` does, which knows only C90's tokens: no digraphs
//! (`%:` is `%` then `:`, as in `%:define`, which is no directive there)
//! and no `u`, `U` or `u8` literal prefixes (`L` is C90's).

use std::sync::Arc;

use crate::diag::{Diagnostic, Result, Span, Text};
use crate::intern::{Interner, Sym};
use crate::ir::token::{PpKind, PpToken, Punct, pp_flags};

/// How many tokens [`Lexer::fill`] makes at a time, at most.
pub const FILL: usize = 256;

pub struct Lexer {
    /// The text with line splices removed.
    text: Text,
    pos: usize,
    /// Global offset of the original text's first byte.
    base: u32,
    /// For each removed splice: the offset in `text` where it was, and the
    /// number of bytes removed up to and including it.
    splices: Vec<(u32, u32)>,
    at_line_start: bool,
    peeked: Option<PpToken>,
    /// Flags from white space already skipped (by `fill`, looking for the
    /// end of a line), for the next token.
    pending: Option<u8>,
    /// An unterminated comment: the lexer stops there, returning `Eof`, and
    /// its owner reports this when it sees the `Eof`.
    error: Option<Diagnostic>,
    /// Assembly with C preprocessing: C90's tokens only (see the header).
    assembler: bool,
}

impl Lexer {
    pub fn new(text: Text, base: u32) -> Self {
        let (text, splices) = remove_splices(text);
        Lexer {
            text,
            pos: 0,
            base,
            splices,
            at_line_start: true,
            peeked: None,
            pending: None,
            error: None,
            assembler: false,
        }
    }

    /// The same lexer for assembly with C preprocessing (`assembler`), or
    /// for C.
    pub fn for_assembler(mut self, assembler: bool) -> Self {
        self.assembler = assembler;
        self
    }

    /// The global offset of a position in the spliced text.
    fn global(&self, local: usize) -> u32 {
        let removed = if self.splices.is_empty() {
            0
        } else {
            let i = self
                .splices
                .partition_point(|&(at, _)| at as usize <= local);
            if i == 0 { 0 } else { self.splices[i - 1].1 }
        };
        self.base + local as u32 + removed
    }

    fn span(&self, lo: usize, hi: usize) -> Span {
        Span {
            lo: self.global(lo),
            hi: self.global(hi),
            ctx: 0,
        }
    }

    /// Global offset of the start of the line after the current token (for
    /// `#line`, which numbers the next line).
    pub fn next_line_start(&self) -> u32 {
        let bytes = self.text.as_bytes();
        let mut p = self.pos;
        while p < bytes.len() && bytes[p] != b'\n' {
            p += 1;
        }
        self.global((p + 1).min(bytes.len()))
    }

    /// Puts one token back; the next `next` returns it.
    pub fn unread(&mut self, tok: PpToken) {
        debug_assert!(self.peeked.is_none(), "one token of push-back");
        self.peeked = Some(tok);
    }

    /// The error that ended the text early, if any (taken once).
    pub fn take_error(&mut self) -> Option<Diagnostic> {
        self.error.take()
    }

    /// At a line's start: the longest run of whole lines that preprocessing
    /// would leave as they are (no directive, comment, unclosed literal,
    /// splice, or identifier for which `is_macro` holds), consumed with their newlines
    /// and returned as a range of the file's text (without the last
    /// newline); `None` if the next line is not such a line. This lets `-E`
    /// copy the bulk of plain code instead of re-spelling it token by token.
    /// (Files with splices never qualify, so the range is the file's own.)
    pub fn plain_lines(&mut self, is_macro: impl Fn(&str) -> bool) -> Option<(usize, usize)> {
        if self.peeked.is_some() || !self.at_line_start || !self.splices.is_empty() {
            return None;
        }
        let src = self.text.as_bytes();
        let mut p = self.pos;
        // White space before the first token may have been skipped already
        // (by `fill`, after the last line's last token): the line's
        // indentation is copied too when that is all it was.
        let line = src[..p]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |n| n + 1);
        if src[line..p].iter().all(|&b| b == b' ' || b == b'\t') {
            p = line;
        }
        let start = p;
        // The end of the last whole plain line, and where the next begins.
        let mut block: Option<(usize, usize)> = None;
        'lines: loop {
            let line = p;
            while matches!(src.get(p), Some(b' ' | b'\t')) {
                p += 1;
            }
            if matches!(&src[p..], [b'#', ..] | [b'%', b':', ..]) {
                break;
            }
            loop {
                // Bytes that need no thought (operators, spaces) in bulk.
                while src.get(p).is_some_and(|&b| PLAIN_BYTE[b as usize]) {
                    p += 1;
                }
                let Some(&b) = src.get(p) else {
                    if p > line {
                        block = Some((p, p));
                    }
                    break 'lines;
                };
                match b {
                    b'\n' => {
                        p += 1;
                        block = Some((p - 1, p));
                        continue 'lines;
                    }
                    // A CRLF line ends the run, so no `\r` is copied.
                    b'\r' if src.get(p + 1) == Some(&b'\n') => {
                        block = Some((p, p + 2));
                        break 'lines;
                    }
                    b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                        let word = p;
                        p = ident_end(src, p);
                        if is_macro(&self.text[word..p]) {
                            break 'lines;
                        }
                    }
                    b'0'..=b'9' => p = number_end(src, p),
                    b'.' if src.get(p + 1).is_some_and(u8::is_ascii_digit) => {
                        p = number_end(src, p);
                    }
                    b'.' => p += 1,
                    b'/' if matches!(src.get(p + 1), Some(b'/' | b'*')) => break 'lines,
                    b'/' => p += 1,
                    // A string literal or character constant closed on its
                    // line is copied as written (the slow path spells it
                    // the same); an unclosed one is left to it.
                    b'"' | b'\'' => match literal_end(src, p) {
                        Some(end) => p = end,
                        None => break 'lines,
                    },
                    _ => break 'lines,
                }
            }
        }
        let (end, next) = block?;
        self.pos = next;
        self.pending = None;
        Some((start, end))
    }

    /// Appends the tokens of the rest of the line to `out`, stopping early
    /// after a line's first `#` (a directive to obey before lexing on) or
    /// `Eof`, or when `out` holds [`FILL`]. Stopping at line ends (with the
    /// newline read) lets `plain_lines` look at whole lines.
    pub fn fill(&mut self, interner: &mut Interner, out: &mut Vec<PpToken>) {
        loop {
            let tok = self.next(interner);
            out.push(tok);
            if tok.is_directive_or_end() || out.len() >= FILL {
                return;
            }
            let flags = self.trivia();
            self.pending = Some(flags);
            if self.at_line_start {
                return;
            }
        }
    }

    /// The next token; `Eof` (flagged as a line start) at the end, forever,
    /// or at an unterminated comment (see [`Lexer::take_error`]).
    #[inline]
    pub fn next(&mut self, interner: &mut Interner) -> PpToken {
        if let Some(tok) = self.peeked.take() {
            return tok;
        }
        let mut flags = match self.pending.take() {
            Some(flags) => flags,
            None => self.trivia(),
        };
        if self.at_line_start {
            flags |= pp_flags::LINE_START;
            self.at_line_start = false;
        }
        let src = self.text.as_bytes();
        let start = self.pos;
        let Some(&c) = src.get(start) else {
            self.at_line_start = true;
            return PpToken {
                kind: PpKind::Eof,
                flags: flags | pp_flags::LINE_START,
                sym: Sym::NONE,
                span: self.span(start, start),
            };
        };
        let kind = match c {
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let end = ident_end(src, start);
                let word = &src[start..end];
                let quote = src.get(end).copied();
                let c11 = !self.assembler;
                let prefix_of = |q: u8| match word {
                    b"L" => quote == Some(q),
                    b"u" | b"U" => c11 && quote == Some(q),
                    b"u8" => c11 && q == b'"' && quote == Some(q),
                    _ => false,
                };
                if prefix_of(b'"') || prefix_of(b'\'') {
                    let q = quote.expect("checked");
                    self.pos = end;
                    flags |= self.literal(q);
                    if q == b'"' { PpKind::Str } else { PpKind::Char }
                } else {
                    self.pos = end;
                    PpKind::Ident
                }
            }
            b'0'..=b'9' => {
                self.pos = number_end(src, start);
                PpKind::Number
            }
            b'.' if src.get(start + 1).is_some_and(u8::is_ascii_digit) => {
                self.pos = number_end(src, start);
                PpKind::Number
            }
            b'"' => {
                flags |= self.literal(b'"');
                PpKind::Str
            }
            b'\'' => {
                flags |= self.literal(b'\'');
                PpKind::Char
            }
            _ => match punct_in(src, start, !self.assembler) {
                Some((p, len, digraph)) => {
                    self.pos = start + len;
                    if digraph {
                        flags |= pp_flags::DIGRAPH;
                    }
                    PpKind::Punct(p)
                }
                None => {
                    let ch = self.text[start..].chars().next().expect("in bounds");
                    self.pos = start + ch.len_utf8();
                    PpKind::Other
                }
            },
        };
        let sym = match kind {
            PpKind::Punct(_) => Sym::NONE,
            PpKind::Ident => interner.intern_within(&self.text, start, self.pos),
            _ => interner.add(&self.text[start..self.pos]),
        };
        PpToken {
            kind,
            flags,
            sym,
            span: self.span(start, self.pos),
        }
    }

    /// A `<...>` header name at the current position (after `#include`), if
    /// the rest of the line has one there.
    pub fn header_name(&mut self, interner: &mut Interner) -> Result<Option<PpToken>> {
        if self.peeked.is_some() {
            return Ok(None);
        }
        let saved = (self.pos, self.at_line_start);
        let flags = self.skip_trivia()?;
        let src = self.text.as_bytes();
        let start = self.pos;
        if self.at_line_start || src.get(start) != Some(&b'<') {
            (self.pos, self.at_line_start) = saved;
            return Ok(None);
        }
        let Some(len) = src[start..]
            .iter()
            .take_while(|&&b| b != b'\n')
            .position(|&b| b == b'>')
        else {
            (self.pos, self.at_line_start) = saved;
            return Ok(None);
        };
        self.pos = start + len + 1;
        Ok(Some(PpToken {
            kind: PpKind::HeaderName,
            flags,
            sym: interner.intern(&self.text[start + 1..start + len]),
            span: self.span(start, self.pos),
        }))
    }

    /// In a group being skipped: moves to the next line whose first token is
    /// `#` (or to the end), without making tokens of the lines in between.
    /// Comments are still comments and quotes still quote, to the line's end.
    pub fn skip_to_directive(&mut self) -> Result<()> {
        if let Some(tok) = self.peeked {
            if tok.kind == PpKind::Eof
                || (tok.has(pp_flags::LINE_START) && tok.kind == PpKind::Punct(Punct::Hash))
            {
                return Ok(());
            }
            self.peeked = None;
        }
        let src = self.text.as_bytes();
        let mut pos = self.pos;
        let mut line_start = self.at_line_start;
        while let Some(&b) = src.get(pos) {
            match b {
                b'\n' => {
                    line_start = true;
                    pos += 1;
                }
                b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c' => pos += 1,
                b'#' if line_start => break,
                b'/' if let Some(end) = comment_end(src, pos) => match end {
                    Ok(end) => pos = end,
                    Err(()) => {
                        self.pos = src.len();
                        return Err(self.unterminated_comment(pos));
                    }
                },
                b'"' | b'\'' => {
                    line_start = false;
                    pos += 1;
                    while let Some(&c) = src.get(pos) {
                        match c {
                            b'\n' => break,
                            b'\\' => pos += 2,
                            _ if c == b => {
                                pos += 1;
                                break;
                            }
                            _ => pos += 1,
                        }
                    }
                }
                _ => {
                    line_start = false;
                    pos += 1;
                }
            }
        }
        self.pos = pos.min(src.len());
        self.at_line_start = line_start;
        Ok(())
    }

    fn unterminated_comment(&self, at: usize) -> Diagnostic {
        Diagnostic::error(self.span(at, at + 2), "unterminated comment")
    }

    /// `skip_trivia` between tokens: the common cases (nothing, or one
    /// space) answered without a call; an unterminated comment recorded as
    /// the error that ends the text.
    #[inline(always)]
    fn trivia(&mut self) -> u8 {
        let src = self.text.as_bytes();
        let pos = self.pos;
        match src.get(pos) {
            Some(&b) if !TRIVIA_START[b as usize] => 0,
            Some(b' ') if src.get(pos + 1).is_some_and(|&b| !TRIVIA_START[b as usize]) => {
                self.pos = pos + 1;
                pp_flags::LEADING_SPACE
            }
            _ => self.skip_trivia().unwrap_or_else(|e| {
                self.error = Some(e);
                0
            }),
        }
    }

    /// Skips white space and comments; returns `LEADING_SPACE` if there was any.
    fn skip_trivia(&mut self) -> Result<u8> {
        let src = self.text.as_bytes();
        let mut pos = self.pos;
        let mut flags = 0;
        while let Some(&b) = src.get(pos) {
            match b {
                b'\n' => {
                    pos += 1;
                    self.at_line_start = true;
                    flags = 0;
                }
                // gcc ignores NUL characters in the source (with a warning).
                b' ' => {
                    // Indentation: eight spaces at a time.
                    pos += 1;
                    while src.get(pos..pos + 8).is_some_and(|w| w == b"        ") {
                        pos += 8;
                    }
                    flags = pp_flags::LEADING_SPACE;
                }
                b'\t' | b'\r' | b'\x0b' | b'\x0c' | b'\0' => {
                    pos += 1;
                    flags = pp_flags::LEADING_SPACE;
                }
                b'/' if let Some(end) = comment_end(src, pos) => match end {
                    Ok(end) => {
                        pos = end;
                        flags = pp_flags::LEADING_SPACE;
                    }
                    Err(()) => {
                        self.pos = src.len();
                        return Err(self.unterminated_comment(pos));
                    }
                },
                _ => break,
            }
        }
        self.pos = pos;
        Ok(flags)
    }

    /// A string or character literal from the opening quote at `self.pos`;
    /// returns `UNTERMINATED` when the line ends first.
    fn literal(&mut self, quote: u8) -> u8 {
        let src = self.text.as_bytes();
        let mut pos = self.pos + 1;
        loop {
            match src.get(pos) {
                None | Some(b'\n') => {
                    self.pos = pos;
                    return pp_flags::UNTERMINATED;
                }
                Some(b'\\') if pos + 1 < src.len() && src[pos + 1] != b'\n' => pos += 2,
                Some(&b) if b == quote => {
                    self.pos = pos + 1;
                    return 0;
                }
                Some(_) => pos += 1,
            }
        }
    }
}

/// Just after the quote that closes the literal opening at `pos` (a `"` or
/// `'`), skipping backslash escapes; `None` if the line or the text ends
/// first. (No splice is in the text when `plain_lines` runs.)
fn literal_end(src: &[u8], pos: usize) -> Option<usize> {
    let quote = src[pos];
    let mut p = pos + 1;
    loop {
        match *src.get(p)? {
            b'\\' => p += 2,
            b'\n' => return None,
            b if b == quote => return Some(p + 1),
            _ => p += 1,
        }
    }
}

/// `PLAIN_BYTE[b]`: `plain_lines` copies byte `b` without a second look:
/// white space (not newlines) and the punctuator characters other than `.`,
/// `/` and `#`, and the quotes and backslash.
const PLAIN_BYTE: [bool; 256] = byte_set(b" \t!$%&()*+,-:;<=>?@[]^`{|}~");

/// The table with `true` for each byte of `members`.
const fn byte_set(members: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < members.len() {
        table[members[i] as usize] = true;
        i += 1;
    }
    table
}

/// Where a comment starting at `pos` ends: the newline of a `//` comment,
/// just after the `*/` of a `/* */` one (`Err` when there is none); `None`
/// when no comment starts there.
fn comment_end(src: &[u8], pos: usize) -> Option<std::result::Result<usize, ()>> {
    match src.get(pos + 1) {
        Some(b'/') => Some(Ok(src[pos..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(src.len(), |n| pos + n))),
        Some(b'*') => Some(
            src[pos + 2..]
                .windows(2)
                .position(|w| w == b"*/")
                .map(|n| pos + 2 + n + 2)
                .ok_or(()),
        ),
        _ => None,
    }
}

/// `TRIVIA_START[b]`: white space, a newline or a comment may start with `b`.
const TRIVIA_START: [bool; 256] = byte_set(b" \t\r\n\x0b\x0c\0/");

pub(super) fn is_ident_byte(b: u8) -> bool {
    IDENT_BYTE[b as usize]
}

const IDENT_BYTE: [bool; 256] =
    byte_set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

/// The end of the identifier starting at `start`.
fn ident_end(src: &[u8], start: usize) -> usize {
    let mut end = start + 1;
    while end < src.len() && is_ident_byte(src[end]) {
        end += 1;
    }
    end
}

/// The end of the pp-number starting at `start` (C11 6.4.8).
fn number_end(src: &[u8], start: usize) -> usize {
    let mut pos = start + 1;
    while let Some(&b) = src.get(pos) {
        if matches!(b, b'e' | b'E' | b'p' | b'P') && matches!(src.get(pos + 1), Some(b'+' | b'-')) {
            pos += 2;
        } else if is_ident_byte(b) || b == b'.' {
            pos += 1;
        } else {
            break;
        }
    }
    pos
}

/// The longest punctuator at `pos`: its kind, length and whether it is a digraph.
#[inline]
pub fn punct(src: &[u8], pos: usize) -> Option<(Punct, usize, bool)> {
    use Punct::*;
    let at = |i: usize| src.get(pos + i).copied().unwrap_or(0);
    let (c1, c2) = (at(1), at(2));
    let one = |p| Some((p, 1, false));
    let two = |p| Some((p, 2, false));
    let three = |p| Some((p, 3, false));
    match at(0) {
        b'(' => one(LParen),
        b')' => one(RParen),
        b'{' => one(LBrace),
        b'}' => one(RBrace),
        b'[' => one(LBracket),
        b']' => one(RBracket),
        b';' => one(Semi),
        b',' => one(Comma),
        b'?' => one(Question),
        b'~' => one(Tilde),
        b'.' if c1 == b'.' && c2 == b'.' => three(Ellipsis),
        b'.' => one(Dot),
        b':' if c1 == b'>' => Some((RBracket, 2, true)),
        b':' => one(Colon),
        b'!' if c1 == b'=' => two(NotEq),
        b'!' => one(Bang),
        b'+' if c1 == b'+' => two(PlusPlus),
        b'+' if c1 == b'=' => two(PlusAssign),
        b'+' => one(Plus),
        b'-' if c1 == b'-' => two(MinusMinus),
        b'-' if c1 == b'=' => two(MinusAssign),
        b'-' if c1 == b'>' => two(Arrow),
        b'-' => one(Minus),
        b'*' if c1 == b'=' => two(StarAssign),
        b'*' => one(Star),
        b'/' if c1 == b'=' => two(SlashAssign),
        b'/' => one(Slash),
        b'%' if c1 == b'=' => two(PercentAssign),
        b'%' if c1 == b'>' => Some((RBrace, 2, true)),
        b'%' if c1 == b':' && c2 == b'%' && at(3) == b':' => Some((HashHash, 4, true)),
        b'%' if c1 == b':' => Some((Hash, 2, true)),
        b'%' => one(Percent),
        b'&' if c1 == b'&' => two(AmpAmp),
        b'&' if c1 == b'=' => two(AmpAssign),
        b'&' => one(Amp),
        b'|' if c1 == b'|' => two(PipePipe),
        b'|' if c1 == b'=' => two(PipeAssign),
        b'|' => one(Pipe),
        b'^' if c1 == b'=' => two(CaretAssign),
        b'^' => one(Caret),
        b'=' if c1 == b'=' => two(EqEq),
        b'=' => one(Assign),
        b'<' if c1 == b'<' && c2 == b'=' => three(ShlAssign),
        b'<' if c1 == b'<' => two(Shl),
        b'<' if c1 == b'=' => two(Le),
        b'<' if c1 == b':' => Some((LBracket, 2, true)),
        b'<' if c1 == b'%' => Some((LBrace, 2, true)),
        b'<' => one(Lt),
        b'>' if c1 == b'>' && c2 == b'=' => three(ShrAssign),
        b'>' if c1 == b'>' => two(Shr),
        b'>' if c1 == b'=' => two(Ge),
        b'>' => one(Gt),
        b'#' if c1 == b'#' => two(HashHash),
        b'#' => one(Hash),
        _ => None,
    }
}

/// [`punct`], or without `digraphs` the punctuator C90 sees there: a
/// digraph's first character alone (no other punctuator starts with a
/// digraph's two characters).
pub fn punct_in(src: &[u8], pos: usize, digraphs: bool) -> Option<(Punct, usize, bool)> {
    match punct(src, pos) {
        Some((_, _, true)) if !digraphs => punct(&src[pos..=pos], 0),
        found => found,
    }
}

/// Lexes `text` as exactly one preprocessing token (for `##`), or `None`;
/// as assembly with C preprocessing lexes it with `assembler`.
pub fn single_token(text: &str, interner: &mut Interner, assembler: bool) -> Option<PpToken> {
    if text.is_empty() {
        return None;
    }
    let mut lexer = Lexer::new(Arc::new(text.to_string()), 0).for_assembler(assembler);
    let tok = lexer.next(interner);
    let at_end = lexer.pos == text.len() && tok.flags & pp_flags::LEADING_SPACE == 0;
    (at_end && tok.kind != PpKind::Eof && !tok.has(pp_flags::UNTERMINATED)).then_some(tok)
}

/// Removes every backslash-newline, recording where each was.
fn remove_splices(text: Text) -> (Text, Vec<(u32, u32)>) {
    let bytes = text.as_bytes();
    // `contains` on bytes is a memchr: the common no-backslash case is fast.
    let has_splice = bytes.contains(&b'\\')
        && bytes.iter().enumerate().any(|(i, &b)| {
            b == b'\\' && matches!(&bytes[i + 1..], [b'\n', ..] | [b'\r', b'\n', ..])
        });
    if !has_splice {
        return (text, Vec::new());
    }
    let mut out = String::with_capacity(text.len());
    let mut splices = Vec::new();
    let mut removed = 0u32;
    let mut i = 0;
    let mut copied_from = 0;
    while i < bytes.len() {
        let len = match &bytes[i..] {
            [b'\\', b'\n', ..] => 2,
            [b'\\', b'\r', b'\n', ..] => 3,
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&text[copied_from..i]);
        removed += len;
        splices.push((out.len() as u32, removed));
        i += len as usize;
        copied_from = i;
    }
    out.push_str(&text[copied_from..]);
    (Arc::new(out), splices)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex_all(src: &str) -> Vec<(PpKind, String, u8)> {
        let mut interner = Interner::new();
        let mut lexer = Lexer::new(Arc::new(src.to_string()), 0);
        let mut out = Vec::new();
        loop {
            let t = lexer.next(&mut interner);
            if t.kind == PpKind::Eof {
                return out;
            }
            out.push((t.kind, t.spelling(&interner).to_string(), t.flags));
        }
    }

    #[test]
    fn pp_numbers_take_signs_after_exponents() {
        let toks = lex_all("1e+5 0x1p-3 1.2.3 12ab 0x1e+1 .5");
        let spellings: Vec<_> = toks.iter().map(|t| t.1.as_str()).collect();
        assert_eq!(
            spellings,
            ["1e+5", "0x1p-3", "1.2.3", "12ab", "0x1e+1", ".5"]
        );
        assert!(toks.iter().all(|t| t.0 == PpKind::Number));
    }

    #[test]
    fn splices_vanish_but_spans_stay_on_the_original() {
        let src = "in\\\nt x;";
        let mut interner = Interner::new();
        let mut lexer = Lexer::new(Arc::new(src.to_string()), 10);
        let t = lexer.next(&mut interner);
        assert_eq!(t.spelling(&interner), "int");
        let x = lexer.next(&mut interner);
        assert_eq!(x.span.lo, 10 + src.find('x').unwrap() as u32);
    }

    #[test]
    fn literals_prefixes_and_digraphs() {
        let toks = lex_all("u8\"a\\\"b\" L'x' <: %:%: 'open");
        assert_eq!(toks[0].0, PpKind::Str);
        assert_eq!(toks[0].1, "u8\"a\\\"b\"");
        assert_eq!(toks[1].0, PpKind::Char);
        assert_eq!(toks[2].0, PpKind::Punct(Punct::LBracket));
        assert_eq!(toks[2].1, "<:");
        assert_eq!(toks[3].0, PpKind::Punct(Punct::HashHash));
        assert!(toks[4].2 & pp_flags::UNTERMINATED != 0);
    }

    #[test]
    fn pasting_needs_exactly_one_token() {
        let mut interner = Interner::new();
        assert!(single_token("ab", &mut interner, false).is_some());
        assert!(single_token("+=", &mut interner, false).is_some());
        assert!(single_token("+-", &mut interner, false).is_none());
        assert!(single_token("/", &mut interner, false).is_some());
        assert!(single_token("//", &mut interner, false).is_none());
        assert!(single_token("%:", &mut interner, false).is_some());
        assert!(single_token("%:", &mut interner, true).is_none());
    }

    #[test]
    fn assembler_has_no_digraphs_and_no_c11_prefixes() {
        let mut interner = Interner::new();
        let src = "%:define <: u'x' u8\"s\" L'w' 1f $x";
        let mut lexer = Lexer::new(Arc::new(src.to_string()), 0).for_assembler(true);
        let mut spellings = Vec::new();
        loop {
            let t = lexer.next(&mut interner);
            if t.kind == PpKind::Eof {
                break;
            }
            spellings.push(t.spelling(&interner).to_string());
        }
        assert_eq!(
            spellings,
            [
                "%", ":", "define", "<", ":", "u", "'x'", "u8", "\"s\"", "L'w'", "1f", "$", "x"
            ]
        );
    }
}
