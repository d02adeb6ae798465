//! The `mcc` command line: a gcc-style driver (see shared docs/cli.md).
//!
//! Takes command-line arguments; runs the compiler ([`crate::compile`], which
//! preprocesses too, or [`crate::preprocess`] for `-E`), the external
//! assembler when asked and the linker (`cc`) on each input as the options
//! ask, and writes make rules for `-M`/`-MD` (formatted by
//! [`crate::pp::deps`]). It holds no compiler logic. Guarantees: exit 0 on success,
//! 1 for an invalid program or a failed external tool (reported with its
//! command and output), 2 for a bad command line; outputs are written under a
//! temporary name and renamed into place only on success, and temporaries are
//! always removed.

use std::ffi::OsString;
use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser};

use crate::pp::deps::{Dependency, RuleOptions};
use crate::pp::{Define, PpOptions};

use crate::target::Target;
use crate::{Compiled, Dump, Emit, Options, PreprocessFailure, Stage};

#[derive(Parser, Debug)]
#[command(
    name = "mcc",
    version,
    about = "A C compiler for x86-64",
    disable_help_subcommand = true
)]
struct Cli {
    /// Input files: .c sources, .s/.S assembly, .o/.a objects and libraries.
    #[arg(required = true, value_name = "FILE")]
    inputs: Vec<PathBuf>,
    /// Compile and assemble, but do not link.
    #[arg(short = 'c')]
    compile_only: bool,
    /// Compile only; write AT&T assembly.
    #[arg(short = 'S', short_alias = 's')]
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

pub fn main() -> ExitCode {
    let (args, gcc) = match take_gcc_options(std::env::args_os()) {
        Ok(split) => split,
        Err(f) => return ExitCode::from(f.code),
    };
    let matches = Cli::command().get_matches_from(args);
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

/// gcc's multi-letter single-dash options, which the argument parser cannot
/// express (`-MD`, `-MF FILE`, `-MTtarget`, `-isystem DIR`, `-std=c11`).
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
}

/// Takes gcc's multi-letter options out of the arguments.
fn take_gcc_options(
    args: impl Iterator<Item = OsString>,
) -> Result<(Vec<OsString>, GccOptions), Failed> {
    let mut rest = Vec::new();
    let mut gcc = GccOptions::default();
    let deps = &mut gcc.deps;
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let Some(text) = arg.to_str().map(str::to_string) else {
            rest.push(arg);
            continue;
        };
        let mut value = |flag: &str, what: &str| -> Result<String, Failed> {
            match &text[flag.len()..] {
                "" => args
                    .next()
                    .map(|v| v.to_string_lossy().into_owned())
                    .ok_or_else(|| usage_error(format!("missing {what} after '{flag}'"))),
                attached => Ok(attached.to_string()),
            }
        };
        // The search-path options, in the order gcc matches their names.
        let path_option = ["-isystem", "-iquote", "-idirafter", "-include"]
            .into_iter()
            .find(|flag| text.starts_with(flag));
        if let Some(flag) = path_option {
            let what = if flag == "-include" {
                "filename"
            } else {
                "path"
            };
            let v = value(flag, what)?;
            gcc.pp_args.push(flag.into());
            gcc.pp_args.push(v.clone().into());
            match flag {
                "-isystem" => gcc.pp.isystem_dirs.push(v.into()),
                "-iquote" => gcc.pp.quote_dirs.push(v.into()),
                "-idirafter" => gcc.pp.after_dirs.push(v.into()),
                _ => gcc.pp.forced_includes.push(v),
            }
            continue;
        }
        if let Some(std) = text.strip_prefix("-std=") {
            crate::pp::predefined::check_standard(std).map_err(usage_error)?;
            gcc.pp.std = Some(std.to_string());
            gcc.pp_args.push(arg);
            continue;
        }
        if text == "-nostdinc" {
            gcc.pp.system_dirs = Some(Vec::new());
            gcc.pp_args.push(arg);
            continue;
        }
        if let Some(level) = text.strip_prefix("-O") {
            // gcc's levels: -O is -O1, any number above 3 is -O3; -Os, -Oz,
            // -Og and -Ofast optimise too. The last one given wins.
            gcc.opt_level = match level {
                "" | "s" | "z" | "g" | "fast" => 1,
                digits if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
                    u8::from(!digits.trim_start_matches('0').is_empty())
                }
                _ => {
                    return Err(usage_error(format!(
                        "argument to '-O' should be a non-negative integer, 'g', 's', 'z' or 'fast' (got '{text}')"
                    )));
                }
            };
            continue;
        }
        let mut value = |flag: &str| value(flag, "filename");
        match text.as_str() {
            "-M" | "-MM" => {
                deps.mode = Some(DepMode::Instead);
                deps.style.system = text == "-M";
            }
            "-MD" | "-MMD" => {
                deps.mode.get_or_insert(DepMode::Also);
                deps.style.system = text == "-MD";
            }
            "-MP" => deps.style.phony = true,
            _ if text.starts_with("-MF") => deps.file = Some(PathBuf::from(value("-MF")?)),
            _ if text.starts_with("-MT") => deps.targets.push(value("-MT")?),
            _ if text.starts_with("-MQ") => {
                deps.targets.push(crate::pp::deps::escape(&value("-MQ")?));
            }
            "-MG" => {
                return Err(usage_error(
                    "-MG (missing headers as generated files) is not supported",
                ));
            }
            _ => rest.push(arg),
        }
    }
    Ok((rest, gcc))
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
    Assembly,
    /// Objects, archives and anything else: handed to the linker.
    Linker,
}

fn input_kind(path: &Path) -> InputKind {
    match path.extension().and_then(|e| e.to_str()) {
        Some("c") => InputKind::C,
        Some("s" | "S") => InputKind::Assembly,
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
            include_dirs: cli.include_dirs.iter().map(PathBuf::from).collect(),
            defines,
            preprocessed_input: cli.preprocessor == Which::External,
            timestamp: timestamp(),
            ..gcc.pp.clone()
        },
        optimize: optimizations(cli, gcc.opt_level),
    };
    let compiled_inputs = cli
        .inputs
        .iter()
        .filter(|p| input_kind(p) != InputKind::Linker)
        .count();
    // `-o` names this source's output only when it is the one source.
    let single_source = cli
        .inputs
        .iter()
        .filter(|p| input_kind(p) == InputKind::C)
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
    let tools = Tools {
        verbose: cli.verbose,
        target,
    };
    let scratch = tempfile::Builder::new()
        .prefix("mcc-")
        .tempdir()
        .map_err(|e| fail(format!("cannot create a temporary directory: {e}")))?;
    let mut link_inputs: Vec<PathBuf> = Vec::new();
    for (index, input) in cli.inputs.iter().enumerate() {
        let kind = input_kind(input);
        check_input(input)?;
        let scratch_object = scratch.path().join(format!("{index}.o"));
        match (kind, mode) {
            (InputKind::Linker, Mode::Link) => link_inputs.push(input.clone()),
            (InputKind::Linker, _) => {}
            (InputKind::Assembly, Mode::Object) => {
                let out = output_path(cli, input, "o");
                tools.assemble_with_cc(input, &out)?;
            }
            (InputKind::Assembly, Mode::Link) => {
                tools.assemble_with_cc(input, &scratch_object)?;
                link_inputs.push(scratch_object);
            }
            (InputKind::Assembly, _) => {}
            (InputKind::C, _) => {
                let rule = DepRule::new(cli, deps, input, mode, single_source);
                let text = match cli.preprocessor {
                    Which::Builtin => read_source(input)?,
                    Which::External => tools.preprocess(cli, &gcc.pp_args, input, rule.as_ref())?,
                };
                if let Some(rule) = rule.as_ref().filter(|r| r.instead) {
                    match cli.preprocessor {
                        Which::Builtin => {
                            let sink = Box::new(std::io::sink());
                            let read = preprocess_in_thread(text, input, &opts, false, sink)?;
                            rule.write(&read)?;
                        }
                        // `cc` wrote the rule to its file, or to the text.
                        Which::External => write_output(None, text.as_bytes())?,
                    }
                    continue;
                }
                if mode == Mode::Preprocess && cli.preprocessor == Which::Builtin {
                    let markers = !cli.no_line_markers;
                    let read = match cli.output.as_deref().filter(|o| *o != Path::new("-")) {
                        Some(out) => {
                            let staged = Staged::new(out, "out")?;
                            let file = std::fs::File::create(&staged.path)
                                .map_err(|e| cannot_write(out, &e))?;
                            let read =
                                preprocess_in_thread(text, input, &opts, markers, Box::new(file))?;
                            staged.publish()?;
                            read
                        }
                        None => {
                            let stdout = Box::new(std::io::stdout());
                            preprocess_in_thread(text, input, &opts, markers, stdout)?
                        }
                    };
                    if let Some(rule) = &rule {
                        rule.write(&read)?;
                    }
                    continue;
                }
                if mode == Mode::Preprocess {
                    write_output(cli.output.as_deref(), text.as_bytes())?;
                    continue;
                }
                let mut compiled = compile_in_thread(text, input, &opts)?;
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
    if mode == Mode::Link {
        let out = cli
            .output
            .clone()
            .unwrap_or_else(|| default_executable(cli));
        tools.link(&link_inputs, cli, &out)?;
    }
    Ok(())
}

/// A source file's text; invalid UTF-8 becomes U+FFFD, which the lexer
/// reports in place.
fn read_source(input: &Path) -> Result<String, Failed> {
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
) -> Result<Vec<Dependency>, Failed> {
    let name = input.display().to_string();
    let opts = opts.clone();
    match in_big_thread(move || crate::preprocess(text, &name, &opts, markers, &mut out))? {
        Ok(done) => {
            eprint!("{}", done.warnings);
            Ok(done.deps)
        }
        Err(PreprocessFailure::Rejected(rendered)) => Err(rejected(&rendered)),
        Err(PreprocessFailure::Output { warnings, error }) => {
            eprint!("{warnings}");
            Err(fail(format!("cannot write the output: {error}")))
        }
    }
}

/// An invalid program, reported by the compiler (warnings, then errors).
fn rejected(rendered: &str) -> Failed {
    eprint!("{rendered}");
    Failed { code: 1 }
}

fn compile_in_thread(text: String, input: &Path, opts: &Options) -> Result<Compiled, Failed> {
    let name = input.display().to_string();
    let opts = opts.clone();
    match in_big_thread(move || crate::compile(text, &name, &opts))? {
        Ok(mut compiled) => {
            eprint!("{}", std::mem::take(&mut compiled.warnings));
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

/// `-o`, or the input's name with a new extension next to it
/// (`dir/prog.c` → `dir/prog.o`).
fn output_path(cli: &Cli, input: &Path, extension: &str) -> PathBuf {
    cli.output
        .clone()
        .unwrap_or_else(|| input.with_extension(extension))
}

/// The book's convention: named after the first source, next to it.
fn default_executable(cli: &Cli) -> PathBuf {
    cli.inputs
        .iter()
        .find(|p| input_kind(p) != InputKind::Linker)
        .map_or_else(|| PathBuf::from("a.out"), |p| p.with_extension(""))
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
        if output.status.success() {
            std::io::stderr().write_all(&output.stderr).ok();
            return Ok(output.stdout);
        }
        std::io::stderr().write_all(&output.stderr).ok();
        Err(fail(format!("command failed ({}): {shown}", output.status)))
    }

    /// `--preprocessor=external`: the system `cc -E`.
    fn preprocess(
        &self,
        cli: &Cli,
        pp_args: &[OsString],
        input: &Path,
        rule: Option<&DepRule>,
    ) -> Result<String, Failed> {
        let mut cmd = Command::new("cc");
        cmd.args(["-E", "-x", "c"]);
        cmd.args(pp_args);
        if let Some(rule) = rule {
            cmd.args(rule.cc_args());
        }
        if cli.no_line_markers {
            cmd.arg("-P");
        }
        for d in &cli.include_dirs {
            cmd.arg("-I").arg(d);
        }
        for d in &cli.defines {
            cmd.arg("-D").arg(d);
        }
        for u in &cli.undefines {
            cmd.arg("-U").arg(u);
        }
        cmd.arg(input);
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
        let (program, args) = self.target.external_assembler();
        self.run(
            Command::new(program)
                .args(args)
                .arg("-o")
                .arg(&object)
                .arg(scratch_asm),
        )?;
        std::fs::read(&object).map_err(|e| fail(format!("cannot read {}: {e}", object.display())))
    }

    /// A user's `.s`/`.S` file: `cc` runs the preprocessor for `.S`.
    fn assemble_with_cc(&self, input: &Path, out: &Path) -> Result<(), Failed> {
        let staged = Staged::new(out, "out.o")?;
        self.run(
            Command::new("cc")
                .arg("-c")
                .arg("-o")
                .arg(&staged.path)
                .arg(input),
        )?;
        staged.publish()
    }

    fn link(&self, objects: &[PathBuf], cli: &Cli, out: &Path) -> Result<(), Failed> {
        let staged = Staged::new(out, "a.out")?;
        let mut cmd = Command::new("cc");
        cmd.arg("-o").arg(&staged.path).args(objects);
        for d in &cli.lib_dirs {
            cmd.arg("-L").arg(d);
        }
        for l in &cli.libs {
            cmd.arg(format!("-l{}", l.to_string_lossy()));
        }
        self.run(&mut cmd)?;
        staged.publish()
    }
}
