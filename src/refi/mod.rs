//! REFI-QDA exchange: reading `.qdpx` projects (and bare `.qde` files) from NVivo, ATLAS.ti,
//! MAXQDA, QualCoder and others into Gloss, and writing Gloss projects as `.qdpx` that those
//! tools read. Codebooks (`.qdc`) are in [`codebook`].
//!
//! Reading never trusts the file: archive limits are in [`archive`], XML safety in [`xml`], and
//! every reference is resolved and reported in [`read`]. Positions are read the way the tool
//! that wrote them counted ([`positions`]).

pub mod archive;
pub mod codebook;
mod extras;
mod guid;
mod overlay;
pub mod positions;
mod qde;
mod read;
mod summary;
mod turns;
pub mod write;
pub(crate) mod xml;

pub use summary::{FileReport, Summary};

use crate::edit::Edit;
use crate::model::{CodeId, CoderId, CodingId, DocId, Participant, Project, ThemeId};
use std::collections::BTreeMap;
use std::path::Path;
use thiserror::Error;

/// Why a REFI-QDA file could not be read or written. Messages name the file and what is wrong.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum RefiError {
    #[error("{file}: {reason}. Nothing was imported.")]
    Invalid { file: String, reason: String },
    #[error("could not read {file}: {reason}")]
    Read { file: String, reason: String },
    #[error("could not write {file}: {reason}. Check that the folder exists and is writable.")]
    Write { file: String, reason: String },
}

/// A project read from a REFI-QDA file, with what the import did.
#[derive(Debug, Clone)]
pub struct Imported {
    pub project: Project,
    pub summary: Summary,
}

/// Does `path` name a REFI-QDA project (`.qdpx`, `.qde`)?
pub fn is_project_path(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("qdpx") || e.eq_ignore_ascii_case("qde"))
}

/// Text files inside an archive. `internal://X` is `sources/X`; a bare path is tried under
/// `sources/` and at the top (qc writes it without `internal://`).
struct ArchiveFiles<'a> {
    archive: archive::Archive<'a>,
}

/// The last component of a path, never the directories (a `basePath` or `file://` link can
/// hold someone's home folder).
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

impl read::Files for ArchiveFiles<'_> {
    fn text(&mut self, path: &str) -> Result<Vec<u8>, String> {
        let inner = match path.strip_prefix("internal://") {
            Some(rest) => rest,
            None if path.contains("://") || path.starts_with('/') || path.contains(":\\") => {
                return Err(format!(
                    "its text \"{}\" is a link outside the archive; export the project with \
                     its sources included",
                    file_name(path)
                ));
            }
            None => path,
        };
        let candidates = [format!("sources/{inner}"), inner.to_owned()];
        let found = candidates
            .iter()
            .find_map(|c| self.archive.find(c).map(str::to_owned));
        match found {
            Some(name) => self.archive.read(&name),
            None => Err(format!(
                "its text file \"{}\" is not in the archive",
                file_name(inner)
            )),
        }
    }
}

/// A bare `.qde` has no files beside it that Gloss will read.
struct NoFiles;

impl read::Files for NoFiles {
    fn text(&mut self, path: &str) -> Result<Vec<u8>, String> {
        Err(format!(
            "its text \"{}\" is a separate file, and a bare .qde carries none; open the .qdpx \
             archive instead",
            file_name(path)
        ))
    }
}

/// The `.qde` entry of an archive: `project.qde` in any case, else the only `.qde` at the top.
fn qde_entry(archive: &archive::Archive<'_>) -> Result<String, String> {
    if let Some(n) = archive.find("project.qde") {
        return Ok(n.to_owned());
    }
    let top: Vec<&String> = archive
        .names()
        .iter()
        .filter(|n| !n.contains('/') && n.to_ascii_lowercase().ends_with(".qde"))
        .collect();
    match top.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err("holds no project.qde, so it is not a REFI-QDA project archive".to_owned()),
        _ => Err(
            "holds several .qde files and no project.qde; Gloss cannot tell which is the project"
                .to_owned(),
        ),
    }
}

fn parse_qde(bytes: &[u8]) -> Result<qde::Qde, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("is not UTF-8 text ({e})"))?;
    let root = xml::parse(text)?;
    qde::read(&root)
}

/// Reads a `.qdpx` archive or a bare `.qde` from `bytes`. `file` names it in messages.
pub fn read_bytes(file: &str, bytes: &[u8]) -> Result<Imported, RefiError> {
    let invalid = |reason: String| RefiError::Invalid {
        file: file.to_owned(),
        reason,
    };
    let (project, summary) = if bytes.starts_with(b"PK") {
        let archive = archive::Archive::open(bytes).map_err(invalid)?;
        let entry = qde_entry(&archive).map_err(invalid)?;
        let mut files = ArchiveFiles { archive };
        let qde_bytes = files.archive.read(&entry).map_err(invalid)?;
        let q = parse_qde(&qde_bytes).map_err(|e| invalid(format!("{entry} {e}")))?;
        let mut note = None;
        let extras = match files.archive.find(extras::ENTRY).map(str::to_owned) {
            Some(name) => {
                let b = files.archive.read(&name).map_err(invalid)?;
                // An unreadable extras file only loses Gloss's own details; the summary says so.
                serde_json::from_slice::<extras::Extras>(&b)
                    .map_err(|e| {
                        note = Some(format!(
                            "{name} could not be read ({e}), so turn speakers, theme details \
                             and code criteria written by Gloss were not restored"
                        ));
                    })
                    .ok()
            }
            None => None,
        };
        let (project, mut summary) = read::build(&q, &mut files, extras.as_ref());
        summary.approximated.extend(note);
        (project, summary)
    } else {
        let q = parse_qde(bytes).map_err(invalid)?;
        read::build(&q, &mut NoFiles, None)
    };
    let problems = crate::model::validate(&project);
    if let Some(first) = problems.first() {
        return Err(invalid(format!(
            "would give an inconsistent project ({first}{})",
            if problems.len() > 1 {
                format!(", and {} more problems", problems.len() - 1)
            } else {
                String::new()
            }
        )));
    }
    Ok(Imported { project, summary })
}

/// Reads a REFI-QDA file from disk.
pub fn read_path(path: &Path) -> Result<Imported, RefiError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| RefiError::Read {
        file: file.clone(),
        reason: crate::store::words::io(&e),
    })?;
    read_bytes(&file, &bytes)
}

/// Writes `project` to `path` as a `.qdpx`, atomically (a failed write leaves no half file).
pub fn write_path(project: &Project, path: &Path) -> Result<(), RefiError> {
    let file = path.display().to_string();
    let bytes = write::qdpx(project).map_err(|reason| RefiError::Write {
        file: file.clone(),
        reason,
    })?;
    crate::store::write_atomic(path, &bytes).map_err(|e| RefiError::Write {
        file,
        reason: crate::store::words::io(&e),
    })
}

/// Plans adding an imported project to `project` as ONE edit: its documents, codes, codings
/// and themes come in as new items with fresh ids (so importing the same file twice cannot
/// clash); coders and participants are matched by name and added when new.
pub fn plan_merge(project: &Project, imported: &Project) -> Edit {
    let mut edits = Vec::new();
    let mut coders: BTreeMap<CoderId, CoderId> = BTreeMap::new();
    for c in &imported.coders {
        let id = match project.coder_by_name(&c.name) {
            Some(existing) => existing.id,
            None => {
                let id = CoderId::new();
                edits.push(Edit::InsertCoder {
                    index: project.coders.len() + edits.len(),
                    coder: crate::model::Coder {
                        id,
                        name: c.name.clone(),
                        machine: String::new(),
                    },
                });
                id
            }
        };
        coders.insert(c.id, id);
    }
    let mut added = 0;
    for x in &imported.participants {
        if project.participant(&x.name).is_none() {
            edits.push(Edit::InsertParticipant {
                index: project.participants.len() + added,
                participant: Participant {
                    name: x.name.clone(),
                    interviewer: x.interviewer,
                    attributes: x.attributes.clone(),
                },
            });
            added += 1;
        }
    }
    let docs: BTreeMap<DocId, DocId> = imported
        .documents
        .iter()
        .map(|d| (d.id, DocId::new()))
        .collect();
    let codes: BTreeMap<CodeId, CodeId> = imported
        .codes
        .iter()
        .map(|c| (c.id, CodeId::new()))
        .collect();
    let codings: BTreeMap<CodingId, CodingId> = imported
        .codings
        .keys()
        .map(|id| (*id, CodingId::new()))
        .collect();
    let themes: BTreeMap<ThemeId, ThemeId> = imported
        .themes
        .iter()
        .map(|t| (t.id, ThemeId::new()))
        .collect();
    for (k, d) in imported.documents.iter().enumerate() {
        let mut d = crate::model::Document::clone(d);
        d.id = docs.get(&d.id).copied().unwrap_or_default();
        edits.push(Edit::InsertDocument {
            index: project.documents.len() + k,
            document: std::sync::Arc::new(d),
        });
    }
    // Parents first, so each code's parent exists when it is inserted.
    let mut order: Vec<&crate::model::Code> = Vec::new();
    let mut pending: Vec<&crate::model::Code> = imported.codes.iter().collect();
    while !pending.is_empty() {
        let before = pending.len();
        pending.retain(|c| {
            let ready = c.parent.is_none_or(|p| order.iter().any(|o| o.id == p));
            if ready {
                order.push(c);
            }
            !ready
        });
        if pending.len() == before {
            order.append(&mut pending);
        }
    }
    for (k, c) in order.into_iter().enumerate() {
        let mut c = c.clone();
        c.id = codes.get(&c.id).copied().unwrap_or_default();
        c.parent = c.parent.and_then(|p| codes.get(&p).copied());
        c.shortcut = None;
        edits.push(Edit::InsertCode {
            index: project.codes.len() + k,
            code: c,
        });
    }
    for c in imported.codings.values() {
        let mut c = c;
        c.id = codings.get(&c.id).copied().unwrap_or_default();
        c.document = docs.get(&c.document).copied().unwrap_or_default();
        c.code = codes.get(&c.code).copied().unwrap_or_default();
        c.coder = coders.get(&c.coder).copied().unwrap_or(c.coder);
        edits.push(Edit::AddCoding(c));
    }
    let mut theme_order: Vec<&crate::model::Theme> = Vec::new();
    let mut pending: Vec<&crate::model::Theme> = imported.themes.iter().collect();
    while !pending.is_empty() {
        let before = pending.len();
        pending.retain(|t| {
            let ready = t
                .parent
                .is_none_or(|p| theme_order.iter().any(|o| o.id == p));
            if ready {
                theme_order.push(t);
            }
            !ready
        });
        if pending.len() == before {
            theme_order.append(&mut pending);
        }
    }
    for (k, t) in theme_order.into_iter().enumerate() {
        let mut t = t.clone();
        t.id = themes.get(&t.id).copied().unwrap_or_default();
        t.parent = t.parent.and_then(|p| themes.get(&p).copied());
        t.codes = t
            .codes
            .iter()
            .filter_map(|c| codes.get(c).copied())
            .collect();
        t.exemplars = t
            .exemplars
            .iter()
            .filter_map(|c| codings.get(c).copied())
            .collect();
        edits.push(Edit::InsertTheme {
            index: project.themes.len() + k,
            theme: t,
        });
    }
    Edit::Batch(edits)
}

#[cfg(test)]
mod tests;
