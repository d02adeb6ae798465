//! Source positions and gcc-style diagnostics.
//!
//! Takes the files of one translation unit (the main file, every header it
//! includes, the preprocessor's `<built-in>` definitions) laid end to end in
//! one offset space, plus a table of macro expansions; returns rendered
//! reports of the form `file:line:col: error: message` with the source line, a
//! caret, the `In file included from` chain and `in expansion of macro` notes.
//! Guarantees that every span maps back to the file and line the user wrote
//! (after `#line` and `cc -E` line markers).

use std::cell::OnceCell;
use std::fmt::Write as _;
use std::sync::Arc;

use crate::intern::{Interner, Sym};

/// A file's text, shared by the source map and the lexer reading it.
pub type Text = Arc<String>;

/// Source bytes as text: invalid UTF-8 becomes U+FFFD, which the lexer
/// reports in place.
pub fn text_from_bytes(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A half-open byte range in the translation unit's offset space, and the
/// macro expansion that produced the token (`ctx` 0: written in a file;
/// `n`: expansion `n - 1` of [`SourceMap`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    pub lo: u32,
    pub hi: u32,
    pub ctx: u32,
}

impl Span {
    pub fn new(lo: usize, hi: usize) -> Self {
        Span {
            lo: lo as u32,
            hi: hi as u32,
            ctx: 0,
        }
    }

    /// The span covering both `self` and `other`; `self` alone when the two
    /// come from different macro expansions (their offsets are unrelated).
    pub fn to(self, other: Span) -> Span {
        if self.ctx != other.ctx {
            return self;
        }
        Span {
            lo: self.lo.min(other.lo),
            hi: self.hi.max(other.hi),
            ctx: self.ctx,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// A user error or warning: a message at a place in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub span: Span,
    pub message: String,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            span,
            message: message.into(),
        }
    }

    pub fn warning(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            span,
            message: message.into(),
        }
    }
}

pub type Result<T> = std::result::Result<T, Diagnostic>;

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FileId(pub u32);

/// One file as the preprocessor read it (each inclusion is its own entry, so
/// its include chain is known).
pub struct SourceFile {
    /// The name diagnostics and `__FILE__` use: the path as gcc would spell
    /// it (`dir/x.h`, `/usr/include/stdio.h`, `<built-in>`).
    pub name: Arc<str>,
    pub text: Text,
    /// The file's first byte in the translation unit's offset space.
    pub base: u32,
    /// The `#include` directive that brought it in.
    pub included_from: Option<Span>,
    /// A system header (found in a system directory): gcc's flag 3.
    pub system: bool,
    /// `#line` directives and line markers: from offset `at` (global), the
    /// line is `line` and, when given, the file is called `name`.
    line_directives: Vec<LineDirective>,
    line_starts: OnceCell<Vec<u32>>,
}

struct LineDirective {
    at: u32,
    line: u32,
    name: Option<Arc<str>>,
}

/// A macro expansion: which macro, and the span of its name where it was
/// used (itself perhaps inside another expansion).
#[derive(Clone, Copy, Debug)]
pub struct Expansion {
    pub name: Sym,
    pub call_site: Span,
}

/// Every file and macro expansion of one translation unit.
#[derive(Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
    expansions: Vec<Expansion>,
    next_base: u32,
}

/// A resolved source position (1-based line and column).
#[derive(Debug, PartialEq, Eq)]
pub struct Location<'a> {
    pub file: &'a str,
    pub line: u32,
    pub column: u32,
}

impl SourceMap {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file; its offsets start after every file added before (one
    /// spare offset each for its end-of-file position). `None` when the
    /// translation unit would pass 4 GiB.
    pub fn add_file(
        &mut self,
        name: Arc<str>,
        text: Text,
        included_from: Option<Span>,
        system: bool,
    ) -> Option<FileId> {
        let base = self.next_base;
        self.next_base = base
            .checked_add(u32::try_from(text.len()).ok()?)?
            .checked_add(1)?;
        self.files.push(SourceFile {
            name,
            text,
            base,
            included_from,
            system,
            line_directives: Vec::new(),
            line_starts: OnceCell::new(),
        });
        Some(FileId(self.files.len() as u32 - 1))
    }

    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Every file, in the order read (an inclusion each).
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// Records a macro expansion; returns the `ctx` its tokens carry.
    pub fn add_expansion(&mut self, name: Sym, call_site: Span) -> u32 {
        self.expansions.push(Expansion { name, call_site });
        self.expansions.len() as u32
    }

    pub fn expansion(&self, ctx: u32) -> Option<&Expansion> {
        ctx.checked_sub(1)
            .and_then(|i| self.expansions.get(i as usize))
    }

    /// The outermost call site of a span: where the user wrote the macro
    /// call (or the span itself when it is no expansion).
    pub fn outermost(&self, mut span: Span) -> Span {
        while let Some(e) = self.expansion(span.ctx) {
            span = e.call_site;
        }
        span
    }

    /// `#line`: from global offset `at` (the start of the next line) the line
    /// number is `line` and, when given, the file name `name`.
    pub fn add_line_directive(&mut self, file: FileId, at: u32, line: u32, name: Option<Arc<str>>) {
        self.files[file.0 as usize]
            .line_directives
            .push(LineDirective { at, line, name });
    }

    pub fn file_at(&self, offset: u32) -> FileId {
        FileId(
            self.files
                .partition_point(|f| f.base <= offset)
                .saturating_sub(1) as u32,
        )
    }

    /// The file, line (after `#line`) and column of a global offset.
    pub fn locate(&self, offset: u32) -> Location<'_> {
        let id = self.file_at(offset);
        let file = self.file(id);
        let local = offset.saturating_sub(file.base).min(file.text.len() as u32);
        let starts = file.line_starts();
        let phys = starts.partition_point(|&s| s <= local) - 1;
        let column = local - starts[phys] + 1;
        let mut name: &str = &file.name;
        let mut line = phys as u32 + 1;
        let index = file.line_directives.partition_point(|d| d.at <= offset);
        if index > 0 {
            let d = &file.line_directives[index - 1];
            let directive_line = starts.partition_point(|&s| s + file.base <= d.at) as u32;
            // Line numbers past `u32::MAX` wrap, as in gcc.
            line = d.line.wrapping_add(line - directive_line);
            if let Some(n) = file.line_directives[..index]
                .iter()
                .rev()
                .find_map(|d| d.name.as_deref())
            {
                name = n;
            }
        }
        Location {
            file: name,
            line,
            column,
        }
    }

    /// The text of the physical line holding `offset`, without its newline.
    fn line_text(&self, offset: u32) -> &str {
        let file = self.file(self.file_at(offset));
        let local = offset.saturating_sub(file.base).min(file.text.len() as u32);
        let starts = file.line_starts();
        let phys = starts.partition_point(|&s| s <= local) - 1;
        let start = starts[phys] as usize;
        let end = starts
            .get(phys + 1)
            .map_or(file.text.len(), |&e| e as usize - 1);
        file.text[start..end].trim_end_matches('\r')
    }

    /// Renders `diag` the way gcc does: the include chain, position, message,
    /// source line and caret, then one note per macro expansion it came from.
    pub fn render(&self, diag: &Diagnostic, interner: &Interner, color: bool) -> String {
        let mut out = String::new();
        // A token from a predefined (`<built-in>`) or `-D` macro is shown
        // where the user wrote the macro, as gcc does.
        let mut span = diag.span;
        while self.file(self.file_at(span.lo)).is_builtin()
            && let Some(e) = self.expansion(span.ctx)
        {
            span = e.call_site;
        }
        let id = self.file_at(self.outermost(span).lo);
        let mut from = self.file(id).included_from;
        let mut first = true;
        while let Some(site) = from {
            let loc = self.locate(site.lo);
            let lead = if first {
                "In file included from"
            } else {
                "                 from"
            };
            first = false;
            let parent = self.file(self.file_at(site.lo)).included_from;
            let end = if parent.is_some() { "," } else { ":" };
            let _ = writeln!(out, "{lead} {}:{}{end}", loc.file, loc.line);
            from = parent;
        }
        let (kind, kind_color) = match diag.severity {
            Severity::Error => ("error", "\x1b[1;31m"),
            Severity::Warning => ("warning", "\x1b[1;35m"),
        };
        self.render_one(&mut out, span, kind, kind_color, &diag.message, color);
        let mut ctx = span.ctx;
        while let Some(e) = self.expansion(ctx) {
            let message = format!("in expansion of macro '{}'", interner.get(e.name));
            self.render_one(&mut out, e.call_site, "note", "\x1b[1;36m", &message, color);
            ctx = e.call_site.ctx;
        }
        out
    }

    fn render_one(
        &self,
        out: &mut String,
        span: Span,
        kind: &str,
        kind_color: &str,
        message: &str,
        color: bool,
    ) {
        let loc = self.locate(span.lo);
        let (bold, hue, reset) = if color {
            ("\x1b[1m", kind_color, "\x1b[0m")
        } else {
            ("", "", "")
        };
        let _ = writeln!(
            out,
            "{bold}{}:{}:{}:{reset} {hue}{kind}:{reset} {bold}{message}{reset}",
            loc.file, loc.line, loc.column
        );
        let line = self.line_text(span.lo);
        // gcc's layout: the line number right-aligned in five columns (more
        // for a longer number, the caret line's gutter as wide).
        let gutter = loc.line.to_string().len().max(5);
        let _ = writeln!(out, "{:>gutter$} | {line}", loc.line);
        // The caret column counts characters, keeping tabs so it lines up.
        let before: String = line
            .char_indices()
            .take_while(|&(i, _)| i < (loc.column - 1) as usize)
            .map(|(_, c)| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let width = (span.hi.saturating_sub(span.lo) as usize)
            .clamp(1, line.len().saturating_sub(before.len()).max(1));
        let marks = format!("^{}", "~".repeat(width - 1));
        let _ = writeln!(out, "{:>gutter$} | {before}{hue}{marks}{reset}", "");
    }
}

impl SourceFile {
    /// One of the preprocessor's own texts (`<built-in>`, `<command-line>`),
    /// not a file on disk.
    pub fn is_builtin(&self) -> bool {
        self.name.starts_with('<')
    }

    /// Offsets (local) where each physical line starts, computed on first use.
    pub fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(
                self.text
                    .bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| i as u32 + 1),
            );
            starts
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_directives_rename_and_renumber() {
        let mut map = SourceMap::new();
        let text: Text = Arc::new("int x;\n#line 7 \"b.h\"\n\nint y;\n".to_string());
        let id = map
            .add_file("a.c".into(), text.clone(), None, false)
            .unwrap();
        let after = text.find("\n\n").unwrap() as u32 + 1;
        map.add_line_directive(id, after, 7, Some("b.h".into()));
        let y = text.find("y;").unwrap() as u32;
        assert_eq!(
            map.locate(y),
            Location {
                file: "b.h",
                line: 8,
                column: 5
            }
        );
        let x = text.find("x;").unwrap() as u32;
        assert_eq!(
            map.locate(x),
            Location {
                file: "a.c",
                line: 1,
                column: 5
            }
        );
    }

    #[test]
    fn render_has_include_chain_line_and_caret() {
        let mut map = SourceMap::new();
        let main: Text = Arc::new("#include \"h.h\"\n".to_string());
        map.add_file("p.c".into(), main, None, false).unwrap();
        let header: Text = Arc::new("int f(void) {\n    return y + 1;\n}\n".to_string());
        let include = Span::new(1, 8);
        let h = map
            .add_file("h.h".into(), header.clone(), Some(include), false)
            .unwrap();
        let lo = map.file(h).base as usize + header.find('y').unwrap();
        let d = Diagnostic::error(Span::new(lo, lo + 1), "use of undeclared identifier 'y'");
        assert_eq!(
            map.render(&d, &Interner::new(), false),
            "In file included from p.c:1:\nh.h:2:12: error: use of undeclared identifier 'y'\n    2 |     return y + 1;\n      |            ^\n"
        );
    }
}
