//! What the two back ends must agree on about the target, in one place:
//! symbol mangling, local label names, sections, alignment and the notes an
//! object file carries.
//!
//! A [`Target`] is a value the driver builds from the `--target` triple and
//! passes down; nothing reads the host at compile time.

use target_lexicon::{BinaryFormat, Triple};

use crate::ir::Label;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectFormat {
    Elf,
    MachO,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Target {
    pub format: ObjectFormat,
}

/// Where a static-storage object goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataSection {
    /// Initialised, writable data.
    Data,
    /// Zero-initialised data: occupies no file space.
    Bss,
}

impl Target {
    pub const LINUX: Target = Target {
        format: ObjectFormat::Elf,
    };

    /// The target of an x86-64 triple such as `x86_64-unknown-linux-gnu` or
    /// `x86_64-apple-darwin`.
    pub fn from_triple(triple: &str) -> Result<Target, String> {
        let t: Triple = triple
            .parse()
            .map_err(|e| format!("invalid target '{triple}': {e}"))?;
        if t.architecture != target_lexicon::Architecture::X86_64 {
            return Err(format!(
                "unsupported target '{triple}': only x86_64 is supported"
            ));
        }
        let format = match t.binary_format {
            BinaryFormat::Elf => ObjectFormat::Elf,
            BinaryFormat::Macho => ObjectFormat::MachO,
            _ => {
                return Err(format!(
                    "unsupported target '{triple}': no ELF or Mach-O output"
                ));
            }
        };
        Ok(Target { format })
    }

    /// The assembler name of a C identifier (Mach-O prefixes `_`).
    pub fn symbol_name(&self, c_name: &str) -> String {
        match self.format {
            ObjectFormat::Elf => c_name.to_string(),
            ObjectFormat::MachO => format!("_{c_name}"),
        }
    }

    /// The name of a compiler-generated label: assembler-local, never in the
    /// symbol table (`.L` on ELF, `L` on Mach-O).
    pub fn local_label(&self, label: Label) -> String {
        match self.format {
            ObjectFormat::Elf => format!(".L{}", label.0),
            ObjectFormat::MachO => format!("L{}", label.0),
        }
    }

    /// Whether calls to `name` go through the PLT: on ELF every call to a
    /// function that may be preempted or undefined does (PIE executables).
    pub fn call_via_plt(&self, defined_here: bool) -> bool {
        self.format == ObjectFormat::Elf && !defined_here
    }

    pub fn data_section(&self, zero: bool) -> DataSection {
        if zero {
            DataSection::Bss
        } else {
            DataSection::Data
        }
    }

    /// ELF objects say the stack need not be executable.
    pub fn needs_gnu_stack_note(&self) -> bool {
        self.format == ObjectFormat::Elf
    }
}
