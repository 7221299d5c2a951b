//! Explicit upgrades from older project formats to [`super::FORMAT_VERSION`]. Each step takes the
//! project as the older format describes it and fills in what the newer format adds, so nothing is
//! left to serde defaults by accident. Opening an older file keeps a copy of the original bytes
//! (see [`original_copy_path`]) before the upgraded project can ever be saved over it.

use crate::model::{AttributeDef, AttributeKind, AttributeOf, Participant, Project};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Brings a project read from a `from`-version file up to the current format. Returns the steps
/// taken, for the status line.
pub fn upgrade(mut project: Project, from: u32) -> (Project, Vec<String>) {
    let mut steps = Vec::new();
    if from < 2 {
        steps.push(v1_to_v2(&mut project));
    }
    if from < 3 {
        steps.push(v2_to_v3(&mut project));
    }
    (project, steps)
}

/// Format 2 added participants, document attributes, code criteria and memos, theme status,
/// memos and exemplars. Everything but participants starts empty; participants are the distinct
/// speakers of the transcripts, interviewers marked as such.
fn v1_to_v2(p: &mut Project) -> String {
    let mut seen: BTreeSet<String> = p.participants.iter().map(|x| x.name.clone()).collect();
    let mut added = 0;
    for d in &p.documents {
        for t in d.turns() {
            let Some(name) = t.speaker.as_deref() else {
                continue;
            };
            if seen.insert(name.to_owned()) {
                p.participants.push(Participant {
                    name: name.to_owned(),
                    interviewer: name.to_lowercase().starts_with("interviewer"),
                    attributes: Default::default(),
                });
                added += 1;
            }
        }
    }
    format!("format 1 to 2: listed {added} participants from the transcripts' speakers")
}

/// Format 3 added attribute types, memos and the journal, review comments, sign-offs,
/// snapshots, saved queries, merge conflicts, project settings, the audit trail, and the machine
/// a coder was created on. A format 2 project has none of them, so each starts empty, except the
/// attribute declarations: every attribute name in use on a participant or a document is declared
/// as a text attribute, so the attribute tables show the columns the project already has.
fn v2_to_v3(p: &mut Project) -> String {
    let mut declared: BTreeSet<(AttributeOf, String)> = p
        .attributes
        .iter()
        .map(|a| (a.of, a.name.clone()))
        .collect();
    let in_use = p
        .participants
        .iter()
        .flat_map(|x| {
            x.attributes
                .keys()
                .map(|k| (AttributeOf::Participant, k.clone()))
        })
        .chain(p.documents.iter().flat_map(|d| {
            d.attributes
                .keys()
                .map(|k| (AttributeOf::Document, k.clone()))
                .collect::<Vec<_>>()
        }))
        .collect::<BTreeSet<_>>();
    let mut added = 0;
    for (of, name) in in_use {
        if declared.insert((of, name.clone())) {
            p.attributes.push(AttributeDef {
                name,
                of,
                kind: AttributeKind::Text,
            });
            added += 1;
        }
    }
    format!(
        "format 2 to 3: room for comments, sign-offs, snapshots, memos and the audit trail; \
         declared {added} attributes in use as text"
    )
}

/// Where the original of a migrated file is kept: `NAME.v1.gloss.bak` beside `NAME.gloss`.
pub fn original_copy_path(path: &Path, version: u32) -> PathBuf {
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "project".to_owned());
    path.with_file_name(format!("{name}.v{version}.gloss.bak"))
}

/// Copies the original file before it is ever overwritten by the upgraded format. An existing
/// copy is left alone (it is the oldest original).
pub fn keep_original(path: &Path, version: u32) -> std::io::Result<PathBuf> {
    let copy = original_copy_path(path, version);
    if !copy.exists() {
        let bytes = std::fs::read(path)?;
        super::write_atomic(&copy, &bytes)?;
    }
    Ok(copy)
}
