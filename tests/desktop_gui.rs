//! Desktop conventions, driven through the real window (egui_kittest): recent projects and the
//! start screen, importing a transcript twice, F6 between panes with arrows and Enter, the
//! shortcuts window, the Help menu, and who is coding (first-start question, a new name is a new
//! coder, namesakes stay apart).

use egui::accesskit::Role;
use egui::{Key, Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use gloss::model::{Coder, Project};
use gloss::ui::focus::Pane;
use gloss::ui::prefs::Prefs;
use gloss::ui::{Action, GlossApp};
use std::path::{Path, PathBuf};

mod common;
use common::harness;

fn harness_with(prefs: Prefs) -> Harness<'static, GlossApp> {
    Harness::builder()
        .with_size(Vec2::new(1500.0, 950.0))
        .with_max_steps(16)
        .build_eframe(move |_cc| GlossApp::with_prefs(prefs, None))
}

/// Clicks the widget labelled `label` (through the accessibility tree, as a screen reader does:
/// the import dialog fades in and moves while it sizes itself).
fn press(h: &mut Harness<'static, GlossApp>, label: &str) {
    h.get_by_label(label).click_accesskit();
    h.run();
}

fn write_project(path: &Path, name: &str) {
    let mut p =
        gloss::store::from_str(gloss::SAMPLE_PROJECT, "sample").unwrap_or_else(|e| panic!("{e}"));
    p.name = name.to_owned();
    gloss::store::save(&p, path).unwrap_or_else(|e| panic!("{e}"));
}

fn a_coder() -> Coder {
    gloss::ui::prefs::new_coder("Tester")
}

#[test]
fn recent_projects_follow_saves_and_opens_most_recent_first() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let a = dir.path().join("a.gloss");
    let b = dir.path().join("b.gloss");
    write_project(&b, "B");
    let mut h = harness();
    h.run();
    assert!(h.state().recent().is_empty());
    h.state_mut().queue(Action::SaveTo(a.clone()));
    h.run();
    assert_eq!(h.state().recent(), std::slice::from_ref(&a));
    h.state_mut().queue(Action::OpenPath(b.clone()));
    h.run();
    assert_eq!(h.state().path(), Some(b.as_path()));
    assert_eq!(h.state().recent(), [b.clone(), a.clone()]);
    // Opening the first again moves it to the top, once.
    h.state_mut().queue(Action::OpenPath(a.clone()));
    h.run();
    assert_eq!(h.state().recent(), [a.clone(), b.clone()]);
    // File > Open Recent lists both, with their folder, and opens one.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Open Recent").click();
    h.run();
    h.get_by_label_contains("b.gloss").click();
    h.run();
    assert_eq!(h.state().path(), Some(b.as_path()));
    // Clear empties the list.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Open Recent").click();
    h.run();
    h.get_by_label("Clear recent projects").click();
    h.run();
    assert!(h.state().recent().is_empty());
    assert!(h.state().prefs().recent.is_empty(), "kept as cleared");
}

#[test]
fn a_recent_project_that_was_deleted_is_dropped() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let a = dir.path().join("a.gloss");
    let gone = dir.path().join("gone.gloss");
    write_project(&a, "A");
    let prefs = Prefs {
        recent: vec![gone.clone(), a.clone()],
        coder: Some(a_coder()),
        worked: true,
        ..Prefs::default()
    };
    let mut h = harness_with(prefs);
    h.run();
    assert_eq!(h.state().recent(), std::slice::from_ref(&a));
    assert!(h.query_by_label("gone.gloss").is_none());
}

#[test]
fn the_start_screen_opens_recent_new_or_the_sample() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let a = dir.path().join("study.gloss");
    write_project(&a, "Study");
    let prefs = Prefs {
        recent: vec![a.clone()],
        coder: Some(a_coder()),
        worked: true,
        ..Prefs::default()
    };
    // A fresh machine (nothing worked on yet) shows the sample, as before.
    let mut fresh = harness_with(Prefs {
        coder: Some(a_coder()),
        ..Prefs::default()
    });
    fresh.run();
    assert!(!fresh.state().is_on_start_screen());
    assert!(fresh.query_by_label("Codebook").is_some());

    let mut h = harness_with(prefs.clone());
    h.run();
    assert!(h.state().is_on_start_screen());
    assert_eq!(h.state().window_title(), "Gloss");
    h.get_by_label("New project");
    h.get_by_label("Open…");
    assert!(
        h.query_by_label("Codebook").is_none(),
        "no project behind it shows"
    );
    h.get_by_label("study.gloss").click();
    h.run();
    assert!(!h.state().is_on_start_screen());
    assert_eq!(h.state().path(), Some(a.as_path()));
    assert_eq!(h.state().project().name, "Study");

    let mut h = harness_with(prefs.clone());
    h.run();
    h.get_by_label("Open the sample").click();
    h.run();
    assert!(!h.state().is_on_start_screen());
    assert!(h.state().window_title().contains("Sample project"));
    assert!(h.query_by_label("Codebook").is_some());

    let mut h = harness_with(prefs);
    h.run();
    h.get_by_label("New project").click();
    h.run();
    assert!(!h.state().is_on_start_screen());
    assert!(h.state().project().documents.is_empty());
}

#[test]
fn the_layout_is_remembered_but_not_in_the_project() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut h = harness();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    h.run();
    let prefs = h.state().prefs();
    assert!(prefs.zoom > 1.05, "{}", prefs.zoom);
    assert_eq!(prefs.workspace, 3);
    // A new run with those preferences starts where this one stopped.
    let mut again = harness_with(prefs.clone());
    again.run();
    assert_eq!(again.state().workspace(), gloss::ui::Workspace::Analysis);
    assert_eq!(again.state().prefs().zoom, prefs.zoom);
    // Opening another project keeps the reader's zoom.
    let b = dir.path().join("b.gloss");
    write_project(&b, "B");
    again.state_mut().queue(Action::OpenPath(b.clone()));
    again.run();
    assert_eq!(again.state().prefs().zoom, prefs.zoom);
    // None of it is written into the project file.
    again.state_mut().queue(Action::SaveTo(b.clone()));
    again.run();
    let text = std::fs::read_to_string(&b).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !text.contains("zoom") && !text.contains("recent"),
        "layout leaked into the file"
    );
}

/// A sample document written back as a "Speaker: text" transcript.
fn transcript_of(project: &Project, index: usize) -> String {
    let doc = &project.documents[index];
    doc.turns()
        .iter()
        .map(|t| match &t.speaker {
            Some(s) => format!("{s}: {}\r\n", t.text),
            None => format!("{}\r\n", t.text),
        })
        .collect()
}

fn wait_for_reading(h: &mut Harness<'static, GlossApp>) {
    for _ in 0..1000 {
        h.step();
        if !h.state_mut().import_dialog().is_reading() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(!h.state_mut().import_dialog().is_reading());
    h.run();
}

#[test]
fn importing_a_transcript_twice_offers_skip_or_copy() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut h = harness();
    h.run();
    let title = h.state().project().documents[0].title.clone();
    let again = dir.path().join("again.txt");
    std::fs::write(&again, transcript_of(h.state().project(), 0)).unwrap_or_else(|e| panic!("{e}"));
    let new = dir.path().join("new.txt");
    std::fs::write(&new, "Interviewer: First time?\nNils: Yes, the first.\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let before = h.state().project().documents.len();

    h.state_mut()
        .queue(Action::ImportPaths(vec![again.clone(), new.clone()]));
    wait_for_reading(&mut h);
    // The dialog names the document it matches, and skipping is the default.
    h.get_by_label(&format!(
        "again.txt has the same text as “{title}”, already in the project."
    ));
    h.get_by_label("1 file already in the project is skipped");
    press(&mut h, "Import 1 file");
    let summary = h
        .state_mut()
        .import_dialog()
        .summary()
        .map(<[String]>::to_vec);
    assert!(
        summary.iter().flatten().any(|l| l.starts_with("Skipped")),
        "{summary:?}"
    );
    h.get_by_label_contains("Skipped");
    assert_eq!(h.state().project().documents.len(), before + 1);
    press(&mut h, "Close");
    assert!(!h.state_mut().import_dialog().is_open());

    // Asked to, it imports a copy.
    h.state_mut()
        .queue(Action::ImportPaths(vec![again.clone()]));
    wait_for_reading(&mut h);
    h.get_by_label("Import 0 files");
    press(&mut h, "Import again.txt as a copy");
    press(&mut h, "Import 1 file");
    assert_eq!(h.state().project().documents.len(), before + 2);
}

#[test]
fn f6_cycles_the_panes_and_arrows_move_within_them() {
    let mut h = harness();
    h.run();
    assert_eq!(h.state().focused_pane(), None);
    let order = [
        Pane::Documents,
        Pane::Reading,
        Pane::Codebook,
        Pane::Themes,
        Pane::Documents,
    ];
    for p in order {
        h.key_press(Key::F6);
        h.run();
        assert_eq!(h.state().focused_pane(), Some(p));
    }
    h.key_press_modifiers(Modifiers::SHIFT, Key::F6);
    h.run();
    assert_eq!(h.state().focused_pane(), Some(Pane::Themes));
    h.key_press(Key::F6);
    h.run();
    // Documents: Down reads the next transcript, Up the one before; Enter goes to the text.
    let docs: Vec<_> = h.state().project().documents.iter().map(|d| d.id).collect();
    assert_eq!(h.state().current_document(), Some(docs[0]));
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(h.state().current_document(), Some(docs[1]));
    h.key_press(Key::ArrowDown);
    h.key_press(Key::ArrowUp);
    h.run();
    assert_eq!(h.state().current_document(), Some(docs[1]));
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().focused_pane(), Some(Pane::Reading));
    // Codebook: Down selects codes in the listed order; Enter shows the code's first passage.
    h.key_press(Key::F6);
    h.run();
    assert_eq!(h.state().focused_pane(), Some(Pane::Codebook));
    h.key_press(Key::ArrowDown);
    h.run();
    h.key_press(Key::ArrowDown);
    h.run();
    let tree = gloss::query::code_tree(h.state().project());
    assert_eq!(h.state().selected_code_and_theme().0, Some(tree[1].0));
    h.key_press(Key::ArrowUp);
    h.run();
    let first = tree[0].0;
    assert_eq!(h.state().selected_code_and_theme().0, Some(first));
    // Enter shows the code's first passage: its document is opened.
    let p = h.state().project();
    let first_doc = p
        .documents
        .iter()
        .find(|d| {
            p.codings
                .values()
                .any(|c| c.code == first && c.document == d.id)
        })
        .map(|d| d.id);
    assert!(first_doc.is_some());
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().current_document(), first_doc);
    // Themes: Down selects the first theme of the tree.
    h.key_press(Key::F6);
    h.run();
    h.key_press(Key::ArrowDown);
    h.run();
    let themes = gloss::query::theme_tree(h.state().project());
    assert_eq!(h.state().selected_code_and_theme().1, Some(themes[0].0));
    // Typing in a field keeps the arrows: they move the text cursor, not the list.
    h.get_by_label(gloss::ui::PICKER_LABEL).click();
    h.run();
    h.key_press(Key::ArrowDown);
    h.run();
    assert_eq!(h.state().selected_code_and_theme().1, Some(themes[0].0));
    // The click in the reading pane gave it the keyboard.
    assert_eq!(h.state().focused_pane(), Some(Pane::Reading));
}

#[test]
fn the_shortcuts_window_lists_every_command_of_the_table() {
    let mut h = harness();
    h.run();
    assert!(h.query_by_label(gloss::ui::help::SHORTCUTS_TITLE).is_none());
    h.key_press(Key::F1);
    h.run();
    assert!(h.state().help().shortcuts);
    let rows = gloss::ui::help::shortcut_rows(&h.ctx);
    assert_eq!(rows.len(), gloss::ui::shortcuts::TABLE.len());
    for (what, keys) in &rows {
        assert!(
            h.query_all_by_label(keys).next().is_some(),
            "the window lacks the keys {keys} ({what})"
        );
        assert!(
            h.query_all_by_label(what).next().is_some(),
            "the window lacks {what:?} ({keys})"
        );
    }
    // Ctrl+/ closes and opens it too.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Slash);
    h.run();
    assert!(!h.state().help().shortcuts);
}

#[test]
fn the_help_menu_has_shortcuts_getting_started_and_where_files_are() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let a = dir.path().join("study.gloss");
    let mut h = harness();
    h.run();
    h.state_mut().queue(Action::SaveTo(a.clone()));
    h.run();
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label("Getting started…").click();
    h.run();
    h.get_by_label_contains("Drag across a passage");
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label("About Gloss…").click();
    h.run();
    h.get_by_label(&format!("Gloss {}", env!("CARGO_PKG_VERSION")));
    let recovery = gloss::store::recovery_path(&a).display().to_string();
    let backups = gloss::store::backup::folder(&a).display().to_string();
    h.get_by_label(&recovery);
    h.get_by_label(&backups);
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label_contains("Keyboard shortcuts…").click();
    h.run();
    assert!(h.state().help().shortcuts);
}

#[test]
fn the_first_start_asks_who_is_coding_and_a_new_name_is_a_new_coder() {
    let mut h = harness_with(Prefs::default());
    h.run();
    assert!(h.state().is_asking_name());
    let field = h.get_by_role_and_label(Role::TextInput, gloss::ui::start::NAME_LABEL);
    // Prefilled with the system user.
    assert_eq!(
        field.value().unwrap_or_default(),
        gloss::system_user_name(),
        "prefilled"
    );
    field.focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, gloss::ui::start::NAME_LABEL)
        .type_text("Ana Lyst");
    h.run();
    h.get_by_label(gloss::ui::start::START_BUTTON).click();
    h.run();
    assert!(!h.state().is_asking_name());
    h.get_by_label("Coding as Ana Lyst");
    let first = h.state().coder().clone();
    assert_eq!(first.name, "Ana Lyst");
    assert_eq!(
        h.state().prefs().coder.as_ref(),
        Some(&first),
        "kept for the next start"
    );
    // A coding is made by this coder, by id.
    code_first_words(&mut h);
    let by_first = h
        .state()
        .project()
        .codings
        .values()
        .filter(|c| c.coder == first.id)
        .count();
    assert_eq!(by_first, 1);
    // A new name in Preferences makes a new coder; the old codings keep the old one.
    h.state_mut().queue(Action::ShowPreferences);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Your name")
        .focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Your name")
        .type_text("Ana L.");
    h.run();
    h.get_by_label("Use this name").click();
    h.run();
    let second = h.state().coder().clone();
    assert_ne!(second.id, first.id);
    assert_eq!(second.name, "Ana L.");
    let p = h.state().project();
    assert_eq!(p.coder(first.id).map(|c| c.name.as_str()), Some("Ana Lyst"));
    assert_eq!(
        p.codings.values().filter(|c| c.coder == first.id).count(),
        1
    );
}

/// Selects the first document's first words and codes them with a new code.
fn code_first_words(h: &mut Harness<'static, GlossApp>) {
    let doc = h.state().project().documents[0].id;
    let range = h.state().project().documents[0]
        .snap_range(0, 8)
        .unwrap_or_else(|| panic!("no range"));
    h.state_mut().select_passage(doc, range);
    h.run();
    h.get_by_label(gloss::ui::PICKER_LABEL).click();
    h.run();
    h.get_by_label(gloss::ui::PICKER_LABEL)
        .type_text("Opening words");
    h.key_press(Key::Enter);
    h.run();
}

#[test]
fn two_coders_with_one_name_stay_two_and_are_marked() {
    // The sample was coded by "Sample Analyst"; someone else of that name codes on this machine.
    let mut h = Harness::builder()
        .with_size(Vec2::new(1500.0, 950.0))
        .build_eframe(|_cc| GlossApp::with_sample("Sample Analyst".to_owned()));
    h.run();
    let theirs = h.state().project().coders[0].clone();
    assert_eq!(theirs.name, "Sample Analyst");
    code_first_words(&mut h);
    let me = h.state().coder().clone();
    assert_ne!(me.id, theirs.id);
    let p = h.state().project();
    assert_eq!(
        p.coders
            .iter()
            .filter(|c| c.name == "Sample Analyst")
            .count(),
        2,
        "one name, two coders"
    );
    let mine = p.codings.values().filter(|c| c.coder == me.id).count();
    assert_eq!(mine, 1, "the new coding is mine, not theirs");
    // Wherever coders are named, the two differ.
    let (a, b) = (p.coder_label(theirs.id), p.coder_label(me.id));
    assert_ne!(a, b);
    assert!(a.starts_with("Sample Analyst") && b.starts_with("Sample Analyst"));
    h.get_by_label(&format!("Coding as {b}"));
}

#[test]
fn transcripts_dropped_on_the_start_screen_go_into_a_new_project() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let t = dir.path().join("t.txt");
    std::fs::write(&t, "Interviewer: Hello?\nNils: Hi.\n").unwrap_or_else(|e| panic!("{e}"));
    let mut h = harness_with(Prefs {
        coder: Some(a_coder()),
        worked: true,
        ..Prefs::default()
    });
    h.run();
    assert!(h.state().is_on_start_screen());
    h.state_mut()
        .queue(Action::ImportPaths(vec![PathBuf::from(&t)]));
    wait_for_reading(&mut h);
    h.get_by_label("Import 1 file").click();
    h.run();
    assert_eq!(
        h.state().project().documents.len(),
        1,
        "not added to the sample"
    );
}

#[test]
fn enter_accepts_the_prefilled_name_at_first_start() {
    let mut h = harness_with(Prefs::default());
    h.run();
    assert!(h.state().is_asking_name());
    h.key_press(Key::Enter);
    h.run();
    assert!(!h.state().is_asking_name());
    assert_eq!(h.state().coder().name, gloss::system_user_name());
    // Asked once: the next start with these preferences does not ask again.
    let mut again = harness_with(h.state().prefs());
    again.run();
    assert!(!again.state().is_asking_name());
    assert_eq!(again.state().coder().id, h.state().coder().id);
}

#[test]
fn opening_a_file_that_is_not_a_project_says_what_it_looks_like() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let notes = dir.path().join("notes.gloss");
    std::fs::write(&notes, "Interviewer: How did it start?\nP1: Slowly.\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut h = harness();
    h.run();
    h.state_mut().queue(Action::OpenPath(notes.clone()));
    h.run();
    let msg = h.state().error().map(str::to_owned).unwrap_or_default();
    assert!(
        msg.contains("not a Gloss project file (.gloss); it looks like plain text"),
        "{msg}"
    );
    h.get_by_label_contains("it looks like plain text");
    // The sample is still open, untouched.
    assert!(h.state().window_title().contains("Sample project"));
    assert!(
        h.state().recent().is_empty(),
        "a file that did not open is not recent"
    );
}

#[test]
fn arrowing_down_a_long_documents_list_keeps_the_document_in_view() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("many.gloss");
    let mut p = Project::named("Many");
    for i in 0..80 {
        p.documents
            .push(std::sync::Arc::new(gloss::model::Document::new(
                &format!("Interview {i:02}"),
                vec![gloss::model::Turn::new(
                    Some("P"),
                    &format!("Text of interview {i}."),
                )],
            )));
    }
    p.reindex();
    gloss::store::save(&p, &path).unwrap_or_else(|e| panic!("{e}"));
    let mut h = harness();
    h.run();
    h.state_mut().queue(Action::OpenPath(path));
    h.run();
    h.key_press(Key::F6);
    h.run();
    assert_eq!(h.state().focused_pane(), Some(Pane::Documents));
    assert!(
        h.query_by_label("Interview 60").is_none(),
        "far down, not laid out"
    );
    for _ in 0..60 {
        h.key_press(Key::ArrowDown);
        h.run();
    }
    let sixty = h.state().project().documents[60].id;
    assert_eq!(h.state().current_document(), Some(sixty));
    // In the list, not only in the reading pane's heading.
    assert_eq!(h.query_all_by_label("Interview 60").count(), 2);
    // And back up to the top.
    for _ in 0..60 {
        h.key_press(Key::ArrowUp);
        h.run();
    }
    assert_eq!(h.query_all_by_label("Interview 00").count(), 2);
}
