//! The import dialog: files are read on a background thread (progress bar, Cancel); the user
//! previews the detected turns and speakers per file, picks or corrects the speaker pattern, sets
//! attributes for the whole batch and marks interviewers; Import adds every readable file and its
//! new participants as ONE undo step, and a summary lists each file's outcome.

use super::action::Action;
use super::widgets::labelled_combo;
use crate::import::{self, BatchSettings, Extracted, Format, ImportError, Imported, Pattern};
use crate::model::Project;
use egui::RichText;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// One file of the batch.
#[derive(Clone, Debug)]
pub enum FileState {
    Waiting,
    Read(Format, Box<Extracted>),
    Failed(String),
    Cancelled,
}

type Message = (usize, Result<(Format, Extracted), ImportError>);

/// Files being read off the UI thread.
struct Job {
    rx: Receiver<Message>,
    cancel: Arc<AtomicBool>,
}

/// The dialog's state; closed while `files` is empty.
#[derive(Default)]
pub struct ImportDialog {
    files: Vec<(PathBuf, FileState)>,
    job: Option<Job>,
    /// The speaker pattern of each file (`Auto` until the user picks one).
    patterns: Vec<Pattern>,
    /// Each file split into turns with its pattern; rebuilt only when a file or pattern changes.
    cache: Option<Rc<Vec<Result<Imported, String>>>>,
    /// Batch attributes as editable rows (key, value).
    attributes: Vec<(String, String)>,
    interviewers: BTreeSet<String>,
    /// Speakers whose interviewer mark the user has seen (new names get the default mark once).
    marked: BTreeSet<String>,
    preview: usize,
    /// After Import: one line per file.
    summary: Option<Vec<String>>,
    /// Files whose text is already in the project that the user chose to import as a copy
    /// (the others are skipped).
    copies: BTreeSet<usize>,
    /// For each file of `cache`, the document already holding its text (id, title).
    duplicates: Option<(Built, Rc<Duplicates>)>,
}

/// Each file of the batch parsed with its pattern (or why it cannot be imported).
type Built = Rc<Vec<Result<Imported, String>>>;

/// For each file, the document of the project (or an earlier file of the batch) with its text.
type Duplicates = Vec<Option<(crate::model::DocId, String)>>;

impl ImportDialog {
    pub fn is_open(&self) -> bool {
        !self.files.is_empty()
    }

    /// Is a background read still running?
    pub fn is_reading(&self) -> bool {
        self.job.is_some()
    }

    /// Starts reading `paths` in the background and opens the dialog.
    pub fn open(&mut self, paths: Vec<PathBuf>) {
        if let Some(job) = self.job.take() {
            job.cancel.store(true, Ordering::Relaxed);
        }
        let (tx, rx) = channel::<Message>();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = cancel.clone();
        let work = paths.clone();
        std::thread::spawn(move || {
            for (i, path) in work.iter().enumerate() {
                if flag.load(Ordering::Relaxed) {
                    break;
                }
                let name = path.display().to_string();
                let result = std::fs::read(path)
                    .map_err(|e| ImportError::Read {
                        file: name.clone(),
                        reason: crate::store::words::io(&e),
                    })
                    .and_then(|bytes| import::extract(&name, &bytes));
                if tx.send((i, result)).is_err() {
                    break;
                }
            }
        });
        *self = Self {
            patterns: vec![Pattern::Auto; paths.len()],
            files: paths.into_iter().map(|p| (p, FileState::Waiting)).collect(),
            job: Some(Job { rx, cancel }),
            attributes: vec![
                ("site".to_owned(), String::new()),
                ("round".to_owned(), String::new()),
            ],
            ..Self::default()
        };
    }

    /// Stops the background read; files not read yet are left out.
    pub fn cancel(&mut self) {
        if let Some(job) = self.job.take() {
            job.cancel.store(true, Ordering::Relaxed);
        }
        for (_, s) in &mut self.files {
            if matches!(s, FileState::Waiting) {
                *s = FileState::Cancelled;
            }
        }
        self.cache = None;
    }

    /// Takes what the background thread has finished.
    pub fn poll(&mut self) {
        let Some(job) = &self.job else { return };
        loop {
            match job.rx.try_recv() {
                Ok((i, result)) => {
                    self.cache = None;
                    if let Some((_, state)) = self.files.get_mut(i) {
                        *state = match result {
                            Ok((f, e)) => FileState::Read(f, Box::new(e)),
                            Err(e) => FileState::Failed(e.to_string()),
                        };
                    }
                }
                Err(TryRecvError::Empty) => return,
                Err(TryRecvError::Disconnected) => {
                    self.job = None;
                    self.cache = None;
                    for (_, s) in &mut self.files {
                        if matches!(s, FileState::Waiting) {
                            *s = FileState::Failed("reading stopped unexpectedly".to_owned());
                        }
                    }
                    return;
                }
            }
        }
    }

    /// Sets the speaker pattern of every file.
    pub fn set_pattern(&mut self, pattern: Pattern) {
        self.patterns.iter_mut().for_each(|p| *p = pattern);
        self.cache = None;
    }

    /// Sets a batch attribute (a row is added for a new key).
    pub fn set_attribute(&mut self, key: &str, value: &str) {
        match self.attributes.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = value.to_owned(),
            None => self.attributes.push((key.to_owned(), value.to_owned())),
        }
    }

    pub fn set_interviewer(&mut self, name: &str, on: bool) {
        self.marked.insert(name.to_owned());
        if on {
            self.interviewers.insert(name.to_owned());
        } else {
            self.interviewers.remove(name);
        }
    }

    pub fn summary(&self) -> Option<&[String]> {
        self.summary.as_deref()
    }

    /// The title of the document that already holds file `i`'s text, if any.
    pub fn duplicate_of(&mut self, project: &Project, i: usize) -> Option<String> {
        let built = self.built();
        self.duplicates(project, &built)
            .get(i)
            .cloned()
            .flatten()
            .map(|(_, t)| t)
    }

    /// Imports file `i` although its text is already in the project (`true`), or skips it.
    pub fn set_import_as_copy(&mut self, i: usize, copy: bool) {
        if copy {
            self.copies.insert(i);
        } else {
            self.copies.remove(&i);
        }
        self.duplicates = None;
    }

    /// Which files repeat a document of the project or an earlier file of the batch; worked out
    /// again only when the files or their patterns change.
    fn duplicates(
        &mut self,
        project: &Project,
        built: &Rc<Vec<Result<Imported, String>>>,
    ) -> Rc<Duplicates> {
        if let Some((b, d)) = &self.duplicates
            && Rc::ptr_eq(b, built)
        {
            return d.clone();
        }
        let mut known = import::duplicates::Known::of(project);
        let found: Duplicates = built
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let imp = r.as_ref().ok()?;
                let found = known.find(&imp.document);
                if found.is_none() || self.copies.contains(&i) {
                    known.add(&imp.document);
                }
                found.map(|(id, title)| {
                    // A repeat within the batch names the file it repeats.
                    let in_batch = built.iter().take(i).flatten().find(|b| b.document.id == id);
                    (id, in_batch.map_or(title, |b| b.document.source.clone()))
                })
            })
            .collect();
        let found = Rc::new(found);
        self.duplicates = Some((built.clone(), found.clone()));
        found
    }

    /// Files that will be added: read, and either new or chosen to be imported as a copy.
    fn will_import(&self, i: usize, built: &[Result<Imported, String>], dup: &Duplicates) -> bool {
        built.get(i).is_some_and(Result::is_ok)
            && (dup.get(i).is_none_or(Option::is_none) || self.copies.contains(&i))
    }

    /// Each file parsed with the current pattern.
    fn built(&mut self) -> Rc<Vec<Result<Imported, String>>> {
        if let Some(cache) = &self.cache {
            return cache.clone();
        }
        let patterns = &self.patterns;
        let built: Vec<Result<Imported, String>> = self
            .files
            .iter()
            .enumerate()
            .map(|(i, (path, state))| match state {
                FileState::Read(format, extracted) => import::build(
                    &path.display().to_string(),
                    *format,
                    extracted,
                    patterns.get(i).copied().unwrap_or_default(),
                )
                .map_err(|e| e.to_string()),
                FileState::Failed(e) => Err(e.clone()),
                FileState::Waiting => Err(format!("{}: not read yet", path.display())),
                FileState::Cancelled => Err(format!("{}: cancelled, not imported", path.display())),
            })
            .collect();
        let built = Rc::new(built);
        self.cache = Some(built.clone());
        built
    }

    /// Gives new speakers their default interviewer mark (once, so the user's choice stays).
    fn mark_new_speakers(&mut self, project: &Project, built: &[Result<Imported, String>]) {
        let names: Vec<String> = built
            .iter()
            .flatten()
            .flat_map(Imported::speakers)
            .filter(|n| !self.marked.contains(n))
            .collect();
        let marks = import::default_interviewers(project, names.iter().map(String::as_str));
        for n in names {
            self.marked.insert(n);
        }
        self.interviewers.extend(marks);
    }

    /// Adds every file that was read as one edit and fills in the summary.
    pub fn import(&mut self, project: &Project, actions: &mut Vec<Action>) {
        let built = self.built();
        self.mark_new_speakers(project, &built);
        let dup = self.duplicates(project, &built);
        let mut summary = Vec::new();
        let mut docs = Vec::new();
        for (i, ((path, _), result)) in self.files.iter().zip(built.iter()).enumerate() {
            match result {
                Ok(_) if !self.will_import(i, &built, &dup) => {
                    let title = dup.get(i).cloned().flatten().map(|(_, t)| t);
                    summary.push(format!(
                        "Skipped {}: its text is already in the project as “{}”",
                        path.display(),
                        title.unwrap_or_default()
                    ));
                }
                Ok(imported) => {
                    let mut line = format!(
                        "Imported {}: {}",
                        path.display(),
                        import::summary_line(imported)
                    );
                    for w in &imported.warnings {
                        line.push_str(&format!("; note: {w}"));
                    }
                    summary.push(line);
                    docs.push(imported.document.clone());
                }
                Err(e) => summary.push(format!("Not imported: {e}")),
            }
        }
        let n = docs.len();
        if let Some(first) = docs.first().map(|d| d.id) {
            let settings = BatchSettings {
                attributes: self.attributes.iter().cloned().collect(),
                interviewers: self.interviewers.clone(),
            };
            let edit = import::plan_batch(project, docs, &settings);
            let label = if n == 1 {
                "Import 1 transcript".to_owned()
            } else {
                format!("Import {n} transcripts")
            };
            actions.push(Action::edit(edit, label));
            actions.push(Action::SelectDocument(first));
        }
        self.summary = Some(summary);
    }

    fn close(&mut self) {
        self.cancel();
        *self = Self::default();
    }

    /// Draws the dialog while it is open.
    pub fn ui(&mut self, ctx: &egui::Context, project: &Project, actions: &mut Vec<Action>) {
        drop_hint_ui(ctx);
        if !self.is_open() {
            return;
        }
        self.poll();
        if self.job.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        let mut close = false;
        let r = egui::Modal::new(egui::Id::unique("import dialog")).show(ctx, |ui| {
            ui.set_width(760.0_f32.min(ctx.content_rect().width() - 60.0));
            if let Some(summary) = &self.summary {
                ui.heading("Import finished");
                egui::ScrollArea::vertical()
                    .max_height(400.0)
                    .show(ui, |ui| {
                        for line in summary {
                            ui.label(line);
                        }
                    });
                if ui.button("Close").clicked() {
                    close = true;
                }
                return;
            }
            ui.heading(format!("Import {} transcripts", self.files.len()));
            let done = self
                .files
                .iter()
                .filter(|(_, s)| !matches!(s, FileState::Waiting))
                .count();
            if self.job.is_some() {
                ui.horizontal(|ui| {
                    ui.add(
                        egui::ProgressBar::new(done as f32 / self.files.len().max(1) as f32)
                            .text(format!("Reading {done} of {}", self.files.len()))
                            .desired_width(500.0),
                    );
                    if ui.button("Cancel").clicked() {
                        self.cancel();
                    }
                });
            }
            let built = self.built();
            self.mark_new_speakers(project, &built);
            // The body scrolls so the buttons stay on screen in a small window.
            let body_height = (ctx.content_rect().height() - 170.0).max(200.0);
            egui::ScrollArea::vertical()
                .id_salt("import body")
                .max_height(body_height)
                .show(ui, |ui| {
                    self.files_ui(ui, &built);
                    self.duplicates_ui(ui, project, &built);
                    ui.separator();
                    self.preview_ui(ui, &built);
                    ui.separator();
                    self.settings_ui(ui, project, &built);
                });
            ui.separator();
            let dup = self.duplicates(project, &built);
            let ok = (0..built.len())
                .filter(|i| self.will_import(*i, &built, &dup))
                .count();
            let skipped = built.iter().filter(|b| b.is_ok()).count() - ok;
            ui.horizontal(|ui| {
                let ready = self.job.is_none() && ok > 0;
                let text = if ok == 1 {
                    "Import 1 file".to_owned()
                } else {
                    format!("Import {ok} files")
                };
                if ui.add_enabled(ready, egui::Button::new(text)).clicked() {
                    self.import(project, actions);
                }
                if ui.button("Close").clicked() {
                    close = true;
                }
                if self.job.is_none() && skipped > 0 {
                    ui.label(RichText::new(match skipped {
                        1 => "1 file already in the project is skipped".to_owned(),
                        n => format!("{n} files already in the project are skipped"),
                    }));
                }
                if self.job.is_none() && ok + skipped < built.len() {
                    ui.label(
                        RichText::new(match built.len() - ok - skipped {
                            1 => "1 file cannot be imported; nothing from it is added".to_owned(),
                            n => {
                                format!("{n} files cannot be imported; nothing from them is added")
                            }
                        })
                        .weak(),
                    );
                }
            });
        });
        if close || (r.should_close() && self.job.is_none()) {
            self.close();
        }
    }

    fn files_ui(&mut self, ui: &mut egui::Ui, built: &[Result<Imported, String>]) {
        egui::ScrollArea::vertical()
            .id_salt("import files")
            .max_height(140.0)
            .show(ui, |ui| {
                for (i, ((path, state), result)) in self.files.iter().zip(built).enumerate() {
                    let name = path.file_name().map_or_else(
                        || path.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                    let outcome = match (state, result) {
                        (FileState::Waiting, _) => "reading…".to_owned(),
                        (_, Ok(imp)) => import::summary_line(imp),
                        (_, Err(e)) => e.clone(),
                    };
                    let text = match result {
                        // Errors name the file already.
                        Err(_) if !matches!(state, FileState::Waiting) => outcome,
                        _ => format!("{name}: {outcome}"),
                    };
                    let text = if result.is_err() && !matches!(state, FileState::Waiting) {
                        RichText::new(text).color(ui.visuals().error_fg_color)
                    } else {
                        RichText::new(text)
                    };
                    if ui.selectable_label(self.preview == i, text).clicked() {
                        self.preview = i;
                    }
                }
            });
    }

    /// Each file whose text is already in the project: which document, and skip or copy.
    fn duplicates_ui(
        &mut self,
        ui: &mut egui::Ui,
        project: &Project,
        built: &Rc<Vec<Result<Imported, String>>>,
    ) {
        let dup = self.duplicates(project, built);
        let mut changes = Vec::new();
        for (i, found) in dup.iter().enumerate() {
            let (Some((_, title)), Some((path, _))) = (found, self.files.get(i)) else {
                continue;
            };
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            ui.label(
                RichText::new(format!(
                    "{name} has the same text as “{title}”, already in the project."
                ))
                .color(ui.visuals().warn_fg_color),
            );
            let mut copy = self.copies.contains(&i);
            ui.horizontal(|ui| {
                ui.radio_value(&mut copy, false, format!("Skip {name}"));
                ui.radio_value(&mut copy, true, format!("Import {name} as a copy"));
            });
            if copy != self.copies.contains(&i) {
                changes.push((i, copy));
            }
        }
        for (i, copy) in changes {
            self.set_import_as_copy(i, copy);
        }
    }

    fn preview_ui(&mut self, ui: &mut egui::Ui, built: &[Result<Imported, String>]) {
        let Some(current) = self.patterns.get(self.preview).copied() else {
            return;
        };
        let mut chosen = current;
        ui.horizontal(|ui| {
            labelled_combo(
                ui,
                "Speaker pattern of this file",
                "import pattern",
                current.label(),
                |ui| {
                    for p in Pattern::ALL {
                        ui.selectable_value(&mut chosen, p, p.label());
                    }
                },
            );
            if self.files.len() > 1
                && ui
                    .button("Use for all files")
                    .on_hover_text("Give every file of this batch the pattern of this file")
                    .clicked()
            {
                self.set_pattern(current);
            }
        });
        if chosen != current {
            if let Some(p) = self.patterns.get_mut(self.preview) {
                *p = chosen;
            }
            self.cache = None;
        }
        let Some(Ok(imp)) = built.get(self.preview) else {
            return;
        };
        if let Some(p) = imp.pattern
            && current == Pattern::Auto
        {
            ui.label(RichText::new(format!("Detected: {}", p.label())).weak());
        }
        for w in &imp.warnings {
            ui.label(RichText::new(format!("Note: {w}")).color(ui.visuals().warn_fg_color));
        }
        ui.label(format!("Preview of {}:", imp.document.source));
        egui::ScrollArea::vertical()
            .id_salt("import preview")
            .max_height(180.0)
            .show(ui, |ui| {
                for t in imp.document.turns().iter().take(12) {
                    let short: String = t.text.chars().take(160).collect();
                    ui.horizontal_wrapped(|ui| {
                        if let Some(time) = &t.time {
                            ui.label(RichText::new(&**time).weak());
                        }
                        ui.label(
                            RichText::new(t.speaker.as_deref().unwrap_or("(no speaker)")).strong(),
                        );
                        ui.label(short);
                    });
                }
            });
    }

    fn settings_ui(
        &mut self,
        ui: &mut egui::Ui,
        project: &Project,
        built: &[Result<Imported, String>],
    ) {
        ui.label(RichText::new("Attributes for every document of this batch").strong());
        let mut remove = None;
        for (i, (key, value)) in self.attributes.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                let l = ui.label("Attribute");
                ui.add(egui::TextEdit::singleline(key).desired_width(120.0))
                    .labelled_by(l.id);
                let l = ui.label("Value");
                ui.add(egui::TextEdit::singleline(value).desired_width(200.0))
                    .labelled_by(l.id);
                if ui.button("Remove").clicked() {
                    remove = Some(i);
                }
            });
        }
        if let Some(i) = remove {
            self.attributes.remove(i);
        }
        if ui.button("Add attribute").clicked() {
            self.attributes.push((String::new(), String::new()));
        }
        let mut names: Vec<String> = Vec::new();
        for imp in built.iter().flatten() {
            for n in imp.speakers() {
                if !names.contains(&n) {
                    names.push(n);
                }
            }
        }
        if names.is_empty() {
            return;
        }
        ui.label(RichText::new("Speakers (interviewer turns can be left out of counts)").strong());
        ui.horizontal_wrapped(|ui| {
            for n in names {
                let mut on = self.interviewers.contains(&n);
                let known = if project.participant(&n).is_some() {
                    " (already in project)"
                } else {
                    ""
                };
                if ui
                    .checkbox(&mut on, format!("{n} is an interviewer{known}"))
                    .changed()
                {
                    self.set_interviewer(&n, on);
                }
            }
        });
    }
}

/// While files are dragged over the window, says that dropping them imports them.
fn drop_hint_ui(ctx: &egui::Context) {
    let n = ctx.input(|i| i.raw.hovered_files.len());
    if n == 0 {
        return;
    }
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("drop hint"),
    ));
    let rect = ctx.content_rect();
    painter.rect_filled(rect, 0.0, egui::Color32::from_black_alpha(180));
    let text = if n == 1 {
        "Drop to import 1 file".to_owned()
    } else {
        format!("Drop to import {n} files")
    };
    painter.text(
        rect.center(),
        egui::Align2::CENTER_CENTER,
        text,
        egui::FontId::proportional(28.0),
        egui::Color32::WHITE,
    );
}
