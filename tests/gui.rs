//! The whole coding loop through the real app, driven headless by egui_kittest through the
//! accessibility tree: open the sample, pick a document, select a passage with the mouse, code
//! it, see the count change, put the code in a theme, undo, save, load.

use egui::accesskit::Role;
use egui::{Event, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use gloss::store;
use gloss::ui::{Action, GlossApp, PICKER_LABEL};

mod common;
use common::{click_nth, drag, harness};

const HARBOUR: &str = "Round 1 – Harbour Clinic – nurses (group)";
const METTE: &str = "Intense. That's the first word. The first two weeks I went home and just sat in the car for ten minutes before I could drive.";

/// What the window system sends when the user clicks the window's close button.
fn request_close(h: &mut Harness<'static, GlossApp>) {
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
}

fn count(h: &Harness<'static, GlossApp>, code: &str) -> usize {
    let p = h.state().project();
    let id = p.code_by_name(code).map(|c| c.id);
    p.codings.values().filter(|c| Some(c.code) == id).count()
}

#[test]
fn the_whole_coding_loop() {
    let mut h = harness();
    h.run();
    // The sample opens on its first document, with the documents list, codebook and theme tree.
    assert!(h.query_by_label("Codebook").is_some());
    assert!(h.query_by_label("Themes").is_some());
    assert!(h.query_by_label("Rewarding").is_some() && h.query_by_label("Challenging").is_some());
    assert!(!h.state().is_modified());
    assert_eq!(h.state().window_title(), "Sample project (bundled) — Gloss");

    // Select another document.
    h.get_by_label(HARBOUR).click();
    h.run();
    let doc = h.state().current_document();
    assert_eq!(
        h.state()
            .project()
            .document(doc.unwrap_or_default())
            .map(|d| d.title.as_str()),
        Some(HARBOUR)
    );

    // Select "Intense." with the mouse: drag across the start of Mette's paragraph.
    let para = h.get_by_label(METTE).rect();
    let y = para.top() + 8.0;
    drag(
        &mut h,
        Pos2::new(para.left() + 41.0, y),
        Pos2::new(para.left() + 95.0, y),
        Modifiers::NONE,
    );
    let range = h
        .state()
        .selected_range()
        .unwrap_or_else(|| panic!("no selection after a drag"));
    let d = h
        .state()
        .project()
        .document(doc.unwrap_or_default())
        .cloned()
        .unwrap_or_else(|| panic!("doc"));
    let text = d.slice(range);
    assert!(
        text.starts_with("Inte") && text.len() < 20,
        "selected {text:?}"
    );
    assert!(d.is_valid_range(range));

    // Code it with an existing code through the coding bar: type, Enter.
    let before = count(&h, "Rapport and trust");
    h.get_by_label(PICKER_LABEL).click();
    h.run();
    h.get_by_label(PICKER_LABEL).type_text("rapport");
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(
        count(&h, "Rapport and trust"),
        before + 1,
        "status: {}",
        h.state().status()
    );
    assert!(h.state().is_modified());
    assert!(h.state().window_title().starts_with("● "));

    // And with a brand-new code, typed by name.
    h.get_by_label(PICKER_LABEL).click();
    h.get_by_label(PICKER_LABEL).type_text("First impressions");
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(count(&h, "First impressions"), 1);
    // The documents list counts the two new codings (12 before).
    assert!(
        h.query_by_label_contains("981 words · 14 codings")
            .is_some()
    );
    // The codebook lists it with its count.
    h.key_press(egui::Key::Escape); // clear the selection so the coding bar's chips go away
    h.run();
    assert!(h.state().selected_range().is_none());
    assert_eq!(h.get_all_by_label("First impressions").count(), 1);

    // Put the new code into a theme from the theme's details.
    h.get_by_label("A calm clinic and good relations").click();
    h.run();
    h.get_by_label("Add code").click();
    h.run();
    // The picker's entry (drawn last), not the codebook's.
    let last = h.get_all_by_label("First impressions").count() - 1;
    click_nth(&mut h, "First impressions", None, last);
    let in_theme = |h: &Harness<'static, GlossApp>| {
        let p = h.state().project();
        let code = p
            .code_by_name("First impressions")
            .map(|c| c.id)
            .unwrap_or_default();
        p.themes
            .iter()
            .any(|t| t.name == "A calm clinic and good relations" && t.codes.contains(&code))
    };
    assert!(
        in_theme(&h),
        "status: {} error: {:?}",
        h.state().status(),
        h.state().error()
    );

    // Undo takes it out of the theme again; redo and undo once more to check both ways.
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(!in_theme(&h));
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Y);
    h.run();
    assert!(in_theme(&h));
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(!in_theme(&h));

    // Save to a file, then load it: the content is what the window shows.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("mine.gloss");
    h.state_mut().queue(Action::SaveTo(path.clone()));
    h.run();
    assert!(!h.state().is_modified());
    assert_eq!(h.state().window_title(), "mine.gloss — Gloss");
    let loaded = store::load(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(&loaded, h.state().project());
    let fi = loaded.code_by_name("First impressions").map(|c| c.id);
    assert_eq!(
        loaded
            .codings
            .values()
            .filter(|c| Some(c.code) == fi)
            .count(),
        1
    );
    assert!(
        loaded
            .codings
            .values()
            .any(|c| Some(c.code) == fi && c.range == range)
    );
    let coder = loaded.coders.iter().find(|c| c.name == "Tester");
    assert!(coder.is_some(), "codings record their coder");

    // Undo after saving marks the project modified; redo returns to the saved state.
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h.state().is_modified());
    h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), egui::Key::Z);
    h.run();
    assert!(!h.state().is_modified());

    // Open it again in a fresh window.
    let mut h2 = harness();
    h2.state_mut().queue(Action::OpenPath(path.clone()));
    h2.run();
    assert_eq!(h2.state().path(), Some(path.as_path()));
    assert_eq!(h2.state().project(), &loaded);
}

#[test]
fn deleting_a_code_asks_first_and_says_what_goes() {
    let mut h = harness();
    h.run();
    click_nth(&mut h, "Team support", Some(Role::Button), 0);
    click_nth(&mut h, "Delete code…", None, 0);
    let n = count(&h, "Team support");
    assert!(
        h.query_by_label_contains(&format!("{n} codings go with it"))
            .is_some()
    );
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(count(&h, "Team support"), n);
    click_nth(&mut h, "Delete code…", None, 0);
    h.get_by_role_and_label(Role::Button, "Delete code").click();
    h.run();
    assert!(h.state().project().code_by_name("Team support").is_none());
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(
        count(&h, "Team support"),
        n,
        "undo restores the code and its codings"
    );
}

#[test]
fn clicking_a_coded_passage_lists_its_codes_and_removes_one() {
    let mut h = harness();
    h.run();
    // The first document's paragraph 3 starts with a coded passage ("I was braced for chaos…").
    let para = h
        .get_by_label_contains("I was braced for chaos the first week")
        .rect();
    let total = h.state().project().codings.len();
    h.event(Event::PointerMoved(para.left_top() + Vec2::new(80.0, 8.0)));
    h.step();
    let at = para.left_top() + Vec2::new(80.0, 8.0);
    h.event(Event::PointerButton {
        pos: at,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.step();
    h.event(Event::PointerButton {
        pos: at,
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    h.run();
    assert!(h.query_by_label("Codings here").is_some(), "popup opens");
    assert_eq!(
        h.get_all_by_label("Remove").count(),
        1,
        "one coding under the click"
    );
    h.get_by_label("Remove").click();
    h.run();
    assert_eq!(h.state().project().codings.len(), total - 1);
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let mut h = harness();
    h.run();
    // No changes: closing is not questioned.
    request_close(&mut h);
    h.run();
    assert!(!h.state().is_asking());

    // Make a change, then close: the app asks, and Cancel keeps everything.
    click_nth(&mut h, "Team support", Some(Role::Button), 0);
    click_nth(&mut h, "Delete code…", None, 0);
    h.get_by_role_and_label(Role::Button, "Delete code").click();
    h.run();
    assert!(h.state().is_modified());
    request_close(&mut h);
    h.run();
    assert!(h.state().is_asking());
    assert!(h.query_by_label("Unsaved changes").is_some());
    h.get_by_label("Cancel").click();
    h.run();
    assert!(!h.state().is_asking());
    assert!(h.state().is_modified(), "nothing was lost");
    // Undo to the saved state clears the marker, and closing is no longer questioned.
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(!h.state().is_modified());
}

#[test]
fn renaming_a_code_commits_on_enter_and_undoes() {
    let mut h = harness();
    h.run();
    click_nth(&mut h, "Team support", Some(Role::Button), 0);
    h.get_by_role_and_label(Role::TextInput, "Name").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Name")
        .type_text("Colleagues backing each other");
    h.run();
    // Nothing reaches the project while typing.
    assert!(h.state().project().code_by_name("Team support").is_some());
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(h.state().project().code_by_name("Team support").is_none());
    assert!(
        h.state()
            .project()
            .code_by_name("Colleagues backing each other")
            .is_some()
    );
    assert_eq!(
        h.state().history().undo_label(),
        Some("Rename code “Team support” to “Colleagues backing each other”")
    );
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h.state().project().code_by_name("Team support").is_some());
}

#[test]
fn workspaces_switch_by_tab_and_by_ctrl_digit() {
    use gloss::ui::Workspace;
    let mut h = harness();
    h.run();
    assert_eq!(h.state().workspace(), Workspace::Coding);
    h.get_by_label("Review").click();
    h.run();
    assert_eq!(h.state().workspace(), Workspace::Review);
    // The coding panels are gone from the review workspace.
    assert!(h.query_by_label("Codebook").is_none());
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Num3);
    h.run();
    assert_eq!(h.state().workspace(), Workspace::Analysis);
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Num4);
    h.run();
    assert_eq!(h.state().workspace(), Workspace::Agreement);
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Num1);
    h.run();
    assert_eq!(h.state().workspace(), Workspace::Coding);
    assert!(h.query_by_label("Codebook").is_some());
}
