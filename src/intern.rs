//! String interning for identifiers and generated names.
//!
//! Takes strings, returns small copyable [`Sym`] handles; guarantees that equal
//! strings get equal handles for the life of one [`Interner`]. The interner is
//! owned by a compilation and passed explicitly (no global state).

use rustc_hash::FxHashMap as HashMap;

/// An interned string: compare and hash as an integer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(u32);

impl Sym {
    /// No string: the `sym` of tokens whose kind says everything (punctuators).
    pub const NONE: Sym = Sym(u32::MAX);

    pub fn index(self) -> usize {
        self.0 as usize
    }
}

#[derive(Default)]
pub struct Interner {
    /// Strings of up to 15 bytes, keyed by their bytes and length packed in
    /// two words: most identifiers, found without hashing or comparing
    /// strings (the preprocessor interns every identifier it reads).
    short: ShortTable,
    long: HashMap<Box<str>, Sym>,
    /// Every string, end to end; `spans[sym]` is where each one is.
    text: String,
    spans: Vec<(u32, u32)>,
    /// `temps[k]` is `tmp.k` (see [`Interner::temp`]).
    temps: Vec<Sym>,
    /// One bit per handle, set for the temporaries': selection asks of
    /// every variable it meets whether it is one, and a long function has
    /// a hundred thousand.
    temp_bits: Vec<u64>,
}

/// The key of a string of at most 15 bytes: its bytes, zero-padded, with the
/// length and a marker bit in the last byte (so no key is all zeros, which
/// marks an empty slot). Built with overlapping loads rather than a copy
/// through memory, which would stall on store forwarding.
fn short_key(bytes: &[u8]) -> Option<(u64, u64)> {
    let n = bytes.len();
    let word = |at: usize| load8(bytes, at);
    let half = |at: usize| {
        u64::from(u32::from_le_bytes(
            bytes[at..at + 4].try_into().expect("4 bytes"),
        ))
    };
    let (lo, hi) = match n {
        0 => (0, 0),
        1..=3 => {
            let b = |i: usize| u64::from(bytes[i]) << (8 * i);
            (b(0) | b(n / 2) | b(n - 1), 0)
        }
        // The two halves overlap; the shared bytes agree.
        4..=7 => (half(0) | (half(n - 4) << (8 * (n - 4))), 0),
        8 => (word(0), 0),
        9..=15 => (word(0), word(n - 8) >> (8 * (16 - n))),
        _ => return None,
    };
    Some(key(lo, hi, n))
}

/// The key of the `n`-byte string whose padded bytes are `lo`, `hi`.
fn key(lo: u64, hi: u64, n: usize) -> (u64, u64) {
    (lo, hi | ((n as u64 | 0x80) << 56))
}

fn load8(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"))
}

/// An open-addressing table from short keys to handles: one multiply to
/// find the slot, two word compares to confirm it, linear probing, kept at
/// most half full. (A general hash map costs several times as much per
/// lookup, and the preprocessor looks up every identifier it reads.)
struct ShortTable {
    /// `(key, sym)`; an all-zero key marks an empty slot.
    slots: Vec<((u64, u64), Sym)>,
    len: usize,
}

impl Default for ShortTable {
    fn default() -> Self {
        ShortTable {
            slots: vec![((0, 0), Sym::NONE); 1024],
            len: 0,
        }
    }
}

impl ShortTable {
    fn slot(&self, key: (u64, u64)) -> usize {
        let mixed = (key.0 ^ key.1.rotate_left(29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (mixed >> 32) as usize & (self.slots.len() - 1)
    }

    /// `key`'s handle, or the empty slot where it would go.
    #[inline]
    fn find(&self, key: (u64, u64)) -> Result<Sym, usize> {
        let mask = self.slots.len() - 1;
        let mut i = self.slot(key);
        loop {
            let (k, sym) = self.slots[i];
            if k == key {
                return Ok(sym);
            }
            if k == (0, 0) {
                return Err(i);
            }
            i = (i + 1) & mask;
        }
    }

    /// `key`'s handle, or `new` after recording it as that.
    #[inline]
    fn get_or_insert(&mut self, key: (u64, u64), new: Sym) -> Sym {
        let empty = match self.find(key) {
            Ok(sym) => return sym,
            Err(empty) => empty,
        };
        self.slots[empty] = (key, new);
        self.len += 1;
        if self.len * 2 > self.slots.len() {
            self.grow();
        }
        new
    }

    #[cold]
    fn grow(&mut self) {
        let bigger = vec![((0, 0), Sym::NONE); self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, bigger);
        for (key, sym) in old.into_iter().filter(|&(k, _)| k != (0, 0)) {
            let empty = self.find(key).expect_err("keys are unique");
            self.slots[empty] = (key, sym);
        }
    }
}

impl Interner {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn intern(&mut self, s: &str) -> Sym {
        match short_key(s.as_bytes()) {
            Some(key) => self.intern_short(key, s),
            None => match self.long.get(s) {
                Some(&sym) => sym,
                None => {
                    let sym = self.add(s);
                    self.long.insert(s.into(), sym);
                    sym
                }
            },
        }
    }

    /// `s`, whose short key is `key`.
    fn intern_short(&mut self, key: (u64, u64), s: &str) -> Sym {
        let next = Sym(self.spans.len() as u32);
        let sym = self.short.get_or_insert(key, next);
        if sym == next {
            self.add(s);
        }
        sym
    }

    /// `intern(&text[start..end])` where `end - start` is the length of an
    /// identifier just lexed: when 16 bytes can be read from `start`, the
    /// short key is made with two loads and masks instead of a copy.
    #[inline(never)]
    pub fn intern_within(&mut self, text: &str, start: usize, end: usize) -> Sym {
        let bytes = text.as_bytes();
        let n = end - start;
        if n > 15 || start + 16 > bytes.len() {
            return self.intern(&text[start..end]);
        }
        let mask = |k: usize| if k == 0 { 0 } else { u64::MAX >> (64 - 8 * k) };
        let (lo, hi) = if n < 8 {
            (load8(bytes, start) & mask(n), 0)
        } else {
            (load8(bytes, start), load8(bytes, start + 8) & mask(n - 8))
        };
        let key = key(lo, hi, n);
        debug_assert_eq!(Some(key), short_key(&bytes[start..end]));
        self.intern_short(key, &text[start..end])
    }

    /// The handle of `s` if it was interned (never for strings only `add`ed).
    pub fn lookup(&self, s: &str) -> Option<Sym> {
        match short_key(s.as_bytes()) {
            Some(key) => self.short.find(key).ok(),
            None => self.long.get(s).copied(),
        }
    }

    /// A handle to a copy of `s` that is not shared with equal strings: for
    /// spellings only ever read back, never compared by handle (numbers,
    /// string literals), which would otherwise fill the table.
    pub fn add(&mut self, s: &str) -> Sym {
        let start = self.text.len() as u32;
        self.text.push_str(s);
        self.spans.push((start, self.text.len() as u32));
        Sym(self.spans.len() as u32 - 1)
    }

    /// A handle to the new name `prefix.n`, made without hashing or a
    /// temporary string: for the names the compiler makes up (locals made
    /// unique, temporaries, string literals), which are unique by
    /// construction (`n` is never reused) and cannot collide with an
    /// identifier (none contains a dot), so they are only read back.
    pub fn add_numbered(&mut self, prefix: &str, n: u32) -> Sym {
        let start = self.text.len() as u32;
        self.text.push_str(prefix);
        self.push_number(start, n)
    }

    /// The name `tmp.k` of a function's `k`th temporary: made once, then
    /// the same handle for every function (temporaries die with their
    /// function, see [`crate::ir::NameGen::temp`]).
    pub fn temp(&mut self, k: u32) -> Sym {
        let k = k as usize;
        while self.temps.len() <= k {
            let n = self.temps.len() as u32;
            let sym = self.add_numbered("tmp", n);
            self.temps.push(sym);
            let (word, bit) = temp_bit(sym);
            if self.temp_bits.len() <= word {
                self.temp_bits.resize(word + 1, 0);
            }
            self.temp_bits[word] |= bit;
        }
        self.temps[k]
    }

    /// Whether `sym` is a temporary the compiler made ([`Interner::temp`]),
    /// not a variable of the program.
    pub fn is_temp(&self, sym: Sym) -> bool {
        let (word, bit) = temp_bit(sym);
        self.temp_bits.get(word).is_some_and(|w| w & bit != 0)
    }

    /// [`Interner::add_numbered`] with the name of `base` as the prefix.
    pub fn add_numbered_after(&mut self, base: Sym, n: u32) -> Sym {
        let start = self.text.len() as u32;
        let (from, to) = self.spans[base.index()];
        self.text.extend_from_within(from as usize..to as usize);
        self.push_number(start, n)
    }

    /// Ends the name begun at `start` with `.n` and hands it out.
    fn push_number(&mut self, start: u32, n: u32) -> Sym {
        self.text.push('.');
        let mut digits = [0u8; 10];
        let mut i = digits.len();
        let mut v = n;
        loop {
            i -= 1;
            digits[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        for &d in &digits[i..] {
            self.text.push(d as char);
        }
        self.spans.push((start, self.text.len() as u32));
        Sym(self.spans.len() as u32 - 1)
    }

    pub fn get(&self, sym: Sym) -> &str {
        match self.spans.get(sym.index()) {
            Some(&(start, end)) => &self.text[start as usize..end as usize],
            None => "",
        }
    }
}

/// Where `sym`'s bit is in [`Interner`]'s `temp_bits`: the word, and the
/// bit as a mask.
fn temp_bit(sym: Sym) -> (usize, u64) {
    (sym.index() / 64, 1 << (sym.index() % 64))
}

/// The name under which the assembler knows a symbol declared with
/// `__asm__("label")`: the label behind a `\x01`, which no C identifier
/// contains, telling the target to use it verbatim (no `_` on Mach-O), as
/// gcc and LLVM mark such names.
pub fn asm_label(interner: &mut Interner, label: &str) -> Sym {
    interner.intern(&format!("\u{1}{label}"))
}

/// The spelling of a name without the mark of an assembler label.
pub fn c_spelling(name: &str) -> &str {
    name.strip_prefix('\u{1}').unwrap_or(name)
}

/// The name as the program wrote it: its [`c_spelling`], without the
/// `.N` that name resolution appends to locals and tags to make them
/// unique (no identifier contains a dot).
pub fn written_name(name: &str) -> &str {
    let unique = c_spelling(name);
    unique.split('.').next().unwrap_or(unique)
}

/// Reads names by handle: the interner itself, or the copies of some names
/// that a thread which cannot read the interner was given ([`NameTable`]).
pub trait Names {
    fn name(&self, sym: Sym) -> &str;
}

impl Names for Interner {
    fn name(&self, sym: Sym) -> &str {
        self.get(sym)
    }
}

/// Copies of the names some symbols have, for the back-end thread (the
/// front end keeps interning while it works).
#[derive(Default)]
pub struct NameTable {
    names: HashMap<Sym, Box<str>>,
}

impl NameTable {
    pub fn insert(&mut self, sym: Sym, name: &str) {
        self.names.insert(sym, name.into());
    }
}

impl Names for NameTable {
    fn name(&self, sym: Sym) -> &str {
        self.names
            .get(&sym)
            .expect("every name the back end prints was sent")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbered_names_read_back_and_stay_apart_from_interned_ones() {
        let mut i = super::Interner::new();
        let a = i.add_numbered("tmp", 0);
        let b = i.add_numbered("x", 4_294_967_295);
        assert_eq!(i.get(a), "tmp.0");
        assert_eq!(i.get(b), "x.4294967295");
        assert_ne!(i.intern("tmp.0"), a);
    }

    use super::*;

    #[test]
    fn equal_strings_share_a_handle_at_every_length() {
        let mut i = Interner::new();
        let words: Vec<String> = (0..40)
            .map(|n| "abcdefghijklmnopqrstuvwxyz0123456789ABCD"[..n].to_string())
            .collect();
        let syms: Vec<Sym> = words.iter().map(|w| i.intern(w)).collect();
        for (w, &s) in words.iter().zip(&syms) {
            assert_eq!(i.intern(w), s);
            assert_eq!(i.get(s), w);
        }
        let mut unique = syms.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            unique.len(),
            syms.len(),
            "different strings, different handles"
        );
        assert_ne!(i.intern("a\0"), i.intern("a"));
        assert_ne!(i.intern("ab"), i.intern("ba"));
    }
}
