//! `#if` arithmetic (C11 6.10.1): a macro-expanded directive line to true or
//! false.
//!
//! Takes the tokens after expansion (`defined` and `__has_include` already
//! `1`/`0`); evaluates in `intmax_t`/`uintmax_t` (64 bits) with the usual
//! arithmetic conversions, short-circuiting `&&`, `||` and `?:` (an
//! unevaluated division by zero is no error). Remaining identifiers are 0.
//! Guarantees a diagnostic, never a panic, for any malformed expression.

use crate::diag::{Diagnostic, Result, Span};
use crate::intern::Interner;
use crate::ir::token::{PpKind, PpToken, Punct};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Value {
    bits: u64,
    unsigned: bool,
}

impl Value {
    fn signed(v: i64) -> Self {
        Value {
            bits: v as u64,
            unsigned: false,
        }
    }

    fn truth(b: bool) -> Self {
        Value::signed(i64::from(b))
    }

    fn is_true(self) -> bool {
        self.bits != 0
    }
}

struct Eval<'t> {
    tokens: &'t [PpToken],
    pos: usize,
    interner: &'t Interner,
    /// The directive, for errors at the end of the line.
    at: Span,
}

/// Evaluates an `#if`/`#elif` line.
pub fn evaluate(tokens: &[PpToken], interner: &Interner, at: Span) -> Result<bool> {
    if tokens.is_empty() {
        return Err(Diagnostic::error(at, "#if with no expression"));
    }
    let mut e = Eval {
        tokens,
        pos: 0,
        interner,
        at,
    };
    let v = e.expr(0, true)?;
    if let Some(t) = e.peek() {
        let message = if t.is_punct(Punct::RParen) {
            "missing '(' in expression".to_string()
        } else {
            format!(
                "missing binary operator before token \"{}\"",
                t.spelling(interner)
            )
        };
        return Err(Diagnostic::error(t.span, message));
    }
    Ok(v.is_true())
}

/// Binding power of a binary operator (higher binds tighter).
fn precedence(p: Punct) -> Option<u8> {
    use Punct::*;
    Some(match p {
        Comma => 1,
        Question => 2,
        PipePipe => 3,
        AmpAmp => 4,
        Pipe => 5,
        Caret => 6,
        Amp => 7,
        EqEq | NotEq => 8,
        Lt | Gt | Le | Ge => 9,
        Shl | Shr => 10,
        Plus | Minus => 11,
        Star | Slash | Percent => 12,
        _ => return None,
    })
}

impl Eval<'_> {
    fn peek(&self) -> Option<&PpToken> {
        self.tokens.get(self.pos)
    }

    fn end_span(&self) -> Span {
        self.tokens.last().map_or(self.at, |t| t.span)
    }

    fn invalid(&self, t: &PpToken) -> Diagnostic {
        Diagnostic::error(
            t.span,
            format!(
                "token \"{}\" is not valid in preprocessor expressions",
                t.spelling(self.interner)
            ),
        )
    }

    /// Precedence climbing; `live` is false in an unevaluated operand.
    fn expr(&mut self, min: u8, live: bool) -> Result<Value> {
        let mut lhs = self.unary(live)?;
        while let Some(&op) = self.peek() {
            let PpKind::Punct(p) = op.kind else { break };
            let Some(prec) = precedence(p) else {
                if matches!(p, Punct::RParen | Punct::Colon) {
                    break;
                }
                return Err(self.invalid(&op));
            };
            if prec < min {
                break;
            }
            self.pos += 1;
            lhs = match p {
                Punct::Question => {
                    let then_live = live && lhs.is_true();
                    let else_live = live && !lhs.is_true();
                    let a = self.expr(1, then_live)?;
                    match self.peek() {
                        Some(t) if t.is_punct(Punct::Colon) => self.pos += 1,
                        _ => return Err(Diagnostic::error(op.span, "'?' without following ':'")),
                    }
                    let b = self.expr(2, else_live)?;
                    let unsigned = a.unsigned || b.unsigned;
                    let v = if lhs.is_true() { a } else { b };
                    Value { unsigned, ..v }
                }
                Punct::AmpAmp => {
                    let rhs = self.expr(prec + 1, live && lhs.is_true())?;
                    Value::truth(lhs.is_true() && rhs.is_true())
                }
                Punct::PipePipe => {
                    let rhs = self.expr(prec + 1, live && !lhs.is_true())?;
                    Value::truth(lhs.is_true() || rhs.is_true())
                }
                Punct::Comma => self.expr(prec + 1, live)?,
                _ => {
                    let rhs = self.expr(prec + 1, live)?;
                    self.binary(p, lhs, rhs, live, op.span)?
                }
            };
        }
        Ok(lhs)
    }

    fn binary(&self, p: Punct, a: Value, b: Value, live: bool, at: Span) -> Result<Value> {
        use Punct::*;
        let unsigned = a.unsigned || b.unsigned;
        let (x, y) = (a.bits, b.bits);
        let (sx, sy) = (x as i64, y as i64);
        let arith = |bits: u64| Value { bits, unsigned };
        Ok(match p {
            Star => arith(x.wrapping_mul(y)),
            Plus => arith(x.wrapping_add(y)),
            Minus => arith(x.wrapping_sub(y)),
            Slash | Percent => {
                if y == 0 {
                    if live {
                        return Err(Diagnostic::error(at, "division by zero in #if"));
                    }
                    return Ok(arith(0));
                }
                let bits = match (p, unsigned) {
                    (Slash, true) => x / y,
                    (Slash, false) => sx.wrapping_div(sy) as u64,
                    (_, true) => x % y,
                    (_, false) => sx.wrapping_rem(sy) as u64,
                };
                arith(bits)
            }
            Shl | Shr => {
                // The result has the left operand's type; a negative count
                // shifts the other way, as gcc does.
                let count = if b.unsigned {
                    y.min(64) as i64
                } else {
                    sy.clamp(-64, 64)
                };
                let left = (p == Shl) == (count >= 0);
                let n = count.unsigned_abs() as u32;
                let bits = if left {
                    x.checked_shl(n).unwrap_or(0)
                } else if a.unsigned {
                    x.checked_shr(n).unwrap_or(0)
                } else {
                    (sx.checked_shr(n).unwrap_or(if sx < 0 { -1 } else { 0 })) as u64
                };
                Value {
                    bits,
                    unsigned: a.unsigned,
                }
            }
            Lt | Gt | Le | Ge => {
                let ord = if unsigned { x.cmp(&y) } else { sx.cmp(&sy) };
                Value::truth(match p {
                    Lt => ord.is_lt(),
                    Gt => ord.is_gt(),
                    Le => ord.is_le(),
                    _ => ord.is_ge(),
                })
            }
            EqEq => Value::truth(x == y),
            NotEq => Value::truth(x != y),
            Amp => arith(x & y),
            Caret => arith(x ^ y),
            Pipe => arith(x | y),
            _ => unreachable!("not a binary operator: {p:?}"),
        })
    }

    fn unary(&mut self, live: bool) -> Result<Value> {
        let Some(&t) = self.peek() else {
            return Err(Diagnostic::error(
                self.end_span(),
                "#if with no expression or a missing operand",
            ));
        };
        self.pos += 1;
        match t.kind {
            PpKind::Number => self.number(&t),
            PpKind::Char => self.char_constant(&t),
            PpKind::Ident => Ok(Value::signed(0)),
            PpKind::Punct(Punct::LParen) => {
                let v = self.expr(0, live)?;
                match self.peek() {
                    Some(c) if c.is_punct(Punct::RParen) => {
                        self.pos += 1;
                        Ok(v)
                    }
                    _ => Err(Diagnostic::error(t.span, "missing ')' in expression")),
                }
            }
            PpKind::Punct(p @ (Punct::Plus | Punct::Minus | Punct::Tilde | Punct::Bang)) => {
                if self.peek().is_none() {
                    return Err(Diagnostic::error(
                        t.span,
                        format!("operator '{}' has no right operand", p.text()),
                    ));
                }
                let v = self.unary(live)?;
                Ok(match p {
                    Punct::Plus => v,
                    Punct::Minus => Value {
                        bits: v.bits.wrapping_neg(),
                        ..v
                    },
                    Punct::Tilde => Value { bits: !v.bits, ..v },
                    _ => Value::truth(!v.is_true()),
                })
            }
            PpKind::Punct(p)
                if precedence(p).is_some() || p == Punct::RParen || p == Punct::Colon =>
            {
                Err(Diagnostic::error(
                    t.span,
                    format!("operator '{}' has no left operand", p.text()),
                ))
            }
            _ => Err(self.invalid(&t)),
        }
    }

    fn number(&self, t: &PpToken) -> Result<Value> {
        let s = t.spelling(self.interner);
        let lower = s.to_ascii_lowercase();
        let (radix, digits) = if let Some(rest) = lower.strip_prefix("0x") {
            (16, rest)
        } else if let Some(rest) = lower.strip_prefix("0b") {
            (2, rest)
        } else if lower.starts_with('0') {
            (8, &lower[..])
        } else {
            (10, &lower[..])
        };
        let end = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        let (digits, suffix) = digits.split_at(end);
        let is_float = radix != 2
            && (suffix.starts_with('.')
                || (radix == 10 && suffix.starts_with('e'))
                || (radix == 8
                    && (suffix.starts_with('e')
                        || suffix.starts_with(|c: char| c.is_ascii_digit())))
                || (radix == 16 && suffix.contains('p')));
        if is_float {
            return Err(Diagnostic::error(
                t.span,
                "floating constant in preprocessor expression",
            ));
        }
        let suffix_ok = matches!(suffix, "" | "u" | "l" | "ul" | "lu" | "ll" | "ull" | "llu")
            && !s.contains("lL")
            && !s.contains("Ll");
        if !suffix_ok || (digits.is_empty() && radix != 8) {
            return Err(Diagnostic::error(
                t.span,
                format!(
                    "invalid suffix \"{}\" on integer constant",
                    &s[s.len() - suffix.len()..]
                ),
            ));
        }
        let bits = u64::from_str_radix(if digits.is_empty() { "0" } else { digits }, radix)
            .map_err(|_| Diagnostic::error(t.span, "integer constant is too large for its type"))?;
        let unsigned = suffix.contains('u') || bits > i64::MAX as u64;
        Ok(Value { bits, unsigned })
    }

    /// A character constant's value: `char` is signed on x86-64; several
    /// characters combine big-endian into an `int`, as gcc does.
    fn char_constant(&self, t: &PpToken) -> Result<Value> {
        let s = t.spelling(self.interner);
        let quote = s.find('\'').unwrap_or(0);
        let prefix = &s[..quote];
        let body = s[quote + 1..].strip_suffix('\'').unwrap_or(&s[quote + 1..]);
        let chars = decode_escapes(body);
        if chars.is_empty() {
            return Err(Diagnostic::error(t.span, "empty character constant"));
        }
        let value = match prefix {
            "" => {
                if chars.len() == 1 {
                    i64::from(chars[0] as u8 as i8)
                } else {
                    let v = chars.iter().fold(0u32, |acc, &c| (acc << 8) | (c & 0xff));
                    i64::from(v as i32)
                }
            }
            "u" => i64::from(*chars.last().expect("non-empty") as u16),
            "U" => {
                return Ok(Value {
                    bits: u64::from(*chars.last().expect("non-empty")),
                    unsigned: false,
                });
            }
            _ => i64::from(*chars.last().expect("non-empty") as i32),
        };
        Ok(Value::signed(value))
    }
}

/// The values of the characters of a literal's body, escapes decoded.
fn decode_escapes(body: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut buf = [0; 4];
            // Plain characters count by their UTF-8 bytes, as in gcc.
            out.extend(c.encode_utf8(&mut buf).bytes().map(u32::from));
            continue;
        }
        let Some(e) = chars.next() else { break };
        let v = match e {
            'n' => 10,
            't' => 9,
            'v' => 11,
            'b' => 8,
            'r' => 13,
            'f' => 12,
            'a' => 7,
            'e' | 'E' => 27,
            '0'..='7' => {
                let mut v = e.to_digit(8).expect("octal");
                for _ in 0..2 {
                    match chars.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                v
            }
            'x' | 'u' | 'U' => {
                let mut v = 0u32;
                while let Some(d) = chars.peek().and_then(|c| c.to_digit(16)) {
                    v = v.wrapping_mul(16).wrapping_add(d);
                    chars.next();
                }
                v
            }
            other => other as u32,
        };
        out.push(v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pp::lexer::Lexer;

    fn eval(src: &str) -> Result<bool> {
        let mut interner = Interner::new();
        let mut lexer = Lexer::new(std::sync::Arc::new(src.to_string()), 0);
        let mut tokens = Vec::new();
        loop {
            let t = lexer.next(&mut interner);
            if t.kind == PpKind::Eof {
                break;
            }
            tokens.push(t);
        }
        evaluate(&tokens, &interner, Span::default())
    }

    #[test]
    fn arithmetic_follows_c() {
        assert!(eval("1 + 2 * 3 == 7").unwrap());
        assert!(eval("-1 > 0u").unwrap());
        assert!(!eval("-1 > 0").unwrap());
        assert!(eval("(2 || 1 / 0) && 0x10 == 16 && 010 == 8").unwrap());
        assert!(eval("'a' == 97 && '\\n' == 10 && '\\377' < 0").unwrap());
        assert!(eval("1 ? 2 : (1/0)").unwrap());
        assert!(eval("undefined_name == 0").unwrap());
        assert!(eval("18446744073709551615u == -1").unwrap());
        assert!(eval("(-1 >> 1) == -1 && (1 << 62) > 0").unwrap());
    }

    #[test]
    fn malformed_expressions_are_diagnosed() {
        for bad in [
            "", "1 +", "(1", "1 2", "1 / 0", "1.0", "\"s\"", "1 = 1", "1 ? 2", "1abc",
        ] {
            assert!(eval(bad).is_err(), "{bad:?} should be an error");
        }
    }
}
