//! Cross-check comparison of two relocatable object files.
//!
//! Takes the bytes of the object mcc's built-in encoder wrote (`ours`) and of the
//! object the external assembler (GNU `as` for ELF, `llvm-mc` for Mach-O) made from
//! mcc's AT&T text (`reference`). Returns `Ok(())` when they are equivalent, else
//! `Err(report)`: a human-readable, multi-line description of the *first* difference.
//!
//! Compared, in this order (see docs/x86-encoding-and-objects.md section 7):
//! 1. file format, architecture, width, endianness, object kind and file flags;
//! 2. sections (string tables, `.symtab` and relocation sections excluded): the list
//!    of names in order, then per section kind, flags, address, alignment, size and
//!    contents (zero-fill sections: size only; on a size difference the first
//!    differing byte is reported too). A code-section difference is reported
//!    with the containing symbol and a disassembly of both sides around it;
//! 3. symbols, as an ordered list of (name, value, size, kind, scope, weak, flags,
//!    section); a list that differs only in order is reported as such;
//! 4. relocations per section, sorted by offset, as (offset, type, target, addend,
//!    implicit addend).
//!
//! String-table layout, `st_name`/`sh_name`, symbol indices and file offsets are
//! never compared. Guarantee: no input, however malformed, makes this panic; a file
//! the `object` crate cannot read yields an `Err` report.

use iced_x86::{Decoder, DecoderOptions, Formatter, GasFormatter};
use object::{
    Object, ObjectSection, ObjectSymbol, RelocationFlags, RelocationTarget, SectionIndex,
    SectionKind, SymbolSection,
};
use std::fmt::Write as _;

const OURS: &str = "built-in";
const THEIRS: &str = "external as";
/// Instructions shown before and after the differing one.
const CONTEXT: usize = 3;

type File<'a> = object::File<'a>;

/// Compares `ours` (built-in encoder) against `reference` (external assembler).
/// Ok(()) when equivalent; Err(report) with a human-readable multi-line report of the first difference.
pub fn compare_objects(ours: &[u8], reference: &[u8]) -> Result<(), String> {
    let a = parse(ours, OURS)?;
    let b = parse(reference, THEIRS)?;
    side_by_side("file format", &describe_file(&a), &describe_file(&b))?;
    let (secs_a, secs_b) = (sections(&a)?, sections(&b)?);
    let names = |s: &[Sec]| -> String { s.iter().map(|s| format!("{} ", s.name)).collect() };
    side_by_side("section list", &names(&secs_a), &names(&secs_b))?;
    for (sa, sb) in secs_a.iter().zip(&secs_b) {
        compare_section(&a, &b, sa, sb)?;
    }
    compare_symbols(&symbols(&a)?, &symbols(&b)?)?;
    for (sa, sb) in secs_a.iter().zip(&secs_b) {
        compare_relocations(&sa.name, &relocations(&a, sa)?, &relocations(&b, sb)?)?;
    }
    Ok(())
}

fn parse<'a>(data: &'a [u8], who: &str) -> Result<File<'a>, String> {
    File::parse(data).map_err(|e| format!("cross-check: cannot read the {who} object: {e}"))
}

fn err<T>(what: &str, e: object::Error) -> Result<T, String> {
    Err(format!("cross-check: malformed object ({what}): {e}"))
}

/// `Err` report "`what` differs" showing both values, unless they are equal.
fn side_by_side(what: &str, ours: &str, theirs: &str) -> Result<(), String> {
    if ours == theirs {
        return Ok(());
    }
    Err(format!(
        "cross-check: {what} differs\n  {OURS}:    {ours}\n  {THEIRS}: {theirs}"
    ))
}

fn describe_file(f: &File) -> String {
    let (format, arch, wide, endian) = (f.format(), f.architecture(), f.is_64(), f.endianness());
    let (kind, flags) = (f.kind(), f.flags());
    format!("{format:?} {arch:?} 64-bit={wide} {endian:?} {kind:?} {flags:?}")
}

// ---------------------------------------------------------------- sections

/// The compared facts of one section.
struct Sec<'a> {
    index: SectionIndex,
    name: String,
    kind: SectionKind,
    header: String,
    data: &'a [u8],
    size: u64,
}

/// Display name of a section: `NAME` (ELF) or `SEGMENT,NAME` (Mach-O).
fn display_name(s: &object::Section) -> Result<String, String> {
    let name = s.name().or_else(|e| err("section name", e))?;
    Ok(match s.segment_name() {
        Ok(Some(seg)) => format!("{seg},{name}"),
        _ => name.to_string(),
    })
}

fn section<'a, 'f>(f: &'f File<'a>, i: SectionIndex) -> Result<object::Section<'a, 'f>, String> {
    f.section_by_index(i).or_else(|e| err("section index", e))
}

fn section_name(f: &File, index: SectionIndex) -> Result<String, String> {
    display_name(&section(f, index)?)
}

/// String tables, the symbol table and relocation sections are compared elsewhere.
fn is_excluded(s: &object::Section, name: &str) -> bool {
    let reloc = matches!(s.flags(), object::SectionFlags::Elf { sh_type, .. }
        if sh_type == object::elf::SHT_RELA || sh_type == object::elf::SHT_REL);
    reloc || matches!(name, ".strtab" | ".shstrtab" | ".symtab")
}

fn sections<'a>(f: &File<'a>) -> Result<Vec<Sec<'a>>, String> {
    let mut out = Vec::new();
    for s in f.sections() {
        let name = display_name(&s)?;
        if is_excluded(&s, &name) {
            continue;
        }
        let (kind, align, flags, addr) = (s.kind(), s.align(), s.flags(), s.address());
        let header = format!("kind={kind:?} align={align} flags={flags:?} address={addr:#x}");
        let zero_fill = [
            SectionKind::UninitializedData,
            SectionKind::UninitializedTls,
        ];
        let data = if zero_fill.contains(&kind) {
            &[][..]
        } else {
            s.data().or_else(|e| err("section data", e))?
        };
        out.push(Sec {
            index: s.index(),
            name,
            kind,
            header,
            data,
            size: s.size(),
        });
    }
    Ok(out)
}

fn compare_section(a: &File, b: &File, sa: &Sec, sb: &Sec) -> Result<(), String> {
    side_by_side(
        &format!("section {} header", sa.name),
        &sa.header,
        &sb.header,
    )?;
    let size = (sa.size != sb.size || sa.data.len() != sb.data.len()).then(|| {
        format!(
            "cross-check: section {} size differs ({OURS} {:#x}, {THEIRS} {:#x})",
            sa.name, sa.size, sb.size
        )
    });
    let first = sa.data.iter().zip(sb.data).position(|(x, y)| x != y);
    let content = first.map(|off| content_report(a, b, sa, sb, off as u64));
    match (size, content) {
        (None, None) => Ok(()),
        (Some(s), Some(c)) => Err(format!("{s}; first difference: {c}")),
        (Some(s), None) => Err(s),
        (None, Some(c)) => Err(format!("cross-check: {c}")),
    }
}

/// The report (without the `cross-check: ` prefix) for the first differing byte,
/// at `off`, of a section.
fn content_report(a: &File, b: &File, sa: &Sec, sb: &Sec, off: u64) -> String {
    let mut r = format!("{} differs at offset {off:#x}", sa.name);
    if let Some((sym, start)) = containing_symbol(a, sa, off) {
        let _ = write!(r, " ({sym}+{:#x})", off - start);
    }
    if sa.kind == SectionKind::Text {
        for (f, s, who) in [(a, sa, OURS), (b, sb, THEIRS)] {
            let start = containing_symbol(f, s, off).map_or(0, |(_, st)| st);
            let _ = write!(r, "\n  {who}:\n{}", disassemble(s.data, start, off));
        }
    } else {
        let _ = write!(r, "\n  {OURS}:    {}", hex_window(sa.data, off));
        let _ = write!(r, "\n  {THEIRS}: {}", hex_window(sb.data, off));
    }
    r
}

/// The nearest defined, non-section symbol at or before `off` in section `s`:
/// its name and its offset in the section.
fn containing_symbol(f: &File, s: &Sec, off: u64) -> Option<(String, u64)> {
    let base = f.section_by_index(s.index).ok()?.address();
    let mut best: Option<(String, u64)> = None;
    for sym in f.symbols() {
        if sym.section_index() != Some(s.index) || sym.kind() == object::SymbolKind::Section {
            continue;
        }
        let Some(start) = sym.address().checked_sub(base) else {
            continue;
        };
        if start <= off && best.as_ref().is_none_or(|(_, b)| start > *b) {
            best = Some((sym.name().unwrap_or("?").to_string(), start));
        }
    }
    best
}

/// Up to 16 bytes from `off` rounded down to 8, in hex, with the position.
fn hex_window(data: &[u8], off: u64) -> String {
    let start = (off & !7) as usize;
    let end = data.len().min(start + 16);
    let bytes = data.get(start..end).unwrap_or(&[]);
    format!("{start:#x}: {}", hex(bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    let spaced: String = bytes.iter().map(|b| format!("{b:02x} ")).collect();
    spaced.trim_end().to_string()
}

/// AT&T syntax close to `objdump -d`: size suffixes, lower-case hex, `x(%rip)`.
fn gas_formatter() -> GasFormatter {
    let mut fmt = GasFormatter::new();
    let opts = fmt.options_mut();
    opts.set_gas_show_mnemonic_size_suffix(true);
    opts.set_uppercase_hex(false);
    opts.set_branch_leading_zeros(false);
    opts.set_rip_relative_addresses(true);
    fmt
}

/// Disassembles `code` from `start` (a function start, so instruction boundaries
/// are right) and shows the instruction containing `off` marked `>>`, with
/// `CONTEXT` instructions either side. Addresses are section offsets.
fn disassemble(code: &[u8], start: u64, off: u64) -> String {
    let Some(bytes) = code.get(start as usize..) else {
        return "      (offset outside section)".to_string();
    };
    let mut decoder = Decoder::with_ip(64, bytes, start, DecoderOptions::NONE);
    let mut fmt = gas_formatter();
    let mut lines: Vec<(bool, String)> = Vec::new();
    let mut hit: Option<usize> = None;
    while decoder.can_decode() {
        let ins = decoder.decode();
        let (ip, len) = (ins.ip(), ins.len() as u64);
        let is_hit = ip <= off && off < ip + len;
        if is_hit {
            hit = Some(lines.len());
        }
        let mut text = String::new();
        fmt.format(&ins, &mut text);
        let raw = bytes
            .get((ip - start) as usize..(ip - start + len) as usize)
            .unwrap_or(&[]);
        let addr = format!("{ip:#x}:");
        lines.push((is_hit, format!("{addr:>8} {:<24} {text}", hex(raw))));
        if hit.is_some_and(|h| lines.len() > h + CONTEXT) {
            break;
        }
    }
    let h = hit.unwrap_or(lines.len().saturating_sub(1));
    let from = h.saturating_sub(CONTEXT);
    let rows = lines.get(from..).unwrap_or(&[]).iter();
    rows.map(|(m, l)| format!("{}{l}", if *m { "   >> " } else { "      " }))
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------- symbols

/// Name of a symbol, `[section NAME]` for a section symbol.
fn symbol_name(f: &File, sym: &object::Symbol) -> Result<String, String> {
    if sym.kind() == object::SymbolKind::Section {
        let name = match sym.section_index() {
            Some(i) => section_name(f, i)?,
            None => "?".to_string(),
        };
        return Ok(format!("[section {name}]"));
    }
    Ok(sym.name().or_else(|e| err("symbol name", e))?.to_string())
}

fn symbols(f: &File) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for sym in f.symbols() {
        let section = match sym.section() {
            SymbolSection::Section(i) => section_name(f, i)?,
            SymbolSection::Undefined => "UND".to_string(),
            other => format!("{other:?}"),
        };
        out.push(format!(
            "{} value={:#x} size={:#x} kind={:?} scope={:?} weak={} {} section={section}",
            symbol_name(f, &sym)?,
            sym.address(),
            sym.size(),
            sym.kind(),
            sym.scope(),
            sym.is_weak(),
            symbol_flags(sym.flags())
        ));
    }
    Ok(out)
}

/// Format-specific symbol bits (ELF `st_info`/`st_other`, Mach-O `n_type`/`n_desc`).
fn symbol_flags<A: std::fmt::Debug, B: std::fmt::Debug>(
    flags: object::SymbolFlags<A, B>,
) -> String {
    match flags {
        object::SymbolFlags::Elf { st_info, st_other } => {
            format!("st_info={st_info:#04x} st_other={st_other:#x}")
        }
        object::SymbolFlags::MachO { n_type, n_desc } => {
            format!("n_type={n_type:#04x} n_desc={n_desc:#x}")
        }
        other => format!("{other:?}"),
    }
}

fn compare_symbols(a: &[String], b: &[String]) -> Result<(), String> {
    let Some(pos) = first_mismatch(a, b) else {
        return Ok(());
    };
    let (mut sa, mut sb) = (a.to_vec(), b.to_vec());
    sa.sort();
    sb.sort();
    let (n, m) = (a.len(), b.len());
    let mut r = if sa == sb {
        "cross-check: symbol tables differ: same symbols, different order".to_string()
    } else {
        format!("cross-check: symbol tables differ ({OURS}: {n} symbols, {THEIRS}: {m})")
    };
    let _ = write!(
        r,
        "\n  first difference at symbol #{pos}:{}",
        both(a, b, pos)
    );
    for (who, mine, other) in [(OURS, &sa, &sb), (THEIRS, &sb, &sa)] {
        let only = mine.iter().filter(|s| other.binary_search(s).is_err());
        for s in only.take(5) {
            let _ = write!(r, "\n  only in {who}: {s}");
        }
    }
    Err(r)
}

/// Index of the first entry where the lists differ (one list ending counts).
fn first_mismatch(a: &[String], b: &[String]) -> Option<usize> {
    (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i))
}

/// Entry `i` of both lists, one line each, `<none>` past the end.
fn both(a: &[String], b: &[String], i: usize) -> String {
    let at = |v: &[String]| v.get(i).map_or("<none>", |s| s.as_str()).to_string();
    format!("\n  {OURS}:    {}\n  {THEIRS}: {}", at(a), at(b))
}

// ---------------------------------------------------------------- relocations

/// Relocations of one section as rows, sorted by offset.
fn relocations(f: &File, s: &Sec) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for (offset, rel) in section(f, s.index)?.relocations() {
        let mut target = reloc_target(f, rel.target())?;
        if let Some(sub) = rel.subtractor() {
            let sym = f.symbol_by_index(sub).or_else(|e| err("subtractor", e))?;
            let _ = write!(target, " - {}", symbol_name(f, &sym)?);
        }
        let how = if rel.has_implicit_addend() {
            "implicit"
        } else {
            "explicit"
        };
        let ty = reloc_type(rel.flags());
        let row = format!("{offset:#x} {ty} {target} addend={} ({how})", rel.addend());
        out.push((offset, row));
    }
    out.sort_by_key(|(off, _)| *off);
    Ok(out.into_iter().map(|(_, row)| row).collect())
}

fn reloc_target(f: &File, t: RelocationTarget) -> Result<String, String> {
    Ok(match t {
        RelocationTarget::Symbol(i) => {
            let sym = f
                .symbol_by_index(i)
                .or_else(|e| err("relocation symbol", e))?;
            symbol_name(f, &sym)?
        }
        RelocationTarget::Section(i) => format!("[section {}]", section_name(f, i)?),
        RelocationTarget::Absolute => "[absolute]".to_string(),
        other => format!("{other:?}"),
    })
}

/// ELF x86-64 `r_type` names (`R_X86_64_`), indexed by value.
const ELF_RELOCS: &str =
    "NONE 64 PC32 GOT32 PLT32 COPY GLOB_DAT JUMP_SLOT RELATIVE GOTPCREL 32 32S 16 PC16 8 PC8";
/// Mach-O x86-64 `r_type` names (`X86_64_RELOC_`), indexed by value.
const MACHO_RELOCS: &str =
    "UNSIGNED SIGNED BRANCH GOT_LOAD GOT SUBTRACTOR SIGNED_1 SIGNED_2 SIGNED_4 TLV";

fn reloc_type(flags: RelocationFlags) -> String {
    let name = |names: &str, prefix: &str, t: usize| match names.split(' ').nth(t) {
        Some(n) => format!("{prefix}{n}"),
        None => format!("r_type={t}"),
    };
    match flags {
        RelocationFlags::Elf { r_type } => name(ELF_RELOCS, "R_X86_64_", r_type.0 as usize),
        RelocationFlags::MachO {
            r_type: t,
            r_pcrel: pc,
            r_length: len,
        } => {
            let n = name(MACHO_RELOCS, "X86_64_RELOC_", usize::from(t.0));
            format!("{n} pcrel={} length={len}", u8::from(pc))
        }
        other => format!("{other:?}"),
    }
}

fn compare_relocations(section: &str, a: &[String], b: &[String]) -> Result<(), String> {
    let Some(i) = first_mismatch(a, b) else {
        return Ok(());
    };
    let (n, m) = (a.len(), b.len());
    Err(format!(
        "cross-check: relocations of {section} differ at entry #{i} \
         ({OURS}: {n} entries, {THEIRS}: {m}){}",
        both(a, b, i)
    ))
}
