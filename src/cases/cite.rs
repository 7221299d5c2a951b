//! Naming a quote's speaker, the one place reports and copied citations go through. When the
//! project sets a quote attribution (`Settings::quote_attribution`: participant attributes, in
//! order), a speaker is named by those attributes' values ("nurse, Northside, round 1") instead of
//! by name, as qualitative papers attribute quotes. A number or date attribute is written with
//! its name ("round 1"); text and choices stand alone ("nurse"). A speaker who has none of the
//! chosen attributes is named "participant" (never by name: the attribution protects identities);
//! an interviewer is named "interviewer".

use super::plan;
use crate::model::{AttributeKind, AttributeOf, Document, Project, TextRange};

/// Does the project name speakers by attributes?
pub fn attributes_name_speakers(project: &Project) -> bool {
    !project.settings.quote_attribution.is_empty()
}

/// How to name `speaker` (`None`: a turn without a speaker) in a quote's attribution.
pub fn speaker(project: &Project, speaker: Option<&str>) -> String {
    let Some(name) = speaker.map(str::trim).filter(|s| !s.is_empty()) else {
        return "Unattributed".into();
    };
    let chosen = &project.settings.quote_attribution;
    if chosen.is_empty() {
        return name.to_owned();
    }
    let Some(p) = project.participant(name) else {
        return "participant".into();
    };
    if p.interviewer {
        return "interviewer".into();
    }
    let parts: Vec<String> = chosen
        .iter()
        .filter_map(|attr| {
            let v = p.attributes.get(attr)?.trim();
            if v.is_empty() {
                return None;
            }
            Some(
                match plan::kind_of(project, AttributeOf::Participant, attr) {
                    AttributeKind::Number | AttributeKind::Date => format!("{attr} {v}"),
                    _ => v.to_owned(),
                },
            )
        })
        .collect();
    if parts.is_empty() {
        "participant".into()
    } else {
        parts.join(", ")
    }
}

/// A passage with its citation, as copied from the reading pane:
/// `“…” (Title, ¶3, Speaker, 00:01:02)`, or `(Title, ¶3–5)` when it spans paragraphs. The
/// speaker is named through [`speaker`].
pub fn passage(project: &Project, doc: &Document, range: TextRange) -> String {
    let starts = doc.turn_starts();
    let first = starts
        .partition_point(|s| *s <= range.start)
        .saturating_sub(1);
    let last = starts
        .partition_point(|s| *s < range.end)
        .saturating_sub(1)
        .max(first);
    let mut parts = vec![doc.title.clone()];
    if first == last {
        parts.push(format!("¶{}", first + 1));
        if let Some(t) = doc.turns().get(first) {
            if let Some(s) = &t.speaker {
                parts.push(speaker(project, Some(s)));
            }
            if let Some(time) = &t.time {
                parts.push(time.to_string());
            }
        }
    } else {
        parts.push(format!("¶{}–{}", first + 1, last + 1));
        if let Some(time) = doc.turns().get(first).and_then(|t| t.time.as_ref()) {
            parts.push(time.to_string());
        }
    }
    format!("“{}” ({})", doc.slice(range), parts.join(", "))
}
