//! Snapshots: the codebook and theme tree under a label, with their counts read from the
//! project's tally, to compare review rounds.

use crate::edit::Edit;
use crate::model::{Count, Evidence, Project, Snapshot, SnapshotId, Timestamp};

fn count(e: Evidence) -> Count {
    Count {
        codings: e.codings,
        documents: e.documents,
        participants: e.participants,
    }
}

/// The tree as it stands now, as a snapshot without a label (what a diff "to now" compares
/// with). Counts come from the kept tally (a lookup per code and theme).
pub fn current(project: &Project) -> Snapshot {
    Snapshot {
        id: SnapshotId::from_u128(0),
        label: String::new(),
        taken: Timestamp::now(),
        author: crate::model::CoderId::from_u128(0),
        codes: project.codes.clone(),
        themes: project.themes.clone(),
        code_counts: project
            .codes
            .iter()
            .map(|c| (c.id, count(crate::query::counts_for_code(project, c.id))))
            .collect(),
        theme_counts: project
            .themes
            .iter()
            .map(|t| (t.id, count(crate::query::counts_for_theme(project, t.id))))
            .collect(),
    }
}

/// The snapshot with `label` (labels are compared without surrounding spaces, ignoring case).
pub fn find<'a>(project: &'a Project, label: &str) -> Option<&'a Snapshot> {
    let label = label.trim();
    project
        .snapshots
        .iter()
        .find(|s| s.label.trim().eq_ignore_ascii_case(label))
}

/// The labels of the project's snapshots, oldest first.
pub fn labels(project: &Project) -> Vec<String> {
    project.snapshots.iter().map(|s| s.label.clone()).collect()
}

/// The themes of a tree in display order (each group followed by what it holds, list order
/// kept) with their depth. Themes whose parent is missing (or in a cycle) are listed at the top
/// level, so none is hidden.
pub fn tree_order(themes: &[crate::model::Theme]) -> Vec<(&crate::model::Theme, usize)> {
    use crate::model::ThemeId;
    use std::collections::BTreeSet;
    let ids: BTreeSet<ThemeId> = themes.iter().map(|t| t.id).collect();
    let mut out = Vec::with_capacity(themes.len());
    let mut seen: BTreeSet<ThemeId> = BTreeSet::new();
    fn walk<'a>(
        themes: &'a [crate::model::Theme],
        parent: Option<ThemeId>,
        depth: usize,
        seen: &mut BTreeSet<ThemeId>,
        out: &mut Vec<(&'a crate::model::Theme, usize)>,
    ) {
        for t in themes.iter().filter(|t| t.parent == parent) {
            if seen.insert(t.id) {
                out.push((t, depth));
                walk(themes, Some(t.id), depth + 1, seen, out);
            }
        }
    }
    walk(themes, None, 0, &mut seen, &mut out);
    for t in themes {
        if !seen.contains(&t.id) && t.parent.is_some_and(|p| !ids.contains(&p) || p == t.id) {
            seen.insert(t.id);
            out.push((t, 0));
            walk(themes, Some(t.id), 1, &mut seen, &mut out);
        }
    }
    for t in themes {
        if seen.insert(t.id) {
            out.push((t, 0));
        }
    }
    out
}

/// The edit that stores the tree now under `label`, taken by `author` (added to the project's
/// people when new). Refused with a sentence for an empty label or one already in use.
pub fn take(project: &Project, label: &str, author: &str) -> Result<Edit, String> {
    let label = label.trim();
    if label.is_empty() {
        return Err("a snapshot needs a label, such as \"Round 1 review\"".to_owned());
    }
    if let Some(s) = find(project, label) {
        return Err(format!(
            "a snapshot labelled \"{}\" already exists (taken {}); choose another label",
            s.label,
            super::date(s.taken)
        ));
    }
    let (author, add_coder) = crate::edit::ops::ensure_coder(project, author);
    let mut snap = current(project);
    snap.id = SnapshotId::new();
    snap.label = label.to_owned();
    snap.author = author;
    let mut edits: Vec<Edit> = add_coder.into_iter().collect();
    edits.push(Edit::PutSnapshot {
        id: snap.id,
        value: Some(Box::new(snap)),
        at: None,
    });
    Ok(Edit::Batch(edits))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_is_taken_once() {
        let mut p = crate::testing::fixture();
        let e = take(&p, "Round 1", "Sup").unwrap_or_else(|e| panic!("{e}"));
        crate::edit::apply(&mut p, e).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(labels(&p), vec!["Round 1".to_owned()]);
        let s = &p.snapshots[0];
        assert_eq!(s.themes, p.themes);
        let calm = p.codes[0].id;
        assert_eq!(s.code_counts.get(&calm).map(|c| c.codings), Some(1));
        // Snapshot then diff with now: nothing changed.
        assert!(crate::review::diff(s, &current(&p)).is_empty());
        let mut later = p.clone();
        let code = later.codes[1].id;
        let theme = later.themes[1].id;
        if let Some(e) = crate::edit::ops::add_code_to_theme(&later, theme, code) {
            crate::edit::apply(&mut later, e).unwrap_or_else(|e| panic!("{e}"));
        }
        let d = crate::review::diff(&later.snapshots[0], &current(&later));
        assert_eq!(
            d.changes.iter().map(|c| c.sentence()).collect::<Vec<_>>(),
            vec!["“Calm clinic”: codes in: Sleep".to_owned()]
        );
        let Err(msg) = take(&p, " round 1 ", "Sup") else {
            panic!("a duplicate label was accepted");
        };
        assert!(msg.contains("already exists"), "{msg}");
        assert!(take(&p, "  ", "Sup").is_err());
    }
}
