//! The files of a batch parsed on every core: parsing one transcript touches nothing but its
//! own bytes, so the files are shared out among threads, and the results come back in the
//! order of the files whatever thread parsed which (the same results as parsing them one by
//! one, in the same order).

use std::sync::atomic::{AtomicUsize, Ordering};

/// More threads than this gain nothing for a batch (reading the files and building the edit
/// stay serial) and cost memory.
const MAX_THREADS: usize = 8;

/// `items.iter().map(f).collect()`, worked out on up to [`MAX_THREADS`] threads (the calling
/// thread among them). Items are handed out one at a time, so a long file does not hold up the
/// others; a single item, or a one-core machine, starts no thread.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(MAX_THREADS)
        .min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let mut all: Vec<(usize, R)> = std::thread::scope(|s| {
        let others: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
        let mut all = work();
        for h in others {
            match h.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    all.sort_unstable_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        for n in [0, 1, 2, 3, 17, 200] {
            let items: Vec<usize> = (0..n).collect();
            // Uneven work, so that threads finish out of order.
            let out = map(&items, |&i| {
                let spin: usize = (0..(i % 7) * 1000).sum();
                (i * 2, spin)
            });
            let want: Vec<usize> = items.iter().map(|i| i * 2).collect();
            assert_eq!(out.into_iter().map(|(d, _)| d).collect::<Vec<_>>(), want);
        }
    }
}
