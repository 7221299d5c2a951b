//! Durable atomic writes, and a worker thread that saves off the UI thread.

use super::{FileStamp, StoreError, recovery};
use crate::model::Project;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

/// Writes `bytes` to a temporary file beside `path`, flushes it, renames it over `path` and
/// flushes the folder, so that `path` always holds a complete file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
        return result;
    }
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        // Makes the rename itself durable; not all file systems support it, so failure is fine.
        let _ = d.sync_all();
    }
    Ok(())
}

/// Removes temporary files that killed saves of `path` left behind (their process is gone).
pub fn clean_stale_temps(path: &Path) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(|e| e.ok()) {
        let file = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = file
            .strip_prefix(&prefix)
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let gone = cfg!(target_os = "linux")
            && pid != std::process::id()
            && !Path::new(&format!("/proc/{pid}")).exists();
        if gone {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// What the worker is asked to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    /// The project file itself (with rotating backups).
    Save,
    /// The recovery file beside it.
    Recovery,
}

/// One write for the worker.
pub struct Job {
    pub seq: u64,
    pub kind: JobKind,
    pub path: PathBuf,
    pub project: Project,
    /// Backups to keep (saves only).
    pub backups: usize,
    /// Changes since the last save (recovery only).
    pub changes: usize,
}

/// What came of a job.
pub struct Done {
    pub seq: u64,
    pub kind: JobKind,
    pub path: PathBuf,
    /// The stamp of the written project file, or the error.
    pub result: Result<FileStamp, StoreError>,
}

/// Runs one job on the calling thread.
pub fn run_job(job: &Job) -> Result<FileStamp, StoreError> {
    match job.kind {
        JobKind::Save => super::save_with_backups(&job.project, &job.path, job.backups),
        JobKind::Recovery => {
            recovery::write(&job.path, &job.project, job.changes)?;
            Ok(FileStamp::default())
        }
    }
}

/// A thread that writes projects, so that the window never waits for the disk.
pub struct SaveWorker {
    tx: Option<Sender<Job>>,
    rx: Receiver<Done>,
    handle: Option<std::thread::JoinHandle<()>>,
}

impl Default for SaveWorker {
    fn default() -> Self {
        Self::new()
    }
}

impl SaveWorker {
    pub fn new() -> Self {
        let (tx, jobs) = channel::<Job>();
        let (done, rx) = channel::<Done>();
        let handle = std::thread::Builder::new()
            .name("gloss-save".into())
            .spawn(move || {
                while let Ok(job) = jobs.recv() {
                    let result = run_job(&job);
                    let reply = Done {
                        seq: job.seq,
                        kind: job.kind,
                        path: job.path,
                        result,
                    };
                    if done.send(reply).is_err() {
                        break;
                    }
                }
            })
            .ok();
        Self {
            tx: handle.is_some().then_some(tx),
            rx,
            handle,
        }
    }

    /// Hands a job to the worker; if the worker is gone, runs it here and returns its result.
    pub fn send(&self, job: Job) -> Option<Done> {
        let job = match &self.tx {
            Some(tx) => match tx.send(job) {
                Ok(()) => return None,
                Err(e) => e.0,
            },
            None => job,
        };
        let result = run_job(&job);
        Some(Done {
            seq: job.seq,
            kind: job.kind,
            path: job.path,
            result,
        })
    }

    /// A finished job, if any.
    pub fn poll(&self) -> Option<Done> {
        self.rx.try_recv().ok()
    }

    /// Waits up to `timeout` for a finished job.
    pub fn wait(&self, timeout: Duration) -> Option<Done> {
        self.rx.recv_timeout(timeout).ok()
    }
}

impl Drop for SaveWorker {
    fn drop(&mut self) {
        // Closing the channel ends the loop once queued jobs are written.
        self.tx = None;
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}
