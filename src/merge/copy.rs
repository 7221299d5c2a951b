//! File > Merge in a copy…: another copy of the open project merged in as one undo step, with
//! the common base rebuilt from the audit trail both copies share (see [`super::base`]), or a
//! two-way merge by ids when there is none.

use crate::edit::{Edit, History};
use crate::model::{Project, Timestamp, TrailEntry};
use crate::store;
use std::path::Path;

/// A merge worked out (off the window's thread) and ready to apply.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The copy's file name.
    pub name: String,
    /// The edit from the project as it was to the merge; empty when nothing came in.
    pub edit: Edit,
    /// The copy's trail entries the project lacks.
    pub entries: Vec<TrailEntry>,
    /// What the report says: how the base was found, what came in, conflicts.
    pub lines: Vec<String>,
}

/// Merges the copy at `path` into `project` as one step of `history` (made by `user`), with the
/// copy's audit trail joining the project's; the report's title and lines for the user.
pub fn merge_in(
    project: &mut Project,
    history: &mut History,
    user: &str,
    ours: Option<&Path>,
    path: &Path,
) -> Result<(String, Vec<String>), String> {
    let prepared = prepare(project, ours, path)?;
    apply(project, history, user, prepared)
}

/// Reads the copy at `path` and works out its merge into `project` (which is only read), saved at
/// `ours` if it has a file: both copies' whole trails (their trail files joined to the steps
/// their project files keep) find the state they last shared.
pub fn prepare(project: &Project, ours: Option<&Path>, path: &Path) -> Result<Prepared, String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let copy = store::load_with_trail(path).map_err(|e| e.to_string())?;
    let whole;
    let project = match ours {
        Some(ours) if store::trail::path_for(ours).exists() => {
            let mut p = project.clone();
            p.trail = store::trail::full(ours, &project.trail)
                .map_err(|e| e.to_string())?
                .entries;
            whole = p;
            &whole
        }
        _ => project,
    };
    let (base, found) = super::find_base(project, &copy);
    let opts = super::Options {
        ours_from: "this project".into(),
        theirs_from: name.clone(),
        now: Timestamp::now(),
    };
    let merged = super::merge(base.as_ref(), project, &copy, &opts);
    let mut lines = Vec::new();
    lines.push(match &found {
        super::base::Found::Rebuilt { undone, shared } => format!(
            "Three-way merge: the copies share {shared} recorded steps; the state they last \
             shared was rebuilt by undoing {undone} later steps."
        ),
        super::base::Found::NoSharedHistory => "The copies share no recorded history, so they \
             were merged two-way by ids: everything either holds is kept, and what differs is \
             listed as a conflict."
            .to_owned(),
        super::base::Found::CannotUndo(why) => format!(
            "No common state could be rebuilt ({why}), so the copies were merged two-way by \
             ids: everything either holds is kept, and what differs is listed as a conflict."
        ),
    });
    let came = super::came_in(project, &merged.project);
    let edit = super::plan(project, &merged.project);
    let new_entries: Vec<_> = {
        let known: std::collections::HashSet<_> = project.trail.iter().map(|e| e.id).collect();
        merged
            .project
            .trail
            .iter()
            .filter(|e| !known.contains(&e.id))
            .cloned()
            .collect()
    };
    if came.is_empty() {
        lines.push("Nothing new came in.".into());
    } else {
        lines.push("Came in:".into());
        lines.extend(came.into_iter().map(|l| format!("  {l}")));
    }
    lines.push(format!(
        "{} steps of the copy's history joined this one's.",
        new_entries.len()
    ));
    if merged.unified_documents > 0 {
        lines.push(format!(
            "{} documents imported in both copies were recognised as the same transcript.",
            merged.unified_documents
        ));
    }
    if merged.conflicts > 0 {
        lines.push(format!(
            "{} conflicts to resolve: see Edit > Conflicts.",
            merged.conflicts
        ));
    }
    lines.push("Undo (Ctrl+Z) takes the whole merge back.".into());
    Ok(Prepared {
        name,
        edit,
        entries: new_entries,
        lines,
    })
}

/// Applies a prepared merge to `project` (as it was when prepared) as one step of `history`;
/// the report's title and lines.
pub fn apply(
    project: &mut Project,
    history: &mut History,
    user: &str,
    prepared: Prepared,
) -> Result<(String, Vec<String>), String> {
    let Prepared {
        name,
        edit,
        entries,
        mut lines,
    } = prepared;
    if edit.is_noop() && entries.is_empty() {
        lines.truncate(1);
        lines.push(format!("{name} holds nothing this project lacks."));
        return Ok((format!("Nothing new in {name}"), lines));
    }
    if !edit.is_noop() {
        history
            .apply(project, edit, format!("Merge in {name}"), user)
            .map_err(|e| format!("The merge could not be applied: {e}."))?;
    }
    // The copy's history joins this one's, after it (the trail file is only ever appended to;
    // the history window and `gloss log` order steps by time).
    let known: std::collections::HashSet<_> = project.trail.iter().map(|e| e.id).collect();
    project
        .trail
        .extend(entries.into_iter().filter(|e| !known.contains(&e.id)));
    Ok((format!("Merged in {name}"), lines))
}
