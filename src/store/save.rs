//! Durable atomic writes, and a worker thread that saves off the UI thread.

use super::{FileStamp, StoreError, lock::ContentHash, recovery};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

/// Writes `bytes` to a temporary file beside `path`, flushes it, renames it over `path` and
/// flushes the folder, so that `path` always holds a complete file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |f| f.write_all(bytes))
}

/// [`write_atomic`] with the content written by `fill`, so that a large file is streamed to disk
/// rather than first made whole in memory.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
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
        fill(&mut f)?;
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

/// Text written through `fmt::Write` and passed on to a file in pieces, counted and hashed on
/// the way (for the new file's stamp).
pub(super) struct Sink<W: Write> {
    out: W,
    buf: String,
    pub hash: ContentHash,
    pub size: u64,
    /// The write error that stopped the text, if one did.
    pub error: Option<std::io::Error>,
}

const SINK_PIECE: usize = 1 << 18;

impl<W: Write> Sink<W> {
    pub fn new(out: W) -> Self {
        Self {
            out,
            buf: String::with_capacity(SINK_PIECE + 4096),
            hash: ContentHash::default(),
            size: 0,
            error: None,
        }
    }

    fn pass_on(&mut self) -> std::fmt::Result {
        self.hash.update(self.buf.as_bytes());
        self.size += self.buf.len() as u64;
        let written = self.out.write_all(self.buf.as_bytes());
        self.buf.clear();
        written.map_err(|e| {
            self.error = Some(e);
            std::fmt::Error
        })
    }

    /// Passes on what is left; the first write error, if any.
    pub fn finish(mut self) -> std::io::Result<(u64, u64)> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        if self.pass_on().is_err() {
            return Err(self
                .error
                .take()
                .unwrap_or_else(|| std::io::Error::other("write failed")));
        }
        self.out.flush()?;
        Ok((self.size, self.hash.finish()))
    }
}

impl<W: Write> std::fmt::Write for Sink<W> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if self.error.is_some() {
            return Err(std::fmt::Error);
        }
        self.buf.push_str(s);
        if self.buf.len() >= SINK_PIECE {
            self.pass_on()?;
        }
        Ok(())
    }
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
    pub copy: super::SaveCopy,
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
        JobKind::Save => super::save_copy(&job.copy, &job.path, job.backups),
        JobKind::Recovery => {
            let copy = &job.copy;
            recovery::write(&job.path, copy.project(), copy.packed(), job.changes)?;
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
