//! The application shell: owns the project, its history and each panel's UI state; lays out the
//! panels; applies the actions they push, after drawing, in one place.

use super::action::Action;
use super::agreement::{AgreementState, agreement_ui};
use super::codebook::{CodebookState, codebook_ui};
use super::dialogs::{AfterUnsaved, Confirm, Outcome, UnsavedAnswer, confirm_ui};
use super::documents::documents_ui;
use super::explore::{ExploreState, explore_ui};
use super::import_dialog::ImportDialog;
use super::reading::{ReadingState, reading_ui};
use super::review::{ReviewState, review_ui};
use super::safety::{Answer, Choice, Safety};
use super::themes::{ThemesState, themes_ui};
use super::view::View;
use super::workspace::{self, Workspace};
use super::{menu, shortcuts, windows};
use crate::edit::{Edit, History};
use crate::model::Project;
use crate::{import, store};

use egui::{RichText, ViewportCommand};
use std::path::{Path, PathBuf};

const USER_KEY: &str = "gloss.user";

/// Where the open project came from.
#[derive(Clone, Debug, PartialEq)]
enum Origin {
    /// The bundled sample: Save asks for a new file, so the bundled copy is never written.
    Sample,
    New,
    File(PathBuf),
}

pub struct GlossApp {
    project: Project,
    history: History,
    origin: Origin,
    user: String,
    reading: ReadingState,
    codebook: CodebookState,
    themes: ThemesState,
    confirm: Option<Confirm>,
    error: Option<String>,
    status: String,
    allow_close: bool,
    shown_title: String,
    show_history: bool,
    show_preferences: bool,
    /// Actions from outside a panel (tests, drag-and-drop), applied at the next frame.
    queued: Vec<Action>,
    /// Share of the right panel's height given to the codebook (the rest is the theme tree).
    split: f32,
    /// Saving, autosave, recovery, locking, external changes (see `safety.rs`).
    safety: Safety,
    /// The import dialog (issue 5): background reading, preview, batch settings.
    import: ImportDialog,
    /// The last REFI-QDA import's file and summary, shown until closed.
    refi_summary: Option<(String, crate::refi::Summary)>,
    /// The workspace shown (Coding, Review, Analysis, Agreement) and each one's own state.
    workspace: Workspace,
    review: ReviewState,
    explore: ExploreState,
    agreement: AgreementState,
    pseudonyms: super::pseudonyms::PseudonymsState,
}

impl GlossApp {
    /// Opens `path`, or the bundled sample project when `None`.
    pub fn new(cc: &eframe::CreationContext<'_>, path: Option<PathBuf>) -> Self {
        let user = cc
            .storage
            .and_then(|s| s.get_string(USER_KEY))
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(crate::system_user_name);
        let mut app = Self::with_sample(user);
        // Work on a project without a file (the sample, a new one) is autosaved in Gloss's data
        // folder, so a crash before the first save loses nothing either.
        let untitled = eframe::storage_dir("gloss").map(|d| d.join("untitled.gloss"));
        match path {
            Some(path) => {
                app.safety.untitled = untitled;
                app.open_path(&path);
            }
            None => {
                app.enable_untitled_recovery(untitled);
            }
        }
        app
    }

    /// The app on the bundled sample project, coding as `user`.
    pub fn with_sample(user: String) -> Self {
        let (project, error) = match store::from_str(crate::SAMPLE_PROJECT, "the bundled sample") {
            Ok(p) => (p, None),
            Err(e) => (Project::default(), Some(e.to_string())),
        };
        let mut app = Self {
            project,
            history: History::new_saved(),
            origin: Origin::Sample,
            user,
            reading: ReadingState::default(),
            codebook: CodebookState::default(),
            themes: ThemesState::default(),
            confirm: None,
            error,
            status: "Opened the bundled sample project. Save As to keep your own copy.".into(),
            allow_close: false,
            shown_title: String::new(),
            show_history: false,
            show_preferences: false,
            queued: Vec::new(),
            split: 0.5,
            safety: Safety::default(),
            import: ImportDialog::default(),
            refi_summary: None,
            workspace: Workspace::Coding,
            review: ReviewState::default(),
            explore: ExploreState::default(),
            agreement: AgreementState::default(),
            pseudonyms: Default::default(),
        };
        app.reading.doc = app.project.documents.first().map(|d| d.id);
        app
    }

    pub fn project(&self) -> &Project {
        &self.project
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    pub fn path(&self) -> Option<&Path> {
        match &self.origin {
            Origin::File(p) => Some(p),
            _ => None,
        }
    }

    pub fn is_modified(&self) -> bool {
        self.history.is_modified()
    }

    /// The workspace shown.
    pub fn workspace(&self) -> Workspace {
        self.workspace
    }

    /// Is a question (delete, merge, unsaved changes) waiting for an answer?
    pub fn is_asking(&self) -> bool {
        self.confirm.is_some()
    }

    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    pub fn status(&self) -> &str {
        &self.status
    }

    /// The passage currently selected in the reading pane, as a document range.
    pub fn selected_range(&self) -> Option<crate::model::TextRange> {
        let doc = self.project.document(self.reading.doc?)?;
        self.reading.selected_range(doc)
    }

    pub fn current_document(&self) -> Option<crate::model::DocId> {
        self.reading.doc
    }

    /// Opens `doc` and selects `range` in it, as a drag across the text does (tests, scripts).
    pub fn select_passage(&mut self, doc: crate::model::DocId, range: crate::model::TextRange) {
        self.reading.show_document(doc);
        self.reading.selection = Some(super::reading::Selection {
            anchor: range.start,
            head: range.end,
        });
    }

    /// The window title: file name, a ● while there are unsaved changes.
    pub fn window_title(&self) -> String {
        let name = match &self.origin {
            Origin::Sample => "Sample project (bundled)".to_owned(),
            Origin::New => "Untitled".to_owned(),
            Origin::File(p) => p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
        };
        let marker = if self.is_modified() { "● " } else { "" };
        let read_only = if self.safety.read_only {
            " (read-only)"
        } else {
            ""
        };
        format!("{marker}{name}{read_only} — Gloss")
    }

    /// The file-safety state (saving, recovery, lock, external changes).
    pub fn safety(&self) -> &Safety {
        &self.safety
    }

    /// The file-safety settings (backup count, autosave delay).
    pub fn safety_mut(&mut self) -> &mut Safety {
        &mut self.safety
    }

    /// Autosaves never-saved work to the recovery file of the stand-in path `untitled` (`None`:
    /// off), and offers back what an earlier session left there.
    pub fn enable_untitled_recovery(&mut self, untitled: Option<PathBuf>) {
        if let Some(dir) = untitled.as_ref().and_then(|p| p.parent()) {
            let _ = std::fs::create_dir_all(dir);
        }
        self.safety.untitled = untitled;
        self.safety.offer_untitled_recovery();
    }

    /// Answers the waiting file-safety question as if its button was clicked.
    pub fn answer_safety(&mut self, choice: Choice) {
        let answers = self.safety.choose(choice, &self.project, &self.history);
        self.safety_answers(answers);
    }

    /// Carries out what a file-safety step asks for.
    fn safety_answers(&mut self, answers: Vec<Answer>) {
        for a in answers {
            match a {
                Answer::Load {
                    project,
                    path,
                    unsaved,
                    note,
                } => {
                    self.replace_project(*project, Origin::File(path));
                    if unsaved {
                        self.history = History::new_unsaved();
                    }
                    self.status = note;
                }
                Answer::Saved { path, generation } => {
                    if generation == self.history.generation() {
                        self.history.mark_saved();
                    }
                    self.status = format!("Saved {}", path.display());
                    self.origin = Origin::File(path);
                }
                Answer::Untitled { project, note } => {
                    self.replace_project(*project, Origin::New);
                    self.history = History::new_unsaved();
                    self.status = note;
                }
                Answer::SaveAs => self.queued.push(Action::SaveAs),
                Answer::Error(msg) => self.error = Some(msg),
            }
        }
    }

    /// The import dialog, for tests and drag-and-drop.
    pub fn import_dialog(&mut self) -> &mut ImportDialog {
        &mut self.import
    }

    /// Queues an action for the next frame, as if a panel had pushed it.
    pub fn queue(&mut self, action: Action) {
        self.queued.push(action);
    }

    /// Applies one action now, as the dispatcher does after each frame.
    pub fn dispatch(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Edit {
                edit,
                label,
                coalesce,
            } => {
                let coded = super::analysis::coded_with(&edit);
                self.apply_edit(*edit, label, coalesce);
                if coded.is_some() {
                    self.codebook.last_code = coded;
                }
            }
            Action::ShowWorkspace(w) => {
                self.workspace = w;
                self.status = format!("{} workspace", w.label());
            }
            Action::Undo => match self.history.undo(&mut self.project) {
                Ok(Some(l)) => self.status = format!("Undid: {l}"),
                Ok(None) => self.status = "Nothing to undo.".into(),
                Err(e) => self.error = Some(format!("Could not undo: {e}")),
            },
            Action::Redo => match self.history.redo(&mut self.project) {
                Ok(Some(l)) => self.status = format!("Redid: {l}"),
                Ok(None) => self.status = "Nothing to redo.".into(),
                Err(e) => self.error = Some(format!("Could not redo: {e}")),
            },
            Action::NewProject => self.after_unsaved_check(ctx, AfterUnsaved::New),
            Action::Open => self.after_unsaved_check(ctx, AfterUnsaved::Open(None)),
            Action::OpenPath(p) => self.after_unsaved_check(ctx, AfterUnsaved::Open(Some(p))),
            Action::Save => {
                if let Origin::File(p) = &self.origin {
                    let p = p.clone();
                    self.save_to(&p);
                } else {
                    self.dispatch(ctx, Action::SaveAs);
                }
            }
            Action::SaveAs => {
                let name = format!("{}.{}", file_stem_for(&self.project.name), store::EXTENSION);
                if let Some(p) = rfd::FileDialog::new()
                    .add_filter("Gloss project", &[store::EXTENSION])
                    .set_file_name(name)
                    .save_file()
                {
                    self.save_to(&with_extension(p));
                }
            }
            Action::SaveTo(p) => self.save_to(&p),
            Action::Import => {
                if let Some(paths) = rfd::FileDialog::new()
                    .add_filter("Transcripts", &import::EXTENSIONS)
                    .pick_files()
                {
                    self.import.open(paths);
                }
            }
            Action::ImportPaths(paths) => self.import.open(paths),
            Action::ImportRefi => {
                if let Some(p) = rfd::FileDialog::new()
                    .add_filter("REFI-QDA project", &["qdpx", "qde"])
                    .pick_file()
                {
                    self.dispatch(ctx, Action::ImportRefiFrom(p));
                }
            }
            Action::ImportRefiFrom(p) => self.import_refi(&p),
            Action::Quit => ctx.send_viewport_cmd(ViewportCommand::Close),
            Action::SelectDocument(id) => self.reading.show_document(id),
            Action::JumpToCoding(id) => {
                if let Some(doc) = self.project.codings.get(&id).map(|c| c.document) {
                    self.reading.show_document(doc);
                    self.reading.jump = Some(id);
                    ctx.request_repaint();
                }
            }
            Action::SelectCode(c) => self.codebook.selected = c,
            Action::SelectTheme(t) => self.themes.selected = t,
            Action::ConfirmDeleteCode(id) => self.confirm = Some(Confirm::DeleteCode(id)),
            Action::ConfirmMergeCode { from, into } => {
                self.confirm = Some(Confirm::MergeCode { from, into });
            }
            Action::ConfirmDeleteTheme(id) => self.confirm = Some(Confirm::DeleteTheme(id)),
            Action::ConfirmDeleteDocument(id) => self.confirm = Some(Confirm::DeleteDocument(id)),
            Action::FocusCodePicker => {
                if self.selected_range().is_some() {
                    self.reading.focus_picker = true;
                } else {
                    self.status = "Select a passage first, then press Ctrl+K to code it.".into();
                }
            }
            Action::ClearSelection => {
                self.reading.selection = None;
                self.reading.inspect = None;
            }
            Action::ShowHistory => self.show_history = true,
            Action::ShowPreferences => self.show_preferences = true,
            Action::ShowPseudonyms => self.pseudonyms.open = true,
            Action::Status(s) => self.status = s,
            Action::Reading(cmd) => {
                ctx.request_repaint();
                if let Some(s) = self.reading.command(ctx, &self.project, cmd) {
                    self.status = s;
                }
            }
            Action::Analysis(a) => {
                let now = super::analysis::Now {
                    project: &self.project,
                    document: self.reading.doc,
                    selection: self.selected_range(),
                    user: &self.user,
                    last_code: self.codebook.last_code,
                };
                for follow in super::analysis::dispatch(&now, a) {
                    self.dispatch(ctx, follow);
                }
            }
        }
    }

    fn apply_edit(&mut self, edit: Edit, label: String, coalesce: Option<String>) {
        if edit.is_noop() {
            return;
        }
        if self.safety.read_only {
            self.status = "This project is open read-only (another Gloss has it open); Save As \
                           to work on a copy."
                .into();
            return;
        }
        match self
            .history
            .apply_coalescing(&mut self.project, edit, &label, &self.user, coalesce)
        {
            Ok(()) => self.status = label,
            Err(e) => self.error = Some(format!("Could not do “{label}”: {e}.")),
        }
    }

    /// Runs `after` now, or first asks about unsaved changes.
    fn after_unsaved_check(&mut self, ctx: &egui::Context, after: AfterUnsaved) {
        if self.is_modified() {
            self.confirm = Some(Confirm::Unsaved(after));
        } else {
            self.proceed(ctx, after);
        }
    }

    fn proceed(&mut self, ctx: &egui::Context, after: AfterUnsaved) {
        match after {
            AfterUnsaved::Close => {
                self.allow_close = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
            AfterUnsaved::New => {
                let project = Project::named("Untitled");
                self.replace_project(project, Origin::New);
                self.status = "New project. Import transcripts to begin.".into();
            }
            AfterUnsaved::Open(Some(p)) => self.open_path(&p),
            AfterUnsaved::Open(None) => {
                if let Some(p) = rfd::FileDialog::new()
                    .add_filter(
                        "Gloss or REFI-QDA project",
                        &[store::EXTENSION, "qdpx", "qde"],
                    )
                    .add_filter("Gloss project", &[store::EXTENSION])
                    .add_filter("REFI-QDA project", &["qdpx", "qde"])
                    .pick_file()
                {
                    self.open_path(&p);
                }
            }
        }
    }

    fn open_path(&mut self, path: &Path) {
        if crate::refi::is_project_path(path) {
            self.open_refi(path);
            return;
        }
        let answers = self.safety.open(path).into_iter().collect();
        self.safety_answers(answers);
    }

    /// Opens a REFI-QDA project as a new, unsaved Gloss project (its first Save asks for a
    /// .gloss name; the .qdpx is never written) and shows what the import did.
    fn open_refi(&mut self, path: &Path) {
        match crate::refi::read_path(path) {
            Ok(imported) => {
                self.replace_project(imported.project, Origin::New);
                self.history = History::new_unsaved();
                self.status = format!(
                    "Opened {} (REFI-QDA). Save As to keep it as a Gloss project.",
                    path.display()
                );
                self.refi_summary = Some((path.display().to_string(), imported.summary));
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Adds a REFI-QDA project's content to the open project as one undo step.
    fn import_refi(&mut self, path: &Path) {
        match crate::refi::read_path(path) {
            Ok(imported) => {
                let edit = crate::refi::plan_merge(&self.project, &imported.project);
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let label = format!(
                    "Import {} documents and {} codes from {name}",
                    imported.project.documents.len(),
                    imported.project.codes.len()
                );
                self.apply_edit(edit, label, None);
                if self.reading.doc.is_none() {
                    self.reading.doc = self.project.documents.first().map(|d| d.id);
                }
                self.refi_summary = Some((path.display().to_string(), imported.summary));
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// The summary of the last REFI-QDA import, while its window is open.
    pub fn refi_summary(&self) -> Option<&crate::refi::Summary> {
        self.refi_summary.as_ref().map(|(_, s)| s)
    }

    fn replace_project(&mut self, project: Project, origin: Origin) {
        let old = std::mem::replace(&mut self.project, project);
        // Freeing a large project's hundreds of thousands of strings takes a while: not on the
        // window's time.
        if old.codings.len() + old.documents.len() > 10_000 {
            let _ = std::thread::Builder::new()
                .name("gloss-drop".into())
                .spawn(move || drop(old));
        }
        if !matches!(origin, Origin::File(_)) {
            self.safety.detach();
        }
        self.origin = origin;
        self.history = History::new_saved();
        self.reading = ReadingState::default();
        self.reading.doc = self.project.documents.first().map(|d| d.id);
        self.codebook = CodebookState::default();
        self.themes = ThemesState::default();
    }

    fn save_to(&mut self, path: &Path) {
        let answers = self
            .safety
            .save(&self.project, path, &self.history)
            .into_iter()
            .collect();
        self.safety_answers(answers);
    }

    fn dialogs_ui(&mut self, ctx: &egui::Context) -> Vec<Action> {
        let mut actions = Vec::new();
        if let Some(confirm) = self.confirm.clone() {
            match confirm_ui(ctx, &self.project, &confirm) {
                Outcome::Open => {}
                Outcome::Cancel => self.confirm = None,
                Outcome::Do(a) => {
                    self.confirm = None;
                    actions.push(a);
                }
                Outcome::Unsaved(answer) => {
                    self.confirm = None;
                    match answer {
                        UnsavedAnswer::Save(after) => {
                            if let Origin::File(p) = &self.origin {
                                let p = p.clone();
                                let answers =
                                    self.safety.save_blocking(&self.project, &p, &self.history);
                                self.safety_answers(answers);
                            } else {
                                self.dispatch(ctx, Action::Save);
                            }
                            if !self.is_modified() {
                                self.proceed(ctx, after);
                            }
                        }
                        UnsavedAnswer::Discard(after) => {
                            self.safety.discard_recovery();
                            self.proceed(ctx, after);
                        }
                    }
                }
            }
        }
        if let Some(msg) = self.error.clone() {
            let r = egui::Modal::new(egui::Id::unique("error")).show(ctx, |ui| {
                ui.set_max_width(480.0);
                ui.heading("Something went wrong");
                ui.label(msg);
                ui.add_space(8.0);
                ui.button("OK").clicked()
            });
            if r.inner || r.should_close() {
                self.error = None;
            }
        }
        let answers = self.safety.dialogs_ui(ctx, &self.project, &self.history);
        self.safety_answers(answers);
        self.import.ui(ctx, &self.project, &mut actions);
        windows::history_window(ctx, &mut self.show_history, &self.history);
        windows::preferences_window(ctx, &mut self.show_preferences, &mut self.user);
        windows::refi_summary_window(ctx, &mut self.refi_summary);
        super::pseudonyms::pseudonyms_window(
            ctx,
            &mut self.pseudonyms,
            &self.project,
            &mut actions,
        );
        actions
    }
}

/// A file name made from a project name: words joined by single dashes.
pub(super) fn file_stem_for(name: &str) -> String {
    let words: Vec<&str> = name
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        "project".to_owned()
    } else {
        words.join("-")
    }
}

/// Two areas stacked in `ui`, with a handle between them that drags the split (a share of the
/// height, kept in `split`).
fn split_ui(ui: &mut egui::Ui, split: &mut f32, mut add: impl FnMut(&mut egui::Ui, bool)) {
    let total = ui.available_height();
    let width = ui.available_width();
    let top_h =
        (total * *split).clamp(120.0_f32.min(total / 2.0), (total - 120.0).max(total / 2.0));
    let top = egui::Rect::from_min_size(ui.cursor().min, egui::vec2(width, top_h));
    ui.scope_builder(egui::UiBuilder::new().max_rect(top), |ui| {
        ui.set_clip_rect(top.intersect(ui.clip_rect()));
        add(ui, true);
    });
    ui.advance_cursor_after_rect(top);
    let (handle, response) = ui.allocate_exact_size(egui::vec2(width, 8.0), egui::Sense::drag());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Splitter, true, "Resize codebook and themes")
    });
    let response = response.on_hover_cursor(egui::CursorIcon::ResizeVertical);
    if response.dragged() && total > 0.0 {
        *split = ((top_h + response.drag_delta().y) / total).clamp(0.15, 0.85);
    }
    let stroke = if response.hovered() || response.dragged() {
        ui.visuals().widgets.hovered.fg_stroke
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    };
    ui.painter()
        .hline(handle.x_range(), handle.center().y, stroke);
    add(ui, false);
}

fn with_extension(p: PathBuf) -> PathBuf {
    if p.extension().is_some_and(|e| e == store::EXTENSION) {
        p
    } else {
        p.with_extension(store::EXTENSION)
    }
}

impl eframe::App for GlossApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if ctx.input(|i| i.viewport().close_requested()) && self.is_modified() && !self.allow_close
        {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.confirm = Some(Confirm::Unsaved(AfterUnsaved::Close));
        }
        let answers = self.safety.tick(&ctx, &self.project, &self.history);
        self.safety_answers(answers);
        let mut actions = std::mem::take(&mut self.queued);
        // Files dropped on the window go to the import dialog.
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !dropped.is_empty() {
            actions.push(Action::ImportPaths(dropped));
        }
        actions.extend(shortcuts::pressed(&ctx));
        {
            let mut view = View {
                project: &self.project,
                history: &self.history,
                user: &self.user,
                actions: &mut actions,
            };
            egui::Panel::top("menu")
                .show(ui, |ui| menu::menu_bar_ui(ui, view.history, view.actions));
            egui::Panel::bottom("status").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(&self.status);
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        ui.label(RichText::new(format!("Coding as {}", view.user)).weak());
                        self.safety.status_ui(ui);
                        ui.label(
                            RichText::new(format!(
                                "{} documents · {} codes · {} codings",
                                view.project.documents.len(),
                                view.project.codes.len(),
                                view.project.codings.len()
                            ))
                            .weak(),
                        );
                    });
                });
            });
            let workspace = self.workspace;
            egui::Panel::top("workspaces")
                .show(ui, |ui| workspace::tabs_ui(ui, workspace, view.actions));
            match workspace {
                Workspace::Coding => {
                    let current = self.reading.doc;
                    egui::Panel::left("documents")
                        .resizable(true)
                        .default_size(230.0)
                        .show(ui, |ui| documents_ui(ui, current, &mut view));
                    let split = &mut self.split;
                    egui::Panel::right("analysis")
                        .resizable(true)
                        .default_size(380.0)
                        .show(ui, |ui| {
                            split_ui(ui, split, |ui, top| {
                                if top {
                                    codebook_ui(ui, &mut self.codebook, &mut view);
                                } else {
                                    themes_ui(ui, &mut self.themes, &mut view);
                                }
                            });
                        });
                    egui::CentralPanel::default()
                        .show(ui, |ui| reading_ui(ui, &mut self.reading, &mut view));
                }
                Workspace::Review => review_ui(ui, &mut self.review, &mut view),
                Workspace::Analysis => explore_ui(ui, &mut self.explore, &mut view),
                Workspace::Agreement => agreement_ui(ui, &mut self.agreement, &mut view),
            }
        }
        actions.extend(self.dialogs_ui(&ctx));
        for a in actions {
            self.dispatch(&ctx, a);
        }
        if self.safety.needs_frame() {
            ctx.request_repaint();
        }
        let title = self.window_title();
        if title != self.shown_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        storage.set_string(USER_KEY, self.user.clone());
    }
}
