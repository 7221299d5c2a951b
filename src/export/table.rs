//! The theme table: one row per theme (sub-themes included), in theme-tree order, with its group,
//! what it involves and concerns, and its counts.

use super::text::{csv_row, md_cell};
use crate::model::{Project, ThemeId, ThemeKind};
use crate::query;

struct Row {
    group: String,
    theme: String,
    involves: String,
    concerns: String,
    codings: usize,
    documents: usize,
    participants: usize,
}

/// A theme's name with the themes above it up to its group: "Theme / Sub-theme".
pub(super) fn theme_label(project: &Project, id: ThemeId) -> String {
    let mut names = Vec::new();
    let mut at = Some(id);
    while let Some(t) = at.and_then(|i| project.theme(i)) {
        if t.kind == ThemeKind::Group || names.len() > project.themes.len() {
            break;
        }
        names.push(t.name.as_str());
        at = t.parent;
    }
    names.reverse();
    names.join(" / ")
}

fn rows(project: &Project) -> Vec<Row> {
    query::theme_tree(project)
        .into_iter()
        .filter_map(|(id, _)| project.theme(id))
        .filter(|t| t.kind == ThemeKind::Theme)
        .map(|t| {
            let counts = query::counts_for_theme(project, t.id);
            Row {
                group: query::group_of(project, t.id)
                    .and_then(|g| project.theme(g))
                    .map(|g| g.name.clone())
                    .unwrap_or_default(),
                theme: theme_label(project, t.id),
                involves: t.involves.clone(),
                concerns: t.concerns.clone(),
                codings: counts.codings,
                documents: counts.documents,
                participants: counts.participants,
            }
        })
        .collect()
}

const HEADER: [&str; 7] = [
    "Group",
    "Theme",
    "Involves",
    "Concerns",
    "Codings",
    "Documents",
    "Participants",
];

/// The theme table as a Markdown table; the group is named on its first row only.
pub fn theme_table_md(project: &Project) -> String {
    let mut out = format!("# {}: themes\n\n", md_cell(&project.name));
    out.push_str(&format!("| {} |\n", HEADER.join(" | ")));
    out.push_str("|---|---|---|---|--:|--:|--:|\n");
    let mut last_group: Option<String> = None;
    for r in rows(project) {
        let group = if last_group.as_deref() == Some(r.group.as_str()) {
            String::new()
        } else {
            md_cell(&r.group)
        };
        last_group = Some(r.group.clone());
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            group,
            md_cell(&r.theme),
            md_cell(&r.involves),
            md_cell(&r.concerns),
            r.codings,
            r.documents,
            r.participants
        ));
    }
    out
}

/// The theme table as CSV (RFC 4180, CRLF line ends), the group on every row.
pub fn theme_table_csv(project: &Project) -> String {
    let mut out = csv_row(&HEADER);
    for r in rows(project) {
        out.push_str(&csv_row(&[
            r.group,
            r.theme,
            r.involves,
            r.concerns,
            r.codings.to_string(),
            r.documents.to_string(),
            r.participants.to_string(),
        ]));
    }
    out
}
