//! Data derived from the project for one document, rebuilt only when the project changes (keyed
//! by the history's generation), never per frame: the turns' offsets, the codings of each
//! paragraph, and each coding's stripe lane.
//!
//! A step that adds, removes or changes a few codings is applied in place at a cost set by the
//! codings near the change, not by the document: marks keep stable slots, each paragraph keeps
//! its own list of them with room to grow, and stripe lanes are packed per *cluster* (a maximal
//! run of codings that overlap, transitively; between clusters every lane is free), so a change
//! re-packs only the cluster it lands in.

mod in_place;
mod palette;
mod paragraphs;
mod text_edits;

use super::lanes::{Ent, Packer, doc_order};
use super::steps::{Effect, codings_by_id, effect, step_edit};
use super::text_stats::text_stats;
use crate::edit::History;
use crate::model::{CoderId, CodingId, DocCoding, DocId, Document, Project, Rgb, TextRange};
use palette::Palette;
use paragraphs::ParaList;

/// Documents with at least this many codings have their data built ahead and kept while other
/// documents are shown. Laying out fewer codings when the document is opened takes well under
/// a millisecond (a typical interview's hundred take a few dozen microseconds), so keeping their
/// data would cost memory in a project of a thousand interviews and save nothing one would notice.
pub const KEEP_FROM_CODINGS: usize = 1_000;

/// Whether document `doc`'s data is worth building ahead and keeping (see [`KEEP_FROM_CODINGS`]).
pub fn worth_keeping(project: &Project, doc: DocId) -> bool {
    project.codings_count_in(doc) >= KEEP_FROM_CODINGS
}

/// One coding of the document, as the pane draws it.
///
/// Its range is kept relative to the start of the paragraph it starts in ([`Derived::range`]
/// gives it in document offsets): typing moves the starts of the paragraphs after the change,
/// and with them every mark there, without a pass over the marks.
#[derive(Clone, Debug)]
pub struct Mark {
    pub id: CodingId,
    /// The paragraph the coding starts in.
    pub para: u32,
    /// The coding's range less the start of paragraph `para`.
    pub local: TextRange,
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
    /// Words in each paragraph (their sum is `words`), so that an edit recounts only its turns.
    para_words: Vec<u32>,
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
    /// The slot of each coding's mark (a hash probe: a sorted list would move its tail at every
    /// mark added or removed); empty after a rebuild until an edit needs it.
    by_id: rustc_hash::FxHashMap<CodingId, u32>,
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
    /// Text steps followed in place (tests check that they were not rebuilt instead).
    #[cfg(test)]
    followed: usize,
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
    /// undo or a redo) that only edits the text in a few places or adds, removes or changes a
    /// few codings, only those are followed; otherwise the document's codings are compared with
    /// the marks.
    pub fn refresh_with(&mut self, project: &Project, doc: &Document, history: &History) {
        let generation = history.generation();
        let effect = self.step_effect(doc, history);
        self.update(project, doc, generation, effect, false);
        self.refresh_stats(doc);
        self.history_at = Some((generation, history.applied()));
    }

    /// What the history's last step did, if it is one step (an edit, an undo, a redo or an edit
    /// merged into the last step) past the one this was built at, and it changed only a few
    /// codings and texts.
    fn step_effect(&self, doc: &Document, history: &History) -> Option<Effect> {
        match self.history_at {
            Some((g, a)) if self.key == Some((doc.id, g)) => {
                step_edit(history, (g, a)).and_then(effect)
            }
            _ => None,
        }
    }

    /// Brings the data up to date if that costs little: when the history moved one step that
    /// changed a few codings (or none) or edited the text in a few places, and the codes are as
    /// they were. Returns false, leaving the data stale, otherwise. Keeps the other documents'
    /// data current while one is shown.
    pub fn refresh_local(&mut self, project: &Project, doc: &Document, history: &History) -> bool {
        let generation = history.generation();
        if self.key == Some((doc.id, generation)) {
            return true;
        }
        match self.step_effect(doc, history) {
            Some(e) if self.palette.matches(project) => {
                let current = self.update(project, doc, generation, Some(e), true);
                if current {
                    self.history_at = Some((generation, history.applied()));
                }
                current
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
        // Each document's marks straight from the one pass (in id order, as a rebuild makes
        // them), with the codes' palette built once and shared.
        let mut palette = Palette::default();
        palette.build(project);
        let generation = history.generation();
        project
            .documents
            .iter()
            .filter(|d| Some(d.id) != skip && worth_keeping(project, d.id))
            .map(|doc| {
                // From the document's own list (not a pass over the project's codings).
                let mut marks: Vec<Mark> = Vec::new();
                if !doc.turns().is_empty() {
                    marks.extend(
                        codings_by_id(project, doc.id)
                            .iter()
                            .filter_map(|c| palette.mark_of(c)),
                    );
                }
                let mut d = Derived::default();
                let text_key = d.refresh_text(doc);
                d.sync_codes(project);
                d.index_marks(marks);
                d.marks_text = Some(text_key).filter(|_| !doc.turns().is_empty());
                d.count_lanes();
                d.key = Some((doc.id, generation));
                d.history_at = Some((generation, history.applied()));
                d.trim();
                (doc.id, d)
            })
            .collect()
    }

    /// Rebuilds for `doc` unless already built for it at `generation`.
    #[cfg(test)]
    pub fn refresh(&mut self, project: &Project, doc: &Document, generation: u64) {
        self.update(project, doc, generation, None, false);
        self.refresh_stats(doc);
    }

    /// Brings the data up to `generation`, following `effect` (the last step's) if given.
    /// `local`: only if that costs little; returns whether the data is current.
    fn update(
        &mut self,
        project: &Project,
        doc: &Document,
        generation: u64,
        effect: Option<Effect>,
        local: bool,
    ) -> bool {
        // Built at this generation: nothing can have changed, the text included (only an edit
        // changes it).
        if self.key == Some((doc.id, generation))
            && self
                .text_key
                .is_some_and(|(id, turns, _)| (id, turns) == (doc.id, doc.turns().len()))
        {
            return true;
        }
        let mut touched = None;
        if let Some(e) = effect {
            if e.changes_text_of(doc.id) {
                if self.palette.matches(project) && self.follow_text(project, doc, &e) {
                    self.sync_codes(project);
                    self.key = Some((doc.id, generation));
                    return true;
                }
                if local {
                    return false;
                }
            } else {
                touched = Some(e.codings);
            }
        }
        let text_key = self.refresh_text(doc);
        if self.key == Some((doc.id, generation)) {
            return true;
        }
        self.build_marks(project, doc, text_key, touched);
        self.key = Some((doc.id, generation));
        true
    }

    /// Mark `m`'s range in document offsets.
    pub fn range(&self, m: &Mark) -> TextRange {
        range_in(&self.starts, m)
    }

    /// Mark `m` (made from a coding, its range relative to the document's start) put on the
    /// paragraph its coding starts in.
    pub(super) fn anchor(&self, m: Mark) -> Mark {
        anchored(&self.starts, m)
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
            self.para_words.clear();
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
        self.para_words.clear();
        self.words = 0;
        for t in doc.turns() {
            let (chars, words) = text_stats(&t.text);
            self.chars.push(chars);
            self.para_words
                .push(u32::try_from(words).unwrap_or(u32::MAX));
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
    /// lands here, so it touches little fresh memory: marks stay in id order (the map's order)
    /// and only compact entries are sorted.
    fn rebuild_marks(&mut self, project: &Project, doc: &Document) {
        let codings = codings_by_id(project, doc.id);
        self.rebuild_marks_from(doc, codings.iter());
    }

    /// [`Self::rebuild_marks`] from `codings`, the document's codings in id order.
    fn rebuild_marks_from<'a>(
        &mut self,
        doc: &Document,
        codings: impl Iterator<Item = &'a DocCoding>,
    ) {
        let mut marks = std::mem::take(&mut self.marks);
        marks.clear();
        if !doc.turns().is_empty() {
            // Relative to the document's start for now: the sweep over the paragraphs in
            // `index_paragraphs` puts each on the paragraph it starts in.
            let palette = &self.palette;
            marks.extend(codings.filter_map(|c| palette.mark_of(c)));
        }
        self.index_marks(marks);
    }

    /// Takes `marks` (in id order, relative to the document's start) as the document's marks
    /// and builds their paragraph lists and lanes.
    fn index_marks(&mut self, marks: Vec<Mark>) {
        self.marks = marks;
        self.by_id.clear();
        let mut ents = std::mem::take(&mut self.ents);
        doc_order(
            &self.marks,
            &self.starts,
            self.text_len(),
            &mut ents,
            &mut self.counts,
        );
        self.index_paragraphs(&ents);
        self.lane_hist.clear();
        self.packer.reset(self.palette.key.len());
        let (packer, marks, hist) = (&mut self.packer, &mut self.marks, &mut self.lane_hist);
        packer.pack(&ents, marks, hist);
        self.ents = ents;
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
}

#[cfg(test)]
#[path = "derived_tests.rs"]
mod tests;

/// Mark `m`'s range in document offsets, with paragraphs starting at `starts`.
pub(super) fn range_in(starts: &[usize], m: &Mark) -> TextRange {
    let at = starts.get(m.para as usize).copied().unwrap_or(0);
    TextRange {
        start: at + m.local.start,
        end: at + m.local.end,
    }
}

/// Mark `m`, its range relative to paragraph `m.para`, put on the paragraph it starts in.
pub(super) fn anchored(starts: &[usize], mut m: Mark) -> Mark {
    let r = range_in(starts, &m);
    let p = starts.partition_point(|s| *s <= r.start).saturating_sub(1);
    let at = starts.get(p).copied().unwrap_or(0);
    m.para = p as u32;
    m.local = TextRange {
        start: r.start - at,
        end: r.end - at,
    };
    m
}
