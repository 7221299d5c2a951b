//! Opening a large project: the window shows its first document at once and reads the rest on
//! another thread, allowing no changes until it has; a file that turns out damaged gives the
//! window back to the project that was open before.

use egui::Modifiers;
use gloss::edit::ops;
use gloss::model::{Coder, Document, Project, Turn};
use gloss::store;
use gloss::ui::{Action, GlossApp};
use std::path::Path;
use std::time::{Duration, Instant};

mod common;
use common::harness;

/// A project of about 6 MB, over the size from which opening shows a preview.
fn large_project() -> Project {
    let mut p = Project::named("Large study");
    let mut coder = Coder::new("Ane");
    coder.machine = "lab".into();
    p.coders.push(coder);
    let sentence = "We talked about the night shift and how the ward felt after the new rules. ";
    for d in 0..60 {
        let turns = (0..100)
            .map(|t| {
                let speaker = if t % 2 == 0 { "Interviewer" } else { "Kari" };
                Turn::new(Some(speaker), &sentence.repeat(13))
            })
            .collect();
        p.documents.push(std::sync::Arc::new(Document::new(
            &format!("Interview {d:02}"),
            turns,
        )));
    }
    p.reindex();
    let (code, edit) = ops::create_code(&p, "Night shift");
    let _ = gloss::edit::apply(&mut p, edit);
    for d in 0..60 {
        let doc = p.documents[d].id;
        if let Some(e) = ops::code_passage(&p, doc, 4, 40, code, "Ane") {
            let _ = gloss::edit::apply(&mut p, e);
        }
    }
    p
}

fn step_until_open(h: &mut egui_kittest::Harness<'static, GlossApp>) {
    let start = Instant::now();
    while h.state().is_opening() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the file never opened"
        );
        std::thread::sleep(Duration::from_millis(5));
        h.step();
    }
    h.step();
}

fn write(path: &Path, p: &Project) {
    store::save(p, path).unwrap_or_else(|e| panic!("{e}"));
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    assert!(
        size >= gloss::ui::safety::PREVIEW_FROM_BYTES,
        "the test project is only {size} bytes"
    );
}

#[test]
fn a_large_project_shows_its_first_document_while_the_rest_is_read() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("large.gloss");
    let p = large_project();
    write(&path, &p);

    let mut h = harness();
    h.run();
    h.state_mut().queue(Action::OpenPath(path.clone()));
    h.step();
    h.step();
    // Reading 6 MB takes far longer than two frames (the test build is not optimised).
    assert!(h.state().is_opening());
    {
        // The first document is shown, the title says the file is still opening.
        assert_eq!(h.state().project().documents.len(), 1);
        assert!(h.state().window_title().contains("opening"));
        // Changes wait: an edit is refused and the status says why.
        let doc = h.state().project().documents[0].id;
        let edit = gloss::edit::Edit::SetDocumentTitle {
            id: doc,
            title: "Changed".into(),
        };
        h.state_mut().queue(Action::edit(edit, "Rename"));
        h.key_press_modifiers(Modifiers::COMMAND, egui::Key::S);
        h.step();
        assert_eq!(
            h.state().project().documents[0].title,
            "Interview 00",
            "an edit went through while the file was being read"
        );
    }
    step_until_open(&mut h);
    let opened = h.state().project();
    assert_eq!(opened.documents.len(), 60);
    assert_eq!(opened.codings.len(), 60);
    assert_eq!(h.state().path(), Some(path.as_path()));
    assert!(!h.state().is_modified());
    assert!(!h.state().window_title().contains("opening"));
    assert!(h.state().error().is_none());
}

#[test]
fn a_damaged_large_file_gives_the_window_back_to_the_project_before() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("damaged.gloss");
    let p = large_project();
    write(&path, &p);
    // Cut the file near its end: the preview reads, the whole file does not.
    let bytes = std::fs::read(&path).unwrap_or_default();
    std::fs::write(&path, &bytes[..bytes.len() - 300]).unwrap_or_else(|e| panic!("{e}"));

    let mut h = harness();
    h.run();
    let sample_docs = h.state().project().documents.len();
    h.state_mut().queue(Action::OpenPath(path.clone()));
    h.step();
    h.step();
    assert!(h.state().is_opening());
    assert_eq!(h.state().project().documents.len(), 1);
    step_until_open(&mut h);
    assert_eq!(h.state().project().documents.len(), sample_docs);
    assert_eq!(h.state().path(), None);
    let error = h.state().error().unwrap_or_default().to_owned();
    assert!(error.contains("damaged.gloss"), "{error}");
}
