//! The Analysis workspace driven as a user would, through the accessibility tree: search the
//! project and code every hit in one undo step, run and save a coding query, open a matrix
//! cell and jump from its passages to the reading pane, open a co-occurrence cell.

mod common;

use common::harness;
use egui::Modifiers;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use gloss::ui::Workspace;

fn type_into_field(
    h: &mut egui_kittest::Harness<'static, gloss::ui::GlossApp>,
    n: usize,
    text: &str,
) {
    {
        let fields: Vec<_> = h.get_all_by_role(Role::TextInput).collect();
        assert!(n < fields.len(), "only {} text fields", fields.len());
        fields[n].click();
    }
    h.run();
    {
        let fields: Vec<_> = h.get_all_by_role(Role::TextInput).collect();
        fields[n].type_text(text);
    }
    h.run();
}

/// Clicks the `n`th text field, selects all of it and types `text` instead.
fn replace_field(
    h: &mut egui_kittest::Harness<'static, gloss::ui::GlossApp>,
    n: usize,
    text: &str,
) {
    {
        let fields: Vec<_> = h.get_all_by_role(Role::TextInput).collect();
        fields[n].click();
    }
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    {
        let fields: Vec<_> = h.get_all_by_role(Role::TextInput).collect();
        fields[n].type_text(text);
    }
    h.run();
}

#[test]
fn search_code_all_hits_then_undo() {
    let mut h = harness();
    let before = h.state().project().codings.len();
    h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), egui::Key::F);
    h.run();
    assert_eq!(h.state().workspace(), Workspace::Analysis);
    type_into_field(&mut h, 0, "night");
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label("5 hits in 5 documents");
    h.get_by_label("5 codings will be made");
    h.get_by_label("Code 5 passages").click();
    h.run();
    assert_eq!(h.state().project().codings.len(), before + 5);
    // Every hit is now coded by this coder with this code: nothing more to do.
    h.get_by_label("0 codings will be made; 5 already coded by you");
    assert!(h.state().status().contains("Coded 5 passages") || !h.state().status().is_empty());
    // One undo step takes all five away.
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().project().codings.len(), before);
    h.get_by_label("5 codings will be made");
    // A regular expression that does not compile is reported.
    h.get_by_role_and_label(Role::ComboBox, "Find as").click();
    h.run();
    h.get_by_label("Regular expression").click();
    h.run();
    replace_field(&mut h, 0, "(night");
    h.key_press(egui::Key::Enter);
    h.run();
    let _ = h.get_by_label_contains("Cannot search: the regular expression does not work");
    // Clicking a hit opens it in the reading pane.
    replace_field(&mut h, 0, "sle+p");
    h.key_press(egui::Key::Enter);
    h.run();
    h.get_by_label_contains("hits in").scroll_to_me();
    assert!(
        h.query_all_by_label_contains("slept").count() > 0,
        "a hit with 'slept'"
    );
    h.get_all_by_label_contains("slept")
        .next()
        .into_iter()
        .for_each(|n| n.click());
    h.run();
    assert_eq!(h.state().workspace(), Workspace::Coding);
    assert!(h.state().selected_range().is_some(), "the hit is selected");
}

#[test]
fn run_and_save_a_query_then_open_a_matrix_cell() {
    let mut h = harness();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Num3);
    h.run();
    h.get_by_label("Query").click();
    h.run();
    let expression = r#""Dose negotiation" OR "Rules and consistency" WHERE format = individual"#;
    type_into_field(&mut h, 0, expression);
    h.key_press(egui::Key::Enter);
    h.run();
    let expected = gloss::query::expr::run(h.state().project(), expression)
        .unwrap_or_else(|e| panic!("{e}"))
        .len();
    assert!(expected > 0);
    h.get_by_label(&format!("{expected} passages"));
    // Save it under a name: one undo step.
    type_into_field(&mut h, 1, "Rules in interviews");
    h.get_by_label("Save query").click();
    h.run();
    assert_eq!(h.state().project().queries.len(), 1);
    h.get_by_label("Rules in interviews");
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h.state().project().queries.is_empty());
    // A syntax error names the column.
    replace_field(&mut h, 0, r#""Dose negotiation" AND"#);
    h.key_press(egui::Key::Enter);
    h.run();
    let _ = h.get_by_label_contains("column 23: expected a code name");

    // The matrix: codes against the first attribute; a cell lists its passages.
    h.get_by_label("Matrix").click();
    h.run();
    let first = h
        .state()
        .project()
        .attributes
        .first()
        .map(|a| a.name.clone())
        .unwrap_or_else(|| panic!("the sample declares no attribute"));
    use gloss::query::matrix::{Cols, Measure, Rows, Spec, compute};
    let spec = Spec {
        rows: Rows::Codes,
        cols: Cols::Attribute(first),
        measure: Measure::Codings,
    };
    let m = compute(h.state().project(), &spec).unwrap_or_else(|e| panic!("{e:?}"));
    let (r, c) = (0..m.rows.len())
        .flat_map(|r| (0..m.cols.len()).map(move |c| (r, c)))
        .find(|&(r, c)| m.cells[r][c] > 1)
        .unwrap_or_else(|| panic!("no cell with passages"));
    let (row, col, n) = (m.rows[r].clone(), m.cols[c].clone(), m.cells[r][c]);
    h.get_by_label(&format!("{row} × {col}: {n}")).click();
    h.run();
    h.get_by_label(&format!("{row} × {col}: {n} codings"));
    let rows = h.get_all_by_label_contains(" ¶").count();
    assert!(rows as u64 >= n, "{rows} rows for {n} codings");
    h.get_all_by_label_contains(" ¶")
        .next()
        .into_iter()
        .for_each(|n| n.click());
    h.run();
    assert_eq!(h.state().workspace(), Workspace::Coding);
    assert!(h.state().selected_range().is_some());

    // Co-occurrence: a cell lists the passages coded with both codes.
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Num3);
    h.run();
    h.get_by_label("Co-occurrence").click();
    h.run();
    let t =
        gloss::query::cooccur::compute(h.state().project(), gloss::query::cooccur::Mode::Overlap);
    let (i, j) = (0..t.labels.len())
        .flat_map(|i| (0..t.labels.len()).map(move |j| (i, j)))
        .find(|&(i, j)| i != j && t.counts[i][j] > 0)
        .unwrap_or_else(|| panic!("no co-occurring codes in the sample"));
    let label = format!("{} × {}: {}", t.labels[i], t.labels[j], t.counts[i][j]);
    h.get_by_label(&label).click();
    h.run();
    // The cell and the list's heading.
    assert_eq!(h.get_all_by_label(&label).count(), 2);
    assert!(h.get_all_by_label_contains(" ¶").count() >= 1);
    // Charts draw (and report themselves to screen readers).
    h.get_by_label("Charts").click();
    h.run();
    h.get_by_label("Codings per code");
}
