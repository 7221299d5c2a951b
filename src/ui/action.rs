//! What panels ask for. Panels read the project and push actions; the app applies them all after
//! the frame is drawn, so every panel sees one consistent state.

use crate::edit::Edit;
use crate::model::{CodeId, CodingId, DocId, ThemeId};
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub enum Action {
    /// Apply an edit as one undo step. `coalesce` merges quick repeats (typing) into one step.
    Edit {
        /// Boxed: an edit is large and actions are moved around a lot.
        edit: Box<Edit>,
        label: String,
        coalesce: Option<String>,
    },
    Undo,
    Redo,
    NewProject,
    Open,
    OpenPath(PathBuf),
    Save,
    SaveAs,
    SaveTo(PathBuf),
    Import,
    ImportPaths(Vec<PathBuf>),
    /// File > Import > REFI-QDA project into this one: pick the file.
    ImportRefi,
    /// Add a REFI-QDA project's documents, codes, codings and themes as one undo step.
    ImportRefiFrom(PathBuf),
    Quit,
    SelectDocument(DocId),
    /// Show a coding in the reading pane: open its document, scroll it into view, flash it.
    JumpToCoding(CodingId),
    SelectCode(Option<CodeId>),
    SelectTheme(Option<ThemeId>),
    /// Ask before deleting (the dialog states what goes with it).
    ConfirmDeleteCode(CodeId),
    ConfirmMergeCode {
        from: CodeId,
        into: CodeId,
    },
    ConfirmDeleteTheme(ThemeId),
    ConfirmDeleteDocument(DocId),
    /// Put keyboard focus in the code picker of the reading pane.
    FocusCodePicker,
    ClearSelection,
    ShowHistory,
    ShowPreferences,
    /// The Pseudonyms window (issue 15).
    ShowPseudonyms,
    /// A reading-pane command (find, go to, zoom, copy with citation).
    Reading(super::reading::ReadingCommand),
    /// A message for the status bar.
    Status(String),
    /// Switch to another workspace (Coding, Review, Analysis, Agreement).
    ShowWorkspace(super::workspace::Workspace),
    /// Open a passage in the reading pane (Coding workspace), selected and in view: a memo's
    /// link, a search hit, a query result.
    ShowPassage {
        document: DocId,
        range: crate::model::TextRange,
    },
    /// Ctrl+Shift+F: the project search of the Analysis workspace.
    ProjectSearch,
    /// Open a memo and reveal what it is about (see `ui::explore::memo_open`).
    OpenMemo(crate::model::MemoId),
    /// Ctrl+M: a memo on the passage selected in the reading pane.
    MemoOnSelection,
    /// Fast coding, exports and codebook exchange (see `ui::analysis`).
    Analysis(super::analysis::AnalysisAction),
    /// Show the bundled sample project (from the start screen or Help).
    OpenSample,
    /// Empty File > Open Recent.
    ClearRecent,
    /// Keyboard focus to the next (F6) or previous (Shift+F6) pane.
    CyclePane {
        forward: bool,
    },
    /// Keyboard focus to a pane.
    FocusPane(super::focus::Pane),
    /// Open a help window (shortcuts, getting started, about).
    Help(super::help::Topic),
    /// Review: open for review, comment threads, the theme board's passages (see `ui::review`).
    Review(super::review::ReviewAction),
    /// Conflicts, merging in a copy (see `ui::team`).
    Team(super::team::TeamAction),
}

impl Action {
    pub fn edit(edit: Edit, label: impl Into<String>) -> Self {
        Self::Edit {
            edit: Box::new(edit),
            label: label.into(),
            coalesce: None,
        }
    }

    pub fn typing(edit: Edit, label: impl Into<String>, key: String) -> Self {
        Self::Edit {
            edit: Box::new(edit),
            label: label.into(),
            coalesce: Some(key),
        }
    }
}
