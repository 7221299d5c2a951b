//! The project file: RON text with a format version, laid out deterministically (same project,
//! same bytes) with one turn, code, theme or coding per line so that `git diff` stays readable.
//! Saving is atomic: a temporary file in the same folder is written, flushed and renamed over the
//! project, so a crash leaves either the old file or the new one, never a mix.

mod backups;
mod copy;
mod error;
mod fast;
pub mod heap;
mod layout;
mod lock;
mod migrate;
mod recovery;
mod repair;
mod save;
pub mod stress;
pub mod trail;
pub mod words;

pub use copy::SaveCopy;
pub use error::StoreError;
pub use lock::{FileStamp, Holder, Lock, hash_bytes};
pub use save::{Done, Job, JobKind, SaveWorker, write_atomic};
pub mod backup {
    //! Rotating backups: a copy of the project kept before each save replaces it.
    pub use super::backups::{DEFAULT_COUNT, backup_path, folder, list, rotate};
}
pub use lock::holder as lock_holder;
pub use migrate::{keep_original, original_copy_path};
pub use recovery::{Recovered, find as find_recovery, path_for as recovery_path};
pub use recovery::{remove as remove_recovery, set_aside as set_recovery_aside};
pub use repair::repair;

use crate::model::{Project, validate};
use layout::TrailPart;
use serde::Deserialize;
use std::fs;
use std::path::{Path, PathBuf};

/// The format this build writes, and the newest it reads.
pub const FORMAT_VERSION: u32 = 3;
/// The file extension of project files.
pub const EXTENSION: &str = "gloss";

#[derive(Deserialize)]
struct VersionProbe {
    /// 0 when absent: no Gloss file was ever written without a version.
    #[serde(default)]
    format_version: u32,
}

#[derive(Deserialize)]
struct ProjectFile {
    project: Project,
}

/// The file text for `project`.
pub fn to_string(project: &Project) -> Result<String, StoreError> {
    layout::write(project, FORMAT_VERSION).map_err(|e| StoreError::Encode(e.to_string()))
}

/// A file read but not yet validated: the project (upgraded to the current format) and the
/// format version the file had.
pub struct Parsed {
    pub project: Project,
    pub version: u32,
    /// The upgrade steps taken, if the file was older.
    pub migrated: Vec<String>,
}

/// Parses file text and upgrades older formats, without validating. `source` names the file in
/// error messages.
pub fn parse(text: &str, source: &str) -> Result<Parsed, StoreError> {
    let mut parsed = parse_unindexed(text, source)?;
    parsed.project.reindex();
    Ok(parsed)
}

/// [`parse`] without building the project's lookups and counts (the caller does, beside
/// validation).
fn parse_unindexed(text: &str, source: &str) -> Result<Parsed, StoreError> {
    // Gloss's own layout is read by the fast reader; anything else (and every error) by RON.
    if let Ok(Some(read)) = fast::read(text.as_bytes()) {
        return upgraded(read.project, read.version, source);
    }
    let version = match quick_version(text) {
        Some(v) => v,
        None => {
            match ron::from_str::<VersionProbe>(text) {
                Ok(probe) => probe.format_version,
                // A damaged Gloss file still names its format near the top; anything else is
                // another kind of file.
                Err(e) if looks_like_gloss(text) => return Err(StoreError::syntax(source, &e)),
                Err(_) => 0,
            }
        }
    };
    check_version_of(version, source, text)?;
    let file: ProjectFile = ron::from_str(text).map_err(|e| StoreError::syntax(source, &e))?;
    upgraded(file.project, version, source)
}

/// Does the start of `text` read like a Gloss project (its format version near the top)?
fn looks_like_gloss(text: &str) -> bool {
    let head: String = text.chars().take(400).collect();
    head.contains("format_version")
}

fn check_version_of(version: u32, source: &str, text: &str) -> Result<(), StoreError> {
    match version {
        0 => Err(StoreError::NotAProject {
            file: source.to_owned(),
            looks_like: words::looks_like(text.as_bytes()),
        }),
        v => check_version(v, source),
    }
}

fn check_version(version: u32, source: &str) -> Result<(), StoreError> {
    match version {
        0 => Err(StoreError::NotAProject {
            file: source.to_owned(),
            looks_like: "a file without a format version",
        }),
        v if v > FORMAT_VERSION => Err(StoreError::NewerVersion {
            file: source.to_owned(),
            found: v,
            supported: FORMAT_VERSION,
        }),
        _ => Ok(()),
    }
}

/// Upgrades a project read from a `version` file.
fn upgraded(project: Project, version: u32, source: &str) -> Result<Parsed, StoreError> {
    check_version(version, source)?;
    let (project, migrated) = migrate::upgrade(project, version);
    Ok(Parsed {
        project,
        version,
        migrated,
    })
}

/// Parses a project file: through the fast reader straight from the file (never holding its
/// whole text) when it is in Gloss's own layout, else its text through RON. Returns the parse
/// and the file's stamp.
fn parse_file(path: &Path) -> Result<(Parsed, FileStamp), StoreError> {
    let source = path.display().to_string();
    let file = fs::File::open(path).map_err(|e| StoreError::io(path, "read", e))?;
    let modified = file.metadata().ok().and_then(|m| m.modified().ok());
    if let Some(read) = fast::read(file).map_err(|e| StoreError::io(path, "read", e))? {
        let stamp = FileStamp {
            modified,
            size: read.size,
            hash: read.hash,
        };
        return Ok((upgraded(read.project, read.version, &source)?, stamp));
    }
    let (text, stamp) = read_text(path)?;
    Ok((parse_unindexed(&text, &source)?, stamp))
}

/// The version from the head of a file Gloss wrote (`(` then `format_version: N,` after the
/// comment lines), without parsing the whole file twice. `None` for anything else: the full
/// parse then decides.
fn quick_version(text: &str) -> Option<u32> {
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"));
    if lines.next()? != "(" {
        return None;
    }
    let v = lines.next()?.strip_prefix("format_version:")?.trim();
    v.strip_suffix(',')?.trim().parse().ok()
}

/// Parses and checks file text. `source` names the file in error messages.
pub fn from_str(text: &str, source: &str) -> Result<Project, StoreError> {
    let parsed = parse_unindexed(text, source)?;
    check(parsed.project, source)
}

/// Validates a parsed project while its lookups and counts are built (on two cores at once).
fn check(mut project: Project, source: &str) -> Result<Project, StoreError> {
    let problems = project.reindex_while(validate);
    if !problems.is_empty() {
        return Err(StoreError::Invalid {
            file: source.to_owned(),
            problems,
        });
    }
    Ok(project)
}

fn read_text(path: &Path) -> Result<(String, FileStamp), StoreError> {
    let bytes = fs::read(path).map_err(|e| StoreError::io(path, "read", e))?;
    let stamp = FileStamp::of_bytes(path, &bytes);
    let text = String::from_utf8(bytes).map_err(|e| StoreError::NotUtf8 {
        file: path.display().to_string(),
        offset: e.utf8_error().valid_up_to(),
        looks_like: words::looks_like(e.as_bytes()),
    })?;
    Ok((text, stamp))
}

/// A first look at a project file: its name, coders, participants and first document, read in
/// a moment whatever the file's size (see [`fast::preview`]), for showing a large project while
/// [`open`] reads all of it. `None` when the file cannot be previewed (not in Gloss's own layout,
/// unreadable, from a newer Gloss); [`open`] then says what is wrong.
pub fn preview(path: &Path) -> Option<Project> {
    let file = fs::File::open(path).ok()?;
    let (version, mut project) = fast::preview(file).ok()??;
    if version == 0 || version > FORMAT_VERSION {
        return None;
    }
    project.reindex();
    Some(project)
}

/// Reads a project file (older formats are upgraded in memory; the file is not touched).
pub fn load(path: &Path) -> Result<Project, StoreError> {
    let (parsed, _) = parse_file(path)?;
    check(parsed.project, &path.display().to_string())
}

/// Reads a project file with its whole audit trail (the trail file beside it joined to the steps
/// the project file keeps): for merging and for showing the history.
pub fn load_with_trail(path: &Path) -> Result<Project, StoreError> {
    let mut project = load(path)?;
    project.trail = trail::full(path, &project.trail)?.entries;
    Ok(project)
}

/// A project opened for editing.
pub struct Opened {
    pub project: Project,
    /// The file as it was read, to notice changes by other programs.
    pub stamp: FileStamp,
    /// The format version the file had.
    pub version: u32,
    /// Where the original of an upgraded file was copied, and the steps taken.
    pub migrated: Option<(PathBuf, Vec<String>)>,
}

/// Reads a project file for editing. A file in an older format is upgraded, and its original is
/// first copied to `NAME.vN.gloss.bak` so that saving the upgraded project never loses it.
pub fn open(path: &Path) -> Result<Opened, StoreError> {
    let source = path.display().to_string();
    let (parsed, stamp) = parse_file(path)?;
    let project = check(parsed.project, &source)?;
    let migrated = if parsed.version < FORMAT_VERSION {
        let copy = keep_original(path, parsed.version)
            .map_err(|e| StoreError::io(&original_copy_path(path, parsed.version), "write", e))?;
        Some((copy, parsed.migrated))
    } else {
        None
    };
    Ok(Opened {
        project,
        stamp,
        version: parsed.version,
        migrated,
    })
}

/// Reads a damaged project file and repairs it: the repaired project (not yet saved) and the
/// list of fixes. Files that do not parse at all cannot be repaired this way.
pub fn load_repaired(path: &Path) -> Result<(Project, Vec<String>), StoreError> {
    let (parsed, _) = parse_file(path)?;
    let mut project = parsed.project;
    project.reindex();
    let fixes = repair(&mut project);
    Ok((project, fixes))
}

/// Writes a project file atomically (no backups), then adds the steps its trail file lacks.
pub fn save(project: &Project, path: &Path) -> Result<(), StoreError> {
    stream_atomic(project, None, path, "", TrailPart::Window)?;
    trail::append_missing(path, &project.trail).map(|_| ())
}

/// Writes the project file alone, leaving any trail file as it is: for `gloss merge` run by git
/// on its own temporary copies (git merges the trail files itself).
pub fn save_file_only(project: &Project, path: &Path) -> Result<(), StoreError> {
    stream_atomic(project, None, path, "", TrailPart::Window).map(|_| ())
}

/// Writes the file for `project` atomically, streamed to disk with `head` before it; returns the
/// bytes written and their hash. A project that cannot be written as text is an encoding error,
/// a failed write an I/O error; either way `path` is left as it was.
pub(super) fn stream_atomic(
    project: &Project,
    packed: Option<&copy::Packed>,
    path: &Path,
    head: &str,
    trail: TrailPart,
) -> Result<(u64, u64), StoreError> {
    let mut encoded: Result<(u64, u64), StoreError> = Ok((0, 0));
    save::write_atomic_with(path, |f| {
        let mut sink = save::Sink::new(std::io::BufWriter::with_capacity(1 << 16, f));
        let written = std::fmt::Write::write_str(&mut sink, head)
            .map_err(|_| ron::Error::Fmt)
            .and_then(|()| layout::write_into(&mut sink, project, packed, FORMAT_VERSION, trail));
        if let Err(e) = written {
            if let Some(io) = sink.error.take() {
                return Err(io);
            }
            encoded = Err(StoreError::Encode(e.to_string()));
            return Err(std::io::Error::other(
                "the project could not be written as text",
            ));
        }
        encoded = Ok(sink.finish()?);
        Ok(())
    })
    .map_err(|e| match &encoded {
        Err(StoreError::Encode(msg)) => StoreError::Encode(msg.clone()),
        _ => StoreError::io(path, "write", e),
    })?;
    encoded
}

/// Writes a project file atomically after rotating `backups` backups of the file it replaces,
/// then adds the steps its trail file lacks; returns the stamp of the new file.
pub fn save_with_backups(
    project: &Project,
    path: &Path,
    backups: usize,
) -> Result<FileStamp, StoreError> {
    save_copy_with_backups(project, None, path, backups)
}

/// [`save_with_backups`] of a save copy (see [`SaveCopy`]).
pub fn save_copy(copy: &SaveCopy, path: &Path, backups: usize) -> Result<FileStamp, StoreError> {
    save_copy_with_backups(copy.project(), copy.packed(), path, backups)
}

fn save_copy_with_backups(
    project: &Project,
    packed: Option<&copy::Packed>,
    path: &Path,
    backups: usize,
) -> Result<FileStamp, StoreError> {
    save::clean_stale_temps(path);
    backups::rotate(path, backups);
    let (size, hash) = stream_atomic(project, packed, path, "", TrailPart::Window)?;
    trail::append_missing(path, &project.trail)?;
    let modified = fs::metadata(path).ok().and_then(|m| m.modified().ok());
    Ok(FileStamp {
        modified,
        size,
        hash,
    })
}

#[cfg(test)]
mod safety_tests;
#[cfg(test)]
mod tests;
