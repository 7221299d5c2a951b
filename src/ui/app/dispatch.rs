//! The one place the project changes in the window: the dispatcher that applies the actions
//! panels push (after the frame is drawn), and what the file-safety steps answer.

use super::*;

impl GlossApp {
    /// Carries out what a file-safety step asks for.
    pub(super) fn safety_answers(&mut self, answers: Vec<Answer>) {
        for a in answers {
            match a {
                Answer::Load {
                    project,
                    path,
                    unsaved,
                    note,
                } => {
                    if let Some(before) = self.before_preview.take() {
                        // The preview gave way to the whole file: the project before it goes.
                        self.project = before.project;
                    }
                    self.prefs.note_recent(&path);
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
                    self.prefs.note_recent(&path);
                    self.origin = Origin::File(path);
                }
                Answer::Untitled { project, note } => {
                    self.replace_project(*project, Origin::New);
                    self.history = History::new_unsaved();
                    self.status = note;
                }
                Answer::SaveAs => self.queued.push(Action::SaveAs),
                Answer::Error(msg) => self.error = Some(msg),
                Answer::Preview { project, path } => {
                    let before = Previous {
                        project: std::mem::replace(&mut self.project, *project),
                        history: std::mem::replace(&mut self.history, History::new_saved()),
                        origin: std::mem::replace(&mut self.origin, Origin::File(path.clone())),
                        doc: self.reading.doc,
                        status: std::mem::take(&mut self.status),
                    };
                    self.before_preview = Some(Box::new(before));
                    self.reading.doc = self.project.documents.first().map(|d| d.id);
                    self.status = format!(
                        "Opening {}: showing its first document while the rest is read…",
                        path.display()
                    );
                }
                Answer::PreviewEnded => {
                    if let Some(before) = self.before_preview.take() {
                        let Previous {
                            project,
                            history,
                            origin,
                            doc,
                            status,
                        } = *before;
                        self.project = project;
                        self.history = history;
                        self.origin = origin;
                        self.reading.doc = doc;
                        self.status = status;
                    }
                }
            }
        }
    }

    /// Applies one action now, as the dispatcher does after each frame.
    pub fn dispatch(&mut self, ctx: &egui::Context, action: Action) {
        if let Some(path) = self.safety.opening()
            && changes_or_replaces(&action)
        {
            self.status = format!(
                "Still opening {}: changes, saving and opening wait until it is read.",
                path.display()
            );
            return;
        }
        match action {
            Action::Edit {
                edit,
                label,
                coalesce,
            } => {
                let coded = crate::ui::analysis::coded_with(&edit);
                self.apply_edit(*edit, label, coalesce);
                if coded.is_some() {
                    self.codebook.last_code = coded;
                }
            }
            Action::ShowWorkspace(w) => {
                self.workspace = w;
                self.status = format!("{} workspace", w.label());
            }
            Action::Undo | Action::Redo if self.review_refuses_step(&action) => {}
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
                    self.dispatch(ctx, Action::ImportPaths(paths));
                }
            }
            Action::ImportPaths(paths) => {
                // Transcripts dropped on the start screen go into a new project, not the
                // sample behind it.
                if self.start {
                    self.proceed(ctx, AfterUnsaved::New);
                }
                self.import.open(paths);
            }
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
            Action::ShowPassage { document, range } => {
                self.workspace = Workspace::Coding;
                self.reading.reveal(document, range);
                ctx.request_repaint();
            }
            Action::ProjectSearch => {
                self.workspace = Workspace::Analysis;
                self.explore.open_search();
            }
            Action::OpenMemo(id) => {
                let next = crate::ui::explore::open_memo(ctx, &mut self.explore, &self.project, id);
                for a in next {
                    self.dispatch(ctx, a);
                }
            }
            Action::MemoOnSelection => match self.reading.doc.zip(self.selected_range()) {
                Some((doc, range)) => crate::ui::explore::memo_on_passage(ctx, doc, range),
                None => {
                    self.status =
                        "Select a passage first, then press Ctrl+M to write a memo on it.".into();
                }
            },
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
            Action::OpenSample => {
                if self.start && self.origin == Origin::Sample && !self.is_modified() {
                    self.start = false;
                    self.status =
                        "Opened the bundled sample project. Save As to keep your own copy.".into();
                } else {
                    self.after_unsaved_check(ctx, AfterUnsaved::Sample);
                }
            }
            Action::ClearRecent => {
                self.prefs.recent.clear();
                self.status = "Cleared the list of recent projects.".into();
            }
            Action::CyclePane { forward } => {
                if self.workspace == Workspace::Coding && !self.start {
                    self.status = self.focus.step(ctx, forward);
                }
            }
            Action::FocusPane(p) => self.focus.pane = Some(p),
            Action::Help(topic) => self.help.show(topic),
            Action::Review(a) => {
                let next = crate::ui::review::dispatch(
                    &mut self.review,
                    &mut self.reading,
                    &self.project,
                    a,
                );
                for follow in next {
                    self.dispatch(ctx, follow);
                }
            }
            Action::Team(a) => {
                let now = crate::ui::team::Now {
                    project: &mut self.project,
                    history: &mut self.history,
                    user: &self.user,
                    read_only: self.safety.read_only,
                    path: match &self.origin {
                        Origin::File(p) => Some(p.as_path()),
                        _ => None,
                    },
                };
                for follow in crate::ui::team::dispatch(a, &mut self.team, now) {
                    self.dispatch(ctx, follow);
                }
            }
            Action::Analysis(a) => {
                let now = crate::ui::analysis::Now {
                    project: &self.project,
                    document: self.reading.doc,
                    selection: self.selected_range(),
                    user: &self.user,
                    coder: &self.coder,
                    last_code: self.codebook.last_code,
                };
                for follow in crate::ui::analysis::dispatch(&now, a) {
                    self.dispatch(ctx, follow);
                }
            }
        }
    }

    /// Review mode: is the undo or redo step one a reviewer may not take? (Says why.)
    pub(super) fn review_refuses_step(&mut self, action: &Action) -> bool {
        let step = match action {
            Action::Undo => self
                .history
                .applied()
                .checked_sub(1)
                .and_then(|i| self.history.revision(i))
                .map(|r| r.inverse()),
            _ => self
                .history
                .revision(self.history.applied())
                .map(|r| r.forward()),
        };
        match step.and_then(|e| self.review.refusal(e)) {
            Some(why) => {
                self.status = why;
                true
            }
            None => false,
        }
    }

    /// Is the window in review mode, and as whom?
    pub fn reviewer(&self) -> Option<&str> {
        self.review.reviewer.as_deref()
    }

    /// Puts the window in review mode as the current user (`gloss review`).
    pub fn start_review(&mut self) {
        let user = self.user.clone();
        self.review.start(&user);
        self.workspace = Workspace::Review;
    }

    pub(super) fn apply_edit(&mut self, edit: Edit, label: String, coalesce: Option<String>) {
        if edit.is_noop() {
            return;
        }
        // Review mode: the one place where edits to the analysis are refused.
        if let Some(why) = self.review.refusal(&edit) {
            self.status = why;
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
}

/// Would `action` change the project, save it or put another in its place? (Refused while a
/// large file is still being read behind its preview.)
pub(super) fn changes_or_replaces(action: &Action) -> bool {
    matches!(
        action,
        Action::Edit { .. }
            | Action::Undo
            | Action::Redo
            | Action::NewProject
            | Action::Open
            | Action::OpenPath(_)
            | Action::Save
            | Action::SaveAs
            | Action::SaveTo(_)
            | Action::Import
            | Action::ImportPaths(_)
            | Action::ImportRefi
            | Action::ImportRefiFrom(_)
            | Action::ConfirmDeleteCode(_)
            | Action::ConfirmMergeCode { .. }
            | Action::ConfirmDeleteTheme(_)
            | Action::ConfirmDeleteDocument(_)
            | Action::Analysis(_)
    )
}
