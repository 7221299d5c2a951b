//! The project's codes as the marks need them: their order, colours and a fast index from id.

use super::Mark;
use crate::model::{CodeId, CoderId, Coding, DocCoding, Project, Rgb, TextRange};

/// The project's codes as marks need them: id and colour in the project's order, and a hash
/// table from id to index (a binary search compared 16-byte ids several times per coding).
#[derive(Default)]
pub(super) struct Palette {
    pub(super) key: Vec<(CodeId, Rgb)>,
    /// Open addressing: indices into `key`, `u32::MAX` for empty.
    pub(super) table: Vec<u32>,
    pub(super) shift: u32,
    /// Only these coders' codings are marks (coder layers, blind coding); `None`: everyone's.
    pub(super) coders: Option<Vec<CoderId>>,
}

impl Palette {
    /// Are the codes the same, in the same order (colours aside: marks look them up)?
    pub(super) fn matches(&self, project: &Project) -> bool {
        self.key.len() == project.codes.len()
            && self
                .key
                .iter()
                .zip(&project.codes)
                .all(|((id, _), c)| *id == c.id)
    }

    /// Takes the codes' colours again (the codes themselves being the same).
    pub(super) fn sync_colors(&mut self, project: &Project) {
        for ((_, color), c) in self.key.iter_mut().zip(&project.codes) {
            *color = c.color;
        }
    }

    pub(super) fn build(&mut self, project: &Project) {
        self.key = project.codes.iter().map(|c| (c.id, c.color)).collect();
        let size = (self.key.len() * 2).next_power_of_two().max(2);
        self.shift = 64 - size.trailing_zeros();
        self.table.clear();
        self.table.resize(size, u32::MAX);
        for (i, (id, _)) in self.key.iter().enumerate() {
            let mut at = self.hash(id);
            while let Some(&k) = self.table.get(at) {
                if k == u32::MAX {
                    self.table[at] = i as u32;
                    break;
                }
                if self
                    .key
                    .get(k as usize)
                    .is_some_and(|(other, _)| other == id)
                {
                    break;
                }
                at = (at + 1) & (size - 1);
            }
        }
    }

    pub(super) fn hash(&self, id: &CodeId) -> usize {
        let (a, b) = id.0.as_u64_pair();
        ((a ^ b.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// Index of code `id` in the project's codes.
    pub(super) fn index(&self, id: &CodeId) -> Option<u32> {
        let mask = self.table.len().checked_sub(1)?;
        let mut at = self.hash(id);
        loop {
            let k = *self.table.get(at)?;
            let (other, _) = self.key.get(k as usize)?;
            if other == id {
                return Some(k);
            }
            at = (at + 1) & mask;
        }
    }

    /// The index of a coding's code, unless the code is unknown or the range empty (neither
    /// passes validation; such a coding cannot be drawn).
    fn code_of(&self, code: &CodeId, coder: &CoderId, range: TextRange) -> Option<u32> {
        if range.is_empty() || self.coders.as_ref().is_some_and(|v| !v.contains(coder)) {
            return None;
        }
        self.index(code)
    }

    pub(super) fn color(&self, code_ix: u32) -> Rgb {
        self.key
            .get(code_ix as usize)
            .map_or(Rgb([128, 128, 128]), |(_, c)| *c)
    }

    /// The mark for a coding, if it can be drawn, its range relative to the document's start
    /// (paragraph 0) until [`super::Derived::anchor`] puts it on its paragraph.
    pub(super) fn mark(&self, c: &Coding) -> Option<Mark> {
        self.mark_of(&DocCoding {
            id: c.id,
            code: c.code,
            coder: c.coder,
            range: c.range,
        })
    }

    /// [`Self::mark`] for a coding as its document's list gives it.
    pub(super) fn mark_of(&self, c: &DocCoding) -> Option<Mark> {
        let code_ix = self.code_of(&c.code, &c.coder, c.range)?;
        Some(Mark {
            id: c.id,
            para: 0,
            local: c.range,
            lane: 0,
            code_ix,
            coder: c.coder,
        })
    }
}
