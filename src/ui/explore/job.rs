//! Work off the UI thread: a computation over a shared copy of the project runs on a thread and
//! its answer is picked up by a later frame. Small projects answer at once on the UI thread (the
//! work costs less than starting a thread, and tests see the answer in the same frame).

use crate::model::Project;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// Is the project small enough to answer on the UI thread?
pub fn small(project: &Project) -> bool {
    project.codings.len() <= 4_000 && project.documents.len() <= 40
}

/// A copy of the project for worker threads, made once per history generation (documents are
/// shared, so the copy costs the codings and the counts, not the text).
#[derive(Default)]
pub struct Shared {
    at: Option<(u64, Arc<Project>)>,
}

impl Shared {
    pub fn get(&mut self, project: &Project, generation: u64) -> Arc<Project> {
        match &self.at {
            Some((g, p)) if *g == generation => p.clone(),
            _ => {
                let p = Arc::new(project.clone());
                self.at = Some((generation, p.clone()));
                p
            }
        }
    }
}

/// One computation in flight (a newer one replaces it) and its answer, tagged with what asked.
pub struct Job<K, T> {
    pending: Option<(K, Receiver<T>)>,
}

impl<K, T> Default for Job<K, T> {
    fn default() -> Self {
        Self { pending: None }
    }
}

impl<K: Clone + PartialEq + Send + 'static, T: Send + 'static> Job<K, T> {
    /// Runs `work` on a thread, tagged `key`; the window repaints when it is done.
    pub fn start(
        &mut self,
        ctx: &egui::Context,
        key: K,
        work: impl FnOnce() -> T + Send + 'static,
    ) {
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(work());
            ctx.request_repaint();
        });
        self.pending = Some((key, rx));
    }

    /// The answer, once it has come.
    pub fn poll(&mut self) -> Option<(K, T)> {
        let (key, rx) = self.pending.as_ref()?;
        match rx.try_recv() {
            Ok(v) => {
                let key = key.clone();
                self.pending = None;
                Some((key, v))
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.pending = None;
                None
            }
        }
    }

    /// Is work tagged `key` under way?
    pub fn running(&self, key: &K) -> bool {
        self.pending.as_ref().is_some_and(|(k, _)| k == key)
    }

    pub fn busy(&self) -> bool {
        self.pending.is_some()
    }
}
