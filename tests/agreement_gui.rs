//! Coding as a team through the real app: hide other coders' codings, code a passage as a second
//! coder, show the others again (after confirming), open the agreement table, open a
//! disagreement, settle it for a consensus coder, undo.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use gloss::ui::agreement::{
    COMPUTE_LABEL, DISAGREEMENT_PREFIX, SHOW_PASSAGE_LABEL,
    layers::{BLIND_LABEL, BY_CODER_LABEL, UNBLIND_CONFIRM},
};
use gloss::ui::{Action, GlossApp, PICKER_LABEL};

mod common;
use common::harness;

fn marks(h: &Harness<'static, GlossApp>) -> usize {
    h.query_all_by_label_contains("Coded: ").count()
}

fn codings_by(h: &Harness<'static, GlossApp>, name: &str) -> usize {
    let p = h.state().project();
    let Some(k) = p.coder_by_name(name) else {
        return 0;
    };
    p.codings.values().filter(|c| c.coder == k.id).count()
}

#[test]
fn hide_code_compare_settle_undo() {
    let mut h = harness();
    h.run();
    let first_doc = h.state().current_document().unwrap_or_default();
    let shown_before = marks(&h);
    assert!(
        shown_before > 0,
        "the sample's first document shows codings"
    );
    let analyst = codings_by(&h, "Sample Analyst");

    // Hide other coders' codings: the reading pane shows none of the analyst's work.
    h.get_by_label(BLIND_LABEL).click();
    h.run();
    let p = h.state().project();
    let me = p.coder_by_name("Tester").map(|c| c.id);
    assert!(me.is_some() && p.settings.blind.contains(&me.unwrap_or_default()));
    assert_eq!(marks(&h), 0, "other coders' codings are hidden");

    // Code a passage as the second coder (Tester) where the analyst coded something else.
    let (range, other_code) = {
        let p = h.state().project();
        let c = p
            .codings_in(first_doc)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("the first document has codings"));
        let other = p
            .codes
            .iter()
            .find(|k| k.id != c.code)
            .map(|k| k.name.clone())
            .unwrap_or_default();
        (c.range, other)
    };
    h.state_mut().select_passage(first_doc, range);
    h.run();
    h.get_by_label(PICKER_LABEL).click();
    h.run();
    h.get_by_label(PICKER_LABEL).type_text(&other_code);
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(
        codings_by(&h, "Tester"),
        1,
        "status: {}",
        h.state().status()
    );
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(marks(&h), 1, "only the blind coder's own coding shows");

    // Turning blind coding off asks first.
    h.get_by_label(BLIND_LABEL).click();
    h.run();
    assert!(h.state().project().settings.blind.len() == 1);
    h.get_by_label(UNBLIND_CONFIRM).click();
    h.run();
    assert!(h.state().project().settings.blind.is_empty());
    assert_eq!(marks(&h), shown_before + 1);

    // Stripes grouped by coder: each coder's stripes in a column of their own.
    h.get_by_label(BY_CODER_LABEL).click();
    h.run();
    assert_eq!(h.query_all_by_label_contains(" by Tester").count(), 1);
    assert!(h.query_all_by_label_contains(" by Sample Analyst").count() > 1);
    h.get_by_label(BY_CODER_LABEL).click();
    h.run();
    assert_eq!(h.query_all_by_label_contains(" by Tester").count(), 0);

    // The agreement table: the analyst (A) against Tester (B), by speaker turn.
    h.get_by_label("Agreement").click();
    h.run();
    h.get_by_label("Sample Analyst").click();
    h.run();
    h.get_by_label("Tester").click();
    h.run();
    h.get_by_label(COMPUTE_LABEL).click();
    for _ in 0..200 {
        h.step();
        if h.state_mut().agreement().table().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    h.run();
    let Some(table) = h.state_mut().agreement().table().cloned() else {
        panic!("no table after computing")
    };
    assert_eq!(table.documents_compared, 1);
    assert!(h.query_by_label("Overall").is_some());
    assert!(
        h.query_by_label_contains("Units: every non-empty speaker turn")
            .is_some()
    );
    assert!(!table.disagreements.is_empty());

    // Open the first disagreement and settle it: accept A.
    h.get_by_label_contains(&format!("{DISAGREEMENT_PREFIX} 1 · "))
        .click();
    h.run();
    assert!(h.query_by_label(SHOW_PASSAGE_LABEL).is_some());
    let before = h.state().project().codings.clone();
    h.get_by_label("Accept A").click();
    h.run();
    let consensus = codings_by(&h, "Consensus");
    assert!(consensus > 0, "status: {}", h.state().status());
    // The compared coders' codings are untouched.
    for (id, c) in &before {
        assert_eq!(h.state().project().codings.get(id), Some(c));
    }
    assert_eq!(codings_by(&h, "Sample Analyst"), analyst);
    assert!(h.query_by_label_contains("Consensus: ").is_some());

    // Undo takes the consensus codings away again.
    h.state_mut().queue(Action::Undo);
    h.run();
    assert_eq!(codings_by(&h, "Consensus"), 0);
    assert_eq!(h.state().project().codings, before);

    // Down moves to the next disagreement.
    if table.disagreements.len() > 1 {
        h.key_press(egui::Key::ArrowDown);
        h.run();
        assert_eq!(h.state_mut().agreement().selected, Some(1));
        h.key_press(egui::Key::ArrowUp);
        h.run();
        assert_eq!(h.state_mut().agreement().selected, Some(0));
    }

    // And the passage opens in the reading pane.
    h.get_by_label(SHOW_PASSAGE_LABEL).click();
    h.run();
    assert_eq!(h.state().workspace(), gloss::ui::Workspace::Coding);
    assert_eq!(h.state().current_document(), Some(first_doc));
}
