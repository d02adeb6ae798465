//! Make rules for the files a translation unit read (`-M`, `-MM`, `-MD`,
//! `-MMD`, `-MP`), written as gcc writes them.
//!
//! Takes the source map after preprocessing; returns the files it read, then
//! the rule text for given targets. Guarantees gcc's output byte for byte:
//! each file once, in the order first read, the main file first, named as it
//! was found (`inc/../a.h` and `a.h` are two names); system headers (and what
//! they include) only when asked; names escaped for make; lines wrapped at
//! gcc's column with ` \`; with `-MP`, an empty rule for each header so a
//! deleted header does not break the build.

use std::path::{Path, PathBuf};

use crate::diag::SourceMap;

/// gcc's right margin for dependency lines.
const COLUMNS: usize = 72;

/// A file the translation unit read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    pub name: String,
    /// Found in a system directory, or included from a file that was.
    pub system: bool,
}

/// Every file read, once each, in the order first read.
pub fn dependencies(map: &SourceMap) -> Vec<Dependency> {
    let mut seen = rustc_hash::FxHashSet::default();
    map.files()
        .iter()
        .filter(|f| !f.is_builtin())
        .filter(|f| seen.insert(f.name.clone()))
        .map(|f| Dependency {
            name: f.name.to_string(),
            system: f.system,
        })
        .collect()
}

/// gcc's target when no `-MT`/`-MQ` names one: `made` (the `-o` of what is
/// being made, when that is the object or the program), else the source's
/// name with `.o`, without its directory; escaped for make.
pub fn default_target(source: &Path, made: Option<&Path>) -> String {
    let object = made.map_or_else(|| stem(source).with_extension("o"), Path::to_path_buf);
    escape(&object.to_string_lossy())
}

/// gcc's file for `-MD`/`-MMD` when no `-MF` names one: `output` (`-o`)
/// with `.d`, else the source's name with `.d` in the current directory.
pub fn default_rule_file(source: &Path, output: Option<&Path>) -> PathBuf {
    output.unwrap_or(&stem(source)).with_extension("d")
}

fn stem(source: &Path) -> PathBuf {
    PathBuf::from(source.file_stem().unwrap_or_default())
}

/// How the rule is written.
#[derive(Clone, Debug, Default)]
pub struct RuleOptions {
    /// Also list system headers (`-M`, `-MD`; not `-MM`, `-MMD`).
    pub system: bool,
    /// An empty rule per header (`-MP`).
    pub phony: bool,
}

/// The rule `targets: deps`; `targets` are written as given (escape them
/// with [`escape`] first where make needs it).
pub fn make_rule(targets: &[String], deps: &[Dependency], opts: &RuleOptions) -> String {
    let mut out = String::new();
    let mut column = 0;
    for target in targets {
        column = write_name(&mut out, target, column);
    }
    out.push(':');
    column += 1;
    let listed: Vec<String> = deps
        .iter()
        .enumerate()
        // The main file is never a system header; keep it whatever it is.
        .filter(|&(i, d)| i == 0 || opts.system || !d.system)
        .map(|(_, d)| escape(&d.name))
        .collect();
    for name in &listed {
        column = write_name(&mut out, name, column);
    }
    out.push('\n');
    if opts.phony {
        for name in listed.iter().skip(1) {
            out.push_str(name);
            out.push_str(":\n");
        }
    }
    out
}

/// Appends `name` after a space (a line break first when it would pass the
/// margin); returns the new column.
fn write_name(out: &mut String, name: &str, mut column: usize) -> usize {
    if column > 0 {
        if column + name.len() > COLUMNS {
            out.push_str(" \\\n");
            column = 0;
        }
        out.push(' ');
        column += 1;
    }
    out.push_str(name);
    column + name.len()
}

/// A file name as make reads it: `$` doubled, `#` escaped, and white space
/// escaped with the backslashes before it doubled (GNU make's rule for a
/// backslash run that ends at a space).
pub fn escape(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut backslashes = 0;
    for c in name.chars() {
        match c {
            ' ' | '\t' => {
                out.extend(std::iter::repeat_n('\\', backslashes + 1));
            }
            '$' => out.push('$'),
            '#' => out.push('\\'),
            _ => {}
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dep(name: &str, system: bool) -> Dependency {
        Dependency {
            name: name.to_string(),
            system,
        }
    }

    #[test]
    fn escaping_follows_gnu_make() {
        assert_eq!(escape("a b.h"), "a\\ b.h");
        assert_eq!(escape("a\\ b.h"), "a\\\\\\ b.h");
        assert_eq!(escape("cost$.h"), "cost$$.h");
        assert_eq!(escape("#x.h"), "\\#x.h");
        assert_eq!(escape("dir\\x.h"), "dir\\x.h");
    }

    #[test]
    fn system_headers_only_when_asked_and_phony_rules_for_headers() {
        let deps = [
            dep("x.c", false),
            dep("/usr/include/s.h", true),
            dep("a.h", false),
        ];
        let user_only = RuleOptions {
            system: false,
            phony: true,
        };
        assert_eq!(
            make_rule(&["x.o".into()], &deps, &user_only),
            "x.o: x.c a.h\na.h:\n"
        );
        let all = RuleOptions::default();
        let all = RuleOptions {
            system: true,
            ..all
        };
        assert_eq!(
            make_rule(&["x.o".into()], &deps, &all),
            "x.o: x.c /usr/include/s.h a.h\n"
        );
    }

    #[test]
    fn long_lines_wrap_before_the_margin() {
        let deps: Vec<Dependency> = (0..20)
            .map(|i| dep(&format!("header{i:02}.h"), false))
            .collect();
        let rule = make_rule(&["t.o".into()], &deps, &RuleOptions::default());
        for line in rule.lines() {
            assert!(line.len() <= COLUMNS + 2, "{line:?}");
        }
        // Six ten-letter names fit on a line: 20 take four.
        assert_eq!(rule.lines().count(), 4, "{rule}");
        assert!(rule.lines().nth(1).unwrap().starts_with(' '));
    }
}
