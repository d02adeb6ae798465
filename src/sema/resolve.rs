//! Identifier resolution (book chapters 5, 7, 9-11, 14-16).
//!
//! Takes one parsed external declaration at a time with the file scope of
//! those before it ([`FileScope`]); rewrites it in place so that every local variable
//! has a name unique in the translation unit (`x.12`), while identifiers with
//! linkage (functions, `extern` and file-scope variables) keep theirs.
//! Guarantees every identifier use refers to a visible declaration, no scope
//! declares a name twice incompatibly, and every assignment target is an lvalue.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::diag::{Diagnostic, Result, Span};
use crate::intern::{Interner, Sym};
use crate::ir::NameGen;
use crate::ir::ast::*;
use crate::ir::types::{Alias, Type};
use crate::ir::va_list;

/// What resolution keeps from one external declaration to the next: the
/// file scope's identifiers and tags (inner scopes live only while a
/// function is resolved).
pub struct FileScope {
    scopes: Vec<HashMap<Sym, Entry>>,
    tags: Vec<HashMap<Sym, Tag>>,
    typedefs: Vec<HashMap<Sym, Type>>,
    /// The names with linkage used or defined so far, which an assembler
    /// name can no longer rename (their code is compiled already).
    used: HashSet<Sym>,
}

impl FileScope {
    /// The file scope before the first declaration, which holds what gcc
    /// declares there: `__builtin_va_list` and its structure's tag.
    pub fn new(interner: &mut Interner) -> Self {
        let (tag, name) = (
            interner.intern(va_list::TAG),
            interner.intern(va_list::TYPEDEF),
        );
        let entry = Entry {
            unique: name,
            has_linkage: false,
            typedef: true,
        };
        let tag_entry = Tag {
            unique: tag,
            is_union: false,
        };
        FileScope {
            scopes: vec![HashMap::from_iter([(name, entry)])],
            tags: vec![HashMap::from_iter([(tag, tag_entry)])],
            typedefs: vec![HashMap::from_iter([(
                name,
                Alias::typedef(va_list::ty(interner), name, None),
            )])],
            used: HashSet::default(),
        }
    }
}

/// Resolves one external declaration against the file scope, which it
/// extends.
pub fn resolve_decl(
    decl: &mut Decl,
    file: &mut FileScope,
    interner: &mut Interner,
    names: &mut NameGen,
) -> Result<()> {
    let mut r = Resolver {
        scopes: std::mem::take(&mut file.scopes),
        tags: std::mem::take(&mut file.tags),
        typedefs: std::mem::take(&mut file.typedefs),
        used: std::mem::take(&mut file.used),
        function: None,
        interner,
        names,
    };
    let result = match decl {
        Decl::Var(v) => r.file_scope_var(v),
        Decl::Fun(f) => r.function(f),
        Decl::Struct(s) => r.struct_decl(s),
        Decl::StaticAssert(a) => r.expr(&mut a.condition),
        Decl::Typedef(t) => r.typedef(t),
    };
    // After an error the compilation stops, so a scope left open does not
    // matter.
    file.scopes = r.scopes;
    file.tags = r.tags;
    file.typedefs = r.typedefs;
    file.used = r.used;
    result
}

/// A structure or union tag in scope: its unique name and which it is.
#[derive(Clone, Copy)]
struct Tag {
    unique: Sym,
    is_union: bool,
}

#[derive(Clone, Copy)]
struct Entry {
    unique: Sym,
    has_linkage: bool,
    /// A typedef name, whose type is in `Resolver::typedefs`.
    typedef: bool,
}

struct Resolver<'a> {
    /// Innermost scope last; the first is file scope.
    scopes: Vec<HashMap<Sym, Entry>>,
    /// Structure and union tags, a name space of their own (C11 6.2.3),
    /// scoped like identifiers: one map per entry of `scopes`.
    tags: Vec<HashMap<Sym, Tag>>,
    /// The types typedef names name, with tags resolved where the typedef
    /// was declared: one map per entry of `scopes`.
    typedefs: Vec<HashMap<Sym, Type>>,
    used: HashSet<Sym>,
    /// The C name of the function whose body is being resolved, for
    /// `__func__`.
    function: Option<Sym>,
    interner: &'a mut Interner,
    names: &'a mut NameGen,
}

impl Resolver<'_> {
    fn push_scope(&mut self) {
        self.scopes.push(HashMap::default());
        self.tags.push(HashMap::default());
        self.typedefs.push(HashMap::default());
    }

    fn pop_scope(&mut self) {
        self.scopes.pop();
        self.tags.pop();
        self.typedefs.pop();
    }

    /// The unique tag a declaration `struct tag ...;` declares: the one
    /// already declared in this scope (completing it), else a new one
    /// (shadowing any outer one).
    fn declare_tag(&mut self, tag: Sym, is_union: bool, span: Span) -> Result<Sym> {
        let current = self.tags.last_mut().expect("file scope always exists");
        if let Some(prev) = current.get(&tag) {
            if prev.is_union != is_union {
                return Err(Diagnostic::error(
                    span,
                    format!("'{}' defined as wrong kind of tag", self.interner.get(tag)),
                ));
            }
            return Ok(prev.unique);
        }
        let unique = self.interner.add_numbered_after(tag, self.names.bump());
        let current = self.tags.last_mut().expect("file scope always exists");
        current.insert(tag, Tag { unique, is_union });
        Ok(unique)
    }

    fn struct_decl(&mut self, s: &mut StructDecl) -> Result<()> {
        s.tag = self.declare_tag(s.tag, s.is_union, s.tag_span)?;
        if let Some(members) = &mut s.members {
            for m in members {
                self.resolve_type(&mut m.ty, m.span)?;
            }
        }
        Ok(())
    }

    /// Replaces every tag in `ty` by the unique tag in scope; a tag not in
    /// scope declares an incomplete structure or union in the current
    /// scope (C11 6.7.2.3p8).
    fn resolve_type(&mut self, ty: &mut Type, span: Span) -> Result<()> {
        match ty {
            Type::Struct(_) | Type::Union(_) => {
                let is_union = matches!(ty, Type::Union(_));
                let (Type::Struct(tag) | Type::Union(tag)) = ty else {
                    unreachable!("matched above")
                };
                let found = self.tags.iter().rev().find_map(|t| t.get(tag).copied());
                *tag = match found {
                    Some(prev) if prev.is_union != is_union => {
                        return Err(Diagnostic::error(
                            span,
                            format!("'{}' defined as wrong kind of tag", self.interner.get(*tag)),
                        ));
                    }
                    Some(prev) => prev.unique,
                    None => self.declare_tag(*tag, is_union, span)?,
                };
                Ok(())
            }
            Type::Typedef(name) => {
                let depth = self
                    .scopes
                    .iter()
                    .rposition(|s| s.get(name).is_some_and(|e| e.typedef))
                    .expect("the parser reads only typedef names in scope as types");
                *ty = self.typedefs[depth][name].clone();
                Ok(())
            }
            Type::Pointer(inner, _) | Type::Array(inner, _) | Type::Qualified(_, inner) => {
                self.resolve_type(inner, span)
            }
            // The length's identifiers are those in scope here (the type
            // checker evaluates it).
            Type::DeferredArray(d) => {
                self.resolve_type(&mut d.elem, span)?;
                self.expr(&mut d.len.0)
            }
            Type::TypeOf(t) => self.expr(&mut t.0),
            Type::Function(ft) => {
                for p in &mut ft.params {
                    self.resolve_param(p, span)?;
                }
                self.resolve_type(&mut ft.ret, span)
            }
            _ => Ok(()),
        }
    }

    /// `typedef type name;`: the type with its tags resolved here, under
    /// the name. A typedef may be repeated in its scope for the same type
    /// (C11 6.7p3).
    fn typedef(&mut self, t: &mut TypedefDecl) -> Result<()> {
        self.resolve_type(&mut t.ty, t.name_span)?;
        // What every use of the name becomes, its alignment included.
        let named = Alias::typedef(t.ty.clone(), t.name, t.align);
        if let Some(prev) = self.current().get(&t.name).copied() {
            let same = prev.typedef
                && self.typedefs.last().expect("file scope always exists")[&t.name] == named;
            if !same && prev.typedef {
                return Err(Diagnostic::error(
                    t.name_span,
                    format!("conflicting types for '{}'", self.name(t.name)),
                ));
            }
            if !same {
                return Err(self.different_kind(t.name, t.name_span));
            }
        }
        self.current().insert(
            t.name,
            Entry {
                unique: t.name,
                has_linkage: false,
                typedef: true,
            },
        );
        self.typedefs
            .last_mut()
            .expect("file scope always exists")
            .insert(t.name, named);
        Ok(())
    }

    /// A parameter's type resolved; one of array or function type through
    /// a typedef name is adjusted as one written out is (C11 6.7.6.3p7-8).
    fn resolve_param(&mut self, p: &mut Type, span: Span) -> Result<()> {
        self.resolve_type(p, span)?;
        if adjusted(p) {
            unalias(p);
        }
        // `const A a` with `A` an array type: a pointer to const elements.
        if let Type::Qualified(quals, inner) = p
            && let Type::Array(elem, _) = &mut **inner
        {
            let elem = std::mem::replace(&mut **elem, Type::Void);
            *p = Type::pointer_to(Type::Qualified(*quals, Box::new(elem)));
            return Ok(());
        }
        match p {
            Type::Array(elem, _) => *p = Type::pointer_to(std::mem::replace(elem, Type::Void)),
            Type::DeferredArray(d) => {
                *p = Type::pointer_to(std::mem::replace(&mut d.elem, Type::Void))
            }
            Type::Function(_) => *p = Type::pointer_to(std::mem::replace(p, Type::Void)),
            _ => {}
        }
        Ok(())
    }

    fn different_kind(&self, name: Sym, span: Span) -> Diagnostic {
        super::different_kind(self.name(name), span)
    }

    fn lookup(&self, name: Sym) -> Option<Entry> {
        self.scopes.iter().rev().find_map(|s| s.get(&name).copied())
    }

    fn current(&mut self) -> &mut HashMap<Sym, Entry> {
        self.scopes.last_mut().expect("file scope always exists")
    }

    fn name(&self, s: Sym) -> &str {
        self.interner.get(s)
    }

    /// The name is in scope in its own initialiser (C11 6.2.1p7), which
    /// the type checker then finds not constant.
    fn file_scope_var(&mut self, v: &mut VarDecl) -> Result<()> {
        // Automatic storage only exists inside functions (C11 6.9p2).
        match v.storage {
            Some(StorageClass::Auto) => {
                return Err(Diagnostic::error(
                    v.name_span,
                    format!(
                        "file-scope declaration of '{}' specifies 'auto'",
                        self.name(v.name)
                    ),
                ));
            }
            Some(StorageClass::Register) => {
                return Err(Diagnostic::error(
                    v.name_span,
                    format!("register name not specified for '{}'", self.name(v.name)),
                ));
            }
            _ => {}
        }
        self.resolve_type(&mut v.ty, v.name_span)?;
        if self.current().get(&v.name).is_some_and(|e| e.typedef) {
            return Err(self.different_kind(v.name, v.name_span));
        }
        let unique = self.linked_name(v.name, v.asm_label, v.name_span)?;
        self.current().insert(
            v.name,
            Entry {
                unique,
                has_linkage: true,
                typedef: false,
            },
        );
        v.name = unique;
        v.init.as_mut().map_or(Ok(()), |i| self.initializer(i))
    }

    /// The name a declaration with linkage gives its entity: the one an
    /// earlier declaration in scope gave it, else its `__asm__` label if
    /// it has one, else its own. A label cannot rename what an earlier
    /// declaration gave another label.
    fn linked_name(&self, name: Sym, label: Option<Sym>, span: Span) -> Result<Sym> {
        let prev = self
            .lookup(name)
            .filter(|e| e.has_linkage)
            .map(|e| e.unique);
        match (prev, label) {
            // A first assembler name on a redeclaration renames the entity
            // from here on, as gcc does (glibc's headers declare `fscanf`,
            // then redirect it to `__isoc99_fscanf`).
            (Some(prev), Some(label)) if prev == name && !self.used.contains(&prev) => Ok(label),
            (Some(prev), Some(label)) if prev != label => Err(Diagnostic::error(
                span,
                format!(
                    "assembler name of '{}' given after its first use or another name",
                    self.name(name)
                ),
            )),
            (Some(prev), _) => Ok(prev),
            (None, Some(label)) => Ok(label),
            (None, None) => Ok(name),
        }
    }

    fn function(&mut self, f: &mut FunDecl) -> Result<()> {
        if f.body.is_some() {
            self.function = Some(f.name);
        }
        if !matches!(
            f.storage,
            None | Some(StorageClass::Static | StorageClass::Extern)
        ) {
            return Err(Diagnostic::error(
                f.name_span,
                format!("invalid storage class for function '{}'", self.name(f.name)),
            ));
        }
        let Type::Function(ft) = &mut f.ty else {
            unreachable!("a function declaration has a function type")
        };
        self.resolve_type(&mut ft.ret, f.name_span)?;
        if let Some(prev) = self.current().get(&f.name)
            && !prev.has_linkage
        {
            return Err(self.different_kind(f.name, f.name_span));
        }
        let unique = self.linked_name(f.name, f.asm_label, f.name_span)?;
        self.current().insert(
            f.name,
            Entry {
                unique,
                has_linkage: true,
                typedef: false,
            },
        );
        f.name = unique;
        // Parameters and the body's outermost block share one scope (C11
        // 6.2.1p4); in a declaration that is not a definition, the scope
        // ends with it (function prototype scope), so a tag first named in
        // a parameter's type is not the file's.
        self.push_scope();
        let Type::Function(ft) = &mut f.ty else {
            unreachable!("a function declaration has a function type")
        };
        // Each parameter is in scope from its declarator on, so a later
        // one's array length can name it (`int n, double m[n][n]`).
        let named = f.params.len() == ft.params.len();
        if !named {
            for ty in &mut ft.params {
                self.resolve_param(ty, f.name_span)?;
            }
        }
        for (i, p) in f.params.iter_mut().enumerate() {
            if named {
                self.resolve_param(&mut ft.params[i], f.name_span)?;
            }
            let Some(name) = p.name else { continue };
            if self.current().contains_key(&name) {
                return Err(Diagnostic::error(
                    p.span,
                    format!("redefinition of parameter '{}'", self.name(name)),
                ));
            }
            p.name = Some(self.declare_local(name));
        }
        if let Some(body) = &mut f.body {
            self.used.insert(unique);
            self.block_items(&mut body.items)?;
        }
        self.pop_scope();
        Ok(())
    }

    /// Gives a block-scope object a fresh unique name in the current scope.
    fn declare_local(&mut self, name: Sym) -> Sym {
        let unique = self.interner.add_numbered_after(name, self.names.bump());
        self.current().insert(
            name,
            Entry {
                unique,
                has_linkage: false,
                typedef: false,
            },
        );
        unique
    }

    fn block(&mut self, block: &mut Block) -> Result<()> {
        self.push_scope();
        let result = self.block_items(&mut block.items);
        self.pop_scope();
        result
    }

    fn block_items(&mut self, items: &mut [BlockItem]) -> Result<()> {
        for item in items {
            match item {
                BlockItem::Stmt(s) => self.stmt(s)?,
                BlockItem::Decl(Decl::Var(v)) => self.local_var(v)?,
                BlockItem::Decl(Decl::Fun(f)) => self.local_fun(f)?,
                BlockItem::Decl(Decl::Struct(s)) => self.struct_decl(s)?,
                BlockItem::Decl(Decl::StaticAssert(a)) => self.expr(&mut a.condition)?,
                BlockItem::Decl(Decl::Typedef(t)) => self.typedef(t)?,
            }
        }
        Ok(())
    }

    fn local_var(&mut self, v: &mut VarDecl) -> Result<()> {
        self.resolve_type(&mut v.ty, v.name_span)?;
        // The cleanup function is one in scope here.
        if let Some((function, span)) = &mut v.cleanup {
            *function = self.use_of(*function, *span, "function")?;
        }
        let is_extern = v.storage == Some(StorageClass::Extern);
        if let Some(prev) = self.current().get(&v.name)
            && !(prev.has_linkage && is_extern)
        {
            return Err(Diagnostic::error(
                v.name_span,
                format!("redeclaration of '{}'", self.name(v.name)),
            ));
        }
        if is_extern {
            let unique = self.linked_name(v.name, v.asm_label, v.name_span)?;
            self.current().insert(
                v.name,
                Entry {
                    unique,
                    has_linkage: true,
                    typedef: false,
                },
            );
            v.name = unique;
            return Ok(());
        }
        if v.asm_label.is_some() && v.storage != Some(StorageClass::Static) {
            // gcc's register variables (`register int x __asm__("rbx")`).
            return Err(Diagnostic::error(
                v.name_span,
                format!(
                    "an assembler name for the automatic variable '{}' is not supported",
                    self.name(v.name)
                ),
            ));
        }
        // The new name is in scope in its own initialiser (C11 6.2.1p7).
        v.name = match v.asm_label {
            // A static local known to the assembler by its label.
            Some(label) => {
                self.current().insert(
                    v.name,
                    Entry {
                        unique: label,
                        has_linkage: false,
                        typedef: false,
                    },
                );
                label
            }
            None => self.declare_local(v.name),
        };
        if let Some(init) = &mut v.init {
            self.initializer(init)?;
        }
        Ok(())
    }

    fn initializer(&mut self, init: &mut Initializer) -> Result<()> {
        match init {
            Initializer::Single(e) => self.expr(e),
            Initializer::Compound(items, _) => {
                items.iter_mut().try_for_each(|i| self.initializer(i))
            }
            Initializer::Designated(designators, init, _) => {
                for d in designators {
                    match d {
                        Designator::Index(e) => self.expr(e)?,
                        Designator::Range(first, last) => {
                            self.expr(first)?;
                            self.expr(last)?;
                        }
                        Designator::Member(..) => {}
                    }
                }
                self.initializer(init)
            }
            Initializer::Zero(_) => Ok(()),
        }
    }

    fn local_fun(&mut self, f: &mut FunDecl) -> Result<()> {
        if f.storage != Some(StorageClass::Extern) && f.storage.is_some() {
            return Err(Diagnostic::error(
                f.name_span,
                format!("invalid storage class for function '{}'", self.name(f.name)),
            ));
        }
        self.function(f)
    }

    fn stmt(&mut self, s: &mut Stmt) -> Result<()> {
        match &mut s.kind {
            StmtKind::Return(e) => self.optional_expr(e),
            StmtKind::Expr(e) | StmtKind::GotoIndirect(e) => self.expr(e),
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.expr(cond)?;
                self.stmt(then)?;
                otherwise.as_mut().map_or(Ok(()), |o| self.stmt(o))
            }
            StmtKind::Compound(b) => self.block(b),
            StmtKind::While { cond, body, .. } | StmtKind::DoWhile { body, cond, .. } => {
                self.expr(cond)?;
                self.stmt(body)
            }
            StmtKind::For {
                init,
                cond,
                post,
                body,
                ..
            } => {
                // The for statement is a scope of its own (C11 6.8.5p5).
                self.push_scope();
                let result = self.for_parts(init, cond, post, body);
                self.pop_scope();
                result
            }
            StmtKind::Switch { cond, body, .. } => {
                self.expr(cond)?;
                self.stmt(body)
            }
            StmtKind::Case { value, body, .. } => {
                self.expr(value)?;
                self.stmt(body)
            }
            StmtKind::Default { body, .. } | StmtKind::Labeled { body, .. } => self.stmt(body),
            StmtKind::Break(_) | StmtKind::Continue(_) | StmtKind::Goto { .. } | StmtKind::Null => {
                Ok(())
            }
        }
    }

    fn for_parts(
        &mut self,
        init: &mut ForInit,
        cond: &mut Option<Expr>,
        post: &mut Option<Expr>,
        body: &mut Stmt,
    ) -> Result<()> {
        match init {
            ForInit::Decl(vs) => {
                for v in vs {
                    if let Some(storage @ (StorageClass::Static | StorageClass::Extern)) = v.storage
                    {
                        let word = storage.keyword();
                        return Err(Diagnostic::error(
                            v.name_span,
                            format!(
                                "declaration of {word} variable '{}' in 'for' loop initial declaration",
                                self.name(v.name)
                            ),
                        ));
                    }
                    self.local_var(v)?;
                }
            }
            ForInit::Expr(e) => self.optional_expr(e)?,
        }
        self.optional_expr(cond)?;
        self.optional_expr(post)?;
        self.stmt(body)
    }

    fn optional_expr(&mut self, e: &mut Option<Expr>) -> Result<()> {
        e.as_mut().map_or(Ok(()), |e| self.expr(e))
    }

    fn expr(&mut self, e: &mut Expr) -> Result<()> {
        match &mut e.kind {
            ExprKind::Constant(_) | ExprKind::String(_) | ExprKind::WideString(..) => Ok(()),
            ExprKind::SizeOfType(ty) | ExprKind::AlignOfType(ty) => self.resolve_type(ty, e.span),
            ExprKind::Dot(operand, _) | ExprKind::Arrow(operand, _) => self.expr(operand),
            ExprKind::Comma(a, b) => {
                self.expr(a)?;
                self.expr(b)
            }
            ExprKind::SizeOfExpr(operand) | ExprKind::AlignOfExpr(operand) => self.expr(operand),
            ExprKind::Deref(operand) => self.expr(operand),
            ExprKind::AddrOf(operand) => {
                require_lvalue(operand, "unary '&' operand")?;
                self.expr(operand)
            }
            ExprKind::Subscript(a, i) => {
                self.expr(a)?;
                self.expr(i)
            }
            ExprKind::Var(name) => {
                // `__func__` (C11 6.4.2.2), and gcc's `__FUNCTION__` and
                // `__PRETTY_FUNCTION__`: the function's name as a string,
                // unless a declaration says otherwise.
                if self.lookup(*name).is_none()
                    && let Some(function) = self.function
                    && matches!(
                        self.name(*name),
                        "__func__" | "__FUNCTION__" | "__PRETTY_FUNCTION__"
                    )
                {
                    e.kind = ExprKind::String(self.name(function).as_bytes().to_vec());
                    return Ok(());
                }
                *name = self.use_of(*name, e.span, "identifier")?;
                Ok(())
            }
            ExprKind::Unary(_, operand) => self.expr(operand),
            ExprKind::Cast(ty, operand) => {
                self.resolve_type(ty, e.span)?;
                self.expr(operand)
            }
            ExprKind::Binary(_, l, r) => {
                self.expr(l)?;
                self.expr(r)
            }
            ExprKind::Assign(target, value) | ExprKind::CompoundAssign(_, target, value) => {
                require_lvalue(target, "left operand of assignment")?;
                self.expr(target)?;
                self.expr(value)
            }
            ExprKind::IncDec(op, operand) => {
                let what = match op {
                    IncDec::PreIncrement | IncDec::PostIncrement => "increment operand",
                    IncDec::PreDecrement | IncDec::PostDecrement => "decrement operand",
                };
                require_lvalue(operand, what)?;
                self.expr(operand)
            }
            ExprKind::Conditional(c, t, f) => {
                self.expr(c)?;
                self.expr(t)?;
                self.expr(f)
            }
            ExprKind::Elvis(c, f) => {
                self.expr(c)?;
                self.expr(f)
            }
            ExprKind::Call(callee, args) => {
                match &mut callee.kind {
                    ExprKind::Var(name) => *name = self.use_of(*name, callee.span, "function")?,
                    _ => self.expr(callee)?,
                }
                args.iter_mut().try_for_each(|a| self.expr(a))
            }
            ExprKind::Builtin(_, args) => args.iter_mut().try_for_each(|a| self.expr(a)),
            ExprKind::VaStart(ap)
            | ExprKind::ByteSwap(ap)
            | ExprKind::CountBits(_, ap)
            | ExprKind::Alloca(ap) => self.expr(ap),
            ExprKind::Overflow(_, a, b, c) | ExprKind::CompareExchange(a, b, c) => {
                self.expr(a)?;
                self.expr(b)?;
                self.expr(c)
            }
            ExprKind::Atomic(_, a, b, _) => {
                self.expr(a)?;
                self.expr(b)
            }
            ExprKind::Fence => Ok(()),
            // Labels are the labels pass's.
            ExprKind::LabelAddr(..) => Ok(()),
            ExprKind::StmtExpr(b) => self.block(b),
            ExprKind::VaArg(ap, ty) => {
                self.resolve_type(ty, e.span)?;
                self.expr(ap)
            }
            ExprKind::CompoundLiteral(ty, init, name) => {
                self.resolve_type(ty, e.span)?;
                self.initializer(init)?;
                *name = Some(
                    self.interner
                        .add_numbered(COMPOUND_LITERAL, self.names.bump()),
                );
                Ok(())
            }
            ExprKind::Generic(..) | ExprKind::TypesCompatible(..) => self.type_selection(e),
            ExprKind::OffsetOf(ty, steps) => {
                self.resolve_type(ty, e.span)?;
                for step in steps {
                    if let Designator::Index(i) = step {
                        self.expr(i)?;
                    }
                }
                Ok(())
            }
        }
    }

    /// A generic selection or `__builtin_types_compatible_p`: the types
    /// they name and every expression. (Out of [`Resolver::expr`], whose
    /// frame every level of a deep expression has.)
    #[inline(never)]
    fn type_selection(&mut self, e: &mut Expr) -> Result<()> {
        let span = e.span;
        match &mut e.kind {
            ExprKind::Generic(control, associations) => {
                self.expr(control)?;
                for (ty, e) in associations {
                    if let Some(ty) = ty {
                        self.resolve_type(ty, e.span)?;
                    }
                    self.expr(e)?;
                }
                Ok(())
            }
            ExprKind::TypesCompatible(a, b) => {
                self.resolve_type(a, span)?;
                self.resolve_type(b, span)
            }
            _ => unreachable!("a generic selection or types_compatible_p"),
        }
    }

    fn use_of(&mut self, name: Sym, span: Span, what: &str) -> Result<Sym> {
        match self.lookup(name) {
            Some(entry) => {
                if entry.has_linkage {
                    self.used.insert(entry.unique);
                }
                Ok(entry.unique)
            }
            None if what == "function" => Err(Diagnostic::error(
                span,
                format!("implicit declaration of function '{}'", self.name(name)),
            )),
            None => Err(Diagnostic::error(
                span,
                format!("use of undeclared identifier '{}'", self.name(name)),
            )),
        }
    }
}

/// The expressions that designate an object (C11 6.3.2.1): variables,
/// dereferences, subscripts and string literals. Whether the object may be
/// assigned (not an array) is the type checker's question.
/// (A generic selection is one when the expression it selects is: the
/// type checker, which selects it, checks it then.)
pub fn require_lvalue(e: &Expr, what: &str) -> Result<()> {
    match &e.kind {
        ExprKind::Generic(..) => Ok(()),
        ExprKind::Var(_)
        | ExprKind::Deref(_)
        | ExprKind::Subscript(..)
        | ExprKind::String(_)
        | ExprKind::WideString(..)
        | ExprKind::CompoundLiteral(..)
        | ExprKind::Arrow(..) => Ok(()),
        // A member of an lvalue is one (C11 6.5.2.3p3).
        ExprKind::Dot(inner, _) => require_lvalue(inner, what),
        _ => Err(Diagnostic::error(
            e.span,
            format!("lvalue required as {what}"),
        )),
    }
}

/// The name of the unnamed object a compound literal makes, before its
/// number.
pub const COMPOUND_LITERAL: &str = "compound_literal";

/// Whether a parameter's type, through typedef names and qualifiers, is an
/// array or a function, which the parameter is adjusted from.
fn adjusted(ty: &Type) -> bool {
    match ty {
        Type::Alias(a) => adjusted(&a.ty),
        Type::Qualified(_, t) => adjusted(t),
        t => matches!(
            t,
            Type::Array(..) | Type::DeferredArray(_) | Type::Function(_)
        ),
    }
}

/// `ty` with the typedef names at its top (and under its top qualifiers)
/// replaced by what they name.
fn unalias(ty: &mut Type) {
    match ty {
        Type::Alias(a) => {
            *ty = std::mem::replace(&mut a.ty, Type::Void);
            unalias(ty);
        }
        Type::Qualified(_, t) => unalias(t),
        _ => {}
    }
}
