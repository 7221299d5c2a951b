//! The audit trail's own file, `NAME.gloss.trail` beside the project: one recorded step a line,
//! oldest first, only ever appended to.
//!
//! A long study records tens of thousands of steps, most of a project file's size if they were
//! kept in it: every save would rewrite them and every opening read them. So a save writes only
//! the steps the trail file lacks, and the project file keeps just its newest
//! [`WINDOW`] steps (enough for *Merge in a copy* to find the state two copies last shared when
//! a copy travels without its trail file). Reading the whole trail (Edit > History, `gloss log`,
//! merging) joins the two.
//!
//! Each line is the entry exactly as the project file writes it, so a line moves between the two
//! unchanged; `git` merges the file with its `union` driver (`*.gloss.trail merge=union`, set up
//! by `gloss merge --setup-git`), since both sides only appended.

use super::StoreError;
use crate::model::{EntryId, TrailEntry};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The newest steps the project file itself keeps.
pub const WINDOW: usize = 2_000;

const HEAD: &str = "// Gloss audit trail: one recorded step a line, oldest first. Gloss appends to \
                    it on each save; keep it beside the project file.\n";

/// Where the trail of the project at `project_path` is kept.
pub fn path_for(project_path: &Path) -> PathBuf {
    let mut name = project_path
        .file_name()
        .map(|s| s.to_os_string())
        .unwrap_or_else(|| "project.gloss".into());
    name.push(".trail");
    project_path.with_file_name(name)
}

/// The entry's line as both files write it.
fn line(e: &TrailEntry) -> Result<&str, StoreError> {
    e.line(super::layout::item)
        .map_err(|err| StoreError::Encode(err.to_string()))
}

/// Appends to the trail file of `project_path` every entry of `entries` it lacks, in order, and
/// makes the addition durable; returns how many were added. A line left half-written by a crash
/// is ended first, so that only it is lost.
pub fn append_missing(project_path: &Path, entries: &[TrailEntry]) -> Result<usize, StoreError> {
    if entries.is_empty() {
        return Ok(0);
    }
    let path = path_for(project_path);
    let io = |e| StoreError::io(&path, "write", e);
    let mut file = fs::OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(&path)
        .map_err(io)?;
    // The file holds the steps in the order memory does, so it lacks a tail of `entries`.
    let saved = saved_prefix(&mut file, entries, &path)?;
    let missing = &entries[saved..];
    // Saving the step that pseudonymised the transcripts strips the real names from the steps
    // saved before it: the file is written anew without them.
    if missing.iter().any(TrailEntry::is_pseudonymising) {
        drop(file);
        return rewrite_scrubbed(project_path, entries);
    }
    if missing.is_empty() {
        return Ok(0);
    }
    let mut out = String::new();
    let len = file.metadata().map_err(io)?.len();
    if len == 0 {
        out.push_str(HEAD);
    } else if !ends_with_newline(&mut file, len).map_err(io)? {
        out.push('\n');
    }
    for e in missing {
        out.push_str(line(e)?);
        out.push('\n');
    }
    file.write_all(out.as_bytes()).map_err(io)?;
    file.sync_data().map_err(io)?;
    Ok(missing.len())
}

fn ends_with_newline(file: &mut fs::File, len: u64) -> std::io::Result<bool> {
    let mut last = [0u8; 1];
    file.seek(SeekFrom::Start(len - 1))?;
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

/// Rewrites the trail file of `project_path` with every step that carries transcript text
/// stripped to who, when and what, then `entries` it lacks; returns how many steps it holds.
fn rewrite_scrubbed(project_path: &Path, entries: &[TrailEntry]) -> Result<usize, StoreError> {
    let whole = full(project_path, entries)?;
    let mut out = String::from(HEAD);
    for e in &whole.entries {
        let bare;
        let e = if e.carries_text() {
            bare = e.bare();
            &bare
        } else {
            e
        };
        out.push_str(line(e)?);
        out.push('\n');
    }
    let path = path_for(project_path);
    super::write_atomic(&path, out.as_bytes()).map_err(|e| StoreError::io(&path, "write", e))?;
    Ok(whole.entries.len())
}

/// How many of `entries` (oldest first) the file already holds: found by reading it from the
/// end backwards to its newest line that is one of them, unchanged. Steps are appended in the
/// order memory holds them, so that one and all before it are saved and the rest are not; a save
/// usually reads only the file's last lines. A step saved and then grown by typing (same id, new
/// line) counts as not saved.
fn saved_prefix(
    file: &mut fs::File,
    entries: &[TrailEntry],
    path: &Path,
) -> Result<usize, StoreError> {
    // The newest saved step is most often among the file's last lines: small reads find it
    // without holding a megabyte while the save's copy of the project is also in memory.
    const CHUNK: u64 = 1 << 16;
    let at: HashMap<EntryId, usize> = entries.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
    let io = |e| StoreError::io(path, "read", e);
    let len = file.metadata().map_err(io)?.len();
    let mut end = len;
    // Bytes of a line cut by the chunk's start, carried to the next (earlier) chunk.
    let mut carry: Vec<u8> = Vec::new();
    while end > 0 {
        let start = end.saturating_sub(CHUNK);
        let mut buf = vec![0u8; (end - start) as usize];
        file.seek(SeekFrom::Start(start)).map_err(io)?;
        file.read_exact(&mut buf).map_err(io)?;
        buf.extend_from_slice(&carry);
        let cut = if start == 0 {
            0
        } else {
            buf.iter()
                .position(|&b| b == b'\n')
                .map_or(buf.len(), |i| i + 1)
        };
        for l in buf[cut..].rsplit(|&b| b == b'\n') {
            let Some(&i) = id_of(l).and_then(|id| at.get(&id)) else {
                continue;
            };
            let text = std::str::from_utf8(l.trim_ascii()).unwrap_or_default();
            let text = text.strip_suffix(',').unwrap_or(text);
            if line(&entries[i])? == text {
                return Ok(i + 1);
            }
        }
        carry = buf[..cut].to_vec();
        end = start;
    }
    Ok(0)
}

/// The id at the start of an entry's line, `(id: "…", …`.
fn id_of(line: &[u8]) -> Option<EntryId> {
    let line = line.trim_ascii_start();
    let rest = line.strip_prefix(b"(id: \"")?;
    let uuid = std::str::from_utf8(rest.get(..36)?).ok()?;
    uuid::Uuid::parse_str(uuid).ok().map(EntryId)
}

/// The trail file of `project_path`, read whole.
pub struct Trail {
    pub entries: Vec<TrailEntry>,
    /// Lines that could not be read, as "line N".
    pub unreadable: Vec<usize>,
}

/// The bytes of the trail file of `project_path` (none there: no bytes).
fn bytes_of(project_path: &Path) -> Result<Vec<u8>, StoreError> {
    let path = path_for(project_path);
    match fs::read(&path) {
        Ok(b) => Ok(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(StoreError::io(&path, "read", e)),
    }
}

/// Reads the trail file of `project_path` (none there: an empty trail). Each entry once, in the
/// file's order.
pub fn read(project_path: &Path) -> Result<Trail, StoreError> {
    let text = bytes_of(project_path)?;
    // An id saved again (a step grown by typing) keeps its place and takes its newest line.
    let mut seen: HashMap<EntryId, usize> = HashMap::new();
    let mut entries: Vec<TrailEntry> = Vec::new();
    let mut unreadable = Vec::new();
    for (n, l) in text.split(|&b| b == b'\n').enumerate() {
        let l = l.trim_ascii();
        if l.is_empty() || l.starts_with(b"//") {
            continue;
        }
        let l = l.strip_suffix(b",").unwrap_or(l);
        match std::str::from_utf8(l)
            .ok()
            .and_then(super::fast::trail_line)
        {
            Some(e) => match seen.get(&e.id) {
                Some(&i) => entries[i] = e,
                None => {
                    seen.insert(e.id, entries.len());
                    entries.push(e);
                }
            },
            None => unreadable.push(n + 1),
        }
    }
    Ok(Trail {
        entries,
        unreadable,
    })
}

/// The whole trail of the project at `project_path` whose project file holds `in_file` (the
/// newest steps, and steps not yet saved): the trail file's entries, then those of `in_file` it
/// lacks, in order.
pub fn full(project_path: &Path, in_file: &[TrailEntry]) -> Result<Trail, StoreError> {
    let mut read = read(project_path)?;
    let at: HashMap<EntryId, usize> = read
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id, i))
        .collect();
    // What memory holds is newer than what was saved under the same id.
    for e in in_file {
        match at.get(&e.id) {
            Some(&i) => read.entries[i] = e.clone(),
            None => read.entries.push(e.clone()),
        }
    }
    Ok(read)
}

/// How many steps the whole trail holds (as [`full`] would give them), counted from the lines'
/// ids without reading the entries.
pub fn count(project_path: &Path, in_file: &[TrailEntry]) -> Result<usize, StoreError> {
    let text = bytes_of(project_path)?;
    let known: HashSet<EntryId> = text.split(|&b| b == b'\n').filter_map(id_of).collect();
    Ok(known.len() + in_file.iter().filter(|e| !known.contains(&e.id)).count())
}

/// Makes the trail file of `to` a copy of that of `from` (*Save as*: the new file carries the
/// whole history); without one at `from`, removes any at `to` (it belonged to the file replaced).
pub fn copy(from: &Path, to: &Path) -> Result<(), StoreError> {
    let (src, dst) = (path_for(from), path_for(to));
    if src == dst {
        return Ok(());
    }
    match fs::metadata(&src) {
        Ok(_) => {
            let bytes = fs::read(&src).map_err(|e| StoreError::io(&src, "read", e))?;
            super::write_atomic(&dst, &bytes).map_err(|e| StoreError::io(&dst, "write", e))
        }
        Err(_) => forget(to),
    }
}

/// Removes the trail file of `project_path`, if there is one (a new project written over an old
/// file must not inherit its history).
pub fn forget(project_path: &Path) -> Result<(), StoreError> {
    let path = path_for(project_path);
    match fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(StoreError::io(&path, "remove", e)),
    }
}

/// The entries a project file keeps of `trail`: its newest [`WINDOW`].
pub(super) fn window(trail: &[TrailEntry]) -> &[TrailEntry] {
    &trail[trail.len().saturating_sub(WINDOW)..]
}

#[cfg(test)]
mod tests;
