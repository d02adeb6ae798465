//! `-E`: the preprocessed translation unit as text, the way `cc -E` prints it.
//!
//! Takes the preprocessor; returns its tokens as lines of text: each source
//! line that yields tokens starts a line (indented to its column, as gcc
//! does), tokens are separated where the source had white space or where
//! they would otherwise run together into different tokens, `#pragma`s get
//! lines of their own. With `markers`, `# LINE "FILE" FLAGS` line markers say
//! where each line came from (flag 1: entering an include, 2: returning to
//! the includer, 3 4: a system header), one for every file entered or
//! returned to even when it yields no tokens, and short gaps are kept as
//! blank lines.
//! Guarantees that lexing the text again gives the same tokens.

use std::io::Write;

use super::Preprocessor;
use super::expand::{Macro, MacroKind};
use crate::diag::{Diagnostic, FileId};
use crate::ir::token::{PpKind, PpToken, Punct, pp_flags};

/// Gaps up to this many lines are printed as blank lines, longer ones as a
/// line marker (gcc's choice).
const MAX_BLANK_LINES: u32 = 8;

/// Why printing stopped.
#[derive(Debug)]
pub enum PrintError {
    Diagnostic(Diagnostic),
    Io(std::io::Error),
}

impl From<Diagnostic> for PrintError {
    fn from(d: Diagnostic) -> Self {
        PrintError::Diagnostic(d)
    }
}

impl From<std::io::Error> for PrintError {
    fn from(e: std::io::Error) -> Self {
        PrintError::Io(e)
    }
}

/// Text on its way to a writer, in chunks (a large translation unit is
/// never held whole), remembering the last character written.
struct Sink<'w> {
    buf: String,
    writer: &'w mut dyn Write,
    last: u8,
}

impl Sink<'_> {
    const CHUNK: usize = 1 << 16;

    fn push_str(&mut self, s: &str) {
        if let Some(&b) = s.as_bytes().last() {
            self.buf.push_str(s);
            self.last = b;
        }
    }

    fn push(&mut self, c: char) {
        self.buf.push(c);
        self.last = c as u8;
    }

    fn is_empty(&self) -> bool {
        self.last == 0
    }

    fn ends_with_newline(&self) -> bool {
        self.last == b'\n'
    }

    fn flush_if_full(&mut self) -> std::io::Result<()> {
        if self.buf.len() >= Self::CHUNK {
            self.writer.write_all(self.buf.as_bytes())?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Ends the current line, if one was begun.
    fn end_line(&mut self) {
        if !self.is_empty() && !self.ends_with_newline() {
            self.push('\n');
        }
    }

    fn finish(mut self) -> std::io::Result<()> {
        self.end_line();
        self.writer.write_all(self.buf.as_bytes())?;
        self.writer.flush()
    }
}

pub fn print(
    pp: &mut Preprocessor,
    markers: bool,
    writer: &mut dyn Write,
) -> Result<(), PrintError> {
    let mut out = Sink {
        buf: String::with_capacity(Sink::CHUNK * 2),
        writer,
        last: 0,
    };
    let mut prev: Option<PpToken> = None;
    let mut file: Option<FileId> = None;
    let mut line = 0u32;
    if markers {
        pp.track_file_switches();
        // The main file is the first the preprocessor added.
        let main = FileId(0);
        out.push_str(&format!("# 1 \"{}\"\n", escape(&pp.map.file(main).name)));
        file = Some(main);
        line = 1;
    }
    loop {
        out.flush_if_full()?;
        if let Some(span) = pp.plain_lines() {
            let text = pp.text(span);
            if text.trim_start().is_empty() {
                continue;
            }
            if markers {
                let id = pp.map.file_at(span.lo);
                let loc = pp.map.locate(span.lo);
                let (to_line, name) = (loc.line, loc.file.to_string());
                line_up(&mut out, pp, &mut file, &mut line, id, to_line, &name);
                line += text.bytes().filter(|&b| b == b'\n').count() as u32;
            } else {
                out.end_line();
            }
            out.push_str(text);
            prev = None;
            continue;
        }
        let tok = pp.next_token()?;
        if markers {
            announce_switches(&mut out, pp, &mut file, &mut line);
        }
        if tok.kind == PpKind::Eof {
            break;
        }
        if tok.kind == PpKind::Pragma {
            out.end_line();
            out.push_str("#pragma ");
            out.push_str(tok.spelling(pp.interner));
            out.push('\n');
            line += 1;
            prev = None;
            continue;
        }
        if tok.has(pp_flags::LINE_START) || prev.is_none() {
            if markers {
                let site = pp.map.outermost(tok.span);
                let id = pp.map.file_at(site.lo);
                let loc = pp.map.locate(site.lo);
                let (to_line, column, name) = (loc.line, loc.column, loc.file.to_string());
                line_up(&mut out, pp, &mut file, &mut line, id, to_line, &name);
                for _ in 1..column {
                    out.push(' ');
                }
            } else {
                out.end_line();
                if tok.has(pp_flags::LEADING_SPACE) {
                    out.push(' ');
                }
            }
        } else if tok.has(pp_flags::LEADING_SPACE)
            || prev.is_some_and(|p| would_paste(&p, &tok, pp))
        {
            out.push(' ');
        }
        out.push_str(tok.spelling(pp.interner));
        prev = Some(tok);
    }
    out.finish()?;
    Ok(())
}

/// A line marker for each file the preprocessor entered or returned to
/// since the last token, whether or not it yielded tokens (as gcc prints
/// them; ccache finds a unit's headers this way).
fn announce_switches(
    out: &mut Sink,
    pp: &mut Preprocessor,
    file: &mut Option<FileId>,
    line: &mut u32,
) {
    for switch in pp.take_file_switches() {
        let file_to = pp.map.file(switch.to);
        // `<built-in>` and `<command-line>` have no lines of their own.
        if file_to.is_builtin() {
            continue;
        }
        let name = file_to.name.clone();
        out.end_line();
        write_marker(out, pp, file, line, switch.to, switch.line, &name);
    }
}

/// Starts a new output line for source line `to_line` of file `id` (called
/// `name` there, after any `#line`): blank
/// lines to reach it if it is a little further on in the same file, else a
/// line marker.
fn line_up(
    out: &mut Sink,
    pp: &Preprocessor,
    file: &mut Option<FileId>,
    line: &mut u32,
    id: FileId,
    to_line: u32,
    name: &str,
) {
    if !out.ends_with_newline() {
        out.push('\n');
        *line += 1;
    }
    if *file != Some(id) || to_line < *line || to_line - *line > MAX_BLANK_LINES {
        write_marker(out, pp, file, line, id, to_line, name);
    } else {
        for _ in *line..to_line {
            out.push('\n');
        }
        *line = to_line;
    }
}

/// `# LINE "NAME" FLAGS` for line `to_line` of file `id`, at a line start;
/// the position is then there.
fn write_marker(
    out: &mut Sink,
    pp: &Preprocessor,
    file: &mut Option<FileId>,
    line: &mut u32,
    id: FileId,
    to_line: u32,
    name: &str,
) {
    let flags = match *file {
        Some(old) => marker_flags(pp, old, id),
        None => "",
    };
    let system = if pp.map.file(id).system { " 3 4" } else { "" };
    out.push_str(&format!(
        "# {to_line} \"{}\"{flags}{system}\n",
        escape(name)
    ));
    *file = Some(id);
    *line = to_line;
}

/// gcc's line-marker flags between two files: entering an include (1) or
/// returning to an includer (2).
fn marker_flags(pp: &Preprocessor, old: FileId, new: FileId) -> &'static str {
    let map = &pp.map;
    // A file read before the main one without an `#include` (the implicit
    // `stdc-predef.h`) is entered all the same.
    if new != FileId(0) && old == FileId(0) && map.file(new).included_from.is_none() {
        return " 1";
    }
    if map
        .file(new)
        .included_from
        .is_some_and(|s| map.file_at(s.lo) == old)
    {
        return " 1";
    }
    let mut from = map.file(old).included_from;
    while let Some(site) = from {
        let f = map.file_at(site.lo);
        if f == new {
            return " 2";
        }
        from = map.file(f).included_from;
    }
    ""
}

/// A file name as a line marker quotes it.
fn escape(name: &str) -> String {
    let mut text = String::with_capacity(name.len());
    super::expand::push_escaped(&mut text, name);
    text
}

/// Whether `b` written right after `a` would lex differently (`+` `+` is
/// `++`, `x` `1` is `x1`, `/` `/` starts a comment).
fn would_paste(a: &PpToken, b: &PpToken, pp: &Preprocessor) -> bool {
    // Most neighbours can be told apart by kind alone: a name before an
    // operator, a number before one not starting with `.`, `+` or `-`, and
    // an operator before a name never run together.
    match (a.kind, b.kind) {
        (PpKind::Ident, PpKind::Punct(_)) => return false,
        (PpKind::Punct(p), PpKind::Ident) if p != Punct::Dot => return false,
        // (`1e` `+` is the number `1e+`; `1` `.` is `1.`.)
        (PpKind::Number, PpKind::Punct(p)) if !p.text().starts_with(['.', '+', '-']) => {
            return false;
        }
        _ => {}
    }
    let sa = a.spelling(pp.interner);
    let sb = b.spelling(pp.interner);
    let (Some(last), Some(first)) = (sa.bytes().last(), sb.bytes().next()) else {
        return false;
    };
    let word = super::lexer::is_ident_byte;
    match (a.kind, b.kind) {
        (PpKind::Ident | PpKind::Number, _) if word(first) => true,
        // A quote after a name makes one literal only after a prefix.
        (PpKind::Ident, PpKind::Char | PpKind::Str) => match sa {
            "L" => true,
            "u" | "U" => !pp.opts.assembler,
            "u8" => !pp.opts.assembler && first == b'"',
            _ => false,
        },
        (PpKind::Number, _) => {
            first == b'.'
                || ((first == b'+' || first == b'-') && matches!(last, b'e' | b'E' | b'p' | b'P'))
        }
        (PpKind::Punct(Punct::Dot), PpKind::Number) => true,
        (PpKind::Punct(_), PpKind::Punct(_)) => {
            if last == b'/' && (first == b'/' || first == b'*') {
                return true;
            }
            let joined = [last, first, sb.as_bytes().get(1).copied().unwrap_or(0)];
            let digraphs = !pp.opts.assembler;
            super::lexer::punct_in(&joined, 0, digraphs).is_some_and(|(_, len, _)| len > 1)
                || (sa.ends_with("..") && first == b'.')
                || (last == b'.' && sb.starts_with(".."))
        }
        _ => false,
    }
}

/// `-dM`: reads the whole translation unit, then prints a `#define` for
/// every macro defined at its end (gcc's predefined ones included, the
/// built-in `__FILE__`-like ones not, as gcc does), sorted by name (gcc's
/// order is its hash table's; nothing relies on it).
pub fn print_macros(pp: &mut Preprocessor, writer: &mut dyn Write) -> Result<(), PrintError> {
    loop {
        if pp.plain_lines().is_some() {
            continue;
        }
        if pp.next_token()?.kind == PpKind::Eof {
            break;
        }
    }
    let mut defined: Vec<(&str, &Macro)> = pp
        .macros
        .iter()
        .filter(|(_, m)| !matches!(m.kind, MacroKind::Builtin(_)))
        .map(|(&name, m)| (pp.interner.get(name), &**m))
        .collect();
    defined.sort_by(|a, b| a.0.cmp(b.0));
    let mut text = String::new();
    for (name, m) in defined {
        text.push_str("#define ");
        text.push_str(name);
        if m.kind == MacroKind::Function {
            let mut params: Vec<&str> = m.params.iter().map(|&p| pp.interner.get(p)).collect();
            if m.variadic {
                // `__VA_ARGS__` is written `...`; a named one `args...`.
                match params.last_mut() {
                    Some(last) if *last == "__VA_ARGS__" => *last = "...",
                    _ => {}
                }
            }
            text.push('(');
            text.push_str(&params.join(","));
            if m.variadic && params.last().is_some_and(|p| *p != "...") {
                text.push_str("...");
            }
            text.push(')');
        }
        // gcc writes the space after the name even before an empty body.
        text.push(' ');
        for (i, tok) in m.body.iter().enumerate() {
            if i > 0 && tok.has(pp_flags::LEADING_SPACE) {
                text.push(' ');
            }
            text.push_str(tok.spelling(pp.interner));
        }
        text.push('\n');
    }
    writer.write_all(text.as_bytes())?;
    Ok(())
}
