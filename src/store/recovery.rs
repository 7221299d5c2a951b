//! The recovery file: `.NAME.gloss.recovery` beside the project, written a few seconds after the
//! last change and removed after a successful save or a clean close. Its first line records when
//! it was written and how many changes it holds beyond the saved file; the rest is an ordinary
//! project file (the first line is a RON comment), so it loads with the same checks.

use super::StoreError;
use crate::model::{Project, Timestamp};
use std::path::{Path, PathBuf};

const MARK: &str = "// Gloss recovery: time=";

/// Where the recovery file of `project_path` lives.
pub fn path_for(project_path: &Path) -> PathBuf {
    let name = project_path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "project.gloss".to_owned());
    project_path.with_file_name(format!(".{name}.recovery"))
}

/// Writes the recovery file for `project_path` (atomically, like a save), the codings from
/// `packed` when given.
pub(super) fn write(
    project_path: &Path,
    project: &Project,
    packed: Option<&super::copy::Packed>,
    changes: usize,
) -> Result<(), StoreError> {
    let path = path_for(project_path);
    let head = format!("{MARK}{} changes={changes}\n", Timestamp::now().0);
    super::stream_atomic(project, packed, &path, &head, super::TrailPart::All).map(|_| ())
}

/// A recovery file found beside a project.
#[derive(Debug)]
pub struct Recovered {
    pub path: PathBuf,
    pub written: Timestamp,
    pub changes: usize,
    pub project: Project,
    /// Documents, codes and codings of the saved file, for comparison.
    pub saved_counts: Option<(usize, usize, usize)>,
}

impl Recovered {
    /// "Unsaved work from 2026-11-23 05:31:02 UTC: 7 changes not in the saved file."
    pub fn describe(&self) -> String {
        let when = self
            .written
            .to_iso8601()
            .replace('T', " ")
            .replace('Z', " UTC");
        let changes = if self.changes == 1 {
            "1 change".to_owned()
        } else {
            format!("{} changes", self.changes)
        };
        let (d, c, k) = (
            self.project.documents.len(),
            self.project.codes.len(),
            self.project.codings.len(),
        );
        let mut text = format!(
            "Unsaved work from {when}: {changes} not in the saved file; {d} documents, {c} codes, \
             {k} codings"
        );
        if let Some((sd, sc, sk)) = self.saved_counts {
            text.push_str(&format!(
                " (the saved file has {sd} documents, {sc} codes, {sk} codings)"
            ));
        }
        text.push('.');
        text
    }
}

impl Recovered {
    /// "Unsaved work from 2026-11-23 05:31:02 UTC: 6 documents, 13 codes, 69 codings."
    pub fn describe_unsaved_project(&self) -> String {
        let when = self
            .written
            .to_iso8601()
            .replace('T', " ")
            .replace('Z', " UTC");
        format!(
            "Unsaved work from {when}: {} documents, {} codes, {} codings.",
            self.project.documents.len(),
            self.project.codes.len(),
            self.project.codings.len()
        )
    }
}

/// The recovery file of `project_path`, if there is one that differs from `saved`. A recovery
/// file that cannot be read is an error (it is left in place for the user).
pub fn find(project_path: &Path, saved: Option<&Project>) -> Result<Option<Recovered>, StoreError> {
    let path = path_for(project_path);
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).map_err(|e| StoreError::io(&path, "read", e))?;
    let project = super::from_str(&text, &path.display().to_string())?;
    if saved == Some(&project) {
        let _ = std::fs::remove_file(&path);
        return Ok(None);
    }
    let (written, changes) = parse_mark(text.lines().next().unwrap_or(""));
    Ok(Some(Recovered {
        path,
        written,
        changes,
        project,
        saved_counts: saved.map(|s| (s.documents.len(), s.codes.len(), s.codings.len())),
    }))
}

fn parse_mark(line: &str) -> (Timestamp, usize) {
    let rest = line.strip_prefix(MARK).unwrap_or("");
    let mut parts = rest.split(" changes=");
    let time = parts
        .next()
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(0);
    let changes = parts
        .next()
        .and_then(|c| c.trim().parse().ok())
        .unwrap_or(0);
    (Timestamp(time), changes)
}

/// Removes the recovery file of `project_path` (after a save, a clean close or a discard).
pub fn remove(project_path: &Path) {
    let _ = std::fs::remove_file(path_for(project_path));
}

/// Sets the recovery file aside as `.NAME.gloss.recovery.discarded` (one generation kept), for
/// when the user chooses the saved file instead.
pub fn set_aside(project_path: &Path) {
    let path = path_for(project_path);
    let mut aside = path.clone().into_os_string();
    aside.push(".discarded");
    let _ = std::fs::rename(&path, PathBuf::from(aside));
}
