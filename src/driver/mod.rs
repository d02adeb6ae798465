//! The `mcc` command line: a gcc-style driver (see shared docs/cli.md).
//!
//! Takes command-line arguments; runs the compiler ([`crate::compile`], which
//! preprocesses too, or [`crate::preprocess`] for `-E` and for assembly
//! with C preprocessing, `.S`), the external assembler (`as`) when asked and
//! on `.s` and preprocessed `.S` files, and the linker (`cc`) on each input
//! as the options ask, and writes make rules for `-M`/`-MD` (formatted by
//! [`crate::pp::deps`]). It holds no compiler logic. Guarantees: exit 0 on success,
//! 1 for an invalid program or a failed external tool (reported with its
//! command and output), 2 for a bad command line; outputs are written under a
//! temporary name and renamed into place only on success, and temporaries are
//! always removed.

use std::ffi::OsString;
use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};

use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser};

use crate::pp::deps::{Dependency, RuleOptions};
use crate::pp::{Define, PpOptions};

use crate::target::Target;

pub mod gcc;
use crate::{Compiled, Dump, Emit, Options, PreprocessFailure, Stage};

#[derive(Parser, Debug)]
#[command(
    name = "mcc",
    version,
    about = "A C compiler for x86-64",
    disable_help_subcommand = true
)]
struct Cli {
    /// Input files: .c sources, .s assembly, .S assembly to preprocess,
    /// .o/.a objects and libraries.
    #[arg(required = true, value_name = "FILE")]
    inputs: Vec<PathBuf>,
    /// Compile and assemble, but do not link.
    #[arg(short = 'c')]
    compile_only: bool,
    /// Compile only; write AT&T assembly.
    #[arg(short = 'S')]
    assembly_only: bool,
    /// Preprocess only, to stdout or -o.
    #[arg(short = 'E')]
    preprocess_only: bool,
    /// With -E: no line markers.
    #[arg(short = 'P')]
    no_line_markers: bool,
    /// Write output to FILE.
    #[arg(short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Add DIR to the include search path.
    #[arg(short = 'I', value_name = "DIR")]
    include_dirs: Vec<OsString>,
    /// Define a macro: NAME or NAME=VALUE.
    #[arg(short = 'D', value_name = "NAME[=VALUE]")]
    defines: Vec<OsString>,
    /// Undefine a macro.
    #[arg(short = 'U', value_name = "NAME")]
    undefines: Vec<OsString>,
    /// Add DIR to the library search path.
    #[arg(short = 'L', value_name = "DIR")]
    lib_dirs: Vec<OsString>,
    /// Link with library LIB (always placed after the objects).
    #[arg(short = 'l', value_name = "LIB")]
    libs: Vec<OsString>,
    /// Stop after lexing.
    #[arg(long)]
    lex: bool,
    /// Stop after parsing.
    #[arg(long)]
    parse: bool,
    /// Stop after semantic analysis.
    #[arg(long)]
    validate: bool,
    /// Stop after TACKY generation.
    #[arg(long)]
    tacky: bool,
    /// Stop after code generation, before writing assembly.
    #[arg(long)]
    codegen: bool,
    /// Print an intermediate representation to stdout.
    #[arg(long, value_enum, value_name = "STAGE")]
    dump: Option<Dump>,
    /// Print the tokens (same as --dump=tokens).
    #[arg(long)]
    tokens: bool,
    /// Print the syntax tree (same as --dump=ast).
    #[arg(long)]
    ast: bool,
    /// Print the final assembly (same as --dump=asm).
    #[arg(long)]
    asm: bool,
    /// Target triple: x86_64-unknown-linux-gnu or x86_64-apple-darwin.
    #[arg(
        long,
        value_name = "TRIPLE",
        default_value = "x86_64-unknown-linux-gnu"
    )]
    target: String,
    /// How to make object files: the built-in encoder, or the system `as`
    /// on mcc's own assembly text.
    #[arg(long, value_enum, default_value = "builtin", value_name = "WHICH")]
    assembler: Which,
    /// Which preprocessor: the built-in one, or the system `cc -E` (for
    /// comparison).
    #[arg(long, value_enum, default_value = "builtin", value_name = "WHICH")]
    preprocessor: Which,
    /// Build each object both ways and compare them; exit 1 on a difference.
    #[arg(long)]
    cross_check: bool,
    /// Fold constant operations and branches (book chapter 19).
    #[arg(long)]
    fold_constants: bool,
    /// Remove unreachable code, useless jumps and labels.
    #[arg(long)]
    eliminate_unreachable_code: bool,
    /// Propagate copies.
    #[arg(long)]
    propagate_copies: bool,
    /// Remove stores to variables never read again.
    #[arg(long)]
    eliminate_dead_stores: bool,
    /// All four of the book's optimisations (as -O does).
    #[arg(long)]
    optimize: bool,
    /// Print every external command before running it.
    #[arg(short = 'v')]
    verbose: bool,
    /// Name outputs as the book's test runner expects: beside the source,
    /// after it (`dir/prog.c` -> `dir/prog`, `dir/prog.o`, `dir/prog.s`),
    /// instead of gcc's `a.out` and `./prog.o`.
    #[arg(long)]
    book_naming: bool,
    /// Colour diagnostics.
    #[arg(long, value_enum, default_value = "auto", value_name = "WHEN")]
    color: ColorChoice,
}

/// Which implementation of a step (assembling, preprocessing) to use: our
/// own, or the system tool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Which {
    Builtin,
    External,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// A failure already reported to the user; the process exits with `code`.
struct Failed {
    code: u8,
}

fn fail(message: impl std::fmt::Display) -> Failed {
    eprintln!("mcc: error: {message}");
    Failed { code: 1 }
}

fn usage_error(message: impl std::fmt::Display) -> Failed {
    eprintln!("mcc: error: {message}");
    Failed { code: 2 }
}

/// The signal that asked mcc to stop, 0 while none has. The one static
/// the driver keeps: a signal handler can reach nothing else.
static STOP: AtomicI32 = AtomicI32::new(0);

extern "C" fn on_signal(signal: i32) {
    STOP.store(signal, Ordering::SeqCst);
}

unsafe extern "C" {
    /// C's `signal` (glibc: BSD semantics, interrupted waits resume).
    fn signal(signum: i32, handler: extern "C" fn(i32)) -> usize;
}

/// SIGHUP, SIGINT and SIGTERM no longer end mcc at once: they are noted,
/// the external tool running (which shares a terminal's Ctrl-C) ends, and
/// mcc stops at the next step through the ordinary error path, which
/// removes its temporaries and staged outputs ([`Staged`], the scratch
/// directory) before exiting with 128 + the signal's number.
fn catch_signals() {
    for signum in [1, 2, 15] {
        // SAFETY: the handler only stores to an atomic, which is
        // async-signal-safe.
        unsafe {
            signal(signum, on_signal);
        }
    }
}

/// An error once a signal asked mcc to stop.
fn check_stop() -> Result<(), Failed> {
    match STOP.load(Ordering::SeqCst) {
        0 => Ok(()),
        signal => {
            eprintln!("mcc: stopped by signal {signal}");
            Err(Failed {
                code: 128 + signal as u8,
            })
        }
    }
}

pub fn main() -> ExitCode {
    catch_signals();
    let (args, gcc) = match take_gcc_options(std::env::args_os()) {
        Ok(split) => split,
        Err(f) => return ExitCode::from(f.code),
    };
    if let Some(query) = &gcc.query {
        return match answer_query(query) {
            Ok(()) => ExitCode::SUCCESS,
            Err(f) => ExitCode::from(f.code),
        };
    }
    let matches = Cli::command()
        .after_help(gcc::help())
        .get_matches_from(args);
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let defines = defines_in_order(&matches);
    match run(&cli, defines, &gcc) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => ExitCode::from(f.code),
    }
}

/// A toolchain query, answered as gcc answers it: mcc's own version, the
/// target, and what the link driver says of its programs and libraries.
fn answer_query(query: &str) -> Result<(), Failed> {
    match query {
        "-dumpversion" | "-dumpfullversion" => println!("{}", env!("CARGO_PKG_VERSION")),
        "-dumpmachine" => println!("x86_64-linux-gnu"),
        "-v" => eprintln!(
            "mcc version {}\nTarget: x86_64-linux-gnu\nThread model: posix",
            env!("CARGO_PKG_VERSION")
        ),
        _ => {
            let out = Tools::linker_command()?
                .arg(query)
                .stdin(Stdio::null())
                .output()
                .map_err(|e| fail(format!("cannot run the link driver: {e}")))?;
            std::io::stdout().write_all(&out.stdout).ok();
            std::io::stderr().write_all(&out.stderr).ok();
            if !out.status.success() {
                return Err(Failed { code: 1 });
            }
        }
    }
    Ok(())
}

/// The `-M` family: make rules for the files a source reads (gcc's
/// options; see [`crate::pp::deps`]).
#[derive(Debug, Default)]
struct DepOptions {
    mode: Option<DepMode>,
    /// System headers listed (`-M`, `-MD`, not `-MM`, `-MMD`); `-MP`.
    style: RuleOptions,
    /// `-MF`: where the rule goes.
    file: Option<PathBuf>,
    /// `-MT` as given and `-MQ` escaped for make, in order.
    targets: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DepMode {
    /// `-M`, `-MM`: the rule instead of the preprocessed text (implies `-E`).
    Instead,
    /// `-MD`, `-MMD`: the rule in a file, besides the usual output.
    Also,
}

/// What the driver reads itself, before the argument parser: gcc's
/// options ([`gcc::TABLE`]), response files, and the language of each
/// input.
#[derive(Debug, Default)]
struct GccOptions {
    deps: DepOptions,
    /// `-iquote`, `-isystem`, `-idirafter`, `-include`, `-nostdinc`, `-std=`
    /// (the rest of the preprocessor's options come from the parser).
    pp: PpOptions,
    /// Those options as given, for `cc -E`.
    pp_args: Vec<OsString>,
    /// The last `-O` level given (`-O0` when none): 0 or optimising.
    opt_level: u8,
    /// Options for the link command, in order, as given.
    link_args: Vec<OsString>,
    /// Options for `as` (`-Wa,`, `-Xassembler`), in order.
    as_args: Vec<OsString>,
    /// The `-x` language in force for each input, in input order.
    input_langs: Vec<Option<Lang>>,
    /// A toolchain query to answer instead of compiling.
    query: Option<String>,
    /// `-fPIC`/`-fpic`, unless a later `-fno-pic` (or a PIE option) undid it.
    pic: bool,
    /// `-fno-asynchronous-unwind-tables` (unless a later
    /// `-fasynchronous-unwind-tables`), and `-funwind-tables` (unless a
    /// later `-fno-unwind-tables`): unwind tables are made unless the first
    /// is set without the second.
    no_async_unwind: bool,
    sync_unwind: bool,
    /// `-g` (any level but `-g0`, the last one given).
    debug: bool,
    /// What becomes of warnings (`-w`, `-Werror`).
    warnings: Warnings,
    /// `-###`: print the jobs, run none.
    dry_run: bool,
    /// `-ansi` was given: gcc then preprocesses even a `.S` file as C, not
    /// as assembly (C90, or the standard of a later `-std=`, which is
    /// ignored for assembly but not once `-ansi` has made it C).
    ansi: bool,
}

/// What becomes of the warnings mcc gives (the preprocessor's).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Warnings {
    #[default]
    Show,
    /// `-w`: none shown (it outranks `-Werror`, as in gcc).
    Hide,
    /// `-Werror`: shown, and the compilation fails.
    Error,
}

/// A language `-x` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lang {
    C,
    /// `cpp-output`: C already preprocessed.
    Preprocessed,
    Header,
    Assembler,
    AssemblerWithCpp,
}

/// mcc's own long options that take their value as the next word.
const LONG_WITH_VALUE: [&str; 5] = [
    "--target",
    "--dump",
    "--assembler",
    "--preprocessor",
    "--color",
];

/// The single-letter options the argument parser reads that take a value,
/// attached or as the next word.
const CLAP_WITH_VALUE: [&str; 6] = ["-o", "-I", "-D", "-U", "-L", "-l"];

/// The single-letter flags the argument parser reads.
const CLAP_FLAGS: [&str; 7] = ["-c", "-S", "-E", "-P", "-v", "-h", "-V"];

/// Reads gcc's options out of the arguments (see [`gcc`]); returns what
/// the argument parser is to read (mcc's own options and the inputs) and
/// the rest, parsed.
fn take_gcc_options(
    args: impl Iterator<Item = OsString>,
) -> Result<(Vec<OsString>, GccOptions), Failed> {
    let mut rest = Vec::new();
    let mut gcc = GccOptions::default();
    let mut lang: Option<Lang> = None;
    let mut args: std::collections::VecDeque<OsString> = args.collect();
    if let Some(program) = args.pop_front() {
        rest.push(program);
    }
    let mut response_files = 0;
    while let Some(arg) = args.pop_front() {
        let Some(text) = arg.to_str().map(str::to_string) else {
            gcc.input_langs.push(lang);
            rest.push(arg);
            continue;
        };
        // `@file`: the file's words in its place (a file that cannot be
        // read is an input of that name, as in gcc).
        if let Some(path) = text.strip_prefix('@')
            && let Ok(contents) = std::fs::read_to_string(path)
        {
            response_files += 1;
            if response_files > 1000 {
                return Err(fail("too many response files (@file includes itself?)"));
            }
            for word in response_words(&contents).into_iter().rev() {
                args.push_front(word.into());
            }
            continue;
        }
        if text == "-" || !text.starts_with('-') {
            gcc.input_langs.push(lang);
            rest.push(arg);
            continue;
        }
        if text.starts_with("--") && gcc::lookup(&text).is_none() {
            let takes_value = LONG_WITH_VALUE.contains(&text.as_str());
            rest.push(arg);
            if takes_value && let Some(v) = args.pop_front() {
                rest.push(v);
            }
            continue;
        }
        if CLAP_FLAGS.contains(&text.as_str()) {
            rest.push(arg);
            continue;
        }
        if let Some(flag) = CLAP_WITH_VALUE.iter().find(|f| text.starts_with(**f)) {
            rest.push(arg);
            if text.len() == flag.len()
                && let Some(v) = args.pop_front()
            {
                rest.push(v);
            }
            continue;
        }
        let Some((option, attached)) = gcc::lookup(&text) else {
            return Err(fail(format!("unrecognized command-line option '{text}'")));
        };
        let separate = match option.form {
            gcc::Form::Separate => true,
            gcc::Form::JoinedOrSeparate => attached.is_empty(),
            gcc::Form::Exact | gcc::Form::Joined => false,
        };
        let value = if separate {
            let what = match option.name {
                "-isystem" | "-iquote" | "-idirafter" => "path",
                "-include" | "-MF" | "-MT" | "-MQ" => "filename",
                _ => "argument",
            };
            let v = args
                .pop_front()
                .ok_or_else(|| usage_error(format!("missing {what} after '{}'", option.name)))?;
            v.to_string_lossy().into_owned()
        } else {
            attached.to_string()
        };
        match option.effect {
            gcc::Effect::Link => {
                gcc.link_args.push(arg);
                if separate {
                    gcc.link_args.push(value.into());
                }
            }
            gcc::Effect::Assembler if option.name == "-Wa," => gcc.as_args.extend(
                value
                    .split(',')
                    .filter(|w| !w.is_empty())
                    .map(OsString::from),
            ),
            gcc::Effect::Assembler => gcc.as_args.push(value.into()),
            gcc::Effect::Pthread => {
                gcc.link_args.push(arg);
                rest.push("-D_REENTRANT".into());
            }
            gcc::Effect::Preprocessor => preprocessor_option(&mut gcc, option.name, &value)?,
            gcc::Effect::PreprocessorList => {
                let parts: Vec<&str> = value.split(',').filter(|p| !p.is_empty()).collect();
                // cc1's `-MD FILE` (how kernel-style builds spell it).
                let words: Vec<String> = match parts[..] {
                    ["-MD" | "-MMD", file, ..] => {
                        vec![parts[0].to_string(), "-MF".into(), file.to_string()]
                    }
                    _ => parts.iter().map(|p| p.to_string()).collect(),
                };
                for word in words.into_iter().rev() {
                    args.push_front(word.into());
                }
            }
            gcc::Effect::Optimize => gcc.opt_level = opt_level(&text, &value)?,
            gcc::Effect::Language => {
                lang = match value.as_str() {
                    "c" => Some(Lang::C),
                    "cpp-output" => Some(Lang::Preprocessed),
                    "c-header" => Some(Lang::Header),
                    "assembler" => Some(Lang::Assembler),
                    "assembler-with-cpp" => Some(Lang::AssemblerWithCpp),
                    "none" => None,
                    other => return Err(fail(format!("language {other} not recognized"))),
                }
            }
            gcc::Effect::Query if text == "-###" => gcc.dry_run = true,
            gcc::Effect::Query => gcc.query = Some(text.clone()),
            gcc::Effect::Sysroot => {
                gcc.pp.sysroot = Some(PathBuf::from(&value));
                gcc.pp_args.push(format!("--sysroot={value}").into());
                gcc.link_args.push(format!("--sysroot={value}").into());
            }
            gcc::Effect::Unsupported => {
                return Err(fail(format!(
                    "'{text}' is not supported by mcc ({})",
                    option.help
                )));
            }
            gcc::Effect::Pic => gcc.pic = matches!(option.name, "-fPIC" | "-fpic"),
            gcc::Effect::Unwind => match option.name {
                "-fasynchronous-unwind-tables" => gcc.no_async_unwind = false,
                "-fno-asynchronous-unwind-tables" => gcc.no_async_unwind = true,
                "-funwind-tables" => gcc.sync_unwind = true,
                _ => gcc.sync_unwind = false,
            },
            gcc::Effect::Warning => match text.as_str() {
                "-w" => gcc.warnings = Warnings::Hide,
                "-Werror" if gcc.warnings != Warnings::Hide => gcc.warnings = Warnings::Error,
                "-Wno-error" if gcc.warnings == Warnings::Error => gcc.warnings = Warnings::Show,
                _ => {}
            },
            gcc::Effect::Debug => match text.as_str() {
                "-g0" => gcc.debug = false,
                "-g" | "-g1" | "-g2" | "-g3" => gcc.debug = true,
                t if t.starts_with("-ggdb") || t.starts_with("-gdwarf") => gcc.debug = true,
                // -gz, -gno-column-info, ...: about debug information,
                // not asking for it.
                _ => {}
            },
            gcc::Effect::Ignored => {}
        }
    }
    // `-v` alone: the version, as gcc prints it (build tools probe it).
    if rest.len() == 2 && rest[1] == "-v" && gcc.query.is_none() {
        gcc.query = Some("-v".into());
    }
    Ok((rest, gcc))
}

/// The words of a response file, split as gcc splits them: at white
/// space, with `'...'`, `"..."` and backslash escapes.
fn response_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = text.chars();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (_, '\\') => {
                if let Some(next) = chars.next() {
                    word.get_or_insert_with(String::new).push(next);
                }
            }
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}

/// gcc's levels: -O is -O1, any number above 3 is -O3; -Os, -Oz, -Og and
/// -Ofast optimise too. The last one given wins.
fn opt_level(text: &str, level: &str) -> Result<u8, Failed> {
    match level {
        "" | "s" | "z" | "g" | "fast" => Ok(1),
        digits if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(u8::from(!digits.trim_start_matches('0').is_empty()))
        }
        _ => Err(usage_error(format!(
            "argument to '-O' should be a non-negative integer, 'g', 's', 'z' or 'fast' (got '{text}')"
        ))),
    }
}

/// One preprocessor or dependency option of the table, with its value.
fn preprocessor_option(gcc: &mut GccOptions, name: &str, value: &str) -> Result<(), Failed> {
    let deps = &mut gcc.deps;
    match name {
        "-isystem" | "-iquote" | "-idirafter" | "-include" => {
            gcc.pp_args.push(name.into());
            gcc.pp_args.push(value.into());
            match name {
                "-isystem" => gcc.pp.isystem_dirs.push(value.into()),
                "-iquote" => gcc.pp.quote_dirs.push(value.into()),
                "-idirafter" => gcc.pp.after_dirs.push(value.into()),
                _ => gcc.pp.forced_includes.push(value.into()),
            }
        }
        "-std=" | "-ansi" => {
            let std = if name == "-ansi" { "c90" } else { value };
            gcc.ansi |= name == "-ansi";
            crate::pp::predefined::check_standard(std).map_err(usage_error)?;
            gcc.pp.std = Some(std.to_string());
            gcc.pp_args.push(format!("-std={std}").into());
        }
        "-dM" => gcc.pp.dump_macros = true,
        "-nostdinc" => {
            gcc.pp.system_dirs = Some(Vec::new());
            gcc.pp_args.push(name.into());
        }
        "-M" | "-MM" => {
            deps.mode = Some(DepMode::Instead);
            deps.style.system = name == "-M";
        }
        "-MD" | "-MMD" => {
            deps.mode.get_or_insert(DepMode::Also);
            deps.style.system = name == "-MD";
        }
        "-MP" => deps.style.phony = true,
        "-MF" => deps.file = Some(PathBuf::from(value)),
        "-MT" => deps.targets.push(value.to_string()),
        "-MQ" => deps.targets.push(crate::pp::deps::escape(value)),
        _ => unreachable!("{name} is not a preprocessor option of the table"),
    }
    Ok(())
}

/// `-D` and `-U` in the order they were given (`-DX -UX` leaves X undefined,
/// `-UX -DX` defines it).
fn defines_in_order(matches: &ArgMatches) -> Vec<Define> {
    let mut all: Vec<(usize, Define)> = Vec::new();
    let mut collect = |id: &str, make: fn(String) -> Define| {
        if let (Some(values), Some(indices)) =
            (matches.get_many::<OsString>(id), matches.indices_of(id))
        {
            for (v, i) in values.zip(indices) {
                all.push((i, make(v.to_string_lossy().into_owned())));
            }
        }
    };
    collect("defines", Define::Define);
    collect("undefines", Define::Undef);
    all.sort_by_key(|&(i, _)| i);
    all.into_iter().map(|(_, d)| d).collect()
}

/// Seconds since 1970 for `__DATE__`/`__TIME__`: `SOURCE_DATE_EPOCH` when
/// set (reproducible builds, as gcc honours it), else now.
fn timestamp() -> i64 {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        })
}

/// What the command line asks for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Preprocess,
    /// Run the pipeline up to a stage and write nothing.
    Check,
    Assembly,
    Object,
    Link,
}

/// What to do and where to stop. `-M`/`-MM` preprocess only; a dump asks
/// for no output file.
fn mode_and_stage(cli: &Cli, deps: &DepOptions, dump: Option<Dump>) -> (Mode, Stage) {
    let (mode, stage) = mode_and_stage_asked(cli);
    let mode = match mode {
        _ if deps.mode == Some(DepMode::Instead) => Mode::Preprocess,
        Mode::Preprocess | Mode::Check => mode,
        _ if dump.is_some() => Mode::Check,
        _ => mode,
    };
    (mode, stage)
}

fn mode_and_stage_asked(cli: &Cli) -> (Mode, Stage) {
    let stage = [
        (cli.lex, Stage::Lex),
        (cli.parse, Stage::Parse),
        (cli.validate, Stage::Validate),
        (cli.tacky, Stage::Tacky),
        (cli.codegen, Stage::Codegen),
    ]
    .into_iter()
    .find_map(|(on, stage)| on.then_some(stage));
    if cli.preprocess_only {
        (Mode::Preprocess, Stage::Emit)
    } else if let Some(stage) = stage {
        (Mode::Check, stage)
    } else if cli.assembly_only {
        (Mode::Assembly, Stage::Emit)
    } else if cli.compile_only {
        (Mode::Object, Stage::Emit)
    } else {
        (Mode::Link, Stage::Emit)
    }
}

fn dump_choice(cli: &Cli) -> Option<Dump> {
    cli.dump.or(if cli.tokens {
        Some(Dump::Tokens)
    } else if cli.ast {
        Some(Dump::Ast)
    } else if cli.asm {
        Some(Dump::Asm)
    } else {
        None
    })
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum InputKind {
    C,
    /// `.i`: C already preprocessed (line markers still honoured).
    Preprocessed,
    /// `.h`: preprocessed under `-E`; compiling one is refused, as mcc
    /// writes no precompiled headers.
    Header,
    /// `.s`: handed to the assembler.
    Assembly,
    /// `.S`: preprocessed as assembly (by mcc), then assembled.
    AssemblyWithCpp,
    /// Objects, archives and anything else: handed to the linker.
    Linker,
}

/// What an input is: by `-x` when one is in force, else by its suffix.
fn input_kind(path: &Path, lang: Option<Lang>) -> InputKind {
    match lang {
        Some(Lang::C) => return InputKind::C,
        Some(Lang::Preprocessed) => return InputKind::Preprocessed,
        Some(Lang::Header) => return InputKind::Header,
        Some(Lang::Assembler) => return InputKind::Assembly,
        Some(Lang::AssemblerWithCpp) => return InputKind::AssemblyWithCpp,
        None => {}
    }
    if path == Path::new("-") {
        return InputKind::C;
    }
    match path.extension().and_then(|e| e.to_str()) {
        Some("c") => InputKind::C,
        Some("i") => InputKind::Preprocessed,
        Some("h") => InputKind::Header,
        Some("s") => InputKind::Assembly,
        Some("S") => InputKind::AssemblyWithCpp,
        _ => InputKind::Linker,
    }
}

/// The TACKY optimisations: every one at `-O1` and up or with `--optimize`,
/// plus each one its own flag asks for.
fn optimizations(cli: &Cli, level: u8) -> crate::opt::Optimizations {
    if level > 0 || cli.optimize {
        return crate::opt::Optimizations::ALL;
    }
    crate::opt::Optimizations {
        fold_constants: cli.fold_constants,
        eliminate_unreachable_code: cli.eliminate_unreachable_code,
        propagate_copies: cli.propagate_copies,
        eliminate_dead_stores: cli.eliminate_dead_stores,
    }
}

fn run(cli: &Cli, defines: Vec<Define>, gcc: &GccOptions) -> Result<(), Failed> {
    let deps = &gcc.deps;
    let dump = dump_choice(cli);
    let (mode, stop_after) = mode_and_stage(cli, deps, dump);
    let target = Target::from_triple(&cli.target).map_err(usage_error)?;
    let emit = match (mode, cli.assembler, cli.cross_check) {
        (Mode::Object | Mode::Link, _, true) => Emit::Both,
        (Mode::Object | Mode::Link, Which::Builtin, false) => Emit::Object,
        _ => Emit::Assembly,
    };
    let opts = Options {
        stop_after,
        emit,
        dump,
        target,
        color: use_color(cli.color),
        pp: PpOptions {
            include_dirs: cli
                .include_dirs
                .iter()
                .map(PathBuf::from)
                .chain(env_path("CPATH"))
                .collect(),
            isystem_dirs: gcc
                .pp
                .isystem_dirs
                .iter()
                .cloned()
                .chain(env_path("C_INCLUDE_PATH"))
                .collect(),
            defines,
            preprocessed_input: cli.preprocessor == Which::External,
            timestamp: timestamp(),
            ..gcc.pp.clone()
        },
        optimize: optimizations(cli, gcc.opt_level),
        pic: gcc.pic,
        // MCC_THREADS=1: everything on one thread (same output).
        back_end_thread: std::env::var_os("MCC_THREADS").is_none_or(|v| v != "1"),
        unwind_tables: !gcc.no_async_unwind || gcc.sync_unwind,
        debug: gcc.debug.then(|| {
            std::env::current_dir()
                .map(|d| d.display().to_string())
                .unwrap_or_else(|_| ".".to_string())
        }),
    };
    let kinds: Vec<InputKind> = cli
        .inputs
        .iter()
        .enumerate()
        .map(|(i, p)| input_kind(p, gcc.input_langs.get(i).copied().flatten()))
        .collect();
    let compiled_inputs = kinds.iter().filter(|&&k| k != InputKind::Linker).count();
    // `-o` names this source's output only when it is the one source.
    let single_source = kinds
        .iter()
        .filter(|&&k| {
            matches!(
                k,
                InputKind::C | InputKind::Preprocessed | InputKind::AssemblyWithCpp
            )
        })
        .count()
        == 1;
    if cli.output.is_some()
        && compiled_inputs > 1
        && matches!(mode, Mode::Preprocess | Mode::Assembly | Mode::Object)
    {
        return Err(usage_error(
            "cannot specify '-o' with '-c', '-S' or '-E' with multiple files",
        ));
    }
    if mode == Mode::Link && target != Target::LINUX {
        return Err(usage_error(format!(
            "cannot link for target '{}' on this host; use -c or -S",
            cli.target
        )));
    }
    if let Some(out) = &cli.output {
        check_output_is_not_input(out, &cli.inputs)?;
    }
    if gcc.dry_run {
        print_jobs(cli, gcc, &kinds, mode, target);
        return Ok(());
    }
    let tools = Tools {
        verbose: cli.verbose,
        target,
        as_args: gcc.as_args.clone(),
    };
    let scratch = tempfile::Builder::new()
        .prefix("mcc-")
        .tempdir()
        .map_err(|e| fail(format!("cannot create a temporary directory: {e}")))?;
    let mut link_inputs: Vec<PathBuf> = Vec::new();
    let preprocessed = Options {
        pp: PpOptions {
            preprocessed_input: true,
            ..opts.pp.clone()
        },
        ..opts.clone()
    };
    let assembly = Options {
        pp: PpOptions {
            assembler: !gcc.ansi,
            ..opts.pp.clone()
        },
        ..opts.clone()
    };
    for (index, input) in cli.inputs.iter().enumerate() {
        check_stop()?;
        let kind = kinds[index];
        if input != Path::new("-") {
            check_input(input)?;
        }
        let opts = match kind {
            InputKind::Preprocessed => &preprocessed,
            InputKind::AssemblyWithCpp => &assembly,
            _ => &opts,
        };
        let scratch_object = scratch.path().join(format!("{index}.o"));
        match (kind, mode) {
            (InputKind::Linker, Mode::Link) => link_inputs.push(input.clone()),
            (InputKind::Linker, _) => eprintln!(
                "mcc: warning: {}: linker input file unused because linking not done",
                input.display()
            ),
            (InputKind::Assembly, Mode::Object) => {
                tools.assemble_file(input, &output_path(cli, input, "o"))?;
            }
            (InputKind::Assembly, Mode::Link) => {
                tools.assemble_file(input, &scratch_object)?;
                link_inputs.push(scratch_object);
            }
            // gcc does nothing else with a `.s` (not even under `-E`).
            (InputKind::Assembly, _) | (InputKind::AssemblyWithCpp, Mode::Check) => {}
            (InputKind::AssemblyWithCpp, _) => {
                let rule = DepRule::new(cli, deps, input, mode, single_source);
                let scratch_asm = scratch.path().join(format!("{index}.s"));
                // Where gcc sends the text: `-E`'s `-o` or standard output;
                // standard output under `-S` too (its preprocessor is given
                // no `-o` then); else the file the assembler reads.
                let text_out = match mode {
                    Mode::Preprocess => cli.output.as_deref(),
                    Mode::Assembly => None,
                    _ => Some(scratch_asm.as_path()),
                };
                let source = AssemblySource {
                    input,
                    opts,
                    rule: rule.as_ref(),
                };
                let read = source.preprocess(cli, gcc, &tools, text_out)?;
                match mode {
                    Mode::Object => {
                        tools.assemble_file(&scratch_asm, &output_path(cli, input, "o"))?;
                    }
                    Mode::Link => {
                        tools.assemble_file(&scratch_asm, &scratch_object)?;
                        link_inputs.push(scratch_object);
                    }
                    _ => {}
                }
                if let (Some(rule), Some(read)) = (&rule, read) {
                    rule.write(&read)?;
                }
            }
            (InputKind::Header, Mode::Assembly | Mode::Object | Mode::Link) => {
                return Err(fail(format!(
                    "{}: cannot compile a header: mcc writes no precompiled headers",
                    input.display()
                )));
            }
            (InputKind::C | InputKind::Preprocessed | InputKind::Header, _) => {
                let rule = DepRule::new(cli, deps, input, mode, single_source);
                let text = match cli.preprocessor {
                    Which::Builtin => read_source(input)?,
                    Which::External => {
                        tools.preprocess(cli, &gcc.pp_args, input, rule.as_ref(), "c")?
                    }
                };
                if let Some(rule) = rule.as_ref().filter(|r| r.instead) {
                    match cli.preprocessor {
                        Which::Builtin => {
                            let sink = Box::new(std::io::sink());
                            let read =
                                preprocess_in_thread(text, input, opts, false, sink, gcc.warnings)?;
                            rule.write(&read)?;
                        }
                        // `cc` wrote the rule to its file, or to the text.
                        Which::External => write_output(None, text.as_bytes())?,
                    }
                    continue;
                }
                if mode == Mode::Preprocess && cli.preprocessor == Which::Builtin {
                    let markers = !cli.no_line_markers;
                    let out = cli.output.as_deref();
                    let read = preprocess_into(text, input, opts, markers, out, gcc.warnings)?;
                    if let Some(rule) = &rule {
                        rule.write(&read)?;
                    }
                    continue;
                }
                if mode == Mode::Preprocess {
                    write_output(cli.output.as_deref(), text.as_bytes())?;
                    continue;
                }
                let mut compiled = compile_in_thread(text, input, opts, gcc.warnings)?;
                let read = std::mem::take(&mut compiled.deps);
                let scratch_asm = scratch.path().join(format!("{index}.s"));
                match mode {
                    Mode::Assembly => {
                        let asm = compiled.assembly.expect("assembly was asked for");
                        write_output(Some(&output_path(cli, input, "s")), asm.as_bytes())?;
                    }
                    Mode::Object | Mode::Link => {
                        let object = tools.object(compiled, &scratch_asm, input)?;
                        if mode == Mode::Object {
                            write_output(Some(&output_path(cli, input, "o")), &object)?;
                        } else {
                            write_file(&scratch_object, &object)?;
                            link_inputs.push(scratch_object);
                        }
                    }
                    Mode::Preprocess | Mode::Check => {}
                }
                // (`cc -E` wrote the rule itself for the external preprocessor.)
                if let Some(rule) = rule.filter(|_| mode != Mode::Check)
                    && cli.preprocessor == Which::Builtin
                {
                    rule.write(&read)?;
                }
            }
        }
    }
    check_stop()?;
    if mode == Mode::Link {
        let out = cli
            .output
            .clone()
            .unwrap_or_else(|| default_executable(cli, &kinds));
        tools.link(&link_inputs, cli, &gcc.link_args, &out)?;
    }
    Ok(())
}

/// The directories of a search-path variable as gcc reads `CPATH` (after
/// the `-I` directories) and `C_INCLUDE_PATH` (after `-isystem`'s): split
/// at `:`, an empty element meaning the current directory.
fn env_path(name: &str) -> Vec<PathBuf> {
    let Some(value) = std::env::var_os(name) else {
        return Vec::new();
    };
    std::env::split_paths(&value)
        .map(|p| {
            if p.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                p
            }
        })
        .collect()
}

/// `-###`: each job the command line asks for, quoted as gcc prints its
/// commands, on standard error; nothing is run or written. A compilation
/// or a preprocessing (done inside mcc) shows as the mcc command doing it
/// alone; a link's objects from this command's compilations, and a `.S`
/// file's text for the assembler, get temporary names.
fn print_jobs(cli: &Cli, gcc: &GccOptions, kinds: &[InputKind], mode: Mode, target: Target) {
    let quote = |words: &[OsString]| -> String {
        words
            .iter()
            .map(|w| {
                let w = w.to_string_lossy();
                format!(" \"{}\"", w.replace('\\', "\\\\").replace('"', "\\\""))
            })
            .collect()
    };
    let me: OsString = std::env::current_exe().map_or_else(|_| "mcc".into(), |p| p.into());
    eprintln!(
        "mcc version {}\nTarget: x86_64-linux-gnu",
        env!("CARGO_PKG_VERSION")
    );
    let mut objects: Vec<OsString> = Vec::new();
    let (assembler, assembler_args) = target.external_assembler();
    for (index, (input, &kind)) in cli.inputs.iter().zip(kinds).enumerate() {
        let scratch = format!("/tmp/mcc-XXXXXX/{index}.o");
        let job: Vec<OsString> = match (kind, mode) {
            (InputKind::Linker, Mode::Link) => {
                objects.push(input.into());
                continue;
            }
            (InputKind::Linker, _) | (_, Mode::Check) => continue,
            (InputKind::Assembly | InputKind::AssemblyWithCpp, Mode::Object | Mode::Link) => {
                let out = match mode {
                    Mode::Link => PathBuf::from(&scratch),
                    _ => output_path(cli, input, "o"),
                };
                objects.push(out.clone().into());
                let mut source: OsString = input.into();
                if kind == InputKind::AssemblyWithCpp {
                    source = format!("/tmp/mcc-XXXXXX/{index}.s").into();
                    let cpp = [
                        me.clone(),
                        "-E".into(),
                        input.into(),
                        "-o".into(),
                        source.clone(),
                    ];
                    eprintln!("{}", quote(&cpp));
                }
                let mut job = vec![OsString::from(assembler)];
                job.extend(assembler_args.iter().map(OsString::from));
                job.extend(gcc.as_args.iter().cloned());
                job.extend(["-o".into(), out.into(), source]);
                job
            }
            (InputKind::Assembly, _) => continue,
            (_, Mode::Preprocess) => vec![me.clone(), "-E".into(), input.into()],
            (InputKind::AssemblyWithCpp, _) => vec![me.clone(), "-E".into(), input.into()],
            (_, Mode::Assembly) => {
                let out = output_path(cli, input, "s");
                vec![
                    me.clone(),
                    "-S".into(),
                    input.into(),
                    "-o".into(),
                    out.into(),
                ]
            }
            (_, Mode::Object | Mode::Link) => {
                let out = match mode {
                    Mode::Link => PathBuf::from(&scratch),
                    _ => output_path(cli, input, "o"),
                };
                objects.push(out.clone().into());
                vec![
                    me.clone(),
                    "-c".into(),
                    input.into(),
                    "-o".into(),
                    out.into(),
                ]
            }
        };
        eprintln!("{}", quote(&job));
    }
    if mode == Mode::Link {
        let out = cli
            .output
            .clone()
            .unwrap_or_else(|| default_executable(cli, kinds));
        let mut job = vec![linker_name()];
        job.extend(link_command_args(cli, &gcc.link_args, &objects, &out));
        eprintln!("{}", quote(&job));
    }
}

/// A source file's text; invalid UTF-8 becomes U+FFFD, which the lexer
/// reports in place.
fn read_source(input: &Path) -> Result<String, Failed> {
    if input == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .map_err(|e| fail(format!("cannot read standard input: {e}")))?;
        return Ok(crate::diag::text_from_bytes(bytes));
    }
    let bytes = std::fs::read(input).map_err(|e| {
        fail(format!(
            "{}: {}",
            input.display(),
            std::io::Error::from(e.kind())
        ))
    })?;
    Ok(crate::diag::text_from_bytes(bytes))
}

/// Runs `work` on a thread with a large stack: the passes recurse over the
/// tree, and deeply nested programs are legal C.
fn in_big_thread<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Failed> {
    let worker = std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(work)
        .map_err(|e| fail(format!("cannot start the compiler thread: {e}")))?;
    match worker.join() {
        Ok(result) => Ok(result),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// `-E` with the built-in preprocessor, written to `out` as it is made;
/// returns the files read.
fn preprocess_in_thread(
    text: String,
    input: &Path,
    opts: &Options,
    markers: bool,
    mut out: Box<dyn std::io::Write + Send>,
    policy: Warnings,
) -> Result<Vec<Dependency>, Failed> {
    let name = input.display().to_string();
    let opts = opts.clone();
    match in_big_thread(move || crate::preprocess(text, &name, &opts, markers, &mut out))? {
        Ok(done) => {
            report_warnings(&done.warnings, policy)?;
            Ok(done.deps)
        }
        Err(PreprocessFailure::Rejected(rendered)) => Err(rejected(&rendered)),
        Err(PreprocessFailure::Output { warnings, error }) => {
            eprint!("{warnings}");
            Err(fail(format!("cannot write the output: {error}")))
        }
    }
}

/// `-E` with the built-in preprocessor into `out` (standard output for
/// none or `-`), staged as every output is; returns the files read.
fn preprocess_into(
    text: String,
    input: &Path,
    opts: &Options,
    markers: bool,
    out: Option<&Path>,
    policy: Warnings,
) -> Result<Vec<Dependency>, Failed> {
    let Some(out) = out.filter(|o| *o != Path::new("-")) else {
        let stdout = Box::new(std::io::stdout());
        return preprocess_in_thread(text, input, opts, markers, stdout, policy);
    };
    let staged = Staged::new(out, "out")?;
    let file = std::fs::File::create(&staged.path).map_err(|e| cannot_write(out, &e))?;
    let read = preprocess_in_thread(text, input, opts, markers, Box::new(file), policy)?;
    staged.publish()?;
    Ok(read)
}

/// A `.S` file: assembly with C preprocessing.
struct AssemblySource<'a> {
    input: &'a Path,
    /// The options for assembly (`PpOptions::assembler`).
    opts: &'a Options,
    rule: Option<&'a DepRule>,
}

impl AssemblySource<'_> {
    /// Preprocesses the file as assembly, as gcc's `-lang-asm` does, with
    /// every preprocessor option given, into `out` (standard output for
    /// none or `-`; nothing for `-M`, whose rule is the output). Returns
    /// the files read, for the make rule; `None` when `cc -E`
    /// (`--preprocessor=external`) wrote the rule itself.
    fn preprocess(
        &self,
        cli: &Cli,
        gcc: &GccOptions,
        tools: &Tools,
        out: Option<&Path>,
    ) -> Result<Option<Vec<Dependency>>, Failed> {
        let instead = self.rule.is_some_and(|r| r.instead);
        match cli.preprocessor {
            Which::Builtin => {
                let text = read_source(self.input)?;
                let (input, opts, policy) = (self.input, self.opts, gcc.warnings);
                let read = if instead {
                    let sink = Box::new(std::io::sink());
                    preprocess_in_thread(text, input, opts, false, sink, policy)?
                } else {
                    let markers = !cli.no_line_markers;
                    preprocess_into(text, input, opts, markers, out, policy)?
                };
                Ok(Some(read))
            }
            Which::External => {
                let lang = "assembler-with-cpp";
                let text = tools.preprocess(cli, &gcc.pp_args, self.input, self.rule, lang)?;
                // Under `-M`, what `cc` printed is the rule, if anything.
                write_output(out.filter(|_| !instead), text.as_bytes())?;
                Ok(None)
            }
        }
    }
}

/// Shows the rendered `warnings` as `-w`/`-Werror` say; an error when
/// `-Werror` made them one.
fn report_warnings(warnings: &str, policy: Warnings) -> Result<(), Failed> {
    match policy {
        Warnings::Hide => Ok(()),
        Warnings::Show => {
            eprint!("{warnings}");
            Ok(())
        }
        Warnings::Error if warnings.is_empty() => Ok(()),
        Warnings::Error => {
            eprint!("{warnings}");
            Err(fail("warnings are treated as errors (-Werror)"))
        }
    }
}

/// An invalid program, reported by the compiler (warnings, then errors).
fn rejected(rendered: &str) -> Failed {
    eprint!("{rendered}");
    Failed { code: 1 }
}

fn compile_in_thread(
    text: String,
    input: &Path,
    opts: &Options,
    policy: Warnings,
) -> Result<Compiled, Failed> {
    let name = input.display().to_string();
    let opts = opts.clone();
    match in_big_thread(move || crate::compile(text, &name, &opts))? {
        Ok(mut compiled) => {
            report_warnings(&std::mem::take(&mut compiled.warnings), policy)?;
            if let Some(dump) = compiled.dump.take() {
                print!("{dump}");
            }
            Ok(compiled)
        }
        Err(rendered) => Err(rejected(&rendered)),
    }
}

/// One source's make rule: its targets and where it goes.
struct DepRule {
    style: RuleOptions,
    targets: Vec<String>,
    /// Standard output, for `-M` with neither `-MF` nor `-o`.
    file: Option<PathBuf>,
    /// `-M`/`-MM`: the rule is the whole output.
    instead: bool,
}

impl DepRule {
    /// `-MT`/`-MQ` and `-MF` when given, else gcc's defaults (see
    /// [`crate::pp::deps::default_target`]): with `-M`, `-o` names the
    /// rule's file; otherwise it names what is made (but not with `-E`) and,
    /// with `.d`, the rule's file.
    fn new(
        cli: &Cli,
        deps: &DepOptions,
        input: &Path,
        mode: Mode,
        single_source: bool,
    ) -> Option<DepRule> {
        let instead = deps.mode? == DepMode::Instead;
        let output = cli.output.as_deref().filter(|_| !instead && single_source);
        let targets = if deps.targets.is_empty() {
            let made = output.filter(|_| mode != Mode::Preprocess);
            vec![crate::pp::deps::default_target(input, made)]
        } else {
            deps.targets.clone()
        };
        let file = match (&deps.file, instead) {
            (Some(file), _) => Some(file.clone()),
            (None, true) => cli.output.clone().filter(|o| o != Path::new("-")),
            (None, false) => Some(crate::pp::deps::default_rule_file(input, output)),
        };
        Some(DepRule {
            style: deps.style.clone(),
            targets,
            file,
            instead,
        })
    }

    fn write(&self, read: &[Dependency]) -> Result<(), Failed> {
        let rule = crate::pp::deps::make_rule(&self.targets, read, &self.style);
        write_output(self.file.as_deref(), rule.as_bytes())
    }

    /// The same request for `cc -E` (`--preprocessor=external`), with the
    /// targets and file made explicit so both preprocessors agree.
    fn cc_args(&self) -> Vec<OsString> {
        let flag = match (self.instead, self.style.system) {
            (true, true) => "-M",
            (true, false) => "-MM",
            (false, true) => "-MD",
            (false, false) => "-MMD",
        };
        let mut args = vec![OsString::from(flag)];
        for t in &self.targets {
            args.push("-MT".into());
            args.push(t.into());
        }
        if let Some(file) = &self.file {
            args.push("-MF".into());
            args.push(file.into());
        }
        if self.style.phony {
            args.push("-MP".into());
        }
        args
    }
}

/// `-o`, or as gcc names it: the input's name with a new extension in the
/// current directory (`dir/prog.c` → `prog.o`; out-of-tree builds with
/// make's suffix rules rely on it); with `--book-naming`, next to the
/// input (`dir/prog.o`).
fn output_path(cli: &Cli, input: &Path, extension: &str) -> PathBuf {
    if let Some(out) = &cli.output {
        return out.clone();
    }
    if cli.book_naming {
        return input.with_extension(extension);
    }
    let stem = input.file_stem().unwrap_or(input.as_os_str());
    PathBuf::from(stem).with_extension(extension)
}

/// `a.out`, as gcc names it; with `--book-naming`, named after the first
/// source, next to it.
fn default_executable(cli: &Cli, kinds: &[InputKind]) -> PathBuf {
    let first_source = cli
        .inputs
        .iter()
        .zip(kinds)
        .find(|&(_, &k)| k != InputKind::Linker);
    match first_source {
        Some((p, _)) if cli.book_naming => p.with_extension(""),
        _ => PathBuf::from("a.out"),
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Failed> {
    std::fs::write(path, bytes).map_err(|e| fail(format!("cannot write {}: {e}", path.display())))
}

/// Where an output is written before it becomes `out`.
///
/// A regular file (or a new name) is written under a temporary directory
/// next to `out`, so the final rename stays on one file system and a failed
/// run leaves nothing behind. Anything else that already exists (`/dev/null`,
/// a FIFO, a terminal) is written in place: renaming over it would replace
/// the device itself, and its directory may not be ours to write in.
struct Staged {
    dir: Option<tempfile::TempDir>,
    path: PathBuf,
    out: PathBuf,
}

impl Staged {
    fn new(out: &Path, name: &str) -> Result<Staged, Failed> {
        let special = std::fs::metadata(out).is_ok_and(|m| !m.is_file() && !m.is_dir());
        if special {
            return Ok(Staged {
                dir: None,
                path: out.to_path_buf(),
                out: out.to_path_buf(),
            });
        }
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let dir = tempfile::Builder::new()
            .prefix(".mcc-")
            .tempdir_in(parent)
            .map_err(|e| cannot_write(out, &e))?;
        Ok(Staged {
            path: dir.path().join(name),
            dir: Some(dir),
            out: out.to_path_buf(),
        })
    }

    /// Moves the finished output into place (nothing to do when written in
    /// place).
    fn publish(self) -> Result<(), Failed> {
        if self.dir.is_some() {
            std::fs::rename(&self.path, &self.out).map_err(|e| cannot_write(&self.out, &e))?;
        }
        Ok(())
    }
}

/// The error as the user needs it: the output they named, not our staging
/// path.
fn cannot_write(out: &Path, e: &std::io::Error) -> Failed {
    fail(format!(
        "cannot write {}: {}",
        out.display(),
        std::io::Error::from(e.kind())
    ))
}

/// An input must exist, be a file and be readable.
fn check_input(input: &Path) -> Result<(), Failed> {
    let problem = match std::fs::metadata(input) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            "no such file or directory".to_string()
        }
        Err(e) => std::io::Error::from(e.kind()).to_string(),
        Ok(m) if m.is_dir() => "is a directory".to_string(),
        Ok(_) => match std::fs::File::open(input) {
            Ok(_) => return Ok(()),
            Err(e) => std::io::Error::from(e.kind()).to_string(),
        },
    };
    Err(fail(format!("{}: {problem}", input.display())))
}

/// Refuses an output that would overwrite one of the inputs (`mcc x.c -o x.c`).
fn check_output_is_not_input(out: &Path, inputs: &[PathBuf]) -> Result<(), Failed> {
    let Ok(out) = out.canonicalize() else {
        return Ok(());
    };
    match inputs
        .iter()
        .find(|i| i.canonicalize().is_ok_and(|i| i == out))
    {
        Some(input) => Err(fail(format!(
            "input file '{}' is the same as output file",
            input.display()
        ))),
        None => Ok(()),
    }
}

/// Writes `bytes` to `out` as a whole (see [`Staged`]), or to standard
/// output for none or `-` (as gcc reads `-o -`).
fn write_output(out: Option<&Path>, bytes: &[u8]) -> Result<(), Failed> {
    let Some(out) = out.filter(|o| *o != Path::new("-")) else {
        return std::io::stdout()
            .write_all(bytes)
            .map_err(|e| fail(format!("cannot write to stdout: {e}")));
    };
    let staged = Staged::new(out, "out")?;
    write_file(&staged.path, bytes)?;
    staged.publish()
}

struct Tools {
    verbose: bool,
    target: Target,
    /// `-Wa,`/`-Xassembler` options, for every `as` run.
    as_args: Vec<OsString>,
}

impl Tools {
    /// Runs `cmd`; on failure reports the command and what it printed.
    fn run(&self, cmd: &mut Command) -> Result<Vec<u8>, Failed> {
        let shown = format!(
            "{} {}",
            cmd.get_program().to_string_lossy(),
            cmd.get_args()
                .map(|a| a.to_string_lossy())
                .collect::<Vec<_>>()
                .join(" ")
        );
        if self.verbose {
            eprintln!(" {shown}");
        }
        let output = cmd
            .stdin(Stdio::null())
            .output()
            .map_err(|e| fail(format!("cannot run '{shown}': {e}")))?;
        check_stop()?;
        if output.status.success() {
            std::io::stderr().write_all(&output.stderr).ok();
            return Ok(output.stdout);
        }
        std::io::stderr().write_all(&output.stderr).ok();
        Err(fail(format!("command failed ({}): {shown}", output.status)))
    }

    /// `--preprocessor=external`: the system `cc -E`, for the language
    /// `lang` (`-x`).
    fn preprocess(
        &self,
        cli: &Cli,
        pp_args: &[OsString],
        input: &Path,
        rule: Option<&DepRule>,
        lang: &str,
    ) -> Result<String, Failed> {
        let mut cmd = Command::new("cc");
        cmd.args(["-E", "-x", lang]);
        cmd.args(pp_args);
        if let Some(rule) = rule {
            cmd.args(rule.cc_args());
        }
        if cli.no_line_markers {
            cmd.arg("-P");
        }
        cmd.args(cc_preprocessor_args(cli)).arg(input);
        let bytes = self.run(&mut cmd)?;
        Ok(crate::diag::text_from_bytes(bytes))
    }

    /// The object file of a compiled unit: the built-in encoder's, or the
    /// system assembler's from our text; with `cross_check`, both, compared.
    fn object(
        &self,
        compiled: Compiled,
        scratch_asm: &Path,
        input: &Path,
    ) -> Result<Vec<u8>, Failed> {
        let external = match &compiled.assembly {
            Some(asm) => Some(self.assemble(asm, scratch_asm)?),
            None => None,
        };
        match (compiled.object, external) {
            // Both only for --cross-check.
            (Some(ours), Some(reference)) => {
                match crate::backend::crosscheck::compare_objects(&ours, &reference) {
                    Ok(()) => Ok(ours),
                    Err(report) => Err(fail(format!(
                        "{}: built-in and external objects differ\n{report}",
                        input.display()
                    ))),
                }
            }
            (Some(ours), None) => Ok(ours),
            (None, Some(reference)) => Ok(reference),
            (None, None) => unreachable!("the pipeline produced neither text nor object"),
        }
    }

    /// Our own assembly text, through the target's external assembler
    /// (GNU `as` for ELF, `llvm-mc` for Mach-O).
    fn assemble(&self, asm: &str, scratch_asm: &Path) -> Result<Vec<u8>, Failed> {
        write_file(scratch_asm, asm.as_bytes())?;
        let object = scratch_asm.with_extension("as.o");
        self.run_assembler(scratch_asm, &object)?;
        std::fs::read(&object).map_err(|e| fail(format!("cannot read {}: {e}", object.display())))
    }

    /// The target's external assembler with the `-Wa,` options, `input`
    /// to `object`.
    fn run_assembler(&self, input: &Path, object: &Path) -> Result<Vec<u8>, Failed> {
        let (program, args) = self.target.external_assembler();
        self.run(
            Command::new(program)
                .args(args)
                .args(&self.as_args)
                .arg("-o")
                .arg(object)
                .arg(input),
        )
    }

    /// A user's `.s` file, or a `.S` file once preprocessed, through the
    /// target's external assembler (as `cc -c` would run it), into `out`.
    fn assemble_file(&self, input: &Path, out: &Path) -> Result<(), Failed> {
        let staged = Staged::new(out, "out.o")?;
        self.run_assembler(input, &staged.path)?;
        staged.publish()
    }

    /// The link driver: `$MCC_LINKER` when set, else `cc`; never mcc
    /// itself (installed as `cc`, it would call itself for ever).
    fn linker_command() -> Result<Command, Failed> {
        let linker = linker_name();
        let me = std::env::current_exe()
            .ok()
            .and_then(|p| p.canonicalize().ok());
        let found = which(&linker).and_then(|p| p.canonicalize().ok());
        if me.is_some() && found == me {
            return Err(fail(format!(
                "the link driver '{}' is mcc itself; set MCC_LINKER to gcc or another linking compiler",
                linker.to_string_lossy()
            )));
        }
        Ok(Command::new(linker))
    }

    fn link(
        &self,
        objects: &[PathBuf],
        cli: &Cli,
        link_args: &[OsString],
        out: &Path,
    ) -> Result<(), Failed> {
        let staged = Staged::new(out, "a.out")?;
        let objects: Vec<OsString> = objects.iter().map(|o| o.into()).collect();
        let mut cmd = Self::linker_command()?;
        cmd.args(link_command_args(cli, link_args, &objects, &staged.path));
        self.run(&mut cmd)?;
        staged.publish()
    }
}

/// The link driver's name: `$MCC_LINKER`, else `cc`.
fn linker_name() -> OsString {
    std::env::var_os("MCC_LINKER").unwrap_or_else(|| "cc".into())
}

/// The link driver's arguments: the output, the link options as given,
/// the objects, then `-L` and `-l` (a `-l` given before the sources still
/// comes after the objects).
fn link_command_args(
    cli: &Cli,
    link_args: &[OsString],
    objects: &[OsString],
    out: &Path,
) -> Vec<OsString> {
    let mut args = vec!["-o".into(), out.into()];
    args.extend(link_args.iter().cloned());
    args.extend(objects.iter().cloned());
    for d in &cli.lib_dirs {
        args.extend(["-L".into(), d.clone()]);
    }
    for l in &cli.libs {
        let mut lib = OsString::from("-l");
        lib.push(l);
        args.push(lib);
    }
    args
}

/// `-I`, `-D` and `-U` as given, for `cc -E` (`--preprocessor=external`).
fn cc_preprocessor_args(cli: &Cli) -> Vec<OsString> {
    let with = |flag: &str, values: &[OsString]| -> Vec<OsString> {
        values
            .iter()
            .flat_map(|v| [OsString::from(flag), v.clone()])
            .collect()
    };
    [
        with("-I", &cli.include_dirs),
        with("-D", &cli.defines),
        with("-U", &cli.undefines),
    ]
    .concat()
}

/// The path a program name resolves to through `PATH` (a name with a
/// slash is itself).
fn which(program: &std::ffi::OsStr) -> Option<PathBuf> {
    let path = Path::new(program);
    if path.components().count() > 1 {
        return Some(path.to_path_buf());
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}
