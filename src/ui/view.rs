//! The borrowed view handed to each panel for one frame: the project to read and the queue to
//! push actions into. Panels keep `&mut` only to their own UI state.

use super::action::Action;
use crate::edit::History;
use crate::model::{CodeId, CoderId, Project};

pub struct View<'a> {
    pub project: &'a Project,
    pub history: &'a History,
    pub user: &'a str,
    /// Who is coding, by id: new codings are theirs (pass it to `edit::ops`).
    pub coder: &'a crate::model::Coder,
    pub actions: &'a mut Vec<Action>,
    /// Whose codings show (coder layers, blind coding): `None` for everyone's.
    pub visible: Option<&'a [CoderId]>,
    /// Stripes in one column per visible coder.
    pub by_coder: bool,
}

impl View<'_> {
    pub fn push(&mut self, action: Action) {
        self.actions.push(action);
    }

    /// Codings of a code by the visible coders (kept with the project: a lookup).
    pub fn count(&self, code: CodeId) -> usize {
        crate::query::layers::count(self.project, self.visible, code)
    }
}
