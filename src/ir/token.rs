//! Tokens: the preprocessor's (C11 6.4 preprocessing tokens, [`PpToken`]) and
//! the parser's ([`Token`]), which `lex` makes of them.

use crate::diag::Span;
use crate::intern::Sym;
use crate::ir::consts::Const;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Ident(Sym),
    /// An integer or floating constant, with the type C11 6.4.4.1 and
    /// 6.4.4.2 give it.
    Constant(Const),
    /// A string literal; the symbol is its spelling, quotes included, with
    /// escapes checked by the lexer and decoded by [`crate::lex::string_bytes`].
    Str(Sym),
    Keyword(Keyword),
    Punct(Punct),
    Eof,
}

/// Declares [`Keyword`], its spelling ([`Keyword::name`]) and every
/// spelling the lexer knows ([`SPELLINGS`], gcc's alternatives after `|`)
/// from one list, so a keyword is described once.
macro_rules! keywords {
    ($($(#[$doc:meta])* $variant:ident => $name:literal $(| $alias:literal)*,)*) => {
        /// Every C11 keyword is reserved, even those mcc does not implement
        /// yet, so a program using one gets a clear "not supported" error
        /// rather than a confusing "undeclared identifier".
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Keyword {
            $($(#[$doc])* $variant,)*
            /// A keyword of C that the language subset does not have yet.
            Unsupported(&'static str),
        }

        impl Keyword {
            pub fn name(self) -> &'static str {
                match self {
                    $(Keyword::$variant => $name,)*
                    Keyword::Unsupported(name) => name,
                }
            }
        }

        /// The spellings of the implemented keywords, gcc's alternative
        /// ones included.
        pub const SPELLINGS: &[(&str, Keyword)] = &[
            $(($name, Keyword::$variant), $(($alias, Keyword::$variant),)*)*
        ];
    };
}

keywords! {
    Char => "char",
    Short => "short",
    Int => "int",
    Long => "long",
    Signed => "signed" | "__signed__" | "__signed",
    Unsigned => "unsigned",
    /// gcc's `_Float64` and `_Float32x` are `double` here.
    Double => "double" | "_Float64" | "_Float32x",
    /// gcc's `_Float32` is `float`.
    Float => "float" | "_Float32",
    /// gcc's 128-bit and extended types, only declared (as `long double`).
    Float128 => "_Float128" | "_Float64x" | "__float128",
    Void => "void",
    /// gcc's `typeof` (C23's too): the type of an expression or a type
    /// name.
    Typeof => "typeof" | "__typeof__" | "__typeof",
    /// `_Bool` (C11 6.2.5p2): 0 or 1.
    Bool => "_Bool",
    /// `_Complex` (C11 6.2.5p11), gcc's `__complex__` too: complex types,
    /// declared only.
    Complex => "_Complex" | "__complex__",
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
    Sizeof => "sizeof",
    Struct => "struct",
    Union => "union",
    Enum => "enum",
    StaticAssert => "_Static_assert",
    Alignof => "_Alignof" | "__alignof__" | "__alignof",
    /// C11's alignment specifier (6.7.5).
    Alignas => "_Alignas",
    /// gcc's `__extension__`: no meaning but to silence `-pedantic`.
    Extension => "__extension__",
    Inline => "inline" | "__inline" | "__inline__",
    Noreturn => "_Noreturn",
    Auto => "auto",
    Register => "register",
    /// C11's `_Thread_local` and gcc's `__thread` (6.7.1): a storage
    /// class that goes with `static` or `extern`.
    ThreadLocal => "_Thread_local" | "__thread",
    /// gcc's `__asm__`: here only as a declaration's assembler name
    /// (`int f(void) __asm__("g");`).
    Asm => "__asm__" | "__asm",
    Attribute => "__attribute__" | "__attribute",
    /// A pointer's promise that mcc, which does not optimise on it, has no
    /// use for.
    Restrict => "restrict" | "__restrict" | "__restrict__",
    /// Type qualifiers (C11 6.7.3).
    Const => "const" | "__const" | "__const__",
    Volatile => "volatile" | "__volatile" | "__volatile__",
    /// C11's atomic qualifier, and `_Atomic (type-name)` (6.7.2.4).
    Atomic => "_Atomic",
    /// C11's generic selection (6.5.1.1).
    Generic => "_Generic",
    /// gcc's `__auto_type`: a variable's type is its initialiser's.
    AutoType => "__auto_type",
    /// A storage class in the grammar (C11 6.7.1p5) that declares type
    /// names.
    Typedef => "typedef",
}

/// C11 keywords outside the implemented subset.
pub const UNSUPPORTED_KEYWORDS: &[&str] = &["_Imaginary"];

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
    LBracket,
    RBracket,
    Dot,
    Arrow,
    Ellipsis,
    /// `#`: stringizing in a macro body, a directive at a line's start.
    Hash,
    /// `##`: token pasting in a macro body.
    HashHash,
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
            LBracket => "[",
            RBracket => "]",
            Dot => ".",
            Arrow => "->",
            Ellipsis => "...",
            Hash => "#",
            HashHash => "##",
        }
    }

    /// The digraph spelling of a punctuator that has one (C11 6.4.6p3).
    pub fn digraph(self) -> Option<&'static str> {
        use Punct::*;
        Some(match self {
            LBracket => "<:",
            RBracket => ":>",
            LBrace => "<%",
            RBrace => "%>",
            Hash => "%:",
            HashHash => "%:%:",
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

/// What kind of preprocessing token (C11 6.4p1), plus the preprocessor's own
/// markers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PpKind {
    /// An identifier; its `sym` is the name.
    Ident,
    /// A preprocessing number (`12`, `0x1p-3`, `1.2.3`, `12ab`); `sym` is its spelling.
    Number,
    /// A character constant with any prefix; `sym` is its spelling, quotes included.
    Char,
    /// A string literal with any prefix; `sym` is its spelling, quotes included.
    Str,
    Punct(Punct),
    /// Any other character (`@`, `` ` ``, `\`, a non-ASCII character); `sym` is it.
    Other,
    /// `<stdio.h>` after `#include`; `sym` is the text between the brackets.
    HeaderName,
    /// An empty macro argument next to `##` (C11 6.10.3.3p2); never leaves the
    /// macro expander.
    Placemarker,
    /// A `#pragma` (or `_Pragma`) to pass on; `sym` is its text after `pragma`.
    Pragma,
    Eof,
}

/// Token flags (a bit set in [`PpToken::flags`]).
pub mod pp_flags {
    /// White space (or a comment) came before the token.
    pub const LEADING_SPACE: u8 = 1;
    /// The first token on its source line.
    pub const LINE_START: u8 = 2;
    /// Painted blue (C11 6.10.3.4p2): an identifier that named a macro being
    /// expanded when it was scanned, never to be expanded again.
    pub const NO_EXPAND: u8 = 4;
    /// A punctuator spelled as a digraph (`<:` for `[`).
    pub const DIGRAPH: u8 = 8;
    /// A string or character constant missing its closing quote.
    pub const UNTERMINATED: u8 = 16;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PpToken {
    pub kind: PpKind,
    pub flags: u8,
    pub sym: Sym,
    pub span: Span,
}

impl PpToken {
    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    pub fn is_punct(&self, p: Punct) -> bool {
        self.kind == PpKind::Punct(p)
    }

    /// The identifier `name`.
    pub fn is_ident(&self, name: crate::intern::Sym) -> bool {
        self.kind == PpKind::Ident && self.sym == name
    }

    /// A line's first `#` (a directive to obey) or the end of the file: the
    /// tokens the preprocessor must see before reading on.
    pub fn is_directive_or_end(&self) -> bool {
        self.has(pp_flags::LINE_START)
            && matches!(self.kind, PpKind::Punct(Punct::Hash) | PpKind::Eof)
    }

    /// How the token is written.
    pub fn spelling<'a>(&self, interner: &'a crate::intern::Interner) -> &'a str {
        match self.kind {
            PpKind::Punct(p) if self.has(pp_flags::DIGRAPH) => p.digraph().unwrap_or(p.text()),
            PpKind::Punct(p) => p.text(),
            PpKind::Placemarker | PpKind::Eof => "",
            _ => interner.get(self.sym),
        }
    }
}
