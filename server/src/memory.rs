//! Keeping the server's memory small with glibc's allocator.
//!
//! Measured (bench/run, 100,000 people): after a burst of 300 logins the process held ~290 MB
//! more than before, for good. Each argon2 hash takes a 19 MiB buffer; glibc serves such a block
//! from the arena of whichever blocking thread ran the hash (up to 8 arenas per core) and keeps
//! it there after it is freed, so every arena ended up holding one. And what busy pages free is
//! kept by the arenas too (about 120 MB after a run of heavy pages, long after it is idle).
//!
//! So: blocks of 1 MiB and more come straight from the kernel and go back to it when freed
//! (argon2's buffers among them), at most two arenas exist, and every 10 seconds the free memory
//! inside them is handed back (`malloc_trim`). Other platforms and allocators keep their defaults.

#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod glibc {
    use std::os::raw::c_int;

    extern "C" {
        fn mallopt(param: c_int, value: c_int) -> c_int;
        fn malloc_trim(pad: usize) -> c_int;
    }

    const M_MMAP_THRESHOLD: c_int = -3;
    const M_ARENA_MAX: c_int = -8;

    pub fn tune() {
        // SAFETY: mallopt only sets allocator parameters; called before other threads exist.
        unsafe {
            mallopt(M_MMAP_THRESHOLD, 1 << 20);
            mallopt(M_ARENA_MAX, 2);
        }
    }

    pub fn trim() {
        // SAFETY: malloc_trim only returns free memory to the kernel; it takes the arenas' locks.
        unsafe {
            malloc_trim(0);
        }
    }
}

/// Set the allocator up; call first thing in `main`, before any thread starts.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    glibc::tune();
}

/// Every 10 seconds, give the allocator's free memory back to the kernel.
pub fn spawn_trim() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    tokio::spawn(async {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(10));
        loop {
            every.tick().await;
            let _ = tokio::task::spawn_blocking(glibc::trim).await;
        }
    });
}
