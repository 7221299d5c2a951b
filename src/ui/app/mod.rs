//! The application shell: owns the project, its history and each panel's UI state; lays out the
//! panels; applies the actions they push, after drawing, in one place.

use super::action::Action;
use super::agreement::{AgreementState, agreement_ui};
use super::codebook::{CodebookState, codebook_ui};
use super::dialogs::{AfterUnsaved, Confirm, Outcome, UnsavedAnswer, confirm_ui};
use super::documents::documents_ui;
use super::explore::{ExploreState, explore_ui};
use super::focus::{Focus, Pane};
use super::help::HelpState;
use super::import_dialog::ImportDialog;
use super::prefs::Prefs;
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

mod dispatch;
mod frame;

/// What was open before a preview, kept until the previewed file has opened.
struct Previous {
    project: Project,
    history: History,
    origin: Origin,
    doc: Option<crate::model::DocId>,
    status: String,
}

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
    /// The coder's display name (the history records it; `coder` is who codes).
    user: String,
    /// Who is coding, by id (kept in the preferences, never matched by name).
    coder: crate::model::Coder,
    /// What is remembered between runs (recent projects, layout, the coder).
    prefs: Prefs,
    /// The start screen is shown instead of a project.
    start: bool,
    /// The first-start question "who is coding?", with the name typed so far.
    name_prompt: Option<String>,
    /// The name typed in Preferences (a new coder when applied).
    name_draft: String,
    /// Which pane has the keyboard (F6).
    focus: Focus,
    help: HelpState,
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
    /// While a large file is read behind its preview: what was open before, to go back to if
    /// the file does not open.
    before_preview: Option<Box<Previous>>,
    /// The workspace shown (Coding, Review, Analysis, Agreement) and each one's own state.
    workspace: Workspace,
    review: ReviewState,
    explore: ExploreState,
    agreement: AgreementState,
    /// Conflicts, the audit trail window, merging in a copy (see `team.rs`).
    team: super::team::TeamState,
    pseudonyms: super::pseudonyms::PseudonymsState,
}

impl GlossApp {
    /// Opens `path`, or the bundled sample project when `None`.
    pub fn new(cc: &eframe::CreationContext<'_>, path: Option<PathBuf>) -> Self {
        crate::store::heap::tune();
        let prefs = Prefs::load(cc.storage);
        // Work on a project without a file (the sample, a new one) is autosaved in Gloss's data
        // folder, so a crash before the first save loses nothing either.
        let untitled = eframe::storage_dir("gloss").map(|d| d.join("untitled.gloss"));
        let mut app = Self::with_prefs(prefs, Prefs::old_user_name(cc.storage));
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

    /// The app at start, as the stored preferences `prefs` describe it: on the bundled sample, or
    /// on the start screen once the user has worked on a project of their own; asking who is
    /// coding when nobody has said yet (`old_name`, or the system user, prefilled).
    pub fn with_prefs(mut prefs: Prefs, old_name: Option<String>) -> Self {
        prefs.drop_missing();
        let asked = prefs.coder.clone();
        let coder = asked.clone().unwrap_or_else(|| {
            super::prefs::new_coder(&old_name.clone().unwrap_or_else(crate::system_user_name))
        });
        let mut app = Self::with_sample(coder.name.clone());
        app.coder = coder;
        if asked.is_none() {
            app.name_prompt = Some(old_name.unwrap_or_else(crate::system_user_name));
        }
        app.split = prefs.split;
        app.reading.zoom = prefs.zoom;
        app.reading.line_numbers = prefs.line_numbers;
        app.workspace = prefs.workspace();
        app.start = prefs.worked;
        if app.start {
            app.status = "Open a project, start a new one, or look at the sample.".into();
        }
        app.name_draft = app.coder.name.clone();
        app.prefs = prefs;
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
            coder: super::prefs::new_coder(&user),
            name_draft: user.clone(),
            user,
            prefs: Prefs::default(),
            start: false,
            name_prompt: None,
            focus: Focus::default(),
            help: HelpState::default(),
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
            before_preview: None,
            workspace: Workspace::Coding,
            review: ReviewState::default(),
            explore: ExploreState::default(),
            agreement: AgreementState::default(),
            team: Default::default(),
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

    /// Is a large file still being read behind its preview (no changes until it is)?
    pub fn is_opening(&self) -> bool {
        self.safety.opening().is_some()
    }

    /// Codes as `name` from now on (as the Preferences window's name field does: a new coder,
    /// never a rename of anyone's codings).
    pub fn set_user(&mut self, name: &str) {
        self.set_coder_name(name.to_owned());
    }

    /// The agreement workspace's state (choices, table, coder layers).
    pub fn agreement(&mut self) -> &mut AgreementState {
        &mut self.agreement
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
        if self.start {
            return "Gloss".to_owned();
        }
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
        let opening = if self.safety.opening().is_some() {
            " (opening…)"
        } else {
            ""
        };
        format!("{marker}{name}{read_only}{opening} — Gloss")
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

    /// The import dialog, for tests and drag-and-drop.
    pub fn import_dialog(&mut self) -> &mut ImportDialog {
        &mut self.import
    }

    /// Queues an action for the next frame, as if a panel had pushed it.
    pub fn queue(&mut self, action: Action) {
        self.queued.push(action);
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
            AfterUnsaved::Sample => {
                let (project, origin) = match store::from_str(crate::SAMPLE_PROJECT, "the sample") {
                    Ok(p) => (p, Origin::Sample),
                    Err(e) => {
                        self.error = Some(e.to_string());
                        return;
                    }
                };
                self.replace_project(project, origin);
                self.status =
                    "Opened the bundled sample project. Save As to keep your own copy.".into();
            }
            AfterUnsaved::Open(Some(p)) => {
                if !p.exists() && self.prefs.recent.contains(&p) {
                    self.prefs.recent.retain(|r| r != &p);
                    self.error = Some(format!(
                        "{} no longer exists (moved or deleted); it was taken off the recent \
                         projects.",
                        p.display()
                    ));
                    return;
                }
                self.open_path(&p);
            }
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
        self.start = false;
        let path = self.path().map(Path::to_path_buf);
        self.review.project_replaced(path.as_deref(), &self.user);
        self.history = History::new_saved();
        // The reader's zoom and line numbers are the user's, not the project's.
        let (zoom, line_numbers) = (self.reading.zoom, self.reading.line_numbers);
        self.reading = ReadingState::default();
        self.reading.zoom = zoom;
        self.reading.line_numbers = line_numbers;
        self.reading.doc = self.project.documents.first().map(|d| d.id);
        self.codebook = CodebookState::default();
        self.themes = ThemesState::default();
        self.explore = ExploreState::default();
    }

    fn save_to(&mut self, path: &Path) {
        // Saved under another name, the project takes its whole history along (its trail file
        // is copied); a project new to that name must not inherit the trail of a file it
        // replaces.
        let carried = match &self.origin {
            Origin::File(from) => store::trail::copy(from, path),
            _ => store::trail::forget(path),
        };
        if let Err(e) = carried {
            self.error = Some(format!(
                "{e} The project was not saved; try again or choose another folder."
            ));
            return;
        }
        let answers = self
            .safety
            .save(&self.project, path, &self.history)
            .into_iter()
            .collect();
        self.safety_answers(answers);
    }

    /// Codes from now on as a new coder called `name` (never renames anyone's codings).
    fn set_coder_name(&mut self, name: String) {
        let name = name.trim().to_owned();
        if name.is_empty() || name == self.coder.name {
            return;
        }
        self.coder = super::prefs::new_coder(&name);
        self.user = name;
        self.prefs.coder = Some(self.coder.clone());
        self.status = format!(
            "Coding as {} from now on; codings made under another name keep it.",
            self.user
        );
    }

    /// Who is coding (by id; the name is only shown).
    pub fn coder(&self) -> &crate::model::Coder {
        &self.coder
    }

    /// Is the first-start question "who is coding?" waiting for an answer?
    pub fn is_asking_name(&self) -> bool {
        self.name_prompt.is_some()
    }

    /// Is the start screen shown?
    pub fn is_on_start_screen(&self) -> bool {
        self.start
    }

    /// The recent projects, most recent first.
    pub fn recent(&self) -> &[PathBuf] {
        &self.prefs.recent
    }

    /// The preferences as they would be stored now.
    pub fn prefs(&self) -> Prefs {
        let mut p = self.prefs.clone();
        p.split = self.split;
        p.zoom = self.reading.zoom;
        p.line_numbers = self.reading.line_numbers;
        p.workspace = self.workspace.digit();
        if self.name_prompt.is_none() {
            p.coder = Some(self.coder.clone());
        }
        p
    }

    /// The code and theme selected in the codebook and the theme tree.
    pub fn selected_code_and_theme(
        &self,
    ) -> (Option<crate::model::CodeId>, Option<crate::model::ThemeId>) {
        (self.codebook.selected, self.themes.selected)
    }

    /// The pane that has the keyboard (F6), if any.
    pub fn focused_pane(&self) -> Option<Pane> {
        self.focus.pane
    }

    /// Which help windows are open.
    pub fn help(&self) -> &HelpState {
        &self.help
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
        let team = &mut self.team;
        let path = match &self.origin {
            Origin::File(p) => Some(p.as_path()),
            _ => None,
        };
        super::team::history_window(
            ctx,
            &mut self.show_history,
            team,
            &self.project,
            &self.history,
            path,
        );
        super::team::conflicts_window(ctx, team, &self.project, &mut actions);
        super::team::report_window(ctx, team);
        if windows::preferences_window(
            ctx,
            &mut self.show_preferences,
            &mut self.name_draft,
            &self.coder,
        ) {
            self.set_coder_name(self.name_draft.clone());
        }
        if let Some(draft) = &mut self.name_prompt
            && let Some(name) = super::start::name_prompt_ui(ctx, draft)
        {
            self.name_prompt = None;
            // Nobody has coded as this person yet: the first answer names them.
            self.coder.name = name.clone();
            self.user = name.clone();
            self.name_draft = name;
            self.prefs.coder = Some(self.coder.clone());
            self.status = format!("Coding as {}.", self.user);
        }
        let (path, untitled) = (
            self.path().map(Path::to_path_buf),
            self.safety.untitled.clone(),
        );
        super::help::help_windows_ui(
            ctx,
            &mut self.help,
            path.as_deref(),
            untitled.as_deref(),
            &mut actions,
        );
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

fn with_extension(p: PathBuf) -> PathBuf {
    if p.extension().is_some_and(|e| e == store::EXTENSION) {
        p
    } else {
        p.with_extension(store::EXTENSION)
    }
}
