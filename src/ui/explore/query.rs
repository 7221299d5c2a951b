//! The Query tab: a coding query in Gloss's query language, its passages, and the queries saved
//! with the project (run again with a click; a matrix can use them as rows).

use super::job::{self, Job, Shared};
use super::passages::{export_button, passages_ui};
use crate::edit::Edit;
use crate::model::{QueryId, SavedQuery, Timestamp};
use crate::query::expr::{self, QueryError};
use crate::query::passage::Place;
use crate::ui::action::Action;
use crate::ui::view::View;
use egui::RichText;

type Key = (u64, String);

#[derive(Default)]
pub struct QueryPanel {
    expression: String,
    name: String,
    job: Job<Key, Result<Vec<Place>, QueryError>>,
    /// What the results shown were worked out for.
    ran: Option<Key>,
    result: Option<Result<Vec<Place>, QueryError>>,
}

const HELP: &str = "Codes in double quotes (a code includes its sub-codes unless followed by \
ONLY); AND, OR, NOT and parentheses; \"A\" OVERLAPS \"B\", \"A\" SAME TURN \"B\", \"A\" WITHIN 2 \
\"B\"; then WHERE attribute = value AND attribute != value (the speaker's attribute, else the \
document's). Example: \"Dose negotiation\" AND NOT \"Rules and consistency\" WHERE role = nurse \
AND round = 2";

impl QueryPanel {
    fn run(&mut self, ctx: &egui::Context, view: &View, shared: &mut Shared) {
        let generation = view.history.generation();
        let key = (generation, self.expression.clone());
        self.ran = Some(key.clone());
        if job::small(view.project) {
            self.result = Some(expr::run(view.project, &self.expression));
        } else {
            let project = shared.get(view.project, generation);
            let src = self.expression.clone();
            self.job.start(ctx, key, move || expr::run(&project, &src));
        }
    }
}

pub fn query_ui(
    ui: &mut egui::Ui,
    p: &mut QueryPanel,
    view: &mut View,
    shared: &mut Shared,
) -> Option<String> {
    let generation = view.history.generation();
    if let Some((key, result)) = p.job.poll()
        && Some(&key) == p.ran.as_ref()
    {
        p.result = Some(result);
    }
    // The project changed under the results: run again.
    if let Some((g, src)) = &p.ran
        && *g != generation
        && *src == p.expression
        && !p.job.busy()
    {
        p.run(ui.ctx(), view, shared);
    }
    let mut status = None;
    let mut go = false;
    egui::Panel::left("saved queries")
        .resizable(true)
        .default_size(220.0)
        .show(ui, |ui| {
            ui.heading("Saved queries");
            if view.project.queries.is_empty() {
                ui.label(RichText::new("None yet: run a query, name it and save it.").weak());
            }
            let mut remove = None;
            for q in &view.project.queries {
                ui.horizontal(|ui| {
                    if ui
                        .selectable_label(p.name == q.name, &q.name)
                        .on_hover_text(&q.expression)
                        .clicked()
                    {
                        p.expression = q.expression.clone();
                        p.name = q.name.clone();
                        go = true;
                    }
                    if ui
                        .small_button("🗑")
                        .on_hover_text(format!("Delete the saved query \"{}\"", q.name))
                        .clicked()
                    {
                        remove = Some(q.id);
                    }
                });
            }
            if let Some(id) = remove {
                view.push(Action::edit(
                    Edit::PutQuery {
                        id,
                        value: None,
                        at: None,
                    },
                    "Delete saved query",
                ));
            }
        });
    ui.horizontal(|ui| {
        let label = ui.label("Query");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut p.expression)
                    .font(egui::TextStyle::Monospace)
                    .hint_text("\"Code\" AND NOT \"Other code\" WHERE role = nurse")
                    .desired_width(ui.available_width() - 260.0),
            )
            .on_hover_text(HELP)
            .labelled_by(label.id);
        if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            go = true;
        }
        if ui.button("Run").clicked() {
            go = true;
        }
        let mut insert = None;
        crate::ui::widgets::labelled_combo(ui, "Add", "insert code", "Insert code", |ui| {
            for (id, depth) in crate::query::code_tree(view.project) {
                if let Some(c) = view.project.code(id)
                    && ui
                        .selectable_label(false, format!("{}{}", "  ".repeat(depth), c.name))
                        .clicked()
                {
                    insert = Some(c.name.clone());
                }
            }
        });
        if let Some(name) = insert {
            if !p.expression.trim().is_empty() {
                p.expression.push(' ');
            }
            p.expression
                .push_str(&format!("\"{}\"", name.replace('"', "\\\"")));
        }
        if p.job.busy() {
            ui.spinner();
        }
    });
    ui.label(RichText::new(HELP).weak().small());
    if go {
        p.run(ui.ctx(), view, shared);
    }
    ui.horizontal(|ui| {
        let label = ui.label("Name");
        ui.add(egui::TextEdit::singleline(&mut p.name).desired_width(220.0))
            .labelled_by(label.id);
        let can = !p.name.trim().is_empty() && expr::parse(&p.expression).is_ok();
        if ui
            .add_enabled(can, egui::Button::new("Save query"))
            .on_hover_text("Keep this query with the project under this name")
            .clicked()
        {
            let name = p.name.trim().to_owned();
            let existing = view.project.queries.iter().find(|q| q.name == name);
            let value = SavedQuery {
                id: existing.map(|q| q.id).unwrap_or_else(QueryId::new),
                name: name.clone(),
                expression: p.expression.trim().to_owned(),
                created: existing.map(|q| q.created).unwrap_or_else(Timestamp::now),
            };
            view.push(Action::edit(
                Edit::PutQuery {
                    id: value.id,
                    value: Some(Box::new(value)),
                    at: None,
                },
                format!("Save query \"{name}\""),
            ));
            status = Some(format!("Saved the query \"{name}\""));
        }
    });
    ui.separator();
    match &p.result {
        None => {
            ui.label(RichText::new("Run a query to see its passages.").weak());
        }
        Some(Err(e)) => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("The query does not work: {e}"),
            );
            if let Some((_, src)) = &p.ran {
                // Point at the column.
                let caret = format!("{}^", " ".repeat(e.column.saturating_sub(1)));
                ui.label(RichText::new(format!("{src}\n{caret}")).monospace());
            }
        }
        Some(Ok(places)) => {
            ui.horizontal(|ui| {
                ui.label(RichText::new(format!("{} passages", places.len())).strong());
                if let Some(s) = export_button(ui, view.project, places, "query results") {
                    status = Some(s);
                }
            });
            passages_ui(
                ui,
                "query results",
                view.project,
                places,
                None,
                view.actions,
            );
        }
    }
    status
}
