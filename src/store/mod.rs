//! The project file: RON text with a format version, laid out deterministically (same project,
//! same bytes) with one turn, code, theme or coding per line so that `git diff` stays readable.
//! Saving is atomic: a temporary file in the same folder is written, flushed and renamed over the
//! project, so a crash leaves either the old file or the new one, never a mix.

mod error;
mod layout;

pub use error::StoreError;

use crate::model::{Project, validate};
use serde::Deserialize;
use std::fs;
use std::io::Write;
use std::path::Path;

/// The format this build writes, and the newest it reads.
pub const FORMAT_VERSION: u32 = 2;
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
    #[allow(dead_code)]
    format_version: u32,
    project: Project,
}

/// The file text for `project`.
pub fn to_string(project: &Project) -> Result<String, StoreError> {
    layout::write(project, FORMAT_VERSION).map_err(|e| StoreError::Encode(e.to_string()))
}

/// Parses and checks file text. `source` names the file in error messages.
pub fn from_str(text: &str, source: &str) -> Result<Project, StoreError> {
    let probe: VersionProbe = ron::from_str(text).map_err(|e| StoreError::syntax(source, &e))?;
    match probe.format_version {
        0 => {
            return Err(StoreError::NotAProject {
                file: source.to_owned(),
            });
        }
        v if v > FORMAT_VERSION => {
            return Err(StoreError::NewerVersion {
                file: source.to_owned(),
                found: v,
                supported: FORMAT_VERSION,
            });
        }
        _ => {}
    }
    let file: ProjectFile = ron::from_str(text).map_err(|e| StoreError::syntax(source, &e))?;
    let problems = validate(&file.project);
    if !problems.is_empty() {
        return Err(StoreError::Invalid {
            file: source.to_owned(),
            problems,
        });
    }
    Ok(file.project)
}

/// Reads a project file.
pub fn load(path: &Path) -> Result<Project, StoreError> {
    let bytes = fs::read(path).map_err(|e| StoreError::io(path, "read", e))?;
    let text = String::from_utf8(bytes).map_err(|e| StoreError::NotUtf8 {
        file: path.display().to_string(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    from_str(&text, &path.display().to_string())
}

/// Writes a project file atomically.
pub fn save(project: &Project, path: &Path) -> Result<(), StoreError> {
    let text = to_string(project)?;
    write_atomic(path, text.as_bytes()).map_err(|e| StoreError::io(path, "write", e))
}

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

#[cfg(test)]
mod tests;
