//! The agreement workspace (Ctrl+4): pick coders, documents (all, or by attribute), codes (all,
//! a branch, or chosen) and the unit; compute the table off the UI thread (with progress and
//! cancel); read it per code and overall with the rule stated in its caption; then go through
//! every unit where the coders differ, filter by code, jump to the passage, and settle it for a
//! consensus coder (accept A, accept B, both, neither) as an undoable edit.

mod job;
pub mod layers;

use super::action::Action;
use super::view::View;
use super::workspace::Workspace;
use crate::model::{CodeId, CoderId, Project};
use crate::query::agreement::{
    self, Disagreement, Figures, Request, Resolution, Table, Unit, cli::shown,
};
use egui::{RichText, ScrollArea};
use job::{Job, Poll};
use std::collections::BTreeSet;

/// Accessible names.
pub const COMPUTE_LABEL: &str = "Compute agreement";
pub const CONSENSUS_LABEL: &str = "Consensus coder";
pub const SHOW_PASSAGE_LABEL: &str = "Show in reading pane";
/// Each disagreement row's label starts with this.
pub const DISAGREEMENT_PREFIX: &str = "Disagreement";

/// Which documents to compare.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub enum DocChoice {
    #[default]
    All,
    /// Documents whose attribute `.0` has value `.1`.
    Where(String, String),
}

/// Which codes to compare.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub enum CodeChoice {
    #[default]
    All,
    /// A code and every code under it.
    Branch(Option<CodeId>),
    Chosen(BTreeSet<CodeId>),
}

/// A computed table with what it was computed for.
struct Computed {
    table: Table,
    request: Request,
    generation: u64,
}

/// What the agreement workspace keeps between frames.
pub struct AgreementState {
    /// Chosen coders, in the order picked (the first is A, the second B).
    pub coders: Vec<CoderId>,
    pub docs: DocChoice,
    pub codes: CodeChoice,
    pub unit: Unit,
    /// The consensus coder's name, for resolutions.
    pub consensus: String,
    /// Show only disagreements involving this code.
    pub filter: Option<CodeId>,
    /// The disagreement shown in detail (index into the table's list).
    pub selected: Option<usize>,
    job: Option<Job>,
    result: Option<Computed>,
    error: Option<String>,
    /// The window's coder layers (the bar above the workspaces).
    pub layers: layers::Layers,
}

impl Default for AgreementState {
    fn default() -> Self {
        Self {
            coders: Vec::new(),
            docs: DocChoice::All,
            codes: CodeChoice::All,
            unit: Unit::Turn,
            consensus: "Consensus".into(),
            filter: None,
            selected: None,
            job: None,
            result: None,
            error: None,
            layers: layers::Layers::default(),
        }
    }
}

impl AgreementState {
    /// The last computed table, if any.
    pub fn table(&self) -> Option<&Table> {
        self.result.as_ref().map(|c| &c.table)
    }

    /// Is a computation running?
    pub fn is_computing(&self) -> bool {
        self.job.is_some()
    }

    /// Starts computing the table for the current choices (as the Compute button does).
    pub fn compute(&mut self, project: &Project, generation: u64) {
        if let Some(j) = self.job.take() {
            j.cancel();
        }
        match self.request(project) {
            Ok(r) => {
                self.error = None;
                self.job = Some(Job::start(project, r, generation));
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// The request for the current choices, or what is missing.
    pub fn request(&self, project: &Project) -> Result<Request, String> {
        let coders: Vec<CoderId> = self
            .coders
            .iter()
            .copied()
            .filter(|c| project.coder(*c).is_some())
            .collect();
        if coders.len() < 2 {
            return Err("Choose at least two coders to compare.".into());
        }
        let documents = match &self.docs {
            DocChoice::All => project.documents.iter().map(|d| d.id).collect(),
            DocChoice::Where(k, v) => agreement::cli::documents_where(project, k, v),
        };
        if documents.is_empty() {
            return Err("No document matches the chosen attribute value.".into());
        }
        let codes = chosen_codes(project, &self.codes);
        if codes.is_empty() {
            return Err("Choose at least one code to compare.".into());
        }
        Ok(Request {
            coders,
            documents,
            codes,
            unit: self.unit,
        })
    }

    /// Takes a finished computation's result.
    fn poll(&mut self, ctx: &egui::Context) -> Option<f32> {
        let job = self.job.as_ref()?;
        match job.poll() {
            Poll::Running(share) => {
                ctx.request_repaint_after(std::time::Duration::from_millis(50));
                Some(share)
            }
            Poll::Done(r) => {
                let job = self.job.take()?;
                match r {
                    Ok(Some(table)) => {
                        self.selected = None;
                        self.result = Some(Computed {
                            table,
                            request: job.request,
                            generation: job.generation,
                        });
                    }
                    Ok(None) => {}
                    Err(e) => self.error = Some(e),
                }
                None
            }
        }
    }
}

/// The codes a choice stands for, in codebook order.
pub fn chosen_codes(project: &Project, choice: &CodeChoice) -> Vec<CodeId> {
    match choice {
        CodeChoice::All => project.codes.iter().map(|c| c.id).collect(),
        CodeChoice::Chosen(set) => project
            .codes
            .iter()
            .filter(|c| set.contains(&c.id))
            .map(|c| c.id)
            .collect(),
        CodeChoice::Branch(None) => Vec::new(),
        CodeChoice::Branch(Some(root)) => project
            .codes
            .iter()
            .filter(|c| {
                let mut at = Some(c.id);
                for _ in 0..=project.codes.len() {
                    match at {
                        Some(id) if id == *root => return true,
                        Some(id) => at = project.code(id).and_then(|x| x.parent),
                        None => return false,
                    }
                }
                false
            })
            .map(|c| c.id)
            .collect(),
    }
}

fn coder_name(project: &Project, id: CoderId) -> &str {
    project.coder(id).map_or("?", |c| c.name.as_str())
}

fn code_name(project: &Project, id: CodeId) -> &str {
    project
        .code(id)
        .map_or("(deleted code)", |c| c.name.as_str())
}

pub fn agreement_ui(ui: &mut egui::Ui, state: &mut AgreementState, view: &mut View) {
    let progress = state.poll(ui.ctx());
    egui::Panel::left("agreement-setup")
        .resizable(true)
        .default_size(300.0)
        .show(ui, |ui| {
            ScrollArea::vertical().show(ui, |ui| setup_ui(ui, state, view, progress));
        });
    egui::CentralPanel::default().show(ui, |ui| {
        let Some(c) = &state.result else {
            ui.heading("Agreement between coders");
            ui.label(
                "Choose two or more coders, the documents, the codes and the unit on the left, \
                 then compute. The table gives, per code and overall, the units compared, \
                 percentage agreement, Cohen's kappa, Krippendorff's alpha and the units coded \
                 by A only, B only and both; below it, every unit where the coders differ.",
            );
            return;
        };
        if c.generation != view.history.generation() {
            ui.label(
                RichText::new(
                    "The project has changed since this table was computed: compute again for \
                     current figures (the consensus column below is always current).",
                )
                .italics(),
            );
        }
        table_ui(ui, view.project, &c.table);
        ui.separator();
        disagreements_ui(ui, state, view);
    });
}

fn setup_ui(ui: &mut egui::Ui, state: &mut AgreementState, view: &mut View, progress: Option<f32>) {
    let p = view.project;
    ui.heading("Compare");
    ui.label(RichText::new("Coders (the first two are A and B)").strong());
    if p.coders.len() < 2 {
        ui.label(
            RichText::new(
                "This project has fewer than two coders. Each person codes under their own name \
                 (Edit > Preferences), then their work is compared here.",
            )
            .weak(),
        );
    }
    for c in &p.coders {
        let mut on = state.coders.contains(&c.id);
        let tag = match state.coders.iter().position(|k| *k == c.id) {
            Some(0) => " (A)",
            Some(1) => " (B)",
            _ => "",
        };
        let n = p.tally().map_or(0, |t| t.codings_by_coder(c.id));
        if ui
            .checkbox(&mut on, format!("{}{tag}", c.name))
            .on_hover_text(format!("{n} codings"))
            .changed()
        {
            if on {
                state.coders.push(c.id);
            } else {
                state.coders.retain(|k| *k != c.id);
            }
        }
    }
    ui.add_space(6.0);
    ui.label(RichText::new("Documents").strong());
    let mut by_attr = matches!(state.docs, DocChoice::Where(..));
    ui.horizontal(|ui| {
        if ui.radio(!by_attr, "All").clicked() {
            by_attr = false;
        }
        if ui.radio(by_attr, "By attribute").clicked() {
            by_attr = true;
        }
    });
    if !by_attr {
        state.docs = DocChoice::All;
    } else {
        let keys: BTreeSet<&str> = p
            .documents
            .iter()
            .flat_map(|d| d.attributes.keys().map(String::as_str))
            .collect();
        let (mut k, mut v) = match &state.docs {
            DocChoice::Where(k, v) => (k.clone(), v.clone()),
            DocChoice::All => (
                keys.iter()
                    .next()
                    .map(|s| (*s).to_owned())
                    .unwrap_or_default(),
                String::new(),
            ),
        };
        if keys.is_empty() {
            ui.label(RichText::new("No document has attributes yet.").weak());
        }
        egui::ComboBox::from_label("Attribute")
            .selected_text(k.clone())
            .show_ui(ui, |ui| {
                for key in &keys {
                    ui.selectable_value(&mut k, (*key).to_owned(), *key);
                }
            });
        let values: BTreeSet<&str> = p
            .documents
            .iter()
            .filter_map(|d| d.attributes.get(&k).map(String::as_str))
            .collect();
        egui::ComboBox::from_label("Value")
            .selected_text(v.clone())
            .show_ui(ui, |ui| {
                for val in &values {
                    ui.selectable_value(&mut v, (*val).to_owned(), *val);
                }
            });
        state.docs = DocChoice::Where(k, v);
    }
    ui.add_space(6.0);
    ui.label(RichText::new("Codes").strong());
    ui.horizontal(|ui| {
        if ui.radio(state.codes == CodeChoice::All, "All").clicked() {
            state.codes = CodeChoice::All;
        }
        if ui
            .radio(matches!(state.codes, CodeChoice::Branch(_)), "A branch")
            .clicked()
        {
            state.codes = CodeChoice::Branch(p.codes.first().map(|c| c.id));
        }
        if ui
            .radio(matches!(state.codes, CodeChoice::Chosen(_)), "Chosen")
            .clicked()
        {
            state.codes = CodeChoice::Chosen(BTreeSet::new());
        }
    });
    match &mut state.codes {
        CodeChoice::All => {}
        CodeChoice::Branch(root) => {
            let text = root
                .map_or("(pick a code)", |id| code_name(p, id))
                .to_owned();
            egui::ComboBox::from_label("Branch")
                .selected_text(text)
                .show_ui(ui, |ui| {
                    for (id, depth) in crate::query::code_tree(p) {
                        let label = format!("{}{}", "  ".repeat(depth), code_name(p, id));
                        ui.selectable_value(root, Some(id), label);
                    }
                });
        }
        CodeChoice::Chosen(set) => {
            ScrollArea::vertical()
                .id_salt("agreement-codes")
                .max_height(200.0)
                .show(ui, |ui| {
                    for c in &p.codes {
                        let mut on = set.contains(&c.id);
                        if ui.checkbox(&mut on, &c.name).changed() {
                            if on {
                                set.insert(c.id);
                            } else {
                                set.remove(&c.id);
                            }
                        }
                    }
                });
        }
    }
    ui.add_space(6.0);
    ui.label(RichText::new("Unit").strong());
    for u in Unit::ALL {
        ui.radio_value(&mut state.unit, u, u.label());
    }
    ui.add_space(8.0);
    match progress {
        Some(share) => {
            ui.add(
                egui::ProgressBar::new(share)
                    .show_percentage()
                    .text("Computing…"),
            );
            if ui.button("Cancel").clicked()
                && let Some(j) = state.job.take()
            {
                j.cancel();
            }
        }
        None => {
            let ready = state.request(p);
            let r = ui.add_enabled(ready.is_ok(), egui::Button::new(COMPUTE_LABEL));
            if let Err(why) = &ready {
                ui.label(RichText::new(why).weak());
            }
            if r.clicked() {
                state.compute(p, view.history.generation());
                ui.ctx().request_repaint();
            }
        }
    }
    if let Some(e) = &state.error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
}

fn table_ui(ui: &mut egui::Ui, p: &Project, t: &Table) {
    let names: Vec<&str> = t.coders.iter().map(|k| coder_name(p, *k)).collect();
    ui.heading(format!(
        "Agreement by {}: A = {}, B = {}{}",
        t.unit.label().to_lowercase(),
        names.first().unwrap_or(&"?"),
        names.get(1).unwrap_or(&"?"),
        if names.len() > 2 {
            format!(" (+ {})", names[2..].join(", "))
        } else {
            String::new()
        }
    ));
    ui.label(
        RichText::new(format!(
            "{} documents compared (coded by at least two of these coders).",
            t.documents_compared
        ))
        .weak(),
    );
    ScrollArea::vertical()
        .id_salt("agreement-table")
        .max_height((ui.available_height() * 0.45).max(120.0))
        .show(ui, |ui| {
            egui::Grid::new("agreement-grid")
                .striped(true)
                .num_columns(8)
                .show(ui, |ui| {
                    for h in [
                        "Code", "Units", "Percent", "Kappa", "Alpha", "A only", "B only", "Both",
                    ] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    let row = |ui: &mut egui::Ui, name: &str, f: &Figures, strong: bool| {
                        let cell = |s: String| {
                            if strong {
                                RichText::new(s).strong()
                            } else {
                                RichText::new(s)
                            }
                        };
                        ui.label(cell(name.to_owned()));
                        ui.label(cell(f.units.to_string()));
                        ui.label(cell(shown(f.percent, 1)));
                        ui.label(cell(shown(f.kappa, 3)));
                        ui.label(cell(shown(f.alpha, 3)));
                        ui.label(cell(f.a_only.to_string()));
                        ui.label(cell(f.b_only.to_string()));
                        ui.label(cell(f.both.to_string()));
                        ui.end_row();
                    };
                    for (id, f) in &t.rows {
                        row(ui, code_name(p, *id), f, false);
                    }
                    row(ui, "Overall", &t.overall, true);
                });
        });
    ui.label(RichText::new(t.unit.caption()).small());
    ui.label(RichText::new(agreement::cli::RULES).small().weak());
}

/// A short form of a passage for a list row.
fn excerpt(text: &str, chars: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > chars {
        let mut s: String = flat.chars().take(chars).collect();
        s.push('…');
        s
    } else {
        flat
    }
}

fn codes_text(p: &Project, codes: &Option<Vec<CodeId>>) -> String {
    match codes {
        None => "(did not code this document)".into(),
        Some(v) if v.is_empty() => "(no code)".into(),
        Some(v) => v
            .iter()
            .map(|c| code_name(p, *c))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn disagreements_ui(ui: &mut egui::Ui, state: &mut AgreementState, view: &mut View) {
    let Some(c) = &state.result else { return };
    let p = view.project;
    let t = &c.table;
    let shown_ix: Vec<usize> = t
        .disagreements
        .iter()
        .enumerate()
        .filter(|(_, d)| state.filter.is_none_or(|code| d.involves(code)))
        .map(|(i, _)| i)
        .collect();
    ui.horizontal(|ui| {
        ui.heading("Disagreements");
        ui.label(RichText::new(format!("{} of {}", shown_ix.len(), t.disagreements.len())).weak());
        let text = state
            .filter
            .map_or("All codes".to_owned(), |id| code_name(p, id).to_owned());
        super::widgets::labelled_combo(ui, "Involving", "disagreement-code", &text, |ui| {
            ui.selectable_value(&mut state.filter, None, "All codes");
            for (id, _) in &t.rows {
                ui.selectable_value(&mut state.filter, Some(*id), code_name(p, *id));
            }
        });
        ui.separator();
        ui.label(format!("{CONSENSUS_LABEL}:"));
        ui.add(
            egui::TextEdit::singleline(&mut state.consensus)
                .desired_width(140.0)
                .hint_text("name"),
        )
        .widget_info(|| egui::WidgetInfo::text_edit(true, String::new(), CONSENSUS_LABEL, "name"));
    });
    if t.disagreements.is_empty() {
        ui.label("The coders agree on every unit compared.");
        return;
    }
    // Up and Down move through the listed disagreements (unless typing in a field).
    let step = ui.input(|i| {
        i32::from(i.key_pressed(egui::Key::ArrowDown))
            - i32::from(i.key_pressed(egui::Key::ArrowUp))
    });
    if step != 0 && !ui.ctx().text_edit_focused() && !shown_ix.is_empty() {
        let at = state
            .selected
            .and_then(|s| shown_ix.iter().position(|&i| i == s));
        let next = match at {
            None => 0,
            Some(k) => (k as i64 + i64::from(step)).clamp(0, shown_ix.len() as i64 - 1) as usize,
        };
        state.selected = shown_ix.get(next).copied();
    }
    let names: Vec<&str> = t.coders.iter().map(|k| coder_name(p, *k)).collect();
    // The list on the left, the chosen one's detail on the right.
    ui.columns(2, |cols| {
        let row_h = cols[0].text_style_height(&egui::TextStyle::Body) * 2.0 + 8.0;
        ScrollArea::vertical()
            .id_salt("disagreements")
            .auto_shrink([false, false])
            .show_rows(&mut cols[0], row_h, shown_ix.len(), |ui, range| {
                // Every row two lines high, as `show_rows` needs.
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                for &i in &shown_ix[range] {
                    let Some(d) = t.disagreements.get(i) else {
                        continue;
                    };
                    let title = p.document(d.document).map_or("?", |x| x.title.as_str());
                    let text = p
                        .document(d.document)
                        .map(|x| x.slice(d.range))
                        .unwrap_or_default();
                    let who: Vec<String> = names
                        .iter()
                        .zip(&d.codes)
                        .map(|(n, c)| format!("{n}: {}", codes_text(p, c)))
                        .collect();
                    let label = format!(
                        "{DISAGREEMENT_PREFIX} {} · {title} ¶{}: {}\n{}",
                        i + 1,
                        d.turn + 1,
                        excerpt(&text, 70),
                        who.join(" · ")
                    );
                    let r = ui.selectable_label(state.selected == Some(i), label);
                    if r.clicked() {
                        state.selected = Some(i);
                    }
                }
            });
        let ui = &mut cols[1];
        let Some(d) = state.selected.and_then(|i| t.disagreements.get(i)) else {
            ui.label(RichText::new("Pick a disagreement to see it and settle it.").weak());
            return;
        };
        detail_ui(ui, state.consensus.as_str(), &c.request, d, &names, view);
    });
}

fn detail_ui(
    ui: &mut egui::Ui,
    consensus: &str,
    request: &Request,
    d: &Disagreement,
    names: &[&str],
    view: &mut View,
) {
    let p = view.project;
    let Some(doc) = p.document(d.document) else {
        ui.label("The document is no longer in the project.");
        return;
    };
    ui.strong(format!("{} ¶{}", doc.title, d.turn + 1));
    ScrollArea::vertical()
        .id_salt("disagreement-text")
        .max_height(140.0)
        .show(ui, |ui| {
            ui.label(doc.slice(d.range));
        });
    for (n, codes) in names.iter().zip(&d.codes) {
        ui.label(format!("{n}: {}", codes_text(p, codes)));
    }
    let now = agreement::consensus_within(p, d.document, d.range, consensus, &request.codes);
    ui.label(match &now {
        None => format!("{}: not settled yet", consensus.trim()),
        Some(v) if v.is_empty() => format!("{}: no code", consensus.trim()),
        Some(v) => {
            let mut names: Vec<&str> = v.iter().map(|(c, _)| code_name(p, *c)).collect();
            names.dedup();
            format!("{}: {}", consensus.trim(), names.join(", "))
        }
    });
    ui.horizontal(|ui| {
        if ui.button(SHOW_PASSAGE_LABEL).clicked() {
            let coding = p.codings_in(d.document).into_iter().find(|c| {
                request.coders.contains(&c.coder)
                    && request.codes.contains(&c.code)
                    && c.range.overlaps(&d.range)
            });
            view.push(Action::ShowWorkspace(Workspace::Coding));
            match coding {
                Some(c) => view.push(Action::JumpToCoding(c.id)),
                None => view.push(Action::SelectDocument(d.document)),
            }
        }
    });
    ui.horizontal(|ui| {
        let (Some(&a), Some(&b)) = (request.coders.first(), request.coders.get(1)) else {
            return;
        };
        for how in Resolution::ALL {
            let tip = match how {
                Resolution::AcceptA => format!("{} gets {}'s codes here", consensus, names[0]),
                Resolution::AcceptB => format!(
                    "{} gets {}'s codes here",
                    consensus,
                    names.get(1).unwrap_or(&"B")
                ),
                Resolution::Both => format!("{consensus} gets both coders' codes here"),
                Resolution::Neither => format!("{consensus} gets none of the compared codes here"),
            };
            if ui.button(how.label()).on_hover_text(tip).clicked() {
                match agreement::resolve(
                    p,
                    d.document,
                    d.range,
                    (a, b),
                    &request.codes,
                    consensus,
                    how,
                ) {
                    Ok(Some(e)) => view.push(Action::edit(
                        e,
                        format!("Settle disagreement: {}", how.label()),
                    )),
                    Ok(None) => view.push(Action::Status(format!(
                        "{} already has exactly that here.",
                        consensus.trim()
                    ))),
                    Err(e) => view.push(Action::Status(format!("Cannot settle it: {e}."))),
                }
            }
        }
    });
    ui.label(
        RichText::new(
            "Each choice adds or removes the consensus coder's codings only (undo with Ctrl+Z). \
             To settle it by hand, show it in the reading pane and code it while working as the \
             consensus coder.",
        )
        .small()
        .weak(),
    );
}
