//! The Changes view: pick two snapshots (or a snapshot and now) and see the tree diff side by
//! side as two trees with each theme marked (added, removed, merged, split, changed), and as a
//! list (definitions word by word). Also the "Take snapshot…" control.

use super::ReviewAction;
use crate::model::{Project, Snapshot, SnapshotId};
use crate::review::diff::{Change, Mark, Tag, TreeDiff, Words};
use crate::review::snapshot;
use crate::ui::action::Action;
use crate::ui::view::View;
use crate::ui::widgets::labelled_combo;
use egui::{Color32, RichText};

#[derive(Default)]
pub struct ChangesState {
    pub from: Option<SnapshotId>,
    /// `None`: the tree now.
    pub to: Option<SnapshotId>,
    pub as_list: bool,
    cache: Option<Cached>,
    /// The label being typed for a new snapshot, while its field is open.
    label: Option<String>,
}

struct Cached {
    key: (Option<SnapshotId>, Option<SnapshotId>, u64, usize),
    old: Snapshot,
    new: Snapshot,
    diff: TreeDiff,
}

/// "Take snapshot…": a label field and a button; a label in use is refused with a message.
pub fn take_snapshot_ui(ui: &mut egui::Ui, state: &mut ChangesState, view: &mut View, me: &str) {
    match &mut state.label {
        None => {
            if ui
                .button("Take snapshot…")
                .on_hover_text("Store the theme tree and codebook now under a label")
                .clicked()
            {
                state.label = Some(String::new());
            }
        }
        Some(label) => {
            let l = ui.label("Snapshot label:");
            let r = ui
                .add(
                    egui::TextEdit::singleline(label)
                        .hint_text("Round 1 review")
                        .desired_width(180.0),
                )
                .labelled_by(l.id);
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if ui.button("Take").clicked() || enter {
                match snapshot::take(view.project, label, me) {
                    Ok(e) => {
                        let l = label.trim().to_owned();
                        view.push(Action::edit(e, format!("Take snapshot “{l}”")));
                        state.label = None;
                    }
                    Err(m) => view.push(Action::Status(format!("Snapshot not taken: {m}."))),
                }
            }
            if ui.button("Cancel").clicked() {
                state.label = None;
            }
        }
    }
}

fn mark_color(m: Mark, dark: bool) -> Option<Color32> {
    let c = match m {
        Mark::Same => return None,
        Mark::Changed => (200, 140, 20),
        Mark::Added => (40, 150, 60),
        Mark::Removed => (200, 50, 50),
        Mark::Merged => (140, 80, 200),
        Mark::Split => (30, 130, 200),
    };
    let c = Color32::from_rgb(c.0, c.1, c.2);
    Some(if dark { c.gamma_multiply(1.3) } else { c })
}

fn mark_symbol(m: Mark) -> &'static str {
    match m {
        Mark::Same => " ",
        Mark::Changed => "~",
        Mark::Added => "+",
        Mark::Removed => "-",
        Mark::Merged => "»",
        Mark::Split => "«",
    }
}

/// A word-level diff: removed words struck through in red, added words in green.
pub fn words_ui(ui: &mut egui::Ui, words: &[Words]) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 0.0;
        for (i, w) in words.iter().enumerate() {
            if i > 0 && w.tag == Tag::Added && words[i - 1].tag == Tag::Removed {
                ui.label(" ");
            }
            let text = RichText::new(&w.text);
            match w.tag {
                Tag::Same => ui.label(text),
                Tag::Removed => {
                    ui.label(text.strikethrough().color(Color32::from_rgb(200, 50, 50)))
                }
                Tag::Added => ui.label(text.underline().color(Color32::from_rgb(40, 150, 60))),
            };
        }
    });
}

fn snapshot_name(project: &Project, id: Option<SnapshotId>) -> String {
    match id {
        None => "Now".to_owned(),
        Some(id) => project
            .snapshots
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| "(gone)".to_owned(), |s| s.label.clone()),
    }
}

pub fn changes_ui(ui: &mut egui::Ui, state: &mut ChangesState, view: &mut View) {
    let project = view.project;
    if project.snapshots.is_empty() {
        ui.heading("Changes");
        ui.label(
            "No snapshots yet. “Take snapshot…” stores the theme tree as it is now under a \
             label (“Round 1 review”); later you can see here what changed since.",
        );
        return;
    }
    if state
        .from
        .is_none_or(|f| !project.snapshots.iter().any(|s| s.id == f))
    {
        state.from = project.snapshots.first().map(|s| s.id);
    }
    if state
        .to
        .is_some_and(|t| !project.snapshots.iter().any(|s| s.id == t))
    {
        state.to = None;
    }
    ui.horizontal(|ui| {
        let from = snapshot_name(project, state.from);
        labelled_combo(ui, "From", "diff-from", &from, |ui| {
            for s in &project.snapshots {
                ui.selectable_value(&mut state.from, Some(s.id), &s.label);
            }
        });
        let to = snapshot_name(project, state.to);
        labelled_combo(ui, "to", "diff-to", &to, |ui| {
            ui.selectable_value(&mut state.to, None, "Now");
            for s in &project.snapshots {
                ui.selectable_value(&mut state.to, Some(s.id), &s.label);
            }
        });
        ui.separator();
        ui.selectable_value(&mut state.as_list, false, "Side by side");
        ui.selectable_value(&mut state.as_list, true, "List");
    });
    let key = (
        state.from,
        state.to,
        if state.to.is_none() {
            view.history.generation()
        } else {
            0
        },
        project.snapshots.len(),
    );
    if state.cache.as_ref().is_none_or(|c| c.key != key) {
        let find = |id: Option<SnapshotId>| match id {
            None => Some(crate::review::current(project)),
            Some(id) => project.snapshots.iter().find(|s| s.id == id).cloned(),
        };
        let (Some(old), Some(new)) = (find(state.from), find(state.to)) else {
            return;
        };
        let diff = crate::review::diff(&old, &new);
        state.cache = Some(Cached {
            key,
            old,
            new,
            diff,
        });
    }
    let Some(c) = &state.cache else { return };
    ui.label(
        RichText::new(format!(
            "{} changes from “{}” to {}",
            c.diff.changes.len(),
            snapshot_name(project, state.from),
            match state.to {
                None => "now".to_owned(),
                Some(_) => format!("“{}”", snapshot_name(project, state.to)),
            }
        ))
        .strong(),
    );
    ui.separator();
    if state.as_list {
        list_ui(ui, view, &c.diff);
    } else {
        ui.columns(2, |cols| {
            tree_ui(
                &mut cols[0],
                &snapshot_name(project, state.from),
                &c.old,
                &c.diff,
                true,
            );
            tree_ui(
                &mut cols[1],
                &snapshot_name(project, state.to),
                &c.new,
                &c.diff,
                false,
            );
        });
    }
}

fn changes_of(d: &TreeDiff, id: crate::model::ThemeId, old: bool) -> Vec<&Change> {
    d.changes
        .iter()
        .filter(|c| match c {
            Change::Merged { from, into } => {
                if old {
                    from.iter().any(|n| n.id == id)
                } else {
                    into.id == id
                }
            }
            Change::Split { from, into } => {
                if old {
                    from.id == id
                } else {
                    into.iter().any(|n| n.id == id)
                }
            }
            Change::Removed { theme, .. } => old && theme.id == id,
            Change::Added { theme, .. } => !old && theme.id == id,
            other => {
                let target = if old {
                    d.became.get(&id).copied()
                } else {
                    Some(id)
                };
                other.theme().is_some() && other.theme() == target
            }
        })
        .collect()
}

fn tree_ui(ui: &mut egui::Ui, title: &str, tree: &Snapshot, d: &TreeDiff, old: bool) {
    ui.heading(title);
    let dark = ui.visuals().dark_mode;
    egui::ScrollArea::vertical()
        .id_salt(("diff-tree", old))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (t, depth) in snapshot::tree_order(&tree.themes) {
                let marks = if old { &d.old_marks } else { &d.new_marks };
                let mark = marks.get(&t.id).copied().unwrap_or(Mark::Same);
                ui.horizontal(|ui| {
                    ui.add_space(depth as f32 * 16.0);
                    let mut text = RichText::new(format!("{} {}", mark_symbol(mark), t.name));
                    if let Some(c) = mark_color(mark, dark) {
                        text = text.color(c);
                    }
                    if mark == Mark::Removed {
                        text = text.strikethrough();
                    }
                    let r = ui.label(text);
                    let why: Vec<String> = changes_of(d, t.id, old)
                        .iter()
                        .map(|c| c.sentence())
                        .collect();
                    let n = tree.theme_counts.get(&t.id).map(|c| c.codings);
                    if let Some(n) = n {
                        ui.label(RichText::new(format!("{n}")).weak().small());
                    }
                    if mark != Mark::Same {
                        ui.label(RichText::new(mark.label()).small().weak());
                    }
                    if !why.is_empty() {
                        r.on_hover_text(why.join("\n"));
                    }
                });
            }
        });
}

fn list_ui(ui: &mut egui::Ui, view: &mut View, d: &TreeDiff) {
    if d.is_empty() {
        ui.label("No changes.");
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt("diff-list")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for c in &d.changes {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(c.kind()).small().strong());
                    let exists = c.theme().and_then(|t| view.project.theme(t)).is_some();
                    if exists {
                        if ui.link(c.sentence()).clicked()
                            && let Some(t) = c.theme()
                        {
                            view.push(Action::Review(ReviewAction::ShowTheme(t)));
                        }
                    } else {
                        ui.label(c.sentence());
                    }
                });
                if let Some(w) = c.words() {
                    ui.indent(("words", c.sentence()), |ui| words_ui(ui, w));
                }
            }
        });
}
