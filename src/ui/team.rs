//! Team work in the window: the Conflicts list a merge leaves (both versions side by side, take
//! ours / take theirs / edit, each an undoable step), the whole audit trail (Edit > History,
//! filtered by person, date and kind), and File > Merge in a copy….

use super::action::Action;
use crate::edit::{History, trail};
use crate::merge::copy::Prepared;
use crate::merge::{self, Choice, resolve};
use crate::model::{ConflictId, Project, TrailEntry};
use crate::store;
use egui::RichText;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};

/// What the team windows keep between frames.
#[derive(Default)]
pub struct TeamState {
    /// The Conflicts window is open.
    pub show_conflicts: bool,
    /// The user closed the Conflicts window (it opens by itself while conflicts wait).
    closed: bool,
    /// Values being typed for "edit", by conflict.
    editing: HashMap<ConflictId, String>,
    /// History filter: a person (empty: everyone), a kind (empty: all), since a date.
    author: String,
    kind: String,
    since: String,
    /// The saved trail, as last read from the trail file (see [`OnDisk`]).
    on_disk: Option<OnDisk>,
    /// The whole trail: the saved steps and those only in memory, oldest first; their ids; and
    /// how many of the project's steps in memory it holds (with the last one's id).
    steps: Vec<TrailEntry>,
    known: std::collections::HashSet<crate::model::EntryId>,
    synced: Option<(usize, Option<crate::model::EntryId>)>,
    /// Positions in `steps` passing the filter, and what they were worked out for.
    shown: Vec<usize>,
    shown_for: Option<(usize, usize, String, String, String)>,
    /// The last merge of a copy: a title and its lines, shown until closed.
    report: Option<(String, Vec<String>)>,
    /// A merge being worked out on another thread: the copy's name, the answer to come, and
    /// the history generation it was started from.
    pending: Option<(String, Receiver<Answer>, u64)>,
}

/// The trail file as read for the History window, kept until the file changes (a save appends
/// to it), so that the window does not read it every frame.
struct OnDisk {
    path: PathBuf,
    len: u64,
    read: Result<store::trail::Trail, String>,
}

impl OnDisk {
    /// The trail file of `path`, read again only when its length changed.
    fn refresh(slot: &mut Option<OnDisk>, path: Option<&Path>) -> bool {
        let Some(path) = path else {
            return std::mem::take(slot).is_some();
        };
        let len = std::fs::metadata(store::trail::path_for(path)).map_or(0, |m| m.len());
        if slot
            .as_ref()
            .is_some_and(|d| d.path == path && d.len == len)
        {
            return false;
        }
        *slot = Some(OnDisk {
            path: path.to_owned(),
            len,
            read: store::trail::read(path).map_err(|e| e.to_string()),
        });
        true
    }
}

/// What the merge thread answers: the merge worked out, or why it could not be.
type Answer = Result<Prepared, String>;

/// What the team windows and menus ask the app for.
#[derive(Clone, Debug)]
pub enum TeamAction {
    ShowConflicts,
    /// File > Merge in a copy…: pick the file.
    MergeCopy,
    MergeCopyFrom(PathBuf),
    /// A merge worked out on another thread, to apply now.
    MergeReady(Box<Result<Prepared, String>>),
}

/// What [`dispatch`] may change: the project and its history, as the user.
pub struct Now<'a> {
    pub project: &'a mut Project,
    pub history: &'a mut History,
    pub user: &'a str,
    pub read_only: bool,
    /// Where the project is saved, if it is (its trail file holds the older steps).
    pub path: Option<&'a Path>,
}

/// Carries out a team action; returns follow-up actions (status lines).
pub fn dispatch(action: TeamAction, state: &mut TeamState, now: Now) -> Vec<Action> {
    match action {
        TeamAction::ShowConflicts => {
            state.show_conflicts = true;
            state.closed = false;
            Vec::new()
        }
        TeamAction::MergeCopy => {
            match rfd::FileDialog::new()
                .add_filter("Gloss project", &[store::EXTENSION])
                .set_title("Merge in a copy of this project")
                .pick_file()
            {
                Some(p) => dispatch(TeamAction::MergeCopyFrom(p), state, now),
                None => Vec::new(),
            }
        }
        TeamAction::MergeCopyFrom(path) => {
            if now.read_only {
                state.report = Some((
                    "Nothing was merged".into(),
                    vec!["This project is open read-only; Save As to work on a copy first.".into()],
                ));
                return Vec::new();
            }
            if state.pending.is_some() {
                return vec![Action::Status("A merge is already under way.".into())];
            }
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            // The copy is read and merged on another thread, against a copy of the project.
            let mut project = now.project.snapshot();
            let ours = now.path.map(Path::to_path_buf);
            let (tx, rx) = std::sync::mpsc::channel();
            let spawned = std::thread::Builder::new()
                .name("gloss-merge".into())
                .spawn(move || {
                    project.reindex();
                    let _ = tx.send(merge::copy::prepare(&project, ours.as_deref(), &path));
                });
            if let Err(e) = spawned {
                state.report = Some(("Nothing was merged".into(), vec![e.to_string()]));
                return Vec::new();
            }
            state.pending = Some((name.clone(), rx, now.history.generation()));
            vec![Action::Status(format!("Merging in {name}…"))]
        }
        TeamAction::MergeReady(prepared) => {
            let generation = state.pending.take().map(|p| p.2);
            let result = match *prepared {
                Err(e) => Err(e),
                Ok(_) if generation.is_some_and(|g| g != now.history.generation()) => Err(
                    "The project changed while the copy was being merged; merge it in again."
                        .into(),
                ),
                Ok(p) => merge::copy::apply(now.project, now.history, now.user, p),
            };
            let (title, lines) = match result {
                Ok(r) => r,
                Err(e) => (
                    "Nothing was merged".to_owned(),
                    vec![e, "The open project is unchanged.".to_owned()],
                ),
            };
            let status = Action::Status(title.clone());
            state.report = Some((title, lines));
            state.closed = false;
            vec![status]
        }
    }
}

/// A merge worked out on another thread, once it is ready (call once a frame).
pub fn poll(ctx: &egui::Context, state: &mut TeamState) -> Option<Action> {
    let (_, rx, _) = state.pending.as_ref()?;
    let ready = match rx.try_recv() {
        Ok(r) => r,
        Err(TryRecvError::Empty) => {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
            return None;
        }
        Err(TryRecvError::Disconnected) => Err("The merge stopped unexpectedly.".into()),
    };
    Some(Action::Team(TeamAction::MergeReady(Box::new(ready))))
}

/// The Conflicts window: opens by itself while a merge's conflicts wait, until closed.
pub fn conflicts_window(
    ctx: &egui::Context,
    state: &mut TeamState,
    project: &Project,
    actions: &mut Vec<Action>,
) {
    if project.conflicts.is_empty() {
        state.closed = false;
        state.show_conflicts = false;
        state.editing.clear();
        return;
    }
    if !state.show_conflicts && !state.closed {
        state.show_conflicts = true;
    }
    if !state.show_conflicts {
        return;
    }
    let mut open = true;
    egui::Window::new(format!("Conflicts ({})", project.conflicts.len()))
        .id(egui::Id::unique("gloss-conflicts"))
        .open(&mut open)
        .default_width(640.0)
        .show(ctx, |ui| {
            ui.label(
                RichText::new(
                    "A merge found these changed differently in the two copies. Each choice is \
                     one step you can undo.",
                )
                .weak(),
            );
            ui.separator();
            egui::ScrollArea::vertical()
                .max_height(480.0)
                .show(ui, |ui| {
                    for c in &project.conflicts {
                        conflict_ui(ui, state, project, c, actions);
                        ui.separator();
                    }
                });
        });
    if !open {
        state.show_conflicts = false;
        state.closed = true;
    }
}

fn conflict_ui(
    ui: &mut egui::Ui,
    state: &mut TeamState,
    project: &Project,
    c: &crate::model::Conflict,
    actions: &mut Vec<Action>,
) {
    ui.label(RichText::new(resolve::describe(project, c)).strong());
    if let Some(b) = &c.base {
        ui.label(RichText::new(format!("Before: {}", resolve::shown(project, Some(b)))).weak());
    }
    let mut chosen: Option<(Choice, String)> = None;
    ui.columns(2, |cols| {
        let side = |ui: &mut egui::Ui, from: &str, v: Option<&str>, label: &str| -> bool {
            ui.label(RichText::new(if from.is_empty() { label } else { from }).weak());
            ui.label(resolve::shown(project, v));
            ui.button(label).clicked()
        };
        if side(&mut cols[0], &c.ours_from, c.ours.as_deref(), "Take ours") {
            chosen = Some((Choice::Ours, "take ours".into()));
        }
        if side(
            &mut cols[1],
            &c.theirs_from,
            c.theirs.as_deref(),
            "Take theirs",
        ) {
            chosen = Some((Choice::Theirs, "take theirs".into()));
        }
    });
    // Edit: a value of one's own, for fields (whole items are kept or deleted).
    if c.field != "item" {
        ui.horizontal(|ui| {
            let text = state.editing.entry(c.id).or_insert_with(|| {
                let v = c.ours.as_deref();
                match v.map(ron::from_str::<serde_json::Value>) {
                    Some(Ok(serde_json::Value::String(s))) => s,
                    _ => v.unwrap_or_default().to_owned(),
                }
            });
            ui.add(
                egui::TextEdit::singleline(text)
                    .desired_width(320.0)
                    .hint_text("your own value"),
            )
            .on_hover_text("Text values as plain text; other values as in the file");
            if ui.button("Use this value").clicked() {
                let quoted = matches!(
                    c.ours
                        .as_deref()
                        .or(c.theirs.as_deref())
                        .map(ron::from_str::<serde_json::Value>),
                    Some(Ok(serde_json::Value::String(_)))
                );
                let v = if quoted {
                    crate::merge::ron_string(text)
                } else {
                    text.clone()
                };
                chosen = Some((Choice::Value(v), "edit".into()));
            }
        });
    }
    if let Some((choice, how)) = chosen {
        match resolve::resolution(project, c, &choice) {
            Ok(edit) => {
                state.editing.remove(&c.id);
                actions.push(Action::edit(
                    edit,
                    format!(
                        "Resolve conflict ({how}): {}",
                        resolve::describe(project, c)
                    ),
                ));
            }
            Err(e) => actions.push(Action::Status(format!("Could not resolve: {e}"))),
        }
    }
}

/// The report of the last merged copy, until closed.
pub fn report_window(ctx: &egui::Context, state: &mut TeamState) {
    if let Some((name, _, _)) = &state.pending {
        egui::Window::new("Merging")
            .id(egui::Id::unique("gloss-merge-progress"))
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(format!("Merging in {name}…"));
                });
            });
    }
    let Some((title, lines)) = &state.report else {
        return;
    };
    let mut open = true;
    egui::Window::new(title.as_str())
        .id(egui::Id::unique("gloss-merge-report"))
        .open(&mut open)
        .default_width(520.0)
        .show(ctx, |ui| {
            for l in lines {
                ui.label(l);
            }
        });
    if !open {
        state.report = None;
    }
}

/// Edit > History: the project's whole audit trail, newest first, filtered by person, kind and
/// date.
pub fn history_window(
    ctx: &egui::Context,
    open: &mut bool,
    state: &mut TeamState,
    project: &Project,
    history: &History,
    path: Option<&Path>,
) {
    if !*open {
        return;
    }
    // The saved steps come from the trail file, the unsaved ones from memory; steps recorded
    // since the last frame are added to what is shown, not the whole list made again.
    let reread = OnDisk::refresh(&mut state.on_disk, path);
    let len = project.trail.len();
    let id_at = |n: usize| {
        n.checked_sub(1)
            .and_then(|i| project.trail.get(i))
            .map(|e| e.id)
    };
    let grown = match state.synced {
        Some((n, id)) if !reread && n <= len && id_at(n) == id => Some(n),
        _ => None,
    };
    match grown {
        Some(n) if n == len => {}
        Some(n) => {
            let new = project.trail[n..]
                .iter()
                .filter(|e| state.known.insert(e.id));
            state.steps.extend(new.cloned());
            state.steps.sort_by_key(|e| e.time);
            state.shown_for = None;
        }
        None => {
            let mut steps = match &state.on_disk {
                Some(OnDisk { read: Ok(t), .. }) => t.entries.clone(),
                _ => Vec::new(),
            };
            state.known = steps.iter().map(|e| e.id).collect();
            let new = project.trail.iter().filter(|e| state.known.insert(e.id));
            steps.extend(new.cloned());
            steps.sort_by_key(|e| e.time);
            state.steps = steps;
            state.shown_for = None;
        }
    }
    state.synced = Some((len, id_at(len)));
    egui::Window::new("History")
        .open(open)
        .default_width(620.0)
        .show(ctx, |ui| {
            ui.label(
                RichText::new(
                    "Every recorded change to this project, newest first: saved with it and \
                     merged with its copies.",
                )
                .weak(),
            );
            ui.horizontal(|ui| {
                let mut authors: Vec<&str> = state.steps.iter().map(|e| &*e.author).collect();
                authors.sort_unstable();
                authors.dedup();
                choice_ui(ui, "Person", &mut state.author, &authors);
                choice_ui(ui, "Kind", &mut state.kind, &trail::KINDS);
                let since = ui.label("Since");
                ui.add(
                    egui::TextEdit::singleline(&mut state.since)
                        .desired_width(90.0)
                        .hint_text("YYYY-MM-DD"),
                )
                .labelled_by(since.id)
                .on_hover_text("Only changes on or after this date");
            });
            let since = trail::parse_date(&state.since);
            if !state.since.trim().is_empty() && since.is_none() {
                ui.label(RichText::new("Write the date as YYYY-MM-DD.").weak());
            }
            let key = (
                state.steps.len(),
                project.trail.len(),
                state.author.clone(),
                state.kind.clone(),
                state.since.clone(),
            );
            if state.shown_for.as_ref() != Some(&key) {
                let (author, kind) = (state.author.as_str(), state.kind.as_str());
                state.shown = state
                    .steps
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| {
                        since.is_none_or(|t| e.time >= t)
                            && (author.is_empty() || &*e.author == author)
                            && (kind.is_empty() || &*e.kind == kind)
                    })
                    .map(|(i, _)| i)
                    .rev()
                    .collect();
                state.shown_for = Some(key);
            }
            ui.label(format!(
                "{} of {} steps",
                state.shown.len(),
                state.steps.len()
            ));
            match &state.on_disk {
                Some(OnDisk { read: Err(e), .. }) => {
                    ui.label(format!("The saved history could not be read: {e}"));
                }
                Some(OnDisk {
                    read: Ok(t), path, ..
                }) if !t.unreadable.is_empty() => {
                    ui.label(
                        RichText::new(format!(
                            "{} lines of {} could not be read and are left out.",
                            t.unreadable.len(),
                            store::trail::path_for(path).display()
                        ))
                        .weak(),
                    );
                }
                _ => {}
            }
            ui.separator();
            if state.steps.is_empty() {
                ui.label("No changes recorded yet.");
            }
            let row = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
            egui::ScrollArea::vertical().max_height(420.0).show_rows(
                ui,
                row,
                state.shown.len(),
                |ui, range| {
                    for &i in &state.shown[range] {
                        let Some(e) = state.steps.get(i) else {
                            continue;
                        };
                        let iso = e.time.to_iso8601();
                        let when = iso.get(..16).unwrap_or(&iso).replace('T', " ");
                        ui.label(format!("{when}  {}  [{}]  {}", e.author, e.kind, e.label));
                    }
                },
            );
            if history.can_redo() {
                ui.separator();
                ui.label(
                    RichText::new(format!(
                        "Redo is possible for: {}",
                        history.redo_label().unwrap_or_default()
                    ))
                    .weak(),
                );
            }
        });
}

/// A drop-down of `options` with "All" (the empty choice) first, named by `label`.
fn choice_ui(ui: &mut egui::Ui, label: &str, value: &mut String, options: &[&str]) {
    let shown = if value.is_empty() {
        "All".to_owned()
    } else {
        value.clone()
    };
    super::widgets::labelled_combo(ui, label, ("gloss-history", label), &shown, |ui| {
        ui.selectable_value(value, String::new(), "All");
        for o in options {
            ui.selectable_value(value, (*o).to_owned(), *o);
        }
    });
}
