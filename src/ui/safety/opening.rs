//! Opening a large file: its first document is shown at once (a preview) while the whole file
//! is read on another thread; [`Safety::tick`] carries on when it is in.

use super::{Answer, Safety};
use crate::store::{self, Opened};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Files from this size on are read on another thread, the window showing their first document
/// meanwhile (reading a 20 MB project takes a good part of a second on a slow machine).
pub const PREVIEW_FROM_BYTES: u64 = 4 << 20;

/// A large file being read on another thread.
pub(super) struct Opening {
    pub(super) path: PathBuf,
    result: std::sync::mpsc::Receiver<Result<Opened, store::StoreError>>,
}

impl Safety {
    /// Starts reading `path` on another thread if it is large and can be previewed: the preview
    /// to show meanwhile, or `None` to read it now.
    pub(super) fn start_opening(&mut self, path: &Path) -> Option<Answer> {
        let large = std::fs::metadata(path).is_ok_and(|m| m.len() >= PREVIEW_FROM_BYTES);
        if !large || self.opening.is_some() {
            return None;
        }
        let preview = store::preview(path)?;
        let (tx, rx) = std::sync::mpsc::channel();
        let file = path.to_owned();
        std::thread::Builder::new()
            .name("gloss-open".into())
            .spawn(move || {
                let opened = store::open(&file);
                // What the reading freed stays with this thread's arena otherwise.
                store::heap::give_back();
                let _ = tx.send(opened);
            })
            .ok()?;
        self.opening = Some(Opening {
            path: path.to_owned(),
            result: rx,
        });
        Some(Answer::Preview {
            project: Box::new(preview),
            path: path.to_owned(),
        })
    }

    /// What the file being read answers, once it is in (a `PreviewEnded` first when it does not
    /// open straight away).
    pub(super) fn poll_opening(&mut self, ctx: &egui::Context) -> Vec<Answer> {
        let mut out = Vec::new();
        if let Some(o) = &self.opening {
            use std::sync::mpsc::TryRecvError;
            let result = match o.result.try_recv() {
                Ok(r) => Some(r),
                Err(TryRecvError::Empty) => None,
                Err(TryRecvError::Disconnected) => Some(Err(store::StoreError::Io {
                    file: o.path.display().to_string(),
                    action: "read",
                    source: std::io::Error::other("the reading stopped unexpectedly"),
                })),
            };
            match result {
                Some(r) => {
                    let path = o.path.clone();
                    self.opening = None;
                    let answer = self.opened_result(&path, r);
                    if !matches!(answer, Some(Answer::Load { .. })) {
                        out.push(Answer::PreviewEnded);
                    }
                    out.extend(answer);
                }
                None => ctx.request_repaint_after(Duration::from_millis(15)),
            }
        }
        out
    }
}
