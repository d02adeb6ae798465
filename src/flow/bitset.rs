//! A fixed-size set of small integers, the fact type of the dataflow
//! analyses (copies reaching a point, variables live at one): union and
//! intersection a word at a time.

/// Sets of up to `INLINE * 64` members (most functions' variables and
/// copies) live inline: analyses copy facts constantly, and a heap
/// allocation per copy would cost more than the set operations.
const INLINE: usize = 4;

#[derive(Debug, PartialEq, Eq)]
pub struct BitSet {
    /// The number of words in use.
    count: usize,
    inline: [u64; INLINE],
    /// The words, when more than `INLINE`.
    heap: Vec<u64>,
}

impl Clone for BitSet {
    fn clone(&self) -> BitSet {
        BitSet {
            count: self.count,
            inline: self.inline,
            heap: self.heap.clone(),
        }
    }

    /// Reuses the heap words: the solver copies facts in its inner loop.
    fn clone_from(&mut self, source: &BitSet) {
        self.count = source.count;
        self.inline = source.inline;
        self.heap.clone_from(&source.heap);
    }
}

impl BitSet {
    /// The empty set over `0..len`.
    pub fn empty(len: usize) -> BitSet {
        let count = len.div_ceil(64);
        BitSet {
            count,
            inline: [0; INLINE],
            heap: if count > INLINE {
                vec![0; count]
            } else {
                Vec::new()
            },
        }
    }

    /// Every member of `0..len`.
    pub fn full(len: usize) -> BitSet {
        let mut set = BitSet::empty(len);
        let words = set.words_mut();
        words.fill(u64::MAX);
        if !len.is_multiple_of(64)
            && let Some(last) = words.last_mut()
        {
            *last = (1 << (len % 64)) - 1;
        }
        set
    }

    #[inline]
    fn words(&self) -> &[u64] {
        if self.count > INLINE {
            &self.heap
        } else {
            &self.inline[..self.count]
        }
    }

    #[inline]
    fn words_mut(&mut self) -> &mut [u64] {
        if self.count > INLINE {
            &mut self.heap
        } else {
            &mut self.inline[..self.count]
        }
    }

    #[inline]
    pub fn contains(&self, i: usize) -> bool {
        self.words()[i / 64] & (1 << (i % 64)) != 0
    }

    #[inline]
    pub fn insert(&mut self, i: usize) {
        self.words_mut()[i / 64] |= 1 << (i % 64);
    }

    #[inline]
    pub fn remove(&mut self, i: usize) {
        self.words_mut()[i / 64] &= !(1 << (i % 64));
    }

    pub fn union_with(&mut self, other: &BitSet) {
        for (a, b) in self.words_mut().iter_mut().zip(other.words()) {
            *a |= b;
        }
    }

    pub fn intersect_with(&mut self, other: &BitSet) {
        for (a, b) in self.words_mut().iter_mut().zip(other.words()) {
            *a &= b;
        }
    }

    /// Removes every member of `other`.
    pub fn subtract(&mut self, other: &BitSet) {
        for (a, b) in self.words_mut().iter_mut().zip(other.words()) {
            *a &= !b;
        }
    }

    /// The members, in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.words().iter().enumerate().flat_map(|(w, &word)| {
            let mut bits = word;
            std::iter::from_fn(move || {
                (bits != 0).then(|| {
                    let b = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    w * 64 + b
                })
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::BitSet;

    #[test]
    fn set_operations() {
        let mut a = BitSet::empty(130);
        a.insert(0);
        a.insert(64);
        a.insert(129);
        assert!(a.contains(64) && !a.contains(63));
        let full = BitSet::full(130);
        assert_eq!(full.iter().count(), 130);
        let mut b = full.clone();
        b.subtract(&a);
        assert_eq!(b.iter().count(), 127);
        b.intersect_with(&a);
        assert_eq!(b, BitSet::empty(130));
        b.union_with(&a);
        assert_eq!(b.iter().collect::<Vec<_>>(), [0, 64, 129]);
        b.remove(64);
        assert_eq!(b.iter().collect::<Vec<_>>(), [0, 129]);
    }
}
