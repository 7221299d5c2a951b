//! Cases, attributes and memos through the real app (egui_kittest, accessibility tree): import an
//! attribute table with one mismatch (the preview shows it, nothing changes until Import, one
//! undo takes it back), write a journal entry and undo it, and see a coding memo's margin marker.

use egui::Modifiers;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use gloss::ui::{Action, GlossApp, Workspace};

mod common;
use common::harness;

fn analysis_tab(h: &mut Harness<'static, GlossApp>, tab: &str) {
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Num3);
    h.run();
    assert_eq!(h.state().workspace(), Workspace::Analysis);
    h.get_by_role_and_label(Role::Button, tab).click();
    h.run();
}

fn attribute(h: &Harness<'static, GlossApp>, who: &str, key: &str) -> Option<String> {
    h.state()
        .project()
        .participant(who)
        .and_then(|p| p.attributes.get(key).cloned())
}

fn has_label_containing(h: &Harness<'static, GlossApp>, needle: &str) -> bool {
    h.query_all_by(|n| {
        n.label()
            .or_else(|| n.value())
            .is_some_and(|l| l.contains(needle))
    })
    .next()
    .is_some()
}

#[test]
fn importing_attributes_previews_the_mismatch_then_applies_in_one_undo_step() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let csv = dir.path().join("attributes.csv");
    // Line 3 has a role the list does not allow; "age band" is a new attribute.
    std::fs::write(
        &csv,
        "name,role,age band\nKari,nurse,30-39\nJonas,nurce,40-49\nMette,,50-59\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut h = harness();
    h.run();
    analysis_tab(&mut h, "Participants");
    assert!(h.query_by_label("Kari").is_some(), "the table lists Kari");
    h.get_by_role_and_label(Role::Button, "Import…").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "File:").focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "File:")
        .type_text(&csv.display().to_string());
    h.run();
    h.get_by_role_and_label(Role::Button, "Preview").click();
    h.run();
    assert!(
        has_label_containing(&h, "line 3: role of “Jonas”: “nurce” is not one of"),
        "the preview names the mismatch"
    );
    assert!(has_label_containing(
        &h,
        "3 of 3 rows matched a participant"
    ));
    assert_eq!(
        attribute(&h, "Kari", "age band"),
        None,
        "nothing changed yet"
    );
    assert!(!h.state().is_modified());

    h.get_by_role_and_label(Role::Button, "Import 3 values")
        .click();
    h.run();
    assert_eq!(attribute(&h, "Kari", "age band").as_deref(), Some("30-39"));
    assert_eq!(attribute(&h, "Mette", "age band").as_deref(), Some("50-59"));
    assert_eq!(
        attribute(&h, "Jonas", "role").as_deref(),
        Some("nurse"),
        "the mismatched value was left out"
    );
    assert!(h.query_by_label("age band").is_some(), "a new column");

    h.state_mut().queue(Action::Undo);
    h.run();
    assert_eq!(attribute(&h, "Kari", "age band"), None);
    assert_eq!(attribute(&h, "Mette", "age band"), None);
    assert!(
        !h.state()
            .project()
            .attributes
            .iter()
            .any(|a| a.name == "age band")
    );
    assert!(!h.state().is_modified(), "one undo step took it all back");
}

#[test]
fn a_journal_entry_is_written_and_undone_in_one_step() {
    let mut h = harness();
    h.run();
    analysis_tab(&mut h, "Journal");
    let journal = |h: &Harness<'static, GlossApp>| {
        h.state()
            .project()
            .memos
            .iter()
            .filter(|m| m.anchor == gloss::model::Anchor::Project)
            .map(|m| m.text.clone())
            .collect::<Vec<_>>()
    };
    assert!(journal(&h).is_empty());
    h.get_by_role_and_label(Role::Button, "New entry").click();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Journal entry")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Journal entry")
        .type_text("Expected conflict at Northside; found calm.");
    h.run();
    assert_eq!(
        journal(&h),
        vec!["Expected conflict at Northside; found calm.".to_owned()]
    );
    h.state_mut().queue(Action::Undo);
    h.run();
    assert!(
        journal(&h).is_empty(),
        "undo removed the entry with its text"
    );
    assert!(!h.state().is_modified());
}

#[test]
fn a_memo_on_a_coding_shows_as_a_margin_marker() {
    let mut h = harness();
    h.run();
    let (edit, coding) = {
        let p = h.state().project();
        let Some(doc) = h.state().current_document() else {
            panic!("a document is open")
        };
        let Some(c) = p.codings_in(doc).first().map(|c| c.id) else {
            panic!("the sample's first document has codings")
        };
        let (e, _) = gloss::cases::memos::create(
            p,
            gloss::model::Anchor::Coding(c),
            "",
            "Said with a laugh: irony?",
            "Tester",
            gloss::model::Timestamp::now(),
        );
        (e, c)
    };
    let _ = coding;
    h.state_mut().queue(Action::edit(edit, "Write memo"));
    h.run();
    assert!(
        has_label_containing(&h, "Said with a laugh: irony?"),
        "the marker reports the memo"
    );
}

#[test]
fn a_value_is_set_on_ticked_rows_in_one_step_and_checked_by_type() {
    let mut h = harness();
    h.run();
    analysis_tab(&mut h, "Participants");
    h.get_by_label("Select Kari").click();
    h.run();
    h.get_by_label("Select Jonas").click();
    h.run();
    assert!(has_label_containing(&h, "2 selected: set"));
    // The first attribute (role) is offered; pick "doctor" from its list.
    h.get_by_label("Value to set").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "doctor").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Apply").click();
    h.run();
    assert_eq!(attribute(&h, "Kari", "role").as_deref(), Some("doctor"));
    assert_eq!(attribute(&h, "Jonas", "role").as_deref(), Some("doctor"));
    assert_eq!(attribute(&h, "Mette", "role").as_deref(), Some("nurse"));
    h.state_mut().queue(Action::Undo);
    h.run();
    assert_eq!(attribute(&h, "Kari", "role").as_deref(), Some("nurse"));
    assert_eq!(attribute(&h, "Jonas", "role").as_deref(), Some("nurse"));
    assert!(!h.state().is_modified());

    // A cell typed with a value of the wrong type is refused with the reason.
    h.get_by_label("round of Kari").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label("round of Kari").type_text("first");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(attribute(&h, "Kari", "round").as_deref(), Some("1"));
    assert!(has_label_containing(
        &h,
        "Kari was not changed: round: “first” is not a number"
    ));
    h.get_by_label("round of Kari").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label("round of Kari").type_text("3");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(attribute(&h, "Kari", "round").as_deref(), Some("3"));
}

#[test]
fn an_attribute_is_renamed_and_removed_from_its_column_menu_and_undone() {
    let mut h = harness();
    h.run();
    analysis_tab(&mut h, "Participants");
    common::click_nth(&mut h, "…", Some(Role::Button), 0);
    h.get_by_role_and_label(Role::Button, "Rename, retype or remove…")
        .click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Name:").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Name:")
        .type_text("profession");
    h.run();
    h.get_by_role_and_label(Role::Button, "Rename").click();
    h.run();
    assert_eq!(
        attribute(&h, "Kari", "profession").as_deref(),
        Some("nurse")
    );
    assert_eq!(attribute(&h, "Kari", "role"), None);
    h.get_by_role_and_label(Role::Button, "Remove attribute")
        .click();
    h.run();
    assert_eq!(attribute(&h, "Kari", "profession"), None);
    assert!(
        !h.state()
            .project()
            .attributes
            .iter()
            .any(|a| a.name == "profession")
    );
    h.state_mut().queue(Action::Undo);
    h.run();
    assert_eq!(
        attribute(&h, "Kari", "profession").as_deref(),
        Some("nurse")
    );
    h.state_mut().queue(Action::Undo);
    h.run();
    assert_eq!(attribute(&h, "Kari", "role").as_deref(), Some("nurse"));
    assert_eq!(
        h.state()
            .project()
            .attributes
            .first()
            .map(|a| a.name.as_str()),
        Some("role"),
        "back in its place"
    );
    assert!(!h.state().is_modified());
}

#[test]
fn a_participant_memo_is_written_from_the_table() {
    let mut h = harness();
    h.run();
    analysis_tab(&mut h, "Participants");
    h.get_by_label("Memo on Participant Kari").click();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Memo")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Memo")
        .type_text("Senior nurse; trained the others.");
    h.run();
    let on_kari: Vec<String> = h
        .state()
        .project()
        .memos
        .iter()
        .filter(|m| m.anchor == gloss::model::Anchor::Participant("Kari".into()))
        .map(|m| m.text.clone())
        .collect();
    assert_eq!(on_kari, ["Senior nurse; trained the others."]);
    assert!(
        h.query_by_label("Memo (1) on Participant Kari").is_some(),
        "the row's button counts its memos"
    );
    h.state_mut().queue(Action::Undo);
    h.run();
    assert!(h.state().project().memos.is_empty());
}
