//! The import path as it was before the speed work (commit 06abd76), kept verbatim as the
//! oracle that the equivalence property tests hold the faster code to. Text, WebVTT and SubRip
//! are read as they were; other formats are extracted by today's code (theirs did not change)
//! and split into turns the old way.

mod speakers;
mod text;
mod vtt;

use super::{BatchSettings, Body, Extracted, Format, ImportError, Imported, speakers_of};
use crate::edit::Edit;
use crate::import::speakers::Pattern;
use crate::model::{Document, Participant, Project, Turn};
use std::collections::BTreeMap;
use std::path::Path;

/// `import_bytes` as it was.
pub(super) fn import_bytes(
    name: &str,
    bytes: &[u8],
    pattern: Pattern,
) -> Result<Imported, ImportError> {
    let format = super::sniff(name, bytes).map_err(|reason| ImportError::Unsupported {
        file: name.to_owned(),
        reason,
    })?;
    let extracted = match format {
        Format::Text => text::extract(bytes),
        Format::Vtt => vtt::extract(bytes),
        Format::Srt => vtt::extract_srt(bytes),
        _ => {
            let (format, extracted) = super::extract(name, bytes)?;
            return build(name, format, &extracted, pattern);
        }
    }
    .map_err(|reason| ImportError::BadText {
        file: name.to_owned(),
        reason,
    })?;
    build(name, format, &extracted, pattern)
}

/// Splits extracted text into a document titled by the file (or by a `# Title` line).
fn build(
    name: &str,
    format: Format,
    extracted: &Extracted,
    pattern: Pattern,
) -> Result<Imported, ImportError> {
    let path = Path::new(name);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_owned());
    let (turns, used) = match &extracted.body {
        Body::Lines(lines) => {
            let (t, p) = speakers::build_turns(lines, pattern);
            (t, Some(p))
        }
        Body::Turns(t) => (t.clone(), None),
    };
    let turns: Vec<Turn> = turns
        .into_iter()
        .map(|mut t| {
            t.text = clean_line(&t.text);
            t
        })
        .filter(|t| !t.text.is_empty())
        .collect();
    if turns.is_empty() {
        return Err(ImportError::Empty {
            file: name.to_owned(),
        });
    }
    let title = extracted.title.clone().unwrap_or(stem);
    let mut document = Document::new(&title, turns);
    document.source = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    document
        .attributes
        .insert("format".to_owned(), format.name().to_owned());
    Ok(Imported {
        document,
        format,
        pattern: used,
        warnings: extracted.warnings.clone(),
    })
}

/// A turn's text holds no line breaks, no control characters and single spaces.
fn clean_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s
        .split(|c: char| c.is_whitespace() || (c.is_control() && c != '\u{200d}'))
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Plans adding `docs` to `project` as ONE edit: the speakers not yet in the project become
/// participants (interviewers marked), existing participants get the interviewer mark the user
/// chose, and the documents are appended with the batch attributes. Undoing it removes all.
pub(super) fn plan_batch(project: &Project, docs: Vec<Document>, settings: &BatchSettings) -> Edit {
    let mut edits = Vec::new();
    let mut new_names: Vec<String> = Vec::new();
    for doc in &docs {
        for name in speakers_of(doc) {
            match project.participant(&name) {
                Some(p) => {
                    let mark = settings.interviewers.contains(&name);
                    if p.interviewer != mark
                        && !edits.iter().any(|e| matches!(e, Edit::SetParticipantInterviewer { name: n, .. } if *n == name))
                    {
                        edits.push(Edit::SetParticipantInterviewer {
                            name: name.clone(),
                            interviewer: mark,
                        });
                    }
                }
                None if !new_names.contains(&name) => new_names.push(name),
                None => {}
            }
        }
    }
    for (k, name) in new_names.into_iter().enumerate() {
        edits.push(Edit::InsertParticipant {
            index: project.participants.len() + k,
            participant: Participant {
                interviewer: settings.interviewers.contains(&name),
                name,
                attributes: BTreeMap::new(),
            },
        });
    }
    for (k, mut doc) in docs.into_iter().enumerate() {
        for (key, value) in &settings.attributes {
            let (key, value) = (key.trim(), value.trim());
            if !key.is_empty() && !value.is_empty() {
                doc.attributes.insert(key.to_owned(), value.to_owned());
            }
        }
        edits.push(Edit::InsertDocument {
            index: project.documents.len() + k,
            document: std::sync::Arc::new(doc),
        });
    }
    Edit::Batch(edits)
}

/// Splits transcript text into turns (speaker pattern detected). A first line `# Title` names the
/// document.
pub(super) fn parse_transcript(default_title: &str, text: &str) -> Document {
    let mut title = default_title.to_owned();
    let mut lines: Vec<String> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if i == 0
            && let Some(t) = line.trim().strip_prefix("# ")
        {
            title = t.trim().to_owned();
            continue;
        }
        lines.push(line.to_owned());
    }
    let (turns, _) = speakers::build_turns(&lines, Pattern::Auto);
    Document::new(&title, turns)
}
