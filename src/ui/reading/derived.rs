//! Data derived from the project for one document, rebuilt only when the project changes (keyed
//! by the history's generation), never per frame: the turns' offsets, the codings of each
//! paragraph, and each coding's stripe lane.
//!
//! A step that adds, removes or changes a few codings is applied in place at a cost set by the
//! codings near the change, not by the document: marks keep stable slots, each paragraph keeps
//! its own list of them with room to grow, and stripe lanes are packed per *cluster* (a maximal
//! run of codings that overlap, transitively; between clusters every lane is free), so a change
//! re-packs only the cluster it lands in.

use super::lanes::{Ent, Packer, doc_cmp, doc_order, for_each_cluster, hist_sub, lanes_in};
use super::steps::{INCREMENTAL_MAX, codings_by_id, touched_codings};
use super::text_stats::text_stats;
use crate::edit::History;
use crate::model::{CodeId, CoderId, Coding, CodingId, DocId, Document, Project, Rgb, TextRange};
use std::cmp::Ordering;

/// One coding of the document, as the pane draws it.
#[derive(Clone, Debug)]
pub struct Mark {
    pub id: CodingId,
    pub range: TextRange,
    /// Stripe lane: codings that do not overlap share a lane.
    pub lane: usize,
    /// Index of the code in [`Derived::codes`] (its colour: [`Derived::color`]).
    pub code_ix: u32,
    /// Who made the coding (stripes can be grouped by coder).
    pub coder: CoderId,
}

#[derive(Default)]
pub struct Derived {
    pub key: Option<(DocId, u64)>,
    /// What the text-only part (`starts`, `chars`, `words`) was built for: it does not change
    /// when codings do.
    text_key: Option<(DocId, usize, usize)>,
    pub starts: Vec<usize>,
    /// Characters in each paragraph, for height estimates.
    pub chars: Vec<u32>,
    pub words: usize,
    /// Name of each code, indexed by [`Mark::code_ix`].
    pub codes: Vec<String>,
    /// The document's codings in stable slots, in no particular order (removing one moves the
    /// last into its slot); [`Derived::in_para`] gives them in document order.
    pub marks: Vec<Mark>,
    /// Paragraph `p`'s marks, in document order, are `para_marks[at..at + len]` of `paras[p]`.
    paras: Vec<ParaList>,
    para_marks: Vec<u32>,
    /// Most lanes any cluster uses.
    pub lanes: usize,
    /// How many clusters use each number of lanes, so that `lanes` follows a re-packed cluster.
    lane_hist: Vec<u32>,
    /// Slots of `marks` in coding id order, to find a coding's mark; empty after a rebuild, which
    /// leaves the marks in id order.
    by_id: Vec<u32>,
    /// What `marks` were built for: the text and the codes (id and colour, in the project's
    /// order). While both stay the same, changed codings are applied in place.
    marks_text: Option<(DocId, usize, usize)>,
    palette: Palette,
    /// The history's generation and applied steps at the last refresh: one step later, the
    /// edit of that step names the codings that can have changed.
    history_at: Option<(u64, usize)>,
    /// Buffers reused from one build to the next.
    ents: Vec<Ent>,
    ents_other: Vec<Ent>,
    counts: Vec<u32>,
    packer: Packer,
}

/// One paragraph's list of mark slots in [`Derived::para_marks`], with room to grow to `cap`
/// in place; a list that outgrows it moves to the end.
#[derive(Clone, Copy, Default)]
struct ParaList {
    at: u32,
    len: u32,
    cap: u32,
}

/// The project's codes as marks need them: id and colour in the project's order, and a hash
/// table from id to index (a binary search compared 16-byte ids several times per coding).
#[derive(Default)]
struct Palette {
    key: Vec<(CodeId, Rgb)>,
    /// Open addressing: indices into `key`, `u32::MAX` for empty.
    table: Vec<u32>,
    shift: u32,
    /// Only these coders' codings are marks (coder layers, blind coding); `None`: everyone's.
    coders: Option<Vec<CoderId>>,
}

impl Palette {
    /// Are the codes the same, in the same order (colours aside: marks look them up)?
    fn matches(&self, project: &Project) -> bool {
        self.key.len() == project.codes.len()
            && self
                .key
                .iter()
                .zip(&project.codes)
                .all(|((id, _), c)| *id == c.id)
    }

    /// Takes the codes' colours again (the codes themselves being the same).
    fn sync_colors(&mut self, project: &Project) {
        for ((_, color), c) in self.key.iter_mut().zip(&project.codes) {
            *color = c.color;
        }
    }

    fn build(&mut self, project: &Project) {
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

    fn hash(&self, id: &CodeId) -> usize {
        let (a, b) = id.0.as_u64_pair();
        ((a ^ b.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    /// Index of code `id` in the project's codes.
    fn index(&self, id: &CodeId) -> Option<u32> {
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
    fn code_of(&self, c: &Coding) -> Option<u32> {
        if c.range.is_empty() || self.coders.as_ref().is_some_and(|v| !v.contains(&c.coder)) {
            return None;
        }
        self.index(&c.code)
    }

    fn color(&self, code_ix: u32) -> Rgb {
        self.key
            .get(code_ix as usize)
            .map_or(Rgb([128, 128, 128]), |(_, c)| *c)
    }

    /// The mark for a coding, if it can be drawn.
    fn mark(&self, c: &Coding) -> Option<Mark> {
        let code_ix = self.code_of(c)?;
        Some(Mark {
            id: c.id,
            range: c.range,
            lane: 0,
            code_ix,
            coder: c.coder,
        })
    }
}

/// Whether a mark still shows a coding as `new` does.
fn same(old: &Mark, new: &Mark) -> bool {
    old.range == new.range && old.code_ix == new.code_ix && old.coder == new.coder
}

impl Derived {
    /// Shows only `coders`' codings (`None`: everyone's); a change rebuilds the marks at the
    /// next refresh.
    pub fn show_coders(&mut self, coders: Option<&[CoderId]>) {
        if self.palette.coders.as_deref() != coders {
            self.palette.coders = coders.map(<[_]>::to_vec);
            self.palette.key.clear();
            self.palette.table.clear();
            self.key = None;
        }
    }

    /// Brings the data up to date with `history`'s latest change: after one step (an edit, an
    /// undo or a redo) that only adds, removes or changes a few codings, only those are looked
    /// up; otherwise the document's codings are compared with the marks.
    pub fn refresh_with(&mut self, project: &Project, doc: &Document, history: &History) {
        let generation = history.generation();
        let touched = self.step_touched(doc, history);
        self.update(project, doc, generation, touched);
        self.refresh_stats(doc);
        self.history_at = Some((generation, history.applied()));
    }

    /// The codings the history's last step changed, if it is one step (an edit, an undo or a
    /// redo) past the one this was built at, and it changed only a few codings.
    fn step_touched(&self, doc: &Document, history: &History) -> Option<Vec<CodingId>> {
        let (generation, applied) = (history.generation(), history.applied());
        match self.history_at {
            Some((g, a)) if g + 1 == generation && self.key == Some((doc.id, g)) => {
                let step = if applied == a + 1 {
                    Some(a)
                } else if applied + 1 == a {
                    Some(applied)
                } else {
                    None
                };
                step.and_then(|i| history.revision(i))
                    .and_then(|r| touched_codings(r.forward()))
            }
            _ => None,
        }
    }

    /// Brings the data up to date if that costs little: when the history moved one step that
    /// changed a few codings (or none) and the codes' colours are as they were. Returns false,
    /// leaving the data stale, otherwise. Keeps the other documents' data current while one is
    /// shown.
    pub fn refresh_local(&mut self, project: &Project, doc: &Document, history: &History) -> bool {
        let generation = history.generation();
        if self.key == Some((doc.id, generation)) {
            return true;
        }
        match self.step_touched(doc, history) {
            Some(ids) if self.palette.matches(project) => {
                self.update(project, doc, generation, Some(ids));
                self.history_at = Some((generation, history.applied()));
                true
            }
            _ => false,
        }
    }

    /// The data of every document of `project` but `skip`, from one pass over the codings
    /// (rather than one per document), as when a project is opened.
    pub fn build_all(
        project: &Project,
        history: &History,
        skip: Option<DocId>,
    ) -> Vec<(DocId, Derived)> {
        let mut groups: std::collections::HashMap<DocId, Vec<&Coding>> = project
            .documents
            .iter()
            .filter(|d| Some(d.id) != skip)
            .map(|d| (d.id, Vec::new()))
            .collect();
        for c in project.codings.values() {
            if let Some(g) = groups.get_mut(&c.document) {
                g.push(c);
            }
        }
        let generation = history.generation();
        project
            .documents
            .iter()
            .filter_map(|doc| {
                let codings = groups.remove(&doc.id)?;
                let mut d = Derived::default();
                let text_key = d.refresh_text(doc);
                d.sync_codes(project);
                d.rebuild_marks_from(doc, codings.into_iter());
                d.marks_text = Some(text_key).filter(|_| !doc.turns().is_empty());
                d.count_lanes();
                d.key = Some((doc.id, generation));
                d.history_at = Some((generation, history.applied()));
                d.trim();
                Some((doc.id, d))
            })
            .collect()
    }

    /// Rebuilds for `doc` unless already built for it at `generation`.
    #[cfg(test)]
    pub fn refresh(&mut self, project: &Project, doc: &Document, generation: u64) {
        self.update(project, doc, generation, None);
        self.refresh_stats(doc);
    }

    fn update(
        &mut self,
        project: &Project,
        doc: &Document,
        generation: u64,
        touched: Option<Vec<CodingId>>,
    ) {
        // Built at this generation: nothing can have changed, the text included (only an edit
        // changes it). Checked first because the text key sums the turns' lengths, which on a
        // long transcript costs more than the rest of a frame's work here.
        if self.key == Some((doc.id, generation))
            && self
                .text_key
                .is_some_and(|(id, turns, _)| (id, turns) == (doc.id, doc.turns().len()))
        {
            return;
        }
        let text_key = self.refresh_text(doc);
        if self.key == Some((doc.id, generation)) {
            return;
        }
        self.build_marks(project, doc, text_key, touched);
        self.key = Some((doc.id, generation));
    }

    /// The document's length in bytes as last refreshed (worked out once per change of the
    /// project: summing a long transcript's turns every frame would cost as much as drawing it).
    pub fn text_len(&self) -> usize {
        self.text_key.map_or(0, |(_, _, len)| len)
    }

    /// Brings the text-only part up to date (it does not change when codings do); returns the
    /// text's key.
    fn refresh_text(&mut self, doc: &Document) -> (DocId, usize, usize) {
        let text_key = (doc.id, doc.turns().len(), doc.len());
        if self.text_key != Some(text_key) {
            self.starts = doc.turn_starts().to_vec();
            self.chars.clear();
            self.words = 0;
            self.text_key = Some(text_key);
            self.key = None;
        }
        text_key
    }

    /// The paragraphs' character counts and the word count, worked out when the document is
    /// shown (not when every document is indexed after a project opens: that would read all
    /// the project's text).
    fn refresh_stats(&mut self, doc: &Document) {
        if self.chars.len() == doc.turns().len() && self.text_key.is_some_and(|k| k.0 == doc.id) {
            return;
        }
        self.chars.clear();
        self.words = 0;
        for t in doc.turns() {
            let (chars, words) = text_stats(&t.text);
            self.chars.push(chars);
            self.words += words;
        }
    }

    #[cfg(test)]
    pub fn build(project: &Project, doc: &Document) -> Self {
        let mut d = Self::default();
        d.refresh(project, doc, 0);
        d
    }

    fn build_marks(
        &mut self,
        project: &Project,
        doc: &Document,
        text_key: (DocId, usize, usize),
        touched: Option<Vec<CodingId>>,
    ) {
        let colors_same = self.sync_codes(project);
        let text_key = Some(text_key).filter(|_| !doc.turns().is_empty());
        let changed = match touched {
            _ if !colors_same || text_key.is_none() || self.marks_text != text_key => None,
            // Only these codings can have changed.
            Some(ids) => Some(ids),
            None => {
                self.index_by_id();
                self.changed_codings(project, doc.id)
            }
        };
        match changed {
            Some(ids) => {
                self.index_by_id();
                for id in ids {
                    self.update_coding(project, doc.id, id);
                }
            }
            None => self.rebuild_marks(project, doc),
        }
        self.marks_text = text_key;
        self.count_lanes();
    }

    /// Brings the codes' colours and names up to date; returns whether the codes (whose indexes
    /// the marks carry) were the same, in the same order.
    pub fn sync_codes(&mut self, project: &Project) -> bool {
        let colors_same = self.palette.matches(project);
        if colors_same {
            self.palette.sync_colors(project);
        } else {
            self.palette.build(project);
        }
        // Names only label the marks: a rename changes no mark.
        if !self.codes.iter().eq(project.codes.iter().map(|c| &c.name)) {
            self.codes = project.codes.iter().map(|c| c.name.clone()).collect();
        }
        colors_same
    }

    /// `lanes` from the count of clusters by lanes used.
    fn count_lanes(&mut self) {
        self.lanes = self.lane_hist.iter().rposition(|n| *n > 0).unwrap_or(0);
    }

    /// Builds the marks, their paragraph lists and lanes from scratch. Opening a long document
    /// lands here, so it touches little fresh memory: marks stay in id order (the map's order,
    /// so `by_id` starts as the identity) and only compact entries are sorted.
    fn rebuild_marks(&mut self, project: &Project, doc: &Document) {
        let codings = codings_by_id(project, doc.id);
        self.rebuild_marks_from(doc, codings.into_iter());
    }

    /// [`Self::rebuild_marks`] from `codings`, the document's codings in id order.
    fn rebuild_marks_from<'a>(
        &mut self,
        doc: &Document,
        codings: impl Iterator<Item = &'a Coding>,
    ) {
        self.marks.clear();
        if !doc.turns().is_empty() {
            let palette = &self.palette;
            self.marks.extend(codings.filter_map(|c| palette.mark(c)));
        }
        self.by_id.clear();
        let mut ents = std::mem::take(&mut self.ents);
        doc_order(&self.marks, self.text_len(), &mut ents, &mut self.counts);
        self.index_paragraphs(&ents);
        self.lane_hist.clear();
        self.packer.reset(self.palette.key.len());
        let (packer, marks, hist) = (&mut self.packer, &mut self.marks, &mut self.lane_hist);
        packer.pack(&ents, marks, hist);
        self.ents = ents;
    }

    /// `by_id` is left empty by a rebuild (the marks are then in id order) until an edit needs it.
    fn index_by_id(&mut self) {
        if self.by_id.len() != self.marks.len() {
            self.by_id.clear();
            self.by_id.extend(0..self.marks.len() as u32);
        }
    }

    /// Paragraph -> marks, as lists in one flat vector, each with some room to grow. `ents` are
    /// in document order, so one sweep finds each mark's first paragraph.
    fn index_paragraphs(&mut self, ents: &[Ent]) {
        let n = self.starts.len();
        self.paras.clear();
        self.paras.resize(n, ParaList::default());
        self.para_marks.clear();
        let paras = &mut self.paras;
        for_each_span(&self.starts, ents, |first, last, _| {
            for l in &mut paras[first..=last] {
                l.len += 1;
            }
        });
        let mut at = 0;
        for l in paras.iter_mut() {
            l.at = at;
            l.cap = l.len + l.len / 4 + 2;
            l.len = 0;
            at += l.cap;
        }
        let flat = &mut self.para_marks;
        flat.resize(at as usize, u32::MAX);
        for_each_span(&self.starts, ents, |first, last, slot| {
            for l in &mut paras[first..=last] {
                flat[(l.at + l.len) as usize] = slot;
                l.len += 1;
            }
        });
    }

    /// Indices into `marks` of the codings touching paragraph `p`, in document order.
    pub fn in_para(&self, p: usize) -> &[u32] {
        let Some(l) = self.paras.get(p) else {
            return &[];
        };
        let at = l.at as usize;
        self.para_marks.get(at..at + l.len as usize).unwrap_or(&[])
    }

    /// The colour of a mark's code.
    pub fn color(&self, m: &Mark) -> Rgb {
        self.palette.color(m.code_ix)
    }

    /// Takes this data, current as of history step `at` (generation, applied steps), as current
    /// now: the caller knows no step since touched the document.
    pub fn vouch(&mut self, at: (u64, usize)) {
        if let Some((id, _)) = self.key {
            self.key = Some((id, at.0));
            self.history_at = Some(at);
        }
    }

    /// Gives back the scratch space of building (kept while a document is shown, to be reused
    /// frame after frame), for data put aside while other documents are shown: a thousand
    /// documents' data then take what their codings need and no more.
    pub fn trim(&mut self) {
        self.ents = Vec::new();
        self.ents_other = Vec::new();
        self.counts = Vec::new();
        self.packer = Packer::default();
        self.marks.shrink_to_fit();
        self.para_marks.shrink_to_fit();
    }

    /// Marks the data out of date, to be rebuilt when next refreshed.
    pub fn forget(&mut self) {
        self.key = None;
        self.history_at = None;
    }

    /// The name of a mark's code.
    pub fn name(&self, m: &Mark) -> &str {
        self.codes
            .get(m.code_ix as usize)
            .map_or("?", String::as_str)
    }

    /// The codings covering document offset `at`.
    pub fn marks_at(&self, para: usize, at: usize) -> impl Iterator<Item = &Mark> {
        self.in_para(para)
            .iter()
            .filter_map(|k| self.marks.get(*k as usize))
            .filter(move |m| m.range.start <= at && at < m.range.end)
    }

    /// The paragraph holding document offset `at`.
    pub fn para_of(&self, at: usize) -> usize {
        self.starts.partition_point(|s| *s <= at).saturating_sub(1)
    }

    /// The first and last paragraph a mark is listed in.
    fn para_span(&self, m: &Mark) -> (usize, usize) {
        let first = self.para_of(m.range.start);
        let last = self.starts.partition_point(|s| *s < m.range.end);
        (first, last.saturating_sub(1).max(first))
    }

    /// The codings of `doc` whose marks are missing, stale or left over, or `None` if more than
    /// [`INCREMENTAL_MAX`].
    fn changed_codings(&self, project: &Project, doc: DocId) -> Option<Vec<CodingId>> {
        let mut out = Vec::new();
        let mut old = self
            .by_id
            .iter()
            .filter_map(|s| self.marks.get(*s as usize))
            .peekable();
        for c in codings_by_id(project, doc) {
            while let Some(m) = old.next_if(|m| m.id < c.id) {
                out.push(m.id);
            }
            let was = old.next_if(|m| m.id == c.id);
            let now = self.palette.mark(c);
            match (was, now) {
                (Some(a), Some(b)) if same(a, &b) => {}
                (None, None) => {}
                _ => out.push(c.id),
            }
            if out.len() > INCREMENTAL_MAX {
                return None;
            }
        }
        out.extend(old.map(|m| m.id));
        (out.len() <= INCREMENTAL_MAX).then_some(out)
    }

    /// Brings the mark of coding `id` up to date with the project.
    fn update_coding(&mut self, project: &Project, doc: DocId, id: CodingId) {
        let old = self.slot_of(id);
        let new = project
            .codings
            .get(&id)
            .filter(|c| c.document == doc)
            .and_then(|c| self.palette.mark(c));
        if let (Some(s), Some(m)) = (old, &new)
            && self.marks.get(s as usize).is_some_and(|o| same(o, m))
        {
            return;
        }
        if let Some(s) = old {
            self.remove_mark(s);
        }
        if let Some(m) = new {
            self.add_mark(m);
        }
    }

    fn slot_of(&self, id: CodingId) -> Option<u32> {
        let k = self
            .by_id
            .binary_search_by(|s| self.marks[*s as usize].id.cmp(&id))
            .ok()?;
        self.by_id.get(k).copied()
    }

    fn add_mark(&mut self, m: Mark) {
        let slot = self.marks.len() as u32;
        let (first, last) = self.para_span(&m);
        let at = self
            .by_id
            .partition_point(|s| self.marks[*s as usize].id < m.id);
        self.marks.push(m);
        self.by_id.insert(at, slot);
        for p in first..=last {
            self.list_insert(p, slot);
        }
        self.repack_around(slot, false);
    }

    fn remove_mark(&mut self, slot: u32) {
        self.repack_around(slot, true);
        let Some(m) = self.marks.get(slot as usize) else {
            return;
        };
        let (first, last) = self.para_span(m);
        if let Ok(k) = self
            .by_id
            .binary_search_by(|s| self.marks[*s as usize].id.cmp(&m.id))
        {
            self.by_id.remove(k);
        }
        for p in first..=last {
            self.list_remove(p, slot);
        }
        // The last mark moves into the freed slot: point its references there.
        let moved = self.marks.len() as u32 - 1;
        if let Some(m) = self.marks.get(moved as usize)
            && moved != slot
        {
            let id = m.id;
            let (first, last) = self.para_span(m);
            if let Ok(k) = self
                .by_id
                .binary_search_by(|s| self.marks[*s as usize].id.cmp(&id))
            {
                self.by_id[k] = slot;
            }
            for p in first..=last {
                self.list_replace(p, moved, slot);
            }
        }
        self.marks.swap_remove(slot as usize);
    }

    /// Re-packs the cluster of mark `slot` after it was added, or before it is removed (leaving
    /// it out): the clusters it joined or splits into replace it in the lane counts.
    fn repack_around(&mut self, slot: u32, removing: bool) {
        let mut with = std::mem::take(&mut self.ents);
        let mut without = std::mem::take(&mut self.ents_other);
        self.cluster_of(slot, &mut with);
        without.clear();
        without.extend(with.iter().filter(|e| e.slot != slot));
        let (before, after) = if removing {
            (&with, &without)
        } else {
            (&without, &with)
        };
        let (packer, marks, hist) = (&mut self.packer, &mut self.marks, &mut self.lane_hist);
        for_each_cluster(before, |c| hist_sub(hist, lanes_in(c, marks)));
        packer.pack(after, marks, hist);
        self.ents = with;
        self.ents_other = without;
    }

    /// The cluster holding mark `slot`, in document order. Any mark that straddles a point lies
    /// in that point's paragraph list, so both ends are found from the lists near the cluster.
    fn cluster_of(&self, slot: u32, out: &mut Vec<Ent>) {
        out.clear();
        let Some(m) = self.marks.get(slot as usize) else {
            return;
        };
        // Back to the first point no earlier mark reaches past.
        let mut start = m.range.start;
        while let Some(s) = self
            .marks_of(self.para_of(start))
            .filter(|x| x.range.start < start && x.range.end > start)
            .map(|x| x.range.start)
            .min()
        {
            start = s;
        }
        // Forward through the marks starting from there, until one starts past them all.
        let mut reach = start;
        for p in self.para_of(start)..self.paras.len() {
            let from = self.starts.get(p).copied().unwrap_or(0).max(start);
            if from > start && from >= reach {
                return;
            }
            for &k in self.in_para(p) {
                let Some(x) = self.marks.get(k as usize) else {
                    continue;
                };
                if x.range.start < from {
                    // Listed where it starts, or before the cluster.
                    continue;
                }
                if !out.is_empty() && x.range.start >= reach {
                    return;
                }
                reach = reach.max(x.range.end);
                out.push(Ent::of(x, k));
            }
        }
    }

    fn marks_of(&self, p: usize) -> impl Iterator<Item = &Mark> {
        self.in_para(p)
            .iter()
            .filter_map(|k| self.marks.get(*k as usize))
    }

    /// Where mark `slot` is or belongs in paragraph `p`'s list.
    fn list_pos(&self, p: usize, slot: u32) -> Result<usize, usize> {
        let Some(m) = self.marks.get(slot as usize) else {
            return Err(0);
        };
        self.in_para(p).binary_search_by(|k| {
            self.marks
                .get(*k as usize)
                .map_or(Ordering::Less, |x| doc_cmp(x, m))
        })
    }

    fn list_insert(&mut self, p: usize, slot: u32) {
        let Err(pos) = self.list_pos(p, slot) else {
            return;
        };
        let Some(&l) = self.paras.get(p) else {
            return;
        };
        let l = if l.len == l.cap {
            self.grow_list(p, l)
        } else {
            l
        };
        let (at, len) = (l.at as usize, l.len as usize);
        self.para_marks
            .copy_within(at + pos..at + len, at + pos + 1);
        self.para_marks[at + pos] = slot;
        self.paras[p].len += 1;
    }

    /// Moves a full list to the end of the flat vector with twice the room (its old place stays
    /// unused until the next rebuild).
    fn grow_list(&mut self, p: usize, l: ParaList) -> ParaList {
        let at = self.para_marks.len();
        let cap = (l.cap * 2).max(4);
        self.para_marks
            .extend_from_within(l.at as usize..(l.at + l.len) as usize);
        self.para_marks.resize(at + cap as usize, u32::MAX);
        let moved = ParaList {
            at: at as u32,
            len: l.len,
            cap,
        };
        self.paras[p] = moved;
        moved
    }

    fn list_remove(&mut self, p: usize, slot: u32) {
        let (Ok(pos), Some(l)) = (self.list_pos(p, slot), self.paras.get_mut(p)) else {
            return;
        };
        let (at, len) = (l.at as usize, l.len as usize);
        l.len -= 1;
        self.para_marks
            .copy_within(at + pos + 1..at + len, at + pos);
    }

    fn list_replace(&mut self, p: usize, from: u32, to: u32) {
        if let (Ok(pos), Some(l)) = (self.list_pos(p, from), self.paras.get(p))
            && let Some(k) = self.para_marks.get_mut(l.at as usize + pos)
        {
            *k = to;
        }
    }
}

/// Calls `f(first, last, slot)` with the paragraphs each mark of `ents` (in document order)
/// touches: from the one holding its start to the last one starting before its end.
fn for_each_span(starts: &[usize], ents: &[Ent], mut f: impl FnMut(usize, usize, u32)) {
    let n = starts.len();
    if n == 0 {
        return;
    }
    let mut first = 0;
    for e in ents {
        while first + 1 < n && starts[first + 1] <= e.start as usize {
            first += 1;
        }
        let mut last = first;
        while last + 1 < n && starts[last + 1] < e.end as usize {
            last += 1;
        }
        f(first, last, e.slot);
    }
}

#[cfg(test)]
#[path = "derived_tests.rs"]
mod tests;
