//! The codebook and theme flows through the real app (egui_kittest): bind a key and code with it,
//! repeat the last code, in-vivo coding, drag a code into a theme, merge two themes, mark an
//! exemplar and find it in the theme report.

use egui::Modifiers;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use gloss::export::Kind;
use gloss::model::{DocId, Project, TextRange};
use gloss::ui::analysis::AnalysisAction;
use gloss::ui::{Action, GlossApp, PICKER_LABEL};

mod common;
use common::{click_nth, drag, harness};

/// Clicks the last node labelled `label`: the entry of the popup just opened.
fn click_last(h: &mut Harness<'static, GlossApp>, label: &str) {
    let n = h.get_all_by_label(label).count();
    click_nth(h, label, None, n.saturating_sub(1));
}

fn count(p: &Project, code: &str) -> usize {
    let id = p.code_by_name(code).map(|c| c.id);
    p.codings.values().filter(|c| Some(c.code) == id).count()
}

/// The document titled `title` and the range of `phrase` in it.
fn passage(p: &Project, title: &str, phrase: &str) -> (DocId, TextRange) {
    let d = p
        .documents
        .iter()
        .find(|d| d.title == title)
        .unwrap_or_else(|| panic!("no document {title}"));
    let text: Vec<&str> = d.turns().iter().map(|t| t.text.as_str()).collect();
    let at = text
        .join("\n")
        .find(phrase)
        .unwrap_or_else(|| panic!("{phrase:?} not in {title}"));
    (d.id, TextRange::new(at, at + phrase.len()))
}

const HARBOUR: &str = "Round 1 – Harbour Clinic – nurses (group)";

#[test]
fn bind_a_key_in_the_codebook_and_code_with_it() {
    let mut h = harness();
    h.run();
    click_nth(&mut h, "Rapport and trust", Some(Role::Button), 0);
    h.get_by_label("Key").click();
    h.run();
    click_last(&mut h, "3");
    let code = h
        .state()
        .project()
        .code_by_name("Rapport and trust")
        .map(|c| (c.id, c.shortcut));
    assert_eq!(
        code.and_then(|c| c.1),
        Some(3),
        "status: {}",
        h.state().status()
    );

    let before = count(h.state().project(), "Rapport and trust");
    let (doc, range) = passage(h.state().project(), HARBOUR, "Intense.");
    h.state_mut().select_passage(doc, range);
    h.run();
    // Typing a 3 into a text field does not code.
    h.get_by_label(PICKER_LABEL).click();
    h.run();
    h.get_by_label(PICKER_LABEL).type_text("3");
    h.run();
    assert_eq!(count(h.state().project(), "Rapport and trust"), before);
    // Outside a text field, the key codes the selection.
    h.key_press(egui::Key::Escape); // leaves the field
    h.run();
    h.state_mut().select_passage(doc, range);
    h.run();
    h.key_press(egui::Key::Num3);
    h.run();
    assert_eq!(
        count(h.state().project(), "Rapport and trust"),
        before + 1,
        "status: {}",
        h.state().status()
    );
    let p = h.state().project();
    assert!(
        p.codings
            .values()
            .any(|c| c.range == range && Some(c.code) == code.map(|c| c.0))
    );

    // R repeats the last code on the next selection.
    let (doc, next) = passage(h.state().project(), HARBOUR, "the first word");
    h.state_mut().select_passage(doc, next);
    h.run();
    h.key_press(egui::Key::R);
    h.run();
    assert_eq!(count(h.state().project(), "Rapport and trust"), before + 2);
    // Undo takes the coding back off.
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(count(h.state().project(), "Rapport and trust"), before + 1);
}

#[test]
fn in_vivo_coding_names_a_code_after_the_words() {
    let mut h = harness();
    h.run();
    let (doc, range) = passage(
        h.state().project(),
        HARBOUR,
        "I went home and just sat in the car",
    );
    h.state_mut().select_passage(doc, range);
    h.run();
    h.key_press(egui::Key::V);
    h.run();
    let p = h.state().project();
    let code = p
        .code_by_name("I went home and just sat in the")
        .unwrap_or_else(|| panic!("no in-vivo code; status: {}", h.state().status()));
    assert_eq!(code.example, "\"I went home and just sat in the car\"");
    assert_eq!(count(p, "I went home and just sat in the"), 1);
    // It shows in the codebook.
    assert!(
        h.get_all_by_role_and_label(Role::Button, "I went home and just sat in the")
            .count()
            >= 1
    );
}

#[test]
fn drag_a_code_onto_a_theme() {
    let mut h = harness();
    h.run();
    let theme = "Seeing harm reduced";
    let in_theme = |h: &Harness<'static, GlossApp>| {
        let p = h.state().project();
        let code = p
            .code_by_name("Team support")
            .map(|c| c.id)
            .unwrap_or_default();
        p.themes
            .iter()
            .any(|t| t.name == theme && t.codes.contains(&code))
    };
    assert!(!in_theme(&h));
    let from = h
        .get_by_role_and_label(Role::Button, "Team support")
        .rect()
        .center();
    let to = h.get_by_role_and_label(Role::Button, theme).rect().center();
    drag(&mut h, from, to, Modifiers::NONE);
    assert!(in_theme(&h), "status: {}", h.state().status());
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(!in_theme(&h));
}

#[test]
fn merge_two_themes() {
    let mut h = harness();
    h.run();
    let find = |p: &Project, name: &str| p.themes.iter().find(|t| t.name == name).cloned();
    let p = h.state().project().clone();
    let from = find(&p, "Rules and frustration").unwrap_or_else(|| panic!("theme"));
    let into = find(&p, "Getting beyond medication").unwrap_or_else(|| panic!("theme"));
    click_nth(&mut h, "Rules and frustration", Some(Role::Button), 0);
    h.get_by_label("Merge into").click();
    h.run();
    click_last(&mut h, "Getting beyond medication");
    let p = h.state().project();
    assert!(
        find(p, "Rules and frustration").is_none(),
        "status: {}",
        h.state().status()
    );
    let merged = find(p, "Getting beyond medication").unwrap_or_else(|| panic!("theme"));
    for c in from.codes.iter().chain(&into.codes) {
        assert!(merged.codes.contains(c));
    }
    for q in from.exemplars.iter().chain(&into.exemplars) {
        assert!(merged.exemplars.contains(q));
    }
    assert!(
        merged
            .memo
            .contains("Merged theme \"Rules and frustration\"")
    );
    // Undo brings both themes back exactly.
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    let p = h.state().project();
    assert_eq!(find(p, "Rules and frustration"), Some(from));
    assert_eq!(find(p, "Getting beyond medication"), Some(into));
}

#[test]
fn mark_an_exemplar_and_see_it_in_the_theme_report() {
    let mut h = harness();
    h.run();
    let theme = "Rules and frustration";
    click_nth(&mut h, theme, Some(Role::Button), 0);
    let p = h.state().project().clone();
    let t = p
        .themes
        .iter()
        .find(|t| t.name == theme)
        .cloned()
        .unwrap_or_else(|| panic!("theme"));
    let rows = gloss::query::retrieve_theme(&p, t.id);
    let index = rows
        .iter()
        .position(|r| !r.exemplar)
        .unwrap_or_else(|| panic!("every passage is an exemplar"));
    let quote = rows[index].text.clone();
    assert_eq!(
        h.get_all_by_role_and_label(Role::CheckBox, "Exemplar")
            .count(),
        rows.len(),
        "one toggle per passage"
    );
    click_nth(&mut h, "Exemplar", Some(Role::CheckBox), index);
    let after = h
        .state()
        .project()
        .themes
        .iter()
        .find(|x| x.id == t.id)
        .map(|x| x.exemplars.clone())
        .unwrap_or_default();
    assert_eq!(
        after.len(),
        t.exemplars.len() + 1,
        "status: {}",
        h.state().status()
    );
    assert_eq!(after.last(), Some(&rows[index].coding));

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("report.md");
    h.state_mut()
        .queue(Action::Analysis(AnalysisAction::ExportTo(
            Kind::ThemeReport,
            out.clone(),
        )));
    h.run();
    let report = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{e}"));
    let first_line = quote.lines().next().unwrap_or_default().trim().to_owned();
    assert!(
        report.contains(&format!("> {first_line}")),
        "quote {first_line:?} missing from the report"
    );
    // Unmark it again from the list.
    click_nth(&mut h, "Exemplar", Some(Role::CheckBox), index);
    let again = h
        .state()
        .project()
        .themes
        .iter()
        .find(|x| x.id == t.id)
        .map(|x| x.exemplars.len());
    assert_eq!(again, Some(t.exemplars.len()));
}

#[test]
fn drag_a_code_onto_another_to_merge_after_confirming() {
    let mut h = harness();
    h.run();
    let p = h.state().project().clone();
    let total = count(&p, "Team support") + count(&p, "Rapport and trust");
    let from = h
        .get_by_role_and_label(Role::Button, "Team support")
        .rect()
        .center();
    let to = h
        .get_by_role_and_label(Role::Button, "Rapport and trust")
        .rect()
        .center();
    drag(&mut h, from, to, Modifiers::NONE);
    // Dropping asks what to do: merge, put inside, or place before.
    click_nth(&mut h, "Merge into “Rapport and trust”…", None, 0);
    assert!(h.state().is_asking(), "a merge is confirmed first");
    h.get_by_role_and_label(Role::Button, "Merge codes").click();
    h.run();
    let q = h.state().project();
    assert!(q.code_by_name("Team support").is_none());
    assert_eq!(count(q, "Rapport and trust"), total, "codings conserved");
    let memo = q
        .code_by_name("Rapport and trust")
        .map(|c| c.memo.clone())
        .unwrap_or_default();
    assert!(memo.contains("Merged \"Team support\""), "{memo}");
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().project(), &p, "undo restores exactly");
}

#[test]
fn drag_a_code_onto_another_to_put_it_inside_or_before() {
    let mut h = harness();
    h.run();
    let p = h.state().project().clone();
    let id = |p: &Project, name: &str| p.code_by_name(name).map(|c| c.id);
    let centre = |h: &Harness<'static, GlossApp>, name: &str| {
        h.get_by_role_and_label(Role::Button, name).rect().center()
    };
    let (from, to) = (centre(&h, "Team support"), centre(&h, "Rapport and trust"));
    drag(&mut h, from, to, Modifiers::NONE);
    click_nth(&mut h, "Put inside “Rapport and trust”", None, 0);
    let q = h.state().project();
    assert_eq!(
        q.code_by_name("Team support").and_then(|c| c.parent),
        id(q, "Rapport and trust")
    );
    assert_eq!(
        gloss::query::code_path(q, id(q, "Team support").unwrap_or_default()),
        "Rapport and trust/Team support"
    );
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().project(), &p);

    let (from, to) = (
        centre(&h, "Staffing and workload"),
        centre(&h, "Stabilisation observed"),
    );
    drag(&mut h, from, to, Modifiers::NONE);
    click_nth(&mut h, "Place before “Stabilisation observed”", None, 0);
    let first = h.state().project().codes.first().map(|c| c.name.clone());
    assert_eq!(first.as_deref(), Some("Staffing and workload"));
}

#[test]
fn a_retrieved_passage_jumps_to_its_document_and_resizes() {
    let mut h = harness();
    h.run();
    h.get_by_label(HARBOUR).click();
    h.run();
    let harbour = h.state().current_document();
    click_nth(&mut h, "Calmer than feared", Some(Role::Button), 0);
    let quote = "I was braced for chaos the first week";
    h.get_by_label_contains(quote).scroll_to_me();
    h.run();
    h.get_by_label_contains(quote).click();
    h.run();
    let p = h.state().project();
    let coding = p
        .codings
        .values()
        .find(|c| {
            p.document(c.document)
                .is_some_and(|d| d.slice(c.range) == quote)
        })
        .unwrap_or_else(|| panic!("coding"));
    assert_ne!(h.state().current_document(), harbour);
    assert_eq!(h.state().current_document(), Some(coding.document));

    // Resize the first passage: extend its end by a word.
    click_nth(&mut h, "Resize", None, 0);
    click_nth(&mut h, "Extend end by a word", None, 0);
    let now = h.state().project().codings.get(&coding.id).map(|c| c.range);
    assert!(
        now.is_some_and(|r| r.start == coding.range.start && r.end > coding.range.end),
        "{now:?}; status: {}",
        h.state().status()
    );
}

#[test]
fn a_codebook_exported_from_one_project_imports_into_a_new_one() {
    let mut h = harness();
    h.run();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let book = dir.path().join("codebook.md");
    h.state_mut()
        .queue(Action::Analysis(AnalysisAction::ExportTo(
            Kind::Codebook,
            book.clone(),
        )));
    h.run();
    assert!(
        h.state().status().starts_with("Exported the codebook"),
        "{}",
        h.state().status()
    );
    let sample = h.state().project().clone();
    h.state_mut().queue(Action::NewProject);
    h.run();
    assert!(h.state().project().codes.is_empty());
    h.state_mut()
        .queue(Action::Analysis(AnalysisAction::ImportCodebookFrom(book)));
    h.run();
    let p = h.state().project();
    assert_eq!(
        p.codes.len(),
        sample.codes.len(),
        "status: {}",
        h.state().status()
    );
    for (a, b) in sample.codes.iter().zip(&p.codes) {
        assert_eq!(
            (&a.name, &a.description, a.color),
            (&b.name, &b.description, b.color)
        );
    }
    assert!(
        h.query_by_label("Stabilisation observed").is_some(),
        "listed in the codebook"
    );
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h.state().project().codes.is_empty(), "one undoable step");
}
