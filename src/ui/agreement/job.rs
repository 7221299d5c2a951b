//! Computing an agreement table off the UI thread: the request runs on a copy of the project
//! (documents shared, not copied) in a worker thread that reports its progress through atomics
//! and can be cancelled; the workspace polls it each frame.

use crate::model::Project;
use crate::query::agreement::{self, Request, Table};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// A computation under way.
pub struct Job {
    pub request: Request,
    /// The history generation of the project copy it runs on.
    pub generation: u64,
    done: Arc<AtomicUsize>,
    total: usize,
    cancel: Arc<AtomicBool>,
    rx: Receiver<Result<Option<Table>, String>>,
}

/// What polling a job found.
pub enum Poll {
    Running(f32),
    Done(Result<Option<Table>, String>),
}

impl Job {
    pub fn start(project: &Project, request: Request, generation: u64) -> Job {
        let copy = project.snapshot();
        let done = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = channel();
        let total = request.documents.len();
        let (d, c, r) = (done.clone(), cancel.clone(), request.clone());
        let spawned = std::thread::Builder::new()
            .name("gloss-agreement".into())
            .spawn(move || {
                let mut progress = |n: usize, _total: usize| {
                    d.store(n, Ordering::Relaxed);
                    !c.load(Ordering::Relaxed)
                };
                let out = agreement::compute(&copy, &r, &mut progress).map_err(|e| e.to_string());
                let _ = tx.send(out);
            });
        if let Err(e) = spawned {
            let (tx, rx2) = channel();
            let _ = tx.send(Err(format!("could not start the computation: {e}")));
            return Job {
                request,
                generation,
                done,
                total,
                cancel,
                rx: rx2,
            };
        }
        Job {
            request,
            generation,
            done,
            total,
            cancel,
            rx,
        }
    }

    pub fn poll(&self) -> Poll {
        match self.rx.try_recv() {
            Ok(r) => Poll::Done(r),
            Err(TryRecvError::Empty) => {
                let n = self.done.load(Ordering::Relaxed);
                Poll::Running(if self.total == 0 {
                    0.0
                } else {
                    n as f32 / self.total as f32
                })
            }
            Err(TryRecvError::Disconnected) => {
                Poll::Done(Err("the computation stopped unexpectedly".into()))
            }
        }
    }

    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}
