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
pub mod memory;
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
    /// Run the back ends (text, encoding) on a thread of their own while
    /// the front end goes on; off, they run on the caller's thread. The
    /// output is the same either way.
    pub back_end_thread: bool,
    /// Unwind tables (`.eh_frame`, ELF only), gcc's default; off with
    /// `-fno-asynchronous-unwind-tables`.
    pub unwind_tables: bool,
    /// `-g`: DWARF debug information (ELF only), naming this directory as
    /// the one compiled in.
    pub debug: Option<String>,
}

impl Options {
    /// Whether objects get unwind tables: on ELF (Mach-O objects get none;
    /// llvm-mc would make compact unwind information of its own).
    pub fn unwind_info(&self) -> bool {
        self.unwind_tables && self.target.format == target::ObjectFormat::Elf
    }

    /// Whether `-g` gives debug information: on ELF only.
    pub fn debug_info(&self) -> bool {
        self.debug.is_some() && self.target.format == target::ObjectFormat::Elf
    }
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

/// The whole pipeline, streamed: each external declaration is parsed,
/// checked and (a function definition) lowered, optimised, compiled and
/// handed to the back ends before the next is read, so only what the file
/// needs across declarations (the symbol table, the file scope, the object
/// or text so far) outlives it. The static variables and constants follow
/// at the end of the file.
fn run_pipeline(
    source: diag::Text,
    file_name: &str,
    opts: &Options,
    interner: &mut Interner,
    map: &mut SourceMap,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Compiled, Diagnostic> {
    std::thread::scope(|scope| {
        let mut out = Compiled::default();
        let mut unit = Unit::new(opts, interner, scope);
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
        if unit.wants(Dump::Tokens) {
            tokens.record();
        }
        let result = (|| {
            if opts.stop_after == Stage::Lex {
                return tokens.finish();
            }
            let mut parser = parse::Parser::new(&mut tokens);
            while let Some(decls) = parser.next_declaration()? {
                for decl in decls {
                    if let Err(e) = unit.declaration(decl, parser.interner_mut()) {
                        // A syntax error anywhere still comes first.
                        parser.check_rest()?;
                        return Err(e);
                    }
                }
            }
            Ok(())
        })();
        if let Some(list) = tokens.recorded() {
            unit.dump = list.iter().map(|t| format!("{:?}\n", t.kind)).collect();
        }
        drop(tokens);
        drop(pp);
        warnings.append(&mut unit.warnings);
        result?;
        unit.finish(interner, map, file_name, &mut out);
        Ok(out)
    })
}

/// A function of more TACKY instructions than this has its freed syntax
/// tree's pages given back at once ([`memory::release_free_pages`]): the
/// 8,660-line `main` of the generated Part II program (128k instructions)
/// then peaks 7.5 MiB lower. The walk over the heap is not made for every
/// function: ordinary ones are a thousand times shorter.
const LONG_FUNCTION: usize = 50_000;

/// What the pipeline keeps across the declarations of one file.
struct Unit<'s, 'o> {
    opts: &'o Options,
    names: NameGen,
    scope: sema::resolve::FileScope,
    symbols: ir::symbols::SymbolTable,
    optimizer: opt::Optimizer,
    selection: codegen::select::Selection,
    back: Back<'s, 'o>,
    /// Functions compiled as inline definitions (local code; see
    /// `lower::lower_function`).
    inline_definitions: Vec<intern::Sym>,
    /// The requested IR dump so far.
    dump: String,
    /// Semantic analysis's warnings, which go after the preprocessor's.
    warnings: Vec<Diagnostic>,
}

impl<'s, 'o: 's> Unit<'s, 'o> {
    fn new(
        opts: &'o Options,
        interner: &mut Interner,
        scope: &'s std::thread::Scope<'s, '_>,
    ) -> Self {
        let emits = opts.stop_after == Stage::Emit;
        let wants_text = opts.dump == Some(Dump::Asm) || (emits && opts.emit != Emit::Object);
        // Mentioned at the first GOT reference, which any code can make
        // (a function's address, when the function may be in a shared
        // library).
        let got_base = Some(interner.intern("_GLOBAL_OFFSET_TABLE_"));
        let unwind = opts.unwind_info();
        // Debug information needs the code's layout, which the encoder
        // makes, even for the text alone.
        let debug = opts.debug_info() && emits;
        let back_ends = BackEnds {
            opts,
            text: wants_text.then(|| backend::att::TextWriter::new(&opts.target, unwind)),
            object: (emits && (opts.emit != Emit::Assembly || debug))
                .then(|| backend::encode::Assembler::new(&opts.target, got_base, unwind, debug)),
        };
        let threaded =
            opts.back_end_thread && (back_ends.text.is_some() || back_ends.object.is_some());
        Unit {
            opts,
            names: NameGen::default(),
            scope: sema::resolve::FileScope::new(interner),
            symbols: {
                let mut symbols = ir::symbols::SymbolTable::default();
                ir::va_list::declare(&mut symbols.types, interner);
                symbols
            },
            optimizer: Default::default(),
            selection: codegen::select::Selection::new(opts.pic),
            back: if threaded {
                Back::spawn(back_ends, scope)
            } else {
                Back::Here(Box::new(back_ends))
            },
            inline_definitions: Vec::new(),
            dump: String::new(),
            warnings: Vec::new(),
        }
    }

    fn wants(&self, d: Dump) -> bool {
        self.opts.dump == Some(d)
    }

    /// One declaration through every stage asked for.
    fn declaration(
        &mut self,
        mut decl: ir::ast::Decl,
        interner: &mut Interner,
    ) -> Result<(), Diagnostic> {
        let stop = self.opts.stop_after;
        let mark = self.symbols.len();
        if stop > Stage::Parse {
            let names = &mut self.names;
            sema::resolve::resolve_decl(&mut decl, &mut self.scope, interner, names)?;
            sema::labels::label_decl(&mut decl, interner, names)?;
            let warnings = &mut self.warnings;
            sema::typecheck::typecheck_decl(
                &mut decl,
                &mut self.symbols,
                interner,
                names,
                warnings,
            )?;
            // Mach-O's thread-local variables are another scheme
            // (`__thread_vars` and `tlv_get_addr`), not done.
            if self.opts.target.format == target::ObjectFormat::MachO
                && let Some(&span) = self.symbols.thread_local.values().next()
            {
                return Err(Diagnostic::error(
                    span,
                    "'_Thread_local' is not supported for Mach-O targets",
                ));
            }
        }
        if self.wants(Dump::Ast) {
            self.dump += &ir::ast::print_decl(&decl, interner);
        }
        if stop > Stage::Validate
            && let ir::ast::Decl::Fun(f) = &decl
            && f.body.is_some()
        {
            self.function(decl, interner);
            self.symbols.forget_locals_since(mark);
        }
        self.symbols.declared.clear();
        Ok(())
    }

    /// One function definition from TACKY to the back ends.
    fn function(&mut self, decl: ir::ast::Decl, interner: &mut Interner) {
        let ir::ast::Decl::Fun(mut f) = decl else {
            unreachable!("only function definitions are compiled")
        };
        let body = f.body.take().expect("a function definition has a body");
        let (opts, symbols, names) = (self.opts, &mut self.symbols, &mut self.names);
        names.start_function();
        // Each IR goes as soon as the next is made (the body's statements
        // as they are lowered): a long function's trees are megabytes.
        let mut tacky = lower::lower_function(&f, body, symbols, interner, names);
        drop(f);
        if tacky.body.len() > LONG_FUNCTION {
            memory::release_free_pages();
        }
        if !tacky.global && symbols.is_global_function(tacky.name) {
            self.inline_definitions.push(tacky.name);
        }
        if pic::reaches_any(symbols, opts.pic) {
            pic::reach_globals_through_addresses(&mut tacky, symbols, interner, names, opts.pic);
        }
        self.optimizer
            .optimize_function(&mut tacky, symbols, names, opts.optimize);
        if opts.dump == Some(Dump::Tacky) {
            self.dump += &ir::tacky::print_function(&tacky, interner);
        }
        if opts.stop_after == Stage::Tacky {
            return;
        }

        let (mut f, asm_symbols) = self.selection.function(&tacky, symbols, interner, names);
        drop(tacky);
        if opts.debug_info() {
            f.debug_vars = backend::debug::declared_variables(symbols);
        }
        self.back.function(f, asm_symbols, interner);
    }

    /// The end of the file: the static variables and constants, and the
    /// outputs.
    /// `map` and `file_name`: the source, for debug information.
    fn finish(self, interner: &Interner, map: &SourceMap, file_name: &str, out: &mut Compiled) {
        let opts = self.opts;
        let mut dump = self.dump;
        if opts.stop_after >= Stage::Tacky {
            let statics = lower::static_variables(&self.symbols);
            if opts.dump == Some(Dump::Tacky) {
                for s in &statics {
                    dump += &ir::tacky::print_static(s, interner);
                }
            }
            if opts.stop_after > Stage::Tacky {
                let statics: Vec<ir::asm::StaticVar> = statics
                    .iter()
                    .map(|s| codegen::select::static_var(s, &self.symbols))
                    .collect();
                let constants = self.selection.constants(&self.symbols);
                // Inline definitions compiled as local that a later
                // declaration made the external definition (C11 6.7.4p7).
                let now_global: Vec<intern::Sym> = self
                    .inline_definitions
                    .iter()
                    .copied()
                    .filter(|&name| self.symbols.provides_external_definition(name))
                    .collect();
                let linkage = self.symbols.linkage_attributes();
                let mut back = self.back.finish();
                let debug = match (
                    opts.debug.as_ref().filter(|_| opts.debug_info()),
                    &mut back.object,
                ) {
                    (Some(dir), Some(object)) => backend::debug::dwarf(
                        &object.debug_functions(),
                        &statics,
                        map,
                        interner,
                        &self.symbols,
                        file_name,
                        dir,
                    ),
                    _ => Vec::new(),
                };
                let text = back.text.map(|t| {
                    t.finish(&statics, &constants, &now_global, linkage, interner, &debug)
                });
                if opts.dump == Some(Dump::Asm) {
                    dump.clone_from(text.as_ref().expect("text is made for its dump"));
                }
                if opts.stop_after == Stage::Emit && opts.emit != Emit::Object {
                    out.assembly = text;
                }
                if let Some(object) = back.object.filter(|_| opts.emit != Emit::Assembly) {
                    let code =
                        object.finish(&statics, &constants, &now_global, linkage, interner, &debug);
                    out.object = Some(match opts.target.format {
                        target::ObjectFormat::Elf => backend::elf::write_elf(code),
                        target::ObjectFormat::MachO => backend::macho::write_macho(&code),
                    });
                }
            }
        }
        if opts.dump.is_some() {
            out.dump = Some(dump);
        }
    }
}

/// The back half of the pipeline, which takes each function once its
/// instructions are selected: register allocation, frame layout and fix-up,
/// then the text and the object so far.
struct BackEnds<'o> {
    opts: &'o Options,
    text: Option<backend::att::TextWriter>,
    object: Option<backend::encode::Assembler<'o>>,
}

impl BackEnds<'_> {
    fn function(
        &mut self,
        mut f: ir::asm::Function,
        asm_symbols: &ir::asm::AsmSymbols,
        names: &dyn intern::Names,
    ) {
        let callee_saved = if self.opts.optimize.any() {
            let saved = codegen::regalloc::allocate_registers(&mut f, asm_symbols);
            codegen::peephole::improve(&mut f);
            saved
        } else {
            Vec::new()
        };
        let frame = codegen::frame::lay_out_frame(
            &mut f,
            asm_symbols,
            callee_saved,
            !self.opts.optimize.any(),
        );
        codegen::fixup::fix_up_instructions(&mut f, frame);
        if cfg!(debug_assertions)
            && let Err(why) = codegen::verify::verify_function(&f)
        {
            panic!("invalid final assembly in '{}': {why}", names.name(f.name));
        }
        if let Some(text) = &mut self.text {
            text.function(&f, names, &self.opts.target);
        }
        if let Some(object) = &mut self.object {
            object.function(&f);
        }
    }
}

/// A function for the back-end thread, with its variables' asm types and
/// homes, and the names it mentions that the thread has not been sent yet
/// (the text needs them; the interner stays with the front end).
type Job = (
    ir::asm::Function,
    ir::asm::AsmSymbols,
    Vec<(intern::Sym, Box<str>)>,
);

/// Jobs go to the thread in batches of about this many asm instructions:
/// waking a thread per function costs more than a small function's work.
const BATCH: usize = 4096;

/// How many batches may wait for the back-end thread: enough to smooth out
/// uneven functions, few enough to keep memory flat.
const QUEUE: usize = 4;

/// Where finished functions go: to the back ends here, or to a thread
/// running them behind a bounded queue while the front end goes on. Either
/// way they take the functions in source order, so the output does not
/// depend on timing.
enum Back<'s, 'o> {
    Here(Box<BackEnds<'o>>),
    Thread {
        queue: std::sync::mpsc::SyncSender<Vec<Job>>,
        worker: std::thread::ScopedJoinHandle<'s, BackEnds<'o>>,
        /// The batch being filled, and its instructions.
        batch: Vec<Job>,
        batch_instrs: usize,
        /// Whether the text is made: its names must be sent.
        text: bool,
        /// The names already sent.
        sent: rustc_hash::FxHashSet<intern::Sym>,
    },
}

impl<'s, 'o: 's> Back<'s, 'o> {
    fn spawn(mut back: BackEnds<'o>, scope: &'s std::thread::Scope<'s, '_>) -> Self {
        let (queue, batches) = std::sync::mpsc::sync_channel::<Vec<Job>>(QUEUE);
        let text = back.text.is_some();
        let worker = std::thread::Builder::new()
            .name("mcc-back-end".into())
            .spawn_scoped(scope, move || {
                let mut names = intern::NameTable::default();
                for (f, asm_symbols, new_names) in batches.into_iter().flatten() {
                    for (sym, name) in new_names {
                        names.insert(sym, &name);
                    }
                    back.function(f, &asm_symbols, &names);
                }
                back
            })
            .expect("cannot start the back-end thread");
        Back::Thread {
            queue,
            worker,
            batch: Vec::new(),
            batch_instrs: 0,
            text,
            sent: Default::default(),
        }
    }

    fn function(
        &mut self,
        f: ir::asm::Function,
        asm_symbols: ir::asm::AsmSymbols,
        interner: &Interner,
    ) {
        match self {
            Back::Here(back) => back.function(f, &asm_symbols, interner),
            Back::Thread {
                queue,
                batch,
                batch_instrs,
                text,
                sent,
                ..
            } => {
                let mut names = Vec::new();
                let mut send = |sym: intern::Sym| {
                    if sent.insert(sym) {
                        names.push((sym, interner.get(sym).into()));
                    }
                };
                send(f.name);
                if let Some(target::Section::Named(section)) = f.section {
                    send(section);
                }
                if *text {
                    // Static variables are still pseudo-registers: frame
                    // layout, on the thread, makes them data operands.
                    f.instrs
                        .iter()
                        .flat_map(|i| i.item.symbols())
                        .for_each(&mut send);
                    asm_symbols.statics().for_each(&mut send);
                }
                *batch_instrs += f.instrs.len();
                batch.push((f, asm_symbols, names));
                if *batch_instrs >= BATCH {
                    *batch_instrs = 0;
                    // The worker only stops when the queue closes, or by
                    // panicking, which `finish` passes on.
                    let _ = queue.send(std::mem::take(batch));
                }
            }
        }
    }

    /// The back ends once every function has reached them.
    fn finish(self) -> BackEnds<'o> {
        match self {
            Back::Here(back) => *back,
            Back::Thread {
                queue,
                worker,
                batch,
                ..
            } => {
                let _ = queue.send(batch);
                drop(queue);
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }
        }
    }
}
