//! The macros a C compiler predefines for the target, as `#define` lines of
//! the preprocessor's `<built-in>` file.
//!
//! Takes the target; returns the text. The tables are facts about each
//! target's ABI and its usual compiler, one `NAME VALUE` per line:
//! `predefined/linux.txt` is what gcc 12 (Debian, x86-64, `-std=gnu17`, no
//! optimisation) predefines, less the macros glibc's `stdc-predef.h` defines
//! itself (included implicitly, as gcc does); `predefined/darwin.txt` is
//! clang 15's set for `x86_64-apple-macosx11.0.0`. Headers test these to pick
//! their branches, so matching the system compiler keeps them working.
//! Except, for C, the instruction-set macros ([`VECTOR_EXTENSIONS`]): they
//! promise the vector types and intrinsics of `<immintrin.h>`, which mcc
//! has not, and programs that test them (zstd, xxHash) fall back to plain
//! C without them. (Assembly keeps them: the assembler has the
//! instructions. `__SSE_MATH__` and `__SSE2_MATH__` stay: floating
//! arithmetic is done in SSE registers.)
//!
//! Assembly with C preprocessing (`.S`) gets gcc's `-lang-asm` set:
//! `__ASSEMBLER__` defined, and none of the macros that describe the C
//! dialect (`__STDC_VERSION__`, `__STDC_UTF_16__`, `__STDC_UTF_32__`),
//! whatever `-std=` says, since gcc ignores `-std=` there (`gcc -E -dM -x
//! assembler-with-cpp` against `-x c`). On Darwin only `__ASSEMBLER__` is
//! added, as clang's tests check; the rest of clang's set is unverified.

use crate::target::Target;

const LINUX: &str = include_str!("predefined/linux.txt");

/// The instruction-set macros C code does not get (see the module header).
const VECTOR_EXTENSIONS: &[&str] = &[
    "__FXSR__",
    "__MMX__",
    "__MMX_WITH_SSE__",
    "__SSE__",
    "__SSE2__",
    "__SSE3__",
    "__SSSE3__",
    "__SSE4_1__",
];
const DARWIN: &str = include_str!("predefined/darwin.txt");

/// The `<built-in>` file for `target` and the `-std=` standard (`None`:
/// the compiler's default, `gnu17`), for C or, with `assembler`, for
/// assembly with C preprocessing; `Err` names an unknown standard.
pub fn definitions(target: &Target, std: Option<&str>, assembler: bool) -> Result<String, String> {
    let table = if target.is_linux() { LINUX } else { DARWIN };
    let std = match std {
        None => Standard::DEFAULT,
        Some(name) => Standard::parse(name).ok_or_else(|| unknown_standard(name))?,
    };
    // gcc's assembler dialect is no C standard at all.
    let gcc_assembler = assembler && target.is_linux();
    let std = if gcc_assembler {
        Standard::DEFAULT
    } else {
        std
    };
    let mut text = String::with_capacity(table.len() * 2);
    for line in table.lines().filter(|l| !l.trim().is_empty()) {
        let name = line.split_whitespace().next().unwrap_or("");
        // Strict modes keep the user's namespace clear (`linux`, `unix`).
        if std.strict && !name.starts_with('_') {
            continue;
        }
        let line = match name {
            "__STDC_VERSION__" | "__STDC_UTF_16__" | "__STDC_UTF_32__" if gcc_assembler => {
                continue;
            }
            _ if !assembler && VECTOR_EXTENSIONS.contains(&name) => continue,
            "__STDC_VERSION__" => match std.version {
                Some(v) => format!("__STDC_VERSION__ {v}L"),
                None => continue,
            },
            // Before C99, inline is GNU's. UTF-16/32 literals are C11's,
            // and a GNU extension from gnu99 on.
            "__GNUC_STDC_INLINE__" if std.before(199901) => "__GNUC_GNU_INLINE__ 1".into(),
            "__STDC_UTF_16__" | "__STDC_UTF_32__"
                if std.before(199901) || (std.strict && std.before(201112)) =>
            {
                continue;
            }
            _ => line.to_string(),
        };
        text.push_str("#define ");
        text.push_str(&line);
        text.push('\n');
    }
    if std.strict {
        text.push_str("#define __STRICT_ANSI__ 1\n");
    }
    if assembler {
        text.push_str("#define __ASSEMBLER__ 1\n");
    }
    Ok(text)
}

/// Whether `-std=name` names a C standard gcc 12 knows; `Err` says what
/// gcc says when it does not.
pub fn check_standard(name: &str) -> Result<(), String> {
    Standard::parse(name)
        .map(|_| ())
        .ok_or_else(|| unknown_standard(name))
}

fn unknown_standard(name: &str) -> String {
    format!("unrecognized command-line option '-std={name}'")
}

/// What a `-std=` choice changes in the predefined macros (gcc 12).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Standard {
    /// `__STDC_VERSION__`; C89 has none.
    version: Option<u32>,
    /// `c11` rather than `gnu11`: `__STRICT_ANSI__`, no `linux`/`unix`.
    strict: bool,
}

impl Standard {
    const DEFAULT: Standard = Standard {
        version: Some(201710),
        strict: false,
    };

    /// Older than the standard whose `__STDC_VERSION__` is `version`.
    fn before(self, version: u32) -> bool {
        self.version.is_none_or(|v| v < version)
    }

    fn parse(name: &str) -> Option<Standard> {
        let (strict, year) = if let Some(year) = name.strip_prefix("gnu") {
            (false, year)
        } else if let Some(year) = name.strip_prefix("c") {
            (true, year)
        } else {
            return match name {
                "iso9899:1990" => Some(Standard {
                    version: None,
                    strict: true,
                }),
                "iso9899:199409" => Some(Standard {
                    version: Some(199409),
                    strict: true,
                }),
                "iso9899:1999" | "iso9899:199x" => Some(Standard {
                    version: Some(199901),
                    strict: true,
                }),
                "iso9899:2011" => Some(Standard {
                    version: Some(201112),
                    strict: true,
                }),
                "iso9899:2017" | "iso9899:2018" => Some(Standard {
                    version: Some(201710),
                    strict: true,
                }),
                _ => None,
            };
        };
        let version = match year {
            "89" | "90" => None,
            "99" | "9x" => Some(199901),
            "11" | "1x" => Some(201112),
            "17" | "18" => Some(201710),
            "2x" => Some(202000),
            _ => return None,
        };
        Some(Standard { version, strict })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standards_set_the_version_and_strictness() {
        let linux = Target::LINUX;
        let default = definitions(&linux, None, false).unwrap();
        assert!(default.contains("#define __STDC_VERSION__ 201710L\n"));
        assert!(default.contains("#define linux 1\n"));
        let c11 = definitions(&linux, Some("c11"), false).unwrap();
        assert!(c11.contains("#define __STDC_VERSION__ 201112L\n"));
        assert!(c11.contains("#define __STRICT_ANSI__ 1\n"));
        assert!(!c11.contains("#define linux"));
        let c89 = definitions(&linux, Some("c89"), false).unwrap();
        assert!(!c89.contains("__STDC_VERSION__"));
        assert!(c89.contains("#define __GNUC_GNU_INLINE__ 1\n"));
        assert!(definitions(&linux, Some("c++17"), false).is_err());
    }

    #[test]
    fn assembly_ignores_the_standard_and_says_so() {
        let linux = Target::LINUX;
        let asm = definitions(&linux, Some("c11"), true).unwrap();
        assert!(asm.contains("#define __ASSEMBLER__ 1\n"));
        assert!(!asm.contains("__STDC_VERSION__"));
        assert!(!asm.contains("__STDC_UTF_16__"));
        assert!(!asm.contains("__STRICT_ANSI__"));
        assert!(asm.contains("#define linux 1\n"));
        assert!(asm.contains("#define __GNUC_STDC_INLINE__ 1\n"));
        let c = definitions(&linux, None, false).unwrap();
        assert!(!c.contains("__ASSEMBLER__"));
    }
}
