//! The Participants and Documents tabs: editable case tables (one row per participant or
//! document, one column per attribute), sortable by clicking a column's header and filterable;
//! attributes added, renamed, retyped and removed from the column's menu; a value set on many
//! rows at once; attributes imported from CSV or XLSX with a preview of matches and mismatches
//! before anything changes; the table exported as CSV or XLSX; and (participants) the quote
//! attribution. The logic is `crate::cases`; this module only draws it and pushes edits.

use crate::cases::import::{self, Preview};
use crate::cases::table::{self, CaseTable, RowKey, SortBy, noun};
use crate::cases::{cite, kinds, plan};
use crate::model::{Anchor, AttributeKind, AttributeOf};
use crate::ui::action::Action;
use crate::ui::view::View;
use egui::{Align, Layout, RichText, Vec2};
use std::collections::BTreeSet;
use std::path::PathBuf;

const NAME_W: f32 = 190.0;
const CELL_W: f32 = 150.0;
const ROW_H: f32 = 24.0;

/// The type picker's choices.
const KINDS: [&str; 4] = ["Text", "Number", "Date", "One of a list"];

fn kind_index(k: &AttributeKind) -> usize {
    match k {
        AttributeKind::Text => 0,
        AttributeKind::Number => 1,
        AttributeKind::Date => 2,
        AttributeKind::Choice(_) => 3,
    }
}

fn kind_from(index: usize, choices: &str) -> AttributeKind {
    match index {
        1 => AttributeKind::Number,
        2 => AttributeKind::Date,
        3 => AttributeKind::Choice(kinds::parse_options(choices)),
        _ => AttributeKind::Text,
    }
}

/// An attribute's settings being edited in its column menu.
#[derive(Clone, Debug, Default)]
struct Manage {
    column: String,
    rename: String,
    kind: usize,
    choices: String,
}

/// The import panel: a file, then its preview.
#[derive(Default)]
pub struct ImportPanel {
    pub open: bool,
    /// The file to read (typed, pasted or chosen).
    pub path: String,
    pub preview: Option<Preview>,
    pub error: Option<String>,
}

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

    /// Reads the import file and previews it (changes nothing).
    pub fn preview_import(&mut self, view: &View) {
        self.import.preview = None;
        self.import.error = None;
        let path = PathBuf::from(self.import.path.trim());
        if self.import.path.trim().is_empty() {
            self.import.error = Some("Choose a .csv or .xlsx file first.".into());
            return;
        }
        match import::read_path(&path) {
            Ok(sheet) => self.import.preview = Some(import::preview(view.project, self.of, &sheet)),
            Err(e) => self.import.error = Some(format!("Could not read the file: {e}")),
        }
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
        egui::Frame::group(ui.style()).show(ui, |ui| import_ui(ui, state, view));
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
        attribution_ui(ui, view, &t.columns);
    }
    add_attribute_ui(ui, state, view);
    if let Some(m) = state.manage.clone() {
        egui::Frame::group(ui.style()).show(ui, |ui| manage_ui(ui, state, view, m));
    }
    bulk_ui(ui, state, view, &plural, &t.columns);
    ui.separator();
    table_ui(ui, state, view, &t);
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

fn import_ui(ui: &mut egui::Ui, state: &mut CasesState, view: &mut View) {
    let of = state.of;
    ui.strong(format!("Import {} attributes", noun(of)));
    ui.label(
        RichText::new(format!(
            "One row per {n}, matched by name (the column headed name, {n} or title, else the \
             first); one column per attribute. Empty cells leave values as they are. Nothing \
             changes until you press Import.",
            n = noun(of)
        ))
        .weak(),
    );
    ui.horizontal(|ui| {
        let label = ui.label("File:");
        ui.add(
            egui::TextEdit::singleline(&mut state.import.path)
                .hint_text("path of a .csv or .xlsx file")
                .desired_width(360.0),
        )
        .labelled_by(label.id);
        if ui.button("Choose…").clicked()
            && let Some(p) = rfd::FileDialog::new()
                .add_filter("Table", &["csv", "xlsx", "tsv", "txt"])
                .pick_file()
        {
            state.import.path = p.display().to_string();
            state.preview_import(view);
        }
        if ui.button("Preview").clicked() {
            state.preview_import(view);
        }
    });
    if let Some(e) = &state.import.error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    let Some(preview) = state.import.preview.clone() else {
        return;
    };
    ui.label(RichText::new(preview.summary()).strong());
    let mismatches = preview.mismatch_lines();
    if !mismatches.is_empty() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("Not imported ({}):", mismatches.len()),
        );
        egui::ScrollArea::vertical()
            .id_salt("import-mismatches")
            .max_height(120.0)
            .show(ui, |ui| {
                for line in &mismatches {
                    ui.colored_label(ui.visuals().warn_fg_color, line);
                }
            });
    }
    egui::CollapsingHeader::new(format!("Matched rows ({})", preview.matched.len()))
        .id_salt("import-matched")
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("import-matched-list")
                .max_height(160.0)
                .show(ui, |ui| {
                    for m in &preview.matched {
                        let what = if m.changes.is_empty() {
                            "no change".to_owned()
                        } else {
                            m.changes
                                .iter()
                                .map(|c| {
                                    let old = if c.old.is_empty() { "–" } else { &c.old };
                                    format!("{}: {old} to {}", c.attribute, c.new)
                                })
                                .collect::<Vec<_>>()
                                .join("; ")
                        };
                        ui.label(format!("line {}: {} ({what})", m.line, m.label));
                    }
                });
        });
    if !preview.not_in_file.is_empty() {
        ui.label(
            RichText::new(format!(
                "Not in the file (left as they are): {}",
                preview.not_in_file.join(", ")
            ))
            .weak(),
        );
    }
    ui.horizontal(|ui| {
        let n = preview.changes();
        let go = ui.add_enabled(
            n > 0 || !preview.new_attributes.is_empty(),
            egui::Button::new(format!("Import {n} values")),
        );
        if go.clicked() {
            view.push(Action::edit(
                import::plan(&preview),
                import::label(&preview),
            ));
            state.import = ImportPanel::default();
            state.message = Some(format!(
                "Imported {n} values (one step: Undo takes the whole import back)."
            ));
        }
        if ui.button("Cancel").clicked() {
            state.import = ImportPanel::default();
        }
    });
}

fn attribution_ui(ui: &mut egui::Ui, view: &mut View, cols: &[table::Column]) {
    let chosen = view.project.settings.quote_attribution.clone();
    egui::CollapsingHeader::new("Quote attribution")
        .id_salt("quote-attribution")
        .show(ui, |ui| {
            ui.label(
                RichText::new(
                    "Name the speakers of quotes in reports and copied citations by these \
                     attributes instead of their names (none ticked: by name).",
                )
                .weak(),
            );
            ui.horizontal_wrapped(|ui| {
                for c in cols {
                    let mut on = chosen.contains(&c.name);
                    if ui.checkbox(&mut on, &c.name).changed() {
                        let mut next: Vec<String> =
                            chosen.iter().filter(|a| **a != c.name).cloned().collect();
                        if on {
                            next.push(c.name.clone());
                        }
                        view.push(Action::edit(
                            plan::set_attribution(view.project, next),
                            "Change quote attribution",
                        ));
                    }
                }
            });
            let example = view
                .project
                .participants
                .iter()
                .find(|p| !p.interviewer)
                .map(|p| cite::speaker(view.project, Some(&p.name)));
            if let Some(e) = example {
                ui.label(format!("A quote is attributed: — {e}"));
            }
        });
}

fn add_attribute_ui(ui: &mut egui::Ui, state: &mut CasesState, view: &mut View) {
    ui.horizontal(|ui| {
        let label = ui.label("New attribute:");
        ui.add(
            egui::TextEdit::singleline(&mut state.new_name)
                .hint_text("role, site, round…")
                .desired_width(140.0),
        )
        .labelled_by(label.id);
        egui::ComboBox::from_id_salt(("new-kind", state.of))
            .selected_text(KINDS[state.new_kind.min(3)])
            .show_ui(ui, |ui| {
                for (i, k) in KINDS.iter().enumerate() {
                    ui.selectable_value(&mut state.new_kind, i, *k);
                }
            })
            .response
            .accessible_name("Type of the new attribute");
        if state.new_kind == 3 {
            let l = ui.label("Values:");
            ui.add(
                egui::TextEdit::singleline(&mut state.new_choices)
                    .hint_text("nurse, doctor, social worker")
                    .desired_width(200.0),
            )
            .labelled_by(l.id);
        }
        if ui.button("Add attribute").clicked() {
            let kind = kind_from(state.new_kind, &state.new_choices);
            match plan::add_attribute(view.project, state.of, &state.new_name, kind) {
                Ok(e) => {
                    view.push(Action::edit(
                        e,
                        format!("Add attribute “{}”", state.new_name.trim()),
                    ));
                    state.new_name.clear();
                    state.new_choices.clear();
                    state.message = None;
                }
                Err(e) => state.message = Some(e),
            }
        }
    });
}

fn manage_ui(ui: &mut egui::Ui, state: &mut CasesState, view: &mut View, mut m: Manage) {
    let of = state.of;
    ui.strong(format!("Attribute “{}”", m.column));
    ui.horizontal(|ui| {
        let l = ui.label("Name:");
        ui.add(egui::TextEdit::singleline(&mut m.rename).desired_width(160.0))
            .labelled_by(l.id);
        if ui.button("Rename").clicked() {
            match plan::rename_attribute(view.project, of, &m.column, &m.rename) {
                Ok(e) => {
                    view.push(Action::edit(
                        e,
                        format!("Rename attribute “{}” to “{}”", m.column, m.rename.trim()),
                    ));
                    m.column = m.rename.trim().to_owned();
                    state.message = None;
                }
                Err(e) => state.message = Some(e),
            }
        }
    });
    ui.horizontal(|ui| {
        ui.label("Type:");
        egui::ComboBox::from_id_salt(("manage-kind", of))
            .selected_text(KINDS[m.kind.min(3)])
            .show_ui(ui, |ui| {
                for (i, k) in KINDS.iter().enumerate() {
                    ui.selectable_value(&mut m.kind, i, *k);
                }
            })
            .response
            .accessible_name("Type");
        if m.kind == 3 {
            let l = ui.label("Values:");
            ui.add(egui::TextEdit::singleline(&mut m.choices).desired_width(220.0))
                .labelled_by(l.id);
        }
        if ui.button("Set type").clicked() {
            match plan::set_kind(view.project, of, &m.column, kind_from(m.kind, &m.choices)) {
                Ok(e) => {
                    view.push(Action::edit(
                        e,
                        format!("Change the type of “{}”", m.column),
                    ));
                    state.message = None;
                }
                Err(e) => state.message = Some(e),
            }
        }
    });
    let mut keep = true;
    ui.horizontal(|ui| {
        if ui
            .button("Remove attribute")
            .on_hover_text(
                "Remove the attribute and its value on every row (Undo brings them back)",
            )
            .clicked()
        {
            match plan::remove_attribute(view.project, of, &m.column) {
                Ok(e) => {
                    view.push(Action::edit(e, format!("Remove attribute “{}”", m.column)));
                    keep = false;
                }
                Err(e) => state.message = Some(e),
            }
        }
        if ui.button("Close").clicked() {
            keep = false;
        }
    });
    state.manage = keep.then_some(m);
}

fn bulk_ui(
    ui: &mut egui::Ui,
    state: &mut CasesState,
    view: &mut View,
    plural: &str,
    columns: &[table::Column],
) {
    let n = state.selected.len();
    if n == 0 {
        ui.label(RichText::new(format!("Tick {plural} to set a value on many at once.")).weak());
        return;
    }
    ui.horizontal(|ui| {
        ui.label(format!("{n} selected: set"));
        let current = state
            .bulk_column
            .clone()
            .filter(|c| columns.iter().any(|x| &x.name == c))
            .or_else(|| columns.first().map(|c| c.name.clone()));
        egui::ComboBox::from_id_salt(("bulk-column", state.of))
            .selected_text(current.clone().unwrap_or_else(|| "(no attributes)".into()))
            .show_ui(ui, |ui| {
                for c in columns {
                    ui.selectable_value(&mut state.bulk_column, Some(c.name.clone()), &c.name);
                }
            })
            .response
            .accessible_name("Attribute to set");
        ui.label("to");
        let kind = current
            .as_ref()
            .and_then(|c| columns.iter().find(|x| &x.name == c))
            .map(|c| c.kind.clone())
            .unwrap_or_default();
        match &kind {
            AttributeKind::Choice(options) => {
                egui::ComboBox::from_id_salt(("bulk-value", state.of))
                    .selected_text(if state.bulk_value.is_empty() {
                        "(not set)"
                    } else {
                        state.bulk_value.as_str()
                    })
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut state.bulk_value, String::new(), "(not set)");
                        for o in options {
                            ui.selectable_value(&mut state.bulk_value, o.clone(), o);
                        }
                    })
                    .response
                    .accessible_name("Value to set");
            }
            _ => {
                let l = ui.label("value");
                ui.add(egui::TextEdit::singleline(&mut state.bulk_value).desired_width(140.0))
                    .labelled_by(l.id);
            }
        }
        if ui.button("Apply").clicked()
            && let Some(col) = current
        {
            let keys: Vec<RowKey> = state.selected.iter().cloned().collect();
            match plan::set_values(view.project, state.of, &keys, &col, &state.bulk_value) {
                Ok(e) => {
                    view.push(Action::edit(
                        e,
                        plan::set_values_label(&col, keys.len(), state.of),
                    ));
                    state.message = None;
                }
                Err(e) => state.message = Some(e),
            }
        }
        if ui.button("Clear selection").clicked() {
            state.selected.clear();
        }
    });
}

fn table_ui(ui: &mut egui::Ui, state: &mut CasesState, view: &mut View, t: &CaseTable) {
    let of = state.of;
    let shown = || t.rows.iter().map(|r| &r.key);
    state.selected.retain(|k| match k {
        RowKey::Participant(name) => view.project.participant(name).is_some(),
        RowKey::Document(id) => view.project.document(*id).is_some(),
    });
    egui::ScrollArea::horizontal()
        .id_salt(("cases-h", of))
        .show(ui, |ui| {
            // Header: select-all, name, one column per attribute (click to sort; … to manage).
            ui.horizontal(|ui| {
                cell(ui, 24.0, |ui| {
                    let all = !t.rows.is_empty() && shown().all(|k| state.selected.contains(k));
                    let mut on = all;
                    if ui
                        .checkbox(&mut on, "")
                        .accessible_name("Select every row shown")
                        .on_hover_text("Select every row shown")
                        .changed()
                    {
                        if on {
                            state.selected.extend(shown().cloned());
                        } else {
                            for k in shown() {
                                state.selected.remove(k);
                            }
                        }
                    }
                });
                let arrow = |on: bool, desc: bool| match (on, desc) {
                    (true, false) => " (a–z)",
                    (true, true) => " (z–a)",
                    _ => "",
                };
                cell(ui, NAME_W, |ui| {
                    let on = state.sort == SortBy::Name;
                    let title = if of == AttributeOf::Participant { "Name" } else { "Title" };
                    if ui
                        .button(RichText::new(format!("{title}{}", arrow(on, state.descending))).strong())
                        .on_hover_text("Sort by name")
                        .clicked()
                    {
                        state.descending = on && !state.descending;
                        state.sort = SortBy::Name;
                    }
                });
                for (i, c) in t.columns.iter().enumerate() {
                    cell(ui, CELL_W, |ui| {
                        let on = state.sort == SortBy::Column(i);
                        let mut text = RichText::new(format!("{}{}", c.name, arrow(on, state.descending))).strong();
                        if !c.declared {
                            text = text.italics();
                        }
                        let hover = if c.declared {
                            format!("{} ({}): click to sort", c.name, kinds::kind_label(&c.kind))
                        } else {
                            format!("{}: values without a declared type; … to give it one", c.name)
                        };
                        if ui.button(text).on_hover_text(hover).clicked() {
                            state.descending = on && !state.descending;
                            state.sort = SortBy::Column(i);
                        }
                        ui.menu_button("…", |ui| {
                            if ui.button("Rename, retype or remove…").clicked() {
                                state.manage = Some(Manage {
                                    column: c.name.clone(),
                                    rename: c.name.clone(),
                                    kind: kind_index(&c.kind),
                                    choices: match &c.kind {
                                        AttributeKind::Choice(o) => o.join(", "),
                                        _ => String::new(),
                                    },
                                });
                                ui.close();
                            }
                            ui.separator();
                            ui.label("Show only rows with:");
                            for v in t.distinct(i) {
                                let shown_v = if v.is_empty() { "(not set)".to_owned() } else { v.clone() };
                                if ui.button(shown_v).clicked() {
                                    state.filter_column = Some((c.name.clone(), v));
                                    ui.close();
                                }
                            }
                        });
                    });
                }
            });
            ui.separator();
            if t.rows.is_empty() {
                ui.label(
                    RichText::new(if view.project.participants.is_empty() && of == AttributeOf::Participant {
                        "No participants yet: import transcripts; their speakers become participants."
                    } else {
                        "No rows match the filter."
                    })
                    .weak(),
                );
            }
            egui::ScrollArea::vertical()
                .id_salt(("cases-v", of))
                .auto_shrink([false, true])
                .show_rows(ui, ROW_H + ui.spacing().item_spacing.y, t.rows.len(), |ui, range| {
                    for row in t.rows.get(range).unwrap_or(&[]) {
                        row_ui(ui, state, view, t, row);
                    }
                });
        });
}

fn row_ui(
    ui: &mut egui::Ui,
    state: &mut CasesState,
    view: &mut View,
    t: &CaseTable,
    row: &table::CaseRow,
) {
    let of = state.of;
    ui.horizontal(|ui| {
        cell(ui, 24.0, |ui| {
            let mut on = state.selected.contains(&row.key);
            if ui
                .checkbox(&mut on, "")
                .accessible_name(format!("Select {}", row.label))
                .changed()
            {
                if on {
                    state.selected.insert(row.key.clone());
                } else {
                    state.selected.remove(&row.key);
                }
            }
        });
        cell(ui, NAME_W, |ui| {
            let anchor = match &row.key {
                RowKey::Participant(p) => Anchor::Participant(p.clone()),
                RowKey::Document(d) => Anchor::Document(*d),
            };
            let n = state
                .memo_rows
                .as_ref()
                .and_then(|(_, rows)| rows.get(&row.key).copied())
                .unwrap_or(0);
            super::memo_window::memo_button_with(ui, view, anchor, n);
            let mut name = RichText::new(crate::ui::reading::ellipsize(&row.label, 24));
            if row.interviewer {
                name = name.italics();
            }
            let r = ui.label(name);
            if row.interviewer {
                r.on_hover_text(format!("{} (interviewer)", row.label));
            }
        });
        for (i, c) in t.columns.iter().enumerate() {
            let value = row.values.get(i).cloned().unwrap_or_default();
            cell(ui, CELL_W, |ui| match &c.kind {
                AttributeKind::Choice(options) => {
                    let mut v = value.clone();
                    egui::ComboBox::from_id_salt(("cell", &row.key, &c.name))
                        .width(CELL_W - 12.0)
                        .selected_text(if v.is_empty() { "–" } else { v.as_str() })
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut v, String::new(), "(not set)");
                            for o in options {
                                ui.selectable_value(&mut v, o.clone(), o);
                            }
                        })
                        .response
                        .accessible_name(format!("{} of {}", c.name, row.label));
                    if v != value {
                        commit(state, view, &row.key, &c.name, &v);
                    }
                }
                _ => {
                    let editing =
                        matches!(&state.editing, Some((k, a, _)) if k == &row.key && a == &c.name);
                    let mut text = match &state.editing {
                        Some((_, _, buf)) if editing => buf.clone(),
                        _ => value.clone(),
                    };
                    let r = ui
                        .add(
                            egui::TextEdit::singleline(&mut text)
                                .desired_width(CELL_W - 12.0)
                                .hint_text("–"),
                        )
                        .accessible_name(format!("{} of {}", c.name, row.label));
                    let r = r.on_hover_text(format!(
                        "{} of {} ({}); Enter to set, Esc to cancel",
                        c.name,
                        row.label,
                        kinds::kind_label(&c.kind)
                    ));
                    if r.changed() {
                        state.editing = Some((row.key.clone(), c.name.clone(), text.clone()));
                    }
                    if r.lost_focus() && editing {
                        state.editing = None;
                        let cancelled = ui.input(|i| i.key_pressed(egui::Key::Escape));
                        if !cancelled && text != value {
                            commit(state, view, &row.key, &c.name, &text);
                        }
                    }
                }
            });
        }
    });
    let _ = of;
}

fn commit(state: &mut CasesState, view: &mut View, key: &RowKey, attr: &str, raw: &str) {
    match plan::set_values(view.project, state.of, std::slice::from_ref(key), attr, raw) {
        Ok(e) => {
            view.push(Action::edit(e, plan::set_values_label(attr, 1, state.of)));
            state.message = None;
        }
        Err(e) => {
            state.message = Some(format!(
                "{} was not changed: {e}",
                table::label(view.project, key)
            ));
        }
    }
}
