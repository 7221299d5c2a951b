//! Text edits followed in place (typing, deleting, pasting, splitting and joining turns, and
//! their undo): the cost is set by the changed turns and the codings on them, not by the
//! document's length.
//!
//! The model moves a text edit's codings by one rule (`crate::edit::text`): those touching a
//! changed turn are put on new ranges one by one (snapped to graphemes, or restored exactly on
//! undo), the rest only shift. The marks follow the same rule: the marks touching a changed turn
//! are taken out (re-packing their clusters), the rest shift (which keeps their order, their
//! paragraphs and their lanes: a shift keeps every overlap), the turn starts, paragraph lists
//! and counts of characters follow, and the marks taken out are put back from the project.

use super::super::steps::{Effect, TextStep};
use super::super::text_stats::text_stats;
use super::Derived;
use super::paragraphs::ParaList;
use crate::edit::text::Touched;
use crate::model::{CodingId, Document, Project};

/// At most this many marks near the changed turns are put back one by one; more rebuild.
const NEAR_MAX: usize = 256;

/// One text step in the current coordinates: the replacements, the changed turns' stretches,
/// and what happens to the turns.
struct Located {
    ops: Vec<(usize, usize, usize)>,
    touched: Vec<(usize, usize)>,
    /// The first and last turn whose marks can touch a changed turn.
    lists: (usize, usize),
    shape: Shape,
}

enum Shape {
    /// Texts of turns change; no turn comes or goes.
    Same(Vec<usize>),
    /// Turn `t` splits at document offset `at`.
    Split { t: usize, at: usize },
    /// Turn `t + 1` joins onto turn `t`.
    Join { t: usize },
}

impl Derived {
    /// Follows the text edits of `effect` on `doc` (now as the project holds it) and then the
    /// codings it names. Returns false if it cannot (the data is then marked for a rebuild).
    pub(super) fn follow_text(
        &mut self,
        project: &Project,
        doc: &Document,
        effect: &Effect,
    ) -> bool {
        let followed = self.try_follow(project, doc, effect);
        #[cfg(test)]
        {
            self.followed += usize::from(followed);
        }
        if !followed {
            self.text_key = None;
            self.marks_text = None;
            self.key = None;
        }
        followed
    }

    fn try_follow(&mut self, project: &Project, doc: &Document, effect: &Effect) -> bool {
        let Some((id, turns, mut len)) = self.text_key else {
            return false;
        };
        if id != doc.id || self.marks_text != self.text_key || self.starts.len() != turns {
            return false;
        }
        let stats = self.chars.len() == turns && self.para_words.len() == turns;
        self.index_by_id();
        let mut near: Vec<CodingId> = Vec::new();
        let mut dirty: Vec<usize> = Vec::new();
        for (_, step) in effect.texts.iter().filter(|(d, _)| *d == doc.id) {
            let Some(at) = self.locate(step, len) else {
                return false;
            };
            // Take out the marks touching a changed turn.
            let touched = Touched(at.touched);
            let (a, b) = at.lists;
            let mut out: Vec<CodingId> = (a..=b)
                .flat_map(|p| self.in_para(p))
                .filter_map(|k| self.marks.get(*k as usize))
                .filter(|m| touched.hits(self.range(m)))
                .map(|m| m.id)
                .collect();
            out.sort_unstable();
            out.dedup();
            for id in &out {
                if let Some(slot) = self.slot_of(*id) {
                    self.remove_mark(slot);
                }
            }
            near.extend(out);
            if near.len() > NEAR_MAX {
                return false;
            }
            // The rest lie in turns the step left alone, wholly before or after each replaced
            // stretch: kept relative to the start of their paragraph, they move with it below.
            let grow = |ops: &[(usize, usize, usize)]| -> isize {
                ops.iter()
                    .map(|&(a, b, n)| n as isize - (b - a) as isize)
                    .sum()
            };
            len = len.wrapping_add_signed(grow(&at.ops));
            match at.shape {
                Shape::Same(changed) => {
                    // A turn's start moves by what changed in the turns before it: the starts
                    // after each replacement, up to the next one, move by the sum so far (a
                    // plain addition over a run of starts; nothing moves before the first).
                    let starts = &self.starts;
                    let bounds: Vec<usize> = at
                        .ops
                        .iter()
                        .map(|op| starts.partition_point(|s| *s <= op.0))
                        .chain([starts.len()])
                        .collect();
                    let mut d = 0isize;
                    for (j, op) in at.ops.iter().enumerate() {
                        d += grow(std::slice::from_ref(op));
                        let (from, to) = (bounds[j], bounds[j + 1]);
                        for s in self.starts.get_mut(from..to).unwrap_or_default() {
                            *s = s.wrapping_add_signed(d);
                        }
                    }
                    dirty.extend(changed);
                }
                Shape::Split { t, at } => {
                    if !self.in_para(t).is_empty() {
                        return false;
                    }
                    for s in self.starts.iter_mut().skip(t + 1) {
                        *s += 1;
                    }
                    self.starts.insert(t + 1, at + 1);
                    // The paragraphs after the split are numbered one more.
                    for m in &mut self.marks {
                        m.para += u32::from(m.para as usize > t);
                    }
                    self.paras.insert(t + 1, ParaList::default());
                    if stats {
                        self.chars.insert(t + 1, 0);
                        self.para_words.insert(t + 1, 0);
                    }
                    for d in &mut dirty {
                        *d += usize::from(*d > t);
                    }
                    dirty.extend([t, t + 1]);
                }
                Shape::Join { t } => {
                    if !self.in_para(t).is_empty() || !self.in_para(t + 1).is_empty() {
                        return false;
                    }
                    self.starts.remove(t + 1);
                    for s in self.starts.iter_mut().skip(t + 1) {
                        *s -= 1;
                    }
                    for m in &mut self.marks {
                        m.para -= u32::from(m.para as usize > t + 1);
                    }
                    self.paras.remove(t + 1);
                    if stats {
                        self.chars.remove(t + 1);
                        self.para_words.remove(t + 1);
                    }
                    for d in &mut dirty {
                        *d -= usize::from(*d > t);
                    }
                    dirty.push(t);
                }
            }
        }
        // Now in the project's coordinates: check, then count the changed turns again and put
        // the marks taken out back where the project has them.
        if len != doc.len() || self.starts != doc.turn_starts() {
            return false;
        }
        self.text_key = Some((doc.id, doc.turns().len(), len));
        if stats {
            dirty.sort_unstable();
            dirty.dedup();
            for t in dirty {
                let Some(turn) = doc.turns().get(t) else {
                    return false;
                };
                let (chars, words) = text_stats(&turn.text);
                self.chars[t] = chars;
                self.para_words[t] = words as u32;
            }
            self.words = self.para_words.iter().map(|w| *w as usize).sum();
        }
        near.extend(effect.codings.iter().copied());
        near.sort_unstable();
        near.dedup();
        for id in near {
            self.update_coding(project, doc.id, id);
        }
        self.marks_text = self.text_key;
        self.count_lanes();
        true
    }

    /// Where a text step lands in the text as it is now (`len` bytes long): its replacements,
    /// the changed turns, and the paragraph lists to look for marks touching them in. `None` if
    /// it does not fit the text (the data is then rebuilt).
    fn locate(&self, step: &TextStep, len: usize) -> Option<Located> {
        let n = self.starts.len();
        // The closed stretch of turn `t`: from its start to its end (the break after it).
        let span = |t: usize| -> Option<(usize, usize)> {
            let lo = *self.starts.get(t)?;
            let hi = match self.starts.get(t + 1) {
                Some(next) => next.checked_sub(1)?,
                None => len,
            };
            Some((lo, hi))
        };
        let turn_of = |at: usize| (at <= len && n > 0).then(|| self.para_of(at));
        // Marks touching turns `a..=b` are listed there, or end right where turn `a` starts.
        let lists = |a: usize, b: usize| (a.saturating_sub(1), b);
        match step {
            // Nothing replaced: nothing moves.
            TextStep::Change(ops) if ops.is_empty() => Some(Located {
                ops: Vec::new(),
                touched: Vec::new(),
                lists: (1, 0),
                shape: Shape::Same(Vec::new()),
            }),
            TextStep::Change(ops) => {
                let mut touched: Vec<(usize, usize)> = Vec::new();
                let mut changed = Vec::new();
                let mut last_end = None;
                for &(a, b, _) in ops {
                    if b < a || last_end.is_some_and(|e| a <= e) {
                        return None;
                    }
                    last_end = Some(b);
                    let t = turn_of(a)?;
                    let s = span(t)?;
                    if b > s.1 {
                        return None;
                    }
                    if touched.last() != Some(&s) {
                        touched.push(s);
                        changed.push(t);
                    }
                }
                let lists = lists(*changed.first()?, *changed.last()?);
                Some(Located {
                    ops: ops.clone(),
                    touched,
                    lists,
                    shape: Shape::Same(changed),
                })
            }
            TextStep::Split { at } => {
                let t = turn_of(*at)?;
                Some(Located {
                    ops: vec![(*at, *at, 1)],
                    touched: vec![span(t)?],
                    lists: lists(t, t),
                    shape: Shape::Split { t, at: *at },
                })
            }
            TextStep::Join { turn } => {
                let t = *turn;
                let (lo, sep) = span(t)?;
                let (_, hi) = span(t + 1)?;
                Some(Located {
                    ops: vec![(sep, sep + 1, 0)],
                    touched: vec![(lo, hi)],
                    lists: lists(t, t + 1),
                    shape: Shape::Join { t },
                })
            }
        }
    }
}

#[cfg(test)]
#[path = "text_edits_tests.rs"]
mod tests;
