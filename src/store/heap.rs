//! How the window's process asks the system for memory and gives it back (glibc on Linux;
//! elsewhere these do nothing).
//!
//! Two habits of glibc's allocator cost a large project memory it does not use. It raises the
//! size from which a block gets pages of its own each time such a block is freed, so after a
//! large file has been read and its buffers freed, later large blocks come from the heap and
//! leave holes there that are never handed back. And each thread that allocates (the one reading
//! a file, the one saving) gets an arena of its own, whose free memory the window's thread
//! cannot reuse. At 1,000 transcripts the two came to about 11 MB of the window's 144 MB
//! (`study_bench`'s `peak_rss_mb`).

/// Blocks from this size on get pages of their own, returned to the system when freed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const OWN_PAGES_FROM: i32 = 1 << 20;

/// Arenas the threads share: the window's and one for the reading and saving threads.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const ARENAS: i32 = 2;

/// Sets the allocator up for a long-running window holding a large project; called once when
/// the window starts, before the project is read.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only changes the allocator's settings for later allocations; it takes
    // no pointer and any value is accepted or refused (returning 0), never undefined.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, OWN_PAGES_FROM);
        libc::mallopt(libc::M_ARENA_MAX, ARENAS);
    }
}

/// Returns free heap pages to the system, after a large transient use (reading a file).
pub fn give_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only releases memory the allocator holds free; it takes no pointer
    // and is safe to call from any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}
