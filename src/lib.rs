//! mcc: a C compiler for x86-64.
//!
//! The pipeline, one pass per module (see ARCHITECTURE.md):
//!
//! ```text
//! source ─pp─► pp-tokens ─lex─► tokens ─parse─► AST ─resolve─► ─label─► ─typecheck─► typed AST
//!      ─lower─► TACKY ─opt─► TACKY ─select─► asm (pseudos) ─regalloc─► ─frame─► ─fixup─► final asm
//!      ─backend::att─► AT&T text
//!      ─backend::encode─► bytes + relocations ─backend::elf─► ELF object
//! ```
//!
//! [`compile`] runs it on one source file and stops at the requested stage;
//! [`preprocess`] is `-E`. The driver (`driver`) does everything around them
//! (files, options, the external assembler, linking).

pub mod backend;
pub mod codegen;
pub mod diag;
pub mod driver;
pub mod flow;
pub mod intern;
pub mod ir;
pub mod lex;
pub mod lower;
pub mod opt;
pub mod parse;
pub mod pic;
pub mod pp;
pub mod sema;
pub mod target;

use diag::{Diagnostic, SourceMap};
use intern::Interner;
use ir::NameGen;
use pp::{PpOptions, Preprocessor};
use target::Target;

/// The last stage to run (the book's `--lex`, `--parse`, ... flags).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Lex,
    Parse,
    Validate,
    Tacky,
    Codegen,
    Emit,
}

/// An IR to print to stdout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Dump {
    Tokens,
    Ast,
    Tacky,
    Asm,
}

/// What the last stage produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Emit {
    /// AT&T text (`-S`, or the external assembler's input).
    Assembly,
    /// An object file from the built-in encoder.
    Object,
    /// Both, for cross-checking.
    Both,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub stop_after: Stage,
    pub emit: Emit,
    pub dump: Option<Dump>,
    pub target: Target,
    /// Colour in rendered diagnostics.
    pub color: bool,
    /// Include directories, `-D`/`-U`, ...
    pub pp: PpOptions,
    /// The TACKY optimisations to run.
    pub optimize: opt::Optimizations,
    /// `-fPIC`/`-fpic`: global and `extern` variables through the GOT,
    /// so that the object can go into a shared library.
    pub pic: bool,
}

/// What a successful compilation produced.
#[derive(Default)]
pub struct Compiled {
    /// AT&T assembly, when the pipeline ran to the end and it was asked for.
    pub assembly: Option<String>,
    /// An object file, when the pipeline ran to the end and it was asked for.
    pub object: Option<Vec<u8>>,
    /// The requested IR dump.
    pub dump: Option<String>,
    /// Rendered warnings (empty when there were none).
    pub warnings: String,
    /// The files read, for `-MD` (see [`pp::deps`]).
    pub deps: Vec<pp::deps::Dependency>,
}

/// What [`preprocess`] returns besides the text it wrote.
pub struct Preprocessed {
    /// Rendered warnings (empty when there were none).
    pub warnings: String,
    /// The files read, for `-M` and `-MD` (see [`pp::deps`]).
    pub deps: Vec<pp::deps::Dependency>,
}

/// Compiles one source file; `file_name` names it in diagnostics,
/// `__FILE__` and relative `#include`s. On error, returns the rendered
/// diagnostic (after any warnings).
pub fn compile(
    source: impl Into<String>,
    file_name: &str,
    opts: &Options,
) -> Result<Compiled, String> {
    let source = std::sync::Arc::new(source.into());
    let mut interner = Interner::new();
    let mut map = SourceMap::new();
    let mut warnings = Vec::new();
    let result = run_pipeline(
        source,
        file_name,
        opts,
        &mut interner,
        &mut map,
        &mut warnings,
    );
    let rendered = render_all(&warnings, &map, &interner, opts.color);
    match result {
        Ok(compiled) => Ok(Compiled {
            warnings: rendered,
            deps: pp::deps::dependencies(&map),
            ..compiled
        }),
        Err(d) => Err(rendered + &map.render(&d, &interner, opts.color)),
    }
}

/// Why [`preprocess`] stopped.
#[derive(Debug)]
pub enum PreprocessFailure {
    /// An invalid program: the rendered warnings, then the error.
    Rejected(String),
    /// `out` could not be written; the rendered warnings so far.
    Output {
        warnings: String,
        error: std::io::Error,
    },
}

/// Preprocesses one source file to text (`-E`) written to `out`, with line
/// markers when `markers`, or (`-dM`, `opts.pp.dump_macros`) to the
/// definitions of the macros defined at its end. Returns the rendered
/// warnings and the files read.
pub fn preprocess(
    source: impl Into<String>,
    file_name: &str,
    opts: &Options,
    markers: bool,
    out: &mut dyn std::io::Write,
) -> Result<Preprocessed, PreprocessFailure> {
    let mut interner = Interner::new();
    let mut map = SourceMap::new();
    let mut warnings = Vec::new();
    let result = Preprocessor::new(
        file_name,
        std::sync::Arc::new(source.into()),
        &opts.pp,
        &opts.target,
        &mut interner,
        &mut map,
        &mut warnings,
    )
    .map_err(pp::print::PrintError::Diagnostic)
    .and_then(|mut pp| {
        if opts.pp.dump_macros {
            pp::print::print_macros(&mut pp, out)
        } else {
            pp::print::print(&mut pp, markers, out)
        }
    });
    let rendered = render_all(&warnings, &map, &interner, opts.color);
    match result {
        Ok(()) => Ok(Preprocessed {
            warnings: rendered,
            deps: pp::deps::dependencies(&map),
        }),
        Err(pp::print::PrintError::Diagnostic(d)) => Err(PreprocessFailure::Rejected(
            rendered + &map.render(&d, &interner, opts.color),
        )),
        Err(pp::print::PrintError::Io(error)) => Err(PreprocessFailure::Output {
            warnings: rendered,
            error,
        }),
    }
}

fn render_all(diags: &[Diagnostic], map: &SourceMap, interner: &Interner, color: bool) -> String {
    diags
        .iter()
        .map(|d| map.render(d, interner, color))
        .collect()
}

fn run_pipeline(
    source: diag::Text,
    file_name: &str,
    opts: &Options,
    interner: &mut Interner,
    map: &mut SourceMap,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Compiled, Diagnostic> {
    let mut out = Compiled::default();
    let wants = |d: Dump| opts.dump == Some(d);
    let mut names = NameGen::default();

    let mut ast = {
        let mut pp = Preprocessor::new(
            file_name,
            source,
            &opts.pp,
            &opts.target,
            interner,
            map,
            warnings,
        )?;
        let mut tokens = lex::TokenStream::new(&mut pp);
        if wants(Dump::Tokens) {
            tokens.record();
        }
        let ast = if opts.stop_after == Stage::Lex {
            tokens.finish()?;
            None
        } else {
            Some(parse::parse_program(&mut tokens)?)
        };
        if let Some(list) = tokens.recorded() {
            out.dump = Some(list.iter().map(|t| format!("{:?}\n", t.kind)).collect());
        }
        let Some(ast) = ast else {
            return Ok(out);
        };
        ast
    };
    if opts.stop_after == Stage::Parse {
        if wants(Dump::Ast) {
            out.dump = Some(ir::ast::print_program(&ast, interner));
        }
        return Ok(out);
    }

    sema::resolve::resolve_program(&mut ast, interner, &mut names)?;
    sema::labels::label_program(&mut ast, interner, &mut names)?;
    let mut symbols = sema::typecheck::typecheck_program(&mut ast, interner, &mut names)?;
    if wants(Dump::Ast) {
        out.dump = Some(ir::ast::print_program(&ast, interner));
    }
    if opts.stop_after == Stage::Validate {
        return Ok(out);
    }

    let mut tacky = lower::lower_program(&ast, &mut symbols, interner, &mut names);
    if opts.pic {
        pic::reach_globals_through_addresses(&mut tacky, &mut symbols, interner, &mut names);
    }
    let mut optimizer = opt::Optimizer::default();
    for item in &mut tacky.items {
        if let ir::tacky::TopLevel::Function(f) = item {
            optimizer.optimize_function(f, &symbols, &mut names, opts.optimize);
        }
    }
    if wants(Dump::Tacky) {
        out.dump = Some(ir::tacky::print_program(&tacky, interner));
    }
    if opts.stop_after == Stage::Tacky {
        return Ok(out);
    }

    let (mut asm, asm_symbols) =
        codegen::select::select_instructions(&tacky, &symbols, interner, &mut names, opts.pic);
    for item in &mut asm.items {
        if let ir::asm::TopLevel::Function(f) = item {
            let callee_saved = if opts.optimize.any() {
                let saved = codegen::regalloc::allocate_registers(f, &asm_symbols);
                codegen::peephole::improve(f);
                saved
            } else {
                Vec::new()
            };
            let frame = codegen::frame::lay_out_frame(f, &asm_symbols, callee_saved);
            codegen::fixup::fix_up_instructions(f, frame);
            if cfg!(debug_assertions)
                && let Err(why) = codegen::verify::verify_function(f)
            {
                panic!(
                    "invalid final assembly in '{}': {why}",
                    interner.get(f.name)
                );
            }
        }
    }
    let emits_text = opts.stop_after == Stage::Emit && opts.emit != Emit::Object;
    let text = (wants(Dump::Asm) || emits_text)
        .then(|| backend::att::render_program(&asm, interner, &opts.target));
    if wants(Dump::Asm) {
        out.dump.clone_from(&text);
    }
    if opts.stop_after < Stage::Emit {
        return Ok(out);
    }
    if emits_text {
        out.assembly = text;
    }
    if opts.emit != Emit::Assembly {
        let code = backend::encode::encode_program(&asm, interner, &opts.target);
        out.object = Some(match opts.target.format {
            target::ObjectFormat::Elf => backend::elf::write_elf(&code),
            target::ObjectFormat::MachO => backend::macho::write_macho(&code),
        });
    }
    Ok(out)
}
