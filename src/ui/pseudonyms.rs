//! The *Pseudonyms* window: the table of real names and replacements (the key), proposals with
//! their occurrences in context, applying the table to every document as one undoable step, and
//! the re-identification check. The key is kept in the window and saved only to a file the user
//! chooses, never in the project.

use super::Action;
use crate::model::Project;
use crate::pseudonym::{self, Entry, Kind, Proposal, Pseudonyms, Remaining, Source};
use egui::RichText;

#[derive(Default)]
pub struct PseudonymsState {
    pub open: bool,
    table: Pseudonyms,
    proposals: Option<Vec<Proposal>>,
    check: Option<Vec<Remaining>>,
    message: Option<String>,
}

pub fn pseudonyms_window(
    ctx: &egui::Context,
    state: &mut PseudonymsState,
    project: &Project,
    actions: &mut Vec<Action>,
) {
    if !state.open {
        return;
    }
    let mut open = state.open;
    egui::Window::new("Pseudonyms")
        .open(&mut open)
        .default_width(620.0)
        .vscroll(true)
        .show(ctx, |ui| body_ui(ui, state, project, actions));
    state.open = open;
}

fn body_ui(
    ui: &mut egui::Ui,
    state: &mut PseudonymsState,
    project: &Project,
    actions: &mut Vec<Action>,
) {
    ui.label(
        RichText::new(
            "This table is the key to the real names. It is never saved in the project: save it \
             to a separate file and keep it apart from the project you share.",
        )
        .weak(),
    );
    ui.horizontal(|ui| {
        if ui.button("Propose names").clicked() {
            state.proposals = Some(pseudonym::proposals(project, 2));
        }
        if ui.button("Load key…").clicked() {
            load(state);
        }
        if ui.button("Save key…").clicked() {
            save(state);
        }
        if ui.button("Check for remaining names").clicked() {
            state.check = Some(pseudonym::remaining(project, &state.table));
        }
    });
    ui.separator();
    let mut remove = None;
    egui::Grid::new("pseudonym table")
        .striped(true)
        .show(ui, |ui| {
            ui.label(RichText::new("Real name").strong());
            ui.label(RichText::new("Replacement").strong());
            ui.label(RichText::new("Kind").strong());
            ui.end_row();
            for (i, e) in state.table.entries.iter_mut().enumerate() {
                ui.add(egui::TextEdit::singleline(&mut e.real).desired_width(180.0));
                ui.add(egui::TextEdit::singleline(&mut e.pseudonym).desired_width(180.0));
                egui::ComboBox::from_id_salt(("kind", i))
                    .selected_text(e.kind.label())
                    .show_ui(ui, |ui| {
                        for k in [Kind::Person, Kind::Place, Kind::Institution] {
                            ui.selectable_value(&mut e.kind, k, k.label());
                        }
                    });
                if ui
                    .small_button("✕")
                    .on_hover_text("Remove this row")
                    .clicked()
                {
                    remove = Some(i);
                }
                ui.end_row();
            }
        });
    if let Some(i) = remove {
        state.table.entries.remove(i);
    }
    if ui.button("+ Add row").clicked() {
        state.table.entries.push(Entry {
            real: String::new(),
            pseudonym: String::new(),
            kind: Kind::Person,
        });
    }
    let problems = state.table.problems(1);
    for p in &problems {
        ui.label(RichText::new(p).color(ui.visuals().warn_fg_color));
    }
    let ready = problems.is_empty() && !state.table.entries.is_empty();
    if ui
        .add_enabled(ready, egui::Button::new("Apply to all documents"))
        .on_hover_text("Replace every occurrence as one step (Undo takes it back)")
        .clicked()
    {
        match pseudonym::plan(project, &state.table) {
            Ok(plan) => {
                let per_doc: Vec<String> = plan
                    .per_document
                    .iter()
                    .map(|(_, t, n)| format!("{t}: {n}"))
                    .collect();
                state.message = Some(format!(
                    "{} replacements in {} documents ({}); {} speaker labels renamed.",
                    plan.replacements(),
                    plan.per_document.len(),
                    per_doc.join(", "),
                    plan.speakers.len()
                ));
                if let Some(edit) = plan.edit {
                    actions.push(Action::edit(edit, "Pseudonymise"));
                }
                state.check = None;
            }
            Err(errs) => state.message = Some(errs.join("; ")),
        }
    }
    if let Some(m) = &state.message {
        ui.label(m);
    }
    if let Some(check) = &state.check {
        ui.separator();
        if check.is_empty() {
            ui.label("No real name of the table remains.");
        } else {
            ui.label(
                RichText::new(format!("{} occurrences of real names remain:", check.len()))
                    .color(ui.visuals().warn_fg_color),
            );
            for r in check.iter().take(200) {
                ui.label(format!("{} ({}): {}", r.real, r.place, r.context));
            }
        }
    }
    if let Some(props) = &state.proposals {
        ui.separator();
        ui.label(
            RichText::new("Proposed names (nothing changes until you apply the table)").strong(),
        );
        let mut add = None;
        for p in props.iter().take(100) {
            let known = state
                .table
                .entries
                .iter()
                .any(|e| e.real.trim().eq_ignore_ascii_case(&p.name));
            ui.horizontal(|ui| {
                let from = match p.source {
                    Source::Speaker => "speaker",
                    Source::Recurring => "recurring",
                };
                ui.label(RichText::new(&p.name).strong());
                ui.label(
                    RichText::new(format!(
                        "{from}, {} times in {} documents",
                        p.count, p.documents
                    ))
                    .weak(),
                );
                if ui.add_enabled(!known, egui::Button::new("Add")).clicked() {
                    add = Some(p.name.clone());
                }
            });
            for (title, ctx) in &p.contexts {
                ui.label(RichText::new(format!("    {title}: {ctx}")).weak());
            }
        }
        if let Some(name) = add {
            state.table.entries.push(Entry {
                real: name,
                pseudonym: String::new(),
                kind: Kind::Person,
            });
        }
    }
}

fn load(state: &mut PseudonymsState) {
    let Some(path) = rfd::FileDialog::new()
        .add_filter("Pseudonym key (CSV)", &["csv"])
        .pick_file()
    else {
        return;
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => match Pseudonyms::from_csv(&text) {
            Ok(t) => {
                state.table = t;
                state.message = Some(format!("Loaded {}.", path.display()));
            }
            Err(errs) => state.message = Some(format!("{}: {}", path.display(), errs.join("; "))),
        },
        Err(e) => state.message = Some(format!("{} cannot be read: {e}", path.display())),
    }
}

fn save(state: &mut PseudonymsState) {
    let Some(path) = rfd::FileDialog::new()
        .add_filter("Pseudonym key (CSV)", &["csv"])
        .set_file_name("pseudonym-key.csv")
        .save_file()
    else {
        return;
    };
    state.message = Some(match std::fs::write(&path, state.table.to_csv()) {
        Ok(()) => format!(
            "Saved the key to {}. Keep it apart from the project.",
            path.display()
        ),
        Err(e) => format!("{} cannot be written: {e}", path.display()),
    });
}
