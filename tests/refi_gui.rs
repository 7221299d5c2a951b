//! REFI-QDA in the window (egui_kittest, the real app): export the project as .qdpx and open it
//! back, import a .qdpx into the open project as one undo step with its summary shown, the menu
//! entries, and a .qdc codebook through the codebook import.

use egui::Modifiers;
use egui_kittest::kittest::Queryable as _;
use gloss::export::Kind;
use gloss::ui::Action;
use gloss::ui::analysis::AnalysisAction;

mod common;
use common::harness;

#[test]
fn export_as_qdpx_then_open_it_gives_the_same_project() {
    let mut h = harness();
    h.run();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("sample.qdpx");
    h.state_mut()
        .queue(Action::Analysis(AnalysisAction::ExportTo(
            Kind::RefiProject,
            path.clone(),
        )));
    h.run();
    assert!(
        h.state()
            .status()
            .starts_with("Exported the REFI-QDA project"),
        "{}",
        h.state().status()
    );
    let mut sample = h.state().project().clone();
    // The sample's review round (comments, sign-offs, snapshots) has no place in REFI-QDA.
    sample.comments.clear();
    sample.signoffs.clear();
    sample.snapshots.clear();
    sample.reindex();
    h.state_mut().queue(Action::OpenPath(path));
    h.run();
    assert_eq!(h.state().project(), &sample);
    // Opened as a new, unsaved project: the .qdpx itself is never written to.
    assert!(h.state().path().is_none());
    assert!(h.state().is_modified());
    assert!(
        h.query_by_label("REFI-QDA import").is_some(),
        "summary window shown"
    );
    let summary = h.state().refi_summary().map(|s| s.codings);
    assert_eq!(summary, Some(68));
}

#[test]
fn importing_a_qdpx_into_the_open_project_is_one_undo_step() {
    let mut h = harness();
    h.run();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("other.qdpx");
    gloss::refi::write_path(h.state().project(), &path).unwrap_or_else(|e| panic!("{e}"));
    let before = h.state().project().clone();
    h.state_mut().queue(Action::ImportRefiFrom(path));
    h.run();
    let p = h.state().project();
    assert_eq!(p.documents.len(), 2 * before.documents.len());
    assert_eq!(p.codes.len(), 2 * before.codes.len());
    assert_eq!(p.codings.len(), 2 * before.codings.len());
    assert_eq!(p.themes.len(), 2 * before.themes.len());
    assert!(gloss::model::validate(p).is_empty());
    assert!(h.query_by_label("REFI-QDA import").is_some());
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(
        h.state().project(),
        &before,
        "one undo step takes it all back"
    );
}

#[test]
fn a_broken_qdpx_says_what_is_wrong_and_changes_nothing() {
    let mut h = harness();
    h.run();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("broken.qdpx");
    std::fs::write(&path, b"PK\x03\x04 truncated").unwrap_or_else(|e| panic!("{e}"));
    let before = h.state().project().clone();
    h.state_mut().queue(Action::ImportRefiFrom(path));
    h.run();
    assert_eq!(h.state().project(), &before);
    let err = h.state().error().unwrap_or_default().to_owned();
    assert!(
        err.contains("broken.qdpx") && err.contains("Nothing was imported"),
        "{err}"
    );
}

#[test]
fn the_file_menu_offers_refi_import_and_exports() {
    let mut h = harness();
    h.run();
    h.get_by_label("File").click();
    h.run();
    assert!(
        h.query_by_label("Import REFI-QDA project into this one…")
            .is_some()
    );
    h.get_by_label("Export").click();
    h.run();
    for item in [
        "REFI-QDA project (REFI-QDA)…",
        "Codebook (REFI-QDA)…",
        "Coded segments (CSV)…",
        "Coded segments (Excel)…",
    ] {
        assert!(h.query_by_label(item).is_some(), "{item}");
    }
}

#[test]
fn a_qdc_codebook_imports_through_the_codebook_import() {
    let mut h = harness();
    h.run();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let book = dir.path().join("codebook.qdc");
    h.state_mut()
        .queue(Action::Analysis(AnalysisAction::ExportTo(
            Kind::Codebook,
            book.clone(),
        )));
    h.run();
    let sample = h.state().project().clone();
    h.state_mut().queue(Action::NewProject);
    h.run();
    h.state_mut()
        .queue(Action::Analysis(AnalysisAction::ImportCodebookFrom(book)));
    h.run();
    let p = h.state().project();
    assert_eq!(p.codes.len(), sample.codes.len(), "{}", h.state().status());
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h.state().project().codes.is_empty(), "one undoable step");
}
