//! Structural rules of the code base that the compiler does not enforce.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The model is plain data: it must not depend on the GUI toolkit, so it can be tested, used by
/// the command line and carried to another front end.
#[test]
fn model_does_not_mention_the_gui_toolkit() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/model");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    assert!(files.len() >= 5, "found only {files:?}");
    for f in files {
        let text = std::fs::read_to_string(&f)
            .unwrap_or_default()
            .to_lowercase();
        for word in ["egui", "eframe"] {
            assert!(!text.contains(word), "{} mentions {word}", f.display());
        }
    }
}

/// Only the edit module changes a project: no other module assigns into one directly.
#[test]
fn ui_never_mutates_the_project_directly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for pattern in [
            "project.codings.insert",
            "project.codes.push",
            "project.themes.push",
            "&mut self.project)",
            "project.documents.push",
        ] {
            // The app shell's dispatcher (src/ui/app/) is the one place that applies edits.
            let allowed = pattern == "&mut self.project)"
                && f.parent().is_some_and(|d| d.ends_with("ui/app"));
            assert!(
                allowed || !text.contains(pattern),
                "{} contains {pattern}",
                f.display()
            );
        }
    }
}
