//! The Search tab: find a word, a phrase, any or all of several words, or a regular expression
//! across the project (or the ticked documents), list the hits in context, and code all of them
//! (or the ticked ones) in one undo step, each widened to its word, sentence or turn.

use super::job::{self, Job};
use super::passages::{export_button, passages_ui};
use crate::model::CodeId;
use crate::query::search::{self, Hits, Kind, Options, SearchIndex, Unit};
use crate::ui::action::Action;
use crate::ui::view::View;
use egui::RichText;
use std::collections::BTreeSet;

#[derive(Default)]
pub struct SearchPanel {
    pub focus: bool,
    pattern: String,
    options: Options,
    index: SearchIndex,
    indexed_at: Option<u64>,
    job: Job<u64, Result<Hits, search::SearchError>>,
    asked: u64,
    /// The pattern and options of the hits shown.
    shown: Option<(String, Options)>,
    hits: Option<Hits>,
    /// How many documents the hits are in (counted once, not every frame).
    hit_documents: usize,
    error: Option<String>,
    ticked: BTreeSet<usize>,
    code: Option<CodeId>,
    unit: Unit,
    /// The plan of "Code hits" (what it was worked out for, and the edit it will push): worked
    /// out off the UI thread for a large project, and pushed as it is when the button is
    /// clicked, so the click costs nothing.
    preview: Option<(PreviewKey, search::CodePlan)>,
    preview_job: Job<PreviewKey, search::CodePlan>,
}

#[derive(Clone, PartialEq, Eq)]
struct PreviewKey {
    generation: u64,
    asked: u64,
    code: CodeId,
    unit: Unit,
    ticked: Vec<usize>,
    user: String,
}

impl SearchPanel {
    fn run(&mut self, ctx: &egui::Context, view: &View) {
        self.asked += 1;
        self.ticked.clear();
        self.preview = None;
        let pattern = self.pattern.clone();
        let options = self.options.clone();
        self.shown = Some((pattern.clone(), options.clone()));
        if job::small(view.project) {
            self.take(self.index.run(&pattern, &options));
        } else {
            let index = self.index.clone();
            self.job
                .start(ctx, self.asked, move || index.run(&pattern, &options));
        }
    }

    fn take(&mut self, result: Result<Hits, search::SearchError>) {
        match result {
            Ok(h) => {
                // Counted once here, not in every frame that shows them.
                self.hit_documents = h
                    .places
                    .iter()
                    .map(|p| p.document)
                    .collect::<BTreeSet<_>>()
                    .len();
                self.hits = Some(h);
                self.error = None;
            }
            Err(e) => {
                self.hits = None;
                self.error = Some(format!("Cannot search: {e}."));
            }
        }
    }

    /// The places to code: the ticked hits, or all of them.
    fn chosen(&self) -> Vec<crate::query::passage::Place> {
        let Some(h) = &self.hits else {
            return Vec::new();
        };
        if self.ticked.is_empty() {
            h.places.clone()
        } else {
            self.ticked
                .iter()
                .filter_map(|&i| h.places.get(i).copied())
                .collect()
        }
    }
}

fn options_ui(ui: &mut egui::Ui, o: &mut Options, view: &View) -> bool {
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        crate::ui::widgets::labelled_combo(ui, "Find as", "search kind", o.kind.label(), |ui| {
            for k in Kind::ALL {
                changed |= ui.selectable_value(&mut o.kind, k, k.label()).changed();
            }
        });
        changed |= ui.checkbox(&mut o.case_sensitive, "Match case").changed();
        changed |= ui.checkbox(&mut o.whole_words, "Whole words").changed();
        changed |= ui
            .checkbox(&mut o.skip_interviewers, "Leave out interviewers")
            .on_hover_text("Skip turns of participants marked as interviewers")
            .changed();
        changed |= ui
            .checkbox(&mut o.memos, "Memos too")
            .on_hover_text("Search the journal and memos as well")
            .changed();
        let n = view.project.documents.len();
        let label = match &o.documents {
            None => "All documents".to_owned(),
            Some(set) => format!("{} of {n} documents", set.len()),
        };
        ui.menu_button(label, |ui| {
            if ui.button("All documents").clicked() {
                o.documents = None;
                changed = true;
            }
            if ui.button("None").clicked() {
                o.documents = Some(BTreeSet::new());
                changed = true;
            }
            egui::ScrollArea::vertical()
                .max_height(300.0)
                .show(ui, |ui| {
                    for d in &view.project.documents {
                        let mut on = o.documents.as_ref().is_none_or(|s| s.contains(&d.id));
                        if ui.checkbox(&mut on, &d.title).changed() {
                            let set = o.documents.get_or_insert_with(|| {
                                view.project.documents.iter().map(|d| d.id).collect()
                            });
                            if on {
                                set.insert(d.id);
                            } else {
                                set.remove(&d.id);
                            }
                            changed = true;
                        }
                    }
                });
        });
    });
    changed
}

pub fn search_ui(
    ui: &mut egui::Ui,
    p: &mut SearchPanel,
    view: &mut View,
    shared: &mut job::Shared,
) -> Option<String> {
    let generation = view.history.generation();
    if p.indexed_at != Some(generation) {
        let changed = p.index.update(view.project);
        p.indexed_at = Some(generation);
        if changed && p.shown.is_some() {
            p.run(ui.ctx(), view);
        }
    }
    if let Some((asked, result)) = p.job.poll()
        && asked == p.asked
    {
        p.take(result);
    }
    let mut go = false;
    ui.horizontal(|ui| {
        let label = ui.label("Find");
        let field = ui.add(
            egui::TextEdit::singleline(&mut p.pattern)
                .hint_text("a word, a phrase, words or a regular expression")
                .desired_width(420.0),
        );
        let field = field
            .on_hover_text("Search the project (Ctrl+Shift+F); Enter searches")
            .labelled_by(label.id);
        if p.focus {
            field.request_focus();
            p.focus = false;
        }
        if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            go = true;
        }
        if ui.button("Search").clicked() {
            go = true;
        }
        if p.job.busy() {
            ui.spinner();
        }
    });
    if options_ui(ui, &mut p.options, view) && p.shown.is_some() {
        go = true;
    }
    if go {
        p.run(ui.ctx(), view);
    }
    if let Some(e) = &p.error {
        ui.colored_label(ui.visuals().error_fg_color, e);
        return None;
    }
    let Some(hits) = &p.hits else {
        ui.label(
            RichText::new(
                "Type what to look for and press Enter. Hits are listed with their document, \
                 paragraph and speaker; click one to open it, then code all hits at once below.",
            )
            .weak(),
        );
        return None;
    };
    let mut status = None;
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!(
                "{} hits in {} documents{}",
                hits.places.len(),
                p.hit_documents,
                if hits.memos.is_empty() {
                    String::new()
                } else {
                    format!(", {} in memos", hits.memos.len())
                }
            ))
            .strong(),
        );
        if let Some(s) = export_button(ui, view.project, &hits.places, "search hits") {
            status = Some(s);
        }
    });
    // Code the hits.
    let codes = crate::query::code_tree(view.project);
    if p.code.is_none_or(|c| view.project.code(c).is_none()) {
        p.code = codes.first().map(|(c, _)| *c);
    }
    ui.horizontal_wrapped(|ui| {
        let which = if p.ticked.is_empty() {
            "all hits".to_owned()
        } else {
            format!("the {} ticked hits", p.ticked.len())
        };
        let with = ui.label(format!("Code {which} with"));
        let name = p
            .code
            .and_then(|c| view.project.code(c))
            .map(|c| c.name.clone())
            .unwrap_or_else(|| "(no codes yet)".into());
        let combo = egui::ComboBox::from_id_salt("search code")
            .selected_text(name)
            .show_ui(ui, |ui| {
                for (id, depth) in &codes {
                    if let Some(c) = view.project.code(*id) {
                        ui.selectable_value(
                            &mut p.code,
                            Some(*id),
                            format!("{}{}", "  ".repeat(*depth), c.name),
                        );
                    }
                }
            });
        combo.response.labelled_by(with.id);
        crate::ui::widgets::labelled_combo(
            ui,
            "extended to",
            "search unit",
            p.unit.label(),
            |ui| {
                for u in Unit::ALL {
                    ui.selectable_value(&mut p.unit, u, u.label());
                }
            },
        );
        let Some(code) = p.code else { return };
        let key = PreviewKey {
            generation,
            asked: p.asked,
            code,
            unit: p.unit,
            ticked: p.ticked.iter().copied().collect(),
            user: view.user.to_owned(),
        };
        if let Some(done) = p.preview_job.poll() {
            p.preview = Some(done);
        }
        if p.preview.as_ref().is_none_or(|(k, _)| *k != key) && !p.preview_job.running(&key) {
            let chosen = p.chosen();
            if job::small(view.project) {
                let plan = search::plan_coding(view.project, &chosen, code, p.unit, view.user);
                p.preview = Some((key.clone(), plan));
            } else {
                // Widening thousands of hits takes a while: off the UI thread.
                let project = shared.get(view.project, generation);
                let (unit, user) = (p.unit, view.user.to_owned());
                p.preview_job.start(ui.ctx(), key.clone(), move || {
                    search::plan_coding(&project, &chosen, code, unit, &user)
                });
            }
        }
        let ready = p.preview.as_ref().is_some_and(|(k, _)| *k == key);
        let (n, already) = p
            .preview
            .as_ref()
            .map(|(_, plan)| (plan.codings, plan.already))
            .unwrap_or_default();
        let button = ui
            .add_enabled(
                ready && n > 0,
                egui::Button::new(format!("Code {n} passages")),
            )
            .on_hover_text("One undo step (Ctrl+Z undoes it)");
        if !ready {
            ui.spinner();
        }
        ui.label(
            RichText::new(if already > 0 {
                format!("{n} codings will be made; {already} already coded by you")
            } else {
                format!("{n} codings will be made")
            })
            .weak(),
        );
        // The plan worked out for exactly this project, these hits, code, unit and coder.
        if button.clicked()
            && let Some((_, plan)) = p.preview.take().filter(|(k, _)| *k == key)
            && let Some(edit) = plan.edit
        {
            let name = view
                .project
                .code(code)
                .map(|c| c.name.clone())
                .unwrap_or_default();
            view.push(Action::edit(
                edit,
                format!("Code {} search hits with \"{name}\"", plan.codings),
            ));
            status = Some(format!(
                "Coded {} passages with \"{name}\" (Ctrl+Z undoes it)",
                plan.codings
            ));
        }
        if !p.ticked.is_empty() && ui.button("Clear ticks").clicked() {
            p.ticked.clear();
        }
    });
    ui.separator();
    let SearchPanel { hits, ticked, .. } = p;
    let Some(hits) = hits else { return status };
    if !hits.memos.is_empty() {
        egui::CollapsingHeader::new(format!("Memos ({})", hits.memos.len()))
            .default_open(true)
            .show(ui, |ui| memo_hits_ui(ui, view, &hits.memos));
    }
    passages_ui(
        ui,
        "search hits",
        view.project,
        &hits.places,
        Some(ticked),
        view.actions,
    );
    status
}

/// The hits in memos, one row each (what the memo is about, then the hit in its context);
/// clicking a row (or Enter on it) opens the memo and shows what it is about.
fn memo_hits_ui(ui: &mut egui::Ui, view: &mut View, hits: &[search::MemoHit]) {
    egui::ScrollArea::vertical()
        .id_salt("memo hits")
        .max_height(180.0)
        .show(ui, |ui| {
            for h in hits {
                let Some(m) = crate::cases::memos::memo(view.project, h.memo) else {
                    continue;
                };
                let text = format!("{}\n{}", m.title, m.text);
                let from = crate::model::snap_back(&text, h.range.start.saturating_sub(40));
                let to = crate::model::snap_forward(&text, h.range.end + 40);
                let snippet = text.get(from..to).unwrap_or(&m.text).replace('\n', " ");
                let about = crate::cases::memos::anchor_label(view.project, &m.anchor);
                let row = ui
                    .selectable_label(false, format!("{about}: …{}…", snippet.trim()))
                    .on_hover_text("Open this memo and show what it is about");
                if row.clicked() {
                    view.push(Action::OpenMemo(m.id));
                }
            }
        });
}
