//! Source positions and gcc-style diagnostics.
//!
//! Takes the preprocessed text of one translation unit (with the `# line "file"`
//! markers `cc -E` writes) and byte-offset [`Span`]s; returns rendered reports of
//! the form `file:line:col: error: message`, the source line and a caret.
//! Guarantees that every position maps back to the user's file and line, not to
//! the preprocessed text.

use std::fmt::Write as _;

/// A half-open byte range in the preprocessed text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    pub lo: u32,
    pub hi: u32,
}

impl Span {
    pub fn new(lo: usize, hi: usize) -> Self {
        Span {
            lo: lo as u32,
            hi: hi as u32,
        }
    }

    /// The span covering both `self` and `other`.
    pub fn to(self, other: Span) -> Span {
        Span {
            lo: self.lo.min(other.lo),
            hi: self.hi.max(other.hi),
        }
    }
}

/// A user error: a message at a place in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub span: Span,
    pub message: String,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            span,
            message: message.into(),
        }
    }
}

pub type Result<T> = std::result::Result<T, Diagnostic>;

/// A `# LINE "FILE"` marker: physical line `phys_line` of the preprocessed text
/// is line `line` of `file`.
#[derive(Clone, Debug)]
pub struct LineMarker {
    pub phys_line: u32,
    pub line: u32,
    pub file: String,
}

/// Maps byte offsets of the preprocessed text back to user files and lines.
pub struct SourceMap<'a> {
    text: &'a str,
    default_file: &'a str,
    line_starts: Vec<u32>,
    markers: &'a [LineMarker],
}

/// A resolved source position (1-based line and column).
#[derive(Debug, PartialEq, Eq)]
pub struct Location<'a> {
    pub file: &'a str,
    pub line: u32,
    pub column: u32,
}

impl<'a> SourceMap<'a> {
    pub fn new(text: &'a str, default_file: &'a str, markers: &'a [LineMarker]) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i as u32 + 1),
        );
        SourceMap {
            text,
            default_file,
            line_starts,
            markers,
        }
    }

    fn phys_line(&self, offset: u32) -> usize {
        self.line_starts.partition_point(|&start| start <= offset) - 1
    }

    pub fn locate(&self, offset: u32) -> Location<'a> {
        let phys = self.phys_line(offset);
        let column = offset - self.line_starts[phys] + 1;
        let marker_index = self
            .markers
            .partition_point(|m| m.phys_line as usize <= phys);
        match marker_index.checked_sub(1).map(|i| &self.markers[i]) {
            Some(m) => Location {
                file: &m.file,
                line: m.line + (phys as u32 - m.phys_line),
                column,
            },
            None => Location {
                file: self.default_file,
                line: phys as u32 + 1,
                column,
            },
        }
    }

    /// The text of the physical line holding `offset`, without its newline.
    fn line_text(&self, offset: u32) -> &'a str {
        let phys = self.phys_line(offset);
        let start = self.line_starts[phys] as usize;
        let end = self
            .line_starts
            .get(phys + 1)
            .map_or(self.text.len(), |&e| e as usize - 1);
        &self.text[start..end]
    }

    /// Renders `diag` the way gcc does: position, message, source line, caret.
    pub fn render(&self, diag: &Diagnostic, color: bool) -> String {
        let offset = diag.span.lo.min(self.text.len() as u32);
        let loc = self.locate(offset);
        let (bold, red, reset) = if color {
            ("\x1b[1m", "\x1b[1;31m", "\x1b[0m")
        } else {
            ("", "", "")
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{bold}{}:{}:{}:{reset} {red}error:{reset} {bold}{}{reset}",
            loc.file, loc.line, loc.column, diag.message
        );
        let line = self.line_text(offset);
        // gcc's layout: the line number right-aligned in five columns.
        let _ = writeln!(out, "{:>5} | {line}", loc.line);
        // The caret column counts characters, keeping tabs so it lines up.
        let before: String = line
            .char_indices()
            .take_while(|&(i, _)| i < (loc.column - 1) as usize)
            .map(|(_, c)| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let width = (diag.span.hi.saturating_sub(diag.span.lo) as usize)
            .clamp(1, line.len().saturating_sub(before.len()).max(1));
        let marks = format!("^{}", "~".repeat(width - 1));
        let _ = writeln!(out, "{:>5} | {before}{red}{marks}{reset}", "");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_map_lines_back_to_files() {
        let text = "# 1 \"a.c\"\nint x;\n# 7 \"b.h\"\n\nint y;\n";
        let markers = vec![
            LineMarker {
                phys_line: 1,
                line: 1,
                file: "a.c".into(),
            },
            LineMarker {
                phys_line: 3,
                line: 7,
                file: "b.h".into(),
            },
        ];
        let map = SourceMap::new(text, "in.c", &markers);
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
    fn render_has_line_and_caret() {
        let text = "int main(void) {\n    return y + 1;\n}\n";
        let map = SourceMap::new(text, "p.c", &[]);
        let lo = text.find('y').unwrap();
        let d = Diagnostic::error(Span::new(lo, lo + 1), "use of undeclared identifier 'y'");
        assert_eq!(
            map.render(&d, false),
            "p.c:2:12: error: use of undeclared identifier 'y'\n    2 |     return y + 1;\n      |            ^\n"
        );
    }
}
