//! Tokens: what the lexer produces and the parser consumes.

use crate::diag::Span;
use crate::intern::Sym;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Ident(Sym),
    /// An integer literal's value; the parser decides which type it has.
    IntLit(u64),
    Keyword(Keyword),
    Punct(Punct),
    Eof,
}

/// Every C11 keyword is reserved, even those mcc does not implement yet, so a
/// program using one gets a clear "not supported" error rather than a
/// confusing "undeclared identifier".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keyword {
    Int,
    Void,
    Return,
    If,
    Else,
    Do,
    While,
    For,
    Break,
    Continue,
    Goto,
    Switch,
    Case,
    Default,
    Static,
    Extern,
    /// A keyword of C that the language subset does not have yet.
    Unsupported(&'static str),
}

impl Keyword {
    pub fn lookup(s: &str) -> Option<Keyword> {
        use Keyword::*;
        Some(match s {
            "int" => Int,
            "void" => Void,
            "return" => Return,
            "if" => If,
            "else" => Else,
            "do" => Do,
            "while" => While,
            "for" => For,
            "break" => Break,
            "continue" => Continue,
            "goto" => Goto,
            "switch" => Switch,
            "case" => Case,
            "default" => Default,
            "static" => Static,
            "extern" => Extern,
            _ => {
                return UNSUPPORTED_KEYWORDS
                    .iter()
                    .find(|&&n| n == s)
                    .map(|&n| Unsupported(n));
            }
        })
    }

    pub fn name(self) -> &'static str {
        use Keyword::*;
        match self {
            Int => "int",
            Void => "void",
            Return => "return",
            If => "if",
            Else => "else",
            Do => "do",
            While => "while",
            For => "for",
            Break => "break",
            Continue => "continue",
            Goto => "goto",
            Switch => "switch",
            Case => "case",
            Default => "default",
            Static => "static",
            Extern => "extern",
            Unsupported(name) => name,
        }
    }
}

/// C11 keywords outside the implemented subset.
const UNSUPPORTED_KEYWORDS: &[&str] = &[
    "auto",
    "char",
    "const",
    "double",
    "enum",
    "float",
    "inline",
    "long",
    "register",
    "restrict",
    "short",
    "signed",
    "sizeof",
    "struct",
    "typedef",
    "union",
    "unsigned",
    "volatile",
    "_Alignas",
    "_Alignof",
    "_Atomic",
    "_Bool",
    "_Complex",
    "_Generic",
    "_Imaginary",
    "_Noreturn",
    "_Static_assert",
    "_Thread_local",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Punct {
    LParen,
    RParen,
    LBrace,
    RBrace,
    Semi,
    Comma,
    Question,
    Colon,
    Tilde,
    Bang,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Amp,
    Pipe,
    Caret,
    Shl,
    Shr,
    AmpAmp,
    PipePipe,
    Assign,
    EqEq,
    NotEq,
    Lt,
    Le,
    Gt,
    Ge,
    PlusPlus,
    MinusMinus,
    PlusAssign,
    MinusAssign,
    StarAssign,
    SlashAssign,
    PercentAssign,
    AmpAssign,
    PipeAssign,
    CaretAssign,
    ShlAssign,
    ShrAssign,
}

impl Punct {
    pub fn text(self) -> &'static str {
        use Punct::*;
        match self {
            LParen => "(",
            RParen => ")",
            LBrace => "{",
            RBrace => "}",
            Semi => ";",
            Comma => ",",
            Question => "?",
            Colon => ":",
            Tilde => "~",
            Bang => "!",
            Plus => "+",
            Minus => "-",
            Star => "*",
            Slash => "/",
            Percent => "%",
            Amp => "&",
            Pipe => "|",
            Caret => "^",
            Shl => "<<",
            Shr => ">>",
            AmpAmp => "&&",
            PipePipe => "||",
            Assign => "=",
            EqEq => "==",
            NotEq => "!=",
            Lt => "<",
            Le => "<=",
            Gt => ">",
            Ge => ">=",
            PlusPlus => "++",
            MinusMinus => "--",
            PlusAssign => "+=",
            MinusAssign => "-=",
            StarAssign => "*=",
            SlashAssign => "/=",
            PercentAssign => "%=",
            AmpAssign => "&=",
            PipeAssign => "|=",
            CaretAssign => "^=",
            ShlAssign => "<<=",
            ShrAssign => ">>=",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}
