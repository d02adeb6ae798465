//! The C preprocessor (C11 6.10): source text to fully expanded tokens.
//!
//! Takes the main file's text and name, the `-I`/`-D`/`-U` options and the
//! target; returns, one call of [`Preprocessor::next_token`] at a time, the
//! preprocessing tokens the parser (through `lex`) or the `-E` printer
//! (`print`) consume, ending in `Eof`. Every file it reads is added to the
//! [`SourceMap`] and every macro expansion recorded there, so each token's
//! span leads back to where it was written and through which macros it came.
//! Guarantees: directives are obeyed in order (conditionals, includes with
//! `#include_next` and `#pragma once`, definitions, `#line`, `#error`); macros
//! expand as C11 6.10.3 says, rescanning with the "painted blue" rule; user
//! errors are diagnostics at the offending token (the first one stops
//! preprocessing), warnings are collected, and no input can make it panic.
//!
//! The parts: `lexer` (one file's text to tokens), `expand` (definitions,
//! substitution, `#`, `##`, built-in macros), `expr` (`#if` arithmetic),
//! `search` (include directories), `predefined` (the target's macros),
//! `print` (`-E` text).

pub mod deps;
mod expand;
mod expr;
pub mod lexer;
pub mod predefined;
pub mod print;
pub mod search;

use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::diag::{Diagnostic, FileId, Result, SourceMap, Span, Text};
use crate::intern::{Interner, Sym};
use crate::ir::token::{PpKind, PpToken, Punct, pp_flags};
use crate::target::Target;
use expand::Macro;
use lexer::Lexer;
use search::canonical;

/// What the command line says about preprocessing.
#[derive(Clone, Debug, Default)]
pub struct PpOptions {
    /// `-iquote` directories: for `#include "..."` only, before `-I`.
    pub quote_dirs: Vec<PathBuf>,
    /// `-I` directories, searched in order before the system ones.
    pub include_dirs: Vec<PathBuf>,
    /// `-isystem` directories: system directories searched before the
    /// standard ones.
    pub isystem_dirs: Vec<PathBuf>,
    /// The system header directories; `None`: those the target's `cc` uses
    /// (`Some(vec![])` for `-nostdinc`).
    pub system_dirs: Option<Vec<PathBuf>>,
    /// `-idirafter` directories: system directories searched last.
    pub after_dirs: Vec<PathBuf>,
    /// `-include` files, read in order before the main file as if it began
    /// with `#include "FILE"` for each (looked for in the current directory
    /// first, then along the `"..."` search path).
    pub forced_includes: Vec<String>,
    /// `-std=`: the language standard, which sets `__STDC_VERSION__` and,
    /// for the strict ones, `__STRICT_ANSI__` (gcc's default: `gnu17`).
    pub std: Option<String>,
    /// `-D` and `-U`, in command-line order.
    pub defines: Vec<Define>,
    /// The input is already preprocessed (`cc -E` output): no predefined
    /// macros, no implicit `stdc-predef.h`; only line markers matter.
    pub preprocessed_input: bool,
    /// Seconds since 1970 (UTC) for `__DATE__` and `__TIME__`.
    pub timestamp: i64,
    /// `-dM` with `-E`: print the macros defined at the end, not the text.
    pub dump_macros: bool,
    /// `--sysroot=DIR`: the system headers under DIR.
    pub sysroot: Option<PathBuf>,
    /// Assembly with C preprocessing (a `.S` file, `-x
    /// assembler-with-cpp`), preprocessed as gcc's `-lang-asm` does it: a
    /// line's `#` not followed by a directive name (an assembler comment)
    /// is passed through, as is an unpasteable `##` or a `#` before no
    /// parameter in a macro body, since `#` means something else to the
    /// assembler; no digraphs, no `u`/`U`/`u8` literal prefixes;
    /// `__ASSEMBLER__` defined and `-std=` ignored (see [`predefined`]).
    /// Unbalanced quotes, `$` and local labels like `1f` need nothing
    /// new: the preprocessor lets a literal left open run to the end of
    /// its line without a diagnostic (only C's lexer, after it, objects),
    /// and `$` is never part of an identifier.
    pub assembler: bool,
}

#[derive(Clone, Debug)]
pub enum Define {
    /// `-D NAME`, `-D NAME=VALUE`, `-D 'F(x)=VALUE'`.
    Define(String),
    /// `-U NAME`.
    Undef(String),
}

/// gcc's limit, which keeps a self-including header from running forever.
const MAX_INCLUDE_DEPTH: usize = 200;

/// A file being read, with its conditional-inclusion state.
struct OpenFile {
    lexer: Lexer,
    /// Tokens lexed ahead in bulk; a line-start `#` or `Eof` is always the
    /// last, so directives are obeyed before anything after them is lexed.
    buffer: Vec<PpToken>,
    next: usize,
    id: FileId,
    conds: Vec<Cond>,
    /// The include directory it was found in (for `#include_next`).
    dir_index: Option<usize>,
    /// Its path on disk, when it has one (for `#pragma once`).
    path: Option<PathBuf>,
}

/// The preprocessor starts reading file `to` at `line` (entering an include
/// at 1, or returning to its includer).
#[derive(Clone, Copy, Debug)]
pub struct FileSwitch {
    pub to: FileId,
    pub line: u32,
}

/// One `#if` group being read.
struct Cond {
    /// The `#if`/`#ifdef`/`#ifndef` that opened it.
    span: Span,
    /// The last directive of the group (`if`, `else`, ...), as gcc names an
    /// unterminated conditional.
    directive: &'static str,
    state: CondState,
    seen_else: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CondState {
    /// This group is being included.
    Active,
    /// No group has been included yet; a later `#elif`/`#else` may be.
    Waiting,
    /// A group was included; the rest are skipped.
    Done,
}

/// Tokens a macro expanded to, being rescanned.
struct Context {
    tokens: Vec<PpToken>,
    pos: usize,
    /// The macro disabled while these tokens are read (the painted-blue rule).
    disables: Option<Rc<Macro>>,
    /// An argument or directive line being expanded on its own: reading
    /// past its end gives `Eof`, not the tokens after it.
    barrier: bool,
}

/// Identifiers the preprocessor recognises, interned once.
struct Names {
    defined: Sym,
    va_args: Sym,
    va_opt: Sym,
    once: Sym,
    push_macro: Sym,
    pop_macro: Sym,
    gcc: Sym,
    system_header: Sym,
}

pub struct Preprocessor<'a> {
    interner: &'a mut Interner,
    map: &'a mut SourceMap,
    warnings: &'a mut Vec<Diagnostic>,
    opts: &'a PpOptions,
    macros: FxHashMap<Sym, Rc<Macro>>,
    /// `is_macro[sym]`: a macro of that name is defined (the common "no"
    /// answered without hashing).
    is_macro: Vec<bool>,
    /// A filter over every name ever defined (see [`bloom_bit`]): most
    /// identifiers are ruled out as macro names without hashing.
    macro_bloom: [u64; 64],
    files: Vec<OpenFile>,
    contexts: Vec<Context>,
    /// Tokens read ahead (looking for a function-like macro's `(`) and put back.
    lookahead: Option<PpToken>,
    /// Flags of a macro call that expanded to nothing, for the next token
    /// (so `-E` keeps its line structure).
    carried_flags: u8,
    /// Inside an `#if` expression: `defined` and `__has_include` are operators.
    in_if: bool,
    counter: u32,
    names: Names,
    include_dirs: Vec<PathBuf>,
    /// How many of `include_dirs` come from `-iquote` (skipped for `<...>`).
    quote_dirs: usize,
    /// How many of `include_dirs` come from `-iquote` and `-I` (the rest
    /// are system ones).
    user_dirs: usize,
    file_cache: FxHashMap<PathBuf, Text>,
    once: FxHashSet<PathBuf>,
    /// `#pragma push_macro` saves: per name, the definitions (or `None`
    /// for "not defined") that `pop_macro` restores, last first.
    pushed: FxHashMap<Sym, Vec<Option<Rc<Macro>>>>,
    /// File changes, when asked for ([`Preprocessor::track_file_switches`]).
    switches: Option<Vec<FileSwitch>>,
    main_name: Arc<str>,
}

impl<'a> Preprocessor<'a> {
    /// Starts preprocessing `text` (the file `name`): the target's predefined
    /// macros, then `-D`/`-U`, then (on Linux) `stdc-predef.h` as gcc does,
    /// then the file.
    pub fn new(
        name: &str,
        text: Text,
        opts: &'a PpOptions,
        target: &Target,
        interner: &'a mut Interner,
        map: &'a mut SourceMap,
        warnings: &'a mut Vec<Diagnostic>,
    ) -> Result<Self> {
        let names = Names {
            defined: interner.intern("defined"),
            va_args: interner.intern("__VA_ARGS__"),
            va_opt: interner.intern("__VA_OPT__"),
            once: interner.intern("once"),
            push_macro: interner.intern("push_macro"),
            pop_macro: interner.intern("pop_macro"),
            gcc: interner.intern("GCC"),
            system_header: interner.intern("system_header"),
        };
        let system_dirs = opts
            .system_dirs
            .clone()
            .unwrap_or_else(|| search::system_dirs(target, opts.sysroot.as_deref()));
        // gcc's order: -iquote (quoted names only), -I, then the system
        // ones: -isystem, the standard directories, -idirafter.
        let mut include_dirs = opts.quote_dirs.clone();
        let quote_dirs = include_dirs.len();
        include_dirs.extend(opts.include_dirs.iter().cloned());
        let user_dirs = include_dirs.len();
        include_dirs.extend(opts.isystem_dirs.iter().cloned());
        include_dirs.extend(system_dirs);
        include_dirs.extend(opts.after_dirs.iter().cloned());
        let main_name: Arc<str> = name.into();
        let mut pp = Preprocessor {
            interner,
            map,
            warnings,
            opts,
            macros: FxHashMap::default(),
            is_macro: Vec::new(),
            macro_bloom: [0; 64],
            files: Vec::new(),
            contexts: Vec::new(),
            lookahead: None,
            carried_flags: 0,
            in_if: false,
            counter: 0,
            names,
            include_dirs,
            quote_dirs,
            user_dirs,
            file_cache: FxHashMap::default(),
            once: FxHashSet::default(),
            pushed: FxHashMap::default(),
            switches: None,
            main_name: main_name.clone(),
        };
        pp.push_file(main_name, text, None, None, None, false)?;
        if opts.preprocessed_input {
            return Ok(pp);
        }
        // Pushed in reverse: the last pushed is read first. gcc's order:
        // <built-in>, <command-line> (-D, -U), stdc-predef.h, -include
        // files, the main file.
        if !opts.forced_includes.is_empty() {
            let text: String = opts
                .forced_includes
                .iter()
                // A header name takes no escapes: the name goes in as written.
                .map(|f| format!("#include \"{f}\"\n"))
                .collect();
            pp.push_text("<command-line>", text)?;
        }
        if let Some(predef) = target
            .is_linux()
            .then(|| pp.find_include("stdc-predef.h", true, None))
            .flatten()
        {
            let text = pp.read_file(&predef.path).unwrap_or_default();
            pp.push_file(
                predef.name.into(),
                text,
                None,
                predef.dir_index,
                Some(predef.path),
                true,
            )?;
        }
        let mut command_line = String::new();
        for d in &opts.defines {
            match d {
                Define::Define(def) => {
                    let (name, value) = def.split_once('=').unwrap_or((def, "1"));
                    command_line.push_str(&format!("#define {name} {value}\n"));
                }
                Define::Undef(name) => command_line.push_str(&format!("#undef {name}\n")),
            }
        }
        pp.push_text("<command-line>", command_line)?;
        pp.define_builtins();
        let built_in = predefined::definitions(target, opts.std.as_deref(), opts.assembler)
            .map_err(|m| Diagnostic::error(Span::default(), m))?;
        pp.push_text("<built-in>", built_in)?;
        Ok(pp)
    }

    fn has_macro(&self, name: Sym) -> bool {
        is_defined(&self.is_macro, name)
    }

    fn set_macro(&mut self, name: Sym, m: Rc<Macro>) {
        if self.is_macro.len() <= name.index() {
            self.is_macro.resize(name.index() + 1, false);
        }
        self.is_macro[name.index()] = true;
        let bit = bloom_bit(self.interner.get(name));
        self.macro_bloom[bit / 64] |= 1 << (bit % 64);
        self.macros.insert(name, m);
    }

    fn remove_macro(&mut self, name: Sym) {
        if let Some(flag) = self.is_macro.get_mut(name.index()) {
            *flag = false;
        }
        self.macros.remove(&name);
    }

    /// The next source lines, if preprocessing leaves them unchanged and
    /// nothing is pending before them (see [`Lexer::plain_lines`]), as a
    /// global span of the current file; for `-E`.
    pub fn plain_lines(&mut self) -> Option<Span> {
        if self.lookahead.is_some() || !self.contexts.is_empty() || self.carried_flags != 0 {
            return None;
        }
        let file = self.files.last_mut()?;
        if file.next != file.buffer.len() {
            return None;
        }
        let (interner, is_macro, bloom) = (&*self.interner, &self.is_macro, &self.macro_bloom);
        let (start, end) = file.lexer.plain_lines(|word| {
            let bit = bloom_bit(word);
            bloom[bit / 64] & (1 << (bit % 64)) != 0
                && interner
                    .lookup(word)
                    .is_some_and(|sym| is_defined(is_macro, sym))
        })?;
        let base = self.map.file(file.id).base as usize;
        Some(Span::new(base + start, base + end))
    }

    /// The text of a span within one file.
    pub fn text(&self, span: Span) -> &str {
        let file = self.map.file(self.map.file_at(span.lo));
        &file.text[(span.lo - file.base) as usize..(span.hi - file.base) as usize]
    }

    /// The interner the tokens' `sym`s belong to.
    pub fn interner(&self) -> &Interner {
        self.interner
    }

    /// The same, to intern more names (the lexer's keywords).
    pub fn interner_mut(&mut self) -> &mut Interner {
        self.interner
    }

    /// The next fully macro-expanded token; `Eof` at the end of the main file.
    #[inline]
    pub fn next_token(&mut self) -> Result<PpToken> {
        // The bulk of a file: no expansion being rescanned, nothing read
        // ahead, so the file's next token can be lexed and handed on at once
        // unless it starts a directive, ends the file or names a macro.
        // (`#if` lines are expanded inside a barrier context, so an empty
        // context stack also means no `#if` is being evaluated.)
        if self.lookahead.is_none() && self.contexts.is_empty() && self.carried_flags == 0 {
            debug_assert!(!self.in_if);
            let file = self.files.last_mut().expect("the main file stays open");
            let buffered = file.buffer.get(file.next).copied();
            let tok = buffered.unwrap_or_else(|| file.lexer.next(self.interner));
            // A file's own tokens are never marked NO_EXPAND.
            debug_assert!(!tok.has(pp_flags::NO_EXPAND));
            let plain = match tok.kind {
                PpKind::Ident => !is_defined(&self.is_macro, tok.sym),
                _ => !tok.is_directive_or_end(),
            };
            if plain {
                if buffered.is_some() {
                    file.next += 1;
                }
                return Ok(tok);
            }
            if buffered.is_none() {
                // The general path reads it from the buffer.
                file.buffer.clear();
                file.next = 0;
                file.buffer.push(tok);
            }
        }
        self.next_token_slow()
    }

    fn next_token_slow(&mut self) -> Result<PpToken> {
        loop {
            let mut tok = self.next_unexpanded()?;
            if tok.kind == PpKind::Ident
                && !tok.has(pp_flags::NO_EXPAND)
                && (self.in_if || self.has_macro(tok.sym))
            {
                if self.in_if
                    && let Some(value) = self.if_operator(tok)?
                {
                    return Ok(value);
                }
                if let Some(m) = self.macros.get(&tok.sym) {
                    if m.disabled.get() {
                        tok.flags |= pp_flags::NO_EXPAND;
                    } else {
                        let m = m.clone();
                        if self.expand(tok, m)? {
                            continue;
                        }
                    }
                }
            }
            if self.carried_flags != 0 && tok.kind != PpKind::Eof {
                tok.flags |= std::mem::take(&mut self.carried_flags);
            }
            return Ok(tok);
        }
    }

    /// The next token before macro expansion: put-back tokens, then the
    /// innermost expansion being rescanned, then the files.
    fn next_unexpanded(&mut self) -> Result<PpToken> {
        if let Some(tok) = self.lookahead.take() {
            return Ok(tok);
        }
        while let Some(ctx) = self.contexts.last_mut() {
            if let Some(&tok) = ctx.tokens.get(ctx.pos) {
                ctx.pos += 1;
                return Ok(tok);
            }
            if ctx.barrier {
                return Ok(PpToken {
                    kind: PpKind::Eof,
                    flags: 0,
                    sym: Sym::NONE,
                    span: Span::default(),
                });
            }
            if let Some(m) = &ctx.disables {
                m.disabled.set(false);
            }
            self.contexts.pop();
        }
        self.next_from_files()
    }

    /// The next token of the current file, obeying directives on the way.
    fn next_from_files(&mut self) -> Result<PpToken> {
        loop {
            let file = self.files.last_mut().expect("the main file stays open");
            if file.next == file.buffer.len() {
                file.buffer.clear();
                file.next = 0;
                file.lexer.fill(self.interner, &mut file.buffer);
            }
            let tok = file.buffer[file.next];
            file.next += 1;
            // Only a line's first token can be a directive's `#` or the end.
            if !tok.is_directive_or_end() {
                return Ok(tok);
            }
            if tok.kind == PpKind::Punct(Punct::Hash) {
                if let Some(pragma) = self.directive(tok)? {
                    return Ok(pragma);
                }
                continue;
            }
            if let Some(error) = file.lexer.take_error() {
                return Err(error);
            }
            if let Some(cond) = file.conds.last() {
                return Err(Diagnostic::error(
                    cond.span,
                    format!("unterminated #{}", cond.directive),
                ));
            }
            if self.files.len() == 1 {
                self.files[0].lexer.unread(tok);
                return Ok(tok);
            }
            let done = self.files.pop().expect("more than one file").id;
            if let Some(switches) = &mut self.switches {
                let to = self.files.last().expect("an includer").id;
                // Back in the includer, on the line after the `#include`.
                let line = self
                    .map
                    .file(done)
                    .included_from
                    .map_or(1, |site| self.map.locate(site.lo).line + 1);
                switches.push(FileSwitch { to, line });
            }
        }
    }

    /// Records every change of the file being read from now on (for line
    /// markers: `-E` names every file entered, even one that yields no
    /// tokens, as gcc does, and tools like ccache rely on it).
    pub fn track_file_switches(&mut self) {
        self.switches = Some(Vec::new());
    }

    /// The file changes since the last call.
    pub fn take_file_switches(&mut self) -> Vec<FileSwitch> {
        self.switches
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// The next raw token of the current file (directives, skipped groups).
    fn raw_token(&mut self) -> PpToken {
        let file = self.files.last_mut().expect("a file is open");
        file.lexer.next(self.interner)
    }

    fn lexer(&mut self) -> &mut Lexer {
        &mut self.files.last_mut().expect("a file is open").lexer
    }

    /// The next raw token of the directive line, or `None` at its end.
    fn directive_token(&mut self) -> Result<Option<PpToken>> {
        let tok = self.raw_token();
        if tok.has(pp_flags::LINE_START) {
            self.lexer().unread(tok);
            return Ok(None);
        }
        Ok(Some(tok))
    }

    /// The rest of the directive line, unexpanded.
    fn line_tokens(&mut self) -> Result<Vec<PpToken>> {
        let mut tokens = Vec::new();
        while let Some(tok) = self.directive_token()? {
            tokens.push(tok);
        }
        Ok(tokens)
    }

    /// Warns about anything after a directive that takes nothing more.
    fn end_of_directive(&mut self, directive: &str) -> Result<()> {
        if let Some(extra) = self.directive_token()? {
            self.warnings.push(Diagnostic::warning(
                extra.span,
                format!("extra tokens at end of #{directive} directive"),
            ));
            self.line_tokens()?;
        }
        Ok(())
    }

    /// Obeys the directive whose `#` is `hash`; a `#pragma` to pass on comes
    /// back as a token, and so does the `#` of a line in assembly that is
    /// no directive.
    fn directive(&mut self, hash: PpToken) -> Result<Option<PpToken>> {
        let Some(name) = self.directive_token()? else {
            return Ok(None); // the null directive
        };
        // gcc's line markers are C's only: in assembly `# 12` may be a
        // comment.
        if name.kind == PpKind::Number && !self.opts.assembler {
            self.line_directive(name, true)?;
            return Ok(None);
        }
        let word = self.directive_word(name);
        if word.is_empty() && self.opts.assembler {
            // An assembler comment or pseudo-op (`# loop`, `#APP`): the
            // line is text like any other, its macros expanded (gcc's
            // `-lang-asm`).
            self.lexer().unread(name);
            return Ok(Some(hash));
        }
        match word {
            "define" => self.define(name)?,
            "undef" => self.undef(name)?,
            "include" => self.include(name, false)?,
            "include_next" => self.include(name, true)?,
            "if" | "ifdef" | "ifndef" => self.if_directive(name, word)?,
            "elif" | "else" => {
                self.next_group(name, word)?;
                self.innermost_cond().expect("just moved on").state = CondState::Done;
                if word == "else" {
                    self.end_of_directive("else")?;
                } else {
                    self.line_tokens()?;
                }
                self.skip_group()?;
            }
            "endif" => {
                let file = self.files.last_mut().expect("a file is open");
                if file.conds.pop().is_none() {
                    return Err(Diagnostic::error(name.span, "#endif without #if"));
                }
                self.end_of_directive("endif")?;
            }
            "line" => {
                let Some(first) = self.directive_token()? else {
                    return Err(Diagnostic::error(
                        name.span,
                        "unexpected end of line after #line",
                    ));
                };
                self.line_directive(first, false)?;
            }
            "error" | "warning" => {
                let text = self.spell_line()?;
                let message = format!("#{word} {text}").trim_end().to_string();
                if word == "error" {
                    return Err(Diagnostic::error(name.span, message));
                }
                self.warnings.push(Diagnostic::warning(name.span, message));
            }
            "pragma" => return self.pragma(hash),
            "ident" | "sccs" => {
                self.line_tokens()?;
            }
            _ => {
                return Err(Diagnostic::error(
                    name.span,
                    format!(
                        "invalid preprocessing directive #{}",
                        name.spelling(self.interner)
                    ),
                ));
            }
        }
        Ok(None)
    }

    /// The directive `name` names, as a static string; `""` for none.
    fn directive_word(&self, name: PpToken) -> &'static str {
        const DIRECTIVES: &[&str] = &[
            "define",
            "undef",
            "include",
            "include_next",
            "if",
            "ifdef",
            "ifndef",
            "elif",
            "else",
            "endif",
            "line",
            "error",
            "warning",
            "pragma",
            "ident",
            "sccs",
        ];
        if name.kind != PpKind::Ident {
            return "";
        }
        let spelled = self.interner.get(name.sym);
        DIRECTIVES
            .iter()
            .find(|&&d| d == spelled)
            .copied()
            .unwrap_or("")
    }

    /// The rest of the line as text, tokens separated as they were.
    fn spell_line(&mut self) -> Result<String> {
        let tokens = self.line_tokens()?;
        Ok(self.spell(&tokens))
    }

    fn spell(&self, tokens: &[PpToken]) -> String {
        let mut text = String::new();
        for (i, t) in tokens.iter().enumerate() {
            if i > 0 && t.has(pp_flags::LEADING_SPACE | pp_flags::LINE_START) {
                text.push(' ');
            }
            text.push_str(t.spelling(self.interner));
        }
        text
    }

    fn pragma(&mut self, hash: PpToken) -> Result<Option<PpToken>> {
        let tokens = self.line_tokens()?;
        let is = |i: usize, sym: Sym| tokens.get(i).is_some_and(|t| t.is_ident(sym));
        if is(0, self.names.once) && tokens.len() == 1 {
            if let Some(path) = &self.files.last().expect("a file is open").path {
                let path = canonical(path);
                self.once.insert(path);
            }
            return Ok(None);
        }
        if is(0, self.names.gcc) && is(1, self.names.system_header) {
            return Ok(None);
        }
        if is(0, self.names.push_macro) || is(0, self.names.pop_macro) {
            self.push_or_pop_macro(&tokens)?;
            return Ok(None);
        }
        let text = self.spell(&tokens);
        Ok(Some(PpToken {
            kind: PpKind::Pragma,
            flags: pp_flags::LINE_START,
            sym: self.interner.intern(&text),
            span: hash.span,
        }))
    }

    /// `#pragma push_macro("NAME")` and `#pragma pop_macro("NAME")`, as gcc
    /// has them: push saves the current definition of NAME (or that it has
    /// none), pop restores the last one saved; a pop with nothing saved does
    /// nothing. gcc's `-E` drops these lines too.
    fn push_or_pop_macro(&mut self, tokens: &[PpToken]) -> Result<()> {
        let pragma = tokens[0];
        let word = pragma.spelling(self.interner).to_string();
        let name = match tokens.get(1..4) {
            Some([open, string, close])
                if open.is_punct(Punct::LParen)
                    && close.is_punct(Punct::RParen)
                    && string.kind == PpKind::Str =>
            {
                let text = string.spelling(self.interner);
                text.strip_prefix('"')
                    .and_then(|t| t.strip_suffix('"'))
                    .map(str::to_string)
            }
            _ => None,
        };
        let Some(name) = name else {
            let at = tokens.get(2).or(tokens.get(1)).unwrap_or(&pragma).span;
            return Err(Diagnostic::error(
                at,
                format!("invalid #pragma {word} directive"),
            ));
        };
        if let Some(extra) = tokens.get(4) {
            self.warnings.push(Diagnostic::warning(
                extra.span,
                "extra tokens at end of #pragma directive",
            ));
        }
        let sym = self.interner.intern(&name);
        if pragma.sym == self.names.push_macro {
            let current = self.macros.get(&sym).cloned();
            self.pushed.entry(sym).or_default().push(current);
        } else if let Some(saved) = self.pushed.get_mut(&sym).and_then(Vec::pop) {
            match saved {
                Some(m) => self.set_macro(sym, m),
                None => self.remove_macro(sym),
            }
        }
        Ok(())
    }

    /// `#line N "file"`, or a line marker `# N "file" flags` (`first` is N).
    fn line_directive(&mut self, first: PpToken, marker: bool) -> Result<()> {
        let next_line = self.lexer().next_line_start();
        let mut tokens = vec![first];
        tokens.extend(self.line_tokens()?);
        let tokens = if marker {
            tokens
        } else {
            self.expand_list(tokens)?
        };
        let number = tokens[0];
        let digits = number.spelling(self.interner);
        // gcc reads the number modulo 2^32 and warns past C's 2147483647.
        let line = (number.kind == PpKind::Number && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| {
                digits.bytes().fold((0u32, false), |(n, wrapped), d| {
                    let (times, w1) = n.overflowing_mul(10);
                    let (plus, w2) = times.overflowing_add(u32::from(d - b'0'));
                    (plus, wrapped || w1 || w2)
                })
            });
        if let Some((n, wrapped)) = line
            && (wrapped || n > i32::MAX as u32)
        {
            self.warnings
                .push(Diagnostic::warning(number.span, "line number out of range"));
        }
        let Some((line, _)) = line else {
            let shown = digits.to_string();
            return Err(Diagnostic::error(
                number.span,
                format!("\"{shown}\" after #line is not a positive integer"),
            ));
        };
        let name = match tokens.get(1) {
            None => None,
            Some(t)
                if t.kind == PpKind::Str
                    && !t.has(pp_flags::UNTERMINATED)
                    && t.spelling(self.interner).starts_with('"') =>
            {
                let s = t.spelling(self.interner);
                Some(unescape_file_name(&s[1..s.len() - 1]).into())
            }
            Some(t) => {
                return Err(Diagnostic::error(
                    t.span,
                    format!("invalid filename \"{}\"", t.spelling(self.interner)),
                ));
            }
        };
        if !marker && tokens.len() > 2 {
            self.warnings.push(Diagnostic::warning(
                tokens[2].span,
                "extra tokens at end of #line directive",
            ));
        }
        let id = self.files.last().expect("a file is open").id;
        self.map.add_line_directive(id, next_line, line, name);
        Ok(())
    }

    /// `#if`, `#ifdef` or `#ifndef` (`directive`), named by `name`.
    fn if_directive(&mut self, name: PpToken, directive: &'static str) -> Result<()> {
        let taken = if directive == "if" {
            let tokens = self.line_tokens()?;
            self.condition(tokens, name.span)?
        } else {
            let Some(id) = self.directive_token()? else {
                return Err(Diagnostic::error(
                    name.span,
                    format!("no macro name given in #{directive} directive"),
                ));
            };
            if id.kind != PpKind::Ident {
                return Err(Diagnostic::error(
                    id.span,
                    "macro names must be identifiers",
                ));
            }
            self.end_of_directive(directive)?;
            self.has_macro(id.sym) == (directive == "ifdef")
        };
        let state = if taken {
            CondState::Active
        } else {
            CondState::Waiting
        };
        self.files
            .last_mut()
            .expect("a file is open")
            .conds
            .push(Cond {
                span: name.span,
                directive,
                state,
                seen_else: false,
            });
        if !taken {
            self.skip_group()?;
        }
        Ok(())
    }

    /// Evaluates an `#if`/`#elif` line.
    fn condition(&mut self, tokens: Vec<PpToken>, at: Span) -> Result<bool> {
        self.in_if = true;
        let expanded = self.expand_list(tokens);
        self.in_if = false;
        // An error in a token a macro produced is reported where the macro
        // was used on the directive line, as gcc does.
        expr::evaluate(&expanded?, self.interner, at).map_err(|mut d| {
            d.span = self.map.outermost(d.span);
            d
        })
    }

    /// The conditional being read in the current file, if any.
    fn innermost_cond(&mut self) -> Option<&mut Cond> {
        self.files
            .last_mut()
            .expect("a file is open")
            .conds
            .last_mut()
    }

    /// `#elif` or `#else` (`directive`): moves the innermost conditional on
    /// to its next group; returns the state it was in.
    fn next_group(&mut self, name: PpToken, directive: &'static str) -> Result<CondState> {
        let Some(cond) = self.innermost_cond() else {
            return Err(Diagnostic::error(
                name.span,
                format!("#{directive} without #if"),
            ));
        };
        if cond.seen_else {
            return Err(Diagnostic::error(
                name.span,
                format!("#{directive} after #else"),
            ));
        }
        cond.seen_else = directive == "else";
        cond.directive = directive;
        Ok(cond.state)
    }

    /// Skips the rest of a group whose condition failed, up to the `#elif`
    /// or `#else` that is taken or the `#endif` that closes it.
    fn skip_group(&mut self) -> Result<()> {
        let mut depth = 0usize;
        loop {
            self.lexer().skip_to_directive()?;
            let hash = self.raw_token();
            if hash.kind == PpKind::Eof {
                self.lexer().unread(hash);
                return Ok(());
            }
            let Some(name) = self.directive_token()? else {
                continue;
            };
            let word = self.directive_word(name);
            match word {
                "if" | "ifdef" | "ifndef" => depth += 1,
                "endif" if depth > 0 => depth -= 1,
                "endif" => {
                    self.files.last_mut().expect("a file is open").conds.pop();
                    return self.end_of_directive("endif");
                }
                "else" | "elif" if depth == 0 => {
                    let state = self.next_group(name, word)?;
                    if state == CondState::Waiting {
                        let taken = if word == "else" {
                            self.end_of_directive("else")?;
                            true
                        } else {
                            let tokens = self.line_tokens()?;
                            self.condition(tokens, name.span)?
                        };
                        if taken {
                            self.innermost_cond().expect("still open").state = CondState::Active;
                            return Ok(());
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// `#include` and `#include_next`.
    fn include(&mut self, directive: PpToken, next: bool) -> Result<()> {
        let (name, angled, span) = match self
            .files
            .last_mut()
            .expect("a file is open")
            .lexer
            .header_name(self.interner)?
        {
            Some(h) => {
                self.end_of_directive(if next { "include_next" } else { "include" })?;
                (self.interner.get(h.sym).to_string(), true, h.span)
            }
            None => {
                let tokens = self.line_tokens()?;
                let tokens = self.expand_list(tokens)?;
                self.header_from_tokens(&tokens, directive.span)?
            }
        };
        if name.is_empty() {
            return Err(Diagnostic::error(span, "empty filename in #include"));
        }
        if self.files.len() > MAX_INCLUDE_DEPTH {
            return Err(Diagnostic::error(
                span,
                format!(
                    "#include nested depth {} exceeds maximum of {MAX_INCLUDE_DEPTH}",
                    self.files.len()
                ),
            ));
        }
        let Some(found) = self.find_include(&name, angled, self.search_start(next)) else {
            return Err(Diagnostic::error(
                span,
                format!("{name}: No such file or directory"),
            ));
        };
        // (Canonicalizing is a system call: only when there is a `once`.)
        if !self.once.is_empty() && self.once.contains(&canonical(&found.path)) {
            return Ok(());
        }
        let text = self.read_file(&found.path).map_err(|e| {
            Diagnostic::error(span, format!("{name}: {}", std::io::Error::from(e.kind())))
        })?;
        // As in gcc: a header is a system header when the directory it was
        // found in is a system one; the includer's own directory counts as
        // whatever the includer is.
        let system = match found.dir_index {
            Some(i) => i >= self.user_dirs,
            None if name.starts_with('/') => false,
            None => {
                let includer = self.files.last().expect("a file is open").id;
                self.map.file(includer).system
            }
        };
        let site = Span {
            ctx: 0,
            ..directive.span
        };
        self.push_file(
            found.name.into(),
            text,
            Some(site),
            found.dir_index,
            Some(found.path),
            system,
        )
    }

    /// The header name of a computed `#include`: a string, or `<` ... `>`.
    fn header_from_tokens(&self, tokens: &[PpToken], at: Span) -> Result<(String, bool, Span)> {
        let expects = || Diagnostic::error(at, "#include expects \"FILENAME\" or <FILENAME>");
        let first = tokens.first().ok_or_else(expects)?;
        if first.kind == PpKind::Str {
            let s = first.spelling(self.interner);
            if s.starts_with('"') && s.len() >= 2 && !first.has(pp_flags::UNTERMINATED) {
                return Ok((s[1..s.len() - 1].to_string(), false, first.span));
            }
        }
        if first.is_punct(Punct::Lt) {
            let close = tokens
                .iter()
                .position(|t| t.is_punct(Punct::Gt))
                .ok_or_else(|| Diagnostic::error(first.span, "missing terminating > character"))?;
            let name = self.spell(&tokens[1..close]);
            return Ok((name, true, first.span));
        }
        Err(expects())
    }

    fn read_file(&mut self, path: &PathBuf) -> std::io::Result<Text> {
        if let Some(text) = self.file_cache.get(path) {
            return Ok(text.clone());
        }
        let bytes = std::fs::read(path)?;
        let text = Arc::new(crate::diag::text_from_bytes(bytes));
        self.file_cache.insert(path.clone(), text.clone());
        Ok(text)
    }

    /// A file of the preprocessor's own making (`<built-in>`,
    /// `<command-line>`): no path, not a system header.
    fn push_text(&mut self, name: &str, text: String) -> Result<()> {
        self.push_file(name.into(), Arc::new(text), None, None, None, false)
    }

    fn push_file(
        &mut self,
        name: Arc<str>,
        text: Text,
        included_from: Option<Span>,
        dir_index: Option<usize>,
        path: Option<PathBuf>,
        system: bool,
    ) -> Result<()> {
        let id = self
            .map
            .add_file(name, text.clone(), included_from, system)
            .ok_or_else(|| {
                Diagnostic::error(
                    included_from.unwrap_or_default(),
                    "translation unit larger than 4 GiB",
                )
            })?;
        let base = self.map.file(id).base;
        if let Some(switches) = &mut self.switches
            && !self.files.is_empty()
        {
            switches.push(FileSwitch { to: id, line: 1 });
        }
        self.files.push(OpenFile {
            lexer: Lexer::new(text, base).for_assembler(self.opts.assembler),
            buffer: Vec::with_capacity(lexer::FILL),
            next: 0,
            id,
            conds: Vec::new(),
            dir_index,
            path,
        });
        Ok(())
    }

    /// Expands `tokens` on their own (a macro argument, a directive line):
    /// a macro call cannot reach past their end.
    fn expand_list(&mut self, tokens: Vec<PpToken>) -> Result<Vec<PpToken>> {
        let needs_expansion = tokens.iter().any(|t| {
            t.kind == PpKind::Ident
                && !t.has(pp_flags::NO_EXPAND)
                && (self.in_if || self.has_macro(t.sym))
        });
        if !needs_expansion {
            return Ok(tokens);
        }
        let depth = self.contexts.len();
        self.contexts.push(Context {
            tokens,
            pos: 0,
            disables: None,
            barrier: true,
        });
        let carried = std::mem::take(&mut self.carried_flags);
        let mut out = Vec::new();
        let result = loop {
            match self.next_token() {
                Ok(t) if t.kind == PpKind::Eof => break Ok(()),
                Ok(t) => out.push(t),
                Err(e) => break Err(e),
            }
        };
        // An empty expansion at the very end leaves flags for a token that
        // belongs to this list, not to what follows it.
        self.carried_flags = carried;
        result?;
        debug_assert_eq!(
            self.contexts.len(),
            depth + 1,
            "contexts above the barrier were all read"
        );
        self.contexts.truncate(depth);
        Ok(out)
    }
}

/// A name's bit in the macro filter: from its length and first and last
/// bytes (a few hundred predefined `__NAME__`s leave most bits clear).
fn bloom_bit(name: &str) -> usize {
    match name.as_bytes() {
        [] => 0,
        [first, .., last] | [first @ last] => {
            ((usize::from(*first) << 6) ^ usize::from(*last) ^ (name.len() << 9)) % 4096
        }
    }
}

/// The file name in `#line` and line markers: C escapes undone.
fn unescape_file_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `is_macro[name]`, false past its end (a name interned after the last
/// definition).
fn is_defined(is_macro: &[bool], name: Sym) -> bool {
    is_macro.get(name.index()).copied().unwrap_or(false)
}
