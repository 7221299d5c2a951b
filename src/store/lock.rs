//! One writer per project: a lock file `.NAME.gloss.lock` beside the project holds the pid and
//! host of the Gloss that has it open. A second Gloss sees it and offers read-only. A lock left
//! behind by a process that no longer runs on this host is taken over.
//!
//! Also here: [`FileStamp`], what Gloss remembers about the file it loaded or saved (modification
//! time, size, content hash), to notice when another program changes it.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Who holds a lock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    pub pid: u32,
    pub host: String,
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Gloss (process {}) on {}", self.pid, self.host)
    }
}

/// A held lock; dropping it removes the lock file.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
}

/// Where the lock file of `project_path` lives.
pub fn path_for(project_path: &Path) -> PathBuf {
    let name = project_path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "project.gloss".to_owned());
    project_path.with_file_name(format!(".{name}.lock"))
}

/// This machine's name, as well as it can be found without a system call crate.
pub fn host_name() -> String {
    ["HOSTNAME", "COMPUTERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .or_else(|| {
            fs::read_to_string("/etc/hostname")
                .ok()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        })
        .unwrap_or_else(|| "this computer".to_owned())
}

fn parse(text: &str) -> Option<Holder> {
    let mut pid = None;
    let mut host = None;
    for line in text.lines() {
        if let Some(v) = line.strip_prefix("pid=") {
            pid = v.trim().parse().ok();
        } else if let Some(v) = line.strip_prefix("host=") {
            host = Some(v.trim().to_owned());
        }
    }
    Some(Holder {
        pid: pid?,
        host: host?,
    })
}

fn is_running(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true // cannot tell: assume it runs, the user can still open read-only or take over
    }
}

/// The live holder of the lock on `project_path`, if another process has it.
pub fn holder(project_path: &Path) -> Option<Holder> {
    let h = parse(&fs::read_to_string(path_for(project_path)).ok()?)?;
    let stale = h.host == host_name() && (h.pid == std::process::id() || !is_running(h.pid));
    (!stale).then_some(h)
}

impl Lock {
    /// Takes the lock on `project_path`, or says who holds it. A stale lock (its process is gone)
    /// is taken over.
    pub fn acquire(project_path: &Path) -> Result<Self, Holder> {
        if let Some(h) = holder(project_path) {
            return Err(h);
        }
        Ok(Self::take(project_path))
    }

    /// Takes the lock whoever holds it (the user chose to).
    pub fn take(project_path: &Path) -> Self {
        let path = path_for(project_path);
        let text = format!(
            "pid={}\nhost={}\nsince={}\n",
            std::process::id(),
            host_name(),
            crate::model::Timestamp::now().0
        );
        // A lock that cannot be written (read-only folder) protects nothing but stops nothing:
        // saving there would fail anyway and say so.
        if let Ok(mut f) = fs::File::create(&path) {
            let _ = f.write_all(text.as_bytes());
        }
        Self { path }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let ours = fs::read_to_string(&self.path)
            .ok()
            .and_then(|t| parse(&t))
            .is_some_and(|h| h.pid == std::process::id());
        if ours {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// What Gloss knows of the file on disk as it last read or wrote it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileStamp {
    pub modified: Option<SystemTime>,
    pub size: u64,
    pub hash: u64,
}

/// The [`ContentHash`] of `bytes`.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = ContentHash::default();
    h.update(bytes);
    h.finish()
}

/// A fast hash of a file's bytes, fed in pieces of any size (the same bytes give the same hash
/// however they are split), 32 bytes a step in four independent lanes: it only tells whether a
/// file changed during a session, so speed matters more than strength.
#[derive(Clone, Debug, Default)]
pub struct ContentHash {
    lanes: [u64; 4],
    tail: [u8; 32],
    tail_len: usize,
    len: u64,
}

const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

fn mix(h: u64, word: u64) -> u64 {
    (h.rotate_left(5) ^ word).wrapping_mul(K)
}

impl ContentHash {
    fn block(&mut self, b: &[u8]) {
        for (i, lane) in self.lanes.iter_mut().enumerate() {
            let mut w = [0u8; 8];
            w.copy_from_slice(&b[i * 8..i * 8 + 8]);
            *lane = mix(*lane, u64::from_le_bytes(w));
        }
    }

    pub fn update(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len() as u64;
        if self.tail_len > 0 {
            let take = (32 - self.tail_len).min(bytes.len());
            self.tail[self.tail_len..self.tail_len + take].copy_from_slice(&bytes[..take]);
            self.tail_len += take;
            bytes = &bytes[take..];
            if self.tail_len < 32 {
                return;
            }
            let tail = self.tail;
            self.block(&tail);
            self.tail_len = 0;
        }
        let mut chunks = bytes.chunks_exact(32);
        for c in &mut chunks {
            self.block(c);
        }
        let rest = chunks.remainder();
        self.tail[..rest.len()].copy_from_slice(rest);
        self.tail_len = rest.len();
    }

    pub fn finish(mut self) -> u64 {
        if self.tail_len > 0 {
            let mut last = [0u8; 32];
            last[..self.tail_len].copy_from_slice(&self.tail[..self.tail_len]);
            self.block(&last);
        }
        let mut h = self.len;
        for lane in self.lanes {
            h = mix(h, lane);
        }
        h
    }
}

impl FileStamp {
    /// The stamp of `path`, which holds `bytes`.
    pub fn of_bytes(path: &Path, bytes: &[u8]) -> Self {
        let meta = fs::metadata(path).ok();
        Self {
            modified: meta.as_ref().and_then(|m| m.modified().ok()),
            size: bytes.len() as u64,
            hash: hash_bytes(bytes),
        }
    }

    /// Has `path` changed since this stamp? Time and size are checked first; the content is
    /// hashed only when they differ, so a touched but identical file is not a change. A file that
    /// vanished counts as changed.
    pub fn changed(&self, path: &Path) -> bool {
        let Ok(meta) = fs::metadata(path) else {
            return true;
        };
        if meta.len() == self.size && meta.modified().ok() == self.modified {
            return false;
        }
        match fs::read(path) {
            Ok(bytes) => hash_bytes(&bytes) != self.hash,
            Err(_) => true,
        }
    }
}

#[cfg(test)]
mod hash_tests {
    use super::{ContentHash, hash_bytes};

    #[test]
    fn pieces_hash_like_the_whole() {
        let bytes: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        let whole = hash_bytes(&bytes);
        for split in [1, 3, 7, 8, 9, 31, 32, 33, 64, 999] {
            let mut h = ContentHash::default();
            for piece in bytes.chunks(split) {
                h.update(piece);
            }
            assert_eq!(h.finish(), whole, "pieces of {split}");
        }
        assert_ne!(hash_bytes(b"abc"), hash_bytes(b"abd"));
        assert_ne!(hash_bytes(b""), hash_bytes(b"\0"));
    }
}
