//! gcc's options: one table saying, for every option mcc accepts beyond its
//! own single-letter and `--long` ones, how it is spelled and what mcc does
//! with it.
//!
//! Takes one command-line word (and the word after it, for an option whose
//! value is separate); returns the table entry and the value, or `None`
//! for a word gcc would not know either, which the driver reports naming
//! the whole option. The driver carries out each [`Effect`]; `mcc --help`
//! prints the table ([`help`]) and a test checks every entry against the
//! driver.
//!
//! Spelling follows gcc's option grammar: an [`Form::Exact`] option is the
//! word itself; [`Form::Joined`] takes its value attached (`-march=x86-64`,
//! `-Wl,-rpath,/x`, and any word starting with the prefix); [`Form::Separate`]
//! takes the next word (`-Xlinker -z`); [`Form::JoinedOrSeparate`] either
//! (`-MF dep.d`, `-MFdep.d`). Among entries that match, an exact one wins,
//! then the longest prefix.

/// How an option takes its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Exact,
    Joined,
    Separate,
    JoinedOrSeparate,
}

/// What mcc does with an option.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Passed, as given, to the link command; without effect when nothing
    /// is linked (as in gcc).
    Link,
    /// Passed to the assembler where mcc runs it (`.s` and `.S` files,
    /// `--assembler=external`); the built-in encoder takes no options.
    Assembler,
    /// `-pthread`: `_REENTRANT` for the preprocessor and `-pthread` for the
    /// link.
    Pthread,
    /// Preprocessor and dependency options the driver reads itself
    /// (`-isystem`, `-std=`, `-M…`, …).
    Preprocessor,
    /// `-Wp,A,B`: each of A, B read as an option of its own.
    PreprocessorList,
    /// `-O…`: the optimisation level.
    Optimize,
    /// Warning options: accepted; `-w` hides mcc's warnings (the
    /// preprocessor's: `#warning`, redefined macros, ...), `-Werror` makes
    /// them fail the compilation, `-Wno-error` undoes that; the rest name
    /// warnings mcc does not have.
    Warning,
    /// `-g…`: DWARF debug information (ELF; see `backend::debug`).
    Debug,
    /// Unwind tables: `.eh_frame` for every function (ELF), as gcc makes by
    /// default; `-fno-asynchronous-unwind-tables` drops it.
    Unwind,
    /// Position-independent code. mcc's code always is (RIP-relative data,
    /// calls through the PLT), which is what a PIE executable (gcc's default
    /// here, and mcc's) needs; `-fPIC`/`-fpic` also reach global and
    /// `extern` variables through the GOT, as a shared library must.
    Pic,
    /// `--sysroot`: the system headers under it, and the link told.
    Sysroot,
    /// `-x LANG`: the language of the inputs after it.
    Language,
    /// Answered at once, like gcc, and nothing else is done.
    Query,
    /// Accepted and ignored: the reason is in the table.
    Ignored,
    /// Known to gcc, not done by mcc: an error, since going on would give
    /// a different program than the one asked for.
    Unsupported,
}

impl Effect {
    /// What mcc does with an option of this effect, in a few words (for
    /// `--help` and `docs/gcc-options.md`).
    pub fn describe(self) -> &'static str {
        match self {
            Effect::Link => "passed to the link",
            Effect::Assembler => "passed to `as` (`.s`/`.S` files, `--assembler=external`)",
            Effect::Pthread => "`_REENTRANT`, and `-pthread` to the link",
            Effect::Preprocessor => "preprocessor / make rules",
            Effect::PreprocessorList => "each item read as an option",
            Effect::Optimize => "optimisation level",
            Effect::Warning => "warnings (`-w`, `-Werror`, `-Wno-error` honoured)",
            Effect::Debug => "debug information (DWARF 5, ELF)",
            Effect::Pic => "position-independent code",
            Effect::Unwind => "unwind tables (`.eh_frame`)",
            Effect::Language => "language of the inputs after it",
            Effect::Sysroot => "system headers under it; passed to the link",
            Effect::Query => "answered, nothing compiled",
            Effect::Ignored => "accepted, ignored",
            Effect::Unsupported => "error: not supported",
        }
    }
}

pub struct GccOption {
    pub name: &'static str,
    pub form: Form,
    pub effect: Effect,
    pub help: &'static str,
}

const fn opt(name: &'static str, form: Form, effect: Effect, help: &'static str) -> GccOption {
    GccOption {
        name,
        form,
        effect,
        help,
    }
}

use Effect::*;
use Form::*;

/// Every gcc option mcc knows besides its clap-parsed ones (`-c`, `-S`,
/// `-E`, `-P`, `-v`, `-o`, `-I`, `-D`, `-U`, `-L`, `-l` and `--…`).
pub static TABLE: &[GccOption] = &[
    // Preprocessor and dependencies.
    opt(
        "-isystem",
        JoinedOrSeparate,
        Preprocessor,
        "add a system include directory",
    ),
    opt(
        "-iquote",
        JoinedOrSeparate,
        Preprocessor,
        "add a directory for #include \"...\" only",
    ),
    opt(
        "-idirafter",
        JoinedOrSeparate,
        Preprocessor,
        "add an include directory searched last",
    ),
    opt(
        "-include",
        JoinedOrSeparate,
        Preprocessor,
        "include a file before the source",
    ),
    opt(
        "-nostdinc",
        Exact,
        Preprocessor,
        "do not search the system include directories",
    ),
    opt(
        "-std=",
        Joined,
        Preprocessor,
        "the C standard (c89 ... c2x, gnu89 ... gnu2x)",
    ),
    opt("-ansi", Exact, Preprocessor, "same as -std=c90"),
    opt(
        "-M",
        Exact,
        Preprocessor,
        "write a make rule instead of preprocessed text",
    ),
    opt("-MM", Exact, Preprocessor, "as -M, without system headers"),
    opt(
        "-MD",
        Exact,
        Preprocessor,
        "write a make rule besides compiling",
    ),
    opt(
        "-MMD",
        Exact,
        Preprocessor,
        "as -MD, without system headers",
    ),
    opt("-MP", Exact, Preprocessor, "a phony target for each header"),
    opt(
        "-MF",
        JoinedOrSeparate,
        Preprocessor,
        "the file the make rule goes to",
    ),
    opt("-MT", JoinedOrSeparate, Preprocessor, "the rule's target"),
    opt(
        "-MQ",
        JoinedOrSeparate,
        Preprocessor,
        "the rule's target, quoted for make",
    ),
    opt(
        "-MG",
        Exact,
        Unsupported,
        "missing headers as generated files",
    ),
    opt(
        "-Wp,",
        Joined,
        PreprocessorList,
        "preprocessor options, comma-separated",
    ),
    opt("-undef", Exact, Unsupported, "no predefined macros"),
    opt(
        "-C",
        Exact,
        Unsupported,
        "keep comments in preprocessed output",
    ),
    opt(
        "-dM",
        Exact,
        Preprocessor,
        "with -E: print the macros defined at the end instead of the text",
    ),
    // Optimisation, debugging, code generation.
    opt(
        "-O",
        Joined,
        Optimize,
        "optimise: -O0 none, -O1 and up (-O, -Os, -Og, ...) all passes and register allocation",
    ),
    opt(
        "-g",
        Joined,
        Debug,
        "debug information: DWARF 5 for ELF: line tables, functions, variables and their types (-g, -g1..3, -ggdb, -gdwarf-N; -g0 none); other -g options accepted",
    ),
    opt(
        "-fPIC",
        Exact,
        Pic,
        "position-independent code for shared libraries: global data through the GOT",
    ),
    opt("-fpic", Exact, Pic, "as -fPIC (x86-64 has one GOT model)"),
    opt(
        "-fPIE",
        Exact,
        Pic,
        "position-independent executable code (mcc's default)",
    ),
    opt(
        "-fpie",
        Exact,
        Pic,
        "position-independent executable code (mcc's default)",
    ),
    opt(
        "-fno-PIC",
        Exact,
        Pic,
        "(mcc's code is position-independent regardless)",
    ),
    opt(
        "-fno-pic",
        Exact,
        Pic,
        "(mcc's code is position-independent regardless)",
    ),
    opt(
        "-fno-PIE",
        Exact,
        Pic,
        "(mcc's code is position-independent regardless)",
    ),
    opt(
        "-fno-pie",
        Exact,
        Pic,
        "(mcc's code is position-independent regardless)",
    ),
    opt(
        "-fprofile-arcs",
        Exact,
        Unsupported,
        "coverage instrumentation",
    ),
    opt(
        "-ftest-coverage",
        Exact,
        Unsupported,
        "coverage instrumentation",
    ),
    opt(
        "-fsanitize=",
        Joined,
        Unsupported,
        "sanitizer instrumentation",
    ),
    opt("-fopenmp", Exact, Unsupported, "OpenMP"),
    opt(
        "-fasynchronous-unwind-tables",
        Exact,
        Unwind,
        "unwind tables for every function (gcc's default on x86-64)",
    ),
    opt(
        "-fno-asynchronous-unwind-tables",
        Exact,
        Unwind,
        "no unwind tables (unless -funwind-tables)",
    ),
    opt(
        "-funwind-tables",
        Exact,
        Unwind,
        "unwind tables even with -fno-asynchronous-unwind-tables",
    ),
    opt(
        "-fno-unwind-tables",
        Exact,
        Unwind,
        "undoes -funwind-tables",
    ),
    opt(
        "-f",
        Joined,
        Ignored,
        "other code-generation and language options: no meaning for mcc's code (-fno-strict-aliasing, -fwrapv, -ffunction-sections, -fvisibility=..., -fstack-protector..., -fno-omit-frame-pointer, ...)",
    ),
    opt("-m64", Exact, Ignored, "mcc targets x86-64 only"),
    opt("-m32", Exact, Unsupported, "32-bit code"),
    opt("-mx32", Exact, Unsupported, "x32 code"),
    opt(
        "-m",
        Joined,
        Ignored,
        "machine options (-march=, -mtune=, -mno-red-zone, ...): mcc's code runs on every x86-64",
    ),
    opt("-p", Exact, Unsupported, "profiling"),
    opt("-pg", Exact, Unsupported, "profiling"),
    opt("-coverage", Exact, Unsupported, "coverage instrumentation"),
    opt("--coverage", Exact, Unsupported, "coverage instrumentation"),
    // Warnings and diagnostics.
    opt("-w", Exact, Warning, "no warnings shown"),
    opt(
        "-W",
        Joined,
        Warning,
        "warnings (-Wall, -Wextra, -Werror, -Wno-...): mcc's diagnostics are errors",
    ),
    opt("-pedantic", Exact, Warning, "ISO C conformance warnings"),
    opt(
        "-pedantic-errors",
        Exact,
        Warning,
        "ISO C conformance errors",
    ),
    opt(
        "-Wa,",
        Joined,
        Assembler,
        "assembler options, comma-separated",
    ),
    opt("-Xassembler", Separate, Assembler, "one assembler option"),
    opt("-Wl,", Joined, Link, "linker options, comma-separated"),
    opt("-Xlinker", Separate, Link, "one linker option"),
    opt("-shared", Exact, Link, "link a shared library"),
    opt("-static", Exact, Link, "link statically"),
    opt(
        "-static-pie",
        Exact,
        Link,
        "link a static position-independent executable",
    ),
    opt(
        "-pie",
        Exact,
        Link,
        "link a position-independent executable",
    ),
    opt(
        "-no-pie",
        Exact,
        Link,
        "link a position-dependent executable",
    ),
    opt("-rdynamic", Exact, Link, "export every symbol dynamically"),
    opt("-s", Exact, Link, "strip the linked output"),
    opt(
        "-nostdlib",
        Exact,
        Link,
        "no standard libraries or start files",
    ),
    opt("-nostartfiles", Exact, Link, "no start files"),
    opt("-nodefaultlibs", Exact, Link, "no standard libraries"),
    opt("-static-libgcc", Exact, Link, "link libgcc statically"),
    opt("-shared-libgcc", Exact, Link, "link libgcc dynamically"),
    opt(
        "-u",
        JoinedOrSeparate,
        Link,
        "an undefined symbol for the link",
    ),
    opt("-T", JoinedOrSeparate, Link, "a linker script"),
    opt("-z", Separate, Link, "a linker keyword (-z now, ...)"),
    opt(
        "-pthread",
        Exact,
        Pthread,
        "POSIX threads: _REENTRANT and the thread library",
    ),
    // Languages, queries, driver.
    opt(
        "--sysroot=",
        Joined,
        Sysroot,
        "the root of the system headers and libraries",
    ),
    opt(
        "--sysroot",
        Separate,
        Sysroot,
        "the root of the system headers and libraries",
    ),
    opt(
        "-x",
        JoinedOrSeparate,
        Language,
        "the language of the inputs after it: c, assembler, assembler-with-cpp, c-header, cpp-output, none",
    ),
    opt(
        "-pipe",
        Exact,
        Ignored,
        "mcc writes no temporary assembly to pipe",
    ),
    opt(
        "-save-temps",
        Exact,
        Ignored,
        "mcc keeps no temporary files",
    ),
    opt("-dumpversion", Exact, Query, "print mcc's version"),
    opt("-dumpfullversion", Exact, Query, "print mcc's version"),
    opt("-dumpmachine", Exact, Query, "print the target"),
    opt(
        "-print-prog-name=",
        Joined,
        Query,
        "the program the link driver would run",
    ),
    opt(
        "-print-file-name=",
        Joined,
        Query,
        "the library file the link would use",
    ),
    opt(
        "-print-search-dirs",
        Exact,
        Query,
        "the link driver's search directories",
    ),
    opt("-print-libgcc-file-name", Exact, Query, "libgcc's path"),
    opt(
        "-print-multiarch",
        Exact,
        Query,
        "the multiarch directory name",
    ),
    opt("-print-sysroot", Exact, Query, "the system root"),
    opt(
        "-###",
        Exact,
        Query,
        "print the jobs (quoted, on standard error) and run none",
    ),
];

/// The table entry `word` spells, with its attached value (empty for an
/// exact or separate option), if gcc knows it.
pub fn lookup(word: &str) -> Option<(&'static GccOption, &str)> {
    if let Some(exact) = TABLE
        .iter()
        .find(|o| o.name == word && o.form != Form::Joined)
    {
        return Some((exact, ""));
    }
    TABLE
        .iter()
        .filter(|o| matches!(o.form, Form::Joined | Form::JoinedOrSeparate))
        .filter(|o| {
            word.starts_with(o.name) && (word.len() > o.name.len() || o.form == Form::Joined)
        })
        .max_by_key(|o| o.name.len())
        .map(|o| (o, &word[o.name.len()..]))
}

/// The table as `mcc --help` prints it after clap's own options.
pub fn help() -> String {
    let mut out = String::from("gcc's options (what mcc does with each):\n");
    for o in TABLE {
        let spelled = match o.form {
            Form::Exact => o.name.to_string(),
            Form::Joined => format!("{}...", o.name),
            Form::Separate => format!("{} ARG", o.name),
            Form::JoinedOrSeparate => format!("{}[ ]ARG", o.name),
        };
        let what = o.effect.describe();
        out.push_str(&format!("  {spelled:<26} {}: {what}\n", o.help));
    }
    out
}

/// The table as Markdown: `docs/gcc-options.md`, which a test keeps equal
/// to this (re-bless with `MCC_BLESS=1`).
pub fn markdown() -> String {
    let mut out = String::from(
        "# gcc's options in mcc\n\nGenerated from `src/driver/gcc.rs` (the table the driver reads); \
         `tests/gcc_options.rs` checks this file against it and every entry against what mcc does. \
         mcc's own options (`-c`, `-S`, `-E`, `-P`, `-v`, `-o`, `-I`, `-D`, `-U`, `-L`, `-l`, \
         `--book-naming`, `--target`, `--assembler`, the book's stage and optimisation flags, ...) \
         are in `mcc --help`. An option in neither is an error naming it (exit 1).\n\n\
         | option | form | what mcc does | |\n|---|---|---|---|\n",
    );
    for o in TABLE {
        let form = match o.form {
            Form::Exact => "exact",
            Form::Joined => "value attached",
            Form::Separate => "value next",
            Form::JoinedOrSeparate => "value attached or next",
        };
        let effect = o.effect.describe();
        out.push_str(&format!(
            "| `{}` | {form} | {effect} | {} |\n",
            o.name,
            o.help.replace('|', "\\|")
        ));
    }
    out
}
