//! The reading pane's Edit text mode through the real app (egui_kittest): typing inside a coded
//! passage grows the coding; undo puts text and coding back.

use egui::{Key, Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use gloss::model::{
    Code, Coder, CoderId, Coding, CodingId, Document, Project, Rgb, TextRange, Timestamp, Turn,
};
use gloss::store;
use gloss::ui::text_edit::{EDITOR_LABEL, TOGGLE_LABEL};
use gloss::ui::{Action, GlossApp};

#[test]
fn typing_inside_a_coded_passage_grows_the_coding_and_undo_restores_it() {
    let doc = Document::new(
        "Edit test",
        vec![
            Turn::new(Some("Kari"), "We met at the cafe today."),
            Turn::new(Some("Jonas"), "Second paragraph."),
        ],
    );
    let mut p = Project::named("Editing");
    let coder = Coder {
        id: CoderId::new(),
        name: "Tester".into(),
        machine: String::new(),
    };
    let code = Code::new("Meeting", Rgb::palette(0));
    let coding = Coding {
        id: CodingId::new(),
        document: doc.id,
        code: code.id,
        range: TextRange::new(3, 13),
        coder: coder.id,
        created: Timestamp::default(),
    };
    let id = coding.id;
    p.codings.insert(id, coding);
    p.coders.push(coder);
    p.codes.push(code);
    p.documents.push(std::sync::Arc::new(doc.clone()));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("edit.gloss");
    store::save(&p, &path).unwrap_or_else(|e| panic!("{e}"));
    let mut h = Harness::builder()
        .with_size(Vec2::new(1500.0, 950.0))
        .with_max_steps(64)
        .build_eframe(|_cc| GlossApp::with_sample("Tester".to_owned()));
    h.state_mut().queue(Action::OpenPath(path));
    h.run();
    assert_eq!(h.state().current_document(), Some(doc.id));

    h.get_by_label(&format!("✏ {TOGGLE_LABEL}")).click();
    h.run();
    h.get_by_label(EDITOR_LABEL).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Home);
    h.run();
    for _ in 0..5 {
        h.key_press(Key::ArrowRight);
    }
    h.run();
    h.get_by_label(EDITOR_LABEL).type_text("e");
    h.run();
    let text_of = |h: &Harness<'static, GlossApp>| {
        let p = h.state().project();
        let c = p
            .codings
            .get(&id)
            .unwrap_or_else(|| panic!("no coding {id:?}"));
        p.document(doc.id)
            .map(|d| d.slice(c.range))
            .unwrap_or_default()
    };
    assert_eq!(
        h.state().project().documents[0].turns()[0].text,
        "We meet at the cafe today.",
        "{:?}",
        h.state().error()
    );
    assert_eq!(text_of(&h), "meet at the", "the coding grew with the word");
    assert_eq!(h.state().history().undo_label(), Some("Edit text"));

    h.state_mut().queue(Action::Undo);
    h.run();
    assert_eq!(
        h.state().project().documents[0].turns()[0].text,
        "We met at the cafe today."
    );
    assert_eq!(
        h.state().project().codings.get(&id).map(|c| c.range),
        Some(TextRange::new(3, 13))
    );
    assert!(
        !h.state().is_modified(),
        "undo back to the saved state clears the mark"
    );
}
