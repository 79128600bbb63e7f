//! Parallel map with ordered, streaming output.
//!
//! A reader thread pulls items from the (possibly blocking) input and hands each to a rayon pool;
//! the calling thread receives results as they finish, puts them back in input order and passes
//! them on one by one. At most `window` items are in flight or waiting to be passed on, so memory
//! does not grow with the input, and a result goes out as soon as all earlier ones have: a
//! record written to a pipe comes back without waiting for the next one, which is what Spark's
//! `RDD.pipe` and Hadoop Streaming need. Output order is input order whatever `jobs` is.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use crate::error::{Error, Result};

/// Maps `work` over `items` on `jobs` threads and hands the results to `sink` in input order.
///
/// `sink` runs on the calling thread. When it returns an error, no further item is started and
/// the error is returned once the running ones have finished.
pub fn map_ordered<T, R, I, W, S>(
    items: I,
    jobs: usize,
    window: usize,
    work: W,
    mut sink: S,
) -> Result<()>
where
    I: Iterator<Item = T> + Send,
    T: Send,
    R: Send,
    W: Fn(T) -> R + Sync,
    S: FnMut(R) -> Result<()>,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .thread_name(|i| format!("tilmash-batch-{i}"))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {jobs} worker threads: {e}")))?;
    let window = window.max(1);
    let (res_tx, res_rx) = mpsc::channel::<(usize, R)>();
    // Tokens: one per item allowed in flight; the reader takes one before starting an item and
    // the sink gives it back after passing the result on.
    let (tok_tx, tok_rx) = mpsc::sync_channel::<()>(window);
    for _ in 0..window {
        tok_tx.send(()).expect("the receiver is alive");
    }
    let stop = AtomicBool::new(false);
    let work = &work;
    let stop_ref = &stop;
    let mut outcome = Ok(());
    pool.in_place_scope(|scope| {
        std::thread::scope(|threads| {
            threads.spawn(move || {
                for (seq, item) in items.enumerate() {
                    if tok_rx.recv().is_err() || stop_ref.load(Ordering::Relaxed) {
                        break;
                    }
                    let tx = res_tx.clone();
                    scope.spawn(move |_| {
                        let r = work(item);
                        let _ = tx.send((seq, r));
                    });
                }
                // `res_tx` drops here: the result channel closes once the last job has sent.
            });
            let mut pending: BTreeMap<usize, R> = BTreeMap::new();
            let mut next = 0usize;
            for (seq, r) in res_rx.iter() {
                pending.insert(seq, r);
                while let Some(r) = pending.remove(&next) {
                    next += 1;
                    if outcome.is_ok() {
                        outcome = sink(r);
                        if outcome.is_err() {
                            stop.store(true, Ordering::Relaxed);
                        }
                    }
                    let _ = tok_tx.send(());
                }
            }
        });
    });
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_is_kept_whatever_the_timing() {
        for jobs in [1, 2, 4] {
            let mut out = Vec::new();
            map_ordered(
                0..200u64,
                jobs,
                8,
                |i| {
                    // Later items finish first.
                    std::thread::sleep(std::time::Duration::from_micros((200 - i) * 5));
                    i * i
                },
                |r| {
                    out.push(r);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(out, (0..200u64).map(|i| i * i).collect::<Vec<_>>());
        }
    }

    #[test]
    fn in_flight_items_are_bounded() {
        use std::sync::atomic::AtomicUsize;
        let started = AtomicUsize::new(0);
        let mut max_ahead = 0;
        let mut passed = 0;
        map_ordered(
            0..100,
            2,
            4,
            |i| {
                started.fetch_add(1, Ordering::SeqCst);
                i
            },
            |_| {
                passed += 1;
                max_ahead = max_ahead.max(started.load(Ordering::SeqCst) - passed);
                Ok(())
            },
        )
        .unwrap();
        assert!(max_ahead <= 4, "{max_ahead} items ahead of the sink");
    }

    #[test]
    fn a_sink_error_stops_the_input() {
        let read = std::sync::atomic::AtomicUsize::new(0);
        let items = (0..10_000).inspect(|_| {
            read.fetch_add(1, Ordering::SeqCst);
        });
        let r = map_ordered(
            items,
            2,
            4,
            |i| i,
            |i| {
                if i == 3 {
                    Err(Error::Usage("full disk".into()))
                } else {
                    Ok(())
                }
            },
        );
        assert!(r.is_err());
        assert!(read.load(Ordering::SeqCst) < 100);
    }

    #[test]
    fn results_stream_before_the_input_ends() {
        // The input blocks until the first result has been passed on: a pipe that sends one
        // record and waits for its answer.
        let (tx, rx) = mpsc::channel::<()>();
        let items = (0..3).inspect(move |&i| {
            if i == 1 {
                rx.recv().unwrap();
            }
        });
        let mut got = Vec::new();
        map_ordered(
            items,
            2,
            8,
            |i| i,
            |i| {
                if i == 0 {
                    tx.send(()).unwrap();
                }
                got.push(i);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(got, vec![0, 1, 2]);
    }
}
