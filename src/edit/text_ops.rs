//! Planning text edits as the user asks for them: typed or pasted text is cleaned, ranges are
//! snapped to grapheme boundaries, and a deletion that would remove a coding's whole passage is
//! planned with the coding's removal first (after the caller has shown [`TextPlan::lost`] to the
//! user). Speakers are renamed, merged and split here too.

use super::Edit;
use super::text::{Changes, TextChange};
use crate::model::{
    Anchor, CodingId, CommentId, DocId, Document, Participant, Project, TextRange, ThemeId,
};

/// Text the user typed or pasted, made fit for a transcript.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Cleaned {
    pub text: String,
    /// What was changed, for the user (`None`: nothing).
    pub note: Option<String>,
}

/// Cleans typed or pasted text for one paragraph: line breaks and tabs become spaces; NUL, other
/// control characters and the replacement character left by a bad encoding (a lone surrogate)
/// are dropped, and the note says so.
pub fn clean_input(s: &str) -> Cleaned {
    let mut text = String::with_capacity(s.len());
    let (mut breaks, mut dropped, mut bad) = (0usize, 0usize, 0usize);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => {
                breaks += 1;
                text.push(' ');
            }
            '\t' => text.push(' '),
            '\u{FFFD}' => bad += 1,
            c if c.is_control() => dropped += 1,
            c => text.push(c),
        }
    }
    let mut notes = Vec::new();
    if breaks > 0 {
        notes.push(format!(
            "{breaks} line break{} became spaces (split the paragraph to start a new one)",
            plural(breaks)
        ));
    }
    if dropped > 0 {
        notes.push(format!(
            "{dropped} control character{} left out",
            plural(dropped)
        ));
    }
    if bad > 0 {
        notes.push(format!(
            "{bad} unreadable character{} (from a bad encoding) left out",
            plural(bad)
        ));
    }
    Cleaned {
        text,
        note: (!notes.is_empty()).then(|| notes.join("; ")),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A planned text edit and what it takes away.
#[derive(Clone, Debug)]
pub struct TextPlan {
    pub edit: Edit,
    /// Codings whose whole passage the change removes (removed first, in the same step).
    pub lost: Vec<CodingId>,
    /// Exemplar quotes that go with them.
    pub exemplars: Vec<(ThemeId, CodingId)>,
    /// Comments anchored to them, which stay but lose their passage.
    pub comments: Vec<CommentId>,
}

impl TextPlan {
    /// Does the plan remove anything the user should agree to first?
    pub fn needs_confirmation(&self) -> bool {
        !self.lost.is_empty()
    }

    /// What goes, in the user's words ("2 codings (Calm: "we met"), 1 exemplar quote, ...").
    pub fn describe_loss(&self, project: &Project) -> String {
        let mut parts = Vec::new();
        let names: Vec<String> = self
            .lost
            .iter()
            .filter_map(|id| {
                let c = project.codings.get(id)?;
                let code = project.code(c.code).map_or("?", |c| c.name.as_str());
                let text = project
                    .document(c.document)
                    .map(|d| d.slice(c.range))
                    .unwrap_or_default();
                Some(format!("{code}: \u{201c}{}\u{201d}", short(&text)))
            })
            .collect();
        parts.push(format!(
            "{} coding{} ({})",
            self.lost.len(),
            plural(self.lost.len()),
            names.join(", ")
        ));
        if !self.exemplars.is_empty() {
            parts.push(format!(
                "{} exemplar quote{}",
                self.exemplars.len(),
                plural(self.exemplars.len())
            ));
        }
        if !self.comments.is_empty() {
            parts.push(format!(
                "{} comment{} lose{} {} passage",
                self.comments.len(),
                plural(self.comments.len()),
                if self.comments.len() == 1 { "s" } else { "" },
                if self.comments.len() == 1 {
                    "its"
                } else {
                    "their"
                }
            ));
        }
        parts.join("; ")
    }
}

fn short(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out.replace('\n', " ")
}

/// The edits removing `lost` codings with their exemplars, and the exemplars and comments.
#[allow(clippy::type_complexity)]
fn removals(
    project: &Project,
    lost: &[CodingId],
) -> (Vec<Edit>, Vec<(ThemeId, CodingId)>, Vec<CommentId>) {
    let mut edits = Vec::new();
    let mut exemplars = Vec::new();
    for t in &project.themes {
        for c in t.exemplars.iter().filter(|c| lost.contains(c)) {
            exemplars.push((t.id, *c));
            edits.push(Edit::RemoveExemplar {
                theme: t.id,
                coding: *c,
            });
        }
    }
    edits.extend(lost.iter().map(|id| Edit::RemoveCoding(*id)));
    let comments = project
        .comments
        .iter()
        .filter(|c| matches!(c.anchor, Anchor::Coding(id) if lost.contains(&id)))
        .map(|c| c.id)
        .collect();
    (edits, exemplars, comments)
}

/// Codings of `doc` that a change set leaves empty.
fn emptied(project: &Project, doc: DocId, ops: &Changes) -> Vec<CodingId> {
    let mut out: Vec<CodingId> = match project.tally() {
        Some(_) => project
            .codings
            .in_document(doc)
            .filter(|c| ops.map_range(c.range).is_empty())
            .map(|c| c.id)
            .collect(),
        None => project
            .codings
            .values()
            .filter(|c| c.document == doc && ops.map_range(c.range).is_empty())
            .map(|c| c.id)
            .collect(),
    };
    out.sort_unstable();
    out
}

fn plan_with(project: &Project, doc: DocId, ops: &Changes, edit: Edit) -> TextPlan {
    let lost = emptied(project, doc, ops);
    let (mut edits, exemplars, comments) = removals(project, &lost);
    let edit = if edits.is_empty() {
        edit
    } else {
        edits.push(edit);
        Edit::Batch(edits)
    };
    TextPlan {
        edit,
        lost,
        exemplars,
        comments,
    }
}

/// Snaps a change's range to grapheme boundaries inside its turn; `None` if it lies outside the
/// document or crosses a paragraph break.
pub fn snap_change(doc: &Document, range: TextRange) -> Option<TextRange> {
    let (turn, _) = doc.locate(range.start)?;
    let (ts, te) = doc.turn_range(turn)?;
    if range.end > te {
        return None;
    }
    let text = &doc.turns()[turn].text;
    let start = ts + crate::model::snap_back(text, range.start - ts);
    // A caret (an insertion) stays a caret, before the cluster it fell in.
    let end = if range.is_empty() {
        start
    } else {
        ts + crate::model::snap_forward(text, range.end - ts)
    };
    Some(TextRange { start, end })
}

/// Plans replacing `range` of document `doc` with `text` (typing, deleting, pasting): the text
/// is cleaned, the range snapped. `Err` says why nothing can be done.
pub fn replace(
    project: &Project,
    doc: DocId,
    range: TextRange,
    text: &str,
) -> Result<(TextPlan, Option<String>), String> {
    let document = project
        .document(doc)
        .ok_or("the document no longer exists")?;
    let range = snap_change(document, range)
        .ok_or("a change must stay inside one paragraph: join the paragraphs first")?;
    let cleaned = clean_input(text);
    if range.is_empty() && cleaned.text.is_empty() {
        return Err(cleaned.note.unwrap_or_else(|| "nothing to change".into()));
    }
    replace_many(
        project,
        doc,
        vec![TextChange {
            range,
            text: cleaned.text,
        }],
    )
    .map(|p| (p, cleaned.note))
}

/// Plans several replacements in one document (sorted, apart, each inside one turn).
pub fn replace_many(
    project: &Project,
    doc: DocId,
    changes: Vec<TextChange>,
) -> Result<TextPlan, String> {
    let ops = Changes::new(
        changes
            .iter()
            .map(|c| (c.range.start, c.range.end, c.text.len()))
            .collect(),
    );
    let edit = Edit::ChangeText {
        doc,
        changes,
        restore: Vec::new(),
    };
    Ok(plan_with(project, doc, &ops, edit))
}

/// Plans splitting the paragraph at `at` (snapped to a grapheme boundary); the new paragraph
/// keeps the speaker.
pub fn split(project: &Project, doc: DocId, at: usize) -> Option<Edit> {
    let document = project.document(doc)?;
    let r = snap_change(document, TextRange::new(at, at))?;
    let (turn, _) = document.locate(r.start)?;
    let speaker = document.turns()[turn].speaker.as_deref().map(str::to_owned);
    Some(Edit::SplitTurn {
        doc,
        at: r.start,
        speaker,
        time: None,
        restore: Vec::new(),
    })
}

/// Plans joining paragraph `turn + 1` onto `turn`; a coding of only the break between them goes.
pub fn join(project: &Project, doc: DocId, turn: usize) -> Option<TextPlan> {
    let document = project.document(doc)?;
    let (_, sep) = document.turn_range(turn)?;
    document.turn_range(turn + 1)?;
    let ops = Changes::new(vec![(sep, sep + 1, 0)]);
    let edit = Edit::JoinTurns {
        doc,
        turn,
        restore: Vec::new(),
    };
    Some(plan_with(project, doc, &ops, edit))
}

/// Every turn (document, index) spoken by `name`.
fn turns_of(project: &Project, name: &str) -> Vec<(DocId, usize)> {
    let mut out = Vec::new();
    for d in &project.documents {
        for (i, t) in d.turns().iter().enumerate() {
            if t.speaker.as_deref() == Some(name) {
                out.push((d.id, i));
            }
        }
    }
    out
}

/// Renames speaker `old` to `new` in every transcript. If `new` is already a participant, the
/// two are merged ("Int" into "Interviewer"): `new` keeps its attributes and takes those it
/// lacks from `old`. Comments and memos on the participant follow. `Err` says why not.
pub fn rename_speaker(project: &Project, old: &str, new: &str) -> Result<Edit, String> {
    let new = new.trim();
    if new.is_empty() {
        return Err("the new name is empty".into());
    }
    if new.contains('\n') {
        return Err("a speaker's name cannot hold a line break".into());
    }
    if old == new {
        return Err("the name is unchanged".into());
    }
    let turns = turns_of(project, old);
    let person = project.participant(old);
    if turns.is_empty() && person.is_none() {
        return Err(format!(
            "no one called \u{201c}{old}\u{201d} speaks in the project"
        ));
    }
    let mut edits: Vec<Edit> = turns
        .into_iter()
        .map(|(doc, turn)| Edit::SetTurnSpeaker {
            doc,
            turn,
            speaker: Some(new.to_owned()),
        })
        .collect();
    if let (Some(p), Some(index)) = (person, project.participant_index(old)) {
        match project.participant(new) {
            Some(target) => {
                for (k, v) in &p.attributes {
                    if !target.attributes.contains_key(k) {
                        edits.push(Edit::SetParticipantAttribute {
                            name: new.to_owned(),
                            key: k.clone(),
                            value: Some(v.clone()),
                        });
                    }
                }
                edits.push(Edit::RemoveParticipant(old.to_owned()));
            }
            None => {
                edits.push(Edit::RemoveParticipant(old.to_owned()));
                edits.push(Edit::InsertParticipant {
                    index,
                    participant: Participant {
                        name: new.to_owned(),
                        ..p.clone()
                    },
                });
            }
        }
    }
    edits.extend(reanchor(project, old, new));
    Ok(Edit::Batch(edits))
}

/// Comments and memos on participant `old`, put on `new`.
fn reanchor(project: &Project, old: &str, new: &str) -> Vec<Edit> {
    let on = |a: &Anchor| matches!(a, Anchor::Participant(n) if n == old);
    let mut edits = Vec::new();
    for c in project.comments.iter().filter(|c| on(&c.anchor)) {
        let mut c = c.clone();
        c.anchor = Anchor::Participant(new.to_owned());
        edits.push(Edit::PutComment {
            id: c.id,
            value: Some(Box::new(c)),
            at: None,
        });
    }
    for m in project.memos.iter().filter(|m| on(&m.anchor)) {
        let mut m = m.clone();
        m.anchor = Anchor::Participant(new.to_owned());
        edits.push(Edit::PutMemo {
            id: m.id,
            value: Some(Box::new(m)),
            at: None,
        });
    }
    edits
}

/// Gives the turns `turns` of document `doc` to speaker `new` (one label that was really two
/// people). A new participant copies the old speaker's attributes, for the user to correct.
pub fn split_speaker(
    project: &Project,
    doc: DocId,
    turns: &[usize],
    new: &str,
) -> Result<Edit, String> {
    let new = new.trim();
    if new.is_empty() {
        return Err("the new name is empty".into());
    }
    let document = project
        .document(doc)
        .ok_or("the document no longer exists")?;
    let mut edits = Vec::new();
    let mut old = None;
    for &i in turns {
        let t = document
            .turns()
            .get(i)
            .ok_or_else(|| format!("the document has no paragraph {}", i + 1))?;
        old = old.or(t.speaker.clone());
        edits.push(Edit::SetTurnSpeaker {
            doc,
            turn: i,
            speaker: Some(new.to_owned()),
        });
    }
    if project.participant(new).is_none()
        && let Some(p) = old.as_deref().and_then(|o| project.participant(o))
    {
        let index = project
            .participant_index(&p.name)
            .map_or(project.participants.len(), |i| i + 1);
        edits.push(Edit::InsertParticipant {
            index,
            participant: Participant {
                name: new.to_owned(),
                ..p.clone()
            },
        });
    }
    Ok(Edit::Batch(edits))
}
