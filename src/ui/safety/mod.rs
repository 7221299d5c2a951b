//! Keeping the analyst's work safe in the window: saving through the store's worker thread with
//! a status indicator, autosave to the recovery file a few seconds after the last change, the
//! recovery offer at open, read-only mode when another Gloss has the project open, noticing
//! changes made to the file by other programs, and the repair offer for a damaged file.

use crate::edit::History;
use crate::model::Project;
use crate::store::{self, FileStamp, Holder, Job, JobKind, Lock, Opened, Recovered, SaveWorker};
use egui::RichText;
use std::path::{Path, PathBuf};
use std::time::Duration;

mod opening;
use opening::Opening;
pub use opening::PREVIEW_FROM_BYTES;

/// Seconds after the last change before the recovery file is written.
pub const AUTOSAVE_AFTER_S: f64 = 3.0;
/// How often the project file is checked for changes by other programs.
const CHECK_EVERY_S: f64 = 2.0;
/// How long a save may hold the window before it continues in the background.
const SAVE_WAIT: Duration = Duration::from_millis(150);

/// What the app should do as a result of a safety step.
pub enum Answer {
    /// Show `project` from `path`; `unsaved` when it differs from the file (recovered, repaired).
    Load {
        project: Box<Project>,
        path: PathBuf,
        unsaved: bool,
        note: String,
    },
    /// Show `project`, restored from the recovery file of a project never saved to a file (the
    /// sample or a new project); it stays without a file until Save As.
    Untitled { project: Box<Project>, note: String },
    /// A save finished: `generation` is the history generation that was written.
    Saved { path: PathBuf, generation: u64 },
    /// Ask for a new file name (Save As).
    SaveAs,
    /// Something failed: the message for the error dialog.
    Error(String),
    /// A large file is being read on another thread: show this first look at it (its first
    /// document) meanwhile, allowing no changes, until a `Load` (or `PreviewEnded`) follows.
    Preview {
        project: Box<Project>,
        path: PathBuf,
    },
    /// The file behind the preview did not open straight away (an error, or a question comes
    /// first): show the project that was open before again.
    PreviewEnded,
}

enum Prompt {
    Recover {
        path: PathBuf,
        recovered: Box<Recovered>,
    },
    Locked {
        path: PathBuf,
        holder: Holder,
        opened: Box<Opened>,
    },
    /// The file changed on disk; `saving` when the user had asked to save over it.
    External { path: PathBuf, saving: bool },
    Repair {
        path: PathBuf,
        problem: String,
        project: Box<Project>,
        fixes: Vec<String>,
    },
}

#[derive(Clone, Debug, PartialEq)]
enum SaveStatus {
    Idle,
    Saving(PathBuf),
    Saved,
    Failed,
}

/// The window's safety state: one per app.
pub struct Safety {
    worker: SaveWorker,
    seq: u64,
    /// The save in flight: its sequence number, path and history generation.
    pending: Option<(u64, PathBuf, u64)>,
    lock: Option<Lock>,
    /// The open file, as last read or written.
    path: Option<PathBuf>,
    stamp: Option<FileStamp>,
    /// Opened read-only: edits and Save are refused; Save As works.
    pub read_only: bool,
    prompt: Option<Prompt>,
    /// The question was drawn at least once (a new one needs one more frame).
    prompt_drawn: bool,
    status: SaveStatus,
    /// How many backups each save keeps.
    pub backups: usize,
    /// Seconds after the last change before the recovery file is written.
    pub autosave_after: f64,
    /// Where a project that has no file yet (the sample, a new project) keeps its recovery file:
    /// a stand-in project path in Gloss's data folder. `None` turns that autosave off.
    pub untitled: Option<PathBuf>,
    seen_generation: u64,
    changed_at: f64,
    autosaved_generation: u64,
    applied_at_save: usize,
    last_check: f64,
    clean: bool,
    opening: Option<Opening>,
}

impl Default for Safety {
    fn default() -> Self {
        Self {
            worker: SaveWorker::new(),
            seq: 0,
            pending: None,
            lock: None,
            path: None,
            stamp: None,
            read_only: false,
            prompt: None,
            prompt_drawn: false,
            status: SaveStatus::Idle,
            backups: std::env::var("GLOSS_BACKUPS")
                .ok()
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(store::backup::DEFAULT_COUNT),
            autosave_after: AUTOSAVE_AFTER_S,
            untitled: None,
            seen_generation: 0,
            changed_at: 0.0,
            autosaved_generation: 0,
            applied_at_save: 0,
            last_check: 0.0,
            clean: true,
            opening: None,
        }
    }
}

impl Drop for Safety {
    fn drop(&mut self) {
        // A clean close needs no recovery file; after unsaved changes it stays for next time.
        if self.clean
            && let Some(p) = self.path.as_ref().or(self.untitled.as_ref())
            && !self.read_only
        {
            store::remove_recovery(p);
        }
    }
}

impl Safety {
    /// Is a safety question waiting for an answer?
    pub fn is_asking(&self) -> bool {
        self.prompt.is_some()
    }

    /// Does a new question need a frame to appear? (Asked after actions are applied.)
    pub fn needs_frame(&self) -> bool {
        (self.prompt.is_some() && !self.prompt_drawn) || self.opening.is_some()
    }

    /// The large file being read while its preview is shown, if any.
    pub fn opening(&self) -> Option<&Path> {
        self.opening.as_ref().map(|o| o.path.as_path())
    }

    pub fn is_saving(&self) -> bool {
        self.pending.is_some()
    }

    /// The user chose to drop unsaved changes: the recovery file is set aside (kept as
    /// `.NAME.gloss.recovery.discarded`), so it is not offered again.
    pub fn discard_recovery(&mut self) {
        if let Some(p) = self.path.as_ref().or(self.untitled.as_ref())
            && !self.read_only
        {
            store::set_recovery_aside(p);
        }
    }

    /// Offers the work of a never-saved project found in the untitled recovery file (after a
    /// crash or kill). Returns whether a question is now waiting.
    pub fn offer_untitled_recovery(&mut self) -> bool {
        let Some(path) = self.untitled.clone() else {
            return false;
        };
        if let Ok(Some(recovered)) = store::find_recovery(&path, None) {
            self.prompt = Some(Prompt::Recover {
                path,
                recovered: Box::new(recovered),
            });
            self.prompt_drawn = false;
        }
        self.prompt.is_some()
    }

    /// Forgets the open file (a new project, the sample).
    pub fn detach(&mut self) {
        self.applied_at_save = 0;
        self.lock = None;
        self.path = None;
        self.stamp = None;
        self.read_only = false;
    }

    /// Opens `path`: straight away, or after a question (locked, damaged, recovery).
    /// A file of [`PREVIEW_FROM_BYTES`] or more is read on another thread: the answer is then
    /// a [`Answer::Preview`], and [`Self::tick`] carries on when the file is read.
    pub fn open(&mut self, path: &Path) -> Option<Answer> {
        if let Some(preview) = self.start_opening(path) {
            return Some(preview);
        }
        self.opened_result(path, store::open(path))
    }

    /// Carries on with a file read (see [`Self::open`]).
    fn opened_result(
        &mut self,
        path: &Path,
        result: Result<Opened, store::StoreError>,
    ) -> Option<Answer> {
        match result {
            Ok(opened) => {
                if let Some(holder) = store::lock_holder(path) {
                    self.prompt = Some(Prompt::Locked {
                        path: path.to_owned(),
                        holder,
                        opened: Box::new(opened),
                    });
                    return None;
                }
                let lock = Lock::acquire(path).unwrap_or_else(|_| Lock::take(path));
                Some(self.opened(path, opened, Some(lock)))
            }
            Err(e @ store::StoreError::Invalid { .. }) => match store::load_repaired(path) {
                Ok((project, fixes)) => {
                    self.prompt = Some(Prompt::Repair {
                        path: path.to_owned(),
                        problem: e.to_string(),
                        project: Box::new(project),
                        fixes,
                    });
                    None
                }
                Err(_) => Some(Answer::Error(e.to_string())),
            },
            Err(e) => Some(Answer::Error(e.to_string())),
        }
    }

    fn opened(&mut self, path: &Path, opened: Opened, lock: Option<Lock>) -> Answer {
        self.read_only = lock.is_none();
        self.lock = lock;
        self.applied_at_save = 0;
        self.path = Some(path.to_owned());
        self.stamp = Some(opened.stamp);
        self.status = SaveStatus::Idle;
        let mut note = format!("Opened {}", path.display());
        if self.read_only {
            note.push_str(" read-only: another Gloss has it open. Save As to keep changes.");
        }
        if let Some((copy, steps)) = &opened.migrated {
            note = format!(
                "{note}. Upgraded from format {} ({}); the original is kept as {}.",
                opened.version,
                steps.join("; "),
                copy.display()
            );
        }
        if !self.read_only {
            match store::find_recovery(path, Some(&opened.project)) {
                Ok(Some(r)) => {
                    self.prompt = Some(Prompt::Recover {
                        path: path.to_owned(),
                        recovered: Box::new(r),
                    })
                }
                Ok(None) => {}
                Err(e) => {
                    note = format!(
                        "{note}. A recovery file was found but cannot be read ({e}); it was left \
                         in place."
                    )
                }
            }
        }
        Answer::Load {
            project: Box::new(opened.project),
            path: path.to_owned(),
            unsaved: false,
            note,
        }
    }

    /// Starts saving `project` to `path`; finishes within a moment for ordinary projects, else in
    /// the background (see [`Self::tick`]).
    pub fn save(&mut self, project: &Project, path: &Path, history: &History) -> Option<Answer> {
        self.save_inner(project, path, history, false)
    }

    fn save_inner(
        &mut self,
        project: &Project,
        path: &Path,
        history: &History,
        force: bool,
    ) -> Option<Answer> {
        let same_file = self.path.as_deref() == Some(path);
        if self.read_only && same_file {
            return Some(Answer::Error(format!(
                "{} is open read-only because another Gloss has it open. Your changes are still \
                 here: use Save As to write them to another file.",
                path.display()
            )));
        }
        if self.pending.is_some() {
            return Some(Answer::Error(
                "A save is still running; try again in a moment. Your work is still open.".into(),
            ));
        }
        if !force
            && same_file
            && let Some(stamp) = &self.stamp
            && stamp.changed(path)
        {
            self.prompt = Some(Prompt::External {
                path: path.to_owned(),
                saving: true,
            });
            return None;
        }
        self.seq += 1;
        self.pending = Some((self.seq, path.to_owned(), history.generation()));
        self.status = SaveStatus::Saving(path.to_owned());
        let job = Job {
            seq: self.seq,
            kind: JobKind::Save,
            path: path.to_owned(),
            copy: store::SaveCopy::of(project),
            backups: self.backups,
            changes: 0,
        };
        if let Some(done) = self.worker.send(job) {
            return self.finished(done, history);
        }
        // Most saves take milliseconds: wait that long so the result shows at once.
        while let Some(done) = self.worker.wait(SAVE_WAIT) {
            let was_save = done.kind == JobKind::Save;
            let answer = self.finished(done, history);
            if was_save {
                return answer;
            }
        }
        None
    }

    /// Saves and waits for the result (before closing or opening another project).
    pub fn save_blocking(
        &mut self,
        project: &Project,
        path: &Path,
        history: &History,
    ) -> Vec<Answer> {
        let mut out: Vec<Answer> = self.save(project, path, history).into_iter().collect();
        while self.pending.is_some() {
            if let Some(done) = self.worker.wait(Duration::from_secs(1)) {
                out.extend(self.finished(done, history));
            }
        }
        out
    }

    fn finished(&mut self, done: store::Done, history: &History) -> Option<Answer> {
        match done.kind {
            JobKind::Recovery => {
                // A failed autosave is retried at the next change; the save itself reports.
                None
            }
            JobKind::Save => {
                let generation = match &self.pending {
                    Some((seq, _, g)) if *seq == done.seq => *g,
                    _ => return None,
                };
                self.pending = None;
                match done.result {
                    Ok(stamp) => {
                        if self.path.as_deref() != Some(done.path.as_path()) {
                            // Save As: this window now writes the new file.
                            self.lock = Some(
                                Lock::acquire(&done.path)
                                    .unwrap_or_else(|_| Lock::take(&done.path)),
                            );
                            self.read_only = false;
                        }
                        store::remove_recovery(&done.path);
                        if self.path.is_none()
                            && let Some(u) = &self.untitled
                        {
                            // The never-saved project now has a file of its own.
                            store::remove_recovery(u);
                        }
                        self.path = Some(done.path.clone());
                        self.stamp = Some(stamp);
                        self.status = SaveStatus::Saved;
                        self.applied_at_save = history.applied();
                        self.autosaved_generation = generation;
                        Some(Answer::Saved {
                            path: done.path,
                            generation,
                        })
                    }
                    Err(e) => {
                        self.status = SaveStatus::Failed;
                        // Write the recovery file now rather than after the next change.
                        self.autosaved_generation = u64::MAX;
                        Some(Answer::Error(format!(
                            "{e} Nothing was lost: your work is still open in this window (and \
                             goes to the recovery file while the folder can be written). Free \
                             some space, check the folder can be written, or use Save As to save \
                             somewhere else."
                        )))
                    }
                }
            }
        }
    }

    /// Once per frame: collects finished saves, writes the recovery file when changes have
    /// settled, and checks the file for changes by other programs.
    pub fn tick(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        history: &History,
    ) -> Vec<Answer> {
        let mut out = Vec::new();
        while let Some(done) = self.worker.poll() {
            out.extend(self.finished(done, history));
        }
        out.extend(self.poll_opening(ctx));
        let now = ctx.input(|i| i.time);
        self.clean = !history.is_modified();
        if history.generation() != self.seen_generation {
            self.seen_generation = history.generation();
            self.changed_at = now;
        }
        if self.pending.is_some() {
            ctx.request_repaint_after(Duration::from_millis(50));
        }
        let Some(path) = self.path.clone().or_else(|| self.untitled.clone()) else {
            return out;
        };
        if self.read_only {
            return out;
        }
        // No recovery file while a save runs: the save writes the same work (and a failed one
        // asks for the recovery file at once), and a second copy of the project for the worker
        // would only add to the memory a save takes.
        if history.is_modified()
            && history.generation() != self.autosaved_generation
            && self.pending.is_none()
        {
            let wait = self.autosave_after - (now - self.changed_at);
            if wait <= 0.0 {
                self.autosaved_generation = history.generation();
                self.seq += 1;
                let job = Job {
                    seq: self.seq,
                    kind: JobKind::Recovery,
                    path: path.clone(),
                    copy: store::SaveCopy::of(project),
                    backups: 0,
                    changes: history.applied().abs_diff(self.applied_at_save),
                };
                let _ = self.worker.send(job);
            } else {
                ctx.request_repaint_after(Duration::from_secs_f64(wait));
            }
        }
        if self.prompt.is_none() && self.pending.is_none() && now - self.last_check >= CHECK_EVERY_S
        {
            self.last_check = now;
            if self.stamp.as_ref().is_some_and(|s| s.changed(&path)) {
                self.prompt = Some(Prompt::External {
                    path,
                    saving: false,
                });
            }
        }
        if self.path.is_some() {
            ctx.request_repaint_after(Duration::from_secs_f64(CHECK_EVERY_S));
        }
        out
    }

    /// The save indicator for the status bar.
    pub fn status_ui(&self, ui: &mut egui::Ui) {
        if self.opening.is_some() {
            ui.label("Reading the whole file…");
            ui.spinner();
            return;
        }
        let text = match &self.status {
            SaveStatus::Idle if self.read_only => "Read-only".to_owned(),
            SaveStatus::Idle => String::new(),
            SaveStatus::Saving(p) => format!(
                "Saving {}…",
                p.file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
            ),
            SaveStatus::Saved if self.read_only => "Read-only".to_owned(),
            SaveStatus::Saved => "All changes saved".to_owned(),
            SaveStatus::Failed => "Save failed: work kept in memory".to_owned(),
        };
        if !text.is_empty() {
            let rich = RichText::new(text);
            let rich = if self.status == SaveStatus::Failed {
                rich.color(ui.visuals().error_fg_color)
            } else {
                rich.weak()
            };
            ui.label(rich);
        }
    }

    /// Shows the waiting question, if any; returns what the answer asks for.
    pub fn dialogs_ui(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        history: &History,
    ) -> Vec<Answer> {
        let Some(prompt) = self.prompt.take() else {
            self.prompt_drawn = false;
            return Vec::new();
        };
        self.prompt_drawn = true;
        let mut choice = None;
        let untitled = self.untitled.clone();
        egui::Modal::new(egui::Id::unique("safety")).show(ctx, |ui| {
            ui.set_max_width(560.0);
            let mut button = |ui: &mut egui::Ui, label: &str, c: Choice| {
                if ui.button(label).clicked() {
                    choice = Some(c);
                }
            };
            match &prompt {
                Prompt::Recover { path, recovered } if untitled.as_ref() == Some(path) => {
                    ui.heading("Recover unsaved work?");
                    ui.label(
                        "Gloss did not close normally last time, with work in a project that was \
                         never saved to a file.",
                    );
                    ui.label(recovered.describe_unsaved_project());
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        button(ui, "Restore unsaved work", Choice::Restore);
                        button(ui, "Discard it", Choice::KeepSaved);
                    });
                }
                Prompt::Recover { path, recovered } => {
                    ui.heading("Recover unsaved work?");
                    ui.label(format!(
                        "Gloss did not close normally the last time {} was open.",
                        path.display()
                    ));
                    ui.label(recovered.describe());
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        button(ui, "Restore unsaved work", Choice::Restore);
                        button(ui, "Keep the saved file", Choice::KeepSaved);
                    });
                }
                Prompt::Locked { path, holder, .. } => {
                    ui.heading("Project already open");
                    ui.label(format!(
                        "{} is open in {holder}. Two windows writing one file would overwrite \
                         each other's work.",
                        path.display()
                    ));
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        button(ui, "Open read-only", Choice::ReadOnly);
                        button(
                            ui,
                            "Open anyway (the other window is gone)",
                            Choice::TakeOver,
                        );
                        button(ui, "Cancel", Choice::Cancel);
                    });
                }
                Prompt::External { path, saving } => {
                    ui.heading("The project file changed on disk");
                    let gone = !path.exists();
                    ui.label(if gone {
                        format!(
                            "{} was moved or deleted by another program. Your work is still \
                             open here.",
                            path.display()
                        )
                    } else {
                        format!(
                            "Another program (a sync client, another Gloss, an editor) changed \
                             {} since Gloss last read or saved it.",
                            path.display()
                        )
                    });
                    ui.label(if *saving {
                        "Saving now would overwrite those changes; nothing was saved."
                    } else {
                        "Gloss has not overwritten anything."
                    });
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if gone {
                            button(ui, "Save it again here", Choice::Overwrite);
                        } else {
                            button(ui, "Overwrite with my version", Choice::Overwrite);
                            button(
                                ui,
                                "Reload from disk (drop my unsaved changes)",
                                Choice::Reload,
                            );
                        }
                        button(ui, "Save mine as another file…", Choice::SaveAs);
                        button(ui, "Decide later", Choice::Later);
                    });
                }
                Prompt::Repair {
                    path,
                    problem,
                    fixes,
                    ..
                } => {
                    ui.heading("The project file is damaged");
                    ui.label(problem);
                    ui.add_space(4.0);
                    ui.label(format!(
                        "Gloss can repair it by changing only the broken items ({}):",
                        fixes.len()
                    ));
                    egui::ScrollArea::vertical()
                        .max_height(220.0)
                        .show(ui, |ui| {
                            for f in fixes {
                                ui.label(format!("• {f}"));
                            }
                        });
                    ui.label(format!(
                        "The file itself is not changed until you save; the damaged version is \
                         then kept as backup 1 in {}.",
                        store::backup::folder(path).display()
                    ));
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        button(ui, "Open repaired project", Choice::Repair);
                        button(ui, "Cancel", Choice::Cancel);
                    });
                }
            }
        });
        let Some(choice) = choice else {
            self.prompt = Some(prompt);
            return Vec::new();
        };
        self.prompt_drawn = false;
        self.answer(prompt, choice, project, history)
    }

    fn answer(
        &mut self,
        prompt: Prompt,
        choice: Choice,
        project: &Project,
        history: &History,
    ) -> Vec<Answer> {
        let mut out = Vec::new();
        match (prompt, choice) {
            (_, Choice::Cancel) => {}
            (Prompt::Recover { path, recovered }, Choice::Restore)
                if self.untitled.as_ref() == Some(&path) =>
            {
                out.push(Answer::Untitled {
                    project: Box::new(recovered.project),
                    note: "Restored unsaved work of a project that was never saved; use Save As \
                           to keep it."
                        .into(),
                })
            }
            (Prompt::Recover { path, recovered }, Choice::Restore) => out.push(Answer::Load {
                project: Box::new(recovered.project),
                path,
                unsaved: true,
                note: "Restored unsaved work from the recovery file; Save to keep it.".into(),
            }),
            (Prompt::Recover { path, .. }, _) => store::set_recovery_aside(&path),
            (Prompt::Locked { path, opened, .. }, c) => {
                let lock = (c == Choice::TakeOver).then(|| Lock::take(&path));
                out.push(self.opened(&path, *opened, lock));
            }
            (Prompt::External { path, .. }, Choice::Overwrite) => {
                out.extend(self.save_inner(project, &path, history, true));
            }
            (Prompt::External { path, .. }, Choice::Reload) => match store::open(&path) {
                Ok(o) => {
                    self.stamp = Some(o.stamp);
                    out.push(Answer::Load {
                        project: Box::new(o.project),
                        path: path.clone(),
                        unsaved: false,
                        note: format!("Reloaded {} from disk", path.display()),
                    });
                }
                Err(e) => out.push(Answer::Error(e.to_string())),
            },
            (Prompt::External { .. }, Choice::SaveAs) => out.push(Answer::SaveAs),
            (Prompt::External { path, .. }, _) => {
                // Ask again only after the next change on disk.
                self.stamp = std::fs::read(&path)
                    .ok()
                    .map(|b| FileStamp::of_bytes(&path, &b));
            }
            (
                Prompt::Repair {
                    path,
                    project,
                    fixes,
                    ..
                },
                _,
            ) => {
                self.detach();
                self.lock = Some(Lock::acquire(&path).unwrap_or_else(|_| Lock::take(&path)));
                self.stamp = std::fs::read(&path)
                    .ok()
                    .map(|b| FileStamp::of_bytes(&path, &b));
                self.path = Some(path.clone());
                out.push(Answer::Load {
                    project,
                    path,
                    unsaved: true,
                    note: format!("Repaired {} items; Save to keep the repair.", fixes.len()),
                });
            }
        }
        out
    }

    /// Answers the waiting question as if its button was clicked (tests, scripted use).
    pub fn choose(&mut self, choice: Choice, project: &Project, history: &History) -> Vec<Answer> {
        match self.prompt.take() {
            Some(p) => {
                self.prompt_drawn = false;
                self.answer(p, choice, project, history)
            }
            None => Vec::new(),
        }
    }

    /// The waiting question's kind, for tests: "recover", "locked", "external" or "repair".
    pub fn asking(&self) -> Option<&'static str> {
        self.prompt.as_ref().map(|p| match p {
            Prompt::Recover { .. } => "recover",
            Prompt::Locked { .. } => "locked",
            Prompt::External { .. } => "external",
            Prompt::Repair { .. } => "repair",
        })
    }
}

/// The buttons of the safety questions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    Restore,
    KeepSaved,
    ReadOnly,
    TakeOver,
    Overwrite,
    Reload,
    SaveAs,
    Later,
    Repair,
    Cancel,
}
