//! The window's workspaces: different jobs on the same project (coding, reviewing the theme tree,
//! analysing, checking agreement). A tab row switches between them (Ctrl+1..4); each has its own
//! module under `src/ui` and shares the reading pane and the dispatcher.

use super::action::Action;

#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Workspace {
    /// Documents, the reading pane, the codebook and the theme tree.
    #[default]
    Coding,
    /// The theme board, comments, sign-offs and snapshots (`ui::review`).
    Review,
    /// Attributes, search, queries, matrices and charts (`ui::explore`).
    Analysis,
    /// Inter-coder agreement and disagreements (`ui::agreement`).
    Agreement,
}

impl Workspace {
    pub const ALL: [Workspace; 4] = [
        Workspace::Coding,
        Workspace::Review,
        Workspace::Analysis,
        Workspace::Agreement,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Workspace::Coding => "Coding",
            Workspace::Review => "Review",
            Workspace::Analysis => "Analysis",
            Workspace::Agreement => "Agreement",
        }
    }

    /// The digit of its Ctrl shortcut.
    pub fn digit(self) -> u8 {
        match self {
            Workspace::Coding => 1,
            Workspace::Review => 2,
            Workspace::Analysis => 3,
            Workspace::Agreement => 4,
        }
    }
}

/// The tab row. Pushes [`Action::ShowWorkspace`] when another tab is clicked.
pub fn tabs_ui(ui: &mut egui::Ui, current: Workspace, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        for w in Workspace::ALL {
            let tab = ui
                .selectable_label(current == w, w.label())
                .on_hover_text(format!("{} workspace (Ctrl+{})", w.label(), w.digit()));
            if tab.clicked() && current != w {
                actions.push(Action::ShowWorkspace(w));
            }
        }
    });
}
