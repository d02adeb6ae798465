//! Lexing for the parser: preprocessing tokens to tokens (C11 5.1.1.2 phase
//! 7, book chapter 1).
//!
//! Takes the preprocessor; returns the parser's tokens one at a time as the
//! preprocessor makes them, ending in `Eof` (no token vector: a large file's
//! tokens would cost more to store than to make): identifiers split from
//! keywords, pp-numbers converted to typed constants (C11 6.4.4.1 integer
//! constants with their suffixes, 6.4.4.2 decimal and hexadecimal floating
//! constants, correctly rounded), `#pragma`s dropped.
//! Guarantees every token keeps its span; the first pp-token that is no
//! token of the language (`@`, a stray `#`, `1foo`, `1.0e`, `0lL`, a bad escape), or the preprocessor's first error, ends the stream and
//! is kept as the diagnostic [`TokenStream::finish`] returns.

use crate::diag::{Diagnostic, Result, Span};
use crate::intern::Interner;
use crate::ir::consts::{Const, F80};
use crate::ir::token::{
    Keyword, PpKind, PpToken, Punct, SPELLINGS, Token, TokenKind, UNSUPPORTED_KEYWORDS, pp_flags,
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

    pub fn interner_mut(&mut self) -> &mut Interner {
        self.pp.interner_mut()
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
    let spellings = SPELLINGS.iter().copied().chain(
        UNSUPPORTED_KEYWORDS
            .iter()
            .map(|&name| (name, Keyword::Unsupported(name))),
    );
    for (name, k) in spellings {
        let sym = interner.intern(name);
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
            let text = t.spelling(interner);
            return character_constant(text).map_err(|msg| Diagnostic::error(t.span, msg));
        }
        PpKind::Str => {
            let text = t.spelling(interner);
            let body = &text[text.find('"').expect("a string literal has a quote") + 1..];
            let body = &body[..body.len() - 1];
            match wide_prefix(text) {
                Some(prefix) => decode_units(body, unit_max(prefix)).map(drop),
                None => decode_escapes(body).map(drop),
            }
            .map_err(|msg| Diagnostic::error(t.span, msg))?;
            TokenKind::Str(t.sym)
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

/// The prefix of a wide or Unicode literal (`L`, `u`, `U`); `u8` strings
/// are plain bytes and have none.
pub fn wide_prefix(text: &str) -> Option<&str> {
    let prefix = &text[..text.find(['"', '\''])?];
    (!prefix.is_empty() && prefix != "u8").then_some(prefix)
}

/// A character constant (C11 6.4.4.4): an `int` whose value is the
/// character's as a `char` (signed here, so `'\xff'` is -1); several
/// characters make an implementation-defined value, gcc's: each one shifted
/// in from the right, the last four kept.
fn character_constant(text: &str) -> std::result::Result<TokenKind, String> {
    // `L'x'` a `wchar_t` (an `int` here), `u'x'` a `char16_t`, `U'x'` a
    // `char32_t`: the last character's code (gcc's, which warns of more).
    if let Some(prefix) = wide_prefix(text) {
        let body = &text[prefix.len() + 1..text.len() - 1];
        let units = decode_units(body, unit_max(prefix))?;
        let Some(&last) = units.last() else {
            return Err("empty character constant".to_string());
        };
        return Ok(TokenKind::Constant(match prefix {
            "u" => Const::UShort(last as u16),
            "U" => Const::UInt(last),
            _ => Const::Int(last as i32),
        }));
    }
    let body = &text[1..text.len() - 1];
    let bytes = decode_escapes(body)?;
    let value = match bytes.as_slice() {
        [] => return Err("empty character constant".to_string()),
        [b] => i32::from(*b as i8),
        many => many
            .iter()
            .fold(0i32, |v, &b| v.wrapping_shl(8) | i32::from(b)),
    };
    Ok(TokenKind::Constant(Const::Int(value)))
}

/// The largest code unit of a literal with a wide or Unicode prefix.
fn unit_max(prefix: &str) -> u32 {
    if prefix == "u" { 0xFFFF } else { u32::MAX }
}

/// The code units of a string literal token, as those of a literal with
/// `prefix` (a plain one's bytes widened when it is concatenated with a
/// wide one). The lexer has checked the escapes.
pub fn string_units(spelling: &str, prefix: &str) -> Vec<u32> {
    let body = &spelling[spelling.find('"').expect("a string literal has a quote") + 1..];
    decode_units(&body[..body.len() - 1], unit_max(prefix)).expect("escapes checked by the lexer")
}

/// The bytes of a string literal token (quotes and an optional `u8` prefix
/// included), escapes decoded, without a terminating NUL. The lexer has
/// checked the escapes.
pub fn string_bytes(spelling: &str) -> Vec<u8> {
    let body = &spelling[spelling.find('"').expect("a string literal has a quote") + 1..];
    decode_escapes(&body[..body.len() - 1]).expect("escapes checked by the lexer")
}

/// The bytes of a character constant's or string literal's contents (C11
/// 6.4.4.4): simple escapes (and GNU's `\e`), up to three octal digits, hex
/// digits of any number; other characters as their UTF-8 bytes. An escape
/// whose value does not fit in a byte, an unknown escape, or `\x` without
/// digits is an error.
fn decode_escapes(body: &str) -> std::result::Result<Vec<u8>, String> {
    Ok(decode_units(body, u32::from(u8::MAX))?
        .into_iter()
        .map(|u| u as u8)
        .collect())
}

/// The code units of a literal's contents, each at most `max`: escapes as
/// [`decode_escapes`] reads them (and `\u`, `\U` for code points), other
/// characters as their UTF-8 bytes when the units are bytes, else as their
/// code points (a wide or Unicode literal's).
fn decode_units(body: &str, max: u32) -> std::result::Result<Vec<u32>, String> {
    let wide = max > u32::from(u8::MAX);
    let mut out = Vec::with_capacity(body.len());
    let bytes = body.as_bytes();
    let mut i = 0;
    let out_of_range = |what: &str| format!("{what} escape sequence out of range");
    while i < bytes.len() {
        let b = bytes[i];
        if b != b'\\' {
            if wide {
                let c = body[i..].chars().next().expect("a character at a boundary");
                out.push(u32::from(c));
                i += c.len_utf8();
            } else {
                out.push(u32::from(b));
                i += 1;
            }
            continue;
        }
        i += 1;
        let Some(&e) = bytes.get(i) else {
            return Err("stray '\\' at the end of a literal".to_string());
        };
        i += 1;
        let simple = match e {
            b'n' => Some(b'\n'),
            b't' => Some(b'\t'),
            b'r' => Some(b'\r'),
            b'a' => Some(7),
            b'b' => Some(8),
            b'f' => Some(12),
            b'v' => Some(11),
            b'e' | b'E' => Some(27),
            b'\\' | b'\'' | b'"' | b'?' => Some(e),
            _ => None,
        };
        if let Some(v) = simple {
            out.push(u32::from(v));
        } else if (b'0'..=b'7').contains(&e) {
            let mut v = u32::from(e - b'0');
            for _ in 0..2 {
                match bytes.get(i) {
                    Some(&d @ b'0'..=b'7') => {
                        v = v * 8 + u32::from(d - b'0');
                        i += 1;
                    }
                    _ => break,
                }
            }
            if v > max {
                return Err(out_of_range("octal"));
            }
            out.push(v);
        } else if matches!(e, b'x' | b'u' | b'U') {
            let start = i;
            while bytes.get(i).is_some_and(u8::is_ascii_hexdigit) && (e == b'x' || i - start < 8) {
                i += 1;
            }
            let wanted = match e {
                b'u' => 4,
                b'U' => 8,
                _ => 0,
            };
            if e != b'x' && i - start < wanted {
                return Err(format!(
                    "incomplete universal character name \\{}",
                    e as char
                ));
            }
            if e == b'u' {
                i = start + 4;
            }
            if start == i {
                return Err("\\x used with no following hex digits".to_string());
            }
            let digits = body[start..i].trim_start_matches('0');
            let v = u32::from_str_radix(if digits.is_empty() { "0" } else { digits }, 16)
                .ok()
                .filter(|&v| e != b'x' || v <= max)
                .ok_or_else(|| out_of_range("hex"))?;
            // A character named in a narrow literal is its UTF-8 bytes.
            match char::from_u32(v) {
                Some(c) if e != b'x' && !wide => {
                    let mut buf = [0u8; 4];
                    out.extend(c.encode_utf8(&mut buf).bytes().map(u32::from));
                }
                None if e != b'x' => {
                    return Err(format!(
                        "\\{} is not a valid universal character",
                        e as char
                    ));
                }
                _ => out.push(v),
            }
        } else {
            let c = body[i - 1..].chars().next().unwrap_or('?');
            return Err(format!("unknown escape sequence: '\\{c}'"));
        }
    }
    Ok(out)
}

/// An integer or floating constant (C11 6.4.4.1, 6.4.4.2) from a pp-number.
fn number(t: &PpToken, interner: &Interner) -> Result<TokenKind> {
    let text = t.spelling(interner);
    // Most literals: a few decimal digits, no leading zero, no suffix.
    if let [b'1'..=b'9', rest @ ..] = text.as_bytes()
        && rest.len() < 9
        && rest.iter().all(u8::is_ascii_digit)
    {
        let value = text.bytes().fold(0, |v, d| v * 10 + i32::from(d - b'0'));
        return Ok(TokenKind::Constant(Const::Int(value)));
    }
    let hex = matches!(text.as_bytes(), [b'0', b'x' | b'X', ..]);
    let floating = if hex {
        text.contains(['.', 'p', 'P'])
    } else {
        text.contains(['.', 'e', 'E'])
    };
    // `long double` constants: checked as a `double` constant is, then
    // rounded once to the 80-bit format.
    let (text, long_double) = match text.strip_suffix(['l', 'L']) {
        Some(digits) if floating => (digits, true),
        _ => (text, false),
    };
    let value = match (floating, hex) {
        (false, _) => integer_constant(text),
        (true, false) => decimal_floating_constant(text),
        (true, true) => hex_floating_constant(&text[2..]),
    };
    value
        .map(|c| match c {
            Const::Double(_) if long_double => TokenKind::Constant(Const::LongDouble(
                F80::parse(text).expect("a checked floating constant"),
            )),
            c => TokenKind::Constant(c),
        })
        .map_err(|msg| Diagnostic::error(t.span, msg))
}

/// Splits `text` after its leading characters that satisfy `pred`.
fn split_while(text: &str, pred: impl Fn(u8) -> bool) -> (&str, &str) {
    let end = text.bytes().position(|b| !pred(b)).unwrap_or(text.len());
    text.split_at(end)
}

/// Decimal, octal (`017`) and hexadecimal (`0x1f`) integer constants with
/// their suffixes, typed by C11 6.4.4.1p5 (`long long` is `long`: both are
/// 64 bits here).
fn integer_constant(text: &str) -> std::result::Result<Const, String> {
    let (radix, body) = match text.as_bytes() {
        [b'0', b'x' | b'X', ..] => (16, &text[2..]),
        [b'0', ..] => (8, text),
        _ => (10, text),
    };
    let (digits, suffix) = split_while(body, |b| {
        if radix == 16 {
            b.is_ascii_hexdigit()
        } else {
            b.is_ascii_digit()
        }
    });
    let Some((unsigned, long)) = integer_suffix(suffix).filter(|_| !digits.is_empty()) else {
        let suffix = if digits.is_empty() {
            &text[1..]
        } else {
            suffix
        };
        return Err(format!("invalid suffix \"{suffix}\" on integer constant"));
    };
    if let Some(d) = digits.bytes().find(|&d| radix == 8 && d >= b'8') {
        return Err(format!("invalid digit \"{}\" in octal constant", d as char));
    }
    let value = match u64::from_str_radix(digits, radix) {
        Ok(value) => value,
        Err(_) => return Err("integer constant is too large for its type".to_string()),
    };
    // The first type of the list that holds the value (C11 6.4.4.1p5): a
    // decimal constant without `u` is signed; a decimal one too large for
    // `long` becomes `unsigned long`, as gcc does ("so large that it is
    // unsigned").
    let may_be_unsigned = unsigned || radix != 10;
    let candidates = [
        (!long && !unsigned && value <= i32::MAX as u64).then_some(Const::Int(value as i32)),
        (!long && may_be_unsigned && value <= u64::from(u32::MAX))
            .then_some(Const::UInt(value as u32)),
        (!unsigned && value <= i64::MAX as u64).then_some(Const::Long(value as i64)),
    ];
    Ok(candidates
        .into_iter()
        .flatten()
        .next()
        .unwrap_or(Const::ULong(value)))
}

/// `(unsigned, long)` of a valid integer suffix: `u`, `l` or `ll` in either
/// case (`lL` is not one), in either order with `u`.
fn integer_suffix(suffix: &str) -> Option<(bool, bool)> {
    let strip_u = |s: &str| match s.as_bytes() {
        [b'u' | b'U', ..] => (true, s[1..].to_string()),
        _ => (false, s.to_string()),
    };
    let (u1, rest) = strip_u(suffix);
    let (long, rest) = ["ll", "LL", "l", "L"]
        .iter()
        .find_map(|l| rest.strip_prefix(l))
        .map_or((false, rest.as_str()), |r| (true, r));
    let (u2, rest) = strip_u(rest);
    (rest.is_empty() && !(u1 && u2)).then_some((u1 || u2, long))
}

/// The suffix after a floating constant: `f`/`F` makes it a `float`
/// (`l`/`L`, `long double`, is taken off before).
fn floating_suffix_error(suffix: &str) -> String {
    format!("invalid suffix \"{suffix}\" on floating constant")
}

fn is_float_suffix(suffix: &str) -> bool {
    matches!(suffix, "f" | "F")
}

/// The exponent part of a floating constant, if any: the sign and digits
/// after `e`/`p` (`marker`), and what follows them.
fn exponent<'t>(
    text: &'t str,
    marker: &[u8],
) -> std::result::Result<(Option<&'t str>, &'t str), String> {
    match text.as_bytes() {
        [b, ..] if marker.contains(b) => {
            let rest = &text[1..];
            let signed = rest.strip_prefix(['+', '-']).unwrap_or(rest);
            let (digits, after) = split_while(signed, |b| b.is_ascii_digit());
            if digits.is_empty() {
                return Err("exponent has no digits".to_string());
            }
            Ok((Some(&rest[..rest.len() - after.len()]), after))
        }
        _ => Ok((None, text)),
    }
}

/// `1.5`, `1.`, `.5`, `1e10`, `1.5E-3`: rounded to the nearest double
/// (Rust's parser rounds correctly); too large a value is infinity, as gcc
/// makes it.
fn decimal_floating_constant(text: &str) -> std::result::Result<Const, String> {
    let (_, rest) = split_while(text, |b| b.is_ascii_digit());
    let rest = rest
        .strip_prefix('.')
        .map_or(rest, |r| split_while(r, |b| b.is_ascii_digit()).1);
    let (_, suffix) = exponent(rest, b"eE")?;
    let invalid = || format!("invalid floating constant '{text}'");
    if is_float_suffix(suffix) {
        // Rounded once, straight to the nearest float.
        let digits = &text[..text.len() - suffix.len()];
        return digits
            .parse::<f32>()
            .map(Const::Float)
            .map_err(|_| invalid());
    }
    if !suffix.is_empty() {
        return Err(floating_suffix_error(suffix));
    }
    text.parse::<f64>()
        .map(Const::Double)
        .map_err(|_| invalid())
}

/// `0x1.8p3`: the hexadecimal digits (after `0x`) and the binary exponent,
/// rounded to the nearest double, ties to even, subnormals included.
fn hex_floating_constant(body: &str) -> std::result::Result<Const, String> {
    let (int_digits, rest) = split_while(body, |b| b.is_ascii_hexdigit());
    let (frac_digits, rest) = match rest.strip_prefix('.') {
        Some(r) => split_while(r, |b| b.is_ascii_hexdigit()),
        None => ("", rest),
    };
    if int_digits.is_empty() && frac_digits.is_empty() {
        return Err("hexadecimal floating constant has no digits".to_string());
    }
    let (exp, suffix) = exponent(rest, b"pP")?;
    let Some(exp) = exp else {
        return Err("hexadecimal floating constants require an exponent".to_string());
    };
    let float = is_float_suffix(suffix);
    if !suffix.is_empty() && !float {
        return Err(floating_suffix_error(suffix));
    }
    // Only the exponent's size matters beyond a few thousand.
    let exp = exp
        .parse::<i64>()
        .unwrap_or(if exp.starts_with('-') {
            -100_000
        } else {
            100_000
        })
        .clamp(-100_000, 100_000);
    let value = hex_to_double(int_digits, frac_digits, exp);
    // A float's 24 bits from the double's 53 can round twice; constants
    // written in hexadecimal rarely carry more digits than they mean.
    Ok(if float {
        Const::Float(value as f32)
    } else {
        Const::Double(value)
    })
}

/// The double nearest to `0x<int>.<frac> * 2^exp`. The digits are gathered
/// into a 64-bit mantissa (the rest only decides rounding, as a sticky
/// bit), which is then rounded to 53 bits at the exponent of the result's
/// last place: that of its top bit less 52, but never below 2^-1074.
fn hex_to_double(int_digits: &str, frac_digits: &str, exp: i64) -> f64 {
    let mut mantissa: u64 = 0;
    let mut exp2 = exp;
    let mut sticky = false;
    let digits = int_digits.bytes().map(|d| (d, false));
    for (d, fraction) in digits.chain(frac_digits.bytes().map(|d| (d, true))) {
        let v = u64::from(char::from(d).to_digit(16).expect("hex digit"));
        if mantissa >> 56 == 0 {
            mantissa = mantissa << 4 | v;
            exp2 -= i64::from(fraction) * 4;
        } else {
            sticky |= v != 0;
            exp2 += i64::from(!fraction) * 4;
        }
    }
    if mantissa == 0 {
        return 0.0;
    }
    let top = exp2 + 63 - i64::from(mantissa.leading_zeros());
    let lsb = (top - 52).max(-1074);
    let shift = lsb - exp2;
    let mut m = if shift <= 0 {
        mantissa << -shift
    } else if shift >= 66 {
        0
    } else {
        let wide = u128::from(mantissa);
        let kept = wide >> shift;
        let rest = wide & ((1 << shift) - 1);
        let half = 1u128 << (shift - 1);
        let up = rest > half || (rest == half && (sticky || kept & 1 == 1));
        (kept + u128::from(up)) as u64
    };
    let mut lsb = lsb;
    if m == 1 << 53 {
        m >>= 1;
        lsb += 1;
    }
    // A normal double's bits are ((lsb + 1074) << 52) + m with m in
    // [2^52, 2^53); a subnormal's (lsb = -1074) are m alone.
    if lsb + 1074 >= 2046 {
        return f64::INFINITY;
    }
    f64::from_bits((((lsb + 1074) as u64) << 52) + m)
}

#[cfg(test)]
mod tests {
    use super::{decimal_floating_constant, hex_floating_constant, integer_constant};
    use crate::ir::consts::Const::{self, *};

    fn int(text: &str) -> Const {
        integer_constant(text).unwrap()
    }

    fn hex(text: &str) -> f64 {
        match hex_floating_constant(&text[2..]).unwrap() {
            Double(d) => d,
            c => panic!("{c:?}"),
        }
    }

    #[test]
    fn integer_constants_take_the_first_type_that_holds_them() {
        assert_eq!(int("2147483647"), Int(i32::MAX));
        assert_eq!(int("2147483648"), Long(1 << 31));
        assert_eq!(int("0x7fffffff"), Int(i32::MAX));
        assert_eq!(int("0x80000000"), UInt(1 << 31));
        assert_eq!(int("037777777777"), UInt(u32::MAX));
        assert_eq!(int("0x100000000"), Long(1 << 32));
        assert_eq!(int("0x8000000000000000"), ULong(1 << 63));
        // gcc: "so large that it is unsigned".
        assert_eq!(int("9223372036854775808"), ULong(1 << 63));
        assert_eq!(int("4294967295u"), UInt(u32::MAX));
        assert_eq!(int("4294967296U"), ULong(1 << 32));
        assert_eq!(int("1l"), Long(1));
        assert_eq!(int("0xffffffffffffffffL"), ULong(u64::MAX));
        assert_eq!(int("1uL"), ULong(1));
        assert_eq!(int("1LU"), ULong(1));
        assert_eq!(int("1ll"), Long(1));
        assert_eq!(int("1ULL"), ULong(1));
        assert_eq!(int("1llu"), ULong(1));
        assert_eq!(int("0"), Int(0));
        assert_eq!(int("017"), Int(15));
    }

    #[test]
    fn malformed_integer_constants_are_errors() {
        for bad in [
            "0lL",
            "0Ll",
            "0LLL",
            "0uu",
            "0lul",
            "1uLu",
            "08",
            "0x",
            "12abc",
            "18446744073709551616",
        ] {
            assert!(integer_constant(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn decimal_floating_constants_round_correctly() {
        for (text, value) in [
            ("1.0", 1.0),
            ("1.", 1.0),
            (".5", 0.5),
            ("1e10", 1e10),
            ("1E-5", 1e-5),
            ("1.5e+3", 1500.0),
            ("017.5", 17.5),
            ("1e400", f64::INFINITY),
            ("1e-400", 0.0),
            ("2.4703282292062328e-324", 5e-324),
        ] {
            assert_eq!(decimal_floating_constant(text), Ok(Double(value)), "{text}");
        }
        for bad in [
            "1.0e", "1e+", "1.2.3", "1.0x", "2._", "1.0e10.0", "1.5L", "1.5ff",
        ] {
            assert!(decimal_floating_constant(bad).is_err(), "{bad}");
        }
        // `f` makes a float, rounded once from the decimal digits.
        for (text, value) in [
            ("1.5f", 1.5f32),
            ("0.1F", 0.1f32),
            ("16777217.0f", 16_777_216.0),
            ("1e39f", f32::INFINITY),
        ] {
            assert_eq!(decimal_floating_constant(text), Ok(Float(value)), "{text}");
        }
    }

    #[test]
    fn hex_floating_constants_round_to_nearest_even() {
        assert_eq!(hex("0x1.8p3"), 12.0);
        assert_eq!(hex("0x.8p1"), 1.0);
        assert_eq!(hex("0X1P-2"), 0.25);
        assert_eq!(hex("0x0p0"), 0.0);
        assert_eq!(hex("0x1p-1022"), f64::MIN_POSITIVE);
        assert_eq!(hex("0x1p-1074"), 5e-324);
        // Half the smallest subnormal ties to even (zero); above half rounds up.
        assert_eq!(hex("0x1p-1075"), 0.0);
        assert_eq!(hex("0x1.0000001p-1075"), 5e-324);
        assert_eq!(hex("0x1.8p-1074"), 1e-323);
        // The largest subnormal rounding up into the normals.
        assert_eq!(hex("0x0.fffffffffffffcp-1022"), f64::MIN_POSITIVE);
        // Ties between doubles near 1: to even, unless a later digit is set.
        assert_eq!(hex("0x1.00000000000008p0"), 1.0);
        assert_eq!(hex("0x1.00000000000018p0"), 1.0 + 2.0 * f64::EPSILON);
        assert_eq!(hex("0x1.000000000000080000000000001p0"), 1.0 + f64::EPSILON);
        assert_eq!(hex("0x1.fffffffffffffp1023"), f64::MAX);
        assert_eq!(hex("0x1.fffffffffffff8p1023"), f64::INFINITY);
        assert_eq!(hex("0x1p99999999999999999999"), f64::INFINITY);
        assert_eq!(hex("0x1p-99999999999999999999"), 0.0);
        assert_eq!(hex_floating_constant("1.8p3f"), Ok(Float(12.0)));
        for bad in ["0x1.8", "0x1p", "0x.p1", "0x1p+", "0x1.8p3l", "0x1p3x"] {
            assert!(hex_floating_constant(&bad[2..]).is_err(), "{bad}");
        }
    }
}
