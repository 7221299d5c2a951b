//! The audit trail: every step applied through [`super::History`] or [`super::apply_logged`]
//! becomes a [`TrailEntry`] (who, when, what, with the edit and its inverse as RON text), kept in
//! the project so that it is saved with it, survives reopening and merges with it.

use super::Edit;
use crate::model::{CoderId, EntryId, Project, Timestamp, TrailEntry};

/// Edits larger than this (in RON text) are recorded by their label only: an imported transcript
/// would otherwise be copied into the trail.
pub const MAX_BODY: usize = 32 * 1024;

/// The kind of change an edit makes, for filtering the trail: `document`, `code`, `theme`,
/// `coding`, `participant`, `coder`, `review`, `memo`, `query`, `attribute`, `settings`,
/// `conflict` or `project`. A batch takes the weightiest kind it holds (deleting a code with its
/// codings is a `code` change).
pub fn kind(edit: &Edit) -> &'static str {
    use Edit::*;
    match edit {
        Batch(v) => v
            .iter()
            .map(kind)
            .min_by_key(|k| KINDS.iter().position(|o| o == k).unwrap_or(KINDS.len()))
            .unwrap_or("project"),
        _ => kind_of_one(edit),
    }
}

/// The kinds of change, weightiest first.
pub const KINDS: [&str; 14] = [
    "document",
    "text",
    "code",
    "theme",
    "coding",
    "participant",
    "coder",
    "review",
    "memo",
    "query",
    "attribute",
    "settings",
    "conflict",
    "project",
];

fn kind_of_one(edit: &Edit) -> &'static str {
    use Edit::*;
    match edit {
        Batch(_) => kind(edit),
        SetProjectName(_) => "project",
        InsertDocument { .. }
        | RemoveDocument(_)
        | SetDocumentTitle { .. }
        | SetDocumentSource { .. }
        | SetDocumentAttribute { .. } => "document",
        ChangeText { .. }
        | SplitTurn { .. }
        | JoinTurns { .. }
        | SetTurnSpeaker { .. }
        | SetTurnTime { .. }
        | ReplaceTurns { .. } => "text",
        InsertParticipant { .. }
        | RemoveParticipant(_)
        | SetParticipantInterviewer { .. }
        | SetParticipantAttribute { .. } => "participant",
        InsertCoder { .. } | RemoveCoder(_) => "coder",
        InsertCode { .. } | RemoveCode(_) | SetCode { .. } | ReorderCode { .. } => "code",
        AddCoding(_) | RemoveCoding(_) | SetCodingCode { .. } | SetCodingRange { .. } => "coding",
        ReorderTheme { .. }
        | InsertTheme { .. }
        | RemoveTheme(_)
        | SetTheme { .. }
        | AddThemeCode { .. }
        | RemoveThemeCode { .. }
        | AddExemplar { .. }
        | RemoveExemplar { .. } => "theme",
        PutComment { .. } | PutSignOff { .. } | PutSnapshot { .. } => "review",
        PutMemo { .. } => "memo",
        PutQuery { .. } => "query",
        PutConflict { .. } => "conflict",
        PutAttribute { .. } => "attribute",
        SetSettings(_) => "settings",
    }
}

/// A quick upper guess of an edit's RON size, so that huge edits are never written out only to
/// be dropped.
fn rough_size(edit: &Edit) -> usize {
    match edit {
        Edit::Batch(v) => v.iter().map(rough_size).sum::<usize>() + 16,
        Edit::InsertDocument { document, .. } => document.len() + document.turns().len() * 40,
        Edit::ReplaceTurns { turns, .. } => turns.iter().map(|t| t.text.len() + 40).sum(),
        Edit::PutSnapshot { value: Some(s), .. } => 256 + (s.codes.len() + s.themes.len()) * 200,
        Edit::PutSignOff { value: Some(s), .. } => 512 + s.state.codes.len() * 40,
        _ => 256,
    }
}

/// The RON text of `edit`, or empty when it is too large to keep.
pub fn body(edit: &Edit) -> String {
    if rough_size(edit) > MAX_BODY {
        return String::new();
    }
    match ron::to_string(edit) {
        Ok(s) if s.len() <= MAX_BODY => s,
        _ => String::new(),
    }
}

/// The edit recorded in an entry's text (`None` when it was left out or cannot be read).
pub fn edit_of(text: &str) -> Option<Edit> {
    if text.is_empty() {
        return None;
    }
    ron::from_str(text).ok()
}

/// The coder id recorded for `author`: the project's coder of that name, or the nil id for a
/// name the project does not know (the name is kept with the entry either way).
pub fn coder_for(project: &Project, author: &str) -> CoderId {
    project
        .coder_by_name(author)
        .map_or(CoderId::from_u128(0), |c| c.id)
}

/// Appends an entry for a step that applied `change` (undone by `undo`); returns its id.
pub fn record(
    project: &mut Project,
    change: &Edit,
    undo: &Edit,
    label: &str,
    author: &str,
    time: Timestamp,
) -> EntryId {
    // Strictly after the last entry, so ordering a merged trail by time keeps each copy's steps
    // in the order they were applied (two steps can fall in one millisecond).
    let time = match project.trail.last() {
        Some(last) if last.time >= time => Timestamp(last.time.0 + 1),
        _ => time,
    };
    // Pseudonymising (and undoing or redoing it) must leave no real name in the file: its own
    // step keeps only its label, and earlier steps that carry transcript text lose their bodies.
    let private = ["Pseudonymise", "Undo: Pseudonymise", "Redo: Pseudonymise"]
        .iter()
        .any(|p| label.starts_with(p));
    if private {
        scrub_text(project);
    }
    let what = kind(change);
    let (change, undo) = if private {
        (String::new(), String::new())
    } else {
        (body(change), body(undo))
    };
    let entry = TrailEntry::new(
        time,
        coder_for(project, author),
        author,
        label,
        what,
        change,
        undo,
    );
    let id = entry.id;
    project.trail.push(entry);
    id
}

/// Empties the recorded edits of the steps that may hold transcript text or names (text,
/// document and participant changes), keeping who, when and what (the label).
pub fn scrub_text(project: &mut Project) {
    for e in &mut project.trail {
        if e.carries_text() {
            *e = e.bare();
        }
    }
}

/// Midnight UTC of a `YYYY-MM-DD` date (a full `YYYY-MM-DDTHH:MM:SSZ` instant is read too).
pub fn parse_date(s: &str) -> Option<Timestamp> {
    let s = s.trim();
    let (date, time) = match s.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t.trim_end_matches('Z'))),
        None => (s, None),
    };
    let mut parts = date.split('-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut secs = days_from_civil(y, m, d) * 86_400;
    if let Some(t) = time {
        let mut hms = t.split(':');
        let h: i64 = hms.next()?.parse().ok()?;
        let mi: i64 = hms.next().unwrap_or("0").parse().ok()?;
        let se: i64 = hms.next().unwrap_or("0").parse().ok()?;
        secs += h * 3600 + mi * 60 + se;
    }
    Some(Timestamp(secs * 1000))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The entries that pass a filter: since a time, by an author (name, case-insensitive), of a
/// kind. Oldest first.
pub fn filtered<'a>(
    trail: &'a [TrailEntry],
    since: Option<Timestamp>,
    author: Option<&'a str>,
    kind: Option<&'a str>,
) -> impl Iterator<Item = &'a TrailEntry> + 'a {
    trail.iter().filter(move |e| {
        since.is_none_or(|t| e.time >= t)
            && author.is_none_or(|a| e.author.eq_ignore_ascii_case(a.trim()))
            && kind.is_none_or(|k| &*e.kind == k)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{History, ops};
    use crate::testing::fixture;

    #[test]
    fn dates_read_back_as_written() {
        for ms in [0, 951_782_400_000, 1_795_000_000_000] {
            let t = Timestamp(ms);
            let iso = t.to_iso8601();
            assert_eq!(parse_date(&iso), Some(t), "{iso}");
        }
        assert_eq!(parse_date("2000-02-29"), Some(Timestamp(951_782_400_000)));
        assert_eq!(parse_date("2000-13-01"), None);
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn every_step_is_recorded_with_its_edit_and_inverse() {
        let mut p = fixture();
        let before = p.trail.len();
        let mut h = History::new_saved();
        let code = p.codes[0].id;
        let Some(e) = ops::bind_key(&p, code, Some(3)) else {
            panic!("bind_key planned nothing")
        };
        h.apply(&mut p, e.clone(), "Bind key", "tester")
            .unwrap_or_else(|e| panic!("{e}"));
        let _ = h.undo(&mut p).unwrap_or_else(|e| panic!("{e}"));
        let _ = h.redo(&mut p).unwrap_or_else(|e| panic!("{e}"));
        let new = &p.trail[before..];
        assert_eq!(new.len(), 3);
        assert_eq!(&*new[0].label, "Bind key");
        assert_eq!(&*new[1].label, "Undo: Bind key");
        assert_eq!(&*new[2].label, "Redo: Bind key");
        assert_eq!(&*new[0].kind, "code");
        assert_eq!(&*new[0].author, "tester");
        assert_eq!(edit_of(&new[0].change), Some(e.clone()));
        assert_eq!(edit_of(&new[1].undo), Some(e));
        assert!(new.windows(2).all(|w| w[0].time <= w[1].time));
    }

    #[test]
    fn huge_edits_keep_their_label_only() {
        let mut p = crate::model::Project::named("x");
        let text = "word ".repeat(20_000);
        let doc =
            crate::model::Document::new("Long", vec![crate::model::Turn::new(None, text.trim())]);
        let e = ops::add_document(&p, doc);
        let mut h = History::new_saved();
        h.apply(&mut p, e, "Import Long", "a")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.trail.len(), 1);
        assert_eq!(&*p.trail[0].label, "Import Long");
        assert!(p.trail[0].change.is_empty());
        assert_eq!(&*p.trail[0].kind, "document");
        // The inverse (remove the document) is small and kept.
        assert!(edit_of(&p.trail[0].undo).is_some());
    }

    #[test]
    fn logged_changes_reach_the_trail() {
        let mut p = fixture();
        let n = p.trail.len();
        let e = Edit::SetProjectName("Renamed".into());
        crate::edit::apply_logged(&mut p, e, "Rename project", "cli")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.trail.len(), n + 1);
        assert_eq!(&*p.trail[n].kind, "project");
        assert_eq!(
            filtered(&p.trail, None, Some("CLI"), Some("project")).count(),
            1
        );
    }
}
