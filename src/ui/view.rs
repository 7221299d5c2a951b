//! The borrowed view handed to each panel for one frame: the project to read and the queue to
//! push actions into. Panels keep `&mut` only to their own UI state.

use super::action::Action;
use crate::edit::History;
use crate::model::{CodeId, DocId, Project};
use std::collections::BTreeMap;

pub struct View<'a> {
    pub project: &'a Project,
    pub history: &'a History,
    pub counts: &'a BTreeMap<CodeId, usize>,
    /// Codings per document, cached like `counts`.
    pub doc_counts: &'a BTreeMap<DocId, usize>,
    pub user: &'a str,
    pub actions: &'a mut Vec<Action>,
}

impl View<'_> {
    pub fn push(&mut self, action: Action) {
        self.actions.push(action);
    }

    pub fn count(&self, code: CodeId) -> usize {
        self.counts.get(&code).copied().unwrap_or(0)
    }
}
