//! Keyboard focus between the panes of the Coding workspace: F6 / Shift+F6 cycle documents →
//! reading pane → codebook → themes (as in most desktop applications); the arrow keys move in the
//! documents list, the codebook and the theme tree; Enter opens (a document is read, a code or
//! theme shows its first passage); the focused pane has a visible frame.

use super::action::Action;
use crate::model::{CodeId, CodingId, DocId, Project, ThemeId};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Pane {
    Documents,
    Reading,
    Codebook,
    Themes,
}

impl Pane {
    pub const ORDER: [Pane; 4] = [Pane::Documents, Pane::Reading, Pane::Codebook, Pane::Themes];

    pub fn label(self) -> &'static str {
        match self {
            Pane::Documents => "Documents",
            Pane::Reading => "Reading pane",
            Pane::Codebook => "Codebook",
            Pane::Themes => "Themes",
        }
    }

    fn index(self) -> usize {
        Self::ORDER.iter().position(|p| *p == self).unwrap_or(0)
    }

    /// The next pane (or the previous one, going back), wrapping around.
    pub fn step(current: Option<Pane>, forward: bool) -> Pane {
        let n = Self::ORDER.len();
        let i = match (current, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(p), true) => (p.index() + 1) % n,
            (Some(p), false) => (p.index() + n - 1) % n,
        };
        Self::ORDER[i]
    }
}

/// Which pane has the keyboard, and where each pane was drawn this frame.
#[derive(Default)]
pub struct Focus {
    pub pane: Option<Pane>,
    rects: [Option<egui::Rect>; 4],
}

/// What the arrow keys and Enter act on this frame.
pub struct Selections<'a> {
    pub project: &'a Project,
    pub document: Option<DocId>,
    pub code: Option<CodeId>,
    pub theme: Option<ThemeId>,
    /// The codes as the codebook lists them (its filter and sort).
    pub codes: Vec<CodeId>,
}

impl Focus {
    /// Moves to the next (or previous) pane.
    pub fn step(&mut self, ctx: &egui::Context, forward: bool) -> String {
        let pane = Pane::step(self.pane, forward);
        self.pane = Some(pane);
        // Typing in a field stops: the keys now belong to the pane.
        if let Some(id) = ctx.memory(|m| m.focused()) {
            ctx.memory_mut(|m| m.surrender_focus(id));
        }
        format!(
            "{} has the keyboard (F6: next pane, Shift+F6: previous)",
            pane.label()
        )
    }

    /// Records where `pane` was drawn this frame (for the frame and for clicks).
    pub fn drawn(&mut self, pane: Pane, rect: egui::Rect) {
        self.rects[pane.index()] = Some(rect);
    }

    /// Forgets where panes were (another workspace is shown).
    pub fn hidden(&mut self) {
        self.rects = [None; 4];
    }

    /// A click in a pane gives it the keyboard, once the keyboard is being used between panes.
    pub fn follow_clicks(&mut self, ctx: &egui::Context) {
        if self.pane.is_none() {
            return;
        }
        let Some(pos) = ctx.input(|i| {
            i.pointer
                .primary_pressed()
                .then(|| i.pointer.interact_pos())
                .flatten()
        }) else {
            return;
        };
        for p in Pane::ORDER {
            if self.rects[p.index()].is_some_and(|r| r.contains(pos)) {
                self.pane = Some(p);
            }
        }
    }

    /// Frames the focused pane.
    pub fn mark_ui(&self, ctx: &egui::Context) {
        let Some(rect) = self.pane.and_then(|p| self.rects[p.index()]) else {
            return;
        };
        let painter = ctx.layer_painter(egui::LayerId::new(
            egui::Order::Foreground,
            egui::Id::unique("pane focus"),
        ));
        let stroke = egui::Stroke::new(2.0, ctx.global_style().visuals.selection.stroke.color);
        painter.rect_stroke(rect.shrink(1.0), 3.0, stroke, egui::StrokeKind::Inside);
    }

    /// The actions of the arrow keys and Enter in the focused pane (consumed, so no widget also
    /// takes them). Nothing while a text field has the keyboard.
    pub fn keys(&self, ctx: &egui::Context, s: &Selections) -> Vec<Action> {
        let Some(pane) = self.pane else {
            return Vec::new();
        };
        if ctx.text_edit_focused() || pane == Pane::Reading {
            return Vec::new();
        }
        // Every press counts, also several in one frame (a held key, a fast typist).
        let presses = |i: &egui::InputState, key: egui::Key| {
            i.events
                .iter()
                .filter(|e| {
                    matches!(e, egui::Event::Key { key: k, pressed: true, modifiers, .. }
                        if *k == key && modifiers.is_none())
                })
                .count() as i32
        };
        let (up, down, enter) = ctx.input_mut(|i| {
            let counts = (
                presses(i, egui::Key::ArrowUp),
                presses(i, egui::Key::ArrowDown),
            );
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp);
            i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown);
            let enter = i.consume_key(egui::Modifiers::NONE, egui::Key::Enter);
            (counts.0, counts.1, enter)
        });
        let delta = down - up;
        let mut out = Vec::new();
        match pane {
            Pane::Documents => {
                let ids: Vec<DocId> = s.project.documents.iter().map(|d| d.id).collect();
                if let Some(id) = moved(&ids, s.document, delta) {
                    out.push(Action::SelectDocument(id));
                }
                if enter && s.document.is_some() {
                    out.push(Action::FocusPane(Pane::Reading));
                }
            }
            Pane::Codebook => {
                if let Some(id) = moved(&s.codes, s.code, delta) {
                    out.push(Action::SelectCode(Some(id)));
                }
                if enter && let Some(c) = s.code.and_then(|c| first_coding(s.project, &[c])) {
                    out.push(Action::JumpToCoding(c));
                }
            }
            Pane::Themes => {
                let ids: Vec<ThemeId> = crate::query::theme_tree(s.project)
                    .into_iter()
                    .map(|(id, _)| id)
                    .collect();
                if let Some(id) = moved(&ids, s.theme, delta) {
                    out.push(Action::SelectTheme(Some(id)));
                }
                let codes = s
                    .theme
                    .and_then(|t| s.project.theme(t))
                    .map(|t| t.codes.clone())
                    .unwrap_or_default();
                if enter && let Some(c) = first_coding(s.project, &codes) {
                    out.push(Action::JumpToCoding(c));
                }
            }
            Pane::Reading => {}
        }
        out
    }
}

/// The item `delta` steps from `current` in `ids` (the first one when nothing is selected, or
/// the last going up), or `None` when there is no move.
fn moved<T: Copy + PartialEq>(ids: &[T], current: Option<T>, delta: i32) -> Option<T> {
    if delta == 0 || ids.is_empty() {
        return None;
    }
    let Some(i) = current.and_then(|c| ids.iter().position(|x| *x == c)) else {
        // Nothing selected yet: Down starts at the top, Up at the bottom.
        let start = if delta > 0 { ids.first() } else { ids.last() };
        return start.and_then(|s| moved(ids, Some(*s), delta - delta.signum()).or(Some(*s)));
    };
    let j = (i as i64 + i64::from(delta)).clamp(0, ids.len() as i64 - 1) as usize;
    (j != i).then(|| ids.get(j).copied()).flatten()
}

/// The first coding (in document order) of any of `codes`.
fn first_coding(project: &Project, codes: &[CodeId]) -> Option<CodingId> {
    let docs: Vec<DocId> = project.documents.iter().map(|d| d.id).collect();
    project
        .codings
        .values()
        .filter(|c| codes.contains(&c.code))
        .min_by_key(|c| {
            (
                docs.iter()
                    .position(|d| *d == c.document)
                    .unwrap_or(usize::MAX),
                c.range.start,
            )
        })
        .map(|c| c.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f6_cycles_through_the_four_panes_both_ways() {
        let mut p = None;
        let mut seen = Vec::new();
        for _ in 0..5 {
            let next = Pane::step(p, true);
            seen.push(next);
            p = Some(next);
        }
        assert_eq!(
            seen,
            [
                Pane::Documents,
                Pane::Reading,
                Pane::Codebook,
                Pane::Themes,
                Pane::Documents
            ]
        );
        assert_eq!(Pane::step(Some(Pane::Documents), false), Pane::Themes);
        assert_eq!(Pane::step(None, false), Pane::Themes);
    }

    #[test]
    fn arrows_move_within_the_list_and_stop_at_its_ends() {
        let ids = [1, 2, 3];
        assert_eq!(moved(&ids, None, 1), Some(1));
        assert_eq!(moved(&ids, None, 2), Some(2), "two presses in one frame");
        assert_eq!(moved(&ids, None, -1), Some(3));
        assert_eq!(moved(&ids, Some(1), 5), Some(3), "stops at the end");
        assert_eq!(moved(&ids, Some(1), 1), Some(2));
        assert_eq!(moved(&ids, Some(3), 1), None);
        assert_eq!(moved(&ids, Some(1), -1), None);
        assert_eq!(moved(&ids, Some(2), -1), Some(1));
        assert_eq!(moved(&ids, Some(2), 0), None);
        assert_eq!(moved::<i32>(&[], None, 1), None);
    }
}
