//! The Participants and Documents tabs: editable case tables (one row per participant or
//! document, one column per attribute), sortable by clicking a column's header and filterable;
//! attributes added, renamed, retyped and removed from the column's menu; a value set on many
//! rows at once; attributes imported from CSV or XLSX with a preview of matches and mismatches
//! before anything changes; the table exported as CSV or XLSX; and (participants) the quote
//! attribution. The logic is `crate::cases`; this module only draws it and pushes edits.

mod attribute;
mod attribution;
mod bulk;
mod grid;
mod import_panel;

use attribute::Manage;
pub use import_panel::ImportPanel;

use crate::cases::table::{self, CaseTable, RowKey, SortBy, noun};
use crate::model::{Anchor, AttributeOf};
use crate::ui::action::Action;
use crate::ui::view::View;
use egui::{Align, Layout, Vec2};
use std::collections::BTreeSet;

const NAME_W: f32 = 190.0;
const CELL_W: f32 = 150.0;
const ROW_H: f32 = 24.0;

/// What one case table keeps between frames.
pub struct CasesState {
    pub of: AttributeOf,
    sort: SortBy,
    descending: bool,
    pub filter: String,
    /// A column and the value its rows must have.
    filter_column: Option<(String, String)>,
    pub selected: BTreeSet<RowKey>,
    /// The cell being typed in: row, attribute, text so far.
    editing: Option<(RowKey, String, String)>,
    pub message: Option<String>,
    new_name: String,
    new_kind: usize,
    new_choices: String,
    manage: Option<Manage>,
    bulk_column: Option<String>,
    bulk_value: String,
    pub import: ImportPanel,
    cache: Option<(CacheKey, CaseTable)>,
    /// The rows with a memo, as of a history generation and memo count.
    memo_rows: Option<((u64, usize), std::collections::BTreeMap<RowKey, usize>)>,
}

#[derive(Clone, PartialEq, Debug)]
struct CacheKey {
    generation: u64,
    sort: SortBy,
    descending: bool,
    filter: String,
    filter_column: Option<(String, String)>,
}

impl CasesState {
    pub fn new(of: AttributeOf) -> Self {
        Self {
            of,
            sort: SortBy::Name,
            descending: false,
            filter: String::new(),
            filter_column: None,
            selected: BTreeSet::new(),
            editing: None,
            message: None,
            new_name: String::new(),
            new_kind: 0,
            new_choices: String::new(),
            manage: None,
            bulk_column: None,
            bulk_value: String::new(),
            import: ImportPanel::default(),
            cache: None,
            memo_rows: None,
        }
    }

    /// The table as shown, sorted and filtered, taken out of the cache (rebuilt only when the
    /// project or the view changed); [`Self::keep`] puts it back after drawing.
    fn take_table(&mut self, view: &View) -> (CacheKey, CaseTable) {
        let key = CacheKey {
            generation: view.history.generation(),
            sort: self.sort,
            descending: self.descending,
            filter: self.filter.clone(),
            filter_column: self.filter_column.clone(),
        };
        if let Some((k, t)) = self.cache.take()
            && k == key
        {
            return (k, t);
        }
        let mut t = table::build(view.project, self.of);
        t.sort(self.sort, self.descending);
        let col = self
            .filter_column
            .as_ref()
            .and_then(|(c, v)| Some((t.columns.iter().position(|x| &x.name == c)?, v.clone())));
        t.filter(&self.filter, col.as_ref().map(|(i, v)| (*i, v.as_str())));
        (key, t)
    }
}

/// A fixed-width cell, so the header and the rows line up.
fn cell<R>(ui: &mut egui::Ui, w: f32, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    ui.allocate_ui_with_layout(
        Vec2::new(w, ROW_H),
        Layout::left_to_right(Align::Center),
        |ui| {
            ui.set_width(w);
            ui.set_clip_rect(ui.max_rect().intersect(ui.clip_rect()));
            add(ui)
        },
    )
    .inner
}

/// One case table (Participants or Documents).
pub fn cases_ui(ui: &mut egui::Ui, state: &mut CasesState, view: &mut View) {
    let of = state.of;
    let plural = format!("{}s", noun(of));
    ui.horizontal(|ui| {
        ui.heading(if of == AttributeOf::Participant {
            "Participants"
        } else {
            "Documents"
        });
        let label = ui.label("Filter:");
        ui.add(
            egui::TextEdit::singleline(&mut state.filter)
                .hint_text("name or value")
                .desired_width(160.0),
        )
        .labelled_by(label.id);
        if let Some((c, v)) = state.filter_column.clone() {
            let shown = if v.is_empty() {
                "(not set)".to_owned()
            } else {
                v
            };
            if ui
                .button(format!("{c} = {shown} (clear)"))
                .on_hover_text("Stop filtering by this value")
                .clicked()
            {
                state.filter_column = None;
            }
        }
        ui.separator();
        if ui
            .button("Import…")
            .on_hover_text(format!(
                "Import {} attributes from a CSV or XLSX file, with a preview first",
                noun(of)
            ))
            .clicked()
        {
            state.import.open = !state.import.open;
        }
        if ui.button("Export CSV…").clicked() {
            export(state, view, "csv");
        }
        if ui.button("Export XLSX…").clicked() {
            export(state, view, "xlsx");
        }
    });
    if let Some(m) = &state.message {
        ui.colored_label(ui.visuals().warn_fg_color, m);
    }
    if state.import.open {
        egui::Frame::group(ui.style()).show(ui, |ui| import_panel::import_ui(ui, state, view));
    }
    // The table as shown, from the cache (rebuilt only when the project or the view changed).
    let (key, t) = state.take_table(view);
    let stamp = (view.history.generation(), view.project.memos.len());
    if state.memo_rows.as_ref().is_none_or(|(s, _)| *s != stamp) {
        let mut rows = std::collections::BTreeMap::new();
        for m in &view.project.memos {
            let key = match &m.anchor {
                Anchor::Participant(p) => RowKey::Participant(p.clone()),
                Anchor::Document(d) => RowKey::Document(*d),
                _ => continue,
            };
            *rows.entry(key).or_insert(0) += 1;
        }
        state.memo_rows = Some((stamp, rows));
    }
    if of == AttributeOf::Participant {
        attribution::attribution_ui(ui, view, &t.columns);
    }
    attribute::add_attribute_ui(ui, state, view);
    if let Some(m) = state.manage.clone() {
        egui::Frame::group(ui.style()).show(ui, |ui| attribute::manage_ui(ui, state, view, m));
    }
    bulk::bulk_ui(ui, state, view, &plural, &t.columns);
    ui.separator();
    grid::table_ui(ui, state, view, &t);
    state.cache = Some((key, t));
}

fn export(state: &mut CasesState, view: &mut View, ext: &str) {
    let t = table::build(view.project, state.of);
    let name = format!("{}s.{ext}", noun(state.of));
    let Some(path) = rfd::FileDialog::new()
        .add_filter(ext.to_uppercase(), &[ext])
        .set_file_name(name)
        .save_file()
    else {
        return;
    };
    let bytes = if ext == "xlsx" {
        t.to_xlsx()
    } else {
        Ok(t.to_csv().into_bytes())
    };
    let result = bytes.and_then(|b| {
        crate::store::write_atomic(&path, &b)
            .map_err(|e| format!("could not write {}: {e}", path.display()))
    });
    match result {
        Ok(()) => view.push(Action::Status(format!("Wrote {}", path.display()))),
        Err(e) => state.message = Some(format!("Nothing was written: {e}")),
    }
}
