//! The egui application: the app shell ([`GlossApp`]) and one module per panel. Panels read the
//! project through a [`view::View`] and push [`action::Action`]s; the app applies them after the
//! frame is drawn.

pub mod action;
pub mod agreement;
pub mod analysis;
mod app;
mod codebook;
mod coding_bar;
mod colors;
mod dialogs;
mod documents;
mod explore;
pub mod focus;
pub mod help;
mod import_dialog;
mod menu;
pub mod prefs;
mod pseudonyms;
mod reading;
mod retrieval;
mod review;
pub mod safety;
pub mod shortcuts;
pub mod start;
pub mod team;
pub mod text_edit;
mod themes;
mod view;
mod widgets;
mod windows;
pub mod workspace;

pub use action::Action;
pub use app::GlossApp;
pub use coding_bar::PICKER_LABEL;
pub use import_dialog::{FileState, ImportDialog};
pub use reading::{ReadingCommand, ReadingState, Selection, reading_ui};
pub use review::ReviewAction;
pub use view::View;
pub use workspace::Workspace;

use std::path::PathBuf;

/// Opens the Gloss window on `path` as a reviewer (`gloss review`): comments and sign-offs only.
pub fn run_review(path: PathBuf) -> eframe::Result {
    run_with(Some(path), true)
}

/// Opens the Gloss window on `path`, or on the bundled sample project.
pub fn run(path: Option<PathBuf>) -> eframe::Result {
    run_with(path, false)
}

fn run_with(path: Option<PathBuf>, review: bool) -> eframe::Result {
    crate::store::heap::tune();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Gloss")
            .with_app_id("gloss")
            .with_inner_size([1500.0, 920.0])
            .with_min_inner_size([800.0, 500.0]),
        ..Default::default()
    };
    eframe::run_native(
        "Gloss",
        options,
        Box::new(move |cc| {
            let mut app = GlossApp::new(cc, path);
            if review {
                app.start_review();
            }
            Ok(Box::new(app))
        }),
    )
}
