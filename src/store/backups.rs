//! Rotating backups of the last few saves: before a save replaces `NAME.gloss`, the file being
//! replaced becomes `NAME.gloss.backups/NAME.1.gloss`, the previous first backup becomes `.2`, and
//! so on up to the configured count.

use std::fs;
use std::path::{Path, PathBuf};

/// How many backups Gloss keeps unless told otherwise.
pub const DEFAULT_COUNT: usize = 3;

/// The folder holding the backups of `path`.
pub fn folder(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "project.gloss".to_owned());
    path.with_file_name(format!("{name}.backups"))
}

/// Backup number `n` (1 is the newest) of `path`.
pub fn backup_path(path: &Path, n: usize) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "project".to_owned());
    folder(path).join(format!("{stem}.{n}.gloss"))
}

/// The existing backups of `path`, newest first.
pub fn list(path: &Path) -> Vec<PathBuf> {
    (1..=99)
        .map(|n| backup_path(path, n))
        .take_while(|p| p.exists())
        .collect()
}

/// Shifts the backups of `path` by one and makes the current file backup 1, keeping `count`.
/// A backup that cannot be made never stops the save itself: the save is what protects the work.
pub fn rotate(path: &Path, count: usize) {
    if count == 0 || !path.exists() {
        return;
    }
    if fs::create_dir_all(folder(path)).is_err() {
        return;
    }
    let _ = fs::remove_file(backup_path(path, count));
    for n in (1..count).rev() {
        let from = backup_path(path, n);
        if from.exists() {
            let _ = fs::rename(&from, backup_path(path, n + 1));
        }
    }
    // A hard link costs nothing and the save then renames a new file over `path`, so the linked
    // inode keeps the old content. Copy where links are not supported.
    let first = backup_path(path, 1);
    if fs::hard_link(path, &first).is_err() {
        let _ = fs::copy(path, &first);
    }
}
