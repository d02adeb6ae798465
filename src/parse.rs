//! Parser: tokens to AST (book chapters 1-13).
//!
//! Takes the lexer's token stream, returns unannotated AST declarations, one
//! external declaration at a time ([`Parser::next_declaration`]). A
//! hand-written recursive descent parser, one function per grammar symbol;
//! binary and conditional expressions use precedence climbing. Guarantees the
//! tree is syntactically valid C of the supported subset, every type
//! specifier list one of C11 6.7.2p2's combinations; the first syntax error
//! is returned as a diagnostic at the offending token.

use crate::diag::{Diagnostic, Result, Span};
use crate::intern::Sym;
use crate::ir::ast::*;
use crate::ir::token::{Keyword, Punct, Token, TokenKind};
use crate::ir::types::{Alias, DeferredArray, FunType, Quals, Type, UncheckedExpr};
use crate::ir::va_list;
use crate::lex::TokenStream;
use crate::sema::const_eval::array_length;
use rustc_hash::FxHashMap as HashMap;

/// gcc's attributes that change nothing mcc does: hints for inlining,
/// optimisation and warnings, which mcc neither does nor gives, `used`
/// (mcc emits every static function anyway), and `target` (the instruction
/// sets a function may use beyond the baseline, which mcc never uses).
/// Spelled without the `__` around them, which gcc allows.
const WITHOUT_EFFECT: &[&str] = &[
    "access",
    "alloc_align",
    "alloc_size",
    "always_inline",
    "artificial",
    "cold",
    "const",
    "deprecated",
    "fallthrough",
    "flatten",
    "format",
    "format_arg",
    "hot",
    "leaf",
    "malloc",
    "maybe_unused",
    "no_instrument_function",
    "noclone",
    "noinline",
    "nonnull",
    "nonstring",
    "noreturn",
    "nothrow",
    "pure",
    "returns_nonnull",
    "returns_twice",
    "sentinel",
    "target",
    "unused",
    "used",
    "warn_unused_result",
    "warning",
];

/// How deeply expressions and statements may nest before the parser gives up
/// with a diagnostic instead of exhausting the stack.
const MAX_NESTING: u32 = 2000;

/// How many operators one left-associative chain (`a + b + c + ...`) may
/// hold. The parser builds such chains in a loop, but the later passes
/// recurse down the tree, so its depth must stay within their stack.
const MAX_CHAIN: u32 = 250_000;

/// The parser over one token stream, handing out one external declaration
/// at a time so that the passes after it can finish with each before the
/// next is read.
pub struct Parser<'s, 'p, 'a> {
    tokens: &'s mut TokenStream<'p, 'a>,
    /// The current token and the one after it (the parser looks no further).
    cur: Token,
    next: Token,
    /// The span of the token before `cur`; `None` at the start.
    prev_span: Option<Span>,
    depth: u32,
    /// What each scope declares, innermost last (see [`Scope`]).
    scopes: Vec<Scope>,
    /// Structure and union definitions met inside specifiers (C11
    /// 6.7.2.1), and the checks of enumeration constants only the type
    /// checker can evaluate, waiting to go out ahead of the declaration or
    /// statement that holds them.
    pending_tags: Vec<Decl>,
    /// How many statement expressions the parser has read.
    stmt_exprs: u32,
    /// Attributes read before a block's declaration, for its specifiers.
    leading_attrs: Attributes,
    /// How deep in structure member declarations the parser is.
    in_members: u32,
    /// How many tags have been made up for anonymous structures.
    anonymous_tags: u32,
}

impl<'s, 'p, 'a> Parser<'s, 'p, 'a> {
    pub fn new(tokens: &'s mut TokenStream<'p, 'a>) -> Self {
        let cur = tokens.next_token();
        let next = tokens.next_token();
        // What gcc declares before the first line.
        let interner = tokens.interner_mut();
        let va_list = (
            interner.intern(va_list::TYPEDEF),
            Ordinary::Typedef(va_list::ty(interner)),
        );
        let file_scope = Scope {
            names: HashMap::from_iter([va_list]),
            enum_tags: HashMap::default(),
        };
        Parser {
            tokens,
            cur,
            next,
            prev_span: None,
            depth: 0,
            scopes: vec![file_scope],
            pending_tags: Vec::new(),
            stmt_exprs: 0,
            leading_attrs: Attributes::default(),
            in_members: 0,
            anonymous_tags: 0,
        }
    }

    /// The declarations of the next external declaration (one per
    /// declarator; a function definition is the last), or `None` at the end
    /// of the file. A lexical or preprocessing error anywhere in the rest of
    /// the file is reported ahead of a syntax error (see
    /// [`TokenStream::finish`]).
    pub fn next_declaration(&mut self) -> Result<Option<Vec<Decl>>> {
        if self.peek() == TokenKind::Eof {
            self.tokens.finish()?;
            return Ok(None);
        }
        match self.declaration() {
            Ok(decls) => Ok(Some(decls)),
            Err(e) => {
                self.tokens.finish()?;
                Err(e)
            }
        }
    }

    /// Parses the rest of the file, keeping nothing, for its first error:
    /// a later pass's error in an earlier declaration is reported only when
    /// the whole file parses, as when parsing finished before checking began.
    pub fn check_rest(&mut self) -> Result<()> {
        while self.next_declaration()?.is_some() {}
        Ok(())
    }

    pub fn interner_mut(&mut self) -> &mut crate::intern::Interner {
        self.tokens.interner_mut()
    }
}

/// gcc's attributes that change what mcc lays out.
#[derive(Default, Clone, Copy)]
struct Attributes {
    aligned: Option<u64>,
    packed: bool,
    /// `visibility(...)`, when not the default.
    visibility: Option<Visibility>,
    /// `mode (M)`: the integer type of this many bytes instead.
    mode: Option<u64>,
    /// `weak`: a weak symbol (defined: one a strong definition elsewhere
    /// overrides; undefined: one that may stay undefined, as 0).
    weak: bool,
    /// `constructor` and `destructor`: a function run before `main`, or
    /// at exit.
    constructor: bool,
    destructor: bool,
    /// `constructor (N)` or `destructor (N)`: the priority.
    priority: Option<u16>,
    /// `alias ("target")`: the declared name is another name of `target`,
    /// defined in this file.
    alias: Option<(Sym, Span)>,
    /// `section ("name")`: the section a variable is placed in.
    section: Option<(Sym, Span)>,
    /// `cleanup (f)`: the function called when a variable leaves scope.
    cleanup: Option<(Sym, Span)>,
}

impl Attributes {
    /// The name of the first attribute among them that has an effect.
    fn with_effect(self) -> Option<&'static str> {
        if self.packed {
            Some("packed")
        } else if self.aligned.is_some() {
            Some("aligned")
        } else if self.visibility.is_some() {
            Some("visibility")
        } else if self.mode.is_some() {
            Some("mode")
        } else if self.weak {
            Some("weak")
        } else if self.alias.is_some() {
            Some("alias")
        } else if self.constructor {
            Some("constructor")
        } else if self.destructor {
            Some("destructor")
        } else if self.section.is_some() {
            Some("section")
        } else if self.cleanup.is_some() {
            Some("cleanup")
        } else {
            None
        }
    }

    fn and(self, other: Attributes) -> Attributes {
        Attributes {
            aligned: match (self.aligned, other.aligned) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            },
            packed: self.packed || other.packed,
            visibility: other.visibility.or(self.visibility),
            mode: other.mode.or(self.mode),
            weak: self.weak || other.weak,
            constructor: self.constructor || other.constructor,
            priority: other.priority.or(self.priority),
            destructor: self.destructor || other.destructor,
            alias: other.alias.or(self.alias),
            section: other.section.or(self.section),
            cleanup: other.cleanup.or(self.cleanup),
        }
    }
}

/// The identifiers one scope declares, as far as parsing needs them.
#[derive(Default)]
struct Scope {
    /// Ordinary identifiers: whether one is a typedef name decides how a
    /// declaration or an expression parses (C11 6.7.8p3), and an inner
    /// declaration of the same name hides it.
    names: HashMap<Sym, Ordinary>,
    /// Enumeration tags and the integer type of each enumeration.
    enum_tags: HashMap<Sym, Type>,
}

enum Ordinary {
    /// An object or a function: identifier resolution's business. For an
    /// object of a type whose size the parser knows (no structure or union
    /// in it), that size, for `sizeof x` in constant expressions.
    Object(Option<u64>),
    /// A typedef name, with the type it names (typedef names inside
    /// replaced), which the parser's own checks look through; the AST keeps
    /// the name ([`Type::Typedef`]) for identifier resolution to replace
    /// with structure tags resolved where the typedef was declared.
    Typedef(Type),
    /// An enumeration constant (C11 6.7.2.2p3), which the parser replaces
    /// by its value wherever it is used.
    Enumerator(Const),
    /// One whose value only the type checker can evaluate (`sizeof` of a
    /// structure): the parser replaces it by its expression, an `int`,
    /// wherever it is used.
    DeferredEnumerator(Box<Expr>),
}

/// A declarator before its type is known (C11 6.7.6), innermost last.
enum Declarator {
    /// The name (`None` in an abstract declarator).
    Name(Option<(Sym, Span)>),
    /// A pointer, qualified as its `*` is followed (`*const`).
    Pointer(Box<Declarator>, Quals),
    Array(Box<Declarator>, ArrayLength, Span),
    /// The parameters, whether the list ends in `...`, and whether it is a
    /// prototype (not `()`).
    Function(Box<Declarator>, Vec<ParamDecl>, bool, bool, Span),
}

/// What `[...]` in a declarator says.
enum ArrayLength {
    /// `[]`.
    Open,
    /// `[N]` with `N` evaluated.
    Known(u64),
    /// `[N]` with `N` an expression only the type checker can evaluate (see
    /// [`Type::DeferredArray`]), and whether 0 is allowed.
    Deferred(Expr, bool),
    /// `[*]`, in a prototype.
    Unspecified(Span),
}

/// Whether a declarator names what it declares: a declaration's must, a
/// type name's must not (C11 6.7.7), a parameter's may.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DeclMode {
    Named,
    Abstract,
    Either,
}

/// A parameter as written: its specifiers' type and its declarator.
struct ParamDecl {
    ty: Type,
    declarator: Declarator,
    span: Span,
    register: bool,
}

/// What a declaration declares: the name, its type, and the parameters of
/// a function declarator applied directly to the name.
struct Derived {
    name: Option<(Sym, Span)>,
    ty: Type,
    params: Option<Vec<Param>>,
    /// The type is an array whose length `[]` leaves to the initialiser.
    open_length: bool,
}

/// Declaration specifiers: the type and the storage class.
struct Specifiers {
    ty: Type,
    storage: Option<StorageClass>,
    /// `typedef`, a storage class in the grammar (C11 6.7.1p1).
    typedef: bool,
    /// A structure or union specifier among them has a member list (now
    /// in `Parser::pending_tags`).
    defines_tag: bool,
    /// The attributes among them, which apply to what is declared.
    attrs: Attributes,
    /// The function specifiers (C11 6.7.4), with where the first is.
    inline: bool,
    function_specifier: Option<Span>,
    span: Span,
    /// Where the tag of a `struct`/`union` specifier is.
    tag_span: Option<Span>,
    /// The type qualifiers among them, which qualify `ty`.
    quals: Quals,
    /// gcc's `__auto_type`: `ty` is a placeholder (`int`) for the
    /// initialiser's type.
    auto_type: bool,
    /// `_Thread_local` (`__thread`), with where it is.
    thread_local: Option<Span>,
}

impl Specifiers {
    /// The type they give, qualified.
    fn qualified_ty(&self) -> Type {
        qualified(self.quals, self.ty.clone())
    }
}

/// `ty` qualified by `quals` (itself when there are none).
fn qualified(quals: Quals, ty: Type) -> Type {
    if quals.is_empty() {
        ty
    } else {
        Type::Qualified(quals, Box::new(ty))
    }
}

impl Specifiers {
    /// Where attributes with an effect have no place to apply (parameters,
    /// type names), they are refused rather than ignored.
    fn no_attribute_effects(&self) -> Result<()> {
        self.refuse_effects(self.attrs)
    }

    /// A member's specifiers may ask for alignment, nothing else.
    fn only_layout_attributes(&self) -> Result<()> {
        self.refuse_effects(Attributes {
            aligned: None,
            ..self.attrs
        })
    }

    fn refuse_effects(&self, attrs: Attributes) -> Result<()> {
        match attrs.with_effect() {
            Some(_) => Err(Diagnostic::error(
                self.span,
                "attributes with an effect are not supported here",
            )),
            None => Ok(()),
        }
    }

    fn has_storage_class(&self) -> bool {
        self.storage.is_some() || self.typedef || self.thread_local.is_some()
    }

    /// `inline` and `_Noreturn` belong to function declarations only.
    fn only_for_functions(&self, place: &str) -> Result<()> {
        match self.function_specifier {
            Some(span) => {
                let which = if self.inline { "inline" } else { "_Noreturn" };
                Err(Diagnostic::error(span, format!("'{which}' {place}")))
            }
            None => Ok(()),
        }
    }
}

impl Parser<'_, '_, '_> {
    fn peek(&self) -> TokenKind {
        self.cur.kind
    }

    /// The token after the current one.
    fn peek_next(&self) -> TokenKind {
        self.next.kind
    }

    fn span(&self) -> Span {
        self.cur.span
    }

    fn prev_span(&self) -> Span {
        self.prev_span.unwrap_or(self.cur.span)
    }

    fn advance(&mut self) -> Token {
        let tok = self.cur;
        if tok.kind != TokenKind::Eof {
            self.prev_span = Some(tok.span);
            self.cur = self.next;
            self.next = self.tokens.next_token();
        }
        tok
    }

    fn is_punct(&self, p: Punct) -> bool {
        self.peek() == TokenKind::Punct(p)
    }

    fn eat_punct(&mut self, p: Punct) -> bool {
        let found = self.is_punct(p);
        if found {
            self.advance();
        }
        found
    }

    fn eat_keyword(&mut self, k: Keyword) -> bool {
        let found = self.peek() == TokenKind::Keyword(k);
        if found {
            self.advance();
        }
        found
    }

    fn describe(&self, kind: TokenKind) -> String {
        match kind {
            TokenKind::Ident(s) => format!("identifier '{}'", self.tokens.interner().get(s)),
            TokenKind::Constant(_) => "constant".to_string(),
            TokenKind::Str(_) => "string literal".to_string(),
            TokenKind::Keyword(k) => format!("'{}'", k.name()),
            TokenKind::Punct(p) => format!("'{}'", p.text()),
            TokenKind::Eof => "end of file".to_string(),
        }
    }

    fn error_here(&self, what: &str) -> Diagnostic {
        // At end of input, point just after the last token, as gcc does,
        // rather than at a line past the end of the file.
        let span = match (self.peek(), self.prev_span) {
            (TokenKind::Eof, Some(prev)) => Span::new(prev.hi as usize, prev.hi as usize),
            _ => self.span(),
        };
        Diagnostic::error(
            span,
            format!("expected {what} before {}", self.describe(self.peek())),
        )
    }

    fn expect_punct(&mut self, p: Punct) -> Result<Span> {
        if self.is_punct(p) {
            Ok(self.advance().span)
        } else {
            Err(self.error_here(&format!("'{}'", p.text())))
        }
    }

    fn expect_ident(&mut self) -> Result<(Sym, Span)> {
        match self.peek() {
            TokenKind::Ident(s) => Ok((s, self.advance().span)),
            _ => Err(self.error_here("identifier")),
        }
    }

    fn nest(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(Diagnostic::error(self.span(), "nesting too deep"));
        }
        Ok(())
    }

    // ---- scopes of ordinary identifiers ----

    fn push_scope(&mut self) {
        self.scopes.push(Scope::default());
    }

    fn pop_scope(&mut self) {
        self.scopes.pop();
    }

    /// Declares `name` in the innermost scope: a typedef name for `ty`, or
    /// (`None`) an object or function.
    fn declare_name(&mut self, name: Sym, ty: Option<Type>) {
        let what = match ty {
            Some(t) => Ordinary::Typedef(self.look_through(&t)),
            None => Ordinary::Object(None),
        };
        self.declare(name, what);
    }

    /// Declares an object of type `ty` in the innermost scope.
    fn declare_object(&mut self, name: Sym, ty: &Type) {
        let shape = self.shape(ty);
        let size = (!contains_aggregate(&shape) && shape.is_complete())
            .then(|| shape.size())
            .filter(|&n| n > 0);
        self.declare(name, Ordinary::Object(size));
    }

    fn declare(&mut self, name: Sym, what: Ordinary) {
        self.scopes
            .last_mut()
            .expect("file scope always exists")
            .names
            .insert(name, what);
    }

    fn ordinary(&self, name: Sym) -> Option<&Ordinary> {
        self.scopes.iter().rev().find_map(|s| s.names.get(&name))
    }

    /// The type a typedef name in scope names, or `None` when `name` is
    /// not one.
    fn typedef_type(&self, name: Sym) -> Option<&Type> {
        match self.ordinary(name) {
            Some(Ordinary::Typedef(ty)) => Some(ty),
            _ => None,
        }
    }

    fn is_typedef_name(&self, kind: TokenKind) -> bool {
        matches!(kind, TokenKind::Ident(name) if self.typedef_type(name).is_some())
    }

    /// `ty` with every typedef name replaced by the type it names,
    /// qualifiers kept: what a typedef name stands for.
    fn look_through(&self, ty: &Type) -> Type {
        self.replace_typedefs(ty, true)
    }

    /// `ty` with every typedef name replaced and every qualifier dropped:
    /// the parser's checks of what a declarator derives are of the shape.
    fn unqualified_shape(&self, ty: &Type) -> Type {
        self.replace_typedefs(ty, false)
    }

    fn replace_typedefs(&self, ty: &Type, keep_quals: bool) -> Type {
        let again = |t: &Type| self.replace_typedefs(t, keep_quals);
        match ty {
            Type::Typedef(name) => {
                let named = self
                    .typedef_type(*name)
                    .expect("a typedef name in a type is in scope");
                if keep_quals {
                    named.clone()
                } else {
                    again(named)
                }
            }
            Type::Pointer(t, q) => Type::Pointer(Box::new(again(t)), *q),
            Type::Qualified(q, t) if keep_quals => Type::Qualified(*q, Box::new(again(t))),
            Type::Qualified(_, t) => again(t),
            Type::Array(t, n) => Type::Array(Box::new(again(t)), *n),
            Type::DeferredArray(d) => Type::DeferredArray(Box::new(DeferredArray {
                elem: again(&d.elem),
                len: d.len.clone(),
                zero_allowed: d.zero_allowed,
                unspecified: d.unspecified,
            })),
            Type::Function(ft) => Type::Function(Box::new(FunType {
                params: ft.params.iter().map(again).collect(),
                ret: Box::new(again(&ft.ret)),
                variadic: ft.variadic,
                prototype: ft.prototype,
            })),
            Type::Alias(a) => again(&a.ty),
            t => t.clone(),
        }
    }

    /// `ty` as [`Parser::unqualified_shape`] gives it, borrowed when it
    /// names no typedef and has no qualifiers.
    fn shape<'t>(&self, ty: &'t Type) -> std::borrow::Cow<'t, Type> {
        if mentions_typedef(ty) {
            std::borrow::Cow::Owned(self.unqualified_shape(ty))
        } else {
            std::borrow::Cow::Borrowed(ty)
        }
    }

    /// Whether a token starts a type name (after `(` in a cast, `sizeof`,
    /// `_Alignof` or a compound literal).
    fn starts_type_name(&self, kind: TokenKind) -> bool {
        match kind {
            TokenKind::Keyword(k) => {
                is_type_specifier(k) || is_qualifier(k) || k == Keyword::Attribute
            }
            kind => self.is_typedef_name(kind),
        }
    }

    // ---- declarations ----

    fn starts_declaration(&self) -> bool {
        let starts = |kind| match kind {
            TokenKind::Keyword(
                Keyword::StaticAssert | Keyword::Attribute | Keyword::Alignas | Keyword::AutoType,
            ) => true,
            TokenKind::Keyword(k) if is_qualifier(k) => true,
            TokenKind::Keyword(k) => is_type_specifier(k) || is_storage_class(k),
            kind => self.is_typedef_name(kind),
        };
        // `__extension__ int x;` (one `__extension__`: the parser looks
        // only one token further). A typedef name before `:` is a label.
        match self.peek() {
            TokenKind::Keyword(Keyword::Extension) => starts(self.peek_next()),
            TokenKind::Ident(_) if self.peek_next() == TokenKind::Punct(Punct::Colon) => false,
            // `name x`, a declaration with an unknown type name.
            TokenKind::Ident(_) if matches!(self.peek_next(), TokenKind::Ident(_)) => true,
            kind => starts(kind),
        }
    }

    /// `_Static_assert ( constant-expression , string-literal ) ;`, the
    /// message optional as C23 allows.
    fn static_assert(&mut self) -> Result<StaticAssert> {
        let start = self.advance().span;
        self.expect_punct(Punct::LParen)?;
        let condition = self.expr(ASSIGN_PREC)?;
        let message = if self.eat_punct(Punct::Comma) {
            Some(self.string_literals()?)
        } else {
            None
        };
        self.expect_punct(Punct::RParen)?;
        let end = self.expect_punct(Punct::Semi)?;
        Ok(StaticAssert {
            condition,
            message,
            enumerator: None,
            span: start.to(end),
        })
    }

    fn specifiers(&mut self) -> Result<Specifiers> {
        let start = self.span();
        let mut words = TypeWords::default();
        let mut storage = None;
        let mut typedef = false;
        let mut defines_tag = false;
        let mut restrict = None;
        let mut quals = Quals::NONE;
        let mut auto_type = false;
        let mut thread_local = None;
        let mut attrs = std::mem::take(&mut self.leading_attrs);
        let (mut inline, mut function_specifier) = (false, None);
        loop {
            let span = self.span();
            match self.peek() {
                TokenKind::Keyword(k @ (Keyword::Struct | Keyword::Union)) => {
                    self.advance();
                    let (ty, tag_span, defined) = self.struct_specifier(k == Keyword::Union)?;
                    defines_tag |= defined;
                    words
                        .whole(ty, tag_span)
                        .map_err(|msg| Diagnostic::error(span, msg))?;
                    continue;
                }
                TokenKind::Keyword(k @ (Keyword::Enum | Keyword::Typeof)) => {
                    self.advance();
                    let ty = if k == Keyword::Enum {
                        self.enum_specifier()?
                    } else {
                        self.typeof_specifier()?
                    };
                    words
                        .whole(ty, span)
                        .map_err(|msg| Diagnostic::error(span, msg))?;
                    continue;
                }
                TokenKind::Keyword(k) if is_type_specifier(k) => {
                    words.add(k).map_err(|msg| Diagnostic::error(span, msg))?
                }
                // A typedef name is a type specifier only where no other
                // is yet (C11 6.7.2p2): `T x;` declares `x`, `long T;` `T`.
                // `name x`: what can only be a declaration of `x` with an
                // undeclared type name (gcc's diagnosis).
                TokenKind::Ident(name)
                    if words.ty().is_none()
                        && self.typedef_type(name).is_none()
                        && matches!(self.peek_next(), TokenKind::Ident(_)) =>
                {
                    return Err(Diagnostic::error(
                        span,
                        format!("unknown type name '{}'", self.tokens.interner().get(name)),
                    ));
                }
                TokenKind::Ident(name)
                    if words.ty().is_none() && self.typedef_type(name).is_some() =>
                {
                    words
                        .whole(Type::Typedef(name), span)
                        .map_err(|msg| Diagnostic::error(span, msg))?;
                }
                TokenKind::Keyword(Keyword::Attribute) => {
                    attrs = attrs.and(self.attributes_with_effect()?);
                    continue;
                }
                // C11's `_Alignas (N)` or `_Alignas (type)`: as gcc's
                // `aligned` on what is declared.
                TokenKind::Keyword(Keyword::Alignas) => {
                    self.advance();
                    let align = self.alignas_value(span)?;
                    attrs = attrs.and(Attributes {
                        aligned: Some(align),
                        ..Attributes::default()
                    });
                    continue;
                }
                // Only a pointer type may be restrict-qualified: checked
                // once the type is known.
                TokenKind::Keyword(Keyword::Restrict) => {
                    restrict.get_or_insert(span);
                }
                TokenKind::Keyword(Keyword::Const) => quals |= Quals::CONST,
                TokenKind::Keyword(Keyword::Volatile) => quals |= Quals::VOLATILE,
                // `_Atomic (type-name)`: the atomic version of the type.
                TokenKind::Keyword(Keyword::Atomic)
                    if matches!(self.peek_next(), TokenKind::Punct(Punct::LParen)) =>
                {
                    self.advance();
                    self.advance();
                    let ty = self.type_name()?;
                    self.expect_punct(Punct::RParen)?;
                    let ty = qualified(Quals::ATOMIC, ty);
                    words
                        .whole(ty, span)
                        .map_err(|msg| Diagnostic::error(span, msg))?;
                    continue;
                }
                TokenKind::Keyword(Keyword::Atomic) => quals |= Quals::ATOMIC,
                TokenKind::Keyword(Keyword::AutoType) => {
                    auto_type = true;
                    words
                        .whole(Type::Int, span)
                        .map_err(|msg| Diagnostic::error(span, msg))?;
                }
                TokenKind::Keyword(Keyword::ThreadLocal) => {
                    if thread_local.is_some() {
                        return Err(Diagnostic::error(span, "duplicate '_Thread_local'"));
                    }
                    if matches!(storage, Some(StorageClass::Auto | StorageClass::Register))
                        || typedef
                    {
                        return Err(Diagnostic::error(
                            span,
                            "'_Thread_local' used with a storage class other than 'static' or 'extern'",
                        ));
                    }
                    thread_local = Some(span);
                }
                TokenKind::Keyword(k @ (Keyword::Inline | Keyword::Noreturn)) => {
                    // `_Noreturn` promises what mcc does not check (gcc
                    // warns when such a function can return).
                    function_specifier.get_or_insert(span);
                    inline |= k == Keyword::Inline;
                }
                TokenKind::Keyword(
                    k @ (Keyword::Static
                    | Keyword::Extern
                    | Keyword::Auto
                    | Keyword::Register
                    | Keyword::Typedef),
                ) => {
                    if storage.is_some() || typedef {
                        return Err(Diagnostic::error(
                            span,
                            "multiple storage classes in declaration specifiers",
                        ));
                    }
                    if thread_local.is_some()
                        && matches!(k, Keyword::Auto | Keyword::Register | Keyword::Typedef)
                    {
                        return Err(Diagnostic::error(
                            span,
                            "'_Thread_local' used with a storage class other than 'static' or 'extern'",
                        ));
                    }
                    if k == Keyword::Typedef {
                        typedef = true;
                        self.advance();
                        continue;
                    }
                    storage = Some(match k {
                        Keyword::Static => StorageClass::Static,
                        Keyword::Extern => StorageClass::Extern,
                        Keyword::Auto => StorageClass::Auto,
                        _ => StorageClass::Register,
                    });
                }
                _ => break,
            }
            self.advance();
        }
        let Some(ty) = words.ty() else {
            return Err(self.error_here("type specifier"));
        };
        if let Some(span) = restrict
            && !matches!(*self.shape(&ty), Type::Pointer(..) | Type::TypeOf(_))
        {
            return Err(Diagnostic::error(span, "invalid use of 'restrict'"));
        }
        Ok(Specifiers {
            quals,
            auto_type,
            thread_local,
            ty,
            storage,
            typedef,
            defines_tag,
            attrs,
            inline,
            function_specifier,
            span: start.to(self.prev_span()),
            tag_span: words
                .tag
                .filter(|(ty, _)| ty.is_aggregate_tag())
                .map(|(_, span)| span),
        })
    }

    /// A structure or union specifier after its keyword (C11 6.7.2.1):
    /// `tag`, `tag { members }` or `{ members }` (a tag made up), with the
    /// tag's span and whether it has a member list, which goes to
    /// `pending_tags`.
    fn struct_specifier(&mut self, is_union: bool) -> Result<(Type, Span, bool)> {
        let before = self.attributes_with_effect()?;
        let (tag, tag_span) = match self.peek() {
            TokenKind::Ident(tag) => (tag, self.advance().span),
            TokenKind::Punct(Punct::LBrace) => {
                self.anonymous_tags += 1;
                let name = format!("<anonymous {}>", self.anonymous_tags);
                (self.interner_mut().intern(&name), self.span())
            }
            _ => return Err(self.error_here("identifier or '{'")),
        };
        let ty = if is_union {
            Type::Union(tag)
        } else {
            Type::Struct(tag)
        };
        if !self.eat_punct(Punct::LBrace) {
            return Ok((ty, tag_span, false));
        }
        self.nest()?;
        let mut members = Vec::new();
        self.in_members += 1;
        while !self.is_punct(Punct::RBrace) || members.is_empty() {
            let member = self.member_declaration(&mut members);
            if member.is_err() {
                self.in_members -= 1;
            }
            member?;
        }
        self.in_members -= 1;
        self.advance();
        self.depth -= 1;
        let attrs = before.and(self.attributes_with_effect()?);
        self.pending_tags.push(Decl::Struct(StructDecl {
            tag,
            tag_span,
            is_union,
            members: Some(members),
            align: attrs.aligned,
            packed: attrs.packed,
        }));
        Ok((ty, tag_span, true))
    }

    /// The rest of `typeof ( type-name )` or `typeof ( expression )`:
    /// the type, or the expression for the type checker to type (see
    /// [`Type::TypeOf`]).
    fn typeof_specifier(&mut self) -> Result<Type> {
        self.expect_punct(Punct::LParen)?;
        let ty = if self.starts_type_name(self.peek()) {
            self.type_name()?
        } else {
            Type::TypeOf(Box::new(UncheckedExpr(self.full_expr()?)))
        };
        self.expect_punct(Punct::RParen)?;
        Ok(ty)
    }

    /// An enumeration specifier after `enum` (C11 6.7.2.2): `tag`,
    /// `tag { enumerators }` or `{ enumerators }`, as the integer type gcc
    /// gives the enumeration: `unsigned int` when no value is negative,
    /// else `int` (wider when the values need it). Each enumerator is
    /// declared with its value, which replaces it wherever it is used.
    /// Declares library function `name` as gcc's builtin of its name is
    /// declared, ahead of the declaration or statement being read.
    fn declare_library_function(&mut self, name: Sym, ret: Lib, params: &[Lib], span: Span) {
        let ty = Type::Function(Box::new(FunType {
            params: params.iter().map(|p| p.ty()).collect(),
            ret: Box::new(ret.ty()),
            variadic: name_is_variadic(self.tokens.interner().get(name)),
            prototype: true,
        }));
        let params = params
            .iter()
            .map(|_| Param {
                name: None,
                span,
                register: false,
            })
            .collect();
        self.declare(name, Ordinary::Object(None));
        self.pending_tags.push(Decl::Fun(FunDecl {
            name,
            name_span: span,
            params,
            body: None,
            ty,
            storage: Some(StorageClass::Extern),
            inline: false,
            asm_label: None,
            visibility: None,
            weak: false,
            constructor: false,
            destructor: false,
            priority: None,
            alias: None,
            section: None,
            align: None,
            has_stmt_exprs: false,
            labels: Vec::new(),
            address_taken: Vec::new(),
        }));
    }

    /// Declares enumeration constant `name` of value `e`, which only the
    /// type checker can evaluate: its uses become `(int)(e)`, and a check
    /// of the value goes out ahead of the declaration. Gives the next
    /// constant's value, `(int)(e) + 1`.
    fn defer_enumerator(&mut self, name: Sym, e: Expr) -> Expr {
        let span = e.span;
        let value = Expr::new(ExprKind::Cast(Box::new(Type::Int), Box::new(e)), span);
        self.declare(name, Ordinary::DeferredEnumerator(Box::new(value.clone())));
        self.pending_tags.push(Decl::StaticAssert(StaticAssert {
            condition: value.clone(),
            message: None,
            span,
            enumerator: Some(name),
        }));
        let one = Expr::new(ExprKind::Constant(Const::Int(1)), span);
        Expr::new(
            ExprKind::Binary(BinaryOp::Add, Box::new(value), Box::new(one)),
            span,
        )
    }

    fn enum_specifier(&mut self) -> Result<Type> {
        self.attributes()?;
        let tag = match self.peek() {
            TokenKind::Ident(tag) => {
                self.advance();
                Some(tag)
            }
            TokenKind::Punct(Punct::LBrace) => None,
            _ => return Err(self.error_here("identifier or '{'")),
        };
        if !self.eat_punct(Punct::LBrace) {
            let tag = tag.expect("no tag only before '{'");
            // A tag declared before; else, as gcc allows, one to be
            // completed later, of the usual type.
            let known = self.scopes.iter().rev().find_map(|s| s.enum_tags.get(&tag));
            return Ok(known.cloned().unwrap_or(Type::UInt));
        }
        // `None` after a value with no successor in its type.
        let mut next = Some(Const::Int(0));
        // After a value only the type checker knows, the expression of the
        // next one.
        let mut next_deferred: Option<Expr> = None;
        let (mut min, mut max) = (0i128, 0i128);
        // For debug information.
        let mut enumerators = Vec::new();
        loop {
            let (name, span) = self.expect_ident()?;
            self.attributes()?;
            let explicit = if self.eat_punct(Punct::Assign) {
                Some(self.expr(ASSIGN_PREC)?)
            } else {
                None
            };
            let value = match explicit {
                Some(e) => match self.constant_value(&e) {
                    Some(c) if c.ty().is_integer() => c,
                    _ if needs_type_checker(&e) => {
                        next_deferred = Some(self.defer_enumerator(name, e));
                        if !self.eat_punct(Punct::Comma) || self.is_punct(Punct::RBrace) {
                            break;
                        }
                        continue;
                    }
                    _ => {
                        return Err(Diagnostic::error(
                            e.span,
                            format!(
                                "enumerator value for '{}' is not an integer constant",
                                self.tokens.interner().get(name)
                            ),
                        ));
                    }
                },
                None => match next_deferred.take() {
                    Some(e) => {
                        next_deferred = Some(self.defer_enumerator(name, e));
                        if !self.eat_punct(Punct::Comma) || self.is_punct(Punct::RBrace) {
                            break;
                        }
                        continue;
                    }
                    None => next
                        .ok_or_else(|| Diagnostic::error(span, "overflow in enumeration values"))?,
                },
            };
            next_deferred = None;
            let wide = value_of(value);
            min = min.min(wide);
            max = max.max(wide);
            // An enumeration constant is an `int` where its value fits one
            // (gcc's rule; C11 6.7.2.2p2 requires that it does).
            let constant = if i32::try_from(wide).is_ok() {
                Const::Int(wide as i32)
            } else {
                value
            };
            self.declare(name, Ordinary::Enumerator(constant));
            enumerators.push((name, wide as i64));
            next = Const::binary(
                crate::ir::tacky::BinaryOp::Add,
                constant,
                Const::Int(1).convert(&constant.ty()),
            )
            .filter(|n| value_of(*n) > wide);
            if !self.eat_punct(Punct::Comma) || self.is_punct(Punct::RBrace) {
                break;
            }
        }
        self.expect_punct(Punct::RBrace)?;
        self.attributes()?;
        let ty = if min < 0 {
            if min >= i32::MIN as i128 && max <= i32::MAX as i128 {
                Type::Int
            } else {
                Type::Long
            }
        } else if max <= u32::MAX as i128 {
            Type::UInt
        } else {
            Type::ULong
        };
        // The enumerated type as written, for debug information: the
        // integer type to every pass but that.
        let ty = Type::Alias(Box::new(Alias {
            ty,
            name: tag,
            enumerators: Some(enumerators.into()),
            align: None,
        }));
        if let Some(tag) = tag {
            self.scopes
                .last_mut()
                .expect("file scope always exists")
                .enum_tags
                .insert(tag, ty.clone());
        }
        Ok(ty)
    }

    /// One member declaration (C11 6.7.2.1p1): specifiers and one or more
    /// declarators, appended to `members`.
    fn member_declaration(&mut self, members: &mut Vec<MemberDecl>) -> Result<()> {
        while self.eat_keyword(Keyword::Extension) {}
        let specs = self.specifiers()?;
        specs.only_layout_attributes()?;
        if specs.has_storage_class() {
            return Err(Diagnostic::error(
                specs.span,
                "a member cannot have a storage class",
            ));
        }
        specs.only_for_functions("on a member")?;
        // `struct { ... };`: an anonymous member (C11 6.7.2.1p13).
        if self.is_punct(Punct::Semi) && self.shape(&specs.ty).is_aggregate_tag() {
            self.anonymous_tags += 1;
            let name = format!("<anonymous member {}>", self.anonymous_tags);
            members.push(MemberDecl {
                name: self.interner_mut().intern(&name),
                ty: specs.qualified_ty(),
                span: specs.span,
                align: None,
                anonymous: true,
                bits: None,
                padding: false,
            });
            self.advance();
            return Ok(());
        }
        loop {
            // `int : 3;`, an unnamed bit-field.
            if self.is_punct(Punct::Colon) {
                let start = self.advance().span;
                let width = self.bit_field_width(start)?;
                self.anonymous_tags += 1;
                let name = format!("<unnamed bit-field {}>", self.anonymous_tags);
                members.push(MemberDecl {
                    name: self.interner_mut().intern(&name),
                    ty: specs.ty.clone(),
                    span: start,
                    align: None,
                    anonymous: false,
                    bits: Some(width),
                    padding: true,
                });
                if !self.eat_punct(Punct::Comma) {
                    break;
                }
                continue;
            }
            let declarator = self.declarator(DeclMode::Named)?;
            let bits = if self.eat_punct(Punct::Colon) {
                let start = self.prev_span();
                Some(self.bit_field_width(start)?)
            } else {
                None
            };
            let attrs = specs.attrs.and(self.attributes_with_effect()?);
            let mut derived = self.derive(specs.qualified_ty(), declarator)?;
            let (name, span) = derived.name.expect("a named declarator has a name");
            if attrs.packed {
                return Err(Diagnostic::error(
                    span,
                    "attribute 'packed' on a member is not supported",
                ));
            }
            if let Type::Function(_) = *self.shape(&derived.ty) {
                return Err(Diagnostic::error(span, "a member cannot be a function"));
            }
            // `T name[];`: a flexible array member (C11 6.7.2.1p18), of
            // no size, which the type checker allows last only.
            if derived.open_length
                && let Type::Array(_, len) = &mut derived.ty
            {
                *len = 0;
            }
            members.push(MemberDecl {
                name,
                ty: derived.ty,
                span,
                align: attrs.aligned,
                anonymous: false,
                bits,
                padding: false,
            });
            if !self.eat_punct(Punct::Comma) {
                break;
            }
        }
        self.expect_punct(Punct::Semi)?;
        Ok(())
    }

    /// A bit-field's width after its `:`: a non-negative integer constant
    /// expression (its type's width is the type checker's to check).
    fn bit_field_width(&mut self, start: Span) -> Result<(u32, Span)> {
        let e = self.expr(ASSIGN_PREC)?;
        let span = start.to(e.span);
        match self.constant_value(&e) {
            Some(c) if c.ty().is_integer() => match u32::try_from(value_of(c)) {
                Ok(width) => Ok((width, span)),
                Err(_) => Err(Diagnostic::error(span, "negative width in bit-field")),
            },
            _ => Err(Diagnostic::error(
                span,
                "bit-field width not an integer constant",
            )),
        }
    }

    /// The structure and union definitions met since the last call, to go
    /// out ahead of what held them.
    fn take_pending_tags(&mut self) -> impl Iterator<Item = Decl> + use<> {
        std::mem::take(&mut self.pending_tags).into_iter()
    }

    /// A declaration: a structure or union declaration, a function
    /// definition, or a list of declarators (C11 6.7p1) sharing the
    /// specifiers, each a variable or a function declaration.
    fn declaration(&mut self) -> Result<Vec<Decl>> {
        while self.eat_keyword(Keyword::Extension) {}
        if self.peek() == TokenKind::Keyword(Keyword::StaticAssert) {
            return Ok(vec![Decl::StaticAssert(self.static_assert()?)]);
        }
        let specs = self.specifiers()?;
        let mut decls: Vec<Decl> = self.take_pending_tags().collect();
        if self.is_punct(Punct::Semi) && specs.ty.is_aggregate_tag() {
            // `struct tag;` declares the tag here (C11 6.7.2.3p7); with
            // a member list, the definition is all there is.
            if specs.has_storage_class() {
                return Err(Diagnostic::error(
                    specs.span,
                    "a storage class can only be specified for objects and functions",
                ));
            }
            specs.only_for_functions("in empty declaration")?;
            self.advance();
            if !specs.defines_tag {
                let (Type::Struct(tag) | Type::Union(tag)) = specs.ty else {
                    unreachable!("an aggregate tag")
                };
                decls.push(Decl::Struct(StructDecl {
                    tag,
                    tag_span: specs.tag_span.expect("a tagged type has a tag"),
                    is_union: matches!(specs.ty, Type::Union(_)),
                    members: None,
                    align: None,
                    packed: false,
                }));
            }
            return Ok(decls);
        }
        if self.is_punct(Punct::Semi) {
            // `enum { A, B };` declares its constants (and `int;` nothing,
            // which gcc only warns about).
            self.advance();
            return Ok(decls);
        }
        let first = decls.len();
        loop {
            let declarator = self.declarator(DeclMode::Named)?;
            let derived = self.derive(specs.qualified_ty(), declarator)?;
            let (name, name_span) = derived.name.expect("a named declarator has a name");
            let asm_label = self.asm_label()?;
            let attrs_start = self.span();
            let mut attrs = specs.attrs.and(self.attributes_with_effect()?);
            // `typedef struct { ... } T __attribute__((aligned(N)));`, as
            // glibc's pthread.h writes it: the structure defined here,
            // named only through `T`, is aligned so.
            if specs.typedef
                && specs.defines_tag
                && derived.ty == specs.ty
                && let Some(align) = attrs.aligned
                && let Some(Decl::Struct(s)) = decls.iter_mut().find(|d| {
                    matches!(d, Decl::Struct(s) if s.members.is_some()
                        && (Type::Struct(s.tag) == specs.ty || Type::Union(s.tag) == specs.ty))
                })
            {
                s.align = Some(s.align.map_or(align, |a| a.max(align)));
                attrs.aligned = None;
            }
            // What a declaration does not honour yet.
            let is_function = matches!(*self.shape(&derived.ty), Type::Function(_));
            let unsupported = Attributes {
                mode: None,
                visibility: None,
                weak: false,
                // A variable's (a typedef's, or a function's, not yet).
                aligned: None,
                // A function's only.
                constructor: attrs.constructor && !is_function,
                destructor: attrs.destructor && !is_function,
                alias: attrs.alias.filter(|_| specs.typedef),
                section: attrs.section.filter(|_| specs.typedef),
                cleanup: attrs.cleanup.filter(|_| is_function || specs.typedef),
                ..attrs
            };
            if let Some(which) = unsupported.with_effect() {
                let what = if is_function {
                    "function"
                } else {
                    "declaration"
                };
                return Err(Diagnostic::error(
                    attrs_start.to(self.prev_span()),
                    format!("attribute '{which}' on a {what} is not supported yet"),
                ));
            }
            let mut derived = derived;
            if let Some(bytes) = attrs.mode {
                derived.ty = with_mode(&self.shape(&derived.ty), bytes).ok_or_else(|| {
                    Diagnostic::error(name_span, "invalid mode for the declared type")
                })?;
            }
            // An old-style definition: the identifier list's declarations
            // before the body.
            if decls.len() == first
                && let Type::Function(ft) = &derived.ty
                && !ft.prototype
                && !ft.params.is_empty()
                && derived.params.is_some()
                && self.starts_declaration()
            {
                derived.ty =
                    self.old_style_parameters(ft, derived.params.as_deref().unwrap_or(&[]))?;
            }
            if specs.typedef {
                let mut t = self.typedef_rest(&specs, name, name_span, derived, asm_label)?;
                if let (Decl::Typedef(t), Some(align)) = (&mut t, attrs.aligned) {
                    t.align = Some(align);
                }
                decls.push(t);
            } else if let Type::Function(ft) = match self.look_through(&derived.ty) {
                // (A qualified function type means nothing, C11 6.7.3p9.)
                Type::Qualified(_, t) => *t,
                t => t,
            } {
                if let Some(span) = specs.thread_local {
                    return Err(Diagnostic::error(
                        span,
                        format!(
                            "function '{}' declared '_Thread_local'",
                            self.tokens.interner().get(name)
                        ),
                    ));
                }
                self.declare_name(name, None);
                // Only a declaration's first declarator may be a definition.
                let definition = decls.len() == first && self.is_punct(Punct::LBrace);
                if definition && asm_label.is_some() {
                    return Err(self.error_here("';'"));
                }
                let derived = match derived.params {
                    Some(_) => derived,
                    // Declared through a typedef name (`F f;`): its
                    // parameters have no names.
                    None if definition => {
                        return Err(Diagnostic::error(
                            name_span,
                            "function definition declared by a typedef name",
                        ));
                    }
                    None => Derived {
                        params: Some(
                            ft.params
                                .iter()
                                .map(|_| Param {
                                    name: None,
                                    span: name_span,
                                    register: false,
                                })
                                .collect(),
                        ),
                        ty: Type::Function(ft),
                        ..derived
                    },
                };
                let mut f = self.function_rest(&specs, name, name_span, derived, definition)?;
                f.asm_label = asm_label;
                f.visibility = attrs.visibility;
                f.weak = attrs.weak;
                f.constructor = attrs.constructor;
                f.destructor = attrs.destructor;
                f.priority = attrs.priority;
                f.alias = attrs.alias;
                f.section = attrs.section;
                f.align = attrs.aligned;
                decls.push(Decl::Fun(f));
                if definition {
                    return Ok(decls);
                }
            } else {
                if specs.function_specifier.is_some() {
                    let which = if specs.inline { "inline" } else { "_Noreturn" };
                    return Err(Diagnostic::error(
                        name_span,
                        format!(
                            "variable '{}' declared '{which}'",
                            self.tokens.interner().get(name)
                        ),
                    ));
                }
                // In scope from the end of its declarator (C11 6.2.1p7),
                // its initialiser included.
                self.declare_object(name, &derived.ty);
                let mut v = self.variable_rest(&specs, name, name_span, derived)?;
                v.asm_label = asm_label;
                v.visibility = attrs.visibility;
                v.weak = attrs.weak;
                v.align = attrs.aligned;
                v.alias = attrs.alias;
                v.section = attrs.section;
                v.cleanup = attrs.cleanup;
                decls.push(Decl::Var(v));
            }
            if !self.eat_punct(Punct::Comma) {
                break;
            }
        }
        self.expect_punct(Punct::Semi)?;
        Ok(decls)
    }

    /// The declarations after an old-style definition's identifier list
    /// (C11 6.9.1p6): the function's type with each named parameter's type
    /// (`int` for one not declared), still without a prototype.
    fn old_style_parameters(&mut self, ft: &FunType, params: &[Param]) -> Result<Type> {
        let mut types = ft.params.clone();
        while !self.is_punct(Punct::LBrace) {
            let specs = self.specifiers()?;
            specs.no_attribute_effects()?;
            if specs.has_storage_class() && specs.storage != Some(StorageClass::Register) {
                return Err(Diagnostic::error(
                    specs.span,
                    "storage class specified for parameter",
                ));
            }
            loop {
                let declarator = self.declarator(DeclMode::Named)?;
                self.attributes()?;
                let derived = self.derive(specs.qualified_ty(), declarator)?;
                let (name, span) = derived.name.expect("a named declarator has a name");
                let Some(i) = params.iter().position(|p| p.name == Some(name)) else {
                    return Err(Diagnostic::error(
                        span,
                        format!(
                            "declaration for parameter '{}' but no such parameter",
                            self.tokens.interner().get(name)
                        ),
                    ));
                };
                // Adjusted as a prototype's parameters are (C11 6.7.6.3p7-8).
                types[i] = match derived.ty {
                    Type::Array(elem, _) => Type::Pointer(elem, Quals::NONE),
                    Type::DeferredArray(d) => Type::pointer_to(d.elem),
                    ty @ Type::Function(_) => Type::pointer_to(ty),
                    ty => ty,
                };
                if !self.eat_punct(Punct::Comma) {
                    break;
                }
            }
            self.expect_punct(Punct::Semi)?;
        }
        Ok(Type::Function(Box::new(FunType {
            params: types,
            ret: ft.ret.clone(),
            variadic: false,
            prototype: false,
        })))
    }

    /// A typedef declarator's declaration (C11 6.7.8): the name is a type
    /// name from here on.
    fn typedef_rest(
        &mut self,
        specs: &Specifiers,
        name: Sym,
        name_span: Span,
        derived: Derived,
        asm_label: Option<Sym>,
    ) -> Result<Decl> {
        let spelled = || self.tokens.interner().get(name).to_string();
        if specs.function_specifier.is_some() {
            let which = if specs.inline { "inline" } else { "_Noreturn" };
            return Err(Diagnostic::error(
                name_span,
                format!("typedef '{}' declared '{which}'", spelled()),
            ));
        }
        if self.is_punct(Punct::Assign) {
            return Err(Diagnostic::error(
                name_span,
                format!("typedef '{}' is initialized", spelled()),
            ));
        }
        if asm_label.is_some() || derived.open_length {
            let what = if asm_label.is_some() {
                "an assembler name"
            } else {
                "an array without a length"
            };
            return Err(Diagnostic::error(
                name_span,
                format!("typedef '{}' as {what} is not supported", spelled()),
            ));
        }
        self.declare_name(name, Some(derived.ty.clone()));
        Ok(Decl::Typedef(TypedefDecl {
            name,
            name_span,
            ty: derived.ty,
            align: None,
        }))
    }

    fn variable_rest(
        &mut self,
        specs: &Specifiers,
        name: Sym,
        name_span: Span,
        derived: Derived,
    ) -> Result<VarDecl> {
        let init = if self.eat_punct(Punct::Assign) {
            Some(self.initializer()?)
        } else {
            None
        };
        // An open length is the initialiser's (C11 6.7.9p22), which the
        // type checker works out as it places the initialiser's items;
        // until then the array has length 0.
        if derived.open_length && init.is_none() && specs.storage != Some(StorageClass::Extern) {
            let name = self.tokens.interner().get(name);
            return Err(Diagnostic::error(
                name_span,
                format!("array size missing in '{name}'"),
            ));
        }
        let mut ty = derived.ty;
        // `__auto_type x = e;`: the type of `e` after lvalue conversion
        // and decay, which is the type of `((void) 0, e)`.
        if specs.auto_type {
            let plain = match &ty {
                Type::Qualified(_, t) => **t == Type::Int,
                t => *t == Type::Int,
            };
            let Some(Initializer::Single(e)) = &init else {
                return Err(Diagnostic::error(
                    name_span,
                    "'__auto_type' requires an initialized data declaration",
                ));
            };
            if !plain {
                return Err(Diagnostic::error(
                    name_span,
                    "'__auto_type' requires a plain identifier as declarator",
                ));
            }
            let span = e.span;
            let nothing = Expr::new(
                ExprKind::Cast(
                    Box::new(Type::Void),
                    Box::new(Expr::new(ExprKind::Constant(Const::Int(0)), span)),
                ),
                span,
            );
            let comma = Expr::new(
                ExprKind::Comma(Box::new(nothing), Box::new(e.clone())),
                span,
            );
            let of = Type::TypeOf(Box::new(UncheckedExpr(comma)));
            ty = match ty {
                Type::Qualified(q, _) => Type::Qualified(q, Box::new(of)),
                _ => of,
            };
        }
        Ok(VarDecl {
            name,
            name_span,
            init,
            ty,
            storage: specs.storage,
            thread_local: specs.thread_local.is_some(),
            asm_label: None,
            visibility: None,
            weak: false,
            align: None,
            alias: None,
            section: None,
            cleanup: None,
            vla_sizes: Vec::new(),
        })
    }

    /// An expression, or `{ initializer, ... }` with an optional trailing
    /// comma (C11 6.7.9p1).
    fn initializer(&mut self) -> Result<Initializer> {
        if !self.is_punct(Punct::LBrace) {
            return self.expr(ASSIGN_PREC).map(Initializer::Single);
        }
        let open = self.advance().span;
        self.nest()?;
        let mut items = Vec::new();
        loop {
            // `{}` is C23's (and gcc's extension), not C17's: the book's
            // tests refuse it.
            if self.is_punct(Punct::RBrace) && !items.is_empty() {
                break;
            }
            let start = self.span();
            let designators = self.designators()?;
            let item = self.initializer()?;
            items.push(if designators.is_empty() {
                item
            } else {
                let span = start.to(self.prev_span());
                Initializer::Designated(designators, Box::new(item), span)
            });
            if !self.eat_punct(Punct::Comma) {
                break;
            }
        }
        let close = self.expect_punct(Punct::RBrace)?;
        self.depth -= 1;
        Ok(Initializer::Compound(items, open.to(close)))
    }

    /// A designation before an item of a braced initialiser (C11 6.7.9p1):
    /// `.member`, `[index]` and gcc's `[first ... last]`, any number of
    /// them, then `=`; none when the item has no designation.
    fn designators(&mut self) -> Result<Vec<Designator>> {
        let mut designators = Vec::new();
        loop {
            if self.eat_punct(Punct::Dot) {
                let (member, span) = self.expect_ident()?;
                designators.push(Designator::Member(member, span));
            } else if self.eat_punct(Punct::LBracket) {
                let first = self.expr(COND_PREC)?;
                designators.push(if self.eat_punct(Punct::Ellipsis) {
                    Designator::Range(first, self.expr(COND_PREC)?)
                } else {
                    Designator::Index(first)
                });
                self.expect_punct(Punct::RBracket)?;
            } else {
                break;
            }
        }
        if !designators.is_empty() {
            self.expect_punct(Punct::Assign)?;
        }
        Ok(designators)
    }

    /// The rest of a function declarator: its body when `definition`.
    fn function_rest(
        &mut self,
        specs: &Specifiers,
        name: Sym,
        name_span: Span,
        derived: Derived,
        definition: bool,
    ) -> Result<FunDecl> {
        let Some(params) = derived.params else {
            return Err(Diagnostic::error(
                name_span,
                "function pointers are not supported yet",
            ));
        };
        let mut has_stmt_exprs = false;
        let body = if definition {
            // Only a prototype may leave parameters unnamed (C17 6.9.1p5).
            if let Some(unnamed) = params.iter().find(|p| p.name.is_none()) {
                return Err(Diagnostic::error(unnamed.span, "parameter name omitted"));
            }
            // The parameters are in scope in the body (and hide typedef
            // names).
            self.push_scope();
            for p in &params {
                self.declare_name(p.name.expect("checked above"), None);
            }
            let before = self.stmt_exprs;
            let body = self.block();
            self.pop_scope();
            has_stmt_exprs = self.stmt_exprs != before;
            Some(body?)
        } else {
            None
        };
        Ok(FunDecl {
            name,
            name_span,
            params,
            body,
            ty: derived.ty,
            storage: specs.storage,
            inline: specs.inline,
            asm_label: None,
            visibility: None,
            weak: false,
            constructor: false,
            destructor: false,
            priority: None,
            alias: None,
            section: None,
            align: None,
            has_stmt_exprs,
            labels: Vec::new(),
            address_taken: Vec::new(),
        })
    }

    /// A declarator (C11 6.7.6): pointers, then a name (or, in a type name,
    /// none: 6.7.7) or a parenthesised declarator, then array and function
    /// suffixes.
    fn declarator(&mut self, mode: DeclMode) -> Result<Declarator> {
        if self.eat_punct(Punct::Star) {
            // What may qualify the pointer: type qualifiers (`restrict`'s
            // promise is for optimisers) and attributes.
            let mut quals = Quals::NONE;
            loop {
                self.attributes()?;
                match self.peek() {
                    TokenKind::Keyword(Keyword::Const) => quals |= Quals::CONST,
                    TokenKind::Keyword(Keyword::Volatile) => quals |= Quals::VOLATILE,
                    TokenKind::Keyword(Keyword::Atomic) => quals |= Quals::ATOMIC,
                    TokenKind::Keyword(k) if is_qualifier(k) => {}
                    _ => break,
                };
                self.advance();
            }
            self.nest()?;
            let inner = self.declarator(mode);
            self.depth -= 1;
            return Ok(Declarator::Pointer(Box::new(inner?), quals));
        }
        // `(` opens a nested declarator, unless in a declarator that may be
        // abstract it is a parameter list (`int (int)`): then what follows
        // cannot start a declarator.
        let nested = self.is_punct(Punct::LParen)
            && matches!(
                (mode, self.peek_next()),
                (DeclMode::Named, _)
                    | (
                        _,
                        TokenKind::Punct(Punct::Star | Punct::LParen | Punct::LBracket)
                    )
                    | (DeclMode::Either, TokenKind::Ident(_))
            );
        let mut d = match self.peek() {
            TokenKind::Ident(name) if mode != DeclMode::Abstract => {
                let span = self.advance().span;
                Declarator::Name(Some((name, span)))
            }
            _ if nested => {
                self.advance();
                self.nest()?;
                let inner = self.declarator(mode);
                self.depth -= 1;
                let inner = inner?;
                self.expect_punct(Punct::RParen)?;
                inner
            }
            _ if mode != DeclMode::Named => Declarator::Name(None),
            _ => return Err(self.error_here("identifier or '('")),
        };
        loop {
            let span = self.span();
            if self.eat_punct(Punct::LBracket) {
                let len = self.array_size()?;
                self.expect_punct(Punct::RBracket)?;
                d = Declarator::Array(Box::new(d), len, span);
            } else if !matches!(d, Declarator::Name(None)) && self.eat_punct(Punct::LParen) {
                let (params, variadic, prototype) = self.param_list()?;
                d = Declarator::Function(Box::new(d), params, variadic, prototype, span);
            } else {
                return Ok(d);
            }
        }
    }

    /// The length in `[...]` (C11 6.7.6.2p1): none, an integer constant
    /// expression evaluated, or one left to the type checker.
    fn array_size(&mut self) -> Result<ArrayLength> {
        // A parameter's `[static n]`, `[const n]`, `[restrict]`: what they
        // promise of the pointer the parameter becomes is for optimisers.
        while matches!(self.peek(), TokenKind::Keyword(k) if k == Keyword::Static || is_qualifier(k))
        {
            self.advance();
        }
        let span = self.span();
        // `[*]`: a variable length not given (in a prototype); the
        // definition's is the one that counts.
        if self.is_punct(Punct::RBracket) {
            return Ok(ArrayLength::Open);
        }
        if self.is_punct(Punct::Star) && self.peek_next() == TokenKind::Punct(Punct::RBracket) {
            self.advance();
            return Ok(ArrayLength::Unspecified(span));
        }
        let size = self.expr(ASSIGN_PREC)?;
        let span = span.to(self.prev_span());
        let zero_allowed = self.in_members > 0;
        match self.constant_value(&size) {
            Some(c) => array_length(c, zero_allowed, None, span).map(ArrayLength::Known),
            None => Ok(ArrayLength::Deferred(size, zero_allowed)),
        }
    }

    /// The value of an integer constant expression the parser can know
    /// (C11 6.6p6): constants (enumeration constants already replaced),
    /// casts to scalar types, operators, `?:`, and `sizeof`/`_Alignof` of
    /// types other than structures and unions (whose layout only the type
    /// checker knows); `None` for anything else, or an operation without a
    /// defined value. C's arithmetic, in the types C gives each operation.
    fn constant_value(&self, e: &Expr) -> Option<Const> {
        let promoted = |c: Const| c.convert(&c.ty().promoted());
        Some(match &e.kind {
            ExprKind::Constant(c) => *c,
            ExprKind::Cast(ty, operand) => {
                let ty = self.shape(ty);
                if !ty.is_arithmetic() {
                    return None;
                }
                self.constant_value(operand)?.convert(&ty)
            }
            ExprKind::Unary(op, operand) => {
                let v = promoted(self.constant_value(operand)?);
                op.tacky().map_or(v, |op| Const::unary(op, v))
            }
            ExprKind::Binary(BinaryOp::And, l, r) => Const::Int(
                (!self.constant_value(l)?.is_zero() && !self.constant_value(r)?.is_zero()).into(),
            ),
            ExprKind::Binary(BinaryOp::Or, l, r) => Const::Int(
                (!self.constant_value(l)?.is_zero() || !self.constant_value(r)?.is_zero()).into(),
            ),
            ExprKind::Binary(op, l, r) => {
                let (l, r) = (self.constant_value(l)?, self.constant_value(r)?);
                let op = op.tacky().expect("only && and || have no TACKY operator");
                if matches!(
                    op,
                    crate::ir::tacky::BinaryOp::ShiftLeft | crate::ir::tacky::BinaryOp::ShiftRight
                ) {
                    Const::binary(op, promoted(l), promoted(r))?
                } else {
                    let common = Type::common(&l.ty(), &r.ty());
                    Const::binary(op, l.convert(&common), r.convert(&common))?
                }
            }
            ExprKind::Elvis(c, f) => {
                let (c, f) = (self.constant_value(c)?, self.constant_value(f)?);
                let common = Type::common(&c.ty(), &f.ty());
                if c.is_zero() { f } else { c }.convert(&common)
            }
            ExprKind::Conditional(c, t, f) => {
                let (t, f) = (self.constant_value(t)?, self.constant_value(f)?);
                let common = Type::common(&t.ty(), &f.ty());
                let v = if self.constant_value(c)?.is_zero() {
                    f
                } else {
                    t
                };
                v.convert(&common)
            }
            ExprKind::SizeOfExpr(operand) => match &operand.kind {
                ExprKind::String(bytes) => Const::ULong(bytes.len() as u64 + 1),
                ExprKind::WideString(units, elem) => {
                    Const::ULong((units.len() as u64 + 1) * elem.size())
                }
                ExprKind::Var(name) => match self.ordinary(*name) {
                    Some(Ordinary::Object(Some(size))) => Const::ULong(*size),
                    _ => return None,
                },
                _ => return None,
            },
            ExprKind::SizeOfType(ty) | ExprKind::AlignOfType(ty) => {
                let ty = self.shape(ty);
                if contains_aggregate(&ty) || !ty.is_complete() {
                    return None;
                }
                let n = match e.kind {
                    ExprKind::SizeOfType(_) => ty.size(),
                    _ => ty.align(),
                };
                Const::ULong(n)
            }
            _ => return None,
        })
    }

    /// The type a declarator gives its name when the specifiers say `base`
    /// (C11 6.7.6.1-3), with the parameters of a function declarator
    /// applied directly to the name.
    fn derive(&self, base: Type, d: Declarator) -> Result<Derived> {
        match d {
            Declarator::Name(name) => Ok(Derived {
                name,
                ty: base,
                params: None,
                open_length: false,
            }),
            Declarator::Pointer(inner, quals) => {
                self.derive(qualified(quals, Type::pointer_to(base)), *inner)
            }
            Declarator::Array(inner, len, span) => {
                let shape = self.shape(&base);
                if let Type::Function(_) = *shape {
                    return Err(Diagnostic::error(span, "declaration of array of functions"));
                }
                if *shape == Type::Void {
                    return Err(Diagnostic::error(span, "declaration of array of voids"));
                }
                // Only the array a name is declared as may leave its length
                // to the initialiser (or, as a parameter, be a pointer), or
                // a type name's (a compound literal's initialiser gives it).
                // An array of arrays of unknown length is not (C11
                // 6.7.6.2p1); a pointer to one is.
                let open_length = matches!(len, ArrayLength::Open);
                if open_length && matches!(*inner, Declarator::Array(..)) {
                    return Err(Diagnostic::error(
                        span,
                        "array type has incomplete element type",
                    ));
                }
                let named = matches!(*inner, Declarator::Name(_));
                let ty = match len {
                    ArrayLength::Open => Type::Array(Box::new(base), 0),
                    ArrayLength::Known(len) => {
                        // (An aggregate's size is known only to the type
                        // checker, which checks arrays of them as it lays
                        // them out.)
                        if !contains_aggregate(&shape) {
                            array_length(Const::ULong(len), true, Some(shape.size()), span)?;
                        }
                        Type::Array(Box::new(base), len)
                    }
                    ArrayLength::Deferred(len, zero_allowed) => {
                        Type::DeferredArray(Box::new(DeferredArray {
                            elem: base,
                            len: UncheckedExpr(len),
                            zero_allowed,
                            unspecified: false,
                        }))
                    }
                    ArrayLength::Unspecified(span) => {
                        let placeholder = Expr::new(ExprKind::Constant(Const::Int(1)), span);
                        Type::DeferredArray(Box::new(DeferredArray {
                            elem: base,
                            len: UncheckedExpr(placeholder),
                            zero_allowed: false,
                            unspecified: true,
                        }))
                    }
                };
                let mut derived = self.derive(ty, *inner)?;
                derived.open_length |= open_length && named;
                Ok(derived)
            }
            Declarator::Function(inner, params, variadic, prototype, span) => {
                match *self.shape(&base) {
                    Type::Array(..) | Type::DeferredArray(_) => {
                        return Err(Diagnostic::error(
                            span,
                            "function declared as returning an array",
                        ));
                    }
                    Type::Function(_) => {
                        return Err(Diagnostic::error(
                            span,
                            "function declared as returning a function",
                        ));
                    }
                    _ => {}
                }
                let mut param_types = Vec::with_capacity(params.len());
                let mut names = Vec::with_capacity(params.len());
                for p in params {
                    let derived = self.derive(p.ty, p.declarator)?;
                    // A parameter declared as an array is a pointer
                    // (C11 6.7.6.3p7); through a typedef name, identifier
                    // resolution adjusts it.
                    let ty = match derived.ty {
                        Type::Typedef(_) if *self.shape(&derived.ty) == Type::Void => {
                            return Err(Diagnostic::error(
                                p.span,
                                "'void' must be the only parameter",
                            ));
                        }
                        Type::Void => {
                            return Err(Diagnostic::error(
                                p.span,
                                "'void' must be the only parameter",
                            ));
                        }
                        Type::Array(elem, _) => Type::Pointer(elem, Quals::NONE),
                        Type::DeferredArray(d) => Type::pointer_to(d.elem),
                        // And one declared as a function, a pointer to it
                        // (6.7.6.3p8).
                        ty @ Type::Function(_) => Type::pointer_to(ty),
                        ty => ty,
                    };
                    param_types.push(ty);
                    names.push(Param {
                        name: derived.name.map(|(n, _)| n),
                        span: p.span,
                        register: p.register,
                    });
                }
                let ty = Type::Function(Box::new(FunType {
                    params: param_types,
                    ret: Box::new(base),
                    variadic,
                    prototype,
                }));
                let direct = matches!(*inner, Declarator::Name(_));
                let mut derived = self.derive(ty, *inner)?;
                if direct {
                    derived.params = Some(names);
                }
                Ok(derived)
            }
        }
    }

    /// `( void )`, `( )` or `( int a, long *b, ... )`, names optional, with
    /// whether the list ends in `...` and whether it is a prototype (all
    /// but `( )`); the `(` is already eaten.
    fn param_list(&mut self) -> Result<(Vec<ParamDecl>, bool, bool)> {
        let mut params = Vec::new();
        if self.eat_punct(Punct::RParen) {
            return Ok((params, false, false));
        }
        if self.peek() == TokenKind::Keyword(Keyword::Void)
            && self.peek_next() == TokenKind::Punct(Punct::RParen)
        {
            self.advance();
            self.advance();
            return Ok((params, false, true));
        }
        // An old-style identifier list (C11 6.7.6.3p3): the names, `int`
        // until the declarations before the body say otherwise.
        if let TokenKind::Ident(_) = self.peek()
            && !self.is_typedef_name(self.peek())
            && matches!(
                self.peek_next(),
                TokenKind::Punct(Punct::Comma | Punct::RParen)
            )
        {
            loop {
                let (name, span) = self.expect_ident()?;
                params.push(ParamDecl {
                    ty: Type::Int,
                    declarator: Declarator::Name(Some((name, span))),
                    span,
                    register: false,
                });
                if !self.eat_punct(Punct::Comma) {
                    break;
                }
            }
            self.expect_punct(Punct::RParen)?;
            return Ok((params, false, false));
        }
        let mut variadic = false;
        loop {
            if self.is_punct(Punct::Ellipsis) {
                if params.is_empty() {
                    return Err(Diagnostic::error(
                        self.span(),
                        "ISO C requires a named argument before '...'",
                    ));
                }
                self.advance();
                variadic = true;
                break;
            }
            let specs = self.specifiers()?;
            specs.no_attribute_effects()?;
            // `register` is the one storage class a parameter may have
            // (C11 6.7.6.3p2).
            let register = specs.storage == Some(StorageClass::Register);
            if specs.has_storage_class() && !register {
                return Err(Diagnostic::error(
                    specs.span,
                    "storage class specified for parameter",
                ));
            }
            specs.only_for_functions("on a parameter")?;
            // A parameter may be named or not.
            let declarator = self.declarator(DeclMode::Either)?;
            self.attributes()?;
            params.push(ParamDecl {
                ty: specs.qualified_ty(),
                declarator,
                span: specs.span.to(self.prev_span()),
                register,
            });
            if !self.eat_punct(Punct::Comma) {
                break;
            }
        }
        self.expect_punct(Punct::RParen)?;
        Ok((params, variadic, true))
    }

    // ---- statements ----

    fn block(&mut self) -> Result<Block> {
        self.expect_punct(Punct::LBrace)?;
        self.nest()?;
        self.push_scope();
        let mut items = Vec::new();
        while !self.is_punct(Punct::RBrace) {
            if self.peek() == TokenKind::Eof {
                return Err(self.error_here("'}'"));
            }
            self.block_item(&mut items)?;
        }
        self.advance();
        self.pop_scope();
        self.depth -= 1;
        Ok(Block { items })
    }

    /// A statement or the declarations of one declaration, appended to
    /// `items`.
    fn block_item(&mut self, items: &mut Vec<BlockItem>) -> Result<()> {
        // Attributes open a declaration (whose specifiers take them), or
        // stand before `;` alone (`__attribute__((fallthrough));`).
        let start = self.span();
        let leading = self.attributes_with_effect()?;
        let refuse_leading = |p: &Self| match leading.with_effect() {
            Some(which) => Err(Diagnostic::error(
                start.to(p.prev_span()),
                format!("attribute '{which}' is not supported here"),
            )),
            None => Ok(()),
        };
        if self.is_punct(Punct::Semi) && start != self.span() {
            refuse_leading(self)?;
            let span = start.to(self.advance().span);
            items.push(BlockItem::Stmt(Stmt {
                kind: StmtKind::Null,
                span,
            }));
            return Ok(());
        }
        if !self.starts_declaration() {
            refuse_leading(self)?;
            let stmt = self.statement()?;
            // A structure defined in a type name inside the statement.
            items.extend(self.take_pending_tags().map(BlockItem::Decl));
            items.push(BlockItem::Stmt(stmt));
            return Ok(());
        }
        self.leading_attrs = leading;
        for decl in self.declaration()? {
            if let Decl::Fun(f) = &decl
                && f.body.is_some()
            {
                return Err(Diagnostic::error(
                    f.name_span,
                    "function definition is not allowed here",
                ));
            }
            items.push(BlockItem::Decl(decl));
        }
        Ok(())
    }

    fn statement(&mut self) -> Result<Stmt> {
        self.nest()?;
        let start = self.span();
        let kind = self.statement_kind()?;
        self.depth -= 1;
        Ok(Stmt {
            kind,
            span: start.to(self.prev_span()),
        })
    }

    fn statement_kind(&mut self) -> Result<StmtKind> {
        let tok = self.peek();
        if let TokenKind::Ident(name) = tok
            && self.peek_next() == TokenKind::Punct(Punct::Colon)
        {
            let name_span = self.advance().span;
            self.advance();
            let body = Box::new(self.labeled_body()?);
            return Ok(StmtKind::Labeled {
                name,
                name_span,
                body,
                label: None,
            });
        }
        // Keywords that start expressions start expression statements.
        let expression_keyword = matches!(
            tok,
            TokenKind::Keyword(
                Keyword::Generic | Keyword::Sizeof | Keyword::Alignof | Keyword::Extension
            )
        );
        let TokenKind::Keyword(kw) = tok else {
            if self.eat_punct(Punct::Semi) {
                return Ok(StmtKind::Null);
            }
            if self.is_punct(Punct::LBrace) {
                return Ok(StmtKind::Compound(self.block()?));
            }
            let e = self.full_expr()?;
            self.expect_punct(Punct::Semi)?;
            return Ok(StmtKind::Expr(e));
        };
        if expression_keyword {
            let e = self.full_expr()?;
            self.expect_punct(Punct::Semi)?;
            return Ok(StmtKind::Expr(e));
        }
        if is_type_specifier(kw) || is_storage_class(kw) {
            return Err(Diagnostic::error(
                self.span(),
                "a declaration is not a statement here",
            ));
        }
        let kw_span = self.advance().span;
        match kw {
            Keyword::Return => {
                let e = self.optional_expr(Punct::Semi)?;
                self.expect_punct(Punct::Semi)?;
                Ok(StmtKind::Return(e))
            }
            Keyword::If => {
                let cond = self.paren_expr()?;
                let then = Box::new(self.statement()?);
                let otherwise = if self.eat_keyword(Keyword::Else) {
                    Some(Box::new(self.statement()?))
                } else {
                    None
                };
                Ok(StmtKind::If {
                    cond,
                    then,
                    otherwise,
                })
            }
            Keyword::While => {
                let cond = self.paren_expr()?;
                let body = Box::new(self.statement()?);
                Ok(StmtKind::While {
                    cond,
                    body,
                    labels: None,
                })
            }
            Keyword::Do => {
                let body = Box::new(self.statement()?);
                if !self.eat_keyword(Keyword::While) {
                    return Err(self.error_here("'while'"));
                }
                let cond = self.paren_expr()?;
                self.expect_punct(Punct::Semi)?;
                Ok(StmtKind::DoWhile {
                    body,
                    cond,
                    labels: None,
                })
            }
            Keyword::For => self.for_rest(),
            Keyword::Break => {
                self.expect_punct(Punct::Semi)?;
                Ok(StmtKind::Break(None))
            }
            Keyword::Continue => {
                self.expect_punct(Punct::Semi)?;
                Ok(StmtKind::Continue(None))
            }
            Keyword::Goto if self.eat_punct(Punct::Star) => {
                let target = self.full_expr()?;
                self.expect_punct(Punct::Semi)?;
                Ok(StmtKind::GotoIndirect(target))
            }
            Keyword::Goto => {
                let (name, _) = self.expect_ident()?;
                self.expect_punct(Punct::Semi)?;
                Ok(StmtKind::Goto { name, label: None })
            }
            Keyword::Switch => {
                let cond = self.paren_expr()?;
                let body = Box::new(self.statement()?);
                Ok(StmtKind::Switch {
                    cond,
                    body,
                    cases: None,
                })
            }
            Keyword::Case => {
                let value = self.full_expr()?;
                self.expect_punct(Punct::Colon)?;
                let body = Box::new(self.labeled_body()?);
                Ok(StmtKind::Case {
                    value,
                    body,
                    label: None,
                })
            }
            Keyword::Default => {
                self.expect_punct(Punct::Colon)?;
                let body = Box::new(self.labeled_body()?);
                Ok(StmtKind::Default { body, label: None })
            }
            _ => Err(Diagnostic::error(
                kw_span,
                format!("expected statement before '{}'", kw.name()),
            )),
        }
    }

    /// The statement after a label. C17 requires one (a label cannot end a
    /// block or label a declaration).
    fn labeled_body(&mut self) -> Result<Stmt> {
        if self.is_punct(Punct::RBrace) {
            return Err(Diagnostic::error(
                self.span(),
                "label at end of compound statement",
            ));
        }
        self.statement()
    }

    /// A `for` statement is a block of its own (C11 6.8.5p5), which a
    /// declaration in its first clause is in.
    fn for_rest(&mut self) -> Result<StmtKind> {
        self.push_scope();
        let result = self.for_parts();
        self.pop_scope();
        result
    }

    fn for_parts(&mut self) -> Result<StmtKind> {
        self.expect_punct(Punct::LParen)?;
        let init = if self.starts_declaration() {
            let mut vars = Vec::new();
            for decl in self.declaration()? {
                // Only objects may be declared there (C11 6.8.5p3).
                let (span, what) = match decl {
                    Decl::Var(v) => {
                        vars.push(v);
                        continue;
                    }
                    Decl::Fun(f) => (f.name_span, "function declared"),
                    Decl::Struct(s) => (s.tag_span, "a structure declared"),
                    Decl::StaticAssert(a) => (a.span, "a static assertion"),
                    Decl::Typedef(t) => (t.name_span, "a typedef"),
                };
                return Err(Diagnostic::error(
                    span,
                    format!("{what} in 'for' loop initial declaration"),
                ));
            }
            ForInit::Decl(vars)
        } else {
            let e = self.optional_expr(Punct::Semi)?;
            self.expect_punct(Punct::Semi)?;
            ForInit::Expr(e)
        };
        let cond = self.optional_expr(Punct::Semi)?;
        self.expect_punct(Punct::Semi)?;
        let post = self.optional_expr(Punct::RParen)?;
        self.expect_punct(Punct::RParen)?;
        let body = Box::new(self.statement()?);
        Ok(StmtKind::For {
            init,
            cond,
            post,
            body,
            labels: None,
        })
    }

    fn optional_expr(&mut self, terminator: Punct) -> Result<Option<Expr>> {
        if self.is_punct(terminator) {
            Ok(None)
        } else {
            self.full_expr().map(Some)
        }
    }

    fn paren_expr(&mut self) -> Result<Expr> {
        self.expect_punct(Punct::LParen)?;
        let e = self.full_expr()?;
        self.expect_punct(Punct::RParen)?;
        Ok(e)
    }

    // ---- expressions ----

    fn full_expr(&mut self) -> Result<Expr> {
        self.expr(0)
    }

    /// Precedence climbing over binary, assignment and conditional operators.
    fn expr(&mut self, min_prec: u8) -> Result<Expr> {
        self.nest()?;
        let mut left = self.unary()?;
        let mut chain = 0;
        while let TokenKind::Punct(p) = self.peek() {
            let Some((prec, op)) = infix(p) else { break };
            if prec < min_prec {
                break;
            }
            chain += 1;
            if chain > MAX_CHAIN {
                return Err(Diagnostic::error(self.span(), "expression too complex"));
            }
            self.advance();
            left = match op {
                Infix::Assign(compound) => {
                    let right = self.expr(prec)?;
                    let span = left.span.to(right.span);
                    let kind = match compound {
                        None => ExprKind::Assign(Box::new(left), Box::new(right)),
                        Some(op) => ExprKind::CompoundAssign(op, Box::new(left), Box::new(right)),
                    };
                    Expr::new(kind, span)
                }
                // gcc's `a ?: b`.
                Infix::Conditional if self.peek() == TokenKind::Punct(Punct::Colon) => {
                    self.advance();
                    let right = self.expr(prec)?;
                    let span = left.span.to(right.span);
                    Expr::new(ExprKind::Elvis(Box::new(left), Box::new(right)), span)
                }
                Infix::Conditional => {
                    let middle = self.expr(0)?;
                    self.expect_punct(Punct::Colon)?;
                    let right = self.expr(prec)?;
                    let span = left.span.to(right.span);
                    Expr::new(
                        ExprKind::Conditional(Box::new(left), Box::new(middle), Box::new(right)),
                        span,
                    )
                }
                Infix::Binary(op) => {
                    let right = self.expr(prec + 1)?;
                    let span = left.span.to(right.span);
                    Expr::new(ExprKind::Binary(op, Box::new(left), Box::new(right)), span)
                }
                Infix::Comma => {
                    let right = self.expr(prec + 1)?;
                    let span = left.span.to(right.span);
                    Expr::new(ExprKind::Comma(Box::new(left), Box::new(right)), span)
                }
            };
        }
        self.depth -= 1;
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr> {
        let start = self.span();
        let prefix = match self.peek() {
            TokenKind::Punct(Punct::Minus) => Some(Ok(UnaryOp::Negate)),
            TokenKind::Punct(Punct::Tilde) => Some(Ok(UnaryOp::Complement)),
            TokenKind::Punct(Punct::Bang) => Some(Ok(UnaryOp::Not)),
            TokenKind::Punct(Punct::Plus) => Some(Ok(UnaryOp::Plus)),
            TokenKind::Punct(Punct::PlusPlus) => Some(Err(IncDec::PreIncrement)),
            TokenKind::Punct(Punct::MinusMinus) => Some(Err(IncDec::PreDecrement)),
            TokenKind::Keyword(k @ (Keyword::Sizeof | Keyword::Alignof)) => {
                self.advance();
                let kind =
                    if self.is_punct(Punct::LParen) && self.starts_type_name(self.peek_next()) {
                        self.advance();
                        let ty = Box::new(self.type_name()?);
                        self.expect_punct(Punct::RParen)?;
                        match k {
                            Keyword::Sizeof => ExprKind::SizeOfType(ty),
                            _ => ExprKind::AlignOfType(ty),
                        }
                    } else {
                        self.nest()?;
                        let operand = self.unary();
                        self.depth -= 1;
                        let operand = Box::new(operand?);
                        match k {
                            Keyword::Sizeof => ExprKind::SizeOfExpr(operand),
                            // gcc's extension: the alignment of the operand's type.
                            _ => ExprKind::AlignOfExpr(operand),
                        }
                    };
                return Ok(Expr::new(kind, start.to(self.prev_span())));
            }
            // `__extension__ e` is `e`.
            TokenKind::Keyword(Keyword::Extension) => {
                self.advance();
                self.nest()?;
                let operand = self.unary();
                self.depth -= 1;
                return operand;
            }
            // gcc's labels as values.
            TokenKind::Punct(Punct::AmpAmp) if matches!(self.peek_next(), TokenKind::Ident(_)) => {
                self.advance();
                let (name, end) = self.expect_ident()?;
                return Ok(Expr::new(ExprKind::LabelAddr(name, None), start.to(end)));
            }
            TokenKind::Punct(p @ (Punct::Star | Punct::Amp)) => {
                self.advance();
                self.nest()?;
                let operand = Box::new(self.unary()?);
                self.depth -= 1;
                let span = start.to(operand.span);
                let kind = if p == Punct::Star {
                    ExprKind::Deref(operand)
                } else {
                    ExprKind::AddrOf(operand)
                };
                return Ok(Expr::new(kind, span));
            }
            _ => None,
        };
        let Some(prefix) = prefix else {
            if self.is_punct(Punct::LParen) && self.starts_type_name(self.peek_next()) {
                return self.cast();
            }
            return self.postfix();
        };
        self.advance();
        self.nest()?;
        let operand = Box::new(self.unary()?);
        self.depth -= 1;
        let span = start.to(operand.span);
        let kind = match prefix {
            Ok(op) => ExprKind::Unary(op, operand),
            Err(op) => ExprKind::IncDec(op, operand),
        };
        Ok(Expr::new(kind, span))
    }

    /// `( type-name ) cast-expression` (C11 6.5.4); the current token is
    /// the `(`.
    fn cast(&mut self) -> Result<Expr> {
        let start = self.advance().span;
        let (ty, open_length) = self.type_name_open()?;
        self.expect_punct(Punct::RParen)?;
        if open_length && !self.is_punct(Punct::LBrace) {
            return Err(Diagnostic::error(
                start.to(self.prev_span()),
                "array type has incomplete element type",
            ));
        }
        if self.is_punct(Punct::LBrace) {
            // A compound literal, then postfix operators on it.
            // An open length is the initialiser's, which the type checker
            // works out.
            let init = self.initializer()?;
            let span = start.to(self.prev_span());
            let literal = Expr::new(
                ExprKind::CompoundLiteral(Box::new(ty), Box::new(init), None),
                span,
            );
            return self.postfix_from(literal);
        }
        self.nest()?;
        let operand = Box::new(self.unary()?);
        self.depth -= 1;
        let span = start.to(operand.span);
        Ok(Expr::new(ExprKind::Cast(Box::new(ty), operand), span))
    }

    /// A type name (C11 6.7.7): specifiers without a storage class and an
    /// abstract declarator.
    fn type_name(&mut self) -> Result<Type> {
        let start = self.span();
        match self.type_name_open()? {
            (_, true) => Err(Diagnostic::error(
                start.to(self.prev_span()),
                "array type has incomplete element type",
            )),
            (ty, false) => Ok(ty),
        }
    }

    /// A type name, and whether it is an array type whose length `[]`
    /// leaves open (a compound literal's initialiser gives it).
    fn type_name_open(&mut self) -> Result<(Type, bool)> {
        let specs = self.specifiers()?;
        specs.no_attribute_effects()?;
        if specs.has_storage_class() {
            return Err(Diagnostic::error(
                specs.span,
                "storage class specified in a type name",
            ));
        }
        specs.only_for_functions("in a type name")?;
        let start = self.span();
        let declarator = self.declarator(DeclMode::Abstract)?;
        let derived = self.derive(specs.qualified_ty(), declarator)?;
        if let Type::Function(_) = derived.ty {
            return Err(Diagnostic::error(
                start.to(self.prev_span()),
                "a type name of function type is not supported",
            ));
        }
        Ok((derived.ty, derived.open_length))
    }

    fn postfix(&mut self) -> Result<Expr> {
        let e = self.primary()?;
        self.postfix_from(e)
    }

    /// The postfix operators after `e`.
    fn postfix_from(&mut self, mut e: Expr) -> Result<Expr> {
        let mut chain = 0;
        loop {
            chain += 1;
            if chain > MAX_CHAIN {
                return Err(Diagnostic::error(self.span(), "expression too complex"));
            }
            let op = match self.peek() {
                TokenKind::Punct(Punct::PlusPlus) => IncDec::PostIncrement,
                TokenKind::Punct(Punct::MinusMinus) => IncDec::PostDecrement,
                TokenKind::Punct(p @ (Punct::Dot | Punct::Arrow)) => {
                    self.advance();
                    let (member, member_span) = self.expect_ident()?;
                    let span = e.span.to(member_span);
                    let kind = if p == Punct::Dot {
                        ExprKind::Dot(Box::new(e), member)
                    } else {
                        ExprKind::Arrow(Box::new(e), member)
                    };
                    e = Expr::new(kind, span);
                    continue;
                }
                // A call of what the expression gives (a function pointer).
                TokenKind::Punct(Punct::LParen) => {
                    self.advance();
                    let args = self.arguments()?;
                    let span = e.span.to(self.prev_span());
                    e = Expr::new(ExprKind::Call(Box::new(e), args), span);
                    continue;
                }
                TokenKind::Punct(Punct::LBracket) => {
                    self.advance();
                    let index = self.full_expr()?;
                    let close = self.expect_punct(Punct::RBracket)?;
                    let span = e.span.to(close);
                    e = Expr::new(ExprKind::Subscript(Box::new(e), Box::new(index)), span);
                    continue;
                }
                _ => return Ok(e),
            };
            let span = e.span.to(self.advance().span);
            e = Expr::new(ExprKind::IncDec(op, Box::new(e)), span);
        }
    }

    /// Any `__attribute__ (( ... ))` lists here. Each attribute must be one
    /// that changes nothing mcc does (a hint for optimisers or warnings,
    /// see [`WITHOUT_EFFECT`]); any other is refused rather than ignored, as
    /// ignoring it would give a different program.
    fn attributes(&mut self) -> Result<()> {
        let start = self.span();
        let found = self.attributes_with_effect()?;
        if let Some(which) = found.with_effect() {
            return Err(Diagnostic::error(
                start.to(self.prev_span()),
                format!("attribute '{which}' is not supported here"),
            ));
        }
        Ok(())
    }

    /// Attributes where those that change the layout apply: `aligned`
    /// and `packed` on structures and unions and their members. The others
    /// must be ones without effect, as for [`Parser::attributes`].
    fn attributes_with_effect(&mut self) -> Result<Attributes> {
        let mut found = Attributes::default();
        while self.eat_keyword(Keyword::Attribute) {
            self.expect_punct(Punct::LParen)?;
            self.expect_punct(Punct::LParen)?;
            loop {
                if self.is_punct(Punct::RParen) {
                    break;
                }
                let span = self.span();
                let name = match self.peek() {
                    TokenKind::Ident(name) => self.tokens.interner().get(name).to_string(),
                    TokenKind::Keyword(k) => k.name().to_string(),
                    _ => return Err(self.error_here("attribute name")),
                };
                self.advance();
                let bare = name.trim_start_matches("__").trim_end_matches("__");
                if bare == "packed" {
                    found.packed = true;
                } else if bare == "weak" {
                    found.weak = true;
                } else if bare == "cleanup" {
                    self.expect_punct(Punct::LParen)?;
                    let (function, _) = self.expect_ident()?;
                    self.expect_punct(Punct::RParen)?;
                    found.cleanup = Some((function, span));
                    if !self.eat_punct(Punct::Comma) {
                        break;
                    }
                    continue;
                } else if bare == "alias" || bare == "section" {
                    let named = Some((self.name_argument()?, span));
                    if bare == "alias" {
                        found.alias = named;
                    } else {
                        found.section = named;
                    }
                    if !self.eat_punct(Punct::Comma) {
                        break;
                    }
                    continue;
                } else if bare == "constructor" || bare == "destructor" {
                    // A priority orders them across objects, through
                    // sections of their own the linker sorts.
                    if self.eat_punct(Punct::LParen) {
                        let e = self.expr(ASSIGN_PREC)?;
                        self.expect_punct(Punct::RParen)?;
                        let priority = self
                            .constant_value(&e)
                            .filter(|c| c.ty().is_integer())
                            .map(value_of)
                            .and_then(|n| u16::try_from(n).ok());
                        let Some(priority) = priority else {
                            return Err(Diagnostic::error(
                                e.span,
                                "priorities must be integers from 0 to 65535",
                            ));
                        };
                        found.priority = Some(priority);
                    }
                    found.constructor |= bare == "constructor";
                    found.destructor |= bare == "destructor";
                    if !self.eat_punct(Punct::Comma) {
                        break;
                    }
                    continue;
                } else if bare == "visibility" {
                    self.expect_punct(Punct::LParen)?;
                    let value = self.string_literals()?;
                    self.expect_punct(Punct::RParen)?;
                    match Visibility::from_name(&value) {
                        Some(v) => found.visibility = v,
                        None => {
                            return Err(Diagnostic::error(
                                span,
                                format!(
                                    "attribute 'visibility' argument must be one of 'default', 'hidden', 'protected' or 'internal', not '{}'",
                                    String::from_utf8_lossy(&value)
                                ),
                            ));
                        }
                    }
                    if !self.eat_punct(Punct::Comma) {
                        break;
                    }
                    continue;
                } else if bare == "mode" {
                    found.mode = Some(self.mode_value()?);
                    if !self.eat_punct(Punct::Comma) {
                        break;
                    }
                    continue;
                } else if bare == "aligned" {
                    found.aligned = Some(self.aligned_value(span)?);
                    if !self.eat_punct(Punct::Comma) {
                        break;
                    }
                    continue;
                } else if !WITHOUT_EFFECT.contains(&bare) {
                    return Err(Diagnostic::error(
                        span,
                        format!("attribute '{name}' is not supported"),
                    ));
                }
                if self.eat_punct(Punct::LParen) {
                    self.skip_balanced()?;
                }
                if !self.eat_punct(Punct::Comma) {
                    break;
                }
            }
            self.expect_punct(Punct::RParen)?;
            self.expect_punct(Punct::RParen)?;
        }
        Ok(found)
    }

    /// An attribute's `( "name" )` (`alias`, `section`), interned.
    fn name_argument(&mut self) -> Result<Sym> {
        self.expect_punct(Punct::LParen)?;
        let name = self.string_literals()?;
        self.expect_punct(Punct::RParen)?;
        let name = String::from_utf8_lossy(&name).into_owned();
        Ok(self.tokens.interner_mut().intern(&name))
    }

    /// The width in bytes `mode (M)` asks for: gcc's machine modes `QI`,
    /// `HI`, `SI`, `DI`, and `word` and `pointer` (8 bytes here).
    fn mode_value(&mut self) -> Result<u64> {
        self.expect_punct(Punct::LParen)?;
        let (mode, span) = self.expect_ident()?;
        self.expect_punct(Punct::RParen)?;
        let spelled = self.tokens.interner().get(mode);
        let bare = spelled.trim_start_matches("__").trim_end_matches("__");
        Ok(match bare {
            "QI" | "byte" => 1,
            "HI" => 2,
            "SI" => 4,
            "DI" | "word" | "pointer" => 8,
            _ => {
                return Err(Diagnostic::error(
                    span,
                    format!("unknown machine mode '{spelled}'"),
                ));
            }
        })
    }

    /// The alignment `aligned` asks for: `(N)`, a power of two, or without
    /// an argument the largest any type needs here (16).
    /// The rest of `_Alignas ( constant-expression )` or `_Alignas (
    /// type-name )` (C11 6.7.5): the alignment (a type's, for a type).
    fn alignas_value(&mut self, span: Span) -> Result<u64> {
        if self.is_punct(Punct::LParen) && self.starts_type_name(self.peek_next()) {
            self.advance();
            let ty = self.type_name()?;
            self.expect_punct(Punct::RParen)?;
            let shape = self.shape(&ty);
            if contains_aggregate(&shape) || !shape.is_complete() {
                return Err(Diagnostic::error(
                    span,
                    "_Alignas of a structure type is not supported yet",
                ));
            }
            return Ok(shape.align());
        }
        if !self.is_punct(Punct::LParen) {
            return Err(self.error_here("'('"));
        }
        self.aligned_value(span)
    }

    fn aligned_value(&mut self, span: Span) -> Result<u64> {
        if !self.eat_punct(Punct::LParen) {
            return Ok(16);
        }
        let e = self.expr(ASSIGN_PREC)?;
        self.expect_punct(Punct::RParen)?;
        match self.constant_value(&e).map(value_of) {
            Some(n) if n > 0 && (n as u64).is_power_of_two() && n <= 1 << 28 => Ok(n as u64),
            Some(_) => Err(Diagnostic::error(
                e.span,
                "requested alignment is not a positive power of 2",
            )),
            None => Err(Diagnostic::error(
                span,
                "requested alignment is not an integer constant",
            )),
        }
    }

    /// Skips tokens up to the `)` matching an already eaten `(`.
    fn skip_balanced(&mut self) -> Result<()> {
        let mut depth = 1;
        while depth > 0 {
            match self.peek() {
                TokenKind::Punct(Punct::LParen) => depth += 1,
                TokenKind::Punct(Punct::RParen) => depth -= 1,
                TokenKind::Eof => return Err(self.error_here("')'")),
                _ => {}
            }
            self.advance();
        }
        Ok(())
    }

    /// One or more adjacent string literals, which are one (C11 5.1.1.2p6):
    /// their bytes, escapes decoded.
    fn string_literals(&mut self) -> Result<Vec<u8>> {
        if !matches!(self.peek(), TokenKind::Str(_)) {
            return Err(self.error_here("string literal"));
        }
        let mut bytes = Vec::new();
        while let TokenKind::Str(spelling) = self.peek() {
            if crate::lex::wide_prefix(self.tokens.interner().get(spelling)).is_some() {
                return Err(Diagnostic::error(
                    self.span(),
                    "a wide string literal is not allowed here",
                ));
            }
            bytes.extend(crate::lex::string_bytes(
                self.tokens.interner().get(spelling),
            ));
            self.advance();
        }
        Ok(bytes)
    }

    /// A string literal expression: adjacent literals concatenated (C11
    /// 6.4.5p5), wide or Unicode if one of them is (of one prefix; the
    /// plain ones' characters widened), as an `ExprKind::WideString`.
    fn string_literal_expr(&mut self, start: Span) -> Result<Expr> {
        let mut pieces = Vec::new();
        let mut prefix: Option<String> = None;
        while let TokenKind::Str(spelling) = self.peek() {
            let text = self.tokens.interner().get(spelling);
            if let Some(p) = crate::lex::wide_prefix(text) {
                if prefix.as_deref().is_some_and(|q| q != p) {
                    return Err(Diagnostic::error(
                        self.span(),
                        "unsupported non-standard concatenation of string literals",
                    ));
                }
                prefix = Some(p.to_string());
            }
            pieces.push(spelling);
            self.advance();
        }
        let span = start.to(self.prev_span());
        let Some(prefix) = prefix else {
            let interner = self.tokens.interner();
            let bytes = pieces
                .iter()
                .flat_map(|&p| crate::lex::string_bytes(interner.get(p)))
                .collect();
            return Ok(Expr::new(ExprKind::String(bytes), span));
        };
        let interner = self.tokens.interner();
        let units = pieces
            .iter()
            .flat_map(|&p| crate::lex::string_units(interner.get(p), &prefix))
            .collect();
        // `wchar_t` is an `int` here, `char16_t` and `char32_t` unsigned.
        let elem = match prefix.as_str() {
            "u" => Type::UShort,
            "U" => Type::UInt,
            _ => Type::Int,
        };
        Ok(Expr::new(ExprKind::WideString(units, Box::new(elem)), span))
    }

    /// An assembler name after a declarator, `__asm__ ( "name" )`, if any.
    fn asm_label(&mut self) -> Result<Option<Sym>> {
        if !self.eat_keyword(Keyword::Asm) {
            return Ok(None);
        }
        self.expect_punct(Punct::LParen)?;
        let bytes = self.string_literals()?;
        self.expect_punct(Punct::RParen)?;
        let label = String::from_utf8_lossy(&bytes).into_owned();
        Ok(Some(crate::intern::asm_label(
            self.tokens.interner_mut(),
            &label,
        )))
    }

    /// The rest of `__builtin_offsetof ( type-name , member-designator )`:
    /// a member name, then `.member` and `[index]` steps.
    fn offsetof(&mut self, start: Span) -> Result<Expr> {
        self.expect_punct(Punct::LParen)?;
        let ty = self.type_name()?;
        self.expect_punct(Punct::Comma)?;
        let (first, first_span) = self.expect_ident()?;
        let mut steps = vec![Designator::Member(first, first_span)];
        loop {
            if self.eat_punct(Punct::Dot) {
                let (member, span) = self.expect_ident()?;
                steps.push(Designator::Member(member, span));
            } else if self.eat_punct(Punct::LBracket) {
                steps.push(Designator::Index(self.full_expr()?));
                self.expect_punct(Punct::RBracket)?;
            } else {
                break;
            }
        }
        self.expect_punct(Punct::RParen)?;
        Ok(Expr::new(
            ExprKind::OffsetOf(Box::new(ty), steps),
            start.to(self.prev_span()),
        ))
    }

    /// The rest of `_Generic ( expression , associations )` (C11 6.5.1.1):
    /// each association a type name or `default`, a colon and an
    /// expression.
    fn generic(&mut self, start: Span) -> Result<Expr> {
        self.expect_punct(Punct::LParen)?;
        let control = self.expr(ASSIGN_PREC)?;
        let mut associations = Vec::new();
        while self.eat_punct(Punct::Comma) {
            let at = self.span();
            let ty = if self.eat_keyword(Keyword::Default) {
                None
            } else {
                Some(self.type_name_open()?.0)
            };
            if ty.is_none()
                && associations
                    .iter()
                    .any(|(t, _): &(Option<Type>, Expr)| t.is_none())
            {
                return Err(Diagnostic::error(
                    at,
                    "duplicate 'default' case in '_Generic'",
                ));
            }
            self.expect_punct(Punct::Colon)?;
            associations.push((ty, self.expr(ASSIGN_PREC)?));
        }
        self.expect_punct(Punct::RParen)?;
        Ok(Expr::new(
            ExprKind::Generic(Box::new(control), associations),
            start.to(self.prev_span()),
        ))
    }

    /// `__builtin_types_compatible_p ( type-name , type-name )`.
    fn types_compatible(&mut self, start: Span) -> Result<Expr> {
        self.expect_punct(Punct::LParen)?;
        // (Incomplete types are types too here: `int[]`.)
        let a = self.type_name_open()?.0;
        self.expect_punct(Punct::Comma)?;
        let b = self.type_name_open()?.0;
        self.expect_punct(Punct::RParen)?;
        Ok(Expr::new(
            ExprKind::TypesCompatible(Box::new(a), Box::new(b)),
            start.to(self.prev_span()),
        ))
    }

    /// `__builtin_va_arg ( ap , type-name )`, what `va_arg` expands to.
    fn va_arg(&mut self, start: Span) -> Result<Expr> {
        self.expect_punct(Punct::LParen)?;
        let ap = self.expr(ASSIGN_PREC)?;
        self.expect_punct(Punct::Comma)?;
        let ty = self.type_name()?;
        self.expect_punct(Punct::RParen)?;
        Ok(Expr::new(
            ExprKind::VaArg(Box::new(ap), Box::new(ty)),
            start.to(self.prev_span()),
        ))
    }

    fn primary(&mut self) -> Result<Expr> {
        let tok = self.peek();
        let span = self.span();
        match tok {
            TokenKind::Constant(c) => {
                self.advance();
                Ok(Expr::new(ExprKind::Constant(c), span))
            }
            TokenKind::Ident(name)
                if let Some(Ordinary::DeferredEnumerator(e)) = self.ordinary(name) =>
            {
                let mut e = (**e).clone();
                self.advance();
                e.span = span;
                Ok(e)
            }
            TokenKind::Ident(name) if let Some(Ordinary::Enumerator(c)) = self.ordinary(name) => {
                let c = *c;
                self.advance();
                Ok(Expr::new(ExprKind::Constant(c), span))
            }
            TokenKind::Ident(name) if self.typedef_type(name).is_some() => Err(Diagnostic::error(
                span,
                format!(
                    "expected expression before '{}'",
                    self.tokens.interner().get(name)
                ),
            )),
            TokenKind::Ident(name) => {
                self.advance();
                let spelled = self.tokens.interner().get(name);
                if spelled == "__builtin_offsetof" {
                    return self.offsetof(span);
                }
                if spelled == "__builtin_va_arg" {
                    return self.va_arg(span);
                }
                if spelled == "__builtin_types_compatible_p" {
                    return self.types_compatible(span);
                }
                // gcc's `__builtin_memcpy` and the like: the library
                // function, declared as gcc knows it if it is not yet.
                if let Some(name) = spelled.strip_prefix("__builtin_")
                    && let Some(&(_, ret, params)) =
                        LIBRARY_BUILTINS.iter().find(|(n, ..)| *n == name)
                {
                    let name = name.to_string();
                    let name = self.interner_mut().intern(&name);
                    if self.ordinary(name).is_none() {
                        self.declare_library_function(name, ret, params, span);
                    }
                    return Ok(Expr::new(ExprKind::Var(name), span));
                }
                let builtin = Builtin::from_name(spelled);
                if self.eat_punct(Punct::LParen) {
                    let args = self.arguments()?;
                    if let Some(b) = builtin {
                        return Ok(Expr::new(
                            ExprKind::Builtin(b, args),
                            span.to(self.prev_span()),
                        ));
                    }
                    let callee = Box::new(Expr::new(ExprKind::Var(name), span));
                    Ok(Expr::new(
                        ExprKind::Call(callee, args),
                        span.to(self.prev_span()),
                    ))
                } else {
                    Ok(Expr::new(ExprKind::Var(name), span))
                }
            }
            TokenKind::Keyword(Keyword::Generic) => {
                self.advance();
                self.generic(span)
            }
            TokenKind::Str(_) => self.string_literal_expr(span),
            // gcc's statement expression.
            TokenKind::Punct(Punct::LParen)
                if self.peek_next() == TokenKind::Punct(Punct::LBrace) =>
            {
                self.advance();
                self.stmt_exprs += 1;
                let block = self.block()?;
                let close = self.expect_punct(Punct::RParen)?;
                Ok(Expr::new(
                    ExprKind::StmtExpr(Box::new(block)),
                    span.to(close),
                ))
            }
            TokenKind::Punct(Punct::LParen) => {
                self.advance();
                let mut e = self.full_expr()?;
                let close = self.expect_punct(Punct::RParen)?;
                // Parentheses from a macro body around an argument: the
                // argument's own place is the better one to report.
                if e.span.ctx == span.ctx {
                    e.span = span.to(close);
                }
                Ok(e)
            }
            _ => Err(self.error_here("expression")),
        }
    }

    /// Call arguments; the `(` is already eaten.
    fn arguments(&mut self) -> Result<Vec<Expr>> {
        let mut args = Vec::new();
        if self.eat_punct(Punct::RParen) {
            return Ok(args);
        }
        loop {
            args.push(self.expr(ASSIGN_PREC)?);
            if !self.eat_punct(Punct::Comma) {
                break;
            }
        }
        self.expect_punct(Punct::RParen)?;
        Ok(args)
    }
}

/// A keyword that names (part of) a type; `Unsupported` ones too, so that
/// they are reported as unsupported where a type is expected.
fn is_type_specifier(k: Keyword) -> bool {
    matches!(
        k,
        Keyword::Void
            | Keyword::Bool
            | Keyword::Complex
            | Keyword::Typeof
            | Keyword::Struct
            | Keyword::Union
            | Keyword::Enum
            | Keyword::Char
            | Keyword::Short
            | Keyword::Int
            | Keyword::Long
            | Keyword::Signed
            | Keyword::Unsigned
            | Keyword::Double
            | Keyword::Float
            | Keyword::Float128
            | Keyword::Unsupported(_)
    )
}

/// Whether a type is or holds a structure or union (not through a
/// pointer).
fn contains_aggregate(ty: &Type) -> bool {
    match ty {
        Type::Struct(_) | Type::Union(_) => true,
        Type::Array(t, _) => contains_aggregate(t),
        // Of a size the parser does not know either.
        Type::DeferredArray(_) | Type::TypeOf(_) => true,
        _ => false,
    }
}

/// The integer type of `bytes` bytes with `ty`'s signedness, for gcc's
/// `mode` attribute; `None` when `ty` is no integer.
fn with_mode(ty: &Type, bytes: u64) -> Option<Type> {
    ty.is_integer()
        .then(|| Type::integer(bytes, ty.is_signed()))
}

/// An integer constant's value, whatever its type.
fn value_of(c: Const) -> i128 {
    if c.ty().is_signed() {
        match c.convert(&Type::Long) {
            Const::Long(v) => v as i128,
            _ => unreachable!("converted to long"),
        }
    } else {
        match c.convert(&Type::ULong) {
            Const::ULong(v) => v as i128,
            _ => unreachable!("converted to unsigned long"),
        }
    }
}

/// The types in the prototypes of [`LIBRARY_BUILTINS`].
#[derive(Clone, Copy)]
enum Lib {
    Void,
    Int,
    Long,
    Size,
    Ptr,
    ConstPtr,
    Str,
    ConstStr,
}

impl Lib {
    fn ty(self) -> Type {
        let to = |t: Type, q: Quals| Type::Pointer(Box::new(t), q);
        match self {
            Lib::Void => Type::Void,
            Lib::Int => Type::Int,
            Lib::Long => Type::Long,
            Lib::Size => Type::ULong,
            Lib::Ptr => to(Type::Void, Quals::NONE),
            Lib::ConstPtr => to(Type::Void, Quals::CONST),
            Lib::Str => to(Type::Char, Quals::NONE),
            Lib::ConstStr => to(Type::Char, Quals::CONST),
        }
    }
}

/// gcc's builtins that are the C library's functions (`__builtin_memcpy`
/// is `memcpy`), with the prototypes the library declares them with.
const LIBRARY_BUILTINS: &[(&str, Lib, &[Lib])] = {
    use Lib::*;
    &[
        ("memcpy", Ptr, &[Ptr, ConstPtr, Size]),
        ("memmove", Ptr, &[Ptr, ConstPtr, Size]),
        ("memset", Ptr, &[Ptr, Int, Size]),
        ("memcmp", Int, &[ConstPtr, ConstPtr, Size]),
        ("strlen", Size, &[ConstStr]),
        ("strcmp", Int, &[ConstStr, ConstStr]),
        ("strncmp", Int, &[ConstStr, ConstStr, Size]),
        ("strcpy", Str, &[Str, ConstStr]),
        ("strncpy", Str, &[Str, ConstStr, Size]),
        ("strcat", Str, &[Str, ConstStr]),
        ("strchr", Str, &[ConstStr, Int]),
        ("strrchr", Str, &[ConstStr, Int]),
        ("strstr", Str, &[ConstStr, ConstStr]),
        ("malloc", Ptr, &[Size]),
        ("calloc", Ptr, &[Size, Size]),
        ("realloc", Ptr, &[Ptr, Size]),
        ("free", Void, &[Ptr]),
        ("abort", Void, &[]),
        ("exit", Void, &[Int]),
        ("abs", Int, &[Int]),
        ("labs", Long, &[Long]),
        ("printf", Int, &[ConstStr]),
        ("puts", Int, &[ConstStr]),
        ("putchar", Int, &[Int]),
    ]
};

/// The variadic one of [`LIBRARY_BUILTINS`].
fn name_is_variadic(name: &str) -> bool {
    name == "printf"
}

/// Whether an expression the parser cannot evaluate has a part only the
/// type checker can (`sizeof`, `_Alignof` or `offsetof` of what the parser
/// cannot size, a builtin), so that it may still be a constant.
fn needs_type_checker(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::SizeOfExpr(_)
        | ExprKind::SizeOfType(_)
        | ExprKind::AlignOfExpr(_)
        | ExprKind::AlignOfType(_)
        | ExprKind::OffsetOf(..)
        | ExprKind::TypesCompatible(..)
        | ExprKind::Generic(..)
        | ExprKind::Builtin(..) => true,
        _ => {
            let mut found = false;
            e.clone().for_each_operand_mut(&mut |operand| {
                found |= needs_type_checker(operand);
            });
            found
        }
    }
}

/// Whether a type names a typedef anywhere.
fn mentions_typedef(ty: &Type) -> bool {
    match ty {
        Type::Typedef(_) | Type::Qualified(..) | Type::Alias(_) => true,
        Type::Pointer(t, _) | Type::Array(t, _) => mentions_typedef(t),
        Type::DeferredArray(d) => mentions_typedef(&d.elem),
        Type::Function(ft) => ft.params.iter().chain([&*ft.ret]).any(mentions_typedef),
        _ => false,
    }
}

/// `const`, `volatile`, `restrict` and `_Atomic` (C11 6.7.3).
fn is_qualifier(k: Keyword) -> bool {
    matches!(
        k,
        Keyword::Const | Keyword::Volatile | Keyword::Restrict | Keyword::Atomic
    )
}

fn is_storage_class(k: Keyword) -> bool {
    matches!(
        k,
        Keyword::Static
            | Keyword::Extern
            | Keyword::Auto
            | Keyword::Register
            | Keyword::Typedef
            | Keyword::Inline
            | Keyword::Noreturn
            | Keyword::ThreadLocal
    )
}

/// The type specifier keywords of one declaration so far, checked as each
/// arrives against C11 6.7.2p2's list of valid combinations (`long long`
/// is `long`: both are 64 bits here).
#[derive(Default)]
struct TypeWords {
    /// A `struct` or `union` specifier (with its tag's span) or a typedef
    /// name (with its span).
    tag: Option<(Type, Span)>,
    void: bool,
    /// `_Bool`, which like `void` takes no other word.
    boolean: bool,
    char: bool,
    short: bool,
    int: bool,
    longs: u8,
    signed: bool,
    unsigned: bool,
    double: bool,
    float: bool,
    /// `_Complex` (of `float`, `double` or `long double`).
    complex: bool,
}

impl TypeWords {
    /// A `struct tag` or `union tag` specifier, or a typedef name: the
    /// whole type.
    fn whole(&mut self, ty: Type, span: Span) -> std::result::Result<(), String> {
        if self.tag.is_some() || self.ty().is_some() || self.signed || self.unsigned {
            return Err("two or more data types in declaration specifiers".to_string());
        }
        self.tag = Some((ty, span));
        Ok(())
    }

    fn add(&mut self, k: Keyword) -> std::result::Result<(), String> {
        if self.tag.is_some() {
            return Err("two or more data types in declaration specifiers".to_string());
        }
        const TWO_TYPES: &str = "two or more data types in declaration specifiers";
        let both = |a: &str, b: &str| format!("both '{a}' and '{b}' in declaration specifiers");
        let sign = match (self.signed, self.unsigned) {
            (true, _) => Some("signed"),
            (_, true) => Some("unsigned"),
            _ => None,
        };
        if self.complex
            && matches!(
                k,
                Keyword::Char
                    | Keyword::Short
                    | Keyword::Int
                    | Keyword::Signed
                    | Keyword::Unsigned
                    | Keyword::Void
                    | Keyword::Bool
            )
        {
            return Err("complex integer types are not supported".to_string());
        }
        if self.float && k == Keyword::Complex && !self.complex {
            self.complex = true;
            return Ok(());
        }
        if self.float {
            return Err(match k {
                Keyword::Signed | Keyword::Unsigned | Keyword::Long | Keyword::Short => {
                    both(k.name(), "float")
                }
                _ => TWO_TYPES.to_string(),
            });
        }
        let any = self.void
            || self.boolean
            || self.char
            || self.short
            || self.int
            || self.double
            || self.longs > 0
            || sign.is_some();
        match k {
            Keyword::Void if any => {
                return Err(match sign {
                    Some(prev) => both(prev, "void"),
                    None => TWO_TYPES.to_string(),
                });
            }
            Keyword::Void => self.void = true,
            Keyword::Bool if any => {
                return Err(match sign {
                    Some(prev) => both(prev, "_Bool"),
                    None => TWO_TYPES.to_string(),
                });
            }
            Keyword::Bool => self.boolean = true,
            _ if self.void || self.boolean => {
                let word = if self.void { "void" } else { "_Bool" };
                return Err(match k {
                    Keyword::Signed | Keyword::Unsigned => both(k.name(), word),
                    _ => TWO_TYPES.to_string(),
                });
            }
            Keyword::Char if self.char || self.int || self.double || self.longs > 0 => {
                return Err(TWO_TYPES.to_string());
            }
            Keyword::Char if self.short => return Err(both("short", "char")),
            Keyword::Float => match (sign, self.longs, self.short) {
                (Some(prev), ..) => return Err(both(prev, "float")),
                (_, 1.., _) => return Err(both("long", "float")),
                (_, _, true) => return Err(both("short", "float")),
                _ if any => return Err(TWO_TYPES.to_string()),
                _ => self.float = true,
            },
            // gcc's `_Float128` and `_Float64x`: declared only, as `long
            // double` is.
            Keyword::Float128 if any => return Err(TWO_TYPES.to_string()),
            Keyword::Float128 => {
                self.double = true;
                self.longs = 1;
            }
            Keyword::Short if self.short => return Err("duplicate 'short'".to_string()),
            Keyword::Short if self.char => return Err(both("short", "char")),
            Keyword::Short if self.longs > 0 => return Err(both("long", "short")),
            Keyword::Short if self.double => return Err(both("short", "double")),
            Keyword::Short => self.short = true,
            Keyword::Char => self.char = true,
            Keyword::Int if self.char || self.int || self.double => {
                return Err(TWO_TYPES.to_string());
            }
            Keyword::Int => self.int = true,
            Keyword::Long if self.char => return Err(both("long", "char")),
            Keyword::Long if self.short => return Err(both("long", "short")),
            Keyword::Long if self.double && self.longs == 0 => self.longs = 1,
            Keyword::Long if self.double => return Err(TWO_TYPES.to_string()),
            Keyword::Long if self.longs == 2 => {
                return Err("'long long long' is too long".to_string());
            }
            Keyword::Long => self.longs += 1,
            Keyword::Signed | Keyword::Unsigned => {
                let word = k.name();
                if let Some(prev) = sign {
                    return Err(if prev == word {
                        format!("duplicate '{word}'")
                    } else {
                        both(prev, word)
                    });
                }
                if self.double {
                    return Err(both(word, "double"));
                }
                self.signed |= k == Keyword::Signed;
                self.unsigned |= k == Keyword::Unsigned;
            }
            Keyword::Double if self.short => return Err(both("short", "double")),
            Keyword::Double if self.char || self.int || self.double => {
                return Err(TWO_TYPES.to_string());
            }
            Keyword::Double if self.longs == 2 => return Err(both("long long", "double")),
            Keyword::Double => match sign {
                Some(prev) => return Err(both(prev, "double")),
                None => self.double = true,
            },
            Keyword::Complex if self.complex => return Err("duplicate '_Complex'".to_string()),
            Keyword::Complex if self.char || self.short || self.int || sign.is_some() => {
                return Err("complex integer types are not supported".to_string());
            }
            Keyword::Complex => self.complex = true,
            Keyword::Unsupported(name) => return Err(format!("'{name}' is not supported yet")),
            _ => unreachable!("not a type specifier: {k:?}"),
        }
        Ok(())
    }

    /// The type the words name; `None` when there are none.
    fn ty(&self) -> Option<Type> {
        if let Some((ty, _)) = &self.tag {
            return Some(ty.clone());
        }
        // `_Complex` alone is gcc's `double _Complex`.
        if self.complex {
            let part = match (self.float, self.double, self.longs > 0) {
                (true, ..) => Type::Float,
                (_, true, true) => Type::LongDouble,
                _ => Type::Double,
            };
            return Some(Type::Complex(Box::new(part)));
        }
        Some(match (self.double, self.unsigned, self.longs > 0) {
            _ if self.void => Type::Void,
            _ if self.boolean => Type::Bool,
            _ if self.float => Type::Float,
            (true, _, true) => Type::LongDouble,
            (true, ..) => Type::Double,
            _ if self.char => match (self.signed, self.unsigned) {
                (true, _) => Type::SChar,
                (_, true) => Type::UChar,
                _ => Type::Char,
            },
            _ if self.short && self.unsigned => Type::UShort,
            _ if self.short => Type::Short,
            (_, true, false) => Type::UInt,
            (_, true, true) => Type::ULong,
            (_, false, true) => Type::Long,
            _ if self.int || self.signed => Type::Int,
            _ => return None,
        })
    }
}

/// Precedence of assignment, the loosest operator: an initialiser or argument
/// is parsed at this level so that a `,` ends it.
const ASSIGN_PREC: u8 = 1;

/// Precedence of `?:`: a conditional expression (an array designator's
/// index, which `...` may follow).
const COND_PREC: u8 = 3;

enum Infix {
    Binary(BinaryOp),
    /// `,`: the loosest of all, only in full expressions.
    Comma,
    /// `=` (None) or a compound assignment with its operator.
    Assign(Option<BinaryOp>),
    Conditional,
}

/// Binding strength and meaning of an infix operator (C11 6.5).
fn infix(p: Punct) -> Option<(u8, Infix)> {
    use BinaryOp::*;
    use Infix::{Assign, Binary, Comma, Conditional};
    Some(match p {
        Punct::Comma => (0, Comma),
        Punct::Star => (50, Binary(Multiply)),
        Punct::Slash => (50, Binary(Divide)),
        Punct::Percent => (50, Binary(Remainder)),
        Punct::Plus => (45, Binary(Add)),
        Punct::Minus => (45, Binary(Subtract)),
        Punct::Shl => (40, Binary(ShiftLeft)),
        Punct::Shr => (40, Binary(ShiftRight)),
        Punct::Lt => (35, Binary(Less)),
        Punct::Le => (35, Binary(LessEqual)),
        Punct::Gt => (35, Binary(Greater)),
        Punct::Ge => (35, Binary(GreaterEqual)),
        Punct::EqEq => (30, Binary(Equal)),
        Punct::NotEq => (30, Binary(NotEqual)),
        Punct::Amp => (25, Binary(BitAnd)),
        Punct::Caret => (20, Binary(BitXor)),
        Punct::Pipe => (15, Binary(BitOr)),
        Punct::AmpAmp => (10, Binary(And)),
        Punct::PipePipe => (5, Binary(Or)),
        Punct::Question => (3, Conditional),
        Punct::Assign => (ASSIGN_PREC, Assign(None)),
        Punct::PlusAssign => (ASSIGN_PREC, Assign(Some(Add))),
        Punct::MinusAssign => (ASSIGN_PREC, Assign(Some(Subtract))),
        Punct::StarAssign => (ASSIGN_PREC, Assign(Some(Multiply))),
        Punct::SlashAssign => (ASSIGN_PREC, Assign(Some(Divide))),
        Punct::PercentAssign => (ASSIGN_PREC, Assign(Some(Remainder))),
        Punct::AmpAssign => (ASSIGN_PREC, Assign(Some(BitAnd))),
        Punct::PipeAssign => (ASSIGN_PREC, Assign(Some(BitOr))),
        Punct::CaretAssign => (ASSIGN_PREC, Assign(Some(BitXor))),
        Punct::ShlAssign => (ASSIGN_PREC, Assign(Some(ShiftLeft))),
        Punct::ShrAssign => (ASSIGN_PREC, Assign(Some(ShiftRight))),
        _ => return None,
    })
}
