//! The review workspace: the theme board a supervisor reads, comments on and signs off; the
//! Comments list; the Changes view (tree diff between snapshots). Also review mode's state (who
//! is reviewing), the banner that says so, the "Back to the theme board" bar of the Coding
//! workspace, and comment markers for the reading pane's margin.
//!
//! Logic lives in [`crate::review`]; this module only draws and pushes actions. Review mode is
//! enforced in one place: the app's dispatcher asks [`ReviewState::refusal`] before applying
//! any edit, undo or redo.

mod board;
mod changes;
mod list;
pub mod margin;
mod thread;

use super::action::Action;
use super::reading::ReadingState;
use super::view::View;
use super::workspace::Workspace;
use crate::edit::Edit;
use crate::model::{Anchor, CodingId, CommentId, DocId, Project, TextRange, ThemeId};
use crate::review::comments::Filter;
use std::path::PathBuf;

/// What the review workspace shows in its centre.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Page {
    #[default]
    Board,
    Comments,
    Changes,
}

/// Review requests from panels and menus, carried out by [`dispatch`].
#[derive(Clone, Debug)]
pub enum ReviewAction {
    /// File > Open for review…: pick a file.
    OpenForReview,
    /// Open this file as a reviewer.
    OpenForReviewPath(PathBuf),
    /// Show a comment thread (from the margin marker or the list) in the review workspace.
    ShowThread(CommentId),
    /// Start a comment on the passage selected in the reading pane.
    CommentOnSelection,
    /// Open a passage of the board in the reading pane, remembering where the board was.
    OpenPassage(CodingId),
    /// Back from the reading pane to the board where it was.
    Back,
    /// Show a theme on the board.
    ShowTheme(ThemeId),
    /// Start a new comment thread on an anchor.
    Compose(Anchor),
    /// Show a commented passage in the reading pane, remembering where the board was.
    OpenRange(DocId, TextRange),
}

/// What the review workspace keeps between frames.
#[derive(Default)]
pub struct ReviewState {
    /// The reviewer's name while the window is in review mode.
    pub reviewer: Option<String>,
    /// A file being opened for review: review mode starts when it has replaced the project.
    pending: Option<PathBuf>,
    pub page: Page,
    pub board: board::BoardState,
    pub thread: thread::ThreadState,
    pub filter: Filter,
    pub changes: changes::ChangesState,
    /// The board was left for the reading pane (Back returns).
    back: bool,
}

impl ReviewState {
    /// Puts the window in review mode, with `reviewer` as the name on comments and sign-offs.
    pub fn start(&mut self, reviewer: &str) {
        self.reviewer = Some(reviewer.to_owned());
    }

    /// Why the edit may not be made now (review mode and not a comment or sign-off), if so.
    pub fn refusal(&self, edit: &Edit) -> Option<String> {
        self.reviewer.as_ref()?;
        crate::review::refusal(edit)
    }

    /// Called when the open project has been replaced; `path` is where it came from.
    pub fn project_replaced(&mut self, path: Option<&std::path::Path>, reviewer: &str) {
        if let Some(p) = self.pending.take()
            && Some(p.as_path()) == path
        {
            self.start(reviewer);
        }
        let reviewer = self.reviewer.take();
        *self = ReviewState {
            reviewer,
            ..ReviewState::default()
        };
    }

    /// Can the Coding workspace offer "Back to the theme board"?
    pub fn can_go_back(&self) -> bool {
        self.back
    }
}

/// Carries out a review action; returns what the app should do next.
pub fn dispatch(
    state: &mut ReviewState,
    reading: &mut ReadingState,
    project: &Project,
    action: ReviewAction,
) -> Vec<Action> {
    let selection: Option<(DocId, TextRange)> = reading.doc.and_then(|d| {
        let doc = project.document(d)?;
        Some((d, reading.selected_range(doc)?))
    });
    match action {
        ReviewAction::OpenForReview => rfd::FileDialog::new()
            .add_filter("Gloss project", &[crate::store::EXTENSION])
            .pick_file()
            .map(|p| dispatch(state, reading, project, ReviewAction::OpenForReviewPath(p)))
            .unwrap_or_default(),
        ReviewAction::OpenRange(doc, range) => {
            state.back = true;
            state.board.remember_scroll();
            reading.reveal(doc, range);
            vec![Action::ShowWorkspace(Workspace::Coding)]
        }
        ReviewAction::OpenForReviewPath(p) => {
            state.pending = Some(p.clone());
            vec![
                Action::OpenPath(p),
                Action::ShowWorkspace(Workspace::Review),
            ]
        }
        ReviewAction::ShowThread(id) => {
            state.thread.show(project, id);
            if let Some(t) = project.comments.iter().find(|c| c.id == id)
                && let Anchor::Theme(th) = t.anchor
            {
                state.board.select(th);
            }
            vec![Action::ShowWorkspace(Workspace::Review)]
        }
        ReviewAction::CommentOnSelection => match selection {
            Some((document, range)) => {
                state.thread.compose(Anchor::Passage { document, range });
                vec![Action::ShowWorkspace(Workspace::Review)]
            }
            None => vec![Action::Status(
                "Select a passage in the reading pane first, then comment on it.".into(),
            )],
        },
        ReviewAction::OpenPassage(id) => {
            state.back = true;
            state.board.remember_scroll();
            vec![
                Action::ShowWorkspace(Workspace::Coding),
                Action::JumpToCoding(id),
            ]
        }
        ReviewAction::Back => {
            state.back = false;
            state.page = Page::Board;
            state.board.restore_scroll();
            vec![Action::ShowWorkspace(Workspace::Review)]
        }
        ReviewAction::Compose(anchor) => {
            state.thread.compose(anchor);
            vec![Action::ShowWorkspace(Workspace::Review)]
        }
        ReviewAction::ShowTheme(t) => {
            state.board.select(t);
            state.page = Page::Board;
            vec![Action::ShowWorkspace(Workspace::Review)]
        }
    }
}

/// The banner of review mode, above every workspace.
pub fn banner_ui(ui: &mut egui::Ui, reviewer: &str) {
    let fill = if ui.visuals().dark_mode {
        egui::Color32::from_rgb(70, 55, 10)
    } else {
        egui::Color32::from_rgb(255, 240, 190)
    };
    egui::Frame::new()
        .fill(fill)
        .inner_margin(egui::Margin::symmetric(8, 4))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                egui::RichText::new(format!(
                    "Review mode — reviewing as {reviewer}. You can comment and sign off; the \
                     transcripts, codings, codes and themes cannot be changed."
                ))
                .strong(),
            );
        });
}

/// The bar above the reading pane after a passage was opened from the board.
pub fn back_ui(ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        if ui
            .button("Back to the theme board")
            .on_hover_text("Return to the review workspace where you were")
            .clicked()
        {
            actions.push(Action::Review(ReviewAction::Back));
        }
    });
}

/// The review workspace.
pub fn review_ui(ui: &mut egui::Ui, state: &mut ReviewState, view: &mut View) {
    // Back at the board (by Back or the tab row): the Coding workspace's back bar goes.
    state.back = false;
    let reviewer = state.reviewer.clone();
    let me = reviewer.as_deref().unwrap_or(view.user).to_owned();
    egui::Panel::top("review-pages").show(ui, |ui| {
        ui.horizontal(|ui| {
            for (page, label) in [
                (Page::Board, "Theme board"),
                (Page::Comments, "Comments"),
                (Page::Changes, "Changes"),
            ] {
                let text = if page == Page::Comments {
                    let open = crate::review::comments::threads(view.project)
                        .iter()
                        .filter(|t| t.is_open())
                        .count();
                    format!("{label} ({open} open)")
                } else {
                    label.to_owned()
                };
                if ui.selectable_label(state.page == page, text).clicked() {
                    state.page = page;
                }
            }
            ui.separator();
            changes::take_snapshot_ui(ui, &mut state.changes, view, &me);
        });
    });
    egui::Panel::left("review-tree")
        .resizable(true)
        .default_size(300.0)
        .show(ui, |ui| board::tree_ui(ui, state, view));
    egui::Panel::right("review-side")
        .resizable(true)
        .default_size(380.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .id_salt("review-side-scroll")
                .show(ui, |ui| {
                    board::signoff_ui(ui, &mut state.board, view, &me);
                    ui.separator();
                    thread::threads_ui(ui, &mut state.thread, state.board.selected, view, &me);
                });
        });
    egui::CentralPanel::default().show(ui, |ui| match state.page {
        Page::Board => board::detail_ui(ui, &mut state.board, view),
        Page::Comments => list::list_ui(ui, state, view, &me),
        Page::Changes => changes::changes_ui(ui, &mut state.changes, view),
    });
}
