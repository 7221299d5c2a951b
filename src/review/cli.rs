//! `gloss snapshot`, `gloss diff` and the review figures of `gloss info --json` (wired up in
//! [`crate::cli`]).

use super::{comments, snapshot};
use crate::model::Project;
use crate::{edit, store};
use std::path::Path;

/// `comments`, `open_comments`, `snapshots` (labels) and `signoffs` for `gloss info --json`.
pub fn info_fields(project: &Project) -> serde_json::Map<String, serde_json::Value> {
    let threads = comments::threads(project);
    let mut m = serde_json::Map::new();
    m.insert("comments".into(), project.comments.len().into());
    m.insert(
        "open_comments".into(),
        threads.iter().filter(|t| t.is_open()).count().into(),
    );
    m.insert("snapshots".into(), snapshot::labels(project).into());
    m.insert("signoffs".into(), project.signoffs.len().into());
    m
}

fn known(project: &Project) -> String {
    let labels = snapshot::labels(project);
    if labels.is_empty() {
        "the project has no snapshots yet (take one with `gloss snapshot PATH --name LABEL`)"
            .to_owned()
    } else {
        format!(
            "the snapshots are: {}",
            labels
                .iter()
                .map(|l| format!("\"{l}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// `gloss snapshot PATH --name LABEL`: stores the tree now under LABEL, one line of output.
pub fn snapshot(path: &Path, label: &str) -> Result<(), String> {
    if let Some(holder) = store::lock_holder(path) {
        return Err(format!(
            "{} is open in {holder}; take the snapshot there, or close it first (nothing was \
             changed)",
            path.display()
        ));
    }
    let mut project = store::open(path).map_err(|e| e.to_string())?.project;
    let user = crate::system_user_name();
    let e = snapshot::take(&project, label, &user)
        .map_err(|m| format!("{}: {m} (nothing was changed)", path.display()))?;
    edit::apply_logged(&mut project, e, &format!("Take snapshot “{label}”"), &user)
        .map_err(|e| e.to_string())?;
    store::save(&project, path).map_err(|e| e.to_string())?;
    println!(
        "snapshot \"{}\" of {} themes and {} codes added to {}",
        label.trim(),
        project.themes.len(),
        project.codes.len(),
        path.display()
    );
    Ok(())
}

/// `gloss diff PATH --from LABEL [--to LABEL] [--json]`: the changes as Markdown or JSON.
pub fn diff(path: &Path, from: &str, to: Option<&str>, json: bool) -> Result<(), String> {
    let project = store::load(path).map_err(|e| e.to_string())?;
    let find = |label: &str| {
        snapshot::find(&project, label).ok_or_else(|| {
            format!(
                "{}: no snapshot is labelled \"{label}\"; {}",
                path.display(),
                known(&project)
            )
        })
    };
    let old = find(from)?;
    let now;
    let (new, to_label) = match to {
        Some(l) => {
            let s = find(l)?;
            (s, format!("“{}”", s.label))
        }
        None => {
            now = super::current(&project);
            (&now, "now".to_owned())
        }
    };
    let d = super::diff::diff(old, new);
    if json {
        let v = serde_json::json!({
            "from": old.label,
            "to": to.map(|_| new.label.clone()),
            "changes": d.changes,
        });
        println!("{v}");
    } else {
        print!(
            "{}",
            super::diff::to_markdown(&d, &format!("“{}”", old.label), &to_label)
        );
    }
    Ok(())
}
